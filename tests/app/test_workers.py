"""``optiviz serve --workers 2``: two app processes behind HAProxy, sessions pinned by cookie.

A session lives in the process that built its page, so its websocket must reach that same
process. Each page names its worker in a response header (set by the proxy) and each
document in a class of its root (set by the worker that built it): the two must agree.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request

import psutil
import pytest

from optiviz.app.web.probe import WORKER_HEADER, Server, open_session
from optiviz.app.web.workers import COOKIE, WORKER_ENV, proxy_config


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    log = tmp_path_factory.mktemp("workers") / "serve.log"
    with Server(["--workers", "2"], log=log) as server:
        yield server


def test_proxy_config_pins_sessions_by_cookie():
    config = proxy_config("0.0.0.0", 8080, {"w0": 9000, "w1": 9001})
    assert f"cookie {COOKIE} insert indirect nocache" in config
    assert "bind 0.0.0.0:8080" in config
    assert "server w0 127.0.0.1:9000 check cookie w0" in config
    assert "server w1 127.0.0.1:9001 check cookie w1" in config
    assert "httpchk" not in config, "a busy worker must not be marked down"


def liveness(url: str) -> str:
    """The worker that answered ``/liveness`` through the proxy."""
    with urllib.request.urlopen(f"{url}/liveness", timeout=10) as reply:
        assert json.load(reply) == {"/liveness": True}
        return reply.headers[WORKER_HEADER]


def test_ready_means_every_worker_answers(two_workers):
    assert two_workers.workers == 2
    assert {liveness(two_workers.url) for _ in range(4)} == {"w0", "w1"}


def test_each_websocket_reaches_the_worker_that_built_its_page(two_workers):
    async def twenty():
        return await asyncio.gather(
            *(open_session(two_workers.url, "?preset=saddle-stuck") for _ in range(20))
        )

    opened = asyncio.run(twenty())
    assert all(session.worker in ("w0", "w1") for session in opened)
    assert [session.document_worker for session in opened] == [s.worker for s in opened]
    assert {session.worker for session in opened} == {"w0", "w1"}


def test_a_worker_that_dies_is_restarted(two_workers):
    supervisor = psutil.Process(two_workers.process.pid)
    workers = [p for p in supervisor.children() if "optiviz.app.cli" in " ".join(p.cmdline())]
    assert len(workers) == 2
    victim = workers[0]
    name = victim.environ()[WORKER_ENV]
    victim.kill()
    victim.wait(timeout=10)
    assert liveness(two_workers.url) != name, "the other worker serves while one restarts"
    deadline = time.monotonic() + 60
    while liveness(two_workers.url) != name:
        if time.monotonic() > deadline:
            pytest.fail(f"the killed worker {name} did not serve again")
        time.sleep(0.1)
    alive = [p for p in supervisor.children() if "optiviz.app.cli" in " ".join(p.cmdline())]
    assert len(alive) == 2 and victim.pid not in {p.pid for p in alive}
    opened = asyncio.run(open_session(two_workers.url, "?preset=saddle-stuck"))
    assert opened.document_worker == opened.worker
