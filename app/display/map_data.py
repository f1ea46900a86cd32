r"""What a map draws, as plain NumPy columns: a sweep laid out as cells or as a curve.

Nothing here runs optimizers: the values come from :func:`optiviz.optim.sweep`. This module
turns them into what the eye should compare: final losses as the gap L − L* to the lowest
known minimum (as the loss plot shows them), a colour range capped at the start's own value
(runs that got nowhere saturate rather than squash the rest), cells with edges halfway
between the swept values (geometrically on a log axis), and each cell's status: a value,
diverged, or no value (never settled; or, on a map of divergence steps, stayed finite).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optiviz import optim
from optiviz.app.display.colour_scale import widened
from optiviz.optim.sweep import Axis
from optiviz.surfaces import Surface
from optiviz.surfaces.analysis import distance_to_minimum, lowest_minimum_loss

MISSING = {name: metric.missing_label for name, metric in optim.SWEEP_METRICS.items()}
"""What a map's empty cells mean, per metric (from the engine's catalogue)."""
LOG_SPAN = 1e-12
"""A log colour scale spans at most this ratio (exact zeros would stretch it forever)."""
Columns = dict[str, object]


class MapData(NamedTuple):
    """What a map draws, as the columns of its sources.

    Attributes:
        cells: One row per cell of a heatmap: ``left``, ``right``, ``bottom``, ``top``, the
            setting ``x``, ``y``, its ``value`` (NaN: none), ``diverged_at`` (-1: none) and
            ``status`` (``ok``, ``diverged`` or ``missing``). Empty for a curve.
        curve: A curve's points: ``x``, ``value`` (NaN: none), ``diverged_at``, ``status``.
        bands: A curve's cells without a value, as strips: ``left``, ``right``, ``status``.
        low, high: The colour range (the y range of a curve).
        log: Whether the colours (or the curve's y axis) are logarithmic.
        title: What the values are, e.g. ``"final loss − L*"``.
        missing: What a grey cell means, e.g. ``"never settled"``.
        metric: The metric's name.
        axes: The swept axes (name, values, symbol, log).
    """

    cells: Columns
    curve: Columns
    bands: Columns
    low: float
    high: float
    log: bool
    title: str
    missing: str
    metric: str
    axes: tuple[Axis, ...]


def map_data(result: optim.Sweep, surface: Surface) -> MapData:
    """Lays out a sweep of ``surface`` for drawing: final losses as the gap L − L* to the
    lowest known minimum (as the loss plot shows them), the colour range capped at the
    start's own value for losses and distances, so that runs which got nowhere saturate."""
    metric = result.metric
    values = result.values.astype(np.float64)
    missing = np.isnan(values) | (values == metric.missing)
    title = metric.title
    start = np.asarray(result.settings["start"], dtype=np.float64)
    ceiling = None
    if metric.name == "final-loss":
        best = lowest_minimum_loss(surface)
        ceiling = float(surface.loss(start))
        if best is not None:
            values, ceiling, title = values - best, ceiling - best, "final loss − L*"
    elif metric.name == "distance":
        ceiling = float(distance_to_minimum(surface, start[None])[0])
    values = np.where(missing, np.nan, values)
    diverged = (result.diverged_at >= 0) & missing & (metric.name != "diverged")
    status = np.where(diverged, "diverged", np.where(missing, "missing", "ok"))
    two = len(result.axes) == 2
    low, high, log = _colour_range(values[~missing], metric.log, ceiling)

    axes = result.axes
    empty_cells = {k: [] for k in ("left", "right", "bottom", "top", "x", "y", "value")}
    empty_cells |= {"diverged_at": [], "status": []}
    if two:
        x, y = np.meshgrid(axes[0].values, axes[1].values, indexing="ij")
        xe, ye = cell_edges(axes[0].values, axes[0].log), cell_edges(axes[1].values, axes[1].log)
        i, j = np.meshgrid(np.arange(len(xe) - 1), np.arange(len(ye) - 1), indexing="ij")
        cells = {
            "left": xe[i].ravel(),
            "right": xe[i + 1].ravel(),
            "bottom": ye[j].ravel(),
            "top": ye[j + 1].ravel(),
            "x": x.ravel(),
            "y": y.ravel(),
            "value": values.ravel(),
            "diverged_at": result.diverged_at.ravel(),
            "status": status.ravel().tolist(),
        }
        curve: Columns = {"x": [], "value": [], "diverged_at": [], "status": []}
        bands: Columns = {"left": [], "right": [], "status": []}
    else:
        cells = empty_cells
        curve = {
            "x": axes[0].values,
            "value": values,
            "diverged_at": result.diverged_at,
            "status": status.tolist(),
        }
        edges = cell_edges(axes[0].values, axes[0].log)
        gaps = np.flatnonzero(missing)
        bands = {"left": edges[gaps], "right": edges[gaps + 1], "status": status[gaps].tolist()}
    return MapData(
        cells, curve, bands, low, high, log, title, MISSING[metric.name], metric.name, axes
    )


def nearest(values: np.ndarray, value: float, log: bool) -> int:
    """The index of the value nearest ``value`` (nearest in ratio on a log axis)."""
    values = np.asarray(values, dtype=np.float64)
    if log:
        return int(np.argmin(np.abs(np.log(values) - np.log(max(value, 1e-300)))))
    return int(np.argmin(np.abs(values - value)))


def _colour_range(
    values: np.ndarray, log: bool, ceiling: float | None
) -> tuple[float, float, bool]:
    """(low, high, log) of the values with a value, the top capped at ``ceiling``."""
    positive = values[values > 0]
    log = log and positive.size > 0
    shown = positive if log else values
    if shown.size == 0:
        return 0.0, 1.0, False
    low, high = float(shown.min()), float(shown.max())
    if ceiling is not None and low < ceiling < high:
        high = ceiling
    if log:
        low = max(low, high * LOG_SPAN)
    return (*widened(low, high, log), log)


def cell_edges(values: np.ndarray, log: bool) -> np.ndarray:
    """Cell edges around sorted values: midpoints, geometric on a log axis."""
    v = np.log(values) if log else np.asarray(values, dtype=np.float64)
    if len(v) == 1:
        edges = np.array([v[0] - 0.5, v[0] + 0.5])
    else:
        inner = (v[1:] + v[:-1]) / 2
        edges = np.concatenate([[2 * v[0] - inner[0]], inner, [2 * v[-1] - inner[-1]]])
    return np.exp(edges) if log else edges


def inside(value: float, values: np.ndarray, log: bool) -> bool:
    edges = cell_edges(values, log)
    return bool(edges[0] <= value <= edges[-1])
