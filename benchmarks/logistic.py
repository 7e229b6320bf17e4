#!/usr/bin/env python
"""Sparse (L1) logistic regression benchmark: sparselearn against scikit-learn (liblinear
and saga), skglm, celer and R's glmnet on real data.

    python benchmarks/logistic.py            # full run (about 10 min on 2 cores)
    python benchmarks/logistic.py --quick    # ~1-2 min: leukemia + news20 at alpha_max/100
    python benchmarks/logistic.py --problems leukemia,spambase,news20   # no multinomial

Every solver minimizes the same problem, without intercept.  Binary (y in {-1, +1})::

    mean_i log(1 + exp(-y_i x_i.w)) + alpha ||w||_1

and multinomial (``news20_multiclass``, K = 20 classes, B of shape (K, p))::

    (1/n) sum_i [logsumexp_k(x_i.B_k) - x_i.B_{y_i}] + alpha sum_jk |B_jk|

at ``alpha = alpha_max / r``.  As in ``run.py``: each solver runs in its own worker process
(this script started with ``--worker SOLVER``) with a deadline per fit; every solver's
coefficients are scored with ONE numpy formula (``_common.logistic_objective``); each
solver's native tolerance is searched on a ladder until its objective is within
``--threshold`` (1e-6) of the best objective any fit reached; the loosest passing tolerance
is timed (median of ``--repeat`` fits after a warm-up).  See benchmarks/README.md
("Sparse logistic regression").
"""

import argparse
import csv
import datetime
import json
import math
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
if BENCH_DIR not in sys.path:
    sys.path.insert(0, BENCH_DIR)

import run  # noqa: E402  (no numpy at import: the thread variables are set first)
from _ladder import walk_ladder  # noqa: E402
from _options import add_accuracy_and_io_options  # noqa: E402

# Same names as _common.LOGISTIC_PROBLEMS (checked in main()).
PROBLEMS = ("leukemia", "spambase", "news20", "news20_multiclass")
MULTICLASS_PROBLEMS = ("news20_multiclass",)
SOLVERS = ("sparselearn", "sklearn-liblinear", "sklearn-saga", "skglm", "celer", "glmnet")
# Solvers with a multinomial loss.  liblinear is binary only; skglm's and celer's
# estimators fit one-vs-rest binary models on a multiclass y (a different problem).
# glmnet's family="multinomial" is there but not cheap: one fit on news20 at
# alpha_max/2, thresh=1e-2 did not finish in 10 minutes; --glmnet-multinomial adds it.
MULTINOMIAL = ("sparselearn", "sklearn-saga")
# Which solver (first available one) computes the reference objective of each cell:
# a duality-gap certificate (celer, sparselearn) first.
REFERENCE_ORDER = ("celer", "sparselearn", "skglm", "sklearn-liblinear")
REFERENCE_ORDER_MULTI = ("sparselearn", "glmnet")
# Rung of the reference fit: the duality gap bound (sparselearn, celer) is then
# rung*log(K) in objective units, far below 1e-6 relative for these objectives.
REFERENCE_RUNG = {False: 1e-9, True: 1e-7}  # binary, multinomial (its fits are 100x dearer)


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description="Time L1 logistic regression solvers on %s at the same accuracy." %
        ", ".join(PROBLEMS))
    p.add_argument("--quick", action="store_true",
                   help="~1-2 min: leukemia,news20 at alpha_max/100 only; repeat 3; timeout 5 s; "
                        "search budget 10 s; cell budget 3 s")
    p.add_argument("--problems", default=None,
                   help="comma list from %s (default: all; leave news20_multiclass out to skip "
                        "the multinomial problem)" % ",".join(PROBLEMS))
    p.add_argument("--solvers", default=None,
                   help="comma list from %s (default: all available)" % ",".join(SOLVERS))
    p.add_argument("--alphas", default=None,
                   help="binary problems: comma list of ratios r, alpha = alpha_max / r "
                        "(default: 10,100,1000)")
    p.add_argument("--multi-alphas", default=None,
                   help="multinomial problem: ratios r (default: 10; at 100 every fit of "
                        "sparselearn 0.1.0.dev0 and saga took more than 40 s)")
    p.add_argument("--glmnet-multinomial", action="store_true",
                   help="also run glmnet on the multinomial problem (very slow on news20)")
    p.add_argument("--repeat", type=int, default=None, help="timed fits per cell, taken in rounds across the solvers (default 9)")
    p.add_argument("--timeout", type=float, default=None,
                   help="budget in seconds for ONE fit; slower fits are killed and shown as "
                        ">budget (default 20)")
    p.add_argument("--multi-timeout", type=float, default=None,
                   help="--timeout of the multinomial problem; its search and cell budgets are "
                        "1.5x and 0.5x this (default 40)")
    p.add_argument("--search-budget", type=float, default=None,
                   help="seconds of tolerance-search fits per solver and cell (a killed fit "
                        "counts --timeout); once spent the search stops with what it has "
                        "(default 30)")
    p.add_argument("--cell-budget", type=float, default=None,
                   help="seconds of timed fits per solver and cell: fewer repeats when one fit "
                        "is slow, never fewer than 1 (default 10)")
    p.add_argument("--no-skip", action="store_true",
                   help="also run a solver at the smaller alphas of a problem after it could "
                        "not reach the target within --timeout at a larger one")
    add_accuracy_and_io_options(p)
    p.add_argument("-v", "--verbose", action="store_true", help="print every fit of the search")
    a = p.parse_args(argv)
    quick = a.quick
    a.problems = run._split(a.problems) or (["leukemia", "news20"] if quick else list(PROBLEMS))
    a.solvers = run._split(a.solvers) or list(SOLVERS)
    a.alphas = [float(x) for x in run._split(a.alphas)] or ([100.0] if quick else
                                                            [10.0, 100.0, 1000.0])
    a.multi_alphas = [float(x) for x in run._split(a.multi_alphas)] or [10.0]
    a.repeat = a.repeat or (3 if quick else 9)
    a.timeout = a.timeout or (5.0 if quick else 20.0)
    a.search_budget = a.search_budget or (10.0 if quick else 30.0)
    a.cell_budget = a.cell_budget or (3.0 if quick else 10.0)
    a.multi_timeout = a.multi_timeout or (20.0 if quick else 40.0)
    for name, given, allowed in (("--problems", a.problems, PROBLEMS),
                                 ("--solvers", a.solvers, SOLVERS)):
        bad = [x for x in given if x not in allowed]
        if bad:
            p.error("%s: unknown %s (choose from %s)" % (name, ", ".join(bad), ", ".join(allowed)))
    if any(r <= 0 for r in a.alphas + a.multi_alphas):
        p.error("--alphas / --multi-alphas: ratios must be positive")
    a.fixed_tol = {}
    for item in a.tol:
        s, _, v = item.partition("=")
        a.fixed_tol[s.strip()] = float(v)
    return a


