"""A lecture hall: many students open the app at once. Measured against Panel's own floor.

    python benchmarks/lecture_hall.py [--opens 60] [--concurrency 10] [--live 100]

Each target is served the way it is deployed, in one run:

* ``floor``: :mod:`panel_floor`, twenty sliders and one figure (an image and six lines), the
  cheapest page a Panel server can serve that looks like a lab;
* ``workers=1``: ``optiviz serve``, one plain process;
* ``workers=2``: ``optiviz serve --workers 2``, two app processes behind the reverse proxy.

For each: ``--opens`` full session opens at ``--concurrency`` (a protocol-level client that does
what a browser does: GET the page, open its websocket with the page's token, pull the
document; :mod:`optiviz.app.web.probe`), giving opens per second, p50/p95 open time, errors
and the document's size. Then, for the app: ``--live`` sessions held open, the RSS per
session across all its processes; the slider release → new data latency in Chromium while
they are live; rounds of opening and closing sessions, whose memory must not grow from round
to round; and the slider latency while another client keeps opening the heaviest scenes a
link can ask for.

Prints a table; asserts nothing (machines are noisy: compare the targets within one run).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import psutil
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from optiviz.app.web.probe import Server, SessionOpen, free_port, open_session

HERE = Path(__file__).resolve().parent
QUERY = "?preset=valley-adagrad"
MB = 1024**2
WARM_UP_S = 20
"""Seconds given to a new server's background warm-up before it is measured."""


@contextlib.contextmanager
def floor_server() -> Iterator[tuple[str, int]]:
    """:mod:`panel_floor` served on a free port: its URL and process id."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(HERE / "panel_floor.py"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{url}/liveness", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)


async def opens(url: str, query: str, n: int, concurrency: int) -> tuple[float, list]:
    """``n`` full opens, ``concurrency`` at a time: wall time and each result (or error)."""
    gate = asyncio.Semaphore(concurrency)

    async def one() -> SessionOpen | Exception:
        async with gate:
            try:
                return await open_session(url, query)
            except Exception as error:
                return error

    start = time.perf_counter()
    results = await asyncio.gather(*(one() for _ in range(n)))
    return time.perf_counter() - start, results


def summary(name: str, wall: float, results: list) -> dict:
    good = [r for r in results if isinstance(r, SessionOpen)]
    seconds = [r.seconds for r in good] or [float("nan")]
    p50, p95 = np.percentile(seconds, [50, 95])
    return {
        "target": name,
        "opens/s": len(good) / wall,
        "p50 s": p50,
        "p95 s": p95,
        "errors": len(results) - len(good),
        "document KiB": np.mean([r.document_bytes for r in good]) / 1024 if good else 0.0,
    }


def start_up(query: str = QUERY) -> tuple[float, float]:
    """Seconds from ``optiviz serve`` starting to its ``/liveness`` answering, and to a first
    full session open (the presets still warming up in the background)."""
    port = free_port()
    url = f"http://localhost:{port}"
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "optiviz.app.cli", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/liveness", timeout=2):
                    live = time.perf_counter() - began
                    break
            except OSError:
                time.sleep(0.05)
        asyncio.run(open_session(url, query))
        return live, time.perf_counter() - began
    finally:
        process.terminate()
        process.wait(timeout=20)


def tree_cpu(pid: int) -> float:
    """CPU seconds (user and system) used so far by a process and all its descendants."""
    root = psutil.Process(pid)
    return sum(sum(p.cpu_times()[:2]) for p in [root, *root.children(recursive=True)])


def measured_opens(url: str, pid: int, query: str, n: int, concurrency: int) -> dict:
    """:func:`opens`, summarised, with the server's CPU seconds per open: a figure the other
    processes of a busy machine slow down much less than the wall-clock ones."""
    before = tree_cpu(pid)
    wall, results = asyncio.run(opens(url, query, n, concurrency))
    return {**summary("", wall, results), "cpu s/open": (tree_cpu(pid) - before) / n}


def tree_rss(pid: int) -> int:
    """RSS of a process and all its descendants (the proxy and the workers)."""
    root = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])


async def close(sessions: list[SessionOpen]) -> None:
    """Closes the sessions' websockets (on the loop that opened them)."""
    for session in sessions:
        session.connection.close()


async def hold(url: str, k: int) -> list[SessionOpen]:
    opened = []
    for _ in range(k):
        opened.append(await open_session(url, QUERY, keep=True))
    return opened


def live_memory(server: Server, k: int) -> tuple[float, list[SessionOpen]]:
    """MiB of server memory per live session: the RSS of the whole tree with ``k`` sessions
    open, against the same tree after warm-up with none."""
    loop = asyncio.new_event_loop()
    loop.run_until_complete(hold(server.url, 10))  # warm caches, arenas
    before = tree_rss(server.process.pid)
    sessions = loop.run_until_complete(hold(server.url, k))
    after = tree_rss(server.process.pid)
    loop.run_until_complete(close(sessions))
    loop.close()
    return (after - before) / k / MB, sessions


