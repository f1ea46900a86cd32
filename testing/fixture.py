"""``trajectory_snapshot``: a run checked against a snapshot file stored beside the test.

The first run of a test writes ``__snapshots__/<test module>/<test name>.json`` (see
:mod:`.snapshot` for the format); later runs compare against it step by step, and
``pytest --optiviz-update`` writes it anew. On a mismatch the failure names the first step
beyond tolerance, both positions and losses there and the largest deviation, says whether
the settings or the library changed since the snapshot, and writes
``<test name>.mismatch.png`` beside it with both runs on their surface (for CI artefacts).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from optiviz import optim, surfaces
from optiviz.optim import Trajectory
from optiviz.optim.scene import Run, Scene, simulate

from . import figure, snapshot
from .compare import ATOL, RTOL, TrajectoryMismatch, compare_all, describe, runs_of
from .plugin import shown

UNSAFE = re.compile(r"[^\w.\[\]=,+-]")
"""Characters a test name may not carry into a file name."""


class TrajectorySnapshot:
    """Checks runs against their snapshot files.

    Args:
        folder: Where this test module's snapshots live.
        test: The test's name (with its class and parameters, e.g.
            ``TestAdam.test_lr[0.1]``).
        update: Write snapshots anew instead of comparing (``--optiviz-update``).
        written: Receives ("wrote" or "updated", path) for each snapshot written.
    """

    def __init__(
        self, folder: Path, test: str, update: bool, written: list[tuple[str, Path]]
    ) -> None:
        self.folder, self.test, self.update, self.written = folder, test, update, written
        self._used: set[str] = set()

    def __repr__(self) -> str:
        return f"TrajectorySnapshot({shown(self.folder / UNSAFE.sub('_', self.test))}.json)"

    def run(
        self,
        surface: str | surfaces.Surface,
        optimizer: str,
        *,
        name: str | None = None,
        rtol: float = RTOL,
        atol: float = ATOL,
        **settings: Any,
    ) -> Trajectory:
        """Runs ``optim.run(surface, optimizer, **settings)``, checks it against its
        snapshot with the settings recorded, and returns it.

        Example::

            def test_adagrad_burst(trajectory_snapshot):
                t = trajectory_snapshot.run("valley", "adagrad", convention="course", lr=0.3)
                assert t.diverged_at is None
        """
        __tracebackhide__ = True
        trajectory = optim.run(surface, optimizer, **settings)
        recorded = jsonable({"surface": surface, "optimizer": optimizer, **settings})
        label = Run(optimizer, lr=settings.get("lr")).title()
        base = figure.drawable(surface)
        self._check([trajectory], [label], base, recorded, name=name, rtol=rtol, atol=atol)
        return trajectory

    def check(
        self,
        result: Any,
        *,
        surface: str | surfaces.Surface | None = None,
        settings: Mapping[str, Any] | None = None,
        name: str | None = None,
        rtol: float = RTOL,
        atol: float = ATOL,
    ) -> None:
        """Checks ``result`` against its snapshot, or writes the snapshot.

        Args:
            result: A :class:`~optiviz.optim.Trajectory`, a
                :class:`~optiviz.optim.Trajectories`, a list of trajectories, or a
                :class:`~optiviz.optim.scene.Scene`, which is simulated and recorded with
                its settings.
            surface: The surface the runs are on, to draw a mismatch on it.
            settings: What produced the runs, recorded in the snapshot so that a mismatch
                can say what changed (a scene records its own).
            name: Tells several snapshots of one test apart (default: numbered 2, 3, …).
            rtol, atol: A step is beyond tolerance when w₁, w₂ or L differs by more than
                ``atol + rtol·|snapshot|``.

        Raises:
            TrajectoryMismatch: An ``AssertionError`` naming the first step beyond
                tolerance, both positions and losses there and the largest deviation.
        """
        __tracebackhide__ = True
        if isinstance(result, Scene):
            runs = simulate(result)
            labels = [run.title() for run in result.runs]
            settings = result.to_dict() if settings is None else settings
            base: Scene | str | None = result
        else:
            runs = runs_of(result)
            labels = [""] * len(runs)
            base = None if surface is None else figure.drawable(surface)
        recorded = None if settings is None else jsonable(settings)
        self._check(runs, labels, base, recorded, name=name, rtol=rtol, atol=atol)

    def _check(
        self,
        runs: list[Trajectory],
        labels: list[str],
        base: Scene | str | None,
        settings: dict[str, Any] | None,
        *,
        name: str | None,
        rtol: float,
        atol: float,
    ) -> None:
        """Compares ``runs`` with their snapshot (or writes it); ``base`` is the scene or
        surface to draw a mismatch on (None: no picture)."""
        __tracebackhide__ = True
        path = self._next_path(name)
        picture = path.with_suffix(".mismatch.png")
        if self.update or not path.exists():
            written = snapshot.write(path, runs, labels, settings)
            if written:
                self.written.append((written, path))
            picture.unlink(missing_ok=True)
            return
        try:
            stored = snapshot.read(path)
        except ValueError as error:
            raise TrajectoryMismatch(
                f"{error}; rewrite it with pytest --optiviz-update", []
            ) from None
        try:
            comparisons = compare_all(runs, stored.runs, rtol=rtol, atol=atol, labels=labels)
        except TrajectoryMismatch as error:
            comparisons, difference = [], str(error)
        else:
            if all(c.close for c in comparisons):
                picture.unlink(missing_ok=True)
                return
            difference = describe(comparisons, rtol=rtol, atol=atol)
        lines = [f"trajectory differs from its snapshot {shown(path)}"]
        lines += [f"  {line}" for line in _causes(stored, settings)]
        lines.append(difference)
        if comparisons and base is None:
            lines.append("(pass surface= to check for a picture of both runs)")
        elif comparisons:
            lines.append(self._picture(picture, base, stored, runs, comparisons))
        lines.append("to accept the new trajectory: pytest --optiviz-update")
        raise TrajectoryMismatch("\n".join(lines), comparisons)

    def _next_path(self, name: str | None) -> Path:
        stem = UNSAFE.sub("_", self.test)
        if name is not None:
            stem = f"{stem}-{UNSAFE.sub('_', name)}"
        elif self._used:
            stem = f"{stem}-{len(self._used) + 1}"
        if stem in self._used:
            raise ValueError(f"snapshot name {name!r} is used twice in {self.test}")
        self._used.add(stem)
        return self.folder / f"{stem}.json"

    def _picture(self, path: Path, base, stored, runs, comparisons) -> str:
        scene, trajectories = figure.comparison_scene(base, stored.runs, runs, stored.labels)
        first = min(c.first for c in comparisons if not c.close)
        value, step = max(c.largest for c in comparisons)
        caption = (
            f"Snapshot and now part at step {first}; the largest deviation is "
            f"|Δθ| = {value:.3g}, at step {step}."
        )
        if figure.write_png(path, scene, trajectories, f"{self.test}: snapshot and now", caption):
            return f"picture: {shown(path)}"
        return "(install optiviz[export] for a picture of both runs)"


def _causes(stored: snapshot.Snapshot, settings: Mapping[str, Any] | None) -> list[str]:
    changed = snapshot.changes(stored, settings)
    if changed:
        return changed
    if stored.settings is None or settings is None:
        return ["settings not recorded; same library versions as the snapshot"]
    return ["same settings and library versions as the snapshot"]


def jsonable(value: Any) -> Any:
    """``value`` as JSON: surfaces by name, schedules (named tuples) and other objects by
    their text.

    Example:
        >>> jsonable({"lr": np.float64(0.1), "start": (1, 2.5), "clip": math.inf})
        {'lr': 0.1, 'start': [1, 2.5], 'clip': 'inf'}
    """
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if type(value) in (list, tuple) or isinstance(value, np.ndarray):
        return [jsonable(item) for item in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, surfaces.Surface):
        return value.name
    return str(value)
