"""Cross-validated Lasso and ElasticNet on the shared path routine.

Every fold solves a warm-started path on its training rows (see
:func:`._path.solve_path`), the held-out error of each alpha is recorded,
and the folds are combined as glmnet's ``cv.glmnet`` does: the CV curve is
the mean of the fold errors weighted by each fold's total sample weight,
its standard error ``sqrt(weighted variance / (K - 1))``; ``alpha_min_``
minimises the curve and ``alpha_1se_`` is the largest alpha whose error is
within one standard error of that minimum.  The model is then refit on all
rows along the whole grid, which gives ``coef_path_`` and the coefficients
at the chosen alpha.
"""

from __future__ import annotations

import warnings
from numbers import Real

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, RegressorMixin, is_classifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import check_scoring
from sklearn.model_selection import check_cv
from sklearn.utils.extmath import safe_sparse_dot
from sklearn.utils.validation import validate_data

from ._base import (alpha_max, check_bounds, check_feature_vector, check_predict_input,
                    check_sample_weight)
from ._path import _alpha_sequence, enet_path


def _refit(X, y, sw, l1_ratio, alphas, fit_params, path=enet_path):
    """The path on the given rows: ``(coefs, gaps, n_iters, intercepts, n_unconverged)``.

    ``path`` is a path function with :func:`enet_path`'s conventions.
    """
    _, coefs, gaps, n_iters, intercepts, n_bad = path(
        X, y, l1_ratio=l1_ratio, alphas=alphas, sample_weight=sw, return_n_iter=True,
        return_intercept=True, _count_unconverged=True, **fit_params)
    return coefs, gaps, n_iters, intercepts, n_bad


def _fold_errors(X, y, sw, train, test, l1_ratio, alphas, fit_params, scorer, path=enet_path):
    """Held-out errors of one fold's path (and its count of unconverged alphas)."""
    coefs, _, _, intercepts, n_unconverged = _refit(
        X[train], y[train], None if sw is None else sw[train], l1_ratio, alphas, fit_params,
        path)
    Xt, yt = X[test], y[test]
    if coefs.ndim == 3:  # multi-task: (n_tasks, n_features, n_alphas), error averaged over tasks
        pred = np.stack([safe_sparse_dot(Xt, coefs[:, :, k].T, dense_output=True)
                         + intercepts[:, k] for k in range(coefs.shape[2])], axis=-1)
        sq = ((yt[:, :, None] - pred) ** 2).mean(axis=1)
    else:
        pred = safe_sparse_dot(Xt, coefs, dense_output=True) + intercepts[None, :]
        sq = (yt[:, None] - pred) ** 2
    w = None if sw is None else sw[test]
    return _held_out_errors(pred, sq, Xt, yt, w, scorer), n_unconverged


def _held_out_errors(pred, sq, Xt, yt, w, scorer):
    """Error of each path point (last axis of ``pred``) on held-out rows.

    The sample-weighted mean of the squared errors ``sq`` (n_test, n_points),
    or with ``scorer`` the negated score (lower is better).
    """
    if scorer is None:
        w = np.ones(len(yt)) if w is None else w
        return (w[:, None] * sq).sum(0) / w.sum()
    return np.array([-scorer(_Fixed(pred[..., k]), Xt, yt) for k in range(pred.shape[-1])])


def _interpolate(grid, alpha, *paths):
    """``paths`` (points along the last axis) interpolated linearly in ``alpha``."""
    lo, hi = grid.min(), grid.max()
    if not lo <= alpha <= hi:
        raise ValueError(f"alpha must lie in the path's range [{lo:.4g}, {hi:.4g}], "
                         f"got {alpha!r}.")
    order = np.argsort(grid)
    g = grid[order]
    k = int(np.clip(np.searchsorted(g, alpha), 1, len(g) - 1)) if len(g) > 1 else 0
    t = 0.0 if len(g) == 1 else (alpha - g[k - 1]) / (g[k] - g[k - 1])
    i0, i1 = order[max(k - 1, 0)], order[k]
    return [(1 - t) * P[..., i0] + t * P[..., i1] for P in paths]


