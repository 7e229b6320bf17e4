"""Group lasso and sparse group lasso by block coordinate descent.

The penalty of the sparse group lasso, on groups ``g`` with weights ``w_g``::

    alpha * ((1 - l1_ratio) * sum_g w_g ||coef_g||_2 + l1_ratio * ||coef||_1)

The group lasso is ``l1_ratio = 0``.  The solver is the lasso's (see
:func:`._solver.solve_cd`): columns are permuted so that each group is a
contiguous block, and a group is updated as one block (a proximal gradient
step of size ``1 / ||X_g||_2^2``).  Unpenalized columns, and the columns of
groups whose penalty is zero, are ordinary features with no penalty.
"""

from __future__ import annotations


import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_array, check_consistent_length, validate_data

from .._numba.gap import group_critical_alphas
from ._base import (LinearPredictMixin, check_sample_weight, check_solver_params, make_design,
                    make_target, null_correlations)
from ._cv import _CV_ATTRS_DOC, _CV_PARAMS_DOC, _BaseCV, l1_ratio_list
from ..utils._groups import GroupSpec, check_groups, group_weights
from ._path import _alpha_sequence, solve_path


class _GroupLayout:
    """The solver's view of a group specification.

    ``order`` permutes the columns so that every block is contiguous;
    ``ptr`` cuts the permuted columns into blocks, ``weight`` is each
    block's group weight (0 for single features), ``pf`` each permuted
    column's L1 factor (0 for unpenalized columns).  Groups whose norm is
    not penalized (zero weight, or ``l1_ratio = 1``) are split into single
    features.
    """

    def __init__(self, spec: GroupSpec, weights: np.ndarray, l1_ratio: float):
        self.spec = spec
        self.order = spec.order()
        self.identity = bool(np.array_equal(self.order, np.arange(spec.n_features)))
        gptr = spec.ptr()
        ptr, weight = [0], []
        pf = np.zeros(spec.n_features)
        for g in range(spec.n_groups):
            lo, hi = int(gptr[g]), int(gptr[g + 1])
            w = float(weights[g]) * (1.0 - l1_ratio)
            if w > 0:
                ptr.append(hi)
                weight.append(float(weights[g]))
                pf[lo:hi] = 1.0
            else:
                ptr.extend(range(lo + 1, hi + 1))
                weight.extend([0.0] * (hi - lo))
                # a group with no penalty at all leaves its columns free
                pf[lo:hi] = 1.0 if l1_ratio > 0 else 0.0
        ptr.extend(range(int(gptr[-1]) + 1, spec.n_features + 1))
        weight.extend([0.0] * (spec.n_features - int(gptr[-1])))
        self.ptr = np.asarray(ptr, dtype=np.int64)
        self.weight = np.asarray(weight, dtype=np.float64)
        self.pf = pf

    def permute(self, X):
        """``X`` with its columns in the solver's order (no copy when already so)."""
        if self.identity:
            return X
        if sp.issparse(X):
            return sp.csc_matrix(X)[:, self.order]
        return X[:, self.order]

    def restore(self, coef_perm):
        """Coefficients in the original column order (first axis permuted)."""
        out = np.empty_like(coef_perm)
        out[self.order] = coef_perm
        return out

    def alpha_max(self, corr, l1_ratio: float) -> float:
        """Smallest alpha at which every penalized block is zero, from ``X^T r / S``."""
        sizes = np.diff(self.ptr)
        crit = np.empty(sizes.size)
        group_critical_alphas(np.ascontiguousarray(corr[self.order]), l1_ratio * self.pf,
                              np.full(self.pf.size, -np.inf), np.full(self.pf.size, np.inf),
                              np.repeat(sizes, sizes),
                              np.repeat((1.0 - l1_ratio) * self.weight, sizes), crit)
        crit = crit[np.isfinite(crit)]
        return float(crit.max()) if crit.size else 0.0


