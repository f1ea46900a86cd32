"""Bokeh's empty container defaults, made when first read instead of with every model.

A new Bokeh model makes, at once, every default that must be its own: each container
property left unset (``tags``, ``js_event_callbacks``, ``js_property_callbacks``,
``subscribed_events``, ``css_classes``, ``stylesheets``, …) gets a new empty list, dict or
set, validated and wrapped to notify the model when mutated. A session of the lab makes
about 2,100 of them, and then serializes its document, which reads every property of every
model, and walks the models' references, which reads every property that could hold one.
Yet an unset container is never sent: Bokeh's serializer leaves out an unset default
container, since the browser makes the same default itself. About a quarter of the CPU a
session's build and first send cost went to making them.

Here an unset container property whose default is empty is made when it is first read, by
Bokeh's own path for a property it has not made yet (the same new, wrapped, empty value).
The serializer skips what was neither set nor made, as it would have left it out anyway,
and the reference walk skips containers never made, as an empty one holds no model. What
Bokeh makes at creation for other reasons is made as before: defaults that are models or
hold values, defaults given as functions, and defaults a theme overrides. The document the
browser receives is the same, key for key (``tests/app/test_lazy_containers.py``).

One difference: Bokeh raises ``UnsetValueError`` when it serializes a model that lacks a
value it requires; here such a model serializes without it (the browser then reports it).
The tests build and serialize the app's documents with Bokeh's own path, which raises.

Example:
    >>> from bokeh.models import Div
    >>> install()
    >>> div = Div(text="hi")
    >>> div._unstable_default_values
    {}
    >>> div.tags, div._unstable_default_values
    ([], {'tags': []})
    >>> uninstall()
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bokeh.core.has_props import HasProps
from bokeh.core.property.descriptors import PropertyDescriptor
from bokeh.core.property.singletons import Intrinsic, Undefined
from bokeh.core.property.wrappers import PropertyValueContainer
from bokeh.model import util as model_util

_BOKEH = {
    "__init__": HasProps.__init__,
    "query_properties_with_values": HasProps.query_properties_with_values,
    "visit_immediate_value_references": model_util.visit_immediate_value_references,
}
_empty: dict[type, frozenset[str]] = {}
"""Per class, the properties whose default is an empty container (a plain value, not a
function): made when first read."""
_with_refs: dict[type, tuple[str, ...]] = {}


def empty_by_default(cls: type[HasProps]) -> frozenset[str]:
    """The properties of ``cls`` whose default is an empty list, dict or set."""
    known = _empty.get(cls)
    if known is None:
        overrides = cls._overridden_defaults()
        names = set()
        for name in cls.properties(_with_props=True):
            raw = overrides[name] if name in overrides else cls.lookup(name).property._default
            if isinstance(raw, list | dict | set) and not raw:
                names.add(name)
        known = _empty[cls] = frozenset(names)
    return known


def _init(self: HasProps, **properties: Any) -> None:
    """``HasProps.__init__``, but for the empty containers it leaves unmade."""
    super(HasProps, self).__init__()
    self._property_values = {}
    self._unstable_default_values = {}
    self._unstable_themed_values = {}
    for name, value in properties.items():
        if value is Undefined or value is Intrinsic:
            continue
        setattr(self, name, value)
    empty = empty_by_default(type(self))
    themed = self.themed_values() or {}
    for name in self.properties(_with_props=True):
        if name in properties or (name in empty and name not in themed):
            continue
        descriptor = self.lookup(name)
        if descriptor.has_unstable_default(self):
            descriptor._get(self)
    self._initialized = True


def _query_properties_with_values(
    self: HasProps,
    query: Callable[[PropertyDescriptor[Any]], bool],
    *,
    include_defaults: bool = True,
    include_undefined: bool = False,
) -> dict[str, Any]:
    """``HasProps.query_properties_with_values``; without defaults, it reads only the
    properties that were set, made or themed (Bokeh reads every one, then drops the rest)."""
    if include_defaults or include_undefined:
        return _BOKEH["query_properties_with_values"](
            self, query, include_defaults=include_defaults, include_undefined=include_undefined
        )
    themed = self.themed_values() or {}
    chosen = self._property_values.keys() | self._unstable_default_values.keys() | themed.keys()
    result = {}
    for name in self.properties(_with_props=True):
        if name not in chosen:
            continue
        descriptor = self.lookup(name)
        if not query(descriptor):
            continue
        value = descriptor.get_value(self)
        unset_container = (
            isinstance(value, PropertyValueContainer) and name in self._unstable_default_values
        )
        if unset_container and name not in themed:
            continue
        result[name] = value
    return result


def names_with_refs(cls: type[HasProps]) -> tuple[str, ...]:
    """The properties of ``cls`` that can hold a model, in Bokeh's order (which Bokeh
    gathers anew at every call)."""
    known = _with_refs.get(cls)
    if known is None:
        known = _with_refs[cls] = tuple(cls.properties_with_refs())
    return known


def _visit_immediate_value_references(value: Any, visitor: Callable[[Any], None]) -> None:
    """``bokeh.model.util.visit_immediate_value_references``, reading only the properties
    that were set or made: an unset one that Bokeh made at creation holds no model (its
    default is a number, a string, ``None``, …), nor does an empty container not made yet.
    A model with a theme's values is read Bokeh's way."""
    if not isinstance(value, HasProps) or value.themed_values():
        _BOKEH["visit_immediate_value_references"](value, visitor)
        return
    given, made = value._property_values, value._unstable_default_values
    for name in names_with_refs(type(value)):
        if name in given:
            model_util.visit_value_and_its_immediate_references(given[name], visitor)
        elif name in made:
            model_util.visit_value_and_its_immediate_references(made[name], visitor)


def install() -> None:
    """From now on, in this process, empty container defaults are made when first read."""
    HasProps.__init__ = _init
    HasProps.query_properties_with_values = _query_properties_with_values
    model_util.visit_immediate_value_references = _visit_immediate_value_references


def uninstall() -> None:
    """Bokeh's own behaviour again (for tests that compare the two)."""
    HasProps.__init__ = _BOKEH["__init__"]
    HasProps.query_properties_with_values = _BOKEH["query_properties_with_values"]
    model_util.visit_immediate_value_references = _BOKEH["visit_immediate_value_references"]
