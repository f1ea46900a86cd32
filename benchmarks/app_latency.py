"""The web app's latency and memory, measured in Chromium against a real ``optiviz serve``.

    python benchmarks/app_latency.py [--moves 60] [--opens 10] [--cycles 50]

* Slider release → redrawn data: a scene of six optimizers × 1,000 steps on Rosenbrock; the
  first row's η slider is dragged left and right alternately, and each move is timed in the
  page from the ``pointerup`` to the first animation frame after the new trail is in the
  plot's source (server recomputation, the websocket both ways, and the player's redraw).
  Goal: p95 < 150 ms.
* Cold page open → first plot: a new browser context (empty cache) per open, timed from the
  navigation to the first animation frame with trajectories in the plot; for the default
  page and for the seven-optimizer race (the heaviest preset).
* Server memory over session open/close cycles: the server's RSS (psutil) after
  ``WARM_UP_SESSIONS`` sessions, and again after ``--cycles`` more sessions have opened,
  drawn, closed and been discarded by the server.

Prints the figures; asserts nothing (machines are noisy).
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
import urllib.parse
import urllib.request

import numpy as np
import psutil
from playwright.sync_api import Page, sync_playwright

from optiviz.app.web.probe import Server
from optiviz.app.web.serve import SESSION_CHECK_MS, SESSION_LIFETIME_MS

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SIX_BY_THOUSAND = [
    {"optimizer": "gd", "lr": 1e-3},
    {"optimizer": "momentum", "lr": 1e-3},
    {"optimizer": "nesterov", "lr": 1e-3},
    {"optimizer": "adagrad", "lr": 0.5},
    {"optimizer": "rmsprop", "lr": 1e-2},
    {"optimizer": "adam", "lr": 5e-2},
]
WARM_UP_SESSIONS = 20
"""Sessions opened before memory is measured: the first ones fill caches and the
allocator's arenas (about 30 MB), after which the server's memory stays flat."""
DRAWN = """() => {
    const doc = window.Bokeh && Bokeh.documents[0]
    const trail = doc && doc.get_model_by_name("trail")
    return trail != null && trail.data.xs.length > 0
}"""
HOOK = """() => {
    const trail = Bokeh.documents[0].get_model_by_name("trail")
    window.__drawn = null
    window.addEventListener("pointerup", () => { window.__up = performance.now() }, true)
    trail.properties.data.change.connect(() => {
        requestAnimationFrame(() => { window.__drawn = performance.now() })
    })
}"""


def percentiles(values: list[float]) -> str:
    p50, p95 = np.percentile(values, [50, 95])
    return f"p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   (n = {len(values)}, max {max(values):.1f})"


def slider_latency(page: Page, url: str, moves: int) -> list[float]:
    query = urllib.parse.urlencode(
        [("surface", "rosenbrock"), ("start", "-1.5,2.5"), ("steps", "1000")]
        + [("run", json.dumps(run)) for run in SIX_BY_THOUSAND]
    )
    page.goto(f"{url}/?{query}")
    page.wait_for_function(DRAWN, timeout=60_000)
    page.wait_for_timeout(500)
    page.evaluate(HOOK)
    handle = page.locator(".ov-row-0 .ov-lr-slider .noUi-handle")
    times = []
    for i in range(moves):
        box = handle.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.evaluate("() => { window.__drawn = null }")
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + (12 if i % 2 else -12), y, steps=3)
        page.mouse.up()
        page.wait_for_function("() => window.__drawn !== null", timeout=10_000)
        times.append(page.evaluate("() => window.__drawn - window.__up"))
        page.wait_for_timeout(50)
    return times


def cold_opens(browser, url: str, opens: int, query: str = "") -> list[float]:
    times = []
    for _ in range(opens):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{url}/{query}", wait_until="commit")
        page.wait_for_function(DRAWN, timeout=60_000, polling="raf")
        times.append(page.evaluate("() => performance.now()"))
        context.close()
    return times


def session_memory(
    browser, url: str, process: psutil.Process, cycles: int, rounds: int = 2
) -> list[float]:
    """The server's RSS after warm-up and after each round of ``cycles`` sessions, each
    measured once closed sessions have been discarded."""

    def cycle() -> None:
        page = browser.new_page()
        page.goto(f"{url}/?preset=valley-adagrad")
        page.wait_for_function(DRAWN, timeout=60_000)
        page.close()

    settle = (SESSION_CHECK_MS + SESSION_LIFETIME_MS) / 1000 + 3
    for _ in range(WARM_UP_SESSIONS):
        cycle()
    time.sleep(settle)
    rss = [process.memory_info().rss]
    for _ in range(rounds):
        for _ in range(cycles):
            cycle()
        time.sleep(settle)
        rss.append(process.memory_info().rss)
    return rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=60)
    parser.add_argument("--opens", type=int, default=10)
    parser.add_argument("--cycles", type=int, default=50)
    args = parser.parse_args()
    with Server() as server, sync_playwright() as playwright:
        url = server.url
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        moves = slider_latency(page, url, args.moves)
        page.close()
        opens = cold_opens(browser, url, args.opens)
        race = cold_opens(browser, url, args.opens, "?preset=optimizer-race")
        rss = session_memory(browser, url, psutil.Process(server.process.pid), args.cycles)
        browser.close()
    mb = 1024**2
    print("optiviz web app, Chromium headless, this machine")
    print(f"slider release → redrawn data (6 optimizers × 1,000 steps): {percentiles(moves)}")
    print(f"cold page open → first plot, default page (1 optimizer): {percentiles(opens)}")
    print(f"cold page open → first plot, optimizer-race (7 rows):    {percentiles(race)}")
    steps = ", ".join(
        f"{new / mb:.1f} MB ({(new - old) / mb:+.1f})" for old, new in itertools.pairwise(rss)
    )
    print(
        f"server RSS after {WARM_UP_SESSIONS} warm-up sessions {rss[0] / mb:.1f} MB; after each "
        f"further {args.cycles} session open/close cycles (closed sessions discarded): {steps}"
    )


if __name__ == "__main__":
    main()
