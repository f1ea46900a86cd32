"""The data view in the app: the model moves over the data as the player steps."""

from __future__ import annotations

import jax
import numpy as np
import pytest

from optiviz.optim import presets
from optiviz.optim.scene import simulate
from optiviz.surfaces.data import X, batch_mask

pytestmark = pytest.mark.browser


def line_at(app) -> dict:
    """The data view's lines as drawn now."""
    return app.data("data_lines")


def test_the_regression_line_moves_with_the_player(app):
    app.open("?preset=error-surface")
    (trajectory,) = simulate(presets.get("error-surface").scene)
    at_end = line_at(app)
    w, b = trajectory.positions[-1]
    np.testing.assert_allclose(at_end["ys"][0], b + w * np.array(at_end["xs"][0]), rtol=1e-5)
    app.page.keyboard.press("Home")
    at_start = app.wait_for_new("data_lines", "ys", at_end["ys"])
    w, b = trajectory.positions[0]
    np.testing.assert_allclose(at_start["ys"][0], b + w * np.array(at_start["xs"][0]), rtol=1e-5)
    app.page.keyboard.press("ArrowRight")
    one_step = app.wait_for_new("data_lines", "ys", at_start["ys"])
    w, b = trajectory.positions[1]
    np.testing.assert_allclose(one_step["ys"][0], b + w * np.array(one_step["xs"][0]), rtol=1e-5)
    assert app.model("scrubber", "value") == 1
    app.screenshot("data-view.png")
    assert app.errors == []


def test_mini_batches_are_ringed_and_the_legend_counts_epochs(app):
    app.open("?preset=regression-batches")
    app.page.keyboard.press("Home")
    for _ in range(3):
        app.page.keyboard.press("ArrowRight")
    app.page.wait_for_function("() => Bokeh.documents[0].get_model_by_name('scrubber').value === 3")
    labels = line_at(app)["label"]
    assert labels == [
        "full batch (B = 20) · epoch 3",
        "mini-batch (B = 5) · epoch 1",
        "one point (B = 1) · epoch 1",
    ]
    marks = app.data("data_marks")
    key = jax.random.key(0)
    latest = [X[np.asarray(batch_mask(key, 2, size, len(X)))] for size in (5, 1)]
    np.testing.assert_allclose(marks["x"], np.concatenate(latest), rtol=1e-6)
    assert marks["color"] == [marks["color"][0]] * 5 + [marks["color"][-1]]
    assert app.model("grad_norm_plot", "name") == "grad_norm_plot"
    assert app.errors == []
