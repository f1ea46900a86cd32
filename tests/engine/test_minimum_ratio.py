"""The minimum-ratio experiment: exact Hessians, their eigenvalues, and the points it finds."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from experiment_runs import default_experiment

from optiviz import optim
from optiviz.optim import minimum_ratio as experiment
from optiviz.surfaces import mlp, toy_data

TINY = mlp.MLP(width=3, depth=1)
TINY_DATA = toy_data.dataset("curve", n=20, seed=2)


def finite_difference_hessian(loss, theta, h=1e-4):
    """∂²L/∂θᵢ∂θⱼ from four loss values each, without any derivative of JAX's."""
    n = len(theta)
    e = np.eye(n) * h
    corners = [
        theta + si * e[i] + sj * e[j]
        for i in range(n)
        for j in range(n)
        for si, sj in ((1, 1), (1, -1), (-1, 1), (-1, -1))
    ]
    values = np.asarray(jax.vmap(loss)(jnp.asarray(np.array(corners)))).reshape(n, n, 4)
    return (values[..., 0] - values[..., 1] - values[..., 2] + values[..., 3]) / (4 * h * h)


def test_hessian_eigenvalues_match_finite_differences_on_a_tiny_network():
    net = mlp.network(TINY, TINY_DATA, seed=1)
    points = np.stack([net.start, net.initial(5)])
    found = experiment.spectrum(net.loss, points)
    for theta, eigenvalues in zip(points, found.eigenvalues, strict=True):
        reference = np.linalg.eigvalsh(finite_difference_hessian(net.loss, theta))
        np.testing.assert_allclose(eigenvalues, reference, atol=1e-6)
        assert (eigenvalues < -1e-4).any() or (eigenvalues > 1e-4).all()
    gradient = np.asarray(jax.grad(net.loss)(jnp.asarray(points[0])))
    assert found.grad_norm[0] == pytest.approx(np.linalg.norm(gradient), rel=1e-12)
    assert found.loss[0] == pytest.approx(float(net.loss(jnp.asarray(points[0]))), rel=1e-12)


def test_minimum_ratio_of_a_known_quadratic_is_exact():
    rng = np.random.default_rng(3)
    q, _ = np.linalg.qr(rng.normal(size=(7, 7)))
    eigenvalues = np.array([-3.0, -1.0, -0.25, 0.5, 2.0, 4.0, 9.0])
    a = jnp.asarray(q @ np.diag(eigenvalues) @ q.T)

    def quadratic(theta):
        return 0.5 * theta @ a @ theta

    found = experiment.spectrum(quadratic, rng.normal(size=(3, 7)))
    np.testing.assert_allclose(found.eigenvalues, np.tile(eigenvalues, (3, 1)), atol=1e-12)
    assert found.ratio.tolist() == [4 / 7] * 3
    assert found.positive.tolist() == [4] * 3 and found.negative.tolist() == [3] * 3
    assert found.flat.tolist() == [0] * 3


def test_flat_eigenvalues_are_counted_apart():
    def flat_valley(theta):
        return theta[0] ** 2 - 1e-9 * theta[1] ** 2 + 0 * theta[2]

    found = experiment.spectrum(flat_valley, np.zeros((1, 3)))
    assert (found.positive[0], found.negative[0], found.flat[0]) == (1, 0, 2)
    assert found.ratio[0] == pytest.approx(1 / 3), "the course's ratio counts λ > 0 only"


def test_runs_stop_where_the_gradient_first_falls_below_the_tolerance():
    found = experiment.minimum_ratio(TINY, TINY_DATA, runs=4, lr=0.3, tolerance=8e-3, max_steps=900)
    assert found.reached.any()
    for seed, step, reached in zip(found.seeds, found.steps, found.reached, strict=True):
        net = mlp.network(TINY, TINY_DATA, seed=int(seed))
        path = optim.run(net, "gd", lr=0.3, steps=900)
        norms = np.linalg.norm(path.gradients, axis=1)
        below = np.flatnonzero(norms < 8e-3)
        assert reached == bool(below.size)
        if reached:
            assert step == below[0]
    points = found.points
    assert (points.grad_norm[found.reached] < 8e-3).all()
    assert (points.grad_norm[~found.reached] >= 8e-3).all()


def test_bad_settings_are_refused_with_a_clear_message():
    for settings, message in (
        ({"runs": 0}, "runs must be in"),
        ({"tolerance": 0}, "tolerance must be > 0"),
        ({"lr": -1}, "lr must be > 0"),
        ({"max_steps": 0}, "steps must be in"),
    ):
        with pytest.raises(ValueError, match=message):
            experiment.minimum_ratio(TINY, TINY_DATA, **settings)


def test_default_experiment_finds_twenty_stalled_points_and_none_is_a_minimum():
    found = default_experiment()
    points = found.points
    reached = found.reached
    assert len(found.seeds) == experiment.DEFAULTS.runs
    assert reached.sum() >= 20
    assert (points.grad_norm[reached] < found.tolerance).all()
    assert (points.negative[reached] > 0).all(), "every point has a way down"
    assert (points.ratio[reached] < 0.7).all()
    assert found.summary().startswith(f"{reached.sum()} of 30 runs reached ‖g‖ < 0.002")