class _Fixed(RegressorMixin, BaseEstimator):
    """A stand-in estimator whose predictions are given (for scikit-learn scorers)."""

    def __init__(self, pred):
        self.pred = pred

    def predict(self, X):
        return self.pred


def l1_ratio_list(value, zero_ok: bool) -> list:
    """``l1_ratio`` of a CV estimator (a float or a list) as a non-empty list of floats
    in ``[0, 1]`` (``(0, 1]`` unless ``zero_ok``)."""
    ratios = np.atleast_1d(np.asarray(value, dtype=np.float64)).tolist()
    if not ratios or any(not (0 <= r <= 1 and (zero_ok or r > 0)) for r in ratios):
        interval = "[0, 1]" if zero_ok else "(0, 1]"
        raise ValueError(f"l1_ratio must be in {interval} (a float or a list), got {value!r}.")
    return ratios


def _combine(errors, weights):
    """glmnet's CV mean and standard error over folds (rows of ``errors``)."""
    w = weights / weights.sum()
    mean = w @ errors
    K = errors.shape[0]
    var = w @ (errors - mean) ** 2
    se = np.sqrt(var / max(K - 1, 1))
    return mean, se


def _choose(alphas, mean, se):
    """Indices of glmnet's ``lambda.min`` and ``lambda.1se`` on a decreasing grid."""
    best = mean.min()
    i_min = int(np.flatnonzero(mean <= best)[0])  # the largest alpha at the minimum
    i_1se = int(np.flatnonzero(mean <= best + se[i_min])[0])
    return i_min, i_1se


