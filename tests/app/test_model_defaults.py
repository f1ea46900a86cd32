"""Bokeh's defaults resolved once per class (served sessions) are Bokeh's own defaults."""

from __future__ import annotations

import panel as pn
import pytest
from bokeh.core.has_props import HasProps
from bokeh.core.property.descriptors import UnsetValueError
from bokeh.model import Model
from bokeh.models import ColumnDataSource, Slider

from optiviz.app.web import model_defaults
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


@pytest.fixture
def installed():
    model_defaults.install()
    yield
    model_defaults.uninstall()


def test_kept_defaults_are_bokeh_s_own():
    bokeh_s = every_default()
    model_defaults.install()
    try:
        kept = every_default()
    finally:
        model_defaults.uninstall()
    assert len(bokeh_s) > 10000
    mismatched = {
        key for key, value in bokeh_s.items() if comparable(kept[key]) != comparable(value)
    }
    assert not mismatched


def test_a_mutable_default_is_a_fresh_value_for_each_model(installed):
    first, second = ColumnDataSource(), ColumnDataSource()
    first.data["x"] = [1]
    assert second.data == {}


def test_a_theme_still_overrides_a_kept_default(installed):
    slider = Slider(start=0, end=1, value=0)
    assert slider.orientation == "horizontal"
    slider.apply_theme({"orientation": "vertical"})
    assert slider.orientation == "vertical"
    assert Slider(start=0, end=1, value=0).orientation == "horizontal"


def test_uninstall_restores_bokeh_s_resolution(installed):
    model_defaults.uninstall()
    assert HasProps._overridden_defaults.__func__.__module__ == "bokeh.core.has_props"
    assert HasProps.themed_values.__module__ == "bokeh.core.has_props"
    model_defaults.install()
