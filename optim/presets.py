r"""The lecture presets: named scenes that reproduce the course's figures.

Each preset is data: a :class:`~optiviz.optim.scene.Scene` with a title and a caption that
says what to see, in one to three sentences, math in ``$…$``. They are written down by
lecture, in the course's order (:mod:`.presets_basics`: the error surface, critical points,
batch size, momentum; :mod:`.presets_adaptive`: adaptive learning rates and scheduling;
:mod:`.presets_landscape`: the loss and normalization; :mod:`.presets_network`: real networks,
listed with their lectures), and every preset's claim is pinned by a test in ``tests/engine/``
with numbers from the engine: ``test_presets.py``, and for the scenes whose surfaces have
tests of their own ``test_batches.py``, ``test_classification.py``, ``test_normalization.py``,
``test_batchnorm.py`` and ``test_presets_network.py``.
"""

from __future__ import annotations

from typing import NamedTuple

from optiviz.surfaces.registry import Registry

from .scene import Run, Scene


class Preset(NamedTuple):
    """A named lecture scene.

    Attributes:
        name: e.g. ``"valley-adagrad"``.
        title: Short title.
        caption: What the scene shows, with the course's equations in ``$…$``.
        lecture: The course section it belongs to.
        scene: The surface, start, steps and runs.
    """

    name: str
    title: str
    caption: str
    lecture: str
    scene: Scene


REGISTRY: Registry[Preset] = Registry("preset")


def preset(
    name: str,
    title: str,
    lecture: str,
    caption: str,
    *,
    surface: str,
    start: tuple[float, float],
    steps: int,
    runs: list[Run],
) -> None:
    """Registers a preset."""
    scene = Scene(surface, start, steps, tuple(runs))
    REGISTRY.register(name, Preset(name, title, caption, lecture, scene))


def get(name: str) -> Preset:
    """The preset called ``name``; a ValueError suggests the closest name."""
    return REGISTRY.get(name)


def names() -> list[str]:
    """All preset names, in the course's order (by lecture, then as registered)."""
    return sorted(REGISTRY.names(), key=lambda name: int(get(name).lecture.split(".")[0]))


# isort: off
from . import presets_basics, presets_adaptive, presets_landscape, presets_network  # noqa: E402, F401
