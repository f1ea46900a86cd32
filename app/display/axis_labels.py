r"""Axis names as text: a surface's LaTeX labels (``w_1``, ``\tilde b``) for Bokeh axes.

A simple name reads as well in Unicode as in math (``w₁``, ``b̃``) and needs no MathJax,
which the app would otherwise load for two letters (:func:`axis_label`); an offline HTML
page, which loads nothing, gets every axis name in Unicode (:func:`unicode_math`).
"""

from __future__ import annotations

import re

from optiviz.optim.hyperparameters import PARAMETERS

SUBSCRIPTS = str.maketrans("0123456789+-=()aeioruvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢₒᵣᵤᵥₓ")
ACCENTS = {"tilde": "\u0303", "hat": "\u0302", "bar": "\u0304"}
GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
    "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "sigma": "σ",
}  # fmt: skip
SIMPLE_LABEL = re.compile(
    rf"^(\\tilde\s*)?([A-Za-z]|\\(?:{'|'.join(GREEK)})(?![A-Za-z])|\\mathrm\{{[A-Za-z]+\}})"
    r"(?:_\{?(\d+)\}?)?$"
)
"""Axis names that read as well in Unicode as in math: a letter (Latin, Greek as in
``\\gamma``, or upright letters), a tilde, a number."""


def unicode_math(tex: str) -> str:
    r"""A short TeX label in plain Unicode: ``w_1`` → ``w₁``, ``\tilde{w}`` → ``w̃``.

    For axis names, where inline math would cost the page a MathJax download.

    Example:
        >>> unicode_math("w_1"), unicode_math(r"\tilde{b}"), unicode_math(r"\gamma")
        ('w₁', 'b̃', 'γ')
        >>> unicode_math(r"\alpha"), unicode_math(r"\mathrm{PC}_2")
        ('α', 'PC₂')
    """
    text = re.sub(rf"\\({'|'.join(GREEK)})(?![A-Za-z])", lambda m: GREEK[m.group(1)], tex)
    text = re.sub(r"\\mathrm\{([^{}]*)\}", r"\1", text)
    text = re.sub(
        r"\\(tilde|hat|bar)\s*\{?(\w)\}?", lambda m: m.group(2) + ACCENTS[m.group(1)], text
    )
    text = re.sub(r"_\{?([\w+\-=()]+)\}?", lambda m: m.group(1).translate(SUBSCRIPTS), text)
    return re.sub(r"[\\{}$]", "", text)


def axis_label(latex: str) -> str:
    r"""A surface's LaTeX axis name for a Bokeh axis: simple names as Unicode text
    (:func:`unicode_math`), other LaTeX as Bokeh math text (which needs MathJax).

    Example:
        >>> axis_label("w_2"), axis_label(r"\tilde b"), axis_label(r"\theta_{x}")
        ('w₂', 'b̃', '$$\\theta_{x}$$')
        >>> axis_label(r"\beta"), axis_label(r"\mathrm{PC}_1")
        ('β', 'PC₁')
    """
    latex = latex.strip()
    return unicode_math(latex) if SIMPLE_LABEL.match(latex) else f"$${latex}$$"


PARAMETER_LABELS = {name: p.label for name, p in PARAMETERS.items()}
"""Names of the numbers a run takes, for widgets and map axes (from the engine's catalogue)."""
