r"""Formula text → expression tree, through a whitelist: the only door user text comes in.

:func:`parse` refuses, before any parsing, text longer than :data:`MAX_LENGTH` or with a
character outside :data:`ALLOWED_CHARACTERS`; then :func:`ast.parse` reads it (parsing only:
the text is never compiled to bytecode, evaluated or executed), and every node is checked
and rebuilt as an :mod:`~optiviz.surfaces.expression` tree: numbers, the variables ``x, y``
(or ``w1, w2``, or ``w, b``: one pair per formula), ``pi`` and ``e``, ``+ - * / **``, unary
minus (and plus), and calls of the functions in
:data:`~optiviz.surfaces.expression.FUNCTIONS`, at most :data:`MAX_NODES` nodes and
:data:`MAX_DEPTH` levels deep. Anything else is a :class:`FormulaError` naming the column.

Example:
    >>> parse("x**2 + 10 * y ** 2").text
    'x**2 + 10*y**2'
    >>> parse("__import__('os')")
    Traceback (most recent call last):
    ...
    optiviz.surfaces.parser.FormulaError: column 12: "'" is not allowed
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import math
import string
import warnings
from typing import Any

import jax.numpy as jnp

from .expression import (
    CONSTANTS,
    FUNCTIONS,
    VARIABLES,
    Binary,
    Call,
    Constant,
    Node,
    Number,
    Unary,
    Variable,
    evaluate,
    latex,
    text,
)

MAX_LENGTH = 200
MAX_NODES = 120
MAX_DEPTH = 25
PAIRS = {"x": "x", "y": "x", "w1": "w1", "w2": "w1", "w": "w", "b": "w"}
"""Each variable's naming style, named after its first member."""
LABELS = {"x": ("x", "y"), "w1": ("w_1", "w_2"), "w": ("w", "b")}
"""Axis labels (LaTeX) for each naming style."""

ALLOWED_CHARACTERS = frozenset(string.ascii_letters + string.digits + " +-*/().,_^")
REFUSED = {
    ast.Attribute: "attributes (.)",
    ast.Subscript: "subscripts",
    ast.Lambda: "lambdas",
    ast.Tuple: "tuples (,)",
    ast.Starred: "starred arguments",
    ast.IfExp: "conditional expressions",
    ast.BoolOp: "and/or",
    ast.Compare: "comparisons",
    ast.GeneratorExp: "comprehensions",
    ast.Await: "await",
}
"""Friendly names of the syntax a formula may not use (the rest is refused generically)."""
OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
REFUSED_OPERATORS = {
    ast.BitXor: "use ** for powers, not ^",
    ast.FloorDiv: "// is not allowed: use /",
}


class FormulaError(ValueError):
    """A refused formula: one line, ``column N: reason`` when a column is to blame.

    Attributes:
        reason: What is wrong, without the column.
        column: The 1-based column it points at, or None.
    """

    def __init__(self, reason: str, column: int | None = None) -> None:
        super().__init__(reason if column is None else f"column {column}: {reason}")
        self.reason = reason
        self.column = column


@dataclasses.dataclass(frozen=True)
class Formula:
    """A checked formula.

    Attributes:
        text: The formula in a normal form (``"x**2 + 3*y"``), the same for equal trees.
        tree: Its expression tree.
        labels: The axis names (LaTeX) for the variable names it uses.
    """

    text: str
    tree: Node
    labels: tuple[str, str]

    @property
    def latex(self) -> str:
        """The formula as LaTeX, e.g. ``x^{2} + 3\\,y``."""
        return latex(self.tree)

    def __call__(self, x: Any, y: Any, xp: Any = jnp) -> Any:
        """The formula's value at (x, y), arrays of ``xp`` (``jax.numpy`` or ``numpy``)."""
        return evaluate(self.tree, x, y, xp)


def parse(formula: str) -> Formula:
    """Checks ``formula`` and returns its tree; cheap enough to call on every keystroke.

    Raises:
        FormulaError: For anything outside the whitelist or the limits, naming the column.
    """
    if not isinstance(formula, str):
        raise FormulaError("a formula must be text")
    if len(formula) > MAX_LENGTH:
        raise FormulaError(f"too long: at most {MAX_LENGTH} characters", MAX_LENGTH + 1)
    for column, char in enumerate(formula, 1):
        if char not in ALLOWED_CHARACTERS:
            raise FormulaError(f"{char!r} is not allowed", column)
    indent = len(formula) - len(formula.lstrip(" "))
    if indent == len(formula):
        raise FormulaError("enter a formula in x and y, e.g. x**2 + 10*y**2")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", SyntaxWarning)
            body = ast.parse(formula[indent:], mode="eval").body
    except SyntaxError as error:
        reason = (error.msg or "invalid syntax").split(". ")[0]
        raise FormulaError(reason, indent + (error.offset or 1)) from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError("not a formula", indent + 1) from None
    builder = _Builder(formula, indent)
    tree = builder.build(body, 1)
    return Formula(text(tree), tree, LABELS[builder.pair or "x"])


