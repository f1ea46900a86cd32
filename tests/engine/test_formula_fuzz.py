"""Fuzzing the formula box: every input is a surface that evaluates or the parser's own error.

More than 10,000 generated strings (random characters, random token sequences, random valid
trees, known escapes, deep nesting, very long input) go through ``surfaces.from_formula``
while ``eval``, ``exec``, ``compile`` (other than parse-only), ``open`` and any import
outside NumPy and JAX fail loudly. A per-input alarm is a hang detector only; the slowest
time is printed with the other figures (run ``pytest -s`` to see them), never asserted.
"""

import ast
import builtins
import contextlib
import gc
import signal
import string
import time
import weakref

import jax.numpy as jnp
import numpy as np

from optiviz import surfaces
from optiviz.surfaces import formula, parser
from optiviz.surfaces.expression import FUNCTIONS
from optiviz.surfaces.parser import FormulaError

HANG_SECONDS = 10
"""An input still running after this long counts as a hang (a detector, not a speed test)."""

ESCAPES = [
    "__import__('os')",
    "__import__",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "(lambda: 1)()",
    "lambda x: x",
    "x.real",
    "x.__class__",
    "sin.__globals__",
    "9**9**9**9",
    "9**9**9**9**9**9**9**9**9**9",
    "(9**9)**(9**9)**(9**9)",
    "10**10**10**10 - 10**10**10**10",
    "1" * 199 + "*x",
    "eval('1')",
    "exec('import os')",
    "compile('1', '', 'eval')",
    "open('/etc/passwd')",
    "globals()",
    "locals()['x']",
    "getattr(x, 'real')",
    "[x for x in ()]",
    "{x: 1}",
    "{1, 2}",
    "x if 1 else y",
    "f'{x}'",
    "b'x'",
    "x @ y",
    "x % y",
    "x << 2",
    "~x",
    "not x",
    "x == y",
    "(x := 1)",
    "*x",
    "sin(x=1)",
    "sin(*[x])",
    "await x",
    "yield x",
    "x; import os",
    "x\nimport os",
    "\\x41",
    "x\x00",
    "ｘ + ｙ",
    "𝑥",
    "sin(x)" + ")" * 150,
    "(" * 150 + "x" + ")" * 150,
    "(" * 99 + "x" + ")" * 99,
    "-" * 199 + "x",
    "+" * 199 + "x",
    "sin(" * 40 + "x" + ")" * 40,
    "x" * 10_000,
    "x+" * 5_000 + "x",
    "(" * 10_000,
]


def random_characters(rng, n):
    alphabet = [*string.printable, "ｘ", "é", "\x00", "→", "∑", "²", "\u200b"]
    for _ in range(n):
        length = int(rng.choice([rng.integers(0, 12), rng.integers(0, 60), rng.integers(0, 260)]))
        yield "".join(rng.choice(alphabet, length))


TOKENS = [
    *("x", "y", "w1", "w2", "w", "b", "pi", "e", "z", "t", "foo", "os", "sys", "__import__"),
    *("__class__", "eval", "exec", "lambda", "not", "and", "or", "if", "else", "for", "in"),
    *("True", "False", "None", "import", "real"),
    *FUNCTIONS,
    *("0", "1", "2", "3", "9", "10", "0.5", "1e5", "1e-3", "1e308", "1e999", "2j", "0x1F"),
    *("1_000", ".5", "5."),
    *("+", "-", "*", "/", "**", "//", "^", "%", "@", ",", ".", ":", "=", "==", "<", ">"),
    *("(", "(", "(", ")", ")", ")", "[", "]", "{", "}", "'", '"', "\\", ";", "!", "~", "&"),
]


def random_tokens(rng, n):
    for _ in range(n):
        tokens = rng.choice(TOKENS, int(rng.integers(1, 40)))
        yield "".join(t + str(rng.choice(["", "", " "])) for t in tokens)


def random_tree(rng, depth):
    if depth == 0 or rng.random() < 0.25:
        leaf = rng.integers(4)
        if leaf == 0:
            return str(rng.choice(["0", "1", "2", "0.5", "3.25", "1e-3", "100"]))
        return str(rng.choice(["x", "y", "pi", "e"] if leaf < 3 else ["x", "y"]))
    kind = rng.integers(4)
    if kind == 0:
        return "-" + random_tree(rng, depth - 1)
    if kind == 1:
        name = str(rng.choice(list(FUNCTIONS)))
        args = ", ".join(random_tree(rng, depth - 1) for _ in range(FUNCTIONS[name]))
        return f"{name}({args})"
    op = str(rng.choice(["+", "-", "*", "/", "**"]))
    return f"({random_tree(rng, depth - 1)} {op} {random_tree(rng, depth - 1)})"


def random_formulas(rng, n):
    for _ in range(n):
        yield random_tree(rng, int(rng.integers(1, 7)))


def inputs():
    rng = np.random.default_rng(20_261_123)
    yield from ESCAPES
    yield from random_characters(rng, 3_500)
    yield from random_tokens(rng, 4_000)
    yield from random_formulas(rng, 2_600)


LIBRARIES = {"numpy", "jax"}
"""The packages whose modules may be imported during the fuzz (NumPy imports its own helpers
lazily); an import of anything else (``os``, ``sys``, ``subprocess``, …) fails."""


