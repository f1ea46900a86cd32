"""The Maps view's controls: the bar above the plot and the map's own settings.

The bar picks the view (the trajectories alone, or with a map beside the surface plot),
the optimizer row that maps and overlays describe, and the overlays. In the maps view a
second line picks the swept hyperparameters and their ranges (a new axis starts from its
default range around the row's value), the metric and the cells per axis; under it, the
map's caption and its errors. Every widget writes to the state's :class:`MapState`;
:meth:`MapControls.show` writes the state back into the widgets.

The second line is built the first time the maps view opens (:class:`MapSettings`): most
sessions never open it.
"""

from __future__ import annotations

from typing import Any

import panel as pn
import param

from optiviz.app.web.deferred import Deferred
from optiviz.app.web.flow import flow
from optiviz.app.web.map_axes import NONE, axis_choices, default_range
from optiviz.app.web.map_state import CELLS
from optiviz.app.web.state import AppState

METRIC_LABELS = {
    "final loss": "final-loss",
    "distance to a minimum": "distance",
    "steps to tolerance": "steps-to-tolerance",
    "divergence step": "diverged",
}


class MapControls(pn.viewable.Viewer):
    """The widgets of the Maps view, bound to ``state.maps``.

    Attributes:
        note: The overlays' key and notes, under the bar.
        controls: The map's settings (:class:`MapSettings`, shown and built in the maps
            view only).
    """

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self._syncing = False
        maps = state.maps
        self.view = pn.widgets.RadioButtonGroup.from_param(
            maps.param.view,
            options={"trajectories": "trajectories", "maps": "maps", "3-D": "3d"},
            color="primary",
            variant="outline",
            css_classes=["ov-view"],
            margin=(8, 10),
        )
        self.row = pn.widgets.Select(
            options={"1": 0}, width=190, css_classes=["ov-map-row"], margin=(8, 6)
        )
        self.basins = pn.widgets.Checkbox.from_param(
            maps.param.basins, label="basins", css_classes=["ov-basins-toggle"], margin=(14, 8)
        )
        self.fan = pn.widgets.Checkbox.from_param(
            maps.param.fan, label="seed fan", css_classes=["ov-fan-toggle"], margin=(14, 8)
        )
        self.note = pn.pane.HTML(
            "",
            css_classes=["ov-overlay-note"],
            margin=(0, 12, 4, 12),
            styles={"font-size": "12px", "color": "#52606d"},
            visible=False,
        )
        self.caption_font = "13px"
        self.controls = Deferred(
            lambda: MapSettings(state, self.caption_font), css_classes=["ov-map-controls"]
        )
        self._layout = pn.Column(
            flow(
                self.view,
                pn.Row(
                    pn.pane.HTML(
                        "of row",
                        margin=(14, 0, 0, 6),
                        styles={"color": "#52606d", "font-size": "13px"},
                    ),
                    self.row,
                    margin=0,
                ),
                pn.Row(self.basins, self.fan, margin=0),
                align_items="center",
            ),
            self.note,
            self.controls,
            sizing_mode="stretch_width",
            css_classes=["ov-maps-bar"],
            margin=0,
            styles={"border-top": "1px solid #e4e7eb"},
        )
        self.row.param.watch(self._row_chosen, "value")

    def __panel__(self) -> pn.Column:
        return self._layout

    @property
    def settings(self) -> MapSettings:
        """The map's own settings (built now if the maps view never opened)."""
        return self.controls.built()

    @property
    def caption(self) -> pn.pane.LaTeX:
        """The map's caption (KaTeX), filled by the view."""
        return self.settings.caption

    @property
    def message(self) -> pn.pane.Alert:
        """A warning under the caption (an engine error, a refused range)."""
        return self.settings.message

    def set_caption_font(self, size: str) -> None:
        """The caption's type size (normal or presentation mode)."""
        self.caption_font = size
        if self.controls.view is not None:
            caption = self.caption
            caption.styles = {**caption.styles, "font-size": size}

    def _row_chosen(self, event: param.parameterized.Event) -> None:
        if event.new is not None and not self._syncing:
            self.state.maps.param.update(row=int(event.new))

    def show(self) -> None:
        """The widgets show the state (without echoing back into it)."""
        maps = self.state.maps
        runs = self.state.runs
        self._syncing = True
        try:
            rows = {f"{i + 1}. {run.run().title()}": i for i, run in enumerate(runs)}
            if self.row.options != rows:
                self.row.options = rows
            self.row.value = maps.row
        finally:
            self._syncing = False
        self.controls.show(maps.view == "maps")
        if self.controls.view is not None:
            self.controls.view.show()


