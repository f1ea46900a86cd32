"""The course convention against the lecture's equations, written out again in NumPy."""

import jax.numpy as jnp
import numpy as np
import pytest

from optiviz import optim, surfaces

STEPS = 200
START = (-1.0, 2.0)
SURFACE = "himmelblau"


def grad(theta):
    return np.asarray(surfaces.get(SURFACE).grad(jnp.asarray(theta)))


def lecture(update, lrs, state):
    """θ_0 … θ_T under ``update(theta, g, t, eta, state) -> (theta, state)``."""
    theta = np.asarray(START, dtype=np.float64)
    positions = [theta]
    for t, eta in enumerate(lrs):
        theta, state = update(theta, grad(theta), t, eta, state)
        positions.append(theta)
    return np.array(positions)


def momentum(theta, g, t, eta, m, lam=0.9):
    """m ← λm − ηg;  θ ← θ + m."""
    m = lam * m - eta * g
    return theta + m, m


def nesterov(theta, g, t, eta, m, lam=0.9):
    """m ← λm − ηg;  θ ← θ + λm − ηg."""
    m = lam * m - eta * g
    return theta + lam * m - eta * g, m


def adagrad(theta, g, t, eta, squares, eps=1e-10):
    """σᵗ = √(1/(t+1) Σ_{k≤t} (gᵏ)²);  θ ← θ − η/σ g."""
    squares = [*squares, g**2]
    sigma = np.sqrt(np.mean(squares, axis=0))
    return theta - eta / (sigma + eps) * g, squares


def rmsprop(theta, g, t, eta, sigma2, alpha=0.9, eps=1e-8):
    """σ⁰ = |g⁰|;  σᵗ = √(α(σᵗ⁻¹)² + (1−α)(gᵗ)²);  θ ← θ − η/σ g."""
    sigma2 = g**2 if t == 0 else alpha * sigma2 + (1 - alpha) * g**2
    return theta - eta / (np.sqrt(sigma2) + eps) * g, sigma2


@pytest.mark.parametrize("schedule", ["constant", "cosine:T=150,warmup=20"])
@pytest.mark.parametrize(
    ("name", "update", "state", "kwargs", "lr"),
    [
        ("momentum", momentum, np.zeros(2), {"momentum": 0.9}, 1e-3),
        ("nesterov", nesterov, np.zeros(2), {"momentum": 0.9}, 1e-3),
        ("adagrad", adagrad, [], {"eps": 1e-10}, 0.1),
        ("rmsprop", rmsprop, None, {"alpha": 0.9, "eps": 1e-8}, 0.01),
    ],
)
def test_course_convention_is_the_lecture(name, update, state, kwargs, lr, schedule):
    ours = optim.run(
        SURFACE, name, start=START, steps=STEPS, lr=lr, convention="course",
        schedule=schedule, **kwargs,
    )  # fmt: skip
    expected = lecture(update, ours.lr, state)
    np.testing.assert_allclose(ours.positions, expected, rtol=0, atol=1e-10)


def test_course_momentum_equals_torch_at_constant_lr_and_not_under_a_schedule():
    kwargs = {"start": START, "steps": STEPS, "lr": 1e-3, "momentum": 0.9}
    torch = optim.run(SURFACE, "momentum", **kwargs).positions
    course = optim.run(SURFACE, "momentum", convention="course", **kwargs).positions
    np.testing.assert_allclose(course, torch, atol=1e-12)
    kwargs["schedule"] = "step:N=20,gamma=0.5"
    torch = optim.run(SURFACE, "momentum", **kwargs).positions
    course = optim.run(SURFACE, "momentum", convention="course", **kwargs).positions
    assert np.abs(course - torch).max() > 1e-3


def test_course_adagrad_sigma_can_shrink_while_torch_cannot():
    course = optim.run("valley", "adagrad", convention="course", lr=0.1, steps=1500)
    torch = optim.run("valley", "adagrad", lr=0.1, steps=1500)
    assert np.all(np.diff(torch.effective_lr, axis=0) <= 1e-15), "Σg² only grows"
    assert np.any(np.diff(course.effective_lr, axis=0) > 0), "the mean of g² can fall"


def test_course_rmsprop_first_step_is_eta_times_sign():
    t = optim.run(SURFACE, "rmsprop", convention="course", start=START, steps=1, lr=0.05)
    g = grad(START)
    np.testing.assert_allclose(t.positions[1] - t.positions[0], -0.05 * np.sign(g), rtol=1e-6)


@pytest.mark.parametrize("name", ["gd", "adam", "adamw"])
def test_same_in_both_conventions(name):
    a = optim.run(SURFACE, name, start=START, steps=50, lr=1e-3)
    b = optim.run(SURFACE, name, start=START, steps=50, lr=1e-3, convention="course")
    np.testing.assert_array_equal(a.positions, b.positions)


def test_course_rmsprop_alpha_defaults_to_the_lecture_value():
    """α ≈ 0.9 in the course (Hinton's suggestion), 0.99 in PyTorch: the default itself, not
    only an explicit α."""
    defaults = {
        convention: {p.name: p.default for p in optim.get("rmsprop", convention).parameters}
        for convention in optim.CONVENTIONS
    }
    assert defaults["course"]["alpha"] == 0.9 and defaults["torch"]["alpha"] == 0.99
    ours = optim.run(SURFACE, "rmsprop", start=START, steps=STEPS, lr=0.01, convention="course")
    expected = lecture(rmsprop, ours.lr, None)
    np.testing.assert_allclose(ours.positions, expected, rtol=0, atol=1e-10)
    slower = lecture(lambda *args: rmsprop(*args, alpha=0.99), ours.lr, None)
    assert np.abs(ours.positions - slower).max() > 1e-3
