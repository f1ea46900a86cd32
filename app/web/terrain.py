"""The 3-D view in the lab: the surface as terrain beside the contour plot, built when first shown.

The view bar's "3-D" (``view=3d``) puts a :class:`~optiviz.app.plots.terrain_plot.TerrainPlot`
beside the surface plot, driven by the same player. Nothing of it exists in a session that
never shows it: no Bokeh model is made and the browser loads no vtk.js (the lecture hall
opens the page hundreds of times at once). It draws the store's result, like the 2-D plot:
the lab calls :meth:`TerrainView.refresh` with each new one.

The camera lives in the browser (turning it costs the server nothing); where it has settled
comes back here for the page's URL, with the height scale the menu picks.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import panel as pn

from optiviz.app.display.camera import PRESETS, Camera, camera_text
from optiviz.app.display.heights import available
from optiviz.app.display.scene_results import SceneResult
from optiviz.app.display.terrain import TerrainData, terrain_data
from optiviz.app.display.theme import NORMAL, Style
from optiviz.app.plots.scene_figure import SceneFigure
from optiviz.app.plots.terrain_plot import TerrainPlot
from optiviz.app.plots.vtk_library import vtk_js_url
from optiviz.app.web import url
from optiviz.app.web.state import AppState

VIEW = "3d"
"""The value of ``state.maps.view`` (and of the URL's ``view``) that shows the 3-D view."""


class TerrainView:
    """The lab's 3-D view.

    Args:
        state: The app's state (``state.maps.view`` shows it, ``state.terrain`` holds its
            camera and height scale).
        on_describe: Called with :meth:`describe`'s words whenever they change (the page's
            text view says them).

    Attributes:
        plot: The :class:`TerrainPlot` (None until the view is first shown).
    """

    def __init__(
        self, state: AppState, on_describe: Callable[[str], None] = lambda text: None
    ) -> None:
        self.state = state
        self.on_describe = on_describe
        self.plot: TerrainPlot | None = None
        self.figure: SceneFigure | None = None
        self.result: SceneResult | None = None
        self.style = NORMAL
        self.index = 0
        self._ready_bound = False
        state.maps.param.watch(self._view_changed, ["view"])
        state.terrain.param.watch(self._heights_changed, ["heights"])

    @property
    def shown(self) -> bool:
        return self.state.maps.view == VIEW

    def refresh(self, figure: SceneFigure, result: SceneResult) -> None:
        """Draws a new result on ``figure`` (the lab's scene figure), if the view is shown."""
        self.figure, self.result = figure, result
        if self.shown:
            self._draw()

    def set_style(self, style: Style) -> None:
        """Sizes of a display mode (normal or presentation)."""
        self.style = style
        if self.plot is not None:
            self.plot.set_style(style)

    def describe(self) -> str:
        """What the view shows and where it is seen from, in words ("" when it is not
        shown): for the page's text view."""
        if not self.shown or self.plot is None or self.result is None:
            return ""
        camera = self.state.terrain.shown_camera()
        name = camera_text(camera)
        seen = (
            f"Seen {PRESETS[name].label}."
            if name in PRESETS
            else f"Seen from {camera.azimuth:g}° around and {camera.elevation:g}° up."
        )
        return f"{self.plot.describe(self._terrain())} {seen}"

    def _terrain(self) -> TerrainData:
        surface = self.result.data.surfaces[self.index]
        return terrain_data(surface, self.state.terrain.heights)

    def _draw(self) -> None:
        """Draws the result: a new plot, or new data for the one there is; in one pass over
        the document (the new plot's callbacks attach to models already in it, and each
        would otherwise make Bokeh walk the whole document again)."""
        if self.figure is None or self.result is None:
            return
        doc = self.figure.layout.document
        with doc.models.freeze() if doc is not None else contextlib.nullcontext():
            self._draw_now()
        self.on_describe(self.describe())

    def _draw_now(self) -> None:
        surfaces = self.result.data.surfaces
        if self.index >= len(surfaces):
            self.index = 0
        terrain = self._terrain()
        plot = self.plot
        if plot is None or plot.figure is not self.figure or plot.index != self.index:
            self._build(terrain, available(surfaces[self.index]))
        else:
            self.plot.show(terrain, available(surfaces[self.index]))
            self.plot.describe(terrain)
        self.figure.set_aside(self.plot.layout)

    def _build(self, terrain: TerrainData, heights: tuple[str, ...]) -> None:
        """A new plot, bound to the figure's player; the browser builds its view when the
        page is ready, or at once in a page already showing."""
        camera = self.plot.shown_camera() if self.plot else self.state.terrain.shown_camera()
        self.plot = TerrainPlot(
            terrain,
            self.figure,
            self.index,
            camera=camera,
            heights=heights,
            surfaces=[surface.title for surface in self.figure.data.surfaces],
            library=vtk_js_url(),
            style=self.style,
        )
        if self.state.embed:
            self.plot.fill_frame()
        self.plot.camera.on_change("data", self._camera_moved)
        self.plot.heights.on_change("value", self._heights_chosen)
        if self.plot.surface is not None:
            self.plot.surface.on_change("value", self._surface_chosen)
        doc = pn.state.curdoc
        if doc is None:
            return
        if not self._ready_bound:
            self.plot.install(doc)
            self._ready_bound = True
        if doc.session_context is not None:
            doc.add_next_tick_callback(self.plot.activate)

    def _view_changed(self, *events: Any) -> None:
        if not self.shown:
            self.on_describe("")
            return
        built = self.plot
        self._draw()
        doc = pn.state.curdoc
        if self.plot is built and doc is not None and doc.session_context is not None:
            doc.add_next_tick_callback(self.plot.activate)

    def _heights_changed(self, *events: Any) -> None:
        if self.shown and self.plot is not None:
            self._draw()
            self._show_url()

    def _heights_chosen(self, attr: str, old: Any, new: Any) -> None:
        if new != self.state.terrain.heights and new != self.plot.shown_heights:
            self.state.terrain.heights = new

    def _surface_chosen(self, attr: str, old: Any, new: Any) -> None:
        if int(new) != self.index:
            self.index = int(new)
            self._draw()

    def _camera_moved(self, attr: str, old: Any, new: Any) -> None:
        camera = self.plot.shown_camera()
        if Camera(*self.state.terrain.camera) != camera:
            self.state.terrain.camera = tuple(camera)
            self._show_url()
            self.on_describe(self.describe())

    def _show_url(self) -> None:
        if pn.state.location is not None:
            pn.state.location.search = url.search(self.state)


def export_options(state: AppState) -> dict[str, Any]:
    """The :func:`~optiviz.app.export.export` options that export the view on show: the 3-D
    view with its camera and height scale, or nothing (the contour plot)."""
    if state.maps.view != VIEW:
        return {}
    return {"view": "3d", "camera": state.terrain.shown_camera(), "heights": state.terrain.heights}
