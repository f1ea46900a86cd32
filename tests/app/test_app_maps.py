"""The Maps view without a browser: its settings and URL, the map's data and figure, and the
lab recomputing maps, basins and seed fans live."""

from __future__ import annotations

import numpy as np
import panel as pn
import pytest

from optiviz import optim, surfaces
from optiviz.app.display.map_data import map_data
from optiviz.app.display.theme import NORMAL, RUN_COLORS
from optiviz.app.plots.map_plot import MapPlot
from optiviz.app.web import map_state
from optiviz.app.web.lab import Lab
from optiviz.app.web.map_axes import axis_choices
from optiviz.app.web.map_runs import BATCH_COST, affordable, stability_edge, step_cost
from optiviz.app.web.map_state import MapState
from optiviz.app.web.state import AppState, RunState
from optiviz.app.web.url import map_pairs, parse_query, search
from optiviz.optim.scene import Run, Scene


class Click:
    """A Tap event's coordinates."""

    def __init__(self, x: float, y: float) -> None:
        self.x, self.y = x, y


@pytest.fixture(scope="module")
def lab():
    pn.extension("katex")
    return Lab("?preset=local-min-momentum&view=maps&map_run=2&map_cells=16")


def test_map_settings_round_trip_through_the_url():
    state = AppState()
    state.load_preset("optimizer-race")
    state.maps.param.update(
        view="maps",
        row=5,
        x="beta2",
        x_range=(0.9, 0.99),
        y="eps",
        y_range=(1e-9, 1e-3),
        metric="steps-to-tolerance",
        cells=64,
        tolerance=0.05,
        basins=True,
        fan=True,
    )
    link = search(state)
    assert "map_x=beta2:0.9:0.99" in link and "map_y=eps:1e-09:0.001" in link
    reopened, notices = parse_query(link)
    assert notices == []
    assert reopened.maps.param.values() | {"name": ""} == state.maps.param.values() | {"name": ""}
    assert reopened.scene() == state.scene()


def test_defaults_stay_out_of_the_url_and_a_bare_axis_takes_its_default_range():
    state, notices = parse_query("?preset=local-min-momentum&view=maps&map_run=2&map_y=none")
    assert notices == []
    maps = state.maps
    assert (maps.x, maps.x_range, maps.y) == ("lr", (1e-4, 1.0), "none")
    assert maps.grid(state.runs[1], state.steps)["lr"].shape == (48 * map_state.CURVE_POINTS,)
    assert map_pairs(parse_query("?preset=local-min-momentum")[0].maps) == []


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("view=table", "view"),
        ("map_run=9", "map_run"),
        ("map_x=momentum:0:1.5", "map_x"),
        ("map_x=lr:1:0.001", "map_x"),
        ("map_x=lr:-1:1", "map_x"),
        ("map_x=__import__", "map_x"),
        ("map_y=beta1", "map_y"),
        ("map_y=lr", "map_y"),
        ("map_metric=accuracy", "map_metric"),
        ("map_cells=7", "map_cells"),
        ("map_tol=-1", "map_tol"),
        ("basins=maybe", "basins"),
    ],
)
def test_bad_map_settings_fall_back_to_defaults_with_a_notice(query, key):
    state, notices = parse_query(f"?preset=local-min-momentum&view=maps&map_run=2&{query}")
    assert len(notices) == 1 and notices[0].startswith(key), notices
    default, _ = parse_query("?preset=local-min-momentum&view=maps&map_run=2")
    if key not in ("view", "map_run"):
        values = state.maps.param.values()
        changed = {k for k, v in default.maps.param.values().items() if values[k] != v}
        assert changed == {"name"}


def test_a_new_optimizer_keeps_the_axes_it_takes_and_replaces_the_others():
    row = RunState(optimizer="momentum", lr=0.01)
    maps = MapState()
    maps.fit([row], 500)
    maps.x_range = (1e-3, 0.1)
    row.optimizer = "adam"
    maps.fit([row], 500)
    assert (maps.x, maps.x_range, maps.y, maps.y_range) == ("lr", (1e-3, 0.1), "beta1", (0, 0.99))
    maps.fit([row], 500, reset=True)
    assert maps.x_range == pytest.approx((1e-4, 1.0))


