"""One instance of the stateless helper models a figure's sources and renderers each get.

Bokeh gives every data source its own ``Selection`` and ``UnionRenderers`` policy, and
every renderer a ``CDSView`` whose filter is its own ``AllIndices``. A scene figure has some
twenty sources, so about sixty of its models say "nothing selected, show every row". Nothing
in optiviz selects (there is no select tool; hovering inspects, which BokehJS keeps apart),
so one instance of each serves the whole figure: fewer models to build, send and render
per session, and no change on screen. A ``CDSView`` itself holds the indices of its own
source and stays one per renderer.

A source's ``Selection`` is read-only once made, so sources take it when they are made
(:meth:`SharedModels.source`); renderers made by :meth:`SharedModels.draw` take the filter
(and no copies of their glyph).

Example:
    >>> from bokeh.models import Line
    >>> from bokeh.plotting import figure
    >>> shared = SharedModels()
    >>> fig = figure()
    >>> lines = [
    ...     shared.draw(fig, Line(x="x", y="y"), shared.source({"x": [0], "y": [k]}))
    ...     for k in range(3)
    ... ]
    >>> len({id(r.data_source.selected) for r in lines}), len({id(r.view.filter) for r in lines})
    (1, 1)
"""

from __future__ import annotations

from typing import Any

from bokeh.models import (
    AllIndices,
    CDSView,
    ColumnDataSource,
    Glyph,
    GlyphRenderer,
    Plot,
    Selection,
    UnionRenderers,
)

from optiviz.app.plots.sources import owned


class SharedModels:
    """The shared ``Selection``, ``UnionRenderers`` and ``AllIndices`` of one document."""

    def __init__(self) -> None:
        self.selected = Selection()
        self.policy = UnionRenderers()
        self.everything = AllIndices()

    def source(self, data: dict, name: str | None = None) -> ColumnDataSource:
        """A data source of ``data`` (lists of its own, see :func:`.sources.owned`) with the
        shared selection and policy."""
        return ColumnDataSource(
            owned(data), name=name, selected=self.selected, selection_policy=self.policy
        )

    def draw(self, fig: Plot, glyph: Glyph, source: ColumnDataSource, **options: Any):
        """Adds one renderer of ``glyph`` over ``source`` to ``fig``: the glyph alone, where
        ``figure.line`` and the like also make a copy for unselected, hovered and muted
        points (nothing here selects, hovers a line or mutes), and the shared filter.

        Returns:
            The ``GlyphRenderer``.
        """
        renderer = GlyphRenderer(
            data_source=source, glyph=glyph, view=CDSView(filter=self.everything), **options
        )
        fig.renderers.append(renderer)
        return renderer
