"""The player: play, pause, step, scrub, speed and loop, all in the browser.

The widgets are plain Bokeh models whose callbacks are ``CustomJS`` running ``player.js``
over data sent once, so the animation has no per-frame server traffic and plays the same
in an offline HTML file (:meth:`Player.install` on the file's document). The scripts travel
once per document, in :attr:`Player.library`; each callback is one line that calls them.

``player.js`` also gives the page ``window.optiviz`` (play, pause, seek, set, state) and
answers the same commands sent by ``postMessage``, so a slide deck can drive an embedded
page; in the served app a ``set`` reaches the server through :meth:`Player.on_set`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from importlib import resources

from bokeh.document import Document
from bokeh.models import (
    Button,
    ColumnDataSource,
    CustomJS,
    Div,
    InlineStyleSheet,
    Row,
    Select,
    Slider,
    Span,
    Toggle,
)

from optiviz.app.display.theme import NORMAL, Style
from optiviz.app.plots import sources

DATA_SOURCES = ("data_curves", "data_lines", "data_batches", "data_marks")
"""A data view's sources the player reads (every frame) and writes (the frame shown)."""
SPEEDS = (("0.25", "¼×"), ("0.5", "½×"), ("1", "1×"), ("2", "2×"), ("4", "4×"))

PLAYER_CSS = """
:host { align-items: center; gap: 4px 6px; flex-wrap: wrap; }
"""
CONTROL_CSS = """
.bk-btn, select, .bk-input {{ font-size: {font}; }}
:host(.ov-playing) .bk-btn {{ font-size: 0; }}
:host(.ov-playing) .bk-btn::after {{ content: "❚❚" / ""; font-size: {font}; }}
"""
"""A player control's style, with its type size to fill in."""


SCRIPTS = ("player.js", "variants.js")
"""The player's JavaScript: playing and the page's API, and precomputed variants."""


@functools.cache
def player_js() -> str:
    """The player's JavaScript (:data:`SCRIPTS`), read once."""
    files = resources.files(__package__)
    return "\n".join(files.joinpath(name).read_text(encoding="utf-8") for name in SCRIPTS)


def callback(library: CustomJS, models: dict, call: str) -> CustomJS:
    """A CustomJS that runs the ``library`` (once per page) and calls ``call`` with
    ``m``, the dict of ``models``, in scope."""
    names = ", ".join(models)
    code = (
        "if (window.optiviz_player == null) {\n  new Function(library.code)()\n}\n"
        f"const m = {{{names}}}\n{call}\n"
    )
    return CustomJS(args={**models, "library": library}, code=code)


