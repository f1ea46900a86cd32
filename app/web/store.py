"""The session's store: the state a user edits, and the scene it describes, simulated.

Views watch the store; nothing pushes values into them. Every change of the
:class:`~.state.AppState` (a preset, a slider, a click on the surface) schedules one
recomputation per server tick. The result comes from the process's shared results
(:mod:`optiviz.app.display.scene_results`): a preset that 300 sessions show is computed
once. A light scene (every preset, and a slider moved on one) is computed at once; a heavy
one in a worker thread, where the engine's compiled loop runs without holding Python's
lock, so one student's heavy request does not stop the server from answering the others,
and heavy requests queue behind one another, never in front of a light one. The newest
result lands in :attr:`SceneStore.result` on the session's own event loop.

Example:
    >>> from optiviz.app.web.url import parse_query
    >>> state, _ = parse_query("?preset=saddle-stuck")
    >>> store = SceneStore(state)
    >>> store.result.scene.surface, store.error
    ('saddle', '')
    >>> state.steps = 10
    >>> len(store.result.trajectories[0].positions)
    11
"""

from __future__ import annotations

import concurrent.futures
import functools
from typing import Any

import panel as pn
import param

from optiviz.app.display.scene_results import SceneResult, is_computed, scene_result
from optiviz.app.web.state import AppState, RunState
from optiviz.optim import budget
from optiviz.optim.scene import Scene

HEAVY = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="scene")
"""The server's worker for heavy scenes, shared by its sessions: heavy requests wait for
one another, never in front of a light one."""
LIGHT_STEPS = 2**20
"""A scene that costs at most this many plain steps (see :mod:`optiviz.optim.budget`: a
tenth of a second or so; every preset, and a slider moved on one) is computed at once on
the session's event loop; a heavier one goes to the :data:`HEAVY` worker, and a new
session's page comes first, saying it is computing."""
SCENE_FIELDS = ("preset", "surface", "start", "steps", "formula", "bounds")
"""The state's fields that change the scene (besides its runs)."""


class SceneStore(param.Parameterized):
    """The scene of ``state``, simulated: what the plots, the caption and the rows show.

    Attributes:
        result: The :class:`SceneResult` on show.
        cut: How the scene on show was cut to the work budget (fewer steps than asked,
            see :func:`optiviz.optim.budget.fit_scene`), or "".
        error: Why the current settings cannot run ("" when they can); the last result
            stays on show meanwhile.
    """

    state = param.ClassSelector(class_=AppState, constant=True, doc="what the user set")
    result = param.Parameter(default=None, doc="the SceneResult on show")
    cut = param.String(default="", doc="how the scene was cut to the work budget")
    error = param.String(default="", doc="why the settings cannot run")

    def __init__(self, state: AppState, **params: Any) -> None:
        super().__init__(state=state, **params)
        self._pending = False
        self._asked = self._shown = 0
        self._run_watchers: list[tuple[RunState, Any]] = []
        state.param.watch(self.changed, list(SCENE_FIELDS))
        state.param.watch(self._runs_replaced, ["runs"])
        self._watch_runs()
        self.refresh()

    def changed(self, *events: Any) -> None:
        """Schedules one recomputation for a burst of changes (one per server tick)."""
        doc = pn.state.curdoc
        if doc is None or doc.session_context is None:
            self.refresh()
        elif not self._pending:
            self._pending = True
            doc.add_next_tick_callback(self.refresh)

    def refresh(self) -> None:
        """Recomputes the scene of the state as it is now: at once if it is light (or
        outside a server), else in the :data:`HEAVY` worker."""
        self._pending = False
        self._asked += 1
        try:
            scene = self.state.scene()
        except ValueError as error:
            self._land(self._asked, error=error)
            return
        doc = pn.state.curdoc
        if doc is None or doc.session_context is None or light(scene):
            self._compute_now(scene)
            return
        asked = self._asked
        future = HEAVY.submit(scene_result, scene)
        future.add_done_callback(
            lambda done: doc.add_next_tick_callback(functools.partial(self._landed, asked, done))
        )

    @property
    def computing(self) -> bool:
        """Whether a result is on its way that is not on show yet."""
        return self._pending or self._asked != self._shown

    def _compute_now(self, scene: Scene) -> None:
        try:
            self._land(self._asked, result=scene_result(scene))
        except ValueError as error:
            self._land(self._asked, error=error)

    def _landed(self, asked: int, done: concurrent.futures.Future) -> None:
        error = done.exception()
        if error is not None and not isinstance(error, ValueError):
            raise error
        self._land(asked, result=None if error else done.result(), error=error)

    def _land(
        self, asked: int, result: SceneResult | None = None, error: Exception | None = None
    ) -> None:
        """Shows a result or an error, unless a newer request has been made since."""
        if asked != self._asked:
            return
        self._shown = asked
        if error is not None:
            self.error = f"cannot run this scene: {error}"
            return
        with param.parameterized.batch_call_watchers(self):
            self.error = ""
            self.result = result

    def _runs_replaced(self, *events: Any) -> None:
        self._watch_runs()
        self.changed()

    def _watch_runs(self) -> None:
        for run, watcher in self._run_watchers:
            run.param.unwatch(watcher)
        names = [name for name in RunState.param if name != "name"]
        self._run_watchers = [
            (run, run.param.watch(self.changed, names)) for run in self.state.runs
        ]


def light(scene: Scene) -> bool:
    """Whether ``scene`` costs at most :data:`LIGHT_STEPS`, or another session has computed
    it already."""
    if is_computed(scene):
        return True
    try:
        cost = scene.steps * sum(budget.run_cost(scene, run) for run in scene.runs)
    except ValueError:
        return True
    return cost <= LIGHT_STEPS
