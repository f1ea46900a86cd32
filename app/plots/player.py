"""The player: play, pause, step, scrub, speed and loop, all in the browser.

The widgets are plain Bokeh models whose callbacks are ``CustomJS`` running ``player.js``
over data sent once, so the animation has no per-frame server traffic and plays the same
in an offline HTML file (:meth:`Player.install` on the file's document).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
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


@functools.cache
def player_js() -> str:
    """The player's JavaScript (``player.js``), read once."""
    return resources.files(__package__).joinpath("player.js").read_text(encoding="utf-8")


class Player:
    """The player's widgets and the callbacks that animate the scene's sources.

    Attributes:
        timeline: Source with ``step``, the step of each frame (``name="timeline"``).
        layout: The row of controls (``name="player"``).
        scrubber: The frame slider; its ``value`` reaches the server on pause, step and seek.
    """

    def __init__(
        self,
        timeline: dict,
        paths: Sequence[ColumnDataSource],
        trails: Sequence[ColumnDataSource],
        heads: Sequence[ColumnDataSource],
        spans: Sequence[Span],
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
        models = {
            "timeline": self.timeline,
            "paths": list(paths),
            "trails": list(trails),
            "heads": list(heads),
            "spans": list(spans),
            "scrubber": self.scrubber,
            "play": self.play,
            "label": self.label,
            "speed": self.speed,
            "loop": self.loop,
        }
        self._models = models
        self.play.js_on_click(self.callback("toggle()"))
        self.back.js_on_click(self.callback("step(-1)"))
        self.forward.js_on_click(self.callback("step(1)"))
        self.scrubber.js_on_change("value", self.callback("seek(cb_obj)"))
        self.timeline.js_on_change("tags", self.callback("install()"))
        refresh = self.callback("refresh()")
        self.timeline.js_on_change("data", refresh)
        for source in paths:
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
        """A CustomJS that runs ``player.js`` and calls ``optiviz_player(m).<call>``."""
        names = ", ".join(self._models)
        code = f"{player_js()}\nconst m = {{{names}}}\noptiviz_player(m).{call}\n"
        return CustomJS(args=self._models, code=code)

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
