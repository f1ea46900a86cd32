"""A scene drawn with Matplotlib: its final state as a figure, or frame by frame as a movie.

It draws what the app draws (:mod:`.scene_data` lays the runs out for both, :mod:`.theme`
colours them): the surface as a heat map with contours, its known minima, the start points,
each run's path with a marker on its current point, divergence points, a step counter, a
legend and the caption. Frames are blitted: the surface is drawn once, each frame only
redraws the runs. The figure is a plain :class:`~matplotlib.figure.Figure` on an Agg canvas
(no pyplot), so drawing leaves the caller's Matplotlib backend alone; in a notebook,
``display(drawer.figure)`` shows it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import (
    Colormap,
    LinearSegmentedColormap,
    ListedColormap,
    LogNorm,
    Normalize,
)
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from optiviz.app.display.scene_data import scene_data, surface_data
from optiviz.app.display.theme import INK, MPL_MARKERS, RUN_COLORS, RUN_MARKERS, SURFACE_PALETTE
from optiviz.app.export.data_frames import DataViewArtists
from optiviz.app.export.mathtext import to_mathtext
from optiviz.optim import Trajectory
from optiviz.optim.scene import Scene

DPI = 100


class Look(NamedTuple):
    """Colours of a theme."""

    paper: str
    ink: str
    surface: Colormap
    runs: tuple[str, ...]


LOOKS = {
    "light": Look("#ffffff", INK, ListedColormap(SURFACE_PALETTE), RUN_COLORS),
    "dark": Look(
        "#111418",
        "#e8edf2",
        LinearSegmentedColormap.from_list("dark", ["#15191e", "#1e2a36", "#2f4254", "#4d6479"]),
        tuple("#ffffff" if c == "#000000" else c for c in RUN_COLORS),
    ),
}
"""Light for slides and paper, dark for dark slide decks (black runs turn white)."""


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most about ``width`` characters, never breaking inside ``$…$`` (whose
    source is longer than what it draws, so it counts for half)."""
    words = re.findall(r"\$[^$]*\$\S*|\S+", text)
    lines: list[str] = []
    length = 0
    for word in words:
        size = len(word) // 2 if word.startswith("$") else len(word)
        if lines and length + 1 + size <= width:
            lines[-1] += " " + word
            length += 1 + size
        else:
            lines.append(word)
            length = size
    return lines


