r"""The expression tree of a typed formula: its language, its value, and two printers.

Trees are built by :func:`optiviz.surfaces.parser.parse` from checked text. :func:`evaluate`
walks one with ``jax.numpy`` (traceable: the loss of a custom surface) or NumPy. Printing a
tree with :func:`text` and parsing that again gives the same tree, so :func:`text` is the
formula's normal form (the cache key of custom surfaces); :func:`latex` is for display.

Example:
    >>> square = Binary("**", Variable("x"), Number(2.0))
    >>> tree = Binary("+", square, Call("sin", (Variable("y"),)))
    >>> text(tree), latex(tree)
    ('x**2 + sin(y)', 'x^{2} + \\sin\\left(y\\right)')
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import jax.numpy as jnp

FUNCTIONS = {
    "sin": 1,
    "cos": 1,
    "tan": 1,
    "exp": 1,
    "log": 1,
    "log1p": 1,
    "sqrt": 1,
    "abs": 1,
    "tanh": 1,
    "sinh": 1,
    "cosh": 1,
    "arctan": 1,
    "minimum": 2,
    "maximum": 2,
}
"""The functions a formula may call, with their number of arguments; each is the function of
that name in NumPy and ``jax.numpy``."""
CONSTANTS = {"pi": math.pi, "e": math.e}
VARIABLES = {"x": 0, "y": 1, "w1": 0, "w2": 1, "w": 0, "b": 1}
"""Each variable name's coordinate (0: the first, 1: the second)."""


@dataclasses.dataclass(frozen=True)
class Number:
    """A literal number (never negative: a minus sign is a :class:`Unary`)."""

    value: float


@dataclasses.dataclass(frozen=True)
class Constant:
    """``pi`` or ``e``."""

    name: str


@dataclasses.dataclass(frozen=True)
class Variable:
    """A variable as typed: ``x``, ``y``, ``w1``, ``w2``, ``w`` or ``b``."""

    name: str


@dataclasses.dataclass(frozen=True)
class Unary:
    """Negation, −operand."""

    operand: Node


@dataclasses.dataclass(frozen=True)
class Binary:
    """``left op right`` for op in ``+ - * / **``."""

    op: str
    left: Node
    right: Node


@dataclasses.dataclass(frozen=True)
class Call:
    """A call of a whitelisted function (see ``formula.FUNCTIONS``)."""

    function: str
    args: tuple[Node, ...]


Node = Number | Constant | Variable | Unary | Binary | Call

ATOM, POWER, UNARY, PRODUCT, SUM = 5, 4, 3, 2, 1
"""Binding strengths, as in Python's grammar."""
STRENGTH = {"+": SUM, "-": SUM, "*": PRODUCT, "/": PRODUCT, "**": POWER}

LATEX_VARIABLES = {"x": "x", "y": "y", "w1": "w_1", "w2": "w_2", "w": "w", "b": "b"}
LATEX_CONSTANTS = {"pi": r"\pi", "e": "e"}
LATEX_FUNCTIONS = {
    "sin": r"\sin",
    "cos": r"\cos",
    "tan": r"\tan",
    "log": r"\ln",
    "tanh": r"\tanh",
    "sinh": r"\sinh",
    "cosh": r"\cosh",
    "arctan": r"\arctan",
    "minimum": r"\min",
    "maximum": r"\max",
}


def evaluate(node: Node, x: Any, y: Any, xp: Any = jnp) -> Any:
    """The value of ``node`` at (x, y), arrays of the array module ``xp`` (``jax.numpy``,
    traceable, or ``numpy``). Every number is a float64 array, so overflow gives ``inf`` and
    0/0 gives ``nan``, never a Python exception or a long integer computation."""
    if isinstance(node, Number):
        return xp.asarray(node.value, dtype=xp.float64)
    if isinstance(node, Constant):
        return xp.asarray(CONSTANTS[node.name], dtype=xp.float64)
    if isinstance(node, Variable):
        return y if VARIABLES[node.name] else x
    if isinstance(node, Unary):
        return -evaluate(node.operand, x, y, xp)
    if isinstance(node, Call):
        if node.function not in FUNCTIONS:
            raise ValueError(f"unknown function {node.function!r}")
        function = getattr(xp, node.function)
        return function(*(evaluate(arg, x, y, xp) for arg in node.args))
    left, right = evaluate(node.left, x, y, xp), evaluate(node.right, x, y, xp)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if node.op == "/":
        return left / right
    return xp.power(left, right)  # a negative base: real only for a whole exponent, else NaN


