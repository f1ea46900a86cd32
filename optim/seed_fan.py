r"""Seed fans: the same noisy run under N seeds, the course's mini-batch noise made visible.

With gradient noise of std σ/√B (or real mini-batches of B points on a data surface) each
seed draws a different sequence of gradients, so N seeds fan out around the exact path; the
fan narrows as B grows, its width ∝ 1/√B.

Example:
    >>> from optiviz import optim
    >>> fan = optim.seed_fan("valley", "gd", n=8, steps=200, lr=1e-3, noise=5.0, batch_size=4)
    >>> fan.positions.shape
    (8, 201, 2)
"""

from __future__ import annotations

import numpy as np

from optiviz import surfaces
from optiviz.surfaces import Surface

from .hyperparameters import SEED, Range
from .runs import check_start, run_many
from .spec import RunSpec, as_spec
from .trajectory import Trajectories

FAN_SIZE = Range(1.0, 4096.0, integer=True)


def seed_fan(
    surface: str | Surface,
    optimizer: str | RunSpec,
    *,
    n: int = 16,
    start: tuple[float, float] | None = None,
    steps: int = 500,
    **settings: object,
) -> Trajectories:
    """Runs the same settings with seeds ``seed`` … ``seed + n − 1``, in one call.

    Takes the arguments of :func:`optiviz.optim.run`; run k of the fan is
    ``optim.run(..., seed=seed + k)``.

    Raises:
        ValueError: As :func:`optiviz.optim.run` does, for ``n`` outside 1 … 4096, or for
            settings without randomness (no noise, and no mini-batches of a data surface),
            whose seeds would all draw the same run.
    """
    surface = surfaces.get(surface)
    spec = as_spec(optimizer, settings)
    n = int(FAN_SIZE.check("n", n))
    SEED.check(spec.seed + n - 1)
    start = check_start(surface.start if start is None else start)
    if not spec.noise and (spec.batch_size is None or surface.batch_loss is None):
        raise ValueError("a seed fan needs noise > 0, or a batch size on a surface built on data")
    seeds = np.arange(spec.seed, spec.seed + n, dtype=np.float64)
    return run_many(surface, spec, starts=np.tile(start, (n, 1)), steps=steps, seed=seeds)
