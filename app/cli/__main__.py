"""``python -m optiviz.app.cli``: the ``optiviz`` command."""

from .main import main

main()
