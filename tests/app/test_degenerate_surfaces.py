"""Degenerate surfaces draw everywhere: flat, nearly flat, huge, tiny, beyond float32, tiny
bounds. Each case here once failed (see the notes in the parametrization)."""

from __future__ import annotations

import warnings

import numpy as np
import panel as pn
import pytest

from optiviz import surfaces
from optiviz.app.display.colour_scale import colour_scale, image_values, widened
from optiviz.app.display.map_data import map_data
from optiviz.app.display.scene_data import surface_data
from optiviz.app.export import export
from optiviz.app.web.lab import Lab
from optiviz.optim import sweep
from optiviz.optim.scene import Run, Scene

DEGENERATE = [
    # (formula, bounds, flat): each raised or drew wrongly before the colour scale.
    ("0*x", None, True),  # ValueError: Contour levels must be increasing
    ("1", None, True),  # the same
    ("-1e300 + x", None, True),  # the same: x vanishes in the rounding of -1e300
    ("1 + 1e-15*x", None, True),  # contours of rounding noise
    ("x**2", (0, 1e-300, 0, 1e-300), True),  # tiny bounds: L underflows to 0
    ("1e300*x**2", None, False),  # inf in the float32 image
    ("1e-300*x", None, False),  # 0 in the float32 image
    ("1e308*x", None, False),  # the span overflows float64: Matplotlib warned on every draw
    ("x**2", (1, 1 + 1e-12, 1, 1 + 1e-12), False),  # nearly zero width
    ("log(x)", None, False),  # finite on half the plot
]


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


def surface(formula: str, bounds) -> surfaces.Surface:
    return surfaces.from_formula(formula, bounds or surfaces.formula.DEFAULT_BOUNDS)


@pytest.mark.parametrize(("formula", "bounds", "flat"), DEGENERATE)
def test_the_surface_data_has_a_range_and_increasing_levels_or_a_note(formula, bounds, flat):
    view = surface_data(surface(formula, bounds))
    assert np.isfinite([view.low, view.high]).all() and view.low < view.high
    assert np.all(np.diff(view.levels) > 0)
    assert np.all((view.levels > view.low) & (view.levels < view.high))
    assert bool(view.note) == flat == (len(view.levels) == 0)
    if flat:
        assert view.note.startswith("The surface is flat here")
    image = view.image["image"][0]
    finite = np.isfinite(view.grid.values)
    assert np.array_equal(np.isfinite(image), finite), "the image keeps every finite value"
    if not flat:
        # The browser colours (v − low)/(high − low): the image's values still span the range.
        shown = image[finite].astype(np.float64)
        assert shown.max() / 2 - shown.min() / 2 > 0.25 * view.high - 0.25 * view.low


def test_the_image_is_float32_unless_float32_would_lose_its_colours():
    assert surface_data(surfaces.get("valley")).image["image"][0].dtype == np.float32
    assert surface_data(surface("1e300*x**2", None)).image["image"][0].dtype == np.float64
    assert surface_data(surface("1e-300*x", None)).image["image"][0].dtype == np.float64


def test_colour_scales_of_hostile_values():
    assert colour_scale(np.full((4, 4), np.nan)).note == "L is not finite anywhere on the plot."
    huge = colour_scale(np.array([-1.7e308, 1.7e308]))
    assert huge.low < huge.high and np.isfinite(huge.levels).all() and len(huge.levels) == 14
    log = colour_scale(np.array([0.0, 1e-30, 5.0]), log=True)
    assert log.log and 0 < log.low < log.high and np.all(np.diff(log.levels) > 0)
    assert widened(1.797e308, 1.797e308)[1] == np.finfo(np.float64).max
    scale = colour_scale(np.array([0.0, 1.0]))
    assert image_values(np.array([np.nan, 2.0]), scale).tolist()[1] == 1.0


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("?surface=custom&formula=0*x", "L = 0 everywhere"),
        ("?formula=1&bounds=0,1e-9,0,1e-9", "L = 1 everywhere"),
        ("?formula=-1e300%2Bx", "L = -1e+300"),
    ],
)
def test_a_lab_on_a_flat_surface_is_built_and_says_so(query, note):
    pn.extension("katex")
    lab = Lab(query)
    label = lab.figure.surfaces[0].note
    assert label.visible and note in label.text
    assert len(lab.figure.surfaces[0].contours.data_source.data["x"]) == 0
    lab.state.formula, lab.state.bounds = "x**2 + y**2", (-2.0, 2.0, -2.0, 2.0)
    assert not label.visible, "a surface with contours hides the note again"


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html"])
@pytest.mark.parametrize(("formula", "bounds"), [("1", None), ("1e308*x", None)])
def test_exports_of_degenerate_surfaces(tmp_path, formula, bounds, suffix):
    scene = Scene("custom", None, 20, (Run("gd", lr=0.1),), formula=formula, bounds=bounds)
    path = export(scene, tmp_path / f"flat{suffix}", size=(320, 240))
    text = path.read_bytes()
    assert len(text) > 1000
    if suffix == ".svg" and formula == "1":
        assert b"flat here" in text


def test_the_map_of_a_flat_surface_has_a_colour_range():
    flat = surface("0*x", None)
    result = sweep(flat, "gd", grid={"lr": [0.1, 0.2], "noise": [0.0, 0.1]}, steps=5)
    data = map_data(result, flat)
    assert np.all(np.asarray(data.cells["value"]) == 0.0)
    assert data.low < data.high
