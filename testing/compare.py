r"""Two trajectories, step by step: where they part, and by how much.

A step k is *beyond tolerance* when any of w₁, w₂ or L at θ_k differs by more than
``atol + rtol·|expected|`` (the rule of :func:`numpy.isclose` and
:func:`numpy.testing.assert_allclose`). The report names the first such step, both positions
and losses there, and the largest deviation |Δθ| = ‖θ_actual − θ_expected‖ over the run.

Example:
    >>> from optiviz import optim
    >>> from optiviz.testing import assert_trajectory_close
    >>> expected = optim.run("valley", "gd", lr=1e-3, steps=50)
    >>> assert_trajectory_close(optim.run("valley", "gd", lr=1e-3, steps=50), expected)
    >>> halved = optim.run("valley", "gd", lr=1e-3, steps=50, schedule="step:N=30,gamma=0.5")
    >>> assert_trajectory_close(halved, expected)
    Traceback (most recent call last):
    ...
    optiviz.testing.compare.TrajectoryMismatch: trajectories differ from step 31 on
      step 31  actual    θ = (-7.952682, -0.3969627)  L = 0.3171141
               expected  θ = (-7.952637, -0.3970719)  L = 0.3170898
      largest deviation |Δθ| = 0.0008055 at step 50
      tolerance: |Δ| ≤ 1e-09 + 1e-06·|expected| in w₁, w₂ and L
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from optiviz.optim import Trajectories, Trajectory

RTOL = 1e-6
"""Default relative tolerance: far above float64 rounding (1e-16 a step), far below what a
changed setting or a wrong update does."""
ATOL = 1e-9
"""Default absolute tolerance, for coordinates that pass through 0."""


class TrajectoryMismatch(AssertionError):
    """Trajectories that differ beyond tolerance; ``comparisons`` says how, run by run."""

    def __init__(self, message: str, comparisons: Sequence[Comparison]) -> None:
        super().__init__(message)
        self.comparisons = list(comparisons)


@dataclasses.dataclass(frozen=True)
class Comparison:
    """One run against its expectation.

    Attributes:
        actual, expected: The two runs (only positions, losses and ``diverged_at`` are read).
        first: The first step k whose θ_k or L(θ_k) is beyond tolerance (a step only one
            run has counts), or None when every step is within.
        deviation: ‖θ_actual − θ_expected‖ at each step both runs have.
        label: Which run this is, for messages (may be empty).
    """

    actual: Trajectory
    expected: Trajectory
    first: int | None
    deviation: np.ndarray
    label: str = ""

    @property
    def close(self) -> bool:
        return self.first is None

    @property
    def largest(self) -> tuple[float, int]:
        """The largest |Δθ| and its step."""
        if not len(self.deviation):
            return 0.0, 0
        k = int(np.argmax(self.deviation))
        return float(self.deviation[k]), k


def beyond(actual: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    """For each row (a step), whether any of its values is beyond tolerance.

    Example:
        >>> beyond(np.array([[1.0, 2.0], [1.0, 2.1]]), np.array([[1.0, 2.0], [1.0, 2.0]]),
        ...        rtol=1e-6, atol=0.0).tolist()
        [False, True]
    """
    return ~np.isclose(actual, expected, rtol=rtol, atol=atol).all(axis=-1)


def compare(
    actual: Trajectory, expected: Trajectory, *, rtol: float = RTOL, atol: float = ATOL, label=""
) -> Comparison:
    """Compares one run with another, step by step (see the module docstring)."""
    n = min(len(actual.positions), len(expected.positions))
    a = np.column_stack([actual.positions[:n], actual.losses[:n]])
    e = np.column_stack([expected.positions[:n], expected.losses[:n]])
    bad = np.flatnonzero(beyond(a, e, rtol, atol))
    if len(bad):
        first: int | None = int(bad[0])
    elif len(actual.positions) != len(expected.positions):
        first = n
    else:
        first = None
    deviation = np.linalg.norm(a[:, :2] - e[:, :2], axis=1)
    return Comparison(actual, expected, first, deviation, label)


def runs_of(result: Any) -> list[Trajectory]:
    """A :class:`Trajectory`, a :class:`Trajectories` or a sequence of trajectories (a
    scene's result) as a list of single runs.

    Raises:
        TypeError: For anything else.
    """
    if isinstance(result, Trajectory):
        return [result]
    if isinstance(result, Trajectories):
        return list(result)
    if isinstance(result, Sequence) and all(isinstance(t, Trajectory) for t in result):
        return list(result)
    raise TypeError(
        f"expected a Trajectory, Trajectories or a list of Trajectory, got {type(result).__name__}"
    )


def compare_all(
    actual: Any,
    expected: Any,
    *,
    rtol: float = RTOL,
    atol: float = ATOL,
    labels: Sequence[str] = (),
) -> list[Comparison]:
    """:func:`compare` for each run of two results of as many runs.

    Raises:
        TrajectoryMismatch: When they hold different numbers of runs.
    """
    actual, expected = runs_of(actual), runs_of(expected)
    if len(actual) != len(expected):
        raise TrajectoryMismatch(
            f"{len(actual)} actual runs against {len(expected)} expected ones", []
        )
    labels = list(labels) or [""] * len(actual)
    return [
        compare(a, e, rtol=rtol, atol=atol, label=label)
        for a, e, label in zip(actual, expected, labels, strict=True)
    ]


def describe(comparisons: Sequence[Comparison], *, rtol: float, atol: float) -> str:
    """The failure message: for each run beyond tolerance, where it parts and by how much."""
    failed = [(i, c) for i, c in enumerate(comparisons) if not c.close]
    lines = []
    for i, c in failed:
        which = ""
        if len(comparisons) > 1:
            which = f"run {i + 1} of {len(comparisons)}" + (f" ({c.label})" if c.label else "")
            which = f"{which}: "
        lines.append(f"{which}trajectories differ from step {c.first} on")
        lines.extend(_at_step(c))
        value, step = c.largest
        lines.append(f"  largest deviation |Δθ| = {value:.4g} at step {step}")
        if c.actual.diverged_at != c.expected.diverged_at:
            lines.append(
                f"  diverged at: actual {_diverged(c.actual)}, expected {_diverged(c.expected)}"
            )
    lines.append(f"  tolerance: |Δ| ≤ {atol:g} + {rtol:g}·|expected| in w₁, w₂ and L")
    return "\n".join(lines)


def _at_step(c: Comparison) -> list[str]:
    k = c.first
    rows = []
    for name, run in (("actual", c.actual), ("expected", c.expected)):
        if k < len(run.positions):
            w1, w2 = run.positions[k]
            rows.append(f"{name:<8}  θ = ({w1:.7g}, {w2:.7g})  L = {run.losses[k]:.7g}")
        else:
            rows.append(f"{name:<8}  ends at step {len(run.positions) - 1}")
    indent = " " * len(f"  step {k}  ")
    return [f"  step {k}  {rows[0]}", f"{indent}{rows[1]}"]


def _diverged(run: Trajectory) -> str:
    return "never" if run.diverged_at is None else f"step {run.diverged_at}"


def assert_trajectory_close(
    actual: Any,
    expected: Any,
    *,
    rtol: float = RTOL,
    atol: float = ATOL,
) -> None:
    """Asserts that two results (a :class:`Trajectory`, :class:`Trajectories` or a list of
    trajectories each) agree at every step, within ``atol + rtol·|expected|``.

    Raises:
        TrajectoryMismatch: An ``AssertionError`` that names, for each run that differs, the
            first step beyond tolerance, both positions and losses there, and the largest
            deviation.
    """
    __tracebackhide__ = True
    comparisons = compare_all(actual, expected, rtol=rtol, atol=atol)
    if not all(c.close for c in comparisons):
        raise TrajectoryMismatch(describe(comparisons, rtol=rtol, atol=atol), comparisons)
