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
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from optiviz import optim, surfaces
from optiviz.app.cli import map_figures, map_report
from optiviz.app.cli.notice import note
from optiviz.app.cli.scene_flags import add_scene_flags, run_settings, scene_from_args
from optiviz.optim import budget
from optiviz.optim.scene import Run, Scene

GRID_SPEC = "NAME=START:STOP[:log]:COUNT"
MAX_COUNT = 1024
FORMATS = (".png", ".json", ".csv")


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
    sweep.add_argument(
        "--metric",
        choices=tuple(optim.SWEEP_METRICS),
        default="final-loss",
        help="what each cell measures: "
        + ", ".join(f"{m.name} ({m.title})" for m in optim.SWEEP_METRICS.values()),
    )
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
    k = _pick_run(scene, args.run)
    run = scene.runs[k]
    surface = scene.surface_of(run)
    if args.basins:
        result, output = _basins(args, surface, scene, run), BASINS_OUTPUT
    else:
        result, output = _sweep(args, surface, scene, k), SWEEP_OUTPUT
    if args.out is None:
        return output.summary(result)
    path = Path(args.out)
    try:
        if suffix == ".json":
            path.write_text(json.dumps(output.data(result), allow_nan=False) + "\n")
        elif suffix == ".csv":
            path.write_text(map_report.to_csv(output.rows(result)))
        else:
            output.draw(result, surface, path)
    except OSError as error:
        raise ValueError(f"cannot write {args.out}: {error.strerror}") from None
    return f"wrote {args.out}"


def _pick_run(scene: Scene, k: int | None) -> int:
    """The index of the scene's run to sweep: its only one, or the ``--run`` K-th."""
    n = len(scene.runs)
    if k is None and n > 1:
        raise ValueError(f"this scene has {n} runs; pick the one to sweep with --run 1 … {n}")
    if k is not None and not 1 <= k <= n:
        raise ValueError(f"--run must be 1 … {n}, got {k}")
    return 0 if k is None else k - 1


def _basins(
    args: argparse.Namespace, surface: surfaces.Surface, scene: Scene, run: Run
) -> optim.Basins:
    if args.grid:
        raise ValueError("--grid cannot be combined with --basins")
    if args.start is not None:
        raise ValueError("--start cannot be combined with --basins (every start is run)")
    cost = budget.step_cost(surface, run.noise, run.batch_size)
    resolution, cut = budget.fit_resolution(args.resolution, scene.steps, cost)
    note(cut)
    return optim.basins(surface, run, resolution=resolution, steps=scene.steps, radius=args.radius)


def _sweep(
    args: argparse.Namespace, surface: surfaces.Surface, scene: Scene, k: int
) -> optim.Sweep:
    if not args.grid:
        raise ValueError(f"--grid is required, e.g. --grid lr=1e-4:1:log:64 ({GRID_SPEC})")
    if len(args.grid) > 2:
        raise ValueError(f"--grid takes one or two hyperparameters, got {len(args.grid)}")
    grid = dict(args.grid)
    if len(grid) < len(args.grid):
        raise ValueError(f"--grid {args.grid[0][0]} is given twice")
    # The grid replaces the run's values (a preset's, say), but not the flags' own.
    fixed = [name for name in grid if name in run_settings(args)[k]]
    if fixed:
        raise ValueError(f"{fixed[0]} is both swept and fixed")
    run = scene.runs[k]
    cost = budget.step_cost(surface, run.noise, run.batch_size, swept=grid)
    grid, cut = budget.fit_grid(grid, scene.steps, cost)
    note(cut)
    return optim.sweep(
        surface,
        run,
        grid=grid,
        start=scene.start_of(run),
        steps=scene.steps,
        metric=args.metric,
        tolerance=args.tolerance,
    )


class Output(NamedTuple):
    """How one kind of result is summarised, serialised and drawn."""

    summary: Callable[[Any], str]
    data: Callable[[Any], dict[str, Any]]
    rows: Callable[[Any], list[list[Any]]]
    draw: Callable[[Any, surfaces.Surface, Path], None]


SWEEP_OUTPUT = Output(
    map_report.sweep_summary, map_report.sweep_dict, map_report.sweep_rows, map_figures.draw_sweep
)
BASINS_OUTPUT = Output(
    map_report.basins_summary,
    map_report.basins_dict,
    map_report.basins_rows,
    map_figures.draw_basins,
)
