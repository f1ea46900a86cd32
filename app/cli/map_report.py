"""Maps as data: JSON, CSV rows and a short summary of sweeps and basin maps."""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np

from optiviz import optim
from optiviz.optim.basins import DIVERGED, NONE


def sweep_dict(result: optim.Sweep) -> dict[str, Any]:
    """The sweep as JSON-ready data; missing values (NaN) are null."""
    return {
        "surface": result.surface,
        "optimizer": result.optimizer,
        "metric": result.metric.name,
        "metric_title": result.metric.title,
        "missing": json_numbers(np.asarray(result.metric.missing)),
        "tolerance": result.tolerance,
        "axes": [
            {"name": a.name, "symbol": a.symbol, "log": a.log, "values": a.values.tolist()}
            for a in result.axes
        ],
        "values": json_numbers(result.values),
        "diverged_at": result.diverged_at.tolist(),
        "settings": json_settings(result.settings),
    }


def sweep_rows(result: optim.Sweep) -> list[list[Any]]:
    """One CSV row per setting: the swept values, the metric (empty if missing), the
    divergence step."""
    header = [*(axis.name for axis in result.axes), result.metric.name, "diverged_at"]
    rows: list[list[Any]] = [header]
    for index in np.ndindex(result.values.shape):
        value = result.values[index]
        cell = [axis.values[i] for axis, i in zip(result.axes, index, strict=True)]
        rows.append([*cell, "" if np.isnan(value) else value, result.diverged_at[index]])
    return rows


def sweep_summary(result: optim.Sweep) -> str:
    """A few lines a person reads: the grid, the best setting, how many diverged."""
    axes = " × ".join(
        f"{a.name} ({len(a.values)}, {a.values[0]:g} … {a.values[-1]:g}{', log' if a.log else ''})"
        for a in result.axes
    )
    lines = [f"{result.optimizer} on {result.surface}: {result.metric.title} over {axes}"]
    values = result.values.astype(np.float64)
    valid = ~np.isnan(values) & (values != result.metric.missing)
    if result.metric.name != "diverged" and valid.any():
        best = np.unravel_index(np.argmin(np.where(valid, values, np.inf)), values.shape)
        where = ", ".join(
            f"{a.name}={a.values[i]:.4g}" for a, i in zip(result.axes, best, strict=True)
        )
        lines.append(f"  lowest {values[best]:.6g} at {where}")
    diverged = int((result.diverged_at >= 0).sum())
    lines.append(f"  diverged in {diverged} of {result.values.size} settings")
    return "\n".join(lines)


def basins_dict(result: optim.Basins) -> dict[str, Any]:
    """The basin map as JSON-ready data."""
    return {
        "w1": result.w1.tolist(),
        "w2": result.w2.tolist(),
        "minima": result.minima.tolist(),
        "radius": result.radius,
        "codes": {str(NONE): "none", str(DIVERGED): "diverged"},
        "minimum": result.minimum.tolist(),
        "steps": result.steps.tolist(),
        "settings": json_settings(result.settings),
    }


def basins_rows(result: optim.Basins) -> list[list[Any]]:
    """One CSV row per start: w1, w2, minimum (or -1 none, -2 diverged), steps."""
    rows: list[list[Any]] = [["w1", "w2", "minimum", "steps"]]
    for (i, j), minimum in np.ndenumerate(result.minimum):
        rows.append([result.w1[j], result.w2[i], minimum, result.steps[i, j]])
    return rows


def basins_summary(result: optim.Basins) -> str:
    """A few lines a person reads: how many starts reach each minimum, and how fast."""
    n = result.minimum.size
    lines = [
        f"{result.optimizer} on {result.surface}: basins of {len(result.w1)} × {len(result.w2)}"
        f" starts, {result.settings['steps']} steps, radius {result.radius:.3g}"
    ]
    for k, (x, y) in enumerate(result.minima):
        mine = result.minimum == k
        steps = f", median {np.median(result.steps[mine]):g} steps" if mine.any() else ""
        lines.append(f"  minimum {k} ({x:.4g}, {y:.4g}): {int(mine.sum())} of {n}{steps}")
    lines.append(f"  none: {int((result.minimum == NONE).sum())}")
    lines.append(f"  diverged: {int((result.minimum == DIVERGED).sum())}")
    return "\n".join(lines)


def json_numbers(values: np.ndarray) -> Any:
    """Nested lists with NaN as None (JSON null)."""
    if values.dtype.kind != "f":
        return values.tolist()
    return np.where(np.isnan(values), None, values).tolist()


def json_settings(settings: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in settings.items()}


def to_csv(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()