class MapSettings(pn.viewable.Viewer):
    """The map's own settings: its axes and ranges, metric, cells, caption and errors.

    Args:
        state: The app state (``state.maps`` holds the settings).
        caption_font: The caption's type size.
    """

    def __init__(self, state: AppState, caption_font: str = "13px") -> None:
        super().__init__()
        self.state = state
        self._syncing = False
        maps = state.maps
        self.x = pn.widgets.Select(label="x axis", width=150, css_classes=["ov-map-x"])
        self.y = pn.widgets.Select(label="y axis", width=150, css_classes=["ov-map-y"])
        self.x_from, self.x_to, self.y_from, self.y_to = (
            pn.widgets.FloatInput(label=name, width=80, css_classes=[css])
            for name, css in (
                ("from", "ov-map-x-from"),
                ("to", "ov-map-x-to"),
                ("from", "ov-map-y-from"),
                ("to", "ov-map-y-to"),
            )
        )
        self.metric = pn.widgets.Select(
            label="metric", options=METRIC_LABELS, width=170, css_classes=["ov-map-metric"]
        )
        self.cells = pn.widgets.Select(
            label="cells per axis",
            options=[str(n) for n in CELLS],
            width=90,
            css_classes=["ov-map-cells"],
        )
        self.tolerance = pn.widgets.FloatInput.from_param(
            maps.param.tolerance, label="tolerance", width=92, css_classes=["ov-map-tol"]
        )
        self.recentre = pn.widgets.Button(
            label="↺ ranges",
            width=80,
            margin=(24, 6, 5, 6),
            description="ranges around the row's current values",
            css_classes=["ov-map-recentre"],
        )
        self.caption = pn.pane.LaTeX(
            "",
            css_classes=["ov-map-caption"],
            sizing_mode="stretch_width",
            margin=(0, 12, 4, 12),
            styles={"font-size": caption_font, "line-height": "1.45", "color": "#323f4b"},
        )
        self.message = pn.pane.Alert(
            "", alert_type="warning", visible=False, margin=(4, 10), css_classes=["ov-map-error"]
        )
        self._layout = pn.Column(
            flow(
                flow(self.x, self.x_from, self.x_to, margin=0),
                flow(self.y, self.y_from, self.y_to, margin=0),
                flow(self.metric, self.cells, self.tolerance, self.recentre, margin=0),
                styles={"padding-left": "4px", "column-gap": "14px"},
            ),
            self.caption,
            self.message,
            sizing_mode="stretch_width",
            margin=0,
        )
        self.x.param.watch(lambda e: self._axis_chosen("x", e.new), "value")
        self.y.param.watch(lambda e: self._axis_chosen("y", e.new), "value")
        for widget in (self.x_from, self.x_to, self.y_from, self.y_to):
            widget.param.watch(self._range_typed, "value")
        self.metric.param.watch(lambda e: self._set(metric=e.new), "value")
        self.cells.param.watch(lambda e: self._set(cells=int(e.new)), "value")
        self.recentre.on_click(self._recentre)
        self.show()

    def __panel__(self) -> pn.Column:
        return self._layout

    def _set(self, **values: Any) -> None:
        if not self._syncing:
            self.state.maps.param.update(values)

    def _axis_chosen(self, which: str, name: str | None) -> None:
        """A new axis gets its default range (and the other axis moves if it was the same)."""
        maps = self.state.maps
        if self._syncing or name is None or name == getattr(maps, which):
            return
        row = self.state.runs[maps.row]
        steps = self.state.steps
        values: dict[str, Any] = {which: name}
        if name != NONE:
            values[f"{which}_range"] = default_range(row, name, steps)
        if which == "x" and name == maps.y:
            values["y"] = NONE
        maps.param.update(values)

    def _range_typed(self, event: param.parameterized.Event) -> None:
        if self._syncing:
            return
        maps = self.state.maps
        choices = axis_choices(self.state.runs[maps.row])
        for which, low, high in (("x", self.x_from, self.x_to), ("y", self.y_from, self.y_to)):
            name = getattr(maps, which)
            if name == NONE or event.obj not in (low, high):
                continue
            try:
                value = choices[name].check(low.value, high.value)
            except (TypeError, ValueError) as error:
                self.message.param.update(object=f"Range not changed: {error}", visible=True)
                self.show()
                return
            self.message.visible = False
            maps.param.update({f"{which}_range": value})

    def _recentre(self, event: Any = None) -> None:
        self.state.maps.fit(self.state.runs, self.state.steps, reset=True)

    def show(self) -> None:
        """The widgets show the state (without echoing back into it)."""
        maps = self.state.maps
        runs = self.state.runs
        self._syncing = True
        try:
            choices = axis_choices(runs[maps.row])
            x_options = {spec.label: name for name, spec in choices.items()}
            y_options = {"none (a curve)": NONE, **x_options}
            del y_options[choices[maps.x].label]
            for widget, options, value in (
                (self.x, x_options, maps.x),
                (self.y, y_options, maps.y),
            ):
                if widget.options != options:
                    widget.options = options
                widget.value = value
            self.x_from.value, self.x_to.value = maps.x_range
            if maps.y != NONE:
                self.y_from.value, self.y_to.value = maps.y_range
            for widget in (self.y_from, self.y_to):
                widget.visible = maps.y != NONE
            self.metric.value = maps.metric
            self.cells.value = str(maps.cells)
            self.tolerance.visible = maps.metric == "steps-to-tolerance"
        finally:
            self._syncing = False
