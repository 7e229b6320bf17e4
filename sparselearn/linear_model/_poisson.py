"""Sparse Poisson regression (log link): counts and rates with the glmnet penalties.

The estimator builds a :class:`._newton.PoissonProblem` and the penalty of
:class:`._glm.GLMSpec` and solves it with the prox-Newton solver that the
logistic models use: each Newton step is a weighted least-squares problem
for the coordinate descent of :class:`Lasso`.
"""

from __future__ import annotations

import numpy as np
from scipy.special import xlogy
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.metrics import d2_tweedie_score
from sklearn.utils.extmath import safe_sparse_dot
from sklearn.utils.validation import check_array, validate_data

from ._base import (LinearPredictMixin, check_predict_input, check_sample_weight,
                    check_solver_params)
from ._cv import _Fixed, _PathCV, l1_ratio_list
from ._glm import GLMSpec, fit_one_alpha, solve_alphas, solver_X
from ._newton import PoissonProblem
from ._path import _alpha_sequence


def _check_counts(y, sample_weight):
    """``y`` as float64, non-negative and with a positive weighted sum."""
    y = np.asarray(y, dtype=np.float64)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (counts), got shape {y.shape}.")
    if np.any(y < 0):
        raise ValueError("y must be non-negative for Poisson regression (counts or rates); "
                         f"its smallest value is {y.min()!r}.")
    s = np.ones(y.size) if sample_weight is None else sample_weight
    if not float(s @ y) > 0:
        raise ValueError("Poisson regression needs some positive y (with positive weight): "
                         "with all targets zero the log mean has no finite optimum.")
    return y


class _PoissonSpec(GLMSpec):
    """A Poisson problem and its penalty (see :class:`.GLMSpec`)."""

    def __init__(self, X, y, sample_weight, *, l1_ratio, fit_intercept, penalty_factor,
                 lower_bounds, upper_bounds, positive, groups, weights, feature_names=None):
        n = X.shape[0]
        s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if not s.sum() > 0:
            raise ValueError("The sample weights sum to zero.")
        y = _check_counts(y, s)
        X = self._setup_penalty(
            X, l1_ratio=l1_ratio, penalty_factor=penalty_factor, lower_bounds=lower_bounds,
            upper_bounds=upper_bounds, positive=positive, groups=groups, weights=weights,
            feature_names=feature_names)
        self.prob = PoissonProblem(solver_X(X), y[:, None], s / s.sum(), bool(fit_intercept))
        dev = self.prob.null_deviance()
        # a constant target has no deviance to scale by: fall back to its size
        self._scale = dev if dev > 1e-12 * (float(self.prob.class_w[0]) + 1.0) else (
            float(self.prob.class_w[0]) + 1.0)

    def tol(self, tol: float) -> float:
        """Gap tolerance in objective units: ``tol`` times the null model's half deviance."""
        return float(tol) * self._scale


def _check_xy(X, y):
    X = check_array(X, accept_sparse=("csr", "csc", "coo"), dtype=[np.float64, np.float32],
                    input_name="X")
    y = check_array(y, ensure_2d=False, dtype=np.float64, input_name="y")
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (counts), got shape {y.shape}.")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} samples but y has {y.shape[0]}.")
    return X, y


