"""Where the 3-D view's library comes from: the vtk.js build that Panel ships for its VTK panes.

The app's server already serves Panel's files, so the view loads vtk.js from there the first
time a session opens it (:func:`vtk_js_url`); an exported page inlines the same file
(:func:`vtk_js_path`). Found without importing Panel, whose import costs the exports a
second.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

PANEL_STATIC = "static/extensions/panel/"
"""Where a Panel server serves the files of Panel's ``dist`` folder."""


@functools.cache
def vtk_js_path() -> Path:
    """The vtk.js file of the installed Panel.

    Raises:
        FileNotFoundError: Panel (the app's extra) is not installed, or ships no vtk.js.
    """
    spec = importlib.util.find_spec("panel")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the 3-D view needs Panel: pip install 'optiviz[app]'")
    bundled = Path(spec.submodule_search_locations[0]) / "dist" / "bundled" / "abstractvtkplot"
    found = sorted(bundled.glob("vtk.js@*/vtk.js"))
    if not found:
        raise FileNotFoundError(f"no vtk.js in {bundled}")
    return found[-1]


def vtk_js_url() -> str:
    """The address of :func:`vtk_js_path` on the app's server, relative to its root."""
    dist = vtk_js_path().parents[3]
    return PANEL_STATIC + vtk_js_path().relative_to(dist).as_posix()
