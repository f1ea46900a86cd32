"""The app server: ``optiviz serve``.

A Panel (Bokeh/Tornado) server with the lab at ``/`` and a liveness endpoint at
``/liveness`` (for container health checks). The port opens at once; the presets warm up
(their compilations, trajectories, surface grids and Hessians) in a background thread
afterwards, stepping aside while visitors arrive (:mod:`.warm_up`), so a visitor who comes
early waits only for the scene they asked for. Behind ``--workers`` (:mod:`.workers`) each
process marks its sessions with its name.

Hygiene: closed sessions are discarded after :data:`SESSION_LIFETIME_MS`; the browser's
websocket messages (widget changes and clicks; the data flows the other way) are capped at
:data:`WEBSOCKET_MAX_BYTES`; only the listed origins may open a websocket.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence

import panel as pn
from bokeh.server.views.ws import WSHandler
from bokeh.settings import settings

from optiviz import optim
from optiviz.app.web import hostile, lazy_containers, model_defaults, sent_documents
from optiviz.app.web.lab import PAGE_CSS, Lab
from optiviz.app.web.warm_up import WarmUp
from optiviz.app.web.workers import WORKER_ENV

WEBSOCKET_MAX_BYTES = 256 * 1024
"""Largest websocket message the server accepts from a browser. The browser only sends
widget changes, clicks and the player's frame on pause: a few hundred bytes each."""
SESSION_CHECK_MS = 5_000
"""How often the server looks for sessions whose page has closed."""
SESSION_LIFETIME_MS = 10_000
"""How long a session without a connection is kept (a page reload reconnects within it)."""
LIVENESS = "liveness"
"""``GET /liveness`` answers ``{"/liveness": true}`` while the server runs."""
DISCONNECTED = "Connection to the server lost: reload the page to reconnect."
"""What a page says when its websocket closes (a restarted worker, a network cut)."""


def send_without_delay() -> None:
    """Turns Nagle's algorithm off on the app's websockets.

    Bokeh's websocket handler leaves it on, so a data update split over several TCP
    segments waits for the browser's delayed ACK, about 40 ms on Linux, before its last
    segment leaves: Tornado documents the remedy, ``set_nodelay(True)`` in ``open``.
    """
    if getattr(WSHandler.open, "without_delay", False):
        return
    open_connection = WSHandler.open

    @functools.wraps(open_connection)
    def open_without_delay(self, *args, **kwargs):
        self.set_nodelay(True)
        return open_connection(self, *args, **kwargs)

    open_without_delay.without_delay = True  # type: ignore[attr-defined]
    WSHandler.open = open_without_delay


def configure() -> None:
    """Panel settings of the app: KaTeX for the math, sliders that report on release.

    Bokeh's integrity checks of each new session's document are off: they walk every model
    of every session the server builds, and the tests run them on the app's documents once
    (tests/app/test_session_cost.py) instead. So are its error diagnostics (a signature check
    of every callback Panel registers, about 300 a session; they help who writes the code, and
    the tests build the app with them on), property defaults are resolved once per class
    (:mod:`.model_defaults`), empty container defaults are made when first read
    (:mod:`.lazy_containers`), and a document sent whole lets go of the empty unset
    containers that were read (:mod:`.sent_documents`)."""
    settings.perform_document_validation.set_value(False)
    settings.perform_error_diagnostics.set_value(False)
    model_defaults.install()
    lazy_containers.install()
    sent_documents.install()
    pn.extension("katex", throttled=True, raw_css=[PAGE_CSS], disconnect_notification=DISCONNECTED)


PAGE_TEMPLATE = """{% block postamble %}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="Watch gradient-descent optimizers move on 2-D error surfaces.">
{% endblock %}"""
"""Blocks added to Panel's page (which it extends): the viewport a phone needs to lay the app
out at its own width."""


WARM_UP = WarmUp()
"""The server's warm-up of the presets, which steps aside while visitors arrive."""


def create_app() -> Lab:
    """One session's lab, opened on the page's URL query (the warm-up waits while it is
    built)."""
    with WARM_UP.visit():
        if pn.state.curdoc is not None:
            pn.state.curdoc.template = PAGE_TEMPLATE
        lab = Lab()
        worker = os.environ.get(WORKER_ENV)
        if worker:
            lab.layout.css_classes = [*lab.layout.css_classes, f"ov-worker-{worker}"]
        return lab


def server_options(origins: Sequence[str] = (), port: int = 5006) -> dict:
    """The Bokeh/Tornado server options of :func:`serve`.

    Bokeh accepts websockets from ``localhost:PORT`` unless origins are given, and then
    from those only; here they are added to it.
    """
    return {
        "websocket_origin": [*origins, f"localhost:{port}"] if origins else None,
        "liveness": LIVENESS,
        "websocket_max_message_size": WEBSOCKET_MAX_BYTES,
        "check_unused_sessions_milliseconds": SESSION_CHECK_MS,
        "unused_session_lifetime_milliseconds": SESSION_LIFETIME_MS,
        "title": "optiviz",
    }


def serve(
    port: int = 5006,
    address: str | None = None,
    origins: Sequence[str] = (),
    show: bool = False,
) -> None:
    """Serves the app until interrupted.

    Args:
        port: TCP port (0: any free one).
        address: Interface to listen on (None: all of localhost's).
        origins: Hosts (``host[:port]``) allowed to open the websocket besides the server's
            own address, e.g. the public name of a reverse proxy.
        show: Open a browser tab.
    """
    optim.enable_compilation_cache()
    send_without_delay()
    hostile.guard()
    configure()
    server = pn.serve(
        {"/": create_app}, port=port, address=address, start=False, **server_options(origins, port)
    )
    server.start()
    WARM_UP.start()
    if show:
        server.show("/")
    server.io_loop.start()
