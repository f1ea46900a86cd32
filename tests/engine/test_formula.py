"""Typed formulas: parsed trees against hand-written JAX, refusals, LaTeX, scenes and the CLI."""

import json

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from optiviz import optim, surfaces
from optiviz.app.cli import main
from optiviz.optim.scene import Run, Scene, simulate
from optiviz.surfaces import formula
from optiviz.surfaces.parser import FormulaError, parse

# (formula, the same written in JAX by hand, bounds where it is smooth)
FORMULAS = [
    ("x**2 + 10*y**2", lambda x, y: x**2 + 10 * y**2, (-3, 3, -3, 3)),
    ("(1 - x)**2 + 100*(y - x**2)**2", lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2, None),
    ("sin(x)*cos(y)", lambda x, y: jnp.sin(x) * jnp.cos(y), None),
    ("1 - exp(-(x**2 + y**2)/2)", lambda x, y: 1 - jnp.exp(-(x**2 + y**2) / 2), None),
    ("log(1 + x**2 + y**2)", lambda x, y: jnp.log(1 + x**2 + y**2), None),
    ("log1p(exp(x)) + tanh(y)", lambda x, y: jnp.log1p(jnp.exp(x)) + jnp.tanh(y), None),
    ("sqrt(x**2 + y**2 + 1)", lambda x, y: jnp.sqrt(x**2 + y**2 + 1), None),
    ("sinh(x/3)*cosh(y/3) - pi", lambda x, y: jnp.sinh(x / 3) * jnp.cosh(y / 3) - jnp.pi, None),
    ("arctan(x*y) + tan(y/4)", lambda x, y: jnp.arctan(x * y) + jnp.tan(y / 4), None),
    ("abs(x - 1) + 0.5*abs(y)**3", lambda x, y: jnp.abs(x - 1) + 0.5 * jnp.abs(y) ** 3, None),
    (
        "minimum(x**2, (y - 1)**2) + maximum(x, -y)",
        lambda x, y: jnp.minimum(x**2, (y - 1) ** 2) + jnp.maximum(x, -y),
        None,
    ),
    ("w1**3 - 3*w1*w2**2", lambda x, y: x**3 - 3 * x * y**2, None),
    ("(w - 2)**2 + e*b**2/-2", lambda x, y: (x - 2) ** 2 + jnp.e * y**2 / -2, None),
    ("x**y + 2**-x", lambda x, y: x**y + 2.0**-x, (0.5, 3, 0.5, 3)),
]


def finite_difference_gradient(f, w, h=1e-6):
    return np.array([(f(w + h * e) - f(w - h * e)) / (2 * h) for e in np.eye(2)])


def finite_difference_hessian(f, w, h=1e-4):
    e = np.eye(2) * h
    return np.array(
        [
            [(f(w + a + b) - f(w + a - b) - f(w - a + b) + f(w - a - b)) / (4 * h * h) for b in e]
            for a in e
        ]
    )


