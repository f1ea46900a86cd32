"""The server's warm-up steps aside while visitors arrive (app/web/warm_up.py)."""

from collections.abc import Callable

from optiviz.app.web.warm_up import WarmUp, preset_steps
from optiviz.optim import presets


class Clock:
    """A clock that moves only when the warm-up sleeps, doing each of ``events`` (time,
    action) when it passes that time."""

    def __init__(self, events: list[tuple[float, Callable[[], object]]]) -> None:
        self.now, self.events = 0.0, sorted(events, key=lambda event: event[0])

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        while self.events and self.events[0][0] <= self.now:
            self.events.pop(0)[1]()


def steps_taken(clock: Clock, taken: list[float], count: int):
    return lambda: (lambda: taken.append(clock.now) for _ in range(count))


def test_each_step_waits_for_a_quiet_second_after_the_last_visitor() -> None:
    taken: list[float] = []
    clock = Clock([(0.5, lambda: warm_up.visited()), (1.2, lambda: warm_up.visited())])
    warm_up = WarmUp(steps_taken(clock, taken, 3), quiet=1.0, clock=clock, sleep=clock.sleep)
    warm_up.visited()
    warm_up.run()
    assert len(taken) == 3
    assert taken[0] >= 1.2 + 1.0


def test_no_step_starts_while_a_session_is_built_however_long() -> None:
    taken: list[float] = []
    clock = Clock([(3.0, lambda: build.__exit__(None, None, None))])
    warm_up = WarmUp(steps_taken(clock, taken, 2), quiet=1.0, clock=clock, sleep=clock.sleep)
    build = warm_up.visit()
    build.__enter__()
    warm_up.run()
    assert len(taken) == 2
    assert taken[0] >= 3.0 + 1.0


def test_started_the_first_step_waits_a_quiet_second() -> None:
    taken: list[float] = []
    clock = Clock([])
    warm_up = WarmUp(steps_taken(clock, taken, 2), quiet=1.0, clock=clock, sleep=clock.sleep)
    warm_up.start().join(timeout=10)
    assert len(taken) == 2
    assert taken[0] >= 1.0


def test_without_visitors_the_steps_run_at_once() -> None:
    taken: list[int] = []
    slept: list[float] = []
    warm_up = WarmUp(lambda: (lambda i=i: taken.append(i) for i in range(4)), sleep=slept.append)
    warm_up.run()
    assert taken == [0, 1, 2, 3]
    assert slept == []


def test_the_steps_cover_every_preset_scene() -> None:
    steps = list(preset_steps())
    scenes = sum(1 for _ in presets.names())
    surfaces = sum(len(presets.get(name).scene.all_surfaces()) for name in presets.names())
    assert len(steps) == scenes + surfaces
