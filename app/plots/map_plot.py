r"""The Maps view's plot: a sweep's metric over one hyperparameter (a curve) or two (a heatmap).

Pure Bokeh, like the surface plot. A heatmap is drawn as quads, one per cell, so that a
log-scaled hyperparameter (η, ε, B) gets a real log axis; cells whose run diverged are drawn
in their own colour, cells without a value (a run that never settled, or never diverged) in
grey. The row's current setting is a ring; the lab loads a clicked cell into the row.

The columns come from :func:`.map_data.map_data`. The sources are named for the browser
tests: ``map_cells`` (heatmap), ``map_curve`` and ``map_bands`` (curve), ``map_marker`` (the
current setting), ``map_edge`` (a theory line, see :func:`.map_runs.stability_edge`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from bokeh.models import (
    CDSView,
    ColorBar,
    ColumnDataSource,
    CustomJSHover,
    GroupFilter,
    HoverTool,
    Legend,
    LegendItem,
    LinearColorMapper,
    LogColorMapper,
    Range1d,
)
from bokeh.palettes import Viridis256
from bokeh.plotting import figure
from bokeh.transform import factor_cmap, transform

from optiviz.app.display.axis_labels import PARAMETER_LABELS as LABELS
from optiviz.app.display.map_data import MapData, cell_edges, inside, nearest
from optiviz.app.display.theme import INK, Style

MAP_PALETTE = Viridis256
"""Low values dark, high values bright: perceptually uniform, readable in grey."""
DIVERGED_COLOR = "#c8453a"
"""Cells whose run diverged (no red in Viridis)."""
MISSING_COLOR = "#d5dae1"
"""Cells without a value: never settled, or (for the divergence map) stayed finite."""


def symbol(name: str) -> str:
    """An axis's short name for tooltips: ``η``, ``β₁``."""
    return LABELS[name].split(" ")[0]


