r"""Map axes: the settings of a run a map can sweep, their values and default ranges.

An axis is any number a run takes: η, the optimizer's coefficients, the noise σ, the batch
size B, the clipping norm, or a key of the run's schedule. Each comes with its label, scale
and the values the engine accepts (:class:`AxisSpec`, from the catalogue in
:mod:`.hyperparameters`); :func:`default_range` gives the span that shows what it does,
around the run's current value (:func:`current_value`), and :func:`default_axes` the pair a
new map starts with. All of it is over the engine's :class:`~.spec.RunSpec`, so the app, the
CLI and notebooks share it.

Example:
    >>> from optiviz.optim.spec import RunSpec
    >>> run = RunSpec("adam", lr=0.01)
    >>> default_axes(run.optimizer), default_range(run, "lr", steps=500)
    (('lr', 'beta1'), (0.0001, 1.0))
    >>> axis_choices(run)["beta2"].values(0.9, 0.999, 3).tolist()
    [0.9, 0.9495, 0.999]
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optiviz.surfaces.registry import unknown_name

from . import optimizer as optimizers
from .hyperparameters import HyperParameter, Range
from .spec import RunSpec

NONE = "none"
"""The second axis of a 1-D map (a curve)."""
HIDDEN = frozenset({"seed"})
"""Settings a sweep takes but a map's menu leaves out (a map over seeds shows noise only)."""


class AxisSpec(NamedTuple):
    """A setting a map can sweep.

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

    @classmethod
    def of(cls, parameter: HyperParameter) -> AxisSpec:
        """The axis of a catalogue entry."""
        p = parameter
        return cls(p.name, p.label, p.symbol, p.log, p.range, p.integer)

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


def axis_choices(spec: RunSpec) -> dict[str, AxisSpec]:
    """The axes a map of ``spec`` may sweep, in menu order: η and the optimizer's
    coefficients, noise, batch size and clipping, and the keys of its schedule."""
    parameters = spec.parameters()
    return {name: AxisSpec.of(p) for name, p in parameters.items() if name not in HIDDEN}


def current_value(spec: RunSpec, name: str, steps: int) -> float | None:
    """The value of axis ``name`` as a run of ``spec`` uses it (None: off, e.g. no
    clipping, or the full batch).

    Raises:
        ValueError: A name that ``spec`` does not take.
    """
    _parameter(spec, name)
    value = spec.columns(steps)[name]
    if (name == "batch_size" and value == 0) or (name == "clip" and value == np.inf):
        return None
    return float(value)


def default_range(spec: RunSpec, name: str, steps: int) -> tuple[float, float]:
    """A range that shows what ``name`` does: η (and the clipping norm) over four decades
    around the run's value, the noise from none to four times the run's, step counts over
    the run's length, the rest over its span in the catalogue.

    Raises:
        ValueError: A name that ``spec`` does not take.
    """
    value = current_value(spec, name, steps)
    relative = {
        "N": (1.0, float(max(steps, 2))),
        "T": (float(max(steps // 10, 1)), float(max(2 * steps, 2))),
        "warmup": (0.0, float(max(steps // 2, 1))),
        "noise": (0.0, max(1.0, 4 * (value or 0.0))),
        "gamma": (0.9, 1.0) if spec.schedule.kind == "exp" else None,
    }
    if relative.get(name) is not None:
        return relative[name]
    ui = _parameter(spec, name).ui
    if name in ("lr", "clip") or ui is None:
        centre = value or 1.0
        return (centre / 100, centre * 100)
    return (ui.low, ui.high)


def default_axes(optimizer: str) -> tuple[str, str]:
    """η, and the optimizer's first coefficient on a linear scale, its best-known
    (momentum λ, RMSProp α, Adam β₁); ``none`` for one without (GD, AdaGrad).

    Example:
        >>> default_axes("momentum"), default_axes("adagrad")
        (('lr', 'momentum'), ('lr', 'none'))
    """
    own = optimizers.get(optimizer).hyperparameters
    return "lr", next((p.name for p in own if not p.log), NONE)


def _parameter(spec: RunSpec, name: str) -> HyperParameter:
    parameters = spec.parameters()
    if name not in parameters:
        raise ValueError(unknown_name(f"axis for {spec.optimizer}", name, parameters))
    return parameters[name]
