r"""Captions as HTML with the math drawn as inline SVG, for files that must work offline.

A caption's ``$…$`` segments become ``<img>`` tags holding SVG that Matplotlib's mathtext
draws, so an exported page shows the equations with no MathJax or KaTeX download (MathJax
alone would triple the file).

Example:
    >>> html = caption_html(r"AdaGrad divides by $\sigma_i^t$.")
    >>> html.startswith("AdaGrad divides by <img") and html.endswith(".")
    True
"""

from __future__ import annotations

import base64
import functools
import html
import io
import re

import matplotlib
from matplotlib import mathtext
from matplotlib.font_manager import FontProperties

from optiviz.app.export.mathtext import SEGMENT, to_mathtext

FONT_SIZE = 15
SVG_SIZE = re.compile(rb'width="([\d.]+)pt" height="([\d.]+)pt"')


def caption_html(caption: str, color: str = "#1f2933") -> str:
    """``caption`` as HTML: text escaped, each math segment an inline SVG image."""
    parts = []
    position = 0
    text = to_mathtext(caption)
    for match in SEGMENT.finditer(text):
        parts.append(html.escape(text[position : match.start()]))
        parts.append(_math_image(match.group(0), color))
        position = match.end()
    parts.append(html.escape(text[position:]))
    return "".join(parts)


@functools.lru_cache(maxsize=512)
def _math_image(tex: str, color: str) -> str:
    buffer = io.BytesIO()
    with matplotlib.rc_context({"savefig.transparent": True}):  # no white box on a dark page
        depth = mathtext.math_to_image(
            tex, buffer, prop=FontProperties(size=FONT_SIZE), format="svg", color=color
        )
    svg = buffer.getvalue()
    size = SVG_SIZE.search(svg)
    width, height = (float(value) for value in size.groups()) if size else (0.0, 0.0)
    data = base64.b64encode(svg).decode("ascii")
    scale = 96 / 72
    return (
        f'<img alt="{html.escape(tex)}" src="data:image/svg+xml;base64,{data}" '
        f'style="height:{height * scale:.1f}px;width:{width * scale:.1f}px;'
        f'vertical-align:-{depth * scale:.1f}px">'
    )
