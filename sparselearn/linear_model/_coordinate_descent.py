"""Lasso, ElasticNet and their multi-task versions."""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import validate_data

from .._numba.cd import seed_rng
from .._numba.gap import xt_dot_mat
from ._base import (LinearPredictMixin, check_bounds, check_feature_vector, check_sample_weight,
                    check_solver_params, dense_columns, make_design, make_target)
from ._path import solve_path

_SHARED_PARAMS_DOC = """
    fit_intercept : bool, default=True
        Whether to fit an unpenalized intercept. Sparse ``X`` is centered
        implicitly: it is never densified.
    precompute : bool, 'auto' or array-like of shape (n_features, n_features), default='auto'
        Whether to solve the working-set subproblems in Gram form (on
        ``X_ws^T X_ws``, built lazily for the working set's columns) instead
        of residual form. ``'auto'`` uses the Gram form when a Gram epoch is
        cheaper than a residual one: ``|ws|^2`` at most the non-zeros of
        ``X_ws`` (for dense ``X``: no more features than samples), at most
        2000 features. ``True`` always uses it, ``False`` never. An array is
        taken as the precomputed ``X^T X``; as in scikit-learn it is checked
        against ``X`` and recomputed (with a warning) when ``X`` is centered
        or weighted. The Gram form applies to
        single-task problems without unpenalized features; the solution does
        not depend on this parameter. scikit-learn's default is ``False``.
    copy_X : bool, default=True
        Accepted for compatibility with scikit-learn. ``X`` is never modified,
        whatever the value.
    max_iter : int, default=1000
        Maximum number of epochs (passes over the current working set of
        features), summed over the working-set subproblems.
    tol : float, default=1e-4
        The solver stops when the duality gap is at most
        ``tol * ||y_c||^2 / sum(sample_weight)``, where ``y_c`` is the
        centered, weighted target (scikit-learn's scaling). For float32
        data ``tol`` is at least ``1e-6``: the rounding of a float32
        residual hides smaller gaps.
    warm_start : bool, default=False
        Reuse the previous ``coef_`` as a starting point.
    random_state : int, RandomState instance or None, default=None
        Seed for ``selection='random'``.
    selection : {'cyclic', 'random'}, default='cyclic'
        Cyclic passes over the working set, or passes in a random order.
    penalty_factor : array-like of shape (n_features,), default=None
        Non-negative multiplier of the penalty of each feature (glmnet's
        ``penalty.factor``); 0 leaves a feature unpenalized. It is used as
        given: unlike glmnet, the factors are *not* rescaled to sum to
        ``n_features``. Default: all ones."""

_SHARED_ATTRS_DOC = """
    n_iter_ : int or list of int
        Number of epochs run by the solver (per target for 2-D ``y``).
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap at the end of the solve, in the scale of the objective.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during fit, when ``X`` has string column names."""


def _check_params(est, multitask):
    l1_ratio = check_solver_params(est.alpha, getattr(est, "l1_ratio", 1.0), est.max_iter,
                                   est.tol)
    if est.selection not in ("cyclic", "random"):
        raise ValueError(f"selection must be 'cyclic' or 'random', got {est.selection!r}.")
    precompute = getattr(est, "precompute", False)
    if not (isinstance(precompute, (bool, np.bool_)) or
            (isinstance(precompute, str) and precompute == "auto") or
            hasattr(precompute, "shape") or isinstance(precompute, (list, tuple))):
        raise ValueError(
            f"precompute must be a bool, 'auto' or an array, got {precompute!r}.")
    return l1_ratio


