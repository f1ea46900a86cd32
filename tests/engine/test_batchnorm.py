"""Batch normalization: a round bowl over (γ, β), a surface that moves from batch to batch,
running averages at test time, and the ``batch-normalization`` preset."""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from optiviz import optim, surfaces
from optiviz.optim import presets
from optiviz.optim.scene import simulate
from optiviz.surfaces import batchnorm, normalization
from optiviz.surfaces.data import batch_mask

RAW, NORMALIZED = surfaces.get("regression_unscaled"), surfaces.get("regression_normalized")
BN = surfaces.get("regression_batchnorm")


@functools.cache
def preset_trajectories():
    return simulate(presets.get("batch-normalization").scene)


def condition_number(surface):
    eigenvalues = surfaces.hessian_at(surface, surface.minima[0]).eigenvalues
    return eigenvalues[-1] / eigenvalues[0]


def test_over_the_whole_data_it_is_the_standardized_round_bowl():
    rng = np.random.default_rng(1)
    for theta in rng.uniform(-3, 3, (5, 2)):
        assert float(BN.loss(jnp.asarray(theta))) == pytest.approx(
            float(NORMALIZED.loss(jnp.asarray(theta))), rel=1e-5
        )
    assert condition_number(BN) < 1.01 < 100 < condition_number(RAW)
    assert np.linalg.norm(BN.grad(jnp.asarray(BN.minima[0]))) < 1e-12


def test_a_batch_is_standardized_with_its_own_statistics():
    key, theta = jax.random.key(2), jnp.asarray([1.2, 0.4])
    mask = np.asarray(batch_mask(key, 3, 4, len(batchnorm.X)))
    x, y = batchnorm.X[mask], batchnorm.Y[mask]
    x_hat = (x - x.mean()) / np.sqrt(x.var() + batchnorm.EPS)
    expected = np.mean((y - (0.4 + 1.2 * x_hat)) ** 2)
    assert float(BN.batch_loss(theta, key, 3, 4.0)) == pytest.approx(expected, rel=1e-12)
    losses = {float(BN.batch_loss(theta, key, t, 4.0)) for t in range(5)}
    assert len(losses) == 5, "each batch its own surface"


def test_running_averages_follow_pytorch_and_settle_near_the_data_s_statistics():
    history = batchnorm.running_statistics(seed=0, batch_size=4, steps=3)
    key, running = jax.random.key(0), np.array([0.0, 1.0])
    for t in range(3):
        x = batchnorm.X[np.asarray(batch_mask(key, t, 4, len(batchnorm.X)))]
        running = 0.9 * running + 0.1 * np.array([x.mean(), x.var(ddof=1)])
        np.testing.assert_allclose(history[t], running, rtol=1e-12)
    mean, var = batchnorm.running_statistics(seed=0, batch_size=4, steps=600)[-1]
    assert mean == pytest.approx(normalization.MEAN, rel=0.05)
    assert var == pytest.approx(normalization.STD**2, rel=0.25)


def test_preset_rounder_valley_and_the_noise_of_batch_statistics():
    scene = presets.get("batch-normalization").scene
    raw, normed = preset_trajectories()
    assert [scene.surface_of(run) for run in scene.runs] == [RAW, BN]
    assert {run.batch_size for run in scene.runs} == {4}
    far = [np.linalg.norm(t.positions[50] - s.minima[0]) for t, s in ((raw, RAW), (normed, BN))]
    assert far[1] < 0.5 < 4 < far[0], "the round bowl is crossed in 50 steps, the valley not"
    run = scene.runs[1]
    same_batches = optim.run(
        NORMALIZED, "gd", start=scene.start_of(run), steps=scene.steps, lr=run.lr,
        batch_size=run.batch_size, seed=run.seed,
    )  # fmt: skip
    lowest = float(BN.loss(jnp.asarray(BN.minima[0])))
    above = [(t.losses[300:] - lowest).mean() for t in (normed, same_batches)]
    assert above[0] > 10 * above[1], "batch statistics add noise to the batches' own"
    mean, var = batchnorm.running_statistics(run.seed, run.batch_size, scene.steps)[-1]
    theta = jnp.asarray(normed.positions[-1])
    at_test = jnp.mean((batchnorm.Y - batchnorm.predict(theta, batchnorm.X, mean, var)) ** 2)
    assert float(at_test) == pytest.approx(normed.losses[-1], rel=0.1), "running averages stand in"
