"""Open app sessions the way a browser does, at the protocol level: for load and health checks.

:class:`Server` starts ``optiviz serve`` in a process of its own and waits until it answers
``/liveness`` (from every worker, behind a proxy): the browser tests and the benchmarks
serve the app that way.

A browser opening the lab does three things: it GETs the page (the server builds the
session and embeds its token), opens the page's websocket with that token, and pulls the
document (``PULL-DOC-REQ``; the reply is the whole document, its arrays as binary frames).
:func:`open_session` does exactly that with Tornado's client, without rendering anything, so
a benchmark can open hundreds of sessions from one process and time what the server costs.

Cookies travel like a browser's: a proxy that pins a session to a worker by cookie sees the
cookie it set on the page again on the websocket.

Example::

    import asyncio
    from optiviz.app.web.probe import open_session

    opened = asyncio.run(open_session("http://localhost:5006", "?preset=saddle-stuck"))
    opened.seconds, opened.document_bytes, opened.worker
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Sequence
from http.cookies import SimpleCookie
from pathlib import Path
from typing import IO, NamedTuple

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

TOKEN = re.compile(r'"token"\s*:\s*"([^"]+)"')
WORKER_HEADER = "X-Optiviz-Worker"
"""The response header that names the worker process that served a page."""


READY_TIMEOUT = 90.0
"""Seconds a new server may take to answer ``/liveness``."""


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_count(args: Sequence[str]) -> int:
    """How many worker processes ``optiviz serve *args`` runs (``--workers``, 1 by default).

    >>> worker_count([]), worker_count(["--workers", "3"]), worker_count(["--workers=2"])
    (1, 3, 2)
    """
    values = [arg.split("=", 1)[1] for arg in args if arg.startswith("--workers=")]
    values += [args[k + 1] for k, arg in enumerate(args[:-1]) if arg == "--workers"]
    if not values:
        return 1
    return (os.cpu_count() or 1) if values[-1] == "auto" else int(values[-1])


class Server:
    """``optiviz serve`` in a process of its own, ready once ``/liveness`` answers from each
    of its workers.

    Behind the proxy, one answer is not enough: the proxy may have retried a request until
    a worker that had just opened its port took it, while its health check still counts
    every worker down (it would refuse the next request). So the server is ready once the
    proxy has passed ``/liveness`` to every worker, each named by its response header.

    Args:
        args: Further ``optiviz serve`` arguments, e.g. ``["--workers", "2"]``.
        log: Where the server's output goes (None: discarded).

    Example::

        with Server(["--workers", "2"]) as server:
            asyncio.run(open_session(server.url))
    """

    def __init__(self, args: Sequence[str] = (), log: IO[str] | Path | None = None) -> None:
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.args = [*args]
        self.workers = worker_count(self.args)
        self.log = log
        self.process: subprocess.Popen | None = None
        self._file: IO[str] | None = None

    def __enter__(self) -> Server:
        self._file = open(self.log, "w") if isinstance(self.log, Path) else None
        out = self._file or self.log
        command = [sys.executable, "-m", "optiviz.app.cli", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, *self.args],
            stdout=out or subprocess.DEVNULL,
            stderr=subprocess.STDOUT if out else subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + READY_TIMEOUT
        answered: set[str] = set()
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/liveness", timeout=2) as reply:
                    if json.load(reply) == {"/liveness": True}:
                        answered.add(reply.headers.get(WORKER_HEADER, ""))
                if len(answered) >= self.workers:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"optiviz serve {' '.join(self.args)} did not start")
            time.sleep(0.2)

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._file is not None:
            self._file.close()


class SessionOpen(NamedTuple):
    """One opened session.

    Attributes:
        seconds: From the page request to the last frame of the document.
        page_bytes: The HTML page.
        document_bytes: The pulled document: its JSON and binary frames.
        worker: The worker that served the page (its ``X-Optiviz-Worker`` header, or "").
        document_worker: The worker named in the document itself (or ""): the process
            that built the session the websocket reached.
        connection: The open websocket (None once closed).
    """

    seconds: float
    page_bytes: int
    document_bytes: int
    worker: str
    document_worker: str
    connection: WebSocketClientConnection | None


async def open_session(
    base: str, query: str = "", *, keep: bool = False, timeout: float = 120.0
) -> SessionOpen:
    """Opens one session of the app at ``base`` (e.g. ``http://localhost:5006``).

    Args:
        base: The server's root URL.
        query: The page's query, e.g. ``"?preset=valley-adagrad"``.
        keep: Keep the websocket open (the caller closes ``connection``); else close it.
        timeout: Seconds allowed for the whole open.

    Raises:
        OSError, tornado errors: The server refused or did not answer.
        ValueError: The page had no session token.
    """
    start = time.perf_counter()
    page = await AsyncHTTPClient().fetch(
        HTTPRequest(f"{base}/{query.lstrip('/')}", connect_timeout=timeout, request_timeout=timeout)
    )
    html = page.body.decode("utf-8", "replace")
    match = TOKEN.search(html)
    if match is None:
        raise ValueError("the page has no session token")
    cookies = SimpleCookie()
    for header in page.headers.get_list("Set-Cookie"):
        cookies.load(header)
    headers = {"Cookie": "; ".join(f"{k}={v.value}" for k, v in cookies.items())}
    socket = await websocket_connect(
        HTTPRequest(
            base.replace("http", "ws", 1) + "/ws",
            headers=headers if cookies else {},
            connect_timeout=timeout,
            request_timeout=timeout,
        ),
        subprotocols=["bokeh", match.group(1)],
        max_message_size=1 << 30,
    )
    await _read_message(socket)  # ACK
    for frame in (
        json.dumps({"msgid": uuid.uuid4().hex, "msgtype": "PULL-DOC-REQ"}),
        "{}",
        "{}",
    ):
        await socket.write_message(frame)
    frames, size = await _read_message(socket)
    document_worker = _worker_in(frames[2])
    if not keep:
        socket.close()
    return SessionOpen(
        seconds=time.perf_counter() - start,
        page_bytes=len(page.body),
        document_bytes=size,
        worker=page.headers.get(WORKER_HEADER, ""),
        document_worker=document_worker,
        connection=socket if keep else None,
    )


async def _read_message(socket: WebSocketClientConnection) -> tuple[list, int]:
    """One Bokeh protocol message: header, metadata, content, then its buffers in pairs."""
    frames = []
    for _ in range(3):
        frames.append(await _frame(socket))
    header = json.loads(frames[0])
    size = sum(map(len, frames))
    for _ in range(2 * int(header.get("num_buffers", 0))):
        size += len(await _frame(socket))
    return frames, size


async def _frame(socket: WebSocketClientConnection) -> str | bytes:
    frame = await socket.read_message()
    if frame is None:
        raise ConnectionError("the server closed the websocket")
    return frame


def _worker_in(content: str | bytes) -> str:
    """The worker id a document carries (see :data:`WORKER_HEADER`), or ""."""
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    found = re.search(r"ov-worker-([\w.-]+)", text)
    return found.group(1) if found else ""
