"""The 3-D view in Chromium: loaded only when shown, drawn with WebGL, in step with the player.

Chromium runs headless without a GPU, so WebGL runs on SwiftShader: slow, but the same code.
The view's state is read from its own object (``window.optiviz_terrain``): the step it
drew, where its balls are, its camera.
"""

from __future__ import annotations

import pytest

from optiviz.app.display.camera import PRESETS
from optiviz.app.export import export

pytestmark = pytest.mark.browser

READY = "() => window.optiviz_terrain?.ready && optiviz_terrain.renders > 0"
LOADED_VTK = """() => [...performance.getEntriesByType("resource").map((e) => e.name),
    ...[...document.scripts].map((s) => s.src)].filter((url) => /vtk/i.test(url))"""
WEBGL = """() => {
    const canvas = optiviz_terrain.canvas
    const gl = canvas.getContext("webgl2") ?? canvas.getContext("webgl")
    return [canvas.isConnected, canvas.width, canvas.height, gl != null]
}"""
STEPS = """() => {
    const heads = Bokeh.documents[0].get_model_by_name("heads").data
    return {terrain: optiviz_terrain.step, heads: Array.from(heads.step),
            x: Array.from(heads.x), y: Array.from(heads.y), balls: optiviz_terrain.balls()}
}"""


def to_box(value: float, low: float, high: float) -> float:
    return min(1.0, max(-1.0, (value - low) / (high - low) * 2 - 1))


def test_the_view_loads_nothing_until_3d_is_chosen_then_draws_webgl(app):
    app.open("?preset=optimizer-race")
    page = app.page
    page.wait_for_timeout(1500)
    assert page.evaluate(LOADED_VTK) == [], "a session that never opens it loads no vtk.js"
    assert page.evaluate("() => window.vtk === undefined && window.optiviz_terrain == null")
    page.locator(".ov-view").get_by_text("3-D").click()
    page.wait_for_function(READY, timeout=60_000)
    assert any("vtk.js" in url for url in page.evaluate(LOADED_VTK))
    connected, width, height, webgl = page.evaluate(WEBGL)
    assert connected and width > 200 and height > 200 and webgl
    page.wait_for_function("() => location.search.includes('view=3d')")
    label = page.locator(".ov-terrain-canvas").get_attribute("aria-label")
    runs = len(page.evaluate("() => Bokeh.documents[0].get_model_by_name('paths').data.label"))
    assert label.startswith("3-D view of Rosenbrock") and f"{runs} balls" in label
    page.locator(".ov-view").get_by_text("trajectories").click()
    page.wait_for_function("() => !optiviz_terrain.canvas.isConnected")
    hidden = page.evaluate("() => optiviz_terrain.renders")
    page.keyboard.press("Home")
    page.wait_for_timeout(300)
    assert page.evaluate("() => optiviz_terrain.renders") == hidden, "hidden, it does not draw"
    page.locator(".ov-view").get_by_text("3-D").click()
    page.wait_for_function(
        "n => optiviz_terrain.canvas.isConnected && optiviz_terrain.renders > n", arg=hidden
    )
    assert app.errors == [], app.errors


def test_balls_move_in_step_with_the_2d_markers_and_the_camera_resets(app):
    app.open("?preset=optimizer-race&view=3d&camera=above")
    page = app.page
    page.wait_for_function(READY, timeout=60_000)
    assert page.evaluate("() => optiviz_terrain.get_camera()") == list(PRESETS["above"].camera)
    page.locator(".ov-play").first.click()
    page.wait_for_function("() => optiviz.state().playing && optiviz_terrain.frame > 20")
    during = page.evaluate(STEPS)
    assert set(during["heads"]) == {during["terrain"]}, "same step, read during play"
    page.locator(".ov-play").first.click()
    page.wait_for_function("() => !optiviz.state().playing")
    paused = page.evaluate(STEPS)
    assert paused["heads"][0] == paused["terrain"] > during["terrain"]
    x0, x1, y0, y1 = (-2.0, 2.0, -1.0, 3.0)
    for ball, x, y in zip(paused["balls"], paused["x"], paused["y"], strict=True):
        assert ball[0] == pytest.approx(to_box(x, x0, x1), abs=1e-5)
        assert ball[1] == pytest.approx(to_box(y, y0, y1), abs=1e-5)
    page.keyboard.press("ArrowRight")
    page.wait_for_function("s => optiviz_terrain.step > s", arg=paused["terrain"])
    assert page.evaluate(STEPS)["heads"][0] == page.evaluate("() => optiviz_terrain.step")

    view = page.locator(".ov-terrain-canvas")
    view.focus()
    step = page.evaluate("() => optiviz_terrain.step")
    page.keyboard.press("ArrowLeft")
    turned = page.evaluate("() => optiviz_terrain.get_camera()")
    assert turned[0] == pytest.approx(PRESETS["above"].camera.azimuth - 10, abs=0.2)
    assert page.evaluate("() => optiviz_terrain.step") == step, "keys on the view turn it"
    page.wait_for_function("() => !location.search.includes('camera=above')")
    page.locator(".ov-terrain-reset").first.click()
    page.wait_for_function(
        "c => JSON.stringify(optiviz_terrain.get_camera()) === JSON.stringify(c)",
        arg=list(PRESETS["corner"].camera),
    )
    page.wait_for_function("() => !location.search.includes('camera=')")
    assert app.errors == [], app.errors


def test_the_exported_3d_page_plays_from_file_with_the_network_blocked(offline, tmp_path):
    side = PRESETS["side"].camera
    path = export("saddle-stuck", tmp_path / "saddle.html", view="3d", camera=side)
    page = offline(path, 1200, 900, ready=READY, timeout=60_000).page
    assert page.evaluate("() => optiviz_terrain.get_camera()") == list(side)
    page.evaluate("() => optiviz.play()")
    page.wait_for_function("() => optiviz_terrain.step > 30", timeout=30_000)
    page.evaluate("() => optiviz.pause()")
    steps = page.evaluate(STEPS)
    assert steps["heads"] == [steps["terrain"]] * len(steps["heads"])
    assert page.evaluate(WEBGL)[3]
