"""The header: the app's name, the lecture presets, presentation mode, the link and exports.

Every widget is bound to the :class:`~.state.AppState`: choosing a preset loads it and the
menu follows ``state.preset``, the present toggle is ``state.present``, "copy link" copies
the page's URL (which always holds the state) in the browser, and the Export menu
downloads the scene on show (:class:`~.export_menu.ExportMenu`).
"""

from __future__ import annotations

import panel as pn
import param

from optiviz.app.web.export_menu import ExportMenu
from optiviz.app.web.flow import flow
from optiviz.app.web.state import AppState
from optiviz.optim import presets

COPY_LINK_JS = """
const url = window.location.href
if (navigator.clipboard && window.isSecureContext) {
  navigator.clipboard.writeText(url)
  button.label = "link copied"
  setTimeout(() => { button.label = "copy link" }, 1500)
} else {
  window.prompt("Copy this link:", url)
}
"""
"""Copies the page's URL, or shows it where the clipboard is out of reach (plain HTTP)."""


def presets_by_lecture() -> dict[str, dict[str, str]]:
    """The preset menu's groups: ``{lecture: {title: name}}``, lectures in order."""
    groups: dict[str, dict[str, str]] = {}
    for name in presets.names():
        preset = presets.get(name)
        groups.setdefault(preset.lecture, {})[preset.title] = name
    return dict(sorted(groups.items()))


class Header(pn.viewable.Viewer):
    """The bar at the top of the lab.

    Args:
        state: The app state the menus show and set.

    Attributes:
        preset_select: The preset menu, grouped by lecture.
        present_button: The presentation-mode toggle.
        export_menu: The :class:`~.export_menu.ExportMenu`.
    """

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.preset_select = pn.widgets.Select(
            groups={"": {"(your own scene)": ""}, **presets_by_lecture()},
            value=state.preset,
            width=280,
            css_classes=["ov-preset"],
            margin=(8, 8),
        )
        self.preset_select.param.watch(self._preset_chosen, "value")
        state.param.watch(self._preset_shown, "preset")
        self.present_button = pn.widgets.Toggle(
            label="present",
            value=state.present,
            width=110,
            css_classes=["ov-present-toggle"],
            margin=(8, 8),
        )
        self.present_button.link(state, value="present", bidirectional=True)
        self.copy_button = pn.widgets.Button(
            label="copy link", width=110, css_classes=["ov-copy"], margin=(8, 8)
        )
        self.copy_button.js_on_click(args={"button": self.copy_button}, code=COPY_LINK_JS)
        self.export_menu = ExportMenu(state)
        self._layout = flow(
            pn.pane.HTML(
                "<span class='ov-brand' style='font-size:22px'>optiviz</span>"
                "<span style='color:#52606d;font-size:13px;margin-left:10px'>"
                "gradient descent, watched</span>",
                margin=(12, 12, 4, 12),
            ),
            flow(
                self.preset_select,
                self.present_button,
                self.copy_button,
                self.export_menu,
                align_items="normal",
            ),
            justify_content="space-between",
            align_items="center",
            sizing_mode="stretch_width",
            styles={
                "background": "#ffffff",
                "border-bottom": "1px solid #d9e2ec",
            },
            css_classes=["ov-header"],
        )

    def __panel__(self) -> pn.Row:
        return self._layout

    def set_present(self, present: bool) -> None:
        """In presentation mode the bar keeps the preset menu and the toggle only."""
        self.copy_button.visible = not present
        self.export_menu.visible = not present

    def _preset_chosen(self, event: param.parameterized.Event) -> None:
        if event.new and event.new != self.state.preset:
            self.state.load_preset(event.new)
        elif not event.new:
            self.state.preset = ""

    def _preset_shown(self, *events: param.parameterized.Event) -> None:
        self.preset_select.value = self.state.preset
