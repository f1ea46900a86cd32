"""Work budgets: every preset and documented example fits; a request over its budget is cut,
with a notice, to one that fits."""

from __future__ import annotations

import numpy as np
import pytest

from optiviz import surfaces
from optiviz.optim import budget, presets
from optiviz.optim.scene import Run, Scene


def cost(scene: Scene) -> float:
    return scene.steps * sum(budget.run_cost(scene, run) for run in scene.runs)


@pytest.mark.parametrize("name", presets.names())
def test_every_preset_fits_its_budget(name):
    scene = presets.get(name).scene
    assert budget.fit_scene(scene) == (scene, "")


def test_the_documented_maps_fit():
    grid = {"lr": np.geomspace(1e-4, 1e-1, 64), "momentum": np.linspace(0, 0.99, 64)}
    valley = surfaces.get("valley")
    fitted, notice = budget.fit_grid(grid, 500, budget.step_cost(valley, 0.0, None))
    assert notice == "" and all(np.array_equal(fitted[k], grid[k]) for k in grid)
    assert budget.fit_resolution(100, 500, 1.0) == (100, "")


@pytest.mark.parametrize(
    ("surface", "run"),
    [("valley", Run("gd", noise=0.1)), ("regression", Run("gd", batch_size=4))],
)
def test_a_costly_scene_is_cut_to_its_budget_with_a_notice(surface, run):
    scene = Scene(surface, None, 100_000, (run,) * 7)
    cut, notice = budget.fit_scene(scene)
    assert cut.steps < scene.steps and cut.runs == scene.runs
    assert cost(cut) <= budget.TRAJECTORIES < cost(scene)
    assert notice.startswith(f"Ran {cut.steps:,} of 100,000 steps: 7 runs")
    assert "gradient noise or mini-batches" in notice
    assert budget.fit_scene(cut) == (cut, "")


def test_plain_runs_are_cheap_and_random_ones_are_not():
    valley, regression = surfaces.get("valley"), surfaces.get("regression")
    assert budget.step_cost(valley, 0.0, None) == 1.0
    assert budget.step_cost(valley, 0.1, None) == budget.GRID_COSTS.noise
    assert budget.step_cost(regression, 0.0, 8) == budget.GRID_COSTS.batch
    assert budget.step_cost(valley, 0.0, None, swept={"noise"}) == budget.GRID_COSTS.noise
    plain = Scene("valley", None, 1_000_000, (Run("gd"),) * 7)
    assert budget.fit_scene(plain) == (plain, ""), "7 runs of a million plain steps fit"


def test_a_map_over_its_budget_is_thinned_keeping_its_ends():
    grid = {"lr": np.geomspace(1e-4, 1, 1000), "momentum": np.linspace(0, 0.99, 300)}
    thinned, notice = budget.fit_grid(grid, 100_000, 40.0)
    counts = [len(v) for v in thinned.values()]
    assert np.prod(counts) * 100_000 * 40 <= budget.MAPS
    assert notice.startswith(f"Mapped {counts[0]} × {counts[1]} instead of 1000 × 300 settings")
    for name, values in thinned.items():
        assert values[0] == grid[name][0] and values[-1] == grid[name][-1]
        assert np.all(np.diff(values) > 0)
    one, notice = budget.fit_grid({"lr": np.geomspace(1e-4, 1, 1024)}, 1_000_000, 1000.0)
    assert len(one["lr"]) == 2 and notice


def test_a_basin_map_over_its_budget_is_coarser():
    resolution, notice = budget.fit_resolution(1024, 10_000, 1.0)
    assert resolution**2 * 10_000 <= budget.MAPS < (resolution + 1) ** 2 * 10_000
    assert notice.startswith(f"Basins on {resolution} × {resolution} starts instead of 1024")


def test_affordable_picks_the_largest_listed_size_that_fits():
    square = lambda n: n * n  # noqa: E731
    assert budget.affordable(128, square, 1000, 1.0, sizes=(8, 16, 64, 128), budget=2**22) == 64
    assert budget.affordable(16, square, 10**9, 1.0, sizes=(8, 16)) == 8
