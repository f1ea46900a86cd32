"""Command-line flags that describe a scene, shared by ``run``, ``export`` and ``sweep``.

``--optimizer NAME[:key=value,...]`` may repeat, one run each; the shared flags (``--lr``,
``--momentum``, …) apply to every run whose optimizer takes them, and inline values win.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence

from optiviz import optim, surfaces
from optiviz.optim import presets
from optiviz.optim.hyperparameters import BATCH_SIZE, SEED
from optiviz.optim.scene import Run, Scene
from optiviz.surfaces.registry import unknown_name

SHARED = ("lr", "momentum", "alpha", "beta1", "beta2", "eps", "weight_decay")
RUN_KEYS = ("noise", "batch_size", "seed", "clip", "convention")


def add_scene_flags(parser: argparse.ArgumentParser) -> None:
    """Adds ``--preset``, ``--surface``, ``--formula``, ``--bounds``, ``--start``,
    ``--optimizer`` and the shared flags."""
    parser.add_argument("--preset", help="a lecture preset (see `optiviz presets`)")
    parser.add_argument("--surface", help="surface name (see `optiviz surfaces`)")
    parser.add_argument(
        "--formula",
        metavar="EXPR",
        help="a custom surface in x and y, e.g. 'x**2 + 10*y**2' (+ - * / **, sin, exp, ...)",
    )
    parser.add_argument(
        "--bounds", type=bounds, metavar="X0,X1,Y0,Y1", help="plot bounds of --formula"
    )
    parser.add_argument("--start", type=point, help="start point X,Y")
    parser.add_argument(
        "--optimizer",
        action="append",
        metavar="NAME[:key=value,...]",
        help="an optimizer run; repeat for several (default: gd)",
    )
    parser.add_argument("--steps", type=int, help="number of steps (default 500)")
    for name in SHARED:
        flag = "--" + name.replace("_", "-")
        parser.add_argument(flag, type=float, dest=name, help=f"{name} for every run")
    parser.add_argument("--schedule", help="NAME[:key=value,...], e.g. cosine:T=500,warmup=50")
    parser.add_argument("--convention", choices=optim.CONVENTIONS, help="update equations")
    parser.add_argument("--clip", type=float, help="maximum gradient norm")
    parser.add_argument("--noise", type=float, help="gradient noise std per sample")
    parser.add_argument("--batch-size", type=int, dest="batch_size", help="batch size B")
    parser.add_argument("--seed", type=int, help="random seed")


def point(text: str) -> tuple[float, float]:
    """Parses ``X,Y`` into two finite floats (an argparse type)."""
    try:
        x, y = (float(part) for part in text.split(","))
        return tuple(optim.check_starts([(x, y)])[0])  # type: ignore[return-value]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected two finite numbers X,Y, got {text!r}") from None


def bounds(text: str) -> tuple[float, float, float, float]:
    """Parses ``X0,X1,Y0,Y1`` into checked plot bounds (an argparse type)."""
    try:
        return surfaces.formula.check_bounds(text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected four finite numbers X0,X1,Y0,Y1 with X0 < X1 and Y0 < Y1, got {text!r}"
        ) from None


def scene_from_args(args: argparse.Namespace) -> Scene:
    """The scene the flags describe: a preset (``--start``/``--steps`` may override it), or
    one run per ``--optimizer``.

    Raises:
        ValueError: Unknown names, bad values, or flags that no run takes.
    """
    if args.preset:
        scene = presets.get(args.preset).scene
        names = ("surface", "formula", "bounds", "optimizer")
        clash = [f"--{name}" for name in names if getattr(args, name)]
        if clash:
            raise ValueError(f"{clash[0]} cannot be combined with --preset")
        return dataclasses.replace(
            scene,
            start=scene.start if args.start is None else args.start,
            steps=scene.steps if args.steps is None else args.steps,
        )
    surface = _surface(args)
    runs = tuple(_run(spec, args) for spec in args.optimizer or ["gd"])
    for name in SHARED:
        if getattr(args, name) is not None and not any(_takes(run, name) for run in runs):
            raise ValueError(f"--{name.replace('_', '-')}: no optimizer in this run takes it")
    start = surface.start if args.start is None else args.start
    steps = 500 if args.steps is None else args.steps
    return Scene(surface.name, start, steps, runs, formula=args.formula, bounds=args.bounds)


def _surface(args: argparse.Namespace) -> surfaces.Surface:
    """The registered ``--surface`` (default: valley), or the ``--formula`` surface."""
    if args.formula is None:
        if args.bounds is not None:
            raise ValueError("--bounds needs --formula")
        return surfaces.get(args.surface or "valley")
    if args.surface:
        raise ValueError("--surface cannot be combined with --formula")
    try:
        return surfaces.from_formula(args.formula, args.bounds or surfaces.formula.DEFAULT_BOUNDS)
    except surfaces.FormulaError as error:
        raise ValueError(f"--formula: {error}") from None


def _run(spec: str, args: argparse.Namespace) -> Run:
    name, _, inline_text = spec.partition(":")
    optimizer = optim.get(name.strip())
    inline = dict(_pairs(inline_text, optimizer.name))
    accepted = {p.name for p in optimizer.parameters}
    for key in inline:
        if key not in accepted and key not in RUN_KEYS:
            choices = sorted(accepted | set(RUN_KEYS))
            raise ValueError(unknown_name(f"key for {optimizer.name}:", key, choices))
    hyperparameters = {
        name: _number(name, inline.get(name, getattr(args, name)))
        for name in accepted - {"lr"}
        if inline.get(name, getattr(args, name)) is not None
    }
    lr = inline.get("lr", args.lr)
    batch_size = inline.get("batch_size", args.batch_size)
    clip = inline.get("clip", args.clip)
    return Run(
        optimizer=optimizer.name,
        lr=None if lr is None else _number("lr", lr),
        hyperparameters=hyperparameters,
        schedule=optim.Schedule.parse(args.schedule),
        convention=str(inline.get("convention", args.convention or "torch")),
        noise=_number("noise", inline.get("noise", args.noise or 0.0)),
        batch_size=None if batch_size is None else _whole(BATCH_SIZE, batch_size),
        seed=_whole(SEED, inline.get("seed", args.seed or 0)),
        clip=None if clip is None else _number("clip", clip),
    )


def _takes(run: Run, name: str) -> bool:
    return any(p.name == name for p in optim.get(run.optimizer).parameters)


def _pairs(text: str, optimizer: str) -> Sequence[tuple[str, str]]:
    pairs = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"{optimizer}: expected key=value, got {item!r}")
        pairs.append((key.strip().replace("-", "_"), value.strip()))
    return pairs


def _whole(parameter: optim.HyperParameter, value: object) -> int:
    return int(parameter.check(_number(parameter.name, value)))


def _number(name: str, value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
