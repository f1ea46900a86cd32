"""What the 3-D view draws, as plain NumPy columns: the terrain, its contours and the balls.

The terrain is the surface plot's own loss grid (:func:`.scene_data.surface_data`, every
other sample) lifted to a :class:`~.heights.Heights` scale, in box units (see
:mod:`.camera`): w₁ and w₂ from -1 to 1, heights from 0 to ``BOX_HEIGHT``. The contour
lines are the 2-D plot's levels, each at its level's height. Each run is a trail over the
terrain, at the heights of the losses the engine computed (never re-evaluated), and a ball
at every player frame, the same frames and steps the 2-D plot's heads show
(``SceneData.paths``).

Example:
    >>> from optiviz import surfaces
    >>> from optiviz.optim import presets
    >>> from optiviz.optim.scene import simulate
    >>> terrain = terrain_data(surfaces.get("rosenbrock"))
    >>> terrain.heights.kind, terrain.surface["c"][0].shape
    ('log', (120, 120))
    >>> scene = presets.get("optimizer-race").scene
    >>> trajectories = simulate(scene)
    >>> runs = terrain_runs(scene_data(scene, trajectories), trajectories, 0, terrain.heights)
    >>> len(runs["fz"]) == len(scene.runs), runs["fz"][0].shape
    (True, (1000,))
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from optiviz.app.display.axis_labels import unicode_math
from optiviz.app.display.camera import BOX_HEIGHT
from optiviz.app.display.contours import contour_lines
from optiviz.app.display.heights import Heights, heights_for, nice_ticks
from optiviz.app.display.scene_data import SceneData, scene_data, surface_data
from optiviz.optim import Trajectory
from optiviz.surfaces import Grid, Surface

__all__ = ["TerrainData", "scene_data", "terrain_data", "terrain_runs"]

STRIDE = 2
"""The terrain takes every STRIDE-th sample of the surface plot's grid."""
Columns = dict[str, object]


class TerrainData(NamedTuple):
    """Columns of the 3-D view of one surface.

    Attributes:
        surface: One row: ``x`` (n), ``y`` (n) and ``c`` (n × n, rows along w₂): the heights
            from 0 to 1 (the box is ``BOX_HEIGHT`` high), which the colour map also shows.
        contours: ``x``, ``y``, ``z`` of the 2-D plot's contour lines, NaN between lines.
        axes: One row per axis (w₁, w₂, L): ``title``, ``ticks`` (box units), ``labels``.
        heights: The height scale.
        title: The surface's title.
        bounds: The surface plot's bounds, ``(x0, x1, y0, y1)``: the box's sides.
    """

    surface: Columns
    contours: Columns
    axes: Columns
    heights: Heights
    title: str
    bounds: tuple[float, float, float, float]


def terrain_data(surface: Surface, heights: str | None = None) -> TerrainData:
    """The 3-D view of ``surface`` on the height scale ``heights`` (see
    :data:`.heights.KINDS`; None: the surface's default)."""
    scale = heights_for(surface, heights)
    return TerrainData(
        surface=_terrain(surface, scale),
        contours=_contours(surface, scale),
        axes=_axes(surface, scale),
        heights=scale,
        title=surface.title,
        bounds=tuple(map(float, surface.bounds)),
    )


def terrain_runs(
    data: SceneData, trajectories: Sequence[Trajectory], plot: int, scale: Heights
) -> Columns:
    """The runs of surface plot ``plot`` over its terrain, in box units: one row per run,
    the trail's points ``xs``, ``ys``, ``zs`` and the ``steps`` they were at, the point of
    the terrain under the ball at every player frame ``fx``, ``fy``, ``fz``, ``color`` and
    ``label``; heights on ``scale``, of the losses the engine computed.

    (The app's view takes the positions from the 2-D plot's ``paths`` and puts them on the
    same scale in the browser; the exported movies draw these.)
    """
    box = _Box(data.surfaces[plot])
    mine = [t for t, k in zip(trajectories, data.plot_of, strict=True) if k == plot]
    paths = data.paths[plot]
    runs: dict[str, list] = {key: [] for key in ("xs", "ys", "zs", "steps", "fx", "fy", "fz")}
    for i, trajectory in enumerate(mine):
        steps = np.asarray(paths["steps"][i])
        runs["xs"].append(box.x(paths["xs"][i]))
        runs["ys"].append(box.y(paths["ys"][i]))
        runs["zs"].append(box.z(scale(trajectory.losses[steps])))
        runs["steps"].append(steps.astype(np.int32))
        runs["fx"].append(box.x(paths["fx"][i]))
        runs["fy"].append(box.y(paths["fy"][i]))
        runs["fz"].append(box.z(scale(paths["fl"][i])))
    runs["color"] = list(paths["color"])
    runs["label"] = list(paths["label"])
    return runs


