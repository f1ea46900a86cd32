"""The 3-D view as Bokeh models: a host for the vtk.js canvas, its data and its controls.

Like the player, the view is plain Bokeh models whose callbacks are ``CustomJS`` running
``terrain.js``: the live app and an offline HTML page draw the same thing. It follows the
2-D plot's :class:`~.player.Player` through its scrubber (the player sets the scrubber's
value on every frame it draws), so play, pause, steps, seeks and keys move the balls with
the 2-D markers in the browser, and it needs no change to the player.

vtk.js is not part of the page until the view is shown: :meth:`TerrainPlot.install` (a page
that opens with the view) or :meth:`TerrainPlot.activate` (a page where it was just added)
makes the browser load it from ``library`` (:func:`.vtk_library.vtk_js_url`), or find it
inlined (an exported page).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources

import numpy as np
from bokeh.document import Document
from bokeh.models import (
    Button,
    Column,
    ColumnDataSource,
    CustomJS,
    Div,
    InlineStyleSheet,
    Row,
    Select,
)

from optiviz.app.display.camera import BOX_HEIGHT, DEFAULT_CAMERA, DISTANCES, PRESETS, Camera
from optiviz.app.display.heights import KINDS
from optiviz.app.display.terrain import TerrainData
from optiviz.app.display.theme import NORMAL, SURFACE_PALETTE, Style
from optiviz.app.plots import sources
from optiviz.app.plots.scene_figure import SceneFigure

LIFT = 0.012
"""Trails and contours float this far above the terrain (box units), so it cannot hide them."""
LEVELS = 65535
"""Heights and contour points travel to the browser as whole numbers from 0 to LEVELS
(across the box): half the bytes of float32, and they compress."""
PALETTE_STOPS = 17
"""Colours of the surface palette the terrain's colour map interpolates between."""
CONTROLS_CSS = """
:host { align-items: center; gap: 4px 6px; flex-wrap: wrap; }
"""
CONTROL_CSS = """
.bk-btn, select, .bk-input, label {{ font-size: {font}; }}
"""


@functools.cache
def terrain_js() -> str:
    """The view's JavaScript (``terrain.js``), read once."""
    return resources.files(__package__).joinpath("terrain.js").read_text(encoding="utf-8")


