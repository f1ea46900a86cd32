"""``optiviz sweep``: hyperparameter maps and basins of attraction from the command line.

    optiviz sweep --surface valley --optimizer momentum --grid lr=1e-4:1:log:64 \\
        --grid momentum=0:0.99:64 --steps 500 --metric final-loss --out map.png
    optiviz sweep --basins --surface himmelblau --optimizer gd --lr 0.01 --out basins.png

The scene flags are those of ``optiviz run`` (one optimizer, or a one-run preset); the grid
replaces the values it sweeps. ``--out``'s suffix picks the format: ``.png`` (needs
matplotlib, the ``export`` extra), ``.json`` or ``.csv``; without ``--out`` a summary is
printed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from optiviz import optim, surfaces
from optiviz.optim.basins import DIVERGED, NONE
from optiviz.optim.scene import Run, Scene
from optiviz.surfaces.analysis import distance_to_minimum

from .scene_flags import add_scene_flags, scene_from_args

GRID_SPEC = "NAME=START:STOP[:log]:COUNT"
MAX_COUNT = 1024
FORMATS = (".png", ".json", ".csv")
MISSING = {
    "final-loss": "diverged",
    "distance": "diverged",
    "steps-to-tolerance": "never settled",
    "diverged": "stayed finite",
}
"""What a map's grey cells mean, per metric."""
GREY = "#bbbbbb"
BASIN_ALPHA = 0.55


def add_sweep_command(commands: argparse._SubParsersAction) -> None:
    """Adds ``optiviz sweep`` to the CLI's subcommands."""
    sweep = commands.add_parser(
        "sweep", help="map a metric over one or two hyperparameters, or basins of attraction"
    )
    add_scene_flags(sweep)
    sweep.add_argument(
        "--grid",
        action="append",
        type=grid_spec,
        metavar=GRID_SPEC,
        help="a swept hyperparameter, e.g. lr=1e-4:1:log:64 (once or twice)",
    )
    sweep.add_argument("--run", type=int, metavar="K", help="which run of the scene (1 = first)")
    sweep.add_argument("--metric", choices=tuple(optim.SWEEP_METRICS), default="final-loss")
    sweep.add_argument("--tolerance", type=float, default=1e-3, help="for steps-to-tolerance")
    sweep.add_argument("--basins", action="store_true", help="which minimum each start reaches")
    sweep.add_argument("--resolution", type=int, default=100, help="basins: starts per axis")
    sweep.add_argument("--radius", type=float, help="basins: how near a minimum counts as in it")
    sweep.add_argument("--out", help="write the map to a .png, .json or .csv file")
    sweep.set_defaults(func=cmd_sweep)


def grid_spec(text: str) -> tuple[str, np.ndarray]:
    """Parses ``NAME=START:STOP[:log]:COUNT`` into the name and its values (an argparse
    type): COUNT values from START to STOP, evenly spaced, or geometrically with ``log``."""
    name, sep, rest = text.partition("=")
    parts = rest.split(":")
    if not sep or not name.strip() or len(parts) not in (3, 4) or parts[-1].strip() == "log":
        raise argparse.ArgumentTypeError(f"expected {GRID_SPEC}, got {text!r}")
    name = name.strip().replace("-", "_")
    log = len(parts) == 4
    if log and parts[2].strip() != "log":
        raise argparse.ArgumentTypeError(f"{name}: expected 'log' before COUNT, got {parts[2]!r}")
    try:
        start, stop = float(parts[0]), float(parts[1])
    except ValueError:
        raise argparse.ArgumentTypeError(f"{name}: START and STOP must be numbers") from None
    try:
        count = int(parts[-1])
    except ValueError:
        raise argparse.ArgumentTypeError(f"{name}: COUNT must be a whole number") from None
    if not (math.isfinite(start) and math.isfinite(stop)):
        raise argparse.ArgumentTypeError(f"{name}: START and STOP must be finite")
    if not 1 <= count <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"{name}: COUNT must be 1 … {MAX_COUNT}, got {count}")
    if log and (start <= 0 or stop <= 0):
        raise argparse.ArgumentTypeError(f"{name}: a log grid needs START and STOP > 0")
    values = np.geomspace(start, stop, count) if log else np.linspace(start, stop, count)
    return name, values


def cmd_sweep(args: argparse.Namespace) -> str:
    suffix = Path(args.out).suffix.lower() if args.out else None
    if args.out and suffix not in FORMATS:
        raise ValueError(f"--out must end in .png, .json or .csv, got {args.out!r}")
    scene = scene_from_args(args)
    run = _pick_run(scene, args.run)
    surface = scene.surface_of(run)
    if args.basins:
        result, output = _basins(args, surface, scene, run), BASINS_OUTPUT
    else:
        result, output = _sweep(args, surface, scene, run), SWEEP_OUTPUT
    if args.out is None:
        return output.summary(result)
    path = Path(args.out)
    try:
        if suffix == ".json":
            path.write_text(json.dumps(output.data(result), allow_nan=False) + "\n")
        elif suffix == ".csv":
            path.write_text(_csv(output.rows(result)))
        else:
            output.draw(result, surface, path)
    except OSError as error:
        raise ValueError(f"cannot write {args.out}: {error.strerror}") from None
    return f"wrote {args.out}"


