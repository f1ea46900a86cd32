r"""Gradient descent, heavy-ball momentum and Nesterov momentum.

PyTorch (``torch.optim.SGD``, dampening 0) keeps a buffer of gradients b and multiplies by
η_t when stepping; the course keeps a buffer of *steps* m with η_t inside. With a constant η
the two are the same trajectory (m = −η b); under a schedule they differ.
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp

from .hyperparameters import MOMENTUM, HyperParams
from .optimizer import Optimizer, register


class EmptyState(NamedTuple):
    """Plain gradient descent keeps no state."""


class MomentumState(NamedTuple):
    """The momentum buffer: b (PyTorch, sum of gradients) or m (course, sum of steps)."""

    m: jax.Array


def empty_init(params: jax.Array) -> EmptyState:
    return EmptyState()


def momentum_init(params: jax.Array) -> MomentumState:
    return MomentumState(m=jnp.zeros_like(params))


def gd(state: EmptyState, g: jax.Array, step: jax.Array, hp: HyperParams):
    r"""Gradient descent: θ ← θ − η_t g."""
    return -hp.lr * g, state


def momentum(state: MomentumState, g: jax.Array, step: jax.Array, hp: HyperParams):
    r"""Heavy ball, PyTorch form: b ← μ b + g;  θ ← θ − η_t b."""
    b = hp.momentum * state.m + g
    return -hp.lr * b, MomentumState(b)


def momentum_course(state: MomentumState, g: jax.Array, step: jax.Array, hp: HyperParams):
    r"""Heavy ball, course form: m ← λ m − η_t g;  θ ← θ + m."""
    m = hp.momentum * state.m - hp.lr * g
    return m, MomentumState(m)


def nesterov(state: MomentumState, g: jax.Array, step: jax.Array, hp: HyperParams):
    r"""Nesterov, PyTorch form: b ← μ b + g;  θ ← θ − η_t (g + μ b)."""
    b = hp.momentum * state.m + g
    return -hp.lr * (g + hp.momentum * b), MomentumState(b)


def nesterov_course(state: MomentumState, g: jax.Array, step: jax.Array, hp: HyperParams):
    r"""Nesterov, course form (look-ahead rewritten at θ): m ← λ m − η_t g;
    θ ← θ + λ m − η_t g."""
    m = hp.momentum * state.m - hp.lr * g
    return hp.momentum * m - hp.lr * g, MomentumState(m)


register(
    Optimizer(
        name="gd",
        convention="torch",
        title="Gradient descent",
        description="θ ← θ − η g",
        equations=r"\theta \leftarrow \theta - \eta_t g_t",
        hyperparameters=(),
        init=empty_init,
        update=gd,
    )
)

register(
    Optimizer(
        name="momentum",
        convention="torch",
        title="Momentum",
        description="heavy ball: a velocity that sums past gradients",
        equations=r"b \leftarrow \mu b + g_t \\ \theta \leftarrow \theta - \eta_t b",
        hyperparameters=(MOMENTUM,),
        init=momentum_init,
        update=momentum,
    ),
    update=momentum_course,
    equations=r"m \leftarrow \lambda m - \eta_t g_t \\ \theta \leftarrow \theta + m",
)

register(
    Optimizer(
        name="nesterov",
        convention="torch",
        title="Nesterov momentum",
        description="momentum that looks ahead before it steps",
        equations=r"b \leftarrow \mu b + g_t \\ \theta \leftarrow \theta - \eta_t (g_t + \mu b)",
        hyperparameters=(MOMENTUM,),
        init=momentum_init,
        update=nesterov,
    ),
    update=nesterov_course,
    equations=r"m \leftarrow \lambda m - \eta_t g_t \\ "
    r"\theta \leftarrow \theta + \lambda m - \eta_t g_t",
)
