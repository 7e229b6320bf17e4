"""Every script in examples/ runs to completion (without a display)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# plot_*.py are the examples (as in the gallery); _*.py are their helpers
EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("plot_*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(script):
    env = dict(os.environ, MPLBACKEND="Agg")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip(), "the example printed nothing"


def test_examples_without_shared_data_say_so_and_stop(tmp_path):
    """The shared-data helper: with no data directory an example exits 0 with a message."""
    script = Path(__file__).resolve().parents[1] / "examples" / "plot_poisson_spambase.py"
    env = dict(os.environ, MPLBACKEND="Agg", SPARSELEARN_DATA_DIR=str(tmp_path))
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "SPARSELEARN_DATA_DIR to run this example" in proc.stdout
