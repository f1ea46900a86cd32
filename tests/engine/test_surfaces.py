"""Surfaces: derivatives against finite differences, known minima, the course's numbers."""

import itertools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from optiviz import surfaces

NAMES = surfaces.names()


def finite_difference_gradient(f, w, h=1e-6):
    return np.array([(f(w + h * e) - f(w - h * e)) / (2 * h) for e in np.eye(2)])


def sample_points(surface, n=5, seed=0):
    x0, x1, y0, y1 = surface.bounds
    rng = np.random.default_rng(seed)
    return np.stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)], axis=1)


@pytest.mark.parametrize("name", NAMES)
def test_gradient_and_hessian_match_finite_differences(name):
    surface = surfaces.get(name)

    def loss(w):
        return float(surface.loss(jnp.asarray(w)))

    def grad(w):
        return np.asarray(surface.grad(jnp.asarray(w)))

    for w in sample_points(surface):
        g = grad(w)
        scale = max(1.0, np.abs(g).max())
        np.testing.assert_allclose(g, finite_difference_gradient(loss, w), atol=1e-5 * scale)
        h_fd = np.stack([finite_difference_gradient(lambda v, i=i: grad(v)[i], w) for i in (0, 1)])
        h = np.asarray(surface.hessian(jnp.asarray(w)))
        np.testing.assert_allclose(h, h.T, atol=1e-9 * max(1.0, np.abs(h).max()))
        np.testing.assert_allclose(h, h_fd, atol=1e-5 * max(1.0, np.abs(h).max()))


@pytest.mark.parametrize("name", NAMES)
def test_known_minima_are_critical_and_in_bounds(name):
    surface = surfaces.get(name)
    x0, x1, y0, y1 = surface.bounds
    assert x0 < surface.start[0] < x1 and y0 < surface.start[1] < y1
    for point in surface.minima:
        assert x0 <= point[0] <= x1 and y0 <= point[1] <= y1
        info = surfaces.hessian_at(surface, point)
        assert np.linalg.norm(info.gradient) < 1e-9
        assert info.kind in ("local minimum", "degenerate")
        assert (info.eigenvalues > -1e-9).all()


def test_course_saddle_hessian_is_exact():
    info = surfaces.hessian_at(surfaces.get("saddle"), (0.0, 0.0))
    assert info.hessian.tolist() == [[0.0, -2.0], [-2.0, 0.0]]
    np.testing.assert_allclose(info.eigenvalues, [-2.0, 2.0], rtol=0, atol=1e-15)
    assert info.kind == "saddle point"
    np.testing.assert_allclose(info.escape_direction, np.array([1.0, 1.0]) / np.sqrt(2))
    assert info.loss == 1.0


def test_escape_direction_lowers_the_loss_as_half_lambda():
    surface = surfaces.get("saddle")
    info = surfaces.hessian_at(surface, (0.0, 0.0))
    for size in (1e-3, 1e-2):
        u = size * info.escape_direction
        expected = info.loss + 0.5 * info.eigenvalues[0] * size**2
        assert float(surface.loss(jnp.asarray(u))) == pytest.approx(expected, abs=size**4 * 2)


def test_saddle_minima_form_a_degenerate_curve():
    info = surfaces.hessian_at(surfaces.get("saddle"), (2.0, 0.5))
    assert info.kind == "degenerate"
    assert np.linalg.norm(info.gradient) == 0


def test_simple_saddle():
    surface = surfaces.get("saddle_simple")
    info = surfaces.hessian_at(surface, (0.0, 0.0))
    np.testing.assert_allclose(info.hessian, [[2.0, 0.0], [0.0, -1.0]])
    assert info.kind == "saddle point"
    np.testing.assert_allclose(np.abs(info.escape_direction), [0.0, 1.0])
    for w2 in (1.0, -1.0):
        assert surfaces.hessian_at(surface, (0.0, w2)).kind == "local minimum"


@pytest.mark.parametrize(
    ("name", "point", "kind"),
    [
        ("plateau", (0.0, 0.0), "local minimum"),
        ("valley", (0.0, 0.0), "local minimum"),
        ("himmelblau", (-0.270845, -0.923039), "local maximum"),
        ("rosenbrock", (0.0, 0.0), "not a critical point"),
    ],
)
def test_kinds(name, point, kind):
    info = surfaces.hessian_at(surfaces.get(name), point)
    if kind == "local maximum":  # the listed maximum is rounded: refine it with Newton steps
        w = np.asarray(point)
        for _ in range(20):
            w = w - np.linalg.solve(info.hessian, info.gradient)
            info = surfaces.hessian_at(surfaces.get(name), w)
    assert info.kind == kind


def test_valley_curvatures_make_the_course_numbers():
    info = surfaces.hessian_at(surfaces.get("valley"), (0.0, 0.0))
    np.testing.assert_allclose(info.eigenvalues, [0.01, 200.0], rtol=1e-12)
    assert info.max_stable_lr == pytest.approx(1e-2, rel=1e-12)
    steep = info.eigenvectors[:, 1]
    assert 0.02 < abs(steep[0]) < 0.2, "the valley is rotated slightly off the axes"


def test_flat_and_sharp_minima_respond_differently_to_the_test_shift():
    surface = surfaces.get("flat_sharp")
    flat, sharp = (jnp.asarray(m) for m in surface.minima)
    train = [float(surface.loss(m)) for m in (flat, sharp)]
    test = [float(surface.test_loss(m)) for m in (flat, sharp)]
    assert abs(train[0] - train[1]) < 0.05, "similar depth"
    rise_flat, rise_sharp = test[0] - train[0], test[1] - train[1]
    assert rise_sharp > 10 * rise_flat > 0
    curvature = [surfaces.hessian_at(surface, m).eigenvalues.max() for m in surface.minima]
    assert curvature[1] > 20 * curvature[0]


def test_regression_minimum_is_least_squares():
    ((w, b),) = surfaces.get("regression").minima
    np.testing.assert_allclose(np.polyfit(surfaces.data.X, surfaces.data.Y, 1), [w, b], rtol=1e-10)


def test_regression_mini_batch_is_a_mean_over_distinct_data_points():
    surface = surfaces.get("regression")
    theta = jnp.asarray([0.3, -0.7])
    full = surface.batch_loss(theta, jax.random.key(0), 0, jnp.asarray(0.0))
    assert float(full) == pytest.approx(float(surface.loss(theta)), rel=1e-14)
    x, y = surfaces.data.X, surfaces.data.Y
    squared = (y - (0.3 * x - 0.7)) ** 2
    subsets = np.array(list(itertools.combinations(range(len(x)), 4)))
    means = squared[subsets].mean(axis=1)
    batches = [
        float(surface.batch_loss(theta, jax.random.key(k), 0, jnp.asarray(4.0))) for k in range(5)
    ]
    for batch in batches:
        assert np.abs(means - batch).min() < 1e-12
    assert len(set(batches)) > 1, "different keys draw different batches"


def test_grid_matches_pointwise_values():
    surface = surfaces.get("himmelblau")
    grid = surfaces.grid(surface, n=21)
    assert grid.values.shape == (21, 21)
    i, j = 7, 13
    expected = float(surface.loss(jnp.asarray([grid.w1[j], grid.w2[i]])))
    assert grid.values[i, j] == pytest.approx(expected, rel=1e-14)
    assert grid.w1[0] == surface.bounds[0] and grid.w2[-1] == surface.bounds[3]


def test_unknown_name_suggests_the_closest():
    with pytest.raises(ValueError, match="did you mean 'rosenbrock'"):
        surfaces.get("rosenbrok")
