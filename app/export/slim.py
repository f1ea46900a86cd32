"""A lighter page that draws the same pixels: the heat map binned to its colours.

A colour mapper draws a value in one of its palette's bins, so a page's heat map carries
each value as the centre of its bin (:func:`binned`): the image draws exactly as before,
with at most as many distinct values as colours, which compress to a fraction (on the
valley, 280 kB to 19 kB). A heat map in the other colour scale, which the app keeps to
switch surfaces and a page never shows, is left out.

Example:
    >>> import numpy as np
    >>> binned(np.array([0.0, 0.26, 0.5, 1.0, np.nan]), 0.0, 1.0, False, colors=4).tolist()
    [0.125, 0.375, 0.625, 0.875, nan]
"""

from __future__ import annotations

import numpy as np

from optiviz.app.plots.surface_plot import SurfacePlot


def binned(values: np.ndarray, low: float, high: float, log: bool, colors: int) -> np.ndarray:
    """Each value as the centre of the bin that a Bokeh linear (or log) colour mapper with
    ``colors`` colours over [``low``, ``high``] draws it in; values beyond the range take the
    end bins (as the mapper does without low and high colours), NaN stays NaN."""
    values = np.asarray(values, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if log:
            width = np.log(high / low) / colors
            position = np.log(np.where(values > 0, values, low) / low) / width
        else:
            half = high / 2 - low / 2  # halves: the span of ±1e308 overflows
            position = (values / 2 - low / 2) / half * colors
    index = np.clip(np.floor(np.nan_to_num(position, posinf=colors)), 0, colors - 1)
    if log:
        centre = np.exp(np.log(low) + (index + 0.5) * width)
    else:
        centre = 2 * (low / 2 + (index + 0.5) * (half / colors))
    return np.where(np.isnan(values), np.nan, centre)


def slim(plot: SurfacePlot) -> None:
    """Bins the heat map of a page's surface plot and leaves out the one not shown."""
    hidden = [image for image in plot.images.values() if not image.visible]
    plot.figure.renderers = [r for r in plot.figure.renderers if r not in hidden]
    (log, shown), *_ = [(log, image) for log, image in plot.images.items() if image.visible]
    mapper = shown.glyph.color_mapper
    source = plot.sources["image"]
    source.data = {
        **source.data,
        "image": [
            binned(values, mapper.low, mapper.high, log, len(mapper.palette)).astype(
                np.asarray(values).dtype
            )
            for values in source.data["image"]
        ],
    }
