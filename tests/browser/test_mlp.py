"""A real network in the app: the ``mlp-landscape`` preset draws both planes through its
weights and the training paths projected onto them, read back from BokehJS's models."""

from __future__ import annotations

import numpy as np
import pytest

from optiviz import surfaces
from optiviz.app.plots.side_plots import OFF_PLANE
from optiviz.optim import presets

pytestmark = pytest.mark.browser


def test_mlp_landscape_draws_both_planes_and_the_projected_paths(app):
    app.open("?preset=mlp-landscape")
    scene = presets.get("mlp-landscape").scene
    labels = [run.title() for run in scene.runs]
    planes = [surfaces.get("mlp_random"), surfaces.get("mlp_pca")]
    for suffix, plane in zip(("", "_1"), planes, strict=True):
        image = np.array(app.data(f"image{suffix}")["image"][0], dtype=float)
        assert image.size == 96 * 96, "the plane's loss, on the grid a network allows"
        assert np.isfinite(image).all() and image.max() > 10 * image.min() > 0
        assert app.data(f"image{suffix}")["dw"] == [plane.bounds[1] - plane.bounds[0]]

        paths = app.data(f"paths{suffix}")
        assert paths["label"] == labels[:2], "SGD and Adam on each plane"
        starts = app.data(f"starts{suffix}")
        assert list(zip(starts["x"], starts["y"], strict=True)) == [plane.start]
        theta0 = plane.plane.project(plane.plane.network.start).coordinates
        for xs, ys in zip(paths["xs"], paths["ys"], strict=True):
            assert (xs[0], ys[0]) == pytest.approx(theta0, abs=1e-12), "both train from θ₀"
        sgd_xs, adam_xs = paths["xs"]
        sgd_ys, adam_ys = paths["ys"]
        assert (adam_xs[-1], adam_ys[-1]) == pytest.approx((0, 0), abs=1e-3), "Adam ends at θ*"
        assert abs(sgd_xs[-1]) + abs(sgd_ys[-1]) > 1e-3, "SGD ends elsewhere"

    random, pca = app.data("paths"), app.data("paths_1")
    extent = [np.ptp(random["xs"][1]), np.ptp(pca["xs"][1])]
    assert extent[1] > 50 * extent[0], "Adam's path: a speck on the random plane, whole on PCA's"

    title = app.page.evaluate(
        "() => Bokeh.documents[0].get_model_by_name('distance_plot').title.text"
    )
    assert title == OFF_PLANE
    distance = app.data("distance")
    assert len(distance["ys"]) == 4 and min(ys[0] for ys in distance["ys"]) > 1.0
    app.screenshot("mlp-landscape.png")
    assert app.errors == []
