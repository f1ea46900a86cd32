"""Hostile clients: widget values no page of the app sends, refused in one line of log.

A modified browser can set any property of any widget to any value (``setv`` in BokehJS).
Bokeh refuses a value of the wrong type when it applies the browser's patch; Panel and
``param`` refuse one that a widget or the parameter it is linked to does not take (an option
that is not in a select, a learning rate of 0, a start of NaN). Each refusal is right, but
each writes a traceback to the server's log, and Panel's goes on up to Tornado, which logs
it again. :func:`guard` makes every such refusal one warning line: the widget keeps its
last valid value, the state is untouched, and the session goes on.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import math

from panel.reactive import Syncable

log = logging.getLogger("optiviz.hostile")
_processing = contextvars.ContextVar("processing", default=False)


def guard() -> None:
    """Installs the refusals (once per process): Panel's handler of a widget's changes
    refuses, without a traceback, what it or a linked parameter cannot take; Bokeh's
    refusals of mistyped values lose their traceback."""
    if getattr(Syncable._process_events, "guarded", False):
        return
    process = Syncable._process_events

    @functools.wraps(process)
    def process_or_refuse(self, events):
        before = dict(self.param.values())
        token = _processing.set(True)
        try:
            process(self, events)
        except (ValueError, TypeError, LookupError, ArithmeticError) as error:  # the value's fault
            log.warning("refused %s from a browser: %s", _names(events), _line(error))
            restored = {k: v for k, v in before.items() if _differs(getattr(self, k), v)}
            self.param.update(restored)
        finally:
            _processing.reset(token)

    process_or_refuse.guarded = True  # type: ignore[attr-defined]
    Syncable._process_events = process_or_refuse
    logging.getLogger("panel.reactive").addFilter(_refused_in_panel)
    logging.getLogger("bokeh.server.protocol_handler").addFilter(_refused_by_bokeh)


def _refused_in_panel(record: logging.LogRecord) -> bool:
    """Drops Panel's traceback of a change :func:`guard`'s handler refuses (and logs)."""
    return not (_processing.get() and record.exc_info and "Callback failed" in record.msg)


def _refused_by_bokeh(record: logging.LogRecord) -> bool:
    """Bokeh's "error handling message" for a value that failed its validation, as one
    warning line."""
    error = record.exc_info[1] if record.exc_info else None
    if isinstance(error, ValueError) and "failed to validate" in str(error):
        record.msg, record.args, record.exc_info, record.exc_text = (
            "refused a browser's value: %s",
            (_line(error),),
            None,
            None,
        )
        record.levelno, record.levelname = logging.WARNING, "WARNING"
    return True


def _names(events: dict) -> str:
    return ", ".join(sorted(map(str, events)))


def _line(error: BaseException, limit: int = 200) -> str:
    """The error's first line, at most ``limit`` characters."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _differs(a: object, b: object) -> bool:
    """Whether two parameter values differ (NaN equal to NaN, arrays compared whole)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return False
    try:
        return bool(a != b)
    except (TypeError, ValueError):
        return a is not b
