"""One call for a burst of requests: a timeout in the server session, restarted by each one.

Example:
    >>> later = Debounced(print, 60)
    >>> later.request()  # outside a server session nothing is scheduled
    False
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import panel as pn


class Debounced:
    """Calls ``callback()`` once ``delay_ms`` have passed since the last :meth:`request`.

    Args:
        callback: What to call, with no arguments, on the session's event loop.
        delay_ms: How long the requests must pause.
    """

    def __init__(self, callback: Callable[[], Any], delay_ms: int) -> None:
        self.callback = callback
        self.delay_ms = delay_ms
        self._doc: Any = None
        self._timeout: Any = None

    def request(self) -> bool:
        """Schedules the call in the current server session (a pending one is dropped);
        False, and nothing scheduled, outside a session (a notebook, a test)."""
        self.cancel()
        doc = pn.state.curdoc
        if doc is None or doc.session_context is None:
            return False
        self._doc = doc
        self._timeout = doc.add_timeout_callback(self._call, self.delay_ms)
        return True

    def cancel(self) -> None:
        """Drops the pending call, if any."""
        if self._timeout is not None:
            with contextlib.suppress(ValueError):  # it has just run
                self._doc.remove_timeout_callback(self._timeout)
        self._doc = self._timeout = None

    def _call(self) -> None:
        self._doc = self._timeout = None
        self.callback()
