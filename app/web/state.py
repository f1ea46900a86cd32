"""The app's state: ``param`` objects that mirror an engine :class:`Scene`.

:class:`AppState` holds what the user sees and sets: the preset, the surface, the start,
the number of steps and one :class:`RunState` per optimizer row. :meth:`AppState.scene`
turns it into the engine's :class:`Scene`; :meth:`AppState.load` does the reverse.

The URL carries the whole state, so a link reopens the exact scene: :mod:`.url` writes it
(:func:`.url.search`) and reads it back (:func:`.url.parse_query`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import param

from optiviz import optim, surfaces
from optiviz.app.display.theme import MAX_RUNS
from optiviz.app.web.map_state import MapState
from optiviz.app.web.terrain_state import TerrainState
from optiviz.optim import presets
from optiviz.optim.hyperparameters import SEED_CAP
from optiviz.optim.scene import Run, Scene
from optiviz.optim.schedules import KEYS as SCHEDULE_KEYS
from optiviz.surfaces import CUSTOM, Surface
from optiviz.surfaces.formula import DEFAULT_BOUNDS

DEFAULT_PRESET = "valley-adagrad"
"""The scene a bare URL opens."""
DEFAULT_FORMULA = "x**2 + 10*y**2"
"""The Custom surface's formula until one is typed."""
STEPS_CAP = 100_000
"""Most steps the app runs (the engine allows more; a URL must not make the server work
for minutes)."""
COORDINATE_CAP = 1e6
"""Largest |coordinate| accepted for a start or an inspected point."""

HYPERPARAMETERS = ("momentum", "alpha", "beta1", "beta2", "eps", "weight_decay")
"""The optimizer hyperparameters a row can show (each only for optimizers that take it)."""
SCHEDULE_PARAMETERS = ("N", "gamma", "T", "floor", "warmup")


