"""``optiviz export``'s flags for the 3-D view: ``--view 3d``, its camera, heights and orbit."""

from __future__ import annotations

import argparse
from typing import Any

from optiviz.app.display.camera import DEFAULT_CAMERA, PRESETS, parse_camera
from optiviz.app.display.heights import KINDS


def add_view_flags(parser: argparse.ArgumentParser) -> None:
    """Adds ``--view``, ``--camera``, ``--height`` and ``--orbit``."""
    group = parser.add_argument_group("3-D view")
    group.add_argument(
        "--view",
        choices=("2d", "3d"),
        default="2d",
        help="2d: the contour plot (default); 3d: the surface as terrain, each run a ball",
    )
    group.add_argument(
        "--camera",
        type=camera,
        default=PRESETS[DEFAULT_CAMERA].camera,
        metavar="NAME|AZ,EL,DIST",
        help=f"3-D camera: {', '.join(PRESETS)} (default {DEFAULT_CAMERA}), or azimuth and "
        "elevation in degrees and distance (6.6 is the default's)",
    )
    group.add_argument(
        "--height",
        choices=tuple(KINDS),
        help="3-D height scale (default: the surface's own; log for Rosenbrock)",
    )
    group.add_argument(
        "--orbit",
        type=float,
        default=0.0,
        metavar="DEGREES",
        help="turn the 3-D camera this far around the terrain over a GIF or MP4 (default 0)",
    )


def camera(text: str):
    """Parses ``--camera`` (an argparse type)."""
    try:
        return parse_camera(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def view_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of :func:`~optiviz.app.export.export` the flags set."""
    return {"view": args.view, "camera": args.camera, "heights": args.height, "orbit": args.orbit}