def _check_gram(precompute, design, n, p, sample_weight, fit_intercept):
    """``(mode, gram)`` for the solver from a ``precompute`` parameter."""
    if isinstance(precompute, str) or isinstance(precompute, (bool, np.bool_)):
        return (precompute if isinstance(precompute, str) else bool(precompute)), None
    gram = np.asarray(precompute, dtype=np.float64)
    if gram.shape != (p, p):
        raise ValueError(
            f"precompute must be an array of shape ({p}, {p}) (X^T X), got {gram.shape}.")
    if fit_intercept or sample_weight is not None:
        warnings.warn(
            "Gram matrix was provided but X is centered to fit the intercept or "
            "weighted: the Gram matrix of the transformed X is used instead.",
            UserWarning, stacklevel=4)
        return True, None
    if not np.all(np.isfinite(gram)):
        raise ValueError("precompute (the Gram matrix) contains NaN or inf.")
    # check one column against X, as scikit-learn does
    j = int(np.argmax(np.abs(np.diagonal(gram))))
    expected = np.empty((p, 1))
    xt_dot_mat(design, np.asfortranarray(dense_columns(design, [j], n)), expected)
    if not np.allclose(gram[:, j], expected[:, 0], rtol=1e-4,
                       atol=1e-6 * max(1.0, np.abs(expected).max())):
        raise ValueError(
            f"precompute (the Gram matrix) does not match X^T X: column {j} differs. "
            "Pass the Gram matrix of the X given to fit.")
    return True, gram


