"""A time limit on a block of Python code, for student code that may never return.

The code runs in the calling thread, as before; a timer thread raises
:class:`TimeLimitExceeded` inside it once the time is up (with CPython's
``PyThreadState_SetAsyncExc``, which raises an exception in another thread). It arrives at
the next Python bytecode: a loop in Python stops at once, a long call into C (one huge NumPy
operation) stops when it returns. Unlike ``SIGALRM``, it works in any thread and leaves
signal handlers alone (pytest-timeout, Jupyter).

Example:
    >>> import time
    >>> try:
    ...     with time_limit(0.05):
    ...         while True:
    ...             time.sleep(0.001)
    ... except TimeLimitExceeded as error:
    ...     print(error)
    stopped after 0.05 s
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
from collections.abc import Iterator


class TimeLimitExceeded(BaseException):
    """The time was up. A ``BaseException``, so that ``except Exception`` in the code it
    stops does not swallow it."""


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Raises ``exception`` in ``thread`` at its next bytecode (None: cancels a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread), None if exception is None else ctypes.py_object(exception)
    )


class _Watchdog:
    def __init__(self, seconds: float) -> None:
        self.thread = threading.get_ident()
        self.lock = threading.Lock()
        self.armed, self.fired = True, False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        with self.lock:
            if self.armed:
                self.fired = True
                _raise_in(self.thread, TimeLimitExceeded)

    def disarm(self) -> bool:
        """Stops the timer; True when it fired (a pending exception is cancelled)."""
        self.timer.cancel()
        with self.lock:
            self.armed = False
            if self.fired:
                _raise_in(self.thread, None)
        return self.fired


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raises :class:`TimeLimitExceeded` in the block once ``seconds`` have passed.

    The exception's traceback runs through the line that was executing, so the caller can
    say where the code was stopped.
    """
    watchdog = _Watchdog(seconds)
    watchdog.timer.start()
    try:
        yield
    except TimeLimitExceeded as error:
        raise TimeLimitExceeded(f"stopped after {seconds:g} s").with_traceback(
            error.__traceback__
        ) from None
    finally:
        fired = watchdog.disarm()
    if fired:
        raise TimeLimitExceeded(f"stopped after {seconds:g} s")
