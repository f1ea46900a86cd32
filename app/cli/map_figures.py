"""Maps as Matplotlib figures (``optiviz sweep --out map.png``): a heat map or curve of a
sweep's metric, and basins of attraction over the surface's contours."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from optiviz import optim, surfaces
from optiviz.app.display.map_data import MISSING, cell_edges
from optiviz.optim.basins import DIVERGED
from optiviz.surfaces.analysis import distance_to_minimum

GREY = "#bbbbbb"
BASIN_ALPHA = 0.55


def _figure():
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ValueError("PNG output needs matplotlib: pip install 'optiviz[export]'") from None
    return Figure(figsize=(6.4, 4.8), layout="constrained")


def draw_sweep(result: optim.Sweep, surface: surfaces.Surface, path: Path) -> None:
    """A heatmap (two axes, the first along x) or a curve (one axis) of the metric."""
    from matplotlib.colors import LogNorm, Normalize
    from matplotlib.patches import Patch

    fig = _figure()
    ax = fig.subplots()
    metric = result.metric
    values = result.values.astype(np.float64)
    missing = np.isnan(values) | (values == metric.missing)
    shown = np.ma.masked_array(values, missing)
    label = metric.title
    x = result.axes[0]
    if len(result.axes) == 1:
        ax.plot(x.values, shown, marker=".")
        ax.set_ylabel(label)
        if metric.log and (shown > 0).any():
            ax.set_yscale("log")
        edges = cell_edges(x.values, x.log)
        ax.set_xlim(edges[0], edges[-1])
        for i in np.flatnonzero(missing):
            ax.axvspan(edges[i], edges[i + 1], color=GREY, linewidth=0)
    else:
        y = result.axes[1]
        low, high = _colour_range(result, surface, shown)
        norm = LogNorm(low, high) if metric.log and low > 0 else Normalize(low, high)
        ax.set_facecolor(GREY)
        mesh = ax.pcolormesh(
            cell_edges(x.values, x.log),
            cell_edges(y.values, y.log),
            shown.T,
            norm=norm,
            cmap="viridis",
        )
        extend = "max" if shown.max() > high else "neither"
        fig.colorbar(mesh, ax=ax, label=label, extend=extend)
        ax.set_ylabel(f"${y.symbol}$ ({y.name})")
        if y.log:
            ax.set_yscale("log")
    if missing.any():
        ax.legend(handles=[Patch(color=GREY, label=MISSING[metric.name])], loc="upper right")
    ax.set_xlabel(f"${x.symbol}$ ({x.name})")
    if x.log:
        ax.set_xscale("log")
    ax.set_title(f"{result.optimizer} on {result.surface}, {result.settings['steps']} steps")
    fig.savefig(path, dpi=120)


def _colour_range(
    result: optim.Sweep, surface: surfaces.Surface, shown: np.ma.MaskedArray
) -> tuple[float, float]:
    """The metric's range, its top capped at the start's own value for losses and distances
    (a run that ended no better than where it began saturates the colour map)."""
    values = shown.compressed()
    if result.metric.log:
        values = values[values > 0]
    if values.size == 0:
        return 0.0, 1.0
    low, high = float(values.min()), float(values.max())
    start = np.asarray(result.settings["start"])
    if result.metric.name == "final-loss":
        high = min(high, float(surface.loss(start)))
    elif result.metric.name == "distance":
        high = min(high, float(distance_to_minimum(surface, start)))
    if high <= low:
        high = low * 10 if result.metric.log else low + 1
    return low, high


def draw_basins(result: optim.Basins, surface: surfaces.Surface, path: Path) -> None:
    """The basins as translucent colours over the surface's contours, minima marked."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    fig = _figure()
    ax = fig.subplots()
    contours = surfaces.grid(surface, 200)
    levels = contours.values[np.isfinite(contours.values)]
    if surface.log_scale and levels.min() > 0:
        levels = np.geomspace(levels.min(), levels.max(), 20)
    else:
        levels = np.linspace(levels.min(), levels.max(), 20)
    ax.contour(contours.w1, contours.w2, contours.values, levels=levels, colors="k", linewidths=0.5)
    k = len(result.minima)
    colours = ["#000000", "#ffffff", *(f"C{i % 10}" for i in range(k))]
    ax.pcolormesh(
        cell_edges(result.w1, False),
        cell_edges(result.w2, False),
        result.minimum - DIVERGED,
        cmap=ListedColormap(colours),
        vmin=-0.5,
        vmax=k + 1.5,
        alpha=BASIN_ALPHA,
    )
    ax.plot(*result.minima.T, "k*", markersize=10)
    labels = [f"→ ({x:.3g}, {y:.3g})" for x, y in result.minima] + ["none", "diverged"]
    handles = [
        Patch(facecolor=colour, edgecolor="k", alpha=BASIN_ALPHA, label=label)
        for colour, label in zip([*colours[2:], *colours[:2][::-1]], labels, strict=True)
    ]
    ax.legend(handles=handles, loc="upper right", fontsize="small", framealpha=0.9)
    ax.set_xlabel(f"${surface.labels[0]}$")
    ax.set_ylabel(f"${surface.labels[1]}$")
    ax.set_title(f"Basins of attraction: {surface.title}, {result.settings['steps']} steps")
    fig.savefig(path, dpi=120)
