"""Timing for the benchmarks: best of several rounds, contenders interleaved.

On a shared machine the load drifts while a benchmark runs. Timing contenders in turn, round
after round, exposes each to the same drift, so their ratio means more than their times.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping

import jax


def best_time(fn: Callable[[], object], repeat: int, number: int = 1) -> float:
    """The best of ``repeat`` timings of ``number`` calls, per call, in seconds, after one
    untimed call."""
    return best_times({"": (fn, number)}, repeat)[""]


def best_times(
    contenders: Mapping[str, tuple[Callable[[], object], int]], repeat: int
) -> dict[str, float]:
    """Per contender ``name: (fn, number)``, the best of ``repeat`` timings of ``number``
    calls, per call, in seconds. Each is called once untimed first; then every round times
    each contender in turn."""
    for fn, _ in contenders.values():
        fn()
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(repeat):
        for name, (fn, number) in contenders.items():
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