def rounds_memory(server: Server, sessions: int, rounds: int) -> list[float]:
    """RSS (MiB) after each round of ``sessions`` opened and closed, once the server has
    discarded them."""
    from optiviz.app.web.serve import SESSION_CHECK_MS, SESSION_LIFETIME_MS

    settle = (SESSION_CHECK_MS + SESSION_LIFETIME_MS) / 1000 + 3
    rss = []
    for _ in range(rounds):
        asyncio.run(opens(server.url, QUERY, sessions, 5))
        time.sleep(settle)
        rss.append(tree_rss(server.process.pid) / MB)
    return rss


def slider_latency_with_live(server: Server, live: int, moves: int) -> list[float]:
    """In Chromium, slider release → new data while ``live`` other sessions are open."""
    from app_latency import CHROMIUM_ARGS, slider_latency
    from playwright.sync_api import sync_playwright

    loop = asyncio.new_event_loop()
    sessions = loop.run_until_complete(hold(server.url, live))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("OPTIVIZ_CHROMIUM", "/usr/bin/chromium"),
                args=CHROMIUM_ARGS,
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            times = slider_latency(page, server.url, moves)
            browser.close()
    finally:
        loop.run_until_complete(close(sessions))
        loop.close()
    return times


def heavy_query(seed: int) -> str:
    """A link as heavy as the app lets one be: seven rows of 100,000 noisy steps (a new
    seed each time, so no shared result can serve it)."""
    runs = [
        json.dumps({"optimizer": name, "lr": 1e-3, "noise": 0.1, "seed": seed})
        for name in ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw")
    ]
    query = [("surface", "rosenbrock"), ("start", "-1.5,2.5"), ("steps", "100000")]
    return "?" + urllib.parse.urlencode(query + [("run", run) for run in runs])


def slider_latency_under_heavy_requests(server: Server, moves: int) -> list[float]:
    """In Chromium, slider release → new data while another client keeps opening
    :func:`heavy_query` sessions on the same server."""
    stop = threading.Event()

    def heavy() -> None:
        seed = 0
        while not stop.is_set():
            seed += 1
            with contextlib.suppress(Exception):
                asyncio.run(open_session(server.url, heavy_query(seed)))

    worker = threading.Thread(target=heavy, daemon=True)
    worker.start()
    try:
        return slider_latency_with_live(server, 0, moves)
    finally:
        stop.set()
        worker.join(timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opens", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--live", type=int, default=100)
    parser.add_argument("--moves", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    live, first = start_up()
    rows = []
    with floor_server() as (url, pid):
        asyncio.run(opens(url, "", 10, 2))
        row = measured_opens(url, pid, "", args.opens, args.concurrency)
        rows.append({**row, "target": "Panel floor"})
    for workers in ("1", "2"):
        with Server(["--workers", workers]) as server:
            time.sleep(WARM_UP_S)
            asyncio.run(opens(server.url, QUERY, 10, 2))
            pid = server.process.pid
            row = measured_opens(server.url, pid, QUERY, args.opens, args.concurrency)
            row["target"] = f"optiviz --workers {workers}"
            per_session, _ = live_memory(server, args.live)
            row["MiB/session"] = per_session
            if workers == "1":
                row["rounds MiB"] = rounds_memory(server, 20, args.rounds)
                if not args.skip_browser:
                    moves = slider_latency_with_live(server, args.live, args.moves)
                    row["slider p95 ms"] = float(np.percentile(moves, 95))
                    try:
                        moves = slider_latency_under_heavy_requests(server, args.moves)
                        row["heavy p95 ms"] = float(np.percentile(moves, 95))
                    except PlaywrightTimeout:
                        row["heavy p95 ms"] = float("inf")
            rows.append(row)
    floor, floor_cpu = rows[0]["opens/s"], rows[0]["cpu s/open"]
    print(
        f"lecture hall, {os.cpu_count()} cores, {args.opens} opens at concurrency "
        f"{args.concurrency}, {QUERY}"
    )
    for row in rows:
        ratio = floor / row["opens/s"] if row["opens/s"] else float("inf")
        line = (
            f"{row['target']:22s} {row['opens/s']:6.2f} opens/s  cost {ratio:4.2f}× floor  "
            f"{row['cpu s/open']:5.3f} CPU s/open ({row['cpu s/open'] / floor_cpu:4.2f}× floor)  "
            f"p50 {row['p50 s']:6.2f} s  p95 {row['p95 s']:6.2f} s  errors {row['errors']}  "
            f"document {row['document KiB']:6.1f} KiB"
        )
        if "MiB/session" in row:
            line += f"  {row['MiB/session']:.2f} MiB/live session"
        if "rounds MiB" in row:
            line += "  RSS by round " + ", ".join(f"{v:.0f}" for v in row["rounds MiB"]) + " MiB"
        if "slider p95 ms" in row:
            line += f"  slider p95 {row['slider p95 ms']:.0f} ms with {args.live} live"
            heavy = row["heavy p95 ms"]
            line += f", {heavy:.0f} ms" if heavy < float("inf") else ", timed out (10 s)"
            line += " beside a client opening heavy scenes back to back"
        print(line)
    print(f"start-up: /liveness after {live:.2f} s, a first page of {QUERY} after {first:.2f} s")
    one, two = rows[1]["opens/s"], rows[2]["opens/s"]
    print(f"--workers 2 / --workers 1: {two / one:.2f}× the opens per second")


if __name__ == "__main__":
    main()