def poisson_alpha_max(X, y, *, l1_ratio: float = 1.0, fit_intercept: bool = True,
                      sample_weight=None, penalty_factor=None, groups=None,
                      weights=None) -> float:
    """Smallest ``alpha`` at which every penalized coefficient of the Poisson model is zero.

    It is ``max_j |X_j^T w (y - mu0)| / (l1_ratio * pf_j)`` with ``mu0`` the
    means of the null model (intercept and unpenalized features fitted) and
    ``w`` the sample weights normalised to sum to one (the group criterion
    with ``groups``).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Non-negative targets.
    l1_ratio : float, default=1.0
    fit_intercept : bool, default=True
    sample_weight : array-like of shape (n_samples,), default=None
    penalty_factor : array-like of shape (n_features,), default=None
    groups, weights : default=None
        Group specification, as in :class:`SparsePoissonRegressor`.

    Returns
    -------
    alpha_max : float

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import SparsePoissonRegressor, poisson_alpha_max
    >>> X = np.array([[1.0, 0.5], [-1.0, 0.2], [0.5, -1.0], [-0.3, 0.1]])
    >>> y = np.array([3.0, 0.0, 2.0, 1.0])
    >>> a = poisson_alpha_max(X, y)
    >>> SparsePoissonRegressor(alpha=a).fit(X, y).coef_
    array([0., 0.])
    """
    X, y = _check_xy(X, y)
    sw = check_sample_weight(sample_weight, X.shape[0], X.dtype)
    spec = _PoissonSpec(X, y, sw, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
                        penalty_factor=penalty_factor, lower_bounds=None, upper_bounds=None,
                        positive=False, groups=groups, weights=weights)
    return spec.alpha_max()


def poisson_path(X, y, *, l1_ratio: float = 1.0, eps: float = 1e-3, n_alphas=None,
                 alphas=None, fit_intercept: bool = True, sample_weight=None,
                 penalty_factor=None, lower_bounds=None, upper_bounds=None,
                 positive: bool = False, groups=None, weights=None, tol: float = 1e-4,
                 max_iter: int = 100, coef_init=None, verbose=False,
                 return_n_iter: bool = False, return_intercept: bool = False,
                 _count_unconverged: bool = False):
    """Sparse Poisson regression along a decreasing alpha grid, with warm starts.

    The objective at each alpha is :class:`SparsePoissonRegressor`'s; each
    solve starts from the previous one, the first from the null model.
    Return values follow :func:`enet_path`.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Training data; sparse input is never densified.
    y : array-like of shape (n_samples,)
        Non-negative targets.
    l1_ratio : float, default=1.0
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the generated grid.
    n_alphas : int, default=None
        Number of alphas of the generated grid (100 when None).
    alphas : int or array-like, default=None
        Number of alphas, or the alphas themselves (solved in decreasing order).
    fit_intercept, sample_weight, penalty_factor, lower_bounds, upper_bounds, positive, \
groups, weights, tol, max_iter :
        As in :class:`SparsePoissonRegressor`.
    coef_init : array-like of shape (n_features,), default=None
        Start of the first solve (else the null model).
    verbose : bool, default=False
        Print the solver's progress.
    return_n_iter : bool, default=False
        Also return the prox-Newton steps per alpha.
    return_intercept : bool, default=False
        Also return the intercepts along the path.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        Decreasing.
    coefs : ndarray of shape (n_features, n_alphas)
    dual_gaps : ndarray of shape (n_alphas,)
    n_iters : ndarray of shape (n_alphas,)
        Only with ``return_n_iter``.
    intercepts : ndarray of shape (n_alphas,)
        Only with ``return_intercept``.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import poisson_path
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((60, 5))
    >>> y = rng.poisson(np.exp(0.5 * X[:, 0])).astype(float)
    >>> alphas, coefs, gaps = poisson_path(X, y, n_alphas=5)
    >>> coefs.shape
    (5, 5)
    >>> bool(np.all(coefs[:, 0] == 0))
    True
    """
    X, y = _check_xy(X, y)
    check_solver_params(1.0, l1_ratio, max_iter, tol)
    sw = check_sample_weight(sample_weight, X.shape[0], X.dtype)
    spec = _PoissonSpec(X, y, sw, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
                        penalty_factor=penalty_factor, lower_bounds=lower_bounds,
                        upper_bounds=upper_bounds, positive=positive, groups=groups,
                        weights=weights)
    if alphas is None or np.ndim(alphas) == 0:
        count = alphas if alphas is not None else n_alphas
        grid = _alpha_sequence(None, 100 if count is None else count, eps, spec.alpha_max())
    else:
        grid = _alpha_sequence(alphas, None, eps, None)
    # private: CV workers count unconverged alphas instead of warning, since
    # catching warnings is not thread-safe; the count is returned last
    coefs, intercepts, gaps, n_iters, n_bad = solve_alphas(
        spec, grid, tol=tol, max_iter=max_iter, coef_init=coef_init,
        warn=not _count_unconverged, verbose=verbose)
    result = [grid, coefs[:, :, 0].T.astype(spec.dtype), gaps]
    if return_n_iter:
        result.append(n_iters)
    if return_intercept:
        result.append(intercepts[:, 0].astype(spec.dtype))
    if _count_unconverged:
        result.append(n_bad)
    return tuple(result)


