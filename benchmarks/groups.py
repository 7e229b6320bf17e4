#!/usr/bin/env python
"""Group lasso benchmark: sparselearn against skglm, celer and group-lasso on real data.

    python benchmarks/groups.py            # leukemia, ames, news20 + the leukemia path
    python benchmarks/groups.py --quick    # leukemia + ames at alpha_max/100, short path

Every solver minimizes the same problem, without intercept::

    1/(2n) ||y - X w||^2 + alpha * sum_g sqrt(p_g) ||w_g||_2

on consecutive groups (``p_g`` the size of group ``g``), at ``alpha = alpha_max / r``
with ``alpha_max`` from :func:`sparselearn.linear_model.group_alpha_max`.  Each
solver's tolerance is searched on a ladder (as in ``run.py``) until its coefficients,
scored with ONE numpy formula, are within ``--threshold`` (1e-6) of the best objective
seen; the loosest passing tolerance is then timed (median of ``--repeat`` fits after
the warm-up and the search).  A second part times a 50-alpha path on leukemia:
``sparse_group_lasso_path`` against skglm's estimator refit with ``warm_start=True``
along the grid and celer's ``celer_path``.  See benchmarks/README.md ("Group lasso").
"""

import argparse
import inspect
import math
import os
import sys
import time
import warnings

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
PROBLEMS = ("leukemia", "ames", "news20")
SOLVERS = ("sparselearn", "skglm", "celer", "group-lasso")
FORKED = ("group-lasso",)  # pure-Python solver: fits in a forked child, killed at --timeout
GROUP_SIZE = 10  # leukemia and news20: consecutive groups of 10 columns (the last shorter)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Time group lasso solvers at the same accuracy.")
    p.add_argument("--quick", action="store_true",
                   help="leukemia,ames at alpha_max/100, repeat 3, 20-alpha path, without "
                        "group-lasso (~1 min)")
    p.add_argument("--problems", default=None,
                   help="comma list from %s (default: all)" % ",".join(PROBLEMS))
    p.add_argument("--solvers", default=None,
                   help="comma list from %s (default: all importable)" % ",".join(SOLVERS))
    p.add_argument("--alphas", default=None,
                   help="comma list of ratios r, alpha = alpha_max / r (default: 10,100)")
    p.add_argument("--repeat", type=int, default=None, help="timed fits per cell (default 5)")
    p.add_argument("--cell-budget", type=float, default=20.0,
                   help="seconds of timed fits per solver and cell: fewer repeats when one fit "
                        "is slow, never fewer than 1 (default 20)")
    p.add_argument("--timeout", type=float, default=30.0,
                   help="seconds after which a group-lasso fit (run in a forked child) is "
                        "killed and shown as >timeout (default 30)")
    p.add_argument("--search-budget", type=float, default=60.0,
                   help="seconds of tolerance-search fits per solver and cell; once spent the "
                        "search stops with what it has (default 60)")
    p.add_argument("--threshold", type=float, default=1e-6,
                   help="accuracy target: relative objective gap to the best (default 1e-6)")
    p.add_argument("--path-alphas", type=int, default=None,
                   help="alphas of the leukemia path, alpha_max down to alpha_max*1e-3 "
                        "(default 50; 0 skips the path)")
    p.add_argument("--threads", type=int, default=1,
                   help="BLAS/OpenMP/Numba threads (default 1)")
    p.add_argument("--data-dir", default=None,
                   help="directory of the shared data (default $SPARSELEARN_DATA_DIR or "
                        "<repo>/../shared/data)")
    p.add_argument("-v", "--verbose", action="store_true", help="print every fit of the search")
    a = p.parse_args(argv)
    a.problems = _split(a.problems) or (["leukemia", "ames"] if a.quick else list(PROBLEMS))
    a.solvers = _split(a.solvers) or [x for x in SOLVERS if not (a.quick and x in FORKED)]
    a.alphas = [float(x) for x in _split(a.alphas)] or ([100.0] if a.quick else [10.0, 100.0])
    a.repeat = a.repeat or (3 if a.quick else 5)
    if a.path_alphas is None:
        a.path_alphas = 20 if a.quick else 50
    for name, given, allowed in (("--problems", a.problems, PROBLEMS),
                                 ("--solvers", a.solvers, SOLVERS)):
        bad = [x for x in given if x not in allowed]
        if bad:
            p.error("%s: unknown %s (choose from %s)" % (name, ", ".join(bad), ", ".join(allowed)))
    if "sparselearn" not in a.solvers:
        a.solvers.insert(0, "sparselearn")
    return a


