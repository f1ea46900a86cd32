r"""Hyperparameter maps: one metric of a run over a grid of one or two hyperparameters.

Every setting of the grid is a row of one hyperparameter table, run in one jitted call by
:func:`.outcomes` (the runner's step, folded into how each run ends), so a 64 × 64 map of
500-step runs takes milliseconds, and new values on a grid of the same size are new data,
never a new compilation.

Metrics (``SWEEP_METRICS``), for a run θ_0 … θ_T and the surface's known minima θ*_k:

* ``final-loss``: L(θ_T).
* ``distance``: min_k ‖θ_T − θ*_k‖.
* ``steps-to-tolerance``: the first step t with L(θ_s) ≤ min_k L(θ*_k) + tol for every
  s ≥ t: when the run settled, not when it first touched the band.
* ``diverged``: the step at which θ or L stopped being finite.

A cell without a value holds its metric's ``missing``: NaN for a loss or distance of a run
that diverged (``Sweep.diverged_at`` says when), -1 for a run that never settled or never
diverged.

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
from optiviz.surfaces.analysis import distance_to_minimum
from optiviz.surfaces.registry import unknown_name

from .hyperparameters import Range
from .optimizer import Optimizer
from .outcomes import Outcomes
from .schedules import KEYS, RANGES, Schedule
from .settings import MAX_SETTINGS, RUN_PARAMETERS, SCHEDULE_COLUMNS, RunSettings

SCHEDULE_SYMBOLS = {"N": "N", "gamma": r"\gamma", "T": "T", "floor": "f", "warmup": "W"}


class Metric(NamedTuple):
    """What a sweep measures of each run.

    Attributes:
        name: Key in ``SWEEP_METRICS`` and the CLI's ``--metric``.
        title: Short label, e.g. for a colour bar.
        symbol: The quantity as LaTeX.
        log: Whether a colour map should be logarithmic.
        missing: The value of a cell without one (NaN for losses and distances, -1 for steps).
    """

    name: str
    title: str
    symbol: str
    log: bool
    missing: float


SWEEP_METRICS = {
    metric.name: metric
    for metric in (
        Metric("final-loss", "final loss", r"L(\theta_T)", True, math.nan),
        Metric(
            "distance",
            "distance to the nearest minimum",
            r"\min_k \|\theta_T - \theta^*_k\|",
            True,
            math.nan,
        ),
        Metric(
            "steps-to-tolerance",
            "steps until the loss stays within the tolerance",
            r"\min\{t : L(\theta_s) \le L^* + \mathrm{tol}\ \forall s \ge t\}",
            False,
            -1,
        ),
        Metric("diverged", "step at which the run diverged", r"t_\mathrm{div}", False, -1),
    )
}


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
        optimizer: Optimizer name.
        metric: The :class:`Metric`.
        values: The metric, ``values[i, j]`` for ``axes[0].values[i]`` and
            ``axes[1].values[j]`` (shape (len(a),) for one axis). float64 for losses and
            distances, int64 for steps; ``metric.missing`` where a cell has no value.
        axes: The swept hyperparameters, one or two.
        diverged_at: Each run's divergence step (-1: none), same shape as ``values``.
        tolerance: The loss tolerance of ``steps-to-tolerance``.
        settings: Keyword arguments of :func:`optiviz.optim.run` shared by every cell
            (start, steps, convention, schedule, noise, batch size, seed, clip, and the
            optimizer's hyperparameters that were not swept, defaults filled in).
    """

    surface: str
    optimizer: str
    metric: Metric
    values: np.ndarray
    axes: tuple[Axis, ...]
    diverged_at: np.ndarray
    tolerance: float
    settings: dict[str, Any]

    def setting(self, *index: int) -> dict[str, Any]:
        """The keyword arguments of :func:`optiviz.optim.run` for the cell at ``index``:
        ``optim.run(sweep.surface, sweep.optimizer, **sweep.setting(i, j))`` is that run."""
        if len(index) != len(self.axes):
            raise ValueError(f"a cell of this sweep has {len(self.axes)} indices")
        setting = dict(self.settings)
        schedule = Schedule.parse(setting["schedule"])
        for axis, i in zip(self.axes, index, strict=True):
            value = float(axis.values[i])
            if axis.name in SCHEDULE_COLUMNS:
                schedule = schedule._replace(**{axis.name: _schedule_value(axis.name, value)})
            elif axis.name in ("batch_size", "seed"):
                setting[axis.name] = int(value)
            else:
                setting[axis.name] = value
        setting["schedule"] = str(schedule)
        return setting


