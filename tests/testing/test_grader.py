"""``check_optimizer``: correct students pass, typical bugs fail at the right step, and
broken code is reported with its step and its own line, never optiviz's traceback."""

import re
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from optiviz import optim
from optiviz.testing import StudentError, check_optimizer
from optiviz.testing.grader import ATOL, RTOL, SURFACES
from optiviz.testing.student import load
from optiviz.testing.time_limit import TimeLimitExceeded, time_limit

STUDENTS = Path(__file__).resolve().parent / "students"
ADAM, MOMENTUM, BROKEN = (str(STUDENTS / f"{name}.py") for name in ("adam", "momentum", "broken"))
COURSE_MOMENTUM = {"convention": "course", "lr": 1e-3, "momentum": 0.9}


def failures(report):
    return {c.surface: c.first_wrong for c in report.surfaces if not c.passed}


def test_a_correct_numpy_adam_passes():
    report = check_optimizer(f"{ADAM}:adam_step", against="adam")
    assert report.passed and [c.surface for c in report.surfaces] == list(SURFACES)
    assert max(c.max_deviation for c in report.surfaces) < 1e-12
    assert all(len(c.positions) == 201 for c in report.surfaces)
    assert str(report).endswith("PASS: all 4 surfaces")


@pytest.mark.parametrize("student", [f"{STUDENTS / 'torch_adam.py'}:Adam", torch.optim.Adam])
def test_a_correct_torch_optimizer_passes(student):
    report = check_optimizer(student, against="adam", lr=0.01, beta1=0.8)
    assert report.passed, report
    assert report.hyperparameters == {"lr": 0.01, "beta1": 0.8, "beta2": 0.999, "eps": 1e-8}


def test_bias_correction_off_by_one_divides_by_zero_at_step_0():
    report = check_optimizer(f"{ADAM}:bias_correction_off_by_one", against="adam")
    assert failures(report) == dict.fromkeys(SURFACES, 0)
    error = report.surfaces[0].error
    assert error.step == 0 and "divide by zero" in error.message
    assert error.where.endswith(
        "adam.py:17 in bias_correction_off_by_one: m_hat = m / (1 - beta1**t)"
    )


def test_a_torch_optimizer_without_bias_correction_fails_at_step_0():
    report = check_optimizer(f"{STUDENTS / 'torch_adam.py'}:NoBiasCorrection", against="adam")
    assert failures(report) == dict.fromkeys(SURFACES, 0)
    assert all(c.error is None for c in report.surfaces)


def oracle_first_wrong(correct, buggy, reference, hyperparameters):
    """The first step whose update differs between two step functions fed the engine's
    gradients, found with a plain loop (the rule of the grader, written out)."""
    theta_a = theta_b = reference.positions[0]
    state_a, state_b = {}, {}
    for t, grad in enumerate(reference.gradients):
        new_a, state_a = correct(theta_a, grad, state_a, t, **hyperparameters)
        new_b, state_b = buggy(theta_b, grad, state_b, t, **hyperparameters)
        a, b = new_a - theta_a, new_b - theta_b
        if np.any(np.abs(b - a) > ATOL + RTOL * np.abs(a) + 1e-15 * np.abs(new_a)):
            return t
        theta_a, theta_b = new_a, new_b
    return None


def test_eps_inside_the_root_fails_where_the_gradients_are_small():
    report = check_optimizer(f"{ADAM}:eps_inside_sqrt", against="adam")
    module = load(f"{ADAM}:adam_step", 10).__globals__
    hyperparameters = report.hyperparameters
    expected = {
        c.surface: oracle_first_wrong(
            module["adam_step"], module["eps_inside_sqrt"], c.reference, hyperparameters
        )
        for c in report.surfaces
    }
    assert {c.surface: c.first_wrong for c in report.surfaces} == expected
    # On the plateau |g₀| ≈ 3e-4, so ε = 1e-8 against v̂ = g₀² moves the very first step.
    plateau = report.surfaces[SURFACES.index("plateau")]
    assert np.abs(plateau.reference.gradients[0]).max() < 1e-3
    assert plateau.first_wrong == 0


