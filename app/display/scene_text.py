"""The scene in words and numbers, for readers who cannot see the plot.

:func:`describe` says which surface, which runs, where each starts, where it is at a player
frame, its loss there and whether it diverged; :func:`data_rows` gives a run's trajectory as
a short table (every plot's quantities, decimated). The app's text view, its data table and
the exports' alt text all come from here, so they say the same thing.

Example:
    >>> from optiviz.optim import presets
    >>> from optiviz.optim.scene import simulate
    >>> from optiviz.app.display.scene_data import scene_data
    >>> scene = presets.get("saddle-stuck").scene
    >>> trajectories = simulate(scene)
    >>> text = describe(scene, trajectories, scene_data(scene, trajectories))
    >>> text.heading
    'Surface: Saddle (course example). 2 runs, step 300 of 300.'
    >>> text.runs[0]  # doctest: +ELLIPSIS
    'Run 1, ...: starts at (...); at step 300 at (...), loss ....'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from optiviz.app.display.scene_data import SceneData
from optiviz.optim import Trajectory
from optiviz.optim.scene import Scene

TABLE_ROWS = 21
"""Rows of a run's data table: the start, the end and evenly spaced steps between."""


def number(value: float) -> str:
    """``value`` to four significant digits, as the text view writes every number.

    Example:
        >>> number(0.000123456), number(-2.0), number(float("inf"))
        ('0.0001235', '-2', 'inf')
    """
    return f"{value:.4g}"


def point(xy: Sequence[float]) -> str:
    """``(x, y)`` with :func:`number`."""
    return f"({number(xy[0])}, {number(xy[1])})"


class SceneText(NamedTuple):
    """The scene in sentences.

    Attributes:
        heading: The surface(s), the number of runs and the step shown.
        runs: One sentence per run: start, position and loss at the step, divergence.
    """

    heading: str
    runs: list[str]

    def __str__(self) -> str:
        return "\n".join([self.heading, *self.runs])


def describe(
    scene: Scene, trajectories: Sequence[Trajectory], data: SceneData, frame: int | None = None
) -> SceneText:
    """What the plot shows at player ``frame`` (None: the last, as the player opens).

    Args:
        scene: The scene.
        trajectories: ``simulate(scene)``.
        data: ``scene_data(scene, trajectories)``, whose timeline maps frames to steps.
        frame: The player's frame (clamped to the frames there are).
    """
    steps = np.asarray(data.timeline["step"])
    last = len(steps) - 1
    frame = last if frame is None else int(np.clip(frame, 0, last))
    step = int(steps[frame])
    names = " and ".join(surface.title for surface in data.surfaces)
    kind = "Surfaces" if len(data.surfaces) > 1 else "Surface"
    count = f"{len(scene.runs)} run{'s' if len(scene.runs) != 1 else ''}"
    heading = f"{kind}: {names}. {count}, step {step} of {int(steps[last])}."
    runs = []
    for i, (run, trajectory) in enumerate(zip(scene.runs, trajectories, strict=True)):
        where = trajectory.positions[step]
        loss = float(trajectory.losses[step])
        on = f" on {data.surfaces[data.plot_of[i]].title}" if len(data.surfaces) > 1 else ""
        sentence = (
            f"Run {i + 1}, {run.title()}{on}: starts at {point(scene.start_of(run))}; "
            f"at step {step} at {point(where)}, loss {number(loss)}."
        )
        if trajectory.diverged_at is not None:
            broke = int(trajectory.diverged_at)
            tense = "diverged" if broke <= step else "diverges"
            sentence += f" It {tense} at step {broke}."
        runs.append(sentence)
    return SceneText(heading, runs)


COLUMNS = ("step", "w₁", "w₂", "loss L", "learning rate ηₜ")
"""The data table's columns."""


def data_rows(trajectory: Trajectory, rows: int = TABLE_ROWS) -> list[tuple]:
    """``trajectory`` as ``rows`` rows of :data:`COLUMNS` (fewer for a short run): the
    start, the last finite step and evenly spaced steps between.

    Example:
        >>> from optiviz import optim
        >>> t = optim.run("saddle", "gd", lr=0.05, steps=100, start=(0.8, -0.8))
        >>> [row[0] for row in data_rows(t, rows=5)]
        [0, 25, 50, 75, 100]
    """
    last = len(trajectory.positions) - 1
    if trajectory.diverged_at is not None:
        last = max(min(int(trajectory.diverged_at) - 1, last), 0)
    kept = np.unique(np.linspace(0, last, min(rows, last + 1)).round().astype(int))
    lr = np.asarray(trajectory.lr)
    table = []
    for k in kept:
        x, y = trajectory.positions[k]
        rate = float(lr[min(k, len(lr) - 1)]) if len(lr) else float("nan")
        table.append((int(k), float(x), float(y), float(trajectory.losses[k]), rate))
    return table
