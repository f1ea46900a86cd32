"""The optimizer rows: one :class:`~.run_row.RunRow` per run of the state, added, copied
and removed here (a scene has one row at least and :data:`~.theme.MAX_RUNS` at most)."""

from __future__ import annotations

import panel as pn

from optiviz.app.display.theme import MAX_RUNS
from optiviz.app.web.run_row import RunRow
from optiviz.app.web.state import AppState, RunState

NEW_OPTIMIZERS = ("adam", "momentum", "rmsprop", "gd")
"""What "+ add optimizer" adds: the first of these the scene does not run yet."""


class RunRows(pn.viewable.Viewer):
    """The "Optimizers" list: the rows, and a button that adds one.

    Args:
        state: The app state whose ``runs`` the rows show.

    Attributes:
        views: The :class:`RunRow` of each run, in order.
        column: The column that holds them.
        add_button: "+ add optimizer".
    """

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.views: list[RunRow] = []
        self.column = pn.Column(sizing_mode="stretch_width", css_classes=["ov-rows"])
        self.add_button = pn.widgets.Button(
            label="+ add optimizer",
            color="primary",
            css_classes=["ov-add"],
            width=150,
            margin=(6, 10),
        )
        self.add_button.on_click(self.add)
        self._layout = pn.Column(
            pn.pane.HTML("<b>Optimizers</b>", margin=(10, 10, 0, 10)),
            self.column,
            self.add_button,
            sizing_mode="stretch_width",
            margin=0,
        )
        self._build()

    def __panel__(self) -> pn.Column:
        return self._layout

    def sync(self) -> None:
        """Rebuilds the rows when the state's runs are no longer the ones shown."""
        if [view.run for view in self.views] != list(self.state.runs):
            self._build()

    def _build(self) -> None:
        self.views = [
            RunRow(run, i, on_duplicate=self.duplicate, on_remove=self.remove)
            for i, run in enumerate(self.state.runs)
        ]
        self.column.objects = self.views
        full = len(self.state.runs) >= MAX_RUNS
        self.add_button.disabled = full
        self.add_button.label = "+ add optimizer" if not full else f"{MAX_RUNS} rows at most"
        for view in self.views:
            view.remove_button.disabled = len(self.views) == 1
            view.duplicate_button.disabled = full

    def add(self, event: object = None) -> None:
        """Adds a row of an optimizer the scene does not run yet, at the last row's η."""
        runs = self.state.runs
        if len(runs) < MAX_RUNS:
            used = {run.optimizer for run in runs}
            choice = next((name for name in NEW_OPTIMIZERS if name not in used), "adam")
            run = RunState(optimizer=choice)
            run.lr = runs[-1].lr if runs else run.lr
            self.state.runs = [*runs, run]

    def duplicate(self, row: RunRow) -> None:
        """Inserts a copy of ``row`` after it."""
        if len(self.state.runs) < MAX_RUNS:
            runs = list(self.state.runs)
            runs.insert(row.index + 1, row.run.copy())
            self.state.runs = runs

    def remove(self, row: RunRow) -> None:
        """Removes ``row`` (not the last one)."""
        if len(self.state.runs) > 1:
            self.state.runs = [run for i, run in enumerate(self.state.runs) if i != row.index]
