r"""A real network's error surface, as Li et al. (2018) draw it: planes through its weights.

A :class:`Landscape` names everything such a picture depends on: the data, the network,
its initial weights θ₀ and the training run θ₀ … θ_T that ends at θ* = θ_T. Two planes go
through θ* (see :mod:`optiviz.surfaces.directions`):

* the **random plane**, along two filter-normalized random directions: the shape of the
  loss around θ* as the literature shows it, α, β ∈ [−1, 1]. In D dimensions random
  directions are nearly orthogonal to the training path, so the path, projected, is a
  short scribble near the centre, and almost all of it lies off the plane;
* the **PCA plane**, along the first two principal components of the path: the plane that
  keeps most of the path, whose share of the variance it reports.

Training runs through the same runner and optimizers as every 2-D run (the network's
weights are one flat vector), so planes are the same on every machine for the same
landscape. :func:`register_planes` registers both as surfaces, built on first use and kept:
``mlp_random`` and ``mlp_pca`` for :data:`MOONS`, ``mlp_curve_random`` and ``mlp_curve_pca``
for :data:`STALLED`.

Example:
    >>> small = Landscape(points=50, width=4, depth=1, steps=200)
    >>> plane, pca = pca_plane(small)
    >>> plane.network.size, bool(pca.explained.sum() > 0.9)
    (17, True)
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import numpy as np

from optiviz.surfaces import toy_data
from optiviz.surfaces.directions import Principal, filter_normalized, principal_directions
from optiviz.surfaces.mlp import MLP, Network, network
from optiviz.surfaces.plane import Plane, PlaneSurface, plane_surface
from optiviz.surfaces.surface import Bounds, register_lazy

from .minimum_ratio import DEFAULTS
from .runs import run
from .trajectory import Trajectory

FORMULA = r"L(\theta^* + \alpha\, d_1 + \beta\, d_2)"
MAX_GRID = 96
"""Points a side of a plane's loss grid: each costs a pass of the network over its data."""
MARGIN = 0.12
"""Room around a projected path in a plane's bounds, as a share of its extent."""


class Landscape(NamedTuple):
    """A network on toy data and the training run whose end θ* the planes go through.

    Attributes:
        data: The data set (see :mod:`optiviz.surfaces.toy_data`).
        points: Its number of points.
        data_seed: The seed it is drawn with.
        width, depth, activation: The MLP.
        seed: The seed of the initial weights θ₀.
        optimizer, lr, steps: The training run, full batch.
    """

    data: str = "moons"
    points: int = 200
    data_seed: int = 0
    width: int = 16
    depth: int = 2
    activation: str = "tanh"
    seed: int = 0
    optimizer: str = "adam"
    lr: float = 0.01
    steps: int = 1000

    def model(self) -> MLP:
        return MLP(self.width, self.depth, self.activation)


class Training(NamedTuple):
    """A landscape's network and its training run (positions of shape (T+1, D))."""

    network: Network
    run: Trajectory

    @property
    def end(self) -> np.ndarray:
        """θ*, where the run ends."""
        return self.run.positions[-1]


@functools.cache
def trained(landscape: Landscape) -> Training:
    """The landscape's network, trained once per process."""
    data = toy_data.dataset(landscape.data, landscape.points, landscape.data_seed)
    net = network(landscape.model(), data, landscape.seed)
    path = run(net, landscape.optimizer, lr=landscape.lr, steps=landscape.steps)
    return Training(net, path)


def random_plane(landscape: Landscape, seed: int = 0) -> Plane:
    """The plane through θ* along two filter-normalized random directions drawn with
    ``seed``."""
    training = trained(landscape)
    keys = jax.random.split(jax.random.key(seed))
    d = [filter_normalized(training.end, training.network.unravel, key) for key in keys]
    return Plane(training.network, training.end, np.stack(d))


def pca_plane(landscape: Landscape) -> tuple[Plane, Principal]:
    """The plane through θ* along the training path's first two principal components, and
    the components with their shares of the path's variance."""
    training = trained(landscape)
    pca = principal_directions(training.run.positions, training.end)
    return Plane(training.network, training.end, pca.vectors), pca


