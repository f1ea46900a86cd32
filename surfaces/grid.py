"""Loss values on a regular grid over a surface's bounds, for contour and heat maps."""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from .surface import Bounds, Surface


class Grid(NamedTuple):
    """L on an n × n grid: ``values[i, j] = L(w1[j], w2[i])`` (rows follow w2, as in an
    image). Points where L is not finite hold NaN."""

    w1: np.ndarray
    w2: np.ndarray
    values: np.ndarray


def grid(surface: Surface, n: int = 200, bounds: Bounds | None = None) -> Grid:
    """Evaluates ``surface`` on an n × n grid over ``bounds`` (its own bounds by default), or
    on a coarser one when the surface caps it (:attr:`~.Surface.max_grid`, a costly loss
    such as a network's plane): the :class:`Grid` says which points it holds.

    One jitted call, a row at a time and vmapped along each row (so that the memory a row of
    network evaluations takes is what the whole grid needs); compiled once per (surface, n).

    Example:
        >>> from optiviz import surfaces
        >>> g = surfaces.grid(surfaces.get("himmelblau"), n=50)
        >>> g.values.shape
        (50, 50)
    """
    x0, x1, y0, y1 = surface.bounds if bounds is None else bounds
    n = n if surface.max_grid is None else min(n, surface.max_grid)
    w1, w2 = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    values = np.asarray(_evaluate(surface, w1, w2))
    return Grid(w1, w2, values)


@functools.partial(jax.jit, static_argnums=0)
def _evaluate(surface: Surface, w1: jax.Array, w2: jax.Array) -> jax.Array:
    def row(y: jax.Array) -> jax.Array:
        return jax.vmap(lambda x: surface.loss(jnp.stack([x, y])))(w1)

    values = jax.lax.map(row, w2)
    return jnp.where(jnp.isfinite(values), values, jnp.nan)
