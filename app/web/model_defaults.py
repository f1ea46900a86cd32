"""Bokeh's property defaults, resolved once per class instead of at every read.

Bokeh keeps only the values a model was given; every read of any other property (the model's
own construction, Panel's layout, and above all the document's serialization, which reads
every property of every model) resolves its default again: it walks the class's MRO for
overridden defaults, copies the default, validates it, and asks whether it is one that must
be made anew for each model. With the ~300 models of a session that is about a third of the
CPU a session open costs the server (cProfile of served opens: ``PropertyDescriptor._get``
under 40 % of the event loop's time).

What is resolved once per class here never changes after the class is created: its
overridden defaults (Bokeh's metaclass fixes ``__overridden_defaults__``), whether a
property's default is made anew for each model, and a default that is an immutable value (a
string, a number, ``None``, a tuple of those), which resolves to the same value every time.
Defaults that Bokeh makes anew for each model (lists, dicts, other models, any default given
as a function) and theme overrides take Bokeh's own path, unchanged.

Example:
    >>> from bokeh.models import Slider
    >>> install()
    >>> Slider(start=0, end=1, value=0.5).orientation
    'horizontal'
    >>> uninstall()
"""

from __future__ import annotations

from typing import Any

from bokeh.core.has_props import HasProps
from bokeh.core.property.descriptors import PropertyDescriptor

_IMMUTABLE = (str, int, float, bool, type(None))
_BOKEH = {
    "_overridden_defaults": HasProps.__dict__["_overridden_defaults"],
    "themed_values": HasProps.themed_values,
    "has_unstable_default": PropertyDescriptor.has_unstable_default,
    "_get_default": PropertyDescriptor._get_default,
}
_overrides: dict[type, dict[str, Any]] = {}
_unstable: dict[type, dict[str, bool]] = {}
_stable: dict[type, dict[str, Any]] = {}
"""Keyed by the class itself, not weakly (a weak key costs a weak reference per read): Bokeh
holds every model class for the process's life anyway (its model resolver)."""
_MISSING = object()


def _immutable(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(isinstance(item, _IMMUTABLE) for item in value)
    return isinstance(value, _IMMUTABLE)


def _per_class(table: dict[type, dict], cls: type) -> dict:
    known = table.get(cls)
    if known is None:
        known = table[cls] = {}
    return known


def _overridden_defaults(cls: type[HasProps]) -> dict[str, Any]:
    """``HasProps._overridden_defaults``, merged once per class (callers only read it)."""
    merged = _overrides.get(cls)
    if merged is None:
        merged = {}
        for base in reversed(cls.__mro__):
            merged.update(getattr(base, "__overridden_defaults__", {}))
        _overrides[cls] = merged
    return merged


def _themed_values(self: HasProps) -> dict[str, Any] | None:
    """``HasProps.themed_values``: Bokeh keeps a theme's values in the instance's dict (no
    class defines them), so they are read there without a failed attribute lookup."""
    return self.__dict__.get("__themed_values__")


def _has_unstable_default(self: PropertyDescriptor, obj: HasProps) -> bool:
    """``PropertyDescriptor.has_unstable_default``, answered once per class."""
    known = _per_class(_unstable, type(obj))
    answer = known.get(self.name)
    if answer is None:
        answer = known[self.name] = _BOKEH["has_unstable_default"](self, obj)
    return answer


def _get_default(self: PropertyDescriptor, obj: HasProps) -> Any:
    """``PropertyDescriptor._get_default``, kept per class when it is an immutable value
    that no theme overrides."""
    themed = obj.themed_values()
    if themed is not None and self.name in themed:
        return _BOKEH["_get_default"](self, obj)
    known = _per_class(_stable, type(obj))
    value = known.get(self.name, _MISSING)
    if value is _MISSING:
        value = _BOKEH["_get_default"](self, obj)
        if _immutable(value) and not self.has_unstable_default(obj):
            known[self.name] = value
    return value


def install() -> None:
    """Resolves Bokeh's defaults once per class from now on, in this process."""
    HasProps._overridden_defaults = classmethod(_overridden_defaults)
    HasProps.themed_values = _themed_values
    PropertyDescriptor.has_unstable_default = _has_unstable_default
    PropertyDescriptor._get_default = _get_default


def uninstall() -> None:
    """Bokeh's own resolution again (for tests that compare the two)."""
    HasProps._overridden_defaults = _BOKEH["_overridden_defaults"]
    HasProps.themed_values = _BOKEH["themed_values"]
    PropertyDescriptor.has_unstable_default = _BOKEH["has_unstable_default"]
    PropertyDescriptor._get_default = _BOKEH["_get_default"]
    for table in (_overrides, _unstable, _stable):
        table.clear()
