"""The network presets' captions, checked against what the engine computes."""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from experiment_runs import default_experiment

from optiviz import surfaces
from optiviz.optim import landscape, presets, presets_network
from optiviz.optim.minimum_ratio import DEFAULTS
from optiviz.optim.scene import simulate


@functools.cache
def runs(name):
    scene = presets.get(name).scene
    return {
        (scene.surface_of(run).name, run.optimizer): t
        for run, t in zip(scene.runs, simulate(scene), strict=True)
    }


def test_mlp_landscape_shows_both_planes_through_adams_weights():
    scene = presets.get("mlp-landscape").scene
    assert [s.name for s in scene.all_surfaces()] == ["mlp_random", "mlp_pca"]
    assert "337-weight" in presets.get("mlp-landscape").caption
    assert surfaces.get("mlp_pca").plane.network.size == 337
    assert surfaces.get("mlp_pca").start == presets_network.PCA_START
    theta_star = landscape.trained(landscape.MOONS).end
    for plane in ("mlp_random", "mlp_pca"):
        adam = runs("mlp-landscape")[plane, "adam"]
        np.testing.assert_array_equal(surfaces.get(plane).plane.origin, theta_star)
        np.testing.assert_allclose(adam.positions[-1], 0.0, atol=1e-9)
        assert adam.residual[-1] < 1e-9 and adam.diverged_at is None
        np.testing.assert_allclose(adam.weights[0], surfaces.get(plane).plane.network.start)


def off_plane_share(t, theta_star):
    """Per step, the residual ‖r_t‖ as a share of the distance ‖θ_t − θ*‖."""
    distance = np.linalg.norm(t.weights - theta_star, axis=1)
    moving = distance > 1e-3 * distance.max()
    return t.residual[moving] / distance[moving]


def test_on_the_random_plane_the_paths_are_specks_and_lie_off_the_plane():
    theta_star = landscape.trained(landscape.MOONS).end
    x0, x1, _, _ = surfaces.get("mlp_random").bounds
    for optimizer in ("gd", "adam"):
        t = runs("mlp-landscape")["mlp_random", optimizer]
        assert np.ptp(t.positions, axis=0).max() < 0.1 * (x1 - x0), "a speck"
        assert np.abs(t.positions).max() < 0.2, "near the centre"
        assert off_plane_share(t, theta_star).min() > 0.95, "almost all of it off the plane"


def test_the_pca_plane_keeps_99_percent_and_sgd_leaves_it():
    _, pca = landscape.pca_plane(landscape.MOONS)
    assert "99 %" in presets.get("mlp-landscape").caption
    assert round(100 * pca.explained.sum()) == 99
    theta_star = landscape.trained(landscape.MOONS).end
    adam = runs("mlp-landscape")["mlp_pca", "adam"]
    assert np.median(off_plane_share(adam, theta_star)) < 0.25, "Adam's path is seen whole"
    sgd = runs("mlp-landscape")["mlp_pca", "gd"]
    assert sgd.residual[-1] > 2 * sgd.residual[0], "SGD leaves the plane"
    start = np.linalg.norm(sgd.weights[0] - theta_star)
    assert np.linalg.norm(sgd.weights[-1] - theta_star) > 0.5 * start, "at other weights"
    assert sgd.losses[-1] < 0.05 * sgd.losses[0], "which also fit the data"


def test_minimum_ratio_caption_says_what_the_experiment_finds():
    caption = presets.get("minimum-ratio").caption
    found = default_experiment()
    points = found.points
    reached = found.reached
    low, high = 100 * points.ratio[reached].min(), 100 * points.ratio[reached].max()
    fewest, most = points.negative[reached].min(), points.negative[reached].max()
    assert caption.startswith(f"Thirty {found.network.size}-weight networks")
    assert DEFAULTS.runs == 30 and DEFAULTS.tolerance == 2e-3
    assert r"\|g\| < 2\cdot10^{-3}" in caption
    assert f"at the {reached.sum()} points reached" in caption
    assert f"only {low:.0f} to {high:.0f} %" in caption
    assert f"each has {fewest} to {most} clearly negative" in caption


def test_minimum_ratio_scene_follows_the_first_run_to_where_it_stalled():
    found = default_experiment()
    assert found.seeds[0] == landscape.STALLED.seed
    assert found.steps[0] == landscape.STALLED.steps
    scene = presets.get("minimum-ratio").scene
    assert scene.steps == landscape.STALLED.steps
    (t,) = runs("minimum-ratio").values()
    net = surfaces.get("mlp_curve_pca").plane.network
    stalled = landscape.trained(landscape.STALLED)
    np.testing.assert_array_equal(stalled.network.start, found.network.start)
    np.testing.assert_allclose(t.weights[-1], stalled.end, atol=1e-9)
    gradient = jax.grad(net.loss)(jnp.asarray(t.weights[-1]))
    assert float(jnp.linalg.norm(gradient)) < found.tolerance
    np.testing.assert_allclose(t.positions[-1], 0.0, atol=1e-9)
    assert t.residual[-1] == pytest.approx(0.0, abs=1e-9)
