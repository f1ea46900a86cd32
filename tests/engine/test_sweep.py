"""Sweeps, basin maps and seed fans, checked against the theory they should show."""

import numpy as np
import pytest

from optiviz import optim, surfaces
from optiviz.optim.basins import DIVERGED, NONE
from optiviz.optim.outcomes import compile_count

VALLEY = surfaces.get("valley")
LAMBDA_MAX = surfaces.hessian_at(VALLEY, VALLEY.minima[0]).eigenvalues[-1]
# lr nodes spaced 9% apart; 5000 steps let a node even 3% above a stability edge overflow
# float64 (the steep component grows by |1 - ηλ| > 1 per step from the valley's start).
EDGE_LRS = np.geomspace(2e-3, 6e-2, 40)
EDGE_STEPS = 5000


def first_unstable(lrs, diverged):
    """The first lr that diverged, after checking there is one boundary: stable below it,
    diverged from it on."""
    assert diverged.any() and not diverged.all()
    k = int(np.argmax(diverged))
    assert (diverged == (np.arange(len(lrs)) >= k)).all(), "one stable/unstable boundary"
    return lrs[k]


def cells_between(a, b, lrs):
    """|log a − log b| in grid cells of the log-spaced ``lrs``."""
    return abs(np.log(a / b)) / np.log(lrs[1] / lrs[0])


def test_gd_stability_edge_is_two_over_lambda_max():
    start = np.asarray(VALLEY.start)
    steep = surfaces.hessian_at(VALLEY, VALLEY.minima[0]).eigenvectors[:, -1]
    assert abs(start @ steep) > 0.5, "the start has a component along the steep direction"
    result = optim.sweep(VALLEY, "gd", grid={"lr": EDGE_LRS}, steps=EDGE_STEPS, metric="diverged")
    assert result.values.shape == (len(EDGE_LRS),)
    edge = first_unstable(EDGE_LRS, result.values >= 0)
    assert cells_between(edge, 2 / LAMBDA_MAX, EDGE_LRS) <= 1


@pytest.mark.parametrize("convention", ["torch", "course"])
def test_heavy_ball_stability_edge_is_two_one_plus_mu_over_lambda_max(convention):
    mus = np.array([0.0, 0.3, 0.6, 0.9])
    result = optim.sweep(
        VALLEY,
        "momentum",
        grid={"lr": EDGE_LRS, "momentum": mus},
        steps=EDGE_STEPS,
        metric="diverged",
        convention=convention,
    )
    assert result.values.shape == (len(EDGE_LRS), len(mus))
    assert [axis.name for axis in result.axes] == ["lr", "momentum"]
    for j, mu in enumerate(mus):
        edge = first_unstable(EDGE_LRS, result.values[:, j] >= 0)
        assert cells_between(edge, 2 * (1 + mu) / LAMBDA_MAX, EDGE_LRS) <= 1, mu
    np.testing.assert_array_equal(result.values, result.diverged_at)


def test_metrics_agree_with_the_trajectories():
    lrs = np.geomspace(1e-3, 3e-2, 12)
    kwargs = {"steps": 600, "start": (-1.0, 0.3), "tolerance": 5e-3}
    runs = optim.run_many(VALLEY, "gd", starts=[kwargs["start"]] * len(lrs), steps=600, lr=lrs)
    diverged = runs.diverged_at >= 0
    assert diverged.any() and not diverged.all()
    final = optim.sweep(VALLEY, "gd", grid={"lr": lrs}, **kwargs)
    np.testing.assert_allclose(final.values[~diverged], runs.losses[~diverged, -1], rtol=1e-12)
    assert np.isnan(final.values[diverged]).all()
    distance = optim.sweep(VALLEY, "gd", grid={"lr": lrs}, metric="distance", **kwargs)
    expected = np.linalg.norm(runs.positions[:, -1], axis=1)  # the minimum is the origin
    np.testing.assert_allclose(distance.values[~diverged], expected[~diverged], rtol=1e-12)
    settle = optim.sweep(VALLEY, "gd", grid={"lr": lrs}, metric="steps-to-tolerance", **kwargs)
    outside = runs.losses > 5e-3
    settled = [
        -1 if out[-1] or d else (len(out) - np.argmax(out[::-1]) if out.any() else 0)
        for out, d in zip(outside, diverged, strict=True)
    ]
    assert settle.values.tolist() == settled
    assert any(s > 0 for s in settled) and -1 in settled
    died = optim.sweep(VALLEY, "gd", grid={"lr": lrs}, metric="diverged", **kwargs)
    assert died.values.tolist() == runs.diverged_at.tolist()


