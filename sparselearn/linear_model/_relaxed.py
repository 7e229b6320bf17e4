"""Relaxed lasso: glmnet's ``relax=TRUE``.

At each alpha the lasso's support ``A`` is refit by unpenalized least squares
(with the intercept, the sample weights and the box constraints, on the
columns of ``A`` only), and the two fits are blended::

    coef(alpha, gamma) = gamma * coef_lasso(alpha) + (1 - gamma) * coef_refit(A(alpha))

(the intercepts likewise), so ``gamma = 1`` is the lasso and ``gamma = 0`` the
least-squares fit on the lasso's support.  Supports repeat along a path, and
each distinct support is refit once.  Cross-validation solves one lasso path
per fold, refits its supports and scores every ``(gamma, alpha)`` pair on the
same folds; the pair is chosen as glmnet's ``cv.glmnet(relax=TRUE)`` does.
"""

from __future__ import annotations

import warnings
from numbers import Real

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from scipy.linalg import lstsq
from scipy.optimize import lsq_linear
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import check_scoring
from sklearn.model_selection import check_cv
from sklearn.utils.extmath import safe_sparse_dot
from sklearn.utils.validation import validate_data

from ._base import (alpha_max, check_bounds, check_feature_vector, check_predict_input,
                    check_sample_weight)
from ._coordinate_descent import _check_params as _check_lasso_params
from ._cv import _CV_PARAMS_DOC, _BaseCV, _combine, _held_out_errors, _interpolate
from ._cv import _refit as _lasso_path
from ._path import _alpha_sequence, enet_path


def _check_gamma(gamma, name="gamma") -> float:
    if not isinstance(gamma, Real) or isinstance(gamma, bool) or not 0 <= gamma <= 1:
        raise ValueError(f"{name} must be a real number in [0, 1], got {gamma!r}.")
    return float(gamma)


def _refit_support(X, y, w, active, fit_intercept, lower, upper):
    """Weighted least squares of ``y`` on the columns ``active`` (and an intercept).

    Returns ``(coef, intercept)``: the minimum-norm solution when those
    columns are rank deficient (e.g. ``len(active) >= n_samples``), a bounded
    least-squares solution when it breaks a bound.
    """
    XA = X[:, active]  # only the support is densified
    XA = (XA.toarray() if sp.issparse(XA) else XA).astype(np.float64)
    S = w.sum()
    x_off = w @ XA / S if fit_intercept else np.zeros(len(active))
    y_off = w @ y / S if fit_intercept else 0.0
    sqrt_w = np.sqrt(w)
    A, b = (XA - x_off) * sqrt_w[:, None], (y - y_off) * sqrt_w
    # complete orthogonal factorization: the minimum-norm solution, faster than an SVD
    beta = lstsq(A, b, cond=np.finfo(float).eps * max(A.shape), lapack_driver="gelsy",
                 check_finite=False)[0]
    lo, hi = lower[active], upper[active]
    if np.any(beta < lo) or np.any(beta > hi):
        free = lo < hi  # lsq_linear wants lo < hi: pinned coefficients are moved to b
        beta = lo.copy()
        beta[free] = lsq_linear(A[:, free], b - A[:, ~free] @ lo[~free],
                                bounds=(lo[free], hi[free]), method="bvls").x
    return beta, y_off - x_off @ beta


def _relax_path(X, y, sw, coefs, fit_intercept, lower, upper):
    """Unpenalized refits on the supports of a lasso path, one per distinct support.

    ``coefs`` is (n_features, n_alphas); returns the refit coefficients (same
    shape) and intercepts (n_alphas,), in float64.
    """
    X = X.tocsc() if sp.issparse(X) else X  # column slices
    y = np.asarray(y, dtype=np.float64)
    w = np.ones(len(y)) if sw is None else sw
    out, intercepts = np.zeros(coefs.shape), np.empty(coefs.shape[1])
    cache = {}  # support -> refit
    for k in range(coefs.shape[1]):
        active = np.flatnonzero(coefs[:, k])
        key = active.tobytes()
        if key not in cache:
            cache[key] = _refit_support(X, y, w, active, fit_intercept, lower, upper)
        out[active, k], intercepts[k] = cache[key]
    return out, intercepts


