"""Heights of the 3-D terrain: the loss drawn on a scale that reads well.

Rosenbrock spans six decades over its plot, and drawn at its true height its valley floor,
where the runs are, is a flat sheet under a wall. A :class:`Heights` maps a loss to a height
from 0 (the floor) to 1 (the top of the box) in one of three ways:

* ``"log"``: log(L + L₀), L₀ = ``low`` (:data:`LOG_DECADES` below the highest loss, or the
  lowest positive loss if that is higher): decades of L above L₀ read as steps, and the
  terrain flattens smoothly below L₀ instead of a spike at each minimum's log cusp;
* ``"linear"``: L from its lowest to its highest value on the plot;
* ``"clip"``: L from its lowest value up to :data:`CLIP_QUANTILE` of the plot's values;
  higher ground is cut flat at the top, and :attr:`Heights.note` says where.

:func:`default_heights` picks log where the 2-D plot colours by log L and the loss spans
more than :data:`LOG_SPAN` decades, clipped where a few high walls would flatten the rest
(the top tenth of the plot's losses rises above half their range), linear elsewhere.
Non-finite or astronomically large losses (a flat surface, a typed formula that overflows)
never break the scale: heights are always finite and within [0, 1].

Example:
    >>> from optiviz import surfaces
    >>> heights = heights_for(surfaces.get("rosenbrock"))
    >>> heights.kind, heights.note
    ('log', '')
    >>> heights(np.array([0.0, heights.high, np.nan])).tolist()
    [0.0, 1.0, 1.0]
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np

from optiviz.surfaces import Surface

KINDS = {"log": "log L", "linear": "L", "clip": "L, clipped"}
"""Height scales by name, with the label a menu shows."""
LOG_DECADES = 3.5
"""Decades a log terrain spans at most (below that, the floor)."""
LOG_SPAN = 3.0
"""Decades the loss must span on the plot for a log terrain by default."""
CLIP_QUANTILE = 0.9
"""The clipped scale's top: this quantile of the plot's losses."""
SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


class Heights(NamedTuple):
    """A height scale: loss ``low`` at height 0, ``high`` at height 1.

    Attributes:
        kind: ``"log"``, ``"linear"`` or ``"clip"`` (see :data:`KINDS`).
        low: The loss on the floor (linear, clipped), or L₀ (log: zero loss on the floor).
        high: The loss at the top.
        note: What the scale leaves out, for the view's legend ("" when nothing).
    """

    kind: str
    low: float
    high: float
    note: str = ""

    def __call__(self, losses: np.ndarray) -> np.ndarray:
        """Heights in [0, 1] of ``losses`` (NaN, +inf and losses above ``high``: 1)."""
        losses = np.asarray(losses, dtype=np.float64)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            if self.kind == "log":
                low, high = math.log10(self.low), math.log10(self.high + self.low)
                scaled = (np.log10(np.maximum(losses, 0) + self.low) - low) / (high - low)
            else:
                # halves: the difference of two huge losses must not overflow
                span = self.high / 2 - self.low / 2
                scaled = (losses / 2 - self.low / 2) / span
        return np.clip(np.nan_to_num(scaled, nan=1.0, posinf=1.0, neginf=0.0), 0.0, 1.0)

    def ticks(self, count: int = 5) -> tuple[np.ndarray, list[str]]:
        """Tick marks of the height axis: their heights and labels (losses).

        Example:
            >>> Heights("log", 1e-3, 10.0).ticks()[1]
            ['10⁻³', '10⁻²', '0.1', '1', '10']
            >>> Heights("linear", 0.0, 2.5).ticks()[1]
            ['0', '0.5', '1', '1.5', '2', '2.5']
        """
        if self.kind == "log":
            low, high = math.log10(self.low), math.log10(self.high)
            step = max(1, math.ceil((high - low) / count))
            exponents = np.arange(math.ceil(low), math.floor(high) + 1)
            exponents = exponents[exponents % step == 0]
            return self(10.0**exponents), [_power_of_ten(int(e)) for e in exponents]
        values = nice_ticks(self.low, self.high, count)
        return self(values), [f"{v:.6g}" for v in values]


def _power_of_ten(exponent: int) -> str:
    if exponent in (-1, 0, 1):
        return f"{10.0**exponent:g}"
    return "10" + str(exponent).translate(SUPERSCRIPTS)


def nice_ticks(low: float, high: float, count: int = 5) -> np.ndarray:
    """About ``count`` round numbers (steps of 1, 2 or 5 times a power of ten) from
    ``low`` to ``high``.

    Example:
        >>> nice_ticks(-2.0, 3.0).tolist()
        [-2.0, -1.0, 0.0, 1.0, 2.0, 3.0]
    """
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return np.array([low if math.isfinite(low) else 0.0])
    raw = (high / count - low / count) or math.ulp(abs(high))
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first, last = math.ceil(low / step), math.floor(high / step)
    ticks = np.arange(first, last + 1) * step
    return np.round(ticks, max(0, -math.floor(math.log10(step)) + 1))


def default_heights(surface: Surface) -> str:
    """The scale a surface's terrain opens with (see the module docstring)."""
    from optiviz.app.display.scene_data import surface_data

    if surface_data(surface).log:
        log = _log_heights(surface)
        if math.log10(log.high / log.low) > LOG_SPAN:
            return "log"
    finite = _finite(surface)
    if not finite.size:
        return "linear"
    low, high = finite.min(), finite.max()
    walls = np.quantile(finite, CLIP_QUANTILE) - low < (high - low) / 2
    return "clip" if walls else "linear"


def available(surface: Surface) -> tuple[str, ...]:
    """The scales ``surface`` can be drawn with (log needs a positive loss)."""
    finite = _finite(surface)
    positive = finite.size and finite.max() > 0
    return tuple(kind for kind in KINDS if kind != "log" or positive)


@functools.lru_cache(maxsize=64)
def heights_for(surface: Surface, kind: str | None = None) -> Heights:
    """The height scale ``kind`` of ``surface`` (its default when None, linear when log is
    not available).

    Raises:
        ValueError: An unknown kind.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"expected one of {', '.join(KINDS)}, got {kind!r}")
    kind = kind or default_heights(surface)
    if kind not in available(surface):
        kind = "linear"
    if kind == "log":
        return _log_heights(surface)
    finite = _finite(surface)
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    note = ""
    if kind == "clip":
        top = float(np.quantile(finite, CLIP_QUANTILE)) if finite.size else high
        if low < top < high:
            high, note = top, f"L above {top:.3g} is cut flat"
    if not high > low:
        high = low + max(abs(low), 1.0)
    return Heights(kind, low, high, note)


def _log_heights(surface: Surface) -> Heights:
    finite = _finite(surface)
    positive = finite[finite > 0]
    high = float(positive.max())
    low = max(float(positive.min()), high * 10.0**-LOG_DECADES)
    if not high > low:
        low = high / 10
    return Heights("log", low, high)


def _finite(surface: Surface) -> np.ndarray:
    from optiviz.app.display.scene_data import surface_data  # the CLI's flags import KINDS

    values = surface_data(surface).grid.values
    return values[np.isfinite(values)]
