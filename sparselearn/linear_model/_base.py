"""Validation, sample weights, centering and the alpha grid's anchor.

Everything here runs once per fit in Python and turns user input into the
canonical arrays the kernels are compiled for: float32 or float64, int32
(or int64) CSC indices, Fortran-ordered dense designs.  The caller's arrays
are never written to; copies are made only when centering, weighting or a
change of layout requires them.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.utils.extmath import safe_sparse_dot
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from .._numba.gap import xt_dot_mat


# ---------------------------------------------------------------- validation
def check_predict_input(estimator, X):
    """``X`` validated for a fitted estimator's ``predict`` (dense or any sparse format)."""
    check_is_fitted(estimator)
    return validate_data(estimator, X, accept_sparse=("csr", "csc", "coo"),
                         dtype=[np.float64, np.float32], reset=False)


def check_solver_params(alpha, l1_ratio, max_iter, tol) -> float:
    """Validate the parameters every coordinate-descent estimator shares; returns ``l1_ratio``."""
    if not isinstance(alpha, Real) or isinstance(alpha, bool) or not alpha >= 0:
        raise ValueError(f"alpha must be a non-negative real number, got {alpha!r}.")
    if not isinstance(l1_ratio, Real) or isinstance(l1_ratio, bool) or not 0 <= l1_ratio <= 1:
        raise ValueError(f"l1_ratio must be a real number in [0, 1], got {l1_ratio!r}.")
    if not isinstance(max_iter, Integral) or isinstance(max_iter, bool) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}.")
    if not isinstance(tol, Real) or isinstance(tol, bool) or not tol >= 0:
        raise ValueError(f"tol must be a non-negative real number, got {tol!r}.")
    return float(l1_ratio)


class LinearPredictMixin:
    """``predict`` and ``sparse_coef_`` of a fitted linear model (``coef_``, ``intercept_``)."""

    @property
    def sparse_coef_(self):
        """``coef_`` as a ``scipy.sparse.csr_matrix``."""
        check_is_fitted(self)
        return sp.csr_matrix(np.atleast_2d(self.coef_))

    def predict(self, X):
        """Predict with the linear model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
        """
        X = check_predict_input(self, X)
        return safe_sparse_dot(X, self.coef_.T, dense_output=True) + self.intercept_


def check_sample_weight(sample_weight, n_samples: int, dtype) -> np.ndarray | None:
    """Validate ``sample_weight``: finite, non-negative, positive sum."""
    if sample_weight is None:
        return None
    if isinstance(sample_weight, Real):
        sample_weight = np.full(n_samples, float(sample_weight))
    sw = check_array(sample_weight, ensure_2d=False, dtype=[np.float64, np.float32],
                     input_name="sample_weight", ensure_all_finite=True)
    sw = np.asarray(sw, dtype=np.float64)
    if sw.ndim != 1 or sw.shape[0] != n_samples:
        raise ValueError(
            f"sample_weight must have shape ({n_samples},), got {sw.shape}.")
    if np.any(sw < 0):
        raise ValueError("sample_weight must be non-negative.")
    if not sw.sum() > 0:
        raise ValueError("sample_weight must not be all zero: its sum must be positive.")
    return sw


def check_feature_vector(value, n_features: int, name: str, default: float,
                         *, nonneg: bool = False, allow_inf: bool = False) -> np.ndarray:
    """A scalar or a length-``n_features`` vector as a float64 array."""
    if value is None:
        return np.full(n_features, default, dtype=np.float64)
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        arr = np.full(n_features, float(arr))
    if arr.ndim != 1 or arr.shape[0] != n_features:
        raise ValueError(
            f"{name} must be a scalar or have shape ({n_features},), got shape "
            f"{np.shape(value)}.")
    if np.any(np.isnan(arr)) or (not allow_inf and not np.all(np.isfinite(arr))):
        raise ValueError(f"{name} must be finite, got NaN or inf.")
    if nonneg and np.any(arr < 0):
        raise ValueError(f"{name} must be non-negative.")
    return arr.copy()


def check_bounds(lower_bounds, upper_bounds, positive: bool, n_features: int):
    """Per-feature ``lower`` and ``upper`` bounds, with ``positive`` folded in."""
    lower = check_feature_vector(lower_bounds, n_features, "lower_bounds", -np.inf,
                                 allow_inf=True)
    upper = check_feature_vector(upper_bounds, n_features, "upper_bounds", np.inf,
                                 allow_inf=True)
    if positive:
        lower = np.maximum(lower, 0.0)
    if np.any(lower > upper):
        bad = int(np.flatnonzero(lower > upper)[0])
        raise ValueError(
            f"lower_bounds must not exceed upper_bounds (feature {bad}: "
            f"{lower[bad]} > {upper[bad]}; positive=True sets lower bounds to 0).")
    if np.any(lower == np.inf) or np.any(upper == -np.inf):
        raise ValueError("lower_bounds cannot be +inf and upper_bounds cannot be -inf.")
    return lower, upper


