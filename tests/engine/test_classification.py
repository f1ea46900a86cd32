"""Classification surfaces: MSE on a sigmoid has a plateau, cross-entropy keeps its slope."""

import functools
import itertools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from optiviz import optim, surfaces
from optiviz.app.cli import main
from optiviz.optim import presets
from optiviz.optim.scene import Scene, simulate
from optiviz.surfaces import classification

X, T = classification.X, classification.T
MSE, CE = surfaces.get("classification_mse"), surfaces.get("classification_ce")
PRESET = "classification-mse-vs-ce"


@functools.cache
def preset_trajectories():
    return simulate(presets.get(PRESET).scene)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_data_are_two_overlapping_classes():
    assert X.shape == T.shape == (20,) and set(T.tolist()) == {0.0, 1.0}
    assert T.sum() == 10
    assert X[T == 0].max() > X[T == 1].min(), "not separable: the CE minimiser is finite"


@pytest.mark.parametrize("theta", [(0.3, -0.2), (-2.0, 8.0), (4.0, 1.5), (7.5, -9.0)])
def test_losses_are_the_textbook_formulas(theta):
    w, b = theta
    p = sigmoid(w * X + b)
    mse = np.mean((p - T) ** 2)
    ce = -np.mean(T * np.log(p) + (1 - T) * np.log(1 - p))
    assert float(MSE.loss(jnp.asarray(theta))) == pytest.approx(mse, rel=1e-12)
    assert float(CE.loss(jnp.asarray(theta))) == pytest.approx(ce, rel=1e-9)


def test_cross_entropy_stays_finite_where_the_sigmoid_rounds_to_0_or_1():
    theta = jnp.asarray([-300.0, 200.0])
    assert np.isfinite(float(CE.loss(theta))) and np.isfinite(np.asarray(CE.grad(theta))).all()


@pytest.mark.parametrize("surface", [MSE, CE], ids=lambda s: s.name)
def test_minimum_is_where_the_gradient_vanishes_and_lowest_on_a_wide_grid(surface):
    (minimum,) = surface.minima
    info = surfaces.hessian_at(surface, minimum)
    assert np.linalg.norm(info.gradient) < 1e-12
    assert info.kind == "local minimum"
    refined = np.asarray(minimum) - np.linalg.solve(info.hessian, info.gradient)
    np.testing.assert_allclose(refined, minimum, rtol=0, atol=1e-12)
    wide = surfaces.grid(surface, n=161, bounds=(-40.0, 40.0, -40.0, 40.0))
    assert np.nanmin(wide.values) >= info.loss


def test_far_from_the_solution_mse_is_flat_and_cross_entropy_is_not():
    start = presets.get(PRESET).scene.start
    g_mse = np.linalg.norm(surfaces.hessian_at(MSE, start).gradient)
    g_ce = np.linalg.norm(surfaces.hessian_at(CE, start).gradient)
    assert g_ce > 0.5
    assert g_ce > 1000 * g_mse, "the gradient norms differ by orders of magnitude"
    z = start[0] * X + start[1]
    saturation = sigmoid(z) * (1 - sigmoid(z))
    assert saturation.max() < 0.05, "every point's sigmoid is saturated there (at most 0.25)"


def test_preset_same_optimizer_lr_and_start_on_both_losses():
    scene = presets.get(PRESET).scene
    mse_run, ce_run = scene.runs
    assert [scene.surface_of(run) for run in scene.runs] == [MSE, CE]
    assert scene.all_surfaces() == [MSE, CE]
    assert mse_run.optimizer == ce_run.optimizer == "gd"
    assert mse_run.lr == ce_run.lr
    assert scene.start_of(mse_run) == scene.start_of(ce_run)


def test_preset_cross_entropy_arrives_while_mse_has_barely_moved():
    mse, ce = preset_trajectories()
    mse_min, ce_min = (float(s.loss(jnp.asarray(s.minima[0]))) for s in (MSE, CE))
    assert ce.losses[-1] - ce_min < 1e-3 * (ce.losses[0] - ce_min), "CE reaches a low loss"
    distance = np.linalg.norm(ce.positions[[0, -1]] - CE.minima[0], axis=1)
    assert distance[1] < 0.05 * distance[0]
    assert mse.losses[0] - mse.losses[-1] < 1e-3 * (mse.losses[0] - mse_min), "MSE stalls"
    assert np.linalg.norm(mse.positions[-1] - mse.positions[0]) < 0.2
    assert mse.diverged_at is None and ce.diverged_at is None


def test_the_plateau_is_only_a_matter_of_time_for_mse():
    """Not a wall: from the same start MSE does get down, given far more steps."""
    start = presets.get(PRESET).scene.start
    t = optim.run(MSE, "gd", start=start, lr=1.0, steps=20_000)
    assert t.losses[-1] < 0.1


def test_two_surface_scene_round_trips_through_a_dict():
    scene = presets.get(PRESET).scene
    data = scene.to_dict()
    assert data["runs"][1]["surface"] == "classification_ce"
    assert Scene.from_dict(data) == scene


@pytest.mark.parametrize("surface", [MSE, CE], ids=lambda s: s.name)
def test_mini_batch_is_a_mean_over_distinct_data_points(surface):
    theta = jnp.asarray([1.3, -0.4])
    full = surface.batch_loss(theta, jax.random.key(0), 0, jnp.asarray(0.0))
    assert float(full) == pytest.approx(float(surface.loss(theta)), rel=1e-14)
    p = sigmoid(1.3 * X - 0.4)
    per_point = (p - T) ** 2 if surface is MSE else -(T * np.log(p) + (1 - T) * np.log(1 - p))
    means = per_point[np.array(list(itertools.combinations(range(len(X)), 3)))].mean(axis=1)
    batches = [
        float(surface.batch_loss(theta, jax.random.key(k), 0, jnp.asarray(3.0))) for k in range(4)
    ]
    assert all(np.abs(means - batch).min() < 1e-12 for batch in batches)
    assert len(set(batches)) > 1, "different keys draw different batches"


def test_cli_lists_and_runs_the_classification_preset(capsys):
    main(["surfaces"])
    listing = capsys.readouterr().out
    assert "classification_mse " in listing and "classification_ce " in listing
    main(["run", "--preset", PRESET, "--steps", "20"])
    table = capsys.readouterr().out
    assert table.startswith(f"{MSE.title} ({MSE.name}), {CE.title} ({CE.name}), 20 steps")
