"""The trajectory snapshot file: one JSON document a person can read and a diff can show.

Layout (``version`` 1)::

    {
      "format": "optiviz-trajectory-snapshot",
      "version": 1,
      "optiviz": "0.1.0",
      "jax": "0.4.38",
      "float64": true,
      "settings": {"surface": "valley", "optimizer": "adam", "lr": 0.1, "steps": 200},
      "runs": [
        {
          "label": "adam η=0.1",
          "diverged_at": null,
          "columns": ["w1", "w2", "loss"],
          "steps": [
            [-8.0, 0.5, 25.320044...],
            ...
          ]
        }
      ]
    }

``settings`` is what produced the runs (``null`` when the test did not say); ``optiviz``,
``jax`` and ``float64`` are the library that computed them, so that a mismatch can say
whether the settings or the library changed. Row k of ``steps`` is θ_k and L(θ_k), k = 0 …
T, each number written as Python's ``repr`` writes it, which reads back bit for bit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

import jax
import numpy as np

from optiviz.optim import Trajectory

FORMAT = "optiviz-trajectory-snapshot"
VERSION = 1
COLUMNS = ["w1", "w2", "loss"]


class Snapshot(NamedTuple):
    """A snapshot file's contents.

    Attributes:
        library: ``optiviz``, ``jax`` and ``float64`` as recorded.
        settings: What produced the runs, or None.
        runs: The runs; only positions, losses and ``diverged_at`` are stored (their other
            fields are NaN).
        labels: Each run's label (may be empty).
    """

    library: dict[str, Any]
    settings: dict[str, Any] | None
    runs: list[Trajectory]
    labels: list[str]


def library() -> dict[str, Any]:
    """This process's optiviz and JAX versions, and whether JAX computes in float64."""
    return {
        "optiviz": metadata.version("optiviz"),
        "jax": jax.__version__,
        "float64": bool(jax.config.jax_enable_x64),
    }


def dumps(runs: Sequence[Trajectory], labels: Sequence[str], settings: Mapping | None) -> str:
    """The snapshot document of ``runs`` (one line per step).

    Raises:
        ValueError: When a run holds a number that is not finite (the engine's never do).
    """
    head = {"format": FORMAT, "version": VERSION, **library(), "settings": settings}
    lines = ["{"]
    lines += [f"  {json.dumps(key)}: {_json(value)}," for key, value in head.items()]
    lines.append('  "runs": [')
    for i, (run, label) in enumerate(zip(runs, labels, strict=True)):
        table = np.column_stack([run.positions, run.losses]).tolist()
        rows = ",\n".join(f"        {_json(row)}" for row in table)
        lines += [
            "    {",
            f'      "label": {json.dumps(label, ensure_ascii=False)},',
            f'      "diverged_at": {json.dumps(run.diverged_at)},',
            f'      "columns": {json.dumps(COLUMNS)},',
            '      "steps": [',
            rows,
            "      ]",
            "    }" + ("," if i < len(runs) - 1 else ""),
        ]
    lines += ["  ]", "}", ""]
    return "\n".join(lines)


def _json(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError:
        raise ValueError(f"a snapshot holds finite numbers only, got {value!r}") from None


def write(
    path: Path, runs: Sequence[Trajectory], labels: Sequence[str], settings: Mapping | None
) -> str | None:
    """Writes the snapshot of ``runs`` to ``path``, creating its folder, unless the file
    already says exactly that. Returns ``"wrote"`` (a new file), ``"updated"`` or None."""
    text = dumps(runs, labels, settings)
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if text == old:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return "wrote" if old is None else "updated"


def read(path: Path) -> Snapshot:
    """Reads a snapshot file.

    Raises:
        ValueError: One line saying what is wrong with the file.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"cannot read snapshot {path}: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{path} is not an optiviz trajectory snapshot")
    if data.get("version") != VERSION:
        raise ValueError(f"{path} is snapshot version {data.get('version')}, not {VERSION}")
    try:
        runs = [_run(run) for run in data["runs"]]
        labels = [str(run.get("label", "")) for run in data["runs"]]
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path} has a malformed run: {error}") from None
    return Snapshot(
        library={key: data.get(key) for key in ("optiviz", "jax", "float64")},
        settings=data.get("settings"),
        runs=runs,
        labels=labels,
    )


def _run(run: Mapping[str, Any]) -> Trajectory:
    if run["columns"] != COLUMNS:
        raise ValueError(f"columns must be {COLUMNS}, got {run['columns']}")
    table = np.asarray(run["steps"], dtype=np.float64)
    if table.ndim != 2 or table.shape[1] != 3 or len(table) == 0:
        raise ValueError(f"steps must be rows of 3 numbers, got shape {table.shape}")
    diverged = run["diverged_at"]
    updates = len(table) - 1
    return Trajectory(
        positions=table[:, :2],
        losses=table[:, 2],
        gradients=np.full((updates, 2), np.nan),
        lr=np.full(updates, np.nan),
        effective_lr=np.full((updates, 2), np.nan),
        diverged_at=None if diverged is None else int(diverged),
    )


def changes(stored: Snapshot, settings: Mapping | None) -> list[str]:
    """What differs between ``stored`` and now: settings first, then the library.

    Example:
        >>> old = Snapshot({"optiviz": "0.1.0", "jax": "0.4.30", "float64": True},
        ...                {"surface": "valley", "lr": 0.1}, [], [])
        >>> changes(old, {"surface": "valley", "lr": 0.2})[0]
        'settings changed: lr 0.1 → 0.2'
    """
    lines = []
    if stored.settings is not None and settings is not None:
        keys = sorted(set(stored.settings) | set(settings))
        changed = [
            f"{key} {_shown(stored.settings, key)} → {_shown(settings, key)}"
            for key in keys
            if stored.settings.get(key, _UNSET) != settings.get(key, _UNSET)
        ]
        if changed:
            lines.append("settings changed: " + ", ".join(changed))
    now = library()
    names = {"optiviz": "optiviz", "jax": "JAX", "float64": "float64"}
    moved = [
        f"{names[key]} {_version(stored.library.get(key))} → {_version(now[key])}"
        for key in names
        if stored.library.get(key) != now[key]
    ]
    if moved:
        lines.append("library changed: " + ", ".join(moved))
    return lines


_UNSET = object()


def _shown(settings: Mapping, key: str) -> str:
    return json.dumps(settings[key], ensure_ascii=False) if key in settings else "(not set)"


def _version(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)
