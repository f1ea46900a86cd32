"""What the plots draw, as plain NumPy columns: a scene's trajectories and its surface.

Nothing here computes optimization: trajectories come from
:func:`optiviz.optim.scene.simulate`, loss grids from :func:`optiviz.surfaces.grid`,
distances from :func:`optiviz.surfaces.analysis.distance_to_minimum`. This module only
thins the runs for drawing (:mod:`.decimate`) and lays the numbers out as the columns of
the Bokeh sources, so that the live app, the offline export and the tests share one layout.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from optiviz import surfaces
from optiviz.app.display import decimate
from optiviz.app.display.colour_scale import colour_scale, image_values
from optiviz.app.display.contours import contour_lines
from optiviz.app.display.data_view import DataView, data_views
from optiviz.app.display.theme import RUN_COLORS
from optiviz.optim import Trajectory
from optiviz.optim.scene import Scene
from optiviz.surfaces import Surface
from optiviz.surfaces.analysis import distance_to_minimum, lowest_minimum_loss

GRID_SIZE = 240
"""Cells across each axis of the surface heat map."""

Columns = dict[str, object]


class SceneData(NamedTuple):
    """Columns for every data source of a scene plot.

    A scene may put runs on different surfaces (``scene.all_surfaces()``), one plot each:
    ``paths``, ``starts`` and ``divergence`` hold one column set per surface plot, in that
    order, with only that plot's runs.

    Attributes:
        surfaces: The surfaces, one plot each.
        plot_of: For each run, the index of its surface plot.
        paths: Per plot, one row per run: the thinned path (``xs``, ``ys`` and the ``steps``
            of its points), its position and loss at every frame (``fx``, ``fy``, ``fl``),
            ``color`` and ``label``.
        timeline: ``step``: the step each player frame shows.
        starts: Per plot, the start points (``x``, ``y``), one per distinct start.
        divergence: Per plot, where runs broke: ``x``, ``y`` (last finite point), ``step``,
            ``color``, ``label``.
        loss, grad_norm, lr, step_size, distance: Curves over steps for the side plots,
            one row per line: ``xs``, ``ys``, ``color``, ``dash``, ``label``. The loss is the
            gap L(θ_t) − L* to the lowest known minimum (L* = 0 on most surfaces), so that a
            log axis can show it; ``grad_norm`` is ‖g_t‖ of the gradient each step used. The
            distance is to the nearest known minimum, or, for a network's run on a plane
            through its weights, off the plane (``Trajectory.residual``).
        data_views: One :class:`~.data_view.DataView` per data set among the surfaces.
    """

    surfaces: list[Surface]
    plot_of: list[int]
    paths: list[Columns]
    timeline: Columns
    starts: list[Columns]
    divergence: list[Columns]
    loss: Columns
    grad_norm: Columns
    lr: Columns
    step_size: Columns
    distance: Columns
    data_views: list[DataView]


PATH_KEYS = ("xs", "ys", "steps", "fx", "fy", "fl", "color", "label")
DIVERGENCE_KEYS = ("x", "y", "step", "color", "label")


def scene_data(scene: Scene, trajectories: Sequence[Trajectory]) -> SceneData:
    """Lays out ``trajectories`` (``simulate(scene)``) for drawing.

    Example:
        >>> from optiviz.optim import presets
        >>> from optiviz.optim.scene import simulate
        >>> scene = presets.get("valley-adagrad").scene
        >>> data = scene_data(scene, simulate(scene))
        >>> len(data.timeline["step"]), data.paths[0]["label"]
        (1000, ['adagrad η=0.1'])
    """
    plots = scene.all_surfaces()
    plot_of = [plots.index(scene.surface_of(run)) for run in scene.runs]
    ends = [_finite_length(t) for t in trajectories]
    diverged = [n - 1 for t, n in zip(trajectories, ends, strict=True) if t.diverged_at is not None]
    frames = decimate.frame_steps(scene.steps, keep=diverged)

    lowest = [
        reference_loss(surface, [t for t, j in zip(trajectories, plot_of, strict=True) if j == k])
        for k, surface in enumerate(plots)
    ]
    paths = [{k: [] for k in PATH_KEYS} for _ in plots]
    divergence = [{k: [] for k in DIVERGENCE_KEYS} for _ in plots]
    starts: list[list[tuple[float, float]]] = [[] for _ in plots]
    curves = {name: _Curves() for name in ("loss", "grad_norm", "lr", "step_size", "distance")}
    colors = [RUN_COLORS[i % len(RUN_COLORS)] for i in range(len(scene.runs))]
    for i, (run, t, n, k) in enumerate(zip(scene.runs, trajectories, ends, plot_of, strict=True)):
        color, label = colors[i], run.title()
        surface = plots[k]
        finite = t.positions[:n]
        kept = decimate.path_indices(finite, surface.bounds)
        row = (
            finite[kept, 0],
            finite[kept, 1],
            kept,
            t.positions[frames, 0],
            t.positions[frames, 1],
            t.losses[frames],
            color,
            label,
        )
        for key, value in zip(PATH_KEYS, row, strict=True):
            paths[k][key].append(value)
        if t.diverged_at is not None:
            row = (*finite[-1], t.diverged_at, color, label)
            for key, value in zip(DIVERGENCE_KEYS, row, strict=True):
                divergence[k][key].append(value)
        starts[k].append(scene.start_of(run))
        updates = n - 1
        curves["loss"].add(t.losses[:n] - lowest[k], color, label)
        curves["grad_norm"].add(np.linalg.norm(t.gradients[:updates], axis=1), color, label)
        curves["lr"].add(t.lr[:updates], color, label)
        curves["step_size"].add(t.effective_lr[:updates, 0], color, f"{label}, w₁")
        curves["step_size"].add(t.effective_lr[:updates, 1], color, f"{label}, w₂", "dashed")
        off_plane = None if t.residual is None else t.residual[:n]
        distance = distance_to_minimum(surface, finite) if off_plane is None else off_plane
        curves["distance"].add(distance, color, label)

    return SceneData(
        surfaces=plots,
        plot_of=plot_of,
        paths=paths,
        timeline={"step": frames},
        starts=[_points(points) for points in starts],
        divergence=divergence,
        **{name: c.columns() for name, c in curves.items()},
        data_views=data_views(scene, trajectories, plots, plot_of, frames, colors),
    )


def reference_loss(surface: Surface, trajectories: Sequence[Trajectory]) -> float:
    """L* of the loss plot: the loss at the surface's lowest known minimum; on a surface that
    knows none (a typed formula), 0, or the lowest finite loss on its plot or along its runs
    when that is below 0, so that the gap L − L* stays positive for the log axis."""
    known = lowest_minimum_loss(surface)
    if known is not None:
        return known
    seen = [surface_data(surface).grid.values.ravel()]
    seen += [t.losses[: _finite_length(t)] for t in trajectories]
    values = np.concatenate(seen)
    values = values[np.isfinite(values)]
    return min(0.0, float(values.min())) if values.size else 0.0


def _points(points: list[tuple[float, float]]) -> Columns:
    unique = np.unique(np.array(points, dtype=np.float64).reshape(-1, 2), axis=0)
    return {"x": unique[:, 0], "y": unique[:, 1]}


def frame_position(trajectory: Trajectory, data: SceneData, frame: int) -> np.ndarray:
    """θ of ``trajectory`` at player frame ``frame`` (clamped to the frames there are)."""
    steps = data.timeline["step"]
    return trajectory.positions[int(steps[int(np.clip(frame, 0, len(steps) - 1))])]


class _Curves:
    """Rows of a multi-line source over steps, thinned, non-positive values as gaps (the
    side plots are logarithmic)."""

    def __init__(self) -> None:
        self.rows: dict[str, list] = {k: [] for k in ("xs", "ys", "color", "dash", "label")}

    def add(self, values: np.ndarray, color: str, label: str, dash: str = "solid") -> None:
        kept = decimate.series_indices(values)
        y = values[kept].astype(np.float64)
        for key, value in zip(
            self.rows,
            (kept.astype(np.int32), _loggable(y), color, dash, label),
            strict=True,
        ):
            self.rows[key].append(value)

    def columns(self) -> Columns:
        return self.rows


DRAWN_MAX = 1e100
"""Curves are drawn up to this value: a diverging run's last finite numbers (up to 1e308)
would leave a log axis no room for the rest."""


def _loggable(values: np.ndarray) -> np.ndarray:
    """``values`` for a log axis: non-positive ones as gaps, huge ones at :data:`DRAWN_MAX`."""
    return np.where(values > 0, np.minimum(values, DRAWN_MAX), np.nan)


def _finite_length(trajectory: Trajectory) -> int:
    """How many leading positions are real: up to the divergence, else all."""
    if trajectory.diverged_at is None:
        return len(trajectory.positions)
    return max(int(trajectory.diverged_at), 1)


class SurfaceData(NamedTuple):
    """A surface's heat map and markers.

    Attributes:
        image: ``image`` (one grid, see :func:`~.colour_scale.image_values`), ``x``, ``y``,
            ``dw``, ``dh``.
        low, high: The colour range.
        log: Whether colours are logarithmic.
        levels: Contour levels (none where the surface is flat).
        grid: The :class:`~optiviz.surfaces.Grid` (for contours).
        minima: ``x``, ``y`` of the known minima.
        contours: ``x``, ``y`` of every contour line at ``levels`` (NaN between lines).
        note: What the plot should say about the surface (it is flat here), or ``""``.
    """

    image: Columns
    low: float
    high: float
    log: bool
    levels: np.ndarray
    grid: surfaces.Grid
    minima: Columns
    contours: Columns
    note: str


@functools.lru_cache(maxsize=32)
def surface_data(surface: Surface) -> SurfaceData:
    """The heat map of ``surface`` over its bounds, with colour range and contour levels
    (logarithmic when :attr:`~Surface.log_scale` says the loss spans decades; none, and a
    note, where the surface is flat)."""
    grid = surfaces.grid(surface, GRID_SIZE)
    x0, x1, y0, y1 = surface.bounds
    scale = colour_scale(grid.values, surface.log_scale)
    minima = np.array(surface.minima, dtype=np.float64).reshape(-1, 2)
    return SurfaceData(
        image={
            "image": [image_values(grid.values, scale)],
            "x": [x0],
            "y": [y0],
            "dw": [x1 - x0],
            "dh": [y1 - y0],
        },
        low=scale.low,
        high=scale.high,
        log=scale.log,
        levels=scale.levels,
        grid=grid,
        minima={"x": minima[:, 0], "y": minima[:, 1]},
        contours=contour_lines(grid, scale.levels),
        note=scale.note,
    )


@functools.lru_cache(maxsize=32)
def test_contours(surface: Surface) -> Columns:
    """The contours of ``surface``'s shifted test surface at the training surface's levels
    (empty when it has none)."""
    if surface.test_surface is None:
        return {"x": np.zeros(0, np.float32), "y": np.zeros(0, np.float32)}
    test = surface_data(surface.test_surface)
    return contour_lines(test.grid, surface_data(surface).levels)
