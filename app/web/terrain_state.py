"""The 3-D view's settings: where its camera is and how the terrain's heights are scaled.

:class:`TerrainState` is part of the app's state (``AppState.terrain``) and of its URL, in
the 3-D view (``view=3d``) only:

* ``camera=above`` or ``camera=-60,30,6``: a preset's name or azimuth, elevation (degrees)
  and distance (see :mod:`optiviz.app.display.camera`); the default ``corner`` is left out;
* ``height=log`` (or ``linear``, ``clip``): the height scale, when not the surface's default.

Example:
    >>> terrain = TerrainState(camera=(-90.0, 90.0, 5.6), heights="clip")
    >>> terrain.query()
    [('camera', 'above'), ('height', 'clip')]
    >>> for notice in terrain.read({"camera": "-60,100,6", "height": "cubic"}):
    ...     print(notice)
    camera: camera elevation must be in [-90, 90] degrees, got 100
    height: expected one of log, linear, clip, got 'cubic'
"""

from __future__ import annotations

from collections.abc import Mapping

import param

from optiviz.app.display.camera import (
    DEFAULT_CAMERA,
    PRESETS,
    Camera,
    camera_text,
    parse_camera,
)
from optiviz.app.display.heights import KINDS

TERRAIN_KEYS = frozenset({"camera", "height"})
"""The URL keys of this module."""


class TerrainState(param.Parameterized):
    """The 3-D view's camera and height scale; see the module docstring."""

    camera = param.NumericTuple(
        default=tuple(PRESETS[DEFAULT_CAMERA].camera),
        length=3,
        doc="azimuth, elevation (degrees), distance",
    )
    heights = param.Selector(
        default=None, objects=[None, *KINDS], allow_None=True, doc="None: the surface's"
    )

    def shown_camera(self) -> Camera:
        """The camera as a :class:`Camera`."""
        return Camera(*self.camera)

    def query(self) -> list[tuple[str, str]]:
        """The URL pairs of these settings (defaults left out)."""
        pairs = []
        text = camera_text(self.shown_camera())
        if text != DEFAULT_CAMERA:
            pairs.append(("camera", text))
        if self.heights is not None:
            pairs.append(("height", self.heights))
        return pairs

    def read(self, values: Mapping[str, str]) -> list[str]:
        """Takes the settings in URL ``values`` (the last text of each key); a refused one
        keeps its default. Returns a notice for each refused value."""
        notices = []
        if "camera" in values:
            try:
                self.camera = tuple(parse_camera(values["camera"]))
            except ValueError as error:
                notices.append(f"camera: {error}")
        if "height" in values:
            text = values["height"]
            if text in KINDS:
                self.heights = text
            else:
                notices.append(f"height: expected one of {', '.join(KINDS)}, got {text[:40]!r}")
        return notices