class CodeExecuted(AssertionError):
    """Raised by the guards: something tried to run code or import a module."""


@contextlib.contextmanager
def no_code_runs():
    """Makes eval, exec, compile (beyond parse-only), open and imports (other than the
    libraries' own) fail loudly while active, and records each attempt, even one whose error
    something swallowed."""
    attempts = []
    real_compile = builtins.compile

    real_import = builtins.__import__

    def refuse(name):
        def guard(*args, **kwargs):
            attempts.append((name, args[:1]))
            raise CodeExecuted(f"{name} called with {args[:1]!r}")

        return guard

    def library_import(name, *args, **kwargs):
        if name.partition(".")[0] not in LIBRARIES:
            attempts.append(("__import__", name))
            raise CodeExecuted(f"import of {name!r}")
        return real_import(name, *args, **kwargs)

    def parse_only_compile(source, filename, mode, flags=0, *args, **kwargs):
        if not flags & ast.PyCF_ONLY_AST:
            attempts.append(("compile", source))
            raise CodeExecuted(f"compile called with {source!r}")
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    guards = {name: refuse(name) for name in ("eval", "exec", "open")}
    guards.update(compile=parse_only_compile, __import__=library_import)
    saved = {name: getattr(builtins, name) for name in guards}
    try:
        for name, guard in guards.items():
            setattr(builtins, name, guard)
        yield attempts
    finally:
        for name, original in saved.items():
            setattr(builtins, name, original)


def hang(signum, frame):
    raise TimeoutError(f"an input ran for more than {HANG_SECONDS} s")


def test_every_input_is_a_surface_or_a_formula_error():
    texts = list(inputs())
    accepted, refused, unexpected, times = [], [], [], []
    previous = signal.signal(signal.SIGALRM, hang)
    gc.collect()
    gc.disable()  # a collector pause is not an input's time
    try:
        with no_code_runs() as attempts:
            for text in texts:
                signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
                start = time.perf_counter()
                try:
                    surface = surfaces.from_formula(text)
                except FormulaError as error:
                    refused.append((text, error))
                except Exception as error:
                    unexpected.append((text, repr(error)))
                else:
                    accepted.append((text, surface))
                finally:
                    times.append(time.perf_counter() - start)
                    signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        gc.enable()
        signal.signal(signal.SIGALRM, previous)
    slowest = int(np.argmax(times))
    print(
        f"\nformula fuzz: {len(times)} inputs, {len(accepted)} accepted, {len(refused)} refused,"
        f" slowest {times[slowest] * 1e3:.2f} ms ({texts[slowest][:40]!r}),"
        f" 99.9th percentile {np.percentile(times, 99.9) * 1e3:.2f} ms,"
        f" median {np.median(times) * 1e6:.0f} µs, total {sum(times):.2f} s"
    )
    assert attempts == [], "nothing is evaluated, executed, imported or opened"
    assert unexpected == [], unexpected[:5]
    assert len(times) >= 10_000
    assert len(accepted) >= 2_000 and len(refused) >= 5_000, "both outcomes well exercised"
    escapes = {text for text, _ in accepted} & set(ESCAPES)
    assert escapes == {"(" * 99 + "x" + ")" * 99}, "every escape refused (brackets are fine)"
    for text, error in refused:
        assert "\n" not in str(error) and (error.column is None or error.column >= 1)
        if error.column is not None:
            assert error.column <= max(len(text), parser.MAX_LENGTH) + 1
    for _, surface in accepted:
        assert surface.name == "custom" and parser.parse(surface.description).text == (
            surface.description
        )
        assert surface.formula.count("{") == surface.formula.count("}")


def test_accepted_formulas_evaluate_in_jax_on_a_grid():
    """A sample of accepted formulas, evaluated with the JAX loss (the NumPy walk decided
    acceptance): a finite value somewhere, NaN or ±inf elsewhere, never an exception."""
    rng = np.random.default_rng(7)
    w1, w2 = np.meshgrid(np.linspace(-5, 5, 9), np.linspace(-5, 5, 9))
    texts = [*ESCAPES[9:10], *random_formulas(rng, 400)]
    evaluated = 0
    for text in texts:
        try:
            surface = surfaces.from_formula(text)
        except FormulaError:
            continue
        values = np.broadcast_to(np.asarray(surface.loss(jnp.stack([w1, w2]))), w1.shape)
        assert values.dtype == np.float64
        assert np.isfinite(values).any() or not np.isfinite(values).all()
        evaluated += 1
    assert evaluated >= 200


def test_cache_stays_bounded_after_a_thousand_distinct_formulas():
    first = surfaces.from_formula("x**2 + 0.5*y**2")
    alive = weakref.ref(first)
    del first
    for i in range(1_000):
        surfaces.from_formula(f"x**2 + {i}*y**2 + {i % 7}")
    info = formula.cache_info()
    assert info.maxsize == formula.CACHE_SIZE == 64
    assert info.currsize == formula.CACHE_SIZE
    last = surfaces.from_formula("x**2 + 999*y**2 + 5")
    assert last is surfaces.from_formula("x**2+999*y**2+5"), "recent ones are kept"
    gc.collect()
    assert alive() is None, "an evicted surface is freed"