@pytest.mark.parametrize(("text", "by_hand", "bounds"), FORMULAS, ids=[f[0] for f in FORMULAS])
def test_parsed_formula_matches_jax_by_hand_and_finite_differences(text, by_hand, bounds):
    surface = surfaces.from_formula(text, bounds or formula.DEFAULT_BOUNDS)

    def hand(w):
        return by_hand(w[0], w[1])

    def value(w):
        return float(surface.loss(jnp.asarray(w)))

    x0, x1, y0, y1 = surface.bounds
    rng = np.random.default_rng(len(text))
    for w in np.stack([rng.uniform(x0, x1, 4), rng.uniform(y0, y1, 4)], axis=1):
        point = jnp.asarray(w)
        assert value(w) == pytest.approx(float(hand(point)), rel=1e-14, abs=1e-14)
        g, h = np.asarray(surface.grad(point)), np.asarray(surface.hessian(point))
        np.testing.assert_allclose(g, jax.grad(hand)(point), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(h, jax.hessian(hand)(point), rtol=1e-12, atol=1e-12)
        scale = max(1.0, np.abs(g).max())
        np.testing.assert_allclose(g, finite_difference_gradient(value, w), atol=1e-6 * scale)
        scale = max(1.0, np.abs(h).max(), abs(value(w)))
        np.testing.assert_allclose(h, finite_difference_hessian(value, w), atol=1e-5 * scale)


@pytest.mark.parametrize(
    ("text", "column", "reason"),
    [
        ("__import__('os')", 12, '"\'" is not allowed'),
        ("().__class__", 3, "attributes (.) are not allowed"),
        ("(lambda: 1)()", 8, "':' is not allowed"),
        ("x.real", 2, "attributes (.) are not allowed"),
        ("x[0]", 2, "'[' is not allowed"),
        ("x ^ 2", 3, "use ** for powers, not ^"),
        ("x // 2", 3, "// is not allowed: use /"),
        ("x + z", 5, "unknown name 'z': use x and y"),
        ("sine(x)", 1, "unknown function 'sine'; did you mean sin?"),
        ("open(x)", 1, "unknown function 'open'"),
        ("sin(x, y)", 1, "sin takes 1 argument, got 2"),
        ("maximum(x)", 1, "maximum takes 2 arguments, got 1"),
        ("sin(*x)", 5, "starred arguments are not allowed"),
        ("sin", 1, "sin is a function: write sin(...)"),
        ("x + b", 5, "use one pair of variables: x, y or w1, w2 or w, b"),
        ("x if y else 1", 1, "conditional expressions are not allowed"),
        ("x and y", 1, "and/or are not allowed"),
        ("x, y", 1, "tuples (,) are not allowed"),
        ("not x", 1, "not allowed in a formula"),
        ("2j*x", 1, "imaginary numbers are not allowed"),
        ("True", 1, "True is not a number"),
        ("1e999*x", 1, "number too large"),
        ("x y", 3, "invalid syntax"),
        ("sin(x", 4, "'(' was never closed"),
        ("  x)", 4, "unmatched ')'"),
        ("x\n", 2, "'\\n' is not allowed"),
        ("ｘ", 1, "'ｘ' is not allowed"),
        ("x" * 201, 201, "too long: at most 200 characters"),
        ("-" * 25 + "x", 26, "nested too deeply: at most 25 levels"),
    ],
)
def test_refusals_are_one_line_and_point_at_the_column(text, column, reason):
    with pytest.raises(FormulaError) as error:
        surfaces.from_formula(text)
    assert error.value.column == column
    assert error.value.reason.startswith(reason)
    assert str(error.value) == f"column {column}: {error.value.reason}"
    assert "\n" not in str(error.value)


def test_limits_are_exact():
    parse("x" + " " * 199)
    parse("-" * 24 + "x")
    groups = "*".join(["(x*x+x*x+x*x+x*x)"] * 7)  # 7 groups of 15 nodes and 6 products: 111
    parse(groups + "+-x" + "+x" * 3)  # 111 + 3 + 3·2 = 120 nodes
    with pytest.raises(FormulaError, match="at most 120 numbers, names and operations"):
        parse(groups + "+x" * 5)  # 111 + 5·2 = 121 nodes
    for empty in ("", "   "):
        with pytest.raises(FormulaError, match="enter a formula"):
            parse(empty)


@pytest.mark.parametrize("text", ["9**9**9**9", "x + 9**9**9 - 9**9**9", "x*(1/0)", "0/0 + y"])
def test_hostile_numbers_stay_floats_and_are_refused_as_not_finite(text):
    with pytest.raises(FormulaError, match="not finite anywhere"):
        surfaces.from_formula(text)


def test_normal_form_merges_spacing_and_brackets_and_round_trips():
    a = surfaces.from_formula("x**2+(3*y)", bounds=(-2, 2, -2, 2))
    b = surfaces.from_formula("  x ** 2 + 3 * y ", bounds=(-2.0, 2.0, -2.0, 2.0))
    assert a is b and a.description == "x**2 + 3*y"
    assert surfaces.from_formula("x**2 + 3*y", bounds=(-2, 2, -2, 3)) is not a, "bounds count"
    for text, *_ in FORMULAS:
        normal = parse(text)
        assert parse(normal.text) == normal


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("x**2 + 10*y**2", r"x^{2} + 10\,y^{2}"),
        ("(1 - x)**2/2", r"\frac{\left(1 - x\right)^{2}}{2}"),
        ("exp(-x)**2*sqrt(abs(y))", r"\left(e^{-x}\right)^{2}\,\sqrt{\left|y\right|}"),
        ("w1*-w2 - (w1 - 1e-5)", r"w_1\,\left(-w_2\right) - \left(w_1 - 10^{-5}\right)"),
        ("maximum(w, b)*pi", r"\max\left(w, b\right)\,\pi"),
        ("2**3**x*3", r"2^{3^{x}} \cdot 3"),
        ("log1p(x) + log(y)", r"\ln\left(1 + x\right) + \ln\left(y\right)"),
    ],
)
def test_latex(text, latex):
    assert parse(text).latex == latex


