r"""One optimizer row: its optimizer, η, hyperparameters, update equations and more.

A row shows only what its optimizer takes (momentum λ, Nesterov, RMSProp α, Adam β₁ and
β₂, ε, weight decay), η on a log slider that can also be typed, the update equations, and
behind "more" the schedule with its parameters, the convention, noise, batch size, seed and
clipping. Every widget writes to the row's :class:`~.state.RunState`; the lab recomputes
on change.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import ClassVar

import panel as pn
import param
from bokeh.models import CustomJSTickFormatter

from optiviz import optim, surfaces
from optiviz.app.display.theme import RUN_COLORS
from optiviz.app.web.state import RunState

LR_EXPONENTS = (-8.0, 1.0)
"""The η slider spans 10⁻⁸ … 10¹ (typed values may go beyond)."""
LR_FORMAT = "return Number(Math.pow(10, tick).toPrecision(2)).toString()"
"""Shows the log slider's value as η."""
SLIDERS = {
    "momentum": ("momentum λ", 0.0, 0.99, 0.01),
    "alpha": ("RMSProp α", 0.0, 0.999, 0.001),
    "beta1": ("β₁", 0.0, 0.999, 0.001),
    "beta2": ("β₂", 0.9, 0.9999, 0.0001),
}
INPUTS = {"eps": "ε", "weight_decay": "weight decay λ_wd"}
SCHEDULE_INPUTS = {
    "N": ("every N steps", pn.widgets.IntInput),
    "gamma": ("decay γ", pn.widgets.FloatInput),
    "T": ("period T (empty: all steps)", pn.widgets.IntInput),
    "floor": ("floor f", pn.widgets.FloatInput),
    "warmup": ("warmup steps", pn.widgets.IntInput),
}
NESTEROV = {"momentum": "nesterov", "nesterov": "momentum"}
OPTIMIZERS = {optim.get(name).title: name for name in optim.names() if name != "nesterov"}


class ReleaseSlider(pn.widgets.FloatSlider):
    """A slider whose release reaches the server at once: Panel waits 50 ms to batch widget
    changes, but a release is one event and the user is waiting for its picture."""

    _priority_changes: ClassVar[list[str]] = ["value_throttled"]


def lr_exponent(lr: float) -> float:
    """Where η sits on the log slider (clamped to its range)."""
    return min(max(math.log10(lr), LR_EXPONENTS[0]), LR_EXPONENTS[1])


