"""Hypothesis strategies for URL queries of the app: every key ``parse_query`` reads, with
valid values and hostile ones, and unknown keys.

Values that make the engine compile (a surface, a formula and its bounds, a number of steps,
an optimizer with its convention and schedule kind) come from small pools, so that thousands
of examples compile a few dozen programs; every number the engine treats as data (η, β, the
start, the noise, …) is drawn freely, hostile values included.

A drawn query is a :class:`Query`: its pairs, and for each key whether its value is valid
(True), refused (False) or depends on the rest of the query (None).
"""

from __future__ import annotations

import json
import math
import urllib.parse
from typing import NamedTuple

from hypothesis import strategies as st

from optiviz import optim, surfaces
from optiviz.app.web.map_state import CELLS, METRICS
from optiviz.app.web.url import KEYS
from optiviz.optim.scene import Run

FORMULAS = ["0*x", "x**2 + 10*y**2", "1e300*x**2", "-1e300 + x", "log(x)"]
"""Formulas the parser accepts: flat, huge, finite on half the plot, and ordinary."""
BAD_FORMULAS = [
    "__import__('os')",
    "x.real",
    "().__class__",
    "sin(",
    "x +",
    "foo(x)",
    "lambda: 1",
    "x; import os",
    "(" * 300 + "x" + ")" * 300,
    "ｘ + ｙ",
]
"""Formulas the parser refuses: code, syntax errors, unknown names, too deep."""
NOWHERE_FINITE = ["log(-1 - x**2)", "9**9**9**9"]
"""Formulas refused as a surface (finite nowhere on the plot): only when the surface is one."""
BOUNDS = ["-5,5,-5,5", "0,1e-9,0,1e-9"]
BAD_BOUNDS = ["5,-5,5,-5", "1,1,1,1", "nan,1,2,3", "-1e7,1e7,-1,1", "1,2,3", "0,inf,0,1"]
STEPS = ["30", "3_0", "٣٠", " 30 ", "+30"]
"""Steps, one number (each new one compiles): Python reads all five as 30."""
PRESETS = ["valley-adagrad", "saddle-stuck"]
SCHEDULES = ["constant", "cosine:T=20,warmup=3", "step:N=5,gamma=0.5"]
HOSTILE = [
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "1e309",
    "-1e309",
    "-1",
    "0",
    "",
    " ",
    "1e-400",
    "0x10",
    "½",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "${7*7}",
    "{{7*7}}",
    "__import__('os')",
    "\x00",
    "\u202e1",
    "9" * 400,
    "1,2,3",
    ",",
    "null",
    "[]",
    "{}",
    "a" * 1001,
]
"""Text no numeric key accepts."""
LENIENT = ["1_0", "١", "𝟙", " 2 ", "+1", "1."]
"""Numbers Python reads (underscores, other scripts' digits, spaces): a key may take them."""

any_text = st.text(max_size=40)
hostile_text = st.one_of(st.sampled_from(HOSTILE), any_text)
number = st.floats(allow_nan=True, allow_infinity=True)
finite = st.floats(-1e6, 1e6, allow_nan=False)


class Query(NamedTuple):
    """A URL query and what the app should make of it.

    Attributes:
        pairs: (key, value) in order.
        valid: For each key, True (valid: no notice names it), False (refused: a notice names
            it) or None (depends on other keys); ``run`` is False when one of the runs is
            refused.
    """

    pairs: list[tuple[str, str]]
    valid: dict[str, bool | None]

    def text(self) -> str:
        return "?" + urllib.parse.urlencode(self.pairs)


def number_text(value: float) -> str:
    return repr(value) if math.isfinite(value) else str(value)


@st.composite
def point(draw) -> tuple[str, bool]:
    """``X,Y`` and whether the app accepts it (two finite numbers within ±1e6)."""
    if draw(st.booleans()):
        x, y = draw(finite), draw(finite)
        return f"{number_text(x)},{number_text(y)}", True
    if draw(st.booleans()):
        x, y = draw(number), draw(number)
        ok = all(math.isfinite(v) and abs(v) <= 1e6 for v in (x, y))
        return f"{number_text(x)},{number_text(y)}", ok
    return draw(st.sampled_from(HOSTILE)), False


def choice(valid: list[str], invalid: list[str] | None = None) -> st.SearchStrategy:
    """One of ``valid`` (True), of ``invalid`` / hostile text (False), or a number Python
    reads leniently (None)."""
    bad = st.sampled_from(invalid or HOSTILE)
    return st.one_of(
        st.sampled_from(valid).map(lambda v: (v, True)),
        bad.filter(lambda v: v not in valid).map(lambda v: (v, False)),
        st.sampled_from(LENIENT).map(lambda v: (v, None)),
    )


