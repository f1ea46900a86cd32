"""The ``optiviz`` command: runs, sweeps, Hessians and exports from a shell.

It imports neither Panel nor Bokeh; ``serve`` and ``export`` load the web app and the
exporters only when they run.
"""

from .main import main

__all__ = ["main"]
