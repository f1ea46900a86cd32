r"""Surfaces whose slope changes along the path: where momentum and RMSProp make a difference.

* ``shelf``: a flat step on the way down, a critical point that is no minimum. Gradient
  descent slows to a crawl on it, since g → 0 there; momentum keeps its speed and passes.
* ``steep_flat``: a steep slope that ends on a long, almost flat floor. A per-axis rate
  must grow by a factor of 50 at the edge: RMSProp's σ forgets the steep gradients within
  about 1/(1 − α) steps, AdaGrad's, a mean over all the past, keeps them.
"""

from __future__ import annotations

import jax

from .lecture import log_cosh
from .surface import Surface, register

SHELF_MINIMUM = (-1.5, 0.0)
STEEP_SLOPE, FLOOR_SLOPE = 10.0, 0.2
"""The slopes of ``steep_flat`` along w1: on the steep side, and on the floor."""
FLOOR_MINIMUM = (-4.0, 0.0)
"""Where the floor's slope vanishes; the steep term's, 10σ(−40) ≈ 4·10⁻¹⁷, does too."""


def shelf(w: jax.Array) -> jax.Array:
    r"""L = ¼w1⁴ + ½w1³ + w2², so ∂L/∂w1 = w1²(w1 + 3/2): at the origin g = 0 and
    H = diag(0, 2), a flat shelf from which the loss still falls towards w1 = −3/2, the
    minimum."""
    return w[0] ** 4 / 4 + w[0] ** 3 / 2 + w[1] ** 2


def steep_flat(w: jax.Array) -> jax.Array:
    r"""L = ln(1 + e^{10 w1}) + 0.2 ln cosh(w1 + 4) + ½w2²: slope ≈ 10.2 along w1 > 0, then
    a floor of slope ≈ 0.2 that ends in the minimum at w1 ≈ −4."""
    return jax.nn.softplus(STEEP_SLOPE * w[0]) + FLOOR_SLOPE * log_cosh(w[0] + 4) + w[1] ** 2 / 2


register(
    Surface(
        name="shelf",
        title="A flat shelf",
        formula=r"L = \tfrac14 w_1^4 + \tfrac12 w_1^3 + w_2^2",
        loss=shelf,
        bounds=(-2.5, 2.5, -1.5, 1.5),
        minima=(SHELF_MINIMUM,),
        start=(2.0, 1.0),
        description="a flat shelf (g = 0, no minimum) above the minimum at w1 = -1.5",
    )
)
register(
    Surface(
        name="steep_flat",
        title="Steep slope, flat floor",
        formula=r"L = \ln\left(1 + e^{10 w_1}\right) + 0.2\ln\cosh(w_1 + 4) + \tfrac12 w_2^2",
        loss=steep_flat,
        bounds=(-5.0, 3.0, -2.0, 2.0),
        minima=(FLOOR_MINIMUM,),
        start=(2.0, 1.0),
        description="a steep slope (10) onto a long flat floor (0.2) along w1",
        log_scale=True,
    )
)
