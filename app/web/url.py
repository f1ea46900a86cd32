"""The app's URL, both ways: a link reopens the exact scene, and a hostile one changes nothing.

:func:`search` writes the whole state into the URL query:

* ``preset=valley-adagrad``: a lecture preset (alone, when the scene is the preset's);
* ``surface=valley``, ``start=-8,0.5``, ``steps=3000``: the scene;
* ``surface=custom&formula=x**2 + 10*y**2&bounds=-5,5,-5,5``: a typed surface (its formula
  checked by the engine's parser, which never evaluates text; bounds only when not the
  default);
* ``run={"optimizer":"adagrad","lr":0.1,"convention":"course"}``: one per row, JSON with the
  keys of :meth:`Run.to_dict` (only those that differ from the defaults);
* ``present=1``: presentation mode; ``test=1``: the test-surface overlay;
  ``inspect=0,0``: the Hessian inspector's point; ``embed=1``: the plot and player alone;
* ``view=maps``, ``map_run=2``, ``map_x=lr:0.0001:1``, …: the Maps view (see
  :mod:`.map_state`);
* ``view=3d``, ``camera=above`` (a preset, or ``AZIMUTH,ELEVATION,DISTANCE``),
  ``height=log``: the 3-D view (see :mod:`.terrain_state`).

:func:`parse_query` reads it back from untrusted text: every value is checked by the
engine's own validators, within size limits, and a bad one is replaced by its default and
reported in a notice. Nothing in a URL is ever evaluated.
"""

from __future__ import annotations

import json
import math
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from optiviz import surfaces
from optiviz.app.display.camera import DEFAULT_CAMERA, camera_text, parse_camera
from optiviz.app.display.heights import KINDS
from optiviz.app.display.theme import MAX_RUNS
from optiviz.app.web.map_axes import NONE, AxisSpec, axis_choices, default_axes
from optiviz.app.web.map_state import CELLS, MAP_KEYS, METRICS, TOLERANCE, VIEWS, MapState
from optiviz.app.web.state import (
    COORDINATE_CAP,
    DEFAULT_FORMULA,
    DEFAULT_PRESET,
    STEPS_CAP,
    AppState,
    RunState,
    custom_start,
)
from optiviz.app.web.terrain_state import TERRAIN_KEYS, TerrainState
from optiviz.optim import presets
from optiviz.optim.scene import Run, Scene
from optiviz.surfaces import CUSTOM, Surface
from optiviz.surfaces.formula import DEFAULT_BOUNDS

VALUE_CHARS = 1000
"""Longest accepted URL value."""
QUERY_CHARS = 8000
"""Longest accepted URL query (longer ones are ignored whole)."""
LABEL_CHARS = 60
"""Longest accepted run label."""
KEYS = frozenset(
    {"preset", "surface", "start", "steps", "run", "present", "test", "inspect"}
    | {"formula", "bounds", "embed"}
    | MAP_KEYS
    | TERRAIN_KEYS
)
"""The URL keys the app reads."""

Values = Mapping[str, Sequence[str]]
"""A URL query's texts by key (the last one counts)."""


