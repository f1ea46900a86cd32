"""The public runner API: :func:`run` and :func:`run_many`, every argument checked."""

from __future__ import annotations

import math
import reprlib
from collections.abc import Iterable, Mapping

import numpy as np

from optiviz import surfaces
from optiviz.surfaces import Surface
from optiviz.surfaces.registry import unknown_name

from . import optimizer as optimizers
from .hyperparameters import BATCH_SIZE, CLIP, NOISE, SEED, STEPS, HyperParams
from .optimizer import Optimizer
from .runner import Objective, trajectories
from .schedules import CONSTANT, Schedule
from .trajectory import FIELDS, Trajectories, Trajectory

COLUMNS = HyperParams._fields

Number = float | np.ndarray


def run(
    surface: str | Surface | Objective,
    optimizer: str,
    *,
    start: tuple[float, float] | np.ndarray | None = None,
    steps: int = 500,
    lr: float | None = None,
    schedule: Schedule | str | None = None,
    convention: str = "torch",
    noise: float = 0.0,
    batch_size: int | None = None,
    seed: int = 0,
    clip: float | None = None,
    keep: Iterable[str] = FIELDS,
    **hyperparameters: float,
) -> Trajectory:
    """Runs ``optimizer`` on ``surface`` from ``start`` for ``steps`` steps.

    Args:
        surface: A surface or its registered name, or an :class:`.Objective` over θ ∈ ℝᴰ
            with a default ``start`` of D numbers.
        optimizer: An optimizer name (see :func:`optiviz.optim.names`).
        start: θ_0; the surface's default start when None.
        steps: Number of updates, 1 … 1,000,000.
        lr: Base learning rate η (the optimizer's default when None).
        schedule: A :class:`Schedule` or its spec, e.g. ``"invsqrt"`` or ``"cosine:T=500"``.
        convention: ``"torch"`` (``torch.optim`` semantics) or ``"course"`` (the lecture's).
        noise: Gradient noise std σ per sample (0: exact gradients).
        batch_size: B; noise std becomes σ/√B, and data surfaces draw real mini-batches.
        seed: Seed of the noise and the mini-batches.
        clip: Maximum gradient norm (None: no clipping).
        keep: The fields of :class:`Trajectory` to record, e.g. ``("positions", "losses")``;
            the others are None. Recording less is faster.
        **hyperparameters: The optimizer's own (``momentum``, ``alpha``, ``beta1``, ``beta2``,
            ``eps``, ``weight_decay``).

    Returns:
        The :class:`Trajectory`.

    Raises:
        ValueError: For an unknown name or an invalid value; the message names it.

    Example:
        >>> from optiviz import optim
        >>> trajectory = optim.run("rosenbrock", "adam", start=(-1.5, 2.0), steps=500, lr=0.05)
        >>> trajectory.positions.shape
        (501, 2)
    """
    surface = surfaces.get(surface) if isinstance(surface, str) else surface
    return run_many(
        surface,
        optimizer,
        starts=[surface.start if start is None else start],
        steps=steps,
        lr=lr,
        schedule=schedule,
        convention=convention,
        noise=noise,
        batch_size=batch_size,
        seed=seed,
        clip=clip,
        keep=keep,
        **hyperparameters,
    )[0]


def run_many(
    surface: str | Surface | Objective,
    optimizer: str,
    *,
    starts: object,
    steps: int = 500,
    lr: Number | None = None,
    schedule: Schedule | str | None = None,
    convention: str = "torch",
    noise: Number = 0.0,
    batch_size: Number | None = None,
    seed: Number = 0,
    clip: Number | None = None,
    keep: Iterable[str] = FIELDS,
    **hyperparameters: Number,
) -> Trajectories:
    """Runs N trajectories at once, one per row of ``starts`` (shape (N, D), D = 2 on a
    surface).

    Takes the arguments of :func:`run`; any number may also be an array of length N, one
    value per trajectory (this is how sweeps are built). All N share one compiled loop.

    Example:
        >>> from optiviz import optim
        >>> runs = optim.run_many("valley", "gd", starts=[(-8, 0.5)] * 3, lr=[1e-3, 1e-2, 2e-2])
        >>> (runs.diverged_at >= 0).tolist()  # only η above 2/λ_max = 0.01 diverges
        [False, False, True]
    """
    surface = surfaces.get(surface) if isinstance(surface, str) else surface
    opt = optimizers.get(optimizer, convention)
    steps = int(STEPS.check(steps))
    starts = check_starts(starts, len(surface.start))
    schedule = schedule if isinstance(schedule, Schedule) else Schedule.parse(schedule)
    values = checked_values(
        opt,
        steps,
        lr=lr,
        schedule=schedule,
        noise=noise,
        batch_size=batch_size,
        seed=seed,
        clip=clip,
        hyperparameters=hyperparameters,
    )
    return trajectories(
        surface,
        opt,
        steps,
        starts,
        hyperparameter_table(values, len(starts)),
        schedule=schedule.kind,
        stochastic=batch_size is not None or bool(np.any(values["noise"])),
        clipped=clip is not None,
        keep=keep,
    )


def checked_values(
    opt: Optimizer,
    steps: int,
    *,
    lr: Number | None = None,
    schedule: Schedule = CONSTANT,
    noise: Number = 0.0,
    batch_size: Number | None = None,
    seed: Number = 0,
    clip: Number | None = None,
    hyperparameters: Mapping[str, Number | None] | None = None,
) -> dict[str, Number]:
    """Every column of :class:`HyperParams` for one run (or N, where values are arrays):
    the given values checked, the optimizer's defaults for the rest, 0 where unused.

    Raises:
        ValueError: A hyperparameter the optimizer does not take, or a value out of range.
    """
    given = {"lr": lr, **(hyperparameters or {})}
    accepted = {p.name: p for p in opt.parameters}
    for name in given:
        if name not in accepted:
            raise ValueError(unknown_name(f"hyperparameter of {opt.name}", name, accepted))
    values: dict[str, Number] = dict.fromkeys(COLUMNS, 0.0)
    for name, parameter in accepted.items():
        value = given.get(name)
        values[name] = parameter.default if value is None else parameter.check(value)
    values.update(
        clip=math.inf if clip is None else CLIP.check(clip),
        noise=NOISE.check(noise),
        batch_size=0.0 if batch_size is None else BATCH_SIZE.check(batch_size),
        seed=SEED.check(seed),
        **schedule.columns(steps),
    )
    return values


def hyperparameter_table(values: Mapping[str, Number], n: int) -> np.ndarray:
    """Stacks checked ``values`` (scalars or length-``n`` arrays) into the (n, P) float64
    table the runner takes, one column per field of :class:`HyperParams`."""
    row = [values[name] for name in COLUMNS]
    if all(isinstance(value, (int, float)) for value in row):
        return np.tile(np.array(row, dtype=np.float64), (n, 1))
    table = np.empty((n, len(COLUMNS)))
    for j, (name, value) in enumerate(zip(COLUMNS, row, strict=True)):
        array = np.asarray(value, dtype=np.float64)
        if array.ndim and array.shape != (n,):
            raise ValueError(f"{name} must be a number or {n} numbers, got shape {array.shape}")
        table[:, j] = array
    return table


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