def native_tol(solver, rung, alpha):
    """A rung of the tolerance ladder in the solver's own units.

    * sparselearn: duality gap <= tol * log(n_classes) (objective scale): ``tol = rung``;
    * celer: duality gap of the SUM-scaled problem <= tol * n * log(2), i.e. the same
      as sparselearn's on the mean scale: ``tol = rung``;
    * skglm: max violation of the optimality conditions, ``max_j dist(-grad_j, alpha
      d|w_j|)``, an absolute number in gradient units: ``tol = rung * alpha``;
    * scikit-learn liblinear: ||projected gradient||_1 <= tol * its value at w = 0 (a
      relative rule); saga: max |w change| over an epoch <= tol * max |w| (relative):
      ``tol = rung``;
    * glmnet: ``thresh``; coordinate descent stops when no update changes the
      objective by more than thresh * null deviance: ``thresh = rung``.
    """
    return rung * alpha if solver == "skglm" else rung


def warmup_alpha_rung(solver, amax):
    """The untimed first fit of a worker on a problem: (alpha, rung).

    alpha_max/2 at rung 1e-2 for every solver: it runs every compiled function of the
    Numba solvers (compilation depends on the argument types, not on alpha) and the
    first-touch costs of the others, and stays cheap where a fit at alpha_max/10 is not
    (a multinomial fit on news20 at alpha_max/10 takes 10-40 s).  Whatever compilation
    might be left for later is kept out of the timings: the first fit after a warm-up
    is never one of the timed fits (see ``run.interleaved_repeats``).
    """
    return amax / 2, 1e-2


# ------------------------------------------------------------ solver side
class EstimatorAdapter:
    """A scikit-learn style estimator of one of the Python solvers."""

    def __init__(self, solver):
        self.solver = solver
        if solver == "sparselearn":
            import sparselearn
            from sparselearn.linear_model import SparseLogisticRegression  # noqa: F401

            self.version = sparselearn.__version__
        elif solver.startswith("sklearn"):
            import sklearn
            from sklearn.linear_model import LogisticRegression  # noqa: F401

            self.version = sklearn.__version__
        elif solver == "skglm":
            import skglm
            from skglm import SparseLogisticRegression  # noqa: F401

            self.version = getattr(skglm, "__version__", "?")
        elif solver == "celer":
            import celer
            from celer import LogisticRegression  # noqa: F401

            self.version = getattr(celer, "__version__", "?")
        else:
            raise ValueError("unknown solver %r" % solver)

    def prepare(self, name, X, y):
        pass

    def make(self, n, alpha, tol):
        s = self.solver
        if s == "sparselearn":
            from sparselearn.linear_model import SparseLogisticRegression

            return SparseLogisticRegression(alpha=alpha, fit_intercept=False, tol=tol,
                                            max_iter=1000)
        if s.startswith("sklearn"):
            from sklearn.linear_model import LogisticRegression

            # scikit-learn 1.8+: `penalty` is deprecated, l1_ratio=1 means the L1 penalty.
            # Objective: C * sum_i loss_i + ||w||_1  ==  n*C * (mean loss + ||w||_1/(n*C)).
            return LogisticRegression(l1_ratio=1.0, C=1.0 / (n * alpha),
                                      solver=s.split("-", 1)[1], fit_intercept=False, tol=tol,
                                      max_iter=1_000_000, random_state=0)
        if s == "skglm":
            from skglm import SparseLogisticRegression

            return SparseLogisticRegression(alpha=alpha, fit_intercept=False, tol=tol,
                                            max_iter=1000)
        if s == "celer":
            from celer import LogisticRegression

            # celer: sum_i loss_i + ||w||_1 / C, so C = 1/(n*alpha); no intercept support
            return LogisticRegression(C=1.0 / (n * alpha), fit_intercept=False, tol=tol,
                                      max_iter=1000)
        raise ValueError(s)

    def fit(self, name, X, y, alpha, tol):
        import warnings

        import _common as C

        est = self.make(X.shape[0], alpha, tol)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            seconds = C.timed_fit(est, X, y)
        warns = sorted({type(m.message).__name__ for m in caught
                        if "Convergence" in type(m.message).__name__})
        return seconds, est.coef_, dict(n_iter=_scalar(getattr(est, "n_iter_", None)),
                                        dual_gap=_scalar(getattr(est, "dual_gap_", None)),
                                        warnings=warns)

    def close(self):
        pass


