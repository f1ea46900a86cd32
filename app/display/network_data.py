"""What a network computes as it trains, as NumPy data for the data view.

A run on a plane through a network's weights (see :mod:`optiviz.surfaces.plane`) keeps the
weights θ_t of every step (``Trajectory.weights``). The data view draws the data and, over
it, what the network with those weights says: on two classes the probability
P(class 1 | x) = σ(f(x)) over the input plane, whose 0.5 level is the decision boundary; on
a regression, the fitted curve f(x). :func:`network_frames` evaluates it at a run's
keyframes, a handful of player frames spread over the run, so that the view can follow the
player without the server sending a grid per frame; :func:`boundary` traces the decision
boundary of a keyframe as lines, pieces apart by NaN (:func:`.contours.contour_lines`, the
surface plot's own contours).

Example:
    >>> from optiviz import surfaces
    >>> from optiviz.optim import presets
    >>> from optiviz.optim.scene import simulate
    >>> scene = presets.get("mlp-landscape").scene
    >>> trajectory = simulate(scene)[1]  # Adam on the random plane
    >>> frames = network_frames(scene.surface_of(scene.runs[1]), trajectory, [0, 500, 1000])
    >>> frames.values.shape, frames.steps.tolist()
    ((3, 48, 48), [0, 500, 1000])
    >>> frames.accuracy.round(2).tolist()  # from worse than chance to separating the moons
    [0.2, 1.0, 1.0]
    >>> xs, ys = boundary(frames, -1)
    >>> bool(np.isfinite(xs).sum() > 20)
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from optiviz.app.display.contours import contour_lines
from optiviz.optim import Trajectory
from optiviz.surfaces import Grid, Surface
from optiviz.surfaces.mlp import Network
from optiviz.surfaces.plane import PlaneSurface
from optiviz.surfaces.toy_data import CLASSIFICATION

GRID = 48
"""Points a side of the input grid (two inputs), or along the input axis (one)."""
KEYFRAMES = 60
"""Most keyframes :func:`network_frames` evaluates."""
MARGIN = 0.1
"""Room around the data, as a share of its extent."""
BOUNDARY = 0.5
"""The decision boundary: where P(class 1 | x) = ½."""


class NetworkFrames(NamedTuple):
    """The network's output over its input space at some steps of a run.

    Attributes:
        task: ``"classification"`` or ``"regression"``.
        x: The data's inputs, shape (N, d), d = 2 or 1.
        y: Their targets, shape (N,): class labels 0/1, or values.
        axes: The input grid: (x₁, x₂) of ``GRID`` points each for two inputs,
            ``values[k, i, j]`` at (x₁[j], x₂[i]) as in an image; (x,) for one input,
            ``values[k, j]`` at x[j].
        steps: The step of each frame.
        values: P(class 1 | x) or f(x) on the grid, per frame, float32.
        accuracy: Per frame, the share of the data classified right (P ≥ 0.5 for class 1);
            NaN on a regression.
    """

    task: str
    x: np.ndarray
    y: np.ndarray
    axes: tuple[np.ndarray, ...]
    steps: np.ndarray
    values: np.ndarray
    accuracy: np.ndarray


def network_of(surface: Surface) -> Network | None:
    """The network whose weights ``surface`` is a plane through, or None."""
    return surface.plane.network if isinstance(surface, PlaneSurface) else None


def input_axes(network: Network, n: int = GRID) -> tuple[np.ndarray, ...]:
    """A grid over the data's inputs with a margin of :data:`MARGIN` around them."""
    x = network.data.x
    low, high = x.min(axis=0), x.max(axis=0)
    pad = MARGIN * np.maximum(high - low, 1e-9)
    return tuple(np.linspace(a, b, n) for a, b in zip(low - pad, high + pad, strict=True))


def network_output(network: Network, weights: np.ndarray, axes: Sequence[np.ndarray]):
    """What ``network`` with each row of ``weights`` (shape (K, D)) predicts on the grid
    ``axes``: shape (K, n, n) for two inputs, (K, n) for one, float32."""
    if len(axes) == 2:
        x1, x2 = np.meshgrid(*axes)
        inputs = np.stack([x1.ravel(), x2.ravel()], axis=1)
    else:
        inputs = axes[0][:, None]
    shape = (len(weights), *(len(axis) for axis in reversed(axes)))
    return predictions(network, weights, inputs).astype(np.float32).reshape(shape)


def predictions(network: Network, weights: np.ndarray, inputs: np.ndarray) -> np.ndarray:
    """``network.predict`` for each row of ``weights`` (K, D) on ``inputs`` (M, d): (K, M)."""
    predict = jax.jit(jax.vmap(network.predict, in_axes=(0, None)))
    return np.asarray(predict(jnp.asarray(weights), jnp.asarray(inputs)))


def network_frames(
    surface: Surface, trajectory: Trajectory, steps: Sequence[int], n: int = GRID
) -> NetworkFrames | None:
    """The output of the network a run on ``surface`` trains, at ``steps`` (the player's
    frames, thinned to at most :data:`KEYFRAMES`, the first and last kept); None when the
    surface is not a plane through a network."""
    network = network_of(surface)
    if network is None or trajectory.weights is None:
        return None
    steps = np.asarray(steps, dtype=np.int64)
    if len(steps) > KEYFRAMES:
        steps = steps[np.unique(np.linspace(0, len(steps) - 1, KEYFRAMES).round().astype(int))]
    axes = input_axes(network, n)
    weights = trajectory.weights[steps]
    values = network_output(network, weights, axes)
    data = network.data
    if data.task == CLASSIFICATION:
        right = (predictions(network, weights, data.x) >= 0.5) == (data.y == 1)
        accuracy = right.mean(axis=1)
    else:
        accuracy = np.full(len(steps), np.nan)
    return NetworkFrames(data.task, data.x, data.y, axes, steps, values, accuracy)


def boundary(frames: NetworkFrames, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The decision boundary P(class 1 | x) = ½ of keyframe ``k`` as float32 line
    coordinates (xs, ys), its pieces apart by NaN (empty when the network calls everything one
    class).

    Raises:
        ValueError: On a regression, which has no decision boundary.
    """
    if frames.task != CLASSIFICATION:
        raise ValueError("a regression has no decision boundary")
    x1, x2 = frames.axes
    lines = contour_lines(Grid(x1, x2, frames.values[k]), np.array([BOUNDARY]))
    return lines["x"], lines["y"]