def _relaxed_path(X, y, sw, alphas, fit_params):
    """Lasso path and its refits on the given rows.

    Returns ``(coefs, gaps, n_iters, intercepts, n_unconverged, refit_coefs,
    refit_intercepts)``.
    """
    # counts unconverged alphas rather than catching warnings (not thread-safe)
    path = _lasso_path(X, y, sw, 1.0, alphas, fit_params)
    return path + _relax_path(X, y, sw, path[0], fit_params["fit_intercept"],
                              fit_params["lower_bounds"], fit_params["upper_bounds"])


def _fold_errors(X, y, sw, train, test, alphas, gammas, fit_params, scorer):
    """Held-out errors (n_gammas, n_alphas) of one fold, and its unconverged alphas."""
    coefs, _, _, intercepts, n_bad, rcoefs, rints = _relaxed_path(
        X[train], y[train], None if sw is None else sw[train], alphas, fit_params)
    Xt, yt = X[test], y[test]
    # predictions are linear in gamma: two products serve every gamma
    p_lasso = safe_sparse_dot(Xt, coefs, dense_output=True) + intercepts
    p_refit = safe_sparse_dot(Xt, rcoefs, dense_output=True) + rints
    pred = np.concatenate([g * p_lasso + (1 - g) * p_refit for g in gammas], axis=1)
    err = _held_out_errors(pred, (yt[:, None] - pred) ** 2, Xt, yt,
                           None if sw is None else sw[test], scorer)
    return err.reshape(len(gammas), len(alphas)), n_bad


def _choose_pair(mean, se):
    """glmnet's ``(gamma, lambda)`` ``min`` and ``1se`` pairs as (row, column) indices.

    Rows of ``mean`` are the gammas in increasing order, columns the alphas in
    decreasing order.  Among ties the largest alpha wins, then the largest
    gamma; the 1-SE pair is the one with the largest alpha (then gamma) whose
    error is within one standard error of the minimum, the standard error
    being that of the minimising pair.
    """
    def first(mask):
        i = int(np.flatnonzero(mask.any(axis=0))[0])
        return int(np.flatnonzero(mask[:, i])[-1]), i

    g_min, i_min = first(mean <= np.nanmin(mean))
    g_1se, i_1se = first(mean <= mean[g_min, i_min] + se[g_min, i_min])
    return (g_min, i_min), (g_1se, i_1se)


