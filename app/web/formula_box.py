r"""The Custom surface's controls: a formula box checked as you type, and its plot bounds.

Every keystroke goes through the engine's parser (:func:`optiviz.surfaces.parser.parse`, a
whitelist over Python's ``ast``: cheap, and it never evaluates the text): a refused formula
shows its one-line reason under the box with the column pointed at, a valid one is rendered
as math at once. Only a valid formula reaches the engine, and only on a pause in the typing
(:data:`PAUSE_MS`) or on Enter, so typing never queues a compilation per keystroke.
"""

from __future__ import annotations

import html
import math

import panel as pn
import param

from optiviz.app.web.debounce import Debounced
from optiviz.app.web.state import COORDINATE_CAP, AppState
from optiviz.surfaces import FormulaError, parser
from optiviz.surfaces.expression import CONSTANTS, FUNCTIONS

PAUSE_MS = 500
"""A valid formula runs once the typing has paused this long (or at once on Enter)."""
CONTEXT = 28
"""Characters either side of the column an error points at that are echoed under the box."""
EXAMPLES = {
    "examples…": "",
    "narrow bowl": "x**2 + 10*y**2",
    "saddle": "x**2 - y**2",
    "monkey saddle": "x**3 - 3*x*y**2",
    "ripples in a bowl": "0.1*(x**2 + y**2) + sin(2*x)*cos(2*y)",
    "two minima": "(x**2 - 4)**2 / 8 + y**2",
    "Rosenbrock": "(1 - x)**2 + 100*(y - x**2)**2",
    "absolute value (a kink)": "abs(x) + 0.5*abs(y)",
}
"""Formulas the examples menu fills in."""
HELP = (
    "Variables x, y (or w1, w2, or w, b); numbers, "
    + ", ".join(CONSTANTS)
    + "; + − * / ** ; "
    + ", ".join(FUNCTIONS)
    + "."
)


def pointer_html(text: str, error: FormulaError) -> str:
    """The error as HTML: the text around ``error.column`` in monospace with a caret under
    that column, then the reason.

    Example:
        >>> print(pointer_html("x**2 + foo(y)", FormulaError("unknown function 'foo'", 8)))
        <pre ...>x**2 + foo(y)
               ^</pre><div>column 8: unknown function &#x27;foo&#x27;</div>
    """
    reason = f"<div>{html.escape(str(error))}</div>"
    if error.column is None:
        return reason
    at = min(error.column - 1, len(text))
    start = max(0, at - CONTEXT)
    end = min(len(text), at + CONTEXT)
    left = "…" if start else ""
    right = "…" if end < len(text) else ""
    shown = left + text[start:end] + right
    caret = " " * (len(left) + at - start) + "^"
    return (
        '<pre style="margin:0 0 2px 0;font-size:12px;white-space:pre;overflow:hidden">'
        f"{html.escape(shown)}\n{caret}</pre>{reason}"
    )


def bounds_problem(bounds: tuple) -> str:
    """What is wrong with the typed bounds (x0, x1, y0, y1), or ``""``."""
    if any(value is None or not math.isfinite(value) for value in bounds):
        return "enter four numbers for the bounds"
    x0, x1, y0, y1 = bounds
    if x0 >= x1:
        return "x from must be less than x to"
    if y0 >= y1:
        return "y from must be less than y to"
    if max(map(abs, bounds)) > COORDINATE_CAP:
        return f"bounds must be within ±{COORDINATE_CAP:g}"
    return ""


