"""WCAG 2.1 AA in Chromium: axe-core on every view of the lab and on the exported page,
reflow at 320 CSS px and 200 % zoom, and the names that controls are known by."""

from __future__ import annotations

import pytest
from axe_check import report, violations

from optiviz.app.export import export

pytestmark = pytest.mark.browser

VIEWS = {
    "default scene": ("", 1280),
    "two surfaces": ("?preset=classification-mse-vs-ce", 1280),
    "maps view": ("?preset=optimizer-race&view=maps", 1280),
    "inspector on": ("?preset=saddle-hessian-escape&inspect=0,0", 1280),
    "presentation mode": ("?preset=valley-adagrad&present=1", 1280),
    "phone": ("?preset=local-min-momentum", 390),
}


def settle(app) -> None:
    """Waits until the page's controls are named (access.js has walked them)."""
    app.page.wait_for_function("() => window._optiviz_access != null")
    app.page.wait_for_timeout(300)


@pytest.mark.parametrize("view", list(VIEWS))
def test_the_lab_has_no_wcag_violations(new_app, view):
    query, width = VIEWS[view]
    app = new_app(width=width, height=900, mobile=width < 500).open(query)
    if "view=maps" in query:
        app.page.locator(".ov-map-metric").wait_for()
    settle(app)
    found = violations(app.page)
    assert found == [], report(found)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_exported_page_has_no_wcag_violations(browser, tmp_path, theme):
    page_file = export("saddle-stuck", tmp_path / "saddle.html", theme=theme)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.wait_for_function("() => window._optiviz_access != null", timeout=30_000)
    page.wait_for_timeout(300)
    found = violations(page)
    context.close()
    assert found == [], report(found)


def accessible_names(app, selector: str) -> list[str]:
    """The aria-labels of the elements matching ``selector`` in any shadow root."""
    return app.page.evaluate(
        """selector => {
            const found = []
            const walk = root => {
                const named = root.querySelectorAll(selector)
                named.forEach(e => found.push(e.getAttribute("aria-label")))
                root.querySelectorAll("*").forEach(e => e.shadowRoot && walk(e.shadowRoot))
            }
            walk(document)
            return found
        }""",
        selector,
    )


def test_controls_say_what_they_do(app):
    app.open("?preset=local-min-momentum")
    settle(app)
    buttons = accessible_names(app, "button[aria-label]")
    assert {"play", "step back", "step forward"} <= set(buttons)
    sliders = accessible_names(app, "[role=slider]")
    assert "learning rate η of row 1, log scale" in sliders
    assert "frame" in sliders
    selects = accessible_names(app, "select")
    assert {"optimizer of row 1", "optimizer of row 2", "lecture preset"} <= set(selects)
    app.page.locator(".ov-play button").click()
    app.page.wait_for_function(
        "() => Bokeh.documents[0].get_model_by_name('play').css_classes.includes('ov-playing')"
    )
    app.page.wait_for_timeout(200)
    assert "pause" in accessible_names(app, "button[aria-label]")


@pytest.mark.parametrize("width", [320, 640])
@pytest.mark.parametrize("query", ["?preset=optimizer-race", "?preset=optimizer-race&view=maps"])
def test_the_page_reflows_without_horizontal_scrolling(new_app, width, query):
    """320 CSS px is WCAG's reflow width; 640 is a 1280 px window at 200 % zoom."""
    app = new_app(width=width, height=800, mobile=True).open(query)
    app.page.wait_for_timeout(800)
    assert app.page.evaluate("document.documentElement.scrollWidth") <= width
    wide = app.page.evaluate(
        """width => {
            const wide = []
            const walk = root => root.querySelectorAll("*").forEach(e => {
                const box = e.getBoundingClientRect()
                const hidden = e.closest?.(".katex-mathml")  // clipped: for screen readers
                if (box.width > 0 && box.right > width + 1 && !hidden) {
                    wide.push(e.className || e.tagName)
                }
                if (e.shadowRoot && !e.classList.contains("bk-Figure")) walk(e.shadowRoot)
            })
            walk(document)
            return wide
        }""",
        width,
    )
    assert wide == []