class _Builder:
    """Rebuilds a parsed ``ast`` expression as a :data:`Node` tree, refusing what is not
    whitelisted, with the node count, depth and the variable names used."""

    def __init__(self, formula: str, indent: int) -> None:
        self.formula, self.indent = formula, indent
        self.nodes = 0
        self.pair: str | None = None

    def column(self, offset: int) -> int:
        return self.indent + offset + 1

    def refuse(self, reason: str, node: ast.AST) -> FormulaError:
        """The error for ``node``: at its operator for a binary operation, else its start."""
        if isinstance(node, ast.BinOp):
            start = self.indent + (node.left.end_col_offset or 0)
            gap = self.formula[start : self.indent + node.right.col_offset]
            return FormulaError(reason, start + len(gap) - len(gap.lstrip(" )")) + 1)
        return FormulaError(reason, self.column(getattr(node, "col_offset", 0)))

    def build(self, node: ast.AST, depth: int) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.refuse(f"too long: at most {MAX_NODES} numbers, names and operations", node)
        if depth > MAX_DEPTH:
            raise self.refuse(f"nested too deeply: at most {MAX_DEPTH} levels", node)
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return Unary(self.build(node.operand, depth + 1))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
            return self.build(node.operand, depth + 1)
        if isinstance(node, ast.BinOp):
            return self.binary(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, ast.Attribute):
            raise FormulaError(f"{REFUSED[ast.Attribute]} are not allowed", self.dot(node))
        for kind, description in REFUSED.items():
            if isinstance(node, kind):
                raise self.refuse(f"{description} are not allowed", node)
        raise self.refuse("not allowed in a formula", node)

    def dot(self, node: ast.Attribute) -> int:
        end = getattr(node.value, "end_col_offset", None) or node.col_offset
        return self.column(self.formula.find(".", self.indent + end) - self.indent)

    def number(self, node: ast.Constant) -> Number:
        value = node.value
        if type(value) is complex:
            raise self.refuse("imaginary numbers are not allowed", node)
        if type(value) not in (int, float):
            raise self.refuse(f"{value!r} is not a number", node)
        number = float(value)
        if not math.isfinite(number):
            raise self.refuse("number too large", node)
        return Number(number)

    def name(self, node: ast.Name) -> Node:
        name = node.id
        if name in CONSTANTS:
            return Constant(name)
        if name in FUNCTIONS:
            raise self.refuse(f"{name} is a function: write {name}(...)", node)
        if name not in VARIABLES:
            known = [*VARIABLES, *CONSTANTS, *FUNCTIONS]
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise self.refuse(f"unknown name {name!r}: use x and y{hint}", node)
        if self.pair is not None and PAIRS[name] != self.pair:
            raise self.refuse("use one pair of variables: x, y or w1, w2 or w, b", node)
        self.pair = PAIRS[name]
        return Variable(name)

    def binary(self, node: ast.BinOp, depth: int) -> Binary:
        symbol = OPERATORS.get(type(node.op))
        if symbol is None:
            raise self.refuse(REFUSED_OPERATORS.get(type(node.op), "operator not allowed"), node)
        left = self.build(node.left, depth + 1)
        return Binary(symbol, left, self.build(node.right, depth + 1))

    def call(self, node: ast.Call, depth: int) -> Call:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            if isinstance(node.func, ast.Name) and node.func.id not in VARIABLES:
                close = difflib.get_close_matches(node.func.id, FUNCTIONS, n=1)
                hint = f"did you mean {close[0]}?" if close else f"use {', '.join(FUNCTIONS)}"
                raise self.refuse(f"unknown function {node.func.id!r}; {hint}", node)
            raise self.refuse("only the functions sin, cos, exp, … can be called", node)
        if node.keywords:
            raise self.refuse("keyword arguments are not allowed", node.keywords[0])
        name, arity = node.func.id, FUNCTIONS[node.func.id]
        if len(node.args) != arity:
            plural = "s" if arity > 1 else ""
            raise self.refuse(f"{name} takes {arity} argument{plural}, got {len(node.args)}", node)
        return Call(name, tuple(self.build(arg, depth + 1) for arg in node.args))
