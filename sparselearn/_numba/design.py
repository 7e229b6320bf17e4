"""Column primitives of a design matrix, written once per storage format.

A *design* is one of three numba types, chosen in Python by
``sparselearn.linear_model._base.make_design``:

``dense``
    a 2-D array of shape ``(n_samples, n_features)``, Fortran ordered.
``csc``
    a tuple ``(data, indices, indptr)`` of a CSC matrix.
``centered csc``
    a tuple ``(data, indices, indptr, mu, v, vv)`` standing for the matrix
    ``X - v mu^T`` without forming it: column ``j`` is ``x_j - mu_j v`` where
    ``v`` is the vector of square-root sample weights (ones when unweighted),
    ``mu_j = <x_j, v> / ||v||^2`` and ``vv = [||v||^2]``.

Kernels take the column ``t`` of a Fortran-ordered residual matrix ``R`` as
``np.ascontiguousarray(R[:, t])`` (a view): with the plain ``R[:, t]`` (or
``R.T[t]``) numba's dense dot products are not vectorised, 4x slower on
leukemia's 72-sample columns.

A residual is stored as a vector ``r`` plus a scalar offset ``o`` (a length-1
array): the true residual is ``r + o[0] * v``.  Subtracting ``a`` times a
centered column then costs O(nnz of the column), glmnet's trick: the sparse
part goes into ``r`` and the dense part ``a mu_j v`` into the offset.  Since
every centered column and the centered target are orthogonal to ``v``, the
true residual stays orthogonal to ``v`` and
``<x_j - mu_j v, r + o v> = <x_j, r> + o mu_j ||v||^2``.
For the other designs the offset stays zero.

Each primitive has a pure-Python body (used under ``NUMBA_DISABLE_JIT=1``)
and a numba overload picked on the type of the design at compile time, so
kernels call ``col_dot(X, j, r, o)`` whatever ``X`` is.
"""

import numpy as np
from numba import types
from numba.extending import overload, register_jitable

from ._jit import JIT_OPTIONS, REASSOC, jit

_OVERLOAD_OPTIONS = {k: v for k, v in JIT_OPTIONS.items() if k != "cache"}


# ---------------------------------------------------------------- dense
def _dense_dot(X, j, r, o):
    s = 0.0
    for i in range(X.shape[0]):
        s += X[i, j] * r[i]
    return s


def _dense_axpy(X, j, a, r, o):
    for i in range(X.shape[0]):
        r[i] += a * X[i, j]


def _dense_sqnorm(X, j):
    s = 0.0
    for i in range(X.shape[0]):
        s += X[i, j] * X[i, j]
    return s


def _plain_flush(X, r, o):
    pass


# ---------------------------------------------------------------- csc
# The loops over a sparse column index with unsigned integers: numba wraps
# negative signed indices around, a test and a select per access that cost
# about 30 % of a pass over news20's columns.  The dot product keeps two
# partial sums, which halves the chain of dependent additions (20 % on long
# columns).  Each loop stays the only one of its function, after at most one
# branch: with a second loop or exit numba no longer removes the reference
# counting of the design's arrays, a call per column that tripled the time
# of an ``X^T r`` pass over news20's mostly short columns.
_ONE = np.uint64(1)
_TWO = np.uint64(2)


@register_jitable(inline="always")
def _sparse_dot(data, indices, lo, end, r):
    s0 = 0.0
    s1 = 0.0
    if (end - lo) & _ONE:
        s0 = data[lo] * r[np.uint64(indices[lo])]
        lo += _ONE
    for k in range(lo, end, _TWO):
        s0 += data[k] * r[np.uint64(indices[k])]
        s1 += data[k + _ONE] * r[np.uint64(indices[k + _ONE])]
    return s0 + s1


@register_jitable(inline="always")
def _sparse_axpy(data, indices, lo, end, a, r):
    for k in range(lo, end):
        r[np.uint64(indices[k])] += a * data[k]


@register_jitable(inline="always")
def _sparse_sqnorm(data, lo, end):
    s = 0.0
    for k in range(lo, end):
        s += data[k] * data[k]
    return s


def _csc_dot(X, j, r, o):
    return _sparse_dot(X[0], X[1], np.uint64(X[2][j]), np.uint64(X[2][j + 1]), r)


def _csc_axpy(X, j, a, r, o):
    _sparse_axpy(X[0], X[1], np.uint64(X[2][j]), np.uint64(X[2][j + 1]), a, r)


def _csc_sqnorm(X, j):
    return _sparse_sqnorm(X[0], np.uint64(X[2][j]), np.uint64(X[2][j + 1]))


# ---------------------------------------------------------------- centered csc
def _ccsc_dot(X, j, r, o):
    s = _sparse_dot(X[0], X[1], np.uint64(X[2][j]), np.uint64(X[2][j + 1]), r)
    return s + o[0] * X[3][j] * X[5][0]


def _ccsc_axpy(X, j, a, r, o):
    _sparse_axpy(X[0], X[1], np.uint64(X[2][j]), np.uint64(X[2][j + 1]), a, r)
    o[0] -= a * X[3][j]


def _ccsc_sqnorm(X, j):
    s = _sparse_sqnorm(X[0], np.uint64(X[2][j]), np.uint64(X[2][j + 1]))
    mu, vv = X[3], X[5]
    # ||x_j - mu_j v||^2 = ||x_j||^2 - mu_j^2 ||v||^2 since <x_j, v> = mu_j ||v||^2
    return max(s - mu[j] * mu[j] * vv[0], 0.0)