class RunState(param.Parameterized):
    """One optimizer row: an engine :class:`Run` as widgets can edit it.

    Every hyperparameter of every optimizer has a parameter here; :meth:`shown` names the
    ones the chosen optimizer takes, and :meth:`run` passes only those to the engine.
    """

    optimizer = param.Selector(default="gd", objects=optim.names())
    lr = param.Number(default=1e-2, bounds=(0, None), inclusive_bounds=(False, True))
    momentum = param.Number(default=0.9, bounds=(0, 1), inclusive_bounds=(True, False))
    alpha = param.Number(default=0.99, bounds=(0, 1), inclusive_bounds=(True, False))
    beta1 = param.Number(default=0.9, bounds=(0, 1), inclusive_bounds=(True, False))
    beta2 = param.Number(default=0.999, bounds=(0, 1), inclusive_bounds=(True, False))
    eps = param.Number(default=1e-8, bounds=(0, None))
    weight_decay = param.Number(default=0.0, bounds=(0, None))
    convention = param.Selector(default="torch", objects=list(optim.CONVENTIONS))
    schedule = param.Selector(default="constant", objects=list(optim.SCHEDULES))
    N = param.Integer(default=100, bounds=(1, None), doc="step: steps between decays")
    gamma = param.Number(
        default=None,
        allow_None=True,
        bounds=(0, 1),
        inclusive_bounds=(False, True),
        doc="decay factor (None: default)",
    )
    T = param.Integer(
        default=None,
        allow_None=True,
        bounds=(1, None),
        doc="cosine period (None: the run's length)",
    )
    floor = param.Number(default=0.0, bounds=(0, 1), doc="cosine: final η fraction")
    warmup = param.Integer(default=0, bounds=(0, None), doc="linear warmup steps")
    noise = param.Number(default=0.0, bounds=(0, None), doc="gradient noise std σ")
    batch_size = param.Integer(default=0, bounds=(0, None), doc="B (0: full batch)")
    seed = param.Integer(default=0, bounds=(0, SEED_CAP))
    clip = param.Number(default=0.0, bounds=(0, None), doc="max ‖g‖ (0: no clipping)")
    start = param.NumericTuple(default=None, allow_None=True, length=2, doc="own start")
    label = param.String(default="")
    surface = param.String(default=None, allow_None=True, doc="own surface")

    @param.depends("optimizer", watch=True)
    def _defaults_of_optimizer(self) -> None:
        """A new optimizer starts from its own defaults (η is kept)."""
        opt = optim.get(self.optimizer, self.convention)
        self.param.update({p.name: p.default for p in opt.parameters if p.name in HYPERPARAMETERS})

    @param.depends("convention", watch=True)
    def _defaults_of_convention(self) -> None:
        """Values left at a convention's default move to the new convention's (RMSProp's α:
        0.99 in PyTorch's, 0.9 in the course's)."""
        defaults = {
            c: {p.name: p.default for p in optim.get(self.optimizer, c).parameters}
            for c in optim.CONVENTIONS
        }
        self.param.update(
            {
                name: default
                for name, default in defaults[self.convention].items()
                if name in HYPERPARAMETERS
                and any(getattr(self, name) == d[name] for d in defaults.values())
            }
        )

    def shown(self) -> list[str]:
        """The hyperparameters of the chosen optimizer, besides η."""
        opt = optim.get(self.optimizer, self.convention)
        return [p.name for p in opt.parameters if p.name in HYPERPARAMETERS]

    def schedule_keys(self) -> list[str]:
        """The parameters of the chosen schedule."""
        return list(SCHEDULE_KEYS[self.schedule])

    def run(self) -> Run:
        """The engine's :class:`Run`; hyperparameters only where they differ from the
        optimizer's defaults, so equal settings give equal runs."""
        opt = optim.get(self.optimizer, self.convention)
        hyperparameters = {
            p.name: float(getattr(self, p.name))
            for p in opt.parameters
            if p.name in HYPERPARAMETERS and getattr(self, p.name) != p.default
        }
        schedule = optim.Schedule.make(
            self.schedule, **{key: getattr(self, key) for key in self.schedule_keys()}
        )
        return Run(
            optimizer=self.optimizer,
            lr=float(self.lr),
            hyperparameters=hyperparameters,
            schedule=schedule,
            convention=self.convention,
            noise=float(self.noise),
            batch_size=self.batch_size or None,
            seed=int(self.seed),
            clip=float(self.clip) or None,
            start=None if self.start is None else tuple(self.start),
            label=self.label,
            surface=self.surface,
        )

    @classmethod
    def from_run(cls, run: Run, steps: int) -> RunState:
        """The row for ``run`` (checked by the engine first: raises ValueError)."""
        resolved = run.resolved()
        schedule = run.schedule
        values: dict[str, Any] = {
            name: resolved[name] for name in ("lr", *HYPERPARAMETERS) if name in resolved
        }
        values.update(
            {key: getattr(schedule, key) for key in SCHEDULE_PARAMETERS},
            schedule=schedule.kind,
            convention=run.convention,
            noise=float(run.noise),
            batch_size=int(run.batch_size or 0),
            seed=int(run.seed),
            clip=float(run.clip or 0.0),
            start=None if run.start is None else tuple(map(float, run.start)),
            label=run.label,
            surface=run.surface,
        )
        state = cls(optimizer=run.optimizer, convention=run.convention)
        state.param.update(values)
        return state

    def copy(self) -> RunState:
        """An independent row with the same settings."""
        return RunState(**{k: v for k, v in self.param.values().items() if k != "name"})


