"""Accessible names for the controls Bokeh draws, and the keyboard shortcuts' help.

Bokeh renders every widget in a shadow root of its own and leaves some inner controls
unnamed (slider handles, spinner buttons, checkboxes, title-less selects). ``access.js``
names them in the browser from :data:`PLAYER_RULES` (and the app's own rules), and opens a
help popover listing :data:`SHORTCUTS` when "?" is pressed. It runs in the served app and in
the offline HTML export alike, and costs a document one model.

Example:
    >>> from bokeh.document import Document
    >>> document = Document()
    >>> install(document, [{"host": "ov-optimizer", "select": "select",
    ...                     "attributes": {"aria-label": "optimizer of row {row}"}}])
    >>> len(document.callbacks._js_event_callbacks["document_ready"])
    1
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from importlib import resources

from bokeh.document import Document
from bokeh.models import CustomJS

Rule = dict[str, object]

SHORTCUTS = (
    ("space", "play or pause"),
    ("→ / ←", "step forward / back one frame"),
    ("shift + → / ←", "ten frames"),
    ("Home / End", "first / last frame"),
    ("?", "show or hide this help"),
)
"""The player's keys, as the help popover lists them."""

PLAYER_RULES: tuple[Rule, ...] = (
    {
        "host": "ov-play",
        "select": "button",
        "attributes": {"aria-label": "play", "aria-keyshortcuts": "Space"},
    },
    {"host": "ov-playing", "select": "button", "attributes": {"aria-label": "pause"}},
    {
        "host": "ov-back",
        "select": "button",
        "attributes": {"aria-label": "step back", "aria-keyshortcuts": "ArrowLeft"},
    },
    {
        "host": "ov-forward",
        "select": "button",
        "attributes": {"aria-label": "step forward", "aria-keyshortcuts": "ArrowRight"},
    },
    {"host": "ov-scrubber", "select": "[role=slider]", "attributes": {"aria-label": "frame"}},
    {"host": "ov-speed", "select": "select", "attributes": {"aria-label": "speed"}},
    {"host": "ov-loop", "select": "button", "attributes": {"aria-label": "loop"}},
    {
        "host": "bk-Canvas",
        "select": ".bk-events",
        "attributes": {"role": "img", "aria-label": "plot of the scene", "tabindex": "-1"},
    },
)
"""Names of the player's controls (the play button's follows its state: class
``ov-playing``), and of the plots'
canvases, which Bokeh makes focusable for key events no tool here uses: they leave the tab
order, and a screen reader meets them as images."""


@functools.cache
def access_js() -> str:
    """``access.js``, read once."""
    return resources.files(__package__).joinpath("access.js").read_text(encoding="utf-8")


def install(document: Document, rules: Sequence[Rule] = ()) -> None:
    """Names the controls of ``document`` in the browser (the player's and ``rules``) once
    it is ready, and binds "?" to the shortcuts' help. Further calls on one document add
    their rules."""
    code = (
        f"{access_js()}\n"
        f"optiviz_access({json.dumps([*PLAYER_RULES, *rules])}, {json.dumps(SHORTCUTS)})\n"
    )
    document.js_on_event("document_ready", CustomJS(code=code))
