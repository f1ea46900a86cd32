"""``optiviz experiment minimum-ratio``: its records match the engine's, every format, the
figure, and one-line errors."""

import csv
import functools
import json
import subprocess
import sys

import numpy as np
import pytest
from cli_calls import fails, run_cli

from optiviz.optim.minimum_ratio import minimum_ratio
from optiviz.surfaces import mlp, toy_data

SMALL = ["experiment", "minimum-ratio", "--runs", "4", "--width", "3", "--depth", "1",
         "--points", "20", "--lr", "0.3", "--tolerance", "8e-3", "--max-steps", "900",
         "--seed", "0"]  # fmt: skip


@functools.cache
def engine():
    data = toy_data.dataset("curve", n=20)
    return minimum_ratio(mlp.MLP(3, 1), data, 4, lr=0.3, tolerance=8e-3, max_steps=900)


def test_json_has_one_record_per_run_as_the_engine_finds_them(capsys):
    data = json.loads(run_cli(capsys, *SMALL, "--format", "json"))
    found = engine()
    assert data["experiment"] == "minimum-ratio" and data["weights"] == found.network.size
    assert data["settings"]["runs"] == 4 and data["settings"]["tolerance"] == 8e-3
    assert data["summary"] == found.summary()
    assert [r["seed"] for r in data["runs"]] == [0, 1, 2, 3]
    for record, i in zip(data["runs"], range(4), strict=True):
        assert record["reached"] == bool(found.reached[i])
        assert record["steps"] == (int(found.steps[i]) if found.reached[i] else None)
        assert record["loss"] == found.points.loss[i]
        assert record["grad_norm"] == found.points.grad_norm[i]
        assert record["ratio"] == found.points.ratio[i]
        assert record["eigenvalues"] == found.points.eigenvalues[i].tolist()
        assert record["positive"] + record["negative"] + record["flat"] == found.network.size
    assert any(r["reached"] for r in data["runs"])


def test_csv_and_table(capsys):
    rows = list(csv.DictReader(run_cli(capsys, *SMALL, "--format", "csv").splitlines()))
    found = engine()
    assert [int(r["seed"]) for r in rows] == [0, 1, 2, 3]
    np.testing.assert_allclose([float(r["ratio"]) for r in rows], found.points.ratio)
    np.testing.assert_allclose(
        [float(r["lambda_min"]) for r in rows], found.points.eigenvalues[:, 0]
    )
    table = run_cli(capsys, *SMALL)
    lines = table.splitlines()
    assert lines[0].startswith("4 MLPs 1→3→1 tanh (10 weights) on curve (20 points)")
    assert lines[1] == found.summary()
    assert len(lines) == 3 + 4 + 1


def test_out_draws_the_scatter(capsys, tmp_path):
    out = tmp_path / "ratio.png"
    run_cli(capsys, *SMALL, "--out", str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "ratio.svg"
    run_cli(capsys, *SMALL, "--out", str(svg))
    text = svg.read_text()
    assert text.lstrip().startswith("<?xml") and "minimum ratio" in text


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--runs", "0"], "runs must be in [1, 1000], got 0"),
        (["--width", "0"], "width must be a whole number in [1, 256], got 0"),
        (["--tolerance", "0"], "tolerance must be > 0, got 0"),
        (["--lr", "nan"], "lr must be finite"),
        (["--out", "ratio.gif"], "--out must end in .png, .svg, .pdf, got 'ratio.gif'"),
        (["--data", "mnist"], "argument --data: invalid choice: 'mnist'"),
        (["--runs", "many"], "argument --runs: invalid int value: 'many'"),
    ],
)
def test_bad_input_is_one_line(capsys, flags, message):
    assert message in fails(capsys, "experiment", "minimum-ratio", *flags)


def test_experiment_needs_a_name(capsys):
    assert "required: experiment" in fails(capsys, "experiment")


def test_experiment_loads_matplotlib_only_for_a_figure():
    code = (
        "import sys\n"
        "from optiviz.app.cli import main\n"
        f"main({[*SMALL, '--format', 'csv']!r})\n"
        "print('LOADED', sorted({m.split('.')[0] for m in sys.modules}"
        " & {'matplotlib', 'panel', 'bokeh', 'param'}), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "LOADED []" in result.stderr, result.stderr[-2000:]
