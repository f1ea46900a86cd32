"""Exports: every format from a preset, at the requested size, frames that move."""

import re

import imageio.v3 as iio
import imageio_ffmpeg
import numpy as np
import pytest
from exported_pages import inflated
from PIL import Image

from optiviz.app.cli import main
from optiviz.app.export import export

PRESET = "local-min-momentum"


def test_gif_has_the_expected_frames_and_they_move(tmp_path):
    path = export(PRESET, tmp_path / "scene.gif", fps=10, duration=1.5, size=(320, 240))
    frames = iio.imread(path, index=None)
    assert frames.shape[:3] == (15, 240, 320)
    assert np.abs(frames[0].astype(int) - frames[-1].astype(int)).sum() > 0
    assert np.abs(frames[7].astype(int) - frames[-1].astype(int)).sum() > 0
    with Image.open(path) as image:
        assert image.info["loop"] == 0 and image.info["duration"] == 100


@pytest.mark.filterwarnings("ignore:os.fork:RuntimeWarning")
def test_mp4_is_h264_yuv420p_with_the_expected_frames(tmp_path):
    path = export(PRESET, tmp_path / "scene.mp4", fps=12, duration=1.0, size=(321, 241))
    reader = imageio_ffmpeg.read_frames(str(path))
    try:
        meta = next(reader)
        frames = list(reader)
    finally:
        reader.close()
    assert meta["codec"] == "h264" and meta["pix_fmt"].startswith("yuv420p")
    assert tuple(meta["size"]) == (320, 240), "rounded to even sizes for yuv420p"
    assert len(frames) == 12
    assert frames[0] != frames[-1]


def test_png_has_the_requested_size(tmp_path):
    path = export(PRESET, tmp_path / "scene.png", size=(800, 500), theme="dark")
    with Image.open(path) as image:
        assert image.size == (800, 500)


def test_svg_has_the_requested_size(tmp_path):
    path = export(PRESET, tmp_path / "scene.svg", size=(700, 450), caption=False)
    head = path.read_text()[:2000]
    assert re.search(r'<svg[^>]* width="700" height="450"', head)
    assert 'viewBox="0 0 ' in head


def test_html_is_self_contained(tmp_path):
    path = export(PRESET, tmp_path / "scene.html")
    page = path.read_text()
    assert "<script src=" not in page and "DecompressionStream" in page
    assert not re.search(r"<link[^>]+href=", page), "no stylesheet fetched"
    bokehjs = inflated(page, "bokehjs")
    assert "BEGIN bokeh.min.js" in bokehjs
    assert "BEGIN bokeh-mathjax" not in bokehjs, "no MathJax bundle: axis names are Unicode"
    assert "data:image/svg+xml;base64," in inflated(page, "document"), "caption math as SVG"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"out": "scene.pdf"}, "unknown export format '.pdf'"),
        ({"out": "scene.png", "size": (10, 10)}, "size must be between"),
        ({"out": "scene.gif", "fps": 0}, "fps must be in"),
        ({"out": "scene.png", "theme": "blue"}, "theme must be light or dark"),
    ],
)
def test_bad_export_arguments(tmp_path, kwargs, message):
    kwargs["out"] = tmp_path / kwargs["out"]
    with pytest.raises(ValueError, match=message):
        export(PRESET, **kwargs)


def test_cli_export_writes_the_file_and_reports_it(tmp_path, capsys):
    out = tmp_path / "race.png"
    main(["export", "--preset", "optimizer-race", "--out", str(out), "--size", "640x400"])
    assert f"wrote {out}" in capsys.readouterr().out
    with Image.open(out) as image:
        assert image.size == (640, 400)
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--preset", "optimizer-race", "--out", str(out), "--size", "big"])
    assert exit_info.value.code == 2
    assert "expected WxH" in capsys.readouterr().err
