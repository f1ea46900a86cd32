"""``optiviz sweep``: every output format, the summary, and one-line errors for bad input."""

import csv
import json
import struct
import sys

import numpy as np
import pytest
from cli_calls import fails, run_cli

from optiviz import optim

MAP = ["sweep", "--surface", "valley", "--optimizer", "momentum", "--steps", "200",
       "--grid", "lr=1e-3:0.1:log:6", "--grid", "momentum=0:0.9:4"]  # fmt: skip
BASINS = ["sweep", "--basins", "--surface", "himmelblau", "--optimizer", "gd", "--lr", "0.01",
          "--steps", "100", "--resolution", "12"]  # fmt: skip


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def engine_map():
    grid = {"lr": np.geomspace(1e-3, 0.1, 6), "momentum": np.linspace(0, 0.9, 4)}
    return optim.sweep("valley", "momentum", grid=grid, steps=200)


def test_json_holds_the_grid_the_axes_and_the_settings(capsys, tmp_path, engine_map):
    out = tmp_path / "map.json"
    assert run_cli(capsys, *MAP, "--out", str(out)).strip() == f"wrote {out}"
    data = json.loads(out.read_text())
    assert data["surface"] == "valley" and data["optimizer"] == "momentum"
    assert data["metric"] == "final-loss" and data["missing"] is None
    lr, momentum = data["axes"]
    assert lr["name"] == "lr" and lr["log"] and not momentum["log"]
    np.testing.assert_allclose(lr["values"], np.geomspace(1e-3, 0.1, 6))
    np.testing.assert_allclose(momentum["values"], np.linspace(0, 0.9, 4))
    values = np.array(data["values"], dtype=float)  # null (diverged) reads as NaN
    assert values.shape == (6, 4) and np.isnan(values).any() and np.isfinite(values).any()
    np.testing.assert_array_equal(values, engine_map.values)
    assert np.array(data["diverged_at"]).tolist() == engine_map.diverged_at.tolist()
    assert data["settings"]["start"] == [-8.0, 0.5] and data["settings"]["steps"] == 200


def test_csv_has_a_row_per_setting(capsys, tmp_path, engine_map):
    out = tmp_path / "map.csv"
    run_cli(capsys, *MAP, "--metric", "final-loss", "--out", str(out))
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["lr", "momentum", "final-loss", "diverged_at"]
    assert len(rows) == 1 + 6 * 4
    lr, momentum = engine_map.axes
    for row, index in zip(rows[1:], np.ndindex(6, 4), strict=True):
        assert float(row[0]) == lr.values[index[0]] and float(row[1]) == momentum.values[index[1]]
        value = engine_map.values[index]
        assert row[2] == "" if np.isnan(value) else float(row[2]) == value
        assert int(row[3]) == engine_map.diverged_at[index]


@pytest.mark.parametrize("metric", ["final-loss", "steps-to-tolerance"])
def test_png_heatmap_and_curve(capsys, tmp_path, metric):
    heatmap, curve = tmp_path / "map.png", tmp_path / "curve.png"
    run_cli(capsys, *MAP, "--metric", metric, "--tolerance", "1", "--out", str(heatmap))
    width, height = png_size(heatmap)
    assert width > 300 and height > 200
    run_cli(capsys, *MAP[:-2], "--metric", metric, "--out", str(curve))
    assert png_size(curve) == (width, height)


def test_summary_names_the_best_setting(capsys):
    out = run_cli(capsys, *MAP)
    assert out.startswith("momentum on valley: final loss over lr (6, 0.001 … 0.1, log)")
    assert "lowest" in out and "diverged in" in out


