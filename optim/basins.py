"""Basins of attraction: from every start on a grid over the plot, which minimum a run ends in.

All resolution² runs are one call of :func:`.outcomes` (one row of the table per start, the
same hyperparameters in every row). A run ends in minimum k when θ_T lies within ``radius``
of it, or when it ends, and stayed, on k's level, L(θ_T) = L(m_k) within a relative 10⁻⁶,
with k the nearest such minimum: minima are not always isolated (on the course's saddle
every point of w1·w2 = 1 is one, and ``minima`` lists two of them). Its ``steps`` are those
it needed to get there and stay.

Example:
    >>> from optiviz import optim
    >>> basins = optim.basins("himmelblau", "gd", resolution=20, steps=200, lr=0.01)
    >>> sorted(set(basins.minimum.ravel().tolist()))
    [0, 1, 2, 3]
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from optiviz import surfaces
from optiviz.surfaces import Surface

from .hyperparameters import STEPS, Range
from .runs import MAX_SETTINGS, run_outcomes
from .spec import RunSpec, as_spec

NONE = -1
"""``Basins.minimum`` of a start whose run ended near no known minimum."""
DIVERGED = -2
"""``Basins.minimum`` of a start whose run diverged."""

RADIUS = 0.01
"""The default radius, as a fraction of the diagonal of the surface's bounds."""

LEVEL_TOLERANCE = 1e-6
"""Relative tolerance on the loss for a run that ends on a minimum's level away from it."""

RESOLUTION = Range(2.0, math.isqrt(MAX_SETTINGS), integer=True)


class Basins(NamedTuple):
    """Which known minimum each start on an n × n grid ends in.

    The layout is that of :func:`optiviz.surfaces.grid`: cell [i, j] is the start
    (``w1[j]``, ``w2[i]``), so the maps overlay a contour plot of the same bounds.

    Attributes:
        surface: Surface name.
        w1: The starts' w1 values, shape (n,).
        w2: The starts' w2 values, shape (n,).
        minimum: Index into ``minima`` of the minimum the run ended in; ``NONE`` (-1) when
            it ended near none, ``DIVERGED`` (-2) when it diverged. Shape (n, n).
        steps: The step from which the run stayed within ``radius`` of that minimum;
            -1 where ``minimum`` is negative. Shape (n, n).
        minima: The surface's known minima, shape (K, 2).
        radius: How close θ_T must be to a minimum to count as in it.
        spec: The run spec of every start.
        steps_per_run: Updates per run.
    """

    surface: str
    w1: np.ndarray
    w2: np.ndarray
    minimum: np.ndarray
    steps: np.ndarray
    minima: np.ndarray
    radius: float
    spec: RunSpec
    steps_per_run: int

    @property
    def optimizer(self) -> str:
        """The optimizer's name."""
        return self.spec.optimizer

    @property
    def settings(self) -> dict[str, Any]:
        """What every run shares, as JSON-ready data: steps and the spec's settings
        (:meth:`~.spec.RunSpec.summary`)."""
        return {"steps": self.steps_per_run, **self.spec.summary()}


def basins(
    surface: str | Surface,
    optimizer: str | RunSpec,
    *,
    resolution: int = 100,
    steps: int = 500,
    radius: float | None = None,
    **settings: object,
) -> Basins:
    """Runs ``optimizer`` from every start of a ``resolution`` × ``resolution`` grid over
    the surface's bounds and reports which known minimum each run ends in.

    Args:
        surface: A surface or its registered name; it must have known minima.
        optimizer: A :class:`~.spec.RunSpec`, or an optimizer name whose settings are the
            keywords.
        resolution: Starts per axis, 2 … 1024.
        steps: Updates per run.
        radius: How close θ_T must be to a minimum (default: 1% of the bounds' diagonal).
        **settings: As for :func:`optiviz.optim.run`, the same for every start.

    Raises:
        ValueError: An unknown name or a value out of range (the message names it), or a
            surface without known minima.
    """
    surface = surfaces.get(surface)
    if not surface.minima:
        raise ValueError(f"surface {surface.name} has no known minimum")
    n = int(RESOLUTION.check("resolution", resolution))
    x0, x1, y0, y1 = surface.bounds
    if radius is None:
        radius = RADIUS * math.hypot(x1 - x0, y1 - y0)
    radius = float(Range(0.0, low_open=True).check("radius", radius))
    spec = as_spec(optimizer, settings)
    steps = int(STEPS.check(steps))
    w1, w2 = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    grid_w1, grid_w2 = np.meshgrid(w1, w2)
    starts = np.stack([grid_w1.ravel(), grid_w2.ravel()], axis=1)
    minima = np.asarray(surface.minima, dtype=np.float64)
    levels = np.array([float(surface.loss(m)) for m in minima])
    tolerance = LEVEL_TOLERANCE * (1 + np.abs(levels))
    near = np.column_stack([minima, np.full(len(minima), radius), np.full(len(minima), np.inf)])
    level = np.column_stack([minima, np.full(len(minima), np.inf), levels + tolerance])
    regions = np.concatenate([near, level])
    ends = run_outcomes(surface, spec, starts=starts, steps=steps, regions=regions)
    k = len(minima)
    on_level = (ends.settled_at[:, k:] >= 0) & (np.abs(ends.loss[:, None] - levels) <= tolerance)
    settled = np.where(ends.settled_at[:, :k] >= 0, ends.settled_at[:, :k], -1)
    settled = np.where((settled < 0) & on_level, ends.settled_at[:, k:], settled)
    # The nearest minimum among those the run ended in.
    squared = np.sum((ends.position[:, None, :] - minima) ** 2, axis=-1)
    nearest = np.argmin(np.where(settled >= 0, squared, np.inf), axis=1)
    settled = settled[np.arange(len(starts)), nearest]
    minimum = np.where(settled >= 0, nearest, NONE)
    minimum = np.where(ends.diverged_at >= 0, DIVERGED, minimum)
    return Basins(
        surface=surface.name,
        w1=w1,
        w2=w2,
        minimum=minimum.reshape(n, n),
        steps=np.where(minimum >= 0, settled, -1).reshape(n, n),
        minima=minima,
        radius=radius,
        spec=spec,
        steps_per_run=steps,
    )
