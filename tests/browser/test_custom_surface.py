"""The Custom surface in Chromium: type a formula, see it plotted; a broken one, see why."""

from __future__ import annotations

import urllib.parse

import numpy as np
import pytest

from optiviz import surfaces
from optiviz.app.display.scene_data import GRID_SIZE

pytestmark = pytest.mark.browser

IMAGE_JS = """() => {
    const image = Bokeh.documents[0].get_model_by_name('image').data.image[0]
    return Array.from(image.flat ? image.flat(Infinity) : image)
}"""


def plotted(app) -> np.ndarray:
    """The surface heat map BokehJS holds, as a square grid."""
    values = np.array(app.page.evaluate(IMAGE_JS), dtype=np.float64)
    return values.reshape(GRID_SIZE, GRID_SIZE)


def test_a_typed_formula_is_plotted_and_a_broken_one_explained(app, new_app, server):
    app.open("?preset=saddle-stuck")
    before = app.data("image")["x"]
    app.page.locator(".ov-surface select").select_option(label="Custom: type a formula")
    box = app.page.locator(".ov-formula-input input")
    box.wait_for()
    formula = "0.1*(x**2 + y**2) + sin(2*x)*cos(2*y)"
    box.fill("")
    box.press_sequentially(formula, delay=15)
    app.page.wait_for_function(
        "() => window.location.search.includes('formula=0.1*(x**2')", timeout=15_000
    )
    assert app.data("image")["x"] != before
    expected = surfaces.grid(surfaces.from_formula(formula), GRID_SIZE).values
    assert np.allclose(plotted(app), expected, rtol=1e-5, atol=1e-6)
    assert "sin" in app.text(".ov-formula-math") and "cos" in app.text(".ov-formula-math")
    assert app.page.locator(".ov-formula-error").is_hidden()
    paths = app.data("paths")
    assert len(paths["xs"][0]) > 1
    app.screenshot("formula.png")

    box.press_sequentially(" + foo(y)", delay=15)
    app.page.locator(".ov-formula-error", has_text="unknown function 'foo'").wait_for()
    text = app.text(".ov-formula-error")
    assert "unknown function 'foo'" in text
    column = len(formula) + 4
    assert f"column {column}" in text
    app.page.wait_for_timeout(800)
    assert app.data("paths") == paths, "a refused formula never runs"
    app.screenshot("formula-error.png")

    shared = app.page.url
    assert "formula=" in urllib.parse.urlparse(shared).query
    reopened = new_app().open(shared.removeprefix(server))
    assert reopened.page.locator(".ov-formula-input input").input_value() == formula
    assert np.array_equal(plotted(reopened), plotted(app))
    assert reopened.data("paths") == paths
    assert reopened.page.locator(".ov-notice").is_hidden()
    assert app.errors == [] and reopened.errors == []
