r"""RAdam: Adam whose adaptive rate is switched on only when σ has data enough to trust.

Adam's σ_t is a statistic of the few gradients seen so far, unreliable in the first steps:
the course's reason for warmup. RAdam (Liu et al., 2020, ``torch.optim.RAdam``) measures
how reliable it is: an exponential moving average of g² behaves like a simple moving average
of length ρ_t = ρ_∞ − 2tβ₂ᵗ/(1 − β₂ᵗ), with ρ_∞ = 2/(1 − β₂) − 1. While ρ_t ≤ 5 the variance
of σ is not even finite and RAdam steps with momentum alone; after that it scales Adam's step
by the rectification r_t, which rises from about 0 towards 1: a warmup that follows from β₂.
The course's Adam is PyTorch's, so one form serves both conventions.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from .adam import AdamState, init
from .hyperparameters import BETA1, BETA2, EPS, HyperParams
from .optimizer import Optimizer, register

RHO_THRESHOLD = 5.0
"""σ is trusted once the length ρ_t of its equivalent simple moving average exceeds this."""


def rho(step: jax.Array, beta2_power: jax.Array, beta2: jax.Array) -> jax.Array:
    r"""ρ_t = ρ_∞ − 2tβ₂ᵗ/(1 − β₂ᵗ), with t = step + 1 counting the gradients seen."""
    rho_inf = 2 / (1 - beta2) - 1
    return rho_inf - 2 * (step + 1) * beta2_power / (1 - beta2_power)


def rectification(rho_t: jax.Array, beta2: jax.Array) -> jax.Array:
    r"""r_t = √( (ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t) ), taken where ρ_t > 5."""
    rho_inf = 2 / (1 - beta2) - 1
    trusted = jnp.maximum(rho_t, RHO_THRESHOLD)
    return jnp.sqrt(
        (trusted - 4) * (trusted - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * trusted)
    )


def sigma(state: AdamState, step: jax.Array, hp: HyperParams) -> jax.Array:
    r"""σ_t = (√v_t + ε) / (r_t √(1 − β₂ᵗ)) while σ is trusted (ρ_t > 5), else 1: the update is
    then θ ← θ − (η_t/σ_t) m̂_t in both phases."""
    rho_t = rho(step, state.beta2_power, hp.beta2)
    adaptive = (jnp.sqrt(state.v) + hp.eps) / (
        rectification(rho_t, hp.beta2) * jnp.sqrt(1 - state.beta2_power)
    )
    return jnp.where(rho_t > RHO_THRESHOLD, adaptive, jnp.ones_like(state.v))


def radam(state: AdamState, g: jax.Array, step: jax.Array, hp: HyperParams):
    r"""m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²;  m̂ = m / (1 − β₁ᵗ);
    θ ← θ − η_t r_t m̂ √(1 − β₂ᵗ) / (√v + ε) if ρ_t > 5, else θ ← θ − η_t m̂."""
    m = hp.beta1 * state.m + (1 - hp.beta1) * g
    v = hp.beta2 * state.v + (1 - hp.beta2) * g**2
    state = AdamState(m, v, state.beta1_power * hp.beta1, state.beta2_power * hp.beta2)
    m_hat = m / (1 - state.beta1_power)
    return -hp.lr * m_hat / sigma(state, step, hp), state


register(
    Optimizer(
        name="radam",
        convention="torch",
        title="RAdam",
        description="Adam that waits for σ to be reliable: a warmup from β₂",
        equations=r"m \leftarrow \beta_1 m + (1-\beta_1) g_t,\quad "
        r"v \leftarrow \beta_2 v + (1-\beta_2) g_t^2,\quad \hat m = \frac{m}{1-\beta_1^{t}} \\ "
        r"\rho_t = \rho_\infty - \frac{2t\beta_2^t}{1-\beta_2^t},\quad "
        r"r_t = \sqrt{\frac{(\rho_t-4)(\rho_t-2)\rho_\infty}"
        r"{(\rho_\infty-4)(\rho_\infty-2)\rho_t}} \\ "
        r"\theta \leftarrow \theta - \eta_t\, r_t \frac{\sqrt{1-\beta_2^t}}{\sqrt{v} + \varepsilon}"
        r"\,\hat m \ \ (\rho_t > 5), \quad \text{else } \theta \leftarrow \theta - \eta_t \hat m",
        hyperparameters=(BETA1, BETA2, EPS),
        init=init,
        update=radam,
        sigma=sigma,
        default_lr=1e-3,
    )
)
