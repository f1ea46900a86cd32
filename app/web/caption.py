"""The text above the plot: the preset's title and lecture, its caption, the formula.

Math is rendered by Panel's LaTeX pane (KaTeX); captions are prose with ``$…$`` math.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import panel as pn

from optiviz.optim.presets import Preset
from optiviz.surfaces import Surface

FONT = {False: ("18px", "15px"), True: ("28px", "22px")}
"""Title and text sizes, normal and in presentation mode."""


class Caption(pn.viewable.Viewer):
    """Title, caption and formula of the scene on show."""

    def __init__(self) -> None:
        super().__init__()
        self.title = pn.pane.HTML(
            "", css_classes=["ov-title"], margin=(6, 10, 0, 10), sizing_mode="stretch_width"
        )
        self.caption = pn.pane.LaTeX(
            "",
            css_classes=["ov-caption"],
            sizing_mode="stretch_width",
            margin=(0, 10),
            styles={"line-height": "1.45"},
        )
        self.formula = pn.pane.LaTeX(
            "", css_classes=["ov-formula"], sizing_mode="stretch_width", margin=(0, 10)
        )
        self._layout = pn.Column(
            self.title, self.caption, self.formula, margin=0, sizing_mode="stretch_width"
        )
        self.set_present(False)

    def __panel__(self) -> pn.Column:
        return self._layout

    def show(self, preset: Preset | None, changed: bool, surfaces: Sequence[Surface]) -> None:
        """Shows ``preset``'s title and caption (marked when the scene was ``changed`` from
        it; "your own scene" without a preset) and the formula of each surface."""
        if preset is None:
            self.title.object = "<div style='font-weight:600'>Your own scene</div>"
            self.caption.object = ""
        else:
            mark = " <span style='color:#52606d'>(changed)</span>" if changed else ""
            self.title.object = (
                f"<div style='font-weight:600'>{html.escape(preset.title)}{mark}</div>"
                f"<div style='font-size:0.67em;color:#52606d'>{html.escape(preset.lecture)}</div>"
            )
            self.caption.object = preset.caption
        self.caption.visible = bool(self.caption.object)
        named = len(surfaces) > 1
        self.formula.object = "<br>".join(
            (f"<span style='color:#52606d'>{html.escape(s.title)}:</span> " if named else "")
            + f"${s.formula}$"
            for s in surfaces
        )

    def set_present(self, present: bool) -> None:
        """Type sizes for presentation mode or not."""
        title, text = FONT[present]
        self.title.styles = {**self.title.styles, "font-size": title}
        for pane in (self.caption, self.formula):
            pane.styles = {**pane.styles, "font-size": text}
