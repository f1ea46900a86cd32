r"""The Maps view's settings: which row is mapped over which hyperparameters, and overlays.

:class:`MapState` is part of the app's state (``AppState.maps``) and of its URL:

* ``view=maps``: the map beside the surface plot (default: the trajectories alone);
* ``map_run=2``: the optimizer row that maps, basins and seed fans use (1 = the first);
* ``map_x=lr:0.0001:1``, ``map_y=momentum:0:0.99`` (or ``map_y=none``, a 1-D curve): the
  swept hyperparameters and their ranges (a bare name takes its default range);
* ``map_metric=distance``, ``map_cells=64``, ``map_tol=0.01``: what each cell measures, how
  many cells an axis has, the loss band of ``steps-to-tolerance``;
* ``basins=1``, ``fan=1``: the basin overlay and the seed fan on the surface plot.

An axis is any number a row's run takes: η, the optimizer's own hyperparameters, the noise
σ, the batch size B, the clipping norm, or a key of the row's schedule. The maps run on the
engine's :func:`optiviz.optim.sweep`, :func:`optiviz.optim.basins` and
:func:`optiviz.optim.seed_fan` with the row's other settings.

Example:
    >>> from optiviz.app.state import RunState
    >>> row = RunState(optimizer="momentum", lr=0.01)
    >>> maps = MapState()
    >>> maps.fit([row], steps=500)
    >>> maps.x, maps.x_range, maps.y, maps.y_range
    ('lr', (0.0001, 1.0), 'momentum', (0.0, 0.99))
    >>> maps.grid(row, 500, cells=3)["lr"].tolist()
    [0.0001, 0.01, 1.0]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import param

from optiviz import optim
from optiviz.optim.hyperparameters import BATCH_SIZE, CLIP, NOISE, Range
from optiviz.optim.schedules import DEFAULT_GAMMA, RANGES
from optiviz.optim.schedules import KEYS as SCHEDULE_KEYS
from optiviz.optim.sweep import SCHEDULE_SYMBOLS

from .theme import MAX_RUNS

if TYPE_CHECKING:
    from .state import RunState

VIEWS = ("trajectories", "maps")
CELLS = (16, 32, 48, 64, 96, 128)
"""Cells per axis a user can pick."""
SMALLER_CELLS = (8, 12)
"""Further sizes a map shrinks to when its runs are too costly."""
CURVE_POINTS = 4
"""A 1-D map has this many points per cell of the chosen resolution."""
NONE = "none"
METRICS = tuple(optim.SWEEP_METRICS)
MAP_KEYS = frozenset(
    {"view", "map_run", "map_x", "map_y", "map_metric", "map_cells", "map_tol", "basins", "fan"}
)
"""The URL keys of this module."""
TOLERANCE = Range(0.0, low_open=True)

LABELS = {
    "lr": "η (learning rate)",
    "momentum": "λ (momentum)",
    "alpha": "α (RMSProp)",
    "beta1": "β₁ (Adam)",
    "beta2": "β₂ (Adam)",
    "eps": "ε",
    "weight_decay": "λ_wd (weight decay)",
    "noise": "σ (gradient noise)",
    "batch_size": "B (batch size)",
    "clip": "c (clip ‖g‖)",
    "N": "N (decay every N steps)",
    "gamma": "γ (decay factor)",
    "T": "T (cosine period)",
    "floor": "f (cosine floor)",
    "warmup": "W (warmup steps)",
}
"""Widget labels of the axes."""
SECOND_AXIS = {"momentum": "momentum", "nesterov": "momentum", "rmsprop": "alpha"}
"""The default second axis of an optimizer (η is the first; none: a 1-D curve)."""
SECOND_AXIS |= {"adam": "beta1", "adamw": "beta1"}


class AxisSpec(NamedTuple):
    """A hyperparameter a map can sweep.

    Attributes:
        name: The engine's keyword (``"lr"``, ``"beta2"``, ``"warmup"``, …).
        label: Widget text.
        symbol: LaTeX.
        log: Whether the axis is logarithmic.
        valid: The values the engine accepts.
        integer: Whether values are whole numbers.
    """

    name: str
    label: str
    symbol: str
    log: bool
    valid: Range
    integer: bool

    def check(self, low: float, high: float) -> tuple[float, float]:
        """A range ``low < high`` of valid values (ValueError otherwise)."""
        for value in (low, high):
            self.valid.check(self.name, value)
        if not low < high:
            raise ValueError(f"{self.name}: expected FROM < TO, got {low:g} and {high:g}")
        if self.log and low <= 0:
            raise ValueError(f"{self.name}: a log axis needs FROM > 0, got {low:g}")
        return (float(low), float(high))

    def values(self, low: float, high: float, n: int) -> np.ndarray:
        """``n`` values from ``low`` to ``high`` (geometric on a log axis; whole numbers,
        each once, on an integer axis)."""
        values = np.geomspace(low, high, n) if self.log else np.linspace(low, high, n)
        return np.unique(np.round(values)) if self.integer else values


def axis_choices(run: RunState) -> dict[str, AxisSpec]:
    """The axes a map of ``run`` may sweep, in menu order."""
    opt = optim.get(run.optimizer, run.convention)
    records = [*opt.parameters, NOISE, BATCH_SIZE, CLIP]
    choices = {
        p.name: AxisSpec(p.name, LABELS[p.name], p.symbol, p.log, p.range, p.name == "batch_size")
        for p in records
    }
    for key in SCHEDULE_KEYS[run.schedule]:
        rng = RANGES[key]
        choices[key] = AxisSpec(key, LABELS[key], SCHEDULE_SYMBOLS[key], False, rng, rng.integer)
    return choices


def current_value(run: RunState, name: str, steps: int) -> float | None:
    """The row's value of axis ``name`` as its run uses it (None: off, e.g. no clipping)."""
    if name == "gamma":
        return run.gamma if run.gamma is not None else DEFAULT_GAMMA.get(run.schedule, 1.0)
    if name == "T":
        return float(run.T if run.T is not None else steps)
    if name in ("batch_size", "clip"):
        return float(getattr(run, name)) or None
    return float(getattr(run, name))


