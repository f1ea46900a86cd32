"""Scenes out of the server: offline HTML, GIF, MP4, PNG and SVG (see :mod:`.formats`).

Example:
    >>> from optiviz.app.export import export
    >>> path = export("valley-adagrad", "adagrad.gif", fps=10, duration=2)  # doctest: +SKIP
"""

from .formats import export

__all__ = ["export"]
