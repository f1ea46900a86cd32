"""The lecture scenes from every door: the CLI, the app, the exports; and the data view's
columns, frame by frame, against the engine's own model."""

from __future__ import annotations

import dataclasses
import json

import imageio.v3 as iio
import numpy as np
import panel as pn
import pytest
from exported_pages import inflated

from optiviz.app.cli import main
from optiviz.app.display.data_view import BOUNDARY
from optiviz.app.display.scene_data import scene_data
from optiviz.app.export import export
from optiviz.app.export.mathtext import SEGMENT, to_mathtext
from optiviz.app.plots.data_view import shown_lines, shown_marks
from optiviz.app.web.lab import Lab
from optiviz.optim import presets
from optiviz.optim.scene import simulate

NEW = (
    "error-surface",
    "regression-batches",
    "momentum-through-saddle",
    "rmsprop-adapts",
    "warmup-vs-radam",
    "softmax-mse-vs-ce",
    "mse-with-adam",
    "batch-normalization",
)
DATA_VIEWS = {"error-surface": 1, "regression-batches": 1, "mse-with-adam": 1,
              "batch-normalization": 1, "feature-normalization": 2}  # fmt: skip


def short(name: str, steps: int = 30):
    """The preset's scene, cut to a few steps: every part of it, drawn cheaply."""
    return dataclasses.replace(presets.get(name).scene, steps=steps)


def test_the_cli_lists_and_runs_every_new_scene(capsys):
    main(["presets"])
    listing = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listing] == presets.names()
    for name in NEW:
        main(["run", "--preset", name, "--steps", "20", "--format", "json"])
        runs = json.loads(capsys.readouterr().out)["runs"]
        assert len(runs) == len(presets.get(name).scene.runs)
        assert all(run["diverged_at"] is None and len(run["positions"]) == 21 for run in runs)


@pytest.fixture(scope="module")
def lab():
    pn.extension("katex")
    return Lab("?preset=valley-adagrad")


@pytest.mark.parametrize("name", NEW)
def test_the_app_opens_every_new_scene_with_its_data_views(lab, name):
    lab.state.load_preset(name)
    scene = presets.get(name).scene
    assert lab.figure.data.paths[0]["label"][0] == scene.runs[0].title()
    assert len(lab.figure.data_views) == DATA_VIEWS.get(name, 0)
    assert lab.state.preset == name


def test_new_scenes_export_with_their_data_views(tmp_path):
    """The HTML page is the app's figure (opened above for every new scene); here the page
    carries the data view only where the scene has one, and the frames move it."""
    for name in ("regression-batches", "momentum-through-saddle"):
        page = export(short(name), tmp_path / f"{name}.html").read_text()
        document = inflated(page, "document")
        assert ('"data_points"' in document) == (name in DATA_VIEWS), "the data view's source"
    path = export(short("batch-normalization"), tmp_path / "bn.gif", fps=3, duration=1,
                  size=(600, 300))  # fmt: skip
    frames = iio.imread(path, index=None)
    right = frames[:, :, 400:]
    assert frames.shape[:3] == (3, 300, 600)
    assert np.abs(right[0].astype(int) - right[-1].astype(int)).sum() > 0, "the lines move"


def test_every_caption_s_math_draws_in_the_figures():
    """``to_mathtext`` unwraps a segment mathtext refuses: none may be."""
    for name in presets.names():
        caption = presets.get(name).caption
        assert len(SEGMENT.findall(to_mathtext(caption))) == len(SEGMENT.findall(caption)), name


def test_the_data_view_draws_the_engine_s_model_at_every_frame():
    scene = short("classification-mse-vs-ce", 40)
    trajectories = simulate(scene)
    data = scene_data(scene, trajectories)
    (view,) = data.data_views
    frames = len(data.timeline["step"])
    surface = scene.surface_object()
    for frame in (0, 17, frames - 1):
        lines = shown_lines(view, frame, frames)
        assert len(lines["xs"]) == 4, "a sigmoid and a boundary per run"
        for run, t in enumerate(trajectories):
            theta = t.positions[data.timeline["step"][frame]]
            x, y = lines["xs"][2 * run], lines["ys"][2 * run]
            expected = np.asarray(surface.dataset.model(theta, x))
            np.testing.assert_allclose(y, expected, atol=1e-6)
            boundary = lines["xs"][2 * run + 1][0]
            if np.isfinite(boundary):
                p = float(surface.dataset.model(theta, np.array([boundary]))[0])
                assert p == pytest.approx(BOUNDARY, abs=0.02)
    assert shown_marks(view, 0, frames) == {"x": [], "y": [], "color": []}, "no batches"
