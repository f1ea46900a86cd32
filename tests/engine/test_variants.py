"""A page's grids: the values its sliders reach, and one run_many call per run."""

import numpy as np
import pytest

from optiviz import optim
from optiviz.optim import presets, variants
from optiviz.optim.scene import Run, Scene, simulate
from optiviz.optim.variants import scene_grids, slider_values


@pytest.mark.parametrize("lr", [0.1, 0.011, 1e-7, 4e-8, 7.5])
def test_lr_values_span_the_app_slider_and_hold_the_runs_own_exactly(lr):
    values, own = slider_values("lr", lr)
    assert values[own] == lr
    assert len(values) >= 33
    assert values[0] <= 1e-8 and values[-1] >= 10.0
    assert (np.diff(np.log10(values)) <= 0.31).all(), "no gap wider than 1 → 2 on a log scale"


@pytest.mark.parametrize("name", sorted(set(variants.VALUES) - {"lr"}))
def test_other_names_have_at_least_nine_values(name):
    own = variants.VALUES[name][3]
    values, index = slider_values(name, own)
    assert len(values) >= 9 and values[index] == own and (np.diff(values) > 0).all()


def test_one_run_many_call_per_run_over_the_product_of_the_names_it_takes(monkeypatch):
    scene = presets.get("local-min-momentum").scene
    calls = []
    real = variants.run_many

    def counting(*args, **kwargs):
        calls.append(len(kwargs["starts"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(variants, "run_many", counting)
    gd, momentum = scene_grids(scene, ("lr", "momentum"))
    assert [axis.name for axis in gd.axes] == ["lr"]
    assert momentum.shape == (len(slider_values("lr", 0.01)[0]), 12)
    assert calls == [len(gd.trajectories), len(momentum.trajectories)]
    own = simulate(scene)
    for grid, trajectory in zip((gd, momentum), own, strict=True):
        np.testing.assert_allclose(
            grid.trajectories[grid.own].positions, trajectory.positions, rtol=1e-9, atol=1e-12
        )
    point = momentum.own - 1
    assert momentum.values_at(point) == {"lr": 0.01, "momentum": 0.8}
    single = optim.run(
        "local_min", "momentum", start=(2.3, 1.0), lr=0.01, momentum=0.8, convention="course"
    )
    np.testing.assert_allclose(momentum.trajectories[point].positions, single.positions, rtol=1e-9)


def test_a_grid_point_is_the_run_with_those_values():
    run = Run("adam", lr=0.05, hyperparameters={"beta2": 0.99}, label="Adam")
    (grid,) = scene_grids(Scene("rosenbrock", (-1.5, 2.0), 50, (run,)), ("beta2", "lr"))
    point = int(np.ravel_multi_index((2, grid.axes[1].own), grid.shape))
    at = grid.run_at(point)
    assert at.hyperparameters == {"beta2": 0.98} and at.lr == 0.05 and at.label == "Adam"
    assert grid.resolved["beta2"] == 0.99


@pytest.mark.parametrize(
    ("vary", "message"),
    [
        (("lr", "momentm"), "unknown name to vary 'momentm'; did you mean 'momentum'"),
        (("beta2",), "cannot vary beta2: no run of this scene takes it"),
        (("batch_size",), "cannot vary batch_size"),
        (("lr", "momentum", "weight_decay"), "too many for one page"),
    ],
)
def test_names_that_cannot_vary_are_refused_in_one_line(vary, message):
    scene = presets.get("local-min-momentum").scene
    scene = Scene(scene.surface, scene.start, 3000, scene.runs)
    with pytest.raises(ValueError, match=message):
        scene_grids(scene, vary)
