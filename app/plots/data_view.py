"""The data view as a Bokeh figure: the data points and each run's model at the player's frame.

Pure Bokeh, beside the surface plot in the app and in the offline HTML export. Its sources are
named for the browser tests: ``data_curves`` and ``data_batches`` hold every frame (see
:mod:`optiviz.app.display.data_view`), ``data_lines`` and ``data_marks`` the frame shown,
which ``player.js`` writes when the player moves.
"""

from __future__ import annotations

import functools

import numpy as np
from bokeh.core.properties import field
from bokeh.models import Legend, LegendItem, MultiLine, Range1d, Scatter, Span
from bokeh.plotting import figure

from optiviz.app.display.axis_labels import axis_label
from optiviz.app.display.data_view import DataView
from optiviz.app.display.theme import INK, Style
from optiviz.app.plots import sources
from optiviz.app.plots.sharing import SharedModels

TITLE = "the model on the data"


class DataViewPlot:
    """One data view's figure and sources.

    Attributes:
        figure: The Bokeh figure, named ``"data_view"`` (``"data_view_1"``, … for more).
        sources: ``data_points``, ``data_curves``, ``data_lines``, ``data_batches`` and
            ``data_marks``, each named so (with the same suffix).
    """

    def __init__(
        self,
        view: DataView,
        index: int,
        frames: int,
        style: Style,
        shared: SharedModels | None = None,
    ) -> None:
        shared = shared or SharedModels()
        suffix = f"_{index}" if index else ""
        self.sources = {
            name: shared.source(columns, name=name + suffix)
            for name, columns in {
                "data_points": view.points,
                "data_curves": view.curves,
                "data_lines": shown_lines(view, frames - 1, frames),
                "data_batches": view.batches,
                "data_marks": shown_marks(view, frames - 1, frames),
            }.items()
        }
        fig = figure(
            name="data_view" + suffix,
            title=TITLE,
            x_range=Range1d(*view.x_range),
            y_range=Range1d(*view.y_range),
            tools="pan,wheel_zoom,reset,save",
            toolbar_location="above",
            sizing_mode="stretch_width",
            height=520,
            min_width=300,
            x_axis_label=axis_label(view.labels[0]),
            y_axis_label=axis_label(view.labels[1]),
            output_backend="canvas",
        )
        fig.toolbar.autohide = True
        fig.grid.grid_line_alpha = 0.35
        self.boundary = Span(
            location=0.5, dimension="width", line_color=INK, line_dash="dotted", line_alpha=0.5
        )
        fig.add_layout(self.boundary)
        self.boundary.visible = view.classes
        draw = functools.partial(shared.draw, fig)
        src = self.sources
        draw(
            Scatter(x="x", y="y", size=8, fill_color="#9aabbc", line_color=INK, line_width=1),
            src["data_points"],
            name="data_point_markers",
        )
        draw(
            Scatter(
                x="x", y="y", size=16, fill_color=None, line_color=field("color"), line_width=2.5
            ),
            src["data_marks"],
            name="data_mark_markers",
        )
        self.lines = draw(
            MultiLine(
                xs="xs",
                ys="ys",
                line_color=field("color"),
                line_dash=field("dash"),
                line_width=style.trail,
            ),
            src["data_lines"],
            name="data_model",
        )
        fig.add_layout(
            Legend(
                items=[LegendItem(label=field("label"), renderers=[self.lines])],
                location="top_left",
                background_fill_alpha=0.7,
                border_line_color="#cbd2d9",
                padding=4,
                spacing=0,
            )
        )
        fig.title.text_color = INK
        self.figure = fig
        self.set_style(style)

    def show(self, view: DataView, frames: int) -> None:
        """New runs (or new data): every frame's columns, and the last frame drawn."""
        self.figure.x_range.update(start=view.x_range[0], end=view.x_range[1])
        self.figure.y_range.update(start=view.y_range[0], end=view.y_range[1])
        self.figure.xaxis.axis_label = axis_label(view.labels[0])
        self.figure.yaxis.axis_label = axis_label(view.labels[1])
        self.boundary.visible = view.classes
        sources.update(self.sources["data_points"], view.points)
        sources.update(self.sources["data_curves"], view.curves)
        sources.update(self.sources["data_batches"], view.batches)
        sources.update(self.sources["data_lines"], shown_lines(view, frames - 1, frames))
        sources.update(self.sources["data_marks"], shown_marks(view, frames - 1, frames))

    def set_style(self, style: Style) -> None:
        self.lines.glyph.line_width = style.trail
        fig = self.figure
        for axis in (*fig.xaxis, *fig.yaxis):
            axis.axis_label_text_font_size = style.title_font
            axis.major_label_text_font_size = style.font
        fig.legend.label_text_font_size = style.legend_font
        fig.title.text_font_size = style.title_font


def frame_of(values: np.ndarray, frame: int, n: int) -> np.ndarray:
    """Frame ``frame``'s n values of a row that holds every frame's one after another, or
    the row itself when it holds n values for all frames."""
    if len(values) == n:
        return np.asarray(values)
    return np.asarray(values[frame * n : (frame + 1) * n])


def shown_lines(view: DataView, frame: int, frames: int) -> dict[str, list]:
    """The ``data_lines`` columns at ``frame`` of ``frames``, as ``player.js`` draws them."""
    c = view.curves
    sizes = [len(y) // frames for y in c["fys"]]
    return {
        "xs": [frame_of(x, frame, n) for x, n in zip(c["fxs"], sizes, strict=True)],
        "ys": [frame_of(y, frame, n) for y, n in zip(c["fys"], sizes, strict=True)],
        "color": list(c["color"]),
        "dash": list(c["dash"]),
        "label": [labels[min(frame, len(labels) - 1)] for labels in c["labels"]],
    }


def shown_marks(view: DataView, frame: int, frames: int) -> dict[str, list]:
    """The ``data_marks`` columns at ``frame`` of ``frames``: every mini-batch run's batch."""
    b = view.batches
    x: list[float] = []
    y: list[float] = []
    color: list[str] = []
    for fxs, fys, c in zip(b["fxs"], b["fys"], b["color"], strict=True):
        n = len(fys) // frames
        xs, ys = frame_of(fxs, frame, n), frame_of(fys, frame, n)
        x += xs.tolist()
        y += ys.tolist()
        color += [c] * len(xs)
    return {"x": x, "y": y, "color": color}
