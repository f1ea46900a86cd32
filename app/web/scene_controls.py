"""The scene's controls: its surface (a registered one, or a typed formula), steps and start."""

from __future__ import annotations

import math

import panel as pn
import param

from optiviz import surfaces
from optiviz.app.web.deferred import Deferred
from optiviz.app.web.flow import flow
from optiviz.app.web.formula_box import FormulaBox
from optiviz.app.web.state import STEPS_CAP, AppState


class SceneControls(pn.viewable.Viewer):
    """Surface (a registered one, or a typed formula), steps and start of the scene."""

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        names = {surfaces.about(name).title: name for name in surfaces.names()}
        self.surface = pn.widgets.Select(
            label="surface",
            options={**names, "Custom: type a formula": surfaces.CUSTOM},
            value=state.surface,
            css_classes=["ov-surface"],
            sizing_mode="stretch_width",
        )
        self.surface.param.watch(self._surface_chosen, "value")
        state.param.watch(self._surface_shown, "surface")
        self.formula_card = Deferred(
            lambda: FormulaBox(state), visible=state.surface == surfaces.CUSTOM
        )
        self.steps = pn.widgets.IntInput.from_param(
            state.param.steps,
            label="steps",
            start=1,
            end=STEPS_CAP,
            width=100,
            css_classes=["ov-steps"],
        )
        self.start_x = pn.widgets.FloatInput(label="start w₁", width=100, css_classes=["ov-x"])
        self.start_y = pn.widgets.FloatInput(label="start w₂", width=100, css_classes=["ov-y"])
        self._showing = False
        self.start_x.param.watch(self._typed, "value")
        self.start_y.param.watch(self._typed, "value")
        state.param.watch(self._show_start, "start")
        self._show_start()
        self._layout = pn.Column(
            self.surface,
            self.formula_card,
            flow(self.steps, self.start_x, self.start_y),
            pn.pane.HTML(
                "Click the surface to start there; shift-click (or “inspect”) to inspect.",
                styles={"font-size": "12px", "color": "#52606d"},
                margin=(0, 10),
            ),
            sizing_mode="stretch_width",
        )

    def __panel__(self) -> pn.Column:
        return self._layout

    @property
    def formula(self) -> FormulaBox:
        """The Custom surface's formula box (built when first shown or asked for)."""
        return self.formula_card.built()

    def _surface_chosen(self, event: param.parameterized.Event) -> None:
        """A surface picked from the menu: show it, from its default start."""
        if event.new != self.state.surface:
            self.state.choose_surface(event.new)

    def _surface_shown(self, *events: param.parameterized.Event) -> None:
        self.surface.value = self.state.surface
        self.formula_card.show(self.state.surface == surfaces.CUSTOM)

    def _show_start(self, *events: param.parameterized.Event) -> None:
        """The state's start in the two boxes (set one after the other, they are not read
        as typed in between: the half-shown point would be a scene of its own)."""
        x, y = self.state.start
        self._showing = True
        try:
            self.start_x.value, self.start_y.value = float(f"{x:.6g}"), float(f"{y:.6g}")
        finally:
            self._showing = False

    def _typed(self, event: param.parameterized.Event) -> None:
        x, y = self.start_x.value, self.start_y.value
        if self._showing or x is None or y is None or not (math.isfinite(x) and math.isfinite(y)):
            return
        if (float(f"{self.state.start[0]:.6g}"), float(f"{self.state.start[1]:.6g}")) != (x, y):
            self.state.start = (x, y)
