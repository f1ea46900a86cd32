r"""Learning-rate schedules η_t, with optional linear warmup in front.

Step t counts from 0 (the first update uses η_0). With base rate η:

======== ============================================ =========================
name     η_t                                          keys (defaults)
======== ============================================ =========================
constant η                                            —
step     η · γ^⌊t/N⌋                                  N (100), gamma (0.5)
exp      η · γ^t                                      gamma (0.99)
cosine   η·f + η(1 − f)(1 + cos(π·min(t, T)/T))/2     T (the run's steps), floor f (0)
invsqrt  η / √(t + 1)                                 —
======== ============================================ =========================

``warmup=W`` (any schedule) rises linearly first: η_t = η_0·(t + 1)/W for t < W, then the
schedule continues from its own step 0: η_t = schedule(t − W).

The kind picks the code (a run compiles once per kind); its parameters are traced numbers,
so changing them never recompiles.

Example:
    >>> schedule = Schedule.parse("cosine:T=500,warmup=50")
    >>> schedule
    Schedule(kind='cosine', N=100, gamma=None, T=500, floor=0.0, warmup=50)
    >>> str(schedule)
    'cosine:T=500,warmup=50'
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp

from optiviz.surfaces.registry import unknown_name

from .hyperparameters import STEPS_CAP, HyperParams, Range

DEFAULT_GAMMA = {"step": 0.5, "exp": 0.99}
KEYS = {
    "constant": ("warmup",),
    "step": ("N", "gamma", "warmup"),
    "exp": ("gamma", "warmup"),
    "cosine": ("T", "floor", "warmup"),
    "invsqrt": ("warmup",),
}
RANGES = {
    "N": Range(1.0, STEPS_CAP, integer=True),
    "gamma": Range(0.0, 1.0, low_open=True),
    "T": Range(1.0, STEPS_CAP, integer=True),
    "floor": Range(0.0, 1.0),
    "warmup": Range(0.0, STEPS_CAP, integer=True),
}


class Schedule(NamedTuple):
    """A learning-rate schedule: its kind and parameters (see the module docstring).

    Attributes:
        kind: One of ``constant``, ``step``, ``exp``, ``cosine``, ``invsqrt``.
        N: ``step``: steps between decays.
        gamma: ``step`` and ``exp``: decay factor (None: the kind's default).
        T: ``cosine``: period in steps (None: the run's length).
        floor: ``cosine``: final η as a fraction of the base η.
        warmup: Linear warmup steps in front of the schedule (0: none).
    """

    kind: str = "constant"
    N: int = 100
    gamma: float | None = None
    T: int | None = None
    floor: float = 0.0
    warmup: int = 0

    @classmethod
    def parse(cls, spec: str | None) -> Schedule:
        """Parses ``NAME[:key=value,...]``, e.g. ``"step:N=200,gamma=0.5"``.

        Raises:
            ValueError: Unknown kind or key, or a value out of range.
        """
        if spec is None or not spec.strip():
            return cls()
        kind, _, rest = spec.strip().partition(":")
        values = {}
        for item in filter(None, (part.strip() for part in rest.split(","))):
            key, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"schedule {kind}: expected key=value, got {item!r}")
            values[key.strip()] = value.strip()
        return cls.make(kind.strip(), **values)

    @classmethod
    def make(cls, kind: str, **values: object) -> Schedule:
        """A checked schedule from its kind and keyword values (strings are parsed)."""
        if kind not in SCHEDULES:
            raise ValueError(unknown_name("schedule", kind, SCHEDULES))
        checked: dict[str, float | int] = {}
        for key, value in values.items():
            if value is None:
                continue
            if key not in KEYS[kind]:
                raise ValueError(unknown_name(f"key for schedule {kind}:", key, KEYS[kind]))
            number = RANGES[key].check(f"schedule {kind}: {key}", value)
            checked[key] = int(number) if RANGES[key].integer else number
        return cls(kind=kind, **checked)  # type: ignore[arg-type]

    def __str__(self) -> str:
        """The spec this schedule parses from, with only the keys that differ from defaults."""
        defaults = Schedule()
        parts = [
            f"{key}={getattr(self, key):g}"
            for key in KEYS[self.kind]
            if getattr(self, key) is not None and getattr(self, key) != getattr(defaults, key)
        ]
        return self.kind + (":" + ",".join(parts) if parts else "")

    def columns(self, steps: int) -> dict[str, float]:
        """This schedule's columns of :class:`HyperParams` for a run of ``steps`` steps."""
        gamma = self.gamma if self.gamma is not None else DEFAULT_GAMMA.get(self.kind, 1.0)
        return {
            "schedule_N": float(self.N),
            "schedule_gamma": gamma,
            "schedule_T": float(self.T if self.T is not None else steps),
            "schedule_floor": self.floor,
            "warmup": float(self.warmup),
        }


CONSTANT = Schedule()
"""The default schedule: η_t = η."""


def learning_rate(t: jax.Array, kind: str, hp: HyperParams) -> jax.Array:
    """η_t: the scheduled learning rate at steps ``t`` (0-based), warmup included."""
    schedule = SCHEDULES[kind]
    rising = schedule(jnp.zeros_like(t), hp) * (t + 1) / jnp.maximum(hp.warmup, 1)
    return jnp.where(t < hp.warmup, rising, schedule(jnp.maximum(t - hp.warmup, 0), hp))


def constant(t: jax.Array, hp: HyperParams) -> jax.Array:
    """η_t = η."""
    return jnp.broadcast_to(hp.lr, jnp.shape(t))


def step(t: jax.Array, hp: HyperParams) -> jax.Array:
    """η_t = η · γ^⌊t/N⌋."""
    return hp.lr * hp.schedule_gamma ** jnp.floor(t / hp.schedule_N)


def exponential(t: jax.Array, hp: HyperParams) -> jax.Array:
    """η_t = η · γ^t."""
    return hp.lr * hp.schedule_gamma**t


def cosine(t: jax.Array, hp: HyperParams) -> jax.Array:
    """η_t = η·f + η(1 − f)(1 + cos(π·min(t, T)/T))/2."""
    floor = hp.lr * hp.schedule_floor
    progress = jnp.minimum(t, hp.schedule_T) / hp.schedule_T
    return floor + (hp.lr - floor) * (1 + jnp.cos(jnp.pi * progress)) / 2


def invsqrt(t: jax.Array, hp: HyperParams) -> jax.Array:
    """η_t = η / √(t + 1)."""
    return hp.lr / jnp.sqrt(t + 1.0)


SCHEDULES = {
    "constant": constant,
    "step": step,
    "exp": exponential,
    "cosine": cosine,
    "invsqrt": invsqrt,
}