def _split(s):
    return [x.strip() for x in s.split(",") if x.strip()] if s else []


def configure_environment(threads, data_dir):
    """Thread counts (before numpy is imported) and the data directory."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS",
                "NUMBA_NUM_THREADS"):
        os.environ[var] = str(threads)
    if data_dir:
        os.environ["SPARSELEARN_DATA_DIR"] = os.path.abspath(data_dir)
    os.environ.pop("NUMBA_DISABLE_JIT", None)


ARGS = parse_args() if __name__ == "__main__" else None
if ARGS is not None:
    configure_environment(ARGS.threads, ARGS.data_dir)

sys.path.insert(0, BENCH_DIR)
import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
import _common as C  # noqa: E402  (puts the repository first on sys.path)
from run import _cpu_model, noise_probe  # noqa: E402
from _ladder import walk_ladder  # noqa: E402


# ----------------------------------------------------------------- problems
def consecutive(p, size):
    """Sizes of consecutive groups of ``size`` columns, the last one shorter if need be."""
    return [size] * (p // size) + ([p % size] if p % size else [])


def load_problem(name):
    """``(X, y, sizes, description)``: float64 X (Fortran dense or CSC), contiguous groups."""
    if name in ("leukemia", "news20"):
        X, y, desc = C.load_problem(name)  # the arrays of run.py
        sizes = consecutive(X.shape[1], GROUP_SIZE)
        return X, y, sizes, "%s; groups of %d consecutive columns" % (desc, GROUP_SIZE)
    if name == "ames":
        ds = C._loader()("ames", log=True)
        X = np.array(ds.X, dtype=np.float64)
        codes = np.asarray(ds.group_ids)
        if np.any(np.diff(codes) < 0):
            raise RuntimeError("ames: the loader's groups are not contiguous")
        numeric = np.array(["=" not in str(f) for f in ds.feature_names])
        X -= X.mean(axis=0)
        X[:, numeric] /= X[:, numeric].std(axis=0)
        y = np.asarray(ds.y, dtype=np.float64)
        y = y - y.mean()
        sizes = np.bincount(codes).tolist()
        desc = ("ames one-hot design (%d numeric columns standardized, %d dummies centered), "
                "y = centered log10(Sale_Price); one group per original variable" % (
                    int(numeric.sum()), int((~numeric).sum())))
        return np.asfortranarray(X), np.ascontiguousarray(y), sizes, desc
    raise ValueError("unknown problem %r" % name)


class Groups:
    """Consecutive groups: pointers, weights sqrt(p_g), and the common objective."""

    def __init__(self, sizes):
        self.sizes = [int(s) for s in sizes]  # plain ints: skglm and celer check isinstance
        self.ptr = np.concatenate(([0], np.cumsum(self.sizes))).astype(np.int64)
        self.weights = np.sqrt(np.asarray(self.sizes, dtype=np.float64))
        self.labels = np.repeat(np.arange(len(self.sizes)), self.sizes)

    def norms(self, w):
        return np.sqrt(np.add.reduceat(w * w, self.ptr[:-1]))

    def objective(self, X, y, w, alpha):
        """The ONE formula applied to every solver's coefficients."""
        w = np.asarray(w, dtype=np.float64).ravel()
        r = y - X @ w
        return float(0.5 / X.shape[0] * (r @ r) + alpha * (self.weights @ self.norms(w)))

    def alpha_max_numpy(self, X, y):
        """max_g ||X_g^T y|| / (n sqrt(p_g)): checks group_alpha_max."""
        c = np.asarray(X.T @ y).ravel()
        return float(np.max(self.norms(c) / self.weights) / X.shape[0])

    def n_active(self, w):
        return int(np.count_nonzero(self.norms(np.asarray(w, dtype=np.float64).ravel())))


