"""The engine's speed against its peers, measured side by side in one run.

    python benchmarks/engine.py [--repeat 5]

Measures a 500-step Adam trajectory on Rosenbrock and 1,000 of them (different learning
rates), each recording every position and loss as a visualizer must:

* optiviz: ``optim.run`` / ``optim.run_many``, the whole call (checks, dispatch, copies back);
* optax: ``optax.adam`` stepped from Python, the update jitted once;
* NumPy: the same Adam written out in NumPy, looping in Python;
* torch.optim: ``torch.optim.Adam`` with autograd, looping in Python (when torch is installed;
  for 1,000 runs, one (1000, 2) tensor, whose elementwise Adam is 1,000 independent runs, all
  at one η: a per-run η would need a param group each and only be slower).

Then the number of compilations caused by new hyperparameter values (should be 0) and the
cold start of ``optiviz run`` in a fresh process (best of three, compilation cache warm).
Prints times and ratios; asserts nothing (machines are noisy).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import optax

from optiviz import optim, surfaces

STEPS, N, LR, START = 500, 1000, 0.05, (-1.5, 2.0)
ROSENBROCK = surfaces.get("rosenbrock")


def best_time(fn: Callable[[], object], repeat: int, number: int = 1) -> float:
    """The best of ``repeat`` timings of ``number`` calls, per call, in seconds."""
    fn()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def optiviz_one() -> np.ndarray:
    return optim.run(ROSENBROCK, "adam", start=START, steps=STEPS, lr=LR).positions


def optiviz_many() -> np.ndarray:
    starts = np.tile(START, (N, 1))
    return optim.run_many(ROSENBROCK, "adam", starts=starts, steps=STEPS, lr=lrs()).positions


def lrs() -> np.ndarray:
    return np.geomspace(1e-3, 1e-1, N)


def optax_loop(n: int) -> Callable[[], np.ndarray]:
    transform = optax.adam(lrs()[:, None] if n > 1 else LR)
    grad = jax.vmap(ROSENBROCK.grad) if n > 1 else ROSENBROCK.grad
    loss = jax.vmap(ROSENBROCK.loss) if n > 1 else ROSENBROCK.loss

    @jax.jit
    def step(theta, state):
        updates, state = transform.update(grad(theta), state, theta)
        theta = optax.apply_updates(theta, updates)
        return theta, state, loss(theta)

    def run() -> np.ndarray:
        theta = jnp.asarray(np.tile(START, (n, 1)) if n > 1 else START)
        state = transform.init(theta)
        positions = [theta]
        for _ in range(STEPS):
            theta, state, _ = step(theta, state)
            positions.append(theta)
        return np.asarray(jnp.stack(positions))

    return run


def numpy_loop(n: int) -> Callable[[], np.ndarray]:
    lr = lrs()[:, None] if n > 1 else LR

    def run() -> np.ndarray:
        theta = np.tile(START, (n, 1)).astype(np.float64)
        m, v = np.zeros_like(theta), np.zeros_like(theta)
        positions, losses = [theta], []
        for t in range(1, STEPS + 1):
            x, y = theta[:, 0], theta[:, 1]
            g = np.stack([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)], axis=1)
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g**2
            theta = theta - lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
            positions.append(theta)
            losses.append((1 - theta[:, 0]) ** 2 + 100 * (theta[:, 1] - theta[:, 0] ** 2) ** 2)
        return np.array(positions)

    return run


def torch_loop(n: int) -> Callable[[], np.ndarray] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)

    def run() -> np.ndarray:
        theta = torch.tensor(np.tile(START, (n, 1)), dtype=torch.float64, requires_grad=True)
        adam = torch.optim.Adam([theta], lr=LR)
        positions = [theta.detach().clone()]
        for _ in range(STEPS):
            adam.zero_grad()
            loss = ((1 - theta[:, 0]) ** 2 + 100 * (theta[:, 1] - theta[:, 0] ** 2) ** 2).sum()
            loss.backward()
            adam.step()
            positions.append(theta.detach().clone())
        return torch.stack(positions).numpy()

    return run


def cold_start() -> float:
    command = shutil.which("optiviz") or str(Path(sys.executable).parent / "optiviz")
    argv = [command, "run", "--surface", "rosenbrock", "--optimizer", "adam", "--steps", "500"]
    subprocess.run(argv, check=True, capture_output=True)
    return best_time(lambda: subprocess.run(argv, check=True, capture_output=True), repeat=3)


def compile_count_for_new_values() -> int:
    optiviz_one()
    before = optim.compile_count()
    rng = np.random.default_rng(0)
    for _ in range(20):
        optim.run(
            ROSENBROCK, "adam", start=tuple(rng.uniform(-2, 2, 2)), steps=STEPS,
            lr=rng.uniform(1e-3, 1e-1), beta1=rng.uniform(0.5, 0.95), beta2=rng.uniform(0.9, 0.999),
            eps=10 ** rng.uniform(-10, -6), weight_decay=rng.uniform(0, 0.1),
        )  # fmt: skip
    return optim.compile_count() - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat

    np.testing.assert_allclose(optiviz_one(), numpy_loop(1)()[:, 0], rtol=1e-9)
    print(f"Adam on Rosenbrock, {STEPS} steps, positions and losses recorded; best of {repeat}\n")
    for label, n, ours, peers in [
        ("one trajectory", 1, optiviz_one, [optax_loop(1), numpy_loop(1), torch_loop(1)]),
        (f"{N} trajectories", N, optiviz_many, [optax_loop(N), numpy_loop(N), torch_loop(N)]),
    ]:
        ours_time = best_time(ours, repeat, number=20 if n == 1 else 3)
        print(f"{label}:")
        print(f"  optiviz      {ours_time * 1e3:10.3f} ms")
        for name, peer in zip(("optax loop", "NumPy loop", "torch.optim"), peers, strict=True):
            if peer is None:
                print(f"  {name:<12} (not installed)")
                continue
            peer_time = best_time(peer, max(1, repeat // 2))
            ratio = peer_time / ours_time
            print(f"  {name:<12} {peer_time * 1e3:10.3f} ms   optiviz is {ratio:,.0f}× faster")
        print()
    print(f"compilations for 20 new sets of values: {compile_count_for_new_values()}")
    print(f"`optiviz run` cold start (fresh process, cache warm): {cold_start():.2f} s")
    print(f"python {sys.version.split()[0]}, jax {jax.__version__}")


if __name__ == "__main__":
    main()
