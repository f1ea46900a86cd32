"""One app server for the browser tests, offline pages, and helpers that read the plot's data
back.

The server is the real ``optiviz serve`` in a subprocess on a free port; an exported page is
opened from file:// with every other request blocked. The tests read what is drawn from
BokehJS's own models (``Bokeh.documents[0].get_model_by_name``), not pixels.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from optiviz.app.web.probe import Server

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
DATA = """name => {
    const data = Bokeh.documents[0].get_model_by_name(name).data
    const plain = v => ArrayBuffer.isView(v) ? Array.from(v)
        : Array.isArray(v) ? v.map(plain) : v
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, plain(v)]))
}"""
"""The columns of a named model's data, as JSON (typed arrays as lists)."""


def console_errors(page) -> list[str]:
    """The page's console errors and uncaught exceptions, collected as they happen."""
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture(scope="session")
def server():
    """The base URL of an ``optiviz serve`` process shared by every browser test."""
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "browser-server.log"
    try:
        with Server(log=log) as running:
            yield running.url
    except RuntimeError as error:
        pytest.fail(f"{error}:\n{log.read_text()[-3000:]}")


class App:
    """A page of the app, with helpers to read the models BokehJS draws."""

    def __init__(self, page, base: str) -> None:
        self.page = page
        self.base = base
        self.errors = console_errors(page)

    def open(self, query: str = "") -> App:
        self.page.goto(f"{self.base}/{query.lstrip('/')}")
        self.page.wait_for_function(
            "() => window.Bokeh && Bokeh.documents.length > 0"
            " && Bokeh.documents[0].get_model_by_name('paths') != null"
            " && Bokeh.documents[0].get_model_by_name('paths').data.xs.length > 0",
            timeout=30_000,
        )
        return self

    def data(self, name: str) -> dict:
        """The columns of the model ``name``'s data, as JSON (typed arrays as lists)."""
        return self.page.evaluate(DATA, name)

    def model(self, name: str, attribute: str):
        return self.page.evaluate(
            "([n, a]) => Bokeh.documents[0].get_model_by_name(n)[a]", [name, attribute]
        )

    def wait_for_new(self, name: str, column: str, old) -> dict:
        """Waits until ``name``'s ``column`` differs from ``old`` and returns the data."""
        self.page.wait_for_function(
            """([name, column, old]) => {
                const v = Bokeh.documents[0].get_model_by_name(name).data[column]
                const plain = v => ArrayBuffer.isView(v) ? Array.from(v)
                    : Array.isArray(v) ? v.map(plain) : v
                return JSON.stringify(plain(v)) !== JSON.stringify(old)
            }""",
            arg=[name, column, old],
            timeout=15_000,
        )
        return self.data(name)

    def text(self, selector: str) -> str:
        """The text of the first element matching ``selector``, shadow roots included."""
        return self.page.locator(selector).first.evaluate(
            """element => {
                const text = node => [...(node.shadowRoot ?? node).childNodes].map(child =>
                    child.nodeType === Node.TEXT_NODE ? child.textContent
                    : child.nodeType === Node.ELEMENT_NODE && child.tagName !== "STYLE"
                    ? text(child) : "").join("")
                return text(element)
            }"""
        )

    def screenshot(self, name: str) -> Path:
        path = ARTIFACTS / name
        self.page.screenshot(path=path, full_page=True)
        return path


@pytest.fixture
def new_app(browser, server):
    """Makes pages on the app server: ``new_app(width=390, height=844, mobile=True)``."""
    contexts = []

    def make(width: int = 1280, height: int = 900, mobile: bool = False) -> App:
        context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mobile)
        contexts.append(context)
        return App(context.new_page(), server)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def app(new_app):
    """A fresh 1280 × 900 page on the app server (``app.open(query)`` loads it)."""
    return new_app()


class Offline:
    """A page opened from file:// with every other request blocked; the requests it tried
    and its console errors are collected, and :meth:`close` fails on any."""

    def __init__(self, browser, path: Path, width=1280, height=900, ready=None, timeout=30_000):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.errors = console_errors(self.page)
        self.blocked: list[str] = []
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_function(ready or "() => window.optiviz != null", timeout=timeout)

    def _route(self, route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def run(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def data(self, name: str) -> dict:
        """The columns of the model ``name``'s data, as JSON (typed arrays as lists)."""
        return self.run(DATA, name)

    def close(self) -> None:
        assert self.errors == [], self.errors
        assert self.blocked == [], f"the page tried to fetch {self.blocked}"
        self.context.close()


@pytest.fixture
def offline(browser):
    """Opens file pages offline: ``offline(path, width, height, ready=js, timeout=ms)``; each
    must end without a console error or a blocked request."""
    opened: list[Offline] = []

    def make(path: Path, width=1280, height=900, ready=None, timeout=30_000) -> Offline:
        opened.append(Offline(browser, path, width, height, ready, timeout))
        return opened[-1]

    yield make
    for page in opened:
        page.close()
