r"""Variants of a scene: each run again over a grid of its hyperparameter values.

A lecture page with no server behind it can only show what was computed beforehand. For each
run of a scene, :func:`scene_grids` picks the values a slider may reach for every varied
name (:func:`slider_values`: the app's slider range, plus the run's own value exactly) and
runs the whole product grid as **one** :func:`~.runs.run_many` call, so a 38 × 12 grid of
1,000-step runs is one compiled scan.

The grid is in C order over the axes: point ``g`` of a run with axes of lengths
``(n_0, n_1, …)`` has the indices ``np.unravel_index(g, (n_0, n_1, …))``.

Example:
    >>> from optiviz.optim import presets
    >>> scene = presets.get("local-min-momentum").scene
    >>> grids = scene_grids(scene, ("lr", "momentum"))
    >>> [[axis.name for axis in grid.axes] for grid in grids]
    [['lr'], ['lr', 'momentum']]
    >>> grid = grids[1]
    >>> len(grid.trajectories) == len(grid.axes[0].values) * len(grid.axes[1].values)
    True
    >>> [float(axis.values[axis.own]) for axis in grid.axes]
    [0.01, 0.9]
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from optiviz.surfaces.registry import unknown_name

from . import optimizer as optimizers
from .hyperparameters import STEPS
from .runs import run_many
from .scene import Run, Scene
from .trajectory import Trajectories

LR_DECADES = (-8, 1)
"""η's slider spans 10⁻⁸ … 10¹, as in the app."""


def _decades(low: int, high: int, mantissas: Sequence[float]) -> tuple[float, ...]:
    values = [float(f"{m}e{e}") for e in range(low, high) for m in mantissas]
    return (*values, float(f"1e{high}"))


VALUES: dict[str, tuple[float, ...]] = {
    "lr": _decades(*LR_DECADES, (1, 2, 3, 5)),
    "momentum": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99),
    "alpha": (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.99, 0.999),
    "beta1": (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.99, 0.999),
    "beta2": (0.9, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999, 0.9995, 0.9999),
    "eps": _decades(-10, -2, (1,)),
    "weight_decay": (0.0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3),
    "noise": (0.0, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0),
    "batch_size": (1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0),
}
"""The values a page's slider offers for each name that may vary, before the run's own
value is added: η four to a decade (1, 2, 3, 5) over the app's range, the others at least
nine over the app's slider range (or, without a slider in the app, a range that shows the
effect)."""

LOG_SCALE = frozenset({"lr", "eps", "batch_size"})
"""Names whose values are compared (snapped) on a log scale."""

MAX_WORK = 5_000_000
"""The most grid points × steps one page may hold (about 320 MB while it is computed)."""


class Axis(NamedTuple):
    """The values one slider reaches.

    Attributes:
        name: The hyperparameter (``lr``, ``momentum``, …).
        values: Sorted, with the run's own value among them exactly.
        own: The index of the run's own value.
    """

    name: str
    values: np.ndarray
    own: int


class RunGrid(NamedTuple):
    """One run of a scene over the product of its axes.

    Attributes:
        run: The scene's run.
        axes: One :class:`Axis` per varied name that the run takes, in the order asked.
        trajectories: One per grid point, in C order over the axes.
        resolved: η and the optimizer's hyperparameters at the run's own values.
    """

    run: Run
    axes: tuple[Axis, ...]
    trajectories: Trajectories
    resolved: dict[str, float]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(axis.values) for axis in self.axes)

    @property
    def own(self) -> int:
        """The grid point of the run's own values."""
        return int(np.ravel_multi_index([axis.own for axis in self.axes], self.shape))

    def values_at(self, point: int) -> dict[str, float]:
        """The varied values of grid point ``point``."""
        index = np.unravel_index(point, self.shape)
        return {axis.name: float(axis.values[i]) for axis, i in zip(self.axes, index, strict=True)}

    def run_at(self, point: int) -> Run:
        """The scene's run with the values of grid point ``point``."""
        values = self.values_at(point)
        lr = values.pop("lr", self.run.lr)
        batch_size = values.pop("batch_size", self.run.batch_size)
        noise = values.pop("noise", self.run.noise)
        return dataclasses.replace(
            self.run,
            lr=lr,
            noise=noise,
            batch_size=None if batch_size is None else int(batch_size),
            hyperparameters={**self.run.hyperparameters, **values},
        )


