"""A scene's results as JSON, CSV or a short human table (the CLI's ``--format``)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import numpy as np

from optiviz.optim import Trajectory
from optiviz.optim.scene import Scene
from optiviz.surfaces import CriticalPoint


def scene_dict(scene: Scene, trajectories: list[Trajectory]) -> dict[str, Any]:
    """``{"surface", "start", "steps", "runs": [...]}`` with every array as lists (and
    ``"formula"``, ``"bounds"`` for a custom surface; each run names its surface, and a run on
    a plane through a network's weights has its ``"residual"``, the distance off the plane)."""
    head: dict[str, Any] = {"surface": scene.surface}
    if scene.formula is not None:
        head.update(formula=scene.formula, bounds=list(scene.surface_object().bounds))
    return {
        **head,
        "start": list(scene.start_of_scene()),
        "steps": scene.steps,
        "runs": [
            {
                "optimizer": run.optimizer,
                "surface": scene.surface_of(run).name,
                "label": run.title(),
                "start": list(scene.start_of(run)),
                "convention": run.convention,
                "hyperparameters": run.resolved(),
                "schedule": str(run.schedule),
                "positions": t.positions.tolist(),
                "losses": t.losses.tolist(),
                "gradients": t.gradients.tolist(),
                "lr": t.lr.tolist(),
                "effective_lr": t.effective_lr.tolist(),
                "diverged_at": t.diverged_at,
                **({} if t.residual is None else {"residual": t.residual.tolist()}),
            }
            for run, t in zip(scene.runs, trajectories, strict=True)
        ],
    }


def to_json(data: dict[str, Any]) -> str:
    """JSON text; refuses NaN and Inf, which the engine never produces."""
    return json.dumps(data, allow_nan=False)


CSV_COLUMNS = ("run", "optimizer", "step", "w1", "w2", "loss", "g1", "g2", "lr", "eff1", "eff2")


def to_csv(scene: Scene, trajectories: list[Trajectory]) -> str:
    """One row per run and step: run, optimizer, step, w1, w2, loss, g1, g2, lr, eff1, eff2
    (the step columns are empty on step 0, which no update led to)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for i, (run, t) in enumerate(zip(scene.runs, trajectories, strict=True)):
        for step, (position, loss) in enumerate(zip(t.positions, t.losses, strict=True)):
            update = (
                [*t.gradients[step - 1], t.lr[step - 1], *t.effective_lr[step - 1]]
                if step
                else [""] * 5
            )
            writer.writerow([i, run.optimizer, step, *position, loss, *update])
    return out.getvalue()


def to_table(scene: Scene, trajectories: list[Trajectory]) -> str:
    """A few lines a person reads: each run's end point, loss and fate."""
    names = ", ".join(f"{s.title} ({s.name})" for s in scene.all_surfaces())
    lines = [f"{names}, {scene.steps} steps"]
    for run, t in zip(scene.runs, trajectories, strict=True):
        start = scene.start_of(run)
        end = t.positions[-1]
        fate = f"diverged at step {t.diverged_at}" if t.diverged_at is not None else "finite"
        if t.residual is not None:
            fate += f", off the plane {t.residual[0]:.4g} → {t.residual[-1]:.4g}"
        lines.append(
            f"  {run.title():<28} ({start[0]:g}, {start[1]:g}) → ({end[0]:.6g}, {end[1]:.6g})"
            f"  loss {t.losses[0]:.4g} → {t.losses[-1]:.4g}  {fate}"
        )
    return "\n".join(lines)


def hessian_dict(surface: str, info: CriticalPoint) -> dict[str, Any]:
    """``optiviz hessian``'s JSON: point, gradient, Hessian, eigen-pairs, kind, escape
    direction and GD's largest stable learning rate."""
    return {
        "surface": surface,
        "point": info.point.tolist(),
        "loss": info.loss,
        "gradient": info.gradient.tolist(),
        "hessian": info.hessian.tolist(),
        "eigenvalues": info.eigenvalues.tolist(),
        "eigenvectors": info.eigenvectors.T.tolist(),
        "kind": info.kind,
        "escape_direction": _maybe(info.escape_direction),
        "max_stable_lr": info.max_stable_lr,
    }


def hessian_table(surface: str, info: CriticalPoint) -> str:
    """A few lines a person reads: the point's kind and the numbers behind it."""

    def numbers(array: np.ndarray | None) -> str:
        if array is None:
            return "none"
        return np.array2string(np.asarray(array), precision=6, separator=", ").replace("\n", "")

    stable = "none" if info.max_stable_lr is None else f"{info.max_stable_lr:.6g}"
    return "\n".join(
        [
            f"{surface} at ({info.point[0]:g}, {info.point[1]:g}): {info.kind}",
            f"  loss         {info.loss:.6g}",
            f"  gradient     {numbers(info.gradient)}",
            f"  Hessian      {numbers(info.hessian)}",
            f"  eigenvalues  {numbers(info.eigenvalues)}",
            f"  escape along {numbers(info.escape_direction)}",
            f"  2/λmax       {stable}",
        ]
    )


def _maybe(array: np.ndarray | None) -> list[float] | None:
    return None if array is None else array.tolist()
