"""The runner: shapes, divergence, determinism, batching, recompilation and bad input."""

import json
import math

import jax.numpy as jnp
import numpy as np
import pytest

from optiviz import optim, surfaces


def test_trajectory_shapes_and_first_row():
    t = optim.run("rosenbrock", "adam", start=(-1.5, 2.0), steps=7, lr=0.1)
    assert t.positions.shape == (8, 2) and t.losses.shape == (8,)
    assert t.gradients.shape == (7, 2) and t.lr.shape == (7,) and t.effective_lr.shape == (7, 2)
    assert t.positions[0].tolist() == [-1.5, 2.0]
    assert t.losses[0] == pytest.approx((1 + 1.5) ** 2 + 100 * (2.0 - 2.25) ** 2)
    assert t.diverged_at is None


def test_divergence_freezes_and_reports_the_step():
    t = optim.run("valley", "gd", start=(-8.0, 0.5), steps=2000, lr=0.05)
    k = t.diverged_at
    assert k is not None and 1 <= k <= 2000
    for array in t:
        if isinstance(array, np.ndarray):
            assert np.isfinite(array).all()
    assert (t.positions[k:] == t.positions[k - 1]).all(), "frozen at the last finite point"
    assert (t.losses[k:] == t.losses[k - 1]).all()
    assert (t.gradients[k - 1 :] == 0).all() and (t.effective_lr[k - 1 :] == 0).all()
    assert np.abs(t.positions[k - 1]).max() > 1e100, "it really was running away"
    data = {"positions": t.positions.tolist(), "losses": t.losses.tolist()}
    json.dumps(data, allow_nan=False)


def first_non_finite_step(surface, theta, lr, steps):
    """A plain NumPy loop of gradient descent: the first step whose θ or L is not finite."""
    with np.errstate(all="ignore"):
        for step in range(1, steps + 1):
            theta = theta - lr * np.asarray(surface.grad(jnp.asarray(theta)))
            if not (np.isfinite(theta).all() and math.isfinite(surface.loss(jnp.asarray(theta)))):
                return step
    return None


def test_divergence_step_matches_an_unfrozen_reference():
    expected = first_non_finite_step(surfaces.get("valley"), np.array([-8.0, 0.5]), 0.05, 2000)
    assert expected is not None
    assert optim.run("valley", "gd", start=(-8.0, 0.5), steps=2000, lr=0.05).diverged_at == expected


def test_run_many_rows_equal_single_runs():
    lrs = np.array([1e-3, 3e-3, 1e-2])
    starts = np.array([[-1.0, 1.0], [0.5, 0.5], [1.5, -0.5]])
    many = optim.run_many("himmelblau", "momentum", starts=starts, steps=100, lr=lrs, momentum=0.8)
    assert len(many) == 3 and many.positions.shape == (3, 101, 2)
    for i in range(3):
        one = optim.run(
            "himmelblau", "momentum", start=starts[i], steps=100, lr=lrs[i], momentum=0.8
        )
        # vectorised code may round in another order: equal to the last bits, not bitwise
        np.testing.assert_allclose(many[i].positions, one.positions, rtol=1e-13)


def test_new_values_never_recompile():
    kwargs = {"steps": 64, "schedule": "cosine:T=50,warmup=5"}
    optim.run("beale", "adam", start=(1.0, 1.0), lr=1e-2, **kwargs)
    before = optim.compile_count()
    for i in range(5):
        optim.run(
            "beale",
            "adam",
            start=(1.0 + i / 10, 1.0 - i / 10),
            lr=1e-2 * (i + 1),
            beta1=0.8 + i / 100,
            beta2=0.99,
            eps=10.0 ** -(i + 4),
            weight_decay=i / 10,
            schedule=f"cosine:T={40 + i},warmup={i},floor={i / 10}",
            steps=64,
        )
    assert optim.compile_count() == before


def test_seed_makes_noisy_runs_reproducible_bit_for_bit():
    kwargs = {"start": (0.8, -0.8), "steps": 200, "lr": 0.05, "noise": 0.3, "batch_size": 4}
    a = optim.run("saddle", "gd", seed=7, **kwargs)
    b = optim.run("saddle", "gd", seed=7, **kwargs)
    c = optim.run("saddle", "gd", seed=8, **kwargs)
    np.testing.assert_array_equal(a.positions, b.positions)
    np.testing.assert_array_equal(a.gradients, b.gradients)
    assert np.abs(a.positions - c.positions).max() > 1e-3


