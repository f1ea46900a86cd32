"""The snapshot file: what docs/testing.md says it holds, read back bit for bit, and what a
mismatch says changed."""

import json
import re
from importlib import metadata
from pathlib import Path

import jax
import numpy as np
import pytest

from optiviz import optim, surfaces
from optiviz.testing import snapshot
from optiviz.testing.fixture import jsonable

DOCS = Path(__file__).resolve().parents[2] / "docs" / "testing.md"
SETTINGS = {"surface": "valley", "optimizer": "gd", "lr": [1e-3, 2e-2], "steps": 400}


@pytest.fixture(scope="module")
def runs():
    """Two runs, the second diverging (2/λmax = 0.01 on the valley)."""
    return optim.run_many("valley", "gd", starts=[(-8, 0.5)] * 2, lr=[1e-3, 2e-2], steps=400)


def test_runs_read_back_bit_for_bit(tmp_path, runs):
    path = tmp_path / "deep" / "snap.json"
    assert snapshot.write(path, list(runs), ["slow", "fast"], SETTINGS) == "wrote"
    stored = snapshot.read(path)
    assert stored.labels == ["slow", "fast"] and stored.settings == SETTINGS
    for read, run in zip(stored.runs, runs, strict=True):
        assert np.array_equal(read.positions, run.positions)
        assert np.array_equal(read.losses, run.losses)
        assert read.diverged_at == run.diverged_at
    assert stored.runs[0].diverged_at is None and stored.runs[1].diverged_at is not None


def test_the_header_records_the_library(tmp_path, runs):
    path = tmp_path / "snap.json"
    snapshot.write(path, [runs[0]], [""], None)
    data = json.loads(path.read_text())
    assert data["format"] == "optiviz-trajectory-snapshot" and data["version"] == 1
    assert data["optiviz"] == metadata.version("optiviz")
    assert data["jax"] == jax.__version__ and data["float64"] is True
    assert data["settings"] is None
    assert data["runs"][0]["columns"] == ["w1", "w2", "loss"]


def test_one_line_per_step(runs):
    lines = snapshot.dumps([runs[0]], [""], SETTINGS).splitlines()
    rows = [json.loads(line.rstrip(",")) for line in lines if line.startswith("        [")]
    assert len(rows) == len(runs[0].positions) == 401
    assert rows[7] == [*runs[0].positions[7], runs[0].losses[7]]


def test_writing_the_same_snapshot_again_changes_nothing(tmp_path, runs):
    path = tmp_path / "snap.json"
    snapshot.write(path, [runs[0]], [""], SETTINGS)
    assert snapshot.write(path, [runs[0]], [""], SETTINGS) is None
    assert snapshot.write(path, [runs[1]], [""], SETTINGS) == "updated"


def test_the_example_in_the_docs_is_a_snapshot(tmp_path):
    example = re.search(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S).group(1)
    (tmp_path / "example.json").write_text(example)
    stored = snapshot.read(tmp_path / "example.json")
    settings = dict(stored.settings)
    run = optim.run(settings.pop("surface"), settings.pop("optimizer"), **settings)
    assert np.array_equal(stored.runs[0].positions, run.positions)
    assert np.array_equal(stored.runs[0].losses, run.losses)
    assert stored.labels == ["gd η=0.1"]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("{", "cannot read snapshot"),
        ('{"format": "something else"}', "is not an optiviz trajectory snapshot"),
        ('{"format": "optiviz-trajectory-snapshot", "version": 9}', "is snapshot version 9"),
        (
            '{"format": "optiviz-trajectory-snapshot", "version": 1, "runs": '
            '[{"columns": ["x", "y"], "steps": [], "diverged_at": null}]}',
            "has a malformed run: columns must be",
        ),
        (
            '{"format": "optiviz-trajectory-snapshot", "version": 1, "runs": '
            '[{"columns": ["w1", "w2", "loss"], "steps": [[1, 2]], "diverged_at": null}]}',
            "steps must be rows of 3 numbers",
        ),
    ],
)
def test_a_broken_file_is_one_line(tmp_path, text, error):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ValueError, match=re.escape(error)) as failure:
        snapshot.read(path)
    assert "\n" not in str(failure.value)


def test_changes_name_the_settings_then_the_library():
    now = snapshot.library()
    old = snapshot.Snapshot({**now, "jax": "0.4.1", "float64": False}, SETTINGS, [], [])
    changed = snapshot.changes(old, {**SETTINGS, "lr": [1e-3, 3e-2], "momentum": 0.9})
    assert changed == [
        "settings changed: lr [0.001, 0.02] → [0.001, 0.03], momentum (not set) → 0.9",
        f"library changed: JAX 0.4.1 → {jax.__version__}, float64 off → on",
    ]
    assert snapshot.changes(old._replace(library=now), SETTINGS) == []
    assert snapshot.changes(old._replace(library=now, settings=None), SETTINGS) == []


def test_settings_are_recorded_as_json():
    recorded = jsonable(
        {"surface": surfaces.get("valley"), "start": (1, 2.5), "lr": np.float64(0.1),
         "clip": float("inf"), "schedule": optim.Schedule.parse("cosine:T=50")}
    )  # fmt: skip
    assert json.loads(json.dumps(recorded)) == recorded
    assert recorded["start"] == [1, 2.5] and recorded["clip"] == "inf"
    assert recorded["schedule"] == str(optim.Schedule.parse("cosine:T=50"))


def test_a_run_that_is_not_finite_is_refused():
    run = optim.run("valley", "gd", lr=1e-3, steps=3)
    broken = run._replace(losses=np.array([1.0, np.nan, 1.0, 1.0]))
    with pytest.raises(ValueError, match="finite numbers only"):
        snapshot.dumps([broken], [""], None)