# ------------------------------------------------------------------ solvers
def solver_version(name):
    """Import the solver's group lasso; return the package version (ImportError if absent)."""
    import importlib

    module, estimator = {"sparselearn": ("sparselearn.linear_model", "GroupLasso"),
                         "skglm": ("skglm", "GroupLasso"), "celer": ("celer", "GroupLasso"),
                         "group-lasso": ("group_lasso", "GroupLasso")}[name]
    getattr(importlib.import_module(module), estimator)
    package = importlib.import_module(module.split(".")[0])
    return getattr(package, "__version__", "?")


def native_tol(solver, rung, alpha):
    """A rung of the ladder in the solver's own units.

    sparselearn and celer stop when the duality gap is at most ``tol * ||y||^2 / n``
    (same scale): ``tol = rung``.  skglm stops when the largest distance of
    ``-grad_g`` to ``alpha * w_g * d||.||(w_g)`` is at most ``tol``, in gradient units:
    ``tol = rung * alpha``.  group-lasso (FISTA) stops when ``||w_k+1 - w_k|| < tol``,
    an absolute step length: ``tol = rung``.
    """
    return rung * alpha if solver == "skglm" else rung


def make_estimator(solver, groups, alpha, tol):
    if solver == "sparselearn":
        from sparselearn.linear_model import GroupLasso

        return GroupLasso(alpha=alpha, groups=groups.sizes, fit_intercept=False, tol=tol,
                          max_iter=1_000_000)
    if solver == "skglm":
        from skglm import GroupLasso

        return GroupLasso(groups=groups.sizes, alpha=alpha, weights=groups.weights,
                          fit_intercept=False, tol=tol, max_iter=1000)
    if solver == "celer":
        from celer import GroupLasso

        return GroupLasso(groups=groups.sizes, alpha=alpha, weights=groups.weights,
                          fit_intercept=False, tol=tol, max_iter=1000)
    if solver == "group-lasso":
        from group_lasso import GroupLasso

        # one value per group is taken as is (no scale_reg); its loss is 0.5/n ||Xw - y||^2
        # but see group_lasso_scale(): the problem it solves has PENALTY_SCALE * group_reg
        kw = dict(groups=groups.labels, group_reg=list(alpha * groups.weights / PENALTY_SCALE),
                  l1_reg=0.0, n_iter=1_000_000, tol=tol, fit_intercept=False, random_state=0)
        params = inspect.signature(GroupLasso).parameters
        kw.update({k: v for k, v in (("supress_warning", True), ("scale_reg", "none"))
                   if k in params})
        return GroupLasso(**kw)
    raise ValueError(solver)


PENALTY_SCALE = 1.0  # group-lasso's: set by group_lasso_scale() in main()


def group_lasso_scale():
    """The factor group-lasso's solution applies to ``group_reg``, measured.

    One group of p = 4 columns, X = 2 I (so X^T X / n = I): the exact solution is
    ``c * (1 - s * group_reg / ||c||)`` with ``c = X^T y / n`` and s = 1 for the
    documented objective.  group-lasso 1.5.0's FISTA steps by ``0.5 * grad / L`` but
    shrinks by ``group_reg / L``, so its fixed point has s = 2.
    """
    global PENALTY_SCALE
    from group_lasso import GroupLasso

    X = 2.0 * np.eye(4)
    y = np.array([1.0, -2.0, 3.0, 0.5])
    c = X.T @ y / 4
    reg = 0.25 * np.linalg.norm(c)  # shrinks by 1/4 (s = 1) or 1/2 (s = 2)
    kw = dict(groups=np.zeros(4, dtype=int), group_reg=[reg], l1_reg=0.0, n_iter=100_000,
              tol=1e-12, fit_intercept=False, random_state=0)
    params = inspect.signature(GroupLasso).parameters
    kw.update({k: v for k, v in (("supress_warning", True), ("scale_reg", "none"))
               if k in params})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est = GroupLasso(**kw)
        est.fit(X, y)
    shrink = 1.0 - np.linalg.norm(np.ravel(est.coef_)) / np.linalg.norm(c)
    PENALTY_SCALE = float(shrink / 0.25)
    return PENALTY_SCALE


