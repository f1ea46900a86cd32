"""The text view in Chromium: what the live region says after a setting changes, checked
against the engine, and that it speaks when the player stops, not while it plays."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from optiviz.app.web.url import parse_query
from optiviz.optim.scene import simulate

pytestmark = pytest.mark.browser

RUN = re.compile(
    r"Run (\d+), .*?: starts at \(([^,]+), ([^)]+)\); at step (\d+) at \(([^,]+), ([^)]+)\), "
    r"loss (-?[0-9.]+(?:e[-+]\d+)?|-?inf|nan)\."
)


def live_text(app) -> str:
    return app.text(".ov-live")


def wait_for_text(app, needle: str, seconds: float = 15) -> str:
    """The live region's text once it says ``needle``."""
    for _ in range(int(seconds * 10)):
        text = live_text(app)
        if needle in text:
            return text
        app.page.wait_for_timeout(100)
    raise AssertionError(f"the live region never said {needle!r}; it says {text!r}")


def test_after_a_setting_changes_the_live_region_states_each_run_s_end(app):
    app.open("?preset=local-min-momentum")
    app.page.wait_for_function("() => window._optiviz_access != null")
    region = app.page.locator(".ov-live")
    assert region.get_attribute("aria-live") == "polite"
    assert region.get_attribute("role") == "status"
    lr = app.page.locator(".ov-row-1 .ov-lr-input input")
    lr.fill("0.004")
    lr.press("Enter")
    text = wait_for_text(app, "η=0.004")
    state, _ = parse_query(urllib.parse.urlparse(app.page.url).query)
    scene = state.scene()
    trajectories = simulate(scene)
    runs = RUN.findall(text)
    assert len(runs) == len(scene.runs) == 2
    for k, ((i, x0, y0, step, x, y, loss), run, t) in enumerate(
        zip(runs, scene.runs, trajectories, strict=True)
    ):
        assert int(i) == k + 1
        assert int(step) == scene.steps
        assert (float(x0), float(y0)) == pytest.approx(scene.start_of(run), rel=1e-3)
        assert (float(x), float(y)) == pytest.approx(tuple(t.positions[-1]), rel=1e-3, abs=1e-9)
        assert float(loss) == pytest.approx(float(t.losses[-1]), rel=1e-3, abs=1e-12)
    assert f"step {scene.steps} of {scene.steps}" in text


def test_it_speaks_when_the_player_stops_not_while_it_plays(app):
    app.open("?preset=local-min-momentum")
    app.page.wait_for_function("() => window._optiviz_access != null")
    at_end = live_text(app)
    app.page.locator(".ov-play button").click()
    app.page.wait_for_function("() => Bokeh.documents[0].get_model_by_name('scrubber').value > 20")
    app.page.wait_for_timeout(400)
    assert live_text(app) == at_end, "nothing is said while it plays"
    app.page.keyboard.press("Space")
    paused = app.model("scrubber", "value")
    step = app.data("timeline")["step"][paused]
    text = wait_for_text(app, f"step {step} of")
    heads = app.data("heads")
    runs = RUN.findall(text)
    assert [float(x) for *_, x, _, _ in runs] == pytest.approx(heads["x"], rel=1e-3)
    assert [float(y) for *_, y, _ in runs] == pytest.approx(heads["y"], rel=1e-3)
