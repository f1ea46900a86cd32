r"""The course's first example: linear regression y = b + w·x, its loss over (w, b).

A small synthetic data set (20 points near y = 0.5 + 1.2x, drawn once with a seed and
written out below) makes the error surface L(w, b) = 1/N Σₙ (yₙ − (b + w·xₙ))². Its
mini-batch loss is the real thing: epochs as ``DataLoader(shuffle=True)`` makes them, every
point once per epoch, in an order reshuffled each epoch.

The helpers here build any data surface from a model ŷ = f(θ, x) and a per-point loss
ℓ(θ; xₙ, yₙ): :func:`mean_loss` gives L(θ) = 1/N Σₙ ℓ(θ; xₙ, yₙ), :func:`mini_batch` its
mini-batch form, and :class:`Dataset` the points and the model that the data view draws (see
``classification`` and ``normalization``).
"""

from __future__ import annotations

from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np

from .dataset import Dataset
from .surface import BatchLoss, Loss, Surface, register

PointLoss = Callable[[jax.Array, jax.Array, jax.Array], jax.Array]
"""ℓ(θ, x, y): the loss of each data point, elementwise over the arrays x and y."""

EPOCHS = 0x5EED
"""Folded into a run's key to seed its epochs' shuffles apart from its gradient noise."""

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


def line(theta: jax.Array, x: jax.Array) -> jax.Array:
    r"""The model ŷ = b + w·x for θ = (w, b)."""
    w, b = theta
    return b + w * x


def squared_error(theta: jax.Array, x: jax.Array, y: jax.Array) -> jax.Array:
    r"""ℓ = (yₙ − (b + w·xₙ))² for θ = (w, b)."""
    return (y - line(theta, x)) ** 2


def mean_loss(point_loss: PointLoss, x: np.ndarray, y: np.ndarray) -> Loss:
    r"""L(θ) = 1/N Σₙ ℓ(θ; xₙ, yₙ) over the data (x, y), as a JAX function."""
    x, y = jnp.asarray(x), jnp.asarray(y)

    def loss(theta: jax.Array) -> jax.Array:
        return jnp.mean(point_loss(theta, x, y))

    return loss


def batch_mask(key: jax.Array, step: jax.Array, batch_size: jax.Array, n: int) -> jax.Array:
    r"""Which of the n points make up mini-batch ``step`` of a run seeded with ``key``.

    As ``DataLoader(shuffle=True)``: an epoch is ⌈n/B⌉ batches that see every point once, in
    an order drawn afresh for each epoch; the last batch of an epoch holds the n mod B points
    left over, if any. B = 0 (or B ≥ n) is the full batch, every step.

    Example:
        >>> import jax
        >>> masks = [batch_mask(jax.random.key(0), t, 3, 8) for t in range(3)]
        >>> [int(m.sum()) for m in masks], int(sum(masks).max())
        ([3, 3, 2], 1)
    """
    size = jnp.where(batch_size >= 1, jnp.minimum(batch_size, n), n)
    per_epoch = jnp.ceil(n / size)
    epoch, k = jnp.floor(step / per_epoch), jnp.mod(step, per_epoch)
    shuffle = jax.random.fold_in(jax.random.fold_in(key, EPOCHS), epoch.astype(jnp.uint32))
    position = jnp.argsort(jax.random.permutation(shuffle, n))
    return (position >= k * size) & (position < (k + 1) * size)


def epoch_of(step: np.ndarray, batch_size: int | None, n: int) -> np.ndarray:
    """The epoch (from 1) that update ``step`` (from 0) belongs to, with B points a batch."""
    size = n if not batch_size else min(batch_size, n)
    return np.asarray(step) // -(-n // size) + 1


def mini_batch(point_loss: PointLoss, x: np.ndarray, y: np.ndarray) -> BatchLoss:
    r"""L_B(θ) = 1/|B| Σ_{n∈B} ℓ(θ; xₙ, yₙ) over mini-batch ``step`` of the run seeded with
    ``key`` (see :func:`batch_mask`; B = 0: every point, the full loss)."""
    x, y = jnp.asarray(x), jnp.asarray(y)

    def loss(theta: jax.Array, key: jax.Array, step: jax.Array, batch_size: jax.Array):
        mask = batch_mask(key, step, batch_size, len(x))
        return jnp.sum(jnp.where(mask, point_loss(theta, x, y), 0.0)) / jnp.sum(mask)

    return loss


register(
    Surface(
        name="regression",
        title="Linear regression",
        formula=r"L(w, b) = \frac{1}{N}\sum_{n=1}^{N}\big(y_n - (b + w x_n)\big)^2",
        loss=mean_loss(squared_error, X, Y),
        batch_loss=mini_batch(squared_error, X, Y),
        dataset=Dataset(X, Y, line),
        bounds=(-1.0, 3.0, -3.0, 4.0),
        minima=(least_squares(X, Y),),
        start=(-0.5, -2.5),
        description="mean squared error of y = b + w·x on 20 data points",
        labels=("w", "b"),
    )
)
