"""The Maps view in Chromium: issue 6's acceptance checks, read back from BokehJS's models."""

from __future__ import annotations

import math
import re

import pytest

pytestmark = pytest.mark.browser

MAP_DRAWN = """n => {
    const cells = Bokeh.documents[0].get_model_by_name('map_cells')
    return cells != null && cells.data.x.length === n
}"""


def test_the_maps_view_draws_a_heatmap_and_a_click_loads_a_cell_into_the_trajectory(app):
    app.open("?preset=local-min-momentum&view=maps&map_run=2&map_cells=32")
    app.page.wait_for_function(MAP_DRAWN, arg=32 * 32)
    cells = app.data("map_cells")
    values = [v for v in cells["value"] if v is not None and math.isfinite(v)]
    assert len(values) > 100 and min(values) < max(values)
    assert "diverged" in cells["status"]
    assert app.data("map_marker") == {"x": [0.01], "y": [0.9]}
    assert "Momentum (row 2)" in app.text(".ov-map-caption")

    before = app.data("paths")
    box = app.page.locator(".ov-map canvas").first.bounding_box()
    app.page.mouse.click(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.6)
    marker = app.wait_for_new("map_marker", "x", [0.01])
    paths = app.wait_for_new("paths", "xs", before["xs"])
    x, y = marker["x"][0], marker["y"][0]
    edges = zip(cells["left"], cells["right"], cells["bottom"], cells["top"], strict=True)
    assert sum(left < x < right and bottom < y < top for left, right, bottom, top in edges) == 1
    lr = float(app.page.locator(".ov-row-1 .ov-lr-input input").input_value())
    assert lr == pytest.approx(x, rel=1e-3)
    assert paths["xs"][1] != before["xs"][1] and paths["xs"][0] == before["xs"][0]
    assert app.data("map_cells")["value"] == cells["value"]
    app.page.wait_for_function("() => window.location.search.includes('view=maps')")
    app.screenshot("maps.png")

    finite, diverged = (hover(app, box, x, 0.4) for x in (0.2, 0.78))
    assert finite.endswith("diverged at step: —")
    assert re.search(r"diverged at step: \d+$", diverged)
    assert app.errors == []


def hover(app, box: dict, x: float, y: float) -> str:
    """The map's tooltip at fractions (x, y) of its canvas, once it shows that cell."""
    tooltip = app.page.locator(".bk-tooltip-content", has_text="diverged at step").first
    before = tooltip.inner_text() if tooltip.count() else None
    app.page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
    tooltip.wait_for()
    app.page.wait_for_function(
        """before => [...document.querySelectorAll(".bk-Tooltip")].some(t => {
            const text = t.shadowRoot?.querySelector(".bk-tooltip-content")?.innerText
            return text != null && text.includes("diverged at step") && text !== before
        })""",
        arg=before,
    )
    return " ".join(tooltip.inner_text().split())


def test_the_basin_overlay_and_the_seed_fan_draw_on_the_surface_plot(app):
    app.open("?preset=saddle-stuck&map_run=2&basins=1&fan=1")
    app.page.wait_for_function(
        "() => Bokeh.documents[0].get_model_by_name('fan').data.xs.length === 16", timeout=30_000
    )
    fan = app.data("fan")
    ends = {(xs[-1], ys[-1]) for xs, ys in zip(fan["xs"], fan["ys"], strict=True)}
    assert len(ends) > 1
    basins = app.data("basins")
    assert len(basins["image"]) == 1 and basins["dw"][0] > 4
    assert "Basins of row 2" in app.text(".ov-overlay-note")

    app.page.locator(".ov-fan-toggle input").click()
    app.page.wait_for_function(
        "() => Bokeh.documents[0].get_model_by_name('fan').data.xs.length === 0"
    )
    app.page.wait_for_function("() => !window.location.search.includes('fan=1')")
    app.screenshot("overlays.png")
    assert app.errors == []