def _pick_run(scene: Scene, k: int | None) -> Run:
    """The scene's run to sweep: its only one, or the ``--run`` K-th."""
    n = len(scene.runs)
    if k is None and n > 1:
        raise ValueError(f"this scene has {n} runs; pick the one to sweep with --run 1 … {n}")
    if k is not None and not 1 <= k <= n:
        raise ValueError(f"--run must be 1 … {n}, got {k}")
    return scene.runs[0 if k is None else k - 1]


def _basins(
    args: argparse.Namespace, surface: surfaces.Surface, scene: Scene, run: Run
) -> optim.Basins:
    if args.grid:
        raise ValueError("--grid cannot be combined with --basins")
    if args.start is not None:
        raise ValueError("--start cannot be combined with --basins (every start is run)")
    return optim.basins(
        surface,
        run.optimizer,
        resolution=args.resolution,
        steps=scene.steps,
        radius=args.radius,
        **_fixed(run, swept=()),
    )


def _sweep(
    args: argparse.Namespace, surface: surfaces.Surface, scene: Scene, run: Run
) -> optim.Sweep:
    if not args.grid:
        raise ValueError(f"--grid is required, e.g. --grid lr=1e-4:1:log:64 ({GRID_SPEC})")
    if len(args.grid) > 2:
        raise ValueError(f"--grid takes one or two hyperparameters, got {len(args.grid)}")
    grid = dict(args.grid)
    if len(grid) < len(args.grid):
        raise ValueError(f"--grid {args.grid[0][0]} is given twice")
    # A preset's values are a base the grid replaces; flags the user gave clash with it.
    swept = tuple(grid) if args.preset else ()
    return optim.sweep(
        surface,
        run.optimizer,
        grid=grid,
        start=scene.start_of(run),
        steps=scene.steps,
        metric=args.metric,
        tolerance=args.tolerance,
        **_fixed(run, swept),
    )


def _fixed(run: Run, swept: tuple[str, ...]) -> dict[str, Any]:
    """The run's settings as keyword arguments of the engine, without ``swept`` names."""
    fixed = {
        "lr": run.lr,
        "schedule": run.schedule,
        "convention": run.convention,
        "noise": run.noise,
        "batch_size": run.batch_size,
        "seed": run.seed,
        "clip": run.clip,
        **run.hyperparameters,
    }
    defaults = {"noise": 0.0, "seed": 0}
    for name in swept:
        if name in fixed:
            fixed[name] = defaults.get(name)
    return fixed


def sweep_dict(result: optim.Sweep) -> dict[str, Any]:
    """The sweep as JSON-ready data; missing values (NaN) are null."""
    return {
        "surface": result.surface,
        "optimizer": result.optimizer,
        "metric": result.metric.name,
        "metric_title": result.metric.title,
        "missing": _json_numbers(np.asarray(result.metric.missing)),
        "tolerance": result.tolerance,
        "axes": [
            {"name": a.name, "symbol": a.symbol, "log": a.log, "values": a.values.tolist()}
            for a in result.axes
        ],
        "values": _json_numbers(result.values),
        "diverged_at": result.diverged_at.tolist(),
        "settings": _json_settings(result.settings),
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
        "settings": _json_settings(result.settings),
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


def _json_numbers(values: np.ndarray) -> Any:
    """Nested lists with NaN as None (JSON null)."""
    if values.dtype.kind != "f":
        return values.tolist()
    return np.where(np.isnan(values), None, values).tolist()


def _json_settings(settings: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in settings.items()}


def _csv(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _figure():
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ValueError("PNG output needs matplotlib: pip install 'optiviz[export]'") from None
    return Figure(figsize=(6.4, 4.8), layout="constrained")


def _edges(values: np.ndarray, log: bool) -> np.ndarray:
    """Cell edges around the values: midpoints, geometric on a log axis."""
    v = np.log(values) if log else values.astype(np.float64)
    if len(v) == 1:
        mid = np.array([v[0] - 0.5, v[0] + 0.5])
    else:
        inner = (v[1:] + v[:-1]) / 2
        mid = np.concatenate([[2 * v[0] - inner[0]], inner, [2 * v[-1] - inner[-1]]])
    return np.exp(mid) if log else mid


def _draw_sweep(result: optim.Sweep, surface: surfaces.Surface, path: Path) -> None:
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
        edges = _edges(x.values, x.log)
        ax.set_xlim(edges[0], edges[-1])
        for i in np.flatnonzero(missing):
            ax.axvspan(edges[i], edges[i + 1], color=GREY, linewidth=0)
    else:
        y = result.axes[1]
        low, high = _colour_range(result, surface, shown)
        norm = LogNorm(low, high) if metric.log and low > 0 else Normalize(low, high)
        ax.set_facecolor(GREY)
        mesh = ax.pcolormesh(
            _edges(x.values, x.log), _edges(y.values, y.log), shown.T, norm=norm, cmap="viridis"
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


def _draw_basins(result: optim.Basins, surface: surfaces.Surface, path: Path) -> None:
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
        _edges(result.w1, False),
        _edges(result.w2, False),
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


class Output(NamedTuple):
    """How one kind of result is summarised, serialised and drawn."""

    summary: Callable[[Any], str]
    data: Callable[[Any], dict[str, Any]]
    rows: Callable[[Any], list[list[Any]]]
    draw: Callable[[Any, surfaces.Surface, Path], None]


SWEEP_OUTPUT = Output(sweep_summary, sweep_dict, sweep_rows, _draw_sweep)
BASINS_OUTPUT = Output(basins_summary, basins_dict, basins_rows, _draw_basins)
