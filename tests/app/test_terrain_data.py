"""The 3-D view's data: height scales that survive any surface, the camera, the terrain."""

from __future__ import annotations

import math

import numpy as np
import pytest

from optiviz import surfaces
from optiviz.app.display.camera import (
    BOX_HEIGHT,
    PRESETS,
    Camera,
    camera_text,
    parse_camera,
)
from optiviz.app.display.heights import (
    KINDS,
    Heights,
    available,
    default_heights,
    heights_for,
    nice_ticks,
)
from optiviz.app.display.scene_data import scene_data, surface_data
from optiviz.app.display.terrain import terrain_data, terrain_runs
from optiviz.optim import presets
from optiviz.optim.scene import Run, Scene, simulate


@pytest.mark.parametrize(
    ("surface", "kind"),
    [("rosenbrock", "log"), ("valley", "log"), ("local_min", "clip"), ("saddle_simple", "linear")],
)
def test_each_surface_opens_on_the_scale_that_reads(surface, kind):
    """Rosenbrock spans decades (log, as its 2-D colours); local_min's wall would flatten its
    bumps (clipped, with a note); the simple saddle is drawn as it is."""
    assert default_heights(surfaces.get(surface)) == kind
    heights = heights_for(surfaces.get(surface))
    assert heights.kind == kind
    assert bool(heights.note) == (kind == "clip")


@pytest.mark.parametrize("kind", list(KINDS))
def test_heights_rise_with_the_loss_from_floor_to_top(kind):
    heights = heights_for(surfaces.get("rosenbrock"), kind)
    losses = np.geomspace(1e-6, 1e4, 200)
    h = heights(losses)
    assert h.min() >= 0 and h.max() <= 1
    assert np.all(np.diff(h) >= 0) and h[-1] == 1.0
    assert heights(np.array([np.nan, np.inf, -np.inf])).tolist() == [1.0, 1.0, 0.0]


@pytest.mark.parametrize(
    ("formula", "bounds"),
    [
        ("0*x + 0*y", "-1,1,-1,1"),  # flat
        ("1e300*(x**2 + y**2)", "-10,10,-10,10"),  # astronomically large
        ("exp(800*x) + y", "-1,1,-1,1"),  # overflows to inf on half the plot
        ("-(x**2 + y**2)", "-2,2,-2,2"),  # negative everywhere but 0
        ("log(x)", "-2,2,-2,2"),  # NaN on half the plot
    ],
)
def test_degenerate_surfaces_get_finite_terrains(formula, bounds):
    surface = surfaces.from_formula(formula, [float(v) for v in bounds.split(",")])
    scene = Scene(surface="custom", formula=formula, bounds=surface.bounds, steps=5,
                  start=(0.5, 0.5), runs=(Run(optimizer="gd", lr=1e-3),))  # fmt: skip
    trajectories = simulate(scene)
    data = scene_data(scene, trajectories)
    for kind in available(data.surfaces[0]):
        terrain = terrain_data(data.surfaces[0], kind)
        c = terrain.surface["c"][0]
        assert np.isfinite(c).all() and c.min() >= 0 and c.max() <= 1, kind
        runs = terrain_runs(data, trajectories, 0, terrain.heights)
        assert np.isfinite(runs["fz"][0]).all()
        heights = terrain.heights
        assert math.isfinite(heights.low) and math.isfinite(heights.high)
        assert heights.high > heights.low
        ticks, labels = heights.ticks()
        assert len(ticks) == len(labels) and np.isfinite(ticks).all()


def test_log_needs_a_positive_loss():
    surface = surfaces.from_formula("-(x**2 + y**2) - 1", [-1, 1, -1, 1])
    assert available(surface) == ("linear", "clip")
    assert heights_for(surface, "log").kind == "linear"