def parse_query(search: str) -> tuple[AppState, list[str]]:
    """The state a URL query describes, and a notice for each value that was refused.

    Never raises: an unknown preset, a malformed number, an out-of-range hyperparameter or
    a hostile string falls back to the default, named in the notices.

    Example:
        >>> state, notices = parse_query("?preset=valley-adagrad&steps=abc")
        >>> state.preset, state.steps, notices
        ('valley-adagrad', 3000, ["steps: expected a whole number from 1 to 100000, got 'abc'"])
    """
    state = AppState()
    notices: list[str] = []
    if len(search) > QUERY_CHARS:
        state.load_preset(DEFAULT_PRESET)
        return state, [f"the link is longer than {QUERY_CHARS} characters; ignored"]
    pairs = urllib.parse.parse_qsl(search.lstrip("?"), keep_blank_values=True)
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        if len(value) > VALUE_CHARS:
            notices.append(f"{_name(key)}: longer than {VALUE_CHARS} characters; ignored")
            continue
        values.setdefault(key, []).append(value)
    for key in sorted(set(values) - KEYS):
        notices.append(f"unknown parameter {_name(key)}; ignored")

    def read(key: str, parse: Callable[[str], Any]) -> Any:
        return _checked(notices, key, _last(values, key), parse)

    preset = read("preset", _preset)
    surface = read("surface", _surface)
    start = read("start", coordinates)
    steps = read("steps", _steps)
    formula = read("formula", _formula)
    bounds = read("bounds", _bounds)
    if surface is None and ("formula" in values or "bounds" in values):
        surface = CUSTOM
    base = presets.get(preset or DEFAULT_PRESET).scene
    steps = base.steps if steps is None else steps
    runs = []
    for i, text in enumerate(values.get("run", [])[:MAX_RUNS]):
        run = _checked(notices, f"run {i + 1}", text, lambda t: _run(t, steps))
        if run is not None:
            runs.append(run)
    if len(values.get("run", [])) > MAX_RUNS:
        notices.append(f"run: at most {MAX_RUNS} runs; the rest are ignored")
    custom = surface is not None or any(key in values for key in ("start", "steps", "run"))
    state.load(base, preset=preset or ("" if custom else DEFAULT_PRESET))
    if custom:
        typed = None
        if surface == CUSTOM:
            formula, bounds, typed = _typed_surface(notices, formula, bounds)
        if start is None and surface not in (None, base.surface):
            start = custom_start(typed) if typed else surfaces.get(surface).start
        scene = Scene(
            surface=surface or base.surface,
            start=start or base.start,
            steps=steps,
            runs=tuple(runs) or base.runs,
            formula=formula if typed else None,
            bounds=bounds if typed else None,
        )
        _checked(notices, "scene", scene, lambda scene: state.load(scene, state.preset))
    state.param.update(
        present=bool(read("present", _flag)),
        show_test=bool(read("test", _flag)),
        inspect=read("inspect", coordinates),
        embed=bool(read("embed", _flag)),
    )
    _read_maps(state.maps, values, state.runs, state.steps, notices)
    _read_terrain(state.terrain, values, notices)
    return state, notices


def _read_maps(
    maps: MapState, values: Values, runs: Sequence[RunState], steps: int, notices: list[str]
) -> None:
    """Gives ``maps`` the Maps view's settings in URL ``values``, for the scene's ``runs``;
    a value refused keeps its default and adds a notice."""

    def read(key: str, parse: Callable[[str], Any]) -> Any:
        return _checked(notices, key, _last(values, key), parse)

    updates: dict[str, Any] = {}
    for key, name, parse in (
        ("view", "view", lambda t: _one_of(t, VIEWS)),
        ("map_metric", "metric", lambda t: _one_of(t, METRICS)),
        ("map_cells", "cells", lambda t: CELLS[_one_of(t, tuple(map(str, CELLS)), True)]),
        ("map_tol", "tolerance", lambda t: TOLERANCE.check("tolerance", t)),
        ("basins", "basins", _flag),
        ("fan", "fan", _flag),
    ):
        value = read(key, parse)
        if value is not None:
            updates[name] = value
    row = read("map_run", lambda t: _row(t, len(runs)))
    maps.param.update(updates, row=row or 0)
    run = runs[maps.row]
    choices = axis_choices(run)
    axes = {
        key: read(key, lambda t, second=key == "map_y": _axis(t, choices, second))
        for key in ("map_x", "map_y")
    }
    x_default, y_default = default_axes(run.optimizer)
    x = axes["map_x"] or (x_default, None)
    y = axes["map_y"] or (y_default if y_default != x[0] else NONE, None)
    if y[0] == x[0]:
        notices.append(f"map_y: {y[0]} is already the first axis")
        y = (y_default if y_default != x[0] else NONE, None)
    maps.param.update(x=x[0], y=y[0])
    maps.fit(runs, steps, reset=True)
    maps.param.update({key: axis[1] for key, axis in (("x_range", x), ("y_range", y)) if axis[1]})


def _read_terrain(terrain: TerrainState, values: Values, notices: list[str]) -> None:
    """Gives ``terrain`` the 3-D view's camera and height scale in URL ``values``; a value
    refused keeps its default and adds a notice."""
    camera = _checked(notices, "camera", _last(values, "camera"), parse_camera)
    heights = _checked(notices, "height", _last(values, "height"), lambda t: _one_of(t, KINDS))
    if camera is not None:
        terrain.camera = tuple(camera)
    if heights is not None:
        terrain.heights = heights


