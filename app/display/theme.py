"""The app's look: colours, line widths and type sizes, shared by every view and export.

Runs are coloured from the Okabe–Ito palette (Bokeh's ``Colorblind8``), which stays
distinguishable under the common colour-vision deficiencies; its yellow is left out because
it vanishes on the light surface. The surface itself is a light, low-saturation ramp, so the
coloured runs carry the eye.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

RUN_COLORS = (
    "#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#882255",
)  # fmt: skip
"""Okabe–Ito without yellow, and Tol's wine for an eighth: one colour per optimizer row, in
row order."""

RUN_MARKERS = (
    "circle", "square", "triangle", "diamond", "inverted_triangle", "hex", "plus", "star",
)  # fmt: skip
"""A marker shape per optimizer row, in row order (Bokeh's names), so that runs differ by
more than their colour."""
MPL_MARKERS = dict(zip(RUN_MARKERS, ("o", "s", "^", "D", "v", "h", "P", "*"), strict=True))
"""The same shapes in Matplotlib, for the exported movies and images."""

MAX_RUNS = len(RUN_COLORS)
"""Most optimizer rows in a scene (the eight-optimizer race fits)."""

ESCAPE_COLOR = "#D55E00"
"""The Hessian inspector's escape direction."""
EIGEN_COLOR = "#333333"
"""The inspector's other eigenvector."""
TEST_COLOR = "#7B3294"
"""Contours of the shifted test surface."""
INK = "#1f2933"
"""Text and marker outlines."""


def _ramp(stops: list[str], n: int = 256) -> tuple[str, ...]:
    """``n`` colours linearly interpolated (in sRGB) through ``stops``."""
    rgb = np.array([[int(s[i : i + 2], 16) for i in (1, 3, 5)] for s in stops], dtype=float)
    at = np.linspace(0, len(stops) - 1, n)
    channels = [np.interp(at, np.arange(len(stops)), rgb[:, c]) for c in range(3)]
    return tuple(
        "#{:02x}{:02x}{:02x}".format(*map(round, px)) for px in zip(*channels, strict=True)
    )


SURFACE_PALETTE = _ramp(["#fdfdfe", "#e6edf3", "#c3d0dc", "#9aabbc", "#7a8da1"])
"""Low loss light, high loss slate."""


class Style(NamedTuple):
    """Sizes for one display mode."""

    line: float
    trail: float
    head: float
    font: str
    title_font: str
    legend_font: str
    control_font: str


NORMAL = Style(
    line=2.0,
    trail=2.5,
    head=11,
    font="12px",
    title_font="13px",
    legend_font="11px",
    control_font="15px",
)
PRESENT = Style(
    line=4.0,
    trail=5.0,
    head=18,
    font="20px",
    title_font="22px",
    legend_font="18px",
    control_font="24px",
)
"""Presentation mode: thick lines and large type for a projector."""
