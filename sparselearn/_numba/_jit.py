"""The one jit decorator of the project.

Every compiled function is cached on disk (``cache=True``) and releases the
GIL (``nogil=True``) so cross-validation folds can run in threads.  The fast
math flags keep the IEEE semantics of ``inf`` and ``nan`` (the kernels use
infinite bounds).  Reassociation, which lets LLVM vectorise reductions, is
given only to the dense column primitives (``REASSOC``): the sparse ones are
inlined into the kernels, and a vectorised gather over a short sparse column
is slower than the scalar loop (see :mod:`.design`).
"""

import numba

FASTMATH = {"contract", "arcp", "nsz"}
REASSOC = FASTMATH | {"reassoc"}
JIT_OPTIONS = dict(cache=True, nogil=True, fastmath=FASTMATH, error_model="numpy")


def jit(func=None, **options):
    """``numba.njit`` with the project's options (cache, nogil, fast math)."""
    opts = dict(JIT_OPTIONS, fastmath=set(FASTMATH))
    opts.update(options)
    if func is None:
        return lambda f: numba.njit(**opts)(f)
    return numba.njit(**opts)(func)
