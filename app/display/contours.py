"""Contour lines of a loss grid as two float32 columns, lines separated by NaN.

One line glyph with NaN breaks draws every contour of a surface: two arrays to send, one
renderer to build, instead of an array and a renderer per contour piece. The lines come
from contourpy (the library behind Bokeh's and Matplotlib's contours) and are computed once
per surface and level set, then shared by every session that shows that surface.

Example:
    >>> import numpy as np
    >>> from optiviz import surfaces
    >>> grid = surfaces.grid(surfaces.get("valley"), 60)
    >>> lines = contour_lines(grid, np.array([1.0, 10.0]))
    >>> lines["x"].dtype, bool(np.isnan(lines["x"]).any()), lines["x"].shape == lines["y"].shape
    (dtype('float32'), True, True)
"""

from __future__ import annotations

import numpy as np
from contourpy import LineType, contour_generator

from optiviz.surfaces import Grid


def contour_lines(grid: Grid, levels: np.ndarray) -> dict[str, np.ndarray]:
    """``x`` and ``y`` of every contour of ``grid`` at ``levels``, NaN between lines."""
    generator = contour_generator(
        grid.w1, grid.w2, np.ma.masked_invalid(grid.values), line_type=LineType.ChunkCombinedNan
    )
    pieces = [
        chunk
        for level in levels
        for chunk in generator.lines(float(level))[0]
        if chunk is not None and len(chunk)
    ]
    if not pieces:
        return {"x": np.zeros(0, np.float32), "y": np.zeros(0, np.float32)}
    gap = np.full((1, 2), np.nan)
    points = np.concatenate([part for piece in pieces for part in (piece, gap)][:-1])
    return {"x": points[:, 0].astype(np.float32), "y": points[:, 1].astype(np.float32)}
