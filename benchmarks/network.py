"""The network engine's speed, measured side by side in one run.

    python benchmarks/network.py [--repeat 5]

* a 64 × 64 grid of the ``mlp-landscape`` network's loss on its random plane (337 weights,
  200 points; issue 19's goal: well under a second), beside a 64 × 64 grid of Rosenbrock;
* one step of that network's training (gradient descent, full batch, 64 runs vmapped)
  against one plain 2-D step (64 runs on the valley): the ratio is what a network step costs
  in the plain steps that work budgets count;
* the exact Hessian (``jax.hessian``, 337 × 337) at one point, and the minimum-ratio
  spectrum of 30 points of the experiment's 193-weight network (Hessians and eigenvalues);
* the whole minimum-ratio experiment with its default settings, once.

Contenders are timed in turn, round after round (``timing.py``); the machine's cores and
load are printed with them. Asserts nothing (machines are noisy).
"""

from __future__ import annotations

import argparse
import time

import jax
import jax.numpy as jnp
import numpy as np
from timing import best_times, machine

from optiviz import optim, surfaces
from optiviz.optim import landscape
from optiviz.optim import minimum_ratio as experiment
from optiviz.surfaces import mlp, toy_data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    print(machine())

    plane = surfaces.get("mlp_random")
    rosenbrock = surfaces.get("rosenbrock")
    size = plane.plane.network.size
    grids = best_times(
        {
            "network": (lambda: surfaces.grid(plane, 64), 1),
            "rosenbrock": (lambda: surfaces.grid(rosenbrock, 64), 1),
        },
        repeat,
    )
    network, flat = grids["network"], grids["rosenbrock"]
    print(
        f"64 × 64 grid: network plane ({size} weights, 200 points) {network * 1e3:.1f} ms, "
        f"Rosenbrock {flat * 1e3:.2f} ms (×{network / flat:.0f})"
    )

    net = plane.plane.network
    valley = surfaces.get("valley")
    net_starts = np.stack([net.initial(s) for s in range(64)])
    flat_starts = np.tile(valley.start, (64, 1))
    settings = {"steps": 200, "keep": ("positions", "losses")}

    def network_runs():
        return optim.run_many(net, "gd", starts=net_starts, lr=0.5, **settings)

    def plain_runs():
        return optim.run_many(valley, "gd", starts=flat_starts, lr=1e-3, **settings)

    steps = best_times({"network": (network_runs, 1), "plain": (plain_runs, 1)}, repeat)
    ratio = steps["network"] / steps["plain"]
    print(
        f"64 runs × 200 steps: network {steps['network'] * 1e3:.1f} ms, plain 2-D "
        f"{steps['plain'] * 1e3:.2f} ms: a network step costs ≈ {ratio:.0f} plain steps"
    )

    hessian_point = jnp.asarray(landscape.trained(landscape.MOONS).end)
    d = experiment.DEFAULTS
    ratio_net = mlp.network(mlp.MLP(d.width, d.depth), toy_data.dataset(d.data, n=d.points))
    points = np.stack([ratio_net.initial(s) for s in range(d.runs)])
    hessian = jax.jit(jax.hessian(net.loss))
    curvature = best_times(
        {
            "hessian": (lambda: hessian(hessian_point).block_until_ready(), 1),
            "spectrum": (lambda: experiment.spectrum(ratio_net.loss, points), 1),
        },
        repeat,
    )
    print(
        f"exact Hessian, {size} × {size}: {curvature['hessian'] * 1e3:.1f} ms; spectrum of "
        f"{d.runs} points of a {ratio_net.size}-weight network: "
        f"{curvature['spectrum'] * 1e3:.0f} ms"
    )

    start = time.perf_counter()
    model, data = mlp.MLP(d.width, d.depth), toy_data.dataset(d.data, n=d.points)
    found = experiment.minimum_ratio(model, data)
    elapsed = time.perf_counter() - start
    print(f"minimum-ratio experiment, defaults: {elapsed:.1f} s; {found.summary()}")


if __name__ == "__main__":
    main()
