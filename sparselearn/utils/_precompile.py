"""Fill Numba's on-disk cache for the common kernel specialisations."""

from __future__ import annotations

import time
import warnings

import numpy as np
import scipy.sparse as sp


def precompile(*, dtypes=(np.float64, np.float32), sparse: bool = True,
               multitask: bool = True, verbose: bool = False) -> dict:
    """Compile (or load from the cache) the kernels for the common input types.

    Numba compiles one specialisation of each kernel per combination of
    input types (dense or sparse, centered or not, float64 or float32, one
    or several targets) the first time it meets it, and caches it on disk.
    Calling this once after installing — in a Docker build step, say — makes
    every later process start fitting without compiling.

    Parameters
    ----------
    dtypes : tuple of dtypes, default=(np.float64, np.float32)
        Floating dtypes to compile for.
    sparse : bool, default=True
        Also compile the CSC kernels (plain and implicitly centered).
    multitask : bool, default=True
        Also compile the multi-task (block) kernels.
    verbose : bool, default=False
        Print each specialisation and its time.

    Returns
    -------
    timings : dict
        Seconds spent per specialisation, keyed by a short description.

    Examples
    --------
    >>> from sparselearn.utils import precompile
    >>> timings = precompile(dtypes=(np.float64,), sparse=False, multitask=False)
    >>> sorted(timings)
    ['dense float64 intercept=False', 'dense float64 intercept=True']
    """
    from .._numba.design import take_columns
    from ..linear_model import Lasso, MultiTaskLasso
    from ..linear_model._base import make_design

    rng = np.random.RandomState(0)
    X = rng.randn(20, 6)
    X[rng.rand(20, 6) < 0.5] = 0.0
    y = X[:, 0] - X[:, 1] + 0.1 * rng.randn(20)
    Y = np.c_[y, -y]
    formats = [("dense", X)] + ([("csc", sp.csc_matrix(X))] if sparse else [])
    timings = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for dtype in dtypes:
            for fmt, data in formats:
                data = data.astype(dtype)
                for fit_intercept in (False, True):
                    key = f"{fmt} {np.dtype(dtype).name} intercept={fit_intercept}"
                    t0 = time.perf_counter()
                    # residual form, Gram form and the penalty-factor path
                    Lasso(alpha=0.01, fit_intercept=fit_intercept, precompute=False).fit(data, y)
                    Lasso(alpha=0.01, fit_intercept=fit_intercept, precompute=True).fit(data, y)
                    Lasso(alpha=0.01, fit_intercept=fit_intercept,
                          penalty_factor=[0, 1, 1, 1, 1, 1]).fit(data, y)
                    if multitask:
                        MultiTaskLasso(alpha=0.01, fit_intercept=fit_intercept).fit(data, Y)
                    if fmt == "csc":  # large sparse working sets are packed (not these)
                        take_columns(make_design(data, None, fit_intercept)[0],
                                     np.array([0, 2], dtype=np.int64))
                    timings[key] = time.perf_counter() - t0
                    if verbose:
                        print(f"{key}: {timings[key]:.2f} s")
    return timings
