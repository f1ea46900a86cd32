"""The side plots are log plots over steps (their scale, axis and ticks agree)."""

from bokeh.models import LogAxis, LogScale

from optiviz.app.plots.scene_figure import scene_figure
from optiviz.optim import presets
from optiviz.optim.scene import simulate


def test_side_plots_draw_on_a_log_scale_with_a_log_axis():
    scene = presets.get("valley-adagrad").scene
    figure = scene_figure(scene, simulate(scene))
    for fig in figure.side.figures:
        assert isinstance(fig.y_scale, LogScale), fig.name
        assert [type(axis) for axis in fig.left] == [LogAxis], fig.name
        assert {grid.ticker for grid in fig.grid} == {fig.xaxis[0].ticker, fig.yaxis[0].ticker}
