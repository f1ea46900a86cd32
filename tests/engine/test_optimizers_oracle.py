"""The PyTorch convention against optax (or a hand-derived reference where optax differs).

Each test runs 200 steps of optax's optimizer as a plain Python loop over the surface's own
gradient and compares every position with optiviz's jitted runner to 1e-10. The starts are
ones where the dynamics do not amplify rounding: along Rosenbrock's floor from (-1.2, 1.5),
RMSProp's normalised steps flip sign and grow a 1e-17 difference in summation order to 1e-3
within 200 steps, in either implementation.
"""

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

from optiviz import optim, surfaces

STEPS = 200
CASES = [("rosenbrock", (-0.5, 1.0)), ("beale", (1.0, 1.2)), ("himmelblau", (0.5, -0.5))]


def optax_positions(surface, transform, start, steps=STEPS):
    """θ_0 … θ_T from applying an optax transformation to the surface's gradients, one
    (jitted) step at a time from Python."""
    grad = surfaces.get(surface).grad

    @jax.jit
    def step(theta, state):
        updates, state = transform.update(grad(theta), state, theta)
        return optax.apply_updates(theta, updates), state

    theta = jnp.asarray(start, dtype=jnp.float64)
    state = transform.init(theta)
    positions = [np.asarray(theta)]
    for _ in range(steps):
        theta, state = step(theta, state)
        positions.append(np.asarray(theta))
    return np.array(positions)


def assert_same(ours, reference):
    np.testing.assert_allclose(ours, reference, rtol=0, atol=1e-10)


def with_decay(weight_decay, transform):
    """PyTorch's coupled weight decay: g ← g + λθ before the optimizer."""
    return optax.chain(optax.add_decayed_weights(weight_decay), transform)


@pytest.mark.parametrize(("surface", "start"), CASES)
@pytest.mark.parametrize(
    ("name", "kwargs", "transform"),
    [
        ("gd", {"lr": 1e-3}, optax.sgd(1e-3)),
        ("momentum", {"lr": 1e-3, "momentum": 0.9}, optax.sgd(1e-3, momentum=0.9)),
        (
            "nesterov",
            {"lr": 1e-3, "momentum": 0.8},
            optax.sgd(1e-3, momentum=0.8, nesterov=True),
        ),
        (
            "rmsprop",
            {"lr": 1e-3, "alpha": 0.9},
            optax.rmsprop(1e-3, decay=0.9, eps=1e-8, eps_in_sqrt=False),
        ),
        (
            "rmsprop",
            {"lr": 1e-3, "alpha": 0.95, "momentum": 0.5},
            optax.rmsprop(1e-3, decay=0.95, eps=1e-8, eps_in_sqrt=False, momentum=0.5),
        ),
        ("adam", {"lr": 1e-2}, optax.adam(1e-2)),
        (
            "adam",
            {"lr": 3e-2, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6},
            optax.adam(3e-2, b1=0.8, b2=0.99, eps=1e-6),
        ),
        ("adamw", {"lr": 1e-2}, optax.adamw(1e-2, weight_decay=1e-2)),
        (
            "adamw",
            {"lr": 1e-2, "weight_decay": 0.3},
            optax.adamw(1e-2, weight_decay=0.3),
        ),
        ("gd", {"lr": 1e-3, "weight_decay": 0.1}, with_decay(0.1, optax.sgd(1e-3))),
        (
            "momentum",
            {"lr": 1e-3, "momentum": 0.9, "weight_decay": 0.05},
            with_decay(0.05, optax.sgd(1e-3, momentum=0.9)),
        ),
        ("adam", {"lr": 1e-2, "weight_decay": 0.2}, with_decay(0.2, optax.adam(1e-2))),
    ],
)
def test_torch_convention_matches_optax(surface, start, name, kwargs, transform):
    ours = optim.run(surface, name, start=start, steps=STEPS, **kwargs).positions
    assert_same(ours, optax_positions(surface, transform, start))


