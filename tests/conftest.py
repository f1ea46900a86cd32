"""Shared fixtures: a headless Chromium driven by Playwright (Debian's, never a download);
Hypothesis profiles for the fuzz tests."""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""The default: a fixed seed (the same examples every run, so CI's time is known), each
fuzz test's own ``max_examples``, no example database, no per-example deadline (the first
examples compile)."""
settings.register_profile("explore", parent=settings.get_profile("ci"), derandomize=False)
"""``HYPOTHESIS_PROFILE=explore``: new random examples each run, to look for new failures."""
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CHROMIUM = os.environ.get("OPTIVIZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole test session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
