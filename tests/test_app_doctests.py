"""The examples in the app's docstrings run and print what they say."""

import doctest
import importlib
import pkgutil

import pytest

import optiviz.app

MODULES = [info.name for info in pkgutil.iter_modules(optiviz.app.__path__, "optiviz.app.")]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
