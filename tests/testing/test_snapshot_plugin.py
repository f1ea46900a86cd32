"""The pytest plugin, run by pytest's own ``pytester``: write, pass, change an lr, fail at
the right step, update, pass again."""

import subprocess
import sys

import contourpy  # noqa: F401
import numpy as np
import pytest

import optiviz.app.export.frames
import optiviz.testing.fixture  # noqa: F401
from optiviz import optim
from optiviz.optim import presets  # noqa: F401

pytest_plugins = ["pytester"]
"""The inner sessions run in this process, and pytester drops the modules they import when
they end. The fixture, the presets and the mismatch picture's modules are imported here
once, so that every inner session shares one ``Scene`` class, and Matplotlib's contour
extension (which cannot load twice) loads once."""

LECTURE = """
from optiviz import optim


def test_valley(trajectory_snapshot):
    trajectory_snapshot.run("valley", "gd", lr=1e-3, steps=60, schedule="{schedule}")
"""
SNAPSHOT = "__snapshots__/test_lecture/test_valley.json"
PICTURE = "__snapshots__/test_lecture/test_valley.mismatch.png"


def first_difference(a, b):
    """The first step whose θ differs at all, found directly."""
    return int(np.flatnonzero((a.positions != b.positions).any(axis=1))[0])


def test_write_pass_fail_update_pass(pytester):
    pytester.makepyfile(test_lecture=LECTURE.format(schedule="step:N=30,gamma=0.5"))
    first = pytester.runpytest()
    first.assert_outcomes(passed=1)
    first.stdout.fnmatch_lines([f"wrote {SNAPSHOT}"])
    assert (pytester.path / SNAPSHOT).is_file()

    again = pytester.runpytest()
    again.assert_outcomes(passed=1)
    assert "wrote" not in again.stdout.str()

    # The lr after step 30 halves instead of dropping tenfold: θ parts after that update.
    pytester.makepyfile(test_lecture=LECTURE.format(schedule="step:N=30,gamma=0.1"))
    step = first_difference(
        optim.run("valley", "gd", lr=1e-3, steps=60, schedule="step:N=30,gamma=0.5"),
        optim.run("valley", "gd", lr=1e-3, steps=60, schedule="step:N=30,gamma=0.1"),
    )
    assert step == 31
    failed = pytester.runpytest()
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines(
        [
            f"*trajectory differs from its snapshot {SNAPSHOT}",
            '*settings changed: schedule "step:N=30,gamma=0.5" → "step:N=30,gamma=0.1"',
            f"*trajectories differ from step {step} on",
            f"*step {step}  actual    θ = (*",
            "*expected  θ = (*",
            "*largest deviation |Δθ| = * at step 60",
            f"*picture: {PICTURE}",
            "*pytest --optiviz-update",
        ]
    )
    assert (pytester.path / PICTURE).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    updated = pytester.runpytest("--optiviz-update")
    updated.assert_outcomes(passed=1)
    updated.stdout.fnmatch_lines([f"updated {SNAPSHOT}"])
    assert not (pytester.path / PICTURE).exists()

    pytester.runpytest().assert_outcomes(passed=1)


def test_a_library_change_is_told_apart_from_a_settings_change(pytester):
    pytester.makepyfile(test_lecture=LECTURE.format(schedule="constant"))
    pytester.runpytest().assert_outcomes(passed=1)
    path = pytester.path / SNAPSHOT
    text = path.read_text()
    rows = text.splitlines()
    step_2 = rows.index('      "steps": [') + 3
    rows[step_2] = rows[step_2].replace("[-7.98", "[-7.97")
    path.write_text("\n".join(rows).replace('"jax": "', '"jax": "0.0.1-was-'))
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*library changed: JAX 0.0.1-was-*", "*trajectories differ from step 2 on"]
    )
    assert "settings changed" not in result.stdout.str()


def test_scenes_lists_and_names(pytester):
    pytester.makepyfile(
        test_forms="""
        import pytest
        from optiviz import optim
        from optiviz.optim import presets


        @pytest.mark.parametrize("lr", [0.01, 0.02])
        def test_many(trajectory_snapshot, lr):
            starts = [(-1.0, 2.0), (0.5, 0.5)]
            runs = optim.run_many("rosenbrock", "adam", starts=starts, lr=lr, steps=20)
            trajectory_snapshot.check(runs)
            trajectory_snapshot.check(optim.run("saddle", "gd", lr=lr, steps=20), surface="saddle")
            trajectory_snapshot.check(presets.get("saddle-stuck").scene, name="scene")


        class TestSurface:
            def test_many(self, trajectory_snapshot):
                trajectory_snapshot.check(optim.run("saddle", "gd", lr=0.03, steps=20))
        """
    )
    pytester.runpytest().assert_outcomes(passed=3)
    folder = pytester.path / "__snapshots__" / "test_forms"
    assert sorted(p.name for p in folder.iterdir()) == [
        "TestSurface.test_many.json",
        "test_many[0.01]-2.json",
        "test_many[0.01]-scene.json",
        "test_many[0.01].json",
        "test_many[0.02]-2.json",
        "test_many[0.02]-scene.json",
        "test_many[0.02].json",
    ]
    pytester.runpytest().assert_outcomes(passed=3)


def test_a_bare_trajectory_has_no_settings_and_no_picture(pytester):
    bare = """
        from optiviz import optim


        def test_bare(trajectory_snapshot):
            trajectory_snapshot.check(optim.run("saddle", "adam", lr={lr}, steps=30))
        """
    pytester.makepyfile(test_bare=bare.format(lr=0.01))
    pytester.runpytest().assert_outcomes(passed=1)
    pytester.makepyfile(test_bare=bare.format(lr=0.02))
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*settings not recorded; same library versions as the snapshot",
            "*trajectories differ from step 1 on",
            "*(pass surface= to check for a picture of both runs)",
        ]
    )
    assert not list(pytester.path.rglob("*.png"))


def test_a_broken_snapshot_fails_with_one_line(pytester):
    pytester.makepyfile(test_lecture=LECTURE.format(schedule="constant"))
    pytester.runpytest()
    (pytester.path / SNAPSHOT).write_text("{ not json")
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*cannot read snapshot*; rewrite it with pytest --optiviz-update"])


def test_the_option_is_in_the_help(pytester):
    pytester.runpytest("--help").stdout.fnmatch_lines(["*--optiviz-update*"])


@pytest.mark.parametrize("module", ["optiviz.testing.plugin", "optiviz.testing"])
def test_loading_the_plugin_loads_no_engine(module):
    """pytest loads the plugin in every session of every project: it must not import JAX
    (nor switch on its float64) until a test asks for the fixture."""
    code = (
        f"import sys, {module}\n"
        "print(sorted(m for m in sys.modules if m.startswith(('jax', 'numpy', 'optiviz.optim'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "[]", result.stderr[-2000:]
