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


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
