"""A scene simulated and laid out for drawing, computed once per process and shared.

Three hundred students who open the same preset see the same trajectories: the first
session computes them (the engine's :func:`~optiviz.optim.scene.simulate`, then the layout
of :func:`~.scene_data.scene_data`), and every later session takes them from here. A
result is read-only through and through (its arrays cannot be written, its containers are
tuples or are copied before a plot may patch them), so a session that edits its scene gets
a new result and cannot change what another session sees.

Two sessions that ask for the same new scene at the same moment compute it once: the
second waits for the first.

Example:
    >>> from optiviz.optim import presets
    >>> scene = presets.get("saddle-stuck").scene
    >>> scene_result(scene) is scene_result(scene)
    True
    >>> scene_result(scene).trajectories[0].positions.flags.writeable
    False
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any, NamedTuple

import numpy as np

from optiviz.app.display.scene_data import SceneData, scene_data
from optiviz.optim import Trajectory
from optiviz.optim.scene import Scene, simulate

CACHE_BYTES = 256 * 1024**2
"""The most array memory the shared results may hold; the least recently used go first."""


class SceneResult(NamedTuple):
    """A simulated scene.

    Attributes:
        scene: The scene.
        trajectories: One :class:`Trajectory` per run, in order.
        data: The columns its plots draw.
        nbytes: The memory its arrays take.
    """

    scene: Scene
    trajectories: tuple[Trajectory, ...]
    data: SceneData
    nbytes: int


class _Results:
    """The process's shared results: an LRU bounded by bytes, one computation per scene."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.results: OrderedDict[str, SceneResult] = OrderedDict()
        self.pending: dict[str, threading.Event] = {}
        self.lock = threading.Lock()

    def has(self, scene: Scene) -> bool:
        with self.lock:
            return _key(scene) in self.results

    def get(self, scene: Scene) -> SceneResult:
        key = _key(scene)
        while True:
            with self.lock:
                if key in self.results:
                    self.results.move_to_end(key)
                    return self.results[key]
                waiting = self.pending.get(key)
                if waiting is None:
                    self.pending[key] = threading.Event()
                    break
            waiting.wait()
        try:
            result = _compute(scene)
        finally:
            with self.lock:
                self.pending.pop(key).set()
        with self.lock:
            if result.nbytes <= self.capacity:
                self.results[key] = result
                while sum(r.nbytes for r in self.results.values()) > self.capacity:
                    self.results.popitem(last=False)
        return result

    def clear(self) -> None:
        with self.lock:
            self.results.clear()


def _key(scene: Scene) -> str:
    return json.dumps(scene.to_dict(), sort_keys=True)


_RESULTS = _Results(CACHE_BYTES)


def is_computed(scene: Scene) -> bool:
    """Whether :func:`scene_result` has ``scene`` at hand."""
    return _RESULTS.has(scene)


def scene_result(scene: Scene) -> SceneResult:
    """``scene`` simulated and laid out, shared with every session that shows it.

    Raises:
        ValueError: The engine refused the scene (the message says why).
    """
    return _RESULTS.get(scene)


def _compute(scene: Scene) -> SceneResult:
    trajectories = tuple(simulate(scene))
    data = scene_data(scene, trajectories)
    arrays: list[np.ndarray] = []
    _freeze((trajectories, data), arrays)
    return SceneResult(scene, trajectories, data, sum(a.nbytes for a in arrays))


def _freeze(value: Any, arrays: list[np.ndarray]) -> None:
    """Makes every array inside ``value`` read-only, collecting them in ``arrays``."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
        arrays.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _freeze(item, arrays)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _freeze(item, arrays)
