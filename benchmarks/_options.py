"""Command-line options shared by the solver benchmarks (``run.py``, ``logistic.py``).

Kept apart from ``_common.py``: the orchestrators parse their options before
numpy is imported (the thread counts must be set first).
"""

import os

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))


def add_accuracy_and_io_options(p):
    """The options every solver benchmark shares: accuracy target, fixed tolerances,
    threads, data and output directories."""
    p.add_argument("--threshold", type=float, default=1e-6,
                   help="accuracy target: relative objective gap to the best (default 1e-6)")
    p.add_argument("--tol", action="append", default=[], metavar="SOLVER=TOL",
                   help="fix a solver's native tol instead of searching for it (repeatable)")
    p.add_argument("--threads", type=int, default=1,
                   help="BLAS/OpenMP/Numba threads for every process (default 1)")
    p.add_argument("--data-dir", default=None,
                   help="directory of the shared data (default $SPARSELEARN_DATA_DIR or "
                        "<repo>/../shared/data)")
    p.add_argument("--out", default=os.path.join(BENCH_DIR, "results"),
                   help="directory for the JSON/CSV results and logs (default benchmarks/results)")