class _PathCV(BaseEstimator):
    """Shared fit of the cross-validated estimators, regressors or classifiers.

    A subclass names its path function (``_path``, with :func:`enet_path`'s
    conventions), the keywords it takes (``_path_params``), its
    ``alpha_max`` (``_alpha_max``), how it validates ``(X, y)``
    (``_validate_xy``), the held-out error of one fold (``_fold_errors``)
    and the name of the attribute holding the fold errors (``_errors_attr``).
    """

    _path = staticmethod(enet_path)
    _fold_errors = staticmethod(_fold_errors)
    _errors_attr = "mse_path_"

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = self._multitask
        tags.target_tags.single_output = not self._multitask
        return tags

    _multitask = False

    def _l1_ratios(self):
        return [1.0]

    def fit(self, X, y, sample_weight=None, groups=None):
        """Cross-validate along the alpha grid, then refit on all the data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; sparse input is never densified.
        y : array-like of shape (n_samples,)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Used in the alpha grid, in every fit and in the CV error.
        groups : array-like of shape (n_samples,), default=None
            Group labels for a group splitter such as ``GroupKFold``.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        X, y = self._validate_xy(X, y)
        if sp.issparse(X):
            X = X.tocsr()  # row slicing for the folds; each fold's design is CSC
        n, p = X.shape
        self._check_params()
        sw = check_sample_weight(sample_weight, n, X.dtype)
        l1_ratios = self._l1_ratios()
        fit_params = self._path_params(X)
        path = self._path
        # the grid of every l1_ratio comes from all the data, as in scikit-learn
        grids = [_alpha_sequence(self.alphas, None, self.eps,
                                 self._alpha_max(X, y, sw, r, fit_params)) for r in l1_ratios]
        cv = check_cv(self.cv, y, classifier=is_classifier(self))
        folds = list(cv.split(X, y, groups))
        scorer = None if self.scoring is None else check_scoring(self, scoring=self.scoring)
        jobs = [(i, r, train, test) for i, r in enumerate(l1_ratios) for train, test in folds]
        tasks = [delayed(self._fold_errors)(X, y, sw, train, test, r, grids[i], fit_params,
                                            scorer, path)
                 for i, r, train, test in jobs]
        # with one l1_ratio the refit does not wait for the CV result: it runs
        # beside the folds (first, as the largest job), keeping every worker busy
        early_refit = len(l1_ratios) == 1
        if early_refit:
            tasks.insert(0, delayed(_refit)(X, y, sw, l1_ratios[0], grids[0], fit_params, path))
        out = Parallel(n_jobs=self.n_jobs, prefer="threads")(tasks)
        refit = out.pop(0) if early_refit else None
        errors = np.array([o[0] for o in out]).reshape(len(l1_ratios), len(folds), -1)
        fold_w = np.array([len(test) if sw is None else sw[test].sum() for _, test in folds],
                          dtype=np.float64)
        means, ses, picks = [], [], []
        for i in range(len(l1_ratios)):
            mean, se = _combine(errors[i], fold_w)
            means.append(mean)
            ses.append(se)
            picks.append(_choose(grids[i], mean, se))
        best = int(np.argmin([m[i_min] for m, (i_min, _) in zip(means, picks)]))
        i_min, i_1se = picks[best]
        grid = grids[best]
        self.l1_ratio_ = float(l1_ratios[best])
        self.alpha_min_ = float(grid[i_min])
        self.alpha_1se_ = float(grid[i_1se])
        i_sel = i_min if self.alpha_selection == "min" else i_1se
        self.alpha_ = float(grid[i_sel])
        if i_sel in (0, len(grid) - 1) and len(grid) > 1:
            edge = "largest" if i_sel == 0 else "smallest"
            warnings.warn(
                f"The chosen alpha {self.alpha_:.4g} is the {edge} of the grid: the best alpha "
                "may lie outside it (widen it with eps or alphas).", UserWarning, stacklevel=2)
        single = len(l1_ratios) == 1
        self.alphas_ = grid if single else np.array(grids)
        setattr(self, self._errors_attr,
                errors[0].T if single else errors.transpose(0, 2, 1))
        self.cv_mean_ = means[best]
        self.cv_se_ = ses[best]

        if refit is None:  # refit on all rows along the chosen grid
            refit = _refit(X, y, sw, self.l1_ratio_, grid, fit_params, path)
        coefs, gaps, n_iters, intercepts, n_bad_refit = refit
        n_bad = sum(o[1] for o in out)
        if n_bad or n_bad_refit:  # one warning for the whole CV
            warnings.warn(
                f"{n_bad} of the {len(jobs) * len(grids[0])} fold fits and {n_bad_refit} of "
                f"the {len(grid)} refits along the path did not converge; increase max_iter "
                "or loosen tol.", ConvergenceWarning, stacklevel=2)
        self.coef_path_ = coefs
        self.intercept_path_ = intercepts
        self.coef_ = np.ascontiguousarray(coefs[..., i_sel])
        self.intercept_ = intercepts[..., i_sel]
        self.dual_gap_ = float(gaps[i_sel])
        self.n_iter_ = int(n_iters[i_sel])
        self._set_model_attributes(fit_params)
        return self

    def _validate_xy(self, X, y):
        X, y = validate_data(self, X, y, accept_sparse=("csr", "csc", "coo"),
                             dtype=[np.float64, np.float32], y_numeric=True,
                             multi_output=self._multitask)
        if self._multitask and y.ndim != 2:
            raise ValueError("y must be 2-D of shape (n_samples, n_tasks) for "
                             f"{type(self).__name__}.")
        return X, y

    def _path_params(self, X):
        """Keywords of the path function (all but the rows, alphas and l1_ratio)."""
        p = X.shape[1]
        pf = check_feature_vector(getattr(self, "penalty_factor", None), p, "penalty_factor",
                                  1.0, nonneg=True)
        bounds = {} if self._multitask else dict(
            positive=self.positive, lower_bounds=self.lower_bounds,
            upper_bounds=self.upper_bounds)
        if bounds:
            check_bounds(self.lower_bounds, self.upper_bounds, self.positive, p)
        return dict(eps=self.eps, fit_intercept=self.fit_intercept,
                    precompute=getattr(self, "precompute", "auto"), tol=self.tol,
                    max_iter=self.max_iter, penalty_factor=pf, selection=self.selection,
                    random_state=self.random_state, **bounds)

    def _alpha_max(self, X, y, sw, l1_ratio, params):
        return alpha_max(X, y, l1_ratio=l1_ratio, fit_intercept=self.fit_intercept,
                         sample_weight=sw, penalty_factor=params["penalty_factor"])

    def _set_model_attributes(self, params):
        """Attributes of the refit model beyond the CV ones (none here)."""

    def _coef_at(self, alpha=None):
        """``(coef, intercept)`` at ``alpha`` of the refit path (interpolated linearly in
        alpha between its two nearest points), or the chosen model's for None."""
        if alpha is None:
            return self.coef_, self.intercept_
        grid = self.alphas_ if self.alphas_.ndim == 1 else self.alphas_[
            self._l1_ratios().index(self.l1_ratio_)]
        return _interpolate(grid, alpha, self.coef_path_, self.intercept_path_)

    def _check_params(self):
        if self.alpha_selection not in ("min", "1se"):
            raise ValueError(
                f"alpha_selection must be 'min' or '1se', got {self.alpha_selection!r}.")
        if not isinstance(self.eps, Real) or not self.eps > 0:
            raise ValueError(f"eps must be a positive number, got {self.eps!r}.")


