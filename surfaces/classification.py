r"""Two-class classification: the loss function shapes the error surface.

A sigmoid classifier ŷ = σ(w·x + b) on a small 1-D data set (20 points, ten per class,
drawn once with ``numpy.random.default_rng(7)`` from N(∓1.5, 1), rounded and written out
below; the classes overlap, so no (w, b) separates them and cross-entropy has a finite
minimiser). Two losses over the same (w, b):

- mean squared error on the sigmoid output, L = 1/N Σₙ (σ(w·xₙ + b) − tₙ)². Far from the
  solution the sigmoid saturates, every term of ∇L carries a factor σ(1 − σ) ≈ 0, and the
  surface is a plateau where training stalls;
- cross-entropy, L = −1/N Σₙ [tₙ log σ(zₙ) + (1 − tₙ) log(1 − σ(zₙ))], whose gradient
  1/N Σₙ (σ(zₙ) − tₙ)(xₙ, 1) keeps its size where the prediction is confidently wrong.
"""

from __future__ import annotations

import jax
import numpy as np

from .data import mean_loss, mini_batch
from .dataset import Dataset
from .surface import Surface, register

X = np.array([
    -2.49, -2.39, -2.12, -1.99, -1.95, -1.77, -1.50, -1.44, -1.20, -0.40,
    -0.16, 0.16, 0.21, 0.57, 1.04, 1.47, 1.61, 1.86, 1.99, 2.20,
])  # fmt: skip
T = np.array([
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
], dtype=np.float64)  # fmt: skip

MSE_MINIMUM = (2.918589682423841, 1.2288791689581284)
"""The minimiser of the mean squared error, found once by Newton's method."""
CE_MINIMUM = (4.342930520732922, 1.5415639426127978)
"""The minimiser of the cross-entropy, found once by Newton's method."""

BOUNDS = (-8.0, 8.0, -10.0, 10.0)
START = (-2.0, 8.0)
"""A confidently wrong classifier (every point called class 1), on the MSE plateau."""


def sigmoid(theta: jax.Array, x: jax.Array) -> jax.Array:
    r"""The model ŷ = σ(w·x + b) = P(class 1 | x) for θ = (w, b)."""
    w, b = theta
    return jax.nn.sigmoid(w * x + b)


def squared_error(theta: jax.Array, x: jax.Array, t: jax.Array) -> jax.Array:
    r"""ℓ = (σ(w·x + b) − t)² for θ = (w, b)."""
    return (sigmoid(theta, x) - t) ** 2


def cross_entropy(theta: jax.Array, x: jax.Array, t: jax.Array) -> jax.Array:
    r"""ℓ = −t log σ(z) − (1 − t) log(1 − σ(z)) = softplus(z) − t·z with z = w·x + b,
    written in the second form so that it stays finite for any z."""
    w, b = theta
    z = w * x + b
    return jax.nn.softplus(z) - t * z


DATASET = Dataset(X, T, sigmoid, labels=("x", "t"), classes=True, samples=64)
"""Both losses fit the same model to the same points."""

register(
    Surface(
        name="classification_mse",
        title="Classification, mean squared error",
        formula=r"L(w, b) = \frac{1}{N}\sum_{n=1}^{N}\big(\sigma(w x_n + b) - t_n\big)^2",
        loss=mean_loss(squared_error, X, T),
        batch_loss=mini_batch(squared_error, X, T),
        dataset=DATASET,
        bounds=BOUNDS,
        minima=(MSE_MINIMUM,),
        start=START,
        description="sigmoid classifier, squared error: a plateau far from the solution",
        labels=("w", "b"),
    )
)
register(
    Surface(
        name="classification_ce",
        title="Classification, cross-entropy",
        formula=r"L(w, b) = -\frac{1}{N}\sum_{n=1}^{N}\big(t_n \ln \sigma(w x_n + b)"
        r" + (1 - t_n)\ln\big(1 - \sigma(w x_n + b)\big)\big)",
        loss=mean_loss(cross_entropy, X, T),
        batch_loss=mini_batch(cross_entropy, X, T),
        dataset=DATASET,
        bounds=BOUNDS,
        minima=(CE_MINIMUM,),
        start=START,
        description="sigmoid classifier, cross-entropy: keeps its slope far away",
        labels=("w", "b"),
        log_scale=True,
    )
)
