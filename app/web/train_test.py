"""Flat vs sharp: the shifted test surface over the training one, and both losses at the end.

Shown only for scenes on a surface with a test loss (``flat_sharp``): a toggle overlays the
test surface's contours (drawn by the surface plot), and a table gives each run's training
and test loss at its final point, the course's train/test mismatch in numbers. Both are built
when such a scene first shows them (:class:`~.deferred.Deferred`): most sessions never do.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import panel as pn

from optiviz.app.display.theme import RUN_COLORS
from optiviz.app.web.deferred import Deferred
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
    """The overlay toggle (bound to ``state.show_test``) and the end-loss table.

    Attributes:
        toggle, table: The checkbox and the table (None until first shown).
    """

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.toggle: pn.widgets.Checkbox | None = None
        self.table: pn.pane.HTML | None = None
        self._part = Deferred(self._build)

    def __panel__(self) -> Deferred:
        return self._part

    def _build(self) -> pn.Column:
        self.toggle = pn.widgets.Checkbox.from_param(
            self.state.param.show_test,
            label="overlay the test surface (dashed contours)",
            css_classes=["ov-test-toggle"],
        )
        self.table = pn.pane.HTML("", css_classes=["ov-test-table"], margin=(0, 10))
        return pn.Column(self.toggle, self.table, sizing_mode="stretch_width", margin=0)

    def show(self, scene: Scene, trajectories: Sequence[Trajectory]) -> None:
        """The table for this scene; hidden when no run has a test surface."""
        rows = [
            f"<tr><td><span style='color:{RUN_COLORS[i % len(RUN_COLORS)]}'>●</span> "
            f"{html.escape(scene.runs[i].title())}</td><td>{train:.3f}</td><td>{test:.3f}</td></tr>"
            for i, train, test in end_losses(scene, trajectories)
        ]
        if not rows and self.table is None:
            return
        self._part.show(bool(rows))
        self.table.object = (
            "<table style='font-size:13px;border-collapse:collapse' cellpadding=3>"
            "<tr><th align=left>at the end</th><th>train L</th><th>test L</th></tr>"
            + "".join(rows)
            + "</table>"
            if rows
            else ""
        )
