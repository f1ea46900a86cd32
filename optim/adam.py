r"""Adam and AdamW: RMSProp's σ plus momentum, both bias-corrected.

The course's Adam is PyTorch's (``torch.optim.Adam``), so one form serves both conventions.
AdamW (``torch.optim.AdamW``) decays θ directly, θ ← θ − η_t λ θ, instead of adding λθ to
the gradient; the runner applies that decay for optimizers marked ``decoupled_weight_decay``.
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp

from .hyperparameters import BETA1, BETA2, EPS, HyperParams
from .optimizer import Optimizer, register


class AdamState(NamedTuple):
    """m: moving average of g; v: moving average of g²; β₁ᵗ⁺¹ and β₂ᵗ⁺¹ for the bias
    corrections (kept as running products: a product per step is cheaper than a power)."""

    m: jax.Array
    v: jax.Array
    beta1_power: jax.Array
    beta2_power: jax.Array


def init(params: jax.Array) -> AdamState:
    zeros, one = jnp.zeros_like(params), jnp.ones((), params.dtype)
    return AdamState(m=zeros, v=zeros, beta1_power=one, beta2_power=one)


def sigma(state: AdamState, step: jax.Array, hp: HyperParams) -> jax.Array:
    r"""σ_t = √v̂_t + ε, with v̂_t = v_t / (1 − β₂^{t+1})."""
    v_hat = state.v / (1 - state.beta2_power)
    return jnp.sqrt(v_hat) + hp.eps


def adam(state: AdamState, g: jax.Array, step: jax.Array, hp: HyperParams):
    r"""m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²;
    m̂ = m / (1 − β₁^{t+1});  θ ← θ − η_t m̂ / (√v̂ + ε)."""
    m = hp.beta1 * state.m + (1 - hp.beta1) * g
    v = hp.beta2 * state.v + (1 - hp.beta2) * g**2
    state = AdamState(m, v, state.beta1_power * hp.beta1, state.beta2_power * hp.beta2)
    m_hat = m / (1 - state.beta1_power)
    return -hp.lr * m_hat / sigma(state, step, hp), state


_EQUATIONS = (
    r"m \leftarrow \beta_1 m + (1-\beta_1) g_t,\quad v \leftarrow \beta_2 v + (1-\beta_2) g_t^2 \\ "
    r"\hat m = \frac{m}{1-\beta_1^{t+1}},\quad \hat v = \frac{v}{1-\beta_2^{t+1}} \\ "
)

register(
    Optimizer(
        name="adam",
        convention="torch",
        title="Adam",
        description="RMSProp + momentum, bias-corrected",
        equations=_EQUATIONS
        + r"\theta \leftarrow \theta - \frac{\eta_t}{\sqrt{\hat v} + \varepsilon}\hat m",
        hyperparameters=(BETA1, BETA2, EPS),
        init=init,
        update=adam,
        sigma=sigma,
        default_lr=1e-3,
    )
)

register(
    Optimizer(
        name="adamw",
        convention="torch",
        title="AdamW",
        description="Adam with decoupled weight decay",
        equations=_EQUATIONS + r"\theta \leftarrow \theta - \eta_t \lambda_{wd} \theta"
        r" - \frac{\eta_t}{\sqrt{\hat v} + \varepsilon}\hat m",
        hyperparameters=(BETA1, BETA2, EPS),
        init=init,
        update=adam,
        sigma=sigma,
        default_lr=1e-3,
        decoupled_weight_decay=True,
        default_weight_decay=1e-2,
    )
)