class RunRow(pn.viewable.Viewer):
    """The widgets of one optimizer row.

    Args:
        run: The row's state.
        index: Its position (sets its colour).
        on_duplicate, on_remove: Called with the row when its buttons are pressed.
    """

    message = param.String(default="", doc="Markdown under the row (divergence)")
    stable_lr = param.Number(default=None, allow_None=True, doc="2/λmax for GD rows")

    def __init__(
        self,
        run: RunState,
        index: int,
        on_duplicate: Callable[[RunRow], None],
        on_remove: Callable[[RunRow], None],
        **params,
    ) -> None:
        super().__init__(**params)
        self.run = run
        self.index = index
        color = RUN_COLORS[index % len(RUN_COLORS)]
        self.sliders: dict[str, pn.widgets.EditableFloatSlider] = {}
        self.inputs: dict[str, pn.widgets.Widget] = {}
        self.schedule_inputs: dict[str, pn.widgets.Widget] = {}
        self._layout = pn.Column(
            self._title_bar(color, on_duplicate, on_remove),
            self._learning_rate(),
            *self._notes(),
            *self._hyperparameters(),
            sizing_mode="stretch_width",
            css_classes=["ov-row", f"ov-row-{index}"],
            styles={
                "border-left": f"4px solid {color}",
                "background": "#ffffff",
                "border-radius": "4px",
            },
            margin=(6, 4),
        )
        self.param.watch(self._show_message, ["message"])
        self.param.watch(self._show_stable, ["stable_lr"])
        run.param.watch(self._show_parameters, ["optimizer", "convention", "schedule"])
        self._show_parameters()

    def _title_bar(self, color: str, on_duplicate, on_remove) -> pn.Row:
        """The row's colour, its optimizer (with Nesterov for momentum), copy and remove."""
        swatch = pn.pane.HTML(
            f'<div title="row {self.index + 1}" style="width:14px;height:14px;'
            f'border-radius:50%;background:{color};margin-top:9px"></div>',
            width=18,
            margin=(5, 0, 5, 8),
        )
        run = self.run
        self.optimizer = pn.widgets.Select(
            options=OPTIMIZERS,
            value="momentum" if run.optimizer == "nesterov" else run.optimizer,
            width=150,
            margin=(5, 4),
            css_classes=["ov-optimizer"],
        )
        self.nesterov = pn.widgets.Checkbox(
            label="Nesterov", value=run.optimizer == "nesterov", width=80, margin=(12, 4, 5, 4)
        )
        self.duplicate_button = pn.widgets.Button(
            label="copy",
            color="light",
            width=56,
            margin=(5, 2),
            css_classes=["ov-dup"],
            description="duplicate this row",
            styles={"margin-left": "auto"},
        )
        self.remove_button = pn.widgets.Button(
            label="✕",
            color="light",
            width=34,
            margin=(5, 2),
            css_classes=["ov-remove"],
            description="remove this row",
        )
        self.duplicate_button.on_click(lambda _: on_duplicate(self))
        self.remove_button.on_click(lambda _: on_remove(self))
        self.optimizer.param.watch(self._optimizer_chosen, "value")
        self.nesterov.param.watch(self._optimizer_chosen, "value")
        return pn.FlexBox(
            swatch,
            self.optimizer,
            self.nesterov,
            self.duplicate_button,
            self.remove_button,
            flex_wrap="wrap",
            align_items="flex-start",
            sizing_mode="stretch_width",
        )

    def _learning_rate(self) -> pn.Row:
        """η on a log slider, and typed."""
        self.lr_slider = ReleaseSlider(
            label="η (log scale)",
            start=LR_EXPONENTS[0],
            end=LR_EXPONENTS[1],
            step=0.01,
            value=lr_exponent(self.run.lr),
            format=CustomJSTickFormatter(code=LR_FORMAT),
            show_value=False,
            sizing_mode="stretch_width",
            min_width=100,
            css_classes=["ov-lr-slider"],
        )
        self.lr_input = pn.widgets.FloatInput.from_param(
            self.run.param.lr,
            label="η",
            width=96,
            format="0.[000000]",
            css_classes=["ov-lr-input"],
        )
        self.lr_slider.param.watch(self._slider_moved, "value_throttled")
        self.run.param.watch(self._lr_changed, "lr")
        return pn.Row(self.lr_slider, self.lr_input, sizing_mode="stretch_width")

    def _notes(self) -> tuple[pn.pane.HTML, pn.pane.HTML]:
        """GD's stable bound, and what the run does not share with the scene."""
        note = {"font-size": "12px", "color": "#52606d"}
        self.stable = pn.pane.HTML("", css_classes=["ov-stable-lr"], margin=(0, 10), styles=note)
        self.own_start = pn.pane.HTML("", margin=(0, 10), styles=note)
        self.run.param.watch(self._show_own_start, ["start", "surface"])
        self._show_own_start()
        return self.stable, self.own_start

    def _hyperparameters(self) -> tuple[pn.viewable.Viewable, ...]:
        """The optimizer's coefficients, its equations, "more" and the divergence message."""
        self.hyperparameters = pn.Column(sizing_mode="stretch_width", margin=0)
        self.equations = pn.pane.LaTeX(
            "",
            styles={"font-size": "13px", "overflow-x": "auto"},
            sizing_mode="stretch_width",
            margin=(0, 10),
        )
        self.more = pn.Card(
            title="schedule, ε, weight decay, noise, batch",
            collapsed=True,
            sizing_mode="stretch_width",
            header_background="#f5f7fa",
            styles={"font-size": "13px"},
            margin=(4, 8),
            css_classes=["ov-more"],
        )
        self.more.param.watch(self._fill_more, "collapsed")
        self.alert = pn.pane.Alert(
            "",
            alert_type="danger",
            visible=False,
            css_classes=["ov-diverged"],
            margin=(4, 8),
            sizing_mode="stretch_width",
        )
        return self.hyperparameters, self.equations, self.more, self.alert

    def __panel__(self) -> pn.Column:
        return self._layout

    def _slider_moved(self, event: param.parameterized.Event) -> None:
        # Within the slider's range, as a float: a browser may send 2**53, and 10 ** int is exact.
        exponent = min(max(float(event.new), self.lr_slider.start), self.lr_slider.end)
        lr = float(f"{10.0**exponent:.3g}")
        if lr != self.run.lr:
            self.run.lr = lr

    def _lr_changed(self, event: param.parameterized.Event) -> None:
        exponent = lr_exponent(event.new)
        if abs(exponent - self.lr_slider.value) > 0.006:
            self.lr_slider.value = exponent

    def _optimizer_chosen(self, event: param.parameterized.Event) -> None:
        name = self.optimizer.value
        if name == "momentum" and self.nesterov.value:
            name = "nesterov"
        self.run.optimizer = name

    def _slider(self, name: str) -> pn.widgets.EditableFloatSlider:
        """The slider of hyperparameter ``name``, built on first use."""
        if name not in self.sliders:
            label, low, high, step = SLIDERS[name]
            self.sliders[name] = pn.widgets.EditableFloatSlider.from_param(
                self.run.param[name],
                label=label,
                start=low,
                end=high,
                step=step,
                fixed_start=0.0,
                fixed_end=1.0 - 1e-12,
                sizing_mode="stretch_width",
                css_classes=[f"ov-{name}"],
            )
        return self.sliders[name]

    def _fill_more(self, event: param.parameterized.Event | None = None) -> None:
        """Builds the "more" card's widgets when it is first opened."""
        if self.more.objects or self.more.collapsed:
            return
        run = self.run
        self.inputs = {
            name: pn.widgets.FloatInput.from_param(
                run.param[name], label=label, width=110, css_classes=[f"ov-{name}"]
            )
            for name, label in INPUTS.items()
        }
        self.schedule_inputs = {
            key: kind.from_param(run.param[key], label=label, width=110)
            for key, (label, kind) in SCHEDULE_INPUTS.items()
        }
        self.more.objects = [
            pn.Row(
                pn.widgets.Select.from_param(run.param.schedule, label="η schedule", width=110),
                pn.widgets.RadioButtonGroup.from_param(
                    run.param.convention, label="convention", color="light", margin=(24, 5, 5, 5)
                ),
            ),
            pn.FlexBox(*self.schedule_inputs.values()),
            pn.FlexBox(*self.inputs.values()),
            pn.FlexBox(
                pn.widgets.FloatInput.from_param(run.param.noise, label="noise σ", width=110),
                pn.widgets.IntInput.from_param(
                    run.param.batch_size, label="batch B (0: full)", width=110
                ),
                pn.widgets.IntInput.from_param(run.param.seed, label="seed", width=110),
                pn.widgets.FloatInput.from_param(
                    run.param.clip, label="clip ‖g‖ (0: off)", width=110
                ),
            ),
        ]
        self._show_parameters()

    def _show_parameters(self, *events: param.parameterized.Event) -> None:
        shown = self.run.shown()
        self.hyperparameters.objects = [self._slider(name) for name in shown if name in SLIDERS]
        for name, widget in self.inputs.items():
            widget.visible = name in shown
        self.nesterov.visible = self.run.optimizer in NESTEROV
        keys = set(self.run.schedule_keys())
        for key, widget in self.schedule_inputs.items():
            widget.visible = key in keys
        opt = optim.get(self.run.optimizer, self.run.convention)
        self.equations.object = rf"$$\begin{{gathered}}{opt.equations}\end{{gathered}}$$"
        self._show_stable()

    def _show_own_start(self, *events: param.parameterized.Event) -> None:
        """Notes what this run does not share with the scene: its surface, its start."""
        notes = []
        if self.run.surface is not None:
            notes.append(f"runs on its own surface, {surfaces.get(self.run.surface).title}")
        if self.run.start is not None:
            x, y = self.run.start
            notes.append(
                f"starts at its own point ({x:.4g}, {y:.4g}); a click on its plot moves it, "
                "with every run there"
            )
        self.own_start.object = "<br>".join(notes)
        self.own_start.visible = bool(notes)

    def _show_message(self, *events: param.parameterized.Event) -> None:
        self.alert.object = self.message
        self.alert.visible = bool(self.message)

    def _show_stable(self, *events: param.parameterized.Event) -> None:
        show = self.run.optimizer == "gd" and self.stable_lr is not None
        self.stable.object = (
            f"GD is stable here for η &lt; 2/λ<sub>max</sub> = <b>{self.stable_lr:.3g}</b>"
            if show
            else ""
        )
        self.stable.visible = show