class Player:
    """The player's widgets and the callbacks that animate the scene's sources.

    Attributes:
        timeline: Source with ``step``, the step of each frame (``name="timeline"``).
        layout: The row of controls (``name="player"``).
        scrubber: The frame slider; its ``value`` reaches the server on pause, step and seek.
        library: The player's scripts, sent once (``name="player_library"``).
        requests: Where ``optiviz.set(row, name, value)`` puts its request when no variants
            were precomputed (the served app): columns ``row``, ``name``, ``value``.
    """

    def __init__(
        self,
        timeline: dict,
        paths: Sequence[ColumnDataSource],
        trails: Sequence[ColumnDataSource],
        heads: Sequence[ColumnDataSource],
        spans: Sequence[Span],
        data: Sequence[dict[str, ColumnDataSource]] = (),
    ) -> None:
        frames = len(timeline["step"])
        self.timeline = ColumnDataSource(timeline, name="timeline")
        self.play = Button(label="▶", name="play", css_classes=["ov-play"], width=46)
        self.back = Button(label="◀❙", name="step_back", css_classes=["ov-back"], width=46)
        self.forward = Button(label="❙▶", name="step_forward", css_classes=["ov-forward"], width=46)
        self.scrubber = Slider(
            start=0,
            end=max(frames - 1, 1),
            value=frames - 1,
            step=1,
            title=None,
            show_value=False,
            name="scrubber",
            css_classes=["ov-scrubber"],
            sizing_mode="stretch_width",
            min_width=80,
        )
        self.label = Div(
            text=f"step {timeline['step'][-1]} / {timeline['step'][-1]}",
            name="frame_label",
            css_classes=["ov-frame"],
            width=130,
            styles={"font-variant-numeric": "tabular-nums"},
        )
        self.speed = Select(
            options=list(SPEEDS), value="1", name="speed", css_classes=["ov-speed"], width=64
        )
        self.loop = Toggle(
            label="⟲ loop", active=False, name="loop", css_classes=["ov-loop"], width=70
        )
        self.play.tags = ["play / pause (space)"]
        self.library = CustomJS(code=player_js(), name="player_library")
        self.requests = ColumnDataSource(
            {"row": [], "name": [], "value": []}, name="player_requests"
        )
        models = {
            "timeline": self.timeline,
            "paths": list(paths),
            "trails": list(trails),
            "heads": list(heads),
            "spans": list(spans),
            **{name: [view[name] for view in data] for name in DATA_SOURCES},
            "scrubber": self.scrubber,
            "play": self.play,
            "label": self.label,
            "speed": self.speed,
            "loop": self.loop,
            "requests": self.requests,
        }
        self.models = models
        self.play.js_on_click(self.callback("toggle()"))
        self.back.js_on_click(self.callback("step(-1)"))
        self.forward.js_on_click(self.callback("step(1)"))
        self.scrubber.js_on_change("value", self.callback("scrub(cb_obj)"))
        self.timeline.js_on_change("tags", self.callback("install()"))
        refresh = self.callback("refresh()")
        self.timeline.js_on_change("data", refresh)
        for source in [*paths, *(view["data_curves"] for view in data)]:
            source.js_on_change("data", refresh)
            source.js_on_change("patching", refresh)
        self.layout = Row(
            self.back,
            self.play,
            self.forward,
            self.scrubber,
            self.label,
            self.speed,
            self.loop,
            name="player",
            sizing_mode="stretch_width",
            stylesheets=[InlineStyleSheet(css=PLAYER_CSS)],
        )

    def callback(self, call: str) -> CustomJS:
        """A CustomJS that calls ``optiviz_player(m).<call>``."""
        return callback(self.library, self.models, f"optiviz_player(m).{call}")

    def on_set(self, handler: Callable[[int, str, float], None]) -> None:
        """Calls ``handler(row, name, value)`` when the page asks for another value
        (``optiviz.set`` or a ``set`` message) in a served document."""

        def requested(attr, old, new) -> None:
            for row, name, value in zip(new["row"], new["name"], new["value"], strict=True):
                handler(int(row), str(name), float(value))

        self.requests.on_change("data", requested)

    def install(self, document: Document) -> None:
        """Draws the first frame and binds the keyboard (space, arrows) when ``document``
        is ready in the browser; call once per document (app session or exported file)."""
        document.js_on_event("document_ready", self.callback("install()"))

    def set_style(self, style: Style) -> None:
        """Type size of the controls (normal or presentation)."""
        css = CONTROL_CSS.format(font=style.control_font)
        for control in (self.back, self.play, self.forward, self.speed, self.loop):
            control.stylesheets = [InlineStyleSheet(css=css)]
        self.label.styles = {**self.label.styles, "font-size": style.control_font}
        normal = style.control_font == NORMAL.control_font
        for button in (self.back, self.play, self.forward):
            button.width = 46 if normal else 64
        self.loop.width, self.speed.width = (70, 64) if normal else (100, 84)
        self.label.width = 130 if normal else 210

    def activate(self) -> None:
        """Binds the keyboard to this player in a page that is already showing (a figure
        that replaced another): the browser runs ``install()`` when the tags change."""
        self.timeline.tags = [*self.timeline.tags, "active"]

    def set_timeline(self, timeline: dict) -> None:
        """New frames (the browser redraws at once)."""
        sources.update(self.timeline, timeline)
