"""The ``optiviz`` command.

Bad input exits with status 2 and one line on stderr, never a traceback. Only ``serve`` and
``export`` import Panel and Bokeh, so the headless commands start fast; on an install
without the app's extras they say so in one line.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import NoReturn

from optiviz import optim, surfaces
from optiviz.app.cli import report
from optiviz.app.cli.check import add_check_command
from optiviz.app.cli.experiment import add_experiment_command
from optiviz.app.cli.notice import note
from optiviz.app.cli.scene_flags import add_scene_flags, point, scene_from_args
from optiviz.app.cli.sweep import add_sweep_command
from optiviz.app.cli.view_flags import add_view_flags, view_options
from optiviz.optim import budget, presets
from optiviz.optim.scene import simulate


class Parser(argparse.ArgumentParser):
    """argparse, but errors are one line: ``optiviz: error: …``."""

    def error(self, message: str) -> NoReturn:
        fail(message)

    def parse_known_args(self, args=None, namespace=None):
        """argparse's, refusing ``--flag=--``: argparse drops the ``--`` and gives the flag
        an empty list without calling its type, which no command expects."""
        parsed, extras = super().parse_known_args(args, namespace)
        for action in self._actions:
            value = getattr(parsed, action.dest, None)
            empty = isinstance(value, list) and (not value or [] in value)
            if action.nargs is None and empty and value != action.default:
                self.error(f"argument {'/'.join(action.option_strings)}: expected one argument")
        return parsed, extras


def fail(message: str) -> NoReturn:
    print(f"optiviz: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def cmd_surfaces(args: argparse.Namespace) -> str:
    width = max(map(len, surfaces.names()))
    return "\n".join(
        f"{name:<{width}}  {surfaces.about(name).description}" for name in surfaces.names()
    )


def cmd_optimizers(args: argparse.Namespace) -> str:
    lines = []
    for name in optim.names():
        opt = optim.get(name)
        defaults = ", ".join(f"{p.name}={p.default:g}" for p in opt.parameters)
        course = [p for p in optim.get(name, "course").parameters if p not in opt.parameters]
        if course:
            defaults += "; course: " + ", ".join(f"{p.name}={p.default:g}" for p in course)
        lines.append(f"{name:<10} {opt.description}  [{defaults}]")
    return "\n".join(lines)


def cmd_presets(args: argparse.Namespace) -> str:
    width = max(map(len, presets.names()))
    return "\n".join(f"{name:<{width}}  {presets.get(name).title}" for name in presets.names())


def cmd_run(args: argparse.Namespace) -> str:
    scene, cut = budget.fit_scene(scene_from_args(args))
    note(cut)
    trajectories = simulate(scene)
    if args.format == "json":
        return report.to_json(report.scene_dict(scene, trajectories))
    if args.format == "csv":
        return report.to_csv(scene, trajectories).rstrip("\n")
    return report.to_table(scene, trajectories)


def cmd_hessian(args: argparse.Namespace) -> str:
    surface = surfaces.get(args.surface)
    info = surfaces.hessian_at(surface, args.at)
    if args.format == "json":
        return report.to_json(report.hessian_dict(surface.name, info))
    return report.hessian_table(surface.name, info)


def cmd_export(args: argparse.Namespace) -> str:
    from optiviz.app.export.formats import ConsoleProgress, export

    scene = scene_from_args(args)
    unchanged = args.preset and scene == presets.get(args.preset).scene
    target = args.preset if unchanged else scene
    started = time.perf_counter()
    path = export(
        target, args.out, fps=args.fps, duration=args.duration, size=args.size,
        theme=args.theme, title=args.title, caption=not args.no_caption, vary=args.vary,
        progress=ConsoleProgress(f"exporting {args.out}"), notify=note, **view_options(args),
    )  # fmt: skip
    kilobytes = path.stat().st_size / 1024
    return f"wrote {path} ({kilobytes:,.0f} KB) in {time.perf_counter() - started:.1f} s"


def size(text: str) -> tuple[int, int]:
    """Parses ``WxH`` (an argparse type)."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WxH in pixels, got {text!r}") from None
    return width, height


def workers(text: str) -> int:
    """``--workers``: a whole number from 1 to 64, or ``auto`` (one per core).

    Example:
        >>> workers("3"), workers("auto") == (os.cpu_count() or 1)
        (3, True)
    """
    if text == "auto":
        return os.cpu_count() or 1
    count = int(text) if text.isdigit() else 0
    if not 1 <= count <= 64:
        raise argparse.ArgumentTypeError(f"expected 1 … 64 or 'auto', got {text!r}")
    return count