def test_each_cell_is_the_run_its_setting_names():
    grid = {"lr": np.geomspace(1e-3, 1.0, 5), "beta1": np.array([0.0, 0.5, 0.9])}
    result = optim.sweep("rosenbrock", "adam", grid=grid, steps=80, start=(-1.5, 2.0))
    for index in [(0, 0), (2, 1), (4, 2), (3, 0)]:
        cell = result.cell(*index)
        assert cell.lr == grid["lr"][index[0]]
        assert cell.hyperparameters["beta1"] == grid["beta1"][index[1]]
        t = optim.run("rosenbrock", cell, start=result.start, steps=result.steps)
        assert t.losses[-1] == pytest.approx(result.values[index], rel=1e-9)
        assert result.diverged_at[index] == -1 and t.diverged_at is None


def test_schedule_and_batch_parameters_sweep():
    gammas = np.array([0.9, 0.99, 0.999])
    result = optim.sweep("himmelblau", "gd", grid={"gamma": gammas}, schedule="exp", steps=50)
    cell = result.cell(1)
    assert str(cell.schedule) == "exp:gamma=0.99"
    t = optim.run("himmelblau", cell, start=result.start, steps=result.steps)
    assert t.lr[10] == pytest.approx(result.settings["lr"] * 0.99**10)
    assert t.losses[-1] == pytest.approx(result.values[1], rel=1e-9)
    batches = optim.sweep("regression", "gd", grid={"batch_size": [2, 20]}, steps=50, lr=0.05)
    for i, b in enumerate([2, 20]):
        assert batches.cell(i).batch_size == b
        t = optim.run("regression", batches.cell(i), start=batches.start, steps=batches.steps)
        assert t.losses[-1] == pytest.approx(batches.values[i], rel=1e-9)


def test_outcomes_match_the_trajectories():
    """The fold keeps what the records would show: last finite θ and L, divergence step."""
    lrs = np.geomspace(1e-3, 5e-2, 16)
    opt = optim.get("momentum")
    table = optim.RunSpec("momentum").table(400, len(lrs), per_run={"lr": lrs})
    starts = np.tile(VALLEY.start, (len(lrs), 1))
    runs = optim.trajectories(VALLEY, opt, 400, starts, table)
    ends = optim.outcomes(VALLEY, opt, 400, starts, table)
    assert (runs.diverged_at >= 0).any()
    np.testing.assert_array_equal(ends.diverged_at, runs.diverged_at)
    np.testing.assert_allclose(ends.position, runs.positions[:, -1], rtol=1e-12)
    np.testing.assert_allclose(ends.loss, runs.losses[:, -1], rtol=1e-12)
    assert ends.settled_at.shape == (len(lrs), 0)


def test_new_values_of_the_same_size_do_not_recompile():
    grid = {"lr": np.geomspace(1e-3, 1e-1, 6), "momentum": np.linspace(0, 0.9, 4)}
    optim.sweep(VALLEY, "momentum", grid=grid, steps=30)
    before = compile_count()
    grid = {"lr": np.geomspace(1e-4, 1e-2, 6), "momentum": np.linspace(0.5, 0.95, 4)}
    optim.sweep(VALLEY, "momentum", grid=grid, steps=30, start=(1.0, 1.0))
    assert compile_count() == before


