"""``python -m optiviz.app.cli``: the ``optiviz`` command."""

from . import console

console()