def strength(node: Node) -> int:
    """How tightly ``node`` binds when printed as Python."""
    if isinstance(node, Binary):
        return STRENGTH[node.op]
    return UNARY if isinstance(node, Unary) else ATOM


def number_text(value: float) -> str:
    """``2`` for 2.0, else the shortest text that reads back as the same float."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)


def text(node: Node) -> str:
    """The formula in a normal form: Python syntax, spaces around ``+`` and ``-`` only,
    brackets only where needed."""
    if isinstance(node, Number):
        return number_text(node.value)
    if isinstance(node, (Constant, Variable)):
        return node.name
    if isinstance(node, Unary):
        return "-" + _bracket(node.operand, strength(node.operand) < UNARY)
    if isinstance(node, Call):
        return f"{node.function}({', '.join(text(arg) for arg in node.args)})"
    own = STRENGTH[node.op]
    if node.op == "**":
        left = _bracket(node.left, strength(node.left) <= POWER)
        return f"{left}**{_bracket(node.right, strength(node.right) < UNARY)}"
    left = _bracket(node.left, strength(node.left) < own)
    right = _bracket(node.right, strength(node.right) <= own)
    return f"{left} {node.op} {right}" if own == SUM else f"{left}{node.op}{right}"


def _bracket(node: Node, needed: bool) -> str:
    return f"({text(node)})" if needed else text(node)


def latex(node: Node) -> str:
    """The formula as LaTeX: fractions for ``/``, superscripts for ``**``, \\sqrt, |·|."""
    if isinstance(node, Number):
        return _number_latex(node.value)
    if isinstance(node, Constant):
        return LATEX_CONSTANTS[node.name]
    if isinstance(node, Variable):
        return LATEX_VARIABLES[node.name]
    if isinstance(node, Unary):
        operand = node.operand
        loose = isinstance(operand, Unary) or (isinstance(operand, Binary) and operand.op in "+-")
        return "-" + _latex_bracket(operand, loose)
    if isinstance(node, Call):
        return _call_latex(node)
    if node.op == "/":
        return rf"\frac{{{latex(node.left)}}}{{{latex(node.right)}}}"
    if node.op == "**":
        return f"{_latex_bracket(node.left, not _latex_base(node.left))}^{{{latex(node.right)}}}"
    sums = ("+", "-")
    loose_left = node.op == "*" and isinstance(node.left, Binary) and node.left.op in sums
    left = _latex_bracket(node.left, loose_left)
    loose_right = isinstance(node.right, Unary) or (
        isinstance(node.right, Binary) and node.right.op in sums
    )
    right = _latex_bracket(node.right, loose_right)
    if node.op != "*":
        return f"{left} {node.op} {right}"
    return f"{left} \\cdot {right}" if right[0].isdigit() else f"{left}\\,{right}"


def _latex_bracket(node: Node, needed: bool) -> str:
    return rf"\left({latex(node)}\right)" if needed else latex(node)


def _latex_base(node: Node) -> bool:
    """Whether ``node`` can carry a superscript without brackets."""
    if isinstance(node, Number):
        return "e" not in number_text(node.value)
    if isinstance(node, Call):
        return node.function != "exp"
    return isinstance(node, (Constant, Variable))


def _number_latex(value: float) -> str:
    written = number_text(value)
    if "e" not in written:
        return written
    mantissa, exponent = written.split("e")
    power = f"10^{{{int(exponent)}}}"
    return power if mantissa == "1" else rf"{mantissa} \times {power}"


def _call_latex(node: Call) -> str:
    args = [latex(arg) for arg in node.args]
    if node.function == "sqrt":
        return rf"\sqrt{{{args[0]}}}"
    if node.function == "abs":
        return rf"\left|{args[0]}\right|"
    if node.function == "exp":
        return f"e^{{{args[0]}}}"
    if node.function == "log1p":
        return rf"\ln\left(1 + {args[0]}\right)"
    return rf"{LATEX_FUNCTIONS[node.function]}\left({', '.join(args)}\right)"
