"""``optiviz check``: grade a student's optimizer against the engine's.

    optiviz check student.py:adam_step --against adam --lr 0.01 --surfaces valley,saddle

Prints a table per surface (largest deviation, first wrong step, PASS or FAIL) and exits 0
when every surface passes, 1 when any fails, 2 for bad arguments or code that cannot be
imported. The grading is :func:`optiviz.testing.check_optimizer`; ``--out`` writes its HTML
page (Bokeh, loaded only then).
"""

from __future__ import annotations

import argparse

from optiviz import optim
from optiviz.testing import grader
from optiviz.testing.report import CheckReport
from optiviz.testing.student import TARGET

DESCRIPTION = """\
Grade a student's optimizer against optiviz's: a NumPy step function
step(theta, grad, state, t, **hyperparameters) -> (theta, state), where state starts as {}
and t counts from 0, or a torch.optim.Optimizer subclass, built as Cls([param], lr=..., ...).
On each surface both start at the surface's start and get the same gradient at every step.
Exit status: 0 all pass, 1 any fails, 2 bad arguments or code that cannot be imported."""

SAFETY = """\
The student's file runs inside this process, with your rights, as graders do: this is not a
sandbox. Grade untrusted submissions inside a container."""


def add_check_command(commands: argparse._SubParsersAction) -> None:
    """Adds ``optiviz check`` to the CLI's subcommands."""
    check = commands.add_parser(
        "check",
        help="grade a student's optimizer against optiviz's (runs their code in-process)",
        description=DESCRIPTION,
        epilog=SAFETY,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("target", metavar=TARGET, help="the student's step function or class")
    check.add_argument("--against", required=True, metavar="OPTIMIZER", help="e.g. adam")
    check.add_argument("--convention", choices=optim.CONVENTIONS, default="torch")
    check.add_argument(
        "--surfaces",
        type=names,
        default=grader.SURFACES,
        metavar="A,B,...",
        help=f"surfaces to run on (default {','.join(grader.SURFACES)})",
    )
    check.add_argument("--steps", type=int, default=grader.STEPS, help="steps per surface")
    for parameter in hyperparameters():
        check.add_argument(
            "--" + parameter.name.replace("_", "-"),
            type=float,
            dest=parameter.name,
            help=f"{parameter.help} (default: the optimizer's)",
        )
    check.add_argument("--rtol", type=float, default=grader.RTOL, help="relative tolerance")
    check.add_argument("--atol", type=float, default=grader.ATOL, help="absolute tolerance")
    check.add_argument(
        "--time-limit",
        type=float,
        default=grader.TIME_LIMIT,
        metavar="SECONDS",
        help=f"per surface, for code that never returns (default {grader.TIME_LIMIT:g})",
    )
    check.add_argument("--out", metavar="REPORT.html", help="also write a page of both runs")
    check.set_defaults(func=cmd_check)


def hyperparameters() -> list[optim.HyperParameter]:
    """Every optimizer's hyperparameters, each once, in the order optimizers list them."""
    found: dict[str, optim.HyperParameter] = {}
    for name in optim.names():
        for parameter in optim.get(name).parameters:
            found.setdefault(parameter.name, parameter)
    return list(found.values())


def names(text: str) -> tuple[str, ...]:
    """Parses ``A,B,...`` (an argparse type)."""
    parts = tuple(part.strip() for part in text.split(","))
    if not all(parts):
        raise argparse.ArgumentTypeError(f"expected names separated by commas, got {text!r}")
    return parts


def cmd_check(args: argparse.Namespace) -> str:
    if args.out is not None and not args.out.lower().endswith(".html"):
        raise ValueError(f"--out must end in .html, got {args.out!r}")
    if not args.time_limit > 0:
        raise ValueError(f"--time-limit must be > 0 seconds, got {args.time_limit:g}")
    given = {
        p.name: getattr(args, p.name)
        for p in hyperparameters()
        if p.name != "lr" and getattr(args, p.name) is not None
    }
    report = grader.check_optimizer(
        args.target,
        args.against,
        convention=args.convention,
        surfaces=args.surfaces,
        steps=args.steps,
        lr=args.lr,
        rtol=args.rtol,
        atol=args.atol,
        time_limit=args.time_limit,
        **given,
    )
    output = str(report)
    if args.out is not None:
        output += f"\n{write_page(report, args.out)}"
    if not report.passed:
        print(output)
        raise SystemExit(1)
    return output


def write_page(report: CheckReport, out: str) -> str:
    try:
        path = report.write_html(out)
    except ImportError:
        raise ValueError("--out needs Bokeh: pip install 'optiviz[app]'") from None
    except OSError as error:
        raise ValueError(f"cannot write {out}: {error.strerror}") from None
    return f"wrote {path}"
