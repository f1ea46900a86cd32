"""A modified client against a served session: hostile widget values and links.

A browser can send any value for any widget property (``setv`` in BokehJS, as a modified
client could), and any link. The server must raise nothing and log no traceback, and the
session must stay live: the next η change still redraws. The widgets are found from the
document's models (every BokehJS ``Widget`` with a value-like property), not by name, so the
tests follow the app's views as they change.

These tests start a server of their own, so that its log holds only what they sent.
"""

from __future__ import annotations

import json

import pytest
from conftest import ARTIFACTS, App
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optiviz.app.web.probe import Server

pytestmark = pytest.mark.browser

HOSTILE = [
    "NaN", "Infinity", "-Infinity", "-1", "0", "1e300", "-1e300", "2 ** 53 + 2", "-(2 ** 31)",
    "0.5", '""', '"<script>alert(1)</script>"', '"<img src=x onerror=alert(1)>"',
    '"x".repeat(5000)', '"\\u202e"', '"nan"', "null", "[]", "{}", "true", "false",
    "[1, 2, 3]", "[NaN, NaN]", '{"a": 1}',
]  # fmt: skip
"""Values a modified client sends (as JavaScript): non-finite and huge numbers, wrong
types, markup."""
SEQUENCES = 3
"""Generated sequences of hostile values, each on a fresh page (several seconds each)."""
PROPERTIES = ("value", "value_throttled", "value_input", "active")
WIDGETS_JS = """() => {
    const Widget = Bokeh.Models.get("Widget")
    return [...Bokeh.documents[0].all_models].filter(m => m instanceof Widget)
        .map(m => [m.id, PROPERTIES.filter(p => p in m.properties)])
        .filter(([, properties]) => properties.length > 0)
}""".replace("PROPERTIES", json.dumps(PROPERTIES))
SET_JS = """([id, property, k]) => {
    const model = Bokeh.documents[0].get_model_by_id(id)
    if (model == null) return "gone"
    try { model.setv({[property]: [HOSTILE][k]}); return "sent" } catch (error) { return "refused" }
}""".replace("HOSTILE", ", ".join(HOSTILE))
LINKS = [
    "?steps=nan&start=inf,-inf&inspect=1e309,0&formula=<script>alert(1)</script>&bounds=5,-5,1,1",
    "?formula=x**2%2By**2&run="
    + '{"optimizer":"adam","lr":NaN,"label":"<img src=x onerror=alert(1)>"}',
    "?preset=%00&surface=..%2F..%2Fetc%2Fpasswd&map_run=99&view=maps&map_x=lr:-1:nan",
    "?run=" + "{" * 500 + "&" + "&".join(f"k{i}=v" for i in range(300)),
]
"""Links that each refuse something (all valid ones are the URL fuzz tests' business)."""


@pytest.fixture(scope="module")
def hostile_server():
    log = ARTIFACTS / "hostile-server.log"
    ARTIFACTS.mkdir(exist_ok=True)
    with Server(log=log) as server:
        yield server


@pytest.fixture
def page_on(browser, hostile_server):
    contexts = []

    def make() -> App:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        app = App(context.new_page(), hostile_server.url)
        app.dialogs = []  # an alert() would mean the client's markup ran as script
        app.page.on("dialog", lambda dialog: (app.dialogs.append(dialog.message), dialog.dismiss()))
        return app

    yield make
    for context in contexts:
        context.close()


def assert_no_traceback(server: Server) -> None:
    log = server.log.read_text(errors="replace")
    assert "Traceback" not in log and "Exception in callback" not in log, log[-4000:]


def widgets(app: App) -> list[tuple[str, list[str]]]:
    return [tuple(w) for w in app.page.evaluate(WIDGETS_JS)]


def send(app: App, widget: str, prop: str, k: int) -> str:
    return app.page.evaluate(SET_JS, [widget, prop, k])


def settle(app: App) -> None:
    """Waits until the server has answered everything sent (a round trip through it)."""
    app.page.wait_for_timeout(400)


def redraws_on_new_lr(app: App, lr: float) -> None:
    """Sets the first row's η (through its widget, as the page would) and waits for the
    trajectories to change."""
    before = app.data("paths")["xs"]
    app.page.evaluate(
        """lr => {
            const input = [...Bokeh.documents[0].all_models]
                .find(m => (m.css_classes || []).includes("ov-lr-input"))
            input.setv({value: lr, value_throttled: lr})
        }""",
        lr,
    )
    app.wait_for_new("paths", "xs", before)


def test_every_widget_takes_every_hostile_value_and_the_session_lives(page_on, hostile_server):
    app = page_on().open("?preset=valley-adagrad")
    sent = refused = 0
    for widget, properties in widgets(app):
        for prop in properties:
            for k in range(len(HOSTILE)):
                outcome = send(app, widget, prop, k)
                sent += outcome == "sent"
                refused += outcome == "refused"
            settle(app)
    assert sent > 50 and refused > 50, (sent, refused)
    settle(app)
    assert_no_traceback(hostile_server)
    app.open("?preset=valley-adagrad")
    redraws_on_new_lr(app, 0.0123)
    assert_no_traceback(hostile_server)
    assert app.dialogs == [], "no script the client sent ran"


@settings(max_examples=SEQUENCES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 3), st.integers(0, 99))))
def test_generated_sequences_of_hostile_widget_values(page_on, hostile_server, steps):
    """The same session stays live after any sequence of hostile values."""
    app = page_on().open("?preset=saddle-stuck")
    for pick, prop_pick, k in steps[:12]:
        found = widgets(app)
        widget, properties = found[pick % len(found)]
        send(app, widget, properties[prop_pick % len(properties)], k % len(HOSTILE))
    settle(app)
    assert_no_traceback(hostile_server)
    redraws_on_new_lr(app, 0.0031)
    assert app.dialogs == []
    app.page.close()


@pytest.mark.parametrize("link", LINKS)
def test_hostile_links_leave_no_traceback(page_on, hostile_server, link):
    app = page_on().open(link)
    assert app.page.locator(".ov-notice").is_visible()
    redraws_on_new_lr(app, 0.0077)
    assert_no_traceback(hostile_server)
    assert app.dialogs == [] and app.errors == [], "no script in the link ran"
