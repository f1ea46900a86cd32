"""The page ``optiviz check --out`` writes: what a student looks at to find their bug.

One self-contained HTML file (BokehJS inlined, plays offline): the table of the check, the
deviation |θ − θ_optiviz| after each step on every surface (log scale, the first wrong step
marked), and both runs on each surface with the app's own player and side plots
(:func:`~optiviz.app.plots.scene_figure.scene_figure`).
"""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
from bokeh.document import Document
from bokeh.models import Axis, Column, ColumnDataSource, Div, HoverTool
from bokeh.plotting import figure

from optiviz.app.display.axis_labels import unicode_math
from optiviz.app.display.scene_data import SceneData, scene_data
from optiviz.app.display.theme import INK, RUN_COLORS
from optiviz.app.export.html import offline_html
from optiviz.app.plots.scene_figure import SceneFigure
from optiviz.optim.scene import Run, Scene
from optiviz.testing.report import CheckReport, SurfaceCheck, cells, failures, heading

PASS_COLOR, FAIL_COLOR = "#009E73", "#D55E00"
OPTIVIZ_COLOR, YOURS_COLOR = RUN_COLORS[0], RUN_COLORS[1]
"""One colour for the engine's runs and one for the student's, on every plot."""
SURFACE_COLORS = RUN_COLORS[2:]
"""The deviation plot's lines, one per surface (not the runs' colours)."""


def write_check_report(report: CheckReport, path: Path) -> None:
    """Writes the page of ``report`` to ``path``."""
    scene, trajectories = _scene(report)
    plot = SceneFigure(_colored(scene_data(scene, trajectories), YOURS))
    document = Document()
    document.add_root(
        Column(
            Div(text=_summary(report), sizing_mode="stretch_width", disable_math=True),
            _deviation_figure(report),
            plot.layout,
            sizing_mode="stretch_width",
            name="page",
            styles={"padding": "12px 16px", "background": "#ffffff"},
        )
    )
    for axis in document.select({"type": Axis}):
        if isinstance(axis.axis_label, str) and axis.axis_label.startswith("$$"):
            axis.axis_label = unicode_math(axis.axis_label.strip("$"))
    plot.install(document)
    title = f"optiviz check: {report.student} against {report.against}"
    path.write_text(offline_html(document, title), encoding="utf-8")


def _scene(report: CheckReport) -> tuple[Scene, list]:
    """Both runs of every surface as one scene (one plot per surface)."""
    runs, trajectories = [], []
    for check in report.surfaces:
        start = tuple(float(x) for x in check.reference.positions[0])
        for label, trajectory in (
            (f"optiviz's {report.against}", check.reference),
            (f"{_short(report.student)} {YOURS}", check.trajectory),
        ):
            runs.append(
                Run(
                    optimizer=report.against,
                    convention=report.convention,
                    label=label,
                    surface=check.surface,
                    start=start,
                )
            )
            trajectories.append(trajectory)
    scene = Scene(
        surface=report.surfaces[0].surface, start=None, steps=report.steps, runs=tuple(runs)
    )
    return scene, trajectories


YOURS = "(yours)"
"""Ends the label of the student's runs."""


def _short(student: str) -> str:
    """``adam_step`` of ``path/student.py:adam_step``."""
    return student.rpartition(":")[2] or student


def _colored(data: SceneData, yours: str) -> SceneData:
    """``data`` with every run coloured by whose it is, not by its place in the scene."""

    def paint(columns):
        if isinstance(columns, list):
            return [paint(c) for c in columns]
        if not isinstance(columns, dict) or "color" not in columns or "label" not in columns:
            return columns
        colors = [YOURS_COLOR if yours in label else OPTIVIZ_COLOR for label in columns["label"]]
        return {**columns, "color": colors}

    return SceneData(*(paint(field) for field in data))


def _summary(report: CheckReport) -> str:
    """The check as HTML: what ran, the table, and what went wrong where."""
    head = "<br>".join(html.escape(line) for line in heading(report)[1:])
    rows = "".join(_row(check) for check in report.surfaces)
    details = "".join(
        f"<pre style='margin:6px 0;white-space:pre-wrap'>{html.escape(text)}</pre>"
        for text in failures(report)
    )
    verdict, color = ("PASS", PASS_COLOR) if report.passed else ("FAIL", FAIL_COLOR)
    right = "style='text-align:right;padding:2px 12px'"
    return (
        f"<div style='color:{INK};font:14px/1.5 system-ui,sans-serif'>"
        f"<h2 style='margin:0 0 4px'>{html.escape(report.student)} against optiviz's "
        f"{html.escape(report.against)}: <span style='color:{color}'>{verdict}</span></h2>"
        f"<p style='margin:0 0 8px'>{head}</p>"
        "<table style='border-collapse:collapse;margin:4px 0'>"
        "<tr><th style='text-align:left;padding:2px 12px 2px 0'>surface</th>"
        f"<th {right}>max |θ − θ<sub>optiviz</sub>|</th><th {right}>first wrong step</th>"
        "<th style='text-align:left;padding:2px 12px'>result</th></tr>"
        f"{rows}</table>{details}</div>"
    )


def _row(check: SurfaceCheck) -> str:
    largest, first, verdict = cells(check)
    color = PASS_COLOR if check.passed else FAIL_COLOR
    right = "style='text-align:right;padding:2px 12px'"
    return (
        f"<tr><td style='padding:2px 12px 2px 0'>{html.escape(check.surface)}</td>"
        f"<td {right}>{largest}</td><td {right}>{first}</td>"
        f"<td style='padding:2px 12px;color:{color};font-weight:600'>{verdict}</td></tr>"
    )


def _deviation_figure(report: CheckReport):
    """|θ − θ_optiviz| after each step t, one line per surface, the first wrong step
    marked; exact agreement (0) leaves a gap on the log axis."""
    fig = figure(
        name="deviation",
        title="deviation |θ − θ_optiviz| after each step (0 is not drawn)",
        y_axis_type="log",
        height=260,
        sizing_mode="stretch_width",
        tools="xpan,xwheel_zoom,box_zoom,reset",
        toolbar_location="above",
    )
    fig.xaxis.axis_label = "step t"
    fig.title.text_color = INK
    lines = []
    for k, check in enumerate(report.surfaces):
        color = SURFACE_COLORS[k % len(SURFACE_COLORS)]
        deviation = check.deviation
        shown = np.where(deviation > 0, deviation, np.nan)
        source = ColumnDataSource({"t": np.arange(len(deviation)), "d": shown})
        lines.append(
            fig.line("t", "d", source=source, color=color, line_width=2, legend_label=check.surface)
        )
        t = check.first_wrong
        if t is not None and t < len(deviation) and deviation[t] > 0:
            fig.scatter([t], [deviation[t]], size=10, color=color, line_color=INK,
                        legend_label=check.surface)  # fmt: skip
    fig.add_tools(HoverTool(renderers=lines, tooltips=[("step", "@t"), ("|Δθ|", "@d{0.000e}")]))
    fig.legend.click_policy = "hide"
    fig.add_layout(fig.legend[0], "right")
    return fig
