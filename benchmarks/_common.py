"""Problems, the common objective and solver adapters shared by the benchmark scripts.

Imported by ``run.py`` (the orchestrator), ``_worker.py`` (one process per solver,
where the timed fits happen) and ``_latency.py`` (first-fit latency probes).
Thread-count environment variables must be set *before* this module (and numpy)
is imported; ``run.py`` does that for the processes it starts.
"""

import os
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)

# Benchmark the checkout this script lives in, not whatever copy is installed.
if REPO_DIR not in sys.path:
    sys.path.insert(0, REPO_DIR)

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402

PROBLEMS = ("leukemia", "riboflavin", "news20", "spambase_tall")
SOLVERS = ("sparselearn", "sklearn", "skglm", "celer")
PRETTY = {"sparselearn": "sparselearn", "sklearn": "scikit-learn", "skglm": "skglm",
          "celer": "celer"}

# spambase_tall: the 4601 rows of spambase stacked this many times (46010 x 57).
SPAMBASE_COPIES = 10

# Which solver (first importable one) computes the reference objective of each cell.
# celer first: its stopping rule is a duality-gap certificate, it needs no JIT
# compilation, and it is fast on every problem here.
REFERENCE_ORDER = ("celer", "sparselearn", "sklearn", "skglm")


def data_dir():
    """Directory of the shared real data sets (SPARSELEARN_DATA_DIR or ../shared/data)."""
    d = os.environ.get("SPARSELEARN_DATA_DIR")
    if not d:
        d = os.path.join(os.path.dirname(REPO_DIR), "shared", "data")
    return os.path.abspath(d)


def _loader():
    d = data_dir()
    if not os.path.exists(os.path.join(d, "load.py")):
        raise FileNotFoundError(
            "load.py not found in %r: set SPARSELEARN_DATA_DIR or pass --data-dir" % d)
    os.environ.setdefault("SPARSELEARN_DATA_DIR", d)
    if d not in sys.path:
        sys.path.insert(0, d)
    import load  # the loader shipped with the data

    return load.load


# ----------------------------------------------------------------- problems
def load_problem(name):
    """Return ``(X, y, description)`` with X float64 (Fortran dense or CSC) and y float64.

    * leukemia: ``load("leukemia", preprocess="standardize")`` (each sample, then each
      gene, to mean 0 / std 1 -- the LIBSVM ``leu`` preprocessing), 72 x 7129 dense;
      y = +1 for AML, -1 for ALL.
    * riboflavin: hdi's riboflavin, 71 x 4088 dense, raw log expression; y = log
      riboflavin production rate (regression).
    * news20: tf-idf (scikit-learn ``TfidfTransformer(norm="l2", sublinear_tf=False)``,
      i.e. smooth idf) of ``news20_counts`` (all 18846 documents x 173762 terms), CSC;
      y = +1 if the newsgroup is in the ``comp.*`` or ``sci.*`` hierarchy, else -1.
    * spambase_tall: UCI spambase (4601 x 57), each column standardized to mean 0 / std 1
      (population std), then all rows repeated ``SPAMBASE_COPIES`` times (plain copies,
      no noise) -> 46010 x 57 dense, n >> p; y = +1 for spam, -1 for email.  Repeating
      every row k times leaves 1/(2n)||y - Xw||^2, alpha_max and the solution unchanged:
      only the cost of a pass over the rows grows.
    """
    load = _loader()
    if name == "leukemia":
        ds = load("leukemia", preprocess="standardize")
        X = np.asfortranarray(ds.X, dtype=np.float64)
        y = _plus_minus_one(ds.y)
        desc = "leukemia, standardized, y=+1 AML / -1 ALL"
    elif name == "riboflavin":
        ds = load("riboflavin")
        X = np.asfortranarray(ds.X, dtype=np.float64)
        y = np.ascontiguousarray(ds.y, dtype=np.float64)
        desc = "riboflavin, raw, y=log production rate"
    elif name == "news20":
        from sklearn.feature_extraction.text import TfidfTransformer

        ds = load("news20_counts", subset="all")
        X = TfidfTransformer(norm="l2", sublinear_tf=False).fit_transform(ds.X)
        X = sp.csc_matrix(X, dtype=np.float64)
        X.sort_indices()
        names = [str(n) for n in ds.target_names]
        positive = np.array([n.startswith(("comp.", "sci.")) for n in names])
        y = np.where(positive[ds.y], 1.0, -1.0)
        desc = "news20 tf-idf (l2), CSC, y=+1 comp.*/sci.* (%d of %d docs) / -1 other" % (
            int((y > 0).sum()), len(y))
    elif name == "spambase_tall":
        ds = load("spambase")
        X = np.asarray(ds.X, dtype=np.float64)
        X = (X - X.mean(axis=0)) / X.std(axis=0)
        X = np.asfortranarray(np.tile(X, (SPAMBASE_COPIES, 1)))
        y = np.tile(_plus_minus_one(ds.y), SPAMBASE_COPIES)
        desc = "spambase, standardized columns, rows x%d (plain copies), y=+1 spam / -1 email" % (
            SPAMBASE_COPIES)
    else:
        raise ValueError("unknown problem %r (choose from %s)" % (name, ", ".join(PROBLEMS)))
    return X, np.ascontiguousarray(y), desc