# ---------------------------------------------------------------- designs
def _index_dtype(*arrays):
    big = max((a.max(initial=0) for a in arrays if a.size), default=0)
    return np.int32 if big < np.iinfo(np.int32).max else np.int64


def make_design(X, sample_weight, fit_intercept: bool, out=None):
    """Canonical design for the kernels, plus the centering data.

    Returns ``(design, X_offset, sqrt_sw, S)``: ``design`` stands for
    ``diag(sqrt_sw) (X - 1 X_offset^T)`` (without the centering when
    ``fit_intercept`` is False), and ``S`` is the sum of the sample weights
    (``n_samples`` without weights) that scales the datafit.

    ``out``: for dense ``X``, a writeable Fortran array of its shape and
    dtype that receives a centered or weighted design; for sparse ``X`` (in
    canonical CSC form), a 1-D array of its ``nnz`` and dtype that receives
    the weighted values.  A caller that builds many designs of one matrix, as
    prox-Newton does, then allocates and page-faults one, not one per model.
    """
    n, p = X.shape
    dtype = X.dtype
    if sample_weight is None:
        S = float(n)
        sqrt_sw = None
    else:
        S = float(sample_weight.sum())
        sqrt_sw = np.sqrt(sample_weight)

    if sp.issparse(X):
        Xc = X.tocsc()
        if not Xc.has_canonical_format:
            Xc = Xc.copy()
            Xc.sum_duplicates()
        data = np.asarray(Xc.data, dtype=dtype)
        idx_t = _index_dtype(Xc.indices, Xc.indptr)
        indices = np.ascontiguousarray(Xc.indices, dtype=idx_t)
        indptr = np.ascontiguousarray(Xc.indptr, dtype=idx_t)
        if sqrt_sw is not None and out is not None:
            if not (out.shape == data.shape and out.dtype == dtype and out.flags.writeable
                    and out.flags.c_contiguous):
                raise ValueError("out must be a writeable 1-D array of X's nnz and dtype.")
            data = np.take(sqrt_sw.astype(dtype, copy=False), indices, out=out)
            data *= Xc.data
        elif sqrt_sw is not None:
            data = (data * sqrt_sw[indices]).astype(dtype, copy=False)
        else:
            data = np.ascontiguousarray(data)
        if not data.flags.writeable:
            data = data.copy()
        if not indices.flags.writeable:
            indices = indices.copy()
        if not indptr.flags.writeable:
            indptr = indptr.copy()
        if not fit_intercept:
            return (data, indices, indptr), np.zeros(p, dtype=dtype), sqrt_sw, S
        v = np.ones(n, dtype=dtype) if sqrt_sw is None else sqrt_sw.astype(dtype)
        # weighted column means, computed in float64
        w = np.ones(n) if sample_weight is None else sample_weight
        X_offset = np.asarray(Xc.T @ w, dtype=np.float64).ravel() / S
        vv = np.array([S], dtype=dtype)
        design = (data, indices, indptr, X_offset.astype(dtype), v, vv)
        return design, X_offset.astype(dtype), sqrt_sw, S

    X = np.asarray(X)
    if out is not None and not (out.shape == X.shape and out.dtype == dtype
                                and out.flags.f_contiguous and out.flags.writeable):
        raise ValueError("out must be a writeable Fortran array of X's shape and dtype.")
    if fit_intercept:
        if sample_weight is None:
            X_offset = X.mean(axis=0, dtype=np.float64)
        else:
            X_offset = (sample_weight @ X) / S
        X_offset = X_offset.astype(dtype)
        if out is None:  # one copy, in the kernels' layout
            Xd = np.array(X, dtype=dtype, order="F", copy=True)
            Xd -= X_offset
        else:
            Xd = np.subtract(X, X_offset, out=out)
    else:
        X_offset = np.zeros(p, dtype=dtype)
        Xd = X
    if sqrt_sw is not None:
        if Xd is X:
            Xd = (np.asfortranarray(X * sqrt_sw[:, None].astype(dtype)) if out is None
                  else np.multiply(X, sqrt_sw[:, None].astype(dtype), out=out))
        else:
            Xd *= sqrt_sw[:, None].astype(dtype)
    if not (Xd.flags.f_contiguous and Xd.flags.writeable):
        # numba compiles one specialisation per layout and read-only flag
        Xd = np.asfortranarray(Xd) if not Xd.flags.f_contiguous else Xd.copy(order="F")
        if not Xd.flags.writeable:
            Xd = Xd.copy(order="F")
    return Xd, X_offset, sqrt_sw, S


def make_target(y, sample_weight, sqrt_sw, fit_intercept: bool, dtype):
    """Centered, weighted target as a Fortran (n_samples, n_tasks) array."""
    Y = np.asarray(y, dtype=np.float64)
    if Y.ndim == 1:
        Y = Y[:, None]
    if fit_intercept:
        if sample_weight is None:
            y_offset = Y.mean(axis=0)
        else:
            y_offset = (sample_weight @ Y) / sample_weight.sum()
    else:
        y_offset = np.zeros(Y.shape[1])
    Yc = Y - y_offset
    if sqrt_sw is not None:
        Yc = Yc * sqrt_sw[:, None]
    return np.asfortranarray(Yc, dtype=dtype), y_offset