def _fit(solver, groups, X, y, alpha, tol):
    est = make_estimator(solver, groups, alpha, tol)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        seconds = C.timed_fit(est, X, y)
    names = sorted({w.category.__name__ for w in caught
                    if issubclass(w.category, Warning) and "Convergence" in w.category.__name__})
    return seconds, np.asarray(est.coef_, dtype=np.float64).ravel(), names


def _child(conn, args):
    conn.send(_fit(*args))


def fit_once(solver, groups, X, y, alpha, tol, timeout=None):
    """``(seconds, coef, warnings)`` of one fit (garbage collector off during the call).

    Solvers in ``FORKED`` fit in a forked child (it inherits X) that is killed after
    ``timeout`` seconds: then None.  The others fit in this process, where their JIT
    compilation was paid by the warm-up.
    """
    if solver not in FORKED or not timeout:
        return _fit(solver, groups, X, y, alpha, tol)
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, (solver, groups, X, y, alpha, tol)),
                       daemon=True)
    proc.start()
    out = recv.recv() if recv.poll(timeout) else None
    if out is None:
        proc.kill()
    proc.join()
    return out


# ----------------------------------------------------------- tolerance search
class Cell:
    """Every fit of one (problem, alpha): the best objective seen."""

    def __init__(self, X, y, groups, alpha):
        self.X, self.y, self.groups, self.alpha = X, y, groups, alpha
        self.best = math.inf

    def score(self, coef):
        obj = self.groups.objective(self.X, self.y, coef, self.alpha)
        self.best = min(self.best, obj)
        return obj

    def rel(self, obj):
        return (obj - self.best) / abs(self.best)


def search(solver, fit, rel, threshold, budget, log):
    """Loosest rung (1e-k, then half a decade) whose fit reaches ``threshold``.

    ``fit(rung)`` returns ``(seconds, key, extra)``, ``key`` None for a fit killed
    after the timeout, and ``rel(key)`` the fit's relative gap to the best objective
    seen so far (re-evaluated at the end: the best moves).  Starts at 1e-4, goes looser
    while it passes (up to 1), else tighter (down to 1e-13) until it passes; a killed
    fit sends it looser (a tighter one would be slower still).  Stops early once
    ``budget`` seconds of fits are spent.  Returns the chosen ``(rung, key, extra)``:
    the loosest passing fit; if none passed, a killed one (the target is beyond the
    timeout) or, when no fit was killed, the most accurate one (flagged in the table).
    """
    hist, spent = {}, [0.0]

    def attempt(k):
        seconds, key, extra = fit(10.0 ** -k)
        spent[0] += seconds
        hist[k] = (key, extra)
        log("      %-11s rung=%-7.0e %s rel=%.1e" % (
            solver, 10.0 ** -k, "%8.4fs" % seconds if key is not None else " killed ",
            max(rel(key), 0.0)))

    def killed(k):
        return hist[k][0] is None

    def ok(k):
        return not killed(k) and rel(hist[k][0]) <= threshold

    def broke():
        return spent[0] > budget

    chosen = walk_ladder(attempt, killed, ok, broke, hist, lambda kk: rel(hist[kk][0]))
    return 10.0 ** -chosen, hist[chosen][0], hist[chosen][1]


def timed_repeats(fit, repeat, budget):
    """Up to ``repeat`` timings, fewer once ``budget`` seconds are spent (at least 1).

    ``fit()`` returns seconds, or None for a killed fit: then ``(None, None, n)``.
    """
    times = []
    while len(times) < repeat and (not times or sum(times) < budget):
        t = fit()
        if t is None:
            return None, None, len(times) + 1
        times.append(t)
    return float(np.median(times)), float(np.min(times)), len(times)