def test_basins_in_every_format(capsys, tmp_path):
    engine = optim.basins("himmelblau", "gd", lr=0.01, steps=100, resolution=12)
    out = tmp_path / "basins.json"
    run_cli(capsys, *BASINS, "--out", str(out))
    data = json.loads(out.read_text())
    assert np.array(data["minimum"]).tolist() == engine.minimum.tolist()
    assert np.array(data["steps"]).tolist() == engine.steps.tolist()
    assert len(data["w1"]) == len(data["w2"]) == 12 and len(data["minima"]) == 4
    assert data["codes"] == {"-1": "none", "-2": "diverged"}
    out = tmp_path / "basins.csv"
    run_cli(capsys, *BASINS, "--out", str(out))
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["w1", "w2", "minimum", "steps"] and len(rows) == 1 + 12 * 12
    assert {int(row[2]) for row in rows[1:]} == {0, 1, 2, 3}
    out = tmp_path / "basins.png"
    run_cli(capsys, *BASINS, "--out", str(out))
    assert png_size(out)[0] > 300
    summary = run_cli(capsys, *BASINS)
    assert "minimum 0 (3, 2):" in summary and "diverged: 0" in summary


def test_a_run_of_a_preset_is_swept_around_its_settings(capsys, tmp_path):
    out = tmp_path / "map.json"
    argv = ["sweep", "--preset", "local-min-momentum", "--run", "2", "--steps", "50"]
    run_cli(capsys, *argv, "--grid", "momentum=0:0.9:3", "--out", str(out))
    data = json.loads(out.read_text())
    assert data["optimizer"] == "momentum" and "momentum" not in data["settings"]
    assert "lr" in data["settings"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--grid", "lr=1e-4:1:log"], "expected NAME=START:STOP[:log]:COUNT, got 'lr=1e-4:1:log'"),
        (["--grid", "lr"], "expected NAME=START:STOP[:log]:COUNT"),
        (["--grid", "=1:2:3"], "expected NAME=START:STOP[:log]:COUNT"),
        (["--grid", "lr=a:1:5"], "lr: START and STOP must be numbers"),
        (["--grid", "lr=1e-4:1:lin:5"], "lr: expected 'log' before COUNT"),
        (["--grid", "lr=1e-4:1:log:0"], "lr: COUNT must be 1 … 1024, got 0"),
        (["--grid", "lr=1e-4:1:log:2.5"], "lr: COUNT must be a whole number"),
        (["--grid", "lr=0:1:log:5"], "lr: a log grid needs START and STOP > 0"),
        (["--grid", "lr=1:inf:5"], "lr: START and STOP must be finite"),
        (["--grid", "momentum=0:1:5"], "momentum must be in [0, 1), got 1"),
        (["--grid", "bogus=0:1:5"], "unknown hyperparameter to sweep for momentum 'bogus'"),
        (
            ["--grid", "lr=0.1:1:2", "--grid", "momentum=0:0.5:2", "--grid", "eps=1:2:2"],
            "--grid takes one or two hyperparameters, got 3",
        ),
        (["--grid", "lr=0.1:1:2", "--grid", "lr=0.1:1:3"], "--grid lr is given twice"),
        ([], "--grid is required"),
        (["--grid", "lr=0.1:1:2", "--lr", "0.1"], "lr is both swept and fixed"),
        (["--grid", "lr=0.1:1:2", "--metric", "speed"], "argument --metric: invalid choice"),
        (["--grid", "lr=0.1:1:2", "--out", "map.txt"], "--out must end in .png, .json or .csv"),
        (["--grid", "lr=0.1:1:2", "--basins"], "--grid cannot be combined with --basins"),
        (["--basins", "--resolution", "1"], "resolution must be in [2, 1024], got 1"),
        (["--grid", "lr=0.1:1:2", "--out", "/no/such/dir/map.json"], "cannot write"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    err = fails(capsys, "sweep", "--surface", "valley", "--optimizer", "momentum", *argv)
    assert message in err, err


def test_bad_run_choice_exits_2_with_one_line(capsys):
    err = fails(capsys, "sweep", "--preset", "local-min-momentum", "--grid", "lr=0.1:1:2")
    assert "this scene has 2 runs; pick the one to sweep with --run 1 … 2" in err
    err = fails(capsys, "sweep", "--preset", "local-min-momentum", "--run", "3", "--basins")
    assert "--run must be 1 … 2, got 3" in err


def test_png_without_matplotlib_says_how_to_get_it(capsys, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    err = fails(capsys, *MAP, "--out", str(tmp_path / "map.png"))
    assert "pip install 'optiviz[export]'" in err
    assert not (tmp_path / "map.png").exists()