class TerrainPlot:
    """The 3-D view's models and the way to update them.

    Args:
        terrain: What to draw (:func:`~optiviz.app.display.terrain.terrain_data`) for
            surface plot ``plot`` of ``figure``.
        figure: The 2-D plot: the view follows its player and draws the runs of its
            ``paths`` (sent once, for both).
        plot: Which of the figure's surface plots.
        camera: Where the camera starts.
        heights: The height scales the menu offers (None: no menu, as in an export).
        surfaces: The titles of the figure's surface plots, for a menu that picks the one
            shown (None, or only one: no menu).
        library: Where the browser loads vtk.js from (None: the page inlines it).
        style: Sizes of the display mode.
        height: The view's height in pixels (it fills the width it is given).

    Attributes:
        layout: The view and its controls (``name="terrain_view"``).
        host: The element the canvas goes in (``name="terrain"``).
        heights: The height-scale menu (None without one); its value reaches the server.
        surface: The menu of surface plots (None without one); its value reaches the server.
        index: Which of the figure's surface plots the view shows.
        camera: Source with the camera, ``azimuth``, ``elevation``, ``distance``; the
            browser writes it when the user has moved the camera.
    """

    def __init__(
        self,
        terrain: TerrainData,
        figure: SceneFigure,
        plot: int = 0,
        camera: Camera = PRESETS[DEFAULT_CAMERA].camera,
        heights: tuple[str, ...] | None = None,
        surfaces: Sequence[str] | None = None,
        library: str | None = None,
        style: Style = NORMAL,
        height: int = 520,
    ) -> None:
        self.figure = figure
        self.index = plot
        player = figure.player
        self.shown_heights = terrain.heights.kind
        self.sources = {
            name: ColumnDataSource(columns, name=f"terrain_{name}")
            for name, columns in self._columns(terrain).items()
        }
        self.camera = ColumnDataSource(
            {key: [float(value)] for key, value in camera._asdict().items()},
            name="terrain_camera",
        )
        self.look = ColumnDataSource(self._look(style), name="terrain_look")
        self.host = Div(
            text="",
            name="terrain",
            css_classes=["ov-terrain"],
            sizing_mode="stretch_width",
            height=height,
            min_width=300,
            styles={"position": "relative", "background": "#ffffff"},
        )
        self.note = Div(
            text=terrain.heights.note,
            name="terrain_note",
            visible=bool(terrain.heights.note),
            styles={"color": "#52606d"},
        )
        presets = {name: list(preset.camera) for name, preset in PRESETS.items()}
        self._models = {
            "host": self.host,
            **self.sources,
            "camera": self.camera,
            "look": self.look,
            "paths": figure.surfaces[plot].sources["paths"],
            "timeline": player.timeline,
            "scrubber": player.scrubber,
            "presets": presets,
            "initial": DEFAULT_CAMERA,
            "library": library,
        }
        self.reset = Button(
            label="reset camera",
            name="terrain_reset",
            css_classes=["ov-terrain-reset"],
        )
        self.reset.js_on_click(self.callback(f"preset('{DEFAULT_CAMERA}')"))
        self.presets = []
        for name, preset in PRESETS.items():
            if name == DEFAULT_CAMERA:
                continue
            button = Button(
                label=preset.label,
                name=f"terrain_{name}",
                css_classes=[f"ov-terrain-{name}"],
            )
            button.js_on_click(self.callback(f"preset('{name}')"))
            self.presets.append(button)
        self.heights: Select | None = None
        self.surface: Select | None = None
        controls = [self.reset, *self.presets]
        if surfaces is not None and len(surfaces) > 1:
            self.surface = Select(
                title="surface",
                options=[(str(k), title) for k, title in enumerate(surfaces)],
                value=str(plot),
                name="terrain_surface_menu",
                css_classes=["ov-terrain-surface"],
                width=200,
            )
            controls.append(self.surface)
        if heights:
            self.heights = Select(
                title="height",
                options=[(kind, KINDS[kind]) for kind in heights],
                value=terrain.heights.kind,
                name="terrain_heights",
                css_classes=["ov-terrain-heights"],
                width=120,
            )
            controls.append(self.heights)
        self.controls = Row(
            *controls,
            self.note,
            name="terrain_controls",
            sizing_mode="stretch_width",
            stylesheets=[InlineStyleSheet(css=CONTROLS_CSS)],
        )
        self.layout = Column(
            self.host,
            self.controls,
            name="terrain_view",
            sizing_mode="stretch_width",
            css_classes=["ov-terrain-view"],
        )
        for name in ("surface", "contours", "axes"):
            self.sources[name].js_on_change("data", self.callback("changed('surface')"))
        for event in ("data", "patching"):
            self._models["paths"].js_on_change(event, self.callback("changed('runs')"))
        self.camera.js_on_change("data", self.callback("camera_changed()"))
        self.look.js_on_change("data", self.callback("style_changed()"))
        player.scrubber.js_on_change("value", self.callback("draw()"))
        player.timeline.js_on_change("data", self.callback("draw()"))
        self.set_style(style)
        self.describe(terrain)

    def callback(self, call: str) -> CustomJS:
        """A CustomJS that calls ``optiviz_terrain(m).<call>`` once the page has the view's
        code: ``install()`` brings it (``terrain.js``, once in the document, not once per
        callback); before that, there is no view to call."""
        names = ", ".join(self._models)
        if call == "install()":
            code = f"{terrain_js()}\nwindow._optiviz_terrain = optiviz_terrain\n"
        else:
            code = "const optiviz_terrain = window._optiviz_terrain\nif (optiviz_terrain != null) "
        code += f"{{\n  const m = {{{names}}}\n  optiviz_terrain(m).{call}\n}}\n"
        return CustomJS(args=self._models, code=code)

    def install(self, document: Document) -> None:
        """Builds the view when ``document`` is ready in the browser (a page that opens with
        the view: an exported page, or an app session whose URL asks for it)."""
        document.js_on_event("document_ready", self.callback("install()"))

    def activate(self) -> None:
        """Builds the view in a page that is already showing (the view was just added), or
        draws it again where it is shown again: the browser runs ``install()`` when the tags
        change (the code travels only with it)."""
        surface = self.sources["surface"]
        if not surface.tags:
            surface.js_on_change("tags", self.callback("install()"))
        surface.tags = [*surface.tags, "active"]

    def show(self, terrain: TerrainData, heights: tuple[str, ...] | None = None) -> None:
        """Draws new data (a new scene or height scale); the camera stays where it is.
        ``heights``: the scales the menu offers now (None: the same)."""
        for name, columns in self._columns(terrain).items():
            sources.update(self.sources[name], columns)
        self.note.update(text=terrain.heights.note, visible=bool(terrain.heights.note))
        self.shown_heights = terrain.heights.kind
        if self.heights is not None:
            if heights is not None:
                self.heights.options = [(kind, KINDS[kind]) for kind in heights]
            self.heights.value = terrain.heights.kind

    def fill_frame(self) -> None:
        """Embed mode: the view fills the height it is given, like the surface plot."""
        for model in (self.layout, self.host):
            model.sizing_mode = "stretch_both"
        self.host.min_height = 200

    def shown_camera(self) -> Camera:
        """The camera as the browser last reported it."""
        data = self.camera.data
        return Camera(*(float(data[key][0]) for key in Camera._fields))

    def set_style(self, style: Style) -> None:
        """Trail widths, ball and type sizes (normal or presentation)."""
        sources.update(self.look, self._look(style))
        css = CONTROL_CSS.format(font=style.control_font)
        menus = [menu for menu in (self.heights, self.surface) if menu is not None]
        widgets = [self.reset, *self.presets, *menus]
        for widget in widgets:
            widget.stylesheets = [InlineStyleSheet(css=css)]
        self.note.styles = {**self.note.styles, "font-size": style.font}

    def describe(self, terrain: TerrainData) -> str:
        """What the view shows and how to turn it, for screen readers (the label the
        browser gives the view)."""
        labels = list(self.figure.data.paths[self.index]["label"])
        balls = "one ball" if len(labels) == 1 else f"{len(labels)} balls"
        heights = terrain.heights
        scale = (
            f"log L, flattening below {heights.low:.3g}, up to {heights.high:.3g}"
            if heights.kind == "log"
            else f"{KINDS[heights.kind]} from {heights.low:.3g} to {heights.high:.3g}"
        )
        text = (
            f"3-D view of {terrain.title}: height {scale}, {balls}"
            f" ({', '.join(labels)}). Drag or use the arrow keys to turn it,"
            " the wheel or + and − to zoom, 0 to reset."
        )
        self.host.tags = [text]
        return text

    @staticmethod
    def _columns(terrain: TerrainData) -> dict[str, dict]:
        """The sources' columns: the terrain's heights as :data:`LEVELS`, and the height
        scale (``kind``, ``low``, ``high``) the browser puts the runs of the 2-D plot's
        ``paths`` on (their losses travel once, for both views)."""
        surface, heights = terrain.surface, terrain.heights
        return {
            "surface": {
                "x": surface["x"],
                "y": surface["y"],
                "c": [_row_steps(c) for c in surface["c"]],
                "bounds": [list(terrain.bounds)],
                "kind": [heights.kind],
                "low": [heights.low],
                "high": [heights.high],
            },
            "contours": _lines(terrain.contours),
            "axes": terrain.axes,
        }

    @staticmethod
    def _look(style: Style) -> dict[str, list]:
        stops = np.linspace(0, len(SURFACE_PALETTE) - 1, PALETTE_STOPS).round().astype(int)
        normal = style.control_font == NORMAL.control_font
        near, far = DISTANCES
        return {
            "line": [style.trail * 1.2],
            "ball": [0.035 if normal else 0.05],
            "font": [style.font],
            "palette": [[SURFACE_PALETTE[i] for i in stops]],
            "paper": ["#ffffff"],
            "box_height": [BOX_HEIGHT],
            "lift": [LIFT],
            "near": [near],
            "far": [far],
        }


