"""The engine's speed against its peers, measured side by side in one run.

    python benchmarks/engine.py [--repeat 7]

Measures a 500-step Adam trajectory on Rosenbrock and 1,000 of them (different learning
rates), each recording every position and loss as a visualizer must:

* optiviz: ``optim.run`` / ``optim.run_many`` with ``keep=("positions", "losses")``, the
  whole call (checks, dispatch, copies back); and the same with the full record (gradients,
  η and η/σ as well), the default;
* optax: ``optax.adam`` stepped from Python, the update jitted once;
* NumPy: the same Adam written out in NumPy, looping in Python;
* torch.optim: ``torch.optim.Adam`` with autograd, looping in Python (when torch is installed;
  for 1,000 runs, one (1000, 2) tensor, whose elementwise Adam is 1,000 independent runs, all
  at one η: a per-run η would need a param group each and only be slower).

Then the number of compilations caused by new hyperparameter values and starts, and the cold
start of ``optiviz run --preset valley-adagrad`` in a fresh process (compilation cache warm)
beside that of a process that only imports JAX.

Goals (issue 13): one trajectory ≥ 3000× the torch.optim loop; 1,000 ≥ 50× batched torch;
0 compilations; cold start < 0.8 s. Contenders are timed in turn, round after round
(``timing.py``), so that a busy machine slows them alike; each ratio is printed with its two
timings, and the machine's cores and load with them. Asserts nothing (machines are noisy).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import optax
from timing import best_times, machine

from optiviz import optim, surfaces

STEPS, N, LR, START = 500, 1000, 0.05, (-1.5, 2.0)
ROSENBROCK = surfaces.get("rosenbrock")
KEEP = ("positions", "losses")
GOALS = {1: 3000, N: 50}


def optiviz_one(keep: tuple[str, ...] = KEEP) -> Callable[[], np.ndarray]:
    def run() -> np.ndarray:
        return optim.run(ROSENBROCK, "adam", start=START, steps=STEPS, lr=LR, keep=keep).positions

    return run


def optiviz_many(keep: tuple[str, ...] = KEEP) -> Callable[[], np.ndarray]:
    starts = np.tile(START, (N, 1))

    def run() -> np.ndarray:
        return optim.run_many(
            ROSENBROCK, "adam", starts=starts, steps=STEPS, lr=lrs(), keep=keep
        ).positions

    return run


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


def cold_start(repeat: int) -> tuple[float, float]:
    """The best wall time of ``optiviz run --preset valley-adagrad`` in a fresh process
    (after one run, so the compilation cache is warm), and of a process importing JAX."""
    command = shutil.which("optiviz") or str(Path(sys.executable).parent / "optiviz")
    run = [command, "run", "--preset", "valley-adagrad"]
    bare = [sys.executable, "-c", "import jax"]
    times = best_times(
        {
            name: (lambda argv=argv: subprocess.run(argv, check=True, capture_output=True), 1)
            for name, argv in (("run", run), ("jax", bare))
        },
        repeat,
    )
    return times["run"], times["jax"]


def compile_count_for_new_values() -> int:
    """Compilations caused by 20 new sets of values and starts, for one run and for many,
    after a first call of each."""
    optiviz_one()()
    optiviz_many()()
    before = optim.compile_count()
    rng = np.random.default_rng(0)
    for _ in range(20):
        values = {
            "lr": rng.uniform(1e-3, 1e-1),
            "beta1": rng.uniform(0.5, 0.95),
            "beta2": rng.uniform(0.9, 0.999),
            "eps": 10 ** rng.uniform(-10, -6),
            "weight_decay": rng.uniform(0, 0.1),
        }
        start = tuple(rng.uniform(-2, 2, 2))
        optim.run(ROSENBROCK, "adam", start=start, steps=STEPS, keep=KEEP, **values)
        starts = rng.uniform(-2, 2, (N, 2))
        optim.run_many(ROSENBROCK, "adam", starts=starts, steps=STEPS, keep=KEEP, **values)
    return optim.compile_count() - before


def ratio_line(name: str, peer: float, ours: float, goal: int | None = None) -> str:
    """``name``'s time over optiviz's, with both times and, if given, the goal."""
    ratio = peer / ours
    times = f"{peer * 1e3:10.3f} ms / {ours * 1e3:.3f} ms"
    line = f"  {name:<12} {times} = {ratio:,.{0 if ratio >= 10 else 2}f}×"
    if goal is not None:
        line += f"   goal ≥ {goal:,}×: {'met' if ratio >= goal else 'missed'}"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat

    np.testing.assert_allclose(optiviz_one()(), numpy_loop(1)()[:, 0], rtol=1e-9)
    print(machine())
    print(f"Adam on Rosenbrock, {STEPS} steps, positions and losses recorded; best of {repeat}")
    print("rounds, contenders timed in turn\n")
    for label, n, optiviz in [
        ("one trajectory", 1, optiviz_one),
        (f"{N} trajectories", N, optiviz_many),
    ]:
        number = 20 if n == 1 else 3
        contenders = {"optiviz": (optiviz(), number), "full": (optiviz(optim.FIELDS), number)}
        peers = (optax_loop(n), numpy_loop(n), torch_loop(n))
        for name, peer in zip(("optax loop", "NumPy loop", "torch.optim"), peers, strict=True):
            if peer is not None:
                contenders[name] = (peer, 1)
        times = best_times(contenders, repeat)
        print(f"{label}:")
        print(f"  {'optiviz':<12} {times['optiviz'] * 1e3:10.3f} ms   positions and losses")
        print(f"  {'':<12} {times['full'] * 1e3:10.3f} ms   every field (the default)")
        for name in ("optax loop", "NumPy loop", "torch.optim"):
            if name not in times:
                print(f"  {name:<12} (not installed)")
                continue
            goal = GOALS[n] if name == "torch.optim" else None
            print(ratio_line(name, times[name], times["optiviz"], goal))
        print()
    print(f"compilations for 20 new sets of values and starts: {compile_count_for_new_values()}")
    run, bare = cold_start(max(3, repeat // 2))
    verdict = "met" if run < 0.8 else "missed"
    print(
        f"`optiviz run --preset valley-adagrad` cold start: {run:.2f} s   goal < 0.8 s: {verdict}"
    )
    print(f"  (a process that only imports JAX: {bare:.2f} s)")


if __name__ == "__main__":
    main()
