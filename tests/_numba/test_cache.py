"""The compiled kernels are cached on disk and reloaded by a fresh process.

Two fresh interpreters share an empty temporary ``NUMBA_CACHE_DIR`` and run
the same small fits.  Afterwards each one reports the compile statistics of
every numba dispatcher in ``sparselearn._numba``: the first process must
have compiled (cache misses), the second must have loaded every one of
those signatures from the cache (hits) and compiled nothing (no misses).
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

_FITS = {
    # one small fit: the dense float64 path
    "tiny": """
        X = rng.standard_normal((12, 4)); y = X @ [1.0, 0.0, -2.0, 0.5] + 1
        Lasso(alpha=0.1).fit(X, y)
    """,
    # the common specializations: dense/sparse, weights, float32, multitask, bounds
    "broad": """
        X = rng.standard_normal((20, 6)); X[X < -0.5] = 0.0
        y = X @ rng.standard_normal(6) + 1; Y = np.c_[y, -y + X[:, 0]]
        w = rng.uniform(0.5, 2.0, 20)
        for Xf in (X, sp.csc_matrix(X), sp.csr_matrix(X)):
            for fi in (True, False):
                Lasso(alpha=0.05, fit_intercept=fi).fit(Xf, y, sample_weight=w)
                ElasticNet(alpha=0.05, fit_intercept=fi, penalty_factor=np.r_[0, np.ones(5)],
                           lower_bounds=-1.0, upper_bounds=1.0).fit(Xf, y)
                MultiTaskLasso(alpha=0.05, fit_intercept=fi).fit(Xf, Y)
                Lasso(alpha=0.05, fit_intercept=fi).fit(Xf.astype(np.float32), y.astype(np.float32))
    """,
}

_SCRIPT = """
import importlib, json, pkgutil, sys, warnings
import numpy as np
import scipy.sparse as sp
warnings.simplefilter("ignore")
from numba.core.dispatcher import Dispatcher
import sparselearn._numba as pkg
from sparselearn.linear_model import ElasticNet, Lasso, MultiTaskLasso
rng = np.random.default_rng(0)
{fits}
stats = {{}}
for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
    mod = importlib.import_module(info.name)
    for name, obj in vars(mod).items():
        if isinstance(obj, Dispatcher) and getattr(obj, "__module__", None) == mod.__name__:
            st = obj.stats
            stats[mod.__name__ + "." + name] = dict(
                hits={{str(k): v for k, v in st.cache_hits.items()}},
                misses={{str(k): v for k, v in st.cache_misses.items()}},
                signatures=[str(s) for s in obj.signatures])
print("STATS" + json.dumps(stats))
"""


def _run(fits, cache_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    env["NUMBA_CACHE_DIR"] = str(cache_dir)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT)] + [p for p in
                                         env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return run_stats(_FITS[fits], env, cwd=cache_dir)


def run_stats(fits_code, env, cwd, argv_prefix=()):
    """Run ``fits_code`` in a fresh interpreter; return its dispatcher stats.

    Also used by ``test_readonly_install.py``, which passes its own
    environment and an ``argv_prefix`` (to run as an unprivileged user).
    Returns ``{dispatcher: {"hits", "misses", "signatures"}}``.
    """
    code = _SCRIPT.format(fits=textwrap.dedent(fits_code))
    proc = subprocess.run([*argv_prefix, sys.executable, "-c", code], env=env, cwd=str(cwd),
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("STATS")][-1]
    return json.loads(line[len("STATS"):])


def _total(stats, key):
    return sum(sum(d[key].values()) for d in stats.values())


@pytest.mark.parametrize("fits", [
    "tiny",
    pytest.param("broad", marks=pytest.mark.slow),
])
def test_second_process_loads_kernels_from_cache(tmp_path, fits):
    if os.environ.get("NUMBA_DISABLE_JIT", "0") not in ("", "0"):
        pytest.skip("NUMBA_DISABLE_JIT is set")
    cache_dir = tmp_path / "numba_cache"
    cache_dir.mkdir()
    first = _run(fits, cache_dir)
    assert first, "no numba dispatcher found in sparselearn._numba"
    assert _total(first, "misses") > 0, "first process compiled nothing: %s" % first
    assert _total(first, "hits") == 0, "first process found a cache it should not have"
    assert any(cache_dir.rglob("*.nbi")) and any(cache_dir.rglob("*.nbc")), \
        "no cache index/data written to NUMBA_CACHE_DIR"

    second = _run(fits, cache_dir)
    compiled = {name: d["misses"] for name, d in second.items() if d["misses"]}
    assert not compiled, "second process compiled again instead of loading the cache: %s" % compiled
    assert _total(second, "hits") > 0
    # (kernels compiled only as callees of a cached kernel are not loaded on
    # their own in the second process, so the hit and miss sets need not match)
    for name, d in second.items():
        for sig in d["hits"]:
            assert sig in first[name]["misses"], (name, sig, first[name])
