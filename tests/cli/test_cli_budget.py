"""The CLI cuts a request over its work budget, runs what fits and says so on stderr."""

from __future__ import annotations

import json

from PIL import Image

from optiviz.app.cli import main
from optiviz.app.export import formats


def run_with_note(capsys, *argv: str) -> tuple[str, str]:
    """Runs ``optiviz ARGV``; returns its output and its one ``optiviz: note:`` line (the
    export's progress lines aside)."""
    main(list(argv))
    captured = capsys.readouterr()
    notes = [line for line in captured.err.splitlines() if line.startswith("optiviz")]
    assert len(notes) == 1 and notes[0].startswith("optiviz: note: "), captured.err
    assert "Traceback" not in captured.err
    return captured.out, notes[0]


def test_a_costly_run_is_cut_with_a_note(capsys):
    out, line = run_with_note(
        capsys, "run", "--surface", "valley", "--optimizer", "gd:noise=0.1", "--optimizer",
        "adam:noise=0.1", "--optimizer", "momentum:noise=0.1", "--steps", "1000000",
        "--format", "json",
    )  # fmt: skip
    steps = json.loads(out)["steps"]
    assert steps < 1_000_000
    assert f"Ran {steps:,} of 1,000,000 steps" in line


def test_a_costly_map_is_thinned_and_basins_coarser_with_a_note(capsys):
    out, line = run_with_note(
        capsys, "sweep", "--surface", "valley", "--optimizer", "gd", "--grid",
        "lr=1e-4:1e-1:log:1024", "--steps", "200000",
    )  # fmt: skip
    assert "lr" in out and "Mapped 671 instead of 1024 settings" in line
    _, line = run_with_note(
        capsys, "sweep", "--basins", "--surface", "himmelblau", "--optimizer", "gd", "--lr",
        "0.01", "--resolution", "1024", "--steps", "100000",
    )  # fmt: skip
    assert "Basins on 36 × 36 starts instead of 1024 × 1024" in line


def test_a_movie_over_its_pixel_budget_gets_fewer_frames(capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(formats.FRAME_PIXELS, ".gif", 64 * 64 * 3)
    out = tmp_path / "short.gif"
    _, line = run_with_note(
        capsys, "export", "--preset", "valley-adagrad", "--size", "64x64", "--out", str(out),
    )  # fmt: skip
    assert "Drew 3 frames instead of 160" in line
    assert Image.open(out).n_frames == 3
