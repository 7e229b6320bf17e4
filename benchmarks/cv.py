"""CV benchmark: LassoCV / ElasticNetCV of sparselearn, scikit-learn and R's cv.glmnet.

Usage (from the repository root)::

    python benchmarks/cv.py                                  # leukemia, riboflavin, news20
    python benchmarks/cv.py --problems leukemia,riboflavin   # about 1 minute
    python benchmarks/cv.py --solvers sparselearn,glmnet --thresh 1e-9

Every solver gets the same folds (``KFold(5, shuffle=True, random_state=0)``,
as fold ids for ``cv.glmnet``), the same 100-alpha grid (``eps=1e-3``; glmnet
gets sparselearn's) and, for ElasticNetCV, ``l1_ratio=[0.5, 0.9, 1.0]``
(``cv.glmnet`` once per ratio, times summed). sparselearn and scikit-learn
share ``--tol`` (the same duality-gap scale); glmnet's ``thresh`` means
something else and is calibrated per problem on the LassoCV curve (see
benchmarks/README.md). Times are medians of up to ``--repeat`` fits (fewer
once ``--budget`` seconds are spent) after a warm-up fit on at most 500 rows;
scikit-learn runs in a child process killed after ``--timeout`` seconds;
glmnet's time is measured inside R.
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "benchmarks"), str(REPO), str(REPO / "tests")]

import numpy as np  # noqa: E402
from _common import load_problem  # noqa: E402
from _glmnet_r import fold_standardize, missing, run_glmnet  # noqa: E402  (tests/_glmnet_r.py)

SOLVERS = ("sparselearn", "sklearn", "glmnet")
MODELS = {"LassoCV": [1.0], "ElasticNetCV": [0.5, 0.9, 1.0]}
THRESH_LADDER = [10.0 ** -k for k in range(6, 13)]  # glmnet's thresh, loose to tight


def _foldid(n):
    from sklearn.model_selection import KFold

    foldid = np.empty(n, dtype=np.int64)
    for k, (_, test) in enumerate(KFold(5, shuffle=True, random_state=0).split(np.empty(n))):
        foldid[test] = k
    return foldid


def _make(lib, model, ratios, foldid, tol, n_jobs=None):
    from sklearn.model_selection import PredefinedSplit

    if lib == "sparselearn":
        from sparselearn import linear_model as lm
    else:
        from sklearn import linear_model as lm
    kw = dict(alphas=100, eps=1e-3, tol=tol, max_iter=10_000, n_jobs=n_jobs,
              cv=PredefinedSplit(foldid))
    if model == "ElasticNetCV":
        kw["l1_ratio"] = ratios
    return getattr(lm, model)(**kw)


def _summary(est, ratios):
    """Fold errors (n_ratios, n_alphas, n_folds), grids, the chosen alpha and l1_ratio."""
    return dict(mse=est.mse_path_.reshape(len(ratios), -1, est.mse_path_.shape[-1]),
                grids=np.atleast_2d(est.alphas_), alpha=float(est.alpha_),
                l1_ratio=float(getattr(est, "l1_ratio_", 1.0)))


def _fit_timed(make, X, y, ratios):
    est = make()
    t0 = time.perf_counter()
    est.fit(X, y)
    return time.perf_counter() - t0, _summary(est, ratios)


def _child(conn, make, X, y, ratios):
    warnings.simplefilter("ignore")
    conn.send(_fit_timed(make, X, y, ratios))


def _fit_in_child(make, X, y, ratios, timeout):
    """One timed fit in a forked process (it inherits X); None if it took over ``timeout``."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, make, X, y, ratios), daemon=True)
    proc.start()
    out = recv.recv() if recv.poll(timeout) else None
    if out is None:
        proc.kill()
    proc.join()
    return out


def _repeat(fit_once, repeat, budget):
    """Median time of up to ``repeat`` fits, fewer once ``budget`` s are spent (>= 1)."""
    times, summary = [], None
    while len(times) < repeat and (not times or sum(times) < budget):
        out = fit_once()
        if out is None:
            return None, len(times) + 1, summary
        times.append(out[0])
        summary = out[1]
    return float(np.median(times)), len(times), summary


def _curve_gap(summary, cvm, fold_w):
    """Largest |CV curve - glmnet's cvm| over all l1_ratios, curves as glmnet defines them.

    The curve is the mean of the fold errors weighted by fold size (glmnet's ``cvm`` and
    sparselearn's ``cv_mean_``; scikit-learn's own curve, which chooses its ``alpha_``,
    is the unweighted mean), so the gap measures the solvers, not the definitions.
    """
    return max(float(np.max(np.abs(m @ fold_w - c))) for m, c in zip(summary["mse"], cvm))


