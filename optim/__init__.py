"""Optimizers as pure step functions, learning-rate schedules, and the jitted runner.

Example:
    >>> from optiviz import optim
    >>> t = optim.run("valley", "adagrad", convention="course", lr=0.3, steps=1000)
    >>> t.positions.shape, t.diverged_at
    ((1001, 2), None)
"""

from optiviz import surfaces  # noqa: F401  (turns on float64 before anything is traced)

# isort: off
from . import sgd, adagrad, rmsprop, adam, radam  # noqa: F401  (registers them, in this order)

# isort: on
from .basins import Basins, basins
from .hyperparameters import STEPS_CAP, HyperParameter, HyperParams, Range
from .optimizer import CONVENTIONS, Optimizer, get, names
from .outcomes import Outcomes, outcomes
from .runner import compile_count, enable_compilation_cache, trajectories
from .runs import check_starts, checked_values, hyperparameter_table, run, run_many
from .schedules import SCHEDULES, Schedule, learning_rate
from .seed_fan import seed_fan
from .sweep import SWEEP_METRICS, Sweep, sweep
from .trajectory import Trajectories, Trajectory

__all__ = [
    "CONVENTIONS",
    "SCHEDULES",
    "STEPS_CAP",
    "SWEEP_METRICS",
    "Basins",
    "HyperParameter",
    "HyperParams",
    "Optimizer",
    "Outcomes",
    "Range",
    "Schedule",
    "Sweep",
    "Trajectories",
    "Trajectory",
    "basins",
    "check_starts",
    "checked_values",
    "compile_count",
    "enable_compilation_cache",
    "get",
    "hyperparameter_table",
    "learning_rate",
    "names",
    "outcomes",
    "run",
    "run_many",
    "seed_fan",
    "sweep",
    "trajectories",
]
