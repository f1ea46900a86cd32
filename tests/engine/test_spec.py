"""The run spec: checked once, one compiled variant per kind of run, the same runs in the
short form and with a spec, and plain dicts both ways."""

import math

import numpy as np
import pytest

from optiviz import optim
from optiviz.optim import RunSpec
from optiviz.optim.scene import Run

ROSENBROCK = {"start": (-1.5, 2.0), "steps": 60}


def test_the_short_form_and_a_spec_run_the_same_trajectory():
    settings = {"lr": 0.02, "beta1": 0.8, "schedule": "cosine:warmup=10", "clip": 5.0}
    short = optim.run("rosenbrock", "adam", **ROSENBROCK, **settings)
    spec = RunSpec.make("adam", **settings)
    assert spec.hyperparameters == {"beta1": 0.8} and spec.clip == 5.0
    np.testing.assert_array_equal(
        optim.run("rosenbrock", spec, **ROSENBROCK).positions, short.positions
    )


def test_keywords_given_with_a_spec_change_it():
    spec = RunSpec.make("momentum", lr=1e-3, momentum=0.5)
    changed = optim.run("rosenbrock", spec, **ROSENBROCK, momentum=0.9)
    expected = optim.run("rosenbrock", "momentum", **ROSENBROCK, lr=1e-3, momentum=0.9)
    np.testing.assert_array_equal(changed.positions, expected.positions)
    assert spec.hyperparameters == {"momentum": 0.5}, "a spec is a value: the call made a new one"


def test_a_scene_run_is_a_spec():
    run = Run("adam", lr=0.05, hyperparameters={"beta2": 0.99}, label="mine", start=(1.0, 1.0))
    t = optim.run("rosenbrock", run, **ROSENBROCK)
    reference = optim.run("rosenbrock", "adam", **ROSENBROCK, lr=0.05, beta2=0.99)
    np.testing.assert_array_equal(t.positions, reference.positions)


@pytest.mark.parametrize(
    ("spec", "variant"),
    [
        (RunSpec("gd"), ("gd", "constant", False, False)),
        (RunSpec("adamw", schedule="cosine"), ("adamw", "cosine", False, False)),
        (RunSpec("gd", noise=0.5), ("gd", "constant", True, False)),
        (RunSpec("gd", batch_size=4), ("gd", "constant", True, False)),
        (RunSpec("rmsprop", clip=1.0, schedule="step"), ("rmsprop", "step", False, True)),
    ],
)
def test_a_spec_knows_its_compiled_variant(spec, variant):
    got = spec.variant()
    assert (got.optimizer.name, got.schedule, got.stochastic, got.clipped) == variant
    assert got.optimizer.decoupled_weight_decay == (spec.optimizer == "adamw")


def test_per_run_values_switch_the_parts_they_need_on():
    spec = RunSpec("gd")
    assert spec.variant({"noise": np.array([0.0, 0.5])}).stochastic
    assert not spec.variant({"noise": np.zeros(2)}).stochastic
    assert spec.variant({"batch_size": np.array([1.0, 8.0])}).stochastic
    assert spec.variant({"clip": np.array([1.0])}).clipped


def test_specs_with_the_same_variant_share_one_compilation():
    optim.run("beale", RunSpec("adam", lr=1e-2), start=(1.0, 1.0), steps=40)
    before = optim.compile_count()
    for spec in (
        RunSpec.make("adam", lr=0.3, beta1=0.5, beta2=0.9, eps=1e-6, weight_decay=0.1),
        RunSpec("adam", seed=4),
    ):
        optim.run("beale", spec, start=(0.5, 0.5), steps=40)
    assert optim.compile_count() == before


def test_the_table_has_a_column_per_catalogue_entry_and_per_run_values_in_theirs():
    spec = RunSpec.make("momentum", lr=0.1, schedule="step:gamma=0.5", noise=2.0)
    table = spec.table(steps=300, n=3, per_run={"momentum": [0.0, 0.5, 0.9], "N": [10, 20, 30]})
    hp = optim.HyperParams(*table.T)
    assert table.shape == (3, len(optim.HyperParams._fields))
    assert hp.momentum.tolist() == [0.0, 0.5, 0.9] and hp.N.tolist() == [10, 20, 30]
    assert (hp.lr == 0.1).all() and (hp.gamma == 0.5).all() and (hp.noise == 2.0).all()
    assert (hp.T == 300).all() and (hp.clip == math.inf).all() and (hp.batch_size == 0).all()


