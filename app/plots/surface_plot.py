"""The surface plot: heat map and contours of L(w1, w2), minima, starts, runs, inspector.

Pure Bokeh, so the same figure serves the live app and the offline export. Its sources are
named for the browser tests; ``trail`` and ``heads`` belong to the player's JavaScript, which
redraws them from ``paths`` (see ``player.js``).

A figure is built with what every scene shows: the heat map on its colour scale, the
contours, minima, starts and runs. What only some scenes show is added the first time it
is needed: the heat map on the other colour scale, the test surface's contours, the marks
of a diverged run, and the inspector's point and eigenvector arrows. A session that never
inspects pays nothing for the inspector.
"""

from __future__ import annotations

import functools

import numpy as np
from bokeh.core.properties import field
from bokeh.models import (
    Arrow,
    ColorBar,
    ColumnDataSource,
    GlyphRenderer,
    HoverTool,
    Image,
    Label,
    LabelSet,
    Legend,
    LegendItem,
    Line,
    LinearColorMapper,
    LogColorMapper,
    MultiLine,
    Range1d,
    Scatter,
    VeeHead,
)
from bokeh.plotting import figure
from bokeh.transform import factor_mark

from optiviz.app.display.axis_labels import axis_label
from optiviz.app.display.scene_data import SceneData, surface_data, test_contours
from optiviz.app.display.theme import (
    EIGEN_COLOR,
    ESCAPE_COLOR,
    INK,
    RUN_COLORS,
    RUN_MARKERS,
    SURFACE_PALETTE,
    TEST_COLOR,
    Style,
)
from optiviz.app.plots import sources
from optiviz.app.plots.sharing import SharedModels
from optiviz.surfaces import Surface

ARROW_FRACTION = 0.16
"""Eigenvector arrows reach this fraction of the plot from the inspected point."""


