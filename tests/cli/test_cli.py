"""The ``optiviz`` command: listings, run formats, hessian, and one-line errors."""

import csv
import io
import json
import subprocess
import sys

import numpy as np
import pytest
from cli_calls import fails, run_cli

from optiviz import optim
from optiviz.app.cli import main
from optiviz.optim import presets
from optiviz.optim.hyperparameters import OPTIMIZER_PARAMETERS, RUN_PARAMETERS


def test_listings_name_everything(capsys):
    assert all(name in run_cli(capsys, "surfaces") for name in ("valley", "saddle", "regression"))
    out = run_cli(capsys, "optimizers")
    for name in optim.names():
        assert name in out
    assert "beta2=0.999" in out and "eps=1e-10" in out
    out = run_cli(capsys, "presets")
    assert all(name in out for name in presets.names())


def test_run_json_has_the_documented_schema(capsys):
    out = run_cli(
        capsys, "run", "--surface", "rosenbrock", "--start", "-1.5,2", "--optimizer",
        "adam:lr=0.05", "--optimizer", "gd", "--lr", "1e-3", "--steps", "20", "--format", "json",
    )  # fmt: skip
    data = json.loads(out)
    assert data["surface"] == "rosenbrock" and data["start"] == [-1.5, 2.0] and data["steps"] == 20
    adam, gd = data["runs"]
    expected = {"optimizer", "hyperparameters", "schedule", "positions", "losses", "gradients"}
    assert expected | {"lr", "effective_lr", "diverged_at"} <= set(adam)
    assert adam["hyperparameters"]["lr"] == 0.05, "inline values win over shared flags"
    assert gd["hyperparameters"]["lr"] == 1e-3
    assert np.asarray(adam["positions"]).shape == (21, 2)
    reference = optim.run("rosenbrock", "adam", start=(-1.5, 2), steps=20, lr=0.05)
    np.testing.assert_array_equal(adam["positions"], reference.positions)


def test_run_preset_json_matches_the_engine(capsys):
    data = json.loads(run_cli(capsys, "run", "--preset", "saddle-stuck", "--format", "json"))
    assert [run["diverged_at"] for run in data["runs"]] == [None, None]
    assert data["runs"][1]["hyperparameters"]["noise"] == 0.1


def test_diverged_run_is_valid_json_with_the_step(capsys):
    out = run_cli(
        capsys, "run", "--surface", "valley", "--optimizer", "gd:lr=0.05", "--steps", "2000",
        "--format", "json",
    )  # fmt: skip
    run = json.loads(out)["runs"][0]
    assert isinstance(run["diverged_at"], int)
    assert "NaN" not in out and "Infinity" not in out


