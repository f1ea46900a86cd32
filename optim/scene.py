"""Scenes: a surface, a start and several optimizer runs, simulated together.

A :class:`Scene` is what the app shows, what a preset stores and what the CLI's ``run``
describes; :func:`simulate` runs it. A run may name a surface of its own, so that one scene
compares surfaces side by side (the same data under two losses, say):
:meth:`Scene.all_surfaces` lists them, one plot each. The scene's surface is a registered one
or a typed formula (``formula`` and ``bounds``, see :func:`optiviz.surfaces.from_formula`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from typing import Any

from optiviz import surfaces

from . import optimizer as optimizers
from .hyperparameters import STEPS
from .runner import trajectories
from .runs import check_starts, checked_values, hyperparameter_table
from .schedules import CONSTANT, Schedule
from .trajectory import Trajectory


@dataclasses.dataclass(frozen=True)
class Run:
    """One optimizer run of a scene.

    Attributes:
        optimizer: Optimizer name.
        lr: Base η (None: the optimizer's default).
        hyperparameters: The optimizer's own, e.g. ``{"momentum": 0.9}``.
        schedule: Learning-rate schedule.
        convention: ``"torch"`` or ``"course"``.
        noise: Gradient noise std σ per sample.
        batch_size: B (None: exact gradients, or the full batch on data surfaces).
        seed: Seed of the noise and the batches.
        clip: Maximum gradient norm (None: no clipping).
        start: This run's own start (None: the scene's).
        label: Legend text (empty: derived from the optimizer and η).
        surface: This run's own registered surface (None: the scene's).
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
    start: tuple[float, float] | None = None
    label: str = ""
    surface: str | None = None

    def values(self, steps: int) -> dict[str, Any]:
        """The run's checked hyperparameter columns (see :func:`checked_values`)."""
        return checked_values(
            optimizers.get(self.optimizer, self.convention),
            steps,
            lr=self.lr,
            schedule=self.schedule,
            noise=self.noise,
            batch_size=self.batch_size,
            seed=self.seed,
            clip=self.clip,
            hyperparameters=dict(self.hyperparameters),
        )

    def settings(self, without: Collection[str] = ()) -> dict[str, Any]:
        """The run's settings as keyword arguments of :func:`~.runs.run` (and of the sweeps,
        basin maps and seed fans), leaving out the names in ``without`` (a grid's, say).

        Example:
            >>> run = Run("momentum", lr=0.1, hyperparameters={"momentum": 0.5})
            >>> sorted(run.settings(without={"lr"}))
            ['batch_size', 'clip', 'convention', 'momentum', 'noise', 'schedule', 'seed']
        """
        settings = {
            "lr": self.lr,
            "schedule": self.schedule,
            "convention": self.convention,
            "noise": self.noise,
            "batch_size": self.batch_size,
            "seed": self.seed,
            "clip": self.clip,
            **self.hyperparameters,
        }
        return {name: value for name, value in settings.items() if name not in without}

    def resolved(self, steps: int) -> dict[str, float]:
        """η and the optimizer's hyperparameters as they will be used, defaults filled in."""
        values = self.values(steps)
        opt = optimizers.get(self.optimizer, self.convention)
        return {p.name: float(values[p.name]) for p in opt.parameters}

    def title(self) -> str:
        """The label, or e.g. ``"adam η=0.05"``."""
        if self.label:
            return self.label
        lr = self.lr if self.lr is not None else optimizers.get(self.optimizer).default_lr
        return f"{self.optimizer} η={lr:g}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back."""
        data = dataclasses.asdict(self)
        data["hyperparameters"] = dict(self.hyperparameters)
        data["schedule"] = str(self.schedule)
        data["start"] = None if self.start is None else list(self.start)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Run:
        """A run from :meth:`to_dict`'s form; unknown keys are an error."""
        fields = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - fields
        if unknown:
            raise ValueError(f"unknown run key {sorted(unknown)[0]!r}")
        values = dict(data)
        values["schedule"] = Schedule.parse(values.get("schedule"))
        values["hyperparameters"] = dict(values.get("hyperparameters") or {})
        if values.get("start") is not None:
            values["start"] = tuple(check_starts([values["start"]])[0])
        return cls(**values)


