"""``optiviz export --view 3d``: the terrain as a movie, a figure and an offline page."""

from __future__ import annotations

import base64
import gzip

import numpy as np
import pytest
from cli_calls import fails, run_cli
from PIL import Image, ImageSequence

from optiviz.app.export import export
from optiviz.app.export.html import write_html
from optiviz.app.plots.vtk_library import vtk_js_path
from optiviz.optim import presets


def frames(path) -> list[np.ndarray]:
    """The frames of a GIF, grey levels as floats."""
    images = ImageSequence.Iterator(Image.open(path))
    return [np.asarray(image.convert("L"), dtype=float) for image in images]


def test_gif_of_the_terrain_has_the_frames_asked_for(capsys, tmp_path):
    out = tmp_path / "saddle.gif"
    printed = run_cli(
        capsys, "export", "--preset", "saddle-stuck", "--view", "3d", "--camera", "-40,35,6",
        "--fps", "5", "--duration", "2", "--size", "320x240", "--out", str(out),
    )  # fmt: skip
    assert printed.startswith(f"wrote {out}")
    movie = frames(out)
    assert len(movie) >= 10 and movie[0].shape == (240, 320)
    assert not np.array_equal(movie[0], movie[-1]), "the balls move"


def test_an_orbit_turns_the_camera_and_a_figure_is_the_final_state(tmp_path):
    still = export("saddle-stuck", tmp_path / "still.gif", view="3d", fps=2, duration=1,
                   size=(240, 180), caption=False, title="")  # fmt: skip
    orbit = export("saddle-stuck", tmp_path / "orbit.gif", view="3d", fps=2, duration=1,
                   size=(240, 180), caption=False, title="", orbit=90)  # fmt: skip
    first, last = ([frames(p)[k] for p in (still, orbit)] for k in (0, -1))
    assert np.abs(first[0] - first[1]).mean() < 2, "the orbit starts at the camera"
    assert np.abs(last[0] - last[1]).mean() > 5, "and ends a quarter turn on"
    png = export("saddle-stuck", tmp_path / "saddle.png", view="3d", size=(400, 300))
    flat = export("saddle-stuck", tmp_path / "flat.png", size=(400, 300))
    assert Image.open(png).size == (400, 300)
    assert not np.array_equal(np.asarray(Image.open(png)), np.asarray(Image.open(flat)))


@pytest.mark.parametrize("preset", ["optimizer-race", "valley-adagrad"])
def test_the_3d_page_costs_at_most_the_library_more_than_the_2d_page(tmp_path, preset):
    """vtk.js travels like BokehJS, gzip-compressed in base64: the terrain, the view's code
    and its controls must cost no more than the contour plot they replace."""
    page = export(preset, tmp_path / "3d.html", view="3d")
    flat = export(preset, tmp_path / "2d.html")
    library = len(base64.b64encode(gzip.compress(vtk_js_path().read_bytes(), 9, mtime=0)))
    extra = page.stat().st_size - flat.stat().st_size
    assert extra <= library, f"{extra:,} bytes more than the 2-D page; vtk.js is {library:,}"


def test_the_3d_page_carries_the_view_s_code_once(tmp_path):
    scene = presets.get("saddle-stuck").scene
    write_html(tmp_path / "3d.html", scene, compress=False, terrain={})
    text = (tmp_path / "3d.html").read_text(encoding="utf-8")
    assert text.count("vtkGenericRenderWindow") >= 1, "vtk.js is in the page"
    assert text.count("function optiviz_terrain(m)") == 1, "the view's code travels once"


def test_bad_3d_flags_exit_2_with_one_line(capsys, tmp_path):
    out = str(tmp_path / "x.gif")
    assert "elevation" in fails(capsys, "export", "--preset", "saddle-stuck", "--view", "3d",
                                "--camera", "0,95,5", "--out", out)  # fmt: skip
    assert "--height" in fails(capsys, "export", "--preset", "saddle-stuck", "--view", "3d",
                               "--height", "cubic", "--out", out)  # fmt: skip
