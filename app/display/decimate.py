"""Thinning long runs for drawing, without losing what matters.

A 100,000-step run is 100,000 points, far more than a plot has pixels. Each function here
returns the *indices* to keep, always including the first and last point and any index the
caller names (a divergence step), so the drawn run ends where the run ends and breaks where
it broke.

* :func:`path_indices`: a 2-D path, keeping a point when it moved to another cell of a grid
  finer than the screen, so zigzags that can be seen are kept and crawls that cannot are
  dropped.
* :func:`series_indices`: a curve over steps, keeping each bucket's minimum and maximum, so
  spikes (AdaGrad's burst) survive.
* :func:`frame_steps`: the steps the player shows, evenly spaced.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

PATH_POINTS = 4000
"""Most points drawn per path."""
SERIES_POINTS = 2000
"""Most points drawn per curve over steps."""
FRAMES = 1000
"""Most frames the player steps through."""
FINEST_GRID = 4096
"""Cells across each axis of the finest grid :func:`path_indices` tries (finer than pixels)."""


def path_indices(
    positions: np.ndarray,
    bounds: tuple[float, float, float, float],
    cap: int = PATH_POINTS,
    keep: Iterable[int] = (),
) -> np.ndarray:
    """Indices of the points of a path to draw: at most about ``cap`` of them.

    A point is kept when it lies in another cell than the point before it, on a grid of
    ``FINEST_GRID`` cells across ``bounds``; the grid is coarsened until at most ``cap``
    points remain, and if even a coarse grid keeps too many (a run bouncing across the whole
    plot every step), evenly spaced ones are kept.

    Args:
        positions: Shape (T, 2), finite.
        bounds: (x0, x1, y0, y1) of the plot.
        cap: Target number of points.
        keep: Indices that must be kept.

    Example:
        >>> crawl = np.stack([np.linspace(0, 1e-9, 100_000), np.zeros(100_000)], axis=1)
        >>> path_indices(crawl, (-1, 1, -1, 1)).tolist()
        [0, 99999]
    """
    n = len(positions)
    required = _required(n, keep)
    if n <= 2:
        return required
    x0, x1, y0, y1 = bounds
    span = np.array([x1 - x0, y1 - y0], dtype=np.float64)
    scaled = (positions - np.array([x0, y0])) / np.where(span > 0, span, 1.0)
    cells = FINEST_GRID
    while cells >= 16:
        grid = np.floor(scaled * cells)
        moved = np.flatnonzero((grid[1:] != grid[:-1]).any(axis=1)) + 1
        if len(moved) + len(required) <= cap:
            return np.union1d(moved, required)
        cells //= 2
    return np.union1d(np.round(np.linspace(0, n - 1, cap)).astype(int), required)


def series_indices(
    values: np.ndarray, cap: int = SERIES_POINTS, keep: Iterable[int] = ()
) -> np.ndarray:
    """Indices of a curve to draw: the smallest and largest value of each of ``cap / 2``
    buckets (NaN ignored), so peaks and dips survive thinning.

    Example:
        >>> values = np.ones(100_000)
        >>> values[61_234] = 50.0
        >>> index = series_indices(values, cap=100)
        >>> len(index) <= 104, 61_234 in index
        (True, True)
    """
    n = len(values)
    required = _required(n, keep)
    if n <= cap:
        return np.arange(n)
    buckets = max(cap // 2, 1)
    size = -(-n // buckets)
    padded = np.full(buckets * size, np.nan)
    padded[:n] = values
    rows = padded.reshape(buckets, size)
    low = np.where(np.isnan(rows), np.inf, rows).argmin(axis=1)
    high = np.where(np.isnan(rows), -np.inf, rows).argmax(axis=1)
    start = np.arange(buckets) * size
    picked = np.concatenate([start + low, start + high])
    return np.union1d(picked[picked < n], required)


def frame_steps(steps: int, cap: int = FRAMES, keep: Iterable[int] = ()) -> np.ndarray:
    """The steps 0 … ``steps`` the player shows: all of them, or ``cap`` evenly spaced ones
    plus ``keep`` (e.g. the steps where runs diverged).

    Example:
        >>> frame_steps(3).tolist()
        [0, 1, 2, 3]
        >>> frame_steps(100_000, cap=5, keep=[12]).tolist()
        [0, 12, 25000, 50000, 75000, 100000]
    """
    if steps + 1 <= cap:
        return np.arange(steps + 1)
    spaced = np.round(np.linspace(0, steps, cap)).astype(int)
    return np.union1d(spaced, _required(steps + 1, keep))


def _required(n: int, keep: Iterable[int]) -> np.ndarray:
    """0, n − 1 and the valid indices of ``keep``, sorted."""
    if n == 0:
        return np.zeros(0, dtype=int)
    extra = [int(i) for i in keep if 0 <= int(i) < n]
    return np.unique(np.array([0, n - 1, *extra], dtype=int))
