"""Calling ``optiviz`` in-process from tests: its output, or its one-line refusal."""

import pytest

from optiviz.app.cli import main


def run_cli(capsys, *argv: str) -> str:
    """Runs ``optiviz ARGV`` and returns what it printed."""
    main(list(argv))
    return capsys.readouterr().out


def fails(capsys, *argv: str) -> str:
    """Runs ``optiviz ARGV``, checks that it exits 2 with one ``optiviz: error:`` line and no
    traceback, and returns that line."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert err.count("\n") == 1 and err.startswith("optiviz: error: "), err
    assert "Traceback" not in err
    return err
