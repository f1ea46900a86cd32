r"""Grading an optimizer: a student's code against the engine's, step by step.

:func:`check_optimizer` runs the engine's optimizer (:func:`optiviz.optim.run`) on each
surface from its default start, then the student's code from the same start with the same
hyperparameters, feeding it the same gradient g_t at every step t: the gradient of the
engine's run. A difference in θ is then the optimizer's alone, never amplified by the
surface. Step t is wrong when its update Δθ_t = θ_{t+1} − θ_t differs from the engine's in
either coordinate by more than ``atol + rtol·|Δθ_engine|`` (plus float64's rounding of θ
itself, 4 ulp), or when the code fails there: an exception, a malformed result, a number
that is not finite, the time limit. Comparing updates rather than positions finds a wrong
update however small it is against θ (on a plateau, say).

Student code runs in this process, with its rights: nothing here is a sandbox. Grade
untrusted submissions inside a container.

Example:
    >>> def gd_step(theta, grad, state, t, lr):
    ...     return theta - lr * grad, state
    >>> report = check_optimizer(gd_step, against="gd", lr=0.01, surfaces=["saddle"])
    >>> report.passed, report.surfaces[0].first_wrong, report.surfaces[0].max_deviation < 1e-15
    (True, None, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

import optiviz.surfaces
from optiviz import optim
from optiviz.optim import Trajectory
from optiviz.surfaces.registry import unknown_name

from .report import CheckReport, SurfaceCheck
from .student import (
    StudentError,
    TimeLimitExceeded,
    check_kind,
    load,
    said,
    source_of,
    stepper,
    time_limit,
    where_in,
)

SURFACES = ("valley", "saddle", "plateau", "rosenbrock")
"""The lecture surfaces a check runs on by default: steep and flat at once, a saddle, a
plateau (gradients of 1e-4, where ε matters), a curved valley."""
STEPS = 200
RTOL = 1e-6
"""Relative tolerance on each update: far above float64 rounding, far below any bug."""
ATOL = 1e-12
"""Absolute tolerance on each update, for coordinates whose update is 0."""
ROUNDING = 4 * np.finfo(np.float64).eps
"""Differences within this fraction of |θ| are θ's own rounding, never a wrong update."""
TIME_LIMIT = 10.0
"""Seconds the student's code may take on one surface."""


def check_optimizer(
    student: Any,
    against: str,
    *,
    convention: str = "torch",
    surfaces: Iterable[str] = SURFACES,
    steps: int = STEPS,
    lr: float | None = None,
    rtol: float = RTOL,
    atol: float = ATOL,
    time_limit: float = TIME_LIMIT,
    **hyperparameters: float,
) -> CheckReport:
    """Checks a student's optimizer against the engine's ``against`` on ``surfaces``.

    Args:
        student: A NumPy step function ``step(theta, grad, state, t, **hyperparameters) ->
            (theta, state)`` (``state`` starts as ``{}``, ``t`` counts from 0), a
            ``torch.optim.Optimizer`` subclass (built as ``Cls([param], lr=...,
            **hyperparameters)``), or ``"FILE.py:NAME"`` naming either.
        against: The engine's optimizer, e.g. ``"adam"``.
        convention: ``"torch"`` or ``"course"``.
        surfaces: Registered surface names; each run starts at the surface's default start.
        steps: Steps per surface.
        lr: η (the engine's default when None).
        rtol, atol: Step t is wrong when a coordinate of its update θ_{t+1} − θ_t differs
            from the engine's by more than ``atol + rtol·|Δθ_engine|``.
        time_limit: Seconds the student's code may take per surface (and to import).
        **hyperparameters: The optimizer's own, e.g. ``beta1=0.9``; the student's code gets
            these, η, and the engine's defaults for the rest.

    Returns:
        The :class:`CheckReport`; failures of the student's code are in it, never raised.

    Raises:
        ValueError: Bad arguments, code that cannot be imported, or an engine run that
            diverges (choose a smaller ``lr``).
    """
    if not time_limit > 0:
        raise ValueError(f"the time limit must be > 0 seconds, got {time_limit:g}")
    given = _given(optim.get(against, convention), lr, hyperparameters)
    references = {}
    for surface in surfaces:
        name = optiviz.surfaces.get(surface).name
        references[name] = optim.run(
            name, against, convention=convention, steps=steps, lr=lr, **hyperparameters
        )
        if references[name].diverged_at is not None:
            raise ValueError(
                f"optiviz's {against} diverges on {name} at step "
                f"{references[name].diverged_at} with lr={given['lr']:g}: choose a smaller "
                f"lr, or leave {name} out"
            )
    code = load(student, time_limit) if isinstance(student, str) else student
    name = student if isinstance(student, str) else getattr(code, "__qualname__", repr(code))
    check_kind(code, name)
    source = source_of(code)
    checks = []
    for surface, reference in references.items():
        positions, error = _student_run(code, reference, given, source, time_limit)
        wrong = wrong_steps(positions, reference.positions[: len(positions)], rtol, atol)
        first = int(wrong[0]) if len(wrong) else None
        if error is not None and error.step is not None:
            first = error.step if first is None else min(first, error.step)
        checks.append(SurfaceCheck(surface, reference, positions, first, error))
    return CheckReport(
        student=name,
        against=against,
        convention=convention,
        hyperparameters=given,
        steps=steps,
        rtol=rtol,
        atol=atol,
        surfaces=tuple(checks),
    )


