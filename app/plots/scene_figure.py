"""The plotted scene as one Bokeh layout: surface plot(s), player and linked side plots.

:func:`scene_figure` builds pure Bokeh models from a simulated scene, so the live app and
an offline HTML file draw the same thing::

    from bokeh.document import Document
    from bokeh.embed import file_html
    from bokeh.resources import INLINE

    figure = scene_figure(scene, simulate(scene))
    document = Document()
    document.add_root(figure.layout)
    figure.install(document)
    html = file_html(document, resources=INLINE, title="optiviz")

The app keeps the figure and calls :meth:`SceneFigure.show` with new trajectories: every
source gets its new columns in one go, and the browser redraws without a re-render.
"""

from __future__ import annotations

from collections.abc import Sequence

from bokeh.document import Document
from bokeh.models import Column, InlineStyleSheet, LayoutDOM, Row

from optiviz.app.display.data_view import data_view_count
from optiviz.app.display.scene_data import SceneData, scene_data
from optiviz.app.display.theme import NORMAL, Style
from optiviz.app.plots import access
from optiviz.app.plots.data_view import DataViewPlot
from optiviz.app.plots.player import Player
from optiviz.app.plots.sharing import SharedModels
from optiviz.app.plots.side_plots import SidePlots
from optiviz.app.plots.surface_plot import SurfacePlot
from optiviz.optim import Trajectory
from optiviz.optim.scene import Scene

WRAP_CSS = """
:host { flex-wrap: wrap; gap: 6px 12px; }
.ov-cell { flex: 1 1 calc(50% - 12px) !important; min-width: 0 !important; }
@media (max-width: 700px) {
  .ov-cell { flex-basis: 100% !important; }
}
"""
"""Two plots a line, one on narrow screens: the style of a wrapping Bokeh row whose
children carry the ``ov-cell`` class."""


def wrapping_row(children, name: str) -> Row:
    """A Bokeh row that puts its children two a line (one on a phone)."""
    for child in children:
        if "ov-cell" not in child.css_classes:
            child.css_classes = [*child.css_classes, "ov-cell"]
    return Row(
        *children,
        sizing_mode="stretch_width",
        stylesheets=[InlineStyleSheet(css=WRAP_CSS)],
        name=name,
    )


class SceneFigure:
    """The Bokeh models of a scene plot and the way to update them.

    Attributes:
        layout: The whole plot (``name="scene"``).
        surfaces: One :class:`SurfacePlot` per surface of the scene.
        data_views: One :class:`DataViewPlot` per data set of the scene's surfaces (the
            model in data space, beside the surfaces).
        side: The :class:`SidePlots`.
        player: The :class:`Player`.
        data: The :class:`SceneData` shown.
        embedded: Whether :meth:`fill_frame` made it fill an embedding frame.
    """

    def __init__(self, data: SceneData, style: Style = NORMAL) -> None:
        self.data = data
        self.shared = SharedModels()
        self.surfaces = [
            SurfacePlot(data, k, style, self.shared) for k in range(len(data.surfaces))
        ]
        frames = len(data.timeline["step"])
        self.data_views = [
            DataViewPlot(view, k, frames, style, self.shared)
            for k, view in enumerate(data.data_views)
        ]
        self.side = SidePlots(data, style, self.shared)
        self.player = Player(
            data.timeline,
            paths=[plot.sources["paths"] for plot in self.surfaces],
            trails=[plot.sources["trail"] for plot in self.surfaces],
            heads=[plot.sources["heads"] for plot in self.surfaces],
            spans=self.side.spans,
            data=[plot.sources for plot in self.data_views],
        )
        self.player.set_style(style)
        self.embedded = False
        figures = self._top_figures()
        top = figures[0] if len(figures) == 1 else wrapping_row(figures, "surface_plots")
        grid = wrapping_row(self.side.figures, "side_plots")
        self.layout = Column(
            top, self.player.layout, grid, sizing_mode="stretch_width", name="scene"
        )

    def set_aside(self, aside: LayoutDOM | None) -> None:
        """Puts ``aside`` (the Maps view's figure) beside the surface plots, or takes it
        away (None)."""
        figures = self._top_figures()
        cells = figures if aside is None else [*figures, aside]
        old = self.layout.children[0]
        if (list(old.children) if isinstance(old, Row) else [old]) != cells:
            top = cells[0] if len(cells) == 1 else wrapping_row(cells, "surface_plots")
            for model in (top, *cells):
                model.sizing_mode = old.sizing_mode  # stretch_both when embedded
            self.layout.children = [top, *self.layout.children[1:]]

    def _top_figures(self) -> list:
        """The figures of the top row: the surfaces, then the data views (in embed mode, only
        beside a single surface; see :meth:`fill_frame`)."""
        surfaces = [plot.figure for plot in self.surfaces]
        if self.embedded and len(surfaces) > 1:
            return surfaces
        return [*surfaces, *(plot.figure for plot in self.data_views)]

    def fits(self, scene: Scene) -> bool:
        """Whether ``scene`` has as many surface plots and data views as this figure (else
        build anew)."""
        plots = scene.all_surfaces()
        datasets = data_view_count(plots)
        return len(plots) == len(self.surfaces) and datasets == len(self.data_views)

    def show(self, scene: Scene, trajectories: Sequence[Trajectory]) -> None:
        """Draws new trajectories (and new surfaces, if they changed) of a scene that
        :meth:`fits`."""
        self.show_data(scene_data(scene, trajectories))

    def show_data(self, data: SceneData) -> None:
        """:meth:`show`, from the scene's columns."""
        for plot, surface in zip(self.surfaces, data.surfaces, strict=True):
            if plot.surface is not surface:
                plot.show_surface(surface)
            plot.show_runs(data)
        frames = len(data.timeline["step"])
        for plot, view in zip(self.data_views, data.data_views, strict=True):
            plot.show(view, frames)
        self.side.show_runs(data)
        self.player.set_timeline(data.timeline)
        self.data = data

    def set_style(self, style: Style) -> None:
        """Line widths and type sizes (normal or presentation)."""
        for plot in (*self.surfaces, *self.data_views):
            plot.set_style(style)
        self.side.set_style(style)
        self.player.set_style(style)

    def install(self, document: Document) -> None:
        """Binds the player to ``document`` (see :meth:`Player.install`) and names its
        controls for assistive technology (:func:`.access.install`)."""
        self.player.install(document)
        access.install(document)

    def fill_frame(self) -> None:
        """Embed mode: the plots and the player only, filling the page (an iframe in a slide):
        the surface with its data view beside it, or a scene's several surfaces alone (three
        or four plots would leave none readable); the side plots are left out."""
        self.embedded = True
        figures = self._top_figures()
        top = figures[0] if len(figures) == 1 else wrapping_row(figures, "surface_plots")
        self.layout.children = [top, self.player.layout]
        for model in (self.layout, top, *figures):
            model.sizing_mode = "stretch_both"
        for figure in figures:
            figure.min_height = 200


def scene_figure(
    scene: Scene, trajectories: Sequence[Trajectory], style: Style = NORMAL
) -> SceneFigure:
    """The Bokeh plot of ``scene`` and its ``trajectories`` (from ``simulate(scene)``)."""
    return SceneFigure(scene_data(scene, trajectories), style)