class _BaseElasticNet(LinearPredictMixin, MultiOutputMixin, RegressorMixin, BaseEstimator):
    """Shared fit/predict of the single- and multi-task elastic net."""

    _multitask = False

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = not self._multitask
        return tags

    def fit(self, X, y, sample_weight=None):
        """Fit the model by coordinate descent.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data. Any scipy sparse format (matrix or array); float32
            input is kept in float32.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target values.
        sample_weight : array-like of shape (n_samples,) or float, default=None
            Non-negative weights. The datafit is
            ``1 / (2 * sum(w)) * sum_i w_i * residual_i**2``, so weights that
            are all equal change nothing, and integer weights are the same as
            repeated rows.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        l1_ratio = _check_params(self, self._multitask)
        X, y = validate_data(self, X, y, accept_sparse=("csc", "csr", "coo"),
                             dtype=[np.float64, np.float32], multi_output=True, y_numeric=True)
        if self._multitask and y.ndim == 1:
            raise ValueError(
                f"For mono-task outputs, use {type(self).__name__.replace('MultiTask', '')}; "
                "y must be 2-D of shape (n_samples, n_tasks).")
        n, p = X.shape
        dtype = X.dtype
        sw = check_sample_weight(sample_weight, n, dtype)
        pf = check_feature_vector(getattr(self, "penalty_factor", None), p, "penalty_factor",
                                  1.0, nonneg=True)
        if self._multitask:
            lower = np.full(p, -np.inf)
            upper = np.full(p, np.inf)
        else:
            lower, upper = check_bounds(self.lower_bounds, self.upper_bounds, self.positive, p)
        alpha = float(self.alpha)
        design, X_offset, sqrt_sw, S = make_design(X, sw, self.fit_intercept)
        Y, y_offset = make_target(y, sw, sqrt_sw, self.fit_intercept, dtype)
        T = Y.shape[1]
        W0 = self._initial_coef(p, T, dtype, lower, upper)
        shuffle = self.selection == "random"
        if shuffle:
            seed_rng(check_random_state(self.random_state).randint(np.iinfo(np.int32).max))
        precompute, gram = _check_gram(getattr(self, "precompute", "auto"), design, n, p, sw,
                                       self.fit_intercept)
        opts = dict(inv_S=1.0 / S, tol=float(self.tol),
                    max_iter=int(self.max_iter), shuffle=shuffle, precompute=precompute,
                    gram=gram)
        # a fit is a path of one alpha; separate targets are separate problems
        problems = ([(Y, W0)] if self._multitask or T == 1 else
                    [(np.asfortranarray(Y[:, t:t + 1]), np.ascontiguousarray(W0[:, t:t + 1]))
                     for t in range(T)])
        coef = np.empty((T, p), dtype=dtype)
        gaps, iters = np.empty(len(problems)), []
        for t, (Yt, Wt) in enumerate(problems):
            coefs, g, it, _, _ = solve_path(design, Yt, Wt, alphas=[alpha], l1_ratio=l1_ratio,
                                            pf=pf, lower=lower, upper=upper, inv_S=1.0 / S,
                                            opts=opts)
            if len(problems) == 1:
                coef[:] = coefs[0].T
            else:
                coef[t] = coefs[0][:, 0]
            gaps[t] = g[0]
            iters.append(it[0])

        intercept = (y_offset - coef.astype(np.float64) @ X_offset.astype(np.float64)
                     if self.fit_intercept else np.zeros(T))
        if y.ndim == 1:
            self.coef_ = np.ascontiguousarray(coef[0], dtype=dtype)
            self.intercept_ = intercept.astype(dtype)[0]
            self.dual_gap_ = float(gaps[0])
            self.n_iter_ = iters[0]
        else:
            self.coef_ = np.ascontiguousarray(coef, dtype=dtype)
            self.intercept_ = intercept.astype(dtype)
            self.dual_gap_ = gaps if not self._multitask else float(gaps[0])
            self.n_iter_ = iters if not self._multitask else iters[0]
        return self

    def _initial_coef(self, p, T, dtype, lower, upper):
        # zero, or its nearest feasible point when a box excludes zero
        W0 = np.empty((p, T), dtype=dtype)
        W0[:] = np.clip(0.0, lower, upper)[:, None]
        if self.warm_start and hasattr(self, "coef_"):
            prev = np.asarray(self.coef_, dtype=dtype)
            prev = prev.reshape(-1, p) if prev.ndim == 1 else prev
            if prev.shape == (T, p):
                W0[:] = np.clip(prev.T, lower[:, None], upper[:, None])
        return W0


class ElasticNet(_BaseElasticNet):
    """Linear regression with combined L1 and L2 penalties, bounds and penalty factors.

    Minimizes, over the coefficients ``w`` and the intercept ``b``::

        1 / (2 * sum(s)) * sum_i s_i * (y_i - x_i w - b)^2
            + alpha * sum_j pf_j * (l1_ratio * |w_j| + (1 - l1_ratio) / 2 * w_j^2)

        subject to lower_bounds_j <= w_j <= upper_bounds_j,

    where ``s`` are the sample weights (ones by default) and ``pf`` the
    penalty factors (ones by default). With ``pf = 1``, no bounds and no
    weights this is exactly scikit-learn's ``ElasticNet`` objective.

    Solved by coordinate descent on working sets of features, compiled with
    Numba, on dense or sparse ``X``; stops on the duality gap.

    Parameters
    ----------
    alpha : float, default=1.0
        Constant that multiplies the penalty terms.
    l1_ratio : float, default=0.5
        Mixing parameter in [0, 1]: 1 is the lasso, 0 the ridge penalty.
    {shared_params}
    positive : bool, default=False
        Constrain the coefficients to be non-negative (same as ``lower_bounds=0``).
    lower_bounds, upper_bounds : float or array-like of shape (n_features,), default=None
        Box constraints on the coefficients (``-inf``/``inf`` by default).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients; float32 when ``X`` is float32.
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept (0 when ``fit_intercept=False``).
    sparse_coef_ : scipy.sparse.csr_matrix of shape (1, n_features) or (n_targets, n_features)
        ``coef_`` as a sparse matrix.
    {shared_attrs}

    See Also
    --------
    Lasso : the ``l1_ratio=1`` special case.
    MultiTaskElasticNet : the same penalty on rows of a coefficient matrix.

    Examples
    --------
    >>> from sparselearn.linear_model import ElasticNet
    >>> X = [[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 3.0]]
    >>> y = [1.0, 1.0, 3.0, 6.0]
    >>> reg = ElasticNet(alpha=0.1, l1_ratio=0.7).fit(X, y)
    >>> reg.coef_.round(3)
    array([0.957, 0.949])
    >>> float(round(reg.intercept_, 3))
    0.129
    """

    def __init__(self, alpha=1.0, *, l1_ratio=0.5, fit_intercept=True, precompute="auto",
                 copy_X=True, max_iter=1000, tol=1e-4, warm_start=False, positive=False,
                 random_state=None, selection="cyclic", penalty_factor=None,
                 lower_bounds=None, upper_bounds=None):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection
        self.penalty_factor = penalty_factor
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds


class Lasso(ElasticNet):
    """Linear regression with an L1 penalty, bounds and penalty factors.

    Minimizes, over the coefficients ``w`` and the intercept ``b``::

        1 / (2 * sum(s)) * sum_i s_i * (y_i - x_i w - b)^2 + alpha * sum_j pf_j * |w_j|

        subject to lower_bounds_j <= w_j <= upper_bounds_j,

    where ``s`` are the sample weights (ones by default) and ``pf`` the
    penalty factors (ones by default): scikit-learn's ``Lasso`` objective,
    solved by Numba-compiled coordinate descent on working sets, on dense or
    sparse ``X``, stopping on the duality gap.

    Parameters
    ----------
    alpha : float, default=1.0
        Constant that multiplies the L1 term.
    {shared_params}
    positive : bool, default=False
        Constrain the coefficients to be non-negative (same as ``lower_bounds=0``).
    lower_bounds, upper_bounds : float or array-like of shape (n_features,), default=None
        Box constraints on the coefficients (``-inf``/``inf`` by default).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients; float32 when ``X`` is float32.
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept (0 when ``fit_intercept=False``).
    sparse_coef_ : scipy.sparse.csr_matrix of shape (1, n_features) or (n_targets, n_features)
        ``coef_`` as a sparse matrix.
    {shared_attrs}

    See Also
    --------
    ElasticNet : adds an L2 term.
    MultiTaskLasso : selects the same features for several targets.

    Examples
    --------
    >>> from sparselearn.linear_model import Lasso
    >>> X = [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]
    >>> y = [0.0, 1.0, 2.0]
    >>> reg = Lasso(alpha=0.1).fit(X, y)
    >>> reg.coef_
    array([0.85, 0.  ])
    >>> float(round(reg.intercept_, 6))
    0.15
    """

    def __init__(self, alpha=1.0, *, fit_intercept=True, precompute="auto", copy_X=True,
                 max_iter=1000, tol=1e-4, warm_start=False, positive=False,
                 random_state=None, selection="cyclic", penalty_factor=None,
                 lower_bounds=None, upper_bounds=None):
        super().__init__(alpha=alpha, l1_ratio=1.0, fit_intercept=fit_intercept,
                         precompute=precompute, copy_X=copy_X, max_iter=max_iter, tol=tol,
                         warm_start=warm_start, positive=positive, random_state=random_state,
                         selection=selection, penalty_factor=penalty_factor,
                         lower_bounds=lower_bounds, upper_bounds=upper_bounds)

    @property
    def l1_ratio(self):
        return 1.0

    @l1_ratio.setter
    def l1_ratio(self, value):
        pass


class MultiTaskElasticNet(_BaseElasticNet):
    """Multi-task linear regression with a mixed L2,1 / L2 penalty.

    Minimizes, over the coefficient matrix ``W`` (one row per feature, one
    column per task) and the intercepts ``b``::

        1 / (2 * sum(s)) * sum_i s_i * ||y_i - x_i W - b||_2^2
            + alpha * sum_j pf_j * (l1_ratio * ||W_j||_2 + (1 - l1_ratio) / 2 * ||W_j||_2^2)

    so a feature is selected for all tasks or for none. With ``pf = 1`` and
    no weights this is scikit-learn's ``MultiTaskElasticNet`` objective. Solved
    by block coordinate descent with the same kernel as :class:`ElasticNet`,
    on dense or sparse ``X``.

    Parameters
    ----------
    alpha : float, default=1.0
        Constant that multiplies the penalty.
    l1_ratio : float, default=0.5
        Mixing parameter in [0, 1]: 1 is the multi-task lasso.
    {shared_params}

    Attributes
    ----------
    coef_ : ndarray of shape (n_tasks, n_features)
        Coefficients (scikit-learn's layout: one row per task).
    intercept_ : ndarray of shape (n_tasks,)
        Intercepts.
    sparse_coef_ : scipy.sparse.csr_matrix of shape (n_tasks, n_features)
        ``coef_`` as a sparse matrix.
    {shared_attrs}

    Examples
    --------
    >>> from sparselearn.linear_model import MultiTaskElasticNet
    >>> X = [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]
    >>> Y = [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]
    >>> reg = MultiTaskElasticNet(alpha=0.1).fit(X, Y)
    >>> reg.coef_.round(4)
    array([[0.4564, 0.4564],
           [0.4564, 0.4564]])
    """

    _multitask = True

    def __init__(self, alpha=1.0, *, l1_ratio=0.5, fit_intercept=True, copy_X=True,
                 max_iter=1000, tol=1e-4, warm_start=False, random_state=None,
                 selection="cyclic", penalty_factor=None):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.random_state = random_state
        self.selection = selection
        self.penalty_factor = penalty_factor


class MultiTaskLasso(MultiTaskElasticNet):
    """Multi-task linear regression with an L2,1 penalty (joint feature selection).

    Minimizes, over the coefficient matrix ``W`` and the intercepts ``b``::

        1 / (2 * sum(s)) * sum_i s_i * ||y_i - x_i W - b||_2^2 + alpha * sum_j pf_j * ||W_j||_2

    scikit-learn's ``MultiTaskLasso`` objective (with ``pf = 1`` and no
    weights), on dense or sparse ``X``.

    Parameters
    ----------
    alpha : float, default=1.0
        Constant that multiplies the L2,1 term.
    {shared_params}

    Attributes
    ----------
    coef_ : ndarray of shape (n_tasks, n_features)
        Coefficients.
    intercept_ : ndarray of shape (n_tasks,)
        Intercepts.
    sparse_coef_ : scipy.sparse.csr_matrix of shape (n_tasks, n_features)
        ``coef_`` as a sparse matrix.
    {shared_attrs}

    Examples
    --------
    >>> from sparselearn.linear_model import MultiTaskLasso
    >>> X = [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]
    >>> Y = [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]
    >>> reg = MultiTaskLasso(alpha=0.1).fit(X, Y)
    >>> reg.coef_
    array([[0.89393398, 0.        ],
           [0.89393398, 0.        ]])
    """

    def __init__(self, alpha=1.0, *, fit_intercept=True, copy_X=True, max_iter=1000,
                 tol=1e-4, warm_start=False, random_state=None, selection="cyclic",
                 penalty_factor=None):
        super().__init__(alpha=alpha, l1_ratio=1.0, fit_intercept=fit_intercept,
                         copy_X=copy_X, max_iter=max_iter, tol=tol, warm_start=warm_start,
                         random_state=random_state, selection=selection,
                         penalty_factor=penalty_factor)

    @property
    def l1_ratio(self):
        return 1.0

    @l1_ratio.setter
    def l1_ratio(self, value):
        pass


for _cls in (ElasticNet, Lasso, MultiTaskElasticNet, MultiTaskLasso):
    _cls.__doc__ = _cls.__doc__.replace("{shared_params}", _SHARED_PARAMS_DOC.strip("\n"))
    _cls.__doc__ = _cls.__doc__.replace("{shared_attrs}", _SHARED_ATTRS_DOC.strip("\n"))
del _cls
