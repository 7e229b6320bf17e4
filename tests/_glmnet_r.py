"""R's glmnet through ``Rscript``: the oracle of the CV tests and a peer in ``benchmarks/cv.py``.

No rpy2: :func:`run_glmnet` writes a batch of jobs as raw binary files to a
temporary directory (``X`` column-major, or a sparse ``X`` as its CSC arrays,
which R wraps as a ``dgCMatrix`` without a text round trip), runs them in one
``Rscript`` process and reads the results back the same way. Nothing here imports sparselearn.

Scaling: glmnet's gaussian objective with ``standardize=FALSE`` is

    1/(2 sum(w)) sum_i w_i (y_i - b - x_i.beta)^2
        + lambda (alpha ||beta||_1 + (1 - alpha)/2 ||beta||^2)

so ``lambda`` is scikit-learn's ``alpha`` and glmnet's ``alpha`` is
``l1_ratio`` -- exactly for the lasso. For ``alpha < 1`` glmnet first scales
``y`` by its weighted standard deviation ``s_y`` (centred when there is an
intercept, 1/n formula) and solves with ``lambda / s_y``, which leaves the L1
term as stated but multiplies the ridge term by ``1 / s_y``; the elastic net
therefore matches scikit-learn's only when ``s_y = 1``. In ``cv.glmnet`` every
fold has its own ``s_y``, so no single ``(alpha, l1_ratio)`` reproduces its
folds unless ``y`` is rescaled per fold: :func:`fold_standardize` does that.

``thresh`` is glmnet's convergence threshold: coordinate descent stops when
no coefficient update changes the (weighted, ``s_y``-scaled) objective by
more than ``thresh`` times the null deviance -- a bound on the last step, not
a duality gap.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile

import numpy as np
import scipy.sparse as sp

__all__ = ["missing", "y_scale", "fold_standardize", "run_glmnet", "cv_glmnet", "glmnet_path"]

# One R process runs a batch of jobs (R's start-up and library(glmnet) cost about
# a second). Inputs, as raw binary: each distinct design m as X<m> (column-major)
# or Xi<m>/Xp<m>/Xx<m> (CSC), listed in designs.tsv; per job k y<k>, lambda<k>,
# optional w<k> and foldid<k>, and its settings as row k of jobs.tsv.
# Outputs: <name><k> as raw doubles, and the warnings R raised.
_R_SCRIPT = r"""
d <- commandArgs(trailingOnly = TRUE)[1]
suppressPackageStartupMessages({library(Matrix); library(glmnet)})
f <- function(name) file.path(d, name)
rd <- function(name, len, what = "double")
  readBin(f(name), what, n = len, size = if (what == "integer") 4 else 8)
