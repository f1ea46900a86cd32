"""examples/slides: the reveal.js deck embeds an exported page and its fragments drive it.

The deck's reveal.js comes from npm (``npm install`` in a copy of the example, as
docs/slides.md says); then everything loads from file:// with other requests blocked.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from optiviz.app.export import export

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "slides"


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    folder = tmp_path_factory.mktemp("slides")
    for name in ("index.html", "package.json"):
        shutil.copy(EXAMPLE / name, folder / name)
    npm = shutil.which("npm")
    assert npm, "npm is needed to install the example's reveal.js"
    subprocess.run(
        [npm, "install", "--prefer-offline", "--no-audit", "--no-fund"],
        cwd=folder, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    export("valley-adagrad", folder / "scene.html")
    return folder / "index.html"


def test_fragments_start_the_animation_and_set_eta(offline, deck):
    page = offline(deck, 1280, 720, ready="() => window.Reveal && Reveal.isReady()").page
    page.evaluate("() => Reveal.slide(1)")
    frame = page.wait_for_selector("iframe[src='scene.html']").content_frame()
    frame.wait_for_function("() => window.optiviz != null", timeout=30_000)

    page.evaluate("() => Reveal.next()")
    frame.wait_for_function("() => optiviz.state().playing", timeout=10_000)
    page.evaluate("() => Reveal.next()")
    frame.wait_for_function(
        "() => optiviz.state().runs[0].hyperparameters.lr === 0.5", timeout=10_000
    )
