"""Optimizers as pure step functions, learning-rate schedules, and the jitted runner.

Example:
    >>> from optiviz import optim
    >>> t = optim.run("valley", "adagrad", convention="course", lr=0.3, steps=1000)
    >>> t.positions.shape, t.diverged_at
    ((1001, 2), None)
"""

from optiviz import surfaces  # noqa: F401  (turns on float64 before anything is traced)

# isort: off
from . import sgd, adagrad, rmsprop, adam  # noqa: F401  (registers them, in this order)

# isort: on
from .hyperparameters import STEPS_CAP, HyperParameter, HyperParams, Range
from .optimizer import CONVENTIONS, Optimizer, get, names
from .runner import compile_count, enable_compilation_cache, trajectories
from .runs import check_starts, checked_values, hyperparameter_table, run, run_many
from .schedules import SCHEDULES, Schedule, learning_rate
from .trajectory import Trajectories, Trajectory

__all__ = [
    "CONVENTIONS",
    "SCHEDULES",
    "STEPS_CAP",
    "HyperParameter",
    "HyperParams",
    "Optimizer",
    "Range",
    "Schedule",
    "Trajectories",
    "Trajectory",
    "check_starts",
    "checked_values",
    "compile_count",
    "enable_compilation_cache",
    "get",
    "hyperparameter_table",
    "learning_rate",
    "names",
    "run",
    "run_many",
    "trajectories",
]
