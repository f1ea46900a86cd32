"""The examples in the engine's docstrings run and print what they say."""

import doctest
import importlib
import pkgutil

import pytest

import optiviz.optim
import optiviz.surfaces

MODULES = [
    info.name
    for package in (optiviz.surfaces, optiviz.optim)
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + ".")
] + ["optiviz.surfaces", "optiviz.optim"]
WITH_EXAMPLES = [
    name
    for name in MODULES
    if any(test.examples for test in doctest.DocTestFinder().find(importlib.import_module(name)))
]


def test_examples_found():
    """Both packages document themselves with examples: a broken finder would pass
    vacuously."""
    assert {"optiviz.surfaces", "optiviz.optim", "optiviz.optim.runs"} <= set(WITH_EXAMPLES)


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
