"""The lab in-process (no browser): live recomputation without recompiling."""

from __future__ import annotations

import numpy as np
import panel as pn
import pytest

from optiviz import optim, surfaces
from optiviz.app.web.lab import Lab
from optiviz.optim.scene import Run, Scene


@pytest.fixture(scope="module")
def lab():
    pn.extension("katex")
    return Lab("?preset=optimizer-race")


def test_moving_learning_rates_recomputes_without_compiling(lab):
    compiled = optim.compile_count()
    for i, lr in enumerate([2e-3, 5e-4, 3e-3, 1e-4]):
        before = lab.figure.data.paths[0]["xs"][i % 6]
        lab.state.runs[i % 6].lr = lr
        assert not np.array_equal(lab.figure.data.paths[0]["xs"][i % 6], before)
    lab.state.runs[1].momentum = 0.5
    lab.state.runs[5].beta2 = 0.99
    assert optim.compile_count() == compiled


def test_the_figure_shows_the_state_s_scene(lab):
    lab.state.runs[0].lr = 1e-3
    paths = lab.figure.surfaces[0].sources["paths"].data
    assert paths["label"] == [run.run().title() for run in lab.state.runs]
    assert len(lab.rows.column.objects) == len(lab.state.runs) == 8


def test_removing_and_duplicating_rows(lab):
    lab.rows.remove(lab.rows.views[7])
    assert len(lab.state.runs) == 7
    lab.rows.duplicate(lab.rows.views[0])
    assert [r.optimizer for r in lab.state.runs][:2] == ["gd", "gd"]
    assert len(lab.figure.surfaces[0].sources["paths"].data["xs"]) == 8
    assert lab.rows.add_button.disabled


def test_a_diverging_row_gets_its_message_and_others_do_not(lab):
    lab.state.load_preset("valley-lr-too-large")
    assert lab.rows.views[0].message == ""
    lab.state.runs[0].lr = 1.0
    message = lab.rows.views[0].message
    assert message.startswith("**Diverged at step")
    assert "2/λmax = 0.01" in message


def test_gd_rows_show_2_over_lambda_max_at_the_inspected_point_of_their_own_plot_only():
    lab = Lab("?preset=valley-adagrad")
    runs = (Run("gd", lr=1e-3), Run("gd", lr=1e-3, surface="rosenbrock", start=(-1.5, 2.5)))
    lab.state.load(Scene("saddle", (0.8, -0.8), 50, runs))
    lab.inspected_plot = 0
    lab.state.inspect = (0.5, 0.5)
    saddle, rosenbrock = surfaces.get("saddle"), surfaces.get("rosenbrock")
    stable = [view.stable_lr for view in lab.rows.views]
    assert stable[0] == surfaces.hessian_at(saddle, (0.5, 0.5)).max_stable_lr
    assert stable[1] == surfaces.hessian_at(rosenbrock, (-1.5, 2.5)).max_stable_lr
