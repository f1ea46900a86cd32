"""The page ``optiviz check --out`` writes draws offline in Chromium: the table, the
deviation of each surface, and both runs of each surface in one colour each."""

from pathlib import Path

import pytest

from optiviz.testing import check_optimizer

pytestmark = pytest.mark.browser

STUDENT = Path(__file__).resolve().parents[1] / "testing" / "students" / "momentum.py"


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    report = check_optimizer(
        f"{STUDENT}:momentum_sign", against="momentum", convention="course", lr=1e-3,
        surfaces=["saddle", "valley"], steps=60,
    )  # fmt: skip
    return report.write_html(tmp_path_factory.mktemp("check") / "report.html")


def test_the_report_draws_offline(offline, report_page):
    ready = "() => window.Bokeh && Bokeh.documents.length > 0"
    page = offline(report_page, 1200, 900, ready=ready).page
    page.wait_for_selector("canvas", state="attached", timeout=30_000)
    assert page.locator("h2").first.inner_text().endswith("against optiviz's momentum: FAIL")
    deviation = page.evaluate(
        "() => Bokeh.documents[0].get_model_by_name('deviation').renderers"
        ".filter(r => r.glyph.type === 'Line').length"
    )
    assert deviation == 2, "one deviation line per surface"
    colors = page.evaluate(
        "() => ['paths', 'paths_1'].map(n => Bokeh.documents[0].get_model_by_name(n).data.color)"
    )
    assert colors[0] == colors[1] and colors[0][0] != colors[0][1], "one colour per side"
