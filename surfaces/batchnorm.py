r"""Batch normalization: the feature standardized with each mini-batch's own statistics.

The raw-feature regression of ``normalization`` (x = 3·x_data, an elongated valley) with a
batch-normalization layer in front: in training, mini-batch 𝓑 is standardized with its own
mean and deviation,

    x̂ₙ = (xₙ − μ_𝓑) / √(σ_𝓑² + ε),    ŷₙ = β + γ·x̂ₙ,

and γ, β are learned. Over the whole data, μ and σ are the data's m and σ, and the surface
L(γ, β) is the standardized regression's round bowl (H = 2I); on a mini-batch both
statistics are estimates, so the surface a step sees moves from batch to batch. At test time
a layer uses running averages of the batch statistics (``torch.nn.BatchNorm1d``: momentum
0.1, from μ = 0 and σ² = 1, the unbiased σ_𝓑²), which settle near m and σ² (see
:func:`running_statistics`); the data view draws that test-time line.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from . import data, normalization
from .data import batch_mask, least_squares
from .dataset import Dataset
from .surface import Surface, register

EPS = 1e-5
"""ε of ``torch.nn.BatchNorm1d``."""
MOMENTUM = 0.1
"""How much of each batch's statistics the running averages take (PyTorch's default)."""

X, Y = normalization.X_RAW, data.Y
MEAN, STD = normalization.MEAN, normalization.STD


def predict(theta: jax.Array, x: jax.Array, mean: jax.Array, var: jax.Array) -> jax.Array:
    r"""ŷ = β + γ·(x − μ)/√(σ² + ε) for θ = (γ, β) and statistics (μ, σ²)."""
    gamma, beta = theta
    return beta + gamma * (x - mean) / jnp.sqrt(var + EPS)


def at_test_time(theta: jax.Array, x: jax.Array) -> jax.Array:
    r"""ŷ with the data's own statistics, where the running averages settle."""
    return predict(theta, x, MEAN, STD**2)


def loss(theta: jax.Array) -> jax.Array:
    r"""L(γ, β) = 1/N Σₙ (yₙ − ŷₙ)², the whole data standardized with its own m and σ."""
    return jnp.mean((Y - at_test_time(theta, X)) ** 2)


def batch_loss(theta: jax.Array, key: jax.Array, step: jax.Array, batch_size: jax.Array):
    r"""L_𝓑(γ, β) = 1/|𝓑| Σ_{n∈𝓑} (yₙ − β − γ x̂ₙ)², x̂ standardized with μ_𝓑 and σ_𝓑 of
    mini-batch ``step`` (see :func:`~.data.batch_mask`)."""
    mask = batch_mask(key, step, batch_size, len(X))
    mean, var = batch_statistics(mask)
    errors = (Y - predict(theta, X, mean, var)) ** 2
    return jnp.sum(jnp.where(mask, errors, 0.0)) / jnp.sum(mask)


def batch_statistics(mask: jax.Array) -> tuple[jax.Array, jax.Array]:
    r"""μ_𝓑 and the biased σ_𝓑² of the points in ``mask``, as batch normalization takes them."""
    size = jnp.sum(mask)
    mean = jnp.sum(jnp.where(mask, X, 0.0)) / size
    return mean, jnp.sum(jnp.where(mask, (X - mean) ** 2, 0.0)) / size


def running_statistics(seed: int, batch_size: int, steps: int) -> np.ndarray:
    r"""The running mean and variance after each of ``steps`` mini-batches of a run seeded
    with ``seed``: μ ← (1 − m)μ + m μ_𝓑, σ² ← (1 − m)σ² + m σ_𝓑² |𝓑|/(|𝓑| − 1), from (0, 1),
    m = 0.1. Shape (steps, 2).

    Example:
        >>> stats = running_statistics(seed=0, batch_size=4, steps=200)
        >>> bool(abs(stats[-1, 0] - MEAN) < 0.2 * STD)
        True
    """
    key = jax.random.key(seed)

    def update(running, t):
        mask = batch_mask(key, t, batch_size, len(X))
        mean, var = batch_statistics(mask)
        size = jnp.sum(mask)
        unbiased = var * size / jnp.maximum(size - 1, 1)
        running = (1 - MOMENTUM) * running + MOMENTUM * jnp.stack([mean, unbiased])
        return running, running

    _, history = jax.lax.scan(update, jnp.array([0.0, 1.0]), jnp.arange(steps))
    return np.asarray(history)


register(
    Surface(
        name="regression_batchnorm",
        title="Regression, batch normalization",
        formula=r"L(\gamma, \beta) = \frac{1}{N}\sum_{n=1}^{N}\big(y_n - (\beta + \gamma"
        r" \hat x_n)\big)^2,\quad \hat x_n = \frac{x_n - \mu_{\mathcal{B}}}"
        r"{\sqrt{\sigma_{\mathcal{B}}^2 + \epsilon}}",
        loss=loss,
        batch_loss=batch_loss,
        dataset=Dataset(X, Y, at_test_time),
        bounds=(-5.0, 8.0, -3.0, 10.0),
        minima=(least_squares((X - MEAN) / np.sqrt(STD**2 + EPS), Y),),
        start=normalization.normalized(normalization.START),
        description="the raw-feature regression behind a batch-normalization layer",
        labels=(r"\gamma", r"\beta"),
        log_scale=True,
    )
)