def _group_path(X, y, sw, layout: _GroupLayout, *, l1_ratio, alphas, fit_intercept,
                positive, tol, max_iter, coef_init=None, warn=True, precompute=False):
    """Path of the sparse group lasso in the original column order.

    Subproblems are in residual form by default: on ames (2930 x 314) the
    Gram form (``precompute="auto"``) spent more on building Gram blocks than
    it saved in epochs (13 ms against 11 ms at alpha_max / 100).

    Returns ``(coefs (n_features, n_alphas), intercepts, gaps, n_iters, n_bad)``.
    """
    n, p = X.shape
    dtype = X.dtype
    design, X_offset, sqrt_sw, S = make_design(layout.permute(X), sw, fit_intercept)
    Y, y_offset = make_target(y, sw, sqrt_sw, fit_intercept, dtype)
    lower = np.full(p, 0.0 if positive else -np.inf)
    upper = np.full(p, np.inf)
    W0 = np.zeros((p, 1), dtype=dtype)
    if coef_init is not None:
        W0[:, 0] = np.clip(np.asarray(coef_init, dtype=dtype)[layout.order], lower, upper)
    opts = dict(inv_S=1.0 / S, tol=float(tol), max_iter=int(max_iter), precompute=precompute,
                warn=warn)
    coefs, gaps, n_iters, _, n_bad = solve_path(
        design, Y, W0, alphas=alphas, l1_ratio=float(l1_ratio), pf=layout.pf, lower=lower,
        upper=upper, inv_S=1.0 / S, opts=opts, groups=(layout.ptr, layout.weight))
    coefs = coefs[:, :, 0]  # (n_alphas, p), permuted
    intercepts = (y_offset[0] - coefs.astype(np.float64) @ X_offset.astype(np.float64)
                  if fit_intercept else np.zeros(len(alphas)))
    return layout.restore(coefs.T), intercepts, gaps, n_iters, n_bad


