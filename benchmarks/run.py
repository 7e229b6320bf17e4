#!/usr/bin/env python
"""Lasso benchmark: sparselearn against scikit-learn, skglm and celer on real data.

    python benchmarks/run.py            # full run (under 10 min on 2 cores)
    python benchmarks/run.py --quick    # ~1 min: leukemia + news20 at alpha_max/100

See benchmarks/README.md for what is measured and how.
"""

import argparse
import csv
import datetime
import json
import math
import os
import platform
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
if BENCH_DIR not in sys.path:
    sys.path.insert(0, BENCH_DIR)

from _options import add_accuracy_and_io_options  # noqa: E402  (no numpy)

# Same names as _common.PROBLEMS / _common.SOLVERS (checked in main()): _common imports
# numpy, which must wait until the thread variables are set.
PROBLEMS = ("leukemia", "riboflavin", "news20", "spambase_tall")
SOLVERS = ("sparselearn", "sklearn", "skglm", "celer")


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description="Time Lasso solvers on %s at the same accuracy." % ", ".join(PROBLEMS))
    p.add_argument("--quick", action="store_true",
                   help="~1 minute: leukemia,news20 at alpha_max/100 only; repeat 3; timeout 10 s; "
                        "cell budget 3 s; latency of sparselearn with a warm cache only")
    p.add_argument("--problems", default=None,
                   help="comma list from %s (default: all)" % ",".join(PROBLEMS))
    p.add_argument("--solvers", default=None,
                   help="comma list from %s (default: all importable)" % ",".join(SOLVERS))
    p.add_argument("--alphas", default=None,
                   help="comma list of ratios r, alpha = alpha_max / r (default: 10,100,1000)")
    p.add_argument("--repeat", type=int, default=None, help="timed fits per cell, taken in rounds across the solvers (default 9)")
    p.add_argument("--timeout", type=float, default=None,
                   help="budget in seconds for ONE fit; slower fits are killed and shown as "
                        ">budget (default 60)")
    p.add_argument("--cell-budget", type=float, default=None,
                   help="seconds of timed fits per solver and cell: fewer repeats when one fit "
                        "is slow, never fewer than 1 (default 20)")
    add_accuracy_and_io_options(p)
    p.add_argument("--no-latency", action="store_true", help="skip the first-fit latency part")
    p.add_argument("--latency-only", action="store_true", help="only the first-fit latency part")
    p.add_argument("-v", "--verbose", action="store_true", help="print every fit of the search")
    a = p.parse_args(argv)
    quick = a.quick
    a.problems = _split(a.problems) or (["leukemia", "news20"] if quick else list(PROBLEMS))
    a.solvers = _split(a.solvers) or list(SOLVERS)
    a.alphas = [float(x) for x in _split(a.alphas)] or ([100] if quick else [10, 100, 1000])
    a.repeat = a.repeat or (3 if quick else 9)
    a.timeout = a.timeout or (10.0 if quick else 60.0)
    a.cell_budget = a.cell_budget or (3.0 if quick else 20.0)
    a.cold = not quick
    for name, given, allowed in (("--problems", a.problems, PROBLEMS),
                                 ("--solvers", a.solvers, SOLVERS)):
        bad = [x for x in given if x not in allowed]
        if bad:
            p.error("%s: unknown %s (choose from %s)" % (name, ", ".join(bad), ", ".join(allowed)))
    if any(r <= 0 for r in a.alphas):
        p.error("--alphas: ratios must be positive")
    a.fixed_tol = {}
    for item in a.tol:
        s, _, v = item.partition("=")
        a.fixed_tol[s.strip()] = float(v)
    return a


def _split(s):
    return [x.strip() for x in s.split(",") if x.strip()] if s else []


def configure_environment(threads, data_dir):
    """Same thread counts for every process (set before numpy is imported)."""
    n = str(threads)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS",
                "NUMBA_NUM_THREADS", "BENCH_THREADS"):
        os.environ[var] = n
    if data_dir:
        os.environ["SPARSELEARN_DATA_DIR"] = os.path.abspath(data_dir)
    os.environ["PYTHONWARNINGS"] = "ignore"
    os.environ.pop("NUMBA_DISABLE_JIT", None)


