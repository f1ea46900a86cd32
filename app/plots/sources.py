"""Updating a Bokeh data source with the least traffic: only the rows that changed.

Moving one optimizer's slider changes one run; re-sending every run's arrays would cost a
websocket frame per array. :func:`update` compares the new columns with the source's and
sends a ``patch`` of the changed rows when the shape is the same, the whole data otherwise.
Views that derive from a source listen to both its ``data`` and its ``patching``.

A patch writes into the source's own lists, so a source never holds the lists it was given
(:func:`owned`): columns may come from results shared by every session
(:mod:`optiviz.app.display.scene_results`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from bokeh.models import ColumnDataSource


def same(a: object, b: object) -> bool:
    """Whether two column values or cells are equal (lists itemwise, arrays elementwise with
    NaN equal to NaN)."""
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    return a == b


def changed_rows(old: Mapping[str, object], new: Mapping[str, object]) -> list[int] | None:
    """The rows in which ``new`` differs from ``old``, or None when the columns cannot be
    patched row by row (other keys, other lengths, or columns that are not lists)."""
    if set(old) != set(new):
        return None
    lengths = {len(v) for v in (*old.values(), *new.values())}  # type: ignore[arg-type]
    if len(lengths) != 1 or not all(isinstance(v, list) for v in (*old.values(), *new.values())):
        return None
    rows = lengths.pop()
    return [i for i in range(rows) if not all(same(old[k][i], new[k][i]) for k in new)]  # type: ignore[index]


def owned(columns: Mapping[str, object]) -> dict[str, object]:
    """``columns`` with lists of their own (the arrays and values in them are shared)."""
    return {
        key: list(value) if isinstance(value, list) else value for key, value in columns.items()
    }


def update(source: ColumnDataSource, columns: Mapping[str, Sequence]) -> None:
    """Gives ``source`` the ``columns``: nothing if they are equal, a patch of the changed
    rows if only some rows changed, the whole data otherwise."""
    rows = changed_rows(source.data, columns)
    if rows is None:
        if set(source.data) != set(columns) or not all(
            same(source.data[k], v) for k, v in columns.items()
        ):
            source.data = owned(columns)
        return
    if not rows:
        return
    if len(rows) == len(columns[next(iter(columns))]):
        source.data = owned(columns)
        return
    source.patch({key: [(i, columns[key][i]) for i in rows] for key in columns})
