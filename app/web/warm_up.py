"""The server's warm-up: every preset computed once, in the background, behind visitors.

A quiet second after the port opens, a thread runs each preset as the app shows it (its
shared result, surface grids and Hessians), so that later visitors find their scene done.
The thread and the visitors' sessions share one interpreter; a warm-up step running while a
visitor's session is built would take half of the CPU from that visitor. So the warm-up
steps aside: before each step it waits until no visitor's session is being built and none
has arrived or been built for :data:`QUIET_S` seconds. The first visitors (and a whole
class arriving at once) are served first; the warm-up resumes when the room is quiet, and a
visitor's own scene is computed on demand in any case.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator

from optiviz import surfaces
from optiviz.app.display.scene_data import surface_data
from optiviz.app.display.scene_results import scene_result
from optiviz.app.web.state import normalized
from optiviz.optim import presets

QUIET_S = 1.0
"""Seconds without a new visitor before the warm-up takes its next step (a session open
takes about half of it)."""


def preset_steps() -> Iterator[Callable[[], object]]:
    """The warm-up's steps, preset by preset in the course's order: the scene's result, then
    each surface's grid and the Hessian at the scene's start."""
    for name in presets.names():
        scene = normalized(presets.get(name).scene)
        yield lambda scene=scene: scene_result(scene)
        for surface in scene.all_surfaces():
            yield lambda surface=surface, scene=scene: (
                surface_data(surface),
                surfaces.hessian_at(surface, scene.start_of_scene()),
            )


class WarmUp:
    """Runs ``steps`` one by one, each when no session is being built and none has arrived
    or been built for :data:`QUIET_S` seconds.

    Args:
        steps: The work, as callables (:func:`preset_steps` by default).
        quiet: Seconds without a visitor before a step.
        clock: Monotonic seconds (a test's own clock).
        sleep: Waits a number of seconds.
    """

    def __init__(
        self,
        steps: Callable[[], Iterator[Callable[[], object]]] = preset_steps,
        quiet: float = QUIET_S,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        self._steps, self._quiet, self._clock, self._sleep = steps, quiet, clock, sleep
        self._last_visit = -float("inf")
        self._building = 0

    def visited(self) -> None:
        """Notes a visitor's arrival: the warm-up waits for the room to be quiet again."""
        self._last_visit = self._clock()

    @contextlib.contextmanager
    def visit(self) -> Iterator[None]:
        """A visitor's session being built: no step starts until it is done and the room has
        then been quiet for :data:`QUIET_S` seconds, however long the build takes."""
        self._building += 1
        self.visited()
        try:
            yield
        finally:
            self._building -= 1
            self.visited()

    def _wait(self) -> float:
        """Seconds until the room is quiet, as far as is known now."""
        if self._building:
            return self._quiet
        return self._last_visit + self._quiet - self._clock()

    def run(self) -> None:
        """Takes every step, each when the room is quiet."""
        for step in self._steps():
            while (wait := self._wait()) > 0:
                self._sleep(wait)
            step()

    def start(self) -> threading.Thread:
        """:meth:`run` in a daemon thread, its first step a quiet second after now: called
        when the port opens, when the first visitor may already be on the way."""
        self.visited()
        thread = threading.Thread(target=self.run, name="warm-up", daemon=True)
        thread.start()
        return thread
