"""Trajectory records: what a run returns, as NumPy arrays."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import NamedTuple

import numpy as np


class Trajectory(NamedTuple):
    """One optimizer run, as NumPy arrays, for θ of D numbers (D = 2 on a surface).

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

    positions: np.ndarray
    losses: np.ndarray
    gradients: np.ndarray
    lr: np.ndarray
    effective_lr: np.ndarray
    diverged_at: int | None
    residual: np.ndarray | None = None
    weights: np.ndarray | None = None


@dataclasses.dataclass(frozen=True)
class Trajectories:
    """N runs at once: the fields of :class:`Trajectory` with a leading axis of length N.

    ``diverged_at`` is an int array with -1 where a run did not diverge. Index or iterate to
    get single :class:`Trajectory` records.
    """

    positions: np.ndarray
    losses: np.ndarray
    gradients: np.ndarray
    lr: np.ndarray
    effective_lr: np.ndarray
    diverged_at: np.ndarray
    residual: np.ndarray | None = None
    weights: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, i: int) -> Trajectory:
        diverged = int(self.diverged_at[i])
        return Trajectory(
            self.positions[i],
            self.losses[i],
            self.gradients[i],
            self.lr[i],
            self.effective_lr[i],
            None if diverged < 0 else diverged,
            None if self.residual is None else self.residual[i],
            None if self.weights is None else self.weights[i],
        )

    def __iter__(self) -> Iterator[Trajectory]:
        return (self[i] for i in range(len(self)))

    @classmethod
    def from_records(cls, records: np.ndarray, diverged_at: np.ndarray) -> Trajectories:
        """Views into the runner's (N, T+1, 3D + 2) record table (see ``runner``), no copies."""
        d = (records.shape[2] - 2) // 3
        return cls(
            positions=records[:, :, :d],
            losses=records[:, :, d],
            gradients=records[:, 1:, d + 1 : 2 * d + 1],
            lr=records[:, 1:, 2 * d + 1],
            effective_lr=records[:, 1:, 2 * d + 2 :],
            diverged_at=diverged_at,
        )
