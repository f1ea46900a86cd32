"""The 3-D view's frame rate in Chromium: the optimizer race (a ball per optimizer) playing.

    python benchmarks/terrain_fps.py [--seconds 6] [--gpu]

Plays the race on a real ``optiviz serve`` and counts, over ``--seconds`` of play, the
page's animation frames (each one the player drew) and the 3-D view's renders, side by
side in one run:

* ``2-D``: the race in the trajectories view (the contour plot and the side plots);
* ``2-D + 3-D``: the same with the 3-D view beside the contour plot (``view=3d``);
* ``3-D page``: the exported 3-D page (the terrain instead of the contour plot), from
  ``file://``.

and the JavaScript per frame, paused, averaged over 50 frames: the 3-D view's (moving the
balls and trails and handing the frame to WebGL: ``draw()`` and ``render()``), what a GPU
leaves of its cost, and the rest of a player step (the 2-D sources and side plots).

Headless Chromium here runs WebGL on SwiftShader (the CPU), so these figures are a floor;
``--gpu`` drops ``--disable-gpu`` on a machine that has one. The goal is 60 frames per
second on a laptop-class GPU. Prints the figures; asserts nothing (machines are noisy).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from optiviz.app.export import export
from optiviz.app.web.probe import Server
from optiviz.optim import presets

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--no-first-run", "--disable-sync"]
READY = "() => window.optiviz_terrain?.ready && optiviz_terrain.renders > 0"
COUNT = """() => {
    const renders = window.optiviz_terrain?.renders ?? 0
    window.bench = {frames: 0, start: performance.now(), renders}
    const count = () => { window.bench.frames += 1; requestAnimationFrame(count) }
    requestAnimationFrame(count)
}"""
RESULT = """() => {
    const seconds = (performance.now() - window.bench.start) / 1000
    const renders = (window.optiviz_terrain?.renders ?? 0) - window.bench.renders
    return [window.bench.frames / seconds, renders / seconds]
}"""


SCRIPT_MS = """() => {
    const t = optiviz_terrain
    let start = performance.now()
    for (let i = 0; i < 50; i++) {
        t.draw()
        t.render_window.render()
    }
    const terrain = (performance.now() - start) / 50
    start = performance.now()
    const steps = Bokeh.documents[0].get_model_by_name("timeline").data.step
    for (let i = 0; i < 50; i++) {
        optiviz.seek(steps[i % 2 ? 10 : 11])
    }
    return [terrain, (performance.now() - start) / 50 - terrain]
}"""


def measure(page: Page, seconds: float, terrain: bool) -> tuple[float, float]:
    """Plays the race (looping) for ``seconds``; returns the page's frames and the 3-D
    view's renders per second."""
    if terrain:
        page.wait_for_function(READY, timeout=120_000)
    page.wait_for_timeout(1500)
    page.evaluate("() => { Bokeh.documents[0].get_model_by_name('loop').active = true }")
    page.evaluate("() => optiviz.play()")
    page.evaluate(COUNT)
    time.sleep(seconds)
    fps, renders = page.evaluate(RESULT)
    page.evaluate("() => optiviz.pause()")
    return fps, renders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--gpu", action="store_true", help="let Chromium use the GPU")
    args = parser.parse_args()
    chromium_args = CHROMIUM_ARGS + ([] if args.gpu else ["--disable-gpu"])
    page_file = Path(tempfile.mkdtemp()) / "race3d.html"
    export("optimizer-race", page_file, view="3d")
    with Server() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=chromium_args
        )
        rows = []
        for label, url, terrain in (
            ("2-D", f"{server.url}/?preset=optimizer-race", False),
            ("2-D + 3-D", f"{server.url}/?preset=optimizer-race&view=3d", True),
            ("3-D page", page_file.as_uri(), True),
        ):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.wait_for_function("() => window.optiviz != null", timeout=120_000)
            rows.append((label, *measure(page, args.seconds, terrain)))
            if label == "3-D page":
                script_ms = page.evaluate(SCRIPT_MS)
            page.close()
        renderer = "GPU" if args.gpu else "SwiftShader (CPU)"
        race = presets.get("optimizer-race").scene
        print(
            f"optimizer race, {len(race.runs)} balls × {race.steps:,} steps, 1400×1000 page,"
            f" WebGL on {renderer}:"
        )
        for label, fps, renders in rows:
            drawn = f", 3-D view {renders:.1f} renders/s" if renders else ""
            print(f"  {label:10s} {fps:5.1f} frames/s{drawn}")
        terrain_ms, rest_ms = script_ms
        print(
            f"  JavaScript per frame: the 3-D view {terrain_ms:.1f} ms, the rest {rest_ms:.1f} ms"
        )
        browser.close()


if __name__ == "__main__":
    main()