class _BaseCV(RegressorMixin, _PathCV):
    """The cross-validated regressors: :class:`_PathCV` plus ``predict`` along the path."""

    def predict(self, X, alpha=None):
        """Predict with the chosen alpha, or with any ``alpha`` of the path.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.
        alpha : float, default=None
            An alpha between the ends of ``alphas_``: the coefficients are
            interpolated linearly in alpha between the two nearest path
            points (glmnet's ``predict(..., s=)``). None uses ``alpha_``.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predictions.
        """
        X = check_predict_input(self, X)
        coef, intercept = self._coef_at(alpha)
        return safe_sparse_dot(X, coef.T, dense_output=True) + intercept


_CV_PARAMS_DOC = """
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the generated grid.
    alphas : int or array-like, default=100
        Number of alphas of the log grid from ``alpha_max`` down, or the
        alphas themselves.
    fit_intercept : bool, default=True
        Whether to fit an unpenalized intercept.
    precompute : bool or 'auto', default='auto'
        Gram form of the subproblems, as in :class:`ElasticNet`.
    max_iter : int, default=1000
        Maximum number of epochs per alpha.
    tol : float, default=1e-4
        Duality-gap tolerance per alpha, as in :class:`ElasticNet`.
    copy_X : bool, default=True
        Accepted for compatibility; ``X`` is never modified.
    cv : int, cross-validation generator or iterable, default=None
        Folds, as in scikit-learn (5-fold ``KFold`` by default); the same
        folds serve every ``l1_ratio``. Group splitters take ``groups`` in
        ``fit``.
    verbose : bool or int, default=False
        Accepted for compatibility.
    n_jobs : int, default=None
        Folds run in parallel threads (the kernels release the GIL); wrap the
        fit in ``joblib.parallel_config(backend=...)`` for another backend.
    positive : bool, default=False
        Non-negative coefficients.
    random_state : int, RandomState instance or None, default=None
        Seed for ``selection='random'``.
    selection : {'cyclic', 'random'}, default='cyclic'
        Coordinate order, as in scikit-learn.
    alpha_selection : {'min', '1se'}, default='min'
        Which alpha is refit: the minimiser of the CV error (glmnet's
        ``lambda.min``) or the largest alpha within one standard error of
        that minimum (glmnet's ``lambda.1se``, a sparser model).
    scoring : str or callable, default=None
        CV metric (a scikit-learn scorer, larger is better); None is the
        sample-weighted mean squared error.
    penalty_factor : array-like of shape (n_features,), default=None
        Per-feature penalty factors (0: unpenalized).
    lower_bounds, upper_bounds : float or array-like, default=None
        Box constraints on the coefficients."""