def test_the_momentum_sign_fails_at_step_1():
    """m = ηg − λm is right while m is 0: the slip shows at the second step."""
    report = check_optimizer(f"{MOMENTUM}:momentum_sign", against="momentum", **COURSE_MOMENTUM)
    assert failures(report) == dict.fromkeys(SURFACES, 1)
    assert check_optimizer(
        f"{MOMENTUM}:momentum_step", against="momentum", **COURSE_MOMENTUM
    ).passed


@pytest.mark.parametrize(
    ("name", "step", "message"),
    [
        ("returns_theta_only", 0, "returned ndarray, expected a tuple (theta, state)"),
        ("forgets_the_state", 0, "returned the state as None, expected a dict"),
        ("wrong_shape", 0, "returned θ of shape (3,), expected (2,)"),
        ("nan_at_step_5", 5, "returned θ = [nan, -0.78"),
        ("raises_at_step_3", 3, "raised KeyError: 3"),
        ("wrong_signature", None, "cannot be called as step(theta, grad, state, t, lr)"),
    ],
)
def test_malformed_output_and_exceptions_name_the_step(name, step, message):
    report = check_optimizer(f"{BROKEN}:{name}", against="gd", lr=1e-3, surfaces=["saddle"])
    (check,) = report.surfaces
    assert not report.passed and check.error.step == step and check.first_wrong == step
    assert check.error.message.startswith(message)
    assert len(check.positions) == (step or 0) + 1
    assert "Traceback" not in str(report) and "optiviz/testing" not in str(report)


def test_the_students_own_line_is_shown():
    report = check_optimizer(
        f"{BROKEN}:raises_at_step_3", against="gd", lr=1e-3, surfaces=["saddle"]
    )
    where = report.surfaces[0].error.where
    assert where.endswith("broken.py:26 in raises_at_step_3: return theta - rates[t] * grad, state")
    assert "saddle, step 3: raised KeyError: 3\n    " in str(report)


def test_an_endless_loop_is_stopped_by_the_time_limit():
    report = check_optimizer(
        f"{BROKEN}:loops_at_step_2", against="gd", lr=1e-3, surfaces=["saddle"], time_limit=0.3
    )
    error = report.surfaces[0].error
    assert error.step == 2 and error.message.startswith("stopped after 0.3 s")
    assert error.where.endswith("in loops_at_step_2: while t == 2:")


def test_a_failing_constructor_fails_before_step_0():
    class Picky(torch.optim.Optimizer):
        def __init__(self, params, lr):
            raise RuntimeError("needs momentum")

    report = check_optimizer(Picky, against="gd", lr=1e-3, surfaces=["saddle"])
    error = report.surfaces[0].error
    assert error.step is None and error.message == "raised RuntimeError: needs momentum"
    assert "before step 0: raised RuntimeError" in str(report)


