"""``optiviz experiment``: the course's experiments on real (small) networks.

    optiviz experiment minimum-ratio --runs 30 --width 12 --seed 0 --format json
    optiviz experiment minimum-ratio --out ratio.png

``minimum-ratio`` trains N networks by gradient descent until ‖g‖ < tol and prints, per run,
the loss, ‖g‖, the minimum ratio (the share of the Hessian's eigenvalues that are positive)
and the eigenvalues (JSON only); ``--out`` also draws the course's scatter plot (needs
matplotlib, the ``export`` extra).
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path
from typing import Any

import numpy as np

from optiviz.app.cli.report import to_json
from optiviz.optim.minimum_ratio import DEFAULTS, FLAT, MinimumRatio, minimum_ratio
from optiviz.surfaces import toy_data
from optiviz.surfaces.mlp import ACTIVATIONS, MLP

CSV_COLUMNS = (
    "seed", "reached", "steps", "loss", "grad_norm", "ratio",
    "positive", "negative", "flat", "lambda_min", "lambda_max",
)  # fmt: skip


def add_experiment_command(commands: argparse._SubParsersAction) -> None:
    """Adds ``optiviz experiment`` and its experiments to the CLI's subcommands."""
    experiment = commands.add_parser("experiment", help="run one of the course's experiments")
    kinds = experiment.add_subparsers(dest="experiment", required=True)
    ratio = kinds.add_parser(
        "minimum-ratio",
        help="train networks until ‖g‖ < tol: how many Hessian eigenvalues are positive there?",
        description="Train N small networks by gradient descent until ‖g‖ < tol, then print "
        "each point's loss, ‖g‖ and minimum ratio (the share of positive eigenvalues of the "
        "exact Hessian; 1 at a local minimum).",
    )
    d = DEFAULTS
    ratio.add_argument("--runs", type=int, default=d.runs, help=f"networks (default {d.runs})")
    ratio.add_argument("--width", type=int, default=d.width, help=f"units a layer ({d.width})")
    ratio.add_argument("--depth", type=int, default=d.depth, help=f"hidden layers ({d.depth})")
    ratio.add_argument("--activation", choices=tuple(ACTIVATIONS), default=d.activation)
    ratio.add_argument("--data", choices=toy_data.names(), default=d.data, help="toy data set")
    ratio.add_argument("--points", type=int, default=d.points, help=f"data points ({d.points})")
    ratio.add_argument("--seed", type=int, default=d.seed, help="seed of the first network")
    ratio.add_argument("--lr", type=float, default=d.lr, help=f"gradient descent's η ({d.lr:g})")
    ratio.add_argument("--tolerance", type=float, default=d.tolerance, help="stop at ‖g‖ < this")
    ratio.add_argument("--max-steps", type=int, default=d.max_steps, help="give up after these")
    ratio.add_argument("--format", choices=("table", "json", "csv"), default="table")
    ratio.add_argument("--out", help="also draw the scatter plot to a .png, .svg or .pdf file")
    ratio.set_defaults(func=cmd_minimum_ratio)


def cmd_minimum_ratio(args: argparse.Namespace) -> str:
    if args.out is not None:
        from optiviz.app.cli.ratio_figure import check_suffix

        check_suffix(Path(args.out))
    model = MLP(args.width, args.depth, args.activation)
    data = toy_data.dataset(args.data, n=args.points)
    found = minimum_ratio(
        model,
        data,
        args.runs,
        seed=args.seed,
        lr=args.lr,
        tolerance=args.tolerance,
        max_steps=args.max_steps,
    )
    if args.out is not None:
        from optiviz.app.cli.ratio_figure import draw_ratios

        draw_ratios(found, Path(args.out))
    if args.format == "json":
        return to_json(ratio_dict(found, args))
    if args.format == "csv":
        return ratio_csv(found).rstrip("\n")
    return ratio_table(found, args)


def settings(args: argparse.Namespace) -> dict[str, Any]:
    names = ("runs", "width", "depth", "activation", "data", "points", "seed", "lr")
    return {name: getattr(args, name) for name in (*names, "tolerance", "max_steps")}


def ratio_dict(found: MinimumRatio, args: argparse.Namespace) -> dict[str, Any]:
    """The experiment as JSON: its settings, a summary and one record per run."""
    p = found.points
    return {
        "experiment": "minimum-ratio",
        "settings": settings(args),
        "weights": found.network.size,
        "summary": found.summary(),
        "runs": [
            {
                "seed": int(found.seeds[i]),
                "reached": bool(found.reached[i]),
                "steps": int(found.steps[i]) if found.reached[i] else None,
                "loss": float(p.loss[i]),
                "grad_norm": float(p.grad_norm[i]),
                "ratio": float(p.ratio[i]),
                "positive": int(p.positive[i]),
                "negative": int(p.negative[i]),
                "flat": int(p.flat[i]),
                "eigenvalues": p.eigenvalues[i].tolist(),
            }
            for i in range(len(found.seeds))
        ],
    }


def ratio_csv(found: MinimumRatio) -> str:
    """One row per run (the eigenvalues themselves are in the JSON)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    p = found.points
    for i, seed in enumerate(found.seeds):
        steps = int(found.steps[i]) if found.reached[i] else ""
        writer.writerow([
            int(seed), int(found.reached[i]), steps, p.loss[i], p.grad_norm[i], p.ratio[i],
            p.positive[i], p.negative[i], p.flat[i], p.eigenvalues[i, 0], p.eigenvalues[i, -1],
        ])  # fmt: skip
    return out.getvalue()


def ratio_table(found: MinimumRatio, args: argparse.Namespace) -> str:
    """A few lines a person reads: the setting, the summary and a row per run."""
    sizes = "→".join(str(n) for n in found.network.model.sizes(found.network.data.x.shape[1]))
    lines = [
        f"{args.runs} MLPs {sizes} {args.activation} ({found.network.size} weights) on "
        f"{args.data} ({args.points} points), gradient descent η = {args.lr:g}, "
        f"until ‖g‖ < {args.tolerance:g} (at most {args.max_steps} steps)",
        found.summary(),
        f"  {'seed':>5} {'step':>6} {'loss':>10} {'‖g‖':>9} {'ratio':>6} "
        f"{'λ>0':>5} {'λ<0':>5} {'flat':>5} {'λmin':>10} {'λmax':>9}",
    ]
    p = found.points
    for i in np.argsort(p.loss, kind="stable"):
        step = str(found.steps[i]) if found.reached[i] else "—"
        lines.append(
            f"  {found.seeds[i]:>5} {step:>6} {p.loss[i]:>10.4g} {p.grad_norm[i]:>9.2e} "
            f"{p.ratio[i]:>6.3f} {p.positive[i]:>5} {p.negative[i]:>5} {p.flat[i]:>5} "
            f"{p.eigenvalues[i, 0]:>10.2e} {p.eigenvalues[i, -1]:>9.2e}"
        )
    lines.append(f"  (flat: |λ| ≤ {FLAT:g} max|λ|; —: did not reach the tolerance)")
    return "\n".join(lines)