def _typed_surface(
    notices: list[str], formula: str | None, bounds: Sequence[float] | None
) -> tuple[str, tuple[float, ...], Surface]:
    """The URL's formula and bounds (defaults where missing), and their surface; the
    default formula, with a notice, when the formula is finite nowhere on the bounds."""
    formula = DEFAULT_FORMULA if formula is None else formula
    bounds = DEFAULT_BOUNDS if bounds is None else bounds
    surface = _checked(notices, "formula", formula, lambda f: surfaces.from_formula(f, bounds))
    if surface is None:
        formula, surface = DEFAULT_FORMULA, surfaces.from_formula(DEFAULT_FORMULA, bounds)
    return formula, surface.bounds, surface


def _checked(notices: list[str], name: str, text: Any, parse: Callable[[Any], Any]) -> Any:
    """``parse(text)``, or None with a notice when it fails; None for a missing value."""
    if text is None:
        return None
    try:
        return parse(text)
    except Exception as error:  # a URL is untrusted: any failure is a notice
        message = str(error) if isinstance(error, ValueError) else ""
        notices.append(f"{name}: {_short(message or 'not valid')}")
        return None


def _last(values: Values, key: str) -> str | None:
    found = values.get(key)
    return found[-1] if found else None


def _preset(text: str) -> str:
    return presets.get(text).name


def _surface(text: str) -> str:
    return CUSTOM if text == CUSTOM else surfaces.get(text).name


def _formula(text: str) -> str:
    surfaces.parser.parse(text)
    return text


def _bounds(text: str) -> tuple[float, ...]:
    try:
        bounds = surfaces.formula.check_bounds(text.split(","))
    except ValueError:
        bounds = (math.inf,)
    if max(map(abs, bounds)) > COORDINATE_CAP:
        raise ValueError(f"expected X0,X1,Y0,Y1 with X0 < X1 and Y0 < Y1, got {_text(text)}")
    return bounds


def _steps(text: str) -> int:
    return _whole(text, STEPS_CAP, "a whole number")


def coordinates(text: str) -> tuple[float, float]:
    """A point typed as ``"x, y"`` (a start, an inspected point), within ±COORDINATE_CAP.

    Raises:
        ValueError: Not two finite numbers in range.
    """
    try:
        x, y = (float(part) for part in text.split(","))
    except ValueError:
        x = y = math.nan
    if not (math.isfinite(x) and math.isfinite(y)) or max(abs(x), abs(y)) > COORDINATE_CAP:
        raise ValueError(f"expected two numbers X,Y, got {_text(text)}")
    return (x, y)


def _flag(text: str) -> bool:
    if text.lower() not in ("0", "1", "true", "false", ""):
        raise ValueError(f"expected 1 or 0, got {_text(text)}")
    return text.lower() in ("1", "true", "")


def _run(text: str, steps: int) -> Run:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    run = Run.from_dict(data)
    if not isinstance(run.label, str) or len(run.label) > LABEL_CHARS:
        raise ValueError(f"label must be text of at most {LABEL_CHARS} characters")
    if run.surface is not None:
        surfaces.get(run.surface)
    if run.start is not None:
        coordinates(point_text(run.start))
    RunState.from_run(run, steps)
    return run


def _one_of(text: str, options: Sequence[str], index: bool = False) -> Any:
    if text not in options:
        raise ValueError(f"expected one of {', '.join(options)}, got {_text(text)}")
    return options.index(text) if index else text


def _row(text: str, rows: int) -> int:
    return _whole(text, rows, "a row") - 1


def _whole(text: str, most: int, what: str) -> int:
    """The whole number from 1 to ``most`` in ``text`` (``what`` names it in the error)."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= most:
        raise ValueError(f"expected {what} from 1 to {most}, got {_text(text)}")
    return number


def _axis(
    text: str, choices: Mapping[str, AxisSpec], second: bool
) -> tuple[str, tuple[float, float] | None]:
    """``NAME[:FROM:TO]`` of the row's axes (``none`` for the second)."""
    name, _, rest = text.partition(":")
    if second and name == NONE and not rest:
        return (NONE, None)
    if name not in choices:
        raise ValueError(f"expected one of {', '.join(choices)}, got {_text(text)}")
    if not rest:
        return (name, None)
    parts = rest.split(":")
    if len(parts) != 2:
        raise ValueError(f"expected NAME:FROM:TO, got {_text(text)}")
    try:
        low, high = (float(part) for part in parts)
    except ValueError:
        raise ValueError(f"expected numbers FROM:TO, got {_text(rest)}") from None
    return (name, choices[name].check(low, high))


