"""Command-line flags that describe a scene, shared by ``run``, ``export`` and ``sweep``.

``--optimizer NAME[:key=value,...]`` may repeat, one run each; the shared flags (``--lr``,
``--momentum``, …, ``--noise``, ``--schedule``) apply to every run whose optimizer takes
them, and inline values win. With ``--preset`` they change the preset's runs. The flags,
their help and their checks come from the engine's catalogue
(:mod:`optiviz.optim.hyperparameters`): a new coefficient there is a new flag here.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence

from optiviz import optim, surfaces
from optiviz.optim import presets
from optiviz.optim.hyperparameters import (
    OPTIMIZER_PARAMETERS,
    RUN_PARAMETERS,
    STEPS,
    HyperParameter,
)
from optiviz.optim.scene import Run, Scene
from optiviz.optim.schedules import KEYS
from optiviz.surfaces.registry import unknown_name

CHOICES = ("schedule", "convention")
"""Settings of every run that are not numbers."""
SCHEDULE_HELP = (
    "learning-rate schedule: "
    + " | ".join(
        kind + ":" * (len(keys) > 1) + ",".join(f"{key}=…" for key in keys if key != "warmup")
        for kind, keys in KEYS.items()
    )
    + "; each takes warmup=W too, e.g. cosine:T=500,warmup=50 (default constant)"
)
"""The kinds and their keys, from the schedules' own table."""


def flag(parameter: HyperParameter) -> str:
    """The parameter's flag: ``--weight-decay`` for ``weight_decay``."""
    return "--" + parameter.name.replace("_", "-")


def add_scene_flags(parser: argparse.ArgumentParser) -> None:
    """Adds ``--preset``, ``--surface``, ``--formula``, ``--bounds``, ``--start``,
    ``--optimizer``, ``--steps`` and a flag for every setting of a run."""
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
    parser.add_argument(
        flag(STEPS), type=int, metavar="N", help=f"{STEPS.help}, {STEPS.range.phrase}"
        f" (default: {STEPS.default_text})",
    )  # fmt: skip
    coefficients = parser.add_argument_group(
        "optimizer coefficients",
        "for every run whose optimizer takes them (default: each optimizer's own, see "
        "`optiviz optimizers`)",
    )
    for p in OPTIMIZER_PARAMETERS:
        text = f"{p.help}, {p.range.phrase}"
        coefficients.add_argument(flag(p), type=float, dest=p.name, metavar="X", help=text)
    settings = parser.add_argument_group("settings of every run")
    settings.add_argument("--schedule", metavar="NAME[:key=value,...]", help=SCHEDULE_HELP)
    settings.add_argument(
        "--convention", choices=optim.CONVENTIONS, help="update equations (default torch)"
    )
    for p in RUN_PARAMETERS:
        kind, metavar = (int, "N") if p.integer else (float, "X")
        text = f"{p.help}, {p.range.phrase} (default: {p.default_text})"
        settings.add_argument(flag(p), type=kind, dest=p.name, metavar=metavar, help=text)


def point(text: str) -> tuple[float, float]:
    """Parses ``X,Y`` into two finite floats (an argparse type)."""
    try:
        return optim.check_start(text.split(","))
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
    """The scene the flags describe: a preset (whose start, steps and runs the flags may
    change), or one run per ``--optimizer``.

    Raises:
        ValueError: Unknown names, bad values, or flags that no run takes.
    """
    if args.preset:
        scene = presets.get(args.preset).scene
        names = ("surface", "formula", "bounds", "optimizer")
        clash = [f"--{name}" for name in names if getattr(args, name)]
        if clash:
            raise ValueError(f"{clash[0]} cannot be combined with --preset")
        runs = tuple(
            run.updated(**settings)
            for run, settings in zip(scene.runs, run_settings(args), strict=True)
        )
        return dataclasses.replace(
            scene,
            start=scene.start if args.start is None else args.start,
            steps=scene.steps if args.steps is None else args.steps,
            runs=runs,
        )
    surface = _surface(args)
    names = [_name(text) for text in args.optimizer or ["gd"]]
    runs = tuple(
        Run.make(name, **settings) for name, settings in zip(names, run_settings(args), strict=True)
    )
    start = surface.start if args.start is None else args.start
    steps = STEPS.default if args.steps is None else args.steps
    return Scene(surface.name, start, steps, runs, formula=args.formula, bounds=args.bounds)


def run_settings(args: argparse.Namespace) -> list[dict[str, object]]:
    """The settings the flags give each run, as keywords of :meth:`Run.updated`: the
    shared flags its optimizer takes, then its ``--optimizer``'s inline values.

    Raises:
        ValueError: An unknown optimizer or inline key, or a shared flag no run takes.
    """
    if args.preset:
        optimizers = [run.optimizer for run in presets.get(args.preset).scene.runs]
        inline: list[dict[str, str]] = [{} for _ in optimizers]
    else:
        texts = args.optimizer or ["gd"]
        optimizers = [_name(text) for text in texts]
        inline = [_inline(text) for text in texts]
    shared = {name: getattr(args, name) for name in (*_names(RUN_PARAMETERS), *CHOICES)}
    given = {p.name: getattr(args, p.name) for p in OPTIMIZER_PARAMETERS}
    taken = [{p.name for p in optim.get(name).parameters} for name in optimizers]
    for name, value in given.items():
        if value is not None and not any(name in names for names in taken):
            raise ValueError(f"--{name.replace('_', '-')}: no optimizer in this run takes it")
    return [
        {
            **{k: v for k, v in shared.items() if v is not None},
            **{k: v for k, v in given.items() if v is not None and k in names},
            **values,
        }
        for names, values in zip(taken, inline, strict=True)
    ]


def _names(parameters: Sequence[HyperParameter]) -> list[str]:
    return [p.name for p in parameters]


def _name(text: str) -> str:
    """The optimizer of ``NAME[:key=value,...]``, checked."""
    return optim.get(text.partition(":")[0].strip()).name


def _inline(text: str) -> dict[str, str]:
    """The ``key=value`` pairs of ``NAME[:key=value,...]`` (values are checked by the run).

    Raises:
        ValueError: A malformed pair, or a key the optimizer does not take.
    """
    name, _, rest = text.partition(":")
    optimizer = optim.get(name.strip())
    accepted = sorted(
        {p.name for p in optimizer.parameters} | {*_names(RUN_PARAMETERS), "convention"}
    )
    pairs = {}
    for item in filter(None, (part.strip() for part in rest.split(","))):
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"{optimizer.name}: expected key=value, got {item!r}")
        key = key.strip().replace("-", "_")
        if key not in accepted:
            raise ValueError(unknown_name(f"key for {optimizer.name}:", key, accepted))
        pairs[key] = value.strip()
    return pairs


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
