"""The public runner API: :func:`run` and :func:`run_many`, every argument checked.

Both take a :class:`~.spec.RunSpec`, or an optimizer's name and the spec's settings as
keywords (the short form); keywords given with a spec change it. :func:`run_outcomes` is
:func:`run_many` for maps, which need how each run ended, not its records.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable

import numpy as np

from optiviz import surfaces
from optiviz.surfaces import Surface

from .hyperparameters import STEPS
from .outcomes import Outcomes, outcomes
from .runner import Objective, trajectories
from .spec import PerRun, RunSpec, split_per_run
from .trajectory import FIELDS, Trajectories, Trajectory

MAX_SETTINGS = 2**20
"""The most runs one sweep or basin map may make."""


def run(
    surface: str | Surface | Objective,
    optimizer: str | RunSpec,
    *,
    start: tuple[float, float] | np.ndarray | None = None,
    steps: int = 500,
    keep: Iterable[str] = FIELDS,
    **settings: object,
) -> Trajectory:
    """Runs ``optimizer`` on ``surface`` from ``start`` for ``steps`` steps.

    Args:
        surface: A surface or its registered name, or an :class:`.Objective` over θ ∈ ℝᴰ
            with a default ``start`` of D numbers.
        optimizer: A :class:`~.spec.RunSpec`, or an optimizer name (see
            :func:`optiviz.optim.names`) whose settings are the keywords.
        start: θ_0; the surface's default start when None.
        steps: Number of updates, 1 … 1,000,000.
        keep: The fields of :class:`Trajectory` to record, e.g. ``("positions", "losses")``;
            the others are None. Recording less is faster.
        **settings: The spec's settings (see :meth:`~.spec.RunSpec.updated`):

            * ``lr``: base learning rate η (None: the optimizer's default);
            * ``schedule``: a :class:`~.schedules.Schedule` or its spec, e.g.
              ``"invsqrt"`` or ``"cosine:T=500"``;
            * ``convention``: ``"torch"`` (``torch.optim`` semantics, the default) or
              ``"course"`` (the lecture's);
            * ``noise``: gradient noise std σ per sample (0: exact gradients);
            * ``batch_size``: B; noise std becomes σ/√B, and data surfaces draw real
              mini-batches;
            * ``seed``: seed of the noise and the mini-batches;
            * ``clip``: maximum gradient norm (None: no clipping);
            * the optimizer's own coefficients (``momentum``, ``alpha``, ``beta1``,
              ``beta2``, ``eps``, ``weight_decay``).

    Returns:
        The :class:`Trajectory`.

    Raises:
        ValueError: For an unknown name or an invalid value; the message names it.

    Example:
        >>> from optiviz import optim
        >>> trajectory = optim.run("rosenbrock", "adam", start=(-1.5, 2.0), steps=500, lr=0.05)
        >>> trajectory.positions.shape
        (501, 2)
        >>> spec = optim.RunSpec.make("momentum", lr=1e-3, momentum=0.5)
        >>> optim.run("rosenbrock", spec, start=(-1.5, 2.0), steps=100).diverged_at is None
        True
    """
    surface = surfaces.get(surface) if isinstance(surface, str) else surface
    starts = [surface.start if start is None else start]
    return run_many(surface, optimizer, starts=starts, steps=steps, keep=keep, **settings)[0]


def run_many(
    surface: str | Surface | Objective,
    optimizer: str | RunSpec,
    *,
    starts: object,
    steps: int = 500,
    keep: Iterable[str] = FIELDS,
    **settings: object,
) -> Trajectories:
    """Runs N trajectories at once, one per row of ``starts`` (shape (N, D), D = 2 on a
    surface).

    Takes the arguments of :func:`run`; any number in ``settings`` may also be an array of
    length N, one value per trajectory, and so may a key of the schedule (this is how
    sweeps and seed fans are built). All N share one compiled loop.

    Example:
        >>> from optiviz import optim
        >>> runs = optim.run_many("valley", "gd", starts=[(-8, 0.5)] * 3, lr=[1e-3, 1e-2, 2e-2])
        >>> (runs.diverged_at >= 0).tolist()  # only η above 2/λ_max = 0.01 diverges
        [False, False, True]
    """
    surface = surfaces.get(surface) if isinstance(surface, str) else surface
    spec, per_run = split_per_run(optimizer, settings)
    steps = int(STEPS.check(steps))
    starts = check_starts(starts, len(surface.start))
    table = spec.table(steps, len(starts), per_run)
    variant = spec.variant(per_run)
    return trajectories(
        surface,
        variant.optimizer,
        steps,
        starts,
        table,
        schedule=variant.schedule,
        stochastic=variant.stochastic,
        clipped=variant.clipped,
        keep=keep,
    )


def run_outcomes(
    surface: Surface,
    spec: RunSpec,
    *,
    starts: np.ndarray,
    steps: int,
    per_run: PerRun | None = None,
    regions: np.ndarray | None = None,
) -> Outcomes:
    """How N runs of ``spec`` from checked ``starts`` end, without their records (see
    :mod:`.outcomes`): what :func:`run_many` would return, folded as the runs go.

    Args:
        surface: The surface.
        spec: The runs' settings.
        starts: (N, 2) start points, checked.
        steps: Updates per run, checked.
        per_run: Settings with one value per run (see :meth:`~.spec.RunSpec.table`).
        regions: (K, 4) rows (c1, c2, r, ℓ) of :func:`.outcomes`.

    Raises:
        ValueError: More than :data:`MAX_SETTINGS` runs, or a bad per-run value.
    """
    if len(starts) > MAX_SETTINGS:
        raise ValueError(f"too many runs: {len(starts)}, at most {MAX_SETTINGS}")
    table = spec.table(steps, len(starts), per_run)
    variant = spec.variant(per_run)
    return outcomes(
        surface,
        variant.optimizer,
        steps,
        starts,
        table,
        regions,
        schedule=variant.schedule,
        stochastic=variant.stochastic,
        clipped=variant.clipped,
    )


def check_starts(starts: object, dimension: int = 2) -> np.ndarray:
    """``starts`` as an (N, D) float64 array of finite numbers, D = ``dimension``, or a
    ValueError."""
    try:
        array = np.asarray(starts, dtype=np.float64)
    except (TypeError, ValueError):
        array = None
    shaped = array is not None and array.ndim == 2 and array.shape[1] == dimension
    if not shaped or len(array) == 0 or not np.isfinite(array).all():
        raise ValueError(_bad_start(starts, dimension))
    return array


def _bad_start(starts: object, dimension: int) -> str:
    count = "two" if dimension == 2 else str(dimension)
    return f"start must be {count} finite numbers, got {reprlib.repr(starts)}"


def check_start(start: object) -> tuple[float, float]:
    """One start point as two finite floats, or a ValueError."""
    x, y = check_starts([start])[0]
    return (float(x), float(y))
