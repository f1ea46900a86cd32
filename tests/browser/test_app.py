"""The web app in Chromium: issue 4's acceptance checks, read back from BokehJS's models."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from optiviz.optim import presets

pytestmark = pytest.mark.browser


def run_query(**scene) -> str:
    """A URL query for a scene: ``run`` may be a list of run dicts."""
    pairs = []
    for key, value in scene.items():
        values = value if key == "run" else [value]
        pairs += [(key, json.dumps(v) if key == "run" else str(v)) for v in values]
    return "?" + urllib.parse.urlencode(pairs)


def test_page_loads_without_console_errors(app):
    app.open()
    paths = app.data("paths")
    assert paths["label"] == [r.title() for r in presets.get("valley-adagrad").scene.runs]
    assert len(paths["xs"][0]) > 100
    assert app.text(".ov-caption").startswith("AdaGrad gives")
    app.page.wait_for_timeout(500)
    app.screenshot("app.png")
    assert app.errors == []


def test_choosing_a_preset_draws_its_trajectories(app):
    app.open("?preset=saddle-stuck")
    before = app.data("paths")["label"]
    app.page.locator(".ov-preset select").select_option(label=presets.get("optimizer-race").title)
    paths = app.wait_for_new("paths", "label", before)
    race = presets.get("optimizer-race").scene
    assert paths["label"] == [run.title() for run in race.runs]
    assert all(len(xs) > 10 for xs in paths["xs"])
    assert [xs[0] for xs in paths["xs"]] == [race.start[0]] * len(race.runs)
    assert "Rosenbrock" in app.text(".ov-caption")
    assert "preset=optimizer-race" in app.page.url
    app.screenshot("preset-race.png")


def test_moving_a_learning_rate_slider_changes_the_trajectory(app):
    app.open("?preset=valley-lr-too-large")
    before = app.data("paths")["xs"]
    handle = app.page.locator(".ov-row-0 .ov-lr-slider .noUi-handle")
    box = handle.bounding_box()
    app.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    app.page.mouse.down()
    app.page.mouse.move(box["x"] - 60, box["y"] + box["height"] / 2, steps=5)
    app.page.mouse.up()
    after = app.wait_for_new("paths", "xs", before)["xs"]
    assert after[0][-1] != before[0][-1]
    lr = float(app.page.locator(".ov-row-0 .ov-lr-input input").input_value())
    assert lr < 1e-2


def test_clicking_the_surface_moves_the_start(app):
    app.open("?preset=saddle-stuck")
    before = app.data("starts")
    canvas = app.page.locator(".ov-plot canvas").first
    box = canvas.bounding_box()
    app.page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.3)
    starts = app.wait_for_new("starts", "x", before["x"])
    assert len(starts["x"]) == 1
    x, y = starts["x"][0], starts["y"][0]
    assert (x, y) != (before["x"][0], before["y"][0])
    assert -2 <= x <= 2 and -2 <= y <= 2
    paths = app.data("paths")
    assert all((xs[0], ys[0]) == (x, y) for xs, ys in zip(paths["xs"], paths["ys"], strict=True))


def test_play_advances_the_marker_and_the_scrubber(app):
    app.open("?preset=local-min-momentum")
    frames = len(app.data("timeline")["step"])
    assert app.model("scrubber", "value") == frames - 1
    app.page.locator(".ov-play button").click()
    app.page.wait_for_function(
        "() => { const v = Bokeh.documents[0].get_model_by_name('scrubber').value;"
        " return v > 20 && v < 200 }"
    )
    app.page.keyboard.press("Space")
    paused = app.model("scrubber", "value")
    heads = app.data("heads")
    paths = app.data("paths")
    assert 0 < paused < frames - 1
    assert heads["x"][0] == pytest.approx(paths["fx"][0][paused])
    assert heads["x"][1] == pytest.approx(paths["fx"][1][paused])
    app.page.wait_for_timeout(300)
    assert app.model("scrubber", "value") == paused
    app.page.keyboard.press("ArrowRight")
    assert app.model("scrubber", "value") == paused + 1
    steps = presets.get("local-min-momentum").scene.steps
    assert app.model("frame_label", "text") == f"step {paused + 1} / {steps}"


def test_the_url_round_trips_a_scene(app, new_app, server):
    query = run_query(
        surface="himmelblau",
        start="1,-1",
        steps=200,
        run=[
            {"optimizer": "adam", "lr": 0.05, "hyperparameters": {"beta1": 0.8}},
            {"optimizer": "momentum", "lr": 0.003, "schedule": "cosine:warmup=20"},
        ],
    )
    app.open(query)
    lr_input = app.page.locator(".ov-row-1 .ov-lr-input input")
    assert float(lr_input.input_value()) == 0.003
    before = app.data("paths")
    lr_input.fill("0.004")
    lr_input.press("Enter")
    paths = app.wait_for_new("paths", "xs", before["xs"])
    app.page.wait_for_function("() => window.location.search.includes('0.004')")
    shared = app.page.url
    assert app.page.locator(".ov-notice").is_hidden()

    reopened = new_app().open(shared.removeprefix(server))
    assert reopened.data("paths") == paths
    assert reopened.data("starts") == {"x": [1.0], "y": [-1.0]}
    beta1 = reopened.page.locator(".ov-row-0 .ov-beta1 input").first.input_value()
    assert float(beta1) == 0.8
    assert reopened.errors == []


def test_bad_url_parameters_fall_back_with_a_notice(app):
    app.open("?preset=nope&steps=1e99&run=%7B%22optimizer%22%3A%22__import__%22%7D&x=<b>")
    notice = app.page.locator(".ov-notice")
    notice.wait_for()
    text = app.text(".ov-notice")
    assert "preset" in text and "steps" in text and "run 1" in text
    assert app.data("paths")["label"] == [
        r.title() for r in presets.get("valley-adagrad").scene.runs
    ]
    assert app.errors == []


def test_a_huge_gd_learning_rate_shows_the_divergence_message(app):
    app.open("?preset=valley-lr-too-large")
    assert app.page.locator(".ov-diverged").is_hidden()
    lr_input = app.page.locator(".ov-row-0 .ov-lr-input input")
    lr_input.fill("5")
    lr_input.press("Enter")
    message = app.page.locator(".ov-row-0 .ov-diverged")
    message.wait_for()
    text = app.text(".ov-row-0 .ov-diverged")
    assert "Diverged at step" in text
    assert "2/λmax = 0.01" in text
    assert app.data("divergence")["step"] == [int(text.split("step ")[1].split(".")[0])]
    app.screenshot("diverged.png")


def test_the_phone_layout_has_no_horizontal_scroll(new_app):
    app = new_app(width=390, height=844, mobile=True).open("?preset=local-min-momentum")
    app.page.wait_for_timeout(800)
    assert app.page.evaluate("document.documentElement.scrollWidth") <= 390
    plot = app.page.locator(".ov-plot").bounding_box()
    controls = app.page.locator(".ov-controls").bounding_box()
    assert controls["y"] >= plot["y"] + plot["height"] - 1
    app.screenshot("phone.png")


def test_presentation_mode_hides_the_controls(app):
    app.open("?preset=valley-adagrad")
    assert app.page.locator(".ov-controls").is_visible()
    assert app.page.locator(".ov-export").is_visible()
    app.page.locator(".ov-present-toggle button").click()
    app.page.locator(".ov-controls").wait_for(state="hidden")
    app.page.wait_for_function("() => window.location.search.includes('present=1')")
    assert app.page.locator(".ov-preset").is_visible()
    assert app.page.locator(".ov-play").is_visible()
    app.page.locator(".ov-export").wait_for(state="hidden")
    assert app.page.locator(".ov-copy").is_hidden()
    app.screenshot("present.png")

    app.open("?preset=saddle-stuck&present=1")
    assert app.page.locator(".ov-controls").is_hidden()
    app.page.keyboard.press("Space")
    app.page.wait_for_function(
        "() => Bokeh.documents[0].get_model_by_name('play').css_classes.includes('ov-playing')"
    )


def test_the_hessian_inspector_shows_the_saddle_and_its_escape_direction(app):
    app.open("?preset=saddle-hessian-escape&inspect=0,0")
    eigen = app.data("eigen")
    assert len(eigen["x0"]) == 3
    assert sorted(eigen["text"]) == ["", "λ = -2", "λ = 2"]
    assert "Saddle point" in app.text(".ov-inspection")
    starts = app.data("starts")
    app.page.locator(".ov-inspect-mode button").click()
    app.page.get_by_text("Inspect mode:").wait_for()
    box = app.page.locator(".ov-plot canvas").first.bounding_box()
    before = app.data("inspected")
    app.page.mouse.click(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.6)
    inspected = app.wait_for_new("inspected", "x", before["x"])
    assert inspected["x"][0] > 0
    assert app.data("starts") == starts
    assert "inspect=" in app.page.url
