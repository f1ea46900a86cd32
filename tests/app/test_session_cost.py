"""What one session of the lab costs the server, and that the cheap build is a sound one.

The served app skips Bokeh's per-session integrity checks (they walk every model of every
session); they run here instead, on the documents of the presets that exercise the most
parts: the default scene, two surfaces, the flat/sharp overlay, the race.
"""

from __future__ import annotations

import panel as pn
import pytest
from bokeh.core.validation.check import check_integrity
from bokeh.document import Document

from optiviz.app.web.lab import Lab


def document(search: str) -> Document:
    pn.extension("katex")
    doc = Document()
    doc.add_root(Lab(search).__panel__().get_root(doc))
    return doc


@pytest.mark.parametrize(
    "search",
    [
        "",
        "?preset=classification-mse-vs-ce",
        "?preset=flat-vs-sharp-batch&test=1",
        "?preset=optimizer-race&inspect=0,0&view=maps",
    ],
)
def test_documents_pass_bokeh_s_integrity_checks(search):
    issues = check_integrity(list(document(search).models))
    assert issues.error == [], issues.error


def test_a_session_of_the_default_scene_stays_small():
    """The budget behind the lecture-hall figures: hidden parts are not built (441 models
    before; about 300 with the text view and the keyboard's accessible names, 301 with the
    train/test overlay built when first shown)."""
    doc = document("")
    names = {type(model).__name__ for model in doc.models}
    assert len(list(doc.models)) <= 305
    assert "Arrow" not in names, "the inspector's arrows wait for an inspection"
    assert not any(m.name == "test_contour_lines" for m in doc.models)
