"""Timing for the benchmarks: best of several rounds, contenders interleaved.

On a shared machine the load drifts while a benchmark runs. Timing contenders in turn, round
after round, exposes each to the same drift, so their ratio means more than their times.

Each turn first makes its calls untimed, then times them again: a call right after another
contender's turn runs cold (0.55 ms, then 0.1 ms, for a 0.056 ms ``optim.run`` after a
torch loop, as caches and idle threads wake up), and the figures are of steady state.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping

import jax


def best_time(fn: Callable[[], object], repeat: int, number: int = 1) -> float:
    """The best of ``repeat`` timings of ``number`` calls, per call, in seconds."""
    return best_times({"": (fn, number)}, repeat)[""]


def best_times(
    contenders: Mapping[str, tuple[Callable[[], object], int]], repeat: int
) -> dict[str, float]:
    """Per contender ``name: (fn, number)``, the best of ``repeat`` timings of ``number``
    calls, per call, in seconds. Every round times each contender in turn: its ``number``
    calls made untimed, then timed."""
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(repeat):
        for name, (fn, number) in contenders.items():
            for _ in range(number):
                fn()
            start = time.perf_counter()
            for _ in range(number):
                fn()
            best[name] = min(best[name], (time.perf_counter() - start) / number)
    return best


def machine() -> str:
    """The machine a benchmark ran on: cores, load, Python and JAX."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({usable} usable), load average {load}; "
        f"python {sys.version.split()[0]}, jax {jax.__version__}"
    )
