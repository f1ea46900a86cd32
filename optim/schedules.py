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

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp

from optiviz.surfaces.registry import unknown_name

from .hyperparameters import SCHEDULE_KEYS, HyperParameter, HyperParams

DEFAULT_GAMMA = {"step": 0.5, "exp": 0.99}
KEYS = {
    "constant": ("warmup",),
    "step": ("N", "gamma", "warmup"),
    "exp": ("gamma", "warmup"),
    "cosine": ("T", "floor", "warmup"),
    "invsqrt": ("warmup",),
}
"""The keys each kind takes (every key is an entry of the catalogue, :mod:`.hyperparameters`)."""
ENTRIES: dict[str, HyperParameter] = {p.name: p for p in SCHEDULE_KEYS}


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
    N: int = ENTRIES["N"].default
    gamma: float | None = ENTRIES["gamma"].default
    T: int | None = ENTRIES["T"].default
    floor: float = ENTRIES["floor"].default
    warmup: int = ENTRIES["warmup"].default

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
        return cls(kind=kind).updated(**values)

    def updated(self, **values: object) -> Schedule:
        """This schedule with new values for some of its kind's keys, checked (None: keep).

        Raises:
            ValueError: Unknown kind or key, or a value out of range.
        """
        kind = self.checked().kind
        checked: dict[str, float | int] = {}
        for key, value in values.items():
            if value is None:
                continue
            if key not in KEYS[kind]:
                raise ValueError(unknown_name(f"key for schedule {kind}:", key, KEYS[kind]))
            checked[key] = _checked(kind, key, value)
        return self._replace(**checked)

    def checked(self) -> Schedule:
        """This schedule, its kind and every value checked (for one built directly, as
        ``Schedule("cosine", warmup=100)``).

        Raises:
            ValueError: Unknown kind, or a value out of range.
        """
        try:
            return _checked_schedule(self)
        except TypeError:  # unhashable, so not numbers
            message = f"schedule {self.kind}: values must be numbers, got {self!r}"
            raise ValueError(message) from None

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
        """This schedule's columns of :class:`HyperParams` for a run of ``steps`` steps,
        defaults filled in."""
        gamma = self.gamma if self.gamma is not None else DEFAULT_GAMMA.get(self.kind, 1.0)
        return {
            "N": float(self.N),
            "gamma": float(gamma),
            "T": float(self.T if self.T is not None else steps),
            "floor": float(self.floor),
            "warmup": float(self.warmup),
        }


CONSTANT = Schedule()
"""The default schedule: η_t = η."""


def as_schedule(schedule: Schedule | str | None) -> Schedule:
    """A schedule, or its spec string parsed (None: constant).

    Raises:
        ValueError: Anything else, or a spec that does not parse.
    """
    if isinstance(schedule, Schedule):
        return schedule
    if schedule is None or isinstance(schedule, str):
        return Schedule.parse(schedule)
    raise ValueError(f"schedule must be NAME[:key=value,...], got {schedule!r}")


@functools.lru_cache(maxsize=1024)
def _checked_schedule(schedule: Schedule) -> Schedule:
    """:meth:`Schedule.checked`, remembered: a run's spec checks its schedule each time it
    is made, and most runs share a few schedules."""
    if schedule.kind not in SCHEDULES:
        raise ValueError(unknown_name("schedule", schedule.kind, SCHEDULES))
    values = {key: getattr(schedule, key) for key in ENTRIES}
    return schedule._replace(
        **{
            key: _checked(schedule.kind, key, value)
            for key, value in values.items()
            if value is not None
        }
    )


def _checked(kind: str, key: str, value: object) -> float | int:
    """A schedule key's value, checked (its message names the schedule)."""
    entry = ENTRIES[key]
    number = entry.range.check(f"schedule {kind}: {key}", value)
    return int(number) if entry.integer else number


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
    return hp.lr * hp.gamma ** jnp.floor(t / hp.N)


def exponential(t: jax.Array, hp: HyperParams) -> jax.Array:
    """η_t = η · γ^t."""
    return hp.lr * hp.gamma**t


def cosine(t: jax.Array, hp: HyperParams) -> jax.Array:
    """η_t = η·f + η(1 − f)(1 + cos(π·min(t, T)/T))/2."""
    floor = hp.lr * hp.floor
    progress = jnp.minimum(t, hp.T) / hp.T
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
