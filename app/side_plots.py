r"""The linked plots under the surface: loss, η_t, per-axis η_t/σ_t, distance to a minimum.

They share one step axis and the player's step marker (a vertical span each, moved by
``player.js``). The per-axis step η_t/σ_t is the course's summary update
θ ← θ − (η_t/σ_t)·m_t made visible: flat for plain and momentum methods, per axis for the
adaptive ones (solid w₁, dashed w₂).
"""

from __future__ import annotations

from bokeh.models import ColumnDataSource, CustomJSTicker, DataRange1d, Span
from bokeh.plotting import figure

from . import sources
from .scene_data import SceneData
from .theme import INK, Style

PLOTS = (
    ("loss", "loss L(θₜ) − L*  (L* = best known minimum)"),
    ("lr", "learning rate ηₜ"),
    ("step_size", "per-axis step ηₜ/σₜ (— w₁, ╌ w₂)"),
    ("distance", "distance to nearest minimum"),
)
"""Source name and title of each side plot, in display order."""


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
    """Four small log-scale plots over steps.

    Attributes:
        figures: One per entry of :data:`PLOTS`, named ``"<source>_plot"``.
        sources: Their multi-line sources, named as in :data:`PLOTS`.
        spans: The step markers, one per figure.
    """

    def __init__(self, data: SceneData, style: Style) -> None:
        steps = DataRange1d(range_padding=0.02, name="steps_range")
        self.sources = {key: ColumnDataSource(getattr(data, key), name=key) for key, _ in PLOTS}
        self.figures = []
        self.lines = []
        self.spans = []
        for key, title in PLOTS:
            fig = figure(
                name=f"{key}_plot",
                title=title,
                x_range=steps,
                y_axis_type="log",
                height=190,
                sizing_mode="stretch_width",
                min_width=160,
                tools="xpan,xwheel_zoom,reset",
                toolbar_location=None,
                output_backend="canvas",
            )
            fig.xaxis.axis_label = "step t"
            fig.yaxis.ticker = CustomJSTicker(major_code=DECADES_JS)
            fig.title.text_color = INK
            fig.grid.grid_line_alpha = 0.35
            self.lines.append(
                fig.multi_line(
                    "xs",
                    "ys",
                    source=self.sources[key],
                    line_color="color",
                    line_dash="dash",
                    line_width=style.line,
                )
            )
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
        self.set_style(style)

    def show_runs(self, data: SceneData) -> None:
        """New curves."""
        for key, _ in PLOTS:
            sources.update(self.sources[key], getattr(data, key))

    def set_style(self, style: Style) -> None:
        for fig, line in zip(self.figures, self.lines, strict=True):
            line.glyph.line_width = style.line
            fig.title.text_font_size = style.title_font
            for axis in (*fig.xaxis, *fig.yaxis):
                axis.major_label_text_font_size = style.font
                axis.axis_label_text_font_size = style.font