@pytest.mark.parametrize(
    ("grid", "kwargs", "message"),
    [
        ({"momentum": [0.5, 1.0]}, {}, "momentum must be in [0, 1), got 1"),
        ({"lr": [0.1, -1.0]}, {}, "lr must be > 0, got -1"),
        ({"batch_size": [1.5]}, {}, "batch_size must be a whole number"),
        ({"gamma": [0.5, 1.5]}, {"schedule": "step"}, "schedule step: gamma must be in (0, 1]"),
        ({"T": [10]}, {}, "unknown hyperparameter to sweep for momentum 'T'"),
        ({"beta1": [0.9]}, {}, "unknown hyperparameter to sweep for momentum 'beta1'"),
        ({"lr": [0.1], "momentum": [0.1], "noise": [1.0]}, {}, "one or two hyperparameters"),
        ({}, {}, "one or two hyperparameters"),
        ({"lr": [[0.1]]}, {}, "lr must be a non-empty list of numbers"),
        ({"lr": ["fast"]}, {}, "lr must be numbers"),
        ({"lr": [0.1]}, {"lr": 0.2}, "lr is both swept and fixed"),
        ({"lr": [0.1]}, {"metric": "speed"}, "unknown metric 'speed'"),
        ({"lr": [0.1]}, {"tolerance": -1}, "tolerance must be ≥ 0"),
        ({"lr": [0.1]}, {"momentum": 2.0}, "momentum must be in [0, 1), got 2"),
        ({"lr": [0.1]}, {"start": (np.nan, 0)}, "start must be two finite numbers"),
        ({"lr": np.ones(1025), "momentum": np.ones(1025)}, {}, "grid too large"),
    ],
)
def test_sweep_rejects_bad_input_with_a_message_naming_it(grid, kwargs, message):
    with pytest.raises(ValueError) as error:
        optim.sweep(VALLEY, "momentum", grid=grid, steps=10, **kwargs)
    assert message in str(error.value)


def test_himmelblau_basins_find_all_four_minima():
    himmelblau = surfaces.get("himmelblau")
    basins = optim.basins(himmelblau, "gd", resolution=24, steps=200, lr=0.01)
    assert basins.minimum.shape == basins.steps.shape == (24, 24)
    assert set(basins.minimum.ravel().tolist()) == {0, 1, 2, 3}
    for k, (x, y) in enumerate(himmelblau.minima):
        i, j = np.argmin(np.abs(basins.w2 - y)), np.argmin(np.abs(basins.w1 - x))
        assert basins.minimum[i, j] == k, "a start beside a minimum ends in it"
    assert (basins.steps >= 0).all()
    assert basins.settings["lr"] == 0.01 and "start" not in basins.settings


def test_basin_boundary_is_the_hill_between_the_minima():
    """On local_min the loss is separable, so gradient flow's basins are split by the
    vertical line through the hill top: the middle root of L'(w1) = 4w1³ − 6w1 + 1."""
    surface = surfaces.get("local_min")
    hill = np.sort(np.roots([4.0, 0.0, -6.0, 1.0]).real)[1]
    basins = optim.basins(surface, "gd", resolution=32, steps=400, lr=0.01)
    deeper, shallower = (0, 1) if surface.minima[0][0] < surface.minima[1][0] else (1, 0)
    cell = basins.w1[1] - basins.w1[0]
    for column, w1 in enumerate(basins.w1):
        if abs(w1 - hill) > cell:
            expected = deeper if w1 < hill else shallower
            assert (basins.minimum[:, column] == expected).all(), w1


def test_basins_report_divergence_and_runs_that_end_nowhere():
    himmelblau = surfaces.get("himmelblau")
    wild = optim.basins(himmelblau, "gd", resolution=8, steps=100, lr=0.04)
    starts = np.stack(np.meshgrid(wild.w1, wild.w2), axis=-1).reshape(-1, 2)
    runs = optim.run_many(himmelblau, "gd", starts=starts, steps=100, lr=0.04)
    diverged = (runs.diverged_at >= 0).reshape(8, 8)
    assert diverged.any()
    np.testing.assert_array_equal(wild.minimum == DIVERGED, diverged)
    assert (wild.steps[diverged] == -1).all()
    short = optim.basins(himmelblau, "gd", resolution=8, steps=2, lr=1e-3, radius=0.05)
    ends = optim.run_many(himmelblau, "gd", starts=starts, steps=2, lr=1e-3).positions[:, -1]
    near = np.linalg.norm(ends[:, None] - np.asarray(himmelblau.minima), axis=-1).min(axis=1)
    np.testing.assert_array_equal(short.minimum == NONE, (near > 0.05).reshape(8, 8))
    assert (short.minimum == NONE).any()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"resolution": 1}, "resolution must be in [2, 1024], got 1"),
        ({"resolution": 2.5}, "resolution must be a whole number"),
        ({"radius": 0}, "radius must be > 0, got 0"),
        ({"lr": -1}, "lr must be > 0, got -1"),
    ],
)
def test_basins_reject_bad_input(kwargs, message):
    with pytest.raises(ValueError) as error:
        optim.basins("himmelblau", "gd", steps=5, **kwargs)
    assert message in str(error.value)


