"""The fixed settings of many runs at once, checked: what sweeps and basin maps share.

:class:`RunSettings` holds the keyword arguments of :func:`optiviz.optim.run` that every run
of a sweep or basin map has in common, checked once, and builds the table columns in which
swept arrays replace the fixed values they name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from optiviz.surfaces import Surface

from . import optimizer as optimizers
from .hyperparameters import BATCH_SIZE, CLIP, NOISE, SEED, STEPS
from .optimizer import Optimizer
from .outcomes import Outcomes, outcomes
from .runs import check_starts, checked_values, hyperparameter_table
from .schedules import RANGES, Schedule

MAX_SETTINGS = 2**20
"""The most runs one sweep or basin map may make."""

RUN_PARAMETERS = {p.name: p for p in (NOISE, BATCH_SIZE, SEED, CLIP)}
"""Sweepable numbers of a run that are not the optimizer's own."""

SCHEDULE_COLUMNS = {
    "N": "schedule_N",
    "gamma": "schedule_gamma",
    "T": "schedule_T",
    "floor": "schedule_floor",
    "warmup": "warmup",
}
"""The table column of each schedule key."""


class RunSettings(NamedTuple):
    """The fixed settings of many runs, checked."""

    optimizer: Optimizer
    steps: int
    start: tuple[float, float]
    schedule: Schedule
    lr: float | None
    hyperparameters: dict[str, float]
    noise: float
    batch_size: int | None
    seed: int
    clip: float | None

    @classmethod
    def make(
        cls,
        surface: Surface,
        optimizer: str,
        *,
        start: tuple[float, float] | None,
        steps: int,
        lr: float | None,
        schedule: Schedule | str | None,
        convention: str,
        noise: float,
        batch_size: int | None,
        seed: int,
        clip: float | None,
        hyperparameters: Mapping[str, float],
    ) -> RunSettings:
        """Checks every value (ValueError naming the bad one)."""
        start = surface.start if start is None else start
        settings = cls(
            optimizer=optimizers.get(optimizer, convention),
            steps=int(STEPS.check(steps)),
            start=tuple(float(x) for x in check_starts([start])[0]),
            schedule=schedule if isinstance(schedule, Schedule) else Schedule.parse(schedule),
            lr=lr,
            hyperparameters=dict(hyperparameters),
            noise=float(NOISE.check(noise)),
            batch_size=None if batch_size is None else int(BATCH_SIZE.check(batch_size)),
            seed=int(SEED.check(seed)),
            clip=None if clip is None else float(CLIP.check(clip)),
        )
        settings.values()
        return settings

    def values(self, swept: Mapping[str, np.ndarray] | None = None) -> dict[str, Any]:
        """The checked table columns (see :func:`.checked_values`), the ``swept`` arrays in
        place of the fixed values they name."""
        swept = dict(swept or {})
        schedule = {key: swept.pop(key) for key in list(swept) if key in SCHEDULE_COLUMNS}
        run = {name: swept.pop(name, getattr(self, name)) for name in RUN_PARAMETERS}
        values = checked_values(
            self.optimizer,
            self.steps,
            lr=swept.pop("lr", self.lr),
            schedule=self.schedule,
            hyperparameters={**self.hyperparameters, **swept},
            **run,
        )
        for key, array in schedule.items():
            name = f"schedule {self.schedule.kind}: {key}"
            values[SCHEDULE_COLUMNS[key]] = RANGES[key].check(name, array)
        return values

    def outcomes(
        self,
        surface: Surface,
        values: Mapping[str, Any],
        starts: np.ndarray,
        regions: np.ndarray | None = None,
    ) -> Outcomes:
        """One run per row of ``starts`` with the table columns ``values``."""
        if len(starts) > MAX_SETTINGS:
            raise ValueError(f"too many runs: {len(starts)}, at most {MAX_SETTINGS}")
        return outcomes(
            surface,
            self.optimizer,
            self.steps,
            starts,
            hyperparameter_table(values, len(starts)),
            regions,
            schedule=self.schedule.kind,
            stochastic=bool(np.any(values["batch_size"]) or np.any(values["noise"])),
            clipped=bool(np.isfinite(values["clip"]).any()),
        )

    def settings(self) -> dict[str, Any]:
        """Keyword arguments of :func:`optiviz.optim.run`, defaults filled in."""
        values = self.values()
        return {
            "start": self.start,
            "steps": self.steps,
            "convention": self.optimizer.convention,
            "schedule": str(self.schedule),
            "noise": self.noise,
            "batch_size": self.batch_size,
            "seed": self.seed,
            "clip": self.clip,
            **{p.name: float(values[p.name]) for p in self.optimizer.parameters},
        }
