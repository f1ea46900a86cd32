r"""The run spec: how one optimizer run is set up, checked once.

A :class:`RunSpec` holds everything a run takes but where it starts and for how long: the
optimizer and its convention, η and the optimizer's coefficients, the learning-rate
schedule, gradient noise, batch size, seed and clipping. It is checked when it is made (a
ValueError names the bad value), compares by value, and reads and writes plain dicts. A
scene's :class:`~.scene.Run` is a spec with a start, a label and a surface of its own.

The engine takes two things from a spec:

* :meth:`RunSpec.variant`: which compiled program its runs need. The scan's code depends
  on the optimizer (AdamW's decoupled weight decay is part of its update rule), the
  schedule's kind, and whether noise or mini-batches and clipping are on; never on numbers.
* :meth:`RunSpec.table`: the numbers, one row of :class:`.HyperParams` columns per run, with
  per-run values (a sweep's grid, a fan's seeds) in the columns they name.

:func:`optiviz.optim.run`, :func:`~optiviz.optim.run_many`, :func:`~optiviz.optim.sweep`,
:func:`~optiviz.optim.basins` and :func:`~optiviz.optim.seed_fan` take a spec, or an
optimizer's name and the spec's settings as keywords: :func:`as_spec` makes the one from
the other.

Example:
    >>> spec = RunSpec.make("adam", lr=0.05, beta1=0.8, schedule="cosine:warmup=50")
    >>> spec.hyperparameters, str(spec.schedule)
    ({'beta1': 0.8}, 'cosine:warmup=50')
    >>> spec.variant()
    Variant(optimizer=Optimizer('adam', convention='torch'), schedule='cosine', stochastic=False, clipped=False)
    >>> spec.updated(noise=0.5, T=200).variant().stochastic
    True
    >>> spec.table(steps=500, n=3, per_run={"seed": [0, 1, 2]}).shape
    (3, 16)
    >>> RunSpec.make("adam", momentum=0.9)
    Traceback (most recent call last):
    ...
    ValueError: unknown hyperparameter of adam 'momentum'; choose from beta1, beta2, eps, weight_decay
"""  # noqa: E501

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping
from typing import Any, NamedTuple, TypeVar

import numpy as np

from optiviz.surfaces.registry import unknown_name

from . import optimizer as optimizers
from .hyperparameters import (
    BATCH_SIZE,
    CLIP,
    LR,
    NOISE,
    RUN_PARAMETERS,
    SEED,
    HyperParameter,
    HyperParams,
)
from .optimizer import Optimizer
from .schedules import CONSTANT, ENTRIES, KEYS, Schedule, as_schedule

PerRun = Mapping[str, object]
"""Values of some settings, one per run: ``{"lr": [1e-3, 1e-2], ...}``."""

Spec = TypeVar("Spec", bound="RunSpec")


class Variant(NamedTuple):
    """What the compiled scan depends on, besides the surface and the number of steps:
    one compilation per variant, every number of the run being data.

    Attributes:
        optimizer: The update rule (decoupled weight decay, AdamW's, comes with it).
        schedule: The schedule's kind.
        stochastic: Whether gradients get noise, or come from mini-batches.
        clipped: Whether gradients are clipped.
    """

    optimizer: Optimizer
    schedule: str
    stochastic: bool
    clipped: bool