def _mean_deviance(y, mu, w):
    """Weighted mean Poisson deviance ``2 (y log(y / mu) - y + mu)`` of each column of ``mu``."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        dev = 2.0 * (xlogy(y[:, None], y[:, None] / mu) - y[:, None] + mu)
    return w @ dev / w.sum()


class _PoissonPredictMixin(LinearPredictMixin):
    """``predict`` (the mean), ``score`` (D^2) and ``sparse_coef_`` of a fitted Poisson model."""

    def _linear_predictor(self, X):
        """``X coef_ + intercept_``, the log of the predicted mean."""
        return LinearPredictMixin.predict(self, X)

    def predict(self, X):
        """Predicted means ``exp(X coef_ + intercept_)``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        mean : ndarray of shape (n_samples,)
        """
        with np.errstate(over="ignore"):
            return np.exp(self._linear_predictor(X))

    def score(self, X, y, sample_weight=None):
        """D^2, the fraction of the Poisson deviance explained (as ``PoissonRegressor.score``).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Non-negative targets.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        score : float
            1 for a perfect fit, 0 for the constant mean, negative below.
        """
        return float(d2_tweedie_score(y, self.predict(X), sample_weight=sample_weight,
                                      power=1))


class SparsePoissonRegressor(_PoissonPredictMixin, RegressorMixin, BaseEstimator):
    """Poisson regression (log link) with L1, elastic-net or group penalties.

    For non-negative targets ``y`` (counts, or rates with exposures as
    sample weights) it minimizes, over the coefficients ``w`` and the
    intercept ``b``::

        1/S * sum_i s_i * (exp(x_i w + b) - y_i (x_i w + b))
        + alpha * l1_ratio * sum_j pf_j |w_j|
        + alpha * (1 - l1_ratio) / 2 * sum_j pf_j w_j^2

    with ``s_i`` the sample weights and ``S = sum_i s_i``: the mean negative
    log-likelihood (up to a constant, half the mean Poisson deviance) plus
    the penalty.  This is glmnet's ``family="poisson"`` with
    ``lambda = alpha``, ``alpha = l1_ratio`` and ``standardize=FALSE``, and
    with ``l1_ratio=0`` scikit-learn's :class:`~sklearn.linear_model.PoissonRegressor`
    at the same ``alpha``. With ``groups`` the L2 term is replaced by group
    norms, as in :class:`SparseGroupLasso`.

    The solver is the proximal Newton method of
    :class:`SparseLogisticRegression` (weighted least-squares steps by
    coordinate descent, a line search, working sets); it stops when the
    duality gap is at most ``tol`` times the half deviance of the null model.

    Parameters
    ----------
    alpha : float, default=1.0
        Regularization strength.
    l1_ratio : float, default=1.0
        Share of the L1 penalty: 1 is the lasso, less mixes in the L2 (or,
        with ``groups``, the group) penalty.
    groups : int, array-like, dict or GroupSpec, default=None
        Feature groups, as in :class:`GroupLasso`.
    weights : None, float, array-like or dict, default=None
        Group weights; None is ``sqrt(group size)``.
    fit_intercept : bool, default=True
        Whether to fit an unpenalized intercept.
    penalty_factor : array-like of shape (n_features,), default=None
        Per-feature factors of the penalty (0: unpenalized), glmnet's
        ``penalty.factor``.
    lower_bounds, upper_bounds : float or array-like, default=None
        Box constraints on the coefficients (sign constraints only with groups).
    positive : bool, default=False
        Non-negative coefficients.
    tol : float, default=1e-4
        Relative tolerance on the duality gap (see above).
    max_iter : int, default=100
        Maximum number of prox-Newton steps.
    warm_start : bool, default=False
        Start from the previous solution.
    verbose : bool or int, default=0
        Print the solver's progress.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        Coefficients of the log mean.
    intercept_ : float
        Intercept of the log mean.
    dual_gap_ : float
        Duality gap at the end.
    n_iter_ : int
        Prox-Newton steps.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features, when ``X`` has string column names.
    groups_ : GroupSpec
        With ``groups``: the group specification.
    support_groups_ : ndarray of int
        With ``groups``: the indices of the groups with a non-zero coefficient.

    See Also
    --------
    poisson_path : the path of solutions.
    SparseLogisticRegression : the same solver for class labels.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import SparsePoissonRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((200, 8))
    >>> y = rng.poisson(np.exp(1.0 + 0.8 * X[:, 0] - 0.5 * X[:, 3])).astype(float)
    >>> reg = SparsePoissonRegressor(alpha=0.4).fit(X, y)
    >>> np.flatnonzero(reg.coef_).tolist()
    [0, 3]
    >>> bool(np.all(reg.predict(X[:3]) > 0))
    True
    """

    def __init__(self, alpha=1.0, *, l1_ratio=1.0, groups=None, weights=None,
                 fit_intercept=True, penalty_factor=None, lower_bounds=None, upper_bounds=None,
                 positive=False, tol=1e-4, max_iter=100, warm_start=False, verbose=0):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.groups = groups
        self.weights = weights
        self.fit_intercept = fit_intercept
        self.penalty_factor = penalty_factor
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds
        self.positive = positive
        self.tol = tol
        self.max_iter = max_iter
        self.warm_start = warm_start
        self.verbose = verbose

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.positive_only = True
        return tags

    def fit(self, X, y, sample_weight=None):
        """Fit the model by prox-Newton on working sets.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; sparse input is never densified.
        y : array-like of shape (n_samples,)
            Non-negative targets, not all zero.
        sample_weight : array-like of shape (n_samples,) or float, default=None
            Non-negative weights (integer weights are the same as repeated rows).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        l1_ratio = check_solver_params(self.alpha, self.l1_ratio, self.max_iter, self.tol)
        X, y = validate_data(self, X, y, accept_sparse=("csr", "csc", "coo"),
                             dtype=[np.float64, np.float32], y_numeric=True)
        sw = check_sample_weight(sample_weight, X.shape[0], X.dtype)
        spec = _PoissonSpec(X, y, sw, l1_ratio=l1_ratio, fit_intercept=self.fit_intercept,
                            penalty_factor=self.penalty_factor,
                            lower_bounds=self.lower_bounds, upper_bounds=self.upper_bounds,
                            positive=self.positive, groups=self.groups, weights=self.weights,
                            feature_names=getattr(self, "feature_names_in_", None))
        warm = (self.warm_start and getattr(self, "coef_", None) is not None
                and self.coef_.shape == (X.shape[1],))
        coef, intercept = fit_one_alpha(self, spec, warm)
        self.coef_ = coef[0].astype(X.dtype)
        self.intercept_ = float(intercept[0])
        return self


