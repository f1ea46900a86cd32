"""The ``optiviz`` command: runs, sweeps, Hessians and exports from a shell.

It imports neither Panel nor Bokeh; ``serve`` and ``export`` load the web app and the
exporters only when they run.
"""

import gc

from .main import main

__all__ = ["console", "main"]


def console() -> None:
    """The ``optiviz`` console script: :func:`main`, then an exit without Python's final
    garbage collection, which walks every object JAX made at import and took a quarter of a
    cold ``optiviz run`` (0.23 of 0.96 s, measured on a loaded 2-core machine). Tests call
    :func:`main` instead, in-process."""
    try:
        main()
    finally:
        gc.freeze()
