"""Empty container defaults made when first read (served sessions): the same models, the
same document sent to the browser, the same defaults and change events as Bokeh's own."""

from __future__ import annotations

import pytest
from bokeh.core.has_props import HasProps
from bokeh.core.json_encoder import serialize_json
from bokeh.document import Document
from bokeh.models import Div, Slider
from bokeh_patches import defaults_changed_by, lab_document

from optiviz.app.web import lazy_containers

SEARCHES = ["", "?preset=valley-adagrad", "?preset=optimizer-race&view=maps"]


@pytest.fixture
def installed():
    lazy_containers.install()
    yield
    lazy_containers.uninstall()


@pytest.mark.parametrize("search", SEARCHES)
def test_the_browser_receives_the_same_document(search):
    """One document built with the containers left unmade, sent as this module sends it and
    as Bokeh does (which makes every container, then leaves the unset ones out)."""
    lazy_containers.install()
    try:
        doc = lab_document(search)
        sent = serialize_json(doc.to_json(deferred=False))
    finally:
        lazy_containers.uninstall()
    assert sent == serialize_json(doc.to_json(deferred=False))


@pytest.mark.parametrize("search", SEARCHES)
def test_a_document_holds_the_same_models(search):
    bokeh_s = lab_document(search)
    lazy_containers.install()
    try:
        lazy = lab_document(search)
    finally:
        lazy_containers.uninstall()
    assert sorted(type(m).__name__ for m in lazy.models) == sorted(
        type(m).__name__ for m in bokeh_s.models
    )


def test_most_empty_containers_are_never_made():
    def made(doc: Document) -> int:
        return sum(len(model._unstable_default_values) for model in doc.models)

    bokeh_s = made(lab_document(""))
    lazy_containers.install()
    try:
        lazy = lab_document("")
        lazy.to_json(deferred=False)
        after_send = made(lazy)
    finally:
        lazy_containers.uninstall()
    assert bokeh_s > 1500
    assert after_send < bokeh_s / 4, "sending the document must not make them either"


def test_every_default_reads_as_bokeh_s_own():
    read, changed = defaults_changed_by(lazy_containers)
    assert read > 10000
    assert not changed


def test_a_container_made_when_read_is_the_model_s_own_and_reports_changes(installed):
    doc = Document()
    first, second = Slider(start=0, end=1, value=0), Slider(start=0, end=1, value=0)
    doc.add_root(first)
    assert "tags" not in first._unstable_default_values
    changes = []
    doc.on_change(lambda event: changes.append(event))
    first.tags.append("moved")
    assert first.tags == ["moved"] and second.tags == []
    assert first.properties_with_values(include_defaults=False)["tags"] == ["moved"]
    assert [event.attr for event in changes] == ["tags"]


def test_a_model_put_in_a_made_container_is_in_the_document(installed):
    doc = Document()
    div = Div(text="hi")
    doc.add_root(div)
    note = Div(text="note")
    div.tags.append(note)
    assert note.document is doc
    assert note.id in serialize_json(doc.to_json(deferred=False))


def test_a_theme_still_gives_an_empty_default_its_value(installed):
    div = Div(text="hi")
    div.apply_theme({"css_classes": ["themed"]})
    assert div.css_classes == ["themed"]
    assert Div(text="hi").css_classes == []


def test_uninstall_restores_bokeh_s_own(installed):
    lazy_containers.uninstall()
    assert HasProps.__init__.__module__ == "bokeh.core.has_props"
    assert Div(text="hi")._unstable_default_values
    lazy_containers.install()