class RelaxedLasso(RegressorMixin, BaseEstimator):
    """Relaxed lasso: the lasso blended with least squares on its support.

    First solves the lasso (the objective of :class:`Lasso`)::

        1 / (2 * sum(s)) * sum_i s_i * (y_i - x_i w - b)^2 + alpha * sum_j pf_j * |w_j|
        subject to lower_bounds_j <= w_j <= upper_bounds_j,

    then refits its support ``A = {j : w_j != 0}`` without penalty::

        (w_A*, b*) = argmin sum_i s_i * (y_i - x_iA w_A - b)^2
        subject to lower_bounds_A <= w_A <= upper_bounds_A,

    and returns ``gamma * (w, b) + (1 - gamma) * (w*, b*)`` (glmnet's
    ``relax=TRUE`` with its ``gamma``). When the columns of ``A`` are rank
    deficient (always so when ``|A| >= n_samples``), the refit is the
    minimum-norm least-squares solution (with bounds: a bounded least-squares
    solution). Sparse ``X`` is never densified; only the columns of ``A`` are.

    Parameters
    ----------
    alpha : float, default=1.0
        Constant that multiplies the L1 term of the lasso.
    gamma : float, default=0.0
        Weight of the lasso in the blend, in [0, 1]: 0 is the unpenalized
        refit on the lasso's support (the "relaxed" fit, whose coefficients
        are not shrunk), 1 the lasso itself. glmnet's ``predict`` defaults to
        ``gamma=1``; the default here is 0, else this would be :class:`Lasso`.
    fit_intercept : bool, default=True
        Whether to fit an intercept (in the lasso and in the refit).
    precompute : bool, 'auto' or array-like, default='auto'
        Gram form of the lasso's subproblems, as in :class:`Lasso`.
    copy_X : bool, default=True
        Accepted for compatibility; ``X`` is never modified.
    max_iter : int, default=1000
        Maximum number of epochs of the lasso solver.
    tol : float, default=1e-4
        Duality-gap tolerance of the lasso, as in :class:`Lasso`.
    positive : bool, default=False
        Non-negative coefficients, in the lasso and in the refit.
    random_state : int, RandomState instance or None, default=None
        Seed for ``selection='random'``.
    selection : {'cyclic', 'random'}, default='cyclic'
        Coordinate order of the lasso solver.
    penalty_factor : array-like of shape (n_features,), default=None
        Per-feature penalty factors of the lasso (0: unpenalized, so always in
        the support); the refit has no penalty.
    lower_bounds, upper_bounds : float or array-like of shape (n_features,), default=None
        Box constraints, kept by the lasso and by the refit (as glmnet does).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The blended coefficients; float32 when ``X`` is float32.
    intercept_ : float
        The blended intercept.
    lasso_coef_ : ndarray of shape (n_features,)
        The lasso's coefficients.
    lasso_intercept_ : float
        The lasso's intercept.
    relaxed_coef_ : ndarray of shape (n_features,)
        The unpenalized refit on ``active_`` (zero elsewhere).
    relaxed_intercept_ : float
        The refit's intercept.
    active_ : ndarray of int
        The lasso's support: indices of its non-zero coefficients.
    dual_gap_ : float
        Duality gap of the lasso.
    n_iter_ : int
        Epochs of the lasso solver.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during fit, when ``X`` has string column names.

    See Also
    --------
    RelaxedLassoCV : alpha and gamma chosen by cross-validation.
    Lasso : ``gamma=1``.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import RelaxedLasso
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(50, 5)
    >>> y = 3 * X[:, 0] - 2 * X[:, 1] + 0.1 * rng.randn(50)
    >>> model = RelaxedLasso(alpha=0.5).fit(X, y)
    >>> model.active_.tolist()
    [0, 1]
    >>> model.lasso_coef_[:2].round(1)  # shrunk towards zero
    array([ 2.5, -1.4])
    >>> model.coef_[:2].round(1)  # least squares on columns 0 and 1
    array([ 3., -2.])
    """

    def __init__(self, alpha=1.0, *, gamma=0.0, fit_intercept=True, precompute="auto",
                 copy_X=True, max_iter=1000, tol=1e-4, positive=False, random_state=None,
                 selection="cyclic", penalty_factor=None, lower_bounds=None,
                 upper_bounds=None):
        self.alpha = alpha
        self.gamma = gamma
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.positive = positive
        self.random_state = random_state
        self.selection = selection
        self.penalty_factor = penalty_factor
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def fit(self, X, y, sample_weight=None):
        """Fit the lasso, refit its support, blend.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; float32 is kept as float32.
        y : array-like of shape (n_samples,)
            Target values.
        sample_weight : array-like of shape (n_samples,) or float, default=None
            Weights of the lasso's datafit and of the refit; integer weights
            are the same as repeated rows.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        _check_lasso_params(self, False)
        gamma = _check_gamma(self.gamma)
        X, y = validate_data(self, X, y, accept_sparse=("csc", "csr", "coo"),
                             dtype=[np.float64, np.float32], y_numeric=True)
        n, p = X.shape
        dtype = X.dtype
        sw = check_sample_weight(sample_weight, n, dtype)
        lower, upper = check_bounds(self.lower_bounds, self.upper_bounds, self.positive, p)
        _, coefs, gaps, n_iters, intercepts = enet_path(
            X, y, l1_ratio=1.0, alphas=[float(self.alpha)], sample_weight=sw,
            fit_intercept=self.fit_intercept, precompute=self.precompute,
            penalty_factor=self.penalty_factor, lower_bounds=lower, upper_bounds=upper,
            tol=self.tol, max_iter=self.max_iter, selection=self.selection,
            random_state=self.random_state, return_n_iter=True, return_intercept=True)
        rcoefs, rints = _relax_path(X, y, sw, coefs, self.fit_intercept, lower, upper)
        self.lasso_coef_ = np.ascontiguousarray(coefs[:, 0])
        self.lasso_intercept_ = intercepts[0]
        self.relaxed_coef_ = rcoefs[:, 0].astype(dtype)
        self.relaxed_intercept_ = dtype.type(rints[0])
        self.active_ = np.flatnonzero(self.lasso_coef_)
        self.coef_ = (gamma * coefs[:, 0] + (1 - gamma) * rcoefs[:, 0]).astype(dtype)
        self.intercept_ = dtype.type(gamma * intercepts[0] + (1 - gamma) * rints[0])
        self.dual_gap_ = float(gaps[0])
        self.n_iter_ = int(n_iters[0])
        return self

    def predict(self, X, gamma=None):
        """Predict with the fitted blend, or with another ``gamma``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.
        gamma : float, default=None
            A blend weight in [0, 1] (glmnet's ``predict(..., gamma=)``);
            None uses the fitted ``gamma``. No refit is needed.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predictions.
        """
        X = check_predict_input(self, X)
        if gamma is None:
            coef, intercept = self.coef_, self.intercept_
        else:
            g = _check_gamma(gamma)
            coef = g * self.lasso_coef_ + (1 - g) * self.relaxed_coef_
            intercept = g * self.lasso_intercept_ + (1 - g) * self.relaxed_intercept_
        return safe_sparse_dot(X, coef, dense_output=True) + intercept


class RelaxedLassoCV(_BaseCV):
    __doc__ = f"""Relaxed lasso with alpha and gamma chosen by cross-validation.

    glmnet's ``cv.glmnet(relax=TRUE)``: each fold solves one lasso path along
    the alpha grid (computed from all the data), refits each distinct support
    of that path once by unpenalized least squares (see :class:`RelaxedLasso`)
    and scores every ``(gamma, alpha)`` blend on its held-out rows; all the
    gammas share the folds.  The CV curve of each gamma is combined over folds
    as in :class:`LassoCV` (``cv_mean_``, ``cv_se_``).  The ``min`` pair
    minimises the CV error (ties: the largest alpha, then the largest gamma);
    the ``1se`` pair has the largest alpha, then the largest gamma, whose error
    is within one standard error of the minimum (glmnet's ``lambda.1se`` /
    ``gamma.1se``).  The lasso path is then refit on all rows, its supports
    are refit, and the chosen pair gives ``coef_``.

    Parameters
    ----------
    gammas : array-like of float, default=(0, 0.25, 0.5, 0.75, 1)
        The blend weights cross-validated, in [0, 1] (glmnet's default);
        sorted and deduplicated. ``gammas=[1]`` is :class:`LassoCV`.{_CV_PARAMS_DOC.replace(
        "every ``l1_ratio``", "every gamma").replace(
        "Which alpha is refit", "Which pair is used").replace(
        "Box constraints on the coefficients.",
        "Box constraints, kept by the lasso and by the refits.")}

    Attributes
    ----------
    alpha_, gamma_ : float
        The chosen pair: ``(alpha_min_, gamma_min_)`` or ``(alpha_1se_, gamma_1se_)``.
    alpha_min_, gamma_min_ : float
        The pair minimising the CV error.
    alpha_1se_, gamma_1se_ : float
        The 1-SE pair; ``alpha_1se_ >= alpha_min_``.
    alphas_ : ndarray of shape (n_alphas,)
        The alpha grid, decreasing.
    gammas_ : ndarray of shape (n_gammas,)
        The gammas, increasing.
    mse_path_ : ndarray of shape (n_gammas, n_alphas, n_folds)
        Held-out error of each fold (mean squared error, or the negated
        score with ``scoring``).
    cv_mean_ : ndarray of shape (n_gammas, n_alphas)
        CV error of each pair, the fold errors averaged with the folds' total
        sample weights as weights (glmnet's ``cvm``).
    cv_se_ : ndarray of shape (n_gammas, n_alphas)
        Its standard error, ``sqrt(weighted variance / (K - 1))``.
    coef_ : ndarray of shape (n_features,)
        The blend at the chosen pair.
    intercept_ : float
        Its intercept.
    lasso_coef_, relaxed_coef_ : ndarray of shape (n_features,)
        The lasso and its unpenalized refit at ``alpha_``.
    lasso_intercept_, relaxed_intercept_ : float
        Their intercepts.
    active_ : ndarray of int
        The lasso's support at ``alpha_``.
    coef_path_ : ndarray of shape (n_features, n_alphas)
        The lasso path refit on all the data.
    intercept_path_ : ndarray of shape (n_alphas,)
        Its intercepts.
    relaxed_coef_path_ : ndarray of shape (n_features, n_alphas)
        The unpenalized refits on the supports of ``coef_path_``.
    relaxed_intercept_path_ : ndarray of shape (n_alphas,)
        Their intercepts.
    dual_gap_ : float
        Duality gap of the lasso at ``alpha_``.
    n_iter_ : int
        Epochs of the lasso at ``alpha_``.
    n_features_in_ : int
        Number of features seen during fit.

    See Also
    --------
    RelaxedLasso : one fit at a given alpha and gamma.
    LassoCV : ``gammas=[1]``.

    Notes
    -----
    Each distinct support ``A`` costs one least-squares solve, ``O(n |A|^2)``:
    little next to the path while supports are small, the main cost when the
    grid reaches supports of a size comparable to ``n_samples`` (a larger
    ``eps`` shortens the grid). Unlike glmnet, ``gamma=0`` is exactly the refit (glmnet uses
    ``max(gamma, 1e-5)``), supports larger than ``n_samples - 3`` are refit
    too (glmnet skips them and reuses a smaller support's refit), and a gamma
    outside [0, 1] raises instead of being dropped with a warning.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import RelaxedLassoCV
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(60, 8)
    >>> y = X[:, 0] - 2 * X[:, 1] + 0.1 * rng.randn(60)
    >>> model = RelaxedLassoCV(cv=3).fit(X, y)
    >>> model.cv_mean_.shape
    (5, 100)
    >>> model.gamma_ in model.gammas_, bool(model.alpha_1se_ >= model.alpha_min_)
    (True, True)
    >>> sorted(np.flatnonzero(np.abs(model.coef_) > 0.5).tolist())
    [0, 1]
    """

    def __init__(self, *, gammas=(0.0, 0.25, 0.5, 0.75, 1.0), eps=1e-3, alphas=100,
                 fit_intercept=True, precompute="auto", max_iter=1000, tol=1e-4, copy_X=True,
                 cv=None, verbose=False, n_jobs=None, positive=False, random_state=None,
                 selection="cyclic", alpha_selection="min", scoring=None, penalty_factor=None,
                 lower_bounds=None, upper_bounds=None):
        self.gammas = gammas
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.copy_X = copy_X
        self.cv = cv
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.random_state = random_state
        self.selection = selection
        self.alpha_selection = alpha_selection
        self.scoring = scoring
        self.penalty_factor = penalty_factor
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds

    def _gammas(self) -> np.ndarray:
        try:
            g = np.asarray(self.gammas, dtype=np.float64).ravel()
        except (TypeError, ValueError):
            g = np.array([np.nan])
        if g.size == 0 or not np.all((g >= 0) & (g <= 1)):
            raise ValueError(f"gammas must be numbers in [0, 1], got {self.gammas!r}.")
        return np.unique(g)

    def _check_params(self):
        super()._check_params()
        self._gammas()

    def fit(self, X, y, sample_weight=None, groups=None):
        """Cross-validate over (gamma, alpha), then refit on all the data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; sparse input is never densified (only the columns
            of each support, for its refit).
        y : array-like of shape (n_samples,)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Used in the alpha grid, in every fit and refit and in the CV error.
        groups : array-like of shape (n_samples,), default=None
            Group labels for a group splitter such as ``GroupKFold``.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        X, y = validate_data(self, X, y, accept_sparse=("csr", "csc", "coo"),
                             dtype=[np.float64, np.float32], y_numeric=True)
        if sp.issparse(X):
            X = X.tocsr()  # row slicing for the folds
        n, p = X.shape
        self._check_params()
        gammas = self._gammas()
        sw = check_sample_weight(sample_weight, n, X.dtype)
        pf = check_feature_vector(self.penalty_factor, p, "penalty_factor", 1.0, nonneg=True)
        lower, upper = check_bounds(self.lower_bounds, self.upper_bounds, self.positive, p)
        fit_params = dict(eps=self.eps, fit_intercept=self.fit_intercept,
                          precompute=self.precompute, tol=self.tol, max_iter=self.max_iter,
                          penalty_factor=pf, selection=self.selection,
                          random_state=self.random_state, lower_bounds=lower,
                          upper_bounds=upper)
        grid = _alpha_sequence(self.alphas, None, self.eps, alpha_max(
            X, y, fit_intercept=self.fit_intercept, sample_weight=sw, penalty_factor=pf))
        folds = list(check_cv(self.cv).split(X, y, groups))
        scorer = None if self.scoring is None else check_scoring(self, scoring=self.scoring)
        # the path on all rows does not wait for the CV: it runs first, beside the folds
        out = Parallel(n_jobs=self.n_jobs, prefer="threads")(
            [delayed(_relaxed_path)(X, y, sw, grid, fit_params)]
            + [delayed(_fold_errors)(X, y, sw, train, test, grid, gammas, fit_params, scorer)
               for train, test in folds])
        coefs, gaps, n_iters, intercepts, n_bad_refit, rcoefs, rints = out.pop(0)
        errors = np.array([o[0] for o in out])  # (n_folds, n_gammas, n_alphas)
        fold_w = np.array([len(test) if sw is None else sw[test].sum() for _, test in folds],
                          dtype=np.float64)
        mean, se = map(np.array, zip(*(_combine(errors[:, g], fold_w)
                                       for g in range(len(gammas)))))
        (g_min, i_min), (g_1se, i_1se) = _choose_pair(mean, se)
        self.alpha_min_, self.gamma_min_ = float(grid[i_min]), float(gammas[g_min])
        self.alpha_1se_, self.gamma_1se_ = float(grid[i_1se]), float(gammas[g_1se])
        g_sel, i_sel = (g_min, i_min) if self.alpha_selection == "min" else (g_1se, i_1se)
        self.alpha_, self.gamma_ = float(grid[i_sel]), float(gammas[g_sel])
        if i_sel in (0, len(grid) - 1) and len(grid) > 1:
            edge = "largest" if i_sel == 0 else "smallest"
            warnings.warn(
                f"The chosen alpha {self.alpha_:.4g} is the {edge} of the grid: the best alpha "
                "may lie outside it (widen it with eps or alphas).", UserWarning, stacklevel=2)
        self.alphas_, self.gammas_ = grid, gammas
        self.mse_path_ = errors.transpose(1, 2, 0)
        self.cv_mean_, self.cv_se_ = mean, se

        n_bad = sum(o[1] for o in out)
        if n_bad or n_bad_refit:  # one warning for the whole CV
            warnings.warn(
                f"{n_bad} of the {len(folds) * len(grid)} fold fits and {n_bad_refit} of "
                f"the {len(grid)} refits along the path did not converge; increase max_iter "
                "or loosen tol.", ConvergenceWarning, stacklevel=2)
        dtype = X.dtype
        self.coef_path_, self.intercept_path_ = coefs, intercepts
        self.relaxed_coef_path_ = rcoefs.astype(dtype)
        self.relaxed_intercept_path_ = rints.astype(dtype)
        self.lasso_coef_ = np.ascontiguousarray(coefs[:, i_sel])
        self.lasso_intercept_ = intercepts[i_sel]
        self.relaxed_coef_ = self.relaxed_coef_path_[:, i_sel].copy()
        self.relaxed_intercept_ = self.relaxed_intercept_path_[i_sel]
        self.active_ = np.flatnonzero(self.lasso_coef_)
        g = self.gamma_
        self.coef_ = (g * coefs[:, i_sel] + (1 - g) * rcoefs[:, i_sel]).astype(dtype)
        self.intercept_ = dtype.type(g * intercepts[i_sel] + (1 - g) * rints[i_sel])
        self.dual_gap_ = float(gaps[i_sel])
        self.n_iter_ = int(n_iters[i_sel])
        return self

    def predict(self, X, alpha=None, gamma=None):
        """Predict with the chosen pair, or with any alpha of the path and gamma.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.
        alpha : float, default=None
            An alpha between the ends of ``alphas_``: the lasso and refit
            coefficients are interpolated linearly in alpha between the two
            nearest path points (glmnet's ``predict(..., s=)``). None uses
            ``alpha_``.
        gamma : float, default=None
            A blend weight in [0, 1]; None uses ``gamma_``.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predictions.
        """
        X = check_predict_input(self, X)
        if alpha is None and gamma is None:
            coef, intercept = self.coef_, self.intercept_
        else:
            g = self.gamma_ if gamma is None else _check_gamma(gamma)
            if alpha is None:
                lasso = self.lasso_coef_, self.lasso_intercept_
                refit = self.relaxed_coef_, self.relaxed_intercept_
            else:
                lasso = _interpolate(self.alphas_, alpha, self.coef_path_,
                                     self.intercept_path_)
                refit = _interpolate(self.alphas_, alpha, self.relaxed_coef_path_,
                                     self.relaxed_intercept_path_)
            coef = g * lasso[0] + (1 - g) * refit[0]
            intercept = g * lasso[1] + (1 - g) * refit[1]
        return safe_sparse_dot(X, coef, dense_output=True) + intercept
