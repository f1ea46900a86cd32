"""Optimizers as pure step functions, learning-rate schedules, and the jitted runner.

Importing it turns on JAX's float64 for the process (see :mod:`optiviz.surfaces`).

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
from . import landscape  # noqa: F401  (registers the network planes)
from .basins import Basins, basins
from .hyperparameters import STEPS_CAP, HyperParameter, HyperParams, Range
from .metrics import SWEEP_METRICS, Metric
from .optimizer import CONVENTIONS, Optimizer, get, names
from .outcomes import Outcomes, outcomes
from .runner import compile_count, enable_compilation_cache, trajectories
from .runs import check_start, check_starts, run, run_many, run_outcomes
from .schedules import SCHEDULES, Schedule, learning_rate
from .seed_fan import seed_fan
from .spec import RunSpec, Variant, as_spec
from .sweep import Sweep, sweep
from .trajectory import FIELDS, Trajectories, Trajectory

__all__ = [
    "CONVENTIONS",
    "FIELDS",
    "SCHEDULES",
    "STEPS_CAP",
    "SWEEP_METRICS",
    "Basins",
    "HyperParameter",
    "HyperParams",
    "Metric",
    "Optimizer",
    "Outcomes",
    "Range",
    "RunSpec",
    "Schedule",
    "Sweep",
    "Trajectories",
    "Trajectory",
    "Variant",
    "as_spec",
    "basins",
    "check_start",
    "check_starts",
    "compile_count",
    "enable_compilation_cache",
    "get",
    "learning_rate",
    "names",
    "outcomes",
    "run",
    "run_many",
    "run_outcomes",
    "seed_fan",
    "sweep",
    "trajectories",
]
