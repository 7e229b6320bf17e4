"""First-fit latency probe, run by ``run.py`` in a fresh process per measurement.

``python _latency.py SOLVER`` imports the solver (timed separately), loads leukemia
(not timed), then times two identical fits ``Lasso(alpha=alpha_max/100).fit(X, y)``
with the library's defaults otherwise (what a user types first).  The difference
first - second is the one-off cost of the first call: JIT compilation, or loading
compiled code from the Numba cache (NUMBA_CACHE_DIR, set by ``run.py``).
Prints one JSON line.
"""

import json
import sys
import time


def main():
    solver = sys.argv[1]
    t0 = time.perf_counter()
    import _common as C  # numpy, scipy

    t1 = time.perf_counter()
    version = C.solver_version(solver)
    C.make_estimator(solver, 1.0, 1e-4, defaults=True)  # import the estimator module
    t2 = time.perf_counter()
    X, y, _ = C.load_problem("leukemia")
    alpha = C.alpha_max(X, y) / 100
    first = C.timed_fit(C.make_estimator(solver, alpha, None, defaults=True), X, y)
    second = C.timed_fit(C.make_estimator(solver, alpha, None, defaults=True), X, y)
    print(json.dumps({"solver": solver, "version": version, "import_numpy": t1 - t0,
                      "import": t2 - t1, "first": first, "second": second}))


if __name__ == "__main__":
    main()