def test_surface_names_labels_and_start():
    surface = surfaces.from_formula("(w1 - 1)**2 + w2**2", bounds=(-1, 3, -2, 2))
    assert surface.name == surfaces.CUSTOM == "custom" and surface.title == "Custom"
    assert surface.formula == r"L = \left(w_1 - 1\right)^{2} + w_2^{2}"
    assert surface.labels == ("w_1", "w_2") and surface.bounds == (-1.0, 3.0, -2.0, 2.0)
    assert surface.start == (1.0, 0.0), "the centre of the bounds"
    assert surfaces.from_formula("w + b").labels == ("w", "b")
    assert surfaces.from_formula("x + y").labels == ("x", "y")
    assert "custom" not in surfaces.names(), "typed surfaces stay out of the registry"
    shifted = surfaces.from_formula("sqrt(x - 1) + y**2", bounds=(-2, 2, -1, 1))
    assert shifted.start[0] >= 1 and np.isfinite(float(shifted.loss(jnp.asarray(shifted.start))))


@pytest.mark.parametrize("bounds", [(0, 1, 0), (1, 0, 0, 1), (0, 1, 0, np.inf), "abcd", None])
def test_bad_bounds_are_a_value_error(bounds):
    with pytest.raises(ValueError, match="bounds must be four finite numbers") as error:
        surfaces.from_formula("x + y", bounds)
    assert not isinstance(error.value, FormulaError)


def test_non_finite_places_are_masked_and_stop_a_trajectory():
    surface = surfaces.from_formula("sqrt(x) + y**2", bounds=(-2, 6, -2, 2))
    grid = surfaces.grid(surface, n=41)
    left = grid.w1 < 0
    assert np.isnan(grid.values[:, left]).all() and np.isfinite(grid.values[:, ~left]).all()
    t = optim.run(surface, "gd", start=(4.0, 1.0), lr=1.0, steps=100)
    k = t.diverged_at
    assert k is not None and 1 <= k < 100
    assert np.isfinite(t.positions).all() and np.isfinite(t.losses).all()
    assert (t.positions[k:] == t.positions[k - 1]).all(), "frozen where it left the domain"
    assert t.positions[k - 1][0] > 0


def test_same_formula_compiles_the_runner_once():
    surface = surfaces.from_formula("cosh(x/2) + y**2/4")
    optim.run(surface, "adam", steps=30, lr=0.1)
    before = optim.compile_count()
    optim.run(surfaces.from_formula("cosh(x/2)+y**2/4"), "adam", steps=30, lr=0.2)
    assert optim.compile_count() == before


def test_scene_carries_the_formula_and_round_trips():
    scene = Scene(
        "custom", (1.0, 1.0), 50, (Run("gd", lr=0.1),), formula="x**2 + y**2", bounds=(-2, 2, -2, 2)
    )
    data = json.loads(json.dumps(scene.to_dict()))
    assert data["formula"] == "x**2 + y**2" and data["bounds"] == [-2, 2, -2, 2]
    again = Scene.from_dict(data)
    assert again == scene and again.surface_object() is scene.surface_object()
    (t,) = simulate(again)
    assert t.losses[-1] < 1e-6 * t.losses[0]
    assert "formula" not in Scene("valley", None, 5, ()).to_dict(), "registered scenes unchanged"
    with pytest.raises(ValueError, match="needs a formula"):
        Scene("custom", None, 5, ())
    with pytest.raises(ValueError, match="surface 'custom'"):
        Scene("valley", None, 5, (), formula="x")
    with pytest.raises(ValueError, match="only with a formula"):
        Scene("valley", None, 5, (), bounds=(0, 1, 0, 1))


def run_cli(capsys, *argv):
    main(list(argv))
    return capsys.readouterr().out


def test_cli_runs_a_formula(capsys):
    out = run_cli(
        capsys, "run", "--formula", "x**2 + 10*y**2", "--bounds", "-3,3,-3,3", "--start",
        "-2,1", "--lr", "0.05", "--steps", "40", "--format", "json",
    )  # fmt: skip
    data = json.loads(out)
    assert data["surface"] == "custom" and data["formula"] == "x**2 + 10*y**2"
    assert data["bounds"] == [-3, 3, -3, 3] and data["runs"][0]["surface"] == "custom"
    assert data["runs"][0]["losses"][-1] < 1e-3
    assert "Custom (custom), 40 steps" in run_cli(
        capsys, "run", "--formula", "x*y", "--steps", "40"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--formula", "x.real"], "--formula: column 2: attributes (.) are not allowed"),
        (["--formula", "log(-1 - x**2)"], "is not finite anywhere"),
        (["--formula", "x", "--surface", "valley"], "--surface cannot be combined with --formula"),
        (["--bounds", "0,1,0,1"], "--bounds needs --formula"),
        (["--formula", "x", "--bounds", "0,1,1"], "argument --bounds: expected four"),
        (["--formula", "x", "--preset", "saddle-stuck"], "--formula cannot be combined"),
    ],
)
def test_cli_formula_errors_are_one_line(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", *argv])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.count("\n") == 1 and message in err, err