_CV_ATTRS_DOC = """
    alpha_ : float
        The alpha refit on all the data (``alpha_min_`` or ``alpha_1se_``).
    alpha_min_ : float
        The alpha minimising the CV error (the largest one if tied).
    alpha_1se_ : float
        The largest alpha whose CV error is within one standard error of
        the minimum; never smaller than ``alpha_min_``.
    alphas_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
        The grid(s), decreasing.
    mse_path_ : ndarray of shape (n_alphas, n_folds) or (n_l1_ratio, n_alphas, n_folds)
        Held-out error of each fold (mean squared error, or the negated
        score with ``scoring``).
    cv_mean_ : ndarray of shape (n_alphas,)
        CV error along the chosen grid: fold errors averaged with the folds'
        total sample weights as weights (glmnet's ``cvm``).
    cv_se_ : ndarray of shape (n_alphas,)
        Its standard error, ``sqrt(weighted variance / (K - 1))`` (glmnet's
        ``cvsd``; the fold standard deviation over ``sqrt(K)`` for equal folds).
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
        Epochs of the refit at ``alpha_``.
    n_features_in_ : int
        Number of features seen during fit."""


class LassoCV(_BaseCV):
    __doc__ = f"""Lasso with alpha chosen by cross-validation along a warm-started path.

    Scikit-learn's ``LassoCV`` parameters and attributes, plus glmnet's CV
    summary (``cv_mean_``, ``cv_se_``, ``alpha_min_``, ``alpha_1se_``) and
    the choice between them, the path of the final refit, ``predict`` at any
    alpha of the path, sample weights in the grid, the fits and the CV
    error, penalty factors and bounds.

    Parameters
    ----------{_CV_PARAMS_DOC}

    Attributes
    ----------{_CV_ATTRS_DOC}

    See Also
    --------
    ElasticNetCV : the same with an L2 term and a grid of ``l1_ratio``.
    lasso_path : the path routine.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import LassoCV
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(60, 8)
    >>> y = X[:, 0] - 2 * X[:, 1] + 0.1 * rng.randn(60)
    >>> model = LassoCV(cv=3).fit(X, y)
    >>> bool(model.alpha_1se_ >= model.alpha_min_)
    True
    >>> sorted(np.flatnonzero(np.abs(model.coef_) > 0.5).tolist())
    [0, 1]
    """

    def __init__(self, *, eps=1e-3, alphas=100, fit_intercept=True, precompute="auto",
                 max_iter=1000, tol=1e-4, copy_X=True, cv=None, verbose=False, n_jobs=None,
                 positive=False, random_state=None, selection="cyclic", alpha_selection="min",
                 scoring=None, penalty_factor=None, lower_bounds=None, upper_bounds=None):
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


class ElasticNetCV(_BaseCV):
    __doc__ = f"""Elastic net with alpha (and l1_ratio) chosen by cross-validation.

    Like :class:`LassoCV`, over a grid of ``l1_ratio`` values that share the
    same folds; the pair with the smallest CV error wins (its ``l1_ratio``
    is ``l1_ratio_``) and ``alpha_selection`` then picks the alpha on its grid.

    Parameters
    ----------
    l1_ratio : float or list of float, default=0.5
        Elastic-net mixing (1: lasso); a list is cross-validated.{_CV_PARAMS_DOC}

    Attributes
    ----------
    l1_ratio_ : float
        The chosen ``l1_ratio``.{_CV_ATTRS_DOC}

    See Also
    --------
    LassoCV : ``l1_ratio=1``.
    enet_path : the path routine.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import ElasticNetCV
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(60, 8)
    >>> y = X[:, 0] - 2 * X[:, 1] + 0.1 * rng.randn(60)
    >>> model = ElasticNetCV(l1_ratio=[0.5, 0.9, 1.0], cv=3).fit(X, y)
    >>> model.l1_ratio_ in (0.5, 0.9, 1.0)
    True
    """

    def __init__(self, *, l1_ratio=0.5, eps=1e-3, alphas=100, fit_intercept=True,
                 precompute="auto", max_iter=1000, tol=1e-4, cv=None, copy_X=True, verbose=0,
                 n_jobs=None, positive=False, random_state=None, selection="cyclic",
                 alpha_selection="min", scoring=None, penalty_factor=None, lower_bounds=None,
                 upper_bounds=None):
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.copy_X = copy_X
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

    def _l1_ratios(self):
        return l1_ratio_list(self.l1_ratio, zero_ok=False)


