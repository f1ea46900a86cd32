r"""AdaGrad: a per-axis rate η/σ with σ built from all past gradients.

PyTorch (``torch.optim.Adagrad``) divides by the root of the *sum* of squared gradients;
the course divides by their root *mean* square, so its σ can shrink again when gradients do,
which is what produces AdaGrad's late "burst" on a long, flat valley floor.
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp

from .hyperparameters import EPS, HyperParams
from .optimizer import Optimizer, register


class AdagradState(NamedTuple):
    """s: the per-axis sum of squared gradients so far."""

    s: jax.Array


def init(params: jax.Array) -> AdagradState:
    return AdagradState(s=jnp.zeros_like(params))


def sigma_torch(state: AdagradState, step: jax.Array, hp: HyperParams) -> jax.Array:
    r"""σ_t = √(Σ_{k≤t} g_k²) + ε."""
    return jnp.sqrt(state.s) + hp.eps


def sigma_course(state: AdagradState, step: jax.Array, hp: HyperParams) -> jax.Array:
    r"""σ_t = √(1/(t+1) Σ_{k≤t} g_k²) + ε: the root mean square of all past gradients."""
    return jnp.sqrt(state.s / (step + 1)) + hp.eps


def adagrad(state: AdagradState, g: jax.Array, step: jax.Array, hp: HyperParams):
    r"""PyTorch form: s ← s + g²;  θ ← θ − η_t g / (√s + ε)."""
    state = AdagradState(s=state.s + g**2)
    return -hp.lr * g / sigma_torch(state, step, hp), state


def adagrad_course(state: AdagradState, g: jax.Array, step: jax.Array, hp: HyperParams):
    r"""Course form: σ_t = √(1/(t+1) Σ_{k≤t} g_k²);  θ ← θ − η_t g / (σ_t + ε)."""
    state = AdagradState(s=state.s + g**2)
    return -hp.lr * g / sigma_course(state, step, hp), state


register(
    Optimizer(
        name="adagrad",
        convention="torch",
        title="AdaGrad",
        description="per-axis rate η/σ, σ from all past gradients",
        equations=r"s \leftarrow s + g_t^2 \\ "
        r"\theta \leftarrow \theta - \frac{\eta_t}{\sqrt{s} + \varepsilon} g_t",
        hyperparameters=(EPS._replace(default=1e-10),),
        init=init,
        update=adagrad,
        sigma=sigma_torch,
    ),
    update=adagrad_course,
    sigma=sigma_course,
    equations=r"\sigma_t = \sqrt{\tfrac{1}{t+1}\sum_{k=0}^{t} g_k^2} \\ "
    r"\theta \leftarrow \theta - \frac{\eta_t}{\sigma_t + \varepsilon} g_t",
)
