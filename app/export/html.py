"""A scene as one self-contained HTML page that plays offline, with sliders that need no server.

The page holds the app's own plot (:class:`~.scene_figure.SceneFigure`: surface, player,
linked side plots, all plain Bokeh models animated by ``player.js``) and, under the player,
a slider per run and varied hyperparameter (:class:`~.variant_controls.VariantControls`):
every grid point those sliders reach was run beforehand by the engine
(:func:`~optiviz.optim.variants.scene_grids`, one ``run_many`` call per run) and travels
in compact form, so the browser only switches between results. The caption's math is inline
SVG (:mod:`.math_html`) and axis names are Unicode, so the page needs no MathJax.

It needs no server and no network: BokehJS is inlined, gzip-compressed with the document,
and inflated in the page by the browser's own ``DecompressionStream``; open it from
``file://`` on a lecture-hall laptop, or put it on a course website.

The scene (title, plot, player, sliders and caption) fills the window, whatever its size;
the side plots follow below it. With ``terrain`` options the page shows the 3-D view
instead of the contour plot (:mod:`.terrain_page`), driven by the same player, vtk.js
inlined with BokehJS.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
from collections.abc import Sequence
from pathlib import Path

from bokeh.core.json_encoder import serialize_json
from bokeh.document import Document
from bokeh.embed.bundle import bundle_for_objs_and_resources
from bokeh.embed.util import OutputDocumentFor, standalone_docs_json_and_render_items
from bokeh.models import Axis, Column, Div
from bokeh.resources import INLINE

from optiviz.app.display.axis_labels import unicode_math
from optiviz.app.display.theme import NORMAL
from optiviz.app.display.variants import variants
from optiviz.app.export.math_html import caption_html
from optiviz.app.export.slim import slim
from optiviz.app.export.terrain_page import add_terrain, terrain_scripts
from optiviz.app.plots.scene_figure import SceneFigure
from optiviz.app.plots.variant_controls import VariantControls
from optiviz.app.plots.viewport import fill_viewport
from optiviz.optim.scene import Scene
from optiviz.optim.variants import scene_grids

PAGE_STYLE = {"light": ("#ffffff", "#1f2933"), "dark": ("#111418", "#e8edf2")}
PAGE_PADDING = 12
"""The page's top and bottom padding in CSS px (focus rings at the edges stay in view)."""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>html, body {{ margin: 0; padding: 0; background: {paper}; }}</style>
</head>
<body>
{roots}
<script type="{js_type}" id="optiviz-bokehjs"{encoding}>{js}</script>
<script type="application/json" id="optiviz-document"{encoding}>{document}</script>
<script>
{boot}
</script>
</body>
</html>
"""

BOOT = """(() => {
  // Commands sent before the page is ready wait for it (player.js answers them).
  window._optiviz_early = []
  window.addEventListener("message", (event) => {
    if (window.optiviz == null) {
      window._optiviz_early.push(event)
    }
  })
  async function text(id) {
    const element = document.getElementById(id)
    if (element.dataset.encoding !== "gzip") {
      return element.textContent
    }
    const bytes = Uint8Array.from(atob(element.textContent), (c) => c.charCodeAt(0))
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))
    return await new Response(stream).text()
  }
  // The runs' own grid points go into the sources before anything is drawn.
  async function show() {
    const script = document.createElement("script")
    script.textContent = await text("optiviz-bokehjs")
    document.head.appendChild(script)
    const {Document} = Bokeh.require("document")
    const json = JSON.parse(await text("optiviz-document"))
    for (const item of RENDER_ITEMS) {
      const doc = Document.from_json(json[item.docid])
      await doc.get_model_by_name("variants_apply")?.execute(doc)
      const roots = item.root_ids.map((id) => document.getElementById(item.roots[id]))
      await Bokeh.embed.add_document_standalone(doc, roots[0], roots)
    }
  }
  show().catch((error) => {
    document.body.insertAdjacentText("afterbegin", `This page could not start: ${error.message}`)
    throw error
  })
})()"""


def write_html(
    path: Path,
    scene: Scene,
    *,
    vary: Sequence[str] = ("lr",),
    title: str | None = None,
    caption: str | None = None,
    theme: str = "light",
    compress: bool = True,
    terrain: dict | None = None,
) -> None:
    """Writes the page for ``scene`` to ``path``, each run with a slider for η and for each
    name in ``vary`` that it takes (see :func:`~optiviz.optim.variants.scene_grids`); with
    ``terrain`` (its ``camera`` and ``heights``), the 3-D view instead of the contour plot.

    Args:
        compress: Whether BokehJS and the document travel gzip-compressed (the page is then
            about a third of the size); the page shows the same either way.

    Raises:
        ValueError: A name that cannot vary, or a grid too large for one page.
    """
    paper, ink = PAGE_STYLE[theme]
    laid = variants(scene, scene_grids(scene, ("lr", *vary)))
    figure = SceneFigure(laid.data, NORMAL)
    controls = VariantControls(laid, figure, NORMAL)
    _leave_runs_to_the_page(figure)
    for plot in figure.surfaces:
        slim(plot)
    view = add_terrain(figure, **terrain) if terrain is not None else None
    above = []
    if title:
        above.append(
            Div(
                text=f"<h2 style='margin:0;color:{ink}'>{html.escape(title)}</h2>",
                name="title",
                sizing_mode="stretch_width",
                disable_math=True,
            )
        )
    below = [controls.layout]
    if caption:
        below.append(
            Div(
                text=f"<p style='font-size:15px;line-height:1.5;margin:4px 0;color:{ink}'>"
                f"{caption_html(caption, ink)}</p>",
                name="caption",
                sizing_mode="stretch_width",
                disable_math=True,
            )
        )
    side = fill_viewport(figure, above, below, height=f"calc(100vh - {2 * PAGE_PADDING}px)")
    document = Document()
    document.add_root(
        Column(
            figure.layout,
            side,
            sizing_mode="stretch_width",
            name="page",
            styles={"padding": f"{PAGE_PADDING}px 16px", "background": paper, "color": ink},
        )
    )
    for axis in document.select({"type": Axis}):
        if isinstance(axis.axis_label, str) and axis.axis_label.startswith("$$"):
            axis.axis_label = unicode_math(axis.axis_label.strip("$"))
    controls.install(document)
    figure.install(document)
    if view is not None:
        view.install(document)
    scripts = terrain_scripts() if view is not None else ()
    page = offline_html(document, title or "optiviz", paper, compress=compress, scripts=scripts)
    path.write_text(page, encoding="utf-8")


def _leave_runs_to_the_page(figure: SceneFigure) -> None:
    """Empties the sources that ``variants.js`` fills from the grid when the page opens, so
    that no run travels twice."""
    sources = [figure.side.sources[name] for name in figure.side.sources]
    for plot in figure.surfaces:
        names = ("paths", "trail", "heads", "divergence")
        sources += [plot.sources[name] for name in names if name in plot.sources]
    for source in sources:
        source.data = {key: [] for key in source.data}


def offline_html(
    document: Document,
    title: str,
    paper: str = PAGE_STYLE["light"][0],
    compress: bool = False,
    scripts: Sequence[str] = (),
) -> str:
    """The page: BokehJS and ``document`` inline (gzip-compressed and base64-encoded when
    ``compress``), shown by a short script once the browser has inflated them.

    Bokeh's resources list the external scripts of every model class imported in the
    process, used or not: with Panel imported (the app's Export menu, a notebook) the page
    would link Panel's extension scripts and fail offline. The document holds Bokeh's own
    models only, whose code is inlined, so the links are left out. ``scripts`` travel
    with BokehJS, after it (the 3-D view's vtk.js).
    """
    with OutputDocumentFor(document.roots) as doc:
        docs_json, render_items = standalone_docs_json_and_render_items(document.roots)
        bundle = bundle_for_objs_and_resources([doc], INLINE)
    js = "\n".join([*bundle.js_raw, *scripts])
    data = serialize_json(docs_json)
    if compress:
        js, data = _gzip_base64(js), _gzip_base64(data)
    else:
        js, data = js.replace("</script", "<\\/script"), data.replace("</", "<\\/")
    roots = "\n".join(
        f'<div id="{root.elementid}" data-root-id="{root.id}" style="display: contents;"></div>'
        for item in render_items
        for root in item.roots
    )
    items = json.dumps([item.to_json() for item in render_items])
    return PAGE.format(
        title=html.escape(title),
        paper=paper,
        roots=roots,
        js_type="application/octet-stream" if compress else "text/plain",
        encoding=' data-encoding="gzip"' if compress else "",
        js=js,
        document=data,
        boot=BOOT.replace("RENDER_ITEMS", items),
    )


def _gzip_base64(text: str) -> str:
    return base64.b64encode(gzip.compress(text.encode("utf-8"), 9, mtime=0)).decode("ascii")
