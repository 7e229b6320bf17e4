"""Stability selection on riboflavin: one warm-started path per subsample vs one fit per alpha.

Usage (from the repository root)::

    python benchmarks/stability.py                    # about 1 minute on 2 cores
    python benchmarks/stability.py --sklearn-subsamples 0 --repeat 3

``StabilitySelection(Lasso(tol=TOL))`` fits ``--n-subsamples`` subsamples of
35 of the 71 rows, each with ONE path over ``--alphas`` alphas (``alpha_max``
of the full data down to ``eps * alpha_max``), with ``n_jobs=1`` and
``n_jobs=2`` (threads). The baselines solve the same (subsample, alpha)
problems one at a time from a cold start: sparselearn's ``Lasso`` and
scikit-learn's ``Lasso``, both with an intercept, ``tol=TOL`` (both stop on
the duality gap at ``tol * ||y - mean(y)||^2 / n``) and ``max_iter=10**5``.
Refitting is slow, so the baselines are timed on the first
``--refit-subsamples`` / ``--sklearn-subsamples`` subsamples (the very
subsamples the selector draws) and compared per subsample. With
``--weakness < 1`` each subsample also has random penalty factors ``1 / W``;
sparselearn's ``Lasso`` takes them as ``penalty_factor``, scikit-learn's gets
the columns divided by them (the same problem up to rescaled coefficients,
hence the same supports).

Times: medians (``time.perf_counter``) after a warm-up fit of every
variant: of ``--repeat`` whole selector fits, and of the per-subsample totals
of the refits. The script also checks that the refits have the same
supports as the paths (the fraction of (subsample, alpha) cells that agree).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # benchmark this checkout

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402

import sparselearn  # noqa: E402
from sparselearn.datasets import load_riboflavin  # noqa: E402
from sparselearn.feature_selection._stability import StabilitySelection, _task_draws  # noqa: E402
from sparselearn.linear_model import Lasso  # noqa: E402


def _draws(n, n_subsamples, weakness, p, random_state):
    """The selector's subsamples and weights (one seed per subsample, method 'mb')."""
    seeds = np.random.RandomState(random_state).randint(np.iinfo(np.int32).max,
                                                        size=n_subsamples)
    return [_task_draws(int(s), [np.arange(n)], [n // 2], "mb", weakness, p)[0]
            for s in seeds]


def _refit(lib, X, y, rows, w, alphas, tol):
    """One cold fit per alpha on one subsample; returns (seconds, support (p, n_alphas))."""
    if lib == "sparselearn":
        make = lambda a: Lasso(alpha=a, tol=tol, max_iter=10 ** 5,  # noqa: E731
                               penalty_factor=None if w is None else 1.0 / w)
        Xs = X[rows]
    else:
        from sklearn.linear_model import Lasso as SkLasso

        make = lambda a: SkLasso(alpha=a, tol=tol, max_iter=10 ** 5)  # noqa: E731
        # the penalty |w_j| / W_j is the plain one on column j times W_j
        Xs = np.asfortranarray(X[rows] if w is None else X[rows] * w)
    ys = y[rows]
    support = np.zeros((X.shape[1], len(alphas)), dtype=bool)
    t0 = time.perf_counter()
    for k, a in enumerate(alphas):
        support[:, k] = make(a).fit(Xs, ys).coef_ != 0
    return time.perf_counter() - t0, support


def _selector(args, n_jobs):
    return StabilitySelection(Lasso(tol=args.tol), alphas=args.alphas, eps=args.eps,
                              n_subsamples=args.n_subsamples, weakness=args.weakness,
                              n_jobs=n_jobs, random_state=args.seed)


def _time_selector(args, X, y, n_jobs):
    _selector(args, n_jobs).set_params(n_subsamples=2).fit(X, y)  # warm-up
    times = []
    for _ in range(args.repeat):
        sel = _selector(args, n_jobs)
        t0 = time.perf_counter()
        sel.fit(X, y)
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), sel


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-subsamples", type=int, default=100)
    parser.add_argument("--alphas", type=int, default=100)
    parser.add_argument("--eps", type=float, default=1e-2)
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--weakness", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5, help="whole selector fits (median)")
    parser.add_argument("--refit-subsamples", type=int, default=20,
                        help="subsamples refitted alpha by alpha with sparselearn's Lasso")
    parser.add_argument("--sklearn-subsamples", type=int, default=5,
                        help="subsamples refitted alpha by alpha with scikit-learn's Lasso "
                             "(0: skip)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    data = load_riboflavin()
    X, y = data.data, data.target
    n, p = X.shape
    print(f"riboflavin {n} x {p}; {args.n_subsamples} subsamples of {n // 2} rows, "
          f"{args.alphas} alphas (eps={args.eps:g}), tol={args.tol:g}, "
          f"weakness={args.weakness:g}")
    print(f"sparselearn {sparselearn.__version__}, scikit-learn {sklearn.__version__}, "
          f"numpy {np.__version__}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, OPENBLAS_NUM_THREADS="
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")

    rows_out = []
    t1, sel = _time_selector(args, X, y, 1)
    per_sub = t1 / args.n_subsamples
    rows_out.append(("StabilitySelection n_jobs=1 (one path each)", per_sub, t1, ""))
    t2, _ = _time_selector(args, X, y, 2)
    rows_out.append(("StabilitySelection n_jobs=2 (threads)", t2 / args.n_subsamples, t2, ""))

    draws = _draws(n, args.n_subsamples, args.weakness, p, args.seed)
    alphas = sel.alphas_
    for lib, count in (("sparselearn", args.refit_subsamples),
                       ("scikit-learn", args.sklearn_subsamples)):
        count = min(count, len(draws))
        if count <= 0:
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            _refit(lib, X, y, *draws[0], alphas[:5], args.tol)  # warm-up
            timed = [_refit(lib, X, y, rows, w, alphas, args.tol) for rows, w in draws[:count]]
        n_warn = sum(issubclass(c.category, ConvergenceWarning) for c in caught)
        # the selector's counts on these subsamples, from its own (identical) paths
        path_support = _path_supports(args, X, y, draws[:count], alphas)
        agree = np.mean([np.mean(s == ps) for (_, s), ps in zip(timed, path_support)])
        med = float(np.median([t for t, _ in timed]))
        note = f"timed on {count} subsamples; same support in {100 * agree:.2f}% of cells"
        if n_warn:
            note += f"; {n_warn} ConvergenceWarnings"
        rows_out.append((f"{lib} Lasso, one cold fit per alpha", med,
                         med * args.n_subsamples, note))

    print()
    print(f"{'method':<46} {'per subsample':>14} {'whole fit':>11} {'ratio':>7}")
    for name, per, whole, note in rows_out:
        extrap = "*" if note.startswith("timed on") else " "
        print(f"{name:<46} {per:13.4f}s {whole:10.2f}s{extrap} {per / per_sub:6.1f}x"
              + (f"  ({note})" if note else ""))
    print("* per-subsample median x n_subsamples (not run in full)")
    print("ratio: the row's time / StabilitySelection n_jobs=1's (> 1: slower than one path "
          "per subsample)")
    genes = ", ".join(str(g) for g in data.feature_names[sel.support_])
    print(f"selected: {genes} (threshold_ {sel.threshold_:.2f}, q_ {sel.q_:.1f}, "
          f"pfer_bound_ {sel.pfer_bound_:.2f})")


def _path_supports(args, X, y, draws, alphas):
    """Supports of the selector's path function on given subsamples (public lasso_path)."""
    from sparselearn.linear_model import lasso_path

    out = []
    for rows, w in draws:
        _, coefs, _ = lasso_path(X[rows], y[rows], alphas=alphas, fit_intercept=True,
                                 tol=args.tol, penalty_factor=None if w is None else 1.0 / w)
        out.append(coefs != 0)
    return out


if __name__ == "__main__":
    main()