def test_log_ticks_are_powers_of_ten_where_they_belong():
    heights = Heights("log", 1e-3, 1e3)
    ticks, labels = heights.ticks()
    assert labels == ["10⁻²", "1", "10²"]
    assert np.allclose(ticks, heights(np.array([1e-2, 1.0, 1e2])))
    with pytest.raises(ValueError, match="cubic"):
        heights_for(surfaces.get("valley"), "cubic")


def test_nice_ticks_are_round_and_inside():
    assert nice_ticks(-0.37, 2.91).tolist() == [0.0, 1.0, 2.0]
    assert nice_ticks(-0.37, 2.91, count=10).tolist() == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5]
    assert nice_ticks(5.0, 5.0).tolist() == [5.0]


def test_cameras_round_trip_through_text():
    for name, preset in PRESETS.items():
        assert parse_camera(name) == preset.camera
        assert camera_text(preset.camera) == name
    camera = parse_camera("370,-20,8")
    assert camera == Camera(10.0, -20.0, 8.0)
    assert parse_camera(camera_text(camera)) == camera


@pytest.mark.parametrize(
    ("text", "message"),
    [("top", "corner, above"), ("1,2", "AZIMUTH"), ("0,95,5", "elevation"),
     ("0,10,0.1", "distance"), ("nan,1,5", "finite")],
)  # fmt: skip
def test_bad_cameras_say_why(text, message):
    with pytest.raises(ValueError, match=message):
        parse_camera(text)


@pytest.fixture(scope="module")
def race():
    scene = presets.get("optimizer-race").scene
    trajectories = simulate(scene)
    data = scene_data(scene, trajectories)
    terrain = terrain_data(data.surfaces[0])
    return data, trajectories, terrain, terrain_runs(data, trajectories, 0, terrain.heights)


def test_balls_sit_where_the_2d_heads_are_at_the_engine_s_losses(race):
    data, trajectories, terrain, runs = race
    paths = data.paths[0]
    x0, x1, y0, y1 = data.surfaces[0].bounds
    heights = terrain.heights
    for i, trajectory in enumerate(trajectories):
        fx = (np.asarray(paths["fx"][i]) - x0) / (x1 - x0) * 2 - 1
        fy = (np.asarray(paths["fy"][i]) - y0) / (y1 - y0) * 2 - 1
        assert np.allclose(runs["fx"][i], np.clip(fx, -1, 1), atol=1e-6)
        assert np.allclose(runs["fy"][i], np.clip(fy, -1, 1), atol=1e-6)
        expected = heights(trajectory.losses[data.timeline["step"]]) * BOX_HEIGHT
        assert np.allclose(runs["fz"][i], expected, atol=1e-6)
        steps = runs["steps"][i]
        trail = heights(trajectory.losses[steps]) * BOX_HEIGHT
        assert np.allclose(runs["zs"][i], trail, atol=1e-6)
    assert runs["label"] == paths["label"]


def test_contours_lie_at_their_levels_heights(race):
    data, _, terrain, _ = race
    z = terrain.contours["z"]
    x = terrain.contours["x"]
    assert np.array_equal(np.isnan(z), np.isnan(x)), "lines break together"
    expected = terrain.heights(surface_data(data.surfaces[0]).levels) * BOX_HEIGHT
    drawn = np.unique(z[np.isfinite(z)])
    assert np.isclose(drawn[:, None], expected[None, :], atol=1e-6).any(axis=1).all()
    assert len(drawn) >= len(expected) - 2, "(nearly) every level has a line"


def test_the_terrain_is_the_surface_plot_s_grid(race):
    data, _, terrain, _ = race
    grid = surface_data(data.surfaces[0]).grid
    c = terrain.surface["c"][0]
    assert c.shape == (len(terrain.surface["y"][0]), len(terrain.surface["x"][0]))
    expected = terrain.heights(grid.values[::2, ::2])
    assert np.allclose(c, expected, atol=1e-6)
    assert not c.flags.writeable, "shared between sessions, read-only"
