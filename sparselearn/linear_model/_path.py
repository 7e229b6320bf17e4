"""Regularization paths: one routine behind every estimator's fit.

``solve_path`` solves a decreasing sequence of alphas with warm starts.  From
the second alpha on, glmnet's sequential strong rule guesses the support:
feature ``j`` is kept when ``||X_j^T r_{k-1}|| / S >= l1_ratio pf_j (2 a_k -
a_{k-1})``; the solver works on that guess and then checks every other
feature's optimality condition with one ``X^T r`` pass (see
:func:`._solver.solve_cd`), so the answer is that of the full problem.
A single fit is a path of one alpha.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_array, check_consistent_length

from .._numba.cd import seed_rng
from .._numba.gap import group_critical_alphas
from ._base import (alpha_max, check_bounds, check_feature_vector, check_sample_weight,
                    make_design, make_target, unpenalized_svd)
from ._solver import _MAX_UNPENALIZED_BASIS, Penalty, solve_cd

# glmnet's early stopping of a path: relative change of the explained
# deviance below FDEV, or explained deviance above DEVMAX, after MNLAM alphas
_FDEV = 1e-5
_DEVMAX = 0.999
_MNLAM = 5


def solve_path(design, Y, W0, *, alphas, l1_ratio, pf, lower, upper, inv_S, opts,
               strong_rules=True, early_stop=False, groups=None):
    """Solve ``1/(2S)||Y - XW||^2 + alpha * pen(W)`` for each alpha, warm-started.

    ``Y`` (n_samples, n_tasks) is solved jointly (multi-task rows) when it
    has several columns.  ``pen`` is the elastic net
    ``sum_j pf_j (l1_ratio |w_j| + (1 - l1_ratio) / 2 w_j^2)``, or with
    ``groups = (ptr, weight)`` (contiguous blocks of features and their
    weights, single task) the sparse group lasso
    ``sum_j l1_ratio pf_j |w_j| + sum_g (1 - l1_ratio) weight_g ||w_g||``.
    ``W0`` (n_features, n_tasks) is the start, updated in place.  Returns
    ``(coefs, gaps, n_iters, n_done, n_bad)``, ``coefs`` of shape (n_alphas,
    n_features, n_tasks) in ``Y``'s dtype; with ``early_stop`` only the first
    ``n_done`` alphas were solved; ``n_bad`` of them did not converge.
    """
    n_alphas = len(alphas)
    p, T = W0.shape
    coefs = np.zeros((n_alphas, p, T), dtype=Y.dtype)
    gaps = np.zeros(n_alphas)
    n_iters = []
    W = W0
    prev_alpha = None
    corr = None
    yy = float(np.sum(np.asarray(Y, dtype=np.float64) ** 2))
    dev_prev = 0.0
    must = (pf == 0) | (lower > 0) | (upper < 0)
    _start_at_null_model(design, Y, W0, pf, lower, upper)
    cache = {}  # column norms and Gram blocks, shared along the path
    n_done = n_bad = 0
    if groups is not None:
        ptr, gweight = groups
        sizes = np.diff(ptr)
        unit_l1 = l1_ratio * pf
        unit_gw = np.repeat((1.0 - l1_ratio) * np.asarray(gweight, dtype=np.float64), sizes)
        unit_size = np.repeat(sizes, sizes)
        crit = np.empty(sizes.size)
    for k, alpha in enumerate(alphas):
        alpha = float(alpha)
        if groups is None:
            penalty = Penalty(l1=alpha * l1_ratio * pf, l2=alpha * (1.0 - l1_ratio) * pf,
                              lower=lower, upper=upper)
        else:
            penalty = Penalty(l1=alpha * unit_l1, l2=np.zeros_like(pf), lower=lower,
                              upper=upper, group_ptr=ptr,
                              group_weight=alpha * (1.0 - l1_ratio) * np.asarray(gweight))
        strong = None
        if strong_rules and corr is not None and alpha < prev_alpha:
            if groups is not None:
                # a group is kept when it would be active at 2 alpha - prev_alpha
                group_critical_alphas(corr, unit_l1, lower, upper, unit_size, unit_gw, crit)
                strong = np.repeat(crit >= 2.0 * alpha - prev_alpha, sizes) | must
            elif l1_ratio > 0:
                norms = (np.abs(corr[:, 0]) if corr.shape[1] == 1
                         else np.sqrt(np.sum(corr ** 2, axis=1)))
                strong = (norms >= l1_ratio * pf * (2.0 * alpha - prev_alpha)) | must
        res = solve_cd(design, Y, W, penalty, strong=strong, cache=cache, **opts)
        coefs[k] = res.coef
        gaps[k] = res.gap
        n_iters.append(res.n_iter)
        n_bad += not res.converged
        corr = res.corr
        prev_alpha = alpha
        n_done = k + 1
        if early_stop and yy > 0:
            row = np.sqrt(np.sum(np.asarray(res.coef, dtype=np.float64) ** 2, axis=1))
            pen = float(np.dot(penalty.l1, row) + 0.5 * np.dot(penalty.l2, row ** 2))
            if groups is not None:
                pen += float(np.dot(penalty.group_weight,
                                    np.sqrt(np.add.reduceat(row ** 2, ptr[:-1]))))
            dev = 1.0 - 2.0 * (res.primal - pen) / (yy * inv_S)
            if k + 1 >= _MNLAM and (dev - dev_prev < _FDEV * dev or dev > _DEVMAX):
                break
            dev_prev = dev
    return coefs, gaps, n_iters, n_done, n_bad


def _start_at_null_model(design, Y, W0, pf, lower, upper):
    """From an all-zero start, fit the free unpenalized features by least squares.

    That is the solution at ``alpha >= alpha_max`` (glmnet's null model):
    the path then starts at its first point, and the penalized coefficients
    there are exactly zero instead of tolerance-level leftovers.
    """
    free = np.flatnonzero((pf == 0) & np.isneginf(lower) & np.isposinf(upper))
    n = Y.shape[0]
    if free.size == 0 or free.size * n > _MAX_UNPENALIZED_BASIS or W0.any():
        return
    # minimum-norm least squares on the numerical rank (as the dual basis)
    U, s, Vt = unpenalized_svd(design, free, n)
    W0[free] = Vt.T @ ((U.T @ np.asarray(Y, dtype=np.float64)) / s[:, None])


def _alpha_sequence(alphas, n_alphas, eps, amax):
    if alphas is None or isinstance(alphas, str):
        alphas = 100 if n_alphas is None else n_alphas
    if isinstance(alphas, Integral) and not isinstance(alphas, bool):
        if alphas < 1:
            raise ValueError(f"alphas must be a positive integer or an array, got {alphas}.")
        if not eps > 0:
            raise ValueError(f"eps must be positive, got {eps!r}.")
        if amax <= 0:
            return np.full(alphas, np.finfo(float).resolution)
        return np.geomspace(amax, amax * eps, num=alphas)
    alphas = check_array(alphas, ensure_2d=False, dtype=np.float64, input_name="alphas")
    if alphas.ndim != 1 or alphas.size == 0:
        raise ValueError("alphas must be a non-empty 1-D array or an integer.")
    if np.any(alphas < 0):
        raise ValueError("alphas must be non-negative.")
    # decreasing, as the warm starts want; returned in this order
    return np.sort(alphas)[::-1]


def enet_path(X, y, *, l1_ratio: float = 0.5, eps: float = 1e-3, n_alphas=None,
              alphas=None, precompute="auto", Xy=None, copy_X: bool = True,
              coef_init=None, verbose=False, return_n_iter: bool = False,
              positive: bool = False, check_input: bool = True, fit_intercept: bool = False,
              sample_weight=None, penalty_factor=None, lower_bounds=None, upper_bounds=None,
              tol: float = 1e-4, max_iter: int = 1000, strong_rules: bool = True,
              early_stop: bool = False, return_intercept: bool = False, **params):
    """Elastic-net path by coordinate descent, with warm starts and strong rules.

    The objective at each alpha is scikit-learn's::

        1 / (2 * sum(w)) * ||y - X coef - intercept||^2_w
        + alpha * l1_ratio * sum_j pf_j |coef_j|
        + 0.5 * alpha * (1 - l1_ratio) * sum_j pf_j coef_j^2

    (rows of ``coef`` in the L1 term for 2-D ``y``, the multi-task penalty).
    The signature and return values are scikit-learn's ``enet_path``; the
    extra keywords add an intercept (and its path), sample weights, penalty
    factors, bounds, strong rules and glmnet's early stop.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Training data; sparse input is never densified.
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        Target; a 2-D ``y`` is a multi-task problem.
    l1_ratio : float, default=0.5
        Mixing between L1 (1) and L2 (0) penalties.
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the generated grid.
    n_alphas : int, default=None
        Number of alphas of the generated grid (scikit-learn's older name
        for an integer ``alphas``).
    alphas : int or array-like, default=None
        Number of alphas on a log grid from ``alpha_max`` down to
        ``eps * alpha_max`` (100 when None), or the alphas themselves
        (solved and returned in decreasing order).
    precompute : bool, 'auto' or array-like, default='auto'
        Gram form of the subproblems, as in :class:`ElasticNet`.
    Xy : array-like, default=None
        Accepted for compatibility with scikit-learn and ignored.
    copy_X : bool, default=True
        Accepted for compatibility; ``X`` is never modified.
    coef_init : array-like of shape (n_features,) or (n_targets, n_features), default=None
        Starting coefficients for the first alpha.
    verbose : bool or int, default=False
        Print one line per alpha.
    return_n_iter : bool, default=False
        Also return the number of epochs per alpha.
    positive : bool, default=False
        Non-negative coefficients (single target).
    check_input : bool, default=True
        Accepted for compatibility; the input is always validated.
    fit_intercept : bool, default=False
        Fit an unpenalized intercept at every alpha (scikit-learn's path
        function has none: its data must be centered beforehand).
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    penalty_factor : array-like of shape (n_features,), default=None
        Per-feature penalty factors (0: unpenalized), glmnet's meaning.
    lower_bounds, upper_bounds : float or array-like, default=None
        Box constraints on the coefficients (single target).
    tol : float, default=1e-4
        Duality-gap tolerance at each alpha, as in :class:`ElasticNet`.
    max_iter : int, default=1000
        Maximum number of epochs at each alpha.
    strong_rules : bool, default=True
        Use the sequential strong rule (with a check of all features).
    early_stop : bool, default=False
        glmnet's rule: stop once the explained deviance changes by less
        than 1e-5 (relative) or exceeds 0.999, after at least 5 alphas; the
        returned arrays then hold the alphas solved.
    return_intercept : bool, default=False
        Also return the intercept at each alpha, shape (n_alphas,) or
        (n_targets, n_alphas).
    **params : dict
        ``selection`` ('cyclic' or 'random') and ``random_state``, as in
        :class:`ElasticNet`; any other name raises a ``TypeError``.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        The alphas, decreasing.
    coefs : ndarray of shape (n_features, n_alphas) or (n_targets, n_features, n_alphas)
        Coefficients along the path.
    dual_gaps : ndarray of shape (n_alphas,)
        Duality gap at the end of each solve.
    n_iters : list of int
        Epochs per alpha (only with ``return_n_iter=True``).
    intercepts : ndarray of shape (n_alphas,) or (n_targets, n_alphas)
        Only with ``return_intercept=True``.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import enet_path
    >>> X = np.array([[1.0, 2.0], [2.0, 0.5], [3.0, 1.0], [4.0, 3.0]])
    >>> y = np.array([1.0, 2.0, 3.5, 4.0])
    >>> alphas, coefs, gaps = enet_path(X, y, l1_ratio=0.5, alphas=5)
    >>> coefs.shape
    (2, 5)
    >>> bool(np.all(coefs[:, 0] == 0))
    True
    """
    # private: CV workers count unconverged alphas instead of warning, since
    # catching warnings is not thread-safe; the count is returned last
    count_unconverged = params.pop("_count_unconverged", False)
    unknown = set(params) - {"selection", "random_state"}
    if unknown:
        raise TypeError(f"enet_path() got unexpected keyword arguments {sorted(unknown)}.")
    selection = params.get("selection", "cyclic")
    if selection not in ("cyclic", "random"):
        raise ValueError(f"selection must be 'cyclic' or 'random', got {selection!r}.")
    X = check_array(X, accept_sparse=("csc", "csr", "coo"), dtype=[np.float64, np.float32],
                    input_name="X")
    y = check_array(y, ensure_2d=False, dtype=np.float64, input_name="y")
    check_consistent_length(X, y)
    if not 0 <= l1_ratio <= 1:
        raise ValueError(f"l1_ratio must be in [0, 1], got {l1_ratio!r}.")
    n, p = X.shape
    multitask = y.ndim == 2
    dtype = X.dtype
    sw = check_sample_weight(sample_weight, n, dtype)
    pf = check_feature_vector(penalty_factor, p, "penalty_factor", 1.0, nonneg=True)
    if multitask:
        if positive or lower_bounds is not None or upper_bounds is not None:
            raise ValueError("positive and bounds apply to a single target (1-D y).")
        lower, upper = np.full(p, -np.inf), np.full(p, np.inf)
    else:
        lower, upper = check_bounds(lower_bounds, upper_bounds, positive, p)
    amax = (alpha_max(X, y, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
                      sample_weight=sw, penalty_factor=pf) if l1_ratio > 0 else 0.0)
    alphas = _alpha_sequence(alphas, n_alphas, eps, amax)

    design, X_offset, sqrt_sw, S = make_design(X, sw, fit_intercept)
    Y, y_offset = make_target(y, sw, sqrt_sw, fit_intercept, dtype)
    T = Y.shape[1]
    W0 = np.empty((p, T), dtype=dtype)
    W0[:] = np.clip(0.0, lower, upper)[:, None]
    if coef_init is not None:
        init = np.asarray(coef_init, dtype=np.float64).reshape(T, p).T
        W0[:] = np.clip(init, lower[:, None], upper[:, None])
    from ._coordinate_descent import _check_gram  # the estimators' validation

    pre, gram = _check_gram(precompute, design, n, p, sw, fit_intercept)
    shuffle = selection == "random"
    if shuffle:
        seed_rng(check_random_state(params.get("random_state")).randint(
            np.iinfo(np.int32).max))
    opts = dict(inv_S=1.0 / S, tol=float(tol), max_iter=int(max_iter), precompute=pre,
                gram=gram, shuffle=shuffle, verbose=bool(verbose) and verbose > 1,
                warn=not count_unconverged)
    coefs, gaps, n_iters, n_done, n_bad = solve_path(
        design, Y, W0, alphas=alphas, l1_ratio=float(l1_ratio), pf=pf, lower=lower,
        upper=upper, inv_S=1.0 / S, opts=opts, strong_rules=strong_rules,
        early_stop=early_stop)
    alphas, coefs, gaps = alphas[:n_done], coefs[:n_done], gaps[:n_done]
    if verbose:
        for a, g, it in zip(alphas, gaps, n_iters):
            print(f"alpha {a:.4e}: gap {g:.3e}, {it} epochs")
    # (n_alphas, p, T) -> scikit-learn's layout
    out_coefs = coefs.transpose(2, 1, 0)
    intercepts = (y_offset[:, None]
                  - np.einsum("p,apt->ta", X_offset.astype(np.float64), coefs)
                  if fit_intercept else np.zeros((T, n_done)))
    if not multitask:
        out_coefs = out_coefs[0]
        intercepts = intercepts[0]
    result = [alphas, out_coefs, gaps]
    if return_n_iter:
        result.append(n_iters)
    if return_intercept:
        result.append(intercepts.astype(dtype))
    if count_unconverged:
        result.append(n_bad)
    return tuple(result)


def lasso_path(X, y, *, eps: float = 1e-3, n_alphas=None, alphas=None, precompute="auto",
               Xy=None, copy_X: bool = True, coef_init=None, verbose=False,
               return_n_iter: bool = False, positive: bool = False, **params):
    """Lasso path: :func:`enet_path` with ``l1_ratio=1``.

    Takes every keyword of :func:`enet_path` (``fit_intercept``,
    ``sample_weight``, ``penalty_factor``, bounds, ``tol``, ``max_iter``,
    ``strong_rules``, ``early_stop``, ``return_intercept``) and returns the
    same values.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import lasso_path
    >>> X = np.array([[1.0, 2.0], [2.0, 0.5], [3.0, 1.0], [4.0, 3.0]])
    >>> y = np.array([1.0, 2.0, 3.5, 4.0])
    >>> alphas, coefs, gaps, intercepts = lasso_path(
    ...     X, y, alphas=[0.5, 0.1], fit_intercept=True, return_intercept=True)
    >>> coefs.shape, intercepts.shape
    ((2, 2), (2,))
    """
    return enet_path(X, y, l1_ratio=1.0, eps=eps, n_alphas=n_alphas, alphas=alphas,
                     precompute=precompute, Xy=Xy, copy_X=copy_X, coef_init=coef_init,
                     verbose=verbose, return_n_iter=return_n_iter, positive=positive,
                     **params)
