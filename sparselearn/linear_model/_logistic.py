"""Sparse logistic regression: binary and multinomial, L1, elastic net and groups.

The estimators turn labels, weights and penalty parameters into a
:class:`._newton.LogisticProblem` and a :class:`._solver.Penalty`, and
solve one alpha (``fit``) or a warm-started path of them (``logistic_path``
and the cross-validation) with the prox-Newton solver of :mod:`._newton`.
"""

from __future__ import annotations


import numpy as np
import scipy.sparse as sp
from scipy.special import log_softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.extmath import safe_sparse_dot
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_array, validate_data

from ._base import check_predict_input, check_sample_weight, check_solver_params
from ._cv import _PathCV, l1_ratio_list
from ._glm import GLMSpec, fit_one_alpha, solve_alphas, solver_X
from ._newton import LogisticProblem
from ._path import _alpha_sequence

_MULTINOMIAL = ("ungrouped", "grouped")


# ---------------------------------------------------------------- problem set-up
def _check_labels(y, classes=None):
    """Validated labels and the sorted classes (at least two)."""
    y = np.asarray(y)
    integral = y.ndim == 1 and (y.dtype.kind in "biu" or (
        y.dtype.kind == "f" and bool(np.all(y == np.floor(y)))))
    if not integral:
        # strings, objects, continuous or multi-output targets: scikit-learn's
        # checks and messages (integer labels need none of its ~0.1 ms)
        check_classification_targets(y)
    if classes is None:
        classes = np.unique(y)
    if classes.size < 2:
        raise ValueError(
            f"This solver needs samples of at least 2 classes in the data, but the data "
            f"contains only one class: {classes[0]!r}.")
    return classes


def _targets(y, classes):
    """``Y``: (n, 1) indicator of ``classes[1]`` for two classes, else one-hot (n, K)."""
    if classes.size == 2:
        return (y == classes[1]).astype(np.float64)[:, None]
    return (y[:, None] == classes[None, :]).astype(np.float64)


class _Spec(GLMSpec):
    """A logistic problem: labels, class weights and the penalty (see :class:`.GLMSpec`)."""

    def __init__(self, X, y, sample_weight, classes, *, l1_ratio, fit_intercept, class_weight,
                 penalty_factor, lower_bounds, upper_bounds, positive, groups, weights,
                 multinomial, feature_names=None):
        n = X.shape[0]
        if multinomial not in _MULTINOMIAL:
            raise ValueError(f"multinomial must be 'ungrouped' or 'grouped', got "
                             f"{multinomial!r}.")
        self.classes = classes
        self.n_classes = classes.size
        binary = self.n_classes == 2
        s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if class_weight is not None:
            s = s * compute_sample_weight(class_weight, y)
        if not s.sum() > 0:
            raise ValueError("The sample weights (times the class weights) sum to zero.")
        X = self._setup_penalty(
            X, l1_ratio=l1_ratio, penalty_factor=penalty_factor, lower_bounds=lower_bounds,
            upper_bounds=upper_bounds, positive=positive, groups=groups, weights=weights,
            feature_names=feature_names, rows=not binary and multinomial == "grouped",
            groups_allowed=None if binary else (
                "groups are supported for binary problems only; for multiclass use "
                "multinomial='grouped' (a group per feature across classes)."))
        self.prob = LogisticProblem(solver_X(X), _targets(y, classes), s / s.sum(),
                                    bool(fit_intercept), rows=self.rows)

    def tol(self, tol: float) -> float:
        """Gap tolerance in objective units: ``tol`` times the loss of the zero model."""
        return float(tol) * np.log(self.n_classes)


def _check_xy(X, y):
    X = check_array(X, accept_sparse=("csr", "csc", "coo"), dtype=[np.float64, np.float32],
                    input_name="X")
    y = check_array(y, ensure_2d=False, dtype=None, input_name="y")
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (class labels), got shape {y.shape}.")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} samples but y has {y.shape[0]}.")
    return X, y


