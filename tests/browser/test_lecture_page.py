"""The exported lecture page in Chromium: offline from file://, sliders, API and messages.

Every request other than file:// is blocked, and any console error fails the test.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from optiviz.app.cli import main
from optiviz.app.export import export
from optiviz.app.export.html import write_html
from optiviz.optim import presets
from optiviz.optim.scene import Run, Scene
from optiviz.surfaces import get as surface

pytestmark = pytest.mark.browser

PRESET = "valley-adagrad"
SIZE_GOAL = 1_000_000
"""Bytes: the issue's goal for this preset with its η slider (the bar is 1.5 MB)."""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The preset's page, compressed (as exported) and plain."""
    folder = tmp_path_factory.mktemp("lecture")
    compressed = export(PRESET, folder / "page.html")
    preset = presets.get(PRESET)
    plain = folder / "plain.html"
    write_html(plain, preset.scene, title=preset.title, caption=preset.caption, compress=False)
    return compressed, plain


def test_moving_the_slider_swaps_the_run_in_the_same_frame(pages, offline):
    page = offline(pages[0])
    state = page.run("() => optiviz.state()")
    assert state["runs"][0]["hyperparameters"]["lr"] == 0.1, "the scene's own value, exactly"
    before = page.data("paths")["xs"]
    shown = page.run("() => optiviz.seek(1500)")
    assert abs(shown - 1500) <= 2, "the frame nearest to step 1500 (frames are 3 steps apart)"
    slider = page.page.locator(".ov-vary-lr .noUi-handle")
    slider.focus()
    slider.press("ArrowRight")
    after = page.data("paths")
    assert after["xs"] != before, "the drawn trajectory changed"
    assert after["label"] == ["adagrad η=0.2"]
    assert page.run("() => optiviz.state().step") == shown, "the player kept its step"
    swapped = page.run(
        """() => {
            const paths = Bokeh.documents[0].get_model_by_name('paths')
            const loss = Bokeh.documents[0].get_model_by_name('loss')
            const text = (array) => JSON.stringify(Array.from(array))
            const [x, l] = [text(paths.data.fx[0]), text(loss.data.ys[0])]
            optiviz.set(0, 'lr', 0.01)
            return [x !== text(paths.data.fx[0]), l !== text(loss.data.ys[0])]
        }"""
    )
    assert swapped == [True, True], "trajectory and curves are swapped before set() returns"


def test_set_then_state_matches_optiviz_run(pages, offline, capsys):
    page = offline(pages[0])
    taken = page.run("() => optiviz.set(0, 'lr', 0.29)")
    assert taken == 0.3, "set snaps to the nearest precomputed value (log scale)"
    state = page.run("() => optiviz.state()")
    run = state["runs"][0]
    assert run["optimizer"] == "adagrad" and run["hyperparameters"]["lr"] == 0.3
    main(["run", "--surface", "valley", "--start=-8,0.5", "--optimizer", "adagrad:lr=0.3",
          "--convention", "course", "--steps", "3000", "--format", "json"])  # fmt: skip
    expected = json.loads(capsys.readouterr().out)["runs"][0]
    positions = np.array(expected["positions"])
    steps = np.array(page.data("timeline")["step"])
    assert state["steps"] == 3000 and len(run["positions"]) == len(steps)
    x0, x1, y0, y1 = surface("valley").bounds
    precision = np.array([x1 - x0, y1 - y0]) / 65535  # 16 bits over the plot
    error = np.abs(np.array(run["positions"]) - positions[steps])
    assert (error <= precision).all(), error.max(axis=0)
    assert (np.abs(np.array(run["positions"][-1]) - positions[-1]) <= precision * 1e-2).all()
    assert run["losses"][-1] == pytest.approx(expected["losses"][-1], rel=1e-4)
    with pytest.raises(Exception, match="row 0 has no slider"):
        page.run("() => optiviz.set(0, 'momentum', 0.9)")


def test_a_parent_page_drives_the_page_by_messages(pages, offline, tmp_path):
    deck = tmp_path / "deck.html"
    deck.write_text(
        "<!DOCTYPE html><html><body>"
        f'<iframe id="scene" src="{pages[0].as_uri()}" width="960" height="600"></iframe>'
        "<script>window.replies = [];"
        "addEventListener('message', (event) => replies.push(event.data));"
        "window.send = (message) => "
        "document.getElementById('scene').contentWindow.postMessage(message, '*');</script>"
        "</body></html>"
    )
    page = offline(deck, ready="() => replies.some((r) => r.optiviz_reply === 'ready')")
    page.run(
        """() => {
            send({optiviz: "set", row: 0, name: "lr", value: 0.05, id: 1})
            send({optiviz: "seek", step: 600, id: 2})
            send({optiviz: "state", id: 3})
            send({optiviz: "jump", id: 4})
            send({optiviz: "set", row: 7, name: "lr", value: 0.05, id: 5})
            send({optiviz: "play", id: 6})
        }"""
    )
    page.page.wait_for_function("() => replies.some((r) => r.id === 6)")
    replies = {reply["id"]: reply for reply in page.run("() => replies")}
    assert replies[1] == {"optiviz_reply": "set", "id": 1, "result": 0.05}
    assert abs(replies[2]["result"] - 600) <= 2, "the frame nearest to step 600"
    state = replies[3]["result"]
    assert state["step"] == replies[2]["result"]
    assert state["runs"][0]["hyperparameters"]["lr"] == 0.05
    assert replies[4]["optiviz_reply"] == "error" and "unknown command" in replies[4]["error"]
    assert replies[5]["optiviz_reply"] == "error" and "row must be" in replies[5]["error"]
    page.page.wait_for_function(
        """() => {
            send({optiviz: "state", id: 7})
            return replies.some((r) => r.id === 7 && r.result.playing && r.result.step < 3000)
        }""",
        polling=100,
    )


def test_compressed_and_plain_pages_show_the_same_plot(pages, offline):
    shown = []
    for path in pages:
        page = offline(path)
        shown.append(
            page.run(
                """() => {
                    const doc = Bokeh.documents[0]
                    const plain = v => ArrayBuffer.isView(v) ? Array.from(v)
                        : Array.isArray(v) ? v.map(plain) : v
                    const data = {}
                    for (const model of doc.all_models) {
                        if (model.data != null && model.name != null) {
                            data[model.name] = JSON.stringify(plain(Object.values(model.data)))
                        }
                    }
                    return {models: doc.all_models.size, data}
                }"""
            )
        )
    assert shown[0]["models"] == shown[1]["models"]
    assert shown[0]["data"] == shown[1]["data"]
    assert pages[0].stat().st_size < SIZE_GOAL < pages[1].stat().st_size


BOXES = """names => {
    const root = Object.values(Bokeh.index)[0]
    return Object.fromEntries(names.map((name) => {
        const model = Bokeh.documents[0].get_model_by_name(name)
        const box = root.owner.get_one(model).el.getBoundingClientRect()
        return [name, [box.left, box.top, box.right, box.bottom]]
    }))
}"""
SCENE = ("title", "surface", "player", "variant_rows", "caption")


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (1024, 768)], ids=str)
def test_the_scene_fits_the_projector(pages, offline, size):
    width, height = size
    page = offline(pages[0], width, height)
    boxes = page.run(BOXES, SCENE)
    for name, (left, top, right, bottom) in boxes.items():
        assert left >= 0 and right <= width and top >= 0 and bottom <= height, (name, boxes)
    plot = boxes["surface"]
    assert plot[3] - plot[1] >= height / 2, "the plot takes what the rest leaves"
    assert page.run("() => document.documentElement.scrollWidth") == width


def test_a_diverged_grid_point_shows_its_step(offline, tmp_path):
    scene = Scene("valley", (-8.0, 0.5), 200, (Run("gd", lr=1e-3),))
    path = export(scene, tmp_path / "gd.html")
    page = offline(path)
    page.run("() => optiviz.set(0, 'lr', 0.05)")
    divergence = page.data("divergence")
    assert len(divergence["step"]) == 1 and divergence["step"][0] > 0
    note = page.run("() => Bokeh.documents[0].get_model_by_name('note_0').text")
    assert note == f"diverged at step {divergence['step'][0]}"
    assert page.run("() => optiviz.state().runs[0].diverged_at") == divergence["step"][0]
    page.run("() => optiviz.set(0, 'lr', 1e-3)")
    assert page.data("divergence")["step"] == []
    assert page.run("() => Bokeh.documents[0].get_model_by_name('note_0').text") == ""
