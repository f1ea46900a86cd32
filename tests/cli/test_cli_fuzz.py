"""Generated ``optiviz run|export|sweep|hessian`` argument lists, valid and hostile.

Every call exits 0 or 2, never with a traceback: on 2, stderr is the one line
``optiviz: error: …``; on 0, stderr holds at most one ``optiviz: note: …`` line (besides an
export's progress). Exports with extreme sizes, frame rates and durations are refused or cut
to their budget. Surfaces, formulas and step counts come from small pools (each new one
compiles); every number the engine treats as data is drawn freely.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from optiviz import optim
from optiviz.app.cli import main

SURFACES = ["valley", "saddle", "himmelblau", "regression", "rosenbrock"]
FORMULAS = ["0*x", "1", "x**2 + 10*y**2", "1e300*x**2", "log(x)"]
HOSTILE = [
    "nan", "inf", "-inf", "1e309", "-1", "0", "", " ", "½", "<script>", "${x}", "\x00",
    "--", "-", "--help", "a" * 500, "1,2,3", ",", "1e-400", "0x10", "ｘ",
]  # fmt: skip
OUTPUTS = {
    "export": [".png", ".svg", ".html", ".gif", ".mp4", ".exe", "", ".PNG"],
    "sweep": [".png", ".json", ".csv", ".txt"],
}
RUN_EXAMPLES = 200
EXPORT_EXAMPLES = 60
SWEEP_EXAMPLES = 150
HESSIAN_EXAMPLES = 200

hostile = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20))
number = st.floats(allow_nan=True, allow_infinity=True).map(repr)


def one_of_or_hostile(*valid: str) -> st.SearchStrategy[str]:
    """One of ``valid`` mostly, hostile text one time in six: each flag of a call may be
    hostile, and most calls should still get past the parser."""
    return st.integers(0, 5).flatmap(lambda i: hostile if i == 0 else st.sampled_from(valid))


def mostly(valid: list[str], extreme: list[str]) -> st.SearchStrategy[str]:
    """One of ``valid`` three times in four, else an extreme value or hostile text."""
    far = st.one_of(st.sampled_from(extreme), hostile)
    return st.integers(0, 3).flatmap(lambda i: far if i == 0 else st.sampled_from(valid))


def point() -> st.SearchStrategy[str]:
    """``X,Y``: mostly on the plot, else any floats (NaN, ±inf, 1e300) or hostile text."""
    near = st.tuples(st.floats(-10, 10), st.floats(-10, 10)).map(lambda p: f"{p[0]!r},{p[1]!r}")
    far = st.one_of(st.tuples(number, number).map(",".join), hostile)
    return st.integers(0, 3).flatmap(lambda i: far if i == 0 else near)


def optimizer_spec() -> st.SearchStrategy[str]:
    inline = st.lists(
        st.tuples(
            st.sampled_from(["lr", "momentum", "beta2", "eps", "noise", "seed", "clip", "bogus"]),
            st.integers(0, 3).flatmap(
                lambda i: st.one_of(number, hostile) if i == 0 else st.floats(0, 1).map(repr)
            ),
        ),
        max_size=2,
    ).map(lambda pairs: ",".join(f"{k}={v}" for k, v in pairs))
    name = one_of_or_hostile(*optim.names())
    return st.tuples(name, inline).map(lambda p: f"{p[0]}:{p[1]}" if p[1] else p[0])


@st.composite
def scene_flags(draw, runs: int = 2) -> list[str]:
    """The scene flags of ``run``, ``export`` and ``sweep`` (up to ``runs`` optimizers)."""
    flags: list[str] = []
    kind = draw(st.sampled_from(["preset", "surface", "formula", "none"]))
    if kind == "preset":
        flags += ["--preset", draw(one_of_or_hostile("valley-adagrad", "saddle-stuck"))]
    elif kind == "surface":
        flags += ["--surface", draw(one_of_or_hostile(*SURFACES))]
    elif kind == "formula":
        flags += ["--formula", draw(one_of_or_hostile(*FORMULAS, "__import__('os')", "sin("))]
        if draw(st.booleans()):
            flags += ["--bounds", draw(mostly(["-5,5,-5,5", "0,1e-9,0,1e-9"], ["5,-5,1,2"]))]
    for _ in range(draw(st.integers(0, runs))):
        flags += ["--optimizer", draw(optimizer_spec())]
    if draw(st.booleans()):
        flags += ["--steps", draw(mostly(["1", "5", "20"], ["1000001", "-3", "2.5", "0"]))]
    if draw(st.booleans()):
        flags += ["--start", draw(point())]
    for flag in draw(
        st.lists(st.sampled_from(["--lr", "--momentum", "--noise", "--clip"]), max_size=2)
    ):
        value = st.one_of(number, hostile) if draw(st.integers(0, 3)) == 0 else st.floats(0, 1)
        flags += [flag, str(draw(value))]
    if draw(st.integers(0, 5)) == 0:
        flags += ["--schedule", draw(mostly(["cosine:T=10", "exp:gamma=0.9"], ["step:N=0", "x"]))]
    if draw(st.integers(0, 5)) == 0:
        flag, valid = draw(
            st.sampled_from([("--batch-size", "4"), ("--seed", "7"), ("--convention", "course")])
        )
        flags += [flag, draw(mostly([valid], ["-1", "1e30", "nan"]))]
    return draw(st.permutations(flags)) if draw(st.integers(0, 9)) == 0 else flags


def call(argv: list[str]) -> tuple[int, str]:
    """Runs ``optiviz ARGV`` in-process: its exit status and its stderr, Python's warnings
    included (each would be lines on the stderr of the command)."""
    err = io.StringIO()
    code = 0
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(err),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", "os.fork", RuntimeWarning)  # JAX, on ffmpeg's start
        try:
            main(argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return code, err.getvalue() + "".join(f"{w.category.__name__}: {w.message}\n" for w in caught)


def check(argv: list[str]) -> None:
    """``optiviz ARGV`` exits 0 or 2 with the stderr the CLI promises."""
    code, err = call(argv)
    event(f"exit {code}")
    assert code in (0, 2), (argv, code, err)
    assert "Traceback" not in err, (argv, err)
    lines = [line for line in err.splitlines() if not line.startswith("exporting ")]
    if code == 2:
        assert len(lines) == 1 and lines[0].startswith("optiviz: error: "), (argv, err)
    else:
        assert len(lines) <= 1 and all(line.startswith("optiviz: note: ") for line in lines), (
            argv,
            err,
        )


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory(prefix="optiviz-fuzz-") as path:
        yield Path(path)


@settings(max_examples=RUN_EXAMPLES)
@given(scene_flags(), st.sampled_from(["table", "json", "csv", "yaml"]))
def test_run(flags, output_format):
    check(["run", *flags, "--format", output_format])


@settings(max_examples=HESSIAN_EXAMPLES)
@given(one_of_or_hostile(*SURFACES), point(), st.booleans())
def test_hessian(surface, at, as_json):
    check(["hessian", "--surface", surface, "--at", at, *(["--format", "json"] if as_json else [])])


GRIDS = st.lists(
    one_of_or_hostile(
        "lr=1e-4:1:log:8",
        "momentum=0:0.99:4",
        "noise=0:1:3",
        "lr=1:0:3",
        "lr=1e-4:1:log:2000",
        "beta2=0.9:1:3",
        "lr=0:1:log:4",
    ),
    min_size=1,
    max_size=2,
)
RESOLUTIONS = st.sampled_from([None, "2", "7", "0", "100000", "nan"])


SIZES = mostly(["64x48", "100x80", "64X64"], ["0x0", "-5x5", "99999x99999", "4097x64", "1e3x64"])
FPS = mostly(["1", "2"], ["0", "61", "100000", "-1"])
DURATIONS = mostly(["0.5", "1"], ["0", "601", "1e309", "-2", "nan"])


@settings(max_examples=SWEEP_EXAMPLES)
@given(
    scene_flags(runs=1),
    GRIDS,
    st.booleans(),
    RESOLUTIONS,
    st.sampled_from([None, *OUTPUTS["sweep"]]),
)
def test_sweep(folder, flags, grids, basins, resolution, suffix):
    argv = ["sweep", *flags, *(arg for grid in grids for arg in ("--grid", grid))]
    if basins:
        argv.append("--basins")
    if resolution is not None:
        argv += ["--resolution", resolution]
    if suffix is not None:
        argv += ["--out", str(folder / f"map{suffix}")]
    check(argv)


@settings(max_examples=EXPORT_EXAMPLES)
@given(
    scene_flags(),
    st.sampled_from(OUTPUTS["export"]),
    SIZES,
    FPS,
    DURATIONS,
    st.integers(0, 5).map(lambda i: i == 0),
)
def test_export(folder, flags, suffix, size, fps, duration, unwritable):
    out = Path("/nonexistent/folder") if unwritable else folder
    check(
        ["export", *flags, "--out", str(out / f"scene{suffix}"), "--size", size, "--fps", fps,
         "--duration", duration],
    )  # fmt: skip


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--preset", "valley-adagrad", "--out", "/nonexistent/folder/x.png"],
        ["export", "--preset", "valley-adagrad", "--out", "/nonexistent/folder/x.html"],
        ["sweep", "--surface", "valley", "--grid", "lr=1e-4:1:4", "--out", "/nonexistent/m.png"],
        ["run", "--steps", "1000001"],
        ["hessian", "--surface", "valley", "--at", "--"],
        ["hessian", "--surface", "valley", "--at=--"],
        ["run", "--optimizer=--"],
        ["export", "--preset", "valley-adagrad", "--out", "x.gif", "--duration", "nan"],
    ],
)  # fmt: skip
def test_found_failures(argv):
    """The failures generated calls found (a traceback each), kept as plain cases."""
    code, err = call(argv)
    assert code == 2 and err.startswith("optiviz: error: ") and err.count("\n") == 1, err
