r"""Typed custom surfaces: L(x, y) = a formula, checked, compiled once, kept in a bounded cache.

The text goes through :func:`~optiviz.surfaces.parser.parse` (a whitelist over Python's
:mod:`ast`; nothing is ever evaluated as code) and the loss is the resulting tree walked with
``jax.numpy`` (:func:`~optiviz.surfaces.expression.evaluate`), so gradients and Hessians come
from JAX like every other surface's. Arithmetic happens in float64 arrays only, never in
Python numbers: ``9**9**9**9`` is simply ``inf``, not a hang.

Example:
    >>> from optiviz import surfaces
    >>> bowl = surfaces.from_formula("x**2 + 10*y**2", bounds=(-3, 3, -3, 3))
    >>> bowl.name, bowl.formula
    ('custom', 'L = x^{2} + 10\\,y^{2}')
    >>> bowl is surfaces.from_formula("x ** 2 + 10 * (y ** 2)", bounds=(-3, 3, -3, 3))
    True
    >>> surfaces.from_formula("x.real")
    Traceback (most recent call last):
    ...
    optiviz.surfaces.parser.FormulaError: column 2: attributes (.) are not allowed
"""

from __future__ import annotations

import collections
import math
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from .expression import evaluate
from .parser import FormulaError, parse
from .surface import Bounds, Surface, release_compiled

CUSTOM = "custom"
"""The name of every typed surface (they are not in the registry)."""
CACHE_SIZE = 64
"""How many custom surfaces are kept; the least recently used is dropped first."""
DEFAULT_BOUNDS: Bounds = (-5.0, 5.0, -5.0, 5.0)
CHECK_POINTS = 101
"""A new formula is evaluated once on a CHECK_POINTS × CHECK_POINTS grid over its bounds, to
refuse one that is finite nowhere and to choose a finite default start."""


def from_formula(formula: str, bounds: object = DEFAULT_BOUNDS) -> Surface:
    """The surface L = ``formula`` over ``bounds`` (x0, x1, y0, y1).

    The same formula (up to spaces and redundant brackets) over the same bounds gives the same
    :class:`Surface` object, so the trajectory runner compiles it once; the last
    :data:`CACHE_SIZE` are kept. Where the formula is not finite the surface's grid holds NaN
    (the plot masks it), and a trajectory that steps there stops, reported as diverged. The
    default start is the centre of the bounds, or the finite point nearest to it.

    Raises:
        FormulaError: The formula is refused (see :func:`~optiviz.surfaces.parser.parse`) or
            is not finite anywhere on the bounds.
        ValueError: Invalid bounds.
    """
    return _compile(parse(formula).text, check_bounds(bounds))


def check_bounds(bounds: object) -> Bounds:
    """``bounds`` as four finite floats (x0, x1, y0, y1) with x0 < x1 and y0 < y1.

    Raises:
        ValueError: Otherwise.
    """
    message = (
        f"bounds must be four finite numbers X0,X1,Y0,Y1 with X0 < X1 and Y0 < Y1, got {bounds!r}"
    )
    try:
        x0, x1, y0, y1 = (float(v) for v in bounds)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        raise ValueError(message) from None
    spans_finite = all(map(math.isfinite, (x0, x1, y0, y1, x1 - x0, y1 - y0)))
    if not spans_finite or x0 >= x1 or y0 >= y1:
        raise ValueError(message)
    return (x0, x1, y0, y1)


class CacheInfo(NamedTuple):
    """The custom-surface cache: current size and capacity."""

    currsize: int
    maxsize: int


_CACHE: collections.OrderedDict[tuple[str, Bounds], Surface] = collections.OrderedDict()
_evicted = 0


def cache_info() -> CacheInfo:
    """Current size and capacity of the custom-surface cache."""
    return CacheInfo(len(_CACHE), CACHE_SIZE)


def _compile(normal_text: str, bounds: Bounds) -> Surface:
    """The cached surface of a normalised formula, made on a miss. The least recently used
    surface leaves a full cache; every :data:`CACHE_SIZE` such evictions, all compiled
    programs are dropped too (they would keep the evicted surfaces, and their memory,
    alive), so at most twice :data:`CACHE_SIZE` custom surfaces ever live at once."""
    global _evicted
    key = (normal_text, bounds)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    surface = _make(normal_text, bounds)
    _CACHE[key] = surface
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
        _evicted += 1
    if _evicted >= CACHE_SIZE:
        _evicted = 0
        release_compiled()
    return surface


def _make(normal_text: str, bounds: Bounds) -> Surface:
    formula = parse(normal_text)
    w1, w2 = np.meshgrid(*(_axis(low, high) for low, high in (bounds[:2], bounds[2:])))
    with np.errstate(all="ignore"):
        finite = np.isfinite(np.broadcast_to(formula(w1, w2, np), w1.shape))
    if not finite.any():
        x0, x1, y0, y1 = bounds
        raise FormulaError(
            f"{formula.text} is not finite anywhere on x in [{x0:g}, {x1:g}], y in [{y0:g}, {y1:g}]"
        )
    centre = CHECK_POINTS // 2
    distance = np.hypot(*np.indices(w1.shape) - centre)
    nearest = np.unravel_index(np.argmin(np.where(finite, distance, np.inf)), w1.shape)
    tree = formula.tree

    def loss(w: jax.Array) -> jax.Array:
        return evaluate(tree, w[0], w[1], jnp)

    return Surface(
        name=CUSTOM,
        title="Custom",
        formula=f"L = {formula.latex}",
        loss=loss,
        bounds=bounds,
        start=(float(w1[nearest]), float(w2[nearest])),
        description=formula.text,
        labels=formula.labels,
    )


def _axis(low: float, high: float) -> np.ndarray:
    """CHECK_POINTS points from low to high, the middle one exactly the centre."""
    axis = np.linspace(low, high, CHECK_POINTS)
    axis[CHECK_POINTS // 2] = (low + high) / 2
    return axis
