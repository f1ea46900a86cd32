r"""Hyperparameter maps: one metric of a run over a grid of one or two hyperparameters.

Every setting of the grid is a row of one hyperparameter table, run in one jitted call by
:func:`.outcomes` (the runner's step, folded into how each run ends), so a 64 × 64 map of
500-step runs takes milliseconds, and new values on a grid of the same size are new data,
never a new compilation.

The metrics (``SWEEP_METRICS``: final loss, distance to the nearest minimum, steps to
tolerance, divergence step) and what an empty cell holds are catalogued in :mod:`.metrics`.
The grid's values replace the run spec's: a map of η around a run is
``sweep(surface, run_spec, grid={"lr": ...})``, and :meth:`Sweep.cell` is the spec of a
cell.

Example:
    >>> import numpy as np
    >>> from optiviz import optim
    >>> lrs = np.array([5e-3, 9e-3, 1.1e-2, 2e-2])  # the valley's 2/λ_max is 1e-2
    >>> edge = optim.sweep("valley", "gd", grid={"lr": lrs}, steps=2000, metric="diverged")
    >>> edge.values.tolist()
    [-1, -1, 1933, 321]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from optiviz import surfaces
from optiviz.surfaces import Surface
from optiviz.surfaces.analysis import distance_to_minimum, lowest_minimum_loss
from optiviz.surfaces.registry import unknown_name

from .hyperparameters import STEPS, Range
from .metrics import SWEEP_METRICS, Metric
from .outcomes import Outcomes
from .runs import MAX_SETTINGS, check_start, run_outcomes
from .spec import RunSpec, as_spec


class Axis(NamedTuple):
    """One swept hyperparameter.

    Attributes:
        name: Its keyword, e.g. ``"lr"`` or ``"gamma"`` (a schedule key).
        values: The values swept, in order.
        symbol: LaTeX, for axis labels.
        log: Whether the parameter is log-scaled (its slider, and a map's axis).
    """

    name: str
    values: np.ndarray
    symbol: str
    log: bool


class Sweep(NamedTuple):
    """A metric over a grid of settings.

    Attributes:
        surface: Surface name.
        metric: The :class:`~.metrics.Metric`.
        values: The metric, ``values[i, j]`` for ``axes[0].values[i]`` and
            ``axes[1].values[j]`` (shape (len(a),) for one axis). float64 for losses and
            distances, int64 for steps; ``metric.missing`` where a cell has no value.
        axes: The swept hyperparameters, one or two.
        diverged_at: Each run's divergence step (-1: none), same shape as ``values``.
        tolerance: The loss tolerance of ``steps-to-tolerance``.
        spec: The run spec every cell starts from; a cell's swept values replace its own.
        start: θ_0 of every run.
        steps: Updates per run.
    """

    surface: str
    metric: Metric
    values: np.ndarray
    axes: tuple[Axis, ...]
    diverged_at: np.ndarray
    tolerance: float
    spec: RunSpec
    start: tuple[float, float]
    steps: int

    @property
    def optimizer(self) -> str:
        """The optimizer's name."""
        return self.spec.optimizer

    @property
    def settings(self) -> dict[str, Any]:
        """What every cell shares, as JSON-ready data: start, steps, and the spec's
        settings (:meth:`~.spec.RunSpec.summary`) but the swept ones."""
        swept = {axis.name for axis in self.axes}
        shared = {"start": self.start, "steps": self.steps, **self.spec.summary()}
        return {name: value for name, value in shared.items() if name not in swept}

    def cell(self, *index: int) -> RunSpec:
        """The spec of the run at ``index``:
        ``optim.run(sweep.surface, sweep.cell(i, j), start=sweep.start, steps=sweep.steps)``
        is that run."""
        if len(index) != len(self.axes):
            raise ValueError(f"a cell of this sweep has {len(self.axes)} indices")
        values = {axis.name: axis.values[i] for axis, i in zip(self.axes, index, strict=True)}
        return self.spec.updated(**values)


def sweep(
    surface: str | Surface,
    optimizer: str | RunSpec,
    *,
    grid: Mapping[str, object],
    start: tuple[float, float] | None = None,
    steps: int = 500,
    metric: str = "final-loss",
    tolerance: float = 1e-3,
    **settings: object,
) -> Sweep:
    """Runs ``optimizer`` at every combination of the ``grid``'s values and measures each run.

    Args:
        surface: A surface or its registered name.
        optimizer: A :class:`~.spec.RunSpec`, or an optimizer name whose settings are the
            keywords. The grid's values replace the spec's.
        grid: One or two hyperparameters and their values, e.g.
            ``{"lr": np.geomspace(1e-4, 1, 64), "momentum": np.linspace(0, 0.99, 64)}``: any
            of the optimizer's hyperparameters, ``noise``, ``batch_size``, ``seed``, ``clip``,
            or a key of the schedule (``N``, ``gamma``, ``T``, ``floor``, ``warmup``).
        start: θ_0 of every run (the surface's default start when None).
        steps: Updates per run.
        metric: A key of ``SWEEP_METRICS``.
        tolerance: ``steps-to-tolerance``'s band above the lowest known minimum's loss.
        **settings: The fixed settings, as for :func:`optiviz.optim.run`.

    Returns:
        The :class:`Sweep`.

    Raises:
        ValueError: An unknown name, a value out of range (the message names it), a
            setting both swept and given in ``settings``, or a metric the surface cannot
            measure.
    """
    surface = surfaces.get(surface)
    if metric not in SWEEP_METRICS:
        raise ValueError(unknown_name("metric", metric, SWEEP_METRICS))
    tolerance = float(Range(0.0).check("tolerance", tolerance))
    if metric in ("distance", "steps-to-tolerance") and not surface.minima:
        raise ValueError(f"{metric}: surface {surface.name} has no known minimum")
    spec = as_spec(optimizer, settings)
    steps = int(STEPS.check(steps))
    start = check_start(surface.start if start is None else start)
    axes = _axes(grid, spec, settings)
    shape = tuple(len(axis.values) for axis in axes)
    cells = np.meshgrid(*(axis.values for axis in axes), indexing="ij")
    regions = None
    if metric == "steps-to-tolerance":
        regions = np.array([[0.0, 0.0, np.inf, lowest_minimum_loss(surface) + tolerance]])
    ends = run_outcomes(
        surface,
        spec,
        starts=np.tile(start, (math.prod(shape), 1)),
        steps=steps,
        per_run={axis.name: cell.ravel() for axis, cell in zip(axes, cells, strict=True)},
        regions=regions,
    )
    return Sweep(
        surface=surface.name,
        metric=SWEEP_METRICS[metric],
        values=_measure(metric, ends, surface).reshape(shape),
        axes=axes,
        diverged_at=ends.diverged_at.reshape(shape),
        tolerance=tolerance,
        spec=spec,
        start=start,
        steps=steps,
    )


def _axes(
    grid: Mapping[str, object], spec: RunSpec, given: Mapping[str, object]
) -> tuple[Axis, ...]:
    """The grid as axes over the settings ``spec`` takes, none of them ``given`` (values
    are checked with the table)."""
    if not isinstance(grid, Mapping) or not 1 <= len(grid) <= 2:
        raise ValueError("grid takes one or two hyperparameters, e.g. {'lr': [...]}")
    parameters = spec.parameters()
    axes = []
    for name, values in grid.items():
        if name not in parameters:
            kind = f"hyperparameter to sweep for {spec.optimizer}"
            raise ValueError(unknown_name(kind, name, parameters))
        if given.get(name) is not None:
            raise ValueError(f"{name} is both swept and fixed")
        try:
            array = np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be numbers, got {values!r}") from None
        if array.ndim != 1 or len(array) == 0:
            raise ValueError(f"{name} must be a non-empty list of numbers")
        parameter = parameters[name]
        axes.append(Axis(name, array, parameter.symbol, parameter.log))
    cells = math.prod(len(axis.values) for axis in axes)
    if cells > MAX_SETTINGS:
        raise ValueError(f"grid too large: {cells} settings, at most {MAX_SETTINGS}")
    return tuple(axes)


def _measure(metric: str, ends: Outcomes, surface: Surface) -> np.ndarray:
    diverged = ends.diverged_at >= 0
    if metric == "final-loss":
        return np.where(diverged, np.nan, ends.loss)
    if metric == "distance":
        return np.where(diverged, np.nan, distance_to_minimum(surface, ends.position))
    if metric == "steps-to-tolerance":
        return ends.settled_at[:, 0]
    return ends.diverged_at
