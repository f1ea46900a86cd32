r"""The hyperparameters a map can sweep, for one optimizer row: the engine's map axes
(:mod:`optiviz.optim.axes`) over the row's run.

Example:
    >>> from optiviz.app.web.state import RunState
    >>> row = RunState(optimizer="adam", lr=0.01)
    >>> default_axes(row.optimizer), default_range(row, "lr", steps=500)
    (('lr', 'beta1'), (0.0001, 1.0))
    >>> axis_choices(row)["beta2"].values(0.9, 0.999, 3).tolist()
    [0.9, 0.9495, 0.999]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from optiviz.optim import axes
from optiviz.optim.axes import NONE, AxisSpec

if TYPE_CHECKING:
    from optiviz.app.web.state import RunState

__all__ = ["NONE", "AxisSpec", "axis_choices", "current_value", "default_axes", "default_range"]

SECOND_AXIS = {
    "momentum": "momentum",
    "nesterov": "momentum",
    "rmsprop": "alpha",
    "adam": "beta1",
    "adamw": "beta1",
}
"""The default second axis of an optimizer row (η is the first; none: a 1-D curve)."""


def axis_choices(run: RunState) -> dict[str, AxisSpec]:
    """The axes a map of ``run`` may sweep, in menu order."""
    return axes.axis_choices(run.run())


def current_value(run: RunState, name: str, steps: int) -> float | None:
    """The row's value of axis ``name`` as its run uses it (None: off, e.g. no clipping)."""
    return axes.current_value(run.run(), name, steps)


def default_range(run: RunState, name: str, steps: int) -> tuple[float, float]:
    """A range that shows what ``name`` does (see :func:`optiviz.optim.axes.default_range`)."""
    return axes.default_range(run.run(), name, steps)


def default_axes(optimizer: str) -> tuple[str, str]:
    """η, and the optimizer's best-known coefficient (``none`` for GD, AdaGrad and RAdam)."""
    return "lr", SECOND_AXIS.get(optimizer, NONE)
