"""Sessions share what they compute for the same scene, and never one another's edits."""

from __future__ import annotations

import numpy as np
import panel as pn
import pytest

from optiviz.app.display.scene_results import scene_result
from optiviz.app.web.lab import Lab
from optiviz.optim import presets
from optiviz.surfaces.plane import PlaneSurface


@pytest.fixture(scope="module")
def two_sessions():
    pn.extension("katex")
    return Lab("?preset=optimizer-race"), Lab("?preset=optimizer-race")


def test_sessions_of_a_preset_share_one_result(two_sessions):
    first, second = two_sessions
    assert first.figure.data is second.figure.data
    assert first.figure.data is scene_result(first.state.scene()).data


def test_one_session_s_edit_leaves_the_other_s_data_alone(two_sessions):
    first, second = two_sessions
    shared = scene_result(second.state.scene())
    before = [np.array(xs) for xs in second.figure.surfaces[0].sources["paths"].data["xs"]]
    shared_before = [np.array(xs) for xs in shared.data.paths[0]["xs"]]
    first.state.runs[2].lr = first.state.runs[2].lr * 3
    after_first = first.figure.surfaces[0].sources["paths"].data["xs"]
    assert not np.array_equal(after_first[2], before[2]), "the edit redrew the first session"
    after = second.figure.surfaces[0].sources["paths"].data["xs"]
    assert all(np.array_equal(a, b) for a, b in zip(after, before, strict=True))
    assert all(
        np.array_equal(a, b) for a, b in zip(shared.data.paths[0]["xs"], shared_before, strict=True)
    )


def test_shared_arrays_cannot_be_written():
    result = scene_result(presets.get("saddle-stuck").scene)
    with pytest.raises(ValueError, match="read-only"):
        result.trajectories[0].positions[0, 0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        result.data.paths[0]["xs"][0][0] = 1.0


def test_presets_and_their_edits_are_light_and_a_heavy_link_is_not():
    from optiviz.app.web.store import light
    from optiviz.app.web.url import parse_query

    heavy, _ = parse_query(
        "?surface=rosenbrock&steps=60000"
        '&run={"optimizer":"adam","noise":0.1}&run={"optimizer":"gd","noise":0.1,"seed":3}'
    )
    assert not light(heavy.scene())
    for name in presets.names():
        state, _ = parse_query(f"?preset={name}")
        state.runs[0].lr *= 1.01
        scene = state.scene()
        networks = any(isinstance(scene.surface_of(run), PlaneSurface) for run in scene.runs)
        assert light(scene) != networks, name  # training a network is heavy by nature
