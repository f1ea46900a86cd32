"""The runner over θ ∈ ℝᴰ: an objective that is not a 2-D surface runs through the same scan."""

import dataclasses

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

from optiviz import optim

CURVATURE = np.array([1.0, 2.0, 5.0, 10.0, 20.0])


@dataclasses.dataclass(frozen=True, eq=False)
class Quadratic:
    """L(θ) = ½ Σᵢ aᵢ θᵢ² over θ ∈ ℝ⁵, with or without mini-batches."""

    start: tuple[float, ...] = (1.0, -1.0, 0.5, -0.5, 0.25)
    batch_loss = None

    def loss(self, theta):
        return 0.5 * jnp.sum(CURVATURE * theta**2)


@dataclasses.dataclass(frozen=True, eq=False)
class Batched(Quadratic):
    """The same loss, each mini-batch scaling it by a random factor in [0.5, 1.5]."""

    def batch_loss(self, theta, key, step, batch_size):
        factor = jax.random.uniform(jax.random.fold_in(key, step), minval=0.5, maxval=1.5)
        return factor * self.loss(theta)


QUADRATIC = Quadratic()


def test_gradient_descent_on_a_5d_quadratic_is_the_closed_form():
    lr, steps = 0.04, 40
    t = optim.run(QUADRATIC, "gd", steps=steps, lr=lr)
    assert t.positions.shape == (steps + 1, 5) and t.gradients.shape == (steps, 5)
    assert t.effective_lr.shape == (steps, 5) and t.lr.shape == (steps,)
    expected = (1 - lr * CURVATURE) ** np.arange(steps + 1)[:, None] * np.array(QUADRATIC.start)
    np.testing.assert_allclose(t.positions, expected, rtol=1e-12)
    np.testing.assert_allclose(t.losses, 0.5 * (CURVATURE * expected**2).sum(axis=1), rtol=1e-12)
    np.testing.assert_allclose(t.gradients, CURVATURE * t.positions[:-1], rtol=1e-12)
    assert (t.effective_lr == lr).all()


def test_adam_on_many_5d_starts_matches_optax():
    starts = np.random.default_rng(0).normal(size=(3, 5))
    runs = optim.run_many(QUADRATIC, "adam", starts=starts, steps=100, lr=0.05)
    assert runs.positions.shape == (3, 101, 5) and runs.effective_lr.shape == (3, 100, 5)
    transform = optax.adam(0.05)
    grad = jax.jit(jax.grad(QUADRATIC.loss))
    for start, positions in zip(starts, runs.positions, strict=True):
        theta = jnp.asarray(start)
        state = transform.init(theta)
        reference = [theta]
        for _ in range(100):
            updates, state = transform.update(grad(theta), state)
            theta = optax.apply_updates(theta, updates)
            reference.append(theta)
        np.testing.assert_allclose(positions, np.array(reference), rtol=0, atol=1e-10)


def test_divergence_in_5d_freezes_at_its_step():
    t = optim.run(QUADRATIC, "gd", steps=3000, lr=0.11)  # 2/a_max = 0.1
    k = t.diverged_at
    assert k is not None and np.isfinite(t.positions).all() and np.isfinite(t.losses).all()
    assert (t.positions[k:] == t.positions[k - 1]).all() and (t.gradients[k - 1 :] == 0).all()
    assert np.abs(t.positions[k - 1]).max() > 1e100


def test_noise_and_mini_batches_in_5d():
    noisy = optim.run(QUADRATIC, "gd", steps=1000, lr=1e-12, noise=2.0, start=np.zeros(5))
    np.testing.assert_allclose(noisy.gradients.std(axis=0), 2.0, rtol=0.1)
    batched = Batched()
    a, b = (optim.run(batched, "gd", steps=50, lr=0.05, batch_size=8, seed=s) for s in (1, 2))
    again = optim.run(batched, "gd", steps=50, lr=0.05, batch_size=8, seed=1)
    np.testing.assert_array_equal(a.positions, again.positions)
    assert np.abs(a.positions - b.positions).max() > 1e-3
    exact = optim.run(QUADRATIC, "gd", steps=50, lr=0.05, start=batched.start)
    assert np.abs(a.positions - exact.positions).max() > 1e-3


@pytest.mark.parametrize("starts", [np.zeros((2, 2)), np.zeros((2, 6)), [[0.0] * 4 + [np.nan]]])
def test_starts_must_have_d_columns(starts):
    with pytest.raises(ValueError, match="start must be 5 finite numbers"):
        optim.run_many(QUADRATIC, "gd", starts=starts)
