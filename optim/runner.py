"""The trajectory runner: whole optimizer runs as one jitted loop, many at once.

One compilation serves every run of a (surface, optimizer, steps) triple: the start point and
every number of the run (η, the optimizer's coefficients, the schedule, noise, batch size,
seed, clipping) arrive as one traced float64 table with a row per trajectory, so new values
are new data. One run steps θ itself; N runs are a ``jax.vmap`` of the step over the rows.

θ is a vector of any length D: a point (w1, w2) of a 2-D surface, or the flattened weights
of a network (see :class:`Objective` for what such a loss must provide).

The loop (``lax.fori_loop``) writes each step's record into a table allocated once, holding
only the fields of :class:`.Trajectory` the caller keeps (``keep``): positions and losses
alone are three of the eight columns of a 2-D run. Each step of one trajectory, from θ_t and
the gradient g_t that the step before computed:

1. Weight decay: g_t + λ_wd θ_t goes to the optimizer (AdamW instead decays θ directly by
   η_t λ_wd θ_t).
2. θ_{t+1} = θ_t + update from the optimizer, with η_t from the schedule.
3. L(θ_{t+1}), and g_{t+1} = ∇L(θ_{t+1}), or on a data surface the gradient of mini-batch
   t + 1 of B points (in reshuffled epochs, see ``surfaces.data.batch_mask``); plus Gaussian
   noise of std σ/√B when σ > 0 (seeded: the key of step t + 1 is
   ``fold_in(key(seed), t + 1)``); then norm clipping g ← g·min(1, c/(‖g‖ + 10⁻⁶)).

Divergence: when θ_{t+1} or L(θ_{t+1}) is not finite, the trajectory freezes at θ_t for good
and ``diverged_at`` is t + 1; its later gradients and effective rates read 0, so no NaN or
Inf ever leaves the runner.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

import jax
import jax.numpy as jnp
import numpy as np

from optiviz.surfaces import Surface
from optiviz.surfaces.plane import PlaneSurface

from .hyperparameters import HyperParams
from .optimizer import Optimizer
from .projection import projected
from .schedules import learning_rate
from .trajectory import FIELDS, HELD, Trajectories, columns_of, kept

SEED = HyperParams._fields.index("seed")

GRAD_CLIP_EPS = 1e-6


class Objective(Protocol):
    """What the runner needs of a loss over θ ∈ ℝᴰ: every :class:`~optiviz.surfaces.Surface`
    (D = 2) has it, and so can any other object, such as a network's loss over its flattened
    weights.

    The object is a static argument of :func:`jax.jit`, so it must hash and compare by
    identity (``@dataclasses.dataclass(frozen=True, eq=False)``, or a plain class): the runner
    compiles once per object.

    Attributes:
        loss: ``f(θ) -> scalar`` in JAX, for θ of shape (D,); the runner differentiates it
            with :func:`jax.grad`.
        batch_loss: None, or ``f(θ, key, step, batch_size) -> scalar``: the loss on
            mini-batch ``step`` of ``batch_size`` points of the run seeded with ``key`` (0
            means all points; see ``surfaces.data.batch_mask``), used when a run asks for a
            batch size or noise.
        start: The default θ_0, D numbers; :func:`~optiviz.optim.run_many` checks that
            starts have D columns.
    """

    loss: Callable[[jax.Array], jax.Array]
    batch_loss: Callable[[jax.Array, jax.Array, jax.Array, jax.Array], jax.Array] | None
    start: Sequence[float]


def trajectories(
    surface: Surface | Objective,
    optimizer: Optimizer,
    steps: int,
    starts: np.ndarray,
    table: np.ndarray,
    *,
    schedule: str = "constant",
    stochastic: bool = False,
    clipped: bool = False,
    keep: Iterable[str] = FIELDS,
) -> Trajectories:
    """Runs the rows of a checked hyperparameter ``table`` from ``starts`` (shape (N, D)):
    the fast path under :func:`run_many`, for callers that built the table themselves.

    The code compiled depends on the keyword arguments only; the numbers in ``table`` and
    ``starts`` are data. ``schedule`` is the schedule's kind; ``stochastic`` (noise or
    mini-batches) and ``clipped`` switch those parts of the step on, and leaving them off when
    no row needs them keeps the compiled loop short. ``keep`` names the fields of
    :class:`.Trajectory` to record (the others are None): positions and losses alone are
    three of the eight columns of a 2-D run, and skip computing η/σ.

    On a plane through a network's weights, a run trains the whole network from the start
    lifted into its weight space and is returned in the plane's coordinates, its positions
    always kept (see :mod:`.projection`).

    Raises:
        ValueError: An unknown field in ``keep``, or none.
    """
    keep = kept(keep)
    if isinstance(surface, PlaneSurface):
        plane = surface.plane
        flags = {"schedule": schedule, "stochastic": stochastic, "clipped": clipped}
        flags["keep"] = kept({"positions", *keep})
        runs = trajectories(plane.network, optimizer, steps, plane.lift(starts), table, **flags)
        return projected(plane, runs)
    records, diverged = _run(
        surface, optimizer, steps, schedule, stochastic, clipped, keep, starts, table
    )
    records, diverged = np.asarray(records).transpose(1, 0, 2), np.asarray(diverged)
    if (diverged >= 0).any():
        columns = columns_of(starts.shape[1], keep)
        held = sum(span.stop - span.start for name, span in columns.items() if name in HELD)
        records = _freeze_divergence(records, diverged, held)
    return Trajectories.from_records(records, diverged, keep)


def compile_count() -> int:
    """How many trajectory programs have been compiled in this process."""
    return _run._cache_size()


@functools.partial(jax.jit, static_argnums=(0, 1, 2, 3, 4, 5, 6))
def _run(surface, optimizer, steps, schedule, stochastic, clipped, keep, starts, table):
    """N runs as one loop over time that writes each step's records into a preallocated
    (steps + 1, N, C) table, C the columns of the fields ``keep``; and each run's divergence
    step (-1: none).

    One run (N = 1) steps θ itself: a vmapped row of one costs as much on a closed-form
    surface, and a quarter more on a data surface.
    """
    many = len(starts) > 1
    batched = jax.vmap if many else (lambda f, in_axes=0: f)
    d = starts.shape[1]
    theta, table = (starts, table) if many else (starts[0], table[0])
    # One row of N numbers per hyperparameter, sliced inside the loop: sliced outside, each
    # would be a loop-carried value of its own, which XLA:CPU pays for at every step
    # (jax-ml/jax#40150).
    columns = table.T
    one_step = functools.partial(step, surface, optimizer, schedule, stochastic, clipped)
    advance = batched(one_step, in_axes=(0, None, 0, 0))
    keys = batched(jax.random.key)(columns[SEED].astype(jnp.uint32))
    spans = {name: columns_of(d, FIELDS)[name] for name in keep}

    loss = batched(surface.loss)(theta)
    first = jnp.concatenate([theta, loss[..., None]], axis=-1)
    first = _select(jnp.pad(first, [(0, 0)] * (first.ndim - 1) + [(0, 2 * d + 1)]), spans)
    records = jnp.zeros((steps + 1, *first.shape), first.dtype).at[0].set(first)

    def body(t, carry):
        run, diverged_at, records = carry
        run, record = advance(run, t, HyperParams(*columns), keys)
        diverged_at = divergence_step(diverged_at, record, t)
        records = jax.lax.dynamic_update_index_in_dim(records, _select(record, spans), t + 1, 0)
        return run, diverged_at, records

    start = functools.partial(initial_carry, surface, optimizer, stochastic, clipped)
    run = batched(start)(theta, HyperParams(*columns), keys)
    diverged_at = jnp.where(jnp.isfinite(loss), -1, 0)
    _, diverged_at, records = jax.lax.fori_loop(0, steps, body, (run, diverged_at, records))
    return records.reshape(steps + 1, -1, first.shape[-1]), diverged_at.reshape(-1)


def _select(record: jax.Array, spans: dict[str, slice]) -> jax.Array:
    """The kept columns of a full record (the record itself when every field is kept)."""
    if len(spans) == len(FIELDS):
        return record
    return jnp.concatenate([record[..., span] for span in spans.values()], axis=-1)


def initial_carry(surface, optimizer, stochastic, clipped, theta, hp, key):
    """What one run carries into step 0 of :func:`step`: θ_0, the optimizer's initial state
    and g_0."""
    return theta, optimizer.init(theta), gradient(surface, stochastic, clipped, theta, 0, hp, key)


def step(surface, optimizer, schedule, stochastic, clipped, carry, t, hp, key):
    """Step t of one run: from (θ_t, state, g_t), θ_{t+1} = θ_t + update(g_t) with η_t; then
    L(θ_{t+1}) and the next step's gradient g_{t+1}.

    Returns the new carry and the step's full record: θ_{t+1}, L(θ_{t+1}), g_t, η_t, η_t/σ_t
    (3D + 2 numbers).

    The gradient comes from the carry, computed at the end of the step before (beside
    L(θ_{t+1}), whose work it shares): the update reads only carried values, so it compiles
    to the same code whatever the run records, and a narrowed record has the same θ to the
    last bit.
    """
    theta, state, g = carry
    eta = learning_rate(t, schedule, hp)
    scheduled = hp._replace(lr=eta)
    if optimizer.decoupled_weight_decay:
        update, state = optimizer.update(state, g, t, scheduled)
        update = update - eta * hp.weight_decay * theta
    else:
        update, state = optimizer.update(state, g + hp.weight_decay * theta, t, scheduled)
    theta = theta + update
    effective = jnp.broadcast_to(eta / optimizer.sigma(state, t, scheduled), theta.shape)
    record = jnp.concatenate([theta, surface.loss(theta)[None], g, eta[None], effective])
    g_next = gradient(surface, stochastic, clipped, theta, t + 1, hp, key)
    return (theta, state, g_next), record


def gradient(surface, stochastic, clipped, theta, t, hp, key):
    """g_t at θ_t: ∇L(θ_t), or on a data surface ∇ of the loss on mini-batch t of B points;
    plus noise of std σ/√B when σ > 0; then clipped to norm c."""
    if stochastic:
        noise_key = jax.random.split(jax.random.fold_in(key, t))[1]
        if surface.batch_loss is None:
            g = jax.grad(surface.loss)(theta)
        else:
            g = jax.grad(surface.batch_loss)(theta, key, t, hp.batch_size)
        noise = jax.random.normal(noise_key, theta.shape)
        g = g + hp.noise / jnp.sqrt(jnp.maximum(hp.batch_size, 1.0)) * noise
    else:
        g = jax.grad(surface.loss)(theta)
    if clipped:
        g = g * jnp.minimum(1.0, hp.clip / (jnp.linalg.norm(g) + GRAD_CLIP_EPS))
    return g


def divergence_step(diverged_at: jax.Array, record: jax.Array, t: jax.Array) -> jax.Array:
    """Each run's divergence step (-1: none) after step t, whose (N, 3D + 2) ``record`` (or
    (3D + 2,) for one run) holds θ_{t+1} and L(θ_{t+1}) in its first D + 1 columns: t + 1
    where these are not finite for the first time."""
    d = (record.shape[-1] - 2) // 3
    broken = ~jnp.isfinite(record[..., : d + 1]).all(axis=-1)
    return jnp.where((diverged_at < 0) & broken, t + 1, diverged_at)


def _freeze_divergence(records: np.ndarray, diverged_at: np.ndarray, held: int) -> np.ndarray:
    """A copy of the (N, T+1, C) ``records`` in which, from row ``diverged_at`` of each run
    on (-1: none), the first ``held`` columns (θ and L) repeat their last finite values and
    the others read 0 (as does anything not finite before that row).

    Done in NumPy, run by run, and only when a run diverged: as a conditional pass in the
    compiled program it cost 40 µs per call even when not taken, more than a whole 500-step
    run. Most of the time left here is the copy."""
    records = np.array(records)
    for i in np.flatnonzero(diverged_at >= 0):
        k = diverged_at[i]
        run = records[i]
        before = run[: max(k, 1)]
        before[~np.isfinite(before)] = 0.0
        run[k:, :held] = run[max(k - 1, 0), :held]
        run[k:, held:] = 0.0
    return records


def enable_compilation_cache() -> None:
    """Keeps compiled trajectories on disk (``$OPTIVIZ_CACHE`` or ``~/.cache/optiviz/jax``)
    so that a new process does not compile them again. Called by the CLI and the app; a
    library caller's cache settings are left alone (importing optiviz does turn on float64:
    see :mod:`optiviz.surfaces`)."""
    if jax.config.jax_compilation_cache_dir:
        return
    default = os.path.join(os.path.expanduser("~"), ".cache", "optiviz", "jax")
    jax.config.update("jax_compilation_cache_dir", os.environ.get("OPTIVIZ_CACHE", default))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
