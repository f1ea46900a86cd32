"""The examples in the testing package's docstrings run and print what they say."""

import doctest
import importlib
import pkgutil

import pytest

import optiviz.testing

MODULES = [info.name for info in pkgutil.iter_modules(optiviz.testing.__path__, "optiviz.testing.")]
WITH_EXAMPLES = [
    name
    for name in MODULES
    if any(test.examples for test in doctest.DocTestFinder().find(importlib.import_module(name)))
]


def test_examples_found():
    """A broken finder would pass vacuously."""
    assert {"optiviz.testing.compare", "optiviz.testing.grader"} <= set(WITH_EXAMPLES)


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