# ---------------------------------------------------------------- cross-validation
def _poisson_fold_errors(X, y, sw, train, test, l1_ratio, alphas, fit_params, scorer, path):
    """Held-out error of each alpha of one fold's path: the weighted mean Poisson
    deviance (glmnet's ``type.measure="deviance"``), or the negated score with ``scorer``."""
    _, coefs, _, _, intercepts, n_bad = path(
        X[train], y[train], l1_ratio=l1_ratio, alphas=alphas,
        sample_weight=None if sw is None else sw[train], return_n_iter=True,
        return_intercept=True, _count_unconverged=True, **fit_params)
    Xt, yt = X[test], y[test]
    with np.errstate(over="ignore"):
        mu = np.exp(safe_sparse_dot(Xt, coefs, dense_output=True) + intercepts[None, :])
    if scorer is not None:
        return np.array([-scorer(_Fixed(mu[:, k]), Xt, yt) for k in range(mu.shape[1])]), n_bad
    w = np.ones(len(yt)) if sw is None else sw[test]
    return _mean_deviance(yt, mu, w), n_bad


class SparsePoissonRegressorCV(_PoissonPredictMixin, RegressorMixin, _PathCV):
    """Sparse Poisson regression with alpha chosen by cross-validation (glmnet's ``cv.glmnet``).

    Every fold solves a warm-started :func:`poisson_path` on its training rows
    and records the held-out mean Poisson deviance of each alpha; the folds
    are combined as ``cv.glmnet`` does (fold errors averaged with the folds'
    total sample weights, and their standard error), ``alpha_min_``
    minimises the CV error and ``alpha_1se_`` is the largest alpha within one
    standard error of it. The model is then refit on all the data along the
    grid. The objective is :class:`SparsePoissonRegressor`'s.

    Parameters
    ----------
    l1_ratio : float or list of float, default=1.0
        Share of the L1 penalty; a list is searched too (same folds for each).
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the grid.
    alphas : int or array-like, default=100
        Number of alphas of the log grid from ``alpha_max`` down, or the
        alphas themselves.
    cv : int, cross-validation generator or iterable, default=None
        Folds (5-fold ``KFold`` by default).
    scoring : str or callable, default=None
        CV metric (a scikit-learn scorer, larger is better, such as
        ``'neg_mean_poisson_deviance'`` or ``'r2'``); None is the held-out
        sample-weighted mean Poisson deviance.
    alpha_selection : {'min', '1se'}, default='min'
        Which alpha is refit: ``alpha_min_`` or ``alpha_1se_``.
    groups, weights :
        Feature groups and their weights, as in :class:`SparsePoissonRegressor`.
    fit_intercept : bool, default=True
        Whether to fit an unpenalized intercept.
    penalty_factor : array-like of shape (n_features,), default=None
        Per-feature factors of the penalty (0: unpenalized).
    lower_bounds, upper_bounds : float or array-like, default=None
        Box constraints on the coefficients.
    positive : bool, default=False
        Non-negative coefficients.
    tol : float, default=1e-4
        Relative tolerance on the duality gap of every fit.
    max_iter : int, default=100
        Maximum number of prox-Newton steps per alpha.
    n_jobs : int, default=None
        Folds run in parallel threads (any joblib backend through
        ``joblib.parallel_config``).

    Attributes
    ----------
    l1_ratio_ : float
        The chosen l1_ratio.
    cv_path_ : ndarray of shape (n_alphas, n_folds) or (n_l1_ratio, n_alphas, n_folds)
        Held-out error of each fold (mean deviance, or the negated score).
    alpha_ : float
        The alpha refit on all the data (``alpha_min_`` or ``alpha_1se_``).
    alpha_min_ : float
        The alpha minimising the CV error (the largest one if tied).
    alpha_1se_ : float
        The largest alpha whose CV error is within one standard error of the
        minimum; never smaller than ``alpha_min_``.
    alphas_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
        The grid(s), decreasing.
    cv_mean_ : ndarray of shape (n_alphas,)
        CV error along the chosen grid (glmnet's ``cvm``).
    cv_se_ : ndarray of shape (n_alphas,)
        Its standard error (glmnet's ``cvsd``).
    coef_ : ndarray of shape (n_features,)
        Coefficients at ``alpha_``.
    intercept_ : float
        Intercept at ``alpha_``.
    coef_path_ : ndarray of shape (n_features, n_alphas)
        Coefficients of the refit on all the data along the chosen grid.
    intercept_path_ : ndarray of shape (n_alphas,)
        Intercepts along it.
    dual_gap_ : float
        Duality gap of the refit at ``alpha_``.
    n_iter_ : int
        Prox-Newton steps of the refit at ``alpha_``.
    n_features_in_ : int
        Number of features seen during fit.

    See Also
    --------
    SparsePoissonRegressor : one alpha.
    poisson_path : the path of solutions.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import SparsePoissonRegressorCV
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((200, 8))
    >>> y = rng.poisson(np.exp(1.0 + 0.8 * X[:, 0] - 0.5 * X[:, 3])).astype(float)
    >>> reg = SparsePoissonRegressorCV(alphas=20, cv=3, alpha_selection="1se").fit(X, y)
    >>> bool(reg.alpha_1se_ >= reg.alpha_min_)
    True
    >>> np.flatnonzero(reg.coef_).tolist()
    [0, 3]
    """

    _path = staticmethod(poisson_path)
    _fold_errors = staticmethod(_poisson_fold_errors)
    _errors_attr = "cv_path_"

    def __init__(self, *, l1_ratio=1.0, eps=1e-3, alphas=100, cv=None, scoring=None,
                 alpha_selection="min", groups=None, weights=None, fit_intercept=True,
                 penalty_factor=None, lower_bounds=None, upper_bounds=None, positive=False,
                 tol=1e-4, max_iter=100, n_jobs=None):
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.alphas = alphas
        self.cv = cv
        self.scoring = scoring
        self.alpha_selection = alpha_selection
        self.groups = groups
        self.weights = weights
        self.fit_intercept = fit_intercept
        self.penalty_factor = penalty_factor
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds
        self.positive = positive
        self.tol = tol
        self.max_iter = max_iter
        self.n_jobs = n_jobs

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.positive_only = True
        return tags

    def _l1_ratios(self):
        ratios = l1_ratio_list(self.l1_ratio, zero_ok=True)
        check_solver_params(1.0, ratios[0], self.max_iter, self.tol)
        return ratios

    def _validate_xy(self, X, y):
        X, y = validate_data(self, X, y, accept_sparse=("csr", "csc", "coo"),
                             dtype=[np.float64, np.float32], y_numeric=True)
        return X, _check_counts(y, None)

    def _path_params(self, X):
        return dict(eps=self.eps, fit_intercept=self.fit_intercept, tol=self.tol,
                    max_iter=self.max_iter, penalty_factor=self.penalty_factor,
                    lower_bounds=self.lower_bounds, upper_bounds=self.upper_bounds,
                    positive=self.positive, groups=self.groups, weights=self.weights)

    def _alpha_max(self, X, y, sw, l1_ratio, params):
        spec = _PoissonSpec(X, y, sw, l1_ratio=l1_ratio, fit_intercept=self.fit_intercept,
                            penalty_factor=self.penalty_factor, lower_bounds=None,
                            upper_bounds=None, positive=False, groups=self.groups,
                            weights=self.weights,
                            feature_names=getattr(self, "feature_names_in_", None))
        return spec.alpha_max()

    def _set_model_attributes(self, params):
        self.intercept_ = float(self.intercept_)

    def predict(self, X, alpha=None):
        """Predicted means at the chosen alpha, or at any ``alpha`` of the path.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        alpha : float, default=None
            An alpha between the ends of ``alphas_``: the coefficients are
            interpolated linearly in alpha between the two nearest path
            points (glmnet's ``predict(..., s=)``). None uses ``alpha_``.

        Returns
        -------
        mean : ndarray of shape (n_samples,)
        """
        if alpha is None:
            return super().predict(X)
        X = check_predict_input(self, X)
        coef, intercept = self._coef_at(alpha)
        with np.errstate(over="ignore"):
            return np.exp(safe_sparse_dot(X, coef, dense_output=True) + intercept)

    def fit(self, X, y, sample_weight=None, groups=None):
        """Cross-validate along the alpha grid, then refit on all the data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; sparse input is never densified.
        y : array-like of shape (n_samples,)
            Non-negative targets, not all zero.
        sample_weight : array-like of shape (n_samples,), default=None
            Used in the alpha grid, in every fit and in the CV error.
        groups : array-like of shape (n_samples,), default=None
            Sample group labels for a group splitter such as ``GroupKFold``
            (not the feature groups, which are a parameter).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return super().fit(X, y, sample_weight=sample_weight, groups=groups)
