"""A part of the page that is built the first time it is shown.

A lecture hall opens the same page hundreds of times at once, and most of a page's optional
parts (the formula box of a Custom surface, the Maps view's settings, the inspector's
readout) are hidden in most sessions. Built eagerly, each would cost every session its
widgets and models; deferred, a hidden part costs one empty column until it is first shown.

Example:
    >>> import panel as pn
    >>> built = []
    >>> part = Deferred(lambda: built.append(1) or pn.pane.HTML("hello"))
    >>> part.view is None, built
    (True, [])
    >>> part.show()
    >>> part.view.object, built, part.visible
    ('hello', [1], True)
    >>> part.show(False)
    >>> part.visible, built
    (False, [1])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import panel as pn


class Deferred(pn.viewable.Viewer):
    """A column that builds its content with ``build()`` when it is first shown.

    Args:
        build: Makes the content (a Panel object or viewer).
        visible: Show (and so build) it at once.
        **layout: Options of the holding column (``margin``, ``sizing_mode``, …).
    """

    def __init__(self, build: Callable[[], Any], visible: bool = False, **layout: Any) -> None:
        super().__init__()
        self._build = build
        self.view: Any = None
        options = {"margin": 0, "sizing_mode": "stretch_width", **layout}
        self._holder = pn.Column(visible=False, **options)
        self.show(visible)

    def __panel__(self) -> pn.Column:
        return self._holder

    @property
    def visible(self) -> bool:
        return self._holder.visible

    def built(self) -> Any:
        """The content, built now if it has not been yet (it stays hidden)."""
        if self.view is None:
            self.view = self._build()
            self._holder.objects = [self.view]
        return self.view

    def show(self, visible: bool = True) -> None:
        """Shows the part (building it the first time) or hides it."""
        if visible:
            self.built()
        self._holder.visible = visible
