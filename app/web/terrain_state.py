"""The 3-D view's settings: where its camera is and how the terrain's heights are scaled.

:class:`TerrainState` is part of the app's state (``AppState.terrain``) and of its URL, in
the 3-D view (``view=3d``) only (:func:`.url.terrain_pairs` writes it, :func:`.url.parse_query`
reads it back):

* ``camera=above`` or ``camera=-60,30,6``: a preset's name or azimuth, elevation (degrees)
  and distance (see :mod:`optiviz.app.display.camera`); the default ``corner`` is left out;
* ``height=log`` (or ``linear``, ``clip``): the height scale, when not the surface's default.
"""

from __future__ import annotations

import param

from optiviz.app.display.camera import DEFAULT_CAMERA, PRESETS, Camera
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
