"""The Custom surface in the app, in-process: its URL state, the formula box, the plot."""

from __future__ import annotations

import urllib.parse

import numpy as np
import panel as pn
import pytest

from optiviz import surfaces
from optiviz.app.plots.side_plots import loss_title
from optiviz.app.web import url
from optiviz.app.web.lab import Lab
from optiviz.app.web.state import DEFAULT_FORMULA, AppState
from optiviz.app.web.url import parse_query
from optiviz.surfaces.formula import DEFAULT_BOUNDS


def search(**values: str) -> str:
    return "?" + urllib.parse.urlencode(values)


def test_a_typed_surface_round_trips_through_the_url():
    state = AppState()
    state.load_preset("valley-adagrad")
    state.show_formula("sin(x) + 0.5*y**2", (-3, 3, -2, 2))
    scene = state.scene()
    assert (scene.surface, scene.formula, scene.bounds) == (
        "custom",
        "sin(x) + 0.5*y**2",
        (-3, 3, -2, 2),
    )
    x0, x1, y0, y1 = scene.bounds
    assert x0 <= scene.start[0] <= x1 and y0 <= scene.start[1] <= y1
    assert "formula=sin(x)+%2B+0.5*y**2" in url.search(state)
    reopened, notices = parse_query(url.search(state))
    assert notices == []
    assert reopened.scene() == scene


def test_a_formula_alone_opens_the_custom_surface_with_default_bounds():
    state, notices = parse_query(search(formula="x**2 - y**2"))
    scene = state.scene()
    assert notices == []
    assert (scene.surface, scene.formula, scene.bounds) == ("custom", "x**2 - y**2", DEFAULT_BOUNDS)
    assert "bounds=" not in url.search(state)


@pytest.mark.parametrize(
    "formula",
    [
        "__import__('os').system('true')",
        "().__class__.__bases__[0]",
        "(lambda: 1)()",
        "x.real",
        "exec('1')",
        "9**9**9**9",
        "log(-1 - x**2)",
        "sin(" * 30 + "x" + ")" * 30,
        "x" * 900,
    ],
)
def test_a_hostile_formula_in_a_link_falls_back_with_a_notice(formula):
    state, notices = parse_query(search(surface="custom", formula=formula, steps="50"))
    assert state.scene().formula == DEFAULT_FORMULA
    assert state.scene().steps == 50
    assert len(notices) == 1 and notices[0].startswith("formula:")


@pytest.mark.parametrize("bounds", ["1,0,0,1", "0,1,0", "nan,1,0,1", "0,1e308,0,1", "a,b,c,d"])
def test_bad_bounds_in_a_link_fall_back_with_a_notice(bounds):
    state, notices = parse_query(search(formula="x**2 + y**2", bounds=bounds))
    assert state.scene().bounds == DEFAULT_BOUNDS
    assert state.scene().formula == "x**2 + y**2"
    assert [n.split(":")[0] for n in notices] == ["bounds"]


def test_choosing_the_custom_surface_starts_off_centre_on_the_plot():
    state = AppState()
    state.load_preset("valley-adagrad")
    state.choose_surface("custom")
    assert state.preset == "", "the preset's caption no longer applies"
    x0, x1, y0, y1 = DEFAULT_BOUNDS
    assert state.scene().formula == DEFAULT_FORMULA
    assert state.start == (x0 + 0.1 * (x1 - x0), y0 + 0.7 * (y1 - y0))
    state.choose_surface("himmelblau")
    assert state.start == tuple(surfaces.get("himmelblau").start)
    assert state.scene().formula is None


@pytest.fixture(scope="module")
def lab():
    pn.extension("katex")
    return Lab(search(formula="x**2 + 10*y**2", steps="100"))


def test_the_box_checks_each_keystroke_and_runs_on_enter(lab):
    box = lab.controls.formula
    assert lab.controls.formula_card.visible
    assert lab.figure.surfaces[0].surface.description == "x**2 + 10*y**2"
    box.input.value_input = "x**2 + sin(y"
    assert box.error.visible
    assert "column 11" in box.error.object and "was never closed" in box.error.object
    caret = box.error.object.split("\n")[1].split("</pre>")[0]
    assert caret == " " * 10 + "^"
    assert lab.state.formula == "x**2 + 10*y**2", "an invalid formula never runs"

    box.input.value_input = "x**2 + sin(3*y)"
    assert not box.error.visible
    assert box.math.object == r"$L(x, y) = x^{2} + \sin\left(3\,y\right)$"
    assert lab.state.formula == "x**2 + 10*y**2", "outside a server, typing alone never runs"
    box.input.value = "x**2 + sin(3*y)"
    assert lab.state.formula == "x**2 + sin(3*y)"
    plotted = lab.figure.surfaces[0]
    assert plotted.surface.description == "x**2 + sin(3*y)"
    image = plotted.sources["image"].data["image"][0]
    grid = surfaces.grid(plotted.surface, image.shape[0])
    assert np.allclose(image, grid.values, rtol=1e-6)
    assert "x^{2} + \\sin" in lab.caption.formula.object


def test_a_formula_finite_nowhere_is_refused_under_the_box(lab):
    box = lab.controls.formula
    before = lab.state.scene()
    box.input.param.update(value_input="log(-1 - x**2)", value="log(-1 - x**2)")
    assert box.error.visible and "not finite anywhere" in box.error.object
    assert lab.state.scene() == before


def test_bounds_are_checked_and_move_the_plot(lab):
    box = lab.controls.formula
    box.input.param.update(value_input="x**2 + y**2", value="x**2 + y**2")
    box.bounds[1].value = -9.0
    assert box.error.visible and "x from" in box.error.object
    box.bounds[1].value = 2.0
    assert not box.error.visible
    assert lab.state.bounds == (-5.0, 2.0, -5.0, 5.0)
    assert lab.figure.surfaces[0].figure.x_range.end == 2.0


def test_a_negative_formula_still_draws_its_loss_curve(lab):
    lab.controls.formula.input.value = "sin(x)*cos(y) - 2"
    (curve,) = lab.figure.data.loss["ys"]
    finite = curve[np.isfinite(curve)]
    assert len(finite) >= 10 and finite[0] > 0, "L < 0 everywhere, yet the gap is drawn"
    assert np.all(np.diff(finite) <= 1e-12), "and it falls as the run descends"


def test_without_known_minima_the_side_plots_say_what_they_measure_against(lab):
    side = lab.figure.side
    assert side.note.visible and side.note.text == "no known minimum"
    assert side.figures[0].title.text.endswith("(L* = min(0, lowest L seen))")
    lab.state.choose_surface("himmelblau")
    assert lab.figure.side is side
    assert not side.note.visible
    assert side.figures[0].title.text.endswith("(L* = best known minimum)")
    lab.state.show_formula("x**2 + y**2", (-5.0, 5.0, -5.0, 5.0))
    assert side.note.visible
    mixed = loss_title([surfaces.get("valley"), surfaces.from_formula("x**2 + y**2")])
    assert mixed.endswith("(L* = best known minimum, or min(0, lowest L seen))")
