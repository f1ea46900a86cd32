"""The data view: the model in data space, frame by frame, as plain NumPy columns.

Beside a surface built on data (:attr:`~optiviz.surfaces.Surface.dataset`) the plot shows
the data points and, for every run, the model its θ stands for at the player's frame: the
line y = b + w·x over the points, or the sigmoid P(class 1 | x) and its decision boundary.
Surfaces whose points are the same (two losses on one data set, a raw feature with and
without batch normalization) share one view; other points (a raw and a standardized
feature) get a view each. When a run takes mini-batches, the points of the batch behind its
latest step are ringed in its colour and its legend counts the epochs (see
:func:`optiviz.surfaces.data.batch_mask`).

Every frame's curve is computed here from the engine's own model; the player (``player.js``)
only picks frame f's slice: row i of ``curves`` holds ``fys[i]`` with the n values of
frame 0, then those of frame 1, and so on, ``fxs[i]`` the same, or n values for every frame
(a model drawn over a fixed x grid), and ``labels[i]`` one legend text per frame (or one for
all). ``batches`` is laid out the same way, NaN where a batch is smaller.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from optiviz.optim import Trajectory
from optiviz.optim.scene import Run, Scene
from optiviz.surfaces import Surface
from optiviz.surfaces.data import batch_mask, epoch_of
from optiviz.surfaces.dataset import Dataset, Model

Columns = dict[str, object]

PAD = 0.08
"""Room around the points, as a fraction of their spread."""
CLASS_RANGE = (-0.15, 1.15)
"""The y range of a classifier's view: classes 0 and 1 and the probability between."""
BOUNDARY = 0.5
"""A classifier's decision boundary: where P(class 1 | x) = ½."""
DRAWN = np.float32
"""What the curves are sent as: half the bytes of float64, and more precision than pixels."""
ROWS = 1024
"""Frames are computed in blocks of this many (the player shows at most about 1,000)."""


class DataView(NamedTuple):
    """One data view's columns.

    Attributes:
        labels: Axis names as LaTeX (input, target).
        points: ``x``, ``y`` of the data.
        x_range, y_range: The view's fixed ranges.
        curves: One row per drawn curve (each run's model, and a classifier's boundary):
            ``fxs`` (every frame's x values, frame after frame, or one frame's for all),
            ``fys`` (every frame's), ``color``, ``dash``, ``labels`` (the legend per frame,
            or one for all frames).
        batches: One row per mini-batch run: ``fxs``, ``fys`` (every frame's batch, padded
            with NaN), ``color``.
        classes: Whether the targets are classes.
    """

    labels: tuple[str, str]
    points: Columns
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    curves: Columns
    batches: Columns
    classes: bool


def data_views(
    scene: Scene,
    trajectories: Sequence[Trajectory],
    plots: Sequence[Surface],
    plot_of: Sequence[int],
    steps: np.ndarray,
    colors: Sequence[str],
) -> list[DataView]:
    """The data views of a scene: one per distinct data set among its surface ``plots``.

    Args:
        scene: The scene.
        trajectories: ``simulate(scene)``.
        plots: The scene's surfaces, one plot each.
        plot_of: Each run's plot.
        steps: The step each player frame shows.
        colors: Each run's colour.
    """
    views = []
    for group in _groups(plots):
        runs = [i for i, k in enumerate(plot_of) if k in group]
        views.append(
            _view(
                [plots[plot_of[i]] for i in runs],
                [scene.runs[i] for i in runs],
                [trajectories[i] for i in runs],
                [colors[i] for i in runs],
                plots[group[0]].dataset,
                steps,
            )
        )
    return views


def data_view_count(plots: Sequence[Surface]) -> int:
    """How many data views the surfaces ``plots`` get: one per distinct data set."""
    return len(_groups(plots))


def _groups(plots: Sequence[Surface]) -> list[list[int]]:
    """The plots on data, grouped by their points: one data view each."""
    groups: list[list[int]] = []
    for k, surface in enumerate(plots):
        if surface.dataset is None:
            continue
        same = [g for g in groups if _same_points(plots[g[0]].dataset, surface.dataset)]
        if same:
            same[0].append(k)
        else:
            groups.append([k])
    return groups


def _same_points(a: Dataset, b: Dataset) -> bool:
    return np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y)


