"""The app's Export menu in-process: what it names, titles and writes."""

from __future__ import annotations

import asyncio
import concurrent.futures
import re

from optiviz.app.web import export_menu
from optiviz.app.web.export_menu import ExportMenu, file_name, titles
from optiviz.app.web.url import parse_query
from optiviz.optim import presets


def run(coroutine):
    """Runs ``coroutine`` to its end in a thread of its own: this one may already run an
    event loop (Playwright's sync API, for the browser tests of the same session)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def test_titles_come_from_the_preset_or_the_typed_formula():
    state, _ = parse_query("?preset=saddle-stuck")
    preset = presets.get("saddle-stuck")
    assert titles(state) == (preset.title, preset.caption)
    state.steps = 50
    assert titles(state) == (preset.title + " (changed)", preset.caption)
    state, _ = parse_query("?formula=x**2-y**2")
    assert titles(state) == (None, "$L = x^{2} - y^{2}$")
    assert file_name(state, ".gif") == "optiviz-custom.gif"
    state, _ = parse_query("?surface=himmelblau")
    assert titles(state) == (None, "")


def test_the_menu_exports_the_scene_in_the_chosen_format():
    state, _ = parse_query("?formula=x**2%2By**2&steps=40")
    menu = ExportMenu(state)
    menu.format.value = ".svg"
    data = run(menu._make()).getvalue().decode()
    width, height = export_menu.SIZE
    assert re.search(rf'<svg[^>]* width="{width}" height="{height}"', data)
    assert menu.button.filename == "optiviz-custom.svg"
    assert not menu.button.disabled and not menu.status.visible


def test_a_failed_export_says_why_and_sends_nothing(monkeypatch):
    def refuse(*args):
        raise ValueError("no room")

    monkeypatch.setattr(export_menu, "export_bytes", refuse)
    menu = ExportMenu(parse_query("?preset=saddle-stuck")[0])
    assert run(menu._make()) is None
    assert menu.status.visible and "no room" in menu.status.object
    assert not menu.button.disabled
