"""Every grid point of a lecture page's sliders, laid out for drawing.

:func:`variants` lays out all grid points of all runs (from
:func:`optiviz.optim.variants.scene_grids`) with :func:`.scene_data.scene_data` in one call,
as one scene whose runs are the grid points: they share the player's frames (every
divergence step among them is a frame) and the loss plot's reference L*, so that a page can
swap one grid point for another and the player keeps its step. :class:`Variants` hands out
each grid point's rows of every source.

Example:
    >>> from optiviz.optim import presets
    >>> from optiviz.optim.variants import scene_grids
    >>> scene = presets.get("saddle-stuck").scene
    >>> laid = variants(scene, scene_grids(scene))
    >>> laid.grids[1].axes[0].name, laid.index(1, laid.grids[1].own) > laid.index(0, 0)
    ('lr', True)
    >>> sorted(laid.curves(0, 0))
    ['distance', 'grad_norm', 'loss', 'lr', 'step_size']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from optiviz.app.display import compact, decimate
from optiviz.app.display.scene_data import Columns, SceneData, scene_data
from optiviz.optim.scene import Scene
from optiviz.optim.variants import LOG_SCALE, RunGrid

SERIES_POINTS = 1000
"""Most points a page keeps of each curve of each grid point (a side plot is at most about
900 pixels wide on a 1920-pixel screen)."""
CURVE_BITS = 12
"""Bits of a curve's value on its log axis: 4,095 levels, over ten times a side plot's
height in pixels."""


class Variants(NamedTuple):
    """The grid points of a scene's runs, laid out as one scene.

    Attributes:
        data: The layout of every grid point, each a run of one scene, row by row.
        grids: One :class:`~optiviz.optim.variants.RunGrid` per run of the scene.
        first: The index in ``data`` of each row's grid point 0.
    """

    data: SceneData
    grids: list[RunGrid]
    first: list[int]

    def index(self, row: int, point: int) -> int:
        """The index in ``data`` of grid point ``point`` of run ``row``."""
        return self.first[row] + point

    def frames(self, row: int, point: int) -> dict[str, np.ndarray]:
        """Position and loss at every frame (``fx``, ``fy``, ``fl``) of a grid point."""
        plot, at = self._path_row(self.index(row, point))
        paths = self.data.paths[plot]
        return {key: np.asarray(paths[key][at]) for key in ("fx", "fy", "fl")}

    def label(self, row: int, point: int) -> str:
        plot, at = self._path_row(self.index(row, point))
        return self.data.paths[plot]["label"][at]

    def curves(self, row: int, point: int) -> dict[str, list[dict[str, object]]]:
        """A grid point's rows of each side plot's source, e.g. ``{"step_size": [w₁, w₂]}``
        (each row a dict of that source's columns)."""
        runs = len(self.data.plot_of)
        index = self.index(row, point)
        found = {}
        for name in curve_sources(self.data):
            columns = getattr(self.data, name)
            per_run = len(columns["xs"]) // runs
            found[name] = [
                _thinned({key: values[i] for key, values in columns.items()})
                for i in range(index * per_run, (index + 1) * per_run)
            ]
        return found

    def _path_row(self, index: int) -> tuple[int, int]:
        """The surface plot of a grid point and its row among that plot's paths."""
        plot = self.data.plot_of[index]
        return plot, self.data.plot_of[:index].count(plot)


def _thinned(line: dict[str, object]) -> dict[str, object]:
    """A curve's row with at most about :data:`SERIES_POINTS` points (peaks kept)."""
    kept = decimate.series_indices(np.asarray(line["ys"]), cap=SERIES_POINTS)
    return {**line, "xs": np.asarray(line["xs"])[kept], "ys": np.asarray(line["ys"])[kept]}


def curve_sources(data: SceneData) -> list[str]:
    """The fields of ``data`` drawn as lines over steps, with rows for each run in turn."""
    runs = len(data.plot_of)
    return [
        name
        for name in data._fields
        if isinstance(value := getattr(data, name), dict)
        and "xs" in value
        and name != "timeline"
        and len(value["xs"]) % runs == 0
    ]


def variants(scene: Scene, grids: Sequence[RunGrid]) -> Variants:
    """Lays out every grid point of ``grids`` (one per run of ``scene``)."""
    runs = tuple(grid.run_at(point) for grid in grids for point in range(len(grid.trajectories)))
    trajectories = [t for grid in grids for t in grid.trajectories]
    expanded = dataclasses.replace(scene, runs=runs)
    sizes = [len(grid.trajectories) for grid in grids]
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int).tolist()
    return Variants(scene_data(expanded, trajectories), list(grids), first)


