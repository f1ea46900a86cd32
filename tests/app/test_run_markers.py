"""Runs differ by more than colour: each row's current point has a shape of its own, in the
app's plot, its legend, and the exported movies and images (WCAG 1.4.1, use of colour)."""

from bokeh.models import CategoricalMarkerMapper

from optiviz.app.display.theme import RUN_COLORS, RUN_MARKERS
from optiviz.app.export.frames import FrameDrawer
from optiviz.app.plots.scene_figure import scene_figure
from optiviz.optim import presets
from optiviz.optim.scene import simulate

RACE = presets.get("optimizer-race").scene


def test_every_run_of_the_race_has_its_own_marker_in_the_plot_and_its_legend():
    figure = scene_figure(RACE, simulate(RACE))
    plot = figure.surfaces[0]
    mapper = plot.heads.glyph.marker.transform
    assert isinstance(mapper, CategoricalMarkerMapper)
    shapes = dict(zip(mapper.factors, mapper.markers, strict=True))
    colors = plot.sources["heads"].data["color"]
    assert len(colors) == len(RACE.runs)
    assert len({shapes[color] for color in colors}) == len(RACE.runs)
    (legend,) = plot.figure.legend
    assert legend.items[0].renderers == [plot.heads], "the legend shows each run's shape"


def test_the_exported_frames_draw_each_run_with_its_rows_marker():
    drawer = FrameDrawer(RACE, simulate(RACE), size=(640, 400))
    heads = [head.get_marker() for head, _, _ in drawer.heads]
    assert len(set(heads)) == len(RACE.runs)
    keys = [key.get_marker() for key in drawer.legend.legend_handles]
    assert keys == heads
    assert len(RUN_MARKERS) == len(RUN_COLORS)
