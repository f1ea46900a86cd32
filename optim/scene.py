"""Scenes: a surface, a start and several optimizer runs, simulated together.

A :class:`Scene` is what the app shows, what a preset stores and what the CLI's ``run``
describes; :func:`simulate` runs it. A run may name a surface of its own, so that one scene
compares surfaces side by side (the same data under two losses, say):
:meth:`Scene.all_surfaces` lists them, one plot each. The scene's surface is a registered one
or a typed formula (``formula`` and ``bounds``, see :func:`optiviz.surfaces.from_formula`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from optiviz import surfaces

from .runs import check_start, run
from .spec import RunSpec
from .trajectory import Trajectory


@dataclasses.dataclass(frozen=True)
class Run(RunSpec):
    """One optimizer run of a scene: a :class:`~.spec.RunSpec` (optimizer, η,
    hyperparameters, schedule, convention, noise, batch size, seed, clipping) and where it
    runs.

    Attributes:
        start: This run's own start (None: the scene's).
        label: Legend text (empty: derived from the optimizer and η).
        surface: This run's own registered surface (None: the scene's).

    Example:
        >>> run = Run("momentum", lr=0.1, hyperparameters={"momentum": 0.5}, label="heavy ball")
        >>> run.title(), run.resolved()["momentum"]
        ('heavy ball', 0.5)
        >>> Run.from_dict(run.to_dict()) == run
        True
    """

    start: tuple[float, float] | None = None
    label: str = ""
    surface: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.start is not None:
            object.__setattr__(self, "start", check_start(self.start))
        if self.surface is not None:
            surfaces.about(self.surface)

    def title(self) -> str:
        """The label, or e.g. ``"adam η=0.05"``."""
        if self.label:
            return self.label
        lr = self.lr if self.lr is not None else self.rule.default_lr
        return f"{self.optimizer} η={lr:g}"


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
            start=None if start is None else check_start(start),
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

    Each run is its own call (N = 1), so a scene compiles once per compiled variant (see
    :class:`~.spec.Variant`) it uses, however its runs are combined.

    Raises:
        ValueError: For an invalid number of steps or start.
    """
    return [
        run(scene.surface_of(r), r, start=scene.start_of(r), steps=scene.steps) for r in scene.runs
    ]