@dataclasses.dataclass(frozen=True)
class Scene:
    """A surface, a start, a number of steps and the runs to make on it.

    Attributes:
        surface: A registered surface's name, or ``"custom"`` with a ``formula``.
        start: The start of every run without its own (None: the surface's default).
        steps: Number of steps of every run.
        runs: The runs.
        formula: A typed formula in x and y (only with ``surface="custom"``).
        bounds: The formula's plot bounds (None: the default bounds).
    """

    surface: str
    start: tuple[float, float] | None
    steps: int
    runs: tuple[Run, ...]
    formula: str | None = None
    bounds: tuple[float, float, float, float] | None = None

    def __post_init__(self) -> None:
        if self.formula is not None and self.surface != surfaces.CUSTOM:
            raise ValueError(f"a scene with a formula has surface 'custom', not {self.surface!r}")
        if self.formula is None and self.surface == surfaces.CUSTOM:
            raise ValueError("surface 'custom' needs a formula")
        if self.bounds is not None and self.formula is None:
            raise ValueError("bounds are set only with a formula")

    def to_dict(self) -> dict[str, Any]:
        formula = {} if self.formula is None else {"formula": self.formula}
        bounds = {} if self.bounds is None else {"bounds": list(self.bounds)}
        return {
            "surface": self.surface,
            **formula,
            **bounds,
            "start": None if self.start is None else list(self.start),
            "steps": self.steps,
            "runs": [run.to_dict() for run in self.runs],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scene:
        start = data.get("start")
        formula, bounds = data.get("formula"), data.get("bounds")
        return cls(
            surface=str(data["surface"]),
            start=None if start is None else tuple(check_starts([start])[0]),
            steps=int(data["steps"]),
            runs=tuple(Run.from_dict(run) for run in data["runs"]),
            formula=None if formula is None else str(formula),
            bounds=None if bounds is None else surfaces.formula.check_bounds(bounds),
        )

    def surface_object(self) -> surfaces.Surface:
        """The scene's surface: the registered one, or the formula's over its bounds.

        Raises:
            ValueError: An unknown name, or a refused formula (a ``FormulaError``).
        """
        if self.formula is None:
            return surfaces.get(self.surface)
        return surfaces.from_formula(self.formula, self.bounds or surfaces.formula.DEFAULT_BOUNDS)

    def surface_of(self, run: Run) -> surfaces.Surface:
        """The surface ``run`` runs on: its own, or the scene's."""
        return self.surface_object() if run.surface is None else surfaces.get(run.surface)

    def all_surfaces(self) -> list[surfaces.Surface]:
        """Every surface the runs use, the scene's first, each once: one plot each."""
        found = [self.surface_object(), *(self.surface_of(run) for run in self.runs)]
        return list(dict.fromkeys(found))

    def start_of_scene(self) -> tuple[float, float]:
        """The scene's start, or the surface's default start."""
        return self.start if self.start is not None else self.surface_object().start

    def start_of(self, run: Run) -> tuple[float, float]:
        """Where ``run`` starts: its own start, the scene's, or its surface's default."""
        if run.start is not None:
            return run.start
        return self.start if self.start is not None else self.surface_of(run).start


def simulate(scene: Scene) -> list[Trajectory]:
    """Runs every run of ``scene``, in order.

    Each run is its own call (N = 1), so a scene compiles once per (optimizer, convention,
    schedule kind) it uses, however its runs are combined.

    Raises:
        ValueError: For an unknown name or an invalid value in any run.
    """
    steps = int(STEPS.check(scene.steps))
    return [
        trajectories(
            scene.surface_of(run),
            optimizers.get(run.optimizer, run.convention),
            steps,
            check_starts([scene.start_of(run)]),
            hyperparameter_table(run.values(steps), 1),
            schedule=run.schedule.kind,
            stochastic=run.noise > 0 or run.batch_size is not None,
            clipped=run.clip is not None,
        )[0]
        for run in scene.runs
    ]
