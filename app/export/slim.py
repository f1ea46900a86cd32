"""A lighter page that draws the same pixels: what a self-contained file need not carry.

* The heat map: a colour mapper draws a value in one of its palette's bins, so each value
  becomes the centre of its bin (:func:`binned`); the image draws exactly as before, with
  at most as many distinct values as colours, which compress to a fraction.
* Contour lines: float32 coordinates (a ten-millionth of the plot, far below a pixel).
* What a page never shows is left out: the heat map in the other colour scale (the app keeps
  both to switch surfaces), the shifted test surface's contours.

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
    with np.errstate(divide="ignore", invalid="ignore"):
        if log:
            width = np.log(high / low) / colors
            position = np.log(np.where(values > 0, values, low) / low) / width
        else:
            width = (high - low) / colors
            position = (values - low) / width
    index = np.clip(np.floor(np.nan_to_num(position, posinf=colors)), 0, colors - 1)
    centre = np.exp(np.log(low) + (index + 0.5) * width) if log else low + (index + 0.5) * width
    return np.where(np.isnan(values), np.nan, centre)


def slim(plot: SurfacePlot) -> None:
    """Lightens the surface plot of a page: one binned heat map, float32 contours, and no
    test contours."""
    image = plot.images[True].visible
    plot.figure.renderers = [r for r in plot.figure.renderers if r is not plot.images[not image]]
    mapper = plot.images[image].glyph.color_mapper
    source = plot.sources["image"]
    source.data = {
        **source.data,
        "image": [
            binned(values, mapper.low, mapper.high, image, len(mapper.palette)).astype(np.float32)
            for values in source.data["image"]
        ],
    }
    lines = plot.contours.line_renderer.data_source
    lines.data = {
        key: [np.asarray(v, dtype=np.float32) for v in values] if key in ("xs", "ys") else values
        for key, values in lines.data.items()
    }
    plot.test_contours.line_renderer.data_source.data = {
        key: [] for key in plot.test_contours.line_renderer.data_source.data
    }
