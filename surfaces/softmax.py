r"""The course's figure of a classifier's loss: three classes, softmax, one-hot target.

A network's outputs y = (y₁, y₂, y₃) become probabilities p = softmax(y),
pᵢ = e^{yᵢ} / Σⱼ e^{yⱼ}, compared with the one-hot target t = (1, 0, 0) of class 1. As in the
course, the loss is drawn over (y₁, y₂) with y₃ held at −1000, so that class 3 gets no
probability and p₁ = σ(y₁ − y₂): for two classes softmax is the sigmoid. Two losses:

- mean squared error Σᵢ (tᵢ − pᵢ)²: where y₂ ≫ y₁ the prediction is confidently wrong,
  p₁ ≈ 0, and the surface is flat; its gradient carries p₁(1 − p₁) ≈ 0;
- cross-entropy −Σᵢ tᵢ ln pᵢ = −ln p₁ = ln Σⱼ e^{yⱼ} − y₁, which keeps a slope of about
  (−1, 1) there.

Both fall towards y₁ − y₂ → ∞: no finite minimum.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from .surface import Surface, register

Y3 = -1000.0
"""The third output, held fixed."""
TARGET = jnp.array([1.0, 0.0, 0.0])
"""One-hot: the example is of class 1."""
BOUNDS = (-10.0, 10.0, -10.0, 10.0)
START = (-4.0, 6.0)
"""A confidently wrong output: p₁ = σ(−10) ≈ 5·10⁻⁵."""


def outputs(y: jax.Array) -> jax.Array:
    """(y₁, y₂, y₃) with y₃ fixed."""
    return jnp.array([y[0], y[1], Y3])


def squared_error(y: jax.Array) -> jax.Array:
    r"""L = Σᵢ (tᵢ − pᵢ)², p = softmax(y₁, y₂, y₃)."""
    return jnp.sum((TARGET - jax.nn.softmax(outputs(y))) ** 2)


def cross_entropy(y: jax.Array) -> jax.Array:
    r"""L = −Σᵢ tᵢ ln pᵢ, as log-sum-exp minus the target's output, finite for any y."""
    z = outputs(y)
    return jax.nn.logsumexp(z) - jnp.dot(TARGET, z)


register(
    Surface(
        name="softmax_mse",
        title="Softmax, mean squared error",
        formula=r"L = \sum_{i=1}^{3}\big(\hat y_i - p_i\big)^2,\quad "
        r"p = \mathrm{softmax}(y_1, y_2, -1000),\quad \hat y = (1, 0, 0)",
        loss=squared_error,
        bounds=BOUNDS,
        start=START,
        description="3-class softmax, squared error over (y1, y2): flat where it is wrong",
        labels=("y_1", "y_2"),
    )
)
register(
    Surface(
        name="softmax_ce",
        title="Softmax, cross-entropy",
        formula=r"L = -\sum_{i=1}^{3}\hat y_i \ln p_i,\quad "
        r"p = \mathrm{softmax}(y_1, y_2, -1000),\quad \hat y = (1, 0, 0)",
        loss=cross_entropy,
        bounds=BOUNDS,
        start=START,
        description="3-class softmax, cross-entropy over (y1, y2): a slope where it is wrong",
        labels=("y_1", "y_2"),
        log_scale=True,
    )
)
