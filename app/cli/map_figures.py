"""Maps as Matplotlib figures (``optiviz sweep --out map.png``): a heat map or curve of a
sweep's metric, and basins of attraction over the surface's contours."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from optiviz import optim, surfaces
from optiviz.app.display.colour_scale import colour_scale
from optiviz.app.display.map_data import cell_edges, map_data
from optiviz.optim.basins import DIVERGED

GREY = "#bbbbbb"
BASIN_ALPHA = 0.55


def _figure():
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ValueError("PNG output needs matplotlib: pip install 'optiviz[export]'") from None
    return Figure(figsize=(6.4, 4.8), layout="constrained")


def draw_sweep(result: optim.Sweep, surface: surfaces.Surface, path: Path) -> None:
    """A heatmap (two axes, the first along x) or a curve (one axis) of the metric, laid out
    as the app's map lays it out (:func:`~optiviz.app.display.map_data.map_data`)."""
    from matplotlib.colors import LogNorm, Normalize
    from matplotlib.patches import Patch

    fig = _figure()
    ax = fig.subplots()
    data = map_data(result, surface)
    x = result.axes[0]
    if len(result.axes) == 1:
        values = np.asarray(data.curve["value"], dtype=np.float64)
        missing = np.isnan(values)
        ax.plot(x.values, np.ma.masked_array(values, missing), marker=".")
        ax.set_ylabel(data.title)
        if data.log:
            ax.set_yscale("log")
        edges = cell_edges(x.values, x.log)
        ax.set_xlim(edges[0], edges[-1])
        for i in np.flatnonzero(missing):
            ax.axvspan(edges[i], edges[i + 1], color=GREY, linewidth=0)
    else:
        y = result.axes[1]
        values = np.asarray(data.cells["value"], dtype=np.float64).reshape(len(x.values), -1)
        missing = np.isnan(values)
        shown = np.ma.masked_array(values, missing)
        norm = LogNorm(data.low, data.high) if data.log else Normalize(data.low, data.high)
        ax.set_facecolor(GREY)
        mesh = ax.pcolormesh(
            cell_edges(x.values, x.log),
            cell_edges(y.values, y.log),
            shown.T,
            norm=norm,
            cmap="viridis",
        )
        extend = "max" if not missing.all() and shown.max() > data.high else "neither"
        fig.colorbar(mesh, ax=ax, label=data.title, extend=extend)
        ax.set_ylabel(f"${y.symbol}$ ({y.name})")
        if y.log:
            ax.set_yscale("log")
    if missing.any():
        ax.legend(handles=[Patch(color=GREY, label=data.missing)], loc="upper right")
    ax.set_xlabel(f"${x.symbol}$ ({x.name})")
    if x.log:
        ax.set_xscale("log")
    ax.set_title(f"{result.optimizer} on {result.surface}, {result.settings['steps']} steps")
    fig.savefig(path, dpi=120)


def draw_basins(result: optim.Basins, surface: surfaces.Surface, path: Path) -> None:
    """The basins as translucent colours over the surface's contours, minima marked."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    fig = _figure()
    ax = fig.subplots()
    contours = surfaces.grid(surface, 200)
    scale = colour_scale(contours.values, surface.log_scale, count=18)
    if len(scale.levels):
        unit = max(abs(scale.low), abs(scale.high))  # no span overflows in its units
        ax.contour(
            contours.w1,
            contours.w2,
            contours.values / unit,
            levels=scale.levels / unit,
            colors="k",
            linewidths=0.5,
        )
    if scale.note:
        ax.text(0.01, 0.01, scale.note, transform=ax.transAxes, fontsize="small")
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
