"""The start boxes show the state's start without writing a half-shown point back."""

from __future__ import annotations

from optiviz.app.web import url
from optiviz.app.web.scene_controls import SceneControls


def test_showing_the_start_does_not_change_it():
    state, _ = url.parse_query("?preset=valley-adagrad")
    starts = []
    state.param.watch(lambda event: starts.append(event.new), ["start"])
    controls = SceneControls(state)
    assert (controls.start_x.value, controls.start_y.value) == state.start
    state.start = (1.5, -2.0)
    assert starts == [(1.5, -2.0)], "no (1.5, old w₂) in between"


def test_a_typed_coordinate_moves_the_start():
    state, _ = url.parse_query("?preset=valley-adagrad")
    controls = SceneControls(state)
    controls.start_y.value = 1.25
    assert state.start == (controls.start_x.value, 1.25)