def logistic_alpha_max(X, y, *, l1_ratio: float = 1.0, fit_intercept: bool = True,
                       sample_weight=None, class_weight=None, penalty_factor=None,
                       groups=None, weights=None, multinomial: str = "ungrouped") -> float:
    """Smallest ``alpha`` at which every penalized coefficient of the logistic model is zero.

    It is ``max_j |X_j^T w (Y - p0)| / (l1_ratio * pf_j)`` where ``p0`` are
    the probabilities of the null model (intercept and unpenalized features
    fitted), ``w`` the normalised sample weights; the maximum is over classes
    too (the row norm for ``multinomial="grouped"``; the group criterion with
    ``groups``).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Class labels.
    l1_ratio : float, default=1.0
    fit_intercept : bool, default=True
    sample_weight : array-like of shape (n_samples,), default=None
    class_weight : dict or 'balanced', default=None
    penalty_factor : array-like of shape (n_features,), default=None
    groups, weights : default=None
        Group specification (binary problems), as in :class:`SparseLogisticRegression`.
    multinomial : {'ungrouped', 'grouped'}, default='ungrouped'

    Returns
    -------
    alpha_max : float

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import SparseLogisticRegression, logistic_alpha_max
    >>> X = np.array([[1.0, 0.5], [-1.0, 0.2], [0.5, -1.0], [-0.3, 0.1]])
    >>> y = np.array([1, 0, 1, 0])
    >>> a = logistic_alpha_max(X, y)
    >>> SparseLogisticRegression(alpha=a).fit(X, y).coef_
    array([[0., 0.]])
    """
    X, y = _check_xy(X, y)
    classes = _check_labels(y)
    sw = check_sample_weight(sample_weight, X.shape[0], X.dtype)
    spec = _Spec(X, y, sw, classes, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
                 class_weight=class_weight, penalty_factor=penalty_factor, lower_bounds=None,
                 upper_bounds=None, positive=False, groups=groups, weights=weights,
                 multinomial=multinomial)
    return spec.alpha_max()


def logistic_path(X, y, *, l1_ratio: float = 1.0, eps: float = 1e-3, n_alphas=None,
                  alphas=None, fit_intercept: bool = True, sample_weight=None,
                  class_weight=None, penalty_factor=None, lower_bounds=None,
                  upper_bounds=None, positive: bool = False, groups=None, weights=None,
                  multinomial: str = "ungrouped", tol: float = 1e-4, max_iter: int = 100,
                  coef_init=None, verbose=False, return_n_iter: bool = False,
                  return_intercept: bool = False, classes=None,
                  _count_unconverged: bool = False):
    """Sparse logistic regression along a decreasing alpha grid, with warm starts.

    The objective at each alpha is :class:`SparseLogisticRegression`'s; each
    solve starts from the previous one, the first from the null model.
    Return values follow :func:`enet_path`.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Training data; sparse input is never densified.
    y : array-like of shape (n_samples,)
        Class labels (two or more classes).
    l1_ratio : float, default=1.0
        Mixing of the L1 penalty with the L2 one (with the group norms when
        ``groups`` is given).
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the generated grid.
    n_alphas : int, default=None
        Number of alphas of the generated grid (100 when None).
    alphas : int or array-like, default=None
        Number of alphas, or the alphas themselves (solved in decreasing order).
    fit_intercept, sample_weight, class_weight, penalty_factor, lower_bounds, upper_bounds, \
positive, groups, weights, multinomial, tol, max_iter :
        As in :class:`SparseLogisticRegression`.
    coef_init : array-like of shape (n_features,) or (n_classes, n_features), default=None
        Start of the first solve (else the null model).
    verbose : bool, default=False
        Print the solver's progress.
    return_n_iter : bool, default=False
        Also return the prox-Newton steps per alpha.
    return_intercept : bool, default=False
        Also return the intercepts along the path.
    classes : array-like, default=None
        All class labels (when ``y`` may miss some, as in a CV fold).

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        Decreasing.
    coefs : ndarray of shape (n_features, n_alphas) or (n_classes, n_features, n_alphas)
        The first for two classes (coefficients of ``classes[1]``'s log-odds).
    dual_gaps : ndarray of shape (n_alphas,)
    n_iters : ndarray of shape (n_alphas,)
        Only with ``return_n_iter``.
    intercepts : ndarray of shape (n_alphas,) or (n_classes, n_alphas)
        Only with ``return_intercept``.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import logistic_path
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((40, 5))
    >>> y = (X[:, 0] + 0.5 * rng.standard_normal(40) > 0).astype(int)
    >>> alphas, coefs, gaps = logistic_path(X, y, n_alphas=5)
    >>> coefs.shape
    (5, 5)
    >>> bool(np.all(coefs[:, 0] == 0))
    True
    """
    X, y = _check_xy(X, y)
    classes = _check_labels(y, None if classes is None else np.asarray(classes))
    check_solver_params(1.0, l1_ratio, max_iter, tol)
    sw = check_sample_weight(sample_weight, X.shape[0], X.dtype)
    spec = _Spec(X, y, sw, classes, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
                 class_weight=class_weight, penalty_factor=penalty_factor,
                 lower_bounds=lower_bounds, upper_bounds=upper_bounds, positive=positive,
                 groups=groups, weights=weights, multinomial=multinomial)
    if alphas is None or np.ndim(alphas) == 0:
        count = alphas if alphas is not None else n_alphas
        grid = _alpha_sequence(None, 100 if count is None else count, eps, spec.alpha_max())
    else:
        grid = _alpha_sequence(alphas, None, eps, None)
    coefs, intercepts, gaps, n_iters, n_bad = solve_alphas(
        spec, grid, tol=tol, max_iter=max_iter, coef_init=coef_init,
        warn=not _count_unconverged, verbose=verbose)
    out_coefs = coefs.transpose(2, 1, 0)  # (T, p, n_alphas)
    out_icpt = intercepts.T
    if spec.n_classes == 2:
        out_coefs, out_icpt = out_coefs[0], out_icpt[0]
    result = [grid, out_coefs.astype(spec.dtype), gaps]
    if return_n_iter:
        result.append(n_iters)
    if return_intercept:
        result.append(out_icpt.astype(spec.dtype))
    if _count_unconverged:
        result.append(n_bad)
    return tuple(result)


