"""A document sent whole lets go of its empty unset containers, and stays the same document."""

from __future__ import annotations

import pytest
from bokeh.core.json_encoder import serialize_json
from bokeh.document import Document
from bokeh.models import Slider
from bokeh_patches import lab_document

from optiviz.app.web import sent_documents


@pytest.fixture
def installed():
    sent_documents.install()
    yield
    sent_documents.uninstall()


@pytest.mark.parametrize("search", ["", "?preset=optimizer-race&view=maps"])
def test_the_document_serializes_the_same_after_the_drop(installed, search):
    doc = lab_document(search)
    first = serialize_json(doc.to_json(deferred=False))
    assert sent_documents.drop_empty_defaults(doc.models) == 0, "to_json dropped them already"
    assert serialize_json(doc.to_json(deferred=False)) == first


def test_most_unset_containers_go(installed):
    doc = lab_document("")
    models = list(doc.models)
    made = sum(len(model._unstable_default_values) for model in models)
    doc.to_json()
    kept = sum(len(model._unstable_default_values) for model in models)
    assert made > 1500
    assert kept < made / 10


def test_a_dropped_container_is_made_again_and_its_changes_reach_the_browser(installed):
    doc = Document()
    slider = Slider(start=0, end=1, value=0)
    doc.add_root(slider)
    doc.to_json()
    assert "tags" not in slider._unstable_default_values
    changes = []
    doc.on_change(lambda event: changes.append(event))
    slider.tags.append("moved")
    assert slider.tags == ["moved"]
    assert slider.properties_with_values(include_defaults=False)["tags"] == ["moved"]
    assert [event.attr for event in changes] == ["tags"]