# -------------------------------------------------------------- single alphas
def bench_problem(name, solvers, args, say, vlog):
    t0 = time.perf_counter()
    X, y, sizes, desc = load_problem(name)
    groups = Groups(sizes)
    from sparselearn.linear_model import group_alpha_max

    amax = group_alpha_max(X, y, groups.sizes, fit_intercept=False)
    check = groups.alpha_max_numpy(X, y)
    n, p = X.shape
    nnz = X.nnz if sp.issparse(X) else int(np.count_nonzero(X))
    say("\n== %s: %d x %d (%s, nnz %d), %d groups, alpha_max %.6g (numpy formula: %.6g), "
        "loaded in %.1fs\n   [%s]" % (name, n, p, "CSC" if sp.issparse(X) else "dense", nnz,
                                      len(sizes), amax, check, time.perf_counter() - t0, desc))
    if not math.isclose(amax, check, rel_tol=1e-9):
        say("   WARNING: group_alpha_max differs from max_g ||X_g^T y|| / (n sqrt(p_g))")
    here = [s for s in solvers if not (s == "group-lasso" and name == "news20")]
    if len(here) < len(solvers):
        say("   group-lasso skipped on news20 (pure-Python FISTA with a loop over 17377 groups "
            "per step)")

    def run(s, alpha, tol):
        return fit_once(s, groups, X, y, alpha, tol, args.timeout)

    def seconds(out):
        return None if out is None else out[0]

    def fmt(t):
        return ">%gs" % args.timeout if t is None else "%ss" % _t(t)

    # JIT compilation, first-touch costs
    warm = {s: seconds(run(s, amax / 10, native_tol(s, 1e-4, amax / 10))) for s in here}
    say("   warm-up fit (alpha_max/10, incl. compilation): " + ", ".join(
        "%s %s" % (s, fmt(t)) for s, t in warm.items()))
    # what a fit costs when there is nothing to solve: validation, per-group setup
    # (Lipschitz constants...), one gradient
    fixed = {s: timed_repeats(lambda s=s: seconds(run(s, 1.01 * amax,
                                                      native_tol(s, 1e-4, 1.01 * amax))),
                              3, 5.0)[0] for s in here}
    say("   fixed cost (fit at 1.01*alpha_max, all-zero solution, median of <= 3): " +
        ", ".join("%s %s" % (s, fmt(t)) for s, t in fixed.items()))

    rows = []
    for ratio in args.alphas:
        alpha = amax / ratio
        cell = Cell(X, y, groups, alpha)
        ref_solver = "celer" if "celer" in here else "sparselearn"
        ref_tol = 1e-10 if ref_solver == "celer" else 1e-12
        sec, coef, _ = fit_once(ref_solver, groups, X, y, alpha, ref_tol)
        ref_obj = cell.score(coef)
        vlog("   amax/%g: reference %s tol=%g obj=%.15g (%.2fs)" % (
            ratio, ref_solver, ref_tol, ref_obj, sec))

        def rel(key):
            return math.inf if key is None else cell.rel(key)

        found = {}
        for s in here:
            coefs = {}

            def fit(rung, s=s, coefs=coefs):
                out = run(s, alpha, native_tol(s, rung, alpha))
                if out is None:
                    return args.timeout, None, []
                coefs[rung] = out[1]
                return out[0], cell.score(out[1]), out[2]  # key: the objective

            rung, _, warn = search(s, fit, rel, args.threshold, args.search_budget, vlog)
            if rung not in coefs and coefs:  # killed: say how close the finished fits came
                objs = {r: groups.objective(X, y, c, alpha) for r, c in coefs.items()}
                r_best = min(objs, key=objs.get)
                warn = ["killed at tol=%.0e; best finished fit: tol=%.0e, rel_gap %.1e" % (
                    native_tol(s, rung, alpha), native_tol(s, r_best, alpha),
                    cell.rel(objs[r_best]))]
            found[s] = (rung, coefs.get(rung), warn)
        for s in here:
            rung, coef, warn = found[s]
            tol = native_tol(s, rung, alpha)
            row = dict(problem=name, ratio=ratio, solver=s, tol=tol, n=1, median=None,
                       min=None, obj=None, rel=math.inf, active=None, warnings=",".join(warn))
            if coef is not None:
                med, mn, k = timed_repeats(lambda s=s, tol=tol: seconds(run(s, alpha, tol)),
                                           args.repeat, args.cell_budget)
                obj = groups.objective(X, y, coef, alpha)
                row.update(n=k, median=med, min=mn, obj=obj, active=groups.n_active(coef))
            rows.append(row)
        say("   amax/%g done: best obj %.12g (reference %s tol=%g: %.12g)" % (
            ratio, cell.best, ref_solver, ref_tol, ref_obj))
        for r in rows:  # the best may have moved during the search
            if r["problem"] == name and r["ratio"] == ratio and r["obj"] is not None:
                r["rel"] = cell.rel(r["obj"])
    return rows, dict(name=name, n=n, p=p, groups=len(sizes), alpha_max=amax, warm=warm,
                      fixed=fixed)