# R side of the glmnet worker: a loop over commands read from stdin, one per line
# (tab-separated), one reply line each on stdout.  Data arrive as raw binary files.
_R_WORKER = r"""
suppressPackageStartupMessages({library(Matrix); library(glmnet)})
# mxit: outer Newton iterations of the logistic models (default 100): the threshold,
# not this cap, decides when a fit stops (fdev and devmax act only along a path)
invisible(glmnet.control(mxit = 100000L))
con <- file("stdin"); open(con)
say <- function(s) { cat(s, "\n", sep = ""); flush(stdout()) }
rd <- function(path, len, what = "double")
  readBin(path, what, n = len, size = if (what == "integer") 4 else 8)
clean <- function(s) gsub("[\t\r\n]+", " ", s)
data <- list()
say(paste("ok", as.character(packageVersion("glmnet")), sep = "\t"))
repeat {
  line <- readLines(con, n = 1)
  if (length(line) == 0 || line == "quit") break
  a <- strsplit(line, "\t", fixed = TRUE)[[1]]
  out <- tryCatch({
    if (a[1] == "load") {
      d <- a[3]; n <- as.integer(a[4]); p <- as.integer(a[5]); nnz <- as.numeric(a[6])
      x <- if (nnz >= 0) {
        new("dgCMatrix", i = rd(file.path(d, "Xi"), nnz, "integer"),
            p = rd(file.path(d, "Xp"), p + 1, "integer"), x = rd(file.path(d, "Xx"), nnz),
            Dim = c(n, p))
      } else matrix(rd(file.path(d, "X"), n * p), n, p)
      yv <- rd(file.path(d, "y"), n)
      y <- if (a[7] == "binomial") factor(yv, levels = c(-1, 1)) else
        factor(yv, levels = seq(0, max(yv)))
      data[[a[2]]] <- list(x = x, y = y, family = a[7])
      "ok"
    } else if (a[1] == "fit") {
      pb <- data[[a[2]]]
      warns <- character()
      invisible(gc())
      # wall-clock seconds of glmnet() alone (Sys.time: finer than proc.time's 1 ms)
      t0 <- Sys.time()
      fit <- withCallingHandlers(
        glmnet(pb$x, pb$y, family = pb$family, lambda = as.numeric(a[3]), alpha = 1,
               intercept = FALSE, standardize = FALSE, thresh = as.numeric(a[4]),
               maxit = as.integer(a[5])),
        warning = function(w) {
          warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning")
        })
      t <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
      b <- if (pb$family == "binomial") as.numeric(fit$beta[, 1]) else
        unlist(lapply(fit$beta, function(bk) as.numeric(bk[, 1])))
      writeBin(b, a[6])
      paste("ok", format(t, digits = 15), fit$npasses, fit$jerr,
            clean(paste(unique(warns), collapse = " | ")), sep = "\t")
    } else stop("unknown command ", a[1])
  }, error = function(e) paste("err", clean(conditionMessage(e)), sep = "\t"))
  say(out)
}
"""