def _calibrate(X, y, foldid, fold_w, tol, n_jobs, timeout, log):
    """glmnet's loosest ``thresh`` whose LassoCV curve is as close to the converged one as ours.

    Converged: sparselearn at ``tol / 100``. Closeness: the largest relative difference
    over the grid (with glmnet's fold-size weights).
    """
    ratios = [1.0]
    ref = _fit_timed(lambda: _make("sparselearn", "LassoCV", ratios, foldid, tol / 100, n_jobs),
                     X, y, ratios)[1]
    ours = _fit_timed(lambda: _make("sparselearn", "LassoCV", ratios, foldid, tol, n_jobs),
                      X, y, ratios)[1]
    ref_curve = ref["mse"][0] @ fold_w
    target = np.max(np.abs(ours["mse"][0] @ fold_w / ref_curve - 1))
    log(f"  glmnet thresh calibration: sparselearn's LassoCV curve at tol={tol:g} is within "
        f"{target:.1e} (max rel.) of its curve at tol={tol / 100:g}; glmnet's:")
    for thresh in THRESH_LADDER:
        res, = run_glmnet([dict(X=X, y=y, lambdas=ref["grids"][0], foldid=foldid,
                                thresh=thresh)], timeout=timeout)
        dev = np.max(np.abs(res["cvm"] / ref_curve - 1))
        log(f"    thresh={thresh:.0e}: {dev:.1e} ({res['times'][0]:.2f}s in R)")
        if dev <= target:
            return thresh
    return THRESH_LADDER[-1]