def dense_columns(design, cols, n_samples: int) -> np.ndarray:
    """The columns ``cols`` of a design as a dense float64 (n_samples, k) array.

    Used only for the few unpenalized columns, never for the whole design.
    """
    cols = np.asarray(cols, dtype=np.int64)
    if isinstance(design, np.ndarray):
        return np.asarray(design[:, cols], dtype=np.float64)
    data, indices, indptr = design[0], design[1], design[2]
    out = np.zeros((n_samples, cols.size))
    for m, j in enumerate(cols):
        sl = slice(indptr[j], indptr[j + 1])
        out[indices[sl], m] = data[sl]
        if len(design) == 6:
            out[:, m] -= float(design[3][j]) * np.asarray(design[4], dtype=np.float64)
    return out


def unpenalized_svd(design, free_cols, n_samples: int):
    """Thin SVD ``(U, s, Vt)`` of the unpenalized columns, truncated to their numerical rank.

    The rank is taken relative to the columns before implicit centering: a
    constant column centered is rounding noise, which must count as zero.
    """
    A = dense_columns(design, free_cols, n_samples)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    scale = s[0] if s.size else 0.0
    if not isinstance(design, np.ndarray):
        data, indptr = design[0], design[2]
        for j in np.asarray(free_cols, dtype=np.int64):
            col = np.asarray(data[indptr[j]:indptr[j + 1]], dtype=np.float64)
            scale = max(scale, float(np.sqrt(col @ col)))
    rank = int(np.sum(s > scale * max(A.shape) * np.finfo(float).eps)) if scale > 0 else 0
    return U[:, :rank], s[:rank], Vt[:rank]


def unpenalized_basis(design, free_cols, n_samples: int, n_features: int):
    """Orthonormal basis ``Q`` of the unpenalized columns and ``X^T Q``."""
    if len(free_cols) == 0:
        return np.zeros((n_samples, 0), order="F"), np.zeros((n_features, 0))
    U, _, _ = unpenalized_svd(design, free_cols, n_samples)
    Q = np.asfortranarray(U)
    XtQ = np.zeros((n_features, Q.shape[1]))
    xt_dot_mat(design, Q, XtQ)
    return Q, XtQ


def alpha_max(X, y, *, l1_ratio: float = 1.0, fit_intercept: bool = True,
              sample_weight=None, penalty_factor=None) -> float:
    """Smallest ``alpha`` for which every penalized coefficient is zero.

    For the (multi-task) elastic net with penalty factors ``pf``, this is
    ``max_j ||X_j^T r||_2 / (S * l1_ratio * pf_j)`` over the penalized
    features, where ``r`` is the centered (weighted) target after the
    unpenalized features have been fitted by least squares and ``S`` the sum
    of the sample weights.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, n_tasks)
    l1_ratio : float, default=1.0
        Elastic-net mixing; must be positive.
    fit_intercept : bool, default=True
    sample_weight : array-like of shape (n_samples,), default=None
    penalty_factor : array-like of shape (n_features,), default=None

    Returns
    -------
    alpha_max : float

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model._base import alpha_max
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> round(alpha_max(X, y, fit_intercept=False), 6)
    1.666667
    """
    if not l1_ratio > 0:
        raise ValueError(f"l1_ratio must be positive to define alpha_max, got {l1_ratio}.")
    X = check_array(X, accept_sparse="csc", dtype=[np.float64, np.float32], input_name="X")
    y = check_array(y, ensure_2d=False, dtype=np.float64, input_name="y")
    n, p = X.shape
    if y.shape[0] != n:
        raise ValueError(f"X has {n} samples but y has {y.shape[0]}.")
    sw = check_sample_weight(sample_weight, n, X.dtype)
    pf = check_feature_vector(penalty_factor, p, "penalty_factor", 1.0, nonneg=True)
    corr = null_correlations(X, y, sw, fit_intercept, pf == 0)
    norms = np.sqrt(np.sum(corr ** 2, axis=1))
    pen = pf > 0
    if not np.any(pen):
        return 0.0
    return float(np.max(norms[pen] / pf[pen]) / l1_ratio)


def null_correlations(X, y, sw, fit_intercept: bool, unpenalized) -> np.ndarray:
    """``X^T r / S`` at the all-zero penalized fit, shape (n_features, n_tasks).

    ``r`` is the centered (weighted) target after least squares on the
    ``unpenalized`` columns (a mask), ``S`` the sum of the weights: the
    gradient that decides ``alpha_max``.
    """
    n, p = X.shape
    design, _, sqrt_sw, S = make_design(X, sw, fit_intercept)
    Y, _ = make_target(y, sw, sqrt_sw, fit_intercept, np.float64)
    Q, XtQ = unpenalized_basis(design, np.flatnonzero(unpenalized), n, p)
    R = Y - Q @ (Q.T @ Y)
    corr = np.empty((p, R.shape[1]))
    xt_dot_mat(design, np.asfortranarray(R), corr)
    return corr / S
