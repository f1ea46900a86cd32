"""The exported HTML plays in Chromium from file:// with every other request blocked."""

import pytest

from optiviz.app.export import export

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    return export("valley-adagrad", tmp_path_factory.mktemp("html") / "valley-adagrad.html")


def model_value(page, name, attribute):
    return page.evaluate(
        "([name, attribute]) => Bokeh.documents[0].get_model_by_name(name)[attribute]",
        [name, attribute],
    )


def test_offline_html_draws_and_plays(offline, page_file):
    page = offline(page_file, ready="() => window.Bokeh && Bokeh.documents.length > 0").page
    page.wait_for_selector(".bk-Canvas, canvas", state="attached", timeout=30_000)

    paths = page.evaluate("() => Bokeh.documents[0].get_model_by_name('paths').data.xs.length")
    assert paths == 1, "the run's path is in the page"
    end = model_value(page, "scrubber", "value")
    assert end == model_value(page, "scrubber", "end"), "the page opens on the whole run"
    page.locator(".ov-play button, .ov-play").first.click()
    page.wait_for_function(
        "end => Bokeh.documents[0].get_model_by_name('scrubber').value < end", arg=end
    )
    first = model_value(page, "scrubber", "value")
    page.wait_for_function(
        "first => Bokeh.documents[0].get_model_by_name('scrubber').value > first + 5",
        arg=first,
        timeout=15_000,
    )
    page.locator(".ov-play button, .ov-play").first.click()
    stopped = model_value(page, "scrubber", "value")
    page.wait_for_timeout(500)
    assert model_value(page, "scrubber", "value") == stopped, "pause stops the player"
    assert "data:image/svg+xml" in page.content(), "caption math drawn offline"
