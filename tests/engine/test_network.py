"""A small network in the engine: data, MLP, directions, the plane and runs on it."""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from optiviz import optim, surfaces
from optiviz.optim import landscape
from optiviz.surfaces import directions, mlp, toy_data
from optiviz.surfaces.plane import Plane
from optiviz.surfaces.registry import Registry

SMALL = landscape.Landscape(points=60, width=5, depth=2, steps=300)


@functools.cache
def small_network(activation="tanh"):
    return mlp.network(mlp.MLP(5, 2, activation), toy_data.dataset("moons", n=60), seed=3)


@pytest.mark.parametrize("name", toy_data.names())
def test_data_sets_are_seeded_and_shaped(name):
    data = toy_data.dataset(name, n=101, seed=4)
    again = toy_data.dataset(name, n=101, seed=4)
    other = toy_data.dataset(name, n=101, seed=5)
    assert data.x.shape == (101, 1 if data.task == "regression" else 2)
    assert data.y.shape == (101,)
    assert np.array_equal(data.x, again.x) and np.array_equal(data.y, again.y)
    assert not np.array_equal(data.x, other.x)
    if data.task == "classification":
        assert set(np.unique(data.y)) == {0.0, 1.0}
        assert 0.3 < data.y.mean() < 0.7


def test_data_set_errors_are_one_line():
    with pytest.raises(ValueError, match="did you mean 'moons'"):
        toy_data.dataset("mons")
    with pytest.raises(ValueError, match="points ≥ 2"):
        toy_data.dataset("xor", n=1)


def test_mlp_counts_initialises_and_flattens_like_torch_linear():
    net = small_network()
    assert net.size == (2 + 1) * 5 + (5 + 1) * 5 + (5 + 1) * 1
    layers = net.unravel(jnp.asarray(net.start))
    for (w, b), fan_in in zip(layers, (2, 5, 5), strict=True):
        assert w.shape[1] == fan_in and b.shape == (w.shape[0],)
        bound = 1 / np.sqrt(fan_in)
        assert np.abs(w).max() <= bound and np.abs(b).max() <= bound
    flat, _ = jax.flatten_util.ravel_pytree(layers)
    np.testing.assert_array_equal(flat, net.start)
    assert not np.array_equal(net.initial(4), net.start)


def test_network_loss_is_the_cross_entropy_of_its_output():
    net = small_network()
    theta = jnp.asarray(net.start)
    p = np.asarray(net.predict(theta, net.data.x))
    y = net.data.y
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert float(net.loss(theta)) == pytest.approx(expected, rel=1e-12)
    curve = mlp.network(mlp.MLP(3, 1), toy_data.dataset("curve", n=30))
    f = np.asarray(curve.predict(jnp.asarray(curve.start), curve.data.x))
    assert float(curve.loss(jnp.asarray(curve.start))) == pytest.approx(
        np.mean((f - curve.data.y) ** 2), rel=1e-12
    )


def test_mlp_refuses_bad_architectures():
    for model, message in (
        (mlp.MLP(0), "width must be a whole number in \\[1, 256\\]"),
        (mlp.MLP(4, 9), "depth must be"),
        (mlp.MLP(4, 2, "sigmoid"), "unknown activation 'sigmoid'"),
    ):
        with pytest.raises(ValueError, match=message):
            mlp.network(model, toy_data.dataset("xor", n=10))


def test_filter_normalization_gives_each_filter_the_norm_of_its_weights():
    net = small_network("relu")
    theta = net.start * np.linspace(0.5, 3.0, net.size)  # filters of different lengths
    d = directions.filter_normalized(theta, net.unravel, jax.random.key(7))
    for (w, _), (dw, db) in zip(net.unravel(theta), net.unravel(d), strict=True):
        np.testing.assert_allclose(np.linalg.norm(dw, axis=1), np.linalg.norm(w, axis=1), rtol=1e-9)
        assert not np.allclose(
            dw / np.linalg.norm(dw, axis=1, keepdims=True),
            w / np.linalg.norm(w, axis=1, keepdims=True),
        )
        np.testing.assert_array_equal(db, 0.0)
    again = directions.filter_normalized(theta, net.unravel, jax.random.key(7))
    np.testing.assert_array_equal(d, again)