class GlmnetAdapter:
    """R's glmnet in a persistent ``Rscript`` child of this worker process.

    The time reported is measured inside R around ``glmnet()`` only (R's start-up, the
    data transfer and the reading of the coefficients are excluded).  The child is in
    this worker's process group, which the orchestrator kills on a timeout.
    """

    def __init__(self):
        if shutil.which("Rscript") is None:
            raise ImportError("Rscript not found (apt-get install r-base-core r-cran-glmnet)")
        root = os.environ.get("LOGISTIC_TMP") or tempfile.gettempdir()
        self.tmp = tempfile.mkdtemp(prefix="glmnet-%d-" % os.getpid(), dir=root)
        script = os.path.join(self.tmp, "worker.R")
        with open(script, "w") as f:
            f.write(_R_WORKER)
        self.proc = subprocess.Popen(["Rscript", "--vanilla", script], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=sys.stderr, text=True,
                                     cwd=self.tmp)
        hello = self.proc.stdout.readline().rstrip("\n").split("\t")
        if hello[0] != "ok":
            raise ImportError("R's glmnet did not start (is the R package glmnet installed? "
                              "see the worker log)")
        self.version = hello[1]
        self.shapes = {}

    def _call(self, *fields):
        self.proc.stdin.write("\t".join(str(f) for f in fields) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("Rscript died (see the worker log)")
        out = line.rstrip("\n").split("\t")
        if out[0] != "ok":
            raise RuntimeError("R: %s" % "\t".join(out[1:]))
        return out[1:]

    def prepare(self, name, X, y):
        import numpy as np
        import scipy.sparse as sp

        import _common as C

        d = os.path.join(self.tmp, name)
        os.makedirs(d, exist_ok=True)
        if sp.issparse(X):
            Xc = sp.csc_matrix(X, dtype=np.float64)
            Xc.sum_duplicates()  # a dgCMatrix has sorted, unique row indices
            Xc.indices.astype(np.int32).tofile(os.path.join(d, "Xi"))
            Xc.indptr.astype(np.int32).tofile(os.path.join(d, "Xp"))
            Xc.data.astype(np.float64).tofile(os.path.join(d, "Xx"))
            nnz = Xc.nnz
        else:
            np.asarray(X, dtype=np.float64).ravel(order="F").tofile(os.path.join(d, "X"))
            nnz = -1
        np.asarray(y, dtype=np.float64).tofile(os.path.join(d, "y"))
        multi = C.is_multiclass(y)
        self._call("load", name, d, X.shape[0], X.shape[1], nnz,
                   "multinomial" if multi else "binomial")
        self.shapes[name] = (int(y.max()) + 1 if multi else 1, X.shape[1])

    def fit(self, name, X, y, alpha, tol):
        import numpy as np

        path = os.path.join(self.tmp, "coef.bin")
        secs, npasses, jerr, warns = self._call("fit", name, repr(float(alpha)),
                                                repr(float(tol)), 10**8, path)
        coef = np.fromfile(path, dtype=np.float64).reshape(self.shapes[name])
        warns = [w for w in [warns.strip()] if w]
        if int(jerr) != 0:
            warns.append("jerr=%s" % jerr)
        return float(secs), coef, dict(n_iter=int(npasses), dual_gap=None, warnings=warns)

    def close(self):
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.flush()
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()  # our own child, by its handle
            self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _scalar(v):
    if v is None:
        return None
    try:
        import numpy as np

        a = np.asarray(v, dtype=float).ravel()
        return float(a[-1]) if a.size else None
    except Exception:
        return None


def worker_main(solver):
    """``logistic.py --worker SOLVER``: the protocol of ``_worker.py`` (one JSON object a
    line on stdin and on the original stdout; library output goes to stderr, a log)."""
    import traceback

    proto = os.fdopen(os.dup(1), "w", buffering=1)
    sys.stdout = sys.stderr  # stray prints must not corrupt the protocol

    def reply(obj):
        proto.write(json.dumps(obj) + "\n")
        proto.flush()

    try:
        import _common as C

        threads = int(os.environ.get("BENCH_THREADS", "1"))
        try:
            from threadpoolctl import threadpool_info, threadpool_limits

            threadpool_limits(threads)
            pools = [(p.get("internal_api"), p.get("num_threads")) for p in threadpool_info()]
        except ImportError:  # pragma: no cover
            pools = []
        adapter = GlmnetAdapter() if solver == "glmnet" else EstimatorAdapter(solver)
    except Exception as exc:  # the solver is not importable: say why and stop
        reply({"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)})
        return
    reply({"ok": True, "version": adapter.version, "pid": os.getpid(), "threadpools": pools})

    problems = {}
    try:
        for line in sys.stdin:
            req = json.loads(line)
            rid = req.get("id")
            try:
                cmd = req["cmd"]
                if cmd == "quit":
                    break
                if cmd == "prepare":
                    name = req["problem"]
                    if name not in problems:
                        X, y, _ = C.load_logistic_problem(name)
                        adapter.prepare(name, X, y)
                        problems[name] = (X, y)
                    reply({"id": rid, "ok": True})
                elif cmd == "fit":
                    name, alpha = req["problem"], req["alpha"]
                    X, y = problems[name]
                    seconds, coef, info = adapter.fit(name, X, y, alpha, req["tol"])
                    reply(dict(info, id=rid, ok=True, time=seconds,
                               obj=C.logistic_objective(X, y, coef, alpha),
                               nnz=int((coef != 0).sum())))
                else:
                    raise ValueError("unknown command %r" % cmd)
            except Exception:
                reply({"id": rid, "ok": False, "error": traceback.format_exc()})
    finally:
        adapter.close()


# ------------------------------------------------------ orchestrator side
class LogisticWorker(run.Worker):
    """run.py's worker handle, started as ``logistic.py --worker SOLVER`` in a new process
    group (the glmnet worker has an ``Rscript`` child: a timeout kills both).

    ``fresh``: problems warmed up by the current process and not fitted since (the next
    fit is not timed); ``failed``: problems on which the worker could not be warmed up
    (not retried)."""

    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.fresh = set()
        self.failed = set()

    def launch(self):
        self._log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            [sys.executable, "-u", os.path.abspath(__file__), "--worker", self.solver],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True,
            cwd=BENCH_DIR, start_new_session=True)
        self._q = queue.Queue()
        threading.Thread(target=self._reader, args=(self.proc, self._q), daemon=True).start()

    def kill(self):
        if self.proc is not None:
            try:  # the group of the process this object started (the worker and its child)
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
            self.proc = None


class Cell(run.Cell):
    def __init__(self, problem, ratio, alpha, multiclass):
        super().__init__(problem, ratio, alpha)
        self.multiclass = multiclass
        self.skipped = {}


def run_fit(worker, cell, native, timeout, log, ensure):
    """run.py's run_fit; marks the first fit of a process after its warm-up."""
    if worker.proc is None and not ensure(worker):
        raise RuntimeError("worker %s could not be restarted" % worker.solver)
    first = cell.problem in worker.fresh
    worker.fresh.discard(cell.problem)
    rep = run.run_fit(worker, cell, native, timeout, log, ensure)
    rep["first"] = first
    return rep


def search_tol(worker, cell, args, log, ensure):
    """Loosest rung of the ladder (1e-k, then half a decade) whose fit reaches the target.

    Starts at 1e-4; looser (up to 1) while it passes, else tighter (down to 1e-13) until it
    passes; a killed fit sends it looser (a tighter one would be slower still).  Stops
    early once ``--search-budget`` seconds of fits are spent (a killed fit counts
    ``--timeout``).  Returns (chosen reply, history): the loosest passing fit; if none
    passed, the loosest killed one when a fit was killed (the target needs more than
    ``--timeout``), else the most accurate one (flagged in the table).
    """
    s = worker.solver
    hist, spent = {}, [0.0]

    if s in args.fixed_tol:
        rep = run_fit(worker, cell, args.fixed_tol[s], args.timeout, log, ensure)
        rep["rung"] = None
        return rep, [rep]

    def attempt(k):
        rep = run_fit(worker, cell, native_tol(s, 10.0 ** -k, cell.alpha), args.timeout, log,
                      ensure)
        rep["rung"] = 10.0 ** -k
        spent[0] += args.timeout if rep.get("timeout") else rep["time"]
        hist[k] = rep

    def killed(k):
        return bool(hist[k].get("timeout"))

    def ok(k):
        return not killed(k) and cell.rel(hist[k]["obj"]) <= args.threshold

    def broke():
        return spent[0] > args.search_budget

    chosen = walk_ladder(attempt, killed, ok, broke, hist, lambda kk: hist[kk]["obj"])
    finished = [kk for kk in hist if not killed(kk)]
    out = dict(hist[chosen])
    if killed(chosen) and finished:
        best = min(finished, key=lambda kk: hist[kk]["obj"])
        out["best_finished"] = dict(tol=hist[best]["tol"], obj=hist[best]["obj"],
                                    time=hist[best]["time"])
    return out, [hist[kk] for kk in sorted(hist)]


def _ensure(w, pname, amax, args, say):
    """(Re)start a worker if needed, load the problem and warm it up (once per process)."""
    if w.proc is not None and pname in w.warm:
        return True
    if pname in w.failed:
        return False
    try:
        if w.proc is None:
            w.restarts += 1
            if not w.start():
                return False
        if pname not in w.prepared:
            w.request(600, cmd="prepare", problem=pname)
            w.prepared.add(pname)
        a, rung = warmup_alpha_rung(w.solver, amax)
        rep = w.request(max(3 * args.timeout, 120), cmd="fit", problem=pname, alpha=a,
                        tol=native_tol(w.solver, rung, a))
        w.warm_seconds = rep["time"]
        w.warm.add(pname)
        w.fresh.add(pname)
        return True
    except (run.Timeout, RuntimeError) as exc:
        w.failed.add(pname)
        say("   %s unavailable on %s (not retried): %s" % (
            w.solver, pname, _why(exc, max(3 * args.timeout, 120))))
        return False


def _why(exc, timeout):
    if isinstance(exc, run.Timeout):
        return "no answer within %gs (killed)" % timeout
    return str(exc).strip()[-300:]


def solvers_for(pname, workers, args):
    if pname not in MULTICLASS_PROBLEMS:
        return list(workers)
    return [s for s in workers if s in MULTINOMIAL or (s == "glmnet" and args.glmnet_multinomial)]


def budgets(args, multi):
    """``args`` with the multinomial problem's time budgets when ``multi``."""
    if not multi:
        return args
    import argparse as _argparse

    return _argparse.Namespace(**dict(vars(args), timeout=args.multi_timeout,
                                      search_budget=1.5 * args.multi_timeout,
                                      cell_budget=0.5 * args.multi_timeout))


def main(argv=None):
    args = parse_args(argv)
    run.configure_environment(args.threads, args.data_dir)
    import numpy as np

    import _common as C

    if PROBLEMS != C.LOGISTIC_PROBLEMS:
        sys.exit("error: logistic.py's PROBLEMS differ from _common.LOGISTIC_PROBLEMS")
    try:
        C._loader()
    except (FileNotFoundError, ImportError) as exc:
        sys.exit("error: %s" % exc)
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.threads)
    except ImportError:
        pass
    os.makedirs(args.out, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    log_dir = os.path.join(args.out, "logs", "logistic-" + stamp)
    os.makedirs(log_dir, exist_ok=True)
    tmp_root = tempfile.mkdtemp(prefix="sparselearn-logistic-")
    os.environ["LOGISTIC_TMP"] = tmp_root
    t_start = time.perf_counter()
    say = lambda *a: print(*a, flush=True)  # noqa: E731
    vlog = say if args.verbose else (lambda *a: None)

    info = run.machine_info(args.threads)
    info["noise_probe"] = run.noise_probe()
    say("machine: %s, %s cpus (affinity %s), load avg %s" % (
        info["cpu"], info["cpu_count"], info["affinity"],
        " ".join("%.2f" % x for x in info["loadavg_start"] or ())))
    say("threads: %d for BLAS/OpenMP/Numba in every process; noise probe: min %.1f ms, "
        "median %.1f ms, max/min-1 = %.0f%%" % (
            args.threads, 1e3 * info["noise_probe"]["min"], 1e3 * info["noise_probe"]["median"],
            100 * info["noise_probe"]["spread"]))
    results = {"meta": dict(args=vars(args), machine=info, started=stamp, data_dir=C.data_dir(),
                            benchmark="logistic"),
               "problems": {}, "cells": []}

    workers = {}
    launched = [LogisticWorker(s, log_dir, args.verbose) for s in args.solvers]
    # SIGTERM (e.g. `timeout`) unwinds like Ctrl-C, so that the workers are killed: they
    # run in their own process groups and would not get the signal
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    finished = False
    try:
        for w in launched:  # imports run concurrently; nothing is timed yet
            w.launch()
        for w in launched:
            if w.handshake():
                workers[w.solver] = w
                say("solver %-17s %s" % (w.solver, w.version))
            else:
                say("solver %-17s SKIPPED (%s)" % (w.solver, w.error))
        results["meta"]["versions"] = {s: w.version for s, w in workers.items()}
        if args.fixed_tol:
            say("fixed native tolerances: %s" % args.fixed_tol)
        cells = bench(args, workers, results, say, vlog, np, C)
        finished = True
    finally:
        for w in launched:
            w.stop() if finished else w.kill()
        shutil.rmtree(tmp_root, ignore_errors=True)

    rows = build_rows(cells, workers, args, results)
    if rows:
        print_table(rows, args, results)
        print_summary(rows, args)
    results["meta"]["seconds"] = time.perf_counter() - t_start
    results["meta"]["loadavg_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    results["rows"] = rows
    write_results(results, rows, args.out, stamp, say)
    say("total wall time %.0f s" % results["meta"]["seconds"])


def bench(args, workers, results, say, vlog, np, C):
    """Every problem in turn: load, warm up, then each alpha (see ``bench_cell``)."""
    cells = []
    for pname in args.problems:
        here = solvers_for(pname, workers, args)
        multi, amax = load_problem(pname, here, workers, args, results, say, np, C)
        cargs = budgets(args, multi)
        warm_up(pname, amax, here, workers, cargs, results, say)

        def ensure(w, pname=pname, amax=amax, cargs=cargs):
            return _ensure(w, pname, amax, cargs, say)

        given_up = {}  # solver -> ratio where it could not reach the target in time
        for ratio in (args.multi_alphas if multi else args.alphas):
            cell = Cell(pname, ratio, amax / ratio, multi)
            cell.timeout = cargs.timeout
            cells.append(cell)
            bench_cell(cell, here, workers, cargs, given_up, ensure, say, vlog, np)
    return cells


def load_problem(pname, here, workers, args, results, say, np, C):
    """Load the problem here and in the workers (concurrently); returns (multi, alpha_max)."""
    for s in here:  # the workers load the data while this process does
        w = workers[s]
        if w.proc is not None and pname not in w.prepared:
            w.send(cmd="prepare", problem=pname)
    t0 = time.perf_counter()
    X, y, desc = C.load_logistic_problem(pname)
    load_s = time.perf_counter() - t0
    multi = C.is_multiclass(y)
    amax = C.logistic_alpha_max(X, y)
    n, p = X.shape
    nnz = X.nnz if hasattr(X, "nnz") else int(np.count_nonzero(X))
    check = _sparselearn_alpha_max(X, y) if "sparselearn" in here else None
    classes = int(y.max()) + 1 if multi else 2
    results["problems"][pname] = dict(desc=desc, n=n, p=p, nnz=int(nnz), alpha_max=amax,
                                      sparse=hasattr(X, "nnz"), load_seconds=load_s,
                                      classes=classes, alpha_max_sparselearn=check)
    say("\n== %s: %d x %d, nnz %d, %s, alpha_max %.6g%s  [%s]" % (
        pname, n, p, nnz, "%d classes (multinomial)" % classes if multi else "binary", amax,
        "" if check is None else " (sparselearn's logistic_alpha_max: %.6g)" % check, desc))
    if check is not None and not math.isclose(check, amax, rel_tol=1e-9):
        say("   WARNING: sparselearn's logistic_alpha_max differs from the numpy formula")
    if multi:
        left = [s for s in workers if s not in here]
        if left:
            say("   not run on the multinomial problem: %s (no multinomial loss: liblinear "
                "is binary only, skglm and celer fit one-vs-rest; glmnet: too slow here, "
                "--glmnet-multinomial adds it)" % ", ".join(left))
        cargs = budgets(args, multi)
        say("   budgets: timeout %gs per fit, search %gs, timed fits %gs" % (
            cargs.timeout, cargs.search_budget, cargs.cell_budget))
    del X, y
    for s in here:
        w = workers[s]
        if w.pending:
            try:
                w.receive(600)
                w.prepared.add(pname)
            except (run.Timeout, RuntimeError) as exc:
                say("   %s could not load %s: %s" % (s, pname, _why(exc, 600)))
    return multi, amax


def warm_up(pname, amax, here, workers, args, results, say):
    """Untimed warm-up fits of all workers at once (compilation, first touch); a worker
    that fails is retried alone, then left out of the problem."""
    warm = {}
    pending = []
    for s in here:
        w = workers[s]
        if w.proc is None or pname not in w.prepared:
            continue
        a, rung = warmup_alpha_rung(s, amax)
        w.send(cmd="fit", problem=pname, alpha=a, tol=native_tol(s, rung, a))
        pending.append(w)
    budget = max(3 * args.timeout, 120)
    deadline = time.perf_counter() + budget
    for w in pending:
        try:
            rep = w.receive(max(1.0, deadline - time.perf_counter()))
            w.warm.add(pname)
            w.fresh.add(pname)
            warm[w.solver] = rep["time"]
        except (run.Timeout, RuntimeError) as exc:
            say("   concurrent warm-up of %s failed: %s; retried alone" % (
                w.solver, _why(exc, budget)))
    for s in here:  # anything missing: (re)start, load, warm up one by one
        if s not in warm:
            ok = _ensure(workers[s], pname, amax, args, say)
            warm[s] = workers[s].warm_seconds if ok else None
    say("   warm-up fits (concurrent, alpha_max/2, rung 1e-2; untimed): " + ", ".join(
        "%s %.2fs" % (s, t) if t is not None else "%s failed" % s for s, t in warm.items()))
    results["problems"][pname]["warmup_seconds"] = warm


def reference_fit(cell, here, workers, args, ensure, say, vlog):
    """The cell's reference objective: first available solver of the reference order at
    a tight rung (budget 2 x timeout; a timeout means the cell is too slow for the
    budget, so no other solver is tried, as in run.py)."""
    multi = cell.multiclass
    for s in (REFERENCE_ORDER_MULTI if multi else REFERENCE_ORDER):
        if s not in here or not ensure(workers[s]):
            continue
        try:
            rep = run_fit(workers[s], cell, native_tol(s, REFERENCE_RUNG[multi], cell.alpha),
                          2 * args.timeout, vlog, ensure)
        except RuntimeError as exc:
            say("   reference fit with %s failed: %s" % (s, str(exc).strip().splitlines()[-1]))
            continue
        if not rep.get("timeout"):
            cell.reference = dict(solver=s, tol=rep["tol"], obj=rep["obj"],
                                  dual_gap=rep.get("dual_gap"), time=rep["time"])
        else:
            say("   %s %s: reference fit with %s killed after %gs" % (
                cell.problem, run.ratio_label(cell.ratio), s, 2 * args.timeout))
        break
    if cell.reference is None:
        say("   %s %s: no reference objective; the tolerance search compares with the best "
            "fit seen so far" % (cell.problem, run.ratio_label(cell.ratio)))


def bench_cell(cell, here, workers, args, given_up, ensure, say, vlog, np):
    """One (problem, alpha): the reference fit, per solver the tolerance search, then
    the timed fits of all solvers in rounds (:func:`run.interleaved_repeats`)."""
    label = run.ratio_label(cell.ratio)
    reference_fit(cell, here, workers, args, ensure, say, vlog)
    chosen = {}
    for s in here:
        w = workers[s]
        if s in given_up and not args.no_skip:
            note = "not run: no fit reached the target within %gs at %s" % (
                args.timeout, run.ratio_label(given_up[s]))
            cell.results[s] = dict(skipped=True, timeout=True, times=[], tol=None, search=[],
                                   note=note)
            say("   %-17s %-9s %-17s skipped (%s)" % (cell.problem, label, s, note))
            continue
        if not ensure(w):
            cell.results[s] = dict(error=w.error or "worker unavailable")
            continue
        try:
            c, hist = search_tol(w, cell, args, vlog, ensure)
        except RuntimeError as exc:
            cell.results[s] = dict(error=str(exc)[-2000:])
            last = str(exc).strip().splitlines()[-1]
            say("   %s %s %s: ERROR %s" % (cell.problem, label, s, last))
            continue
        cell.results[s] = dict(tol=c["tol"], rung=c.get("rung"), search=hist)
        if c.get("timeout"):
            _no_timing(cell.results[s], c, given_up, cell.ratio, s)
        else:
            chosen[s] = c
    timed = run.interleaved_repeats(
        chosen, lambda s: run_fit(workers[s], cell, chosen[s]["tol"], args.timeout, vlog,
                                  ensure),
        args.repeat, args.cell_budget)
    for s, c in chosen.items():
        res = cell.results[s]
        times, objs = timed[s]
        if times:
            res.update(times=times, objs=objs, obj=max(objs), nnz=c["nnz"],
                       n_iter=c.get("n_iter"), dual_gap=c.get("dual_gap"),
                       warnings=c.get("warnings", []))
        else:  # every timed fit was killed
            _no_timing(res, c, given_up, cell.ratio, s)
    for s in here:
        res = cell.results.get(s)
        if res is None or "error" in res or res.get("skipped"):
            continue
        say("   %-17s %-9s %-17s tol %-7s %s" % (
            cell.problem, label, s, run.fmt_tol(res["tol"]),
            ">%gs" % args.timeout if res.get("timeout") else
            "median %.4fs over %d  (search: %d fits)" % (
                float(np.median(res["times"])), len(res["times"]), len(res["search"]))))


def _no_timing(res, chosen, given_up, ratio, s):
    """A solver that needs more than ``--timeout`` for the target at this alpha."""
    res.update(timeout=True, times=[], best_finished=chosen.get("best_finished") or (
        None if chosen.get("timeout") else
        dict(tol=chosen["tol"], obj=chosen["obj"], time=chosen["time"])))
    given_up[s] = ratio


def _sparselearn_alpha_max(X, y):
    """sparselearn's own logistic_alpha_max (None if not available): a cross-check."""
    try:
        from sparselearn.linear_model import logistic_alpha_max
    except ImportError:
        return None
    try:
        return float(logistic_alpha_max(X, y, fit_intercept=False))
    except Exception:
        return None


# ------------------------------------------------------------------ output
def build_rows(cells, workers, args, results):
    import numpy as np

    rows = []
    for cell in cells:
        base = cell.results.get("sparselearn", {})
        base_t = float(np.median(base["times"])) if base.get("times") else None
        cell_json = dict(problem=cell.problem, alpha_ratio=cell.ratio, alpha=cell.alpha,
                         multiclass=cell.multiclass, best_obj=cell.best,
                         reference=cell.reference, solvers={})
        common = dict(problem=cell.problem, alpha_ratio=cell.ratio, alpha=cell.alpha,
                      timeout_s=cell.timeout)
        for s in workers:
            r = cell.results.get(s)
            if r is None:
                continue
            cell_json["solvers"][s] = r
            if r.get("error"):
                rows.append(dict(common, solver=s, tol=None, repeats=0, median=None, min=None,
                                 rel_gap=None, flagged=True, nnz=None, ratio=None,
                                 timeout=False, n_iter=None, warnings="ERROR"))
                continue
            if r.get("timeout"):
                bf = r.get("best_finished")
                note = r.get("note") or ("best finished fit: tol %s, %.2fs, rel_gap %.1e" % (
                    run.fmt_tol(bf["tol"]), bf["time"], cell.rel(bf["obj"])) if bf else "")
                rows.append(dict(common, solver=s, tol=r["tol"], repeats=0, median=None,
                                 min=None, rel_gap=None, flagged=False, nnz=None,
                                 ratio=(cell.timeout / base_t) if base_t else None,
                                 timeout=True, n_iter=None, warnings=note))
                continue
            med = float(np.median(r["times"]))
            rel = cell.rel(r["obj"])
            r["rel_gap"] = rel
            rows.append(dict(common, solver=s, tol=r["tol"], repeats=len(r["times"]),
                             median=med, min=float(np.min(r["times"])), rel_gap=rel,
                             flagged=rel > args.threshold, nnz=r["nnz"],
                             ratio=(med / base_t) if base_t else None, timeout=False,
                             n_iter=r.get("n_iter"), warnings=",".join(r["warnings"]),
                             obj=r["obj"], search_fits=len(r["search"])))
        results["cells"].append(cell_json)
    return rows


def print_table(rows, args, results):
    print()
    print("L1 logistic regression, fit_intercept=False; times in seconds (median and min of n "
          "timed fits after warm-up); rel_gap = (obj - best)/best with")
    print("obj = mean(log(1 + exp(-y * Xw))) + alpha*||w||_1 (multinomial: mean(logsumexp(XB^T) "
          "- x_i.B_yi) + alpha*sum|B|); '*' = rel_gap > %g;" % args.threshold)
    print("tol = native tolerance found by the search (skglm: rung*alpha); ratio = median / "
          "sparselearn median (>1: sparselearn faster); >Ns: killed after N s")
    hdr = "%-17s %-9s %-17s %-8s %2s %10s %10s %10s %6s %8s" % (
        "problem", "alpha", "solver", "tol", "n", "median", "min", "rel_gap", "nnz", "ratio")
    print(hdr)
    print("-" * len(hdr))
    prev = None
    for r in rows:
        key = (r["problem"], r["alpha_ratio"])
        if prev is not None and key != prev:
            print()
        prev = key
        if r["timeout"]:
            med = mn = ">%gs" % r["timeout_s"]
            ratio = ">%.1f" % r["ratio"] if r["ratio"] else "-"
        else:
            med, mn = run._t(r["median"]), run._t(r["min"])
            ratio = "%.2f" % r["ratio"] if r["ratio"] is not None else "-"
        if r["rel_gap"] is None:
            rel = "-" if r["warnings"] != "ERROR" else "ERROR"
        else:
            rel = "%.1e%s" % (max(r["rel_gap"], 0.0), "*" if r["flagged"] else " ")
        print("%-17s %-9s %-17s %-8s %2s %10s %10s %10s %6s %8s%s" % (
            r["problem"], run.ratio_label(r["alpha_ratio"]), r["solver"],
            run.fmt_tol(r["tol"]) if r["tol"] else "-", r["repeats"], med, mn, rel,
            r["nnz"] if r["nnz"] is not None else "-", ratio,
            "  (%s)" % r["warnings"] if r["warnings"] and r["warnings"] != "ERROR" else ""))
    refs = [c for c in results["cells"] if c.get("reference")]
    if refs:
        print("\nreference objectives (not timed): " + "; ".join(
            "%s %s: %s tol=%s obj=%.12g" % (c["problem"], run.ratio_label(c["alpha_ratio"]),
                                            c["reference"]["solver"],
                                            run.fmt_tol(c["reference"]["tol"]),
                                            c["reference"]["obj"]) for c in refs))


def print_summary(rows, args):
    """Per cell: sparselearn, the fastest peer at the target, and scikit-learn's saga."""
    def fmt(r):
        if r is None:
            return "-"
        if r["timeout"]:
            return ">%gs" % r["timeout_s"]
        return run._t(r["median"]) + ("*" if r["flagged"] else "")

    print("\nper cell: fastest peer that reached the target (rel_gap <= %g) and "
          "scikit-learn's saga, as median / sparselearn median (>1x: sparselearn faster)"
          % args.threshold)
    hdr = "%-17s %-9s %11s   %-28s %9s %11s %9s" % (
        "problem", "alpha", "sparselearn", "fastest peer", "peer/SL", "saga", "saga/SL")
    print(hdr)
    print("-" * len(hdr))
    for key in dict.fromkeys((r["problem"], r["alpha_ratio"]) for r in rows):
        cell = [r for r in rows if (r["problem"], r["alpha_ratio"]) == key]
        sl = next((r for r in cell if r["solver"] == "sparselearn"), None)
        saga = next((r for r in cell if r["solver"] == "sklearn-saga"), None)
        peers = [r for r in cell if r["solver"] != "sparselearn" and r["median"] is not None
                 and not r["flagged"]]
        fastest = min(peers, key=lambda r: r["median"]) if peers else None
        base = sl["median"] if sl is not None and sl["median"] is not None else None

        def ratio(r):
            if r is None or base is None:
                return "-"
            if r["timeout"]:
                return ">%.1fx" % (r["timeout_s"] / base)
            if r["median"] is None:
                return "-"
            x = r["median"] / base
            return ("%.1fx" if x >= 1 else "%.2fx") % x + ("*" if r["flagged"] else "")

        print("%-17s %-9s %11s   %-28s %9s %11s %9s" % (
            key[0], run.ratio_label(key[1]), fmt(sl),
            "%s %s" % (fastest["solver"], fmt(fastest)) if fastest else "-",
            ratio(fastest), fmt(saga), ratio(saga)))
    if not any(r["solver"] == "sparselearn" and r["median"] is not None for r in rows):
        print("(sparselearn not run or not importable: no ratios)")


def write_results(results, rows, out, stamp, say):
    jpath = os.path.join(out, "logistic-%s.json" % stamp)
    cpath = os.path.join(out, "logistic-%s.csv" % stamp)
    with open(jpath, "w") as f:
        json.dump(results, f, indent=1, default=run._json_default)
    fields = ["problem", "alpha_ratio", "alpha", "solver", "tol", "repeats", "median", "min",
              "rel_gap", "flagged", "nnz", "ratio", "timeout", "timeout_s", "n_iter", "obj",
              "search_fits", "warnings"]
    with open(cpath, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)
    for src, name in ((jpath, "logistic-latest.json"), (cpath, "logistic-latest.csv")):
        shutil.copyfile(src, os.path.join(out, name))
    say("\nresults: %s, %s (copies: logistic-latest.json, logistic-latest.csv)" % (jpath, cpath))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        worker_main(sys.argv[2])
    else:
        main()
