"""A served document lets go of the empty containers Bokeh made for unset properties once
the whole document has been serialized (sent to the browser).

Bokeh gives every model its own empty list, dict or set for each container property left
unset (``tags``, ``js_property_callbacks``, ``js_event_callbacks``, ``subscribed_events``,
``css_variables``, ``html_attributes``, …), each wrapped to notify its model when mutated:
about 2,400 of them in a session of the lab, 1.4 MiB of its 3.6 MiB. Bokeh makes them when a
model is created and when the document is serialized, which reads every property; after
that a live session reads few of them again. Dropped, an unset container is made again,
empty as before, the next time it is read (Bokeh's own path for an unset property), so
reading, mutating and serializing the model behave as before.

Only empty containers go: a non-empty default (a list of new models, say) could not be
made again the same.

Example:
    >>> from bokeh.document import Document
    >>> from bokeh.models import Div
    >>> doc = Document()
    >>> doc.add_root(Div(text="hi"))
    >>> before = doc.to_json(deferred=False)["roots"]
    >>> install()
    >>> doc.to_json(deferred=False)["roots"] == before, doc.roots[0]._unstable_default_values
    (True, {})
    >>> doc.roots[0].tags
    []
    >>> uninstall()
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from bokeh.core.has_props import HasProps
from bokeh.core.property.wrappers import PropertyValueContainer
from bokeh.document import Document

_BOKEH_TO_JSON = Document.to_json


def drop_empty_defaults(models: Iterable[HasProps]) -> int:
    """Drops each model's unset, empty container values; returns how many went."""
    dropped = 0
    for model in models:
        unset = model._unstable_default_values
        empty = [
            name
            for name, value in unset.items()
            if isinstance(value, PropertyValueContainer) and len(value) == 0
        ]
        for name in empty:
            del unset[name]
        dropped += len(empty)
    return dropped


@functools.wraps(_BOKEH_TO_JSON)
def _to_json(self: Document, *args: Any, **kwargs: Any) -> Any:
    serialized = _BOKEH_TO_JSON(self, *args, **kwargs)
    drop_empty_defaults(self.models)
    return serialized


def install() -> None:
    """From now on, in this process, a document serialized whole drops its empty defaults."""
    Document.to_json = _to_json


def uninstall() -> None:
    """Bokeh's own ``Document.to_json`` again (for tests that compare the two)."""
    Document.to_json = _BOKEH_TO_JSON
