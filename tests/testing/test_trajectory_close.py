"""``assert_trajectory_close``: silent within tolerance, and otherwise a report that names
the first step beyond it, both positions and losses there, and the largest deviation."""

import numpy as np
import pytest

from optiviz import optim
from optiviz.testing import TrajectoryMismatch, assert_trajectory_close
from optiviz.testing.compare import compare


@pytest.fixture(scope="module")
def run():
    return optim.run("rosenbrock", "adam", lr=0.05, steps=120)


def moved(trajectory, start, by, column="positions"):
    """``trajectory`` with ``by`` added to ``column`` from step ``start`` on."""
    values = getattr(trajectory, column).copy()
    values[start:] += by
    return trajectory._replace(**{column: values})


def test_the_same_run_is_close(run):
    assert_trajectory_close(run, optim.run("rosenbrock", "adam", lr=0.05, steps=120))


def test_differences_within_tolerance_pass(run):
    assert_trajectory_close(moved(run, 40, 1e-12), run)


@pytest.mark.parametrize("step", [1, 57, 120])
def test_the_report_names_the_first_step_and_both_points(run, step):
    actual = moved(run, step, np.array([3e-3, -1e-3]) * np.arange(1, 122 - step)[:, None])
    with pytest.raises(TrajectoryMismatch) as failure:
        assert_trajectory_close(actual, run)
    message = str(failure.value)
    assert message.startswith(f"trajectories differ from step {step} on")
    for name, t in (("actual", actual), ("expected", run)):
        w1, w2 = t.positions[step]
        assert f"{name}  " in message
        assert f"θ = ({w1:.7g}, {w2:.7g})  L = {t.losses[step]:.7g}" in message
    largest = np.linalg.norm(actual.positions - run.positions, axis=1)
    assert f"largest deviation |Δθ| = {largest.max():.4g} at step {largest.argmax()}" in message
    assert failure.value.comparisons[0].first == step


def test_a_loss_alone_that_differs_is_caught(run):
    with pytest.raises(TrajectoryMismatch, match="from step 12 on"):
        assert_trajectory_close(moved(run, 12, 1e-3, column="losses"), run)


def test_a_shorter_run_differs_where_it_ends(run):
    short = optim.run("rosenbrock", "adam", lr=0.05, steps=80)
    comparison = compare(short, run)
    assert comparison.first == 81 and not comparison.close
    with pytest.raises(TrajectoryMismatch, match="ends at step 80"):
        assert_trajectory_close(short, run)


def test_many_runs_name_the_run_that_differs():
    starts = [(-1.5, 2.5), (0.0, 0.0), (1.5, -0.5)]
    expected = optim.run_many("himmelblau", "momentum", starts=starts, lr=1e-3, steps=60)
    actual = optim.run_many(
        "himmelblau", "momentum", starts=starts, lr=[1e-3, 1.01e-3, 1e-3], steps=60
    )
    with pytest.raises(TrajectoryMismatch) as failure:
        assert_trajectory_close(actual, expected)
    assert str(failure.value).startswith("run 2 of 3: trajectories differ from step 1 on")
    assert [c.close for c in failure.value.comparisons] == [True, False, True]
    assert_trajectory_close(list(actual)[::2], list(expected)[::2])


def test_divergence_that_differs_is_named():
    expected = optim.run("valley", "gd", lr=2e-2, steps=400)
    actual = optim.run("valley", "gd", lr=1e-3, steps=400)
    assert expected.diverged_at is not None
    with pytest.raises(
        TrajectoryMismatch, match=f"actual never, expected step {expected.diverged_at}"
    ):
        assert_trajectory_close(actual, expected)


def test_other_objects_are_refused(run):
    with pytest.raises(TypeError, match="got ndarray"):
        assert_trajectory_close(run.positions, run)
    with pytest.raises(TrajectoryMismatch, match="2 actual runs against 1 expected"):
        assert_trajectory_close([run, run], run)
