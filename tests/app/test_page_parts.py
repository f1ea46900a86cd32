"""The lecture page's parts without a browser: compact codes, the store, the CLI's --vary."""

import base64
import gzip
import json
import re

import numpy as np
import pytest

from optiviz.app.cli import main
from optiviz.app.display import compact
from optiviz.app.display.variants import run_columns, store_columns, variants
from optiviz.app.plots.scene_figure import scene_figure
from optiviz.optim import presets
from optiviz.optim.scene import simulate
from optiviz.optim.variants import scene_grids


def decoded(code: dict) -> np.ndarray:
    """What ``variants.js`` makes of a code (the contract of :mod:`compact`)."""
    data = np.asarray(code["data"])
    if code["codec"] == "f32":
        return data.astype(np.float64)
    if code["codec"] == "steps":
        return np.cumsum(data.astype(np.int64)).astype(np.float64)
    codes = np.cumsum(data.astype(np.int64)) % 65536
    if code["codec"] == "q16":
        return code["low"] + codes * code["scale"]
    gap = 10.0 ** (code["low"] + (codes - 1) * code["scale"])
    values = np.where(codes == 0, code["reference"], code["reference"] + gap)
    return np.where(codes == code["top"], np.nan, values)


def test_positions_keep_sixteen_bits_of_the_plot():
    rng = np.random.default_rng(0)
    path = np.cumsum(rng.normal(0, 0.05, 5000))
    code = compact.positions(path, (-2.0, 2.0))
    assert code["codec"] == "q16" and code["data"].dtype == np.uint16
    span = max(path.max(), 2.0) - min(path.min(), -2.0)
    assert np.abs(decoded(code) - path).max() <= span / 65535 / 2 * (1 + 1e-9)


def test_a_run_flying_off_the_plot_is_kept_as_float32():
    values = np.array([0.0, 1.0, 1e6, 1e300])
    code = compact.positions(values, (-1.0, 1.0))
    assert code["codec"] == "f32"
    assert decoded(code)[:3].tolist() == [0.0, 1.0, 1e6]
    assert decoded(code)[3] == np.finfo(np.float32).max


def test_log_codes_keep_relative_precision_gaps_and_the_reference():
    values = np.array([3.0, 3.0 + 1e-9, 3.0 + 10.0, np.nan, 3.0 + 1e-3, 2.5])
    code = compact.logarithmic(values, reference=3.0)
    back = decoded(code)
    assert back[0] == 3.0 and back[5] == 3.0, "at or below the reference: the reference"
    assert np.isnan(back[3])
    np.testing.assert_allclose(back[[1, 2, 4]] - 3.0, [1e-9, 10.0, 1e-3], rtol=3e-4)
    coarse = compact.logarithmic(np.geomspace(1e-6, 1e6, 500), bits=12)
    assert coarse["top"] == 4095
    np.testing.assert_allclose(decoded(coarse), np.geomspace(1e-6, 1e6, 500), rtol=4e-3)


def test_steps_are_differences_and_widen_when_needed():
    assert decoded(compact.steps([0, 3, 9, 70_000]))[-1] == 70_000
    assert compact.steps([0, 3, 9, 70_000])["data"].dtype == np.int32
    assert compact.steps(np.arange(0, 3000, 3))["data"].dtype == np.uint16


def test_the_store_has_every_grid_point_with_its_exact_end():
    scene = presets.get("saddle-stuck").scene
    grids = scene_grids(scene, ("lr",))
    laid = variants(scene, grids)
    store = store_columns(laid)
    assert len(store["row"]) == sum(len(grid.trajectories) for grid in grids)
    runs = run_columns(laid, ["#000000", "#ffffff"])
    for row, grid in enumerate(grids):
        index = runs["first"][row] + runs["own"][row]
        assert (store["row"][index], store["point"][index]) == (row, grid.own)
        own = grid.trajectories[grid.own]
        assert store["end"][index] == [*own.positions[-1], own.losses[-1]]
        frames = laid.data.timeline["step"]
        x0, x1, *_ = laid.data.surfaces[0].bounds
        error = np.abs(decoded(store["fx"][index]) - own.positions[frames, 0])
        assert error.max() <= (x1 - x0) / 65535
    assert sorted(store["curves"][0]) == ["distance", "grad_norm", "loss", "lr", "step_size"]
    assert len(store["curves"][0]["step_size"]) == 2, "w₁ and w₂"


def test_a_page_request_reaches_the_servers_handler():
    scene = presets.get("saddle-stuck").scene
    player = scene_figure(scene, simulate(scene)).player
    asked = []
    player.on_set(lambda row, name, value: asked.append((row, name, value)))
    player.requests.data = {"row": [1], "name": ["lr"], "value": [0.02]}
    assert asked == [(1, "lr", 0.02)]


def test_cli_export_varies_momentum_and_refuses_it_for_a_figure(tmp_path, capsys):
    out = tmp_path / "page.html"
    main(["export", "--surface", "valley", "--optimizer", "momentum", "--optimizer", "gd",
          "--steps", "40", "--vary", "momentum", "--out", str(out)])  # fmt: skip
    assert f"wrote {out}" in capsys.readouterr().out
    packed = re.search(r'id="optiviz-document" data-encoding="gzip">([^<]*)<', out.read_text())
    document = gzip.decompress(base64.b64decode(packed.group(1))).decode()
    names = set(re.findall(r'"name":"(slider_\d+_[a-z0-9_]+)"', document))
    assert names == {"slider_0_lr", "slider_0_momentum", "slider_1_lr"}
    assert json.loads(document), "the document is JSON"
    for argv, message in [
        (["--vary", "momentum", "--out", str(tmp_path / "x.png")], "only an .html page"),
        (["--vary", "beta1", "--out", str(out)], "cannot vary beta1"),
    ]:
        with pytest.raises(SystemExit) as exit_info:
            main(["export", "--surface", "valley", "--optimizer", "momentum", *argv])
        assert exit_info.value.code == 2
        assert message in capsys.readouterr().err
