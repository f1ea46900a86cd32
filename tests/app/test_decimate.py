"""Thinning runs for drawing keeps what matters: ends, divergence points, visible moves."""

from __future__ import annotations

import numpy as np

from optiviz.app.display import decimate
from optiviz.app.display.scene_data import scene_data
from optiviz.optim import presets
from optiviz.optim.scene import Run, Scene, simulate

BOUNDS = (-1.0, 1.0, -1.0, 1.0)


def test_short_paths_are_kept_whole():
    path = np.random.default_rng(0).uniform(-1, 1, (500, 2))
    assert (decimate.path_indices(path, BOUNDS) == np.arange(500)).all()


def test_a_long_path_keeps_its_ends_the_asked_points_and_stays_under_the_cap():
    path = np.random.default_rng(1).uniform(-1, 1, (100_000, 2))
    kept = decimate.path_indices(path, BOUNDS, cap=1000, keep=[54_321])
    assert len(kept) <= 1003
    assert {0, 54_321, 99_999} <= set(kept.tolist())
    assert (np.diff(kept) > 0).all()


def test_a_crawl_below_a_pixel_collapses_and_a_visible_zigzag_survives():
    t = np.arange(20_000)
    crawl = np.stack([t * 1e-9, np.zeros_like(t, dtype=float)], axis=1)
    assert decimate.path_indices(crawl, BOUNDS).tolist() == [0, 19_999]
    zigzag = np.stack([np.linspace(-1, 1, 3000), 0.5 * (-1.0) ** np.arange(3000)], axis=1)
    assert len(decimate.path_indices(zigzag, BOUNDS)) == 3000


def test_series_thinning_keeps_every_spike_and_dip():
    values = np.ones(100_000)
    spikes = [1_234, 50_000, 99_998]
    values[spikes] = 1e6
    values[70_000] = 1e-9
    values[80_000] = np.nan
    kept = decimate.series_indices(values, cap=500)
    assert len(kept) <= 504
    assert set(spikes) | {0, 70_000, 99_999} <= set(kept.tolist())


def test_frames_cover_the_run_and_its_divergence_step():
    frames = decimate.frame_steps(100_000, cap=1000, keep=[77])
    assert frames[0] == 0 and frames[-1] == 100_000 and 77 in frames
    assert len(frames) == 1001
    assert decimate.frame_steps(300).tolist() == list(range(301))


def test_the_drawn_data_of_a_long_run_ends_at_the_run_s_end():
    scene = presets.get("valley-lr-too-small").scene
    trajectories = simulate(scene)
    trajectory = trajectories[-1]
    data = scene_data(scene, trajectories)
    paths = data.paths[0]
    assert paths["steps"][-1][-1] == scene.steps
    assert paths["xs"][-1][-1] == trajectory.positions[-1, 0]
    assert paths["fx"][-1][-1] == trajectory.positions[-1, 0]
    assert len(data.timeline["step"]) <= decimate.FRAMES + 1
    assert data.loss["xs"][0][-1] == scene.steps


def test_a_diverged_run_is_drawn_up_to_its_last_finite_point():
    scene = Scene("valley", (-8.0, 0.5), 1000, (Run("gd", lr=0.05), Run("gd", lr=0.001)))
    diverged, fine = simulate(scene)
    assert diverged.diverged_at is not None and fine.diverged_at is None
    data = scene_data(scene, [diverged, fine])
    last = diverged.positions[diverged.diverged_at - 1]
    assert (data.paths[0]["xs"][0][-1], data.paths[0]["ys"][0][-1]) == tuple(last)
    assert data.divergence[0]["step"] == [diverged.diverged_at]
    assert diverged.diverged_at - 1 in data.timeline["step"]
    assert np.isfinite(np.concatenate(data.paths[0]["xs"])).all()
