"""The examples in the app's docstrings run and print what they say."""

import doctest
import importlib
import pkgutil

import pytest

import optiviz.app

MODULES = [
    info.name
    for info in pkgutil.walk_packages(optiviz.app.__path__, "optiviz.app.")
    if not info.name.endswith("__main__")
]
WITH_EXAMPLES = [
    name
    for name in MODULES
    if any(test.examples for test in doctest.DocTestFinder().find(importlib.import_module(name)))
]


def test_examples_found():
    """Each layer documents itself with examples: a broken finder would pass vacuously."""
    layers = {name.split(".")[2] for name in WITH_EXAMPLES}
    assert {"display", "export", "web"} <= layers


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
