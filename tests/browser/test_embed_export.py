"""Embed mode and the Export menu in Chromium (issue 5's app checks)."""

from __future__ import annotations

import urllib.parse

import numpy as np
import pytest
from PIL import Image

from optiviz.app.web.export_menu import SIZE, export_bytes, titles
from optiviz.app.web.url import parse_query

pytestmark = pytest.mark.browser


def test_embed_shows_the_plot_and_the_player_filling_the_frame(new_app):
    app = new_app(width=800, height=450).open("?preset=feature-normalization&embed=1")
    for controls in (".ov-header", ".ov-controls", ".ov-rows", ".ov-caption", ".ov-preset"):
        assert app.page.locator(controls).count() == 0, controls
    assert app.page.locator(".ov-play").is_visible()
    assert app.page.locator(".ov-scrubber").is_visible()
    assert app.data("paths_1")["label"] == ["standardized x̃, η = 0.9"]
    assert app.page.evaluate("Bokeh.documents[0].get_model_by_name('loss_plot')") is None
    size = app.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert size == [800, 450], "no scroll bars in the frame"
    plot = app.page.locator(".ov-plot canvas").first.bounding_box()
    assert plot["height"] > 300, "the plot takes the frame's height"
    app.screenshot("embed.png")

    app.page.keyboard.press("Space")
    app.page.wait_for_function(
        "() => Bokeh.documents[0].get_model_by_name('play').css_classes.includes('ov-playing')"
    )
    assert app.errors == []


def test_the_export_menu_downloads_the_scene_on_show(app, tmp_path):
    query = "?" + urllib.parse.urlencode({"formula": "x**2 + 3*sin(y)", "steps": 80})
    app.open(query)
    app.page.locator(".ov-export-format select").select_option(label="PNG")
    with app.page.expect_download(timeout=30_000) as download:
        app.page.locator(".ov-export button").click()
    png = tmp_path / download.value.suggested_filename
    download.value.save_as(png)
    assert png.name == "optiviz-custom.png"
    state, _ = parse_query(query)
    expected = tmp_path / "expected.png"
    expected.write_bytes(export_bytes(state.scene(), ".png", *titles(state), None))
    with Image.open(png) as got, Image.open(expected) as want:
        assert got.size == SIZE
        difference = np.abs(np.asarray(got, float) - np.asarray(want, float))
        assert difference.mean() < 1.0, "the download is the scene on show, formula and all"

    app.page.locator(".ov-export-format select").select_option(label="GIF")
    with app.page.expect_download(timeout=60_000) as download:
        app.page.locator(".ov-export button").click()
        app.page.locator(".ov-export button:disabled").wait_for(timeout=10_000)
    gif = tmp_path / download.value.suggested_filename
    download.value.save_as(gif)
    with Image.open(gif) as movie:
        assert gif.suffix == ".gif" and movie.size == SIZE
        assert movie.n_frames == 81, "every one of 80 steps, and the start"
    app.page.locator(".ov-export button:enabled").wait_for()
    app.screenshot("export.png")
    assert app.errors == []
