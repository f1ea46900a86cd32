r"""Work budgets: how much one request may compute, and how a request over it is cut.

A server in a lecture hall runs every student's requests on the same few cores, so no
request may hold them for long: a scene's trajectories, a hyperparameter map, a basin map
and a seed fan each have a budget, counted in *plain steps* (one update of one run without
random numbers). A request over its budget is cut, never refused: fewer steps drawn, fewer
cells, a coarser basin map; the cut comes with a notice that says so. The app, the CLI and
the exports share these rules.

Costs, in plain steps per step (measured side by side, see ``benchmarks/budget.py``):

=====================  ==================  ==================================
step                   one run (scan)      many runs at once (vmap: maps)
=====================  ==================  ==================================
plain                  1                   1
gradient noise σ > 0   :data:`SCAN_COSTS`  :data:`GRID_COSTS`
mini-batch of data     :data:`SCAN_COSTS`  :data:`GRID_COSTS`
=====================  ==================  ==================================

Example:
    >>> from optiviz.optim.scene import Run, Scene
    >>> noisy = Scene("valley", None, 100_000, tuple(Run("gd", noise=0.1) for _ in range(7)))
    >>> scene, notice = fit_scene(noisy)
    >>> scene.steps, notice.split(":")[0]
    (29000, 'Ran 29,000 of 100,000 steps')
    >>> fit_scene(scene) == (scene, "")
    True
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import NamedTuple

import numpy as np

from optiviz.surfaces import Surface
from optiviz.surfaces.plane import PlaneSurface

from .scene import Run, Scene


class Costs(NamedTuple):
    """What a step with random numbers costs, in plain steps.

    Attributes:
        noise: A step with gradient noise (random numbers per step).
        batch: A step on a mini-batch of a data surface (a draw and a gather per step).
    """

    noise: float
    batch: float


SCAN_COSTS = Costs(noise=80.0, batch=400.0)
"""Step costs of a trajectory (one run, a scan of its steps)."""
GRID_COSTS = Costs(noise=40.0, batch=1000.0)
"""Step costs of a map, basin map or fan (many runs at once, vmapped)."""
TRAJECTORIES = 2**24
"""Most plain steps of one scene's trajectories together: under a second on two busy cores
(700,000 plain steps, 7 runs × 100,000, take about 0.04 s)."""
MAPS = 2**27
"""Most plain steps of one map, basin map or seed fan: about 0.25 s on two cores."""


def step_cost(
    surface: Surface,
    noise: float,
    batch_size: int | None,
    swept: Collection[str] = (),
    costs: Costs = GRID_COSTS,
) -> float:
    """One step of a run with these settings (``swept``: names a grid varies), in plain
    steps; on a plane through a network's weights, a training step of the network."""
    if isinstance(surface, PlaneSurface):
        return surface.plane.network.step_cost
    batched = batch_size is not None or "batch_size" in swept
    if surface.batch_loss is not None and batched:
        return costs.batch
    if noise > 0 or "noise" in swept or batched:
        return costs.noise
    return 1.0


def run_cost(scene: Scene, run: Run, costs: Costs = SCAN_COSTS) -> float:
    """One step of ``run`` in ``scene``, in plain steps."""
    return step_cost(scene.surface_of(run), run.noise, run.batch_size, costs=costs)


def fit_scene(scene: Scene, budget: float = TRAJECTORIES) -> tuple[Scene, str]:
    """``scene`` with as many steps as its runs can afford within ``budget`` (all of them
    when they fit; else rounded down to two significant digits), and a notice when cut.

    Raises:
        ValueError: An unknown surface or optimizer (from the scene).
    """
    per_step = sum(run_cost(scene, run) for run in scene.runs)
    if per_step * scene.steps <= budget:
        return scene, ""
    steps = max(1, _round_down(budget / per_step))
    random = any(run_cost(scene, run) > 1 for run in scene.runs)
    kind = " with gradient noise or mini-batches" if random else ""
    notice = (
        f"Ran {steps:,} of {scene.steps:,} steps: {len(scene.runs)} runs × "
        f"{scene.steps:,} steps{kind} would take too long."
    )
    return dataclasses.replace(scene, steps=steps), notice


def affordable(
    cells: int,
    runs: Callable[[int], int],
    steps: int,
    cost: float,
    sizes: Sequence[int] = (),
    budget: float = MAPS,
) -> int:
    """The most cells per axis, at most ``cells`` and one of ``sizes`` (or ``cells``
    itself), whose ``runs(n)`` runs of ``steps`` steps at ``cost`` plain steps each fit the
    ``budget``; the smallest size when none does.

    Example:
        >>> affordable(64, lambda n: n * n, 1000, cost=1.0, sizes=(8, 16, 32), budget=2**20)
        32
    """
    candidates = sorted({*sizes, cells})
    fitting = [n for n in candidates if n <= cells and runs(n) * steps * cost <= budget]
    return max(fitting) if fitting else candidates[0]


def fit_grid(
    grid: Mapping[str, np.ndarray], steps: int, cost: float, budget: float = MAPS
) -> tuple[dict[str, np.ndarray], str]:
    """A grid of one or two swept axes thinned until its runs fit ``budget``: every k-th
    value of each axis, its ends kept, with a notice when thinned.

    Example:
        >>> grid = {"lr": np.geomspace(1e-4, 1, 1024), "momentum": np.linspace(0, 0.99, 1024)}
        >>> thinned, notice = fit_grid(grid, steps=500, cost=1.0)
        >>> [len(v) for v in thinned.values()], notice.split(":")[0]
        ([518, 518], 'Mapped 518 × 518 instead of 1024 × 1024 settings')
        >>> float(thinned["lr"][0]), float(thinned["lr"][-1])
        (0.0001, 1.0)
    """
    grid = {name: np.asarray(values) for name, values in grid.items()}
    counts = [len(values) for values in grid.values()]
    runs = math.prod(counts)
    if runs * steps * cost <= budget:
        return grid, ""
    shrink = math.sqrt if len(counts) == 2 else float
    factor = shrink(runs * steps * cost / budget)
    thinned = {
        name: _thin(values, max(2, int(len(values) / factor))) for name, values in grid.items()
    }
    old = " × ".join(map(str, counts))
    new = " × ".join(str(len(values)) for values in thinned.values())
    notice = (
        f"Mapped {new} instead of {old} settings: {runs:,} runs × {steps:,} steps would "
        "take too long."
    )
    return thinned, notice


def fit_resolution(
    resolution: int, steps: int, cost: float, budget: float = MAPS
) -> tuple[int, str]:
    """The finest basin map, at most ``resolution`` starts per axis, whose runs fit
    ``budget``, with a notice when coarser than asked."""
    fitting = max(2, math.isqrt(int(budget // (steps * cost))))
    if resolution <= fitting:
        return resolution, ""
    return fitting, (
        f"Basins on {fitting} × {fitting} starts instead of {resolution} × {resolution}: "
        f"{resolution**2:,} runs × {steps:,} steps would take too long."
    )


def _thin(values: np.ndarray, count: int) -> np.ndarray:
    """``count`` of ``values``, evenly spread by index, the first and the last kept."""
    if count >= len(values):
        return values
    return values[np.unique(np.round(np.linspace(0, len(values) - 1, count)).astype(int))]


def _round_down(value: float) -> int:
    """``value`` rounded down to two significant digits: 29,127 → 29,000."""
    whole = int(value)
    if whole < 100:
        return whole
    unit = 10 ** (len(str(whole)) - 2)
    return whole // unit * unit
