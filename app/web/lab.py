"""The optimizer lab: the whole app as one ``pn.viewable.Viewer``.

Every change to the :class:`~.state.AppState` (a preset, a slider, a click on the surface)
recomputes the scene on the server with :func:`optiviz.optim.scene.simulate` and pushes the
new columns into the plot's sources in one message; the browser animates them.

In a notebook::

    import panel as pn
    from optiviz.app.web.lab import Lab
    pn.extension("katex")
    lab = Lab("?preset=saddle-stuck")
    lab                          # the app, inline
    lab.state.runs[0].lr = 0.1   # changes it live
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import panel as pn
import param
from bokeh.events import Tap

from optiviz import surfaces
from optiviz.app.display.scene_data import frame_position
from optiviz.app.display.scene_results import SceneResult
from optiviz.app.display.theme import NORMAL, PRESENT
from optiviz.app.plots import access
from optiviz.app.plots.scene_figure import SceneFigure
from optiviz.app.plots.surface_plot import SurfacePlot
from optiviz.app.web import url
from optiviz.app.web.caption import Caption
from optiviz.app.web.debounce import Debounced
from optiviz.app.web.header import Header
from optiviz.app.web.inspector import Inspector
from optiviz.app.web.map_view import MapsView
from optiviz.app.web.names import APP_RULES
from optiviz.app.web.rows import RunRows
from optiviz.app.web.scene_controls import SceneControls
from optiviz.app.web.state import AppState
from optiviz.app.web.store import SceneStore
from optiviz.app.web.terrain import TerrainView
from optiviz.app.web.text_view import TextView
from optiviz.app.web.train_test import TrainTestOverlay
from optiviz.optim import Trajectory, presets
from optiviz.optim.scene import Scene
from optiviz.surfaces import CriticalPoint

COMPUTING = "Computing this scene: its plot appears in a moment."
"""The note of a page whose first scene is heavy (see :data:`~.store.LIGHT_STEPS`)."""
FRAME_PAUSE_MS = 250
"""The text view describes a frame the player has stayed on this long."""

PAGE_CSS = """
body { background: #f3f5f8; }
.ov-brand { font-weight: 700; letter-spacing: .02em; }
"""


class Lab(pn.viewable.Viewer):
    """The optimizer lab.

    Args:
        search: A URL query (``"?preset=valley-adagrad"``) to open; in a served session the
            page's own query is used when this is empty.
    """

    state = param.ClassSelector(class_=AppState, doc="what is shown")

    def __init__(self, search: str = "", **params) -> None:
        if not search and pn.state.location is not None:
            search = pn.state.location.search or ""
        state, notices = url.parse_query(search)
        super().__init__(state=state, **params)
        self.store = SceneStore(state)
        self.trajectories: list[Trajectory] = []
        self.figure: SceneFigure | None = None
        self._built = False
        self.inspected_plot = 0
        self.inspection: CriticalPoint | None = None
        self._build()
        self._show_notices(notices)
        self._show_result()
        self._built = True
        self.store.param.watch(self._show_result, ["result"])
        self.store.param.watch(self._show_error, ["error"])
        state.param.watch(self._runs_replaced, ["runs"])
        state.param.watch(self._present, ["present"])
        state.param.watch(self._test_shown, ["show_test"])
        state.param.watch(self._inspect_moved, ["inspect"])
        self._present()

    # Layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        state = self.state
        self.header = Header(state)
        self.notice = pn.pane.Alert(
            "",
            alert_type="warning",
            visible=False,
            css_classes=["ov-notice"],
            sizing_mode="stretch_width",
            margin=(6, 10),
        )
        self.caption = Caption()
        self.plot = pn.pane.Bokeh(
            None,
            sizing_mode="stretch_width",
            css_classes=["ov-plot"],
            margin=(4, 6),
            styles={"overflow-x": "auto", "max-width": "100%"},  # only the plot scrolls
        )
        self.text_view = TextView()
        self._frame_later = Debounced(self._frame_shown, FRAME_PAUSE_MS)
        self.test_overlay = TrainTestOverlay(state)
        self.controls = SceneControls(state)
        self.rows = RunRows(state)
        self.maps = MapsView(state)
        self.terrain = TerrainView(state, on_describe=self.text_view.describe_view)
        self.inspector = Inspector(
            on_clear=lambda: setattr(self.state, "inspect", None), on_point=self._point_typed
        )
        self.inspector.frame_button.on_click(self._inspect_frame)
        self.sidebar = pn.Column(
            self.controls,
            self.test_overlay,
            self.inspector,
            self.rows,
            css_classes=["ov-controls"],
            styles={
                "flex": "1 1 300px",
                "min-width": "0",
                "max-width": "460px",
                "background": "#f8fafc",
            },
            sizing_mode="stretch_width",
        )
        self.main = pn.Column(
            self.caption,
            self.maps,
            self.plot,
            self.text_view,
            css_classes=["ov-main"],
            styles={"flex": "1 1 620px", "min-width": "0", "background": "#ffffff"},
            sizing_mode="stretch_width",
        )
        self.body = pn.FlexBox(
            self.main,
            self.sidebar,
            flex_wrap="wrap",
            align_items="flex-start",
            sizing_mode="stretch_width",
            styles={"gap": "8px"},
        )
        self.layout = pn.Column(
            self.header,
            self.notice,
            self.body,
            sizing_mode="stretch_width",
            css_classes=["ov-lab"],
        )
        if state.embed:
            self.plot.param.update(sizing_mode="stretch_both", margin=0)
            self.layout = pn.Column(
                self.notice,
                self.plot,
                sizing_mode="stretch_both",
                css_classes=["ov-lab", "ov-embed"],
                styles={"background": "#ffffff"},
            )

    def __panel__(self) -> pn.Column:
        return self.layout

    # Recomputing ----------------------------------------------------------------------------

    def _runs_replaced(self, *events) -> None:
        self.rows.sync()

    def _show_error(self, *events) -> None:
        if self.store.error:
            self._show_notices([self.store.error], kind="danger")

    def _show_result(self, *events) -> None:
        """Draws the store's result: plots, caption, rows, maps, and the page's URL."""
        result = self.store.result
        if result is None:
            if self.store.computing and not self.notice.visible:
                self._show_notices([COMPUTING], kind="info")
            self._show_error()
            return
        with pn.io.hold():
            if self.notice.visible and self.notice.alert_type in ("danger", "info"):
                self._show_notices([])
            if self.store.cut:
                self._show_notices([self.store.cut], kind="info")
            self.rows.sync()
            self._draw(result)
            self._describe(result.scene, result.trajectories)
            self.maps.refresh(self.figure)
            self.terrain.refresh(self.figure, result)
            self._show_url()

    def _draw(self, result: SceneResult) -> None:
        self.trajectories = list(result.trajectories)
        style = PRESENT if self.state.present else NORMAL
        if self.figure is not None and self.figure.fits(result.scene):
            self.figure.show_data(result.data)
            return
        self.figure = SceneFigure(result.data, style)
        self.figure.player.scrubber.on_change("value", self._frame_moved)
        if self.state.embed:
            self.figure.fill_frame()
        for plot in self.figure.surfaces:
            plot.figure.on_event(Tap, lambda event, k=plot.index: self._tapped(k, event))
        first = self.plot.object is None
        self.plot.object = self.figure.layout
        doc = pn.state.curdoc
        if first and doc is not None:
            self.figure.install(doc)
            access.install(doc, APP_RULES)
        if (self._built or not first) and doc is not None and doc.session_context is not None:
            doc.add_next_tick_callback(self.figure.player.activate)
        self._inspect_moved()

    def _describe(self, scene: Scene, trajectories: Sequence[Trajectory]) -> None:
        """Caption, formula, row messages, test-loss table and inspector readout."""
        state = self.state
        data = self.figure.data
        preset = presets.get(state.preset) if state.preset else None
        self.caption.show(preset, preset is not None and not state.is_preset(), data.surfaces)
        for view, run, trajectory in zip(self.rows.views, scene.runs, trajectories, strict=True):
            view.message = self._divergence_message(scene, run, trajectory)
        self.inspector.set_runs([run.title() for run in scene.runs])
        self.text_view.show(scene, trajectories, data)
        self._show_stable_lr(scene)
        self.test_overlay.show(scene, trajectories)
        self._test_shown()

    def _divergence_message(self, scene, run, trajectory: Trajectory) -> str:
        if trajectory.diverged_at is None:
            return ""
        surface = scene.surface_of(run)
        info = surfaces.hessian_at(surface, scene.start_of(run))
        bound = info.max_stable_lr
        hint = (
            f"lr above 2/λmax = {bound:.3g} (λmax at the start)?"
            if bound is not None
            else "lr above 2/λmax?"
        )
        return f"**Diverged at step {trajectory.diverged_at}.** Hint: {hint}"

    def _show_stable_lr(self, scene: Scene) -> None:
        """2/λmax next to GD rows: at the inspected point for the rows on the inspected
        plot, at each other row's start."""
        inspected = self.state.inspect
        plot = self._inspected_plot()
        for view, run in zip(self.rows.views, scene.runs, strict=True):
            if view.run.optimizer != "gd":
                view.stable_lr = None
                continue
            surface = scene.surface_of(run)
            on_plot = inspected is not None and surface is plot.surface
            point = inspected if on_plot else scene.start_of(run)
            view.stable_lr = surfaces.hessian_at(surface, point).max_stable_lr

    # Events ---------------------------------------------------------------------------------

    def _tapped(self, plot: int, event: Tap) -> None:
        """A click on surface plot ``plot``: inspects the point (inspect mode or shift), or
        starts there every run drawn on that plot (on the first plot, the scene's start)."""
        if event.x is None or event.y is None:
            return
        point = (float(event.x), float(event.y))
        shift = bool((event.modifiers or {}).get("shift"))
        if self.inspector.mode.value or shift:
            self.inspected_plot = plot
            self.state.inspect = point
            return
        plot_of = self.figure.data.plot_of
        with param.parameterized.batch_call_watchers(self.state):
            for run, k in zip(self.state.runs, plot_of, strict=True):
                if k == plot:
                    run.start = None if plot == 0 else point
            if plot == 0:
                self.state.start = point

    def _frame_moved(self, attr: str, old: object, new: object) -> None:
        """The browser reports its frame on a pause, a step or a seek (a drag reports many:
        the text view speaks once they pause)."""
        if not self._frame_later.request():
            self._frame_shown()

    def _frame_shown(self) -> None:
        """Speaks the frame on show; a frame that is not a finite number (only a modified
        client sends one) is ignored."""
        frame = self.figure.player.scrubber.value if self.figure is not None else None
        if isinstance(frame, int | float) and math.isfinite(frame):
            self.text_view.show_frame(int(frame))

    def _point_typed(self, point: tuple[float, float]) -> None:
        """A point typed in the inspector: inspected on the first surface plot (on the next
        tick in a session: a typed value arrives without the document's lock, and the first
        inspection adds models to the figure)."""

        def inspect() -> None:
            self.inspected_plot = 0
            self.state.inspect = point

        doc = pn.state.curdoc
        if doc is not None and doc.session_context is not None:
            doc.add_next_tick_callback(inspect)
        else:
            inspect()

    def _inspect_frame(self, event=None) -> None:
        if self.figure is None or not self.trajectories:
            return
        i = int(self.inspector.run_select.value or 0)
        frame = int(self.figure.player.scrubber.value)
        point = frame_position(self.trajectories[i], self.figure.data, frame)
        self.inspected_plot = self.figure.data.plot_of[i]
        self.state.inspect = (float(point[0]), float(point[1]))

    def _inspect_moved(self, *events) -> None:
        if self.figure is None:
            return
        point = self.state.inspect
        for plot in self.figure.surfaces:
            plot.show_inspection(None, None, None, None)
        if point is None:
            self.inspection = None
        else:
            plot = self._inspected_plot()
            info = surfaces.hessian_at(plot.surface, point)
            self.inspection = info
            plot.show_inspection(point, info.eigenvalues, info.eigenvectors, info.escape_direction)
        self.inspector.show(self.inspection)
        if events:
            self._show_stable_lr(self.state.scene())
            self._show_url()

    def _inspected_plot(self) -> SurfacePlot:
        """The surface plot the inspected point was picked on."""
        plots = self.figure.surfaces
        return plots[min(self.inspected_plot, len(plots) - 1)]

    def _present(self, *events) -> None:
        present = self.state.present
        self.sidebar.visible = not present
        self.header.set_present(present)
        self.layout.css_classes = ["ov-lab", "ov-present"] if present else ["ov-lab"]
        self.caption.set_present(present)
        if self.figure is not None:
            self.figure.set_style(PRESENT if present else NORMAL)
        self.maps.set_style(PRESENT if present else NORMAL)
        self.terrain.set_style(PRESENT if present else NORMAL)
        if events:
            self._show_url()

    def _test_shown(self, *events) -> None:
        if self.figure is not None:
            for plot in self.figure.surfaces:
                plot.show_test_surface(self.state.show_test)
        if events:
            self._show_url()

    def _show_url(self) -> None:
        """The page's URL takes the state (in a served session), so a copied link reopens it."""
        if pn.state.location is not None:
            pn.state.location.search = url.search(self.state)

    def _show_notices(self, notices: list[str], kind: str = "warning") -> None:
        if not notices:
            self.notice.visible = False
            return
        lead = "Some link settings were not valid and use defaults:" if kind == "warning" else ""
        items = "\n".join(f"- {html.escape(n)}" for n in notices)
        self.notice.param.update(object=f"{lead}\n\n{items}".strip(), alert_type=kind, visible=True)
