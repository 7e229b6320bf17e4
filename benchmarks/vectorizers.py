#!/usr/bin/env python
"""Text vectorizers: sparselearn.feature_extraction.text against scikit-learn on 20 newsgroups.

    python benchmarks/vectorizers.py              # all 18846 posts, 5 repeats (~3 min)
    python benchmarks/vectorizers.py --quick      # 3000 posts, 3 repeats (~35 s)

For each cell, one warm-up call of each library (Numba's cache loading, first
touches), then ``--repeat`` timed calls, alternating the libraries; the table
shows medians (and minimums) of ``time.perf_counter()`` around the call, with
the garbage collector collected before and disabled during it, and
``ratio = scikit-learn median / sparselearn median`` (> 1: sparselearn faster).
Every cell also checks that both libraries return the same matrix (``data``,
``indices``, ``indptr``, dtype: column ``same output``).

Cells:

* ``count`` / ``tfidf``: ``CountVectorizer()`` / ``TfidfVectorizer()`` with the
  defaults; ``fit_transform`` on the corpus, and ``transform`` of the corpus by
  a vectorizer fitted on it.
* ``hashing``: scikit-learn's ``HashingVectorizer().transform`` (its ``fit``
  does nothing) against sparselearn's ``InvertibleHashingVectorizer``:
  ``fit_transform`` (the same matrix, plus the term map learned in the same
  pass) and the stateless ``transform``.

The script puts the repository root first on ``sys.path`` (it benchmarks this
checkout) and reads the documents with the shared data's ``load.py``.
"""

import argparse
import os
import platform
import sys
import time

REPO_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CELLS = ("count", "tfidf", "hashing")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Time text vectorizers against scikit-learn's.")
    p.add_argument("--quick", action="store_true",
                   help="3000 posts, 3 repeats (a smoke test; ratios are noisier)")
    p.add_argument("--cells", default=",".join(CELLS),
                   help="comma list from %s (default: all)" % ",".join(CELLS))
    p.add_argument("--repeat", type=int, default=None, help="timed calls per cell (default 5)")
    p.add_argument("--docs", type=int, default=None,
                   help="use the first N posts (default: all 18846)")
    p.add_argument("--subset", default="all", choices=("all", "train", "test"),
                   help="bydate split of 20 newsgroups (default: all)")
    p.add_argument("--threads", type=int, default=1,
                   help="BLAS / OpenMP / Numba threads (default 1)")
    p.add_argument("--data-dir", default=None,
                   help="shared data directory with load.py "
                        "(default: $SPARSELEARN_DATA_DIR or <repo>/../shared/data)")
    a = p.parse_args(argv)
    a.cells = [c.strip() for c in a.cells.split(",") if c.strip()]
    bad = [c for c in a.cells if c not in CELLS]
    if bad:
        p.error("--cells: unknown %s (choose from %s)" % (", ".join(bad), ", ".join(CELLS)))
    a.repeat = a.repeat or (3 if a.quick else 5)
    if a.docs is None and a.quick:
        a.docs = 3000
    return a


def load_documents(args):
    if args.data_dir:
        os.environ["SPARSELEARN_DATA_DIR"] = os.path.abspath(args.data_dir)
    sys.path.insert(0, os.path.join(REPO_DIR, "benchmarks"))
    import _common  # the shared-data loader every benchmark uses

    try:
        load = _common._loader()
    except FileNotFoundError as exc:
        sys.exit(str(exc))
    docs, _ = load("20newsgroups", subset=args.subset)
    return list(docs[: args.docs]) if args.docs else list(docs)


def timed(func):
    """Seconds of one call (garbage collector off during it) and its result."""
    import gc

    gc.collect()
    gc.disable()
    try:
        t0 = time.perf_counter()
        out = func()
        return time.perf_counter() - t0, out
    finally:
        gc.enable()


def same_matrix(A, B):
    import numpy as np

    return (A.shape == B.shape and A.dtype == B.dtype and np.array_equal(A.indptr, B.indptr)
            and np.array_equal(A.indices, B.indices) and np.array_equal(A.data, B.data))


def cells(names, docs):
    """(cell, operation, sparselearn call, scikit-learn call) for each timing."""
    from sklearn.feature_extraction import text as sk

    from sparselearn.feature_extraction import text as sl

    out = []
    for name in names:
        if name in ("count", "tfidf"):
            cls_sl = sl.CountVectorizer if name == "count" else sl.TfidfVectorizer
            cls_sk = sk.CountVectorizer if name == "count" else sk.TfidfVectorizer
            fitted_sl, fitted_sk = cls_sl().fit(docs), cls_sk().fit(docs)
            out.append((name, "fit_transform", lambda c=cls_sl: c().fit_transform(docs),
                        lambda c=cls_sk: c().fit_transform(docs)))
            out.append((name, "transform", lambda v=fitted_sl: v.transform(docs),
                        lambda v=fitted_sk: v.transform(docs)))
        else:
            hv = sk.HashingVectorizer()
            out.append(("hashing", "fit_transform",
                        lambda: sl.InvertibleHashingVectorizer().fit_transform(docs),
                        lambda: hv.fit_transform(docs)))
            out.append(("hashing", "transform",
                        lambda: sl.InvertibleHashingVectorizer().transform(docs),
                        lambda: hv.transform(docs)))
    return out


def main(argv=None):
    args = parse_args(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "NUMBA_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    if REPO_DIR not in sys.path:
        sys.path.insert(0, REPO_DIR)
    import numba
    import numpy as np
    import scipy
    import sklearn

    import sparselearn

    t0 = time.perf_counter()
    docs = load_documents(args)
    print("20 newsgroups (%s): %d posts, %.1f M characters (loaded in %.1f s)"
          % (args.subset, len(docs), sum(map(len, docs)) / 1e6, time.perf_counter() - t0))
    print("python %s, numpy %s, scipy %s, scikit-learn %s, numba %s, sparselearn %s; "
          "%s, %d CPUs, %d thread(s)"
          % (platform.python_version(), np.__version__, scipy.__version__, sklearn.__version__,
             numba.__version__, sparselearn.__version__, platform.machine(), os.cpu_count(),
             args.threads))
    print("medians of %d timed calls after 1 warm-up; ratio = scikit-learn / sparselearn\n"
          % args.repeat)

    header = "%-8s %-14s %12s %12s %12s %12s %7s  %s" % (
        "cell", "operation", "sklearn med", "sklearn min", "ours med", "ours min", "ratio",
        "same output")
    print(header)
    print("-" * len(header))
    for cell, op, ours, theirs in cells(args.cells, docs):
        _, X_sl = timed(ours)  # warm-up (and the outputs compared below)
        _, X_sk = timed(theirs)
        same = same_matrix(X_sl, X_sk)
        t_sl, t_sk = [], []
        for _ in range(args.repeat):
            t_sl.append(timed(ours)[0])
            t_sk.append(timed(theirs)[0])
        med_sl, med_sk = float(np.median(t_sl)), float(np.median(t_sk))
        print("%-8s %-14s %11.3fs %11.3fs %11.3fs %11.3fs %6.1fx  %s" % (
            cell, op, med_sk, min(t_sk), med_sl, min(t_sl), med_sk / med_sl,
            "yes" if same else "NO"))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
