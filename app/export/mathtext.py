r"""Captions for Matplotlib: the KaTeX the app renders, rewritten into what mathtext parses.

Matplotlib's mathtext is a subset of TeX: no ``\tfrac``, no matrices, no ``\le``. The
rewrites below keep the meaning, and any math segment mathtext still refuses is shown as
its source text rather than failing the export.

Example:
    >>> to_mathtext(r"$\tfrac12\lambda$ with $k \le t$")
    '$\\frac{1}{2}\\lambda$ with $k \\leq t$'
"""

from __future__ import annotations

import functools
import re

from matplotlib.mathtext import MathTextParser

REWRITES = (
    (re.compile(r"\\[td]frac"), r"\\frac"),
    (re.compile(r"\\frac\s*(\w)\s*(\w)"), r"\\frac{\1}{\2}"),
    (re.compile(r"\\le(?![a-zA-Z])"), r"\\leq"),
    (re.compile(r"\\ge(?![a-zA-Z])"), r"\\geq"),
    (re.compile(r"\\[bB]ig[lr]?(?![a-zA-Z])"), ""),
    (re.compile(r"\\(?:text|mathrm)\{([^}]*)\}"), r"\\mathrm{\1}"),
)
MATRIX = re.compile(r"\\begin\{pmatrix\}(.*?)\\end\{pmatrix\}", re.DOTALL)
SEGMENT = re.compile(r"\$([^$]+)\$")


def to_mathtext(text: str) -> str:
    """``text`` with each ``$…$`` segment rewritten for mathtext (or unwrapped if it still
    does not parse)."""
    return SEGMENT.sub(lambda match: _segment(match.group(1)), text)


def _segment(tex: str) -> str:
    tex = MATRIX.sub(lambda match: _matrix(match.group(1)), tex)
    for pattern, replacement in REWRITES:
        tex = pattern.sub(replacement, tex)
    return f"${tex}$" if _parses(f"${tex}$") else tex.replace("\\", "")


def _matrix(body: str) -> str:
    """A 2-row pmatrix as a bracketed stack (mathtext has no arrays)."""
    rows = [r.strip() for r in body.split(r"\\") if r.strip()]
    if len(rows) != 2:
        return body
    top, bottom = (r"\;\;".join(c.strip() for c in row.split("&")) for row in rows)
    return rf"\left(\genfrac{{}}{{}}{{0}}{{}}{{{top}}}{{{bottom}}}\right)"


@functools.lru_cache(maxsize=256)
def _parses(text: str) -> bool:
    try:
        MathTextParser("agg").parse(text)
    except ValueError:
        return False
    return True
