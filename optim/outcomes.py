"""How runs end, without their records: the runner's step folded into a running summary.

A map needs a few numbers per run, not the run: 64 × 64 settings × 500 steps are 131 MB of
records (see :mod:`.runner`), and writing them costs some twenty times the arithmetic (about
100 ms against 5 ms for that grid on a 2-core machine; ``benchmarks/sweep.py``).
:func:`outcomes` scans the runner's own step function, :func:`.runner.step`, so the update
math is the same code, but keeps per run only:

* θ_T and L(θ_T), or, for a run that diverged, its last finite θ and L (as the records hold);
* the divergence step, as in :class:`.Trajectories` (-1: none);
* for each region k = {θ : ‖θ − c_k‖ ≤ r_k and L(θ) ≤ ℓ_k}, the step from which the run
  stayed inside it to the end (-1: it ended outside, or diverged).

Example:
    >>> import numpy as np
    >>> from optiviz import optim, surfaces
    >>> valley, gd = surfaces.get("valley"), optim.get("gd")  # GD is stable for η < 1e-2
    >>> table = optim.RunSpec("gd").table(1000, n=2, per_run={"lr": [5e-3, 2.5e-2]})
    >>> below = np.array([[0.0, 0.0, np.inf, 1e-3]])  # the region L ≤ 1e-3
    >>> ends = outcomes(valley, gd, 1000, np.array([(0.1, 0.1)] * 2), table, below)
    >>> ends.diverged_at.tolist(), ends.settled_at.tolist()
    ([-1, 256], [[1], [-1]])
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from optiviz.surfaces import Surface
from optiviz.surfaces.plane import PlaneSurface

from .hyperparameters import HyperParams
from .optimizer import Optimizer
from .runner import divergence_step, initial_carry
from .runner import step as run_step


class Outcomes(NamedTuple):
    """How N runs ended.

    Attributes:
        position: θ_T, or a diverged run's last finite θ, shape (N, D).
        loss: L at ``position``, shape (N,).
        diverged_at: The step whose θ or L would not have been finite, -1 for none, shape (N,).
        settled_at: Per region, the first step from which the run stayed inside it through
            step T; -1 when it ended outside or diverged. Shape (N, K).
    """

    position: np.ndarray
    loss: np.ndarray
    diverged_at: np.ndarray
    settled_at: np.ndarray


def outcomes(
    surface: Surface,
    optimizer: Optimizer,
    steps: int,
    starts: np.ndarray,
    table: np.ndarray,
    regions: np.ndarray | None = None,
    *,
    schedule: str = "constant",
    stochastic: bool = False,
    clipped: bool = False,
) -> Outcomes:
    """Runs the rows of a checked ``table`` from ``starts`` like :func:`.trajectories`, and
    returns how each run ended instead of its records.

    Args:
        surface, optimizer, steps, starts, table, schedule, stochastic, clipped: As for
            :func:`.trajectories` (the same compiled step).
        regions: (K, 4) rows (c1, c2, r, ℓ): the region ‖θ − c‖ ≤ r and L(θ) ≤ ℓ; ``inf``
            switches a bound off. None: no regions.

    On a plane through a network's weights the runs train the network, as trajectories there
    do (see :mod:`.projection`): ``position`` is the projection of where each ended, and a
    region can bound the loss only.

    Raises:
        ValueError: A region with a radius on a network's plane.
    """
    regions = np.zeros((0, 4)) if regions is None else np.asarray(regions, dtype=np.float64)
    if isinstance(surface, PlaneSurface):
        if np.isfinite(regions[:, 2]).any():
            raise ValueError(f"{surface.name}: regions around a point need a 2-D surface")
        plane = surface.plane
        flags = {"schedule": schedule, "stochastic": stochastic, "clipped": clipped}
        lifted = plane.lift(starts)
        ends = outcomes(plane.network, optimizer, steps, lifted, table, regions, **flags)
        return ends._replace(position=plane.project(ends.position).coordinates)
    result = _fold(surface, optimizer, steps, schedule, stochastic, clipped, starts, table, regions)
    return Outcomes(*(np.asarray(array) for array in result))


def compile_count() -> int:
    """How many outcome programs have been compiled in this process."""
    return _fold._cache_size()


@functools.partial(jax.jit, static_argnums=(0, 1, 2, 3, 4, 5))
def _fold(surface, optimizer, steps, schedule, stochastic, clipped, starts, table, regions):
    hp = HyperParams(*table.T)
    d = starts.shape[1]
    step = functools.partial(run_step, surface, optimizer, schedule, stochastic, clipped)
    keys = jax.vmap(jax.random.key)(hp.seed.astype(jnp.uint32))

    def outside(theta: jax.Array, loss: jax.Array) -> tuple[jax.Array, ...]:
        """Per region, (N,): whether each θ lies outside it (NaN counts as outside)."""
        return tuple(
            ~(((theta[:, 0] - c1) ** 2 + (theta[:, 1] - c2) ** 2 <= radius**2) & (loss <= level))
            for c1, c2, radius, level in regions
        )

    def advance(carry, t):
        run, theta_last, loss_last, diverged_at, left_at = carry
        run, record = jax.vmap(step, in_axes=(0, None, 0, 0))(run, t, hp, keys)
        theta, loss = record[:, :d], record[:, d]
        diverged_at = divergence_step(diverged_at, record, t)
        alive = diverged_at < 0
        theta_last = jnp.where(alive[:, None], theta, theta_last)
        loss_last = jnp.where(alive, loss, loss_last)
        left_at = tuple(
            jnp.where(out, t + 1, left)
            for out, left in zip(outside(theta, loss), left_at, strict=True)
        )
        return (run, theta_last, loss_last, diverged_at, left_at), None

    loss = jax.vmap(surface.loss)(starts)
    finite = jnp.isfinite(loss)
    start = functools.partial(initial_carry, surface, optimizer, stochastic, clipped)
    carry = (
        jax.vmap(start)(starts, hp, keys),
        starts,
        loss,
        jnp.where(finite, -1, 0),
        tuple(jnp.where(out, 0, -1) for out in outside(starts, loss)),
    )
    (_, theta, loss, diverged_at, left_at), _ = jax.lax.scan(advance, carry, jnp.arange(steps))
    left_at = jnp.stack(left_at, axis=1) if left_at else jnp.zeros((len(starts), 0), int)
    settled_at = jnp.where((left_at == steps) | (diverged_at[:, None] >= 0), -1, left_at + 1)
    return (
        jnp.where(jnp.isfinite(theta), theta, 0.0),
        jnp.where(jnp.isfinite(loss), loss, 0.0),
        diverged_at,
        settled_at,
    )
