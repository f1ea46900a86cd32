"""The :class:`Optimizer` record and the registry of optimizers by (name, convention).

An optimizer is a pair of pure functions on a NamedTuple state:

* ``init(params) -> state``
* ``update(state, grad, step, hp) -> (update, state)``: θ ← θ + update, where ``hp.lr`` is
  the scheduled η_t, ``grad`` already includes coupled weight decay, and ``step`` counts
  from 0;

and ``sigma(state, step, hp)``, the per-axis σ_t of the course's summary update
θ ← θ − (η_t/σ_t)·m_t, so that the effective step η_t/σ_t can be shown (σ = 1 without
adaptation).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp

from optiviz.surfaces.registry import Registry, unknown_name

from .hyperparameters import LR, WEIGHT_DECAY, HyperParameter, HyperParams

State = Any
Init = Callable[[jax.Array], State]
Update = Callable[[State, jax.Array, jax.Array, HyperParams], tuple[jax.Array, State]]
Sigma = Callable[[State, jax.Array, HyperParams], jax.Array]

CONVENTIONS = ("torch", "course")


def no_adaptation(state: State, step: jax.Array, hp: HyperParams) -> jax.Array:
    """σ_t = 1 on every axis: plain and momentum methods step by η_t."""
    return jnp.ones(())


@dataclasses.dataclass(frozen=True, eq=False)
class Optimizer:
    """One optimizer in one convention.

    Optimizers compare and hash by identity, so they are valid static arguments to
    :func:`jax.jit`.

    Attributes:
        name: Registry name, e.g. ``"adam"``.
        convention: ``"torch"`` (``torch.optim`` semantics) or ``"course"`` (the lecture's).
        title: Human name.
        description: One line for listings.
        equations: The update as LaTeX, one equation per line.
        hyperparameters: What this optimizer reads besides η and weight decay.
        init: Builds the state from the start point.
        update: One step (see the module docstring).
        sigma: Per-axis σ_t (default: 1, for optimizers that do not adapt).
        default_lr: η when none is given.
        decoupled_weight_decay: Decay applied to θ directly (AdamW), not added to the gradient.
    """

    name: str
    convention: str
    title: str
    description: str
    equations: str
    hyperparameters: tuple[HyperParameter, ...]
    init: Init
    update: Update
    sigma: Sigma = no_adaptation
    default_lr: float = LR.default
    decoupled_weight_decay: bool = False
    default_weight_decay: float = WEIGHT_DECAY.default

    @functools.cached_property
    def parameters(self) -> tuple[HyperParameter, ...]:
        """Every hyperparameter this optimizer takes, η and weight decay included, with its
        own defaults."""
        return (
            LR._replace(default=self.default_lr),
            *self.hyperparameters,
            WEIGHT_DECAY._replace(default=self.default_weight_decay),
        )

    def __repr__(self) -> str:
        return f"Optimizer({self.name!r}, convention={self.convention!r})"


REGISTRY: Registry[dict[str, Optimizer]] = Registry("optimizer")


def register(torch: Optimizer, **course_changes: Any) -> None:
    """Registers an optimizer in both conventions: ``torch``, and its course form, which is
    ``torch`` with ``course_changes`` (e.g. ``update=...``, ``equations=...``) applied."""
    course = dataclasses.replace(torch, convention="course", **course_changes)
    REGISTRY.register(torch.name, {"torch": torch, "course": course})


def get(name: str, convention: str = "torch") -> Optimizer:
    """The optimizer ``name`` in ``convention`` (``"torch"`` or ``"course"``).

    Raises:
        ValueError: Unknown name (closest one suggested) or convention.
    """
    if convention not in CONVENTIONS:
        raise ValueError(unknown_name("convention", convention, CONVENTIONS))
    return REGISTRY.get(name)[convention]


def names() -> list[str]:
    """Names of all optimizers, in registration order."""
    return REGISTRY.names()
