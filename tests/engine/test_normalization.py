"""Feature normalization: the same regression as an elongated valley and as a round bowl."""

import functools
import json

import jax.numpy as jnp
import numpy as np
import pytest

from optiviz import optim, surfaces
from optiviz.app.cli import main
from optiviz.optim import presets
from optiviz.optim.scene import Scene, simulate
from optiviz.surfaces import normalization

RAW, NORMALIZED = surfaces.get("regression_unscaled"), surfaces.get("regression_normalized")
PRESET = "feature-normalization"
TOLERANCE = 1e-6
"""Loss above the minimum at which a run counts as arrived."""


@functools.cache
def preset_trajectories():
    return simulate(presets.get(PRESET).scene)


def condition_number(surface):
    eigenvalues = surfaces.hessian_at(surface, surface.minima[0]).eigenvalues
    return eigenvalues[-1] / eigenvalues[0]


def steps_to_tolerance(trajectory, surface):
    gap = trajectory.losses - float(surface.loss(jnp.asarray(surface.minima[0])))
    assert (gap <= TOLERANCE).any(), "the run arrives within the preset's steps"
    return int(np.argmax(gap <= TOLERANCE))


def test_raw_feature_has_a_large_mean_and_scale_and_the_normalized_one_is_standard():
    assert normalization.X_RAW.mean() > 5 and normalization.X_RAW.std() > 3
    assert normalization.X_NORMALIZED.mean() == pytest.approx(0.0, abs=1e-14)
    assert normalization.X_NORMALIZED.std() == pytest.approx(1.0, rel=1e-14)
    np.testing.assert_array_equal(
        normalization.X_RAW, 3.0 * surfaces.data.X, "the regression data, other units"
    )


def test_both_surfaces_are_the_same_lines_in_other_coordinates():
    rng = np.random.default_rng(0)
    for w, b in rng.uniform(-3, 3, (5, 2)):
        raw = float(RAW.loss(jnp.asarray([w, b])))
        standardized = float(NORMALIZED.loss(jnp.asarray(normalization.normalized((w, b)))))
        assert standardized == pytest.approx(raw, rel=1e-12)
    np.testing.assert_allclose(
        normalization.normalized(RAW.minima[0]), NORMALIZED.minima[0], rtol=1e-12
    )
    assert RAW.labels == ("w", "b") and NORMALIZED.labels == (r"\tilde w", r"\tilde b")


def test_normalization_makes_the_hessian_round():
    info = surfaces.hessian_at(NORMALIZED, NORMALIZED.minima[0])
    np.testing.assert_allclose(info.hessian, 2 * np.eye(2), atol=1e-12)
    assert condition_number(RAW) >= 10 * condition_number(NORMALIZED)
    assert condition_number(RAW) > 100, "an elongated valley"


def test_preset_runs_the_same_optimizer_at_each_surfaces_largest_stable_lr():
    scene = presets.get(PRESET).scene
    assert [scene.surface_of(run) for run in scene.runs] == [RAW, NORMALIZED]
    assert {run.optimizer for run in scene.runs} == {"gd"}
    for run in scene.runs:
        surface = scene.surface_of(run)
        limit = surfaces.hessian_at(surface, surface.minima[0]).max_stable_lr
        assert 0.85 * limit <= run.lr < limit
        beyond = optim.run(surface, "gd", start=scene.start_of(run), lr=1.1 * limit, steps=200)
        assert beyond.losses[-1] > beyond.losses[0], "a little more and it diverges"
    starts = [scene.start_of(run) for run in scene.runs]
    np.testing.assert_allclose(normalization.normalized(starts[0]), starts[1])


def test_preset_normalized_run_arrives_in_ten_times_fewer_steps():
    raw, standardized = preset_trajectories()
    raw_steps = steps_to_tolerance(raw, RAW)
    standardized_steps = steps_to_tolerance(standardized, NORMALIZED)
    assert raw_steps >= 10 * standardized_steps
    assert raw.diverged_at is None and standardized.diverged_at is None


def test_preset_round_trips_through_a_dict():
    scene = presets.get(PRESET).scene
    assert Scene.from_dict(scene.to_dict()) == scene


def test_cli_lists_and_runs_the_normalization_preset(capsys):
    main(["surfaces"])
    listing = capsys.readouterr().out
    assert "regression_unscaled " in listing and "regression_normalized " in listing
    main(["run", "--preset", PRESET, "--steps", "20", "--format", "json"])
    runs = json.loads(capsys.readouterr().out)["runs"]
    assert [run["surface"] for run in runs] == [RAW.name, NORMALIZED.name]


def test_preset_caption_numbers_are_the_engine_s():
    """The caption's m ≈ 8.3, σ ≈ 3.5, λmax/λmin ≈ 560, some 2,300 steps and about 40."""
    assert round(normalization.MEAN, 1) == 8.3 and round(normalization.STD, 1) == 3.5
    assert condition_number(RAW) == pytest.approx(560, rel=0.02)
    raw, standardized = preset_trajectories()
    assert steps_to_tolerance(raw, RAW) == pytest.approx(2300, rel=0.05)
    assert steps_to_tolerance(standardized, NORMALIZED) == pytest.approx(40, rel=0.1)
    caption = presets.get(PRESET).caption
    assert all(text in caption for text in ("8.3", "3.5", "560", "2,300", "about 40"))