def test_axes_offer_the_optimizer_s_hyperparameters_noise_batch_and_schedule_keys():
    row = RunState(optimizer="rmsprop", schedule="step")
    assert list(axis_choices(row)) == [
        *("lr", "alpha", "eps", "momentum", "weight_decay"),
        *("noise", "batch_size", "clip", "N", "gamma", "warmup"),
    ]
    batch = axis_choices(row)["batch_size"]
    values = batch.values(1, 256, 48)
    assert values[0] == 1 and values[-1] == 256
    assert np.all(values == np.round(values)) and np.all(np.diff(values) > 0)


def test_costly_runs_get_fewer_cells():
    regression = surfaces.get("regression")
    batched = Run("gd", lr=0.1, batch_size=8)
    assert step_cost(regression, batched) == BATCH_COST
    assert step_cost(surfaces.get("valley"), Run("gd")) == 1
    square = lambda n: n * n  # noqa: E731
    assert affordable(48, square, 500, 1.0, 2**27) == 48
    assert affordable(48, square, 2000, BATCH_COST, 2**27) == 8


def test_a_runs_settings_leave_out_what_is_swept():
    run = Run("momentum", lr=0.1, hyperparameters={"momentum": 0.5}, noise=1.0)
    grid = {"lr": [0.01, 0.1], "momentum": [0.0, 0.9]}
    fixed = optim.sweep("valley", run, grid=grid, steps=5).settings
    assert "lr" not in fixed and "momentum" not in fixed and fixed["noise"] == 1.0


def sweep_valley(metric: str = "final-loss", n: int = 24) -> optim.Sweep:
    return optim.sweep(
        "valley",
        "momentum",
        grid={"lr": np.geomspace(1e-4, 1, n), "momentum": np.linspace(0, 0.99, n)},
        steps=300,
        metric=metric,
    )


def test_map_data_marks_diverged_cells_and_caps_colours_at_the_start():
    result = sweep_valley()
    data = map_data(result, surfaces.get("valley"))
    status = np.array(data.cells["status"])
    diverged = result.diverged_at.ravel() >= 0
    assert diverged.any() and (~diverged).any()
    assert np.array_equal(status == "diverged", diverged)
    assert np.isnan(data.cells["value"][diverged]).all()
    start_loss = float(surfaces.get("valley").loss(np.array(result.settings["start"])))
    assert data.log and 0 < data.low < data.high <= start_loss
    edges = np.array(data.cells["right"]) / np.array(data.cells["left"])
    assert np.allclose(edges, edges[0])  # equal cells on the log axis


def test_a_divergence_map_colours_the_diverged_cells_and_greys_the_rest():
    result = sweep_valley("diverged")
    data = map_data(result, surfaces.get("valley"))
    assert set(data.cells["status"]) == {"ok", "missing"}
    assert data.missing == "stayed finite"


def test_the_map_plot_finds_the_clicked_cell_and_rings_the_current_setting():
    result = sweep_valley()
    plot = MapPlot(map_data(result, surfaces.get("valley")), NORMAL)
    lrs, momenta = result.axes[0].values, result.axes[1].values
    assert plot.cell_at(lrs[5] * 1.02, momenta[7] + 0.001) == (5, 7)
    plot.show_marker([0.01, 0.9])
    assert plot.sources["map_marker"].data == {"x": [0.01], "y": [0.9]}
    plot.show_marker([10.0, 0.9])
    assert plot.sources["map_marker"].data == {"x": [], "y": []}


def test_the_lab_draws_the_map_beside_the_surface_plot(lab):
    plot = lab.maps.plot
    assert plot is not None and len(plot.sources["map_cells"].data["x"]) == 16 * 16
    assert lab.figure.layout.children[0].children[-1] is plot.figure
    assert "Momentum (row 2)" in lab.maps.controls.caption.object
    assert r"L(\theta_T) - L^*" in lab.maps.controls.caption.object
    assert plot.sources["map_marker"].data == {"x": [0.01], "y": [0.9]}


def test_clicking_a_cell_loads_it_into_the_row_without_recomputing_the_map(lab):
    plot = lab.maps.plot
    cells = plot.sources["map_cells"].data
    before = lab.figure.data.paths[0]["fx"][1].copy()
    key = lab.maps._keys["map"]
    k = 100
    lab.maps._tapped(Click(cells["x"][k] * 1.01, cells["y"][k] - 0.001))
    row = lab.state.runs[1]
    assert cells["left"][k] < row.lr < cells["right"][k]
    assert cells["bottom"][k] < row.momentum < cells["top"][k]
    assert len(f"{row.lr:g}") <= 6 and len(f"{row.momentum:g}") <= 5  # a short number
    assert not np.array_equal(lab.figure.data.paths[0]["fx"][1], before)
    assert lab.maps._keys["map"] == key
    assert plot.sources["map_marker"].data == {"x": [row.lr], "y": [row.momentum]}


