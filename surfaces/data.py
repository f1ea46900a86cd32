r"""The course's first example: linear regression y = b + w·x, its loss over (w, b).

A small synthetic data set (20 points near y = 0.5 + 1.2x, drawn once with a seed and
written out below) makes the error surface L(w, b) = 1/N Σₙ (yₙ − (b + w·xₙ))². Its
mini-batch loss is the real thing: the mean over B points drawn without replacement.

The helpers here build any data surface from a per-point loss ℓ(θ; xₙ, yₙ):
:func:`mean_loss` gives L(θ) = 1/N Σₙ ℓ(θ; xₙ, yₙ) and :func:`mini_batch` its mini-batch
form (see ``classification`` and ``normalization``).
"""

from __future__ import annotations

from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np

from .surface import BatchLoss, Loss, Surface, register

PointLoss = Callable[[jax.Array, jax.Array, jax.Array], jax.Array]
"""ℓ(θ, x, y): the loss of each data point, elementwise over the arrays x and y."""

X = np.array([
    0.64, 0.84, 1.51, 1.54, 1.58, 1.71, 1.78, 2.44, 2.87, 3.00,
    3.07, 3.17, 3.39, 3.53, 3.69, 3.70, 4.13, 4.22, 4.27, 4.39,
])  # fmt: skip
Y = np.array([
    1.59, 1.59, 2.30, 1.79, 2.21, 2.26, 3.01, 4.36, 3.97, 3.23,
    3.70, 4.67, 4.18, 5.82, 4.31, 5.28, 5.46, 5.36, 5.44, 5.53,
])  # fmt: skip


def least_squares(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The exact minimiser (w, b) of the mean squared error of y ≈ b + w·x."""
    (w, b), *_ = np.linalg.lstsq(np.stack([x, np.ones_like(x)], axis=1), y, rcond=None)
    return float(w), float(b)


def squared_error(theta: jax.Array, x: jax.Array, y: jax.Array) -> jax.Array:
    r"""ℓ = (yₙ − (b + w·xₙ))² for θ = (w, b)."""
    w, b = theta
    return (y - (b + w * x)) ** 2


def mean_loss(point_loss: PointLoss, x: np.ndarray, y: np.ndarray) -> Loss:
    r"""L(θ) = 1/N Σₙ ℓ(θ; xₙ, yₙ) over the data (x, y), as a JAX function."""
    x, y = jnp.asarray(x), jnp.asarray(y)

    def loss(theta: jax.Array) -> jax.Array:
        return jnp.mean(point_loss(theta, x, y))

    return loss


def mini_batch(point_loss: PointLoss, x: np.ndarray, y: np.ndarray) -> BatchLoss:
    r"""L_B(θ) = 1/B Σ_{n∈batch} ℓ(θ; xₙ, yₙ), the batch being B points drawn without
    replacement with ``key`` (B = 0: every point, the full loss)."""
    x, y = jnp.asarray(x), jnp.asarray(y)
    n = len(x)

    def loss(theta: jax.Array, key: jax.Array, batch_size: jax.Array) -> jax.Array:
        size = jnp.where(batch_size >= 1, jnp.minimum(batch_size, n), n)
        rank = jnp.argsort(jnp.argsort(jax.random.uniform(key, (n,))))
        losses = jnp.where(rank < size, point_loss(theta, x, y), 0.0)
        return jnp.sum(losses) / size

    return loss


register(
    Surface(
        name="regression",
        title="Linear regression",
        formula=r"L(w, b) = \frac{1}{N}\sum_{n=1}^{N}\big(y_n - (b + w x_n)\big)^2",
        loss=mean_loss(squared_error, X, Y),
        batch_loss=mini_batch(squared_error, X, Y),
        bounds=(-1.0, 3.0, -3.0, 4.0),
        minima=(least_squares(X, Y),),
        start=(-0.5, -2.5),
        description="mean squared error of y = b + w·x on 20 data points",
        labels=("w", "b"),
    )
)
