"""Mini-batches in real epochs, as ``DataLoader(shuffle=True)`` makes them, and the
``regression-batches`` preset that shows them."""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from optiviz import optim, surfaces
from optiviz.optim import presets
from optiviz.optim.scene import simulate
from optiviz.surfaces.data import X, Y, batch_mask, epoch_of

N = len(X)


def masks(seed, batch_size, steps):
    key = jax.random.key(seed)
    return np.array([batch_mask(key, t, batch_size, N) for t in range(steps)])


@pytest.mark.parametrize("batch_size", [1, 3, 5, 7, 20])
def test_every_epoch_uses_every_point_exactly_once(batch_size):
    per_epoch = -(-N // batch_size)
    used = masks(seed=3, batch_size=batch_size, steps=3 * per_epoch)
    for epoch in used.reshape(3, per_epoch, N):
        np.testing.assert_array_equal(epoch.sum(axis=0), 1)
        sizes = epoch.sum(axis=1)
        assert sizes[:-1].tolist() == [batch_size] * (per_epoch - 1)
        assert sizes[-1] == N - batch_size * (per_epoch - 1), "the last batch takes the rest"
    np.testing.assert_array_equal(epoch_of(np.arange(3 * per_epoch), batch_size, N).reshape(3, -1),
                                  np.repeat([[1], [2], [3]], per_epoch, axis=1))  # fmt: skip


def test_each_epoch_is_reshuffled_and_a_seed_repeats_its_order():
    first = masks(seed=0, batch_size=1, steps=3 * N).argmax(axis=1).reshape(3, N)
    assert len({tuple(order) for order in first}) == 3, "a new order every epoch"
    again = masks(seed=0, batch_size=1, steps=N).argmax(axis=1)
    np.testing.assert_array_equal(again, first[0])
    other = masks(seed=1, batch_size=1, steps=N).argmax(axis=1)
    assert (other != first[0]).any()


def test_full_batch_is_every_point_every_step():
    for batch_size in (0, N, 50):
        assert masks(seed=0, batch_size=batch_size, steps=3).all()


def test_the_runner_steps_on_the_batches_of_its_epochs():
    """Each gradient of a B = 3 run is the mean gradient of mini-batch t's points at θ_t."""
    t = optim.run("regression", "gd", lr=0.03, steps=20, batch_size=3, seed=4)
    used = masks(seed=4, batch_size=3, steps=20)
    for step in range(20):
        w, b = t.positions[step]
        x, y = X[used[step]], Y[used[step]]
        residual = y - (b + w * x)
        expected = [np.mean(-2 * residual * x), np.mean(-2 * residual)]
        np.testing.assert_allclose(t.gradients[step], expected, rtol=1e-12, atol=1e-12)


@functools.cache
def batches_preset():
    return simulate(presets.get("regression-batches").scene)


def test_full_batch_falls_smoothly_while_one_point_jitters():
    scene = presets.get("regression-batches").scene
    assert [run.batch_size for run in scene.runs] == [None, 5, 1]
    surface = surfaces.get(scene.surface)
    lowest = float(surface.loss(jnp.asarray(surface.minima[0])))
    full, mini, single = batches_preset()
    assert np.all(np.diff(full.losses) <= 1e-15), "full batch: smooth"
    jitter = [np.abs(np.diff(t.losses[200:])).mean() for t in (full, mini, single)]
    above = [(t.losses[200:] - lowest).mean() for t in (full, mini, single)]
    assert jitter[2] > 5 * jitter[1] > 25 * jitter[0], "B = 1 noisiest, the full batch calm"
    assert above[2] > 3 * above[1] > 2 * above[0], "and the noise keeps it above the minimum"
    assert epoch_of(scene.steps - 1, 1, N) == scene.steps // N, "B = 1: 20 steps an epoch"
