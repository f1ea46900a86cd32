"""Alt text for exported figures and movies, in the form slide software takes.

An image or a movie in a slide needs words for readers who cannot see it. The words are the
text view's (:func:`~optiviz.app.display.scene_text.describe`, at the last step): an SVG
carries them inside (``<title>`` and ``<desc>``, which screen readers read); a PNG or GIF gets
them beside it in ``<file>.txt``, to paste as the picture's alt text; an MP4 gets a WebVTT
caption file ``<file>.vtt`` that PowerPoint, Keynote and browsers load with the movie.

Example:
    >>> from optiviz.optim import presets
    >>> from optiviz.optim.scene import simulate
    >>> scene = presets.get("saddle-stuck").scene
    >>> alt_text(scene, simulate(scene), "Stuck at a saddle point")[:60]
    'Stuck at a saddle point. Surface: Saddle (course example). 2'
    >>> print(webvtt("Two runs.", 2.5))
    WEBVTT
    <BLANKLINE>
    00:00:00.000 --> 00:00:02.500
    Two runs.
    <BLANKLINE>
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from optiviz.app.display.scene_data import scene_data
from optiviz.app.display.scene_text import describe
from optiviz.optim import Trajectory
from optiviz.optim.scene import Scene


def alt_text(scene: Scene, trajectories: Sequence[Trajectory], title: str | None) -> str:
    """The title, then the scene in sentences at its last step, on one line."""
    text = describe(scene, trajectories, scene_data(scene, trajectories))
    parts = [f"{title.rstrip('.')}." if title else "", text.heading, *text.runs]
    return " ".join(part for part in parts if part)


def webvtt(text: str, seconds: float) -> str:
    """A WebVTT caption file that shows ``text`` for ``seconds``."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    end = f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"
    return f"WEBVTT\n\n00:00:00.000 --> {end}\n{text}\n"


def write_alt_text(path: Path, text: str, title: str | None, seconds: float) -> Path | None:
    """Gives the export at ``path`` its words: inside an SVG, else in a file beside it
    (returned; None for an SVG)."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        inside = f"<title>{html.escape(title or 'optiviz')}</title><desc>{html.escape(text)}</desc>"
        svg = path.read_text(encoding="utf-8")
        svg = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + inside, svg, count=1)
        path.write_text(svg, encoding="utf-8")
        return None
    if suffix == ".mp4":
        beside = path.with_suffix(".vtt")
        beside.write_text(webvtt(text, seconds), encoding="utf-8")
        return beside
    beside = path.with_name(path.name + ".txt")
    beside.write_text(text + "\n", encoding="utf-8")
    return beside
