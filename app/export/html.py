"""A scene as one self-contained HTML page that plays offline.

The page holds the app's own plot (:func:`~.scene_figure.scene_figure`: surface, player,
linked side plots, all plain Bokeh models animated by ``player.js``), BokehJS inlined rather
than fetched, and the caption with its math drawn as inline SVG (:mod:`.math_html`); axis
names become Unicode, so the page needs no MathJax (which alone would double its size). It
needs no server and no network: open it from ``file://`` on a lecture-hall laptop.

With ``terrain`` options the page shows the 3-D view instead of the contour plot
(:mod:`.terrain_page`), driven by the same player, vtk.js inlined.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from bokeh.document import Document
from bokeh.embed.bundle import bundle_for_objs_and_resources
from bokeh.embed.elements import html_page_for_render_items
from bokeh.embed.util import OutputDocumentFor, standalone_docs_json_and_render_items
from bokeh.models import Axis, Column, Div
from bokeh.resources import INLINE

from optiviz.app.display.axis_labels import unicode_math
from optiviz.app.export.math_html import caption_html
from optiviz.app.export.terrain_page import add_terrain, terrain_scripts
from optiviz.app.plots.scene_figure import scene_figure
from optiviz.optim import Trajectory
from optiviz.optim.scene import Scene

PAGE_STYLE = {"light": ("#ffffff", "#1f2933"), "dark": ("#111418", "#e8edf2")}


def write_html(
    path: Path,
    scene: Scene,
    trajectories: Sequence[Trajectory],
    *,
    title: str | None = None,
    caption: str | None = None,
    theme: str = "light",
    terrain: dict | None = None,
) -> None:
    """Writes the page for ``scene`` and its ``trajectories`` to ``path`` (with the 3-D
    view, from ``terrain``'s ``camera`` and ``heights``, when given)."""
    paper, ink = PAGE_STYLE[theme]
    figure = scene_figure(scene, trajectories)
    view = add_terrain(figure, trajectories, **terrain) if terrain is not None else None
    parts = []
    if title:
        parts.append(
            Div(
                text=f"<h2 style='margin:0;color:{ink}'>{html.escape(title)}</h2>",
                name="title",
                sizing_mode="stretch_width",
                disable_math=True,
            )
        )
    parts.append(figure.layout)
    if caption:
        parts.append(
            Div(
                text=f"<p style='font-size:15px;line-height:1.6;color:{ink}'>"
                f"{caption_html(caption, ink)}</p>",
                name="caption",
                sizing_mode="stretch_width",
                disable_math=True,
            )
        )
    document = Document()
    document.add_root(
        Column(
            *parts,
            sizing_mode="stretch_width",
            name="page",
            styles={"padding": "12px 16px", "background": paper},
        )
    )
    for axis in document.select({"type": Axis}):
        if isinstance(axis.axis_label, str) and axis.axis_label.startswith("$$"):
            axis.axis_label = unicode_math(axis.axis_label.strip("$"))
    figure.install(document)
    if view is not None:
        view.install(document)
    scripts = terrain_scripts() if view is not None else []
    path.write_text(offline_html(document, title or "optiviz", scripts), encoding="utf-8")


def offline_html(document: Document, title: str, scripts: Sequence[str] = ()) -> str:
    """``bokeh.embed.file_html`` with inline resources and nothing linked.

    Bokeh's resources list the external scripts of every model class imported in the
    process, used or not: with Panel imported (the app's Export menu, a notebook) the page
    would link Panel's extension scripts and fail offline. The document holds Bokeh's own
    models only, whose code is inlined, so the links are dropped. ``scripts`` are inlined
    after BokehJS (the 3-D view's vtk.js).
    """
    with OutputDocumentFor(document.roots) as doc:
        docs_json, render_items = standalone_docs_json_and_render_items(document.roots)
        bundle = bundle_for_objs_and_resources([doc], INLINE)
        bundle.js_files.clear()
        bundle.css_files.clear()
        bundle.js_raw.extend(scripts)
        return html_page_for_render_items(bundle, docs_json, render_items, title=title)