class SparseGroupLasso(LinearPredictMixin, RegressorMixin, BaseEstimator):
    """Linear regression with a sparse group lasso penalty.

    Minimizes, over the coefficients ``w`` and the intercept ``b``::

        1 / (2 * sum(s)) * sum_i s_i * (y_i - x_i w - b)^2
            + alpha * ((1 - l1_ratio) * sum_g weights_g * ||w_g||_2
                       + l1_ratio * sum_j |w_j|)

    where the ``w_g`` are the coefficients of the groups of columns given
    by ``groups``, ``s`` the sample weights (ones by default). Whole groups
    leave the model, and with ``l1_ratio > 0`` single columns inside the
    selected groups too. Columns in no group are not penalized.

    Solved by block coordinate descent on working sets of groups, compiled
    with Numba, on dense or sparse ``X``; stops on the duality gap.

    Parameters
    ----------
    alpha : float, default=1.0
        Constant that multiplies the penalty.
    groups : int, array-like, list of lists, dict or GroupSpec
        The groups of columns (see
        :func:`sparselearn.linear_model.check_groups`): an int ``k``
        (consecutive groups of ``k`` columns), a list of group sizes, one
        label per column (``-1``: unpenalized), a list of column lists, or a
        dict of group name to columns (names or indices). Required.
    l1_ratio : float, default=0.5
        Share of the L1 penalty, in [0, 1]: 0 is the group lasso, 1 the
        lasso.
    weights : None, float, array-like of shape (n_groups,) or dict, default=None
        Weight of each group's norm; by default the square root of the
        group's size (see :func:`sparselearn.linear_model.group_weights`).
    fit_intercept : bool, default=True
        Whether to fit an unpenalized intercept. Sparse ``X`` is centered
        implicitly: it is never densified.
    max_iter : int, default=1000
        Maximum number of epochs, summed over the working-set subproblems.
    tol : float, default=1e-4
        The solver stops when the duality gap is at most
        ``tol * ||y_c||^2 / sum(sample_weight)`` (``y_c`` the centered
        target), as the lasso does.
    warm_start : bool, default=False
        Reuse the previous ``coef_`` as a starting point.
    positive : bool, default=False
        Constrain the coefficients to be non-negative.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        Coefficients; float32 when ``X`` is float32.
    intercept_ : float
        Intercept (0 when ``fit_intercept=False``).
    groups_ : GroupSpec
        The groups, in canonical form.
    n_groups_ : int
        Number of penalized groups.
    group_names_ : tuple of str or None
        Names of the groups, when known (dict or string labels).
    weights_ : ndarray of shape (n_groups,)
        The group weights used.
    support_groups_ : ndarray of int
        Indices of the groups with a non-zero coefficient.
    n_iter_ : int
        Number of epochs run by the solver.
    dual_gap_ : float
        Duality gap at the end of the solve, in the scale of the objective.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during fit, when ``X`` has string column
        names.

    See Also
    --------
    GroupLasso : the ``l1_ratio=0`` special case.
    sparselearn.linear_model.Lasso : single columns only.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import SparseGroupLasso
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((50, 6))
    >>> y = X[:, 0] + 0.5 * X[:, 1] + 0.1 * rng.standard_normal(50)
    >>> reg = SparseGroupLasso(alpha=0.1, groups=[2, 2, 2], l1_ratio=0.5).fit(X, y)
    >>> reg.support_groups_
    array([0])
    >>> bool(np.all(reg.coef_[2:] == 0))
    True
    """

    def __init__(self, alpha=1.0, *, groups=None, l1_ratio=0.5, weights=None,
                 fit_intercept=True, max_iter=1000, tol=1e-4, warm_start=False,
                 positive=False):
        self.alpha = alpha
        self.groups = groups
        self.l1_ratio = l1_ratio
        self.weights = weights
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def _l1_ratio(self):
        return self.l1_ratio

    def _layout(self, X):
        feature_names = getattr(self, "feature_names_in_", None)
        spec = check_groups(self.groups, X.shape[1], feature_names)
        weights = group_weights(spec, self.weights)
        return _GroupLayout(spec, weights, float(self._l1_ratio())), weights

    def fit(self, X, y, sample_weight=None):
        """Fit the model by block coordinate descent.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; float32 input is kept in float32.
        y : array-like of shape (n_samples,)
            Target values.
        sample_weight : array-like of shape (n_samples,) or float, default=None
            Non-negative weights of the squared errors (integer weights are
            the same as repeated rows).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        l1_ratio = self._l1_ratio()
        check_solver_params(self.alpha, l1_ratio, self.max_iter, self.tol)
        X, y = validate_data(self, X, y, accept_sparse=("csc", "csr", "coo"),
                             dtype=[np.float64, np.float32], y_numeric=True)
        if y.ndim != 1:
            raise ValueError(f"{type(self).__name__} takes a 1-D y, got shape {y.shape}.")
        sw = check_sample_weight(sample_weight, X.shape[0], X.dtype)
        layout, weights = self._layout(X)
        init = None
        if self.warm_start and getattr(self, "coef_", None) is not None:
            if np.shape(self.coef_) == (X.shape[1],):
                init = self.coef_
        coefs, intercepts, gaps, n_iters, _ = _group_path(
            X, y, sw, layout, l1_ratio=l1_ratio, alphas=[float(self.alpha)],
            fit_intercept=self.fit_intercept, positive=self.positive, tol=self.tol,
            max_iter=self.max_iter, coef_init=init)
        dtype = X.dtype
        self.coef_ = np.ascontiguousarray(coefs[:, 0], dtype=dtype)
        self.intercept_ = dtype.type(intercepts[0])
        self.dual_gap_ = float(gaps[0])
        self.n_iter_ = int(n_iters[0])
        spec = layout.spec
        self.groups_ = spec
        self.n_groups_ = spec.n_groups
        self.group_names_ = spec.names
        self.weights_ = weights
        self.support_groups_ = _support_groups(spec, self.coef_)
        return self


class GroupLasso(SparseGroupLasso):
    """Linear regression with a group lasso penalty.

    Minimizes, over the coefficients ``w`` and the intercept ``b``::

        1 / (2 * sum(s)) * sum_i s_i * (y_i - x_i w - b)^2
            + alpha * sum_g weights_g * ||w_g||_2

    so that groups of columns (the dummies of a categorical variable, the
    basis of a spline, a gene set) enter or leave the model together.
    :class:`SparseGroupLasso` with ``l1_ratio=0``.

    Parameters
    ----------
    alpha : float, default=1.0
        Constant that multiplies the penalty.
    groups : int, array-like, list of lists, dict or GroupSpec
        The groups of columns (see
        :func:`sparselearn.linear_model.check_groups`). Required.
    weights : None, float, array-like of shape (n_groups,) or dict, default=None
        Weight of each group's norm; by default the square root of the
        group's size.
    fit_intercept : bool, default=True
        Whether to fit an unpenalized intercept.
    max_iter : int, default=1000
        Maximum number of epochs, summed over the working-set subproblems.
    tol : float, default=1e-4
        Duality-gap tolerance, relative to ``||y_c||^2 / sum(sample_weight)``.
    warm_start : bool, default=False
        Reuse the previous ``coef_`` as a starting point.
    positive : bool, default=False
        Constrain the coefficients to be non-negative.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    groups_ : GroupSpec
    n_groups_ : int
    group_names_ : tuple of str or None
    weights_ : ndarray of shape (n_groups,)
    support_groups_ : ndarray of int
        Indices of the selected groups.
    n_iter_ : int
    dual_gap_ : float
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (`n_features_in_`,)

    See Also
    --------
    SparseGroupLasso : adds an L1 penalty inside the groups.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import GroupLasso
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((50, 6))
    >>> y = X[:, 0] - X[:, 1] + 0.1 * rng.standard_normal(50)
    >>> reg = GroupLasso(alpha=0.2, groups={"a": [0, 1], "b": [2, 3], "c": [4, 5]}).fit(X, y)
    >>> [reg.group_names_[g] for g in reg.support_groups_]
    ['a']
    """

    def __init__(self, alpha=1.0, *, groups=None, weights=None, fit_intercept=True,
                 max_iter=1000, tol=1e-4, warm_start=False, positive=False):
        self.alpha = alpha
        self.groups = groups
        self.weights = weights
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive

    def _l1_ratio(self):
        return 0.0


def group_alpha_max(X, y, groups, *, l1_ratio: float = 0.0, weights=None,
                    fit_intercept: bool = True, sample_weight=None) -> float:
    """Smallest ``alpha`` at which the (sparse) group lasso has no penalized coefficient.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    groups : group specification
        As for :class:`SparseGroupLasso`.
    l1_ratio : float, default=0.0
    weights : None, float, array-like or dict, default=None
    fit_intercept : bool, default=True
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    alpha_max : float

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import GroupLasso, group_alpha_max
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.standard_normal((30, 4)), rng.standard_normal(30)
    >>> amax = group_alpha_max(X, y, groups=2)
    >>> bool(np.all(GroupLasso(alpha=amax, groups=2).fit(X, y).coef_ == 0))
    True
    >>> bool(np.any(GroupLasso(alpha=0.9 * amax, groups=2).fit(X, y).coef_ != 0))
    True
    """
    X, y, sw, layout = _check_path_input(X, y, groups, l1_ratio, weights, sample_weight)
    return _layout_alpha_max(X, y, sw, layout, l1_ratio, fit_intercept)


def _check_path_input(X, y, groups, l1_ratio, weights, sample_weight):
    names = getattr(X, "columns", None)
    X = check_array(X, accept_sparse=("csc", "csr", "coo"), dtype=[np.float64, np.float32],
                    input_name="X")
    y = check_array(y, ensure_2d=False, dtype=np.float64, input_name="y")
    check_consistent_length(X, y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D for the group lasso, got shape {y.shape}.")
    check_solver_params(0.0, l1_ratio, 1, 0.0)  # here only l1_ratio is a user's value
    feature_names = None if names is None else np.asarray(names, dtype=object)
    spec = check_groups(groups, X.shape[1], feature_names)
    layout = _GroupLayout(spec, group_weights(spec, weights), float(l1_ratio))
    sw = check_sample_weight(sample_weight, X.shape[0], X.dtype)
    return X, y, sw, layout


def _layout_alpha_max(X, y, sw, layout, l1_ratio, fit_intercept):
    pen = np.empty(X.shape[1], dtype=bool)
    pen[layout.order] = layout.pf > 0
    corr = null_correlations(X, y, sw, fit_intercept, ~pen)
    return layout.alpha_max(corr, float(l1_ratio))


def sparse_group_lasso_path(X, y, *, groups, l1_ratio: float = 0.0, weights=None,
                            eps: float = 1e-3, alphas=None, fit_intercept: bool = False,
                            sample_weight=None, positive: bool = False, tol: float = 1e-4,
                            max_iter: int = 1000, coef_init=None, return_n_iter: bool = False,
                            return_intercept: bool = False, **params):
    """Sparse group lasso path by block coordinate descent, with warm starts and strong rules.

    Solves the :class:`SparseGroupLasso` objective along a decreasing grid
    of alphas. From the second alpha on, a group is kept in the problem when
    the sequential strong rule guesses it active (its correlation with the
    previous residual would make it active at ``2 alpha - alpha_prev``); the
    optimality of every other group is checked at the end of each solve, so
    the answers are those of the full problem. Returns values in
    :func:`enet_path`'s layout.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    groups : group specification
        As for :class:`SparseGroupLasso`.
    l1_ratio : float, default=0.0
        Share of the L1 penalty (0: group lasso).
    weights : None, float, array-like or dict, default=None
        Group weights (square root of the group sizes by default).
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the generated grid.
    alphas : int or array-like, default=None
        Number of alphas of the log grid from ``alpha_max`` (100 when None),
        or the alphas themselves.
    fit_intercept : bool, default=False
        Fit an unpenalized intercept at every alpha.
    sample_weight : array-like of shape (n_samples,), default=None
    positive : bool, default=False
    tol : float, default=1e-4
        Duality-gap tolerance at each alpha, as in :class:`SparseGroupLasso`.
    max_iter : int, default=1000
        Maximum number of epochs at each alpha.
    coef_init : array-like of shape (n_features,), default=None
        Start of the first alpha.
    return_n_iter : bool, default=False
        Also return the number of epochs per alpha.
    return_intercept : bool, default=False
        Also return the intercepts, shape (n_alphas,).

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas)
    dual_gaps : ndarray of shape (n_alphas,)
    n_iters : list of int
        Only with ``return_n_iter=True``.
    intercepts : ndarray of shape (n_alphas,)
        Only with ``return_intercept=True``.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import sparse_group_lasso_path
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((40, 6))
    >>> y = X[:, 0] + X[:, 1] + 0.1 * rng.standard_normal(40)
    >>> alphas, coefs, gaps = sparse_group_lasso_path(X, y, groups=2, alphas=5)
    >>> coefs.shape
    (6, 5)
    >>> bool(np.all(coefs[:, 0] == 0)), bool(np.any(coefs[:2, -1] != 0))
    (True, True)
    """
    # private: CV workers count unconverged alphas instead of warning
    count_unconverged = params.pop("_count_unconverged", False)
    if params:
        raise TypeError(
            f"sparse_group_lasso_path() got unexpected keyword arguments {sorted(params)}.")
    X, y, sw, layout = _check_path_input(X, y, groups, l1_ratio, weights, sample_weight)
    amax = _layout_alpha_max(X, y, sw, layout, l1_ratio, fit_intercept)
    alphas = _alpha_sequence(alphas, None, eps, amax)
    coefs, intercepts, gaps, n_iters, n_bad = _group_path(
        X, y, sw, layout, l1_ratio=float(l1_ratio), alphas=alphas, fit_intercept=fit_intercept,
        positive=positive, tol=tol, max_iter=max_iter, coef_init=coef_init,
        warn=not count_unconverged)
    result = [alphas, coefs, gaps]
    if return_n_iter:
        result.append(n_iters)
    if return_intercept:
        result.append(intercepts.astype(X.dtype))
    if count_unconverged:
        result.append(n_bad)
    return tuple(result)


_GROUP_CV_PARAMS_DOC = """
    groups : int, array-like, list of lists, dict or GroupSpec
        The groups of columns, as for :class:`SparseGroupLasso`. Required.
        (The ``groups`` argument of ``fit`` is the splitter's, as in
        scikit-learn.)
    weights : None, float, array-like of shape (n_groups,) or dict, default=None
        Weight of each group's norm (square root of the group size by
        default).""" + _CV_PARAMS_DOC.split("    precompute :")[0].rstrip() + """
    max_iter : int, default=1000
        Maximum number of epochs per alpha.
    tol : float, default=1e-4
        Duality-gap tolerance per alpha.
    cv : int, cross-validation generator or iterable, default=None
        Folds, as in scikit-learn (5-fold ``KFold`` by default); group
        splitters take ``groups`` in ``fit``.
    n_jobs : int, default=None
        Folds run in parallel threads (the kernels release the GIL).
    positive : bool, default=False
        Non-negative coefficients.
    alpha_selection : {'min', '1se'}, default='min'
        Refit at the minimiser of the CV error or at the largest alpha
        within one standard error of it (a sparser model).
    scoring : str or callable, default=None
        CV metric (a scikit-learn scorer); None is the sample-weighted mean
        squared error."""

_GROUP_CV_ATTRS_DOC = _CV_ATTRS_DOC + """
    groups_ : GroupSpec
        The groups, in canonical form.
    n_groups_ : int
        Number of penalized groups.
    group_names_ : tuple of str or None
        Names of the groups, when known.
    weights_ : ndarray of shape (n_groups,)
        The group weights used.
    support_groups_ : ndarray of int
        Indices of the groups selected at ``alpha_``."""


class SparseGroupLassoCV(_BaseCV, LinearPredictMixin):
    __doc__ = f"""Sparse group lasso with alpha (and l1_ratio) chosen by cross-validation.

    The folds, the CV error and its standard error, ``alpha_min_`` /
    ``alpha_1se_`` and the refit along the whole grid are those of
    :class:`sparselearn.linear_model.LassoCV`; each fold solves a
    warm-started :func:`sparse_group_lasso_path` with group strong rules.

    Parameters
    ----------
    l1_ratio : float or list of float, default=0.5
        Share of the L1 penalty in [0, 1] (0: group lasso); a list is
        cross-validated on the same folds.{_GROUP_CV_PARAMS_DOC}

    Attributes
    ----------
    l1_ratio_ : float
        The chosen ``l1_ratio``.{_GROUP_CV_ATTRS_DOC}

    See Also
    --------
    GroupLassoCV : ``l1_ratio=0``.
    sparse_group_lasso_path : the path routine.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import SparseGroupLassoCV
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((80, 9))
    >>> y = X[:, 0] - X[:, 1] + 0.1 * rng.standard_normal(80)
    >>> model = SparseGroupLassoCV(groups=3, l1_ratio=[0.2, 0.8], cv=3,
    ...                            alpha_selection="1se").fit(X, y)
    >>> model.support_groups_
    array([0])
    """

    _path = staticmethod(sparse_group_lasso_path)

    def __init__(self, *, groups=None, l1_ratio=0.5, weights=None, eps=1e-3, alphas=100,
                 fit_intercept=True, max_iter=1000, tol=1e-4, cv=None, n_jobs=None,
                 positive=False, alpha_selection="min", scoring=None):
        self.groups = groups
        self.l1_ratio = l1_ratio
        self.weights = weights
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.n_jobs = n_jobs
        self.positive = positive
        self.alpha_selection = alpha_selection
        self.scoring = scoring

    def _l1_ratios(self):
        return l1_ratio_list(self.l1_ratio, zero_ok=True)

    def _path_params(self, X):
        spec = check_groups(self.groups, X.shape[1], getattr(self, "feature_names_in_", None))
        return dict(groups=spec, weights=group_weights(spec, self.weights), eps=self.eps,
                    fit_intercept=self.fit_intercept, tol=self.tol, max_iter=self.max_iter,
                    positive=self.positive)

    def _alpha_max(self, X, y, sw, l1_ratio, params):
        layout = _GroupLayout(params["groups"], params["weights"], float(l1_ratio))
        return _layout_alpha_max(X, y, sw, layout, l1_ratio, self.fit_intercept)

    def _set_model_attributes(self, params):
        spec = params["groups"]
        self.groups_ = spec
        self.n_groups_ = spec.n_groups
        self.group_names_ = spec.names
        self.weights_ = params["weights"]
        self.support_groups_ = _support_groups(spec, self.coef_)


class GroupLassoCV(SparseGroupLassoCV):
    __doc__ = f"""Group lasso with alpha chosen by cross-validation.

    :class:`SparseGroupLassoCV` with ``l1_ratio=0``.

    Parameters
    ----------{_GROUP_CV_PARAMS_DOC}

    Attributes
    ----------{_GROUP_CV_ATTRS_DOC}

    See Also
    --------
    GroupLasso : the estimator at one alpha.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import GroupLassoCV
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((80, 9))
    >>> y = X[:, 0] - X[:, 1] + 0.1 * rng.standard_normal(80)
    >>> model = GroupLassoCV(groups=3, cv=3, alpha_selection="1se").fit(X, y)
    >>> model.support_groups_
    array([0])
    """

    def __init__(self, *, groups=None, weights=None, eps=1e-3, alphas=100, fit_intercept=True,
                 max_iter=1000, tol=1e-4, cv=None, n_jobs=None, positive=False,
                 alpha_selection="min", scoring=None):
        self.groups = groups
        self.weights = weights
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.n_jobs = n_jobs
        self.positive = positive
        self.alpha_selection = alpha_selection
        self.scoring = scoring

    def _l1_ratios(self):
        return [0.0]


def _support_groups(spec: GroupSpec, coef) -> np.ndarray:
    """Indices of the groups with a non-zero coefficient (no Python loop over groups)."""
    grouped = spec.labels >= 0
    counts = np.bincount(spec.labels[grouped], weights=(coef[grouped] != 0),
                         minlength=spec.n_groups)
    return np.flatnonzero(counts > 0).astype(np.int64)
