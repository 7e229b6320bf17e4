"""One benchmark worker process: imports ONE solver and runs the fits it is sent.

Started by ``run.py`` as ``python _worker.py SOLVER``.  Protocol: one JSON object per
line on stdin (requests) and on the original stdout (replies); anything the libraries
print goes to stderr, which ``run.py`` sends to a log file.  Running each solver in
its own process lets ``run.py`` enforce a time budget (it kills the worker) and keeps
the solvers from sharing caches, threads or compiled code.
"""

import json
import os
import sys
import traceback
import warnings


def main():
    solver = sys.argv[1]
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
        version = C.solver_version(solver)
    except Exception as exc:  # the solver is not importable: say why and stop
        reply({"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)})
        return
    reply({"ok": True, "version": version, "pid": os.getpid(), "threadpools": pools})

    problems = {}
    for line in sys.stdin:
        req = json.loads(line)
        rid = req.get("id")
        try:
            cmd = req["cmd"]
            if cmd == "quit":
                break
            if cmd == "prepare":
                if req["problem"] not in problems:
                    X, y, _ = C.load_problem(req["problem"])
                    problems[req["problem"]] = (X, y)
                reply({"id": rid, "ok": True})
            elif cmd == "fit":
                X, y = problems[req["problem"]]
                alpha = req["alpha"]
                est = C.make_estimator(solver, alpha, req["tol"])
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    seconds = C.timed_fit(est, X, y)
                w = est.coef_
                dual_gap = getattr(est, "dual_gap_", None)
                reply({
                    "id": rid, "ok": True, "time": seconds,
                    "obj": C.objective(X, y, w, alpha),
                    "nnz": int((w != 0).sum()),
                    "n_iter": _scalar(getattr(est, "n_iter_", None)),
                    "dual_gap": _scalar(dual_gap),
                    "warnings": sorted({type(m.message).__name__ for m in caught
                                        if "Convergence" in type(m.message).__name__}),
                })
            else:
                raise ValueError("unknown command %r" % cmd)
        except Exception:
            reply({"id": rid, "ok": False, "error": traceback.format_exc()})


def _scalar(v):
    if v is None:
        return None
    try:
        import numpy as np

        a = np.asarray(v, dtype=float).ravel()
        return float(a[-1]) if a.size else None
    except Exception:
        return None


if __name__ == "__main__":
    main()
