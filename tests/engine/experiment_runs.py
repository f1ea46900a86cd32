"""The minimum-ratio experiment with its default settings, run once per test session (some
20 s of a loaded 2-core machine) for the tests that check what it finds."""

import functools

from optiviz.optim import minimum_ratio as experiment
from optiviz.surfaces import mlp, toy_data


@functools.cache
def default_experiment() -> experiment.MinimumRatio:
    d = experiment.DEFAULTS
    data = toy_data.dataset(d.data, n=d.points)
    return experiment.minimum_ratio(mlp.MLP(d.width, d.depth, d.activation), data)
