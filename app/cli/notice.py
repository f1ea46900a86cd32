"""Notes on stderr: what the CLI did differently from what was asked, one line each."""

from __future__ import annotations

import sys


def note(message: str) -> None:
    """Prints ``optiviz: note: MESSAGE`` on stderr when there is a message (a request cut to
    its work budget, say)."""
    if message:
        print(f"optiviz: note: {message}", file=sys.stderr)