def wrong_steps(
    positions: np.ndarray, reference: np.ndarray, rtol: float, atol: float
) -> np.ndarray:
    """The steps t whose update θ_{t+1} − θ_t in ``positions`` differs from the one in
    ``reference`` (as long) beyond tolerance (see the module docstring).

    Example:
        >>> reference = np.array([[1.0, 1.0], [0.9, 1.0], [0.8, 1.0]])
        >>> wrong_steps(reference + [[0, 0], [0, 0], [0, 1e-3]], reference, 1e-6, 1e-12)
        array([1])
    """
    update, expected = np.diff(positions, axis=0), np.diff(reference, axis=0)
    tolerance = atol + rtol * np.abs(expected) + ROUNDING * np.abs(reference[1:])
    return np.flatnonzero((np.abs(update - expected) > tolerance).any(axis=1))


def _given(opt: optim.Optimizer, lr: float | None, hyperparameters: Mapping[str, float]):
    """η, the optimizer's own hyperparameters and (when set) weight decay, checked, with
    the engine's defaults for those not given: what the student's code is called with."""
    accepted = {p.name: p for p in opt.parameters}
    for name in hyperparameters:
        if name not in accepted:
            raise ValueError(unknown_name(f"hyperparameter of {opt.name}", name, accepted))
    values = {"lr": lr, **hyperparameters}
    given = {}
    for name, parameter in accepted.items():
        value = values.get(name)
        value = parameter.default if value is None else parameter.check(value)
        if name != "weight_decay" or value or name in values:
            given[name] = float(value)
    return given


def _student_run(
    code: Any, reference: Trajectory, given: Mapping[str, float], source: str | None, seconds
) -> tuple[np.ndarray, StudentError | None]:
    """The student's θ_0 … θ_k from the reference's start, fed the reference's gradients,
    and how their code failed (None: it ran every step)."""
    positions = [reference.positions[0]]
    t = None
    try:
        with time_limit(seconds):
            run = stepper(code, reference.positions[0], given)
            for t, grad in enumerate(reference.gradients):
                positions.append(run.step(grad, t))
    except StudentError as error:
        return np.array(positions), error
    except TimeLimitExceeded as error:
        failure = StudentError(t, f"{error} (the time limit; an endless loop?)")
        return np.array(positions), _located(failure, error, source)
    except (Exception, SystemExit) as error:
        failure = StudentError(t, f"raised {said(error)}")
        return np.array(positions), _located(failure, error, source)
    return np.array(positions), None


def _located(failure: StudentError, error: BaseException, source: str | None) -> StudentError:
    failure.where = where_in(error, source)
    return failure
