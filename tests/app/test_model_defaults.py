"""Bokeh's defaults resolved once per class (served sessions) are Bokeh's own defaults."""

from __future__ import annotations

import pytest
from bokeh.core.has_props import HasProps
from bokeh.models import ColumnDataSource, Slider
from bokeh_patches import defaults_changed_by

from optiviz.app.web import model_defaults


@pytest.fixture
def installed():
    model_defaults.install()
    yield
    model_defaults.uninstall()


def test_kept_defaults_are_bokeh_s_own():
    read, changed = defaults_changed_by(model_defaults)
    assert read > 10000
    assert not changed


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
