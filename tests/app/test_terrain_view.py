"""The lab's 3-D view on the server: built on first show only, its state in the URL."""

from __future__ import annotations

import numpy as np
import panel as pn
import pytest
from bokeh.core.validation.check import check_integrity
from bokeh.document import Document

from optiviz.app.display.camera import PRESETS
from optiviz.app.web import export_menu
from optiviz.app.web.lab import Lab
from optiviz.app.web.terrain import export_options
from optiviz.app.web.url import parse_query, search


def document(lab: Lab) -> Document:
    pn.extension("katex")
    doc = Document()
    doc.add_root(lab.__panel__().get_root(doc))
    return doc


def terrain_models(doc: Document) -> list:
    return [m for m in doc.models if (m.name or "").startswith("terrain")]


def test_a_session_that_never_shows_it_has_none_of_it():
    lab = Lab("?preset=optimizer-race")
    doc = document(lab)
    assert lab.terrain.plot is None
    assert terrain_models(doc) == []
    assert not any("vtk" in str(getattr(m, "code", "")) for m in doc.models)


def test_choosing_3d_builds_it_beside_the_surface_plot_and_trajectories_takes_it_away():
    lab = Lab("?preset=optimizer-race")
    doc = document(lab)
    before = len(list(doc.models))
    lab.maps.controls.view.value = "3d"
    assert lab.state.maps.view == "3d" and lab.terrain.plot is not None
    top = lab.figure.layout.children[0]
    assert lab.terrain.plot.layout in top.children, "beside the contour plot"
    added = len(list(doc.models)) - before
    assert 0 < added <= 60, added
    assert check_integrity(list(doc.models)).error == []
    lab.state.maps.view = "trajectories"
    assert lab.figure.layout.children[0] is lab.figure.surfaces[0].figure
    lab.state.maps.view = "maps"
    lab.state.maps.view = "3d"
    assert lab.terrain.plot.layout in lab.figure.layout.children[0].children


def test_url_carries_the_view_camera_and_heights():
    lab = Lab("?preset=optimizer-race&view=3d&camera=above&height=clip")
    assert lab.terrain.plot is not None
    assert lab.terrain.plot.shown_heights == "clip"
    assert tuple(lab.state.terrain.camera) == tuple(PRESETS["above"].camera)
    query = search(lab.state)
    assert "view=3d" in query and "camera=above" in query and "height=clip" in query
    description = lab.terrain.describe()
    assert "height L, clipped from" in description and description.endswith("Seen from above.")
    state, notices = parse_query(query)
    assert notices == [] and search(state) == query


def test_bad_camera_or_height_is_dropped_with_a_notice():
    state, notices = parse_query("?preset=saddle-stuck&view=3d&camera=0,120,5&height=cubic")
    assert tuple(state.terrain.camera) == tuple(PRESETS["corner"].camera)
    assert state.terrain.heights is None
    assert [n.split(":")[0] for n in notices] == ["camera", "height"]
    assert "camera" not in search(state) and "view=3d" in search(state)


def test_the_camera_the_browser_reports_goes_into_the_url():
    lab = Lab("?preset=saddle-stuck&view=3d")
    lab.terrain.plot.camera.data = {"azimuth": [15.0], "elevation": [50.0], "distance": [4.0]}
    assert tuple(lab.state.terrain.camera) == (15.0, 50.0, 4.0)
    assert "camera=15,50,4" in search(lab.state)


def test_another_height_scale_redraws_the_terrain():
    lab = Lab("?preset=optimizer-race&view=3d")
    plot = lab.terrain.plot
    log = np.asarray(plot.sources["surface"].data["c"][0]).copy()
    assert plot.heights.value == "log"
    plot.heights.value = "linear"
    assert lab.state.terrain.heights == "linear"
    linear = np.asarray(plot.sources["surface"].data["c"][0])
    assert not np.array_equal(log, linear)
    assert "height=linear" in search(lab.state)


def test_a_new_scene_keeps_the_view_and_its_camera():
    lab = Lab("?preset=optimizer-race&view=3d&camera=side")
    lab.state.load_preset("classification-mse-vs-ce")
    plot = lab.terrain.plot
    assert plot.figure is lab.figure, "bound to the new figure's player"
    assert plot.shown_camera() == PRESETS["side"].camera
    assert plot.layout in lab.figure.layout.children[0].children
    assert lab.terrain.describe().startswith("3-D view of Classification, mean squared error")
    assert plot.surface is not None, "two surfaces: a menu picks the one shown"
    plot.surface.value = "1"
    assert lab.terrain.plot.index == 1 and lab.terrain.plot is not plot
    assert lab.terrain.plot.shown_camera() == PRESETS["side"].camera, "the camera stays"
    assert "cross-entropy" in lab.terrain.describe()


def test_embedded_it_fills_the_frame_beside_the_plot():
    lab = Lab("?preset=saddle-stuck&view=3d&embed=1")
    assert lab.terrain.plot.host.sizing_mode == "stretch_both"
    assert lab.terrain.plot.layout in lab.figure.layout.children[0].children


@pytest.mark.parametrize("present", [False, True])
def test_presentation_mode_enlarges_the_balls_and_type(present):
    lab = Lab("?preset=saddle-stuck&view=3d" + ("&present=1" if present else ""))
    look = lab.terrain.plot.look.data
    assert (look["ball"][0] > 0.04) == present
    assert look["font"][0] == ("20px" if present else "12px")


def test_the_export_menu_exports_the_3d_view_on_show(monkeypatch):
    calls = []
    monkeypatch.setattr(export_menu, "export", lambda *args, **options: calls.append(options))
    state, _ = parse_query("?preset=saddle-stuck&view=3d&camera=side&height=linear")
    with pytest.raises(FileNotFoundError):
        export_menu.export_bytes(state.scene(), ".gif", None, None, None, **export_options(state))
    assert calls[-1]["view"] == "3d" and calls[-1]["heights"] == "linear"
    assert calls[-1]["camera"] == PRESETS["side"].camera
    assert export_options(parse_query("?preset=saddle-stuck")[0]) == {}


def test_the_text_view_describes_the_3d_view_while_it_is_shown():
    lab = Lab("?preset=saddle-stuck&view=3d&camera=above")
    summary = lab.text_view.summary
    assert "3-D view of Saddle" in summary.object and "Seen from above." in summary.object
    lab.terrain.plot.camera.data = {"azimuth": [15.0], "elevation": [50.0], "distance": [4.0]}
    assert "Seen from 15° around and 50° up." in summary.object
    lab.state.maps.view = "trajectories"
    assert "3-D view" not in summary.object