def path_bounds(points: np.ndarray, at_least: Bounds = (0.0, 0.0, 0.0, 0.0)) -> Bounds:
    """Bounds that hold ``points`` (shape (T, 2)) and the box ``at_least``, with a margin of
    :data:`MARGIN`; an axis spans at least a quarter of the other."""
    low = np.minimum(points.min(axis=0), [at_least[0], at_least[2]])
    high = np.maximum(points.max(axis=0), [at_least[1], at_least[3]])
    extent = high - low
    extent = np.maximum(extent, 0.25 * extent.max())
    middle = (low + high) / 2
    low, high = middle - (0.5 + MARGIN) * extent, middle + (0.5 + MARGIN) * extent
    return (float(low[0]), float(high[0]), float(low[1]), float(high[1]))


def random_surface(name: str, landscape: Landscape, title: str) -> PlaneSurface:
    """The random plane of ``landscape`` as a surface: α, β ∈ [−1, 1] (Li et al.), widened if
    the projected path needs more room."""
    plane = random_plane(landscape)
    path = plane.project(trained(landscape).run.positions).coordinates
    return _surface(
        plane,
        *_about(landscape, title, "random"),
        name=name,
        bounds=path_bounds(path, at_least=(-1.0, 1.0, -1.0, 1.0)),
        labels=(r"\alpha", r"\beta"),
    )


def pca_surface(name: str, landscape: Landscape, title: str) -> PlaneSurface:
    """The PCA plane of ``landscape`` as a surface, its bounds around the projected path."""
    plane, _ = pca_plane(landscape)
    path = plane.project(trained(landscape).run.positions).coordinates
    return _surface(
        plane,
        *_about(landscape, title, "pca"),
        name=name,
        bounds=path_bounds(path),
        labels=(r"\mathrm{PC}_1", r"\mathrm{PC}_2"),
    )


def register_planes(prefix: str, landscape: Landscape, title: str) -> None:
    """Registers ``{prefix}_random`` and ``{prefix}_pca``, built on first use (their titles
    and descriptions are listed before)."""
    for kind, make in (("random", random_surface), ("pca", pca_surface)):
        name = f"{prefix}_{kind}"
        build = functools.partial(make, name, landscape, title)
        register_lazy(name, *_about(landscape, title, kind), build)


def _about(landscape: Landscape, title: str, kind: str) -> tuple[str, str]:
    """A plane's title and description, from the landscape alone (nothing trained)."""
    inputs = 1 if toy_data.PROBLEMS.get(landscape.data).task == toy_data.REGRESSION else 2
    weights = landscape.model().size(inputs)
    if kind == "random":
        return f"{title}: random plane", (
            f"{weights}-weight MLP's loss along filter-normalized random directions (Li et al.)"
        )
    return f"{title}: PCA plane", (
        f"{weights}-weight MLP's loss along the first two principal directions of its training"
    )


def _surface(plane: Plane, title: str, description: str, **fields) -> PlaneSurface:
    start = plane.anchor
    return plane_surface(
        plane,
        title=title,
        description=description,
        formula=FORMULA,
        start=(float(start[0]), float(start[1])),
        log_scale=True,
        max_grid=MAX_GRID,
        **fields,
    )


MOONS = Landscape()
"""The ``mlp-landscape`` preset's network: 2 → 16 → 16 → 1, tanh, 337 weights, on 200
points of two moons, trained by Adam (η = 0.01) for 1,000 full-batch steps."""

register_planes("mlp", MOONS, "MLP on two moons")

STALLED = Landscape(
    data=DEFAULTS.data,
    points=DEFAULTS.points,
    width=DEFAULTS.width,
    depth=DEFAULTS.depth,
    activation=DEFAULTS.activation,
    seed=DEFAULTS.seed,
    optimizer="gd",
    lr=DEFAULTS.lr,
    steps=5328,
)
"""The ``minimum-ratio`` preset's network: the experiment's first run (seed 0), gradient
descent up to step 5,328, where ‖g‖ first falls below the tolerance; its planes go through
the point where that run stalled."""

register_planes("mlp_curve", STALLED, "MLP on a curve")