@pytest.mark.parametrize(
    ("spec", "schedule"),
    [
        ("step:N=30,gamma=0.5", optax.exponential_decay(1e-2, 30, 0.5, staircase=True)),
        ("exp:gamma=0.99", optax.exponential_decay(1e-2, 1, 0.99)),
        ("cosine:T=150,floor=0.1", optax.cosine_decay_schedule(1e-2, 150, alpha=0.1)),
        ("invsqrt", lambda t: 1e-2 / jnp.sqrt(t + 1.0)),
        (
            "cosine:T=150,warmup=40",
            optax.join_schedules(
                [
                    optax.linear_schedule(1e-2 / 40, 1e-2, 39),
                    optax.cosine_decay_schedule(1e-2, 150),
                ],
                [40],
            ),
        ),
    ],
)
@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("momentum", lambda lr: optax.sgd(lr, momentum=0.9)),
        ("adam", optax.adam),
    ],
)
def test_schedules_match_optax(spec, schedule, name, make):
    schedule = float64(schedule)
    ours = optim.run("himmelblau", name, start=(0.5, -0.5), steps=STEPS, lr=1e-2, schedule=spec)
    expected_lr = np.array([float(schedule(t)) for t in range(STEPS)])
    np.testing.assert_allclose(ours.lr, expected_lr, rtol=1e-12)
    assert_same(ours.positions, optax_positions("himmelblau", make(schedule), (0.5, -0.5)))


def float64(schedule):
    """optax counts steps in int32, which turns its schedules' arithmetic into float32."""
    return lambda count: schedule(jnp.asarray(count, dtype=jnp.float64))


def adagrad_reference(surface, start, lr, eps, weight_decay=0.0, steps=STEPS):
    """``torch.optim.Adagrad`` written out by hand (optax puts ε inside the root and starts the
    accumulator at 0.1): s ← s + g²;  θ ← θ − η g / (√s + ε)."""
    theta, s = np.asarray(start, dtype=np.float64), np.zeros(2)
    positions = [theta]
    for _ in range(steps):
        g = np.asarray(surfaces.get(surface).grad(jnp.asarray(theta))) + weight_decay * theta
        s = s + g**2
        theta = theta - lr * g / (np.sqrt(s) + eps)
        positions.append(theta)
    return np.array(positions)


@pytest.mark.parametrize(("surface", "start"), CASES)
@pytest.mark.parametrize(("eps", "weight_decay"), [(1e-10, 0.0), (1e-3, 0.1)])
def test_adagrad_matches_torch_by_hand(surface, start, eps, weight_decay):
    ours = optim.run(
        surface, "adagrad", start=start, steps=STEPS, lr=0.1, eps=eps, weight_decay=weight_decay
    )
    reference = adagrad_reference(surface, start, 0.1, eps, weight_decay)
    assert_same(ours.positions, reference)


def test_gradient_clipping_matches_torch_by_hand():
    """``torch.nn.utils.clip_grad_norm_``: g ← g · min(1, c / (‖g‖ + 1e-6)) before the step
    (optax's clip_by_global_norm has no 1e-6)."""
    theta = np.array([-1.2, 1.5])
    positions = [theta]
    for _ in range(STEPS):
        g = np.asarray(surfaces.get("rosenbrock").grad(jnp.asarray(theta)))
        g = g * min(1.0, 5.0 / (np.linalg.norm(g) + 1e-6))
        theta = theta - 1e-3 * g
        positions.append(theta)
    ours = optim.run("rosenbrock", "gd", start=(-1.2, 1.5), steps=STEPS, lr=1e-3, clip=5.0)
    assert_same(ours.positions, np.array(positions))
    assert np.linalg.norm(ours.gradients, axis=1).max() <= 5.0


def test_effective_lr_is_eta_over_sigma():
    """Adam's per-axis step η_t/σ_t applied to m̂ reproduces the actual update."""
    t = optim.run("rosenbrock", "adam", start=(-1.2, 1.5), steps=50, lr=1e-2)
    m = np.zeros(2)
    for k in range(50):
        m = 0.9 * m + 0.1 * t.gradients[k]
        m_hat = m / (1 - 0.9 ** (k + 1))
        step = t.positions[k + 1] - t.positions[k]
        np.testing.assert_allclose(step, -t.effective_lr[k] * m_hat, rtol=1e-9, atol=1e-15)
