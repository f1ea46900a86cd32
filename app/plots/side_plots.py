r"""The linked plots under the surface: loss, gradient norm, η_t, per-axis η_t/σ_t, distance
to a minimum.

They share one step axis and the player's step marker (a vertical span each, moved by
``player.js``). The gradient norm ‖g_t‖ beside the loss shows what the course stresses:
a loss that stops falling while the gradient stays large (bouncing between valley walls) is
not a critical point. The per-axis step η_t/σ_t is the course's summary update
θ ← θ − (η_t/σ_t)·m_t made visible: flat for plain and momentum methods, per axis for the
adaptive ones (solid w₁, dashed w₂). On surfaces without known minima (typed formulas) the
loss is shown above another reference (see :func:`loss_title`) and the distance plot says
why it is empty.
"""

from __future__ import annotations

from collections.abc import Sequence

from bokeh.core.properties import field
from bokeh.models import (
    AllLabels,
    BasicTicker,
    BasicTickFormatter,
    CustomJSTicker,
    DataRange1d,
    Grid,
    Label,
    LinearAxis,
    LogAxis,
    LogScale,
    LogTickFormatter,
    MultiLine,
    Node,
    Span,
)
from bokeh.plotting import figure

from optiviz.app.display.scene_data import SceneData
from optiviz.app.display.theme import INK, Style
from optiviz.app.plots import sources
from optiviz.app.plots.sharing import SharedModels
from optiviz.surfaces import Surface
from optiviz.surfaces.plane import PlaneSurface

PLOTS = (
    ("loss", "loss L(θₜ) − L*"),
    ("grad_norm", "gradient norm ‖gₜ‖"),
    ("lr", "learning rate ηₜ"),
    ("step_size", "per-axis step ηₜ/σₜ (— w₁, ╌ w₂)"),
    ("distance", "distance to nearest minimum"),
)
"""Source name and title of each side plot, in display order (the loss plot's title is
completed by :func:`loss_title`)."""
NO_MINIMUM = "no known minimum"
"""What the distance plot says when no plotted surface knows a minimum."""
OFF_PLANE = "distance off the plane ‖r‖"
"""The distance plot's title when runs train a network and are drawn on planes through its
weights (:mod:`optiviz.optim.projection`)."""


def distance_title(surfaces: Sequence[Surface]) -> str:
    """The distance plot's title: to the nearest minimum, off the plane, or both."""
    planes = [isinstance(surface, PlaneSurface) for surface in surfaces]
    if all(planes):
        return OFF_PLANE
    return f"{PLOTS[-1][1]}, or off the plane" if any(planes) else PLOTS[-1][1]


def loss_title(surfaces: Sequence[Surface]) -> str:
    """The loss plot's title, with what L* is on ``surfaces``: the loss at the best known
    minimum, or, on a surface that knows none, min(0, the lowest loss seen on its plot and
    runs) (see :func:`~.scene_data.reference_loss`)."""
    known = [bool(surface.minima) for surface in surfaces]
    if all(known):
        reference = "best known minimum"
    elif any(known):
        reference = "best known minimum, or min(0, lowest L seen)"
    else:
        reference = "min(0, lowest L seen)"
    return f"{PLOTS[0][1]}  (L* = {reference})"


DECADES_JS = """
const [low, high] = [Math.min(cb_data.start, cb_data.end), Math.max(cb_data.start, cb_data.end)]
const first = Math.ceil(Math.log10(low))
const last = Math.floor(Math.log10(high))
if (!(low > 0) || !isFinite(first) || !isFinite(last) || last < first) {
  return [Number(Math.sqrt(low * high).toPrecision(1))]
}
const stride = Math.max(1, Math.ceil((last - first + 1) / 4))
const ticks = []
for (let e = last; e >= first; e -= stride) {
  ticks.push(10 ** e)
}
return ticks
"""
"""Log-axis ticks at powers of ten, at most four (Bokeh's log ticker shows up to ten, which
crowd a small plot)."""


class SidePlots:
    """Five small log-scale plots over steps.

    Attributes:
        figures: One per entry of :data:`PLOTS`, named ``"<source>_plot"``.
        sources: Their multi-line sources, named as in :data:`PLOTS`.
        spans: The step markers, one per figure.
        note: :data:`NO_MINIMUM` on the distance plot, shown when it has nothing to draw.
    """

    def __init__(self, data: SceneData, style: Style, shared: SharedModels | None = None) -> None:
        shared = shared or SharedModels()
        steps = DataRange1d(range_padding=0.02, name="steps_range")
        self.sources = {key: shared.source(getattr(data, key), name=key) for key, _ in PLOTS}
        self.figures = []
        self.lines = []
        self.spans = []
        labels = AllLabels()
        x_ticker, y_ticker = BasicTicker(), CustomJSTicker(major_code=DECADES_JS)
        for key, title in PLOTS:
            fig = figure(
                name=f"{key}_plot",
                title=title,
                x_range=steps,
                x_axis_type=None,
                y_axis_type=None,
                height=190,
                sizing_mode="stretch_width",
                min_width=160,
                tools="xpan,xwheel_zoom,reset",
                toolbar_location=None,
                output_backend="canvas",
            )
            fig.y_scale = LogScale()
            axes = (
                LinearAxis(ticker=x_ticker, formatter=BasicTickFormatter(), axis_label="step t"),
                LogAxis(ticker=y_ticker, formatter=LogTickFormatter()),
            )
            for axis, place in zip(axes, ("below", "left"), strict=True):
                axis.major_label_policy = labels
                fig.add_layout(axis, place)
            for dimension, ticker in enumerate((x_ticker, y_ticker)):
                fig.add_layout(Grid(dimension=dimension, ticker=ticker, grid_line_alpha=0.35))
            fig.title.text_color = INK
            line = MultiLine(
                xs="xs",
                ys="ys",
                line_color=field("color"),
                line_dash=field("dash"),
                line_width=style.line,
            )
            self.lines.append(shared.draw(fig, line, self.sources[key]))
            span = Span(
                location=int(data.timeline["step"][-1]),
                dimension="height",
                line_color=INK,
                line_dash="dotted",
                line_width=1.5,
                name=f"{key}_span",
            )
            fig.add_layout(span)
            self.spans.append(span)
            self.figures.append(fig)
        centre = Node(target="frame", symbol="center")
        self.note = Label(
            x=centre,
            y=centre,
            text=NO_MINIMUM,
            text_align="center",
            text_baseline="middle",
            text_color="#52606d",
            name="distance_note",
        )
        self.figures[-1].add_layout(self.note)
        self._describe(data.surfaces)
        self.set_style(style)

    def show_runs(self, data: SceneData) -> None:
        """New curves."""
        for key, _ in PLOTS:
            sources.update(self.sources[key], getattr(data, key))
        self._describe(data.surfaces)

    def _describe(self, surfaces: Sequence[Surface]) -> None:
        """The loss plot's reference and the distance plot's note for ``surfaces``."""
        self.figures[0].title.text = loss_title(surfaces)
        self.figures[-1].title.text = distance_title(surfaces)
        shown = [s.minima or isinstance(s, PlaneSurface) for s in surfaces]
        self.note.visible = not any(shown)

    def set_style(self, style: Style) -> None:
        for fig, line in zip(self.figures, self.lines, strict=True):
            line.glyph.line_width = style.line
            fig.title.text_font_size = style.title_font
            for axis in (*fig.xaxis, *fig.yaxis):
                axis.major_label_text_font_size = style.font
                axis.axis_label_text_font_size = style.font
        self.note.text_font_size = style.title_font
