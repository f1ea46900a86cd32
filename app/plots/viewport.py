"""A scene that fits the window: the surface plot takes what its neighbours leave.

On a projector (1280 × 720, 1920 × 1080, 1024 × 768) the surface plot, its player and the
text around them must show together, with no scrolling. :func:`fill_viewport` makes the
figure's layout a column as tall as the window, in which the surface plot(s) stretch to
the height that the other parts (a title, the player, sliders, the caption) leave, never
below :data:`MIN_PLOT_HEIGHT`; the side plots move out of it, to follow below.
"""

from __future__ import annotations

from collections.abc import Sequence

from bokeh.models import InlineStyleSheet, LayoutDOM

from optiviz.app.plots.scene_figure import SceneFigure

MIN_PLOT_HEIGHT = 240
"""The surface plot is never shorter than this (a window lower than the text around it
scrolls rather than squash the plot)."""

FILL_CSS = """
:host {{ height: {height}; min-height: 0; overflow: hidden; }}
"""
FLEX_CSS = """
:host { flex: 1 1 0 !important; height: auto; min-height: 0; overflow: hidden; }
"""


def fill_viewport(
    figure: SceneFigure,
    above: Sequence[LayoutDOM] = (),
    below: Sequence[LayoutDOM] = (),
    height: str | None = "100vh",
) -> LayoutDOM:
    """Makes ``figure.layout`` a column of ``height`` (a CSS length, the window's by
    default): ``above``, the surface plot(s) stretched to fill, the player, ``below``.
    With ``height`` None the column takes the height its parent column leaves (a flex
    column of a fixed height, e.g. a Panel column of ``100vh`` under a header and caption).

    Returns:
        The side plots, taken out of the figure's layout, to place elsewhere (below it).
    """
    layout = figure.layout
    top, player, side = layout.children[0], figure.player.layout, layout.children[-1]
    layout.children = [*above, top, player, *below]
    layout.sizing_mode = "stretch_width"
    css = FLEX_CSS if height is None else FILL_CSS.format(height=height)
    layout.stylesheets = [*layout.stylesheets, InlineStyleSheet(css=css)]
    for model in (top, *(plot.figure for plot in figure.surfaces)):
        model.sizing_mode = "stretch_both"
    for plot in figure.surfaces:
        plot.figure.min_height = MIN_PLOT_HEIGHT
    return side
