"""The plot in words: a live summary under the player, its data table, the keyboard help.

The summary (:func:`~optiviz.app.display.scene_text.describe`) is a polite status region:
a screen reader reads it when it changes, which is when a setting changes (a new result,
described at its last step, where the player opens it) or when the player stops on a frame
(a pause, a step, a seek: the only times the browser reports its frame). Playing never
changes it. The data table of every run, decimated, is built the first time it is opened.

Example:
    >>> from optiviz.optim import presets
    >>> from optiviz.optim.scene import simulate
    >>> from optiviz.app.display.scene_data import scene_data
    >>> scene = presets.get("saddle-stuck").scene
    >>> trajectories = simulate(scene)
    >>> view = TextView()
    >>> view.show(scene, trajectories, scene_data(scene, trajectories))
    >>> view.summary.object.splitlines()[0]
    "<p style='margin:2px 0'>Surface: Saddle (course example). 2 runs, step 300 of 300.</p>"
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import panel as pn

from optiviz.app.display.scene_data import SceneData
from optiviz.app.display.scene_text import COLUMNS, data_rows, describe, number
from optiviz.app.web.deferred import Deferred
from optiviz.app.web.flow import flow
from optiviz.optim import Trajectory
from optiviz.optim.scene import Scene

HELP_JS = "if (window._optiviz_access != null) { window._optiviz_access.help() }"
"""Opens the keyboard shortcuts' popover (``access.js``)."""
NOTE = {"font-size": "13px", "color": "#3e4c59"}


def table_html(scene: Scene, trajectories: Sequence[Trajectory]) -> str:
    """One captioned HTML table per run: :data:`~.scene_text.COLUMNS` at evenly spaced
    steps.

    Example:
        >>> from optiviz.optim import presets
        >>> from optiviz.optim.scene import simulate
        >>> scene = presets.get("valley-adagrad").scene
        >>> table_html(scene, simulate(scene)).count("<tr>")
        22
    """
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in COLUMNS)
    tables = []
    for i, (run, trajectory) in enumerate(zip(scene.runs, trajectories, strict=True)):
        rows = "".join(
            f"<tr><th scope='row'>{step}</th>"
            + "".join(f"<td>{number(v)}</td>" for v in values)
            + "</tr>"
            for step, *values in data_rows(trajectory)
        )
        tables.append(
            "<table class='ov-data' style='border-collapse:collapse;margin:4px 0 10px'>"
            f"<caption style='text-align:left;font-weight:600'>Run {i + 1}, "
            f"{html.escape(run.title())}</caption><tr>{head}</tr>{rows}</table>"
        )
    return "".join(tables)


TABLE_CSS = """
table.ov-data th, table.ov-data td { padding: 1px 8px; text-align: right;
  font-variant-numeric: tabular-nums; border-bottom: 1px solid #e4e7eb; }
"""


class TextView(pn.viewable.Viewer):
    """The summary, the "data table" toggle and the keyboard help button.

    Attributes:
        summary: The live summary (a polite status region, class ``ov-live``).
        table_toggle: Opens and closes the data table.
        table: The data table (:class:`~.deferred.Deferred`, built when first opened).
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple | None = None
        self._view_text = ""
        self._frame: int | None = None
        self.summary = pn.pane.HTML(
            "",
            css_classes=["ov-live", "ov-text-view"],
            sizing_mode="stretch_width",
            margin=(2, 10),
            styles=NOTE,
        )
        self.table_toggle = pn.widgets.Toggle(
            label="data table", width=110, css_classes=["ov-table-toggle"], margin=(2, 10)
        )
        self.help_button = pn.widgets.Button(
            label="keyboard shortcuts (?)",
            width=190,
            css_classes=["ov-help"],
            margin=(2, 10),
        )
        self.help_button.js_on_click(code=HELP_JS)
        self.table = Deferred(
            lambda: pn.pane.HTML("", css_classes=["ov-data-table"], stylesheets=[TABLE_CSS]),
            margin=(0, 10),
        )
        self.table_toggle.param.watch(self._toggled, "value")
        self._layout = pn.Column(
            self.summary,
            flow(self.table_toggle, self.help_button, margin=0),
            self.table,
            sizing_mode="stretch_width",
            margin=0,
            css_classes=["ov-text"],
        )

    def __panel__(self) -> pn.Column:
        return self._layout

    def show(
        self,
        scene: Scene,
        trajectories: Sequence[Trajectory],
        data: SceneData,
        frame: int | None = None,
    ) -> None:
        """Describes ``scene`` at player ``frame`` (None: its last); the table follows."""
        self._shown = (scene, trajectories, data)
        self.show_frame(frame)
        if self.table.view is not None:
            self.table.view.object = table_html(scene, trajectories)

    def show_frame(self, frame: int | None) -> None:
        """Describes the scene on show at player ``frame``."""
        self._frame = frame
        if self._shown is None:
            return
        text = describe(*self._shown, frame)
        lines = [text.heading, *text.runs, *([self._view_text] if self._view_text else [])]
        paragraphs = (f"<p style='margin:2px 0'>{html.escape(line)}</p>" for line in lines)
        self.summary.object = "\n".join(paragraphs)

    def describe_view(self, text: str) -> None:
        """Adds ``text`` (a view shown beside the plot: the 3-D view) after the runs, or
        takes it away ("")."""
        if text != self._view_text:
            self._view_text = text
            self.show_frame(self._frame)

    def _toggled(self, event) -> None:
        if event.new and self._shown is not None:
            self.table.built().object = table_html(*self._shown[:2])
        self.table.show(event.new)