# ---------------------------------------------------------------- prediction
def _decision(coef, intercept, X):
    scores = safe_sparse_dot(X, coef.T, dense_output=True) + intercept
    return scores[:, 0] if scores.shape[1] == 1 else scores


def _log_proba(decision):
    if decision.ndim == 1:
        return np.stack([-np.logaddexp(0.0, decision), -np.logaddexp(0.0, -decision)], axis=1)
    return log_softmax(decision, axis=1)


class _LogisticPredictMixin:
    """Prediction methods of a fitted logistic model (``coef_``, ``intercept_``, ``classes_``)."""

    def decision_function(self, X):
        """Log-odds of ``classes_[1]`` (two classes) or the class scores.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        X = check_predict_input(self, X)
        return _decision(self.coef_, self.intercept_, X)

    def predict_proba(self, X):
        """Class probabilities (rows sum to one).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        return np.exp(self.predict_log_proba(X))

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`, computed stably.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        return _log_proba(self.decision_function(X))

    def predict(self, X):
        """Most probable class of each sample.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        d = self.decision_function(X)
        idx = (d > 0).astype(int) if d.ndim == 1 else d.argmax(axis=1)
        return self.classes_[idx]

    @property
    def sparse_coef_(self):
        """``coef_`` as a ``scipy.sparse.csr_matrix``."""
        return sp.csr_matrix(self.coef_)


def _check_logistic_params(est):
    if est.multinomial not in _MULTINOMIAL:
        raise ValueError(f"multinomial must be 'ungrouped' or 'grouped', got "
                         f"{est.multinomial!r}.")


_PARAMS_DOC = """
    fit_intercept : bool, default=True
        Whether to fit unpenalized intercepts.
    penalty_factor : array-like of shape (n_features,), default=None
        Per-feature factors of the penalty (0: unpenalized), glmnet's
        ``penalty.factor``.
    class_weight : dict, 'balanced' or None, default=None
        Weights of the classes, multiplied into the sample weights
        (scikit-learn's meaning).
    multinomial : {'ungrouped', 'grouped'}, default='ungrouped'
        Penalty of a multiclass model: on each coefficient, or on each
        feature's row of coefficients across classes (glmnet's
        ``type.multinomial="grouped"``: a feature is used by all classes or
        none). Ignored for two classes.
    tol : float, default=1e-4
        The solver stops when the duality gap is at most ``tol * log(n_classes)``
        (``log(n_classes)`` is the loss of the all-zero model).
    max_iter : int, default=100
        Maximum number of prox-Newton steps (per alpha)."""


class SparseLogisticRegression(_LogisticPredictMixin, ClassifierMixin, BaseEstimator):
    __doc__ = f"""Logistic regression with L1, elastic-net or group penalties.

    For two classes it minimizes, over the coefficients ``w`` and the
    intercept ``b``::

        1/S * sum_i s_i * log(1 + exp(-y_i (x_i w + b)))
        + alpha * l1_ratio * sum_j pf_j |w_j|
        + alpha * (1 - l1_ratio) / 2 * sum_j pf_j w_j^2

    with ``y_i = +1`` for ``classes_[1]`` and ``-1`` for ``classes_[0]``,
    ``s_i`` the sample weight times the class weight and ``S = sum_i s_i``
    (``n_samples`` without weights). scikit-learn's ``LogisticRegression``
    with ``C`` solves the same problem, unweighted, at ``alpha = 1 / (n_samples * C)``.

    With ``groups`` (two classes) the L2 term is replaced by group norms, the
    sparse group lasso penalty of :class:`SparseGroupLasso`::

        alpha * l1_ratio * sum_j pf_j |w_j| + alpha * (1 - l1_ratio) * sum_g c_g ||w_g||_2

    With ``K > 2`` classes the loss is the multinomial one,
    ``1/S * sum_i s_i (logsumexp_k(x_i w_k + b_k) - x_i w_(y_i) - b_(y_i))``,
    with one coefficient vector per class; the L1 term is on every
    coefficient (``multinomial='ungrouped'``) or on the norm of each
    feature's coefficients across classes (``'grouped'``).

    The solver is a proximal Newton method on working sets: each step
    solves the weighted least-squares model of the loss by the coordinate
    descent of :class:`Lasso`, and a line search on the objective accepts it;
    it stops on the duality gap.

    Parameters
    ----------
    alpha : float, default=1.0
        Regularization strength.
    l1_ratio : float, default=1.0
        Share of the L1 penalty: 1 is the lasso, less mixes in the L2 (or,
        with ``groups``, the group) penalty.
    groups : int, array-like, dict or GroupSpec, default=None
        Feature groups (two classes only), as in :class:`GroupLasso`: a
        number of equal groups, group sizes, per-feature labels (-1:
        unpenalized), index lists or names.
    weights : None, float, array-like or dict, default=None
        Group weights ``c_g``; None is ``sqrt(group size)``.{_PARAMS_DOC}
    lower_bounds, upper_bounds : float or array-like, default=None
        Box constraints on the coefficients (not with ``multinomial='grouped'``;
        sign constraints only with groups).
    positive : bool, default=False
        Non-negative coefficients.
    warm_start : bool, default=False
        Start from the previous solution.
    verbose : bool or int, default=0
        Print the solver's progress.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        Coefficients.
    intercept_ : ndarray of shape (1,) or (n_classes,)
        Intercepts (centered to sum zero for multiclass models).
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
    SparseLogisticRegressionCV : alpha chosen by cross-validation.
    logistic_path : the path of solutions.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import SparseLogisticRegression
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 10))
    >>> y = (X[:, 0] - X[:, 1] + 0.3 * rng.standard_normal(100) > 0).astype(int)
    >>> clf = SparseLogisticRegression(alpha=0.1).fit(X, y)
    >>> np.flatnonzero(clf.coef_[0]).tolist()
    [0, 1]
    >>> clf.predict_proba(X[:2]).sum(axis=1).round(6).tolist()
    [1.0, 1.0]
    """

    def __init__(self, alpha=1.0, *, l1_ratio=1.0, groups=None, weights=None,
                 multinomial="ungrouped", fit_intercept=True, penalty_factor=None,
                 lower_bounds=None, upper_bounds=None, positive=False, class_weight=None,
                 tol=1e-4, max_iter=100, warm_start=False, verbose=0):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.groups = groups
        self.weights = weights
        self.multinomial = multinomial
        self.fit_intercept = fit_intercept
        self.penalty_factor = penalty_factor
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds
        self.positive = positive
        self.class_weight = class_weight
        self.tol = tol
        self.max_iter = max_iter
        self.warm_start = warm_start
        self.verbose = verbose

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def fit(self, X, y, sample_weight=None):
        """Fit the model by prox-Newton on working sets.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; sparse input is never densified.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,) or float, default=None
            Non-negative weights (integer weights are the same as repeated rows).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        l1_ratio = check_solver_params(self.alpha, self.l1_ratio, self.max_iter, self.tol)
        _check_logistic_params(self)
        X, y = validate_data(self, X, y, accept_sparse=("csr", "csc", "coo"),
                             dtype=[np.float64, np.float32])
        classes = _check_labels(y)
        sw = check_sample_weight(sample_weight, X.shape[0], X.dtype)
        spec = _Spec(X, y, sw, classes, l1_ratio=l1_ratio, fit_intercept=self.fit_intercept,
                     class_weight=self.class_weight, penalty_factor=self.penalty_factor,
                     lower_bounds=self.lower_bounds, upper_bounds=self.upper_bounds,
                     positive=self.positive, groups=self.groups, weights=self.weights,
                     multinomial=self.multinomial,
                     feature_names=getattr(self, "feature_names_in_", None))
        warm = (self.warm_start and getattr(self, "coef_", None) is not None
                and self.coef_.shape == (spec.prob.T, X.shape[1])
                and np.array_equal(getattr(self, "classes_", None), classes))
        coef, intercept = fit_one_alpha(self, spec, warm)
        self.classes_ = classes
        self.coef_ = np.ascontiguousarray(coef, dtype=X.dtype)
        self.intercept_ = intercept.astype(X.dtype)
        return self


# ---------------------------------------------------------------- cross-validation
class _FixedClassifier(_LogisticPredictMixin, ClassifierMixin, BaseEstimator):
    """A stand-in classifier with given decision values (for scikit-learn scorers);
    its probabilities and labels come from them as a fitted model's do."""

    def __init__(self, pred, classes):
        self.pred = pred
        self.classes = classes

    @property
    def classes_(self):
        return self.classes

    def decision_function(self, X):
        return self.pred


def _logistic_fold_errors(X, y, sw, train, test, l1_ratio, alphas, fit_params, scorer, path):
    """Held-out error of each alpha of one fold's path: the weighted mean
    log-loss, or the negated score with ``scorer``."""
    _, coefs, _, _, intercepts, n_bad = path(
        X[train], y[train], l1_ratio=l1_ratio, alphas=alphas,
        sample_weight=None if sw is None else sw[train], return_n_iter=True,
        return_intercept=True, _count_unconverged=True, **fit_params)
    classes = fit_params["classes"]
    Xt, yt = X[test], y[test]
    if coefs.ndim == 2:
        coefs, intercepts = coefs[None], intercepts[None]
    dec = [_decision(coefs[..., k], intercepts[:, k], Xt) for k in range(coefs.shape[-1])]
    if scorer is not None:
        errs = [-scorer(_FixedClassifier(d, classes), Xt, yt) for d in dec]
        return np.array(errs), n_bad
    w = np.ones(len(yt)) if sw is None else sw[test]
    idx = np.searchsorted(classes, yt)
    errs = [-(w @ _log_proba(d)[np.arange(len(yt)), idx]) / w.sum() for d in dec]
    return np.array(errs), n_bad


class SparseLogisticRegressionCV(_LogisticPredictMixin, ClassifierMixin, _PathCV):
    __doc__ = f"""Sparse logistic regression with alpha chosen by cross-validation.

    Every fold solves a warm-started :func:`logistic_path` on its training
    rows and records the held-out error of each alpha; the folds are
    combined as glmnet's ``cv.glmnet`` does (weighted mean and standard
    error), ``alpha_min_`` minimises the CV error and ``alpha_1se_`` is the
    largest alpha within one standard error of it. The model is then refit
    on all the data along the grid. The objective is
    :class:`SparseLogisticRegression`'s.

    Parameters
    ----------
    l1_ratio : float or list of float, default=1.0
        Share of the L1 penalty; a list is searched too (same folds for
        each).
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the grid.
    alphas : int or array-like, default=100
        Number of alphas of the log grid from ``alpha_max`` down, or the
        alphas themselves.
    cv : int, cross-validation generator or iterable, default=None
        Folds (5-fold ``StratifiedKFold`` by default).
    scoring : str or callable, default=None
        CV metric (a scikit-learn scorer such as ``'accuracy'`` or
        ``'roc_auc'``, larger is better); None is the held-out
        sample-weighted mean log-loss.
    alpha_selection : {{'min', '1se'}}, default='min'
        Which alpha is refit: ``alpha_min_`` or ``alpha_1se_``.
    groups, weights :
        Feature groups and their weights, as in :class:`SparseLogisticRegression`.{_PARAMS_DOC}
    n_jobs : int, default=None
        Folds run in parallel threads.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    l1_ratio_ : float
        The chosen l1_ratio.
    cv_path_ : ndarray of shape (n_alphas, n_folds) or (n_l1_ratio, n_alphas, n_folds)
        Held-out error of each fold (log-loss, or the negated score).
    alpha_ : float
        The alpha refit on all the data (``alpha_min_`` or ``alpha_1se_``).
    alpha_min_ : float
        The alpha minimising the CV error (the largest one if tied).
    alpha_1se_ : float
        The largest alpha whose CV error is within one standard error of
        the minimum; never smaller than ``alpha_min_``.
    alphas_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
        The grid(s), decreasing.
    cv_mean_ : ndarray of shape (n_alphas,)
        CV error along the chosen grid, fold errors averaged with the folds'
        total sample weights (glmnet's ``cvm``).
    cv_se_ : ndarray of shape (n_alphas,)
        Its standard error (glmnet's ``cvsd``).
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        Coefficients at ``alpha_``.
    intercept_ : ndarray of shape (1,) or (n_classes,)
        Intercepts at ``alpha_``.
    coef_path_ : ndarray of shape (n_features, n_alphas) or (n_classes, n_features, n_alphas)
        Coefficients of the refit on all the data along the chosen grid.
    intercept_path_ : ndarray of shape (n_alphas,) or (n_classes, n_alphas)
        Intercepts along it.
    dual_gap_ : float
        Duality gap of the refit at ``alpha_``.
    n_iter_ : int
        Prox-Newton steps of the refit at ``alpha_``.
    n_features_in_ : int
        Number of features seen during fit.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import SparseLogisticRegressionCV
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((120, 8))
    >>> y = (X[:, 0] + 0.5 * rng.standard_normal(120) > 0).astype(int)
    >>> clf = SparseLogisticRegressionCV(alphas=20, cv=3).fit(X, y)
    >>> bool(clf.alpha_1se_ >= clf.alpha_min_)
    True
    >>> clf.predict_proba(X[:3]).shape
    (3, 2)
    """

    _path = staticmethod(logistic_path)
    _fold_errors = staticmethod(_logistic_fold_errors)
    _errors_attr = "cv_path_"

    def __init__(self, *, l1_ratio=1.0, eps=1e-3, alphas=100, cv=None, scoring=None,
                 alpha_selection="min", groups=None, weights=None, multinomial="ungrouped",
                 fit_intercept=True, penalty_factor=None, class_weight=None, tol=1e-4,
                 max_iter=100, n_jobs=None):
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.alphas = alphas
        self.cv = cv
        self.scoring = scoring
        self.alpha_selection = alpha_selection
        self.groups = groups
        self.weights = weights
        self.multinomial = multinomial
        self.fit_intercept = fit_intercept
        self.penalty_factor = penalty_factor
        self.class_weight = class_weight
        self.tol = tol
        self.max_iter = max_iter
        self.n_jobs = n_jobs

    def _l1_ratios(self):
        ratios = l1_ratio_list(self.l1_ratio, zero_ok=True)
        check_solver_params(1.0, ratios[0], self.max_iter, self.tol)
        return ratios

    def _validate_xy(self, X, y):
        X, y = validate_data(self, X, y, accept_sparse=("csr", "csc", "coo"),
                             dtype=[np.float64, np.float32])
        self.classes_ = _check_labels(y)
        return X, y

    def _check_params(self):
        super()._check_params()
        _check_logistic_params(self)

    def _path_params(self, X):
        return dict(eps=self.eps, fit_intercept=self.fit_intercept, tol=self.tol,
                    max_iter=self.max_iter, penalty_factor=self.penalty_factor,
                    class_weight=self.class_weight, groups=self.groups, weights=self.weights,
                    multinomial=self.multinomial, classes=self.classes_)

    def _alpha_max(self, X, y, sw, l1_ratio, params):
        spec = _Spec(X, y, sw, self.classes_, l1_ratio=l1_ratio,
                     fit_intercept=self.fit_intercept, class_weight=self.class_weight,
                     penalty_factor=self.penalty_factor, lower_bounds=None, upper_bounds=None,
                     positive=False, groups=self.groups, weights=self.weights,
                     multinomial=self.multinomial,
                     feature_names=getattr(self, "feature_names_in_", None))
        return spec.alpha_max()

    def _set_model_attributes(self, params):
        if self.coef_.ndim == 1:  # binary: scikit-learn's (1, n_features) layout
            self.coef_ = self.coef_[None, :]
            self.intercept_ = np.atleast_1d(self.intercept_)

    def fit(self, X, y, sample_weight=None, groups=None):
        """Cross-validate along the alpha grid, then refit on all the data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; sparse input is never densified.
        y : array-like of shape (n_samples,)
            Class labels.
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