def _ccsc_flush(X, r, o):
    v = X[4]
    if o[0] != 0.0:
        for i in range(r.shape[0]):
            r[i] += o[0] * v[i]
        o[0] = 0.0


# ---------------------------------------------------------------- dispatch
def _kind(X):
    """Storage kind of a design, for Python values or numba types."""
    if isinstance(X, (np.ndarray, types.Array)):
        return 0
    n = len(X) if isinstance(X, tuple) else len(X.types)
    if n == 3:
        return 1
    if n == 6:
        return 2
    raise TypeError("unknown design type")


def col_dot(X, j, r, o):
    """``<column j, true residual>`` for a residual ``(r, o)``."""
    return (_dense_dot, _csc_dot, _ccsc_dot)[_kind(X)](X, j, r, o)


def col_axpy(X, j, a, r, o):
    """Residual ``(r, o) += a * column j`` in O(nnz of the column)."""
    return (_dense_axpy, _csc_axpy, _ccsc_axpy)[_kind(X)](X, j, a, r, o)


def col_sqnorm(X, j):
    """Squared Euclidean norm of column ``j``."""
    return (_dense_sqnorm, _csc_sqnorm, _ccsc_sqnorm)[_kind(X)](X, j)


def flush(X, r, o):
    """Fold the offset of a residual ``(r, o)`` into ``r``."""
    return (_plain_flush, _plain_flush, _ccsc_flush)[_kind(X)](X, r, o)


# Dense columns are contiguous: reassociation lets LLVM vectorise their
# reductions, worth a function call per column.  Sparse columns are gathers
# over short runs (17 non-zeros per column on average on news20 tf-idf),
# where the vectorised reduction is 1.6x slower than the scalar loop and a
# call per column costs another 25%: they are inlined into the kernels,
# which are compiled without reassociation.
_DENSE_OPTIONS = dict(_OVERLOAD_OPTIONS, fastmath=set(REASSOC))
_KIND_OPTIONS = (((0,), _DENSE_OPTIONS, "never"), ((1, 2), _OVERLOAD_OPTIONS, "always"))


def _pick(impls, kinds, X):
    kind = _kind(X)
    return impls[kind] if kind in kinds else None


def _register(kinds, options, inline):
    # numba wants each typing function to carry the implementation's argument names
    @overload(col_dot, jit_options=options, inline=inline)
    def _ov_dot(X, j, r, o):
        return _pick((_dense_dot, _csc_dot, _ccsc_dot), kinds, X)

    @overload(col_axpy, jit_options=options, inline=inline)
    def _ov_axpy(X, j, a, r, o):
        return _pick((_dense_axpy, _csc_axpy, _ccsc_axpy), kinds, X)

    @overload(col_sqnorm, jit_options=options, inline=inline)
    def _ov_sqnorm(X, j):
        return _pick((_dense_sqnorm, _csc_sqnorm, _ccsc_sqnorm), kinds, X)

    @overload(flush, jit_options=options, inline=inline)
    def _ov_flush(X, r, o):
        return _pick((_plain_flush, _plain_flush, _ccsc_flush), kinds, X)


for _kinds, _options, _inline in _KIND_OPTIONS:
    _register(_kinds, _options, _inline)


def n_columns(X):
    """Number of columns of a design (Python side)."""
    if isinstance(X, np.ndarray):
        return X.shape[1]
    return X[2].shape[0] - 1


def take_columns(X, cols, out=None):
    """The design of the columns ``cols`` of a sparse design, contiguous (Python side).

    Same storage kind and types as ``X`` (the kernels need no new
    specialisation); a centered design keeps its ``v`` and ``vv`` and takes
    the means of ``cols``.  Epochs over a working set of a large sparse
    matrix stream its columns from memory: packed together they run about
    1.6x faster than in place among the others (news20, 7759 columns of 175
    non-zeros on average).  ``out``, a pair of 1-D arrays of the types of
    ``X``'s values and indices, at least as long as the non-zeros of
    ``cols``, receives them (fresh memory costs page faults: half the time of
    a copy of that size).
    """
    data, indices, indptr = X[0], X[1], X[2]
    lengths = indptr[cols + 1] - indptr[cols]
    ptr = np.zeros(cols.shape[0] + 1, dtype=indptr.dtype)
    np.cumsum(lengths, out=ptr[1:])
    nnz = int(ptr[-1])
    if out is None:
        out_data = np.empty(nnz, dtype=data.dtype)
        out_indices = np.empty(nnz, dtype=indices.dtype)
    else:
        out_data, out_indices = out[0][:nnz], out[1][:nnz]
    _gather_columns(data, indices, indptr, cols, ptr, out_data, out_indices)
    if len(X) == 3:
        return out_data, out_indices, ptr
    return out_data, out_indices, ptr, X[3][cols], X[4], X[5]


@jit
def _gather_columns(data, indices, indptr, cols, ptr, out_data, out_indices):
    for jj in range(cols.shape[0]):
        lo = indptr[cols[jj]]
        at = ptr[jj]
        for k in range(indptr[cols[jj] + 1] - lo):
            out_data[at + k] = data[lo + k]
            out_indices[at + k] = indices[lo + k]