class _Box:
    """Data coordinates to box units: the plot's bounds to [-1, 1], heights to the box's."""

    def __init__(self, surface: Surface) -> None:
        x0, x1, y0, y1 = surface.bounds
        self.x_range, self.y_range = (x0, x1), (y0, y1)

    def x(self, values) -> np.ndarray:
        return _unit(values, *self.x_range)

    def y(self, values) -> np.ndarray:
        return _unit(values, *self.y_range)

    @staticmethod
    def z(heights: np.ndarray) -> np.ndarray:
        return (np.asarray(heights) * BOX_HEIGHT).astype(np.float32)


def _unit(values, low: float, high: float) -> np.ndarray:
    """``values`` from [low, high] to [-1, 1]; a run that left the plot stays on its rim."""
    scaled = (np.asarray(values, dtype=np.float64) - low) / (high - low) * 2 - 1
    return np.clip(np.nan_to_num(scaled), -1.0, 1.0).astype(np.float32)


def _terrain(surface: Surface, scale: Heights) -> Columns:
    x, y, c = _terrain_arrays(surface, scale)
    return {"x": [x], "y": [y], "c": [c]}


@functools.lru_cache(maxsize=32)
def _terrain_arrays(surface: Surface, scale: Heights) -> tuple[np.ndarray, ...]:
    grid = surface_data(surface).grid
    values = grid.values[::STRIDE, ::STRIDE]
    box = _Box(surface)
    c = scale(np.where(np.isfinite(values), values, scale.low)).astype(np.float32)
    arrays = (box.x(grid.w1[::STRIDE]), box.y(grid.w2[::STRIDE]), c)
    for array in arrays:
        array.flags.writeable = False
    return arrays


def _contours(surface: Surface, scale: Heights) -> Columns:
    x, y, z = _contour_arrays(surface, scale)
    return {"x": x, "y": y, "z": z}


@functools.lru_cache(maxsize=32)
def _contour_arrays(surface: Surface, scale: Heights) -> tuple[np.ndarray, ...]:
    """The 2-D plot's contour levels on the terrain's own samples, each line at its level's
    height (NaN between lines)."""
    data = surface_data(surface)
    grid = Grid(
        data.grid.w1[::STRIDE], data.grid.w2[::STRIDE], data.grid.values[::STRIDE, ::STRIDE]
    )
    box = _Box(surface)
    gap = np.full(1, np.nan, np.float32)
    xs, ys, zs = [], [], []
    for level in data.levels:
        lines = contour_lines(grid, np.array([level]))
        if not len(lines["x"]):
            continue
        breaks = np.isnan(lines["x"])
        height = box.z(scale(np.array([level])))[0]
        xs += [np.where(breaks, np.nan, box.x(lines["x"])), gap]
        ys += [np.where(breaks, np.nan, box.y(lines["y"])), gap]
        zs += [np.where(breaks, np.nan, height).astype(np.float32), gap]
    arrays = tuple(
        np.concatenate(parts[:-1]).astype(np.float32) if parts else np.zeros(0, np.float32)
        for parts in (xs, ys, zs)
    )
    for array in arrays:
        array.flags.writeable = False
    return arrays


def _axes(surface: Surface, scale: Heights) -> Columns:
    box = _Box(surface)
    x0, x1, y0, y1 = surface.bounds
    xt, yt = nice_ticks(x0, x1), nice_ticks(y0, y1)
    zt, z_labels = scale.ticks()
    titles = [unicode_math(label) for label in surface.labels]
    return {
        "title": [*titles, KIND_TITLES[scale.kind]],
        "ticks": [box.x(xt), box.y(yt), box.z(zt)],
        "labels": [[f"{v:.6g}" for v in xt], [f"{v:.6g}" for v in yt], z_labels],
    }


KIND_TITLES = {"log": "L (log)", "linear": "L", "clip": "L (clipped)"}