@st.composite
def run_json(draw) -> tuple[str, bool | None]:
    """One ``run=`` value: a run object from a small pool of compiled shapes with drawn
    numbers (None: valid unless other keys disagree), or a refused one (False)."""
    run: dict[str, object] = {"optimizer": draw(st.sampled_from(optim.names()))}
    if draw(st.booleans()):
        run["lr"] = draw(st.floats(1e-6, 10.0))
    if draw(st.integers(0, 7)) == 0:
        run["convention"] = "course"
    if draw(st.integers(0, 7)) == 0:
        run["schedule"] = draw(st.sampled_from(SCHEDULES))
    if draw(st.integers(0, 5)) == 0:
        run["noise"] = draw(st.floats(0.0, 5.0))
        run["seed"] = draw(st.integers(0, 2**32 - 1))
    if draw(st.integers(0, 4)) == 0:
        run["start"] = [draw(finite), draw(finite)]
    if draw(st.integers(0, 3)) == 0:
        run["label"] = draw(st.text(max_size=60))
    mutation = draw(st.integers(0, 9))
    if mutation == 0:
        return json.dumps(run), None
    bad: list[tuple[str, object]] = [
        ("lr", draw(st.sampled_from([math.nan, math.inf, -1.0, 0.0, "x", [1], {}]))),
        ("optimizer", draw(hostile_text.filter(lambda t: t not in optim.names()))),
        ("hyperparameters", {"momentum": draw(st.sampled_from([1.0, -0.1, math.nan, 2.0]))}),
        ("schedule", draw(st.sampled_from(["cosine:T=0", "step:N=-1", "bogus", "exp:gamma=2"]))),
        ("convention", draw(hostile_text.filter(lambda t: t not in optim.CONVENTIONS))),
        ("noise", draw(st.sampled_from([-1.0, math.inf, math.nan]))),
        ("batch_size", draw(st.sampled_from([-3, 0, 0.5, "x", math.inf]))),
        ("seed", draw(st.sampled_from([-1, 2**64, 1.5]))),
        ("start", draw(st.sampled_from([[math.nan, 0], [1e309, 0], [1, 2, 3], "0,0", [2e6, 0]]))),
        ("label", "x" * 61),
        ("surface", draw(hostile_text.filter(lambda t: t not in surfaces.names()))),
        (draw(st.text(min_size=1, max_size=10).filter(lambda k: k not in RUN_KEYS)), 1),
    ]
    key, value = bad[draw(st.integers(0, len(bad) - 1))]
    run[key] = value
    not_a_run = st.sampled_from([text for text in HOSTILE if text != "{}"])
    text = json.dumps(run) if draw(st.integers(0, 5)) else draw(not_a_run)
    return text, False


RUN_KEYS = frozenset(Run().to_dict())
FLAGS = ["0", "1", "true", "false", ""]


def in_context(drawn: tuple[str, bool | None]) -> tuple[str, bool | None]:
    """A drawn (value, valid) for a key whose valid values may still be refused with others
    (a formula finite nowhere on the bounds, a row that does not exist): None unless
    refused."""
    value, valid = drawn
    return value, None if valid is not False else False


def key_values() -> dict[str, st.SearchStrategy]:
    """A strategy of (value, valid) per URL key."""
    return {
        "preset": choice(PRESETS),
        "surface": choice(["valley", "saddle", "custom"]),
        "start": point(),
        "steps": st.one_of(
            st.sampled_from(STEPS).map(lambda v: (v, True)),
            st.sampled_from([*HOSTILE, "100001", "-5", "2.5", "1e3"]).map(lambda v: (v, False)),
        ),
        "present": choice(FLAGS, ["2", "yes", "<b>", "nan"]),
        "test": choice(FLAGS, ["2", "yes", "<b>", "nan"]),
        "embed": choice(FLAGS, ["2", "yes", "<b>", "nan"]),
        "inspect": point(),
        "formula": st.one_of(
            choice(FORMULAS, BAD_FORMULAS).map(in_context),
            st.sampled_from(NOWHERE_FINITE).map(lambda f: (f, None)),
        ),
        "bounds": choice(BOUNDS, BAD_BOUNDS).map(in_context),
        "view": choice(["trajectories", "maps"]),
        "map_run": choice(["1", "2", "7"]).map(in_context),
        "map_x": choice(["lr", "lr:0.0001:1", "lr:1:0.1", "momentum", "eps", "noise:0:1"]).map(
            in_context
        ),
        "map_y": choice(["none", "momentum", "beta1:0.5:0.9", "lr"]).map(in_context),
        "map_metric": choice(list(METRICS)),
        "map_cells": choice([str(c) for c in CELLS], [*HOSTILE, "1000", "17"]),
        "map_tol": st.one_of(
            st.floats(1e-12, 1e6).map(lambda v: (repr(v), True)),
            st.sampled_from(["0", "-1", "nan", "inf", "1e309", "x"]).map(lambda v: (v, False)),
        ),
        "basins": choice(FLAGS, ["2", "yes"]),
        "fan": choice(FLAGS, ["2", "yes"]),
    }


unknown_key = st.text(min_size=1, max_size=30).filter(lambda k: k not in KEYS)


@st.composite
def queries(draw) -> Query:
    """A URL query of the app's keys (each at most once, in any order) with valid and
    hostile values, runs, and unknown keys."""
    strategies = key_values()
    keys = draw(st.lists(st.sampled_from(sorted(strategies)), unique=True, max_size=8))
    pairs, valid = [], {}
    for key in keys:
        value, ok = draw(strategies[key])
        pairs.append((key, value))
        valid[key] = ok if len(value) <= 1000 else False
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2, 3]))):
        value, ok = draw(run_json())
        pairs.append(("run", value))
        if ok is False or len(value) > 1000:
            valid["run"] = False
    for _ in range(draw(st.integers(0, 2))):
        key = draw(unknown_key)
        pairs.append((key, draw(any_text)))
        valid[key] = False
    return Query(draw(st.permutations(pairs)), valid)


raw_queries = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(["&", "=", "%", "%zz", "%00", "?", "+", "run=", "steps=", "x"])).map(
        "".join
    ),
    st.just("?preset=valley-adagrad&" + "x=1&" * 2000),
)
"""Whole query strings that are not built from pairs: garbage, broken escapes, too long."""