_MT_PARAMS_DOC = _CV_PARAMS_DOC.split("    precompute :")[0] + "    max_iter :" + \
    _CV_PARAMS_DOC.split("    max_iter :")[1].split("    positive :")[0] + "    random_state :" + \
    _CV_PARAMS_DOC.split("    random_state :")[1].split("    lower_bounds")[0].rstrip()
_MT_ATTRS_DOC = (_CV_ATTRS_DOC
                 .replace("coef_ : ndarray of shape (n_features,)",
                          "coef_ : ndarray of shape (n_tasks, n_features)")
                 .replace("intercept_ : float", "intercept_ : ndarray of shape (n_tasks,)")
                 .replace("coef_path_ : ndarray of shape (n_features, n_alphas)",
                          "coef_path_ : ndarray of shape (n_tasks, n_features, n_alphas)")
                 .replace("intercept_path_ : ndarray of shape (n_alphas,)",
                          "intercept_path_ : ndarray of shape (n_tasks, n_alphas)"))


class MultiTaskElasticNetCV(ElasticNetCV):
    __doc__ = f"""Multi-task elastic net with alpha (and l1_ratio) chosen by cross-validation.

    :class:`ElasticNetCV` for a 2-D target whose coefficient rows are
    selected together (the multi-task penalty); the CV error is the mean
    squared error averaged over the tasks.

    Parameters
    ----------
    l1_ratio : float or list of float, default=0.5
        Elastic-net mixing (1: multi-task lasso); a list is cross-validated.{_MT_PARAMS_DOC}

    Attributes
    ----------
    l1_ratio_ : float
        The chosen ``l1_ratio``.{_MT_ATTRS_DOC}

    See Also
    --------
    MultiTaskLassoCV : ``l1_ratio=1``.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import MultiTaskElasticNetCV
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(60, 8)
    >>> Y = np.c_[X[:, 0] - X[:, 1], 2 * X[:, 0]] + 0.1 * rng.randn(60, 2)
    >>> MultiTaskElasticNetCV(l1_ratio=[0.5, 1.0], cv=3).fit(X, Y).coef_.shape
    (2, 8)
    """

    _multitask = True

    def __init__(self, *, l1_ratio=0.5, eps=1e-3, alphas=100, fit_intercept=True,
                 max_iter=1000, tol=1e-4, cv=None, copy_X=True, verbose=0, n_jobs=None,
                 random_state=None, selection="cyclic", alpha_selection="min", scoring=None,
                 penalty_factor=None):
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.copy_X = copy_X
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.selection = selection
        self.alpha_selection = alpha_selection
        self.scoring = scoring
        self.penalty_factor = penalty_factor


class MultiTaskLassoCV(MultiTaskElasticNetCV):
    __doc__ = f"""Multi-task lasso with alpha chosen by cross-validation.

    :class:`LassoCV` for a 2-D target whose coefficient rows are selected
    together; the CV error is the mean squared error averaged over the tasks.

    Parameters
    ----------{_MT_PARAMS_DOC}

    Attributes
    ----------{_MT_ATTRS_DOC}

    See Also
    --------
    MultiTaskElasticNetCV : adds an L2 term.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import MultiTaskLassoCV
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(60, 8)
    >>> Y = np.c_[X[:, 0] - X[:, 1], 2 * X[:, 0]] + 0.1 * rng.randn(60, 2)
    >>> model = MultiTaskLassoCV(cv=3).fit(X, Y)
    >>> sorted(np.flatnonzero(np.abs(model.coef_).sum(0) > 0.5).tolist())
    [0, 1]
    """

    def __init__(self, *, eps=1e-3, alphas=100, fit_intercept=True, max_iter=1000, tol=1e-4,
                 copy_X=True, cv=None, verbose=False, n_jobs=None, random_state=None,
                 selection="cyclic", alpha_selection="min", scoring=None, penalty_factor=None):
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.copy_X = copy_X
        self.cv = cv
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.selection = selection
        self.alpha_selection = alpha_selection
        self.scoring = scoring
        self.penalty_factor = penalty_factor

    def _l1_ratios(self):
        return [1.0]