def test_noise_std_is_sigma_over_sqrt_batch():
    """At the valley's minimum the exact gradient is 0, so the gradients seen are pure noise."""
    stds = []
    for batch_size in (1, 16):
        t = optim.run(
            "plateau", "gd", start=(0.0, 0.0), steps=4000, lr=1e-12, noise=2.0,
            batch_size=batch_size, seed=3,
        )  # fmt: skip
        stds.append(t.gradients.std())
    assert stds[0] == pytest.approx(2.0, rel=0.05)
    assert stds[1] == pytest.approx(2.0 / 4, rel=0.05)


def test_regression_full_batch_is_exact_and_mini_batches_are_noisy():
    kwargs = {"steps": 50, "lr": 0.05}
    exact = optim.run("regression", "gd", **kwargs)
    full = optim.run("regression", "gd", batch_size=20, **kwargs)
    np.testing.assert_allclose(full.positions, exact.positions, rtol=1e-12, atol=1e-13)
    small = optim.run("regression", "gd", batch_size=2, seed=1, **kwargs)
    assert np.abs(small.positions - exact.positions).max() > 1e-3


def test_clipping_bounds_every_gradient():
    t = optim.run("rosenbrock", "gd", start=(-1.5, 2.5), steps=50, lr=1e-3, clip=1.0)
    assert np.linalg.norm(t.gradients, axis=1).max() <= 1.0 + 1e-12


def test_warmup_rises_then_the_schedule_falls():
    t = optim.run("valley", "adam", steps=300, lr=0.3, schedule="cosine:warmup=100")
    peak = int(np.argmax(t.lr))
    assert peak == 99
    assert np.all(np.diff(t.lr[:100]) > 0) and np.all(np.diff(t.lr[100:]) <= 0)
    assert t.lr[0] == pytest.approx(0.3 / 100) and t.lr[99] == pytest.approx(0.3)


def test_effective_lr_of_plain_methods_is_the_schedule():
    t = optim.run("beale", "momentum", start=(1.0, 1.0), steps=30, lr=1e-3, schedule="exp")
    np.testing.assert_allclose(t.effective_lr, np.stack([t.lr, t.lr], axis=1))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lr": 0.0}, "lr must be > 0"),
        ({"lr": -1.0}, "lr must be > 0"),
        ({"lr": math.nan}, "lr must be finite"),
        ({"lr": math.inf}, "lr must be finite"),
        ({"momentum": 1.0}, r"momentum must be in \[0, 1\)"),
        ({"momentum": -0.1}, r"momentum must be in \[0, 1\)"),
        ({"steps": 0}, "steps must be in"),
        ({"steps": 1_000_001}, "steps must be in"),
        ({"steps": 2.5}, "steps must be a whole number"),
        ({"batch_size": 0}, "batch_size must be"),
        ({"seed": -1}, "seed must be in"),
        ({"noise": -1.0}, "noise must be"),
        ({"clip": 0.0}, "clip must be > 0"),
        ({"start": (1.0, math.nan)}, "start must be two finite numbers"),
        ({"start": (1.0,)}, "start must be two finite numbers"),
        ({"start": "a,b"}, "start must be two finite numbers"),
        ({"schedule": "cosin"}, "did you mean 'cosine'"),
        ({"schedule": "step:M=3"}, "unknown key for schedule step"),
        ({"schedule": "step:gamma=2"}, "gamma must be in"),
        ({"convention": "keras"}, "unknown convention"),
        ({"beta1": 0.9}, "unknown hyperparameter of momentum 'beta1'"),
    ],
)
def test_bad_input_is_a_value_error_naming_the_parameter(kwargs, message):
    kwargs = {"start": (0.0, 0.0), **kwargs}
    with pytest.raises(ValueError, match=message):
        optim.run("himmelblau", "momentum", **kwargs)


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        ("adam", {"beta1": 1.0}, r"beta1 must be in \[0, 1\)"),
        ("adam", {"beta2": 1.5}, r"beta2 must be in \[0, 1\)"),
        ("rmsprop", {"alpha": 1.0}, r"alpha must be in \[0, 1\)"),
        ("adam", {"eps": -1e-8}, "eps must be ≥ 0"),
        ("adamw", {"weight_decay": -1.0}, "weight_decay must be ≥ 0"),
        ("adma", {}, "did you mean 'adam'"),
    ],
)
def test_bad_optimizer_input(name, kwargs, message):
    with pytest.raises(ValueError, match=message):
        optim.run("himmelblau", name, **kwargs)