def store_columns(laid: Variants) -> Columns:
    """One row per grid point, compact (:mod:`.compact`): what ``variants.js`` decodes.

    Columns: ``row`` and ``point`` (which run, which grid point), ``label``, ``fx``, ``fy``
    (positions at every frame) and ``fl`` (loss at every frame) as codes, ``end`` (the exact
    last position and loss: where the run ends, or where it broke), ``diverged_at`` (-1:
    never), and ``curves``: for each side plot, this point's rows with ``xs`` and ``ys`` as
    codes.
    """
    columns: dict[str, list] = {
        key: []
        for key in ("row", "point", "label", "fx", "fy", "fl", "end", "diverged_at", "curves")
    }
    for row, grid in enumerate(laid.grids):
        for point, trajectory in enumerate(grid.trajectories):
            index = laid.index(row, point)
            x0, x1, y0, y1 = laid.data.surfaces[laid.data.plot_of[index]].bounds
            frames = laid.frames(row, point)
            finite = frames["fl"][np.isfinite(frames["fl"])]
            values = {
                "row": row,
                "point": point,
                "label": laid.label(row, point),
                "fx": compact.positions(frames["fx"], (x0, x1)),
                "fy": compact.positions(frames["fy"], (y0, y1)),
                "fl": compact.logarithmic(frames["fl"], float(finite.min()) if finite.size else 0),
                "end": [*map(float, trajectory.positions[-1]), float(trajectory.losses[-1])],
                "diverged_at": -1 if trajectory.diverged_at is None else trajectory.diverged_at,
                "curves": {
                    name: [
                        {
                            "xs": compact.steps(line["xs"]),
                            "ys": compact.logarithmic(line["ys"], bits=CURVE_BITS),
                            "dash": line["dash"],
                            "label": line["label"],
                        }
                        for line in lines
                    ]
                    for name, lines in laid.curves(row, point).items()
                },
            }
            for key, value in values.items():
                columns[key].append(value)
    return columns


def run_columns(laid: Variants, colors: Sequence[str]) -> Columns:
    """One row per run of the scene: ``optimizer``, ``color``, ``plot`` (its surface plot),
    ``first`` (its grid point 0 in :func:`store_columns`), ``own`` (the grid point of its
    own values), ``shape`` (the grid's), ``axes`` (each ``name``, ``values`` and ``log``)
    and ``resolved`` (η and the optimizer's hyperparameters at its own values)."""
    columns: dict[str, list] = {
        key: []
        for key in ("optimizer", "color", "plot", "first", "own", "shape", "axes", "resolved")
    }
    for row, grid in enumerate(laid.grids):
        values = {
            "optimizer": grid.run.optimizer,
            "color": colors[row % len(colors)],
            "plot": laid.data.plot_of[laid.first[row]],
            "first": laid.first[row],
            "own": grid.own,
            "shape": list(grid.shape),
            "axes": [
                {"name": axis.name, "values": axis.values.tolist(), "log": axis.name in LOG_SCALE}
                for axis in grid.axes
            ],
            "resolved": grid.resolved,
        }
        for key, value in values.items():
            columns[key].append(value)
    return columns
