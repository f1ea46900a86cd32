"""The CLI's figures of degenerate surfaces: a flat formula exports and maps."""

import warnings

import pytest
from cli_calls import run_cli


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


def test_a_flat_formula_exports_a_figure(capsys, tmp_path):
    out = tmp_path / "flat.svg"
    printed = run_cli(
        capsys, "export", "--formula", "0*x", "--optimizer", "gd", "--steps", "10",
        "--size", "320x240", "--out", str(out),
    )  # fmt: skip
    assert printed.startswith(f"wrote {out}")
    assert "flat here" in out.read_text()


def test_a_map_of_constant_values_is_drawn(capsys, tmp_path):
    out = tmp_path / "map.png"
    run_cli(
        capsys, "sweep", "--formula", "0*x", "--grid", "lr=0.1:0.2:2", "--grid",
        "noise=0:0.1:2", "--steps", "5", "--out", str(out),
    )  # fmt: skip
    assert out.stat().st_size > 1000
