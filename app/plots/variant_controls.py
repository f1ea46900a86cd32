"""A page's sliders: each run over its precomputed grid, switched in the browser.

Every run of the scene gets a row: its colour and optimizer, one slider per varied
hyperparameter (η on a log scale), and a note that says when the chosen grid point diverged.
The grid points travel in two sources, ``variants`` (one row per grid point, compact) and
``variant_runs`` (one row per run); ``variants.js`` decodes a grid point when a slider
reaches it and swaps the run's rows of every source, so the plot, the player and the side
plots follow within one animation frame.
"""

from __future__ import annotations

import html

from bokeh.document import Document
from bokeh.models import (
    ColumnDataSource,
    CustomJSTickFormatter,
    Div,
    InlineStyleSheet,
    Row,
    Slider,
)

from optiviz.app.display.axis_labels import PARAMETER_LABELS
from optiviz.app.display.theme import RUN_COLORS, Style
from optiviz.app.display.variants import Variants, curve_sources, run_columns, store_columns
from optiviz.app.plots.player import callback
from optiviz.app.plots.scene_figure import SceneFigure

VALUE_FORMAT = """
const value = values[Math.round(tick)]
return Math.abs(value) >= 1e4 || (value !== 0 && Math.abs(value) < 1e-3)
  ? value.toExponential(1).replace("e", "·10^").replace("+", "")
  : String(Number(value.toPrecision(3)))
"""
"""Shows a slider's position as its value: ``0.03``, ``0.999``, ``1·10^-8``."""

ROWS_CSS = """
:host { flex-wrap: wrap; gap: 2px 18px; align-items: center; }
"""
ROW_CSS = """
:host { align-items: center; gap: 2px 10px; flex-wrap: nowrap; }
"""


class VariantControls:
    """The sliders of a page and the grid points they pick from.

    Attributes:
        store: One row per grid point (``name="variants"``).
        runs: One row per run of the scene (``name="variant_runs"``).
        sliders: Per run, one slider per axis (``name="slider_<row>_<name>"``), whose value
            is the index of the grid value shown.
        notes: Per run, the divergence note (``name="note_<row>"``).
        layout: The rows of sliders (``name="variant_rows"``).
    """

    def __init__(self, laid: Variants, figure: SceneFigure, style: Style) -> None:
        self.store = ColumnDataSource(store_columns(laid), name="variants")
        self.runs = ColumnDataSource(run_columns(laid, RUN_COLORS), name="variant_runs")
        player = figure.player
        models = {
            **player.models,
            "store": self.store,
            "runs": self.runs,
            "curves": {name: figure.side.sources[name] for name in curve_sources(laid.data)},
            # Markers for any grid point that diverges (the app makes them on first use).
            "divergence": [plot._divergence_source() for plot in figure.surfaces],
        }
        self.sliders: list[list[Slider]] = []
        self.notes: list[Div] = []
        rows = []
        for row, grid in enumerate(laid.grids):
            color = RUN_COLORS[row % len(RUN_COLORS)]
            sliders = [
                Slider(
                    start=0,
                    end=len(axis.values) - 1,
                    step=1,
                    value=axis.own,
                    title=PARAMETER_LABELS[axis.name].split(" (")[0],
                    format=CustomJSTickFormatter(
                        args={"values": axis.values.tolist()}, code=VALUE_FORMAT
                    ),
                    name=f"slider_{row}_{axis.name}",
                    css_classes=["ov-variant-slider", f"ov-vary-{axis.name}"],
                    width=220,
                    margin=(0, 4, 4, 4),
                )
                for axis in grid.axes
            ]
            note = Div(
                text="",
                name=f"note_{row}",
                css_classes=["ov-variant-note"],
                styles={"color": "#b42318", "font-size": style.legend_font},
            )
            label = Div(
                text=f"<span style='color:{color};font-size:1.4em'>●</span> "
                f"{html.escape(grid.run.label or grid.run.optimizer)}",
                styles={"font-size": style.legend_font, "white-space": "nowrap"},
            )
            self.sliders.append(sliders)
            self.notes.append(note)
            rows.append(Row(label, *sliders, note, stylesheets=[InlineStyleSheet(css=ROW_CSS)]))
        models = {**models, "sliders": self.sliders, "notes": self.notes}
        self.library = player.library
        self._models = models
        for row, sliders in enumerate(self.sliders):
            for axis, slider in enumerate(sliders):
                slider.js_on_change(
                    "value",
                    callback(
                        player.library,
                        models,
                        f"optiviz_variants(m).choose({row}, {axis}, cb_obj.value)",
                    ),
                )
        self.layout = Row(
            *rows,
            name="variant_rows",
            sizing_mode="stretch_width",
            stylesheets=[InlineStyleSheet(css=ROWS_CSS)],
        )

    def install(self, document: Document) -> None:
        """Shows each run's own grid point when ``document`` is ready in the browser (the
        figure's runs are drawn from the grid, not sent a second time). The callback is
        named ``variants_apply`` and kept in the store's tags, so that a page can find it
        and run it before the first drawing."""
        apply = callback(self.library, self._models, "optiviz_variants(m).apply()")
        apply.name = "variants_apply"
        self.store.tags = [apply]
        document.js_on_event("document_ready", apply)
