"""The regularization path of any sparselearn estimator, through the public path functions.

Selectors need an estimator's whole path (the order in which features enter,
the selections of many subsamples), not one fit. This module maps an
estimator, fitted or not, onto the path function of its family with the
estimator's own parameters, so that the selectors need no per-estimator code.
"""

from numbers import Real

import numpy as np

from ..linear_model import (SparsePoissonRegressor, SparsePoissonRegressorCV, alpha_max,
                            enet_path, group_alpha_max, logistic_alpha_max, logistic_path,
                            poisson_alpha_max, poisson_path, sparse_group_lasso_path)
from ..linear_model._coordinate_descent import _BaseElasticNet
from ..linear_model._cv import _PathCV
from ..linear_model._group import SparseGroupLasso, SparseGroupLassoCV
from ..linear_model._ic import ElasticNetIC
from ..linear_model._logistic import SparseLogisticRegression, SparseLogisticRegressionCV
from ..linear_model._relaxed import RelaxedLasso, RelaxedLassoCV

_LOGISTIC = (SparseLogisticRegression, SparseLogisticRegressionCV)
_GROUP = (SparseGroupLasso, SparseGroupLassoCV)
_ENET = (_BaseElasticNet, _PathCV, ElasticNetIC, RelaxedLasso, RelaxedLassoCV)


def path_family(estimator) -> str:
    """``'logistic'``, ``'poisson'``, ``'group'`` or ``'enet'``: which path function serves
    ``estimator``.

    Raises a ``TypeError`` for an estimator that has no sparselearn path.
    """
    if isinstance(estimator, _LOGISTIC):
        return "logistic"
    if isinstance(estimator, (SparsePoissonRegressor, SparsePoissonRegressorCV)):
        return "poisson"
    if isinstance(estimator, _GROUP):
        return "group"
    if isinstance(estimator, _ENET):
        return "enet"
    raise TypeError(
        "estimator must be a sparselearn linear model with a regularization path (Lasso, "
        "ElasticNet, MultiTask*, GroupLasso, SparseGroupLasso, SparseLogisticRegression, "
        "SparsePoissonRegressor or "
        f"their CV/IC variants), got {type(estimator).__name__}.")


def path_l1_ratio(estimator) -> float:
    """The L1/L2 mixing of the estimator's penalty (the chosen one for a fitted CV model)."""
    if hasattr(estimator, "l1_ratio_"):
        return float(np.ravel(estimator.l1_ratio_)[0])
    if hasattr(estimator, "_l1_ratio"):
        return float(estimator._l1_ratio())
    if hasattr(estimator, "_l1_ratios"):
        return float(estimator._l1_ratios()[0])
    value = getattr(estimator, "l1_ratio", 1.0)
    return float(value if isinstance(value, Real) else np.ravel(value)[0])


def _scaled(base, scale, n):
    """Per-feature (or per-group) penalty weights times a random or given scale."""
    if scale is None:
        return base
    base = np.ones(n) if base is None else np.broadcast_to(np.asarray(base, np.float64), (n,))
    return np.asarray(scale, dtype=np.float64) * base


