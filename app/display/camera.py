"""Where the 3-D view looks from: a camera circling the terrain, and its named presets.

The terrain stands in a box, w₁ and w₂ across from -1 to 1 and the loss up from 0 to
:data:`BOX_HEIGHT`. A :class:`Camera` looks at the box's centre from ``azimuth`` degrees
around the vertical axis (0: from +w₁, 90: from +w₂), ``elevation`` degrees above the
floor's plane (90: straight down) and ``distance`` box units away; the screen's up is up
the sphere's slope, so that from straight above at azimuth -90 w₂ points up the screen as
in the 2-D plot (``terrain.js`` places the camera). Matplotlib's ``view_init(elev, azim)``
uses the same angles, so the exported movies look from where the app looks.

In a URL a camera is a preset's name or three numbers (see :func:`parse_camera`).

Example:
    >>> parse_camera("above") == PRESETS["above"].camera
    True
    >>> camera_text(parse_camera("-60,30,4.5"))
    '-60,30,4.5'
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

BOX_HEIGHT = 0.9
"""Height of the terrain's box, in the units where w₁ and w₂ span 2."""
DISTANCES = (1.5, 20.0)
"""Nearest and farthest camera distance."""


class Camera(NamedTuple):
    """A camera on a sphere around the box's centre (angles in degrees)."""

    azimuth: float
    elevation: float
    distance: float


class Preset(NamedTuple):
    """A named camera."""

    label: str
    camera: Camera


PRESETS = {
    "corner": Preset("¾ view", Camera(-60.0, 30.0, 6.6)),
    "above": Preset("from above", Camera(-90.0, 90.0, 5.6)),
    "front": Preset("along w₂", Camera(-90.0, 8.0, 6.2)),
    "side": Preset("along w₁", Camera(0.0, 8.0, 6.2)),
}
"""The camera presets: ``corner`` (the default), ``above`` (the 2-D plot's view), ``front``
(w₁ across the screen, looking along w₂), ``side`` (w₂ across, looking along w₁)."""
DEFAULT_CAMERA = "corner"


def parse_camera(text: str) -> Camera:
    """A preset's name, or ``AZIMUTH,ELEVATION,DISTANCE`` (degrees, degrees, box units).

    Raises:
        ValueError: Anything else, an elevation outside [-90, 90] or a distance outside
            :data:`DISTANCES` (the message says which).
    """
    if text in PRESETS:
        return PRESETS[text].camera
    try:
        azimuth, elevation, distance = (float(part) for part in text.split(","))
    except ValueError:
        raise ValueError(
            f"expected {', '.join(PRESETS)} or AZIMUTH,ELEVATION,DISTANCE, got {text[:40]!r}"
        ) from None
    if not all(map(math.isfinite, (azimuth, elevation, distance))):
        raise ValueError("camera angles and distance must be finite numbers")
    if not -90 <= elevation <= 90:
        raise ValueError(f"camera elevation must be in [-90, 90] degrees, got {elevation:g}")
    near, far = DISTANCES
    if not near <= distance <= far:
        raise ValueError(f"camera distance must be in [{near:g}, {far:g}], got {distance:g}")
    return Camera(_degrees(azimuth), elevation, distance)


def camera_text(camera: Camera) -> str:
    """The URL text of ``camera``: a preset's name when it is one."""
    for name, preset in PRESETS.items():
        if np.allclose(camera, preset.camera, atol=0.05):
            return name
    return ",".join(f"{value:.4g}" for value in camera)


def _degrees(angle: float) -> float:
    """``angle`` in (-180, 180]."""
    wrapped = math.fmod(angle, 360.0)
    if wrapped > 180:
        return wrapped - 360
    return wrapped + 360 if wrapped <= -180 else wrapped