# -------------------------------------------------------------------- path
def path_fitters(solvers, groups, X, y, alphas):
    """``solver -> fit(rung) -> (seconds, coefs (p, n_alphas))`` for the path part."""
    import gc

    def timed(f):
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            out = f()
            return time.perf_counter() - t0, out
        finally:
            gc.enable()

    fitters = {}
    if "sparselearn" in solvers:
        from sparselearn.linear_model import sparse_group_lasso_path

        def sl(rung):
            return timed(lambda: sparse_group_lasso_path(
                X, y, groups=groups.sizes, alphas=alphas, tol=rung, max_iter=1_000_000)[1])
        fitters["sparselearn"] = sl
    if "skglm" in solvers:
        from skglm import GroupLasso

        def sk(rung):
            def loop():
                est = GroupLasso(groups=groups.sizes, alpha=alphas[0], weights=groups.weights,
                                 fit_intercept=False, warm_start=True, max_iter=1000)
                out = np.empty((X.shape[1], len(alphas)))
                for k, a in enumerate(alphas):
                    est.set_params(alpha=a, tol=native_tol("skglm", rung, a))
                    est.fit(X, y)
                    out[:, k] = est.coef_
                return out
            return timed(loop)
        fitters["skglm"] = sk
    if "celer" in solvers:
        from celer import celer_path

        def ce(rung):
            return timed(lambda: celer_path(X, y, "grouplasso", alphas=alphas,
                                            groups=groups.sizes, weights=groups.weights,
                                            tol=rung, max_iter=1000)[1])
        fitters["celer"] = ce
    return fitters


