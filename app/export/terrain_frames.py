"""A scene's 3-D view drawn with Matplotlib (mplot3d): its final state, or frame by frame.

It draws what the app's 3-D view draws (:func:`~optiviz.app.display.terrain.terrain_data`
lays out both): each surface as a terrain shaded by a light from the upper left, in the
surface's colour map and height scale, the 2-D plot's contours at their heights, and each
run a trail over the terrain with a ball at its current point. The camera is the app's
(:mod:`~optiviz.app.display.camera`, whose angles are Matplotlib's); ``orbit`` turns it
slowly around the terrain over the movie. The title, caption, legend and step counter are
:class:`~.frames.FrameDrawer`'s.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LightSource, Normalize

from optiviz.app.display.camera import BOX_HEIGHT, DEFAULT_CAMERA, PRESETS, Camera
from optiviz.app.display.terrain import TerrainData, terrain_data, terrain_runs
from optiviz.app.export.frames import FrameDrawer
from optiviz.optim import Trajectory
from optiviz.optim.scene import Scene

SAMPLES = 60
"""Rows and columns of the terrain's mesh (Matplotlib sorts every face, every frame)."""
ZOOM = 1.15
"""Matplotlib's zoom at the default camera's distance (a nearer camera zooms in)."""
LIGHT = LightSource(azdeg=315, altdeg=45)
"""From the upper left, like the app's."""


class TerrainDrawer(FrameDrawer):
    """The Matplotlib figure of a scene's 3-D view and the artists that move.

    Args:
        scene: The scene.
        trajectories: ``simulate(scene)``.
        camera: Where the camera looks from (at the first frame).
        heights: The height scale (None: each surface's default).
        orbit: Degrees the camera turns around the terrain over a movie.
        **options: ``size``, ``theme``, ``title``, ``caption`` (see :class:`FrameDrawer`).
    """

    projection = "3d"

    def __init__(
        self,
        scene: Scene,
        trajectories: Sequence[Trajectory],
        *,
        camera: Camera = PRESETS[DEFAULT_CAMERA].camera,
        heights: str | None = None,
        orbit: float = 0.0,
        **options,
    ) -> None:
        self.camera, self.heights, self.orbit = camera, heights, float(orbit)
        self.terrains: list[TerrainData] = []
        self.runs: list[dict] = []
        super().__init__(scene, trajectories, **options)

    def _draw_surface(self, ax: Axes, k: int) -> None:
        terrain = terrain_data(self.data.surfaces[k], self.heights)
        self.terrains.append(terrain)
        self.runs.append(terrain_runs(self.data, self.trajectories, k, terrain.heights))
        x, y = terrain.surface["x"][0], terrain.surface["y"][0]
        c = terrain.surface["c"][0]
        z = c * BOX_HEIGHT
        step = max(1, len(x) // SAMPLES)
        xx, yy = np.meshgrid(x[::step], y[::step])
        colours = LIGHT.shade(
            c[::step, ::step], cmap=self.look.surface, norm=Normalize(0, 1), blend_mode="soft"
        )
        ax.plot_surface(
            xx, yy, z[::step, ::step], facecolors=colours, linewidth=0, antialiased=False,
            shade=False, rcount=len(xx), ccount=len(xx), zorder=1,
        )  # fmt: skip
        contours = terrain.contours
        ax.plot(
            contours["x"], contours["y"], contours["z"], color=self.look.ink, alpha=0.25,
            linewidth=0.5 * self.font / 11, zorder=2,
        )  # fmt: skip
        near = PRESETS[DEFAULT_CAMERA].camera.distance / self.camera.distance
        ax.set_box_aspect((2, 2, BOX_HEIGHT), zoom=float(np.clip(ZOOM * near, 0.4, 2.5)))
        ax.computed_zorder = False
        ax.set(xlim=(-1, 1), ylim=(-1, 1), zlim=(0, BOX_HEIGHT))
        axes = terrain.axes
        for axis, ticks, labels, title in zip(
            (ax.xaxis, ax.yaxis, ax.zaxis), axes["ticks"], axes["labels"], axes["title"],
            strict=True,
        ):  # fmt: skip
            axis.set_ticks(ticks, labels=labels)
            axis.set_label_text(title, color=self.look.ink, fontsize=self.font)
            axis.set_pane_color((1, 1, 1, 0))
        ax.tick_params(colors=self.look.ink, labelsize=self.font * 0.8)
        ax.set_facecolor(self.look.paper)
        ax.view_init(elev=self.camera.elevation, azim=self.camera.azimuth)
        if len(self.data.surfaces) > 1:
            ax.set_title(terrain.title, color=self.look.ink, fontsize=self.font)

    def _runs(self) -> None:
        """One trail and one ball per run, and the step counter."""
        self.lines, self.heads, self.broken = [], [], []
        for ax, runs in zip(self.axes, self.runs, strict=True):
            for i, label in enumerate(runs["label"]):
                color = self._color(runs["color"][i])
                (line,) = ax.plot([], [], [], "-", color=color, linewidth=2.2 * self.font / 11,
                                  label=label, zorder=5)  # fmt: skip
                (ball,) = ax.plot(
                    [], [], [], "o", color=color, markersize=self.font * 0.95,
                    markeredgecolor=self.look.paper, markeredgewidth=1.0, zorder=6,
                )  # fmt: skip
                self.lines.append((line, runs, i))
                self.heads.append((ball, runs, i))
        self.counter = self.axes[0].text2D(
            0.015, 0.975, "", transform=self.axes[0].transAxes, ha="left", va="top",
            fontsize=self.font, color=self.look.ink, zorder=9,
        )  # fmt: skip
        self.legend = self.axes[-1].legend(
            handles=[line for line, _, _ in self.lines], loc="upper right",
            fontsize=self.font * 0.85, framealpha=0.85, facecolor=self.look.paper,
            labelcolor=self.look.ink, edgecolor="none",
        )  # fmt: skip

    def show_frame(self, frame: int) -> None:
        """Sets the trails and balls to player frame ``frame`` (see ``data.timeline``)."""
        step = int(self.data.timeline["step"][frame])
        for (line, runs, i), (ball, _, _) in zip(self.lines, self.heads, strict=True):
            shown = np.asarray(runs["steps"][i]) <= step
            head = [runs[key][i][frame] for key in ("fx", "fy", "fz")]
            line.set_data_3d(
                *(np.append(np.asarray(runs[key][i])[shown], h) for key, h in zip(
                    ("xs", "ys", "zs"), head, strict=True))
            )  # fmt: skip
            ball.set_data_3d([head[0]], [head[1]], [head[2]])
        self.counter.set_text(f"step {step:,} / {self.scene.steps:,}")

    @property
    def moving(self) -> list:
        return [*(line for line, _, _ in self.lines), *(h for h, _, _ in self.heads), self.counter]

    def frames(self, count: int) -> Iterator[np.ndarray]:
        """``count`` RGB frames evenly spread over the run, the last one its end; the
        camera turns by ``orbit`` degrees over them (every frame then redrawn whole)."""
        if not self.orbit:
            yield from super().frames(count)
            return
        last = len(self.data.timeline["step"]) - 1
        picks = np.round(np.linspace(0, last, count)).astype(int)
        canvas = self.figure.canvas
        for n, frame in enumerate(picks):
            turn = self.orbit * n / max(count - 1, 1)
            for ax in self.axes:
                ax.view_init(elev=self.camera.elevation, azim=self.camera.azimuth + turn)
            self.show_frame(int(frame))
            canvas.draw()
            yield np.asarray(canvas.buffer_rgba())[..., :3].copy()