def test_run_csv_rows(capsys):
    out = run_cli(
        capsys, "run", "--preset", "local-min-momentum", "--steps", "5", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2 * 6
    assert rows[0]["step"] == "0" and rows[0]["lr"] == ""
    assert float(rows[1]["lr"]) == 0.01


def test_run_table_is_short(capsys):
    out = run_cli(capsys, "run", "--preset", "optimizer-race")
    assert len(out.splitlines()) == 1 + len(presets.get("optimizer-race").scene.runs)
    assert "adamw" in out


def test_hessian_json(capsys):
    data = json.loads(
        run_cli(capsys, "hessian", "--surface", "saddle", "--at", "0,0", "--format", "json")
    )
    assert data["hessian"] == [[0.0, -2.0], [-2.0, 0.0]]
    assert data["eigenvalues"] == pytest.approx([-2.0, 2.0])
    assert data["kind"] == "saddle point" and data["max_stable_lr"] == pytest.approx(1.0)
    assert data["escape_direction"] == pytest.approx([2**-0.5, 2**-0.5])
    assert {"surface", "point", "gradient", "eigenvectors"} <= set(data)
    out = run_cli(capsys, "hessian", "--surface", "saddle", "--at", "0,0")
    assert "saddle point" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "--surface", "valey"], "did you mean 'valley'"),
        (["run", "--optimizer", "adm"], "did you mean 'adam'"),
        (["run", "--optimizer", "adam:bta1=0.5"], "did you mean 'beta1'"),
        (["run", "--lr", "0"], "lr must be > 0"),
        (["run", "--lr", "nan"], "lr must be finite"),
        (["run", "--optimizer", "momentum", "--momentum", "1"], "momentum must be in [0, 1)"),
        (["run", "--optimizer", "adam", "--beta2", "1"], "beta2 must be in [0, 1)"),
        (["run", "--optimizer", "rmsprop", "--alpha", "-0.5"], "alpha must be in [0, 1)"),
        (["run", "--optimizer", "adam", "--eps", "-1"], "eps must be ≥ 0"),
        (["run", "--steps", "0"], "steps must be in [1, 1000000]"),
        (["run", "--steps", "1000001"], "steps must be in [1, 1000000]"),
        (["run", "--batch-size", "0"], "batch_size must be ≥ 1"),
        (["run", "--start", "1"], "expected two finite numbers"),
        (["run", "--start", "1,inf"], "expected two finite numbers"),
        (["run", "--schedule", "cosin"], "did you mean 'cosine'"),
        (["run", "--schedule", "cosine:Q=3"], "unknown key for schedule cosine"),
        (["run", "--alpha", "0.9"], "--alpha: no optimizer in this run takes it"),
        (["run", "--preset", "valley-adagrd"], "did you mean 'valley-adagrad'"),
        (["run", "--preset", "saddle-stuck", "--surface", "valley"], "cannot be combined"),
        (["hessian", "--surface", "saddle", "--at", "x,y"], "expected two finite numbers"),
        (["hessian", "--surface", "sadle", "--at", "0,0"], "did you mean 'saddle'"),
        (["runn"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    assert message in fails(capsys, *argv)


def test_console_script_runs_in_a_fresh_process():
    cli = [sys.executable, "-m", "optiviz.app.cli", "run"]
    argv = ["--preset", "valley-adagrad", "--steps", "10", "--format", "json"]
    result = subprocess.run([*cli, *argv], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["runs"][0]["optimizer"] == "adagrad"
    bad = subprocess.run([*cli, "--lr", "-1"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.strip() == "optiviz: error: lr must be > 0, got -1"


def test_flags_and_their_help_come_from_the_catalogue(capsys):
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for p in (*OPTIMIZER_PARAMETERS, *RUN_PARAMETERS):
        flag = "--" + p.name.replace("_", "-")
        assert f"{flag} {'N' if p.integer else 'X'} {p.help}, {p.range.phrase}" in text, flag
    assert "--clip X maximum gradient norm c, > 0 (default: no clipping)" in text
    assert "cosine:T=…,floor=…" in text, "schedule keys from the schedules' own table"


def test_flags_change_a_preset_s_runs(capsys):
    argv = ["run", "--preset", "local-min-momentum", "--steps", "5", "--format", "json"]
    gd, momentum = json.loads(run_cli(capsys, *argv, "--lr", "0.02", "--momentum", "0.5"))["runs"]
    assert gd["hyperparameters"]["lr"] == momentum["hyperparameters"]["lr"] == 0.02
    assert (
        momentum["hyperparameters"]["momentum"] == 0.5 and "momentum" not in gd["hyperparameters"]
    )
    assert momentum["convention"] == "course", "the preset's own settings stay"
    err = fails(capsys, *argv, "--beta1", "0.5")
    assert "--beta1: no optimizer in this run takes it" in err


APP_MISSING = """
import sys
for name in ("panel", "bokeh", "matplotlib"):
    sys.modules[name] = None  # as on an install without the app's extras
from optiviz.app.cli import main
for argv in (["serve"], ["export", "--preset", "saddle-stuck", "--out", "scene.html"]):
    try:
        main(argv)
    except SystemExit as exit:
        print(exit.code)
"""


def test_serve_and_export_without_the_app_extras_name_the_extra(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", APP_MISSING], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.stdout.split() == ["2", "2"]
    serve, export = result.stderr.strip().splitlines()
    assert serve == (
        "optiviz: error: serve needs the app's extras (panel is missing): "
        "pip install 'optiviz[app]'"
    )
    assert export.startswith("optiviz: error: export needs the app's extras (")
    assert export.endswith("is missing): pip install 'optiviz[app]'")
    assert not (tmp_path / "scene.html").exists()
