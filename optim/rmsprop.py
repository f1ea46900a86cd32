r"""RMSProp: σ² is an exponential moving average of squared gradients.

PyTorch (``torch.optim.RMSprop``) starts the average at 0 and adds ε outside the root; the
course starts it at the first gradient, σ_0 = |g_0|, so the first step is η·sign(g_0). The
smoothing constant α defaults to PyTorch's 0.99, and in the course convention to the
lecture's 0.9 (Hinton's suggestion): a memory of about 1/(1 − α) = 10 steps. Both take an
optional momentum on the normalised gradient (PyTorch's ``momentum``).
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp

from .hyperparameters import ALPHA, EPS, MOMENTUM, HyperParams
from .optimizer import Optimizer, register


class RMSPropState(NamedTuple):
    """v: the moving average of g² (σ² in the course); b: the momentum buffer."""

    v: jax.Array
    b: jax.Array


def init(params: jax.Array) -> RMSPropState:
    return RMSPropState(v=jnp.zeros_like(params), b=jnp.zeros_like(params))


def sigma(state: RMSPropState, step: jax.Array, hp: HyperParams) -> jax.Array:
    r"""σ_t = √v_t + ε."""
    return jnp.sqrt(state.v) + hp.eps


def _step(v: jax.Array, state: RMSPropState, g: jax.Array, hp: HyperParams):
    r"""b ← μ b + g/(√v + ε);  θ ← θ − η_t b  (with μ = 0: θ ← θ − η_t g/(√v + ε))."""
    b = hp.momentum * state.b + g / (jnp.sqrt(v) + hp.eps)
    return -hp.lr * b, RMSPropState(v, b)


def rmsprop(state: RMSPropState, g: jax.Array, step: jax.Array, hp: HyperParams):
    r"""PyTorch form: v ← α v + (1 − α) g²  (v_0 = 0);  θ ← θ − η_t g / (√v + ε)."""
    v = hp.alpha * state.v + (1 - hp.alpha) * g**2
    return _step(v, state, g, hp)


def rmsprop_course(state: RMSPropState, g: jax.Array, step: jax.Array, hp: HyperParams):
    r"""Course form: σ_0² = g_0²,  σ_t² = α σ_{t−1}² + (1 − α) g_t²;  θ ← θ − η_t g / (σ_t + ε)."""
    v = jnp.where(step == 0, g**2, hp.alpha * state.v + (1 - hp.alpha) * g**2)
    return _step(v, state, g, hp)


COURSE_ALPHA = ALPHA._replace(default=0.9)
"""The course's α ≈ 0.9: recent gradients weigh more than in PyTorch's default 0.99."""

register(
    Optimizer(
        name="rmsprop",
        convention="torch",
        title="RMSProp",
        description="per-axis rate η/σ, σ² a moving average of g²",
        equations=r"v \leftarrow \alpha v + (1-\alpha) g_t^2 \\ "
        r"\theta \leftarrow \theta - \frac{\eta_t}{\sqrt{v} + \varepsilon} g_t",
        hyperparameters=(ALPHA, EPS, MOMENTUM._replace(default=0.0)),
        init=init,
        update=rmsprop,
        sigma=sigma,
    ),
    update=rmsprop_course,
    hyperparameters=(COURSE_ALPHA, EPS, MOMENTUM._replace(default=0.0)),
    equations=r"\sigma_0^2 = g_0^2,\quad \sigma_t^2 = \alpha \sigma_{t-1}^2 + (1-\alpha) g_t^2 \\ "
    r"\theta \leftarrow \theta - \frac{\eta_t}{\sigma_t + \varepsilon} g_t",
)