def default_range(run: RunState, name: str, steps: int) -> tuple[float, float]:
    """A range that shows what ``name`` does: η over four decades around the row's value,
    coefficients over their useful span, step counts over the run."""
    value = current_value(run, name, steps)
    fixed = {
        "momentum": (0.0, 0.99),
        "alpha": (0.5, 0.999),
        "beta1": (0.0, 0.99),
        "beta2": (0.9, 0.9999),
        "eps": (1e-10, 1.0),
        "weight_decay": (0.0, 1.0),
        "batch_size": (1.0, 256.0),
        "floor": (0.0, 1.0),
        "gamma": (0.9, 1.0) if run.schedule == "exp" else (0.1, 1.0),
        "N": (1.0, float(max(steps, 2))),
        "T": (float(max(steps // 10, 1)), float(max(2 * steps, 2))),
        "warmup": (0.0, float(max(steps // 2, 1))),
    }
    if name in fixed:
        return fixed[name]
    if name == "noise":
        return (0.0, max(1.0, 4 * (value or 0.0)))
    centre = value or 1.0  # lr, clip
    return (centre / 100, centre * 100)


def default_axes(optimizer: str) -> tuple[str, str]:
    """η, and the optimizer's best-known coefficient (``none`` for GD and AdaGrad)."""
    return "lr", SECOND_AXIS.get(optimizer, NONE)


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

    def query(self) -> list[tuple[str, str]]:
        """The URL pairs of these settings (defaults left out)."""
        pairs: list[tuple[str, str]] = []
        maps = self.view == "maps"
        if maps:
            pairs.append(("view", "maps"))
        if self.row and (maps or self.basins or self.fan):
            pairs.append(("map_run", str(self.row + 1)))
        if maps:
            pairs.append(("map_x", _axis_text(self.x, self.x_range)))
            pairs.append(("map_y", _axis_text(self.y, self.y_range)))
            defaults = MapState()
            for key, name in (("map_metric", "metric"), ("map_cells", "cells")):
                if getattr(self, name) != getattr(defaults, name):
                    pairs.append((key, str(getattr(self, name))))
            if self.tolerance != defaults.tolerance:
                pairs.append(("map_tol", f"{self.tolerance:.10g}"))
        pairs += [(key, "1") for key in ("basins", "fan") if getattr(self, key)]
        return pairs

    def read(
        self, values: Mapping[str, Sequence[str]], runs: Sequence[RunState], steps: int
    ) -> list[str]:
        """Takes the settings from URL ``values`` (each key's texts, the last one counts),
        for the scene's ``runs``; returns a notice for each value refused (it keeps its
        default)."""
        notices: list[str] = []

        def last(key: str) -> str | None:
            found = values.get(key)
            return found[-1] if found else None

        def read(key: str, parse: Callable[[str], Any]) -> Any:
            text = last(key)
            if text is None:
                return None
            try:
                return parse(text)
            except Exception as error:  # a URL is untrusted: any failure is a notice
                message = str(error) if isinstance(error, ValueError) else "not valid"
                notices.append(f"{key}: {message[:80]}")
                return None

        updates: dict[str, Any] = {}
        for key, name, parse in (
            ("view", "view", lambda t: _one_of(t, VIEWS)),
            ("map_metric", "metric", lambda t: _one_of(t, METRICS)),
            ("map_cells", "cells", lambda t: CELLS[_one_of(t, tuple(map(str, CELLS)), True)]),
            ("map_tol", "tolerance", lambda t: TOLERANCE.check("tolerance", t)),
            ("basins", "basins", _flag),
            ("fan", "fan", _flag),
        ):
            value = read(key, parse)
            if value is not None:
                updates[name] = value
        row = read("map_run", lambda t: _row(t, len(runs)))
        self.param.update(updates, row=row or 0)
        run = runs[self.row]
        choices = axis_choices(run)
        axes = {
            key: read(key, lambda t, second=key == "map_y": _axis(t, choices, second))
            for key in ("map_x", "map_y")
        }
        x_default, y_default = default_axes(run.optimizer)
        x = axes["map_x"] or (x_default, None)
        y = axes["map_y"] or (y_default if y_default != x[0] else NONE, None)
        if y[0] == x[0]:
            notices.append(f"map_y: {y[0]} is already the first axis")
            y = (y_default if y_default != x[0] else NONE, None)
        self.param.update(x=x[0], y=y[0])
        self.fit(runs, steps, reset=True)
        ranges = {key: axis[1] for key, axis in (("x_range", x), ("y_range", y)) if axis[1]}
        self.param.update(ranges)
        return notices


def _valid_range(spec: AxisSpec, values: Sequence[float]) -> tuple[float, float] | None:
    try:
        return spec.check(*values)
    except ValueError:
        return None


def _axis_text(name: str, values: Sequence[float]) -> str:
    if name == NONE:
        return NONE
    low, high = values
    return f"{name}:{low:.10g}:{high:.10g}"


def _axis(
    text: str, choices: Mapping[str, AxisSpec], second: bool
) -> tuple[str, tuple[float, float] | None]:
    """``NAME[:FROM:TO]`` of the row's axes (``none`` for the second)."""
    name, _, rest = text.partition(":")
    if second and name == NONE and not rest:
        return (NONE, None)
    if name not in choices:
        raise ValueError(f"expected one of {', '.join(choices)}, got {text[:20]!r}")
    if not rest:
        return (name, None)
    parts = rest.split(":")
    if len(parts) != 2:
        raise ValueError(f"expected NAME:FROM:TO, got {text[:40]!r}")
    try:
        low, high = (float(part) for part in parts)
    except ValueError:
        raise ValueError(f"expected numbers FROM:TO, got {rest[:40]!r}") from None
    return (name, choices[name].check(low, high))


def _one_of(text: str, options: Sequence[str], index: bool = False) -> Any:
    if text not in options:
        raise ValueError(f"expected one of {', '.join(options)}, got {text[:20]!r}")
    return options.index(text) if index else text


def _row(text: str, rows: int) -> int:
    try:
        row = int(text)
    except ValueError:
        row = 0
    if not 1 <= row <= rows:
        raise ValueError(f"expected a row from 1 to {rows}, got {text[:20]!r}")
    return row - 1


def _flag(text: str) -> bool:
    if text.lower() not in ("0", "1", "true", "false", ""):
        raise ValueError(f"expected 1 or 0, got {text[:20]!r}")
    return text.lower() in ("1", "true", "")