def bench_path(solvers, args, say, vlog):
    X, y, sizes, _ = load_problem("leukemia")
    groups = Groups(sizes)
    from sparselearn.linear_model import group_alpha_max

    amax = group_alpha_max(X, y, groups.sizes, fit_intercept=False)
    alphas = amax * np.logspace(0, -3, args.path_alphas)
    say("\n== path: leukemia groups of %d, %d alphas from alpha_max = %.6g to alpha_max/1000 "
        "(log grid), fit_intercept=False" % (GROUP_SIZE, len(alphas), amax))
    fitters = path_fitters(solvers, groups, X, y, alphas)
    best = np.full(len(alphas), np.inf)

    def score(coefs):
        objs = np.array([groups.objective(X, y, coefs[:, k], a) for k, a in enumerate(alphas)])
        np.minimum(best, objs, out=best)
        return objs

    def worst_rel(objs):
        return float(np.max((objs - best) / np.abs(best)))

    warm = {s: f(1e-4)[0] for s, f in fitters.items()}
    say("   warm-up path (rung 1e-4, incl. compilation): " + ", ".join(
        "%s %.2fs" % kv for kv in warm.items()))
    ref = "celer" if "celer" in fitters else "sparselearn"
    ref_rung = 1e-10 if ref == "celer" else 1e-12
    score(fitters[ref](ref_rung)[1])
    found = {}
    for s, f in fitters.items():
        kept = {}

        def fit(rung, f=f, kept=kept):
            sec, coefs = f(rung)
            kept[rung] = score(coefs)
            return sec, rung, None

        # criterion: the worst alpha of the path
        rung, _, _ = search(s, fit, lambda rung, kept=kept: worst_rel(kept[rung]),
                            args.threshold, args.search_budget, vlog)
        found[s] = (rung, kept[rung])
    rows = []
    for s, (rung, objs) in found.items():
        med, mn, k = timed_repeats(lambda s=s, rung=rung: fitters[s](rung)[0], args.repeat,
                                   args.cell_budget)
        rows.append(dict(solver=s, rung=rung, n=k, median=med, min=mn,
                         rel=worst_rel(objs)))
    return rows, dict(alphas=len(alphas), reference="%s tol=%g" % (ref, ref_rung))


# ------------------------------------------------------------------ output
def _t(x):
    return "%.2e" % x if x < 1e-3 else "%.4f" % x if x < 10 else "%.2f" % x


def print_table(rows, args):
    print()
    print("Group lasso, fit_intercept=False, weights sqrt(p_g); times in seconds (median and "
          "min of n timed fits after warm-up and search);")
    print("rel_gap = (obj - best)/best with obj = 0.5/n*||y - Xw||^2 + alpha*sum_g "
          "sqrt(p_g)*||w_g||; '*' = rel_gap > %g;" % args.threshold)
    print("tol = native tolerance found by the search; groups = non-zero groups; ratio = "
          "median / sparselearn median (>1: sparselearn faster)")
    hdr = "%-9s %-9s %-12s %-8s %2s %9s %9s %9s %6s %7s" % (
        "problem", "alpha", "solver", "tol", "n", "median", "min", "rel_gap", "groups", "ratio")
    print(hdr)
    print("-" * len(hdr))
    prev = None
    for r in rows:
        if prev is not None and (r["problem"], r["ratio"]) != prev:
            print()
        prev = (r["problem"], r["ratio"])
        ref = next(x for x in rows if (x["problem"], x["ratio"], x["solver"]) ==
                   (r["problem"], r["ratio"], "sparselearn"))
        if r["median"] is None:  # killed after --timeout
            med = mn = ">%gs" % args.timeout
            ratio = ">%.0f" % (args.timeout / ref["median"]) if ref["median"] else "-"
        else:
            med, mn = _t(r["median"]), _t(r["min"])
            ratio = "%.2f" % (r["median"] / ref["median"])
        rel = "-" if r["obj"] is None else "%.1e%s" % (
            max(r["rel"], 0.0), "*" if r["rel"] > args.threshold else " ")
        print("%-9s %-9s %-12s %-8s %2d %9s %9s %9s %6s %7s%s" % (
            r["problem"], "amax/%g" % r["ratio"], r["solver"], "%.0e" % r["tol"], r["n"],
            med, mn, rel, "-" if r["active"] is None else r["active"], ratio,
            "  (%s)" % r["warnings"] if r["warnings"] else ""))