class SurfacePlot:
    """The surface figure and its data sources.

    A scene draws one per surface its runs use; plot ``index`` shows the runs
    ``data.plot_of`` assigns to it.

    Attributes:
        figure: The Bokeh figure, named ``"surface"`` (``"surface_1"``, … for further plots).
        sources: ``image``, ``minima``, ``starts``, ``paths``, ``trail``, ``heads``, and once
            needed ``divergence``, ``eigen`` and ``inspected``, each named so (with the same
            suffix).
        note: Once a surface on show is flat, a label in the plot's corner that says so,
            named ``"surface_note"`` (with the same suffix); hidden for other surfaces.
    """

    def __init__(
        self, data: SceneData, index: int, style: Style, shared: SharedModels | None = None
    ) -> None:
        shared = shared or SharedModels()
        surface = data.surfaces[index]
        view = surface_data(surface)
        suffix = f"_{index}" if index else ""
        self.index = index
        x0, x1, y0, y1 = surface.bounds
        self.sources = {
            name: shared.source(columns, name=name + suffix)
            for name, columns in {
                "image": view.image,
                "minima": view.minima,
                "starts": data.starts[index],
                "paths": data.paths[index],
                "trail": _trail_at_end(data.paths[index]),
                "heads": _heads_at_end(data.paths[index], data.timeline),
            }.items()
        }
        self.suffix = suffix
        fig = figure(
            name="surface" + suffix,
            x_range=Range1d(x0, x1, bounds=None),
            y_range=Range1d(y0, y1, bounds=None),
            tools="pan,wheel_zoom,box_zoom,reset,save",
            toolbar_location="above",
            sizing_mode="stretch_width",
            height=520,
            min_width=300,
            x_axis_label=axis_label(surface.labels[0]),
            y_axis_label=axis_label(surface.labels[1]),
            match_aspect=False,
            output_backend="canvas",
        )
        fig.toolbar.autohide = True
        fig.grid.visible = False
        fig.background_fill_color = "#ffffff"
        self.figure = fig
        self.shared = shared
        self.images: dict[bool, GlyphRenderer] = {}
        self.color_bar = ColorBar(
            color_mapper=self._image(view.log).glyph.color_mapper,
            width=10,
            padding=4,
            margin=6,
            title="L",
            major_label_text_font_size="10px",
            border_line_color=None,
        )
        fig.add_layout(self.color_bar, "right")
        self.contours = shared.draw(
            fig,
            Line(x="x", y="y", line_color="#52606d", line_alpha=0.35, line_width=0.8),
            shared.source(view.contours, name="contours" + suffix),
            name="contour_lines" + suffix,
        )
        self.test_contours: GlyphRenderer | None = None
        self.diverged: GlyphRenderer | None = None
        self.note: Label | None = None
        self.inspection: list = []
        src = self.sources
        draw = functools.partial(shared.draw, fig)
        self.ghosts = draw(
            MultiLine(
                xs="xs", ys="ys", line_color=field("color"), line_alpha=0.28, line_width=style.line
            ),
            src["paths"],
            name="ghosts",
        )
        self.trails = draw(
            MultiLine(xs="xs", ys="ys", line_color=field("color"), line_width=style.trail),
            src["trail"],
            name="trails",
        )
        draw(
            Scatter(
                x="x",
                y="y",
                marker="star",
                size=17,
                fill_color="#ffffff",
                line_color=INK,
                line_width=1.5,
            ),
            src["minima"],
            name="minima_markers",
        )
        self.start_markers = draw(
            Scatter(
                x="x",
                y="y",
                marker="circle",
                size=12,
                fill_color="#ffffff",
                line_color=INK,
                line_width=2.5,
            ),
            src["starts"],
            name="start_markers",
        )
        self.heads = draw(
            Scatter(
                x="x",
                y="y",
                marker=factor_mark("color", list(RUN_MARKERS), list(RUN_COLORS)),
                size=style.head,
                fill_color=field("color"),
                line_color="#ffffff",
                line_width=2,
            ),
            src["heads"],
            name="head_markers",
        )
        fig.add_layout(Legend(items=[LegendItem(label=field("label"), renderers=[self.heads])]))
        fig.add_tools(
            HoverTool(
                renderers=[self.heads],
                tooltips=[
                    ("", "@label"),
                    ("step", "@step"),
                    ("L", "@loss{0.000e}"),
                    ("θ", "(@x{0.0000}, @y{0.0000})"),
                ],
            )
        )
        fig.legend.location = "top_right"
        fig.legend.background_fill_alpha = 0.7
        fig.legend.glyph_width = 16
        fig.legend.label_height = 14
        fig.legend.border_line_color = "#cbd2d9"
        fig.legend.padding = 4
        fig.legend.spacing = 0
        self.surface = surface
        self.titled = len(data.surfaces) > 1
        self.show_surface(surface)
        self.set_style(style)

    def show_surface(self, surface: Surface) -> None:
        """Draws ``surface``: heat map, colours, contours, minima, ranges and axis names."""
        view = surface_data(surface)
        shown = self._image(view.log)
        for image in self.images.values():
            image.visible = image is shown
        mapper = shown.glyph.color_mapper
        mapper.update(low=view.low, high=view.high)
        self.color_bar.color_mapper = mapper
        self.sources["image"].data = view.image
        self.sources["minima"].data = view.minima
        self.contours.data_source.data = view.contours
        if view.note and self.note is None:
            self.note = Label(
                x=8,
                y=8,
                x_units="screen",
                y_units="screen",
                text="",
                text_font_size="13px",
                text_color=INK,
                background_fill_color="#ffffff",
                background_fill_alpha=0.85,
                name="surface_note" + self.suffix,
            )
            self.figure.add_layout(self.note)
        if self.note is not None:
            self.note.update(text=view.note, visible=bool(view.note))
        x0, x1, y0, y1 = surface.bounds
        self.figure.x_range.update(start=x0, end=x1)
        self.figure.y_range.update(start=y0, end=y1)
        self.figure.xaxis.axis_label = axis_label(surface.labels[0])
        self.figure.yaxis.axis_label = axis_label(surface.labels[1])
        if self.titled:
            self.figure.title.text = surface.title
        self.surface = surface
        if self.test_contours is not None:
            self.test_contours.data_source.data = test_contours(surface)
            self.test_contours.visible = False

    def show_runs(self, data: SceneData) -> None:
        """New trajectories: the player redraws trails and heads from ``paths``."""
        for name in ("paths", "starts"):
            sources.update(self.sources[name], getattr(data, name)[self.index])
        divergence = data.divergence[self.index]
        if "divergence" in self.sources or len(divergence["x"]):
            sources.update(self._divergence_source(), divergence)

    def show_test_surface(self, visible: bool) -> None:
        """Shows or hides the contours of the shifted test surface."""
        visible = visible and self.surface.test_surface is not None
        if visible and self.test_contours is None:
            self.test_contours = self.shared.draw(
                self.figure,
                Line(
                    x="x",
                    y="y",
                    line_color=TEST_COLOR,
                    line_alpha=0.8,
                    line_width=1.2,
                    line_dash="dashed",
                ),
                self.shared.source(test_contours(self.surface), "test" + self.suffix),
                name="test_contour_lines" + self.suffix,
            )
        if self.test_contours is not None:
            self.test_contours.visible = visible

    def show_inspection(self, point, eigenvalues, eigenvectors, escape) -> None:
        """Marks the inspected point and draws its eigenvectors, the escape direction (if
        any) in both senses and highlighted. ``point`` None clears the inspection."""
        if point is None:
            if self.inspection:
                self.sources["eigen"].data = _no_eigen()
                self.sources["inspected"].data = {"x": [], "y": []}
            return
        self._inspector_marks()
        x0, x1, y0, y1 = self.surface.bounds
        span = np.array([x1 - x0, y1 - y0])
        rows = _no_eigen()
        for value, vector in zip(eigenvalues, np.asarray(eigenvectors).T, strict=True):
            is_escape = escape is not None and np.allclose(vector, escape)
            length = ARROW_FRACTION / max(np.max(np.abs(vector) / span), 1e-12)
            for sense in (1, -1) if is_escape else (1,):
                end = np.asarray(point) + sense * length * vector
                rows["x0"].append(float(point[0]))
                rows["y0"].append(float(point[1]))
                rows["x1"].append(float(end[0]))
                rows["y1"].append(float(end[1]))
                rows["color"].append(ESCAPE_COLOR if is_escape else EIGEN_COLOR)
                rows["width"].append(4.0 if is_escape else 2.0)
                rows["text"].append(f"λ = {value:.3g}" if sense == 1 else "")
        self.sources["eigen"].data = rows
        self.sources["inspected"].data = {"x": [float(point[0])], "y": [float(point[1])]}

    def _image(self, log: bool) -> GlyphRenderer:
        """The heat map on a linear or log colour scale, made when first needed.

        Each scale keeps an image and a mapper of its own for good: BokehJS recolours an
        image when its mapper's limits change, but not when it gets another mapper, so a
        switch between scales is a switch between the two images.
        """
        if log not in self.images:
            kind = LogColorMapper if log else LinearColorMapper
            mapper = kind(palette=SURFACE_PALETTE, nan_color="#ffffff")
            self.images[log] = self.shared.draw(
                self.figure,
                Image(image="image", x="x", y="y", dw="dw", dh="dh", color_mapper=mapper),
                self.sources["image"],
                level="image",
                name="log_image" if log else "linear_image",
            )
        return self.images[log]

    def _divergence_source(self) -> ColumnDataSource:
        """Where runs broke: a cross each, made when a run first diverges."""
        if "divergence" not in self.sources:
            source = self.shared.source(
                {"x": [], "y": [], "step": [], "color": [], "label": []},
                name="divergence" + self.suffix,
            )
            self.sources["divergence"] = source
            self.diverged = self.shared.draw(
                self.figure,
                Scatter(x="x", y="y", marker="x", size=20, line_color=field("color"), line_width=4),
                source,
                name="divergence_markers",
            )
        return self.sources["divergence"]

    def _inspector_marks(self) -> None:
        """The inspected point and its eigenvector arrows, made at the first inspection."""
        if self.inspection:
            return
        fig = self.figure
        eigen = self.sources["eigen"] = self.shared.source(_no_eigen(), "eigen" + self.suffix)
        point = self.shared.source({"x": [], "y": []}, "inspected" + self.suffix)
        self.sources["inspected"] = point
        arrows = Arrow(
            source=eigen,
            x_start="x0",
            y_start="y0",
            x_end="x1",
            y_end="y1",
            line_color="color",
            line_width="width",
            end=VeeHead(size=12, fill_color="color", line_color="color"),
            name="eigen_arrows",
        )
        labels = LabelSet(
            source=eigen,
            x="x1",
            y="y1",
            text="text",
            text_color="color",
            text_font_size="13px",
            x_offset=4,
            y_offset=4,
            name="eigen_labels",
        )
        fig.add_layout(arrows)
        fig.add_layout(labels)
        marker = self.shared.draw(
            fig,
            Scatter(
                x="x",
                y="y",
                marker="diamond",
                size=16,
                fill_color=ESCAPE_COLOR,
                line_color="#ffffff",
                line_width=1.5,
            ),
            point,
            name="inspected_marker",
        )
        self.inspection = [arrows, labels, marker]

    def set_style(self, style: Style) -> None:
        """Line widths, marker sizes and type sizes for a display mode."""
        self.ghosts.glyph.line_width = style.line
        self.trails.glyph.line_width = style.trail
        self.heads.glyph.size = style.head
        fig = self.figure
        for axis in (*fig.xaxis, *fig.yaxis):
            axis.axis_label_text_font_size = style.title_font
            axis.major_label_text_font_size = style.font
        fig.legend.label_text_font_size = style.legend_font
        fig.title.text_font_size = style.title_font
        self.color_bar.major_label_text_font_size = style.font


def _no_eigen() -> dict[str, list]:
    return {k: [] for k in ("x0", "y0", "x1", "y1", "color", "width", "text")}


def _trail_at_end(p: dict) -> dict:
    """The trails as the player draws them at its last frame: each whole path."""
    return {"xs": p["xs"], "ys": p["ys"], "color": p["color"], "label": p["label"]}


def _heads_at_end(p: dict, timeline: dict) -> dict:
    """The current-position markers at the last frame."""
    step = int(timeline["step"][-1])
    return {
        "x": [float(x[-1]) for x in p["fx"]],
        "y": [float(y[-1]) for y in p["fy"]],
        "loss": [float(v[-1]) for v in p["fl"]],
        "color": p["color"],
        "label": p["label"],
        "step": [step] * len(p["color"]),
    }
