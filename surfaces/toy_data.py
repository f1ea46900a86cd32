r"""Toy data sets for small networks, generated here from a seed: nothing is downloaded.

Four classic 2-D problems, each a function ``(n, seed, noise) -> Dataset`` drawn with
``numpy.random.default_rng(seed)``, so the same arguments give the same points on every
machine:

============ ============== ===================================================
name         task           points
============ ============== ===================================================
moons        classification two interleaving half circles (as scikit-learn's)
spirals      classification two spirals winding around each other
xor          classification four clusters at (±1, ±1); class = sign(x₁x₂) > 0
curve        regression     y = sin(πx) + noise for x in [−1, 1] (input 1-D)
============ ============== ===================================================

Example:
    >>> data = dataset("moons", n=200, seed=0)
    >>> data.x.shape, data.y.shape, data.task
    ((200, 2), (200,), 'classification')
    >>> bool((dataset("moons", n=200, seed=0).x == data.x).all())
    True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .registry import Registry

CLASSIFICATION, REGRESSION = "classification", "regression"


class Dataset(NamedTuple):
    """Inputs and targets of a toy problem.

    Attributes:
        name: The generator's name, e.g. ``"moons"``.
        x: Inputs, shape (N, d): d = 2, or 1 for the regression curve.
        y: Targets, shape (N,): class labels 0 or 1, or real values.
        task: ``"classification"`` (two classes) or ``"regression"``.
    """

    name: str
    x: np.ndarray
    y: np.ndarray
    task: str


Generator = Callable[[int, np.random.Generator, float], tuple[np.ndarray, np.ndarray]]


class Problem(NamedTuple):
    """A registered generator: its task, default noise and one line for listings."""

    name: str
    task: str
    noise: float
    description: str
    generate: Generator


PROBLEMS: Registry[Problem] = Registry("data set")


def problem(name: str, task: str, noise: float, description: str):
    """Registers the decorated generator ``(n, rng, noise) -> (x, y)`` under ``name``."""

    def register(generate: Generator) -> Generator:
        PROBLEMS.register(name, Problem(name, task, noise, description, generate))
        return generate

    return register


@problem("moons", CLASSIFICATION, 0.15, "two interleaving half circles")
def moons(n: int, rng: np.random.Generator, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Upper half circle of radius 1 at the origin (class 0) and the lower one shifted to
    (1, 0.5) (class 1), as ``sklearn.datasets.make_moons``."""
    upper = n // 2
    t = np.concatenate([np.linspace(0, np.pi, upper), np.linspace(0, np.pi, n - upper)])
    outer = np.stack([np.cos(t[:upper]), np.sin(t[:upper])], axis=1)
    inner = np.stack([1 - np.cos(t[upper:]), 0.5 - np.sin(t[upper:])], axis=1)
    x = np.concatenate([outer, inner]) + noise * rng.standard_normal((n, 2))
    return x, np.repeat([0.0, 1.0], [upper, n - upper])


@problem("spirals", CLASSIFICATION, 0.05, "two spirals winding around each other")
def spirals(n: int, rng: np.random.Generator, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Arm k (class k) at angle φ = t + kπ and radius r = t/(3π)·0.9 for t in [0.3π, 3π]:
    one and a half turns each, inside the unit disc."""
    y = np.repeat([0.0, 1.0], [n // 2, n - n // 2])
    t = rng.uniform(0.3 * np.pi, 3 * np.pi, n)
    r = 0.9 * t / (3 * np.pi)
    x = np.stack([r * np.cos(t + np.pi * y), r * np.sin(t + np.pi * y)], axis=1)
    return x + noise * rng.standard_normal((n, 2)), y


@problem("xor", CLASSIFICATION, 0.35, "four clusters; the class is the sign of x₁x₂")
def xor(n: int, rng: np.random.Generator, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Clusters of std ``noise`` at (±1, ±1); class 1 where x₁x₂ > 0, the classic problem
    no linear model solves."""
    centres = rng.choice(np.array([(1.0, 1.0), (-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0)]), n)
    x = centres + noise * rng.standard_normal((n, 2))
    return x, (x[:, 0] * x[:, 1] > 0).astype(np.float64)


@problem("curve", REGRESSION, 0.1, "y = sin(πx) + noise, a 1-D regression")
def curve(n: int, rng: np.random.Generator, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """x uniform in [−1, 1], y = sin(πx) + N(0, noise²)."""
    x = rng.uniform(-1.0, 1.0, n)
    return x[:, None], np.sin(np.pi * x) + noise * rng.standard_normal(n)


def dataset(name: str, n: int = 200, seed: int = 0, noise: float | None = None) -> Dataset:
    """``n`` points of the problem ``name``, drawn with ``seed``.

    Args:
        name: ``"moons"``, ``"spirals"``, ``"xor"`` or ``"curve"``.
        n: Number of points, at least 2.
        seed: Seed of ``numpy.random.default_rng``.
        noise: Noise level (the problem's default when None).

    Raises:
        ValueError: An unknown name or an invalid number.
    """
    found = PROBLEMS.get(name)
    if isinstance(n, bool) or int(n) != n or n < 2:
        raise ValueError(f"a data set needs a whole number of points ≥ 2, got {n!r}")
    noise = found.noise if noise is None else float(noise)
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be ≥ 0, got {noise!r}")
    x, y = found.generate(int(n), np.random.default_rng(seed), noise)
    return Dataset(name, x.astype(np.float64), y.astype(np.float64), found.task)


def names() -> list[str]:
    """The data sets' names."""
    return PROBLEMS.names()