def print_summary(rows, path_rows, args):
    print("\nfastest peer / sparselearn (median times; >1x: sparselearn faster):")
    for key in dict.fromkeys((r["problem"], r["ratio"]) for r in rows):
        cell = [r for r in rows if (r["problem"], r["ratio"]) == key]
        sl = next(r for r in cell if r["solver"] == "sparselearn")
        peers = [r for r in cell if r["solver"] != "sparselearn" and r["median"] is not None]
        if not peers or sl["median"] is None:
            continue
        fastest = min(peers, key=lambda r: r["median"])
        flagged = [r["solver"] for r in (sl, fastest) if r["rel"] > args.threshold]
        print("  %-9s amax/%-5g %6.2fx  (%s %s vs sparselearn %s)%s" % (
            key[0], key[1], fastest["median"] / sl["median"], fastest["solver"],
            _t(fastest["median"]), _t(sl["median"]),
            "  *: " + ",".join(flagged) if flagged else ""))
    if path_rows:
        sl = next(r for r in path_rows if r["solver"] == "sparselearn")
        peers = [r for r in path_rows if r["solver"] != "sparselearn"]
        if peers:
            fastest = min(peers, key=lambda r: r["median"])
            print("  %-9s %-10s %6.2fx  (%s %s vs sparselearn %s)" % (
                "path", "%d alphas" % args.path_alphas, fastest["median"] / sl["median"],
                fastest["solver"], _t(fastest["median"]), _t(sl["median"])))


def print_path(rows, meta, args):
    print("\nPath on leukemia (%d alphas, alpha_max to alpha_max/1000; warm starts; reference "
          "%s): rel_gap = worst over the alphas" % (meta["alphas"], meta["reference"]))
    hdr = "%-12s %-13s %2s %9s %9s %9s %7s" % (
        "solver", "tol", "n", "median", "min", "rel_gap", "ratio")
    print(hdr)
    print("-" * len(hdr))
    sl = next(r for r in rows if r["solver"] == "sparselearn")
    for r in rows:
        tol = ("%.0e*alpha" if r["solver"] == "skglm" else "%.0e") % r["rung"]
        print("%-12s %-13s %2d %9s %9s %8.1e%s %7.2f" % (
            r["solver"], tol, r["n"], _t(r["median"]), _t(r["min"]), max(r["rel"], 0.0),
            "*" if r["rel"] > args.threshold else " ", r["median"] / sl["median"]))


# -------------------------------------------------------------------- main
def main(args):
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.threads)
    except ImportError:
        pass
    try:
        C._loader()
    except (FileNotFoundError, ImportError) as exc:
        sys.exit("error: %s" % exc)
    warnings.simplefilter("ignore")
    say = lambda *a: print(*a, flush=True)  # noqa: E731
    vlog = say if args.verbose else (lambda *a: None)
    t_start = time.perf_counter()
    load0 = os.getloadavg() if hasattr(os, "getloadavg") else ()
    probe = noise_probe()
    say("machine: %s, %d cpus, load avg %s; threads %d (BLAS/OpenMP/Numba)" % (
        _cpu_model(), os.cpu_count(), " ".join("%.2f" % x for x in load0), args.threads))
    say("noise probe (fixed numpy workload x15): min %.1f ms, median %.1f ms, "
        "max/min-1 = %.0f%%" % (1e3 * probe["min"], 1e3 * probe["median"],
                                100 * probe["spread"]))
    solvers = []
    for s in args.solvers:
        try:
            say("solver %-12s %s" % (s, solver_version(s)))
            solvers.append(s)
        except ImportError as exc:
            say("solver %-12s SKIPPED (not importable: %s)" % (s, exc))
    if "sparselearn" not in solvers:
        sys.exit("error: sparselearn is not importable")
    if "group-lasso" in solvers:
        scale = group_lasso_scale()
        say("group-lasso: measured penalty scale %.4f (1 = its documented objective); it is "
            "given group_reg = alpha * sqrt(p_g) / %.4g so that all solve the same problem"
            % (scale, scale))

    rows = []
    for name in args.problems:
        rows += bench_problem(name, solvers, args, say, vlog)[0]
    path_rows = []
    if args.path_alphas > 0:
        path_rows, meta = bench_path(solvers, args, say, vlog)
    print_table(rows, args)
    if path_rows:
        print_path(path_rows, meta, args)
    print_summary(rows, path_rows, args)
    load1 = os.getloadavg() if hasattr(os, "getloadavg") else ()
    say("\nrun time %.0fs; load avg at the end %s" % (
        time.perf_counter() - t_start, " ".join("%.2f" % x for x in load1)))


if __name__ == "__main__":
    main(ARGS)
