"""The picture of a snapshot mismatch: expected and actual runs on their surface, as a PNG.

It is the export's own figure (:class:`~optiviz.app.export.frames.FrameDrawer`, Matplotlib)
of a scene that holds each run twice, once as the snapshot and once as it is now. Matplotlib
is the ``export`` extra, imported only when a mismatch is drawn.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from optiviz import surfaces
from optiviz.optim import Trajectory
from optiviz.optim.scene import Run, Scene

SIZE = (1100, 760)


def comparison_scene(
    base: Scene | str, expected: Sequence[Trajectory], actual: Sequence[Trajectory], labels
) -> tuple[Scene, list[Trajectory]]:
    """A scene with each run twice, ``"… (snapshot)"`` and ``"… (now)"``, and its
    trajectories, all padded to one length (a shorter run rests at its end).

    ``base`` is the scene the runs came from, or the name of the surface they ran on.
    """
    steps = max(len(t.positions) for t in (*expected, *actual)) - 1
    runs, trajectories = [], []
    for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
        original = base.runs[i] if isinstance(base, Scene) else Run(start=_start(e))
        name = labels[i] or original.label or f"run {i + 1}"
        for suffix, t in (("snapshot", e), ("now", a)):
            start = original.start if isinstance(base, Scene) else _start(t)
            runs.append(dataclasses.replace(original, label=f"{name} ({suffix})", start=start))
            trajectories.append(_padded(t, steps))
    if isinstance(base, Scene):
        scene = dataclasses.replace(base, steps=steps, runs=tuple(runs))
    else:
        scene = Scene(surface=base, start=None, steps=steps, runs=tuple(runs))
    return scene, trajectories


def drawable(surface: object) -> str | None:
    """The registered name of ``surface`` (a name or a :class:`~optiviz.surfaces.Surface`),
    or None when it is not registered and so cannot be drawn by name."""
    name = surface.name if isinstance(surface, surfaces.Surface) else surface
    return name if isinstance(name, str) and name in surfaces.names() else None


def write_png(
    path: Path, scene: Scene, trajectories: Sequence[Trajectory], title: str, caption: str
) -> bool:
    """Draws ``scene`` to ``path``; False when Matplotlib (``optiviz[export]``) is missing."""
    try:
        from optiviz.app.export.frames import FrameDrawer
    except ImportError:
        return False
    drawer = FrameDrawer(scene, trajectories, size=SIZE, title=title, caption=caption)
    drawer.save(str(path), format="png")
    return True


def _start(t: Trajectory) -> tuple[float, float]:
    return float(t.positions[0, 0]), float(t.positions[0, 1])


def _padded(t: Trajectory, steps: int) -> Trajectory:
    missing = steps + 1 - len(t.positions)
    if not missing:
        return t
    return t._replace(
        positions=np.concatenate([t.positions, np.repeat(t.positions[-1:], missing, axis=0)]),
        losses=np.concatenate([t.losses, np.repeat(t.losses[-1:], missing)]),
        gradients=np.concatenate([t.gradients, np.full((missing, 2), np.nan)]),
        lr=np.concatenate([t.lr, np.full(missing, np.nan)]),
        effective_lr=np.concatenate([t.effective_lr, np.full((missing, 2), np.nan)]),
    )