def _levels(values: np.ndarray, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    """``values`` from ``low`` to ``high`` as whole numbers from 0 to :data:`LEVELS`."""
    return np.round(np.clip((values - low) / (high - low), 0, 1) * LEVELS).astype(np.uint16)


def _row_steps(heights: np.ndarray) -> np.ndarray:
    """The terrain's heights as :data:`LEVELS`, each row as its first sample and then the
    step to the next, modulo 2¹⁶ (lossless, and a smooth terrain compresses to about half).

    Example (a step of 32768 is -32768 modulo 2¹⁶):
        >>> _row_steps(np.array([[0.0, 0.5, 1.0]])).tolist()
        [[0, -32768, 32767]]
    """
    levels = _levels(heights).astype(np.int32)
    return np.diff(levels, axis=1, prepend=0).astype(np.int16)


def _lines(contours: dict) -> dict:
    """Contour lines (``x``, ``y``, ``z`` in box units, NaN between lines) as
    :data:`LEVELS` across the box, without the breaks, and each line's ``length``."""
    x, y, z = (np.asarray(contours[key]) for key in ("x", "y", "z"))
    breaks = np.flatnonzero(np.isnan(x))
    keep = ~np.isnan(x)
    lengths = np.diff(np.concatenate([[-1], breaks, [len(x)]])) - 1
    return {
        "x": [_levels(x[keep], -1, 1)],
        "y": [_levels(y[keep], -1, 1)],
        "z": [_levels(z[keep], 0, BOX_HEIGHT)],
        "lengths": [lengths[lengths > 0].astype(np.int32)],
    }
