"""Scenes out of the server: offline HTML, GIF, MP4, PNG and SVG.

:func:`export` (also ``optiviz export`` and the app's Export menu) simulates a scene with
the engine and writes it in the format its file name ends with:

* ``.html``: one self-contained page, Bokeh inlined, that plays in the browser exactly like
  the app's player (the same :class:`~.scene_figure.SceneFigure` and ``player.js``), from
  ``file://`` with the network off, with a slider per run for η (and the names in
  ``vary``) over values the engine ran beforehand (:mod:`.html`);
* ``.gif`` / ``.mp4``: the animation frame by frame (:mod:`.frames`, Matplotlib), MP4 as
  H.264 in yuv420p so browsers and slide software play it;
* ``.png`` / ``.svg``: the final state as a figure of the requested size.

``view="3d"`` exports the 3-D view instead of the contour plot: the page holds the app's
3-D view (vtk.js inlined), the movies and figures the terrain (:mod:`.terrain_frames`),
from ``camera``, on the height scale ``heights``, the camera turning ``orbit`` degrees over
a movie.

Figures and movies get alt text (:mod:`.alt_text`): inside an SVG, in ``<file>.txt`` beside a
PNG or GIF, as a WebVTT caption file ``<file>.vtt`` beside an MP4.

Example:
    >>> from optiviz.app.export import export
    >>> path = export("valley-adagrad", "adagrad.gif", fps=10, duration=2)  # doctest: +SKIP
"""

from __future__ import annotations

import re
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from optiviz.app.display.camera import DEFAULT_CAMERA, PRESETS, Camera
from optiviz.app.display.heights import KINDS
from optiviz.optim import budget, presets
from optiviz.optim.scene import Scene, simulate

FORMATS = (".html", ".gif", ".mp4", ".png", ".svg")
VIEWS = ("2d", "3d")
FRAME_PIXELS = {".gif": 10**8, ".mp4": 3 * 10**8}
"""Most pixels of a movie's frames together (frames × width × height): its work budget. A
GIF holds its frames in memory (3 bytes a pixel) until it is written; an MP4 streams them
to ffmpeg. The defaults (160 frames of 960 × 640) and the README's 1280 × 720, 30 fps, 10 s
MP4 fit."""
Progress = Callable[[int, int], None]


def export(
    scene: Scene | str,
    out: str | Path,
    *,
    fps: int = 20,
    duration: float = 8.0,
    size: tuple[int, int] = (960, 640),
    theme: str = "light",
    title: str | None = None,
    caption: str | bool = True,
    vary: Sequence[str] = (),
    progress: Progress | None = None,
    notify: Callable[[str], None] | None = None,
    view: str = "2d",
    camera: Camera = PRESETS[DEFAULT_CAMERA].camera,
    heights: str | None = None,
    orbit: float = 0.0,
) -> Path:
    """Writes ``scene`` (or the preset of that name) to ``out``.

    Args:
        scene: A scene, or a preset name (whose title and caption are then used).
        out: The file; its suffix picks the format (see :data:`FORMATS`).
        fps: Frames per second (GIF, MP4).
        duration: Seconds of animation (GIF, MP4); frames = round(fps · duration).
        size: (width, height) in pixels (rounded to even numbers for MP4).
        theme: ``"light"`` or ``"dark"``.
        title: Heading; defaults to the preset's title.
        caption: True for the preset's caption, False for none, or the text to show.
        vary: HTML only: hyperparameters that get a slider beside η's in each run that
            takes them, by the engine's names (``momentum``, ``alpha``, ``beta1``, ``beta2``,
            ``eps``, ``weight_decay``, ``noise``, ``batch_size``).
        progress: Called with (done, total) as frames are drawn.
        notify: Called with a notice when the request is cut to its work budget (fewer
            steps, see :func:`optiviz.optim.budget.fit_scene`, or fewer frames, see
            :func:`movie_frames`); by default the notice is a warning.
        view: ``"2d"`` (the contour plot) or ``"3d"`` (the terrain).
        camera: The 3-D view's camera (at the first frame).
        heights: The 3-D view's height scale (None: the surface's default).
        orbit: Degrees the 3-D camera turns over a movie.

    Returns:
        The path written.

    Raises:
        ValueError: An unknown format, theme or preset, a bad size, fps or duration, or a
            name that cannot vary.
    """
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"unknown export format {suffix or path.name!r}; use {', '.join(FORMATS)}")
    if theme not in ("light", "dark"):
        raise ValueError(f"theme must be light or dark, got {theme!r}")
    width, height = size
    if not (64 <= width <= 4096 and 64 <= height <= 4096):
        raise ValueError(f"size must be between 64x64 and 4096x4096, got {width}x{height}")
    if not (1 <= fps <= 60) or not (0 < duration <= 600):
        raise ValueError("fps must be in [1, 60] and duration in (0, 600] seconds")
    if vary and suffix != ".html":
        raise ValueError(f"vary makes sliders, which only an .html page has, not {suffix}")
    if view not in VIEWS or (heights is not None and heights not in KINDS):
        raise ValueError(f"view must be {' or '.join(VIEWS)} and heights one of {', '.join(KINDS)}")
    preset = presets.get(scene) if isinstance(scene, str) else None
    scene = preset.scene if preset else scene
    title = title if title is not None else (preset.title if preset else None)
    if caption is True:
        caption = preset.caption if preset else ""
    notify = notify or (lambda notice: warnings.warn(notice, stacklevel=3))
    scene, cut = budget.fit_scene(scene)
    if cut:
        notify(cut)
    options = {"title": title, "caption": caption or None, "theme": theme}
    if view == "3d":
        options["terrain"] = {"camera": camera, "heights": heights}
    if suffix == ".html":
        from optiviz.app.export.html import write_html

        write_html(path, scene, vary=vary, **options)
        return path
    if view == "3d":
        options["terrain"]["orbit"] = orbit
    trajectories = simulate(scene)
    if suffix in (".gif", ".mp4"):
        frames, cut = movie_frames(suffix, fps, duration, size)
        if cut:
            notify(cut)
        write_movie(path, scene, trajectories, frames, fps, size, progress, **options)
    else:
        write_figure(path, scene, trajectories, size, **options)
    if suffix != ".html":
        from optiviz.app.export.alt_text import alt_text, write_alt_text

        write_alt_text(path, alt_text(scene, trajectories, title), title, duration)
    return path


