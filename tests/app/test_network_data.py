"""The data view's network data: what a network on a plane predicts, frame by frame."""

import functools

import jax.numpy as jnp
import numpy as np
import pytest

from optiviz import optim, surfaces
from optiviz.app.display import network_data
from optiviz.optim import landscape

MOONS = landscape.Landscape(points=80, width=6, depth=2, steps=400, lr=0.03)
CURVE = landscape.Landscape(data="curve", points=40, width=6, depth=1, steps=300, lr=0.03)


@functools.cache
def trained_run(small, steps=400):
    surface = landscape.pca_surface("p", small, "t")
    return surface, optim.run(surface, "adam", lr=small.lr, steps=steps)


def test_frames_are_the_networks_predictions_at_the_runs_weights():
    surface, t = trained_run(MOONS)
    frames = network_data.network_frames(surface, t, [0, 100, 400], n=20)
    assert frames.task == "classification" and frames.values.shape == (3, 20, 20)
    assert frames.values.dtype == np.float32
    net = surface.plane.network
    x1, x2 = frames.axes
    assert x1[0] < net.data.x[:, 0].min() and x2[-1] > net.data.x[:, 1].max()
    for k, step in enumerate(frames.steps):
        for i, j in ((0, 0), (7, 13), (19, 4)):
            point = jnp.array([[x1[j], x2[i]]])
            expected = float(net.predict(jnp.asarray(t.weights[step]), point)[0])
            assert frames.values[k, i, j] == pytest.approx(expected, rel=1e-6)
        predicted = np.asarray(net.predict(jnp.asarray(t.weights[step]), net.data.x))
        assert frames.accuracy[k] == np.mean((predicted >= 0.5) == (net.data.y == 1))
    assert frames.accuracy[-1] > 0.95 > frames.accuracy[0]


def test_keyframes_are_thinned_keeping_the_first_and_last():
    surface, t = trained_run(MOONS)
    frames = network_data.network_frames(surface, t, np.arange(401), n=8)
    assert len(frames.steps) == network_data.KEYFRAMES
    assert frames.steps[0] == 0 and frames.steps[-1] == 400
    assert (np.diff(frames.steps) > 0).all()


def test_the_boundary_is_where_the_network_is_undecided_and_splits_the_classes():
    surface, t = trained_run(MOONS)
    frames = network_data.network_frames(surface, t, [400], n=64)
    xs, ys = network_data.boundary(frames, 0)
    points = np.stack([xs, ys], axis=1)[np.isfinite(xs)]
    assert len(points) > 20
    net = surface.plane.network
    p = np.asarray(net.predict(jnp.asarray(t.weights[400]), jnp.asarray(points)))
    assert np.abs(p - 0.5).max() < 0.1, "on the boundary, P(class 1) ≈ ½"


def test_a_regression_is_a_curve_over_its_one_input():
    surface, t = trained_run(CURVE, steps=300)
    frames = network_data.network_frames(surface, t, [0, 300], n=30)
    assert frames.task == "regression" and frames.values.shape == (2, 30)
    (x,) = frames.axes
    net = surface.plane.network
    expected = np.asarray(net.predict(jnp.asarray(t.weights[300]), x[:, None]))
    np.testing.assert_allclose(frames.values[1], expected, rtol=1e-6)
    assert np.isnan(frames.accuracy).all()
    with pytest.raises(ValueError, match="no decision boundary"):
        network_data.boundary(frames, 1)


def test_surfaces_without_a_network_have_no_frames():
    valley = surfaces.get("valley")
    assert network_data.network_frames(valley, optim.run(valley, "gd", steps=3), [0, 3]) is None
    surface, t = trained_run(MOONS)
    assert network_data.network_frames(surface, t._replace(weights=None), [0]) is None
