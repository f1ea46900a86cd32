"""Exported figures and movies carry words for readers who cannot see them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from optiviz.app.export import export
from optiviz.optim import presets
from optiviz.optim.scene import simulate


def test_an_svg_says_what_it_shows_inside(tmp_path):
    path = export("saddle-stuck", tmp_path / "saddle.svg", size=(320, 240))
    root = ET.parse(path).getroot()
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert root.find("svg:title", ns).text == presets.get("saddle-stuck").title
    desc = root.find("svg:desc", ns).text
    trajectories = simulate(presets.get("saddle-stuck").scene)
    end = trajectories[1].positions[-1]
    assert "Run 2, GD, noisy gradient" in desc
    assert f"({end[0]:.4g}, {end[1]:.4g})" in desc


def test_a_png_has_its_alt_text_beside_it(tmp_path):
    path = export("valley-adagrad", tmp_path / "valley.png", size=(320, 240))
    text = (tmp_path / "valley.png.txt").read_text(encoding="utf-8")
    assert path.exists()
    assert text.startswith(presets.get("valley-adagrad").title)
    steps = presets.get("valley-adagrad").scene.steps
    assert f"Surface: Elongated valley. 1 run, step {steps} of {steps}." in text


def test_an_mp4_has_a_caption_file_for_its_whole_length(tmp_path):
    export("saddle-stuck", tmp_path / "saddle.mp4", size=(160, 120), fps=4, duration=1.5)
    vtt = (tmp_path / "saddle.vtt").read_text(encoding="utf-8").splitlines()
    assert vtt[0] == "WEBVTT"
    assert vtt[2] == "00:00:00.000 --> 00:00:01.500"
    assert vtt[3].startswith("Stuck at a saddle point. Surface:")
