r"""What the Hessian says about a point: the course's test for critical points.

Near θ′, L(θ) ≈ L(θ′) + (θ − θ′)ᵀg + ½(θ − θ′)ᵀH(θ − θ′). Where g = 0 the eigenvalues λ
of H decide: all positive, a local minimum; all negative, a local maximum; mixed signs, a
saddle point, escaped along an eigenvector u with λ < 0 since, to second order,
L(θ′ + u) ≈ L(θ′) + ½λ‖u‖² < L(θ′).
Plain gradient descent is stable near a minimum only for η < 2/λ_max.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import jax
import numpy as np

from .surface import Surface

GRADIENT_TOLERANCE = 1e-6
"""A point is critical when ‖g‖ is at most this."""

EIGENVALUE_TOLERANCE = 1e-9
"""An eigenvalue within this of 0 (relative to the largest |λ|, at least 1) counts as 0."""


class CriticalPoint(NamedTuple):
    """The local picture at a point.

    Attributes:
        point: The point (w1, w2).
        loss: L at the point.
        gradient: g = ∇L.
        hessian: H = ∇²L, 2 × 2 and symmetric.
        eigenvalues: λ₁ ≤ λ₂.
        eigenvectors: Unit eigenvectors as columns, matching ``eigenvalues``.
        kind: "local minimum", "local maximum", "saddle point", "degenerate" (critical with
            a zero eigenvalue) or "not a critical point".
        escape_direction: The eigenvector of the most negative eigenvalue, or None.
        max_stable_lr: 2/λ_max, the largest η for which plain gradient descent does not
            diverge near here, or None when no eigenvalue is positive.
    """

    point: np.ndarray
    loss: float
    gradient: np.ndarray
    hessian: np.ndarray
    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    kind: str
    escape_direction: np.ndarray | None
    max_stable_lr: float | None


def hessian_at(surface: Surface, point: tuple[float, float]) -> CriticalPoint:
    """Gradient, Hessian, eigen-decomposition and kind of ``point`` on ``surface``.

    Example:
        >>> from optiviz import surfaces
        >>> info = hessian_at(surfaces.get("saddle"), (0.0, 0.0))
        >>> info.hessian.tolist(), info.eigenvalues.tolist()
        ([[0.0, -2.0], [-2.0, 0.0]], [-2.0, 2.0])
    """
    w = np.asarray(point, dtype=np.float64)
    loss, gradient, hessian = (np.asarray(a) for a in _derivatives(surface, w))
    hessian = (hessian + hessian.T) / 2
    eigenvalues, eigenvectors = np.linalg.eigh(hessian)
    eigenvectors = eigenvectors * np.where(eigenvectors.sum(axis=0) < 0, -1.0, 1.0)
    scale = max(1.0, float(np.abs(eigenvalues).max()))
    zero = np.abs(eigenvalues) <= EIGENVALUE_TOLERANCE * scale
    finite = np.isfinite(gradient).all() and np.isfinite(hessian).all()
    if not finite or math.hypot(*gradient) > GRADIENT_TOLERANCE:  # hypot: no overflow
        kind = "not a critical point"
    elif zero.any():
        kind = "degenerate"
    elif (eigenvalues > 0).all():
        kind = "local minimum"
    elif (eigenvalues < 0).all():
        kind = "local maximum"
    else:
        kind = "saddle point"
    negative = eigenvalues[0] < 0 and not zero[0]
    top = eigenvalues[-1]
    return CriticalPoint(
        point=w,
        loss=float(loss),
        gradient=gradient,
        hessian=hessian,
        eigenvalues=eigenvalues,
        eigenvectors=eigenvectors,
        kind=kind,
        escape_direction=eigenvectors[:, 0] if negative else None,
        max_stable_lr=float(2 / top) if top > 0 and not zero[-1] else None,
    )


@functools.partial(jax.jit, static_argnums=0)
def _derivatives(surface: Surface, w: jax.Array):
    return surface.loss(w), surface.grad(w), surface.hessian(w)


def distance_to_minimum(surface: Surface, points: np.ndarray) -> np.ndarray:
    """‖θ − m‖ for the known minimum m of ``surface`` nearest to each θ in ``points``.

    Args:
        surface: A surface; its :attr:`~Surface.minima` are the known minima.
        points: Shape (..., 2).

    Returns:
        Shape (...): the distances, NaN everywhere when the surface knows no minimum.

    Example:
        >>> from optiviz import surfaces
        >>> distance_to_minimum(surfaces.get("saddle"), [(1.0, 4.0), (0.0, 0.0)]).tolist()
        [3.0, 1.4142135623730951]
    """
    points = np.asarray(points, dtype=np.float64)
    if not surface.minima:
        return np.full(points.shape[:-1], np.nan)
    minima = np.asarray(surface.minima, dtype=np.float64)
    offsets = points[..., None, :] - minima
    return np.sqrt((offsets**2).sum(axis=-1)).min(axis=-1)


def lowest_minimum_loss(surface: Surface) -> float | None:
    """L* = the smallest loss at the surface's known minima, or None when it knows none.

    The gap L(θ) − L* is what a convergence plot shows on a log scale: on most surfaces
    L* = 0, but a loss may be negative (``local_min``) or stay positive (regression).

    Example:
        >>> from optiviz import surfaces
        >>> round(lowest_minimum_loss(surfaces.get("local_min")), 4)
        -3.5139
    """
    if not surface.minima:
        return None
    minima = np.asarray(surface.minima, dtype=np.float64)
    return float(min(_derivatives(surface, m)[0] for m in minima))
