"""Overlays of the surface plot: basins of attraction and seed fans.

* Basins: from every start of a grid over the plot, the known minimum the chosen row's run
  ends in (:func:`optiviz.optim.basins`), one translucent colour per minimum, white fog
  where it ends near none, dark where it diverges.
* Seed fan: the chosen row's run under N seeds (:func:`optiviz.optim.seed_fan`), faint lines
  in the row's colour under the runs: the spread mini-batch noise causes.

Both are added to an existing :class:`~.surface_plot.SurfacePlot` as renderers of their own,
with sources named ``basins`` and ``fan`` (``basins_1``, … on further plots).
"""

from __future__ import annotations

import numpy as np
from bokeh.core.properties import field
from bokeh.models import ColumnDataSource, ImageRGBA, MultiLine

from optiviz import optim
from optiviz.app.display import decimate
from optiviz.app.plots.surface_plot import SurfacePlot
from optiviz.optim.basins import DIVERGED

BASIN_COLORS = ("#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#ffd92f", "#e5c494")
"""ColorBrewer Set2: light, distinct hues that stay behind the runs' saturated colours."""
BASIN_ALPHA = 0.5
NONE_RGBA = (255, 255, 255, 90)
"""Starts whose run ends near no known minimum: a white fog."""
DIVERGED_RGBA = (31, 41, 51, 150)
"""Starts whose run diverges: dark."""
FAN_ALPHA = 0.3
FAN_POINTS = 600
"""Most points drawn per fan line."""

Columns = dict[str, object]


def basin_color(k: int) -> str:
    """The colour of minimum ``k``'s basin."""
    return BASIN_COLORS[k % len(BASIN_COLORS)]


def basin_columns(basins: optim.Basins) -> Columns:
    """The basin map as one RGBA image over the starts' grid (cell [i, j] centred on the
    start (w1[j], w2[i]))."""
    k = len(basins.minima)
    rgba = np.array(
        [
            DIVERGED_RGBA,
            NONE_RGBA,
            *(
                (*(int(basin_color(i)[c : c + 2], 16) for c in (1, 3, 5)), round(255 * BASIN_ALPHA))
                for i in range(k)
            ),
        ],
        dtype=np.uint8,
    )
    pixels = np.ascontiguousarray(rgba[basins.minimum - DIVERGED])
    image = pixels.view(np.uint32).reshape(basins.minimum.shape)
    w1, w2 = basins.w1, basins.w2
    dx = (w1[-1] - w1[0]) / max(len(w1) - 1, 1)
    dy = (w2[-1] - w2[0]) / max(len(w2) - 1, 1)
    return {
        "image": [image],
        "x": [w1[0] - dx / 2],
        "y": [w2[0] - dy / 2],
        "dw": [w1[-1] - w1[0] + dx],
        "dh": [w2[-1] - w2[0] + dy],
    }


def fan_columns(
    fan: optim.Trajectories, color: str, bounds: tuple[float, float, float, float]
) -> Columns:
    """One thinned line per seed, each up to where it diverged."""
    xs, ys = [], []
    for positions, diverged_at in zip(fan.positions, fan.diverged_at, strict=True):
        finite = positions[: max(int(diverged_at), 1)] if diverged_at >= 0 else positions
        kept = decimate.path_indices(finite, bounds, cap=FAN_POINTS)
        xs.append(finite[kept, 0])
        ys.append(finite[kept, 1])
    return {"xs": xs, "ys": ys, "color": [color] * len(xs)}


EMPTY: dict[str, Columns] = {
    "basins": {"image": [], "x": [], "y": [], "dw": [], "dh": []},
    "fan": {"xs": [], "ys": [], "color": []},
}
"""The columns of each overlay when it shows nothing."""


class SurfaceOverlays:
    """The basin image and the seed-fan lines of one surface plot, each added to the plot
    the first time it has something to show (most sessions never show either).

    Attributes:
        sources: ``basins`` and ``fan`` once made, named so (with the plot's suffix).
    """

    def __init__(self, plot: SurfacePlot) -> None:
        self.plot = plot
        self.sources: dict[str, ColumnDataSource] = {}

    def data(self, name: str) -> Columns:
        """What overlay ``name`` shows now (its empty columns before it was first shown)."""
        return self.sources[name].data if name in self.sources else EMPTY[name]

    def show(self, name: str, columns: Columns | None) -> None:
        """Draws overlay ``name`` (``"basins"`` or ``"fan"``) from ``columns``, or nothing
        (None)."""
        if name not in self.sources:
            if columns is None:
                return
            self._add(name)
        self.sources[name].data = dict(columns or EMPTY[name])

    def _add(self, name: str) -> None:
        plot = self.plot
        suffix = f"_{plot.index}" if plot.index else ""
        source = self.sources[name] = plot.shared.source(dict(EMPTY[name]), name + suffix)
        if name == "basins":
            glyph = ImageRGBA(image="image", x="x", y="y", dw="dw", dh="dh")
            plot.shared.draw(plot.figure, glyph, source, level="image", name="basin_overlay")
        else:
            glyph = MultiLine(
                xs="xs", ys="ys", line_color=field("color"), line_alpha=FAN_ALPHA, line_width=1.2
            )
            plot.shared.draw(plot.figure, glyph, source, level="underlay", name="fan_lines")
