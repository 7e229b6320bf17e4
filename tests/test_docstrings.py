"""Every docstring example of the package runs and prints what it shows."""

import doctest
import importlib
import pkgutil

import pytest

import sparselearn

MODULES = sorted(m.name for m in pkgutil.walk_packages(sparselearn.__path__, "sparselearn.")
                 if m.name != "sparselearn.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE
                             | doctest.ELLIPSIS)
    assert result.failed == 0