def _plus_minus_one(labels):
    """0/1 class labels as a -1.0/+1.0 regression target."""
    return np.where(np.asarray(labels) == 1, 1.0, -1.0)


def alpha_max(X, y):
    """||X^T y||_inf / n: the smallest alpha with an all-zero solution (no intercept)."""
    return float(np.max(np.abs(X.T @ y)) / X.shape[0])


def objective(X, y, w, alpha):
    """The ONE objective formula applied to every solver's coefficients."""
    w = np.asarray(w, dtype=np.float64).ravel()
    r = y - X @ w
    return float(0.5 / X.shape[0] * (r @ r) + alpha * np.sum(np.abs(w)))


# ------------------------------------------------------------------ solvers
def solver_version(name):
    """Import the solver's package; return its version (raises ImportError if absent)."""
    if name == "sparselearn":
        import sparselearn
        from sparselearn.linear_model import Lasso  # noqa: F401

        return sparselearn.__version__
    if name == "sklearn":
        import sklearn
        from sklearn.linear_model import Lasso  # noqa: F401

        return sklearn.__version__
    if name == "skglm":
        import skglm

        return getattr(skglm, "__version__", "?")
    if name == "celer":
        import celer

        return getattr(celer, "__version__", "?")
    raise ValueError("unknown solver %r" % name)


def native_tol(solver, r, alpha):
    """Map a rung ``r`` of the tolerance ladder to the solver's own ``tol``.

    sparselearn, scikit-learn and celer all stop when the duality gap is at most
    ``tol * ||y||^2 / n`` (same scale), so ``tol = r``.  skglm stops when the largest
    violation of the optimality conditions ``max_j dist(-grad_j, alpha*d|w_j|)``
    (in the units of ``X^T(y - Xw)/n``) is at most ``tol``: an absolute number, so
    it is made relative to the penalty level, ``tol = r * alpha``.
    """
    return r * alpha if solver == "skglm" else r


def make_estimator(solver, alpha, tol, defaults=False):
    """The solver's Lasso without intercept (``defaults=True``: the library defaults)."""
    if solver == "sparselearn":
        from sparselearn.linear_model import Lasso

        if defaults:
            return Lasso(alpha=alpha)
        return Lasso(alpha=alpha, fit_intercept=False, tol=tol, max_iter=1_000_000)
    if solver == "sklearn":
        from sklearn.linear_model import Lasso

        if defaults:
            return Lasso(alpha=alpha)
        return Lasso(alpha=alpha, fit_intercept=False, tol=tol, max_iter=1_000_000)
    if solver == "skglm":
        from skglm import Lasso

        if defaults:
            return Lasso(alpha=alpha)
        return Lasso(alpha=alpha, fit_intercept=False, tol=tol, max_iter=1000)
    if solver == "celer":
        from celer import Lasso

        if defaults:
            return Lasso(alpha=alpha)
        return Lasso(alpha=alpha, fit_intercept=False, tol=tol, max_iter=1000)
    raise ValueError("unknown solver %r" % solver)


