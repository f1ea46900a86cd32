"""A link to a scene too heavy to compute before its page goes out: the page comes first,
the plot follows when the scene workers are done, and its player works."""

import json
import urllib.parse

import pytest

pytestmark = pytest.mark.browser

HEAVY = "?" + urllib.parse.urlencode(
    [("surface", "rosenbrock"), ("start", "-1.5,2.5"), ("steps", "60000")]
    + [
        ("run", json.dumps({"optimizer": name, "lr": 1e-3, "noise": 0.1, "seed": 7}))
        for name in ("gd", "momentum", "rmsprop", "adam")
    ]
)


def test_a_heavy_scene_arrives_after_its_page(app):
    app.page.goto(f"{app.base}/{HEAVY}")
    app.page.wait_for_function("() => window.Bokeh && Bokeh.documents.length > 0")
    app.page.wait_for_function(
        "() => Bokeh.documents[0].get_model_by_name('paths') != null"
        " && Bokeh.documents[0].get_model_by_name('paths').data.xs.length == 4",
        timeout=120_000,
    )
    app.page.locator(".ov-notice").wait_for(state="hidden")
    app.page.keyboard.press("Space")
    app.page.wait_for_function(
        "() => Bokeh.documents[0].get_model_by_name('play').css_classes.includes('ov-playing')"
    )
    assert app.errors == []