def _bench(X, y, foldid, model, solvers, thresh, args, log):
    """Time one model on one problem: {solver: (median or None, n fits, summary)}, cvm."""
    ratios, n_jobs = MODELS[model], args.n_jobs
    # warm-ups on some rows of the same input type: compilation, threads, first calls
    small = np.flatnonzero(foldid == 0)[:500]
    small_folds = _foldid(len(small))
    res, cvm = {}, None
    for j in n_jobs:
        _make("sparselearn", model, ratios, small_folds, args.tol, j).fit(X[small], y[small])
        res[f"sparselearn n_jobs={j}"] = _repeat(lambda: _fit_timed(
            lambda: _make("sparselearn", model, ratios, foldid, args.tol, j), X, y, ratios),
            args.repeat, args.budget)
    if "sklearn" in solvers:
        _make("sklearn", model, ratios, small_folds, args.tol).fit(X[small], y[small])
        res["scikit-learn"] = _repeat(lambda: _fit_in_child(
            lambda: _make("sklearn", model, ratios, foldid, args.tol), X, y, ratios,
            args.timeout), args.repeat, args.budget)
    if "glmnet" in solvers:
        grids = res[f"sparselearn n_jobs={n_jobs[0]}"][2]["grids"]
        jobs = [dict(X=X[small], y=y[small], lambdas=grids[0], foldid=small_folds,
                     thresh=thresh)]  # warm-up
        jobs += [dict(X=X, y=y, lambdas=g, foldid=foldid, l1_ratio=r, thresh=thresh,
                      repeat=args.repeat, budget=args.budget / len(ratios))
                 for r, g in zip(ratios, grids)]
        try:
            out = run_glmnet(jobs, timeout=args.timeout * (1 + len(ratios)))[1:]
        except Exception as exc:  # noqa: BLE001 -- a timeout or an R error: report, go on
            log(f"  {model}: cv.glmnet failed: {str(exc).splitlines()[0]}")
            return res, None
        cvm = [r["cvm"] for r in out]
        best = int(np.argmin([c.min() for c in cvm]))  # the l1_ratio as ElasticNetCV picks it
        res[f"glmnet thresh={thresh:.0e}"] = (
            sum(float(np.median(r["times"])) for r in out), min(len(r["times"]) for r in out),
            dict(alpha=out[best]["lambda_min"], l1_ratio=ratios[best]))
    return res, cvm


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", default="leukemia,riboflavin,news20")
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--solvers", default=",".join(SOLVERS),
                        help="any of sparselearn,sklearn,glmnet (sparselearn is always run)")
    parser.add_argument("--repeat", type=int, default=3, help="timed fits per cell (median)")
    parser.add_argument("--budget", type=float, default=30.0,
                        help="seconds of timed fits per solver and cell: fewer repeats once "
                             "spent (at least one fit)")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds for ONE scikit-learn fit (killed after) and for one R run")
    parser.add_argument("--n-jobs", default="1,2", help="sparselearn's n_jobs values")
    parser.add_argument("--tol", type=float, default=1e-4,
                        help="duality-gap tol of sparselearn and scikit-learn")
    parser.add_argument("--thresh", default="auto",
                        help="glmnet's thresh, or 'auto': calibrated per problem (README)")
    args = parser.parse_args(argv)
    args.n_jobs = [int(j) for j in args.n_jobs.split(",")]
    solvers = set(args.solvers.split(",")) | {"sparselearn"}
    log = functools.partial(print, flush=True)
    warnings.simplefilter("ignore")
    if "glmnet" in solvers and missing():
        log(f"R's cv.glmnet: skipped ({missing()})")
        solvers.discard("glmnet")

    rows = []
    for name in args.problems.split(","):
        X, y, _ = load_problem(name)
        foldid = _foldid(X.shape[0])
        fold_w = np.bincount(foldid) / X.shape[0]
        thresh = None if args.thresh == "auto" else float(args.thresh)
        if "glmnet" in solvers and thresh is None:
            thresh = _calibrate(X, y, foldid, fold_w, args.tol, args.n_jobs[-1], args.timeout,
                                log)
        for model in args.models.split(","):
            # glmnet's elastic net rescales the ridge term by each training set's std of y:
            # a target with unit std in every fold makes it everybody's problem (README)
            yy = y if model == "LassoCV" else fold_standardize(y, foldid)
            res, cvm = _bench(X, yy, foldid, model, solvers, thresh, args, log)
            t_ref, _, sl = res[f"sparselearn n_jobs={args.n_jobs[0]}"]
            if cvm is None:  # no glmnet: compare the curves with sparselearn's
                cvm = list(sl["mse"] @ fold_w)
            for solver, (t, k, summary) in res.items():
                gap = None if "mse" not in (summary or {}) else _curve_gap(
                    summary, cvm, fold_w)  # not for glmnet itself, nor a killed fit
                rows.append((name, model, solver, t, k, t_ref, summary, gap))
                _print_row(rows[-1], args.timeout, header=len(rows) == 1 or rows[-2][0] != name)
    if "glmnet" not in solvers:
        log("(no glmnet: the last column compares each curve with sparselearn n_jobs="
            f"{args.n_jobs[0]}'s)")
    if any(r[3] is None for r in rows):
        log(f"(>{args.timeout:.0f}s: scikit-learn's fit was killed after --timeout seconds; "
            "raise it, or leave scikit-learn out with --solvers)")
    _print_scaling(rows, args.n_jobs)


def _print_row(row, timeout, header=False):
    if header:
        print(f"{'problem':11s} {'model':13s} {'solver':22s} {'time':>9s} {'n':>2s} {'ratio':>7s}"
              f"  {'alpha_':>10s} {'l1_ratio_':>9s}  max|cv - glmnet cvm|")
    name, model, solver, t, k, t_ref, summary, gap = row
    if t is None:  # killed: lower bounds
        time_s, ratio = f">{timeout:.0f}s", f">{timeout / t_ref:.1f}x"
    else:
        time_s, ratio = f"{t:.3f}s", f"{t / t_ref:.2f}x"
    chosen = "" if not summary else f"{summary['alpha']:10.4g} {summary['l1_ratio']:9.2g}"
    print(f"{name:11s} {model:13s} {solver:22s} {time_s:>9s} {k:2d} {ratio:>7s}  {chosen:20s}"
          f"  {'' if gap is None else f'{gap:.1e}'}".rstrip(), flush=True)


def _print_scaling(rows, n_jobs):
    if len(n_jobs) < 2:
        return
    print(f"\nsparselearn scaling, time(n_jobs={n_jobs[0]}) / time(n_jobs={n_jobs[-1]}):")
    times = {(r[0], r[1], r[2]): r[3] for r in rows}
    for name, model in dict.fromkeys((r[0], r[1]) for r in rows):
        a = times[name, model, f"sparselearn n_jobs={n_jobs[0]}"]
        b = times[name, model, f"sparselearn n_jobs={n_jobs[-1]}"]
        print(f"  {name:11s} {model:13s} {a / b:.2f}x")


if __name__ == "__main__":
    main()
