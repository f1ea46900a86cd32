"""Colour ranges and contour levels that hold for any loss values.

A typed formula can be flat (``0*x``, ``1``), nearly flat, huge (``1e300*x**2``), tiny
(``1e-300*x``), beyond float32 or finite on part of the plot only. :func:`colour_scale` gives
every heat map and contour plot (the app's surface plot, the exports, the map figures) a
range with low < high and strictly increasing levels inside it, or no levels and a note
saying why (the surface is flat here). :func:`image_values` gives the values as the
browser receives them: float32 when that keeps their colours, float64 when it would not.

Example:
    >>> import numpy as np
    >>> colour_scale(np.zeros((3, 3))).note
    'The surface is flat here: L = 0 everywhere on the plot.'
    >>> s = colour_scale(np.array([[0.0, 1e300], [2e300, 3e300]]))
    >>> s.low, s.high, len(s.levels), s.note
    (0.0, 3e+300, 14, '')
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

FLAT = 1e-12
"""Values whose spread is at most this fraction of their size count as one value: below it
the differences are float64 rounding, and contours of them would be noise."""
LEVELS = 14
"""Contour levels of a surface."""
LOG_DECADES = 9
"""A logarithmic scale spans at most this many decades below the highest value."""
_SINGLE, _DOUBLE = np.finfo(np.float32), np.finfo(np.float64)
_COLOURS = 2**12
"""float32 keeps a heat map's colours when its range holds this many of its steps."""


class ColourScale(NamedTuple):
    """How values are coloured and contoured.

    Attributes:
        low, high: The colour range, low < high (both finite).
        log: Whether colours are logarithmic (then 0 < low).
        levels: Contour levels, strictly increasing inside (low, high); empty when the
            values are flat or not finite anywhere.
        note: Why there are no contours (one sentence), or ``""``.
    """

    low: float
    high: float
    log: bool
    levels: np.ndarray
    note: str


def colour_scale(values: np.ndarray, log: bool = False, count: int = LEVELS) -> ColourScale:
    """The colour range and ``count`` contour levels of ``values`` (non-finite ones ignored),
    logarithmic when ``log`` and the positive values allow it."""
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return ColourScale(0.0, 1.0, False, np.empty(0), "L is not finite anywhere on the plot.")
    low, high = float(finite.min()), float(finite.max())
    if flat(low, high):
        value = f"{(low + high) / 2:.6g}"
        spread = "" if low == high else f" (within {high - low:.1g})"
        note = f"The surface is flat here: L = {value}{spread} everywhere on the plot."
        low, high = widened(low, high)
        return ColourScale(low, high, False, np.empty(0), note)
    if log and high > 0:
        positive = finite[finite > 0]
        bottom = max(float(np.quantile(positive, 0.01)), high * 10.0**-LOG_DECADES)
        if not flat(bottom, high):
            levels = np.geomspace(bottom, high, count + 1)[:-1]
            return ColourScale(bottom, high, True, _increasing(levels, bottom, high), "")
    t = np.linspace(0.0, 1.0, count + 2)[1:-1]
    levels = low * (1 - t) + high * t  # no overflow where high − low exceeds float64
    return ColourScale(low, high, False, _increasing(levels, low, high), "")


def flat(low: float, high: float) -> bool:
    """Whether ``low`` … ``high`` is one value up to float64 rounding (see :data:`FLAT`)."""
    return high - low <= FLAT * max(abs(low), abs(high)) or not high > low


def widened(low: float, high: float, log: bool = False) -> tuple[float, float]:
    """``low`` and ``high`` as a colour range, low < high: a flat range (see :func:`flat`)
    widened around its value, tenfold up on a log scale.

    Example:
        >>> widened(0.0, 0.0), widened(3.0, 3.0, log=True), widened(-2.0, -2.0)
        ((-0.5, 0.5), (3.0, 30.0), (-2.5, -1.5))
    """
    if not flat(low, high):
        return low, high
    if log:
        return low, high * 10
    pad = max(abs(low) * 1e-3, abs(high) * 1e-3, 0.5)
    return float(max(low - pad, -_DOUBLE.max)), float(min(high + pad, _DOUBLE.max))


def image_values(values: np.ndarray, scale: ColourScale) -> np.ndarray:
    """``values`` as a heat map sends them to the browser, within the colour range (NaN
    where not finite): float32, half the bytes, when it keeps their colours; float64 when the
    range lies beyond float32 or is too narrow or too small for it."""
    shown = np.clip(values, scale.low, scale.high)
    size = max(abs(scale.low), abs(scale.high))
    span = scale.high - scale.low
    single = size < float(_SINGLE.max) and span > _COLOURS * max(
        float(_SINGLE.eps) * size, float(_SINGLE.tiny)
    )
    return shown.astype(np.float32 if single else np.float64)


def _increasing(levels: np.ndarray, low: float, high: float) -> np.ndarray:
    """``levels`` strictly inside (low, high), each once (rounding may merge neighbours)."""
    levels = np.unique(levels)
    return levels[(levels > low) & (levels < high)]