designs <- read.delim(f("designs.tsv"))
xs <- lapply(seq_len(nrow(designs)), function(m) with(designs[m, ], if (nnz >= 0) {
  new("dgCMatrix", i = rd(paste0("Xi", m), nnz, "integer"),
      p = rd(paste0("Xp", m), p + 1, "integer"), x = rd(paste0("Xx", m), nnz),
      Dim = as.integer(c(n, p)))
} else matrix(rd(paste0("X", m), n * p), n, p)))
jobs <- read.delim(f("jobs.tsv"), stringsAsFactors = FALSE)
warns <- character()
keep_warning <- function(cond) {
  warns <<- c(warns, conditionMessage(cond)); invokeRestart("muffleWarning")
}
for (k in seq_len(nrow(jobs))) {
  j <- jobs[k, ]; x <- xs[[j$design]]; n <- nrow(x)
  y <- rd(paste0("y", k), n); lam <- rd(paste0("lambda", k), j$nlambda)
  w <- if (j$weights) rd(paste0("w", k), n) else rep(1, n)
  out <- function(name, value) writeBin(as.double(value), f(paste0(name, k)))
  if (!j$cv) {
    fit <- withCallingHandlers(
      glmnet(x, y, weights = w, lambda = lam, family = j$family, alpha = j$l1_ratio,
             standardize = FALSE, intercept = as.logical(j$intercept), thresh = j$thresh,
             maxit = j$maxit), warning = keep_warning)
    out("lambda", fit$lambda); out("beta", as.matrix(fit$beta)); out("a0", fit$a0)
    next
  }
  foldid <- rd(paste0("foldid", k), n, "integer")
  times <- numeric(); r <- 0
  # up to `repeats` timed calls after `warmup` untimed ones, fewer once `budget` s are spent
  while (length(times) < j$repeats && (length(times) == 0 || sum(times) < j$budget)) {
    # elapsed seconds of cv.glmnet alone (system.time runs gc() first, untimed)
    t <- system.time(fit <- withCallingHandlers(
      cv.glmnet(x, y, weights = w, lambda = lam, family = j$family, alpha = j$l1_ratio,
                standardize = FALSE, intercept = as.logical(j$intercept), thresh = j$thresh,
                maxit = j$maxit, foldid = foldid, grouped = TRUE, keep = FALSE),
      warning = keep_warning))[["elapsed"]]
    r <- r + 1
    if (r > j$warmup) times <- c(times, t)
  }
  out("lambda", fit$lambda); out("cvm", fit$cvm); out("cvsd", fit$cvsd)
  out("times", times); out("index", fit$index)
  out("coefmin", as.matrix(coef(fit, s = "lambda.min")))
  out("coefse", as.matrix(coef(fit, s = "lambda.1se")))
}
writeLines(unique(warns), f("warnings"))
"""

_JOB_DEFAULTS = dict(family="gaussian", foldid=None, l1_ratio=1.0, sample_weight=None,
                     fit_intercept=True,
                     thresh=1e-12, maxit=10**7, repeat=1, warmup=0, budget=float("inf"))


@functools.lru_cache(maxsize=None)
def missing():
    """Why R's glmnet cannot be run here, or None when it can.

    Returns
    -------
    reason : str or None
        A one-line reason (``Rscript`` not on the PATH, or the glmnet or
        Matrix package not installed), None when both are available.
    """
    if shutil.which("Rscript") is None:
        return "Rscript not found (apt-get install r-base-core r-cran-glmnet)"
    # system.file finds an installed package without loading it (loading takes a second)
    probe = subprocess.run(
        ["Rscript", "--vanilla", "-e", 'quit(status = !nzchar(system.file(package = "glmnet"))'
         ' || !nzchar(system.file(package = "Matrix")))'], capture_output=True, timeout=120)
    return None if probe.returncode == 0 else "R package glmnet (or Matrix) not installed"


def y_scale(y, sample_weight=None, fit_intercept=True):
    """glmnet's scale of ``y``: its weighted standard deviation (1/n formula).

    Centred at the weighted mean when there is an intercept, about zero
    otherwise. glmnet's elastic net (``alpha < 1``) equals scikit-learn's
    objective when this is 1.

    Parameters
    ----------
    y : ndarray of shape (n_samples,)
    sample_weight : ndarray of shape (n_samples,), default=None
    fit_intercept : bool, default=True

    Returns
    -------
    s_y : float
    """
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
    w = w / w.sum()
    return float(np.sqrt(w @ (y - (w @ y if fit_intercept else 0.0)) ** 2))


def fold_standardize(y, foldid, sample_weight=None, fit_intercept=True):
    """Rescale ``y`` within each fold so that every training set has ``y_scale == 1``.

    Each fold gets weighted mean 0 (with an intercept) and weighted mean
    square 1, so any union of folds has them too: ``cv.glmnet``'s elastic
    net then solves scikit-learn's problem in every fold (see the module
    docstring).

    Parameters
    ----------
    y : ndarray of shape (n_samples,)
    foldid : array-like of shape (n_samples,)
    sample_weight : ndarray of shape (n_samples,), default=None
    fit_intercept : bool, default=True

    Returns
    -------
    y_std : ndarray of shape (n_samples,)
    """
    y = np.array(y, dtype=np.float64)
    foldid = np.asarray(foldid)
    w_all = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
    for fold in np.unique(foldid):
        m = foldid == fold
        y[m] /= y_scale(y[m], w_all[m], fit_intercept)
        if fit_intercept:
            y[m] -= np.average(y[m], weights=w_all[m])
    return y


def run_glmnet(jobs, *, timeout=None):
    """Run a batch of ``glmnet`` / ``cv.glmnet`` jobs in one R process.

    Every job calls ``glmnet`` (no ``foldid``) or ``cv.glmnet`` with
    ``family=family, alpha=l1_ratio, lambda=lambdas, weights=sample_weight,
    standardize=FALSE, intercept=fit_intercept, thresh=thresh, maxit=maxit``
    and, for ``cv.glmnet``, ``foldid=foldid, grouped=TRUE, keep=FALSE``.

    Parameters
    ----------
    jobs : list of dict
        Keys: ``X`` (required; a sparse matrix goes to R as a ``dgCMatrix``,
        never densified; jobs sharing the same object share one copy),
        ``y`` (required), ``lambdas`` (required; scikit-learn's alphas),
        ``family`` ("gaussian", or "poisson": glmnet's objective is then the
        mean of ``exp(eta) - y eta`` plus the same penalty, and the CV error
        the mean Poisson deviance),
        ``foldid`` (fold label per row: sorted labels become glmnet's folds
        1..K, the order of ``PredefinedSplit``; None fits the path on all
        rows), ``l1_ratio`` (1.0), ``sample_weight`` (None),
        ``fit_intercept`` (True), ``thresh`` (1e-12, tight: an oracle),
        ``maxit`` (1e7 passes for the whole path), ``repeat`` (1) timed
        ``cv.glmnet`` calls after ``warmup`` (0) untimed ones, fewer (at
        least one) once ``budget`` (inf) seconds of timed calls are spent.
    timeout : float, default=None
        Seconds for the whole R process (``subprocess.TimeoutExpired``).

    Returns
    -------
    results : list of dict
        Per job, from its last call. Path jobs: ``lambda_``, ``coef``
        (n_features, n_lambdas) dense, ``intercept`` (n_lambdas,).
        CV jobs: ``lambda_``, ``cvm``, ``cvsd``, ``index_min``,
        ``index_1se`` (0-based positions in ``lambda_``), ``lambda_min``,
        ``lambda_1se``, ``coef_min``, ``coef_1se`` (n_features,),
        ``intercept_min``, ``intercept_1se`` and ``times`` (seconds of each
        timed call measured inside R: R's start-up and the data transfer
        excluded). Every result has R's ``warnings`` (list of str, shared by
        the batch).
    """
    reason = missing()
    if reason:
        raise RuntimeError(f"R's glmnet is not available: {reason}")
    tmp = tempfile.mkdtemp(prefix="glmnet_r_")
    try:
        def put(name, a, dtype=np.float64):
            np.ascontiguousarray(a, dtype=dtype).tofile(os.path.join(tmp, name))

        designs, design_rows = {}, ["n\tp\tnnz"]
        job_rows = ["design\tl1_ratio\tintercept\tthresh\tmaxit\trepeats\twarmup\tbudget"
                    "\tweights\tcv\tnlambda\tfamily"]
        for k, job in enumerate(jobs, 1):
            unknown = set(job) - set(_JOB_DEFAULTS) - {"X", "y", "lambdas"}
            if unknown:
                raise TypeError(f"unknown job keys {sorted(unknown)}")
            j = {**_JOB_DEFAULTS, **job}
            X = j["X"]
            if id(X) not in designs:
                m = designs[id(X)] = len(designs) + 1
                if sp.issparse(X):
                    Xc = sp.csc_matrix(X, dtype=np.float64)
                    Xc.sum_duplicates()  # a dgCMatrix has sorted, unique row indices
                    put(f"Xi{m}", Xc.indices, np.int32), put(f"Xp{m}", Xc.indptr, np.int32)
                    put(f"Xx{m}", Xc.data)
                else:
                    np.asarray(X, dtype=np.float64).ravel(order="F").tofile(
                        os.path.join(tmp, f"X{m}"))
                design_rows.append(f"{X.shape[0]}\t{X.shape[1]}\t"
                                   f"{Xc.nnz if sp.issparse(X) else -1}")
            put(f"y{k}", j["y"]), put(f"lambda{k}", j["lambdas"])
            if j["sample_weight"] is not None:
                put(f"w{k}", j["sample_weight"])
            if j["foldid"] is not None:
                put(f"foldid{k}", np.unique(j["foldid"], return_inverse=True)[1].ravel() + 1,
                    np.int32)
            job_rows.append("\t".join(repr(v) for v in (
                designs[id(X)], float(j["l1_ratio"]), int(j["fit_intercept"]),
                float(j["thresh"]), int(j["maxit"]), int(j["repeat"]), int(j["warmup"]),
                min(float(j["budget"]), 1e300), int(j["sample_weight"] is not None),
                int(j["foldid"] is not None), len(j["lambdas"]))) + f"\t{j['family']}")
            if j["family"] not in ("gaussian", "poisson"):
                raise ValueError("family is 'gaussian' or 'poisson'")
        for name, rows in (("designs.tsv", design_rows), ("jobs.tsv", job_rows),
                           ("run.R", [_R_SCRIPT])):
            with open(os.path.join(tmp, name), "w") as fh:
                fh.write("\n".join(rows) + "\n")
        proc = subprocess.run(["Rscript", "--vanilla", os.path.join(tmp, "run.R"), tmp],
                              capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError(f"Rscript failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
        with open(os.path.join(tmp, "warnings")) as fh:
            warns = [line for line in fh.read().splitlines() if line]

        def get(name, k):
            return np.fromfile(os.path.join(tmp, f"{name}{k}"), dtype=np.float64)

        results = []
        for k, job in enumerate(jobs, 1):
            res = dict(lambda_=get("lambda", k), warnings=warns)
            if job.get("foldid") is None:
                res.update(coef=get("beta", k).reshape(job["X"].shape[1], -1, order="F"),
                           intercept=get("a0", k))
            else:
                i_min, i_1se = get("index", k).astype(int) - 1
                cmin, c1se = get("coefmin", k), get("coefse", k)
                res.update(cvm=get("cvm", k), cvsd=get("cvsd", k), times=get("times", k),
                           index_min=i_min, index_1se=i_1se,
                           lambda_min=float(res["lambda_"][i_min]),
                           lambda_1se=float(res["lambda_"][i_1se]),
                           coef_min=cmin[1:], intercept_min=float(cmin[0]),
                           coef_1se=c1se[1:], intercept_1se=float(c1se[0]))
            results.append(res)
        return results
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def cv_glmnet(X, y, lambdas, foldid, *, timeout=None, **job):
    """One ``cv.glmnet`` job of :func:`run_glmnet` (same keys, same result)."""
    return run_glmnet([dict(job, X=X, y=y, lambdas=lambdas, foldid=foldid)],
                      timeout=timeout)[0]


def glmnet_path(X, y, lambdas, *, timeout=None, **job):
    """One ``glmnet`` job of :func:`run_glmnet` on all rows (same keys, same result)."""
    return run_glmnet([dict(job, X=X, y=y, lambdas=lambdas)], timeout=timeout)[0]