@pytest.mark.parametrize(
    ("per_run", "message"),
    [
        ({"beta1": [0.9]}, "unknown hyperparameter of momentum 'beta1'"),
        ({"momentum": [0.5, 1.0]}, r"momentum must be in \[0, 1\), got 1"),
        ({"T": [10, 20]}, "unknown hyperparameter of momentum 'T'"),
        ({"gamma": [0.5, 2.0]}, r"schedule step: gamma must be in \(0, 1\]"),
        ({"lr": [0.1, 0.2, 0.3]}, "lr must be a number or 2 numbers"),
    ],
)
def test_per_run_values_are_checked(per_run, message):
    with pytest.raises(ValueError, match=message):
        RunSpec("momentum", schedule="step").table(steps=10, n=2, per_run=per_run)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"optimizer": "adma"}, "did you mean 'adam'"),
        ({"optimizer": ["gd"]}, "unknown optimizer"),
        ({"hyperparameters": [1, 2]}, "hyperparameters must map names to numbers"),
        ({"hyperparameters": {"momentum": "fast"}}, "momentum must be a number, got 'fast'"),
        ({"lr": [0.1, 0.2]}, "lr must be a number"),
        ({"schedule": 5}, "schedule must be NAME"),
        ({"schedule": "cosine:T=0"}, r"schedule cosine: T must be in \[1, 1000000\]"),
        ({"convention": "keras"}, "unknown convention"),
        ({"batch_size": 2.5}, "batch_size must be a whole number"),
        ({"clip": -1}, "clip must be > 0"),
        ({"start": "a,b"}, "start must be two finite numbers"),
        ({"surface": "valey"}, "did you mean 'valley'"),
        ({"speed": 1}, "unknown run key 'speed'"),
    ],
)
def test_a_run_from_untrusted_data_is_a_value_error_naming_the_bad_value(data, message):
    with pytest.raises(ValueError, match=message):
        Run.from_dict({"optimizer": "momentum", **data})


def test_a_directly_built_schedule_is_checked_too():
    with pytest.raises(ValueError, match="did you mean 'cosine'"):
        RunSpec("gd", schedule=optim.Schedule("cosin"))
    with pytest.raises(ValueError, match=r"schedule cosine: warmup must be in"):
        RunSpec("gd", schedule=optim.Schedule("cosine", warmup=-1))
    with pytest.raises(ValueError, match="schedule cosine: values must be numbers"):
        RunSpec("gd", schedule=optim.Schedule("cosine", warmup=[1]))


def test_specs_and_runs_round_trip_through_plain_dicts():
    run = Run.make(
        "rmsprop", lr=0.01, alpha=0.9, schedule="exp", gamma=0.95, convention="course",
        noise=0.1, batch_size=8, seed=3, clip=2.0, start=(0.5, -1.0), label="r", surface="valley",
    )  # fmt: skip
    assert str(run.schedule) == "exp:gamma=0.95" and run.hyperparameters == {"alpha": 0.9}
    data = run.to_dict()
    assert data["start"] == [0.5, -1.0] and data["schedule"] == "exp:gamma=0.95"
    assert Run.from_dict(data) == run
    spec = RunSpec.make("nesterov", momentum=0.7)
    assert RunSpec.from_dict(spec.to_dict()) == spec


def test_resolved_fills_in_the_optimizer_s_own_defaults():
    assert RunSpec("adagrad").resolved()["eps"] == 1e-10
    assert RunSpec("rmsprop").resolved()["momentum"] == 0.0
    adamw = RunSpec("adamw", clip=1.0).resolved()
    assert adamw["lr"] == 1e-3 and adamw["weight_decay"] == 1e-2 and adamw["clip"] == 1.0
    assert RunSpec.make("momentum", momentum=None).resolved()["momentum"] == 0.9


def test_sweep_grids_replace_a_spec_s_values_but_clash_with_keywords():
    spec = RunSpec.make("momentum", lr=0.5, momentum=0.1, noise=0.0)
    grid = {"lr": np.geomspace(1e-3, 1e-2, 3), "momentum": np.array([0.0, 0.9])}
    around = optim.sweep("valley", spec, grid=grid, steps=50)
    plain = optim.sweep("valley", "momentum", grid=grid, steps=50)
    np.testing.assert_array_equal(around.values, plain.values)
    assert around.cell(2, 1) == RunSpec.make("momentum", lr=grid["lr"][2], momentum=0.9)
    with pytest.raises(ValueError, match="momentum is both swept and fixed"):
        optim.sweep("valley", spec, grid=grid, steps=50, momentum=0.3)