def _text(text: str) -> str:
    return repr(_short(text))


def _name(key: str) -> str:
    return _text(key) if not key.isidentifier() or len(key) > 20 else key


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def search(state: AppState) -> str:
    """``?`` and the encoded query of ``state``: what a copied link reopens.

    Example:
        >>> state, _ = parse_query("?preset=saddle-stuck&present=1")
        >>> search(state)
        '?preset=saddle-stuck&present=1'
    """
    return "?" + urllib.parse.urlencode(query(state), safe=":,*()")


def query(state: AppState) -> list[tuple[str, str]]:
    """The URL query pairs of ``state``: the preset alone when the scene is the preset's,
    else the whole scene; then the display modes and the Maps view (defaults left out)."""
    pairs: list[tuple[str, str]] = []
    if state.preset:
        pairs.append(("preset", state.preset))
    if not state.is_preset():
        scene = state.scene()
        pairs.append(("surface", scene.surface))
        if scene.formula is not None:
            pairs.append(("formula", scene.formula))
            if scene.bounds != DEFAULT_BOUNDS:
                pairs.append(("bounds", point_text(scene.bounds)))
        pairs += [("start", point_text(scene.start)), ("steps", str(scene.steps))]
        pairs += [("run", json.dumps(run_dict(run), separators=(",", ":"))) for run in scene.runs]
    for key, on in (("present", state.present), ("test", state.show_test)):
        if on:
            pairs.append((key, "1"))
    if state.inspect is not None:
        pairs.append(("inspect", point_text(state.inspect)))
    if state.embed:
        pairs.append(("embed", "1"))
    pairs += map_pairs(state.maps)
    if state.maps.view == "3d":
        pairs += terrain_pairs(state.terrain)
    return pairs


def map_pairs(maps: MapState) -> list[tuple[str, str]]:
    """The URL pairs of the Maps view's settings, and of the view shown beside the surface
    plot (defaults left out)."""
    pairs: list[tuple[str, str]] = []
    shown = maps.view == "maps"
    if maps.view != "trajectories":
        pairs.append(("view", maps.view))
    if maps.row and (shown or maps.basins or maps.fan):
        pairs.append(("map_run", str(maps.row + 1)))
    if shown:
        pairs.append(("map_x", _axis_text(maps.x, maps.x_range)))
        pairs.append(("map_y", _axis_text(maps.y, maps.y_range)))
        defaults = MapState()
        for key, name in (("map_metric", "metric"), ("map_cells", "cells")):
            if getattr(maps, name) != getattr(defaults, name):
                pairs.append((key, str(getattr(maps, name))))
        if maps.tolerance != defaults.tolerance:
            pairs.append(("map_tol", f"{maps.tolerance:.10g}"))
    return pairs + [(key, "1") for key in ("basins", "fan") if getattr(maps, key)]


def terrain_pairs(terrain: TerrainState) -> list[tuple[str, str]]:
    """The URL pairs of the 3-D view's camera and height scale (defaults left out).

    Example:
        >>> terrain_pairs(TerrainState(camera=(-90.0, 90.0, 5.6), heights="clip"))
        [('camera', 'above'), ('height', 'clip')]
    """
    pairs = []
    text = camera_text(terrain.shown_camera())
    if text != DEFAULT_CAMERA:
        pairs.append(("camera", text))
    if terrain.heights is not None:
        pairs.append(("height", terrain.heights))
    return pairs


RUN_DEFAULTS = Run().to_dict()


def run_dict(run: Run) -> dict[str, Any]:
    """:meth:`Run.to_dict` without the keys at their defaults (the optimizer always)."""
    data = run.to_dict()
    return {
        key: value
        for key, value in data.items()
        if key == "optimizer" or value != RUN_DEFAULTS.get(key)
    }


def point_text(point: Sequence[float]) -> str:
    """A point (or bounds) as URL text: ``(-8.0, 0.5)`` → ``"-8,0.5"``."""
    return ",".join(f"{float(v):.10g}" for v in point)


def _axis_text(name: str, values: Sequence[float]) -> str:
    if name == NONE:
        return NONE
    low, high = values
    return f"{name}:{low:.10g}:{high:.10g}"