# ------------------------------------------------------------------ workers
class Timeout(Exception):
    pass


class Worker:
    """A solver process (``_worker.py``) with a per-request deadline."""

    def __init__(self, solver, log_dir, verbose=False):
        self.solver = solver
        self.log_path = os.path.join(log_dir, "worker-%s.log" % solver)
        self.verbose = verbose
        self.proc = None
        self.version = None
        self.error = None
        self.prepared = set()
        self.warm = set()
        self.restarts = 0
        self.pending = False
        self.warm_seconds = None
        self._id = 0

    def start(self):
        self.launch()
        return self.handshake()

    def launch(self):
        self._log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            [sys.executable, "-u", os.path.join(BENCH_DIR, "_worker.py"), self.solver],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True,
            cwd=BENCH_DIR)
        self._q = queue.Queue()
        threading.Thread(target=self._reader, args=(self.proc, self._q), daemon=True).start()

    def handshake(self):
        hello = self._get(300)
        self.prepared, self.warm = set(), set()
        if not hello.get("ok"):
            self.error = hello.get("error", "import failed")
            self.stop()
            return False
        self.version = hello["version"]
        self.threadpools = hello.get("threadpools")
        return True

    @staticmethod
    def _reader(proc, q):
        for line in proc.stdout:
            q.put(line)
        q.put(None)

    def _get(self, timeout):
        try:
            line = self._q.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise Timeout()
        if line is None:
            self.kill()
            raise RuntimeError("worker %s died (see %s)" % (self.solver, self.log_path))
        return json.loads(line)

    def request(self, timeout, **req):
        self.send(**req)
        return self.receive(timeout)

    def send(self, **req):
        if self.proc is None:
            raise RuntimeError("worker %s is not running" % self.solver)
        self._id += 1
        req["id"] = self._id
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        self.pending = True

    def receive(self, timeout):
        self.pending = False
        rep = self._get(timeout)
        if not rep.get("ok"):
            raise RuntimeError("%s failed: %s" % (self.solver, rep.get("error")))
        return rep

    def kill(self):
        if self.proc is not None:
            self.proc.kill()  # only this worker, by its own handle
            self.proc.wait()
            self.proc = None

    def stop(self):
        if self.proc is not None:
            try:
                self.proc.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=10)
            except Exception:
                self.kill()
            self.proc = None


