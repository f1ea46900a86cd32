r"""The Maps view and the surface overlays: what a hyperparameter does, all at once.

A map of one optimizer row's metric over one or two of its hyperparameters sits beside the
surface plot (:class:`~.maps.MapPlot`); a click on a cell loads its setting into the row, so
the trajectory beside it is that very run. On the surface plot, the row's basins of
attraction and its seed fan (:class:`~.overlays.SurfaceOverlays`). The controls are
:class:`~.map_controls.MapControls`; the engine calls, :mod:`.map_runs`.

Everything recomputes live, after the trajectories: the lab calls :meth:`MapsView.refresh`
after each update, which computes :data:`DEBOUNCE_MS` later (one map for a burst of changes,
and the new trajectories reach the browser first), and only what changed: each of the map,
the basins and the fan keeps the key of the engine call it shows, so a click on a cell
(which changes only swept values) moves the ring and recomputes nothing.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import panel as pn
import param
from bokeh.events import Tap

from optiviz import optim
from optiviz.app.display.map_data import MapData, map_data, nearest
from optiviz.app.display.theme import NORMAL, RUN_COLORS, Style
from optiviz.app.plots.map_plot import MapPlot, layout_key
from optiviz.app.plots.overlays import SurfaceOverlays, basin_columns, fan_columns
from optiviz.app.plots.scene_figure import SceneFigure
from optiviz.app.web import map_runs, url
from optiviz.app.web.debounce import Debounced
from optiviz.app.web.map_axes import current_value
from optiviz.app.web.map_controls import MapControls
from optiviz.app.web.map_state import MapState
from optiviz.app.web.state import AppState
from optiviz.optim.scene import Run, Scene
from optiviz.surfaces import Surface

DEBOUNCE_MS = 60
"""How long after a change the maps recompute (changes within it cost one computation)."""
INTEGERS = frozenset({"batch_size", "N", "T", "warmup"})


def simplest(values: np.ndarray, i: int, log: bool) -> float:
    """The number with the fewest significant digits whose nearest value is ``values[i]``:
    what a click on cell ``i`` loads.

    Example:
        >>> momenta = np.linspace(0, 0.99, 32)
        >>> float(momenta[9]), simplest(momenta, 9, log=False)
        (0.2874193548387097, 0.3)
    """
    value = float(values[i])
    for digits in range(1, 17):
        short = float(f"{value:.{digits}g}")
        if nearest(values, short, log) == i:
            return short
    return value


class MapsView(pn.viewable.Viewer):
    """The Maps view: its controls, the map, the overlays, and when to compute them.

    Args:
        state: The app's state (``state.maps`` holds this view's settings).
        style: Sizes of the display mode.

    Attributes:
        controls: The :class:`MapControls`.
        plot: The :class:`MapPlot` on show (None before the first map).
        overlays: One :class:`SurfaceOverlays` per surface plot of the scene figure.
        timing: The last map's size and time, e.g. ``"2304 runs × 500 steps in 7 ms"``.
    """

    def __init__(self, state: AppState, style: Style = NORMAL) -> None:
        super().__init__()
        self.state = state
        self.style = style
        self.controls = MapControls(state)
        self.figure: SceneFigure | None = None
        self.plot: MapPlot | None = None
        self.overlays: list[SurfaceOverlays] = []
        self.timing = ""
        self._keys: dict[str, Any] = {"map": None, "basins": None, "fan": None}
        self._later = Debounced(self.compute, DEBOUNCE_MS)
        names = [name for name in MapState.param if name != "name"]
        state.maps.param.watch(self._changed, names)

    def __panel__(self) -> MapControls:
        return self.controls

    def refresh(self, figure: SceneFigure) -> None:
        """After new trajectories: keeps the settings valid for the rows, follows a new scene
        figure, and schedules the maps."""
        if figure is not self.figure:
            self.figure = figure
            self.overlays = [SurfaceOverlays(plot) for plot in figure.surfaces]
            self._keys.update(basins=None, fan=None)
            self._place_map()
        self.state.maps.fit(self.state.runs, self.state.steps)
        self.controls.show()
        self.schedule()

    def set_style(self, style: Style) -> None:
        """Type sizes for a display mode."""
        self.style = style
        self.controls.set_caption_font(style.title_font)
        if self.plot is not None:
            self.plot.set_style(style)

    def schedule(self) -> None:
        """Computes the maps now (outside a server session) or shortly (in one)."""
        if not self._later.request():
            self.compute()

    def compute(self) -> None:
        """The map, the basins and the fan of the current state, each only if its engine
        call changed."""
        maps = self.state.maps
        try:
            scene = self.state.scene()
        except ValueError:
            return
        if self.figure is None or maps.row >= len(scene.runs):
            return
        run = scene.runs[maps.row]
        with pn.io.hold():
            if maps.view == "maps":
                self._compute_map(scene, run)
            notes = [self._compute_basins(scene, run), self._compute_fan(scene, run)]
            notes = [note for note in notes if note]
            self.controls.note.param.update(object="<br>".join(notes), visible=bool(notes))

    def _compute_map(self, scene: Scene, run: Run) -> None:
        maps = self.state.maps
        row = self.state.runs[maps.row]
        surface = scene.surface_of(run)
        arguments, cells = map_runs.sweep_arguments(scene, run, row, maps)
        key = map_runs.key(surface, run, arguments)
        message = self.controls.message
        if key != self._keys["map"]:
            self._keys["map"] = key
            began = time.perf_counter()
            try:
                result = optim.sweep(surface, run, **arguments)
            except ValueError as error:
                message.param.update(object=f"No map: {html.escape(str(error))}", visible=True)
                return
            elapsed = time.perf_counter() - began
            message.visible = False
            runs = result.values.size
            self.timing = f"{runs} runs × {scene.steps} steps in {elapsed * 1000:.0f} ms"
            data = map_data(result, surface)
            edge = map_runs.stability_edge(scene, run, result.axes)
            self._draw_map(data, edge)
            self.controls.caption.object = map_runs.map_caption(
                scene, run, maps, result, data.title, cells, self.timing, edge
            )
        if self.plot is not None:
            steps = scene.steps
            self.plot.show_marker([current_value(row, name, steps) for name in maps.axes()])

    def _draw_map(self, data: MapData, edge: map_runs.Edge | None) -> None:
        if self.plot is None or self.plot.key != layout_key(data):
            self.plot = MapPlot(data, self.style)
            self.plot.figure.on_event(Tap, self._tapped)
            self._place_map()
        else:
            self.plot.show(data)
        self.plot.show_edge(edge)

    def _place_map(self) -> None:
        """The map beside the surface plot in the maps view, nothing in the trajectories
        view (the 3-D view places its own)."""
        if self.figure is not None and self.state.maps.view != "3d":
            shown = self.state.maps.view == "maps" and self.plot is not None
            self.figure.set_aside(self.plot.figure if shown else None)

    def _compute_basins(self, scene: Scene, run: Run) -> str:
        maps = self.state.maps
        surface = scene.surface_of(run)
        if not maps.basins or not surface.minima:
            self._clear("basins")
            if maps.basins:
                return f"Basins need known minima; {html.escape(surface.title)} has none."
            return ""
        arguments = map_runs.basins_arguments(scene, run)
        error = self._overlay("basins", surface, run, arguments, optim.basins, basin_columns)
        return f"No basins: {error}" if error else map_runs.basins_legend(surface, maps.row)

    def _compute_fan(self, scene: Scene, run: Run) -> str:
        maps = self.state.maps
        surface = scene.surface_of(run)
        if not maps.fan or not map_runs.randomness(surface, run):
            self._clear("fan")
            return map_runs.fan_note(surface, run, maps.row, None) if maps.fan else ""
        arguments = map_runs.fan_arguments(scene, run)
        color = RUN_COLORS[maps.row % len(RUN_COLORS)]
        error = self._overlay(
            "fan",
            surface,
            run,
            arguments,
            optim.seed_fan,
            lambda fan: fan_columns(fan, color, surface.bounds),
        )
        if error:
            return f"No seed fan: {error}"
        return map_runs.fan_note(surface, run, maps.row, arguments["n"])

    def _overlay(
        self,
        name: str,
        surface: Surface,
        run: Run,
        arguments: dict[str, Any],
        compute: Callable[..., Any],
        columns: Callable[[Any], dict],
    ) -> str:
        """Shows overlay ``name`` on the mapped row's surface plot: ``columns`` of
        ``compute(surface, run, **arguments)``, computed only when that call or
        the row (whose colour a fan takes) changed. Returns the engine's error (as HTML),
        or ``""``."""
        row = self.state.maps.row
        k = self.figure.data.plot_of[row]
        key = (k, row, map_runs.key(surface, run, arguments))
        if key == self._keys[name]:
            return ""
        try:
            result = compute(surface, run, **arguments)
        except ValueError as error:
            self._clear(name)
            return html.escape(str(error))
        for i, overlay in enumerate(self.overlays):
            overlay.show(name, columns(result) if i == k else None)
        self._keys[name] = key
        return ""

    def _clear(self, name: str) -> None:
        """Takes the basins or the fan off every plot (if shown)."""
        if self._keys[name] is not None:
            for overlay in self.overlays:
                overlay.show(name, None)
        self._keys[name] = None

    def _tapped(self, event: Tap) -> None:
        """Loads the clicked cell's setting into the row: the simplest number in the cell."""
        if self.plot is None or event.x is None or event.y is None:
            return
        index = self.plot.cell_at(float(event.x), float(event.y))
        values = {}
        for axis, i in zip(self.plot.data.axes, index, strict=True):
            value = simplest(axis.values, i, axis.log)
            values[axis.name] = round(value) if axis.name in INTEGERS else value
        self.state.runs[self.state.maps.row].param.update(values)

    def _changed(self, *events: param.parameterized.Event) -> None:
        names = {event.name for event in events}
        if "row" in names:
            self.state.maps.fit(self.state.runs, self.state.steps, reset=True)
        if "view" in names:
            self._place_map()
        self.controls.show()
        self.schedule()
        if pn.state.location is not None:
            pn.state.location.search = url.search(self.state)