def _view(
    surfaces: list[Surface],
    runs: list[Run],
    trajectories: list[Trajectory],
    colors: list[str],
    dataset: Dataset,
    steps: np.ndarray,
) -> DataView:
    x_range = _padded(dataset.x)
    y_range = CLASS_RANGE if dataset.classes else _padded(dataset.y, 2 * PAD)
    batched = [
        run.batch_size is not None and surface.batch_loss is not None
        for run, surface in zip(runs, surfaces, strict=True)
    ]
    curves: dict[str, list] = {k: [] for k in ("fxs", "fys", "color", "dash", "labels")}
    batches: dict[str, list] = {k: [] for k in ("fxs", "fys", "color")}
    for surface, run, t, color, has_batches in zip(
        surfaces, runs, trajectories, colors, batched, strict=True
    ):
        model = surface.dataset.model
        grid = np.linspace(*x_range, surface.dataset.samples)
        thetas = _padded_rows(t.positions[np.asarray(steps)])
        ys = np.asarray(_model_at(model)(jnp.asarray(thetas), jnp.asarray(grid)))[: len(steps)]
        labels = _labels(run, steps, len(dataset.x)) if any(batched) else [run.title()]
        _add(curves, grid, ys.ravel(), color, "solid", labels)
        if dataset.classes:
            boundary = np.array([_crossing(grid, row) for row in ys])
            _add(curves, np.repeat(boundary, 2), np.tile([0.0, 1.0], len(steps)), color, "dashed",
                 [f"{run.title()}: P = ½"])  # fmt: skip
        if has_batches:
            fxs, fys = _batches(dataset, run, steps)
            for key, value in zip(batches, (fxs, fys, color), strict=True):
                batches[key].append(value)
    return DataView(
        labels=dataset.labels,
        points={"x": np.asarray(dataset.x, float), "y": np.asarray(dataset.y, float)},
        x_range=x_range,
        y_range=y_range,
        curves=curves,
        batches=batches,
        classes=dataset.classes,
    )


def _add(curves: dict[str, list], fxs, fys, color: str, dash: str, labels: list[str]) -> None:
    for key, value in zip(curves, (fxs, fys, color, dash, labels), strict=True):
        curves[key].append(np.asarray(value, dtype=DRAWN) if key in ("fxs", "fys") else value)


def _padded(values: np.ndarray, pad: float = PAD) -> tuple[float, float]:
    low, high = float(np.min(values)), float(np.max(values))
    margin = pad * max(high - low, 1e-9)
    return (low - margin, high + margin)


def _padded_rows(rows: np.ndarray) -> np.ndarray:
    """``rows`` with its last row repeated up to a multiple of :data:`ROWS`, so that the
    compiled functions below see a few shapes only, whatever the number of frames."""
    size = -(-len(rows) // ROWS) * ROWS
    return np.concatenate([rows, np.repeat(rows[-1:], size - len(rows), axis=0)])


@functools.cache
def _model_at(model: Model):
    """``model`` over an x grid for many θ at once: (F, 2), (n,) → (F, n), compiled once."""
    return jax.jit(jax.vmap(model, in_axes=(0, None)))


def _crossing(grid: np.ndarray, values: np.ndarray) -> float:
    """Where ``values`` over ``grid`` first cross :data:`BOUNDARY` (linear in between), or
    NaN when they do not within the grid."""
    side = values >= BOUNDARY
    change = np.flatnonzero(side[1:] != side[:-1])
    if not change.size:
        return np.nan
    i = change[0]
    a, b = values[i], values[i + 1]
    return float(grid[i] + (BOUNDARY - a) / (b - a) * (grid[i + 1] - grid[i]))


def _labels(run: Run, steps: np.ndarray, n: int) -> list[str]:
    """The run's legend at each frame, with the epoch its latest update belongs to."""
    epochs = np.where(steps > 0, epoch_of(np.maximum(steps - 1, 0), run.batch_size, n), 0)
    return [f"{run.title()} · epoch {e}" for e in epochs]


def _batches(dataset: Dataset, run: Run, steps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The points of the batch behind each frame's latest update, frame after frame, padded to
    the batch size with NaN (none at step 0)."""
    n = len(dataset.x)
    size = min(int(run.batch_size), n)
    updates = jnp.asarray(_padded_rows(np.maximum(steps - 1, 0)))
    masks = np.array(_masks(n)(jax.random.key(run.seed), updates, size))[: len(steps)]
    masks[np.asarray(steps) == 0] = False
    chosen = np.argsort(~masks, axis=1, kind="stable")[:, :size]
    missing = np.arange(size) >= masks.sum(axis=1, keepdims=True)
    fxs = np.where(missing, np.nan, dataset.x[chosen])
    fys = np.where(missing, np.nan, dataset.y[chosen])
    return fxs.ravel().astype(DRAWN), fys.ravel().astype(DRAWN)


@functools.cache
def _masks(n: int):
    """:func:`batch_mask` at many steps at once, compiled once per data size."""
    masks = jax.vmap(lambda key, step, size: batch_mask(key, step, size, n), (None, 0, None))
    return jax.jit(masks)
