"""The catalogue: every number a run takes and every metric is declared once, and what
reads them (the traced record, the optimizers, the schedules, map axes) agrees with it."""

import pytest

from optiviz import optim
from optiviz.optim import axes, hyperparameters
from optiviz.optim.hyperparameters import PARAMETERS
from optiviz.optim.schedules import KEYS
from optiviz.optim.spec import RunSpec


def test_the_traced_record_has_a_column_per_entry():
    assert optim.HyperParams._fields == tuple(p.name for p in hyperparameters.COLUMNS)
    assert "steps" in PARAMETERS and "steps" not in optim.HyperParams._fields


def test_each_entry_is_documented_and_its_ui_span_is_valid():
    for p in PARAMETERS.values():
        assert p.symbol and p.label and p.help, p.name
        assert (p.default is None) == bool(p.none), p.name
        if p.default is not None:
            p.check(p.default)
        if p.ui is not None:
            assert p.ui.low < p.ui.high, p.name
            p.check(p.ui.low)
            p.check(p.ui.high)
            assert not p.log or p.ui.low > 0, p.name


@pytest.mark.parametrize("name", optim.names())
def test_optimizers_take_catalogue_entries(name):
    """An optimizer may change an entry's default (AdaGrad's ε, RMSProp's momentum), never
    its name, symbol or range."""
    for p in optim.get(name).parameters:
        entry = hyperparameters.get(p.name)
        assert p._replace(default=entry.default) == entry


def test_schedule_keys_are_catalogue_entries():
    keys = {key for kind_keys in KEYS.values() for key in kind_keys}
    assert keys == {p.name for p in hyperparameters.SCHEDULE_KEYS}
    assert tuple(optim.Schedule._fields[1:]) == tuple(p.name for p in hyperparameters.SCHEDULE_KEYS)


def test_an_unknown_name_suggests_the_closest():
    with pytest.raises(ValueError, match="did you mean 'beta1'"):
        hyperparameters.get("bta1")


def test_metrics_say_what_an_empty_cell_means():
    for metric in optim.SWEEP_METRICS.values():
        assert metric.label and metric.title and metric.missing_label
    assert optim.SWEEP_METRICS["diverged"].missing_label == "stayed finite"


def test_map_axes_offer_the_optimizer_s_coefficients_noise_batch_clip_and_schedule_keys():
    spec = RunSpec("rmsprop", schedule="step")
    choices = axes.axis_choices(spec)
    assert list(choices) == [
        *("lr", "alpha", "eps", "momentum", "weight_decay"),
        *("noise", "batch_size", "clip", "N", "gamma", "warmup"),
    ]
    assert choices["alpha"].label == "α (RMSProp)" and choices["lr"].log
    batch = choices["batch_size"].values(1, 256, 48)
    assert batch[0] == 1 and batch[-1] == 256 and (batch == batch.round()).all()


def test_map_axes_start_around_the_run_s_values():
    spec = RunSpec.make("momentum", lr=0.02, noise=0.5, schedule="exp")
    assert axes.default_axes("momentum") == ("lr", "momentum")
    assert axes.default_axes("adam") == ("lr", "beta1") and axes.default_axes("gd")[1] == "none"
    assert axes.default_range(spec, "lr", 500) == pytest.approx((2e-4, 2.0))
    assert axes.default_range(spec, "noise", 500) == (0.0, 2.0)
    assert axes.default_range(spec, "momentum", 500) == (0.0, 0.99)
    assert axes.default_range(spec, "gamma", 500) == (0.9, 1.0)
    assert axes.current_value(spec, "gamma", 500) == 0.99
    assert axes.current_value(spec, "clip", 500) is None
    assert axes.current_value(spec, "batch_size", 500) is None
    with pytest.raises(ValueError, match="unknown axis for momentum 'beta1'"):
        axes.default_range(spec, "beta1", 500)


def test_an_axis_range_is_checked():
    lr = axes.axis_choices(RunSpec("gd"))["lr"]
    assert lr.check(1e-4, 1.0) == (1e-4, 1.0)
    with pytest.raises(ValueError, match="expected FROM < TO"):
        lr.check(1.0, 1e-4)
    with pytest.raises(ValueError, match="lr must be > 0"):
        lr.check(0.0, 1.0)
