"""The 3-D view in an exported page: the terrain instead of the contour plot, offline.

The page is the app's own: the same :class:`~optiviz.app.plots.terrain_plot.TerrainPlot`
and ``terrain.js``, driven by the exported player and its sliders (the view draws the runs
the page shows), with the side plots under it; vtk.js travels with BokehJS. The terrain
takes the contour plot's place (``--view 3d`` exports the 3-D view in every format): the
contour plot's loss image and contour lines weigh about what the terrain does, so the page
is the 2-D page's size plus the library's. It turns, zooms and takes its camera presets
offline; the height scale is the one it was exported with (changing it takes the server,
which computes the terrain).
"""

from __future__ import annotations

from optiviz.app.display.camera import DEFAULT_CAMERA, PRESETS, Camera
from optiviz.app.display.terrain import terrain_data
from optiviz.app.plots.scene_figure import SceneFigure
from optiviz.app.plots.terrain_plot import TerrainPlot
from optiviz.app.plots.vtk_library import vtk_js_path


def add_terrain(
    figure: SceneFigure,
    camera: Camera = PRESETS[DEFAULT_CAMERA].camera,
    heights: str | None = None,
) -> TerrainPlot:
    """Puts the 3-D view of ``figure``'s first surface where its surface plot(s) were (the
    figure's layout is surface plots, player, side plots), filling the height the page
    gives it."""
    view = TerrainPlot(terrain_data(figure.data.surfaces[0], heights), figure, camera=camera)
    view.fill_frame()
    figure.layout.children = [view.layout, *figure.layout.children[1:]]
    return view


def terrain_scripts() -> list[str]:
    """The scripts a page with the 3-D view inlines: vtk.js."""
    return [vtk_js_path().read_text(encoding="utf-8")]