def test_pca_directions_are_orthonormal_and_explain_the_variance_they_report():
    path = optim.run(small_network(), "adam", lr=0.02, steps=300).positions
    end = path[-1]
    pca = directions.principal_directions(path, end)
    np.testing.assert_allclose(pca.vectors @ pca.vectors.T, np.eye(2), atol=1e-12)
    offsets = path - end
    centred = offsets - offsets.mean(axis=0)
    total = (centred**2).sum()
    along = ((centred @ pca.vectors.T) ** 2).sum(axis=0)
    np.testing.assert_allclose(along / total, pca.explained, rtol=1e-10)
    assert pca.explained[0] >= pca.explained[1]
    # No other unit direction keeps more of the variance than the first.
    rng = np.random.default_rng(0)
    for u in rng.normal(size=(20, path.shape[1])):
        u /= np.linalg.norm(u)
        assert ((centred @ u) ** 2).sum() / total <= pca.explained[0] + 1e-12
    assert (offsets[0] @ pca.vectors.T <= 0).all(), "the path starts on the negative side"


def test_pca_of_a_straight_path_is_refused():
    line = np.outer(np.linspace(0, 1, 5), np.ones(4))
    with pytest.raises(ValueError, match="fewer than two directions"):
        directions.principal_directions(line, line[-1])


def test_the_plane_at_its_origin_is_the_networks_loss_at_theta_star():
    for surface in (
        landscape.random_surface("r", SMALL, "t"),
        landscape.pca_surface("p", SMALL, "t"),
    ):
        training = landscape.trained(SMALL)
        theta_star = training.end
        assert float(surface.loss(jnp.zeros(2))) == float(training.network.loss(theta_star))
        assert float(surface.loss(jnp.zeros(2))) == training.run.losses[-1]
        c = jnp.array([0.3, -0.4])
        assert float(surface.loss(c)) == pytest.approx(
            float(
                training.network.loss(
                    theta_star
                    + 0.3 * surface.plane.directions[0]
                    - 0.4 * surface.plane.directions[1]
                )
            ),
            rel=1e-12,
        )


def test_projection_and_lift_are_exact():
    net = small_network()
    rng = np.random.default_rng(1)
    plane = Plane(net, net.start + rng.normal(size=net.size), rng.normal(size=(2, net.size)))
    c = rng.normal(size=(7, 2))
    coordinates, residual = plane.project(plane.point(c))
    np.testing.assert_allclose(coordinates, c, atol=1e-10)
    np.testing.assert_allclose(residual, 0, atol=1e-10)
    off = rng.normal(size=net.size)
    normal = off - plane.directions.T @ np.linalg.lstsq(plane.directions.T, off, rcond=None)[0]
    _, r = plane.project(plane.point(c[0]) + normal)
    assert r == pytest.approx(np.linalg.norm(normal), rel=1e-9)
    start = plane.project(net.start)
    np.testing.assert_allclose(plane.anchor, start.coordinates, rtol=1e-3)
    assert [float(f"{a:.4g}") for a in plane.anchor] == plane.anchor.tolist(), "short numbers"
    np.testing.assert_array_equal(plane.lift(plane.anchor), net.start)
    lifted = plane.project(plane.lift(c))
    np.testing.assert_allclose(lifted.coordinates, c + start.coordinates - plane.anchor, atol=1e-10)
    np.testing.assert_allclose(lifted.residual, start.residual, rtol=1e-9)
    exact = Plane(net, plane.origin, plane.directions, anchor=start.coordinates)
    np.testing.assert_allclose(exact.project(exact.lift(c)).coordinates, c, atol=1e-10)


