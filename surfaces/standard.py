"""The standard optimisation test functions, by their usual formulas."""

from __future__ import annotations

import jax
import jax.numpy as jnp

from .surface import Surface, register


def rosenbrock(w: jax.Array) -> jax.Array:
    r"""L = (1 − w1)² + 100 (w2 − w1²)²: a curved, flat-bottomed valley; minimum (1, 1)."""
    w1, w2 = w
    return (1 - w1) ** 2 + 100 * (w2 - w1**2) ** 2


def beale(w: jax.Array) -> jax.Array:
    r"""L = (1.5 − w1 + w1w2)² + (2.25 − w1 + w1w2²)² + (2.625 − w1 + w1w2³)²;
    minimum (3, 0.5)."""
    w1, w2 = w
    return (
        (1.5 - w1 + w1 * w2) ** 2 + (2.25 - w1 + w1 * w2**2) ** 2 + (2.625 - w1 + w1 * w2**3) ** 2
    )


def himmelblau(w: jax.Array) -> jax.Array:
    r"""L = (w1² + w2 − 11)² + (w1 + w2² − 7)²: four minima of value 0."""
    w1, w2 = w
    return (w1**2 + w2 - 11) ** 2 + (w1 + w2**2 - 7) ** 2


def rastrigin(w: jax.Array) -> jax.Array:
    r"""L = 20 + Σᵢ (wᵢ² − 10 cos 2πwᵢ): a bowl covered in local minima; minimum (0, 0)."""
    return 20 + jnp.sum(w**2 - 10 * jnp.cos(2 * jnp.pi * w))


register(
    Surface(
        name="rosenbrock",
        title="Rosenbrock",
        formula=r"L = (1 - w_1)^2 + 100\,(w_2 - w_1^2)^2",
        loss=rosenbrock,
        bounds=(-2.0, 2.0, -1.0, 3.0),
        minima=((1.0, 1.0),),
        start=(-1.5, 2.5),
        description="curved banana-shaped valley, minimum at (1, 1)",
        log_scale=True,
    )
)
register(
    Surface(
        name="beale",
        title="Beale",
        formula=r"L = (1.5 - w_1 + w_1 w_2)^2 + (2.25 - w_1 + w_1 w_2^2)^2"
        r" + (2.625 - w_1 + w_1 w_2^3)^2",
        loss=beale,
        bounds=(-4.5, 4.5, -4.5, 4.5),
        minima=((3.0, 0.5),),
        start=(-2.0, 2.0),
        description="flat plateaus and steep ridges, minimum at (3, 0.5)",
        log_scale=True,
    )
)
register(
    Surface(
        name="himmelblau",
        title="Himmelblau",
        formula=r"L = (w_1^2 + w_2 - 11)^2 + (w_1 + w_2^2 - 7)^2",
        loss=himmelblau,
        bounds=(-5.0, 5.0, -5.0, 5.0),
        minima=(
            (3.0, 2.0),
            (-2.805118086952745, 3.131312518250573),
            (-3.779310253377747, -3.283185991286170),
            (3.584428340330492, -1.848126526964404),
        ),
        start=(0.0, 0.0),
        description="four equal minima; which one you reach depends on the start",
        log_scale=True,
    )
)
register(
    Surface(
        name="rastrigin",
        title="Rastrigin",
        formula=r"L = 20 + \sum_{i=1}^{2}\left(w_i^2 - 10\cos 2\pi w_i\right)",
        loss=rastrigin,
        bounds=(-5.12, 5.12, -5.12, 5.12),
        minima=((0.0, 0.0),),
        start=(3.2, -2.1),
        description="a bowl covered in local minima, global minimum at (0, 0)",
    )
)
