"""A 64 × 64 hyperparameter map against a Python loop over ``optim.run``, side by side.

    python benchmarks/sweep.py [--repeat 5] [--loop-runs 4096]

The map: heavy-ball momentum on the elongated valley, lr (64, log 1e-4 … 1) × momentum
(64, 0 … 0.99), 500 steps each, final loss per setting. Measured in one process:

* ``optim.sweep``: the whole call (checks, table, one jitted fold, metric), warm and cold;
* the same 4,096 runs through ``optim.trajectories`` with every record kept (the path the
  sweep avoids: 131 MB of records for one number per run);
* a Python loop calling ``optim.run`` once per setting and reading its final loss (each call
  is itself one compiled loop; best of three, timed over ``--loop-runs`` settings and
  scaled to 4,096 when that is fewer, which the output says).

Then the sizes the app's Maps view uses: a 32 × 32 map and a 100 × 100 basin map.
Goals: the 64 × 64 map under 1 s and at least 100× the loop. Prints times and ratios and
whether the maps agree; asserts nothing (machines are noisy).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from timing import best_time, machine

from optiviz import optim, surfaces

VALLEY = surfaces.get("valley")
STEPS, N = 500, 64
LRS, MOMENTA = np.geomspace(1e-4, 1.0, N), np.linspace(0.0, 0.99, N)


def sweep_map(n: int = N) -> np.ndarray:
    grid = {"lr": np.geomspace(1e-4, 1.0, n), "momentum": np.linspace(0.0, 0.99, n)}
    return optim.sweep(VALLEY, "momentum", grid=grid, steps=STEPS).values


def records_map() -> np.ndarray:
    lr, momentum = (a.ravel() for a in np.meshgrid(LRS, MOMENTA, indexing="ij"))
    spec = optim.RunSpec("momentum")
    table = spec.table(STEPS, N * N, per_run={"lr": lr, "momentum": momentum})
    starts = np.tile(VALLEY.start, (N * N, 1))
    runs = optim.trajectories(VALLEY, spec.rule, STEPS, starts, table)
    return np.where(runs.diverged_at >= 0, np.nan, runs.losses[:, -1]).reshape(N, N)


def loop_map(count: int) -> np.ndarray:
    """The first ``count`` settings (row-major) of the map, one ``optim.run`` each."""
    out = np.full(N * N, np.nan)
    for k in range(count):
        i, j = divmod(k, N)
        t = optim.run(VALLEY, "momentum", steps=STEPS, lr=LRS[i], momentum=MOMENTA[j])
        out[k] = np.nan if t.diverged_at is not None else t.losses[-1]
    return out.reshape(N, N)


def row(label: str, seconds: float, note: str = "") -> None:
    print(f"  {label:<30}{seconds * 1e3:8.1f} ms" + (f"   ({note})" if note else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--loop-runs", type=int, default=N * N)
    args = parser.parse_args()
    count = max(1, min(args.loop_runs, N * N))

    start = time.perf_counter()
    values = sweep_map()
    cold = time.perf_counter() - start
    warm = best_time(sweep_map, args.repeat)
    records = best_time(records_map, args.repeat)
    loop_values = loop_map(count)
    loop = best_time(lambda: loop_map(count), min(args.repeat, 3)) * (N * N) / count
    scaled = "" if count == N * N else f"timed {count} runs, scaled to {N * N}"

    done = ~np.isnan(loop_values.ravel()[:count]) | ~np.isnan(values.ravel()[:count])
    a, b = values.ravel()[:count][done], loop_values.ravel()[:count][done]
    agree = np.allclose(a, b, rtol=1e-9, equal_nan=True)

    print(machine())
    print(f"{N} × {N} map × {STEPS} steps, momentum on valley, final loss (best of several runs)")
    row("optim.sweep, warm", warm)
    row("optim.sweep, first call", cold, "includes compilation")
    row("every record kept", records, f"{records / warm:.0f}× the sweep")
    row("loop of optim.run", loop, scaled)
    print(f"  {'sweep vs loop':<30}{loop / warm:8.0f}×   (goal ≥ 100×)")
    print(f"  {'goal < 1 s':<30}{'met' if warm < 1 else 'missed':>8}")
    print(f"  {'maps agree with the loop':<30}{agree!s:>8}   ({count} settings, rtol 1e-9)")

    small = best_time(lambda: sweep_map(32), args.repeat)
    basins = best_time(
        lambda: optim.basins("himmelblau", "gd", resolution=100, steps=STEPS, lr=0.01),
        args.repeat,
    )
    print("The app's sizes, warm:")
    row(f"32 × 32 map × {STEPS} steps", small)
    row(f"100 × 100 basins × {STEPS} steps", basins, "gd on himmelblau")


if __name__ == "__main__":
    main()