def fan_spread(fan):
    """Mean squared distance of the fan's end points from their mean."""
    ends = fan.positions[:, -1]
    return float(np.mean(np.sum((ends - ends.mean(axis=0)) ** 2, axis=1)))


def test_seed_fan_spread_shrinks_as_one_over_sqrt_batch_size():
    """Near Himmelblau's minimum (3, 2), SGD with gradient noise σ/√B is a linear process
    θ ← (I − ηH)θ − η(σ/√B)ξ whose stationary variance along eigenvalue λ is
    η²σ²/B / (1 − (1 − ηλ)²): the fan's width goes as 1/√B."""
    himmelblau = surfaces.get("himmelblau")
    lr, sigma, n = 0.01, 1.0, 256
    eigenvalues = surfaces.hessian_at(himmelblau, (3.0, 2.0)).eigenvalues
    spreads = {}
    for batch in (4, 64):
        fan = optim.seed_fan(
            himmelblau, "gd", n=n, start=(3.0, 2.0), steps=300, lr=lr, noise=sigma,
            batch_size=batch, seed=7,
        )  # fmt: skip
        assert fan.positions.shape == (n, 301, 2)
        spreads[batch] = fan_spread(fan)
        theory = np.sum(lr**2 * sigma**2 / batch / (1 - (1 - lr * eigenvalues) ** 2))
        assert spreads[batch] == pytest.approx(theory, rel=0.2)
    ratio = np.sqrt(spreads[4] / spreads[64])
    assert ratio == pytest.approx(np.sqrt(64 / 4), rel=0.05)


def test_seed_fan_runs_are_the_runs_of_each_seed():
    fan = optim.seed_fan("regression", "momentum", n=4, steps=40, batch_size=3, seed=10, lr=0.02)
    ends = fan.positions[:, -1]
    assert len({tuple(end) for end in ends}) == 4, "every seed draws its own batches"
    for k in range(4):
        one = optim.run("regression", "momentum", steps=40, batch_size=3, seed=10 + k, lr=0.02)
        np.testing.assert_allclose(fan.positions[k], one.positions, rtol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "a seed fan needs noise > 0"),
        ({"batch_size": 4}, "a seed fan needs noise > 0"),
        ({"noise": 1.0, "n": 0}, "n must be in [1, 4096], got 0"),
        ({"noise": 1.0, "seed": 2**32 - 2, "n": 4}, "seed must be in"),
    ],
)
def test_seed_fan_rejects_settings_without_randomness_or_bad_sizes(kwargs, message):
    with pytest.raises(ValueError) as error:
        optim.seed_fan("valley", "gd", steps=5, **kwargs)
    assert message in str(error.value)


def test_basins_on_a_curve_of_minima_split_along_the_saddles_stable_line():
    """On L = (1 − w1·w2)² every point of w1·w2 = 1 is a minimum: runs that end anywhere on
    it count for the nearer listed minimum, and the line w1 = −w2 that leads into the
    saddle separates the two halves."""
    result = optim.basins("saddle", "gd", resolution=41, steps=500, lr=0.05)
    w1, w2 = np.meshgrid(result.w1, result.w2)
    side = w1 + w2
    assert (result.minimum[side > 0.2] == 0).all()
    assert (result.minimum[side < -0.2] == 1).all()
    stuck = result.minimum == NONE
    assert stuck.any() and (np.abs(side[stuck]) < 1e-12).all(), "only starts on the line stay"
