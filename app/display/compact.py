"""Compact arrays for a page that carries many runs: 16-bit codes, stored as differences.

Each encoder returns a small dict, ``{"codec": …, "data": codes, …}``, that ``variants.js``
decodes in the browser. Codes are stored as the differences of consecutive codes (modulo
2¹⁶), so the smooth runs of a trajectory become small numbers that compress well.

* :func:`positions`: a coordinate quantized to 2¹⁶ − 1 levels over the plot's bounds and the
  values' own range, or float32 when that range is more than :data:`MAX_SPREAD` plots
  wide (a run flying off), where 16 bits would blur the part on the plot.
* :func:`logarithmic`: positive values (a curve on a log axis, a loss above L*) quantized on
  the log scale, in 16 bits or fewer (a curve needs fewer levels than its plot's height
  in pixels times ten); the code 0 stands for "at or below the reference", the top code
  for a gap (NaN).
* :func:`steps`: whole numbers, as differences.

Example:
    >>> import numpy as np
    >>> code = positions(np.array([0.0, 0.25, 1.0]), (0.0, 1.0))
    >>> code["codec"], code["data"].dtype.name, code["data"].tolist()  # differences
    ('q16', 'uint16', [0, 16384, 49151])
    >>> np.cumsum(code["data"], dtype=np.int64).tolist()  # the codes: 0.25 · 65535 → 16384
    [0, 16384, 65535]
"""

from __future__ import annotations

import numpy as np

LEVELS = 65535
"""Codes 0 … 65535."""
MAX_SPREAD = 16.0
"""Values spread over more than this many plot widths are stored as float32."""
FLOAT32_MAX = float(np.finfo(np.float32).max)


def positions(values: np.ndarray, bounds: tuple[float, float]) -> dict[str, object]:
    """One coordinate of a path, quantized over ``bounds`` (the plot's) and its own range.

    The step is at most (high − low)/65535, 1/65535 of the plot when the path stays on it.
    """
    values = np.asarray(values, dtype=np.float64)
    low, high = bounds
    finite = values[np.isfinite(values)]
    if finite.size:
        low, high = min(low, float(finite.min())), max(high, float(finite.max()))
    if high - low > MAX_SPREAD * (bounds[1] - bounds[0]) or not np.isfinite(values).all():
        clipped = np.clip(np.nan_to_num(values), -FLOAT32_MAX, FLOAT32_MAX)
        return {"codec": "f32", "data": clipped.astype(np.float32)}
    scale = (high - low) / LEVELS if high > low else 1.0
    codes = np.round((values - low) / scale).astype(np.int64)
    return {"codec": "q16", "data": _differences(codes), "low": low, "scale": scale}


def logarithmic(values: np.ndarray, reference: float = 0.0, bits: int = 16) -> dict[str, object]:
    """Values above ``reference`` on a log scale: code c decodes as
    reference + 10^(low + (c − 1)·scale); code 0 is ``reference`` itself (a gap of 0 or less),
    code 2^bits − 1 (``top``) is NaN."""
    top = 2**bits - 1
    gap = np.asarray(values, dtype=np.float64) - reference
    positive = np.isfinite(gap) & (gap > 0)
    logs = np.log10(gap[positive]) if positive.any() else np.zeros(1)
    low, high = float(logs.min()), float(logs.max())
    scale = (high - low) / (top - 2) if high > low else 1.0
    codes = np.where(np.isnan(gap), top, 0).astype(np.int64)
    codes[positive] = 1 + np.round((logs - low) / scale).astype(np.int64)
    return {
        "codec": "log",
        "data": _differences(codes),
        "low": low,
        "scale": scale,
        "reference": float(reference),
        "top": top,
    }


def steps(values: np.ndarray) -> dict[str, object]:
    """Whole numbers from 0 up (steps of a curve), as differences."""
    values = np.asarray(values, dtype=np.int64)
    differences = np.diff(values, prepend=0)
    small = differences.size == 0 or (differences.min() >= 0 and differences.max() <= LEVELS)
    return {"codec": "steps", "data": differences.astype(np.uint16 if small else np.int32)}


def _differences(codes: np.ndarray) -> np.ndarray:
    """Codes as differences modulo 2¹⁶ (the first from 0): decoded by a running sum."""
    return (np.diff(codes, prepend=0) % (LEVELS + 1)).astype(np.uint16)
