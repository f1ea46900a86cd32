"""Headless trajectory tests for course staff: snapshots, trajectory asserts, and a grader.

* :func:`assert_trajectory_close`: two runs agree step by step, or the failure names the
  first step where they part, both positions and losses there, and the largest deviation.
* The pytest plugin (installed with optiviz, registered as ``pytest11``): the
  ``trajectory_snapshot`` fixture pins a run against a snapshot file beside the test;
  ``pytest --optiviz-update`` rewrites the snapshots.
* :func:`check_optimizer` (and ``optiviz check``): a student's NumPy step function or
  ``torch.optim.Optimizer`` subclass against the engine's optimizer, on the lecture surfaces,
  with the same gradients at every step.

Student code runs in this process, with its rights; nothing here is a sandbox. Grade
untrusted submissions in a container. See ``docs/testing.md``.

The names below load on first use, so that pytest, which imports the plugin in every
session, does not import JAX (or turn on its float64) for projects that never use it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .compare import ATOL, RTOL, Comparison, TrajectoryMismatch, assert_trajectory_close
    from .grader import check_optimizer
    from .report import CheckReport, SurfaceCheck
    from .student import StudentError

_HOMES = {
    "ATOL": "compare",
    "RTOL": "compare",
    "Comparison": "compare",
    "TrajectoryMismatch": "compare",
    "assert_trajectory_close": "compare",
    "CheckReport": "report",
    "SurfaceCheck": "report",
    "check_optimizer": "grader",
    "StudentError": "student",
}

__all__ = [
    "ATOL",
    "RTOL",
    "CheckReport",
    "Comparison",
    "StudentError",
    "SurfaceCheck",
    "TrajectoryMismatch",
    "assert_trajectory_close",
    "check_optimizer",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
