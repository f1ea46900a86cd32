"""The lab in-process (no browser): live recomputation without recompiling."""

from __future__ import annotations

import numpy as np
import panel as pn
import pytest

from optiviz import optim
from optiviz.app.lab import Lab


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
    assert len(lab.rows.column.objects) == len(lab.state.runs) == 7


def test_removing_and_duplicating_rows(lab):
    lab.rows.remove(lab.rows.views[6])
    assert len(lab.state.runs) == 6
    lab.rows.duplicate(lab.rows.views[0])
    assert [r.optimizer for r in lab.state.runs][:2] == ["gd", "gd"]
    assert len(lab.figure.surfaces[0].sources["paths"].data["xs"]) == 7
    assert lab.rows.add_button.disabled


def test_a_diverging_row_gets_its_message_and_others_do_not(lab):
    lab.state.load_preset("valley-lr-too-large")
    assert lab.rows.views[0].message == ""
    lab.state.runs[0].lr = 1.0
    message = lab.rows.views[0].message
    assert message.startswith("**Diverged at step")
    assert "2/λmax = 0.01" in message
