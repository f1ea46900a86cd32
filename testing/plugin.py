"""The pytest plugin: the ``trajectory_snapshot`` fixture and ``pytest --optiviz-update``.

Registered with the ``pytest11`` entry point, so installing optiviz is enough. pytest imports
this module in every session of every project in the environment, so it imports nothing of
optiviz's until a test asks for the fixture (then the engine loads, and with it JAX in
float64).

Example::

    from optiviz import optim

    def test_adagrad_burst(trajectory_snapshot):
        trajectory_snapshot.run("valley", "adagrad", convention="course", lr=0.3, steps=3000)
"""

from __future__ import annotations

from pathlib import Path

import pytest

UPDATE = "--optiviz-update"
WRITTEN = pytest.StashKey[list[tuple[str, Path]]]()
"""The snapshots this session wrote, as ("wrote" or "updated", path)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("optiviz").addoption(
        UPDATE,
        action="store_true",
        dest="optiviz_update",
        help="write every trajectory snapshot the tests check anew, from this run",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[WRITTEN] = []


@pytest.fixture
def trajectory_snapshot(request: pytest.FixtureRequest):
    """Checks runs against snapshots in ``__snapshots__/<test module>/`` beside the test,
    one per test (``TestClass.test_name[params].json`` for a method), see
    :class:`optiviz.testing.fixture.TrajectorySnapshot`."""
    from optiviz.testing.fixture import TrajectorySnapshot

    return TrajectorySnapshot(
        folder=request.path.parent / "__snapshots__" / request.path.stem,
        test=".".join(request.node.nodeid.split("::")[1:]),
        update=request.config.getoption("optiviz_update"),
        written=request.config.stash[WRITTEN],
    )


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    written = config.stash.get(WRITTEN, [])
    if not written:
        return
    terminalreporter.write_sep("-", "optiviz trajectory snapshots")
    for kind, path in written:
        terminalreporter.write_line(f"{kind} {shown(path)}")


def shown(path: Path) -> Path:
    """``path`` relative to the working folder when it lies inside it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