def test_array_values_are_checked_elementwise():
    with pytest.raises(ValueError, match="lr must be > 0, got -1"):
        optim.run_many("himmelblau", "gd", starts=[(0, 0)] * 3, lr=[1e-3, -1.0, 1e-2])
    with pytest.raises(ValueError, match="3 numbers"):
        optim.run_many("himmelblau", "gd", starts=[(0, 0)] * 3, lr=[1e-3, 1e-2])


NARROW = [("positions", "losses"), ("positions",), ("losses",), ("gradients", "effective_lr")]


@pytest.mark.parametrize(
    ("surface", "optimizer", "kwargs", "keep", "n"),
    [
        ("rosenbrock", "adam", {"lr": 0.05}, NARROW[0], 1),  # one run steps θ itself
        ("rosenbrock", "adam", {"lr": 0.05}, NARROW[0], 3),  # more are vmapped
        ("valley", "adagrad", {"convention": "course", "schedule": "invsqrt"}, NARROW[1], 3),
        (
            "regression",
            "rmsprop",
            {"noise": 0.3, "batch_size": 3, "seed": 2, "clip": 1.0, "weight_decay": 0.1},
            NARROW[3],
            3,
        ),
    ],
)
def test_a_narrowed_record_is_the_full_one_bit_for_bit(surface, optimizer, kwargs, keep, n):
    starts = np.array([[-1.0, 1.0], [0.5, 0.5], [1.5, -0.5]])[:n]
    full = optim.run_many(surface, optimizer, starts=starts, steps=150, **kwargs)
    narrow = optim.run_many(surface, optimizer, starts=starts, steps=150, keep=keep, **kwargs)
    for name in optim.FIELDS:
        if name in keep:
            np.testing.assert_array_equal(getattr(narrow, name), getattr(full, name))
        else:
            assert getattr(narrow, name) is None and getattr(narrow[0], name) is None
    np.testing.assert_array_equal(narrow.diverged_at, full.diverged_at)


@pytest.mark.parametrize("keep", [optim.FIELDS, *NARROW])
def test_a_narrowed_record_still_freezes_at_the_divergence_step(keep):
    lrs = np.array([1e-3, 0.05, 2e-2])  # 2/λ_max = 0.01: the last two diverge
    runs = optim.run_many("valley", "gd", starts=[(-8.0, 0.5)] * 3, steps=2000, lr=lrs)
    narrow = optim.run_many("valley", "gd", starts=[(-8.0, 0.5)] * 3, steps=2000, lr=lrs, keep=keep)
    np.testing.assert_array_equal(narrow.diverged_at, runs.diverged_at)
    assert narrow.diverged_at.tolist()[0] == -1 and (narrow.diverged_at[1:] > 0).all()
    for i, k in enumerate(narrow.diverged_at):
        run = narrow[i]
        for name in keep:
            values = getattr(run, name)
            assert np.isfinite(values).all()
            if k < 0:
                continue
            if name in ("positions", "losses"):
                assert (values[k:] == values[k - 1]).all()
            else:
                assert (values[k - 1 :] == 0).all()
    single = optim.run("valley", "gd", start=(-8.0, 0.5), steps=2000, lr=0.05, keep=keep)
    assert single.diverged_at == runs.diverged_at[1]


def test_keep_is_checked_and_its_order_is_one_compiled_run():
    with pytest.raises(ValueError, match="unknown field to keep 'position'; did you mean"):
        optim.run("beale", "gd", keep=("position",))
    with pytest.raises(ValueError, match="keep at least one of positions, losses"):
        optim.run("beale", "gd", keep=())
    optim.run("beale", "gd", steps=20, keep=("positions", "losses"))
    before = optim.compile_count()
    t = optim.run("beale", "gd", steps=20, lr=3e-3, keep=("losses", "positions"))
    assert optim.compile_count() == before and t.positions.shape == (21, 2)


def test_how_runs_end_is_where_their_records_end_to_the_last_bit():
    """A map's cell (optim.outcomes) and the trajectory drawn for it share the step's code."""
    surface, opt = surfaces.get("himmelblau"), optim.get("adam")
    lrs = np.geomspace(1e-3, 0.5, 24)
    table = optim.RunSpec("adam").table(300, len(lrs), per_run={"lr": lrs})
    starts = np.tile((-0.5, 3.5), (len(lrs), 1))
    ends = optim.outcomes(surface, opt, 300, starts, table)
    runs = optim.trajectories(surface, opt, 300, starts, table, keep=("positions", "losses"))
    np.testing.assert_array_equal(ends.diverged_at, runs.diverged_at)
    np.testing.assert_array_equal(ends.position, runs.positions[:, -1])
    np.testing.assert_array_equal(ends.loss, runs.losses[:, -1])
