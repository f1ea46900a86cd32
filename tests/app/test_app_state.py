"""The app's state and its URL: round trips, presets, and hostile or broken links."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from optiviz import optim, surfaces
from optiviz.app.web.state import (
    DEFAULT_PRESET,
    MAX_RUNS,
    STEPS_CAP,
    AppState,
    RunState,
    normalized,
)
from optiviz.app.web.url import QUERY_CHARS, parse_query, search
from optiviz.optim import presets
from optiviz.optim.scene import Run, Scene, simulate


def query(**values) -> str:
    pairs = []
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((key, item if isinstance(item, str) else json.dumps(item)))
    return "?" + urllib.parse.urlencode(pairs)


@pytest.mark.parametrize("name", presets.names())
def test_every_preset_round_trips_through_the_state_and_its_url(name):
    state = AppState()
    state.load_preset(name)
    assert state.is_preset()
    assert search(state) == f"?preset={name}"
    reopened, notices = parse_query(search(state))
    assert notices == []
    assert reopened.scene() == state.scene() == normalized(presets.get(name).scene)


def test_the_state_runs_what_the_preset_runs():
    scene = presets.get("valley-warmup").scene
    state = AppState()
    state.load(scene)
    for ours, theirs in zip(simulate(state.scene()), simulate(scene), strict=True):
        assert (ours.positions == theirs.positions).all()


def test_a_changed_scene_round_trips_with_every_kind_of_setting():
    state = AppState()
    state.load_preset("optimizer-race")
    state.runs[0].lr = 0.0021
    state.runs[1].param.update(momentum=0.5, schedule="cosine", warmup=30, T=400)
    state.runs[4].param.update(noise=0.3, batch_size=8, seed=7, clip=2.0, convention="course")
    state.runs[5].param.update(beta1=0.8, eps=1e-6, weight_decay=0.01, label="my Adam")
    state.param.update(start=(-1.0, 2.0), steps=700, present=True, inspect=(1.0, 1.0))
    reopened, notices = parse_query(search(state))
    assert notices == []
    assert not reopened.is_preset()
    assert reopened.preset == "optimizer-race"
    assert reopened.scene() == state.scene()
    assert (reopened.present, reopened.inspect) == (True, (1.0, 1.0))


def test_changing_the_optimizer_resets_its_hyperparameters_to_its_defaults():
    row = RunState(optimizer="momentum", momentum=0.5)
    row.optimizer = "rmsprop"
    defaults = {p.name: p.default for p in optim.get("rmsprop").parameters}
    assert row.momentum == defaults["momentum"] == 0.0
    assert row.shown() == ["alpha", "eps", "momentum", "weight_decay"]
    assert row.run().hyperparameters == {}


def test_a_bare_url_opens_the_default_preset():
    state, notices = parse_query("")
    assert (state.preset, notices) == (DEFAULT_PRESET, [])
    assert state.is_preset()


def test_scene_keys_without_a_preset_build_on_the_default_scene():
    state, notices = parse_query(query(surface="himmelblau", run={"optimizer": "adam"}))
    assert notices == []
    assert state.preset == ""
    assert state.start == surfaces.get("himmelblau").start
    assert [row.optimizer for row in state.runs] == ["adam"]


@pytest.mark.parametrize(
    ("search", "named"),
    [
        ("?preset=nope", "preset"),
        ("?steps=abc", "steps"),
        (f"?steps={STEPS_CAP + 1}", "steps"),
        ("?steps=-3", "steps"),
        ("?start=nan,1", "start"),
        ("?start=1e308,1", "start"),
        ("?start=1", "start"),
        ("?surface=../../etc/passwd", "surface"),
        ("?present=maybe", "present"),
        ("?inspect=a,b", "inspect"),
        (query(run="not json"), "run 1"),
        (query(run="[1, 2]"), "run 1"),
        (query(run="[" * 900), "run 1"),
        (query(run={"optimizer": "__import__('os')"}), "run 1"),
        (query(run={"optimizer": "adam", "lr": -1}), "run 1"),
        (query(run={"optimizer": "adam", "lr": "1e-3; rm -rf /"}), "run 1"),
        (query(run={"optimizer": "adam", "momentum": 0.9}), "run 1"),
        (query(run={"optimizer": "adam", "hyperparameters": {"beta1": 1.5}}), "run 1"),
        (query(run={"optimizer": "gd", "hyperparameters": {"momentum": [1]}}), "run 1"),
        (query(run={"optimizer": "gd", "schedule": "cosine:T=-1"}), "run 1"),
        (query(run={"optimizer": "gd", "convention": "keras"}), "run 1"),
        (query(run={"optimizer": "gd", "seed": 1.5}), "run 1"),
        (query(run={"optimizer": "gd", "label": "x" * 500}), "run 1"),
        (query(run={"optimizer": "gd", "start": [1e300, 0]}), "run 1"),
        (query(run={"optimizer": "gd", "__class__": 1}), "run 1"),
        ("?run=" + "x" * 2000, "run"),
        ("?%00=1", "unknown parameter"),
    ],
)
def test_a_bad_url_value_falls_back_with_a_notice_naming_it(search, named):
    state, notices = parse_query(search)
    assert len(notices) == 1
    assert notices[0].startswith(named)
    assert 1 <= state.steps <= STEPS_CAP
    assert simulate(state.scene())


def test_a_bad_run_is_dropped_and_the_good_ones_kept():
    good = {"optimizer": "adam", "lr": 0.05}
    state, notices = parse_query(query(run=[good, {"optimizer": "nope"}, good]))
    assert [row.optimizer for row in state.runs] == ["adam", "adam"]
    assert len(notices) == 1
    assert notices[0].startswith("run 2: unknown optimizer 'nope'")


def test_runs_beyond_the_limit_are_ignored_with_a_notice():
    state, notices = parse_query(query(run=[{"optimizer": "gd"}] * (MAX_RUNS + 3)))
    assert len(state.runs) == MAX_RUNS
    assert notices == [f"run: at most {MAX_RUNS} runs; the rest are ignored"]


def test_an_overlong_query_is_ignored_whole():
    state, notices = parse_query("?steps=5&x=" + "a" * QUERY_CHARS)
    assert state.preset == DEFAULT_PRESET and state.is_preset()
    assert len(notices) == 1 and str(QUERY_CHARS) in notices[0]


def test_notices_quote_at_most_a_short_excerpt_of_the_bad_value():
    _, notices = parse_query("?steps=" + "9" * 900)
    assert len(notices[0]) < 120


def test_per_run_surfaces_and_starts_survive_the_url():
    scene = Scene(
        "saddle",
        (0.5, 0.5),
        100,
        (Run("gd", lr=0.05), Run("gd", lr=0.05, start=(0.1, -0.1), label="own start")),
    )
    state = AppState()
    state.load(scene)
    reopened, notices = parse_query(search(state))
    assert notices == []
    assert reopened.scene() == state.scene()
    assert reopened.runs[1].start == (0.1, -0.1)
