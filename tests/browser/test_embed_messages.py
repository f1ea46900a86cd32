"""The served app's ?embed=1 answers a slide deck's messages, like the exported page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_embed_answers_the_pages_commands(new_app):
    app = new_app(width=1100, height=700)
    app.page.set_content(
        "<!DOCTYPE html><html><body>"
        f'<iframe id="scene" src="{app.base}/?preset=valley-adagrad&embed=1"'
        ' width="960" height="600"></iframe>'
        "<script>window.replies = [];"
        "addEventListener('message', (event) => replies.push(event.data));"
        "window.send = (message) => "
        "document.getElementById('scene').contentWindow.postMessage(message, '*');</script>"
        "</body></html>"
    )
    app.page.wait_for_function(
        "() => replies.some((r) => r.optiviz_reply === 'ready')", timeout=30_000
    )
    app.page.evaluate(
        """() => {
            send({optiviz: "seek", step: 1500, id: 1})
            send({optiviz: "state", id: 2})
            send({optiviz: "set", row: 0, name: "lr", value: 0.2, id: 3})
            send({optiviz: "seek", step: "far", id: 4})
        }"""
    )
    app.page.wait_for_function("() => replies.some((r) => r.id === 4)")
    replies = {reply["id"]: reply for reply in app.page.evaluate("() => replies")}
    shown = replies[1]["result"]
    assert abs(shown - 1500) <= 2
    state = replies[2]["result"]
    assert state["step"] == shown and state["steps"] == 3000 and not state["playing"]
    (run,) = state["runs"]
    assert run["label"] == "adagrad η=0.1" and len(run["positions"]) == 1000
    assert replies[3]["result"] == 0.2, "the request goes to the server"
    frame = app.page.frame_locator("#scene")
    requests = frame.locator("body").evaluate(
        "() => Bokeh.documents[0].get_model_by_name('player_requests').data"
    )
    assert requests == {"row": [0], "name": ["lr"], "value": [0.2]}
    assert replies[4]["optiviz_reply"] == "error" and "step must be" in replies[4]["error"]
    assert app.errors == []