def cmd_serve(args: argparse.Namespace) -> str:
    if args.workers > 1:
        from optiviz.app.web.workers import serve_workers

        serve_workers(args.workers, port=args.port, address=args.address, origins=args.origins)
        return "optiviz: server stopped"
    from optiviz.app.web.serve import serve

    serve(port=args.port, address=args.address, origins=args.origins, show=args.show)
    return "optiviz: server stopped"


def build_parser() -> Parser:
    parser = Parser(prog="optiviz", description="Watch optimizers move on 2-D error surfaces.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    commands.add_parser("surfaces", help="list the surfaces").set_defaults(func=cmd_surfaces)
    commands.add_parser("optimizers", help="list the optimizers and their defaults").set_defaults(
        func=cmd_optimizers
    )
    commands.add_parser("presets", help="list the lecture presets").set_defaults(func=cmd_presets)

    run = commands.add_parser("run", help="run optimizers and print their trajectories")
    add_scene_flags(run)
    run.add_argument("--format", choices=("table", "json", "csv"), default="table")
    run.set_defaults(func=cmd_run)

    hessian = commands.add_parser("hessian", help="gradient, Hessian and kind of a point")
    hessian.add_argument("--surface", required=True, help="surface name")
    hessian.add_argument("--at", type=point, required=True, help="the point X,Y")
    hessian.add_argument("--format", choices=("table", "json"), default="table")
    hessian.set_defaults(func=cmd_hessian)

    add_sweep_command(commands)
    add_experiment_command(commands)
    add_check_command(commands)

    serve = commands.add_parser("serve", help="start the web app (the lab) at http://ADDR:PORT/")
    serve.add_argument("--port", type=int, default=5006, help="port (default 5006)")
    serve.add_argument("--address", help="address to listen on (default: localhost)")
    serve.add_argument(
        "--allow-websocket-origin",
        action="append",
        default=[],
        dest="origins",
        metavar="HOST[:PORT]",
        help="also accept the app's websocket from this host; repeatable",
    )
    serve.add_argument(
        "--workers",
        type=workers,
        default=1,
        metavar="N",
        help="app processes behind one port (default 1; 'auto': one per core); "
        "more than one needs HAProxy",
    )
    serve.add_argument("--show", action="store_true", help="open the app in a browser tab")
    serve.set_defaults(func=cmd_serve)

    export = commands.add_parser(
        "export", help="write a scene as .html, .gif, .mp4, .png or .svg (the suffix decides)"
    )
    add_scene_flags(export)
    export.add_argument("--out", required=True, help="output file: .html .gif .mp4 .png .svg")
    export.add_argument("--fps", type=int, default=20, help="frames per second (default 20)")
    export.add_argument("--duration", type=float, default=8.0, help="seconds (default 8)")
    export.add_argument("--size", type=size, default=(960, 640), help="WxH pixels (960x640)")
    export.add_argument("--theme", choices=("light", "dark"), default="light")
    export.add_argument("--title", help="heading (default: the preset's title)")
    export.add_argument("--no-caption", action="store_true", help="leave the caption out")
    export.add_argument(
        "--vary",
        type=lambda text: [name for name in text.split(",") if name.strip()],
        default=[],
        metavar="NAME,...",
        help=".html: sliders beside η's for these, e.g. momentum,beta2 (each run that takes it)",
    )
    add_view_flags(export)
    export.set_defaults(func=cmd_export)
    return parser


APP_COMMANDS = ("serve", "export")
"""The commands that need the ``app`` extra (Panel, Bokeh, Matplotlib, …)."""
APP_EXTRA = "pip install 'optiviz[app]'"

POINT_FLAGS = ("--start", "--at", "--bounds", "--camera")
"""Flags whose values may start with a minus sign (``--start -1.5,2``)."""


def attach_point_values(argv: Sequence[str]) -> list[str]:
    """Joins ``--start -1.5,2`` into ``--start=-1.5,2``, which argparse would otherwise read as
    a missing value followed by an unknown option."""
    out: list[str] = []
    for arg in argv:
        if out and out[-1] in POINT_FLAGS and arg.startswith("-") and arg != "--":
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``optiviz`` console script."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(attach_point_values(argv))
    optim.enable_compilation_cache()
    command: Callable[[argparse.Namespace], str] = args.func
    try:
        output = command(args)
    except ValueError as error:
        fail(str(error))
    except ModuleNotFoundError as error:
        missing = (error.name or "").partition(".")[0]
        if args.command not in APP_COMMANDS or missing == "optiviz":
            raise
        fail(f"{args.command} needs the app's extras ({missing} is missing): {APP_EXTRA}")
    except OSError as error:
        fail(f"cannot write {error.filename}: {error.strerror}" if error.filename else str(error))
    try:
        print(output)
    except BrokenPipeError:
        sys.stderr.close()


if __name__ == "__main__":
    main()
