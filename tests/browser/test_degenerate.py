"""Degenerate surfaces in Chromium: a flat formula, tiny bounds and huge values are drawn, and
a flat surface says so on the plot."""

from __future__ import annotations

import numpy as np
import pytest

from optiviz import surfaces
from optiviz.app.display.scene_data import GRID_SIZE

pytestmark = pytest.mark.browser

IMAGE_JS = """() => {
    const image = Bokeh.documents[0].get_model_by_name('image').data.image[0]
    return Array.from(image.flat ? image.flat(Infinity) : image)
}"""


def contour_points(app) -> int:
    """How many points the contour lines of every surface plot have."""
    return app.page.evaluate(
        """() => [...Bokeh.documents[0].all_models]
            .filter(m => m.name != null && m.name.startsWith('contour_lines'))
            .reduce((n, r) => n + [...r.data_source.data.x].filter(Number.isFinite).length, 0)"""
    )


def note(app) -> tuple[bool, str]:
    label = app.page.evaluate(
        "() => { const m = Bokeh.documents[0].get_model_by_name('surface_note');"
        " return m == null ? [false, ''] : [m.visible, m.text] }"
    )
    return bool(label[0]), label[1]


@pytest.mark.parametrize(
    ("query", "text"),
    [("?formula=0*x", "L = 0 everywhere"), ("?formula=1&bounds=0,1e-9,0,1e-9", "L = 1 everywhere")],
)
def test_a_flat_surface_is_drawn_with_a_note(app, query, text):
    app.open(query)
    visible, shown = note(app)
    assert visible and text in shown and shown.startswith("The surface is flat here")
    assert contour_points(app) == 0
    assert len(app.data("paths")["xs"]) == 1
    assert app.data("image")["dw"][0] > 0
    assert app.page.locator(".ov-notice").is_hidden(), "nothing in the link was refused"
    app.page.locator(".ov-plot canvas").first.wait_for()
    app.screenshot("flat-surface.png")
    assert app.errors == []


def test_tiny_bounds_and_huge_values_are_drawn_with_contours(app):
    app.open("?formula=x**2%2By**2&bounds=1,1.000000001,1,1.000000001")
    assert contour_points(app) > 0 and not note(app)[0]
    assert app.model("surface", "x_range") is not None
    app.screenshot("tiny-bounds.png")
    app.open("?formula=1e300*x**2")
    expected = surfaces.grid(surfaces.from_formula("1e300*x**2"), GRID_SIZE).values
    plotted = np.array(app.page.evaluate(IMAGE_JS), dtype=np.float64)
    assert np.allclose(plotted, expected.ravel(), rtol=1e-12), "no float32 overflow"
    assert contour_points(app) > 0
    assert app.errors == []
