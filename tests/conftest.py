"""Shared test helpers: access to the project's offline real data sets.

The data live outside the repository, in ``shared/data`` next to the clone
(``<repo>/../shared/data``), or wherever the environment variable
``SPARSELEARN_DATA_DIR`` points. Tests that need them use the fixtures below
and are skipped cleanly when the directory is missing (e.g. on a user's
machine); the small ``riboflavin`` and ``prostate`` sets are also shipped
inside the package (:mod:`sparselearn.datasets`) and need no skip.

Fixtures
--------
shared_data : pathlib.Path
    The data directory (skips the test when it is missing).
load_shared : callable ``load_shared(name, **options)``
    ``load.py``'s ``load`` from that directory, e.g. ``X, y = load_shared("leukemia")``.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
ENV_VAR = "SPARSELEARN_DATA_DIR"
_LOADER_MODULE_NAME = "_sparselearn_shared_data_load"


def shared_data_dir() -> Path | None:
    """Directory of the shared real data sets, or None when it is missing.

    ``$SPARSELEARN_DATA_DIR`` when set, else ``<repo>/../shared/data``.
    The directory counts as present when it holds ``load.py``.
    """
    env = os.environ.get(ENV_VAR)
    path = Path(env) if env else REPO_ROOT.parent / "shared" / "data"
    return path if (path / "load.py").is_file() else None


def _import_loader(path: Path) -> ModuleType:
    """Import ``load.py`` from ``path`` once, under a private module name."""
    module = sys.modules.get(_LOADER_MODULE_NAME)
    if module is not None and Path(module.__file__).resolve() == (path / "load.py").resolve():
        return module
    spec = importlib.util.spec_from_file_location(_LOADER_MODULE_NAME, path / "load.py")
    module = importlib.util.module_from_spec(spec)
    # load.py reads its data directory from the environment at import time
    old = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = str(path)
    try:
        spec.loader.exec_module(module)
    finally:
        if old is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = old
    sys.modules[_LOADER_MODULE_NAME] = module
    return module


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared data directory; skips the test when it is not available."""
    path = shared_data_dir()
    if path is None:
        pytest.skip(f"shared data not found (set {ENV_VAR} or put shared/ next to the repo)")
    return path


@pytest.fixture(scope="session")
def load_shared(shared_data: Path) -> Callable[..., Any]:
    """``load(name, **options)`` from the shared ``load.py`` (skips when unavailable).

    Examples
    --------
    ::

        def test_something(load_shared):
            X, y = load_shared("riboflavin")
            ds = load_shared("birthwt_grpreg"); ds.groups
    """
    module = _import_loader(shared_data)

    def load(name: str, **options: Any) -> Any:
        try:
            return module.load(name, **options)
        except FileNotFoundError as exc:  # a partial copy of shared/data
            pytest.skip(f"shared data set {name!r} not available: {exc}")

    return load
