"""The :class:`Surface`: a 2-D loss L(w1, w2) with what it takes to plot and analyse it."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import NamedTuple

import jax

from .dataset import Dataset
from .registry import Registry

Loss = Callable[[jax.Array], jax.Array]
BatchLoss = Callable[[jax.Array, jax.Array, jax.Array, jax.Array], jax.Array]
Bounds = tuple[float, float, float, float]
Point = tuple[float, float]


@dataclasses.dataclass(frozen=True, eq=False)
class Surface:
    """A 2-D error surface L(w) for w = (w1, w2).

    Surfaces compare and hash by identity, so a surface is a valid static argument to
    :func:`jax.jit`: the trajectory runner compiles once per surface.

    Attributes:
        name: Registry name, e.g. ``"valley"``.
        title: Short human title.
        formula: The loss as LaTeX.
        loss: ``f(w) -> scalar`` written in JAX; gradients and Hessians derive from it.
        bounds: Plot bounds ``(w1_min, w1_max, w2_min, w2_max)``.
        minima: Known minima (may be empty).
        start: Default start point.
        description: One line for listings.
        labels: Axis names as LaTeX, ``("w_1", "w_2")`` unless the surface says otherwise.
        log_scale: Whether the loss spans decades, so colour maps should be logarithmic.
        batch_loss: For surfaces built on data, ``f(w, key, step, batch_size) -> scalar``: the
            loss on mini-batch ``step`` of ``batch_size`` points of the run seeded with ``key``,
            in epochs that see every point once (0 means all points; see
            :func:`.data.batch_mask`).
        test_loss: The surface's test-time counterpart, if it has one (see ``flat_sharp``).
        max_grid: The most points a side of a loss grid should have (None: any), for a loss
            that costs much per point, such as a network's on a plane through its weights.
        dataset: For surfaces built on data, the points and the model, for the data view.
    """

    name: str
    title: str
    formula: str
    loss: Loss
    bounds: Bounds
    minima: tuple[Point, ...] = ()
    start: Point = (0.0, 0.0)
    description: str = ""
    labels: tuple[str, str] = ("w_1", "w_2")
    log_scale: bool = False
    batch_loss: BatchLoss | None = None
    test_loss: Loss | None = None
    max_grid: int | None = None
    dataset: Dataset | None = None

    def __call__(self, w: jax.Array) -> jax.Array:
        return self.loss(w)

    @functools.cached_property
    def grad(self) -> Loss:
        """∇L, from :func:`jax.grad` of :attr:`loss`."""
        return jax.grad(self.loss)

    @functools.cached_property
    def hessian(self) -> Loss:
        """∇²L, from :func:`jax.hessian` of :attr:`loss`."""
        return jax.hessian(self.loss)

    @functools.cached_property
    def test_surface(self) -> Surface | None:
        """:attr:`test_loss` as a surface of its own (same bounds and labels, no known minima),
        built once, so that grids and Hessians of the test surface compile once; None when
        the surface has no test loss."""
        if self.test_loss is None:
            return None
        return dataclasses.replace(
            self,
            name=f"{self.name}:test",
            title=f"{self.title} (test)",
            loss=self.test_loss,
            minima=(),
            test_loss=None,
        )

    def __repr__(self) -> str:
        return f"Surface({self.name!r})"


REGISTRY: Registry[Surface] = Registry("surface")


def release_compiled() -> None:
    """Drops every compiled JAX program and JAX's tracing caches, which hold the surfaces they
    were made for; they compile again on demand (from the persistent compilation cache when
    it is on). Called when a typed formula leaves the bounded formula cache, so that compiled
    programs cannot keep evicted surfaces, and their memory, alive."""
    jax.clear_caches()


def register(surface: Surface) -> Surface:
    """Adds ``surface`` to the registry under its name and returns it."""
    REGISTRY.register(surface.name, surface)
    return surface


class About(NamedTuple):
    """What listings show of a surface: its title and one line."""

    title: str
    description: str


_ABOUT: dict[str, About] = {}
"""Titles and descriptions of the surfaces registered lazily, known before they are built."""


def register_lazy(name: str, title: str, description: str, build: Callable[[], Surface]) -> None:
    """Registers the surface ``name`` now and builds it with ``build()`` the first time it is
    asked for (once; see :meth:`Registry.register_lazy`). Its ``title`` and ``description``,
    which the surface built must carry, are listed without building it (:func:`about`)."""
    REGISTRY.register_lazy(name, build)
    _ABOUT[name] = About(title, description)


def about(name: str) -> About:
    """The title and description of the registered surface ``name``, without building a
    surface registered lazily (a menu of surfaces need not train networks).

    Raises:
        ValueError: For an unknown name.
    """
    if name in _ABOUT:
        return _ABOUT[name]
    surface = get(name)
    return About(surface.title, surface.description)


def get(name: str | Surface) -> Surface:
    """The registered surface called ``name`` (a :class:`Surface` is returned as is).

    Raises:
        ValueError: For an unknown name, suggesting the closest one.
    """
    return name if isinstance(name, Surface) else REGISTRY.get(name)


def names() -> list[str]:
    """Names of all registered surfaces, in registration order."""
    return REGISTRY.names()
