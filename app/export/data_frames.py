"""The data view drawn with Matplotlib, frame by frame, for the GIF, MP4, PNG and SVG exports.

The same columns as the app's data view (:mod:`optiviz.app.display.data_view`), the same
frame slices (:func:`~optiviz.app.plots.data_view.shown_lines`): the points, each run's
model at the frame, a classifier's boundary, the rings of the latest mini-batch, and the
legend with the epochs.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes

from optiviz.app.display.data_view import DataView
from optiviz.app.plots.data_view import TITLE, shown_lines, shown_marks

DASHES = {"solid": "-", "dashed": "--"}


class DataViewArtists:
    """A data view on ``ax``, and the artists a frame moves.

    Args:
        ax: The axes to draw on.
        view: The view's columns.
        frames: How many player frames its rows hold.
        color: Maps a run colour to the theme's.
        ink, paper: The theme's text and background colours.
        font: The base type size in points.
    """

    def __init__(
        self,
        ax: Axes,
        view: DataView,
        frames: int,
        color: Callable[[str], str],
        ink: str,
        paper: str,
        font: float,
    ) -> None:
        self.view, self.frames = view, frames
        ax.plot(
            view.points["x"], view.points["y"], "o", color="#9aabbc", markeredgecolor=ink,
            markersize=font * 0.6, zorder=3,
        )  # fmt: skip
        if view.classes:
            ax.axhline(0.5, color=ink, linestyle=":", alpha=0.5, linewidth=0.8)
        curves = view.curves
        self.lines = [
            ax.plot([], [], DASHES[dash], color=color(c), linewidth=2.0 * font / 11, zorder=5)[0]
            for c, dash in zip(curves["color"], curves["dash"], strict=True)
        ]
        self.marks = ax.scatter(
            [], [], s=(font * 1.3) ** 2, facecolors="none", linewidths=2.0, zorder=4
        )
        self.color = color
        ax.set_xlim(*view.x_range)
        ax.set_ylim(*view.y_range)
        x_label, y_label = (f"${label}$" for label in view.labels)
        ax.set_xlabel(x_label, color=ink, fontsize=font)
        ax.set_ylabel(y_label, color=ink, fontsize=font)
        ax.set_title(TITLE, color=ink, fontsize=font)
        ax.tick_params(colors=ink, labelsize=font * 0.85)
        for spine in ax.spines.values():
            spine.set_color(ink)
        self.legend = ax.legend(
            handles=self.lines, labels=[""] * len(self.lines), loc="upper left",
            fontsize=font * 0.8, framealpha=0.85, facecolor=paper, labelcolor=ink,
            edgecolor="none",
        )  # fmt: skip
        self.legend.set_zorder(10)

    @property
    def moving(self) -> list:
        """The artists a frame redraws."""
        return [*self.lines, self.marks, self.legend]

    def show_frame(self, frame: int) -> None:
        """Sets the lines, rings and legend to player frame ``frame``."""
        lines = shown_lines(self.view, frame, self.frames)
        for line, xs, ys in zip(self.lines, lines["xs"], lines["ys"], strict=True):
            line.set_data(xs, ys)
        for text, label in zip(self.legend.get_texts(), lines["label"], strict=True):
            text.set_text(label)
        marks = shown_marks(self.view, frame, self.frames)
        self.marks.set_offsets(np.column_stack([marks["x"], marks["y"]]).reshape(-1, 2))
        self.marks.set_edgecolors([self.color(c) for c in marks["color"]] or "none")