class AppState(param.Parameterized):
    """Everything the app shows: the scene, the preset it came from and the display modes."""

    preset = param.Selector(default=DEFAULT_PRESET, objects=["", *presets.names()])
    surface = param.Selector(default="valley", objects=[*surfaces.names(), CUSTOM])
    formula = param.String(default=DEFAULT_FORMULA, doc="the Custom surface's formula")
    bounds = param.NumericTuple(default=DEFAULT_BOUNDS, length=4, doc="its x0, x1, y0, y1")
    start = param.NumericTuple(default=(0.0, 0.0), length=2)
    steps = param.Integer(default=500, bounds=(1, STEPS_CAP))
    runs = param.List(default=[], item_type=RunState)
    present = param.Boolean(default=False, doc="presentation mode")
    show_test = param.Boolean(default=False, doc="overlay the test surface")
    inspect = param.NumericTuple(default=None, allow_None=True, length=2)
    maps = param.ClassSelector(
        class_=MapState, default=MapState(), instantiate=True, doc="the Maps view, overlays"
    )
    embed = param.Boolean(default=False, doc="embed mode: the plot and the player only")
    terrain = param.ClassSelector(
        class_=TerrainState, default=TerrainState(), instantiate=True, doc="the 3-D view"
    )

    def scene(self) -> Scene:
        """The engine's :class:`Scene` for the current settings."""
        custom = self.surface == CUSTOM
        return Scene(
            surface=self.surface,
            start=tuple(self.start),
            steps=int(self.steps),
            runs=tuple(row.run() for row in self.runs),
            formula=self.formula if custom else None,
            bounds=tuple(self.bounds) if custom else None,
        )

    def load(self, scene: Scene, preset: str = "") -> None:
        """Shows ``scene`` (its runs checked by the engine: raises ValueError), in one
        update."""
        rows = [RunState.from_run(run, scene.steps) for run in scene.runs[:MAX_RUNS]]
        typed = {}
        if scene.formula is not None:
            typed = {"formula": scene.formula, "bounds": scene.bounds or DEFAULT_BOUNDS}
        self.param.update(
            **typed,
            preset=preset,
            surface=scene.surface,
            start=tuple(map(float, scene.start_of_scene())),
            steps=min(int(scene.steps), STEPS_CAP),
            runs=rows,
            inspect=None,
        )

    def load_preset(self, name: str) -> None:
        """Shows the lecture preset ``name``."""
        self.load(presets.get(name).scene, preset=name)

    def choose_surface(self, name: str) -> None:
        """Shows surface ``name`` (``"custom"``: the formula kept in :attr:`formula`), the
        start moved to that surface's default; the scene is no longer a preset's (whose
        caption would describe another surface)."""
        if name == CUSTOM:
            start = custom_start(surfaces.from_formula(self.formula, self.bounds))
        else:
            start = surfaces.get(name).start
        self.param.update(preset="", surface=name, start=tuple(map(float, start)), inspect=None)

    def show_formula(self, formula: str, bounds: Sequence[float]) -> None:
        """Shows the Custom surface L = ``formula`` over ``bounds``; the start is kept when it
        is on the plot and the formula is finite there.

        Raises:
            FormulaError: A refused formula, or one that is finite nowhere on the bounds.
            ValueError: Invalid bounds.
        """
        surface = surfaces.from_formula(formula, bounds)
        keep = self.surface == CUSTOM and _on(surface, self.start)
        self.param.update(
            preset="",
            surface=CUSTOM,
            formula=formula,
            bounds=surface.bounds,
            start=tuple(self.start) if keep else custom_start(surface),
            inspect=self.inspect
            if self.inspect is not None and _on(surface, self.inspect)
            else None,
        )

    def is_preset(self) -> bool:
        """Whether the scene is exactly its preset's."""
        return bool(self.preset) and self.scene() == normalized(presets.get(self.preset).scene)


def normalized(scene: Scene) -> Scene:
    """``scene`` as the app would write it (defaults explicit where the app keeps them), so
    that scenes compare equal when they run the same."""
    state = AppState()
    state.load(scene)
    return state.scene()


def custom_start(surface: Surface) -> tuple[float, float]:
    """Where runs on a typed surface start unless told: a tenth of the way in from its
    bounds' left edge and 70 % of the way up, off the centre where symmetric formulas have
    their minimum (or the surface's own start, where the formula is not finite there)."""
    x0, x1, y0, y1 = surface.bounds
    point = tuple(float(f"{v:.6g}") for v in (x0 + 0.1 * (x1 - x0), y0 + 0.7 * (y1 - y0)))
    return point if _on(surface, point) else tuple(map(float, surface.start))


def _on(surface: Surface, point: Sequence[float]) -> bool:
    """Whether ``point`` is on the plot of ``surface`` and its loss is finite there."""
    x0, x1, y0, y1 = surface.bounds
    x, y = point
    return x0 <= x <= x1 and y0 <= y <= y1 and math.isfinite(surface(np.asarray(point, float)))
