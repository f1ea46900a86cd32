"""The app's accessible names: what each control is called where its label is not enough.

A row's controls carry its number ("optimizer of row 2"), a slider says its scale, and the
live text view is a polite status region. :func:`~optiviz.app.plots.access.install` applies
these in the browser (Bokeh draws the controls in shadow roots that Panel cannot reach).
"""

from __future__ import annotations

from optiviz.app.plots.access import Rule
from optiviz.app.web.run_row import INPUTS, SLIDERS


def _named(host: str, select: str, name: str) -> Rule:
    return {"host": host, "select": select, "attributes": {"aria-label": name}}


APP_RULES: tuple[Rule, ...] = (
    _named("ov-preset", "select", "lecture preset"),
    _named("ov-export-format", "select", "export format"),
    _named("ov-surface", "select", "surface"),
    _named("ov-optimizer", "select", "optimizer of row {row}"),
    _named("ov-lr-slider", "[role=slider]", "learning rate η of row {row}, log scale"),
    _named("ov-lr-input", "input", "learning rate η of row {row}"),
    _named("ov-dup", "button", "copy row {row}"),
    _named("ov-remove", "button", "remove row {row}"),
    _named("ov-inspect-run", "select", "run to inspect at the frame"),
    _named("ov-map-row", "select", "optimizer row of the maps"),
    *(
        _named(f"ov-{key}", "[role=slider], input", f"{s[0]} of row {{row}}")
        for key, s in SLIDERS.items()
    ),
    *(_named(f"ov-{key}", "input", f"{label} of row {{row}}") for key, label in INPUTS.items()),
    _named("ov-x", "input", "start w₁"),
    _named("ov-y", "input", "start w₂"),
    *(
        {"host": host, "select": "input", "error": "ov-formula-error"}
        for host in ("ov-formula-input", "ov-bound-0", "ov-bound-1", "ov-bound-2", "ov-bound-3")
    ),
    *(
        {"host": host, "select": select, "error": "ov-diverged", "scope": "ov-row"}
        for host, select in (("ov-lr-input", "input"), ("ov-lr-slider", "[role=slider]"))
    ),
    {"host": "ov-inspect-point", "select": "input", "error": "ov-inspect-error"},
    {
        "host": "bk-Canvas",
        "select": ".bk-events",
        "attributes": {"aria-label": "plot of the scene, described in words under the plots"},
    },
    {
        "host": "ov-live",
        "select": ":host",
        "attributes": {"role": "status", "aria-live": "polite"},
    },
)
"""Names by the CSS class of the widget ("{row}": the optimizer row, from 1), and the
messages tied to fields: a formula's error, a row's divergence, a point that cannot be
inspected."""