class MapPlot:
    """The map figure: a heatmap for two axes, a curve for one.

    Its axes' types are fixed when it is built; the lab builds a new one when the swept
    names (or, for a curve, the metric's scale) change, and calls :meth:`show` otherwise.

    Attributes:
        figure: The Bokeh figure, named ``"map"``.
        sources: ``map_cells``, ``map_curve``, ``map_bands``, ``map_marker``.
        key: What fixed the axes: see :func:`layout_key`.
    """

    def __init__(self, data: MapData, style: Style) -> None:
        self.key = layout_key(data)
        self.data = data
        two = len(data.axes) == 2
        x_axis = data.axes[0]
        y_log = data.axes[1].log if two else data.log
        self.sources = {
            "map_cells": ColumnDataSource(data.cells, name="map_cells"),
            "map_curve": ColumnDataSource(data.curve, name="map_curve"),
            "map_bands": ColumnDataSource(data.bands, name="map_bands"),
            "map_marker": ColumnDataSource({"x": [], "y": []}, name="map_marker"),
            "map_edge": ColumnDataSource({"x": [], "y": []}, name="map_edge"),
        }
        fig = figure(
            name="map",
            css_classes=["ov-map"],
            x_axis_type="log" if x_axis.log else "linear",
            y_axis_type="log" if y_log else "linear",
            x_axis_label=LABELS[x_axis.name],
            y_axis_label=LABELS[data.axes[1].name] if two else data.title,
            tools="pan,wheel_zoom,reset,save",
            toolbar_location="above",
            sizing_mode="stretch_width",
            height=520,
            min_width=280,
            output_backend="canvas",
        )
        fig.toolbar.autohide = True
        fig.grid.visible = not two
        fig.background_fill_color = "#ffffff"
        self.linear = LinearColorMapper(palette=MAP_PALETTE, nan_color=MISSING_COLOR)
        self.log = LogColorMapper(palette=MAP_PALETTE, nan_color=MISSING_COLOR)
        self.color_bar = None
        self.figure = fig
        self.two = two
        if two:
            self._heatmap(fig, data)
        else:
            self._curve(fig, data)
        edge = self.sources["map_edge"]
        fig.line("x", "y", source=edge, line_color="#ffffff", line_width=4, line_alpha=0.8)
        self.edge = fig.line(
            "x", "y", source=edge, line_color=INK, line_width=2, line_dash="dashed", name="map_edge"
        )
        self.legend = _key_legend(fig, data, self.edge)
        marker = self.sources["map_marker"]
        for color, size, width in (("#ffffff", 18, 5), (INK, 18, 2)):
            fig.scatter(
                "x",
                "y",
                source=marker,
                marker="circle",
                size=size,
                fill_color=None,
                line_color=color,
                line_width=width,
                name="map_marker_glyph",
            )
        self.show(data)
        self.set_style(style)

    def _heatmap(self, fig, data: MapData) -> None:
        cells = self.sources["map_cells"]
        self.cells = fig.quad(
            left="left",
            right="right",
            bottom="bottom",
            top="top",
            source=cells,
            fill_color=transform("value", self.linear),
            line_color=transform("value", self.linear),
            line_width=0.6,
            name="map_heatmap",
        )
        fig.quad(
            left="left",
            right="right",
            bottom="bottom",
            top="top",
            source=cells,
            view=CDSView(filter=GroupFilter(column_name="status", group="diverged")),
            fill_color=DIVERGED_COLOR,
            line_color=DIVERGED_COLOR,
            line_width=0.6,
            name="map_diverged",
        )
        self.color_bar = ColorBar(
            color_mapper=self.linear,
            width=12,
            padding=4,
            margin=6,
            title=data.title,
            border_line_color=None,
        )
        fig.add_layout(self.color_bar, "right")
        names = [a.name for a in data.axes]
        fig.add_tools(
            HoverTool(
                renderers=[self.cells],
                tooltips=[
                    (symbol(names[0]), "@x{0.[0000]g}"),
                    (symbol(names[1]), "@y{0.[0000]g}"),
                    ("value", "@value{0.000e}"),
                    ("diverged at step", "@diverged_at{custom}"),
                ],
                formatters={"@diverged_at": _step_or_dash()},
            )
        )

    def _curve(self, fig, data: MapData) -> None:
        fig.vstrip(
            x0="left",
            x1="right",
            source=self.sources["map_bands"],
            fill_color=factor_cmap(
                "status", [DIVERGED_COLOR, MISSING_COLOR], ["diverged", "missing"]
            ),
            fill_alpha=0.8,
            line_color=None,
            name="map_strips",
        )
        curve = self.sources["map_curve"]
        fig.line("x", "value", source=curve, line_color=INK, line_width=2, name="map_line")
        points = fig.scatter(
            "x", "value", source=curve, size=5, fill_color=INK, line_color=None, name="map_points"
        )
        fig.add_tools(
            HoverTool(
                renderers=[points],
                tooltips=[
                    (symbol(data.axes[0].name), "@x{0.[0000]g}"),
                    ("value", "@value{0.000e}"),
                    ("diverged at step", "@diverged_at{custom}"),
                ],
                formatters={"@diverged_at": _step_or_dash()},
                mode="vline",
            )
        )

    def show(self, data: MapData) -> None:
        """Draws new values on the same axes (``layout_key(data) == self.key``)."""
        self.data = data
        for name, columns in (
            ("map_cells", data.cells),
            ("map_curve", data.curve),
            ("map_bands", data.bands),
        ):
            self.sources[name].data = dict(columns)
        fig = self.figure
        x_edges = cell_edges(data.axes[0].values, data.axes[0].log)
        _set_range(fig, "x_range", x_edges[0], x_edges[-1])
        if self.two:
            y_edges = cell_edges(data.axes[1].values, data.axes[1].log)
            _set_range(fig, "y_range", y_edges[0], y_edges[-1])
            # Unlike an image (see surface_plot.py), quads map their colours whenever their
            # glyph or their data changes, so one glyph may switch between the two mappers.
            mapper = self.log if data.log else self.linear
            mapper.update(low=data.low, high=data.high)
            self.cells.glyph.update(
                fill_color=transform("value", mapper), line_color=transform("value", mapper)
            )
            self.color_bar.update(color_mapper=mapper, title=data.title)
        else:
            if data.log:
                pad = (data.high / data.low) ** 0.05
                low, high = data.low / pad, data.high * pad
            else:
                pad, most = 0.05 * data.high - 0.05 * data.low, np.finfo(np.float64).max
                low, high = max(data.low - pad, -most), min(data.high + pad, most)
            _set_range(fig, "y_range", low, high)
            fig.yaxis.axis_label = data.title
        self._show_legend(data)

    def _show_legend(self, data: MapData) -> None:
        """Keys for the red and grey cells this metric can have."""
        diverged, missing, _ = self.legend.items
        diverged.visible = data.metric != "diverged"
        missing.update(label={"value": data.missing}, visible=data.missing != "diverged")

    def show_edge(self, edge) -> None:
        """Draws a theory line (a :class:`~.map_runs.Edge`: on a curve, a vertical line at
        ``edge.x``), or none."""
        item = self.legend.items[2]
        if edge is None:
            self.sources["map_edge"].data = {"x": [], "y": []}
            item.visible = False
            return
        if edge.y is None:
            y_range = self.figure.y_range
            x, y = [edge.x[0]] * 2, [y_range.start, y_range.end]
        else:
            x, y = edge.x, edge.y
        self.sources["map_edge"].data = {"x": list(x), "y": list(y)}
        item.update(label={"value": edge.label}, visible=True)

    def show_marker(self, point: Sequence[float | None]) -> None:
        """Rings the row's current setting (nothing when it is off the map or unset)."""
        shown = all(
            value is not None and inside(value, axis.values, axis.log)
            for value, axis in zip(point, self.data.axes, strict=True)
        )
        if not shown:
            self.sources["map_marker"].data = {"x": [], "y": []}
            return
        x = float(point[0])
        y = float(point[1]) if self.two else float(self._curve_value(x))
        self.sources["map_marker"].data = {"x": [x], "y": [y]}

    def _curve_value(self, x: float) -> float:
        """The curve's height at ``x`` (its axis's bottom where it has no value)."""
        axis = self.data.axes[0]
        value = self.data.curve["value"][nearest(axis.values, x, axis.log)]
        return value if np.isfinite(value) else self.figure.y_range.start

    def cell_at(self, x: float, y: float) -> tuple[int, ...]:
        """The index of the cell (or curve point) nearest the plot point (x, y)."""
        points = (x, y) if self.two else (x,)
        return tuple(
            nearest(axis.values, value, axis.log)
            for axis, value in zip(self.data.axes, points, strict=True)
        )

    def set_style(self, style: Style) -> None:
        """Type sizes for a display mode."""
        fig = self.figure
        for axis in (*fig.xaxis, *fig.yaxis):
            axis.axis_label_text_font_size = style.title_font
            axis.major_label_text_font_size = style.font
        self.legend.label_text_font_size = style.legend_font
        if self.color_bar is not None:
            self.color_bar.major_label_text_font_size = style.font
            self.color_bar.title_text_font_size = style.font