def timed_fit(est, X, y):
    """Wall-clock seconds of ``est.fit(X, y)`` (garbage collector off during the call)."""
    import gc

    gc.collect()
    gc.disable()
    try:
        t0 = time.perf_counter()
        est.fit(X, y)
        return time.perf_counter() - t0
    finally:
        gc.enable()


# ------------------------------------------------- logistic (benchmarks/logistic.py)
LOGISTIC_PROBLEMS = ("leukemia", "spambase", "news20", "news20_multiclass")


def load_logistic_problem(name):
    """``(X, y, description)`` of a problem of ``logistic.py``.

    Binary problems have ``y`` in {-1.0, +1.0} (float64); ``news20_multiclass`` has
    ``y`` the class index 0..19 (int64), classes sorted as the loader's target_names.

    * leukemia, news20: the arrays of :func:`load_problem` (same X, same +-1 target).
    * spambase: UCI spambase (4601 x 57), ``log1p`` of every feature (counts and
      frequencies with heavy right tails), then each column standardized to mean 0 /
      std 1 (population std); dense, Fortran-ordered, no tiling.  y = +1 spam.
    * news20_multiclass: the tf-idf X of news20; y = the newsgroup (20 classes).
    """
    if name in ("leukemia", "news20"):
        return load_problem(name)
    load = _loader()
    if name == "spambase":
        ds = load("spambase")
        X = np.log1p(np.asarray(ds.X, dtype=np.float64))
        X = (X - X.mean(axis=0)) / X.std(axis=0)
        y = _plus_minus_one(ds.y)
        return (np.asfortranarray(X), np.ascontiguousarray(y),
                "spambase, log1p then standardized columns, y=+1 spam / -1 email")
    if name == "news20_multiclass":
        from sklearn.feature_extraction.text import TfidfTransformer

        ds = load("news20_counts", subset="all")
        X = TfidfTransformer(norm="l2", sublinear_tf=False).fit_transform(ds.X)
        X = sp.csc_matrix(X, dtype=np.float64)
        X.sort_indices()
        y = np.ascontiguousarray(ds.y, dtype=np.int64)
        return X, y, "news20 tf-idf (l2), CSC, y = newsgroup (%d classes)" % len(
            np.unique(y))
    raise ValueError("unknown problem %r (choose from %s)" % (
        name, ", ".join(LOGISTIC_PROBLEMS)))


def is_multiclass(y):
    """True for a class-index target (integer dtype), False for a +-1 float target."""
    return np.asarray(y).dtype.kind in "iu"


def logistic_alpha_max(X, y):
    """Smallest alpha with an all-zero L1 logistic solution, without intercept.

    Binary (+-1 y): the gradient of the mean log-loss at w = 0 is ``-X^T y / (2n)``, so
    ``||X^T y||_inf / (2n)``.  Multinomial (class indices): the gradient with respect to
    B (p x K) at 0 is ``X^T (1/K - Y) / n`` with Y the one-hot target, so
    ``max_jk |X_j^T (Y_k - 1/K)| / n``.
    """
    n = X.shape[0]
    if not is_multiclass(y):
        return float(np.max(np.abs(X.T @ y)) / (2 * n))
    K = int(y.max()) + 1
    Y = np.zeros((n, K))
    Y[np.arange(n), y] = 1.0
    return float(np.max(np.abs(np.asarray(X.T @ (Y - 1.0 / K)))) / n)


def logistic_objective(X, y, coef, alpha):
    """The ONE formula applied to every solver's coefficients (no intercept).

    Binary, ``coef`` of p values (any shape)::

        mean_i log(1 + exp(-y_i x_i.w)) + alpha ||w||_1

    Multinomial, ``coef`` (K, p) with row k the coefficients of class k::

        (1/n) sum_i [logsumexp_k(x_i.B_k) - x_i.B_{y_i}] + alpha sum_jk |B_jk|
    """
    coef = np.asarray(coef, dtype=np.float64)
    if not is_multiclass(y):
        w = coef.ravel()
        return float(np.mean(np.logaddexp(0.0, -y * (X @ w))) + alpha * np.abs(w).sum())
    from scipy.special import logsumexp

    Z = np.asarray(X @ coef.T)  # (n, K)
    loss = np.mean(logsumexp(Z, axis=1) - Z[np.arange(len(y)), y])
    return float(loss + alpha * np.abs(coef).sum())
