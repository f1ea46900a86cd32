"""What the tests of the app's patches of Bokeh share: a lab's document, and every default of
every Bokeh model class, read the way the patches must leave them (test_model_defaults.py,
test_lazy_containers.py, test_sent_documents.py)."""

from __future__ import annotations

from types import ModuleType

import panel as pn
from bokeh.core.has_props import HasProps
from bokeh.core.property.descriptors import UnsetValueError
from bokeh.document import Document
from bokeh.model import Model

from optiviz.app.web.lab import Lab


def comparable(value: object) -> object:
    """A default as compared: a model default is a new model each time (its type counts)."""
    if isinstance(value, HasProps):
        return ("model", type(value).__qualname__)
    if isinstance(value, list | tuple):
        return [comparable(item) for item in value]
    if callable(value):
        return ("function", getattr(value, "__qualname__", type(value).__qualname__))
    return repr(value)


def read(model: HasProps, name: str) -> object:
    try:
        return getattr(model, name)
    except UnsetValueError:
        return "unset"


def every_default() -> dict[tuple[str, str], object]:
    """Each property's default on each Bokeh model class (Panel's and the app's included),
    read on the class and twice on a new model (the second read is the kept one)."""
    pn.extension("katex")
    Lab("")  # imports every model class the app uses
    defaults = {}
    for cls in Model.model_class_reverse_map.values():
        try:
            model = cls()
        except (TypeError, ValueError):
            model = None
        for name in cls.properties():
            defaults[cls.__qualname__, name] = cls.lookup(name).class_default(cls)
            if model is not None:
                defaults[cls.__qualname__, name, "model"] = [read(model, name) for _ in range(2)]
        defaults[cls.__qualname__, "__overridden__"] = cls._overridden_defaults()
    return defaults


def defaults_changed_by(patch: ModuleType) -> tuple[int, set[tuple]]:
    """How many defaults were read, and which of them read differently with ``patch`` (a
    module with ``install`` and ``uninstall``) installed than with Bokeh's own code."""
    bokeh_s = every_default()
    patch.install()
    try:
        patched = every_default()
    finally:
        patch.uninstall()
    changed = {
        key for key, value in bokeh_s.items() if comparable(patched[key]) != comparable(value)
    }
    return len(bokeh_s), changed


def lab_document(search: str) -> Document:
    """A document holding the lab opened on the URL query ``search``."""
    pn.extension("katex")
    doc = Document()
    doc.add_root(Lab(search).__panel__().get_root(doc))
    return doc