def _key_legend(fig, data: MapData, edge) -> Legend:
    """A legend under the plot for the red and grey cells and the theory line (the cells'
    swatches are quads at NaN, drawn nowhere else: BokehJS draws no swatch for a renderer
    without data)."""
    items = [
        LegendItem(
            label=label,
            renderers=[
                fig.quad(
                    left=[np.nan],
                    right=[np.nan],
                    bottom=[np.nan],
                    top=[np.nan],
                    fill_color=color,
                    line_color="#9aa5b1",
                )
            ],
        )
        for label, color in (("diverged", DIVERGED_COLOR), (data.missing, MISSING_COLOR))
    ]
    items.append(LegendItem(label="theory", renderers=[edge], visible=False))
    legend = Legend(
        items=items,
        orientation="horizontal",
        location="center",
        border_line_color=None,
        background_fill_alpha=0,
        glyph_width=14,
        glyph_height=14,
    )
    fig.add_layout(legend, "below")
    return legend


def _step_or_dash() -> CustomJSHover:
    """A tooltip's divergence step, or a dash for a run that did not diverge (-1)."""
    return CustomJSHover(code="return value >= 0 ? String(value) : '—'")


def layout_key(data: MapData) -> tuple:
    """What a :class:`MapPlot`'s axes depend on: the swept names and scales, and for a
    curve the scale of its values."""
    axes = tuple((axis.name, axis.log) for axis in data.axes)
    return axes if len(axes) == 2 else (*axes, data.log)


def _set_range(fig, name: str, start: float, end: float) -> None:
    current = getattr(fig, name)
    if isinstance(current, Range1d):
        current.update(start=start, end=end)
    else:
        setattr(fig, name, Range1d(start, end))
