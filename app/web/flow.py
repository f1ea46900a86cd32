"""Rows that wrap onto more lines when the screen is narrow, as plain Bokeh rows.

Panel's ``FlexBox`` does this as a ReactiveHTML component: for every session, Panel renders
its HTML template with Jinja (compiling it anew) and makes a parameter model beside it. A
Bokeh ``Row`` is a CSS flex container already, and one more style lets it wrap: the header,
the scene controls, the inspector's and the text view's buttons and the maps bar are such
rows, about 6 % less CPU for a session's build and send than as five FlexBoxes. The lab's
body and a run row's header stay FlexBoxes: as Bokeh rows their stretching children do not
shrink below their content, and a 320-px screen would scroll sideways.

Example:
    >>> import panel as pn
    >>> row = flow(pn.widgets.Button(name="a"), pn.widgets.Button(name="b"))
    >>> row.styles["flex-wrap"], len(row)
    ('wrap', 2)
"""

from __future__ import annotations

from typing import Any

import panel as pn


def flow(
    *objects: Any,
    align_items: str = "flex-start",
    justify_content: str = "flex-start",
    styles: dict[str, str] | None = None,
    **params: Any,
) -> pn.Row:
    """``objects`` in a row that wraps, its lines and items at the start, as in a ``FlexBox``.

    Args:
        objects: The row's components.
        align_items: The items' CSS ``align-items`` within a line.
        justify_content: The items' CSS ``justify-content`` along a line.
        styles: More CSS of the row (``gap``, ``padding``, …).
        params: Further ``pn.Row`` parameters (``sizing_mode``, ``margin``, …).
    """
    wrapping = {
        "flex-wrap": "wrap",
        "align-content": "flex-start",
        "align-items": align_items,
        "justify-content": justify_content,
    }
    return pn.Row(*objects, styles={**wrapping, **(styles or {})}, **params)
