"""The Sphinx documentation builds with warnings as errors (examples are run by test_examples)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("numpydoc")
pytest.importorskip("sphinx_gallery")

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.slow
def test_sphinx_build_has_no_warnings(tmp_path):
    env = dict(os.environ, SPARSELEARN_DOCS_OFFLINE="1", MPLBACKEND="Agg")
    # plot_gallery=0: the gallery pages are built without running the scripts
    # (tests/test_examples.py runs every one of them)
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(tmp_path / "doctrees"), "-D", "plot_gallery=0", str(DOCS),
         str(tmp_path / "html")], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-5000:]
    assert (tmp_path / "html" / "index.html").exists()
    api = (tmp_path / "html" / "api.html").read_text(encoding="utf-8")
    for name in ("SparseSelector", "StabilitySelection", "coef_report", "PathDisplay",
                 "to_json", "CountVectorizer"):
        assert name in api, name
