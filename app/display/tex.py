r"""Numbers, vectors and matrices as LaTeX, for the app's rendered math."""

from __future__ import annotations

import math

import numpy as np


def tex_number(value: float, digits: int = 4) -> str:
    r"""``value`` for LaTeX: ``0.01``, ``-2``, ``1.5\times10^{-7}``.

    Example:
        >>> tex_number(2.0), tex_number(-1.5e-7), tex_number(float("inf"))
        ('2', '-1.5\\times10^{-7}', '\\infty')
    """
    if not math.isfinite(value):
        return r"\text{NaN}" if math.isnan(value) else ("-" if value < 0 else "") + r"\infty"
    text = f"{value:.{digits}g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa}\times10^{{{int(exponent)}}}"


def vector(values: np.ndarray) -> str:
    """A column vector in LaTeX."""
    return r"\begin{pmatrix}" + r"\\".join(map(tex_number, values)) + r"\end{pmatrix}"


def matrix(values: np.ndarray) -> str:
    """A matrix in LaTeX."""
    rows = (" & ".join(map(tex_number, row)) for row in values)
    return r"\begin{pmatrix}" + r"\\".join(rows) + r"\end{pmatrix}"
