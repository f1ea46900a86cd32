"""The server's warm-up steps aside while visitors arrive (app/web/warm_up.py)."""

from optiviz.app.web.warm_up import WarmUp, preset_steps
from optiviz.optim import presets


class Clock:
    """A clock that moves only when the warm-up sleeps, with visitors due at given times."""

    def __init__(self, visits: list[float], warm_up: list[WarmUp]) -> None:
        self.now, self.visits, self.warm_up = 0.0, sorted(visits), warm_up

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        while self.visits and self.visits[0] <= self.now:
            self.visits.pop(0)
            self.warm_up[0].visited()


def test_each_step_waits_for_a_quiet_second_after_the_last_visitor() -> None:
    taken: list[float] = []
    holder: list[WarmUp] = []
    clock = Clock(visits=[0.5, 1.2], warm_up=holder)
    steps = lambda: (lambda: taken.append(clock.now) for _ in range(3))  # noqa: E731
    warm_up = WarmUp(steps, quiet=1.0, clock=clock, sleep=clock.sleep)
    holder.append(warm_up)
    warm_up.visited()
    warm_up.run()
    assert len(taken) == 3
    assert taken[0] >= 1.2 + 1.0


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
