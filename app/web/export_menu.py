"""The header's Export menu: the scene on show as a file the browser downloads.

The file is made on the server by :func:`~.export.export`, the same function as
``optiviz export``, from the app's current scene (a typed formula included), titled and
captioned by its preset when one is chosen. Exports run one at a time in a worker thread
(:data:`EXPORTS`), so the page stays live and shows the export's progress meanwhile.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import io
import tempfile
from pathlib import Path

import panel as pn
import param

from optiviz.app.export import export
from optiviz.app.web.state import AppState
from optiviz.app.web.terrain import export_options
from optiviz.optim import presets
from optiviz.optim.scene import Scene

FORMATS = {
    "HTML (plays offline)": ".html",
    "GIF": ".gif",
    "MP4 (H.264)": ".mp4",
    "PNG": ".png",
    "SVG": ".svg",
}
"""The menu's formats: label → file suffix."""
SIZE = (960, 640)
"""Pixels of a movie or figure (a 3:2 slide)."""
EXPORTS = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="export")
"""The server's export worker: exports queue rather than share its two cores."""


def titles(state: AppState) -> tuple[str | None, str]:
    """Title and caption of an export of ``state``: its preset's (marked when changed), or
    none and, for a typed surface, its formula."""
    scene = state.scene()
    if state.preset:
        preset = presets.get(state.preset)
        mark = "" if state.is_preset() else " (changed)"
        return preset.title + mark, preset.caption
    if scene.formula is not None:
        return None, f"${scene.surface_object().formula}$"
    return None, ""


def file_name(state: AppState, suffix: str) -> str:
    """``optiviz-<preset or surface>.<suffix>``."""
    return f"optiviz-{state.preset or state.surface}{suffix}"


def export_bytes(scene: Scene, suffix: str, title, caption, progress, **view) -> bytes:
    """The export of ``scene`` as the bytes of a ``suffix`` file (``view``: the 3-D view's
    options, see :func:`.terrain.export_options`)."""
    with tempfile.TemporaryDirectory(prefix="optiviz-export-") as folder:
        path = Path(folder) / f"scene{suffix}"
        export(scene, path, size=SIZE, title=title, caption=caption, progress=progress, **view)
        return path.read_bytes()


class Download(pn.widgets.FileDownload):
    """A download button whose (async) callback may return None: then nothing is sent (the
    callback has shown why)."""

    async def _async_sync_data(self) -> None:
        fileobj = await self.callback()
        if fileobj is not None:
            self._sync_data(fileobj)


class ExportMenu(pn.viewable.Viewer):
    """A format menu and a button that downloads the current scene in that format.

    Args:
        state: The app state whose :meth:`~.state.AppState.scene` is exported.
    """

    visible = param.Boolean(default=True, doc="whether the menu is on show")

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.format = pn.widgets.Select(
            options=FORMATS,
            value=".gif",
            width=170,
            margin=(8, 0, 8, 8),
            css_classes=["ov-export-format"],
            description="the format of the exported file",
        )
        self.button = Download(
            callback=self._make,
            filename=file_name(state, ".gif"),
            label="export",
            color="light",
            width=120,
            margin=(8, 8),
            css_classes=["ov-export"],
            description="download the scene on show",
        )
        self.status = pn.pane.HTML(
            "",
            css_classes=["ov-export-status"],
            visible=False,
            margin=(14, 8, 8, 0),
            styles={"font-size": "13px", "color": "#52606d"},
        )
        self._shown = -1
        self._layout = pn.Row(
            self.format, self.button, self.status, margin=0, visible=self.param.visible
        )

    def __panel__(self) -> pn.Row:
        return self._layout

    async def _make(self) -> io.BytesIO | None:
        """Exports the scene in the chosen format (in the export worker), showing progress."""
        suffix = self.format.value
        state = self.state
        self.button.param.update(disabled=True, label="exporting…")
        self._show_status("")
        try:
            scene = state.scene()
            title, caption = titles(state)
            progress = self._reporter(pn.state.curdoc)
            view = export_options(state)
            make = functools.partial(export_bytes, scene, suffix, title, caption, progress, **view)
            data = await asyncio.get_running_loop().run_in_executor(EXPORTS, make)
        except ValueError as error:
            self._show_status(f"cannot export this scene: {error}", error=True)
            return None
        finally:
            self.button.param.update(disabled=False, label="export")
        self.status.visible = False
        self.button.filename = file_name(state, suffix)
        return io.BytesIO(data)

    def _reporter(self, doc):
        """A progress callback for the worker thread: it hands each change of at least
        5 % to the session's event loop (Bokeh documents are not thread-safe)."""
        self._shown = -1

        def report(done: int, total: int) -> None:
            percent = 100 * done // total
            if doc is not None and percent >= self._shown + 5:
                self._shown = percent
                doc.add_next_tick_callback(lambda: self._show_status(f"frames {percent}%"))

        return report

    def _show_status(self, text: str, error: bool = False) -> None:
        color = "#b42318" if error else "#52606d"
        self.status.param.update(
            object=text, visible=bool(text), styles={**self.status.styles, "color": color}
        )