def drawer(scene: Scene, trajectories: list, terrain: dict | None = None, **options):
    """The 2-D plot's :class:`~.frames.FrameDrawer`, or the 3-D view's
    :class:`~.terrain_frames.TerrainDrawer` with the ``terrain`` options."""
    if terrain is None:
        from optiviz.app.export.frames import FrameDrawer

        return FrameDrawer(scene, trajectories, **options)
    from optiviz.app.export.terrain_frames import TerrainDrawer

    return TerrainDrawer(scene, trajectories, **terrain, **options)


def movie_frames(suffix: str, fps: int, duration: float, size: tuple[int, int]) -> tuple[int, str]:
    """Frames of a ``suffix`` movie (``.gif``, ``.mp4``): ``fps`` × ``duration``, or as many
    as :data:`FRAME_PIXELS` affords at ``size`` (the same run, played faster), with a
    notice when fewer.

    Example:
        >>> movie_frames(".mp4", 30, 10, (1280, 720))
        (300, '')
        >>> movie_frames(".gif", 60, 600, (4096, 4096))[1]
        'Drew 5 frames instead of 36,000 at 4096 × 4096 pixels: the GIF plays 0.1 s.'
    """
    width, height = size
    wanted = max(2, round(fps * duration))
    frames = max(2, min(wanted, FRAME_PIXELS[suffix] // (width * height)))
    if frames == wanted:
        return frames, ""
    movie = suffix[1:].upper()
    return frames, (
        f"Drew {frames:,} frames instead of {wanted:,} at {width} × {height} pixels: "
        f"the {movie} plays {frames / fps:.1f} s."
    )


def write_figure(path: Path, scene: Scene, trajectories: list, size: tuple[int, int], **options):
    """PNG or SVG of the final state, exactly ``size`` pixels (SVG: its width and height)."""
    drawer(scene, trajectories, size=size, **options).save(
        str(path), format=path.suffix[1:].lower()
    )
    if path.suffix.lower() == ".svg":
        text = path.read_text(encoding="utf-8")
        width, height = size
        text = re.sub(
            r'<svg([^>]*?) width="[\d.]+pt" height="[\d.]+pt"',
            rf'<svg\1 width="{width}" height="{height}"',
            text,
            count=1,
        )
        path.write_text(text, encoding="utf-8")


def write_movie(
    path: Path,
    scene: Scene,
    trajectories: list,
    frames: int,
    fps: int,
    size: tuple[int, int],
    progress: Progress | None,
    **options,
) -> None:
    """GIF (one shared palette, no dithering, looping) or MP4 (H.264, yuv420p)."""
    if path.suffix.lower() == ".mp4":
        size = (size[0] - size[0] % 2, size[1] - size[1] % 2)
    report = progress or (lambda done, total: None)
    images = drawer(scene, trajectories, size=size, **options).frames(frames)
    if path.suffix.lower() == ".gif":
        _write_gif(path, images, frames, fps, report)
    else:
        _write_mp4(path, images, frames, fps, report)


def _write_gif(path: Path, images, frames: int, fps: int, report: Progress) -> None:
    from PIL import Image

    rgb = list(images)
    palette = Image.fromarray(rgb[-1]).quantize(256, method=Image.Quantize.MEDIANCUT)
    indexed = []
    for done, image in enumerate(rgb, 1):
        indexed.append(Image.fromarray(image).quantize(palette=palette, dither=Image.Dither.NONE))
        report(done, frames)
    indexed[0].save(
        path, save_all=True, append_images=indexed[1:], duration=round(1000 / fps), loop=0
    )


def _write_mp4(path: Path, images, frames: int, fps: int, report: Progress) -> None:
    import imageio.v2 as imageio

    with warnings.catch_warnings():
        # JAX warns on any fork; this one starts ffmpeg, which execs at once.
        warnings.filterwarnings("ignore", "os.fork", RuntimeWarning)
        writer = imageio.get_writer(
            path, fps=fps, codec="libx264", pixelformat="yuv420p", macro_block_size=2,
            quality=8, ffmpeg_params=["-movflags", "+faststart"], ffmpeg_log_level="error",
        )  # fmt: skip
        try:
            for done, image in enumerate(images, 1):
                writer.append_data(np.ascontiguousarray(image))
                report(done, frames)
        finally:
            writer.close()


class ConsoleProgress:
    """Progress on stderr, shown only once an export has taken more than a second."""

    def __init__(self, label: str, stream=None) -> None:
        self.label, self.stream = label, stream or sys.stderr
        self.started, self.shown = time.perf_counter(), False

    def __call__(self, done: int, total: int) -> None:
        if time.perf_counter() - self.started < 1.0 and done < total:
            return
        end = "\n" if done == total else ""
        if self.stream.isatty():
            self.stream.write(f"\r{self.label}: {100 * done // total}% ({done}/{total})" + end)
        elif done == total or done % max(1, total // 10) == 0:
            self.stream.write(f"{self.label}: {100 * done // total}% ({done}/{total})\n")
        self.stream.flush()
        self.shown = True
