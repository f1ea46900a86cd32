r"""Runs of a whole network, seen from a plane through its weights.

A run on a :class:`~optiviz.surfaces.plane.PlaneSurface` trains the network in all D weights
(see :mod:`optiviz.surfaces.plane`); the runner then hands back what the plane can show, in
the plane's coordinates, for each step t of the D-dimensional records:

* θ_t → (α_t, β_t), the nearest point of the plane, and the residual ‖r_t‖, θ_t's distance
  from it (``Trajectory.residual``); θ_t itself is kept (``Trajectory.weights``), for views
  of what the network computes;
* L(θ_t): the network's own loss, not the plane's (they agree where ‖r_t‖ = 0);
* g_t → (d₁·g_t, d₂·g_t), the slopes of the loss along the two directions;
* the per-weight step η_t/σ_{t,i} → its mean along each direction, weighted by d_{k,i}²
  (η_t itself for optimizers that do not adapt).
"""

from __future__ import annotations

from optiviz.surfaces.plane import Plane

from .trajectory import Trajectories


def projected(plane: Plane, runs: Trajectories) -> Trajectories:
    """``runs`` of ``plane.network`` (positions of shape (N, T+1, D)) in the plane's
    coordinates, with the residual distance of every θ_t and θ_t itself (fields the runs did
    not record stay None).

    Example:
        >>> import numpy as np
        >>> from optiviz import optim
        >>> from optiviz.surfaces import mlp, toy_data
        >>> net = mlp.network(mlp.MLP(width=4, depth=1), toy_data.dataset("xor", n=50))
        >>> plane = Plane(net, net.start, np.eye(net.size)[:2])  # the first two weights
        >>> runs = projected(plane, optim.run_many(net, "gd", starts=[net.start], steps=5))
        >>> runs.positions.shape, runs.residual.shape
        ((1, 6, 2), (1, 6))
        >>> float(runs.residual[0, 0])  # θ₀ lies on this plane
        0.0
    """
    coordinates, residual = plane.project(runs.positions)
    squares = plane.directions**2
    gradients, effective = runs.gradients, runs.effective_lr
    return Trajectories(
        positions=coordinates,
        losses=runs.losses,
        gradients=None if gradients is None else gradients @ plane.directions.T,
        lr=runs.lr,
        effective_lr=None if effective is None else effective @ squares.T / squares.sum(axis=1),
        diverged_at=runs.diverged_at,
        residual=residual,
        weights=runs.positions,
    )