class FrameDrawer:
    """The Matplotlib figure of a scene and the artists that move.

    Args:
        scene: The scene.
        trajectories: ``simulate(scene)``.
        size: (width, height) in pixels.
        theme: ``"light"`` or ``"dark"``.
        title: Heading (None: none).
        caption: Text under the plot, math in ``$…$`` (None: none).
    """

    projection: str | None = None
    """The Matplotlib projection of each surface's axes (the 3-D drawer's is ``"3d"``)."""

    def __init__(
        self,
        scene: Scene,
        trajectories: Sequence[Trajectory],
        *,
        size: tuple[int, int] = (960, 640),
        theme: str = "light",
        title: str | None = None,
        caption: str | None = None,
    ) -> None:
        self.scene, self.trajectories = scene, list(trajectories)
        self.data = scene_data(scene, self.trajectories)
        self.look = LOOKS[theme]
        width, height = size
        scale = math.sqrt(width * height) / 800
        self.font = 11 * scale
        self.figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
        FigureCanvasAgg(self.figure)
        self.figure.patch.set_facecolor(self.look.paper)
        top = 1 - (0.09 if title else 0.03)
        bottom = self._caption(caption, width) if caption else 0.08
        plots = len(self.data.surfaces) + len(self.data.data_views)
        grid = self.figure.add_gridspec(
            1, plots, left=0.07, right=0.98, top=top, bottom=bottom, wspace=0.2
        )
        self.axes = [
            self.figure.add_subplot(grid[0, k], projection=self.projection)
            for k in range(len(self.data.surfaces))
        ]
        if title:
            self.figure.suptitle(
                to_mathtext(title), color=self.look.ink, fontsize=self.font * 1.35, y=0.985
            )
        for k, ax in enumerate(self.axes):
            self._draw_surface(ax, k)
        self._runs()
        frames = len(self.data.timeline["step"])
        look = (self._color, self.look.ink, self.look.paper, self.font)
        cells = [grid[0, k] for k in range(len(self.axes), plots)]
        self.data_views = [
            DataViewArtists(self.figure.add_subplot(cell), view, frames, *look)
            for cell, view in zip(cells, self.data.data_views, strict=True)
        ]

    def _caption(self, caption: str, width: float) -> float:
        """Draws the caption at the bottom; returns the axes' bottom edge (figure fraction)."""
        points_to_pixels = DPI / 72
        size = self.font * 0.95
        lines = wrap(to_mathtext(caption), int(width / (size * 0.6 * points_to_pixels)))
        self.figure.text(
            0.5, 0.015, "\n".join(lines), ha="center", va="bottom", linespacing=1.7,
            fontsize=size, color=self.look.ink,
        )  # fmt: skip
        caption_px = len(lines) * size * points_to_pixels * 1.7 * 1.2 + 8
        axis_px = 3.2 * self.font * points_to_pixels
        return min(0.5, (caption_px + axis_px) / self.figure.bbox.height)

    def _draw_surface(self, ax: Axes, k: int) -> None:
        surface = self.data.surfaces[k]
        data = surface_data(surface)
        x0, x1, y0, y1 = surface.bounds
        # In units of the largest |L| drawn, so that no span overflows (L up to ±1.8e308).
        unit = max(abs(data.low), abs(data.high))
        low, high = data.low / unit, data.high / unit
        values = np.clip(data.grid.values, data.low, data.high) / unit
        ax.imshow(
            values, extent=(x0, x1, y0, y1), origin="lower", aspect="auto",
            cmap=self.look.surface, norm=LogNorm(low, high) if data.log else Normalize(low, high),
            interpolation="bilinear",
        )  # fmt: skip
        if len(data.levels):
            ax.contour(
                data.grid.w1, data.grid.w2, values, levels=data.levels / unit,
                colors=self.look.ink, alpha=0.22, linewidths=0.6 * self.font / 11,
            )  # fmt: skip
        if data.note:
            ax.text(
                0.015, 0.02, data.note, transform=ax.transAxes, ha="left", va="bottom",
                fontsize=self.font * 0.9, color=self.look.ink, zorder=9,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": self.look.paper, "alpha": 0.85,
                      "edgecolor": "none"},
            )  # fmt: skip
        ax.plot(
            data.minima["x"], data.minima["y"], "*", color="#ffffff", markersize=self.font * 1.3,
            markeredgecolor=self.look.ink, markeredgewidth=0.8, zorder=4, label="_minimum",
        )  # fmt: skip
        starts = self.data.starts[k]
        ax.plot(
            starts["x"], starts["y"], "o", color="#ffffff", markersize=self.font * 0.8,
            markeredgecolor=self.look.ink, markeredgewidth=1.4, zorder=5,
        )  # fmt: skip
        x_label, y_label = (f"${label}$" for label in surface.labels)
        ax.set_xlabel(x_label, color=self.look.ink, fontsize=self.font)
        ax.set_ylabel(y_label, color=self.look.ink, fontsize=self.font)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.tick_params(colors=self.look.ink, labelsize=self.font * 0.85)
        for spine in ax.spines.values():
            spine.set_color(self.look.ink)
        if len(self.axes) > 1:
            ax.set_title(surface.title, color=self.look.ink, fontsize=self.font)

    def _runs(self) -> None:
        """One path line and one head marker per run, and the step counter."""
        self.lines, self.heads, self.broken, self.keys = [], [], [], []
        width = 2.0 * self.font / 11
        for k, ax in enumerate(self.axes):
            paths, divergence = self.data.paths[k], self.data.divergence[k]
            for i, label in enumerate(paths["label"]):
                color = self._color(paths["color"][i])
                marker = run_marker(paths["color"][i])
                (line,) = ax.plot([], [], "-", color=color, linewidth=width, label=label, zorder=6)
                (head,) = ax.plot(
                    [], [], marker, color=color, markersize=self.font * 0.85,
                    markeredgecolor=self.look.paper, markeredgewidth=1.2, zorder=7,
                )  # fmt: skip
                self.lines.append((line, paths, i))
                self.heads.append((head, paths, i))
                self.keys.append(
                    Line2D(
                        [], [], color=color, linewidth=width, marker=marker, label=label,
                        markersize=self.font * 0.7, markeredgecolor=self.look.paper,
                    )
                )  # fmt: skip
            for i in range(len(divergence["step"])):
                (cross,) = ax.plot(
                    [divergence["x"][i]], [divergence["y"][i]], "X", markersize=self.font * 1.3,
                    color=self._color(divergence["color"][i]), markeredgecolor=self.look.paper,
                    zorder=8,
                )  # fmt: skip
                self.broken.append((cross, int(divergence["step"][i])))
        self.counter = self.axes[0].text(
            0.015, 0.975, "", transform=self.axes[0].transAxes, ha="left", va="top",
            fontsize=self.font, color=self.look.ink, zorder=9,
            bbox={"boxstyle": "round,pad=0.3", "facecolor": self.look.paper, "alpha": 0.8,
                  "edgecolor": "none"},
        )  # fmt: skip
        self.legend = self.axes[-1].legend(
            handles=self.keys, loc="upper right", fontsize=self.font * 0.85, framealpha=0.85,
            facecolor=self.look.paper, labelcolor=self.look.ink, edgecolor="none",
        )  # fmt: skip
        self.legend.set_zorder(10)

    def _color(self, color: str) -> str:
        """The run colour in this theme (white instead of black on dark paper)."""
        return self.look.runs[RUN_COLORS.index(color)] if color in RUN_COLORS else color

    @property
    def moving(self) -> list:
        """The artists a frame redraws."""
        return [
            *(line for line, _, _ in self.lines),
            *(head for head, _, _ in self.heads),
            *(cross for cross, _ in self.broken),
            self.counter,
            *(artist for view in self.data_views for artist in view.moving),
        ]

    def show_frame(self, frame: int) -> None:
        """Sets the moving artists to player frame ``frame`` (see ``data.timeline``)."""
        step = int(self.data.timeline["step"][frame])
        for line, paths, i in self.lines:
            shown = np.asarray(paths["steps"][i]) <= step
            xs = np.append(np.asarray(paths["xs"][i])[shown], paths["fx"][i][frame])
            ys = np.append(np.asarray(paths["ys"][i])[shown], paths["fy"][i][frame])
            line.set_data(xs, ys)
        for head, paths, i in self.heads:
            head.set_data([paths["fx"][i][frame]], [paths["fy"][i][frame]])
        for cross, broke_at in self.broken:
            cross.set_visible(step >= broke_at)
        for view in self.data_views:
            view.show_frame(frame)
        self.counter.set_text(f"step {step:,} / {self.scene.steps:,}")

    def frames(self, count: int) -> Iterator[np.ndarray]:
        """``count`` RGB frames evenly spread over the run, the last one its end."""
        last = len(self.data.timeline["step"]) - 1
        picks = np.round(np.linspace(0, last, count)).astype(int)
        for artist in self.moving:
            artist.set_animated(True)
        canvas = self.figure.canvas
        canvas.draw()
        background = canvas.copy_from_bbox(self.figure.bbox)
        for frame in picks:
            canvas.restore_region(background)
            self.show_frame(int(frame))
            for artist in self.moving:
                if artist.get_visible():
                    self.figure.draw_artist(artist)
            yield np.asarray(canvas.buffer_rgba())[..., :3].copy()

    def save(self, path: str, **kwargs: object) -> None:
        """Saves the final state (every path whole, markers on the end points)."""
        self.show_frame(len(self.data.timeline["step"]) - 1)
        self.figure.savefig(path, dpi=DPI, facecolor=self.look.paper, **kwargs)


def run_marker(color: str) -> str:
    """The Matplotlib marker of the run drawn in ``color`` (its row's, see
    :data:`~optiviz.app.display.theme.RUN_MARKERS`)."""
    if color not in RUN_COLORS:
        return "o"
    return MPL_MARKERS[RUN_MARKERS[RUN_COLORS.index(color)]]
