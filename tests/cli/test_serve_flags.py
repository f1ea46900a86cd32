"""``optiviz serve`` refuses a bad ``--workers`` and a missing proxy in one line."""

import os
import subprocess
import sys

import pytest
from cli_calls import fails

from optiviz.app.web.workers import PROXY_ENV


@pytest.mark.parametrize("value", ["0", "65", "-1", "two", "1.5", ""])
def test_bad_worker_count(capsys, value):
    assert "--workers" in fails(capsys, "serve", "--workers", value)


def test_missing_proxy_says_how_to_install_it():
    result = subprocess.run(
        [sys.executable, "-m", "optiviz.app.cli", "serve", "--workers", "2", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, PROXY_ENV: "/nonexistent/haproxy"},
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "apt-get install haproxy" in result.stderr
    assert "Traceback" not in result.stderr