def test_the_map_recomputes_when_a_setting_it_does_not_sweep_changes(lab):
    values = lab.maps.plot.sources["map_cells"].data["value"].copy()
    lab.state.steps = 100
    assert not np.array_equal(lab.maps.plot.sources["map_cells"].data["value"], values, True)
    lab.state.steps = 500


def test_a_one_axis_map_is_a_curve_and_back(lab):
    lab.state.maps.y = "none"
    curve = lab.maps.plot.sources["map_curve"].data
    assert len(curve["x"]) == 16 * map_state.CURVE_POINTS
    assert lab.maps.plot.sources["map_cells"].data["x"] == []
    lab.state.maps.y = "momentum"
    assert len(lab.maps.plot.sources["map_cells"].data["x"]) == 16 * 16


def test_the_trajectories_view_takes_the_map_away(lab):
    lab.state.maps.view = "trajectories"
    assert lab.figure.layout.children[0] is lab.figure.surfaces[0].figure
    assert not lab.maps.controls.controls.visible
    lab.state.maps.view = "maps"
    assert lab.figure.layout.children[0].children[-1] is lab.maps.plot.figure


def test_basins_colour_each_known_minimum():
    lab = Lab("?preset=optimizer-race&basins=1")
    lab.state.surface = "himmelblau"
    lab.state.runs[0].lr = 0.01
    image = lab.maps.overlays[0].data("basins")["image"][0]
    colours = np.unique(image.view(np.uint8).reshape(*image.shape, 4)[..., :3], axis=0)
    assert len(colours) >= len(surfaces.get("himmelblau").minima)
    assert "(3, 2)" in lab.maps.controls.note.object
    lab.state.maps.basins = False
    assert lab.maps.overlays[0].data("basins")["image"] == []


def test_a_seed_fan_needs_noise_and_draws_one_line_per_seed():
    lab = Lab("?preset=saddle-stuck&fan=1")
    assert lab.maps.overlays[0].data("fan")["xs"] == []
    assert "no random numbers" in lab.maps.controls.note.object
    lab.state.maps.row = 1
    fan = lab.maps.overlays[0].data("fan")
    assert len(fan["xs"]) == 16 and len({float(xs[-1]) for xs in fan["xs"]}) > 1
    assert "16 seeds" in lab.maps.controls.note.object


def test_a_map_of_a_quadratic_is_drawn_against_its_edge_of_stability():
    scene = Scene("valley", None, 300, (Run("momentum"),))
    grid = {"lr": np.geomspace(1e-3, 0.1, 32), "momentum": np.linspace(0, 0.99, 32)}
    result = optim.sweep("valley", "momentum", grid=grid, steps=3000, metric="diverged")
    edge = stability_edge(scene, scene.runs[0], result.axes)
    curvature = surfaces.hessian_at(surfaces.get("valley"), (0.0, 0.0)).eigenvalues.max()
    assert np.allclose(edge.x, 2 * (1 + np.array(edge.y)) / curvature)
    lrs, momenta = result.axes[0].values, result.axes[1].values
    for j in (0, 10, 20):  # the first diverged cell sits on the line, within one cell
        first = np.flatnonzero(result.diverged_at[:, j] >= 0)[0]
        predicted = 2 * (1 + momenta[j]) / curvature
        assert lrs[first - 1] <= predicted * (lrs[1] / lrs[0]) and predicted <= lrs[first]
    assert (
        stability_edge(
            Scene("himmelblau", None, 300, (Run("momentum"),)), Run("momentum"), result.axes
        )
        is None
    )
    assert stability_edge(scene, Run("adam"), result.axes) is None


def test_the_seed_fan_of_a_copied_row_takes_that_row_s_colour():
    lab = Lab("?preset=saddle-stuck&fan=1&map_run=2")
    lab.rows.duplicate(lab.rows.views[1])
    lab.state.maps.row = 2
    assert set(lab.maps.overlays[0].data("fan")["color"]) == {RUN_COLORS[2]}
    assert "row 3" in lab.maps.controls.note.object
