"""A value from a browser that a widget or its linked parameter refuses is refused in one log
line: no exception, no traceback, the widget keeps its last valid value."""

from __future__ import annotations

import logging

import panel as pn
import param

from optiviz.app.web import hostile


class Settings(param.Parameterized):
    steps = param.Integer(default=500, bounds=(1, 100_000))


def test_a_refused_value_is_one_warning_line_and_changes_nothing(caplog):
    hostile.guard()
    hostile.guard()  # installed once
    settings = Settings()
    spinner = pn.widgets.IntInput.from_param(settings.param.steps)
    select = pn.widgets.Select(options=["gd", "adam"], value="gd")
    with caplog.at_level(logging.WARNING):
        spinner._process_events({"value": -1})
        select._process_events({"value": "<script>alert(1)</script>"})
    assert settings.steps == 500 and spinner.value == 500
    assert select.value == "gd"
    refusals = [r for r in caplog.records if r.name == "optiviz.hostile"]
    assert len(refusals) == 2 and all(r.exc_info is None for r in refusals)
    assert "steps" in refusals[0].getMessage() and "\n" not in refusals[0].getMessage()
    assert not any(r.exc_info for r in caplog.records), "no traceback logged"
    spinner._process_events({"value": 30})
    assert settings.steps == 30, "valid values still go through"
