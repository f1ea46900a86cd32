r"""The course's "minimum ratio" experiment: where training stalls, what kind of point is it?

Train a network many times from seeded initial weights, stop each run where the gradient
has become small, ‖∇L(θ)‖ < tol, and look at the Hessian H = ∇²L(θ) there. At a local
minimum every eigenvalue of H is positive; the course's measure of how close a point comes
to one is the

    minimum ratio = (number of positive eigenvalues of H) / (number of eigenvalues),

1 at a minimum, lower at a saddle point. Plotted against the training loss, one point per
run, it shows what the course claims: the points where training stalls are saddles or
near-saddles, with a way down still open, not local minima.

Each run is full-batch gradient descent through the trajectory runner, in chunks of
:data:`CHUNK` steps (gradient descent keeps no state, so a chunk continues the run
exactly); a run stops at the first step t with ‖g_t‖ < tol and that θ_t is its point. The
Hessian is exact (``jax.hessian``, D × D for a network of D weights) and its eigenvalues come
from ``numpy.linalg.eigvalsh``. Because many eigenvalues of a network's Hessian are nearly
zero, whose sign says little, each point also counts its eigenvalues that are clearly
positive, clearly negative and flat (|λ| ≤ ``flat`` · max |λ|).

Example:
    >>> from optiviz.surfaces import mlp, toy_data
    >>> tiny = mlp.MLP(width=3, depth=1)
    >>> found = minimum_ratio(tiny, toy_data.dataset("curve", n=20), runs=3, max_steps=500)
    >>> found.points.eigenvalues.shape, found.points.ratio.shape
    ((3, 10), (3,))
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from optiviz.surfaces.mlp import MLP, Network, network
from optiviz.surfaces.surface import Loss
from optiviz.surfaces.toy_data import Dataset

from .hyperparameters import LR, SEED, STEPS, Range
from .runs import run_many

CHUNK = 500
"""Steps per call of the runner: the positions and gradients of 30 runs of a 200-weight
network take some 50 MB a chunk; 10,000 steps at once would take a gigabyte."""
KEEP = ("positions", "gradients")
"""What the experiment reads of each chunk's records."""
RUNS = Range(1.0, 1000.0, integer=True)
TOLERANCE = Range(0.0, low_open=True)
FLAT = 1e-6
"""An eigenvalue with |λ| ≤ FLAT · max |λ| counts as flat (see :class:`Spectrum`)."""
FLAT_RANGE = Range(0.0, 1.0)


class Settings(NamedTuple):
    """The experiment's settings; :data:`DEFAULTS` are those of the CLI and the preset.

    With them, 1 → 12 → 12 → 1 tanh networks (193 weights) fit 100 noisy points of
    y = sin(πx) (``toy_data``'s ``curve``); most runs reach the tolerance within 10,000 steps,
    the rest keep bouncing at the edge of stability (λ_max ≈ 2/η).
    """

    data: str = "curve"
    points: int = 100
    width: int = 12
    depth: int = 2
    activation: str = "tanh"
    runs: int = 30
    seed: int = 0
    lr: float = 0.05
    tolerance: float = 2e-3
    max_steps: int = 10_000


DEFAULTS = Settings()


class Spectrum(NamedTuple):
    """What the Hessian says at N points.

    Attributes:
        loss: L at each point.
        grad_norm: ‖∇L‖ there.
        eigenvalues: The Hessian's eigenvalues there, ascending, shape (N, D).
        ratio: The minimum ratio, the share of eigenvalues > 0.
        positive, negative, flat: How many eigenvalues are above ``flat`` · max |λ|, below
            its negative, and in between.
    """

    loss: np.ndarray
    grad_norm: np.ndarray
    eigenvalues: np.ndarray
    ratio: np.ndarray
    positive: np.ndarray
    negative: np.ndarray
    flat: np.ndarray