# ------------------------------------------------------------ measurements
def machine_info(threads):
    import numpy as np

    info = {
        "python": sys.version.split()[0], "platform": platform.platform(),
        "cpu": _cpu_model(), "cpu_count": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "loadavg_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "threads": threads, "numpy": np.__version__,
    }
    try:
        from threadpoolctl import threadpool_info

        info["threadpools"] = [{k: p.get(k) for k in ("internal_api", "version", "num_threads")}
                               for p in threadpool_info()]
    except ImportError:
        pass
    return info


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def noise_probe(n=15):
    """Time a fixed numpy workload n times: how noisy is this machine right now?"""
    import numpy as np

    rng = np.random.default_rng(0)
    A = np.asfortranarray(rng.standard_normal((1000, 1000)))
    v = rng.standard_normal(1000)
    ts = []
    for _ in range(n):  # ~10 ms of single-threaded, memory-bound work
        t0 = time.perf_counter()
        for _ in range(10):
            v = A.T @ (A @ v)
            v /= np.abs(v).max()
        s = float(v.sum())
        ts.append(time.perf_counter() - t0)
    ts.sort()
    return {"median": ts[n // 2], "min": ts[0], "max": ts[-1],
            "spread": ts[-1] / ts[0] - 1.0, "checksum": float(s)}


def time_xty(X, y, repeat):
    import numpy as np

    X.T @ y
    ts = []
    for _ in range(max(repeat, 10)):
        t0 = time.perf_counter()
        X.T @ y
        ts.append(time.perf_counter() - t0)
    return float(np.median(ts)), float(np.min(ts)), len(ts)


def fmt_tol(r):
    return "%.0e" % r if r is not None else "-"


def rung_value(k):
    return 10.0 ** (-k)


class Cell:
    """All fits of one (problem, alpha) pair; best objective over every fit seen."""

    def __init__(self, problem, ratio, alpha):
        self.problem, self.ratio, self.alpha = problem, ratio, alpha
        self.best = math.inf
        self.reference = None
        self.results = {}

    def see(self, obj):
        if obj is not None and obj < self.best:
            self.best = obj

    def rel(self, obj):
        return (obj - self.best) / abs(self.best)


def interleaved_repeats(chosen, fit, repeat, budget):
    """Timed fits of several solvers on one cell, taken in rounds.

    ``chosen`` maps each solver to the accepted fit of its tolerance search
    (``time``, ``obj``; ``first`` when it was the first fit after a warm-up);
    ``fit(solver)`` runs one more fit at that tolerance and returns its reply
    (``{'timeout': True}`` when killed).  Each solver gets up to ``repeat``
    fits, fewer once one fit would exceed ``budget`` seconds in all (at least
    one).  The fits go round-robin, one per solver and round, so a stretch of
    machine noise falls on every solver alike instead of on one solver's
    series.  A solver allowed a single fit keeps its search fit (unless that
    was a first fit) instead of paying a slow fit twice.  Returns ``{solver:
    (times, objs)}``.
    """
    plan = {s: min(repeat, max(1, int(budget // c["time"]))) for s, c in chosen.items()}
    out = {s: ([], []) for s in chosen}
    for s, c in chosen.items():
        if plan[s] == 1 and not c.get("first"):
            out[s][0].append(c["time"])
            out[s][1].append(c["obj"])
    while True:
        todo = [s for s in chosen if len(out[s][0]) < plan[s]]
        if not todo:
            return out
        for s in todo:
            rep = fit(s)
            if rep.get("timeout"):
                plan[s] = len(out[s][0])
                if not out[s][0] and not chosen[s].get("first"):
                    out[s][0].append(chosen[s]["time"])
                    out[s][1].append(chosen[s]["obj"])
                continue
            out[s][0].append(rep["time"])
            out[s][1].append(rep["obj"])


def run_fit(worker, cell, native, timeout, log, ensure=None):
    """One fit; returns the reply dict, or {'timeout': True}.

    ``ensure`` restarts and re-warms a worker killed by an earlier timeout."""
    if worker.proc is None and (ensure is None or not ensure(worker)):
        raise RuntimeError("worker %s could not be restarted" % worker.solver)
    try:
        rep = worker.request(timeout, cmd="fit", problem=cell.problem, alpha=cell.alpha,
                             tol=native)
    except Timeout:
        log("      %s tol=%s: >%gs (killed)" % (worker.solver, fmt_tol(native), timeout))
        return {"timeout": True, "tol": native}
    rep["tol"] = native
    cell.see(rep["obj"])
    log("      %s tol=%s: %.4fs obj=%.15g rel=%.1e nnz=%d%s" % (
        worker.solver, fmt_tol(native), rep["time"], rep["obj"], cell.rel(rep["obj"]),
        rep["nnz"], " " + ",".join(rep["warnings"]) if rep["warnings"] else ""))
    return rep


def search_tol(worker, cell, args, log, ensure):
    """Loosest tolerance on a decade ladder (then half a decade) reaching the threshold.

    Rungs r = 1e-4 first; looser (up to 1) while it passes, else tighter (down to
    1e-13) until it passes.  Then half a decade looser than the loosest passing rung is
    tried.  Returns (chosen native tol, reply of that fit, history).
    """
    s = worker.solver
    hist = {}

    def attempt(k):
        native = _native(s, rung_value(k), cell.alpha)
        rep = run_fit(worker, cell, native, args.timeout, log, ensure)
        rep["rung"] = rung_value(k)
        hist[k] = rep
        return rep

    def ok(rep):
        return not rep.get("timeout") and cell.rel(rep["obj"]) <= args.threshold

    if s in args.fixed_tol:
        rep = run_fit(worker, cell, args.fixed_tol[s], args.timeout, log, ensure)
        rep["rung"] = None
        return rep, [rep]

    k = 4
    rep = attempt(k)
    if ok(rep):
        while k > 0:
            r2 = attempt(k - 1)
            if not ok(r2):
                break
            k -= 1
        fail = k - 1
    else:
        while not ok(rep) and not rep.get("timeout") and k < 13:
            k += 1
            rep = attempt(k)
        fail = k - 1
    if ok(hist[k]) and fail in hist and not hist[fail].get("timeout"):
        r_half = attempt(k - 0.5)
        if ok(r_half):
            k = k - 0.5
    passing = [kk for kk, r in hist.items() if ok(r)]
    if passing:
        chosen = hist[min(passing)]
    else:  # never reached the target: keep the most accurate finished fit (flagged later)
        done = [r for r in hist.values() if not r.get("timeout")]
        chosen = min(done, key=lambda r: r["obj"]) if done else hist[k]
    return chosen, [hist[kk] for kk in sorted(hist)]


def _native(solver, r, alpha):
    # mirror of _common.native_tol without importing solver code in this process
    return r * alpha if solver == "skglm" else r


def ratio_label(r):
    return "amax/%g" % r


# ------------------------------------------------------------------- main
def main(argv=None):
    args = parse_args(argv)
    configure_environment(args.threads, args.data_dir)
    sys.path.insert(0, BENCH_DIR)
    import numpy as np
    import _common as C

    if (PROBLEMS, SOLVERS) != (C.PROBLEMS, C.SOLVERS):
        sys.exit("error: run.py's PROBLEMS/SOLVERS differ from _common.py's")
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
    log_dir = os.path.join(args.out, "logs", stamp)
    os.makedirs(log_dir, exist_ok=True)
    t_start = time.perf_counter()
    say = lambda *a: print(*a, flush=True)  # noqa: E731
    vlog = say if args.verbose else (lambda *a: None)

    info = machine_info(args.threads)
    info["noise_probe"] = noise_probe()
    say("machine: %s, %s cpus (affinity %s), load avg %s" % (
        info["cpu"], info["cpu_count"], info["affinity"],
        " ".join("%.2f" % x for x in info["loadavg_start"] or ())))
    say("threads: %d for BLAS/OpenMP/Numba in every process; noise probe: min %.1f ms, "
        "median %.1f ms, max/min-1 = %.0f%%" % (
            args.threads, 1e3 * info["noise_probe"]["min"], 1e3 * info["noise_probe"]["median"],
            100 * info["noise_probe"]["spread"]))
    results = {"meta": dict(args=vars(args), machine=info, started=stamp,
                            data_dir=C.data_dir()),
               "problems": {}, "cells": [], "latency": None}

    workers = {}
    if not args.latency_only:
        launched = [Worker(s, log_dir, args.verbose) for s in args.solvers]
        for w in launched:  # imports run concurrently; nothing is timed yet
            w.launch()
        for w in launched:
            s = w.solver
            if w.handshake():
                workers[s] = w
                say("solver %-12s %s" % (s, w.version))
            else:
                say("solver %-12s SKIPPED (%s)" % (s, w.error))
        results["meta"]["versions"] = {s: w.version for s, w in workers.items()}
        if args.fixed_tol:
            say("fixed native tolerances: %s" % args.fixed_tol)
    ref_order = [s for s in C.REFERENCE_ORDER if s in workers]

    cells = []
    xty = {}
    for pname in ([] if args.latency_only else args.problems):
        for w in workers.values():  # the workers load the data while this process does
            if w.proc is not None and pname not in w.prepared:
                w.send(cmd="prepare", problem=pname)
        t0 = time.perf_counter()
        X, y, desc = C.load_problem(pname)
        load_s = time.perf_counter() - t0
        amax = C.alpha_max(X, y)
        n, p = X.shape
        nnz = X.nnz if hasattr(X, "nnz") else int(np.count_nonzero(X))
        xty[pname] = time_xty(X, y, args.repeat)
        results["problems"][pname] = dict(desc=desc, n=n, p=p, nnz=int(nnz), alpha_max=amax,
                                          sparse=hasattr(X, "nnz"), load_seconds=load_s,
                                          xty_median=xty[pname][0], xty_min=xty[pname][1])
        say("\n== %s: %d x %d, nnz %d, alpha_max %.6g  [%s]" % (pname, n, p, nnz, amax, desc))
        del X, y
        for w in workers.values():
            if w.pending:
                try:
                    w.receive(600)
                    w.prepared.add(pname)
                except (Timeout, RuntimeError) as exc:
                    say("   %s could not load %s: %s" % (w.solver, pname, str(exc)[-300:]))
        warm = {}
        for s, w in workers.items():
            warm[s] = w.warm_seconds if _ensure(w, pname, amax, args, say) else None
        say("   warm-up fit (alpha_max/10, incl. compilation): " + ", ".join(
            "%s %.2fs" % (s, t) if t is not None else "%s failed" % s for s, t in warm.items()))
        results["problems"][pname]["warmup_seconds"] = warm

        def ensure(w, pname=pname, amax=amax):
            return _ensure(w, pname, amax, args, say)

        for ratio in args.alphas:
            cell = Cell(pname, ratio, amax / ratio)
            cells.append(cell)
            # 1. reference objective: first available solver of REFERENCE_ORDER, tol 1e-10
            #    (budget 2 x timeout; a timeout means the cell is too slow for the budget,
            #    so no other solver is tried)
            for s in ref_order:
                if not ensure(workers[s]):
                    continue
                try:
                    rep = run_fit(workers[s], cell, _native(s, 1e-10, cell.alpha),
                                  2 * args.timeout, vlog, ensure)
                except RuntimeError as exc:
                    say("   reference fit with %s failed: %s" % (
                        s, str(exc).strip().splitlines()[-1]))
                    continue
                if not rep.get("timeout"):
                    cell.reference = dict(solver=s, tol=rep["tol"], obj=rep["obj"],
                                          dual_gap=rep.get("dual_gap"), time=rep["time"])
                break
            if cell.reference is None:
                say("   %s %s: no reference objective (timeout or no solver); the tolerance "
                    "search compares with the best fit seen so far" % (pname, ratio_label(ratio)))
            # 2. per solver: tolerance search; 3. timed fits of all solvers, interleaved
            chosen = {}
            for s, w in workers.items():
                if not ensure(w):
                    cell.results[s] = dict(error=w.error or "worker unavailable")
                    continue
                vlog("   %s %s %s: search" % (pname, ratio_label(ratio), s))
                try:
                    c, hist = search_tol(w, cell, args, vlog, ensure)
                except RuntimeError as exc:
                    cell.results[s] = dict(error=str(exc)[-2000:])
                    say("   %s %s %s: ERROR %s" % (pname, ratio_label(ratio), s,
                                                  str(exc).strip().splitlines()[-1]))
                    continue
                cell.results[s] = dict(tol=c["tol"], rung=c.get("rung"), search=hist)
                if c.get("timeout"):
                    cell.results[s].update(timeout=True, times=[])
                else:
                    chosen[s] = c
            timed = interleaved_repeats(
                chosen, lambda s: run_fit(workers[s], cell, chosen[s]["tol"], args.timeout,
                                          vlog, ensure),
                args.repeat, args.cell_budget)
            for s, c in chosen.items():
                res = cell.results[s]
                times, objs = timed[s]
                if not times:
                    res.update(timeout=True, times=[])
                else:
                    res.update(times=times, objs=objs, obj=max(objs), nnz=c["nnz"],
                               n_iter=c.get("n_iter"), dual_gap=c.get("dual_gap"),
                               warnings=c.get("warnings", []))
            for s, res in cell.results.items():
                if "error" in res:
                    continue
                say("   %-13s %-9s %-12s tol %-7s %s" % (
                    pname, ratio_label(ratio), s, fmt_tol(res["tol"]),
                    ">%gs" % args.timeout if res.get("timeout") else
                    "median %.4fs over %d  (search: %d fits)" % (
                        float(np.median(res["times"])), len(res["times"]),
                        len(res["search"]))))

    for w in workers.values():
        w.stop()

    rows = build_rows(cells, workers, xty, args, results)
    if rows:
        print_table(rows, args, results)
        print_summary(rows, args)
    if not args.no_latency:
        results["latency"] = latency(args, say, log_dir)
    results["meta"]["seconds"] = time.perf_counter() - t_start
    results["meta"]["loadavg_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    results["rows"] = rows
    write_results(results, rows, args.out, stamp, say)
    say("total wall time %.0f s" % results["meta"]["seconds"])


def _ensure(w, pname, amax, args, say):
    """(Re)start a worker if needed, load the problem and warm it up (once per problem).

    The warm-up is one fit at alpha_max/10 with tol 1e-4 (ladder units): it pays the
    JIT compilation / cache loading for this kind of design matrix before any timing.
    """
    if w.proc is not None and pname in w.warm:
        return True
    try:
        if w.proc is None:
            w.restarts += 1
            if not w.start():
                return False
        if pname not in w.prepared:
            w.request(600, cmd="prepare", problem=pname)
            w.prepared.add(pname)
        rep = w.request(max(args.timeout, 600), cmd="fit", problem=pname, alpha=amax / 10,
                        tol=_native(w.solver, 1e-4, amax / 10))
        w.warm_seconds = rep["time"]
        w.warm.add(pname)
        return True
    except (Timeout, RuntimeError) as exc:
        say("   %s unavailable on %s: %s" % (w.solver, pname, str(exc)[-300:]))
        return False


# ------------------------------------------------------------------ output
def build_rows(cells, workers, xty, args, results):
    import numpy as np

    rows = []
    for pname in args.problems:
        if pname not in xty:
            continue
        med, mn, cnt = xty[pname]
        rows.append(dict(problem=pname, alpha_ratio=None, alpha=None, solver="X.T@y", tol=None,
                         repeats=cnt, median=med, min=mn, rel_gap=None, flagged=False,
                         nnz=None, ratio=None, timeout=False, n_iter=None, warnings=""))
        for cell in (c for c in cells if c.problem == pname):
            base = cell.results.get("sparselearn", {})
            base_t = float(np.median(base["times"])) if base.get("times") else None
            cell_json = dict(problem=pname, alpha_ratio=cell.ratio, alpha=cell.alpha,
                             best_obj=cell.best, reference=cell.reference, solvers={})
            for s in workers:
                r = cell.results.get(s)
                if r is None:
                    continue
                cell_json["solvers"][s] = r
                if r.get("error"):
                    rows.append(dict(problem=pname, alpha_ratio=cell.ratio, alpha=cell.alpha,
                                     solver=s, tol=None, repeats=0, median=None, min=None,
                                     rel_gap=None, flagged=True, nnz=None, ratio=None,
                                     timeout=False, n_iter=None, warnings="ERROR"))
                    continue
                if r.get("timeout"):
                    rows.append(dict(problem=pname, alpha_ratio=cell.ratio, alpha=cell.alpha,
                                     solver=s, tol=r["tol"], repeats=0, median=None, min=None,
                                     rel_gap=None, flagged=False, nnz=None,
                                     ratio=(args.timeout / base_t) if base_t else None,
                                     timeout=True, n_iter=None, warnings=""))
                    continue
                med = float(np.median(r["times"]))
                rel = cell.rel(r["obj"])
                r["rel_gap"] = rel
                rows.append(dict(problem=pname, alpha_ratio=cell.ratio, alpha=cell.alpha,
                                 solver=s, tol=r["tol"], repeats=len(r["times"]), median=med,
                                 min=float(np.min(r["times"])), rel_gap=rel,
                                 flagged=rel > args.threshold, nnz=r["nnz"],
                                 ratio=(med / base_t) if base_t else None, timeout=False,
                                 n_iter=r.get("n_iter"), warnings=",".join(r["warnings"]),
                                 obj=r["obj"], search_fits=len(r["search"])))
            results["cells"].append(cell_json)
    return rows


def _t(x):
    if x is None:
        return "-"
    return "%.2e" % x if x < 1e-3 else "%.4f" % x if x < 10 else "%.2f" % x


def print_table(rows, args, results):
    print()
    print("Lasso, fit_intercept=False; times in seconds (median and min of n timed fits after "
          "warm-up); rel_gap = (obj - best)/best with obj = 0.5/n*||y - Xw||^2 + alpha*||w||_1;")
    print("'*' = rel_gap > %g; tol = native tolerance found by the search; ratio = median / "
          "sparselearn median (>1: sparselearn faster)" % args.threshold)
    hdr = "%-13s %-9s %-12s %-8s %2s %10s %10s %10s %6s %8s" % (
        "problem", "alpha", "solver", "tol", "n", "median", "min", "rel_gap", "nnz", "ratio")
    print(hdr)
    print("-" * len(hdr))
    prev = None
    for r in rows:
        if prev is not None and r["problem"] != prev:
            print()
        prev = r["problem"]
        if r["timeout"]:
            med = mn = ">%gs" % args.timeout
            ratio = ">%.1f" % r["ratio"] if r["ratio"] else "-"
        else:
            med, mn = _t(r["median"]), _t(r["min"])
            ratio = "%.2f" % r["ratio"] if r["ratio"] is not None else "-"
        if r["rel_gap"] is None:
            rel = "-" if r["warnings"] != "ERROR" else "ERROR"
        else:
            rel = "%.1e%s" % (max(r["rel_gap"], 0.0), "*" if r["flagged"] else " ")
        print("%-13s %-9s %-12s %-8s %2s %10s %10s %10s %6s %8s%s" % (
            r["problem"], ratio_label(r["alpha_ratio"]) if r["alpha_ratio"] else "-",
            r["solver"], fmt_tol(r["tol"]) if r["tol"] else "-", r["repeats"], med, mn, rel,
            r["nnz"] if r["nnz"] is not None else "-", ratio,
            "  (%s)" % r["warnings"] if r["warnings"] and r["warnings"] != "ERROR" else ""))
    refs = [c for c in results["cells"] if c.get("reference")]
    if refs:
        print("\nreference objectives (not timed): " + "; ".join(
            "%s %s: %s tol=%s obj=%.12g" % (c["problem"], ratio_label(c["alpha_ratio"]),
                                             c["reference"]["solver"],
                                             fmt_tol(c["reference"]["tol"]),
                                             c["reference"]["obj"]) for c in refs))


C_PRETTY = {"sklearn": "scikit-learn", "skglm": "skglm", "celer": "celer"}


def print_summary(rows, args):
    def find(problem, ratio, solver):
        for r in rows:
            if (r["problem"], r["alpha_ratio"], r["solver"]) == (problem, ratio, solver):
                return r
        return None

    def speedup(problem, ratio, peer):
        """'12.3x' (peer median / sparselearn median), '>4.0x' if the peer timed out."""
        a, b = find(problem, ratio, "sparselearn"), find(problem, ratio, peer)
        if a is None or b is None or a["median"] is None or (b["median"] is None
                                                             and not b["timeout"]):
            return None
        if b["timeout"]:
            txt = ">%.1fx" % (args.timeout / a["median"])
        else:
            x = b["median"] / a["median"]
            txt = ("%.1fx" if x >= 1 else "%.2fx") % x
        flagged = [x["solver"] for x in (a, b) if x["flagged"]]
        return txt + (" (*: %s)" % ",".join(flagged) if flagged else "")

    print()
    main_problems = [p for p in ("leukemia", "news20", "spambase_tall") if p in args.problems]
    if 100 in args.alphas and main_problems:
        parts = [speedup(p, 100, "sklearn") for p in main_problems]
        if all(parts):
            print("SUMMARY: sparselearn is %s faster than scikit-learn at alpha_max/100 on %s" % (
                " / ".join(parts), " / ".join(main_problems)))
    print("speed-up of sparselearn (peer median / sparselearn median; <1x: sparselearn slower):")
    for peer in ("sklearn", "skglm", "celer"):
        for ratio in args.alphas:
            parts = ["%s %s" % (sp_, problem) for problem in args.problems
                     for sp_ in [speedup(problem, ratio, peer)] if sp_ is not None]
            if parts:
                print("  vs %-12s at %-10s %s" % (C_PRETTY.get(peer, peer),
                                                  ratio_label(ratio) + ":", ", ".join(parts)))


# ---------------------------------------------------------------- latency
def latency(args, say, log_dir):
    """First and second fit in fresh processes, warm and cold Numba cache."""
    solvers = [s for s in args.solvers if s in ("sparselearn", "skglm", "sklearn", "celer")]
    if not args.cold:  # --quick: only sparselearn's warm-cache first fit
        solvers = [s for s in solvers if s == "sparselearn"]
    say("\n== first-fit latency (fresh process; leukemia; Lasso(alpha=alpha_max/100) with "
        "library defaults; import not included)")
    out = []
    tmp_root = tempfile.mkdtemp(prefix="sparselearn-bench-")
    try:
        for s in solvers:
            # only Numba-compiled solvers have a cache to be warm or cold
            modes = (["warm", "cold"] if args.cold else ["warm"]) if s in (
                "sparselearn", "skglm") else ["n/a"]
            for mode in modes:
                cache = os.path.join(tmp_root, "%s-%s" % (s, mode))
                os.makedirs(cache)
                env = dict(os.environ, NUMBA_CACHE_DIR=cache)
                r = None
                if mode == "warm":  # fill the cache once
                    r = _probe(s, env, log_dir)
                if mode != "warm" or r is not None:
                    r = _probe(s, env, log_dir)
                if r is None:
                    say("   %-12s %-5s probe failed (see %s)" % (
                        s, mode, os.path.join(log_dir, "latency-%s.log" % s)))
                    continue
                r["mode"] = mode
                r["cache_files"] = sum(len(f) for _, _, f in os.walk(cache))
                out.append(r)
        say("%-12s %-5s %9s %9s %9s %13s %11s" % ("solver", "cache", "import", "1st fit",
                                                    "2nd fit", "1st - 2nd", "cache files"))
        for r in out:
            say("%-12s %-5s %8.2fs %8.3fs %8.3fs %12.3fs %11d" % (
                r["solver"], r["mode"], r["import"], r["first"], r["second"],
                r["first"] - r["second"], r["cache_files"]))
        say("   warm: NUMBA_CACHE_DIR filled by an earlier process; cold: a new empty "
            "NUMBA_CACHE_DIR; n/a: no JIT.  1st - 2nd = one-off cost of the first call.")
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    return out


def _probe(solver, env, log_dir):
    with open(os.path.join(log_dir, "latency-%s.log" % solver), "a") as log:
        try:
            cp = subprocess.run([sys.executable, os.path.join(BENCH_DIR, "_latency.py"), solver],
                                env=env, cwd=BENCH_DIR, stdout=subprocess.PIPE, stderr=log,
                                text=True, timeout=600)
        except subprocess.TimeoutExpired:
            return None
    if cp.returncode != 0:
        return None
    return json.loads(cp.stdout.strip().splitlines()[-1])


def write_results(results, rows, out, stamp, say):
    jpath = os.path.join(out, "lasso-%s.json" % stamp)
    cpath = os.path.join(out, "lasso-%s.csv" % stamp)
    with open(jpath, "w") as f:
        json.dump(results, f, indent=1, default=_json_default)
    fields = ["problem", "alpha_ratio", "alpha", "solver", "tol", "repeats", "median", "min",
              "rel_gap", "flagged", "nnz", "ratio", "timeout", "n_iter", "obj", "search_fits",
              "warnings"]
    with open(cpath, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)
    for src, name in ((jpath, "latest.json"), (cpath, "latest.csv")):
        shutil.copyfile(src, os.path.join(out, name))
    say("\nresults: %s, %s (copies: latest.json, latest.csv)" % (jpath, cpath))


def _json_default(o):
    try:
        import numpy as np

        if isinstance(o, np.generic):
            return o.item()
    except ImportError:
        pass
    if isinstance(o, set):
        return sorted(o)
    return str(o)


if __name__ == "__main__":
    main()