def slider_values(name: str, value: float) -> tuple[np.ndarray, int]:
    """The values a slider of ``name`` offers, with ``value`` among them exactly, and the
    index of ``value``.

    Example:
        >>> values, own = slider_values("lr", 0.011)
        >>> len(values), float(values[own]), float(values[0]), float(values[-1])
        (38, 0.011, 1e-08, 10.0)
    """
    values = np.union1d(np.array(VALUES[name], dtype=np.float64), [value])
    return values, int(np.searchsorted(values, value))


def takes(run: Run, name: str) -> bool:
    """Whether ``run`` has a setting ``name`` to vary: η, the noise, and the optimizer's own
    hyperparameters always; the batch size only for a run with mini-batches."""
    if name in ("lr", "noise"):
        return True
    if name == "batch_size":
        return run.batch_size is not None
    return any(p.name == name for p in optimizers.get(run.optimizer, run.convention).parameters)


def check_names(scene: Scene, names: Sequence[str]) -> tuple[str, ...]:
    """``names`` without repeats, each one a name that may vary and that some run takes.

    Raises:
        ValueError: An unknown name, or one that no run of the scene takes.
    """
    checked = tuple(dict.fromkeys(name.strip() for name in names))
    for name in checked:
        if name not in VALUES:
            raise ValueError(unknown_name("name to vary", name, VALUES))
        if not any(takes(run, name) for run in scene.runs):
            raise ValueError(f"cannot vary {name}: no run of this scene takes it")
    return checked


def scene_grids(scene: Scene, vary: Sequence[str] = ("lr",)) -> list[RunGrid]:
    """Each run of ``scene`` over the grid of the names in ``vary`` that it takes, one
    :func:`~.runs.run_many` call per run.

    Raises:
        ValueError: A name that cannot vary (see :func:`check_names`), a scene the engine
            refuses, or a grid too large for one page (more than :data:`MAX_WORK` grid
            points × steps).
    """
    names = check_names(scene, vary)
    steps = int(STEPS.check(scene.steps))
    plans = []
    for run in scene.runs:
        resolved = run.resolved()
        own = {**resolved, "noise": run.noise, "batch_size": run.batch_size}
        axes = tuple(
            Axis(name, *slider_values(name, own[name])) for name in names if takes(run, name)
        )
        plans.append((run, axes, resolved))
    points = sum(math.prod(len(axis.values) for axis in axes) for _, axes, _ in plans)
    if points * (steps + 1) > MAX_WORK:
        raise ValueError(
            f"varying {', '.join(names)} makes {points:,} runs of {steps:,} steps, too many for "
            f"one page (at most {MAX_WORK:,} runs × steps): vary fewer names or take fewer steps"
        )
    return [_run_grid(scene, run, axes, resolved, steps) for run, axes, resolved in plans]


def _run_grid(
    scene: Scene, run: Run, axes: tuple[Axis, ...], resolved: dict[str, float], steps: int
) -> RunGrid:
    mesh = np.meshgrid(*(axis.values for axis in axes), indexing="ij")
    columns = {axis.name: values.ravel() for axis, values in zip(axes, mesh, strict=True)}
    trajectories = run_many(
        scene.surface_of(run),
        run,
        starts=[scene.start_of(run)] * mesh[0].size,
        steps=steps,
        **columns,
    )
    return RunGrid(run, axes, trajectories, resolved)