def spectrum(loss: Loss, points: np.ndarray, flat: float = FLAT) -> Spectrum:
    """L, ‖∇L‖ and the exact Hessian's eigenvalues at each row of ``points`` (shape (N, D)),
    in one jitted, vmapped call.

    Example:
        >>> import jax.numpy as jnp
        >>> saddle = lambda theta: theta[0] ** 2 + 0.5 * theta[1] ** 2 - theta[2] ** 2
        >>> found = spectrum(saddle, np.zeros((1, 3)))
        >>> found.eigenvalues.tolist(), found.ratio.tolist()
        ([[-2.0, 1.0, 2.0]], [0.6666666666666666])
    """

    values, norms, hessians = _derivatives(loss)(jnp.asarray(points))
    eigenvalues = np.linalg.eigvalsh(np.asarray(hessians))
    scale = flat * np.abs(eigenvalues).max(axis=1, keepdims=True)
    positive = (eigenvalues > scale).sum(axis=1)
    negative = (eigenvalues < -scale).sum(axis=1)
    return Spectrum(
        loss=np.asarray(values),
        grad_norm=np.asarray(norms),
        eigenvalues=eigenvalues,
        ratio=(eigenvalues > 0).mean(axis=1),
        positive=positive,
        negative=negative,
        flat=eigenvalues.shape[1] - positive - negative,
    )


@functools.lru_cache(maxsize=16)
def _derivatives(loss: Loss):
    """θ (N, D) → L, ‖∇L‖ and ∇²L per row, jitted once per loss."""

    def at(theta: jax.Array):
        return loss(theta), jnp.linalg.norm(jax.grad(loss)(theta)), jax.hessian(loss)(theta)

    return jax.jit(jax.vmap(at))


class MinimumRatio(NamedTuple):
    """The experiment's runs, in seed order.

    Attributes:
        network: The network of the first seed (the others differ in θ₀ only).
        seeds: Each run's seed of θ₀.
        reached: Whether the run reached ‖g‖ < tol within ``max_steps``.
        steps: The step at which it did (-1: it did not, and its point is where it ended).
        points: The Hessian's :class:`Spectrum` at each run's point.
        tolerance: The gradient-norm tolerance.
    """

    network: Network
    seeds: np.ndarray
    reached: np.ndarray
    steps: np.ndarray
    points: Spectrum
    tolerance: float

    def summary(self) -> str:
        """One line: how many runs reached the tolerance, and their ratios' spread."""
        ratios = self.points.ratio[self.reached]
        line = f"{ratios.size} of {len(self.seeds)} runs reached ‖g‖ < {self.tolerance:g}"
        if not ratios.size:
            return line
        low, middle, high = np.quantile(ratios, [0, 0.5, 1])
        return f"{line}; minimum ratio {low:.2f} to {high:.2f}, median {middle:.2f}"


def minimum_ratio(
    model: MLP,
    data: Dataset,
    runs: int = DEFAULTS.runs,
    *,
    seed: int = DEFAULTS.seed,
    lr: float = DEFAULTS.lr,
    tolerance: float = DEFAULTS.tolerance,
    max_steps: int = DEFAULTS.max_steps,
    flat: float = FLAT,
) -> MinimumRatio:
    """Trains ``model`` on ``data`` from seeds ``seed`` … ``seed + runs − 1`` by full-batch
    gradient descent with rate ``lr`` until ‖g‖ < ``tolerance`` (at most ``max_steps``
    steps), and takes the Hessian at each run's point.

    Raises:
        ValueError: A value out of range (the message names it).
    """
    runs = int(RUNS.check("runs", runs))
    seed = int(SEED.check(seed))
    SEED.check(seed + runs - 1)
    lr = float(LR.check(lr))
    tolerance = float(TOLERANCE.check("tolerance", tolerance))
    max_steps = int(STEPS.check(max_steps))
    flat = float(FLAT_RANGE.check("flat", flat))

    net = network(model, data, seed)
    seeds = np.arange(seed, seed + runs)
    points = np.stack([net.initial(int(s)) for s in seeds])
    steps = np.full(runs, -1)
    alive = np.ones(runs, dtype=bool)
    chunk = min(CHUNK, max_steps)
    for offset in range(0, max_steps, chunk):
        ran = run_many(net, "gd", starts=points, steps=chunk, lr=lr, keep=KEEP)
        below = np.linalg.norm(ran.gradients, axis=2) < tolerance
        below[:, max_steps - offset :] = False
        hit = alive & below.any(axis=1)
        first = np.argmax(below, axis=1)
        points[hit] = ran.positions[hit, first[hit]]
        steps[hit] = offset + first[hit]
        alive &= ~hit & (ran.diverged_at < 0)
        points[alive] = ran.positions[alive, -1]
        if not alive.any():
            break
    return MinimumRatio(net, seeds, steps >= 0, steps, spectrum(net.loss, points, flat), tolerance)
