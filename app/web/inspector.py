r"""The Hessian inspector: what the second-order picture says about one point.

It shows :func:`optiviz.surfaces.hessian_at` for a clicked point (in "inspect" mode, or with
shift held) or for a run's point at the player's current frame: θ, L, the gradient g, the
Hessian H, its eigenvalues λ and the point's kind, and GD's largest stable rate 2/λ_max. On
the surface plot the eigenvectors are drawn as arrows, the escape direction (λ < 0) in
both senses and highlighted, since L(θ′ ± u) ≈ L(θ′) + ½λ‖u‖² falls either way.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import numpy as np
import panel as pn

from optiviz.app.display.tex import matrix, tex_number, vector
from optiviz.app.web.deferred import Deferred
from optiviz.app.web.flow import flow
from optiviz.app.web.url import coordinates
from optiviz.surfaces import CriticalPoint

MODE_HINT = "<b>Inspect mode:</b> click a point of the surface to inspect it."
HINT = (
    "Turn on <b>inspect</b> (or hold shift) and click the surface, type a point, or inspect a "
    "run where the player stands."
)


def inspection_math(info: CriticalPoint) -> list[str]:
    """The inspector's formulas for ``info``, one LaTeX line each."""
    x, y = info.point
    lines = [
        rf"\theta = ({tex_number(x)},\ {tex_number(y)}),\quad L = {tex_number(info.loss)}",
        rf"g = {vector(info.gradient)},\quad \|g\| = "
        rf"{tex_number(float(np.linalg.norm(info.gradient)))}",
        rf"H = {matrix(info.hessian)},\quad \lambda = {tex_number(info.eigenvalues[0])},\ "
        rf"{tex_number(info.eigenvalues[1])}",
    ]
    if info.max_stable_lr is not None:
        lines.append(
            rf"\text{{GD stable for }}\eta < 2/\lambda_{{max}} = "
            rf"{tex_number(info.max_stable_lr, 3)}"
        )
    return lines


def inspection_kind(info: CriticalPoint) -> str:
    """The point's kind as HTML, with the escape direction of a saddle."""
    text = f"<b>{html.escape(info.kind.capitalize())}</b>"
    if info.escape_direction is not None:
        u1, u2 = info.escape_direction
        text += (
            f": a way down along u = ({u1:.3g}, {u2:.3g}), "
            "<span style='color:#a84a00'>the highlighted arrows</span>"
        )
    return text


class Inspector(pn.viewable.Viewer):
    """The inspector's panel: mode toggle, "inspect frame" and the readout.

    The lab connects it: ``mode`` says whether a click on the surface inspects rather than
    moves the start; ``frame_button`` asks to inspect the run chosen in ``run_select`` at the
    player's frame; :meth:`show` displays a result.
    """

    def __init__(
        self,
        on_clear: Callable[[], None],
        on_point: Callable[[tuple[float, float]], None] = lambda point: None,
    ) -> None:
        super().__init__()
        self._on_point = on_point
        self.mode = pn.widgets.Toggle(
            label="inspect",
            color="default",
            width=100,
            css_classes=["ov-inspect-mode"],
        )
        self.frame_button = pn.widgets.Button(
            label="at the frame",
            color="default",
            width=120,
            css_classes=["ov-inspect-frame"],
            description="inspect the chosen run where the player stands",
        )
        self.run_select = pn.widgets.Select(options={}, width=130, css_classes=["ov-inspect-run"])
        self.point = pn.widgets.TextInput(
            label="point to inspect (w₁, w₂)",
            placeholder="e.g. 0.5, -1",
            width=200,
            css_classes=["ov-inspect-point"],
        )
        self.point.param.watch(self._point_typed, "value")  # on Enter or leaving the box
        self.readout = Deferred(lambda: Readout(on_clear))
        self.hint = pn.pane.HTML(
            HINT, styles={"font-size": "12px", "color": "#52606d"}, css_classes=["ov-inspect-hint"]
        )
        self.mode.param.watch(self._mode_changed, "value")
        self._layout = pn.Card(
            flow(self.mode, self.run_select, self.frame_button, self.point),
            self.hint,
            self.readout,
            title="Hessian inspector",
            sizing_mode="stretch_width",
            collapsed=False,
            header_background="#f5f7fa",
            css_classes=["ov-inspector"],
            margin=(6, 4),
        )

    def __panel__(self) -> pn.Card:
        return self._layout

    def set_runs(self, labels: list[str]) -> None:
        """The runs that "at the frame" can inspect."""
        options = {f"{i + 1}. {label}": i for i, label in enumerate(labels)}
        value = self.run_select.value if self.run_select.value in options.values() else 0
        self.run_select.param.update(options=options, value=value)

    def show(self, info: CriticalPoint | None) -> None:
        """Displays ``info``, or the hint when None."""
        if info is not None:
            self.readout.built().show(info)
        self.readout.show(info is not None)
        self.hint.visible = info is None or self.mode.value

    def _point_typed(self, event=None) -> None:
        """A point typed: inspects it, or says what is wrong (empty: nothing)."""
        if not self.point.value.strip():
            return
        try:
            point = coordinates(self.point.value)
        except ValueError as error:
            self.hint.param.update(
                object=f"<span style='color:#b42318'>{html.escape(str(error))}</span>",
                css_classes=["ov-inspect-hint", "ov-inspect-error"],
                visible=True,
            )
            return
        self.hint.css_classes = ["ov-inspect-hint"]
        self.hint.object = MODE_HINT if self.mode.value else HINT
        self._on_point(point)

    def _mode_changed(self, event) -> None:
        self.hint.object = MODE_HINT if event.new else HINT
        self.hint.visible = event.new or not self.readout.visible


class Readout(pn.viewable.Viewer):
    """The inspected point's numbers (θ, L, g, H, λ, the escape direction), its kind, and
    the button that clears it.

    Args:
        on_clear: Called when "clear" is pressed.
    """

    def __init__(self, on_clear: Callable[[], None]) -> None:
        super().__init__()
        self.math = [
            pn.pane.LaTeX("", margin=(2, 10), styles={"font-size": "14px"}) for _ in range(4)
        ]
        self.kind = pn.pane.HTML("", margin=(2, 10), styles={"font-size": "14px"})
        self.clear = pn.widgets.Button(label="clear", color="light", width=70)
        self.clear.on_click(lambda _: on_clear())
        self._layout = pn.Column(
            pn.Column(
                *self.math[:3],
                self.kind,
                self.math[3],
                css_classes=["ov-inspection"],
                sizing_mode="stretch_width",
            ),
            self.clear,
            sizing_mode="stretch_width",
            margin=0,
        )

    def __panel__(self) -> pn.Column:
        return self._layout

    def show(self, info: CriticalPoint) -> None:
        """Displays ``info``."""
        lines = inspection_math(info)
        for pane, line in zip(self.math, [*lines, ""][:4], strict=True):
            pane.object = f"${line}$" if line else ""
            pane.visible = bool(line)
        self.kind.object = inspection_kind(info)