class FormulaBox(pn.viewable.Viewer):
    """The formula box, its messages and the bounds of a Custom surface.

    Args:
        state: The app state; a formula runs through :meth:`AppState.show_formula`.
    """

    def __init__(self, state: AppState, **params) -> None:
        super().__init__(**params)
        self.state = state
        self._later = Debounced(self._apply, PAUSE_MS)
        self._syncing = False
        self.input = pn.widgets.TextInput(
            label="formula L(x, y)",
            value=state.formula,
            placeholder="e.g. x**2 + 10*y**2",
            max_length=parser.MAX_LENGTH,
            sizing_mode="stretch_width",
            css_classes=["ov-formula-input"],
        )
        self.examples = pn.widgets.Select(
            options=EXAMPLES, value="", width=150, css_classes=["ov-formula-examples"]
        )
        self.math = pn.pane.LaTeX(
            "", css_classes=["ov-formula-math"], margin=(0, 10), styles={"font-size": "15px"}
        )
        self.error = pn.pane.HTML(
            "",
            css_classes=["ov-formula-error"],
            visible=False,
            margin=(0, 10),
            sizing_mode="stretch_width",
            styles={"color": "#b42318", "font-size": "13px"},
        )
        labels = ("x from", "x to", "y from", "y to")
        self.bounds = [
            pn.widgets.FloatInput(label=label, value=value, width=78, css_classes=[f"ov-bound-{i}"])
            for i, (label, value) in enumerate(zip(labels, state.bounds, strict=True))
        ]
        self.input.param.watch(self._typing, "value_input")
        self.input.param.watch(self._entered, "value")
        self.examples.param.watch(self._example, "value")
        for widget in self.bounds:
            widget.param.watch(self._entered, "value")
        state.param.watch(self._shown, ["formula", "bounds"])
        self._layout = pn.Column(
            pn.Row(self.input, pn.Column(pn.Spacer(height=18), self.examples, margin=0)),
            self.error,
            self.math,
            pn.Row(*self.bounds),
            pn.pane.HTML(
                html.escape(HELP),
                styles={"font-size": "12px", "color": "#52606d"},
                margin=(0, 10),
                sizing_mode="stretch_width",
            ),
            sizing_mode="stretch_width",
            css_classes=["ov-formula-box"],
            margin=0,
        )
        self._check(state.formula)

    def __panel__(self) -> pn.Column:
        return self._layout

    def _check(self, text: str) -> bool:
        """Parses ``text``: shows its math or its error; whether it is valid."""
        try:
            formula = parser.parse(text)
        except FormulaError as error:
            self._show_error(text, error)
            return False
        x, y = formula.labels
        self.math.object = f"$L({x}, {y}) = {formula.latex}$"
        self.error.visible = False
        return True

    def _show_error(self, text: str, error: FormulaError) -> None:
        self.error.object = pointer_html(text, error)
        self.error.visible = True

    def _typing(self, event: param.parameterized.Event) -> None:
        """Every keystroke: check, and run a valid formula once the typing pauses."""
        if self._syncing:
            return
        self._later.cancel()
        if self._check(event.new):
            self._later.request()

    def _entered(self, event: param.parameterized.Event | None = None) -> None:
        """Enter in the box, or a bound changed: run now."""
        if self._syncing:
            return
        if event is not None and event.obj is self.input and event.new != self.input.value_input:
            self._syncing = True
            try:
                self.input.value_input = event.new
            finally:
                self._syncing = False
        self._later.cancel()
        self._apply()

    def _example(self, event: param.parameterized.Event) -> None:
        if event.new:
            self.input.param.update(value=event.new, value_input=event.new)
            self.examples.value = ""

    def _apply(self) -> None:
        """Shows the formula in the box over the typed bounds, if the engine takes them."""
        text = self.input.value_input if self.input.value_input is not None else ""
        bounds = tuple(widget.value for widget in self.bounds)
        state = self.state
        if (text, bounds) == (state.formula, tuple(state.bounds)) and state.surface == "custom":
            return
        if not self._check(text):
            return
        problem = bounds_problem(bounds)
        if problem:
            self._show_error(text, FormulaError(problem))
            return
        try:
            state.show_formula(text, bounds)
        except ValueError as error:  # FormulaError too: finite nowhere on the bounds
            self._show_error(
                text, error if isinstance(error, FormulaError) else FormulaError(str(error))
            )

    def _shown(self, *events: param.parameterized.Event) -> None:
        """The state's formula changed (a link, a preset): show it in the box."""
        state = self.state
        self._syncing = True
        try:
            if self.input.value_input != state.formula:
                self.input.param.update(value=state.formula, value_input=state.formula)
            for widget, value in zip(self.bounds, state.bounds, strict=True):
                widget.value = value
        finally:
            self._syncing = False
        self._check(state.formula)