def _family_call(estimator, family, X, sample_weight, feature_scale, group_scale,
                 feature_names):
    """(path function, alpha_max function, keywords shared by both, path-only keywords)."""
    from ..utils import check_groups, group_weights

    p = X.shape[1]
    shared = dict(l1_ratio=path_l1_ratio(estimator),
                  fit_intercept=getattr(estimator, "fit_intercept", True),
                  sample_weight=sample_weight)
    only = dict(tol=getattr(estimator, "tol", 1e-4))
    if getattr(estimator, "max_iter", None) is not None:
        only["max_iter"] = estimator.max_iter
    spec = weights = None
    if getattr(estimator, "groups", None) is not None:
        spec = getattr(estimator, "groups_", None)
        if spec is None:
            spec = check_groups(estimator.groups, p, feature_names)
        weights = getattr(estimator, "weights_", None)
        if weights is None:
            weights = group_weights(spec, estimator.weights)
        weights = _scaled(weights, group_scale, spec.n_groups)
    if family == "group":
        shared.update(groups=spec, weights=weights)
        only["positive"] = getattr(estimator, "positive", False)
        return sparse_group_lasso_path, _group_amax, shared, only
    shared["penalty_factor"] = _scaled(getattr(estimator, "penalty_factor", None),
                                       feature_scale, p)
    only.update({name: getattr(estimator, name) for name in
                 ("lower_bounds", "upper_bounds", "positive") if hasattr(estimator, name)})
    if family == "logistic":
        shared.update(class_weight=getattr(estimator, "class_weight", None), groups=spec,
                      weights=weights,
                      multinomial=getattr(estimator, "multinomial", None) or "ungrouped")
        return logistic_path, logistic_alpha_max, shared, only
    if family == "poisson":
        shared.update(groups=spec, weights=weights)
        return poisson_path, poisson_alpha_max, shared, only
    precompute = getattr(estimator, "precompute", "auto")
    # a Gram matrix given for the full data does not fit other rows
    only["precompute"] = precompute if isinstance(precompute, (bool, np.bool_, str)) else "auto"
    return enet_path, alpha_max, shared, only


def _group_amax(X, y, *, groups, **kwargs):
    return group_alpha_max(X, y, groups, **kwargs)


def estimator_alpha_max(estimator, X, y, *, sample_weight=None, feature_scale=None,
                        group_scale=None, feature_names=None) -> float:
    """The smallest alpha at which ``estimator``'s problem on ``X, y`` has no penalized
    coefficient (arguments as in :func:`estimator_path`)."""
    _, amax, shared, _ = _family_call(estimator, path_family(estimator), X, sample_weight,
                                      feature_scale, group_scale, feature_names)
    return float(amax(X, y, **shared))


def estimator_path(estimator, X, y, *, alphas=None, n_alphas: int = 100, eps: float = 1e-3,
                   sample_weight=None, feature_scale=None, group_scale=None, coef_init=None,
                   feature_names=None, **path_params):
    """Solve ``estimator``'s problem along a decreasing alpha grid, warm-started.

    Parameters
    ----------
    estimator : sparselearn estimator
        Fitted or not; only its parameters (and, when fitted, its group
        layout or chosen ``l1_ratio_``) are used.
    X, y : training data
    alphas : array-like, default=None
        The grid; by default ``n_alphas`` values on a log scale from the
        estimator's ``alpha_max`` down to ``eps * alpha_max``.
    n_alphas, eps : grid size and ratio when ``alphas`` is None.
    sample_weight : array-like of shape (n_samples,), default=None
    feature_scale, group_scale : array-like, default=None
        Multiply the estimator's penalty factors (per feature) and group
        weights (per group), where its family has them: the randomized
        lasso of stability selection.
    coef_init : ndarray, default=None
        Warm start for the first alpha, in the path function's layout.
    feature_names : sequence of str, default=None
        Column names, for groups given by name to an unfitted estimator.
    **path_params : dict
        More keywords of the path function (e.g. ``classes`` of
        :func:`~sparselearn.linear_model.logistic_path`).

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_alphas, n_rows, n_features)
        ``n_rows`` is 1 for a single target or a binary classifier, the
        number of tasks or classes otherwise.
    """
    family = path_family(estimator)
    path, amax, shared, only = _family_call(estimator, family, X, sample_weight, feature_scale,
                                            group_scale, feature_names)
    if alphas is None:
        top = amax(X, y, **shared)
        if not top > 0:
            top = 1.0
        alphas = top * np.logspace(0, np.log10(eps), n_alphas)
    grid, coefs, _ = path(X, y, alphas=np.asarray(alphas, dtype=np.float64),
                          coef_init=coef_init, **shared, **only, **path_params)
    coefs = np.asarray(coefs)
    if coefs.ndim == 2:
        coefs = coefs[None]
    return np.asarray(grid), np.moveaxis(coefs, -1, 0)
