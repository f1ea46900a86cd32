"""What the work budgets assume (``optiviz.optim.budget``): a step with gradient noise or on a
mini-batch costs so many plain steps, in a scene's scan and in a map's vmapped grid.

Measured side by side in one run, each after its compilation, so the ratios hold on a busy
machine too; the seconds themselves do not.

    python benchmarks/budget.py
"""

from __future__ import annotations

import time

import numpy as np

from optiviz import optim
from optiviz.optim import budget
from optiviz.optim.scene import Run, Scene, simulate

STEPS = 20_000
CELLS = 64


def best_of(call, repeat: int = 3) -> float:
    call()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return min(times)


def scan(surface: str, run: Run) -> float:
    scene = Scene(surface, None, STEPS, (run,))
    return best_of(lambda: simulate(scene)) / STEPS


def grid(surface: str, **settings) -> float:
    lrs = {"lr": np.geomspace(1e-4, 1e-2, CELLS * CELLS)}
    return best_of(lambda: optim.sweep(surface, "gd", grid=lrs, steps=500, **settings)) / (
        CELLS * CELLS * 500
    )


def main() -> None:
    plain = scan("valley", Run("gd", lr=1e-3))
    noise = scan("valley", Run("gd", lr=1e-3, noise=0.1))
    batch = scan("regression", Run("gd", lr=1e-3, batch_size=4))
    print(f"scan of one run, {STEPS:,} steps: plain {plain * 1e9:.0f} ns/step")
    print(f"  noise {noise / plain:.0f}× plain (budget assumes {budget.SCAN_COSTS.noise:.0f}×)")
    print(f"  batch {batch / plain:.0f}× plain (budget assumes {budget.SCAN_COSTS.batch:.0f}×)")
    plain = grid("valley")
    noise = grid("valley", noise=0.1)
    batch = grid("regression", batch_size=4)
    print(f"grid of {CELLS * CELLS:,} runs × 500 steps: plain {plain * 1e9:.1f} ns/run-step")
    print(f"  noise {noise / plain:.0f}× plain (budget assumes {budget.GRID_COSTS.noise:.0f}×)")
    print(f"  batch {batch / plain:.0f}× plain (budget assumes {budget.GRID_COSTS.batch:.0f}×)")
    seconds = budget.TRAJECTORIES * scan("valley", Run("gd", lr=1e-3))
    print(f"a scene at its budget ({budget.TRAJECTORIES:,} plain steps): about {seconds:.2f} s")


if __name__ == "__main__":
    main()