@dataclasses.dataclass(frozen=True)
class RunSpec:
    """How a run is set up: everything but its start and length (see the module docstring).

    Attributes:
        optimizer: Optimizer name (see :func:`optiviz.optim.names`).
        lr: Base η (None: the optimizer's default).
        hyperparameters: The optimizer's own coefficients by name, e.g. ``{"momentum":
            0.5}`` (those left out take the optimizer's defaults).
        schedule: Learning-rate schedule (its spec string is read, e.g. ``"cosine:T=500"``).
        convention: ``"torch"`` (``torch.optim`` semantics) or ``"course"`` (the lecture's).
        noise: Gradient noise std σ per sample (0: exact gradients).
        batch_size: B; noise std becomes σ/√B, and data surfaces draw real mini-batches
            (None: exact gradients, or the full batch on data surfaces).
        seed: Seed of the noise and the mini-batches.
        clip: Maximum gradient norm (None: no clipping).

    Raises:
        ValueError: For an unknown name or an invalid value; the message names it.
    """

    optimizer: str = "gd"
    lr: float | None = None
    hyperparameters: Mapping[str, float] = dataclasses.field(default_factory=dict)
    schedule: Schedule = CONSTANT
    convention: str = "torch"
    noise: float = 0.0
    batch_size: int | None = None
    seed: int = 0
    clip: float | None = None

    def __post_init__(self) -> None:
        rule = optimizers.get(self.optimizer, self.convention)
        if not isinstance(self.hyperparameters, Mapping):
            raise ValueError(f"hyperparameters must map names to numbers: {self.hyperparameters!r}")
        own = {p.name: p for p in rule.parameters if p.name != LR.name}
        hyperparameters = {}
        for name, value in self.hyperparameters.items():
            if name not in own:
                raise ValueError(unknown_name(f"hyperparameter of {rule.name}", name, own))
            if value is not None:
                hyperparameters[name] = _number(own[name], value)
        batch_size = None if self.batch_size is None else int(_number(BATCH_SIZE, self.batch_size))
        checked = {
            "optimizer": rule.name,
            "hyperparameters": hyperparameters,
            "schedule": as_schedule(self.schedule).checked(),
            "lr": None if self.lr is None else _number(LR, self.lr),
            "noise": _number(NOISE, self.noise),
            "batch_size": batch_size,
            "seed": int(_number(SEED, self.seed)),
            "clip": None if self.clip is None else _number(CLIP, self.clip),
        }
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    @classmethod
    def make(cls: type[Spec], optimizer: str, **settings: object) -> Spec:
        """The spec of ``optimizer`` with ``settings`` (see :meth:`updated`)."""
        return cls(optimizer=optimizer, **_changes(cls, {}, CONSTANT, settings))

    def updated(self: Spec, **settings: object) -> Spec:
        """This spec with new settings, checked.

        Args:
            **settings: Any keyword of :func:`optiviz.optim.run` (``lr``, ``schedule``,
                ``convention``, ``noise``, ``batch_size``, ``seed``, ``clip``, or a
                coefficient of the optimizer by name, None for its default), or a key of
                the schedule (``N``, ``gamma``, ``T``, ``floor``, ``warmup``).
        """
        changes = _changes(type(self), self.hyperparameters, self.schedule, settings)
        return dataclasses.replace(self, **changes)

    @property
    def rule(self) -> Optimizer:
        """The optimizer's update rule in this spec's convention."""
        return optimizers.get(self.optimizer, self.convention)

    def parameters(self) -> dict[str, HyperParameter]:
        """Every number this run takes, by name, in menu order: η and the optimizer's
        coefficients (with its defaults), the run's (noise, batch size, seed, clipping),
        and the keys of its schedule."""
        keys = (ENTRIES[key] for key in KEYS[self.schedule.kind])
        return {p.name: p for p in (*self.rule.parameters, *RUN_PARAMETERS, *keys)}

    def columns(self, steps: int) -> dict[str, float]:
        """Every column of :class:`.HyperParams` for a run of ``steps`` steps, defaults
        filled in: 0 where unused, ``clip`` ∞ without clipping, ``batch_size`` 0 for the
        full batch."""
        columns = dict.fromkeys(HyperParams._fields, 0.0)
        columns.update(self.resolved())
        columns.update(
            batch_size=float(self.batch_size or 0),
            seed=float(self.seed),
            clip=math.inf if self.clip is None else self.clip,
            **self.schedule.columns(steps),
        )
        return columns

    def resolved(self) -> dict[str, float | int | None]:
        """η and the optimizer's coefficients as the run uses them (its defaults filled
        in), then noise, batch size, seed and clipping (None: off).

        Example:
            >>> RunSpec("momentum", lr=0.1).resolved()
            {'lr': 0.1, 'momentum': 0.9, 'weight_decay': 0.0, 'noise': 0.0, 'batch_size': None, 'seed': 0, 'clip': None}
        """  # noqa: E501
        given = {**self.hyperparameters, "lr": self.lr}
        return {
            **{
                p.name: p.default if given.get(p.name) is None else given[p.name]
                for p in self.rule.parameters
            },
            "noise": self.noise,
            "batch_size": self.batch_size,
            "seed": self.seed,
            "clip": self.clip,
        }

    def summary(self) -> dict[str, Any]:
        """The settings as JSON-ready data: convention, schedule (its spec string) and
        :meth:`resolved`."""
        return {"convention": self.convention, "schedule": str(self.schedule), **self.resolved()}

    def table(self, steps: int, n: int = 1, per_run: PerRun | None = None) -> np.ndarray:
        """The (n, P) float64 table of ``n`` runs for the runner: this spec's
        :meth:`columns` in every row, but for the settings in ``per_run`` (any name of
        :meth:`parameters`), which take one value per row.

        Raises:
            ValueError: A name the run does not take, or a value out of range.
        """
        columns = self.columns(steps)
        row = np.array([columns[name] for name in HyperParams._fields], ndmin=2)
        table = row if n == 1 else row.repeat(n, axis=0)
        accepted = self.parameters() if per_run else {}
        for name, values in (per_run or {}).items():
            if name not in accepted:
                kind = f"hyperparameter of {self.optimizer}"
                raise ValueError(unknown_name(kind, name, accepted))
            label = f"schedule {self.schedule.kind}: {name}" if name in ENTRIES else name
            value = np.asarray(accepted[name].range.check(label, values), dtype=np.float64)
            if value.ndim and value.shape != (n,):
                raise ValueError(f"{name} must be a number or {n} numbers, got shape {value.shape}")
            table[:, HyperParams._fields.index(name)] = value
        return table

    def variant(self, per_run: PerRun | None = None) -> Variant:
        """The compiled program this spec's runs need, with the checked ``per_run``
        values of :meth:`table` (a noise or clipping column may switch a part on)."""
        per_run = per_run or {}
        noisy = np.any(np.asarray(per_run["noise"])) if "noise" in per_run else self.noise > 0
        return Variant(
            optimizer=self.rule,
            schedule=self.schedule.kind,
            stochastic=bool(noisy) or self.batch_size is not None or "batch_size" in per_run,
            clipped=self.clip is not None or "clip" in per_run,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back."""
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data.update(hyperparameters=dict(self.hyperparameters), schedule=str(self.schedule))
        return {name: list(v) if isinstance(v, tuple) else v for name, v in data.items()}

    @classmethod
    def from_dict(cls: type[Spec], data: Mapping[str, Any]) -> Spec:
        """A spec from :meth:`to_dict`'s form; unknown keys are an error."""
        unknown = set(data) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise ValueError(f"unknown run key {sorted(unknown)[0]!r}")
        return cls(**data)


def as_spec(optimizer: str | RunSpec, settings: Mapping[str, object] | None = None) -> RunSpec:
    """The spec of a run: ``optimizer`` (a spec, or a name for its defaults) with
    ``settings``, keywords of :func:`optiviz.optim.run`, applied (see
    :meth:`RunSpec.updated`). The engine's functions make their spec here."""
    if isinstance(optimizer, str):
        return RunSpec.make(optimizer, **(settings or {}))
    return optimizer.updated(**settings) if settings else optimizer


def split_per_run(
    optimizer: str | RunSpec, settings: Mapping[str, object]
) -> tuple[RunSpec, dict[str, object]]:
    """:func:`as_spec` for N runs: the settings given as arrays (one value per run) are
    left out of the spec and returned apart, for :meth:`RunSpec.table`."""
    per_run = {
        name: value
        for name, value in settings.items()
        if not isinstance(value, (str, int, float, Schedule)) and np.ndim(value) > 0
    }
    fixed = {name: value for name, value in settings.items() if name not in per_run}
    return as_spec(optimizer, fixed), per_run


@functools.cache
def _fields(cls: type[RunSpec]) -> frozenset[str]:
    """The fields of a spec class that a keyword of the same name sets."""
    return frozenset(f.name for f in dataclasses.fields(cls)) - {"hyperparameters"}


def _changes(
    cls: type[RunSpec],
    hyperparameters: Mapping[str, float],
    schedule: Schedule | str | None,
    settings: Mapping[str, object],
) -> dict[str, object]:
    """The fields that ``settings`` (keywords of :meth:`RunSpec.updated`) change in a spec
    of class ``cls`` with these ``hyperparameters`` and this ``schedule``."""
    changes: dict[str, object] = {}
    keys, own = {}, {}
    for name, value in settings.items():
        if name in _fields(cls):
            changes[name] = value
        elif name in ENTRIES:
            keys[name] = value
        else:
            own[name] = value
    if keys:
        changes["schedule"] = as_schedule(changes.get("schedule", schedule)).updated(**keys)
    if own:
        changes["hyperparameters"] = {**hyperparameters, **own}
    return changes


def _number(parameter: HyperParameter, value: object) -> float:
    """One checked number (an array is an error: a spec is one run's)."""
    if not isinstance(value, (int, float, str)) and np.ndim(value) > 0:
        raise ValueError(f"{parameter.name} must be a number, got {value!r}")
    return float(parameter.check(value))
