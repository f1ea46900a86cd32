r"""A plane through a network's weights: the network's loss as a 2-D error surface.

With trained weights θ* and two directions d₁, d₂ (see :mod:`.directions`), the surface is

    L(α, β) = L(θ* + α d₁ + β d₂),

a :class:`~.surface.Surface` like any other: grids, contours, the Hessian inspector and the
maps work on it. Runs on it are not 2-D runs, though: a run on a plane trains the whole
network, in all D weights, and the plane only shows where it goes. A run from the plane's
*anchor* (its default start, near θ₀'s own projection) starts from the network's initial
weights θ₀; from any other point, from θ₀ moved within the plane by the difference. Its
path is drawn *projected*: each θ_t maps to the point (α_t, β_t) of the plane nearest to it,
and what the plane cannot show, the distance ‖r_t‖ of θ_t from the plane, is reported beside
it.

Example:
    >>> import numpy as np
    >>> from optiviz.surfaces import mlp, toy_data
    >>> net = mlp.network(mlp.MLP(width=4, depth=1), toy_data.dataset("xor", n=50))
    >>> rng = np.random.default_rng(0)
    >>> plane = Plane(net, origin=net.start + 1.0, directions=rng.normal(size=(2, net.size)))
    >>> theta = plane.point(np.array([0.3, -0.2]))
    >>> coordinates, residual = plane.project(theta)
    >>> np.round(coordinates, 12).tolist(), round(float(residual), 12)
    ([0.3, -0.2], 0.0)
    >>> bool(np.allclose(plane.lift(plane.anchor), net.start))
    True
"""

from __future__ import annotations

import dataclasses
import functools
from typing import NamedTuple

import jax
import numpy as np

from .mlp import Network
from .surface import Surface

ANCHOR_DIGITS = 4
"""Significant digits of a plane's default anchor."""


class Projection(NamedTuple):
    """Points of the weight space seen from a plane.

    Attributes:
        coordinates: (α, β) of the nearest point of the plane, shape (..., 2).
        residual: ‖r‖, the distance from the plane, shape (...).
    """

    coordinates: np.ndarray
    residual: np.ndarray


@dataclasses.dataclass(frozen=True, eq=False)
class Plane:
    """The plane θ(α, β) = θ* + α d₁ + β d₂ through a network's weights.

    Attributes:
        network: The network whose loss the plane cuts.
        origin: θ*, shape (D,).
        directions: d₁ and d₂ as rows, shape (2, D), linearly independent (not necessarily
            orthogonal: filter-normalized random directions are not).
        anchor: The point (α, β) from which a run starts at θ₀ itself (see :meth:`lift`);
            None: θ₀'s projection, rounded to :data:`ANCHOR_DIGITS` significant digits, so
            that the start shows and travels (in a link, say) as a short number.
    """

    network: Network
    origin: np.ndarray
    directions: np.ndarray
    anchor: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.anchor is None:
            exact = self.project(self.network.start).coordinates
            rounded = [float(f"{c:.{ANCHOR_DIGITS}g}") for c in exact]
            object.__setattr__(self, "anchor", np.array(rounded))

    def point(self, coordinates: jax.Array) -> jax.Array:
        """θ* + α d₁ + β d₂ for (α, β) of shape (..., 2): shape (..., D)."""
        return self.origin + coordinates @ self.directions

    def loss(self, coordinates: jax.Array) -> jax.Array:
        """L(θ* + α d₁ + β d₂), in JAX."""
        return self.network.loss(self.point(coordinates))

    def batch_loss(
        self, coordinates: jax.Array, key: jax.Array, step: jax.Array, batch_size: jax.Array
    ) -> jax.Array:
        """The network's mini-batch ``step`` loss at θ* + α d₁ + β d₂."""
        return self.network.batch_loss(self.point(coordinates), key, step, batch_size)

    @functools.cached_property
    def _solve(self) -> np.ndarray:
        """(D, 2): maps θ − θ* to the least-squares coordinates, Dᵀ (D Dᵀ)⁻¹."""
        d = np.asarray(self.directions, dtype=np.float64)
        return d.T @ np.linalg.inv(d @ d.T)

    def project(self, thetas: np.ndarray) -> Projection:
        """The coordinates (α, β) minimising ‖θ − θ(α, β)‖, and that distance, for θ of
        shape (..., D)."""
        offsets = np.asarray(thetas, dtype=np.float64) - self.origin
        coordinates = offsets @ self._solve
        residual = np.linalg.norm(offsets - coordinates @ self.directions, axis=-1)
        return Projection(coordinates, residual)

    def lift(self, coordinates: np.ndarray) -> np.ndarray:
        """Where a run started at (α, β) begins: the initial weights θ₀ moved within the plane
        by (α, β) − :attr:`anchor`, shape (..., D). Its distance from the plane is that of
        θ₀, and its projection (α, β) plus θ₀'s projection's rounding off the anchor."""
        offset = np.asarray(coordinates, dtype=np.float64) - self.anchor
        return self.network.start + offset @ self.directions


@dataclasses.dataclass(frozen=True, eq=False)
class PlaneSurface(Surface):
    """A plane's loss L(α, β) as a surface; ``plane`` says which plane (see the module
    docstring for what a run on it means)."""

    plane: Plane = dataclasses.field(kw_only=True)


def plane_surface(plane: Plane, **fields) -> PlaneSurface:
    """The :class:`PlaneSurface` of ``plane``, with the :class:`Surface` ``fields`` given
    (``name``, ``title``, ``bounds``, …); the loss and mini-batch loss come from the plane,
    the loss jitted: called on its own (a point's loss or Hessian), a network's loss would
    otherwise run op by op."""
    loss = jax.jit(plane.loss)
    return PlaneSurface(plane=plane, loss=loss, batch_loss=plane.batch_loss, **fields)
