r"""The hyperparameters a map can sweep, for one optimizer row.

An axis is any number a row's run takes: η, the optimizer's own hyperparameters, the noise
σ, the batch size B, the clipping norm, or a key of the row's schedule. Each has a label, a
scale and the values the engine accepts (:class:`AxisSpec`); :func:`default_range` gives
the span that shows what it does, around the row's current value (:func:`current_value`).

Example:
    >>> from optiviz.app.web.state import RunState
    >>> row = RunState(optimizer="adam", lr=0.01)
    >>> default_axes(row.optimizer), default_range(row, "lr", steps=500)
    (('lr', 'beta1'), (0.0001, 1.0))
    >>> axis_choices(row)["beta2"].values(0.9, 0.999, 3).tolist()
    [0.9, 0.9495, 0.999]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from optiviz import optim
from optiviz.app.display.axis_labels import PARAMETER_LABELS as LABELS
from optiviz.optim.hyperparameters import BATCH_SIZE, CLIP, NOISE, Range
from optiviz.optim.schedules import DEFAULT_GAMMA, ENTRIES
from optiviz.optim.schedules import KEYS as SCHEDULE_KEYS

if TYPE_CHECKING:
    from optiviz.app.web.state import RunState

NONE = "none"
"""The second axis of a 1-D map (a curve)."""
SECOND_AXIS = {
    "momentum": "momentum",
    "nesterov": "momentum",
    "rmsprop": "alpha",
    "adam": "beta1",
    "adamw": "beta1",
}
"""The default second axis of an optimizer (η is the first; none: a 1-D curve)."""


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
        rng = ENTRIES[key].range
        choices[key] = AxisSpec(key, LABELS[key], ENTRIES[key].symbol, False, rng, rng.integer)
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
