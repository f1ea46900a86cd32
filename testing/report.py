"""What a check found: one :class:`SurfaceCheck` per surface in a :class:`CheckReport`,
and the report as the text ``optiviz check`` prints."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import jax
import numpy as np

import optiviz.surfaces
from optiviz.optim import Trajectory

from .student import StudentError


@dataclasses.dataclass(frozen=True)
class SurfaceCheck:
    """The student's run on one surface against the engine's.

    Attributes:
        surface: The surface's name.
        reference: The engine's run.
        positions: The student's θ_0 … θ_k (k = the steps, or fewer when the code failed).
        first_wrong: The first wrong step t (its update θ_{t+1} − θ_t beyond tolerance, or
            the code failed there), or None.
        error: How the student's code failed, or None.
    """

    surface: str
    reference: Trajectory
    positions: np.ndarray
    first_wrong: int | None
    error: StudentError | None

    @property
    def passed(self) -> bool:
        return self.first_wrong is None and self.error is None

    @property
    def deviation(self) -> np.ndarray:
        """‖θ_{t+1} − θ_engine,t+1‖ after each step t the student's code made."""
        n = len(self.positions)
        return np.linalg.norm(self.positions[1:] - self.reference.positions[1:n], axis=1)

    @property
    def max_deviation(self) -> float:
        return float(self.deviation.max()) if len(self.deviation) else 0.0

    @property
    def trajectory(self) -> Trajectory:
        """The student's run as a :class:`Trajectory`, for drawing: losses on the surface,
        the gradients it was fed, the engine's η; after a failure it rests at its last θ,
        with ``diverged_at`` at the step that failed. Its per-axis step η/σ is unknown (NaN).
        """
        surface = optiviz.surfaces.get(self.surface)
        steps = len(self.reference.positions) - 1
        reached = len(self.positions)
        positions = np.concatenate(
            [self.positions, np.repeat(self.positions[-1:], steps + 1 - reached, axis=0)]
        )
        return Trajectory(
            positions=positions,
            losses=np.asarray(jax.vmap(surface.loss)(positions)),
            gradients=self.reference.gradients,
            lr=self.reference.lr,
            effective_lr=np.full((steps, 2), np.nan),
            diverged_at=None if reached == steps + 1 else reached,
        )


@dataclasses.dataclass(frozen=True)
class CheckReport:
    """What :func:`check_optimizer` found; ``str(report)`` is the table ``optiviz check``
    prints.

    Attributes:
        student: The student's code, as named (``"student.py:adam_step"``).
        against: The engine's optimizer.
        convention: Its convention.
        hyperparameters: The values both were given.
        steps: Steps per surface.
        rtol, atol: The tolerance.
        surfaces: One :class:`SurfaceCheck` per surface.
    """

    student: str
    against: str
    convention: str
    hyperparameters: dict[str, float]
    steps: int
    rtol: float
    atol: float
    surfaces: tuple[SurfaceCheck, ...]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.surfaces)

    def __str__(self) -> str:
        return table(self)

    def write_html(self, path: str | Path) -> Path:
        """Writes a page with both runs on each surface and the deviation over time (needs
        Bokeh, the ``app`` extra) and returns its path."""
        from optiviz.app.export.check_report import write_check_report

        path = Path(path)
        write_check_report(self, path)
        return path


def table(report: CheckReport) -> str:
    """The report as text: what ran, one row per surface, and what went wrong where."""
    width = max(len("surface"), *(len(c.surface) for c in report.surfaces))
    head = f"{'surface':<{width}}  {'max |θ − θ_optiviz|':>19}  {'first wrong step':>16}  result"
    rows = [
        f"{c.surface:<{width}}  {largest:>19}  {first:>16}  {result}"
        for c in report.surfaces
        for largest, first, result in [cells(c)]
    ]
    details = failures(report)
    failed = sum(not c.passed for c in report.surfaces)
    total = len(report.surfaces)
    verdict = f"FAIL: {failed} of {total} surfaces" if failed else f"PASS: all {total} surfaces"
    return "\n".join(
        [*heading(report), "", head, *rows, *(["", *details] if details else []), "", verdict]
    )


def heading(report: CheckReport) -> list[str]:
    """What was checked against what, with which settings, and the rule."""
    settings = ", ".join(f"{k}={v:g}" for k, v in report.hyperparameters.items())
    return [
        f"{report.student} against optiviz's {report.against} ({report.convention} convention)",
        f"{report.steps} steps from each surface's start with {settings};",
        "both get the same gradient at every step, and step t is wrong when its update Δθ",
        f"differs from optiviz's by more than {report.atol:g} + {report.rtol:g}·|Δθ_optiviz|",
    ]


def cells(check: SurfaceCheck) -> tuple[str, str, str]:
    """A surface's row: the largest deviation, the first wrong step and PASS or FAIL."""
    largest = f"{check.max_deviation:.3g}" if len(check.positions) > 1 else "—"
    first = "—" if check.first_wrong is None else str(check.first_wrong)
    return largest, first, "PASS" if check.passed else "FAIL"


def failures(report: CheckReport) -> list[str]:
    """For each failed surface, the first wrong step: the student's θ against the engine's
    and the gradient both got, or how the code failed; a failure shared by every surface
    is told once."""
    told: dict[str, list[str]] = {}
    for c in report.surfaces:
        if c.passed:
            continue
        if c.error is not None and (c.first_wrong is None or c.first_wrong == c.error.step):
            text = str(c.error)
        else:
            t = c.first_wrong
            update = c.positions[t + 1] - c.positions[t]
            expected = c.reference.positions[t + 1] - c.reference.positions[t]
            text = (
                f"step {t}: your update Δθ = {_pair(update)} where {report.against}'s is "
                f"{_pair(expected)}, for g = {_pair(c.reference.gradients[t])}"
            )
        told.setdefault(text, []).append(c.surface)
    return [f"{', '.join(names)}, {text}" for text, names in told.items()]


def _pair(values: Sequence[float]) -> str:
    return f"({values[0]:.7g}, {values[1]:.7g})"