def test_a_run_on_a_plane_trains_the_whole_network_and_is_projected():
    surface = landscape.pca_surface("p", SMALL, "t")
    plane = surface.plane
    start = (surface.start[0] + 0.5, surface.start[1] - 0.2)
    on_plane = optim.run(surface, "adam", start=start, lr=0.02, steps=200)
    full = optim.run(plane.network, "adam", start=plane.lift(np.array(start)), lr=0.02, steps=200)
    np.testing.assert_array_equal(on_plane.losses, full.losses)
    np.testing.assert_array_equal(on_plane.weights, full.positions)
    coordinates, residual = plane.project(full.positions)
    np.testing.assert_allclose(on_plane.positions, coordinates, atol=1e-12)
    shift = plane.project(plane.network.start).coordinates - plane.anchor
    np.testing.assert_allclose(on_plane.positions[0], start + shift, atol=1e-12)
    np.testing.assert_allclose(on_plane.residual, residual, atol=1e-12)
    np.testing.assert_allclose(on_plane.gradients, full.gradients @ plane.directions.T)
    assert on_plane.effective_lr.shape == (200, 2)


def test_runs_on_the_default_start_begin_at_the_networks_initial_weights():
    surface = landscape.random_surface("r", SMALL, "t")
    t = optim.run(surface, "gd", lr=0.1, steps=3)
    np.testing.assert_array_equal(surface.start, surface.plane.anchor)
    np.testing.assert_array_equal(t.weights[0], surface.plane.network.start)


def test_a_plane_is_a_surface_like_any_other():
    surface = landscape.pca_surface("p", SMALL, "t")
    grid = surfaces.grid(surface, n=200)
    assert grid.values.shape == (landscape.MAX_GRID,) * 2, "capped: a network pass per point"
    j, i = np.argmin(np.abs(grid.w1)), np.argmin(np.abs(grid.w2))
    point = jnp.array([grid.w1[j], grid.w2[i]])
    assert grid.values[i, j] == pytest.approx(float(surface.loss(point)), rel=1e-12)
    info = surfaces.hessian_at(surface, (0.0, 0.0))
    d = surface.plane.directions
    h = jax.hessian(surface.plane.network.loss)(jnp.asarray(surface.plane.origin))
    np.testing.assert_allclose(info.hessian, d @ np.asarray(h) @ d.T, rtol=1e-9)


def test_lazy_registry_builds_once_and_only_when_asked():
    built = []
    registry = Registry[str]("thing")
    registry.register_lazy("slow", lambda: built.append(1) or "made")
    assert registry.names() == ["slow"] and "slow" in registry and built == []
    assert registry.get("slow") == "made" and registry.get("slow") == "made"
    assert built == [1]


def test_network_planes_are_registered_surfaces_listed_before_they_are_built():
    names = ["mlp_random", "mlp_pca", "mlp_curve_random", "mlp_curve_pca"]
    assert set(names) <= set(surfaces.names())
    about = {name: surfaces.about(name) for name in names}
    assert about["mlp_pca"].title == "MLP on two moons: PCA plane"
    assert about["mlp_curve_random"].description.startswith("193-weight MLP's loss")
    for name in names:
        surface = surfaces.get(name)
        assert surface is surfaces.get(name), "built once"
        assert (surface.title, surface.description) == about[name]
        assert f"{surface.plane.network.size}-weight" in surface.description


def test_maps_on_a_plane_train_the_network_as_its_runs_do():
    surface = landscape.random_surface("r", SMALL, "t")
    lrs = np.array([0.003, 0.03, 0.3])
    swept = optim.sweep(surface, "adam", grid={"lr": lrs}, steps=50)
    runs = optim.run_many(surface, "adam", starts=[surface.start] * 3, lr=lrs, steps=50)
    np.testing.assert_allclose(swept.values, runs.losses[:, -1], rtol=1e-12)
    fan = optim.seed_fan(surface, "gd", n=3, steps=20, lr=0.1, batch_size=10)
    assert fan.positions.shape == (3, 21, 2) and fan.weights.shape == (
        3,
        21,
        surface.plane.network.size,
    )
    assert len({tuple(p) for p in fan.positions[:, -1]}) == 3, "mini-batches differ per seed"
    with pytest.raises(ValueError, match="no known minimum"):
        optim.basins(surface, "gd")
    with pytest.raises(ValueError, match="regions around a point need a 2-D surface"):
        optim.outcomes(
            surface, optim.get("gd"), 5, np.array([surface.start]),
            optim.RunSpec("gd").table(5),
            np.array([[0.0, 0.0, 1.0, np.inf]]),
        )  # fmt: skip
