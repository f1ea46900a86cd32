"""Flat vs sharp: the shifted test surface over the training one, and both losses at the end.

Shown only for scenes on a surface with a test loss (``flat_sharp``): a toggle overlays the
test surface's contours (drawn by the surface plot), and a table gives each run's training
and test loss at its final point, the course's train/test mismatch in numbers.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import panel as pn

from optiviz.app.display.theme import RUN_COLORS
from optiviz.app.web.state import AppState
from optiviz.optim import Trajectory
from optiviz.optim.scene import Scene


def end_losses(scene: Scene, trajectories: Sequence[Trajectory]) -> list[tuple[int, float, float]]:
    """(run index, train L, test L) at each final point, for runs on a surface with a test
    loss (the engine's :attr:`~optiviz.surfaces.Surface.test_surface`)."""
    rows = []
    for i, (run, trajectory) in enumerate(zip(scene.runs, trajectories, strict=True)):
        surface = scene.surface_of(run)
        if surface.test_surface is not None:
            end = trajectory.positions[-1]
            rows.append((i, float(surface.loss(end)), float(surface.test_surface.loss(end))))
    return rows


class TrainTestOverlay(pn.viewable.Viewer):
    """The overlay toggle (bound to ``state.show_test``) and the end-loss table."""

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.toggle = pn.widgets.Checkbox.from_param(
            state.param.show_test,
            label="overlay the test surface (dashed contours)",
            css_classes=["ov-test-toggle"],
        )
        self.table = pn.pane.HTML("", css_classes=["ov-test-table"], margin=(0, 10))
        self._layout = pn.Column(
            self.toggle, self.table, visible=False, sizing_mode="stretch_width"
        )

    def __panel__(self) -> pn.Column:
        return self._layout

    def show(self, scene: Scene, trajectories: Sequence[Trajectory]) -> None:
        """The table for this scene; hidden when no run has a test surface."""
        rows = [
            f"<tr><td><span style='color:{RUN_COLORS[i % len(RUN_COLORS)]}'>●</span> "
            f"{html.escape(scene.runs[i].title())}</td><td>{train:.3f}</td><td>{test:.3f}</td></tr>"
            for i, train, test in end_losses(scene, trajectories)
        ]
        self._layout.visible = bool(rows)
        self.table.object = (
            "<table style='font-size:13px;border-collapse:collapse' cellpadding=3>"
            "<tr><th align=left>at the end</th><th>train L</th><th>test L</th></tr>"
            + "".join(rows)
            + "</table>"
            if rows
            else ""
        )