def test_the_students_run_rests_where_it_failed():
    report = check_optimizer(f"{BROKEN}:nan_at_step_5", against="gd", lr=1e-3, surfaces=["valley"])
    run = report.surfaces[0].trajectory
    assert run.diverged_at == 6 and len(run.positions) == 201
    assert np.array_equal(run.positions[6:], np.repeat(run.positions[5:6], 195, axis=0))
    assert np.isfinite(run.losses).all()


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"against": "adma"}, "unknown optimizer 'adma'; did you mean 'adam'?"),
        ({"against": "adam", "convention": "pytorch"}, "unknown convention 'pytorch'"),
        ({"against": "adam", "surfaces": ["valey"]}, "unknown surface 'valey'; did you mean"),
        ({"against": "adam", "betas": 0.9}, "unknown hyperparameter of adam 'betas'"),
        ({"against": "adam", "beta1": 1.5}, "beta1 must be in [0, 1), got 1.5"),
        ({"against": "gd", "lr": 0.1, "surfaces": ["valley"]}, "optiviz's gd diverges on valley"),
    ],
)
def test_bad_arguments_are_one_line(arguments, error):
    with pytest.raises(ValueError, match=re.escape(error)):
        check_optimizer(f"{ADAM}:adam_step", **arguments)


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("adam.py", "expected FILE.py:NAME, got 'adam.py'"),
        ("missing.py:step", "no such file: missing.py"),
        (f"{ADAM}:adam_stp", "unknown name 'adam_stp'; did you mean 'adam_step'?"),
        ("numpy:pi", "numpy:pi is a float, not a step function or an optimizer class"),
        ("pathlib:Path", "pathlib:Path is a class, but not a torch.optim.Optimizer subclass"),
        ("no_such_module_here:step", "cannot import no_such_module_here: ModuleNotFoundError"),
    ],
)
def test_targets_that_cannot_be_used(target, error):
    with pytest.raises(ValueError, match=re.escape(error)) as failure:
        check_optimizer(target, against="gd", lr=1e-3, surfaces=["saddle"])
    assert "\n" not in str(failure.value)


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("def step(:\n    pass\n", "student.py:1: invalid syntax"),
        ("import numpy as np\nx = np.zeros(2)\ny = undefined + x\n", "NameError: name 'undefined'"),
        ("while True:\n    pass\n", "importing"),
        ("DATA = open('missing.csv').read()\n", "FileNotFoundError: \\[Errno 2\\]"),
    ],
)
def test_files_that_cannot_be_imported(tmp_path, source, error):
    path = tmp_path / "student.py"
    path.write_text(source)
    with pytest.raises(ValueError, match=error) as failure:
        check_optimizer(f"{path}:step", against="gd", lr=1e-3, surfaces=["saddle"], time_limit=0.3)
    assert "\n" not in str(failure.value)
    if "undefined" in source:
        assert str(failure.value).endswith("student.py:3 in <module>: y = undefined + x")


def test_a_student_file_imports_its_neighbours(tmp_path):
    (tmp_path / "helpers.py").write_text(
        "def descent(theta, grad, lr):\n    return theta - lr * grad\n"
    )
    (tmp_path / "student.py").write_text(
        "from helpers import descent\n\n\n"
        "def step(theta, grad, state, t, lr):\n    return descent(theta, grad, lr), state\n"
    )
    path = [*sys.path]
    student = f"{tmp_path / 'student.py'}:step"
    assert check_optimizer(student, against="gd", lr=1e-3, surfaces=["saddle"]).passed
    assert sys.path == path


def test_the_time_limit_leaves_nothing_behind():
    """A block that ends early, normally or by its own exception, is never interrupted
    later."""
    with time_limit(0.05):
        pass
    with pytest.raises(ZeroDivisionError), time_limit(0.05):
        1 / 0  # noqa: B018
    time.sleep(0.15)
    with pytest.raises(TimeLimitExceeded), time_limit(0.05):
        while True:
            try:  # noqa: SIM105  (a student's catch-all, which must not swallow it)
                time.sleep(0.001)
            except Exception:
                pass


def test_student_errors_read_as_the_report_prints_them():
    assert str(StudentError(4, "raised KeyError: 3", "s.py:2 in f: x")) == (
        "step 4: raised KeyError: 3\n    s.py:2 in f: x"
    )
    assert str(StudentError(None, "raised TypeError")) == "before step 0: raised TypeError"


def test_engine_and_reference_agree():
    """The reference of each surface is exactly ``optim.run`` with the same settings."""
    report = check_optimizer(f"{ADAM}:adam_step", against="adam", lr=0.01, surfaces=["valley"])
    reference = optim.run("valley", "adam", lr=0.01, steps=200)
    assert np.array_equal(report.surfaces[0].reference.positions, reference.positions)


def test_arguments_are_checked_before_the_students_code_runs(tmp_path):
    path = tmp_path / "student.py"
    path.write_text("raise SystemExit('the student code ran')\n")
    with pytest.raises(ValueError, match="unknown optimizer 'adma'"):
        check_optimizer(f"{path}:step", against="adma")
    with pytest.raises(ValueError, match="SystemExit: the student code ran"):
        check_optimizer(f"{path}:step", against="adam", surfaces=["saddle"])
