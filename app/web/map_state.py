r"""The Maps view's settings: which row is mapped over which hyperparameters, and overlays.

:class:`MapState` is part of the app's state (``AppState.maps``) and of its URL
(:func:`.url.map_pairs` writes it, :func:`.url.parse_query` reads it back):

* ``view=maps``: the map beside the surface plot (default: the trajectories alone;
  ``view=3d``: the 3-D view beside it, see :mod:`.terrain`);
* ``map_run=2``: the optimizer row that maps, basins and seed fans use (1 = the first);
* ``map_x=lr:0.0001:1``, ``map_y=momentum:0:0.99`` (or ``map_y=none``, a 1-D curve): the
  swept hyperparameters and their ranges (a bare name takes its default range);
* ``map_metric=distance``, ``map_cells=64``, ``map_tol=0.01``: what each cell measures, how
  many cells an axis has, the loss band of ``steps-to-tolerance``;
* ``basins=1``, ``fan=1``: the basin overlay and the seed fan on the surface plot.

The axes a row offers are those of :mod:`.map_axes`. The maps run on the engine's
:func:`optiviz.optim.sweep`, :func:`optiviz.optim.basins` and :func:`optiviz.optim.seed_fan`
with the row's other settings.

Example:
    >>> from optiviz.app.web.state import RunState
    >>> row = RunState(optimizer="momentum", lr=0.01)
    >>> maps = MapState()
    >>> maps.fit([row], steps=500)
    >>> maps.x, maps.x_range, maps.y, maps.y_range
    ('lr', (0.0001, 1.0), 'momentum', (0.0, 0.99))
    >>> maps.grid(row, 500, cells=3)["lr"].tolist()
    [0.0001, 0.01, 1.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import param

from optiviz import optim
from optiviz.app.display.theme import MAX_RUNS
from optiviz.app.web.map_axes import NONE, AxisSpec, axis_choices, default_axes, default_range
from optiviz.optim.hyperparameters import Range

if TYPE_CHECKING:
    from optiviz.app.web.state import RunState

VIEWS = ("trajectories", "maps", "3d")
CELLS = (16, 32, 48, 64, 96, 128)
"""Cells per axis a user can pick."""
SMALLER_CELLS = (8, 12)
"""Further sizes a map shrinks to when its runs are too costly."""
CURVE_POINTS = 4
"""A 1-D map has this many points per cell of the chosen resolution."""
METRICS = tuple(optim.SWEEP_METRICS)
MAP_KEYS = frozenset(
    {"view", "map_run", "map_x", "map_y", "map_metric", "map_cells", "map_tol", "basins", "fan"}
)
"""The URL keys of this module."""
TOLERANCE = Range(0.0, low_open=True)


class MapState(param.Parameterized):
    """What the Maps view and the surface overlays show; see the module docstring."""

    view = param.Selector(default="trajectories", objects=list(VIEWS))
    row = param.Integer(default=0, bounds=(0, MAX_RUNS - 1), doc="the mapped row (0-based)")
    x = param.String(default="lr", doc="first swept hyperparameter")
    x_range = param.NumericTuple(default=(1e-4, 1.0), length=2)
    y = param.String(default="momentum", doc="second one, or 'none'")
    y_range = param.NumericTuple(default=(0.0, 0.99), length=2)
    metric = param.Selector(default="final-loss", objects=list(METRICS))
    cells = param.Selector(default=48, objects=list(CELLS))
    tolerance = param.Number(default=1e-3, bounds=(0, None), inclusive_bounds=(False, True))
    basins = param.Boolean(default=False, doc="basin overlay")
    fan = param.Boolean(default=False, doc="seed fan")

    def axes(self) -> tuple[str, ...]:
        """The swept names: one or two."""
        return (self.x,) if self.y == NONE else (self.x, self.y)

    def fit(self, runs: Sequence[RunState], steps: int, reset: bool = False) -> None:
        """Makes the settings valid for ``runs``: the row exists, its optimizer takes both
        axes, and their ranges are valid (else: the defaults). ``reset`` also gives the
        ranges their defaults around the row's current values."""
        row = self.row if self.row < len(runs) else 0
        run = runs[row]
        choices = axis_choices(run)
        x_default, y_default = default_axes(run.optimizer)
        x = self.x if self.x in choices else x_default
        y = self.y if self.y in choices or self.y == NONE else y_default
        if y == x:
            y = y_default if y_default != x else NONE
        values: dict[str, Any] = {"row": row, "x": x, "y": y}
        for axis, key in ((x, "x_range"), (y, "y_range")):
            if axis == NONE:
                continue
            same = not reset and axis == getattr(self, key[0])
            kept = _valid_range(choices[axis], getattr(self, key)) if same else None
            values[key] = kept or default_range(run, axis, steps)
        self.param.update(values)

    def grid(self, run: RunState, steps: int, cells: int | None = None) -> dict[str, np.ndarray]:
        """The swept values, ``{name: values}`` (a 1-D map has ``CURVE_POINTS`` per cell)."""
        choices = axis_choices(run)
        n = cells or self.cells
        if self.y == NONE:
            n *= CURVE_POINTS
        ranges = {self.x: self.x_range, self.y: self.y_range}
        return {name: choices[name].values(*ranges[name], n) for name in self.axes()}


def _valid_range(spec: AxisSpec, values: Sequence[float]) -> tuple[float, float] | None:
    try:
        return spec.check(*values)
    except ValueError:
        return None
