"""Trajectory records: what a run returns, as NumPy arrays, and how the runner lays them out.

The runner writes one float64 row per step and run. Its columns are the kept fields of
:class:`Trajectory`, in the order of ``FIELDS``: θ (D columns), L, g (D), η, η/σ (D); for a
2-D surface with every field kept, w1, w2, L, g1, g2, η, η/σ1, η/σ2. Row 0 holds θ_0 and
L(θ_0) (its step columns are unused); row t + 1 holds θ_{t+1}, L(θ_{t+1}) and the step t
that led there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import numpy as np

from optiviz.surfaces.registry import unknown_name

FIELDS = ("positions", "losses", "gradients", "lr", "effective_lr")
"""Every field a run can record, in the order of the record's columns."""

PER_AXIS = ("positions", "gradients", "effective_lr")
"""The fields with D columns (the others have one)."""

HELD = ("positions", "losses")
"""The fields that hold the last finite value after a divergence (the others read 0); they
come first in ``FIELDS``, so a record row starts with their columns."""


class Trajectory(NamedTuple):
    """One optimizer run, as NumPy arrays, for θ of D numbers (D = 2 on a surface).

    A field the run was not asked to keep (see ``keep`` of :func:`~optiviz.optim.run`) is
    None.

    Attributes:
        positions: θ_0 … θ_T, shape (T+1, D).
        losses: L(θ_0) … L(θ_T), shape (T+1,).
        gradients: The gradient each step used (after noise and clipping), shape (T, D).
        lr: The scheduled η_t, shape (T,).
        effective_lr: The per-axis step size η_t/σ_t, shape (T, D).
        diverged_at: The step whose θ would not have been finite, or None.
        residual: For a network's run drawn on a plane through its weights (positions are
            then the plane's coordinates), each θ_t's distance from the plane, shape (T+1,);
            None otherwise (see :mod:`.projection`).
        weights: For such a run, the network's weights θ_t themselves, shape (T+1, D);
            None otherwise.
    """

    positions: np.ndarray | None
    losses: np.ndarray | None
    gradients: np.ndarray | None
    lr: np.ndarray | None
    effective_lr: np.ndarray | None
    diverged_at: int | None
    residual: np.ndarray | None = None
    weights: np.ndarray | None = None


@dataclasses.dataclass(frozen=True)
class Trajectories:
    """N runs at once: the fields of :class:`Trajectory` with a leading axis of length N.

    ``diverged_at`` is an int array with -1 where a run did not diverge. Index or iterate to
    get single :class:`Trajectory` records.
    """

    positions: np.ndarray | None
    losses: np.ndarray | None
    gradients: np.ndarray | None
    lr: np.ndarray | None
    effective_lr: np.ndarray | None
    diverged_at: np.ndarray
    residual: np.ndarray | None = None
    weights: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.diverged_at)

    def __getitem__(self, i: int) -> Trajectory:
        diverged = int(self.diverged_at[i])
        fields = (getattr(self, name) for name in FIELDS)
        return Trajectory(
            *(None if field is None else field[i] for field in fields),
            None if diverged < 0 else diverged,
            None if self.residual is None else self.residual[i],
            None if self.weights is None else self.weights[i],
        )

    def __iter__(self) -> Iterator[Trajectory]:
        return (self[i] for i in range(len(self)))

    @classmethod
    def from_records(
        cls, records: np.ndarray, diverged_at: np.ndarray, keep: tuple[str, ...] = FIELDS
    ) -> Trajectories:
        """Views into the runner's (N, T+1, C) record table of the fields ``keep`` (in the
        order of ``FIELDS``), no copies."""
        d = dimension(records.shape[2], keep)
        arrays: dict[str, np.ndarray | None] = dict.fromkeys(FIELDS)
        for name, columns in columns_of(d, keep).items():
            field = records[:, slice(None) if name in HELD else slice(1, None), columns]
            arrays[name] = field if name in PER_AXIS else field[..., 0]
        return cls(**arrays, diverged_at=diverged_at)


def kept(keep: Iterable[str]) -> tuple[str, ...]:
    """``keep`` checked and in the order of ``FIELDS``, so that any order of the same fields
    is the same compiled run.

    Raises:
        ValueError: An unknown field, or none.
    """
    names = (keep,) if isinstance(keep, str) else tuple(keep)
    for name in names:
        if name not in FIELDS:
            raise ValueError(unknown_name("field to keep", name, FIELDS))
    if not names:
        raise ValueError(f"keep at least one of {', '.join(FIELDS)}")
    return tuple(name for name in FIELDS if name in names)


def columns_of(d: int, keep: tuple[str, ...]) -> dict[str, slice]:
    """Where each of the fields ``keep`` lies in a record row: D columns or one."""
    columns = {}
    start = 0
    for name in keep:
        width = d if name in PER_AXIS else 1
        columns[name] = slice(start, start + width)
        start += width
    return columns


def dimension(width: int, keep: tuple[str, ...]) -> int:
    """D, from the width of a record row of the fields ``keep`` (0 when none has D columns)."""
    per_axis = sum(name in PER_AXIS for name in keep)
    return (width - (len(keep) - per_axis)) // per_axis if per_axis else 0
