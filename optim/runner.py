"""The trajectory runner: whole optimizer runs as one jitted ``lax.scan``, many at once.

One compilation serves every run of a (surface, optimizer, steps) triple: the start point and
every number of the run (η, the optimizer's coefficients, the schedule, noise, batch size,
seed, clipping) arrive as one traced float64 table with a row per trajectory, so new values
are new data, and N trajectories are a ``jax.vmap`` over its rows.

Each step of one trajectory, from θ_t:

1. g_t = ∇L(θ_t), or on a data surface the gradient of mini-batch t of B points (in
   reshuffled epochs, see ``surfaces.data.batch_mask``); plus
   Gaussian noise of std σ/√B when σ > 0 (seeded: the key of step t is
   ``fold_in(key(seed), t)``); then norm clipping g ← g·min(1, c/(‖g‖ + 10⁻⁶)).
2. Weight decay: g ← g + λ_wd θ (AdamW instead decays θ directly by η_t λ_wd θ).
3. θ_{t+1} = θ_t + update from the optimizer, with η_t from the schedule.

Divergence: when θ_{t+1} or L(θ_{t+1}) is not finite, the trajectory freezes at θ_t for good
and ``diverged_at`` is t + 1; its later gradients and effective rates read 0, so no NaN or
Inf ever leaves the runner.
"""

from __future__ import annotations

import functools
import os

import jax
import jax.numpy as jnp
import numpy as np

from optiviz.surfaces import Surface

from .hyperparameters import HyperParams
from .optimizer import Optimizer
from .schedules import learning_rate
from .trajectory import Trajectories

GRAD_CLIP_EPS = 1e-6


def trajectories(
    surface: Surface,
    optimizer: Optimizer,
    steps: int,
    starts: np.ndarray,
    table: np.ndarray,
    *,
    schedule: str = "constant",
    stochastic: bool = False,
    clipped: bool = False,
) -> Trajectories:
    """Runs the rows of a checked hyperparameter ``table`` from ``starts``: the fast path
    under :func:`run_many`, for callers that built the table themselves.

    The code compiled depends on these arguments only; the numbers in ``table`` and
    ``starts`` are data. ``schedule`` is the schedule's kind; ``stochastic`` (noise or
    mini-batches) and ``clipped`` switch those parts of the step on, and leaving them off when
    no row needs them keeps the compiled loop short.
    """
    records, diverged = _scan(
        surface, optimizer, steps, schedule, stochastic, clipped, starts, table
    )
    return Trajectories.from_records(np.asarray(records).transpose(1, 0, 2), np.asarray(diverged))


def compile_count() -> int:
    """How many trajectory programs have been compiled in this process."""
    return _scan._cache_size()


@functools.partial(jax.jit, static_argnums=(0, 1, 2, 3, 4, 5))
def _scan(surface, optimizer, steps, schedule, stochastic, clipped, starts, table):
    """N runs as one ``lax.scan`` over time whose step is vmapped over the runs.

    Returns the (steps + 1, N, 8) record table, row i holding θ_i and L(θ_i) with the step
    that led there (columns w1, w2, L, g1, g2, η, η/σ1, η/σ2), and each run's divergence step
    (-1: none). Time comes first so the records need no transposition on the device.
    """
    hp = HyperParams(*table.T)
    one_step = functools.partial(step, surface, optimizer, schedule, stochastic, clipped)
    keys = jax.vmap(jax.random.key)(hp.seed.astype(jnp.uint32))

    def advance(carry, t):
        run, diverged_at = carry
        run, record = jax.vmap(one_step, in_axes=(0, None, 0, 0))(run, t, hp, keys)
        return (run, divergence_step(diverged_at, record, t)), record

    loss = jax.vmap(surface.loss)(starts)
    carry = ((starts, jax.vmap(optimizer.init)(starts)), jnp.where(jnp.isfinite(loss), -1, 0))
    (_, diverged_at), records = jax.lax.scan(advance, carry, jnp.arange(steps))
    first = jnp.pad(jnp.concatenate([starts, loss[:, None]], axis=1), ((0, 0), (0, 5)))
    return _freeze_divergence(jnp.concatenate([first[None], records]), diverged_at), diverged_at


def step(surface, optimizer, schedule, stochastic, clipped, carry, t, hp, key):
    """One update of one run: θ_{t+1} = θ_t + update(g_t) with η_t, and its record."""
    theta, state = carry
    eta = learning_rate(t, schedule, hp)
    if stochastic:
        noise_key = jax.random.split(jax.random.fold_in(key, t))[1]
        if surface.batch_loss is None:
            g = surface.grad(theta)
        else:
            g = jax.grad(surface.batch_loss)(theta, key, t, hp.batch_size)
        noise = jax.random.normal(noise_key, (2,))
        g = g + hp.noise / jnp.sqrt(jnp.maximum(hp.batch_size, 1.0)) * noise
    else:
        g = surface.grad(theta)
    if clipped:
        g = g * jnp.minimum(1.0, hp.clip / (jnp.linalg.norm(g) + GRAD_CLIP_EPS))
    scheduled = hp._replace(lr=eta)
    if optimizer.decoupled_weight_decay:
        update, state = optimizer.update(state, g, t, scheduled)
        update = update - eta * hp.weight_decay * theta
    else:
        update, state = optimizer.update(state, g + hp.weight_decay * theta, t, scheduled)
    theta = theta + update
    effective = eta / optimizer.sigma(state, t, scheduled)
    record = jnp.concatenate([theta, surface.loss(theta)[None], g, eta[None], effective])
    return (theta, state), record


def divergence_step(diverged_at: jax.Array, record: jax.Array, t: jax.Array) -> jax.Array:
    """Each run's divergence step (-1: none) after step t, whose (N, 8) ``record`` holds
    θ_{t+1} and L(θ_{t+1}): t + 1 where these are not finite for the first time."""
    broken = ~jnp.isfinite(record[:, :3]).all(axis=1)
    return jnp.where((diverged_at < 0) & broken, t + 1, diverged_at)


def _freeze_divergence(records: jax.Array, diverged_at: jax.Array) -> jax.Array:
    """From row ``diverged_at`` of each run on (-1: none), repeats its last finite θ and L and
    zeroes the step columns. Runs that all stay finite, the usual case, skip the rewrite."""

    def freeze(records: jax.Array) -> jax.Array:
        rows = jnp.arange(len(records))[:, None]
        after = (rows >= diverged_at) & (diverged_at >= 0)
        last = records[jnp.maximum(diverged_at - 1, 0), jnp.arange(records.shape[1]), :3]
        frozen = jnp.concatenate(
            [
                jnp.where(after[..., None], last, records[..., :3]),
                jnp.where(after[..., None], 0.0, records[..., 3:]),
            ],
            axis=2,
        )
        return jnp.where(jnp.isfinite(frozen), frozen, 0.0)

    return jax.lax.cond((diverged_at >= 0).any(), freeze, lambda r: r, records)


def enable_compilation_cache() -> None:
    """Keeps compiled trajectories on disk (``$OPTIVIZ_CACHE`` or ``~/.cache/optiviz/jax``)
    so that a new process does not compile them again. Called by the CLI and the app; a
    library caller's own JAX configuration is left alone."""
    if jax.config.jax_compilation_cache_dir:
        return
    default = os.path.join(os.path.expanduser("~"), ".cache", "optiviz", "jax")
    jax.config.update("jax_compilation_cache_dir", os.environ.get("OPTIVIZ_CACHE", default))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