def sweep(
    surface: str | Surface,
    optimizer: str,
    *,
    grid: Mapping[str, object],
    start: tuple[float, float] | None = None,
    steps: int = 500,
    metric: str = "final-loss",
    tolerance: float = 1e-3,
    lr: float | None = None,
    schedule: Schedule | str | None = None,
    convention: str = "torch",
    noise: float = 0.0,
    batch_size: int | None = None,
    seed: int = 0,
    clip: float | None = None,
    **hyperparameters: float,
) -> Sweep:
    """Runs ``optimizer`` at every combination of the ``grid``'s values and measures each run.

    Args:
        surface: A surface or its registered name.
        optimizer: An optimizer name.
        grid: One or two hyperparameters and their values, e.g.
            ``{"lr": np.geomspace(1e-4, 1, 64), "momentum": np.linspace(0, 0.99, 64)}``: any
            of the optimizer's hyperparameters, ``noise``, ``batch_size``, ``seed``, ``clip``,
            or a key of the schedule (``N``, ``gamma``, ``T``, ``floor``, ``warmup``).
        start: θ_0 of every run (the surface's default start when None).
        steps: Updates per run.
        metric: A key of ``SWEEP_METRICS``.
        tolerance: ``steps-to-tolerance``'s band above the lowest known minimum's loss.
        lr, schedule, convention, noise, batch_size, seed, clip, **hyperparameters: The
            fixed settings, as for :func:`optiviz.optim.run`.

    Returns:
        The :class:`Sweep`.

    Raises:
        ValueError: An unknown name, a value out of range (the message names it), a
            hyperparameter both swept and fixed, or a metric the surface cannot measure.
    """
    surface = surfaces.get(surface)
    if metric not in SWEEP_METRICS:
        raise ValueError(unknown_name("metric", metric, SWEEP_METRICS))
    tolerance = float(Range(0.0).check("tolerance", tolerance))
    if metric in ("distance", "steps-to-tolerance") and not surface.minima:
        raise ValueError(f"{metric}: surface {surface.name} has no known minimum")
    run = RunSettings.make(
        surface,
        optimizer,
        start=start,
        steps=steps,
        lr=lr,
        schedule=schedule,
        convention=convention,
        noise=noise,
        batch_size=batch_size,
        seed=seed,
        clip=clip,
        hyperparameters=hyperparameters,
    )
    fixed = {"lr": lr, "batch_size": batch_size, "clip": clip, **hyperparameters}
    fixed |= {"noise": noise or None, "seed": seed or None}
    axes = _axes(grid, run.optimizer, run.schedule, fixed)
    shape = tuple(len(axis.values) for axis in axes)
    cells = np.meshgrid(*(axis.values for axis in axes), indexing="ij")
    values = run.values({axis.name: cell.ravel() for axis, cell in zip(axes, cells, strict=True)})
    regions = None
    if metric == "steps-to-tolerance":
        regions = np.array([[0.0, 0.0, np.inf, _lowest_loss(surface) + tolerance]])
    ends = run.outcomes(surface, values, np.tile(run.start, (math.prod(shape), 1)), regions)
    return Sweep(
        surface=surface.name,
        optimizer=run.optimizer.name,
        metric=SWEEP_METRICS[metric],
        values=_measure(metric, ends, surface).reshape(shape),
        axes=axes,
        diverged_at=ends.diverged_at.reshape(shape),
        tolerance=tolerance,
        settings={k: v for k, v in run.settings().items() if k not in grid},
    )


def _axes(
    grid: Mapping[str, object],
    opt: Optimizer,
    schedule: Schedule,
    fixed: Mapping[str, object],
) -> tuple[Axis, ...]:
    """The grid as checked axes (values are checked with the table)."""
    if not isinstance(grid, Mapping) or not 1 <= len(grid) <= 2:
        raise ValueError("grid takes one or two hyperparameters, e.g. {'lr': [...]}")
    parameters = {p.name: p for p in opt.parameters} | RUN_PARAMETERS
    keys = KEYS[schedule.kind]
    choices = [*parameters, *keys]
    axes = []
    for name, values in grid.items():
        if name not in parameters and name not in keys:
            raise ValueError(unknown_name(f"hyperparameter to sweep for {opt.name}", name, choices))
        if fixed.get(name) is not None:
            raise ValueError(f"{name} is both swept and fixed")
        try:
            array = np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be numbers, got {values!r}") from None
        if array.ndim != 1 or len(array) == 0:
            raise ValueError(f"{name} must be a non-empty list of numbers")
        if name in parameters:
            axes.append(Axis(name, array, parameters[name].symbol, parameters[name].log))
        else:
            axes.append(Axis(name, array, SCHEDULE_SYMBOLS[name], False))
    cells = math.prod(len(axis.values) for axis in axes)
    if cells > MAX_SETTINGS:
        raise ValueError(f"grid too large: {cells} settings, at most {MAX_SETTINGS}")
    return tuple(axes)


def _schedule_value(key: str, value: float) -> float | int:
    return int(value) if RANGES[key].integer else value


def _lowest_loss(surface: Surface) -> float:
    """The lowest loss among the surface's known minima."""
    return min(float(surface.loss(np.asarray(m, dtype=np.float64))) for m in surface.minima)


def _measure(metric: str, ends: Outcomes, surface: Surface) -> np.ndarray:
    diverged = ends.diverged_at >= 0
    if metric == "final-loss":
        return np.where(diverged, np.nan, ends.loss)
    if metric == "distance":
        return np.where(diverged, np.nan, distance_to_minimum(surface, ends.position))
    if metric == "steps-to-tolerance":
        return ends.settled_at[:, 0]
    return ends.diverged_at
