"""Generated URL queries, valid and hostile, against ``parse_query``, the engine and the plots.

For every query: ``parse_query`` raises nothing; each refused value is named in a notice and
each valid one is not; the state's scene is one the engine simulates (cut to its work budget,
as the app does) and the plots' data is built from; the link the app writes for the state
reads back to the same link without notices. A seeded subset builds the whole lab.
"""

from __future__ import annotations

import os

import panel as pn
import pytest
from hypothesis import given, settings
from url_queries import Query, queries, raw_queries

from optiviz import optim
from optiviz.app.display.scene_data import scene_data, surface_data
from optiviz.app.web import url
from optiviz.app.web.lab import Lab
from optiviz.app.web.url import parse_query
from optiviz.optim import budget
from optiviz.optim.scene import simulate

optim.enable_compilation_cache()  # as the app and the CLI do: a second run compiles nothing

URL_EXAMPLES = int(os.environ.get("URL_EXAMPLES", 2000))
"""Queries through the parser, the engine and the plots' data."""
RAW_EXAMPLES = 300
"""Whole query strings of garbage through the parser."""
LAB_EXAMPLES = 20
"""Queries through a whole lab (about a second each)."""
NOTICE_CHARS = 200


def named(notices: list[str], key: str) -> bool:
    """Whether a notice is about URL key ``key`` (``run``: about any of the runs)."""
    prefixes = (f"{key}:", f"unknown parameter {key};", f"unknown parameter {key!r};")
    if key == "run":
        prefixes += ("run ",)
    return any(notice.startswith(prefixes) for notice in notices)


def check_state(search: str) -> list[str]:
    """Parses ``search`` and runs and lays out its scene as the app does; returns the
    notices."""
    state, notices = parse_query(search)
    assert all("\n" not in n and len(n) <= NOTICE_CHARS for n in notices), notices
    scene, _ = budget.fit_scene(state.scene())
    data = scene_data(scene, simulate(scene))
    for surface in data.surfaces:
        view = surface_data(surface)
        assert view.low < view.high
    link = url.search(state)
    again, none = parse_query(link)
    assert none == [] and url.search(again) == link
    return notices


@settings(max_examples=URL_EXAMPLES)
@given(queries())
def test_any_query_gives_a_state_the_engine_runs_and_the_plots_draw(query: Query):
    notices = check_state(query.text())
    for key, valid in query.valid.items():
        if valid is False:
            assert named(notices, key), (key, notices)
        elif valid is True:
            assert not named(notices, key), (key, notices)


@settings(max_examples=RAW_EXAMPLES)
@given(raw_queries)
def test_any_query_string_is_read_without_raising(search: str):
    check_state(search)


@settings(max_examples=LAB_EXAMPLES)
@given(queries())
def test_a_lab_is_built_from_any_query(query: Query):
    pn.extension("katex")
    lab = Lab(query.text())
    assert lab.figure is not None and lab.figure.data.paths
    refused = any(valid is False for valid in query.valid.values())
    assert lab.notice.visible or not refused


@pytest.mark.parametrize(
    "search",
    [
        "?formula=x**2&formula=__import__('os')",
        "?steps=30&steps=nan",
        "?" + "&".join(["run={}"] * 9),
    ],
)
def test_the_last_value_of_a_repeated_key_counts(search):
    notices = check_state(search)
    assert notices, search
