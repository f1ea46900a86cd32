"""Everything the mouse tests do, with the keyboard alone: Tab to a control by its name,
then keys. The results are read back from BokehJS's models, as the mouse tests read them."""

from __future__ import annotations

import pytest

from optiviz.optim import presets

pytestmark = pytest.mark.browser

FOCUSED = """() => {
    let e = document.activeElement
    while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement
    const label = e.labels && e.labels.length ? e.labels[0].textContent : ""
    const style = getComputedStyle(e)
    return {
        name: (e.getAttribute("aria-label") || label || e.textContent || "").trim(),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    }
}"""


def tab_to(page, name: str, presses: int = 90) -> None:
    """Presses Tab until the control named ``name`` has the focus, and checks that the
    focus is visible there."""
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["name"] == name:
            assert focused["outline"], f"the focus on {name!r} is not visible"
            return
        seen.append(focused["name"])
    raise AssertionError(f"Tab never reached {name!r}; it met {seen}")


def named(page, name: str) -> None:
    """Waits until a control is named ``name`` (a rebuilt row is named once it is drawn)."""
    page.wait_for_function(
        """name => {
            const found = []
            const walk = root => root.querySelectorAll("*").forEach(e => {
                if (e.getAttribute("aria-label") === name) found.push(e)
                if (e.shadowRoot) walk(e.shadowRoot)
            })
            walk(document)
            return found.length > 0
        }""",
        arg=name,
    )


def retype(page, text: str) -> None:
    """Replaces the focused field's text and presses Enter."""
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_a_keyboard_alone_does_what_the_mouse_does(app):
    app.open("?preset=saddle-stuck")
    app.page.wait_for_function("() => window._optiviz_access != null")
    page = app.page

    before = app.data("paths")["label"]
    tab_to(page, "lecture preset")
    page.keyboard.type(presets.get("local-min-momentum").title)
    paths = app.wait_for_new("paths", "label", before)
    scene = presets.get("local-min-momentum").scene
    assert paths["label"] == [run.title() for run in scene.runs]

    named(page, "learning rate η of row 2")
    tab_to(page, "learning rate η of row 2")
    retype(page, "0.02")
    paths = app.wait_for_new("paths", "label", paths["label"])
    assert paths["label"][1] == "momentum η=0.02"
    assert paths["xs"][1][-1] != pytest.approx(paths["xs"][0][-1])

    tab_to(page, "start w₁")
    retype(page, "2")
    starts = app.wait_for_new("starts", "x", [scene.start[0]])
    assert starts == {"x": [2.0], "y": [scene.start[1]]}
    assert all(xs[0] == 2.0 for xs in app.data("paths")["xs"])

    frames = len(app.data("timeline")["step"])
    tab_to(page, "play")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => { const v = Bokeh.documents[0].get_model_by_name('scrubber').value;"
        " return v > 20 && v < 200 }"
    )
    page.keyboard.press("Enter")
    paused = app.model("scrubber", "value")
    assert 0 < paused < frames - 1
    page.wait_for_timeout(300)
    assert app.model("scrubber", "value") == paused
    heads, paths = app.data("heads"), app.data("paths")
    assert heads["x"] == pytest.approx([fx[paused] for fx in paths["fx"]])
    assert page.evaluate(FOCUSED)["name"] == "play"

    tab_to(page, "at the frame")
    page.keyboard.press("Enter")
    page.wait_for_function("() => Bokeh.documents[0].get_model_by_name('inspected') != null")
    inspected = app.wait_for_new("inspected", "x", [])
    assert inspected["x"] == pytest.approx([paths["fx"][0][paused]])
    assert inspected["y"] == pytest.approx([paths["fy"][0][paused]])

    tab_to(page, "point to inspect (w₁, w₂)")
    retype(page, "0.5, -1")
    page.wait_for_function(
        "() => Bokeh.documents[0].get_model_by_name('inspected').data.x[0] === 0.5"
    )
    assert app.data("inspected") == {"x": [0.5], "y": [-1.0]}
    page.wait_for_function("() => location.search.includes('inspect=0.5,-1')")
    assert app.errors == []


def test_a_bad_point_is_refused_at_its_field(app):
    app.open("?preset=saddle-stuck")
    app.page.wait_for_function("() => window._optiviz_access != null")
    tab_to(app.page, "point to inspect (w₁, w₂)")
    retype(app.page, "north")
    app.page.wait_for_function(
        """() => { let e = document.activeElement
            while (e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement
            return e.getAttribute("aria-invalid") === "true" }"""
    )
    description = app.page.evaluate(
        """() => { let e = document.activeElement
            while (e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement
            return e.getAttribute("aria-description") }"""
    )
    assert description == "expected two numbers X,Y, got 'north'"


def test_question_mark_opens_the_shortcuts(app):
    app.open("?preset=saddle-stuck")
    app.page.wait_for_function("() => window._optiviz_access != null")
    app.page.keyboard.press("?")
    help_box = app.page.locator("#ov-shortcuts")
    help_box.wait_for()
    assert "play or pause" in help_box.inner_text()
    assert app.page.evaluate(FOCUSED)["name"] == "close"
    app.page.keyboard.press("Escape")
    help_box.wait_for(state="hidden")


def test_reduced_motion_steps_through_the_run_instead_of_animating(browser, server):
    context = browser.new_context(reduced_motion="reduce", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/?preset=local-min-momentum")
    page.wait_for_function("() => window._optiviz_access != null", timeout=30_000)
    frames = page.evaluate(
        "() => Bokeh.documents[0].get_model_by_name('timeline').data.step.length"
    )
    page.keyboard.press("Space")
    seen = set()
    for _ in range(25):
        seen.add(page.evaluate("() => Bokeh.documents[0].get_model_by_name('scrubber').value"))
        page.wait_for_timeout(100)
    context.close()
    tenth = -(-frames // 10)
    assert len(seen) >= 2, "it plays"
    assert all(frame % tenth == 0 for frame in seen), f"frames {sorted(seen)} are not tenths"
