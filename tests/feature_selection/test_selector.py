"""SparseSelector: non-zero coefficients, exact max_features along the path, groups, pipelines."""

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn import config_context
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.feature_selection import SelectFromModel
from sklearn.linear_model import LinearRegression, lars_path
from sklearn.linear_model import Lasso as SkLasso
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from sparselearn.feature_selection import SparseSelector
from sparselearn.linear_model import (ElasticNet, GroupLasso, Lasso, LassoCV, MultiTaskLasso,
                                      SparseGroupLasso, SparseLogisticRegression)


def _problem(n=80, p=30, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    y = X[:, :6] @ np.arange(1.0, 7.0) + 0.5 * rng.standard_normal(n)
    return X, y


GROUPS = np.repeat(np.arange(10), 3)


@pytest.mark.parametrize("estimator", [
    Lasso(alpha=0.3), ElasticNet(alpha=0.3, l1_ratio=0.5), SparseGroupLasso(
        alpha=0.3, groups=GROUPS, l1_ratio=0.7), SparseLogisticRegression(alpha=0.02)],
    ids=lambda e: type(e).__name__)
def test_default_selection_is_nonzero_coefficients(estimator):
    X, y = _problem()
    if isinstance(estimator, SparseLogisticRegression):
        y = np.digitize(y, np.quantile(y, [0.33, 0.66]))  # three classes: a 2-D coef_
    sel = SparseSelector(estimator, whole_groups=False).fit(X, y)
    coef = np.atleast_2d(sel.estimator_.coef_)
    nonzero = np.any(coef != 0, axis=0)
    assert 0 < nonzero.sum() < X.shape[1]
    np.testing.assert_array_equal(sel.get_support(), nonzero)
    np.testing.assert_array_equal(sel.transform(X), X[:, nonzero])
    assert sel.threshold_ > 0 and np.all(sel.get_support() == (sel.threshold_ <= np.abs(
        coef).sum(axis=0)))


def test_multitask_selects_rows_used_by_any_task():
    X, y = _problem()
    Y = np.c_[y, X[:, 7] - X[:, 8]]
    sel = SparseSelector(MultiTaskLasso(alpha=0.5)).fit(X, Y)
    np.testing.assert_array_equal(sel.get_support(), np.any(sel.estimator_.coef_ != 0, axis=0))
    assert sel.get_support()[[7, 8]].all()


def test_sparse_group_lasso_keeps_whole_groups():
    X, _ = _problem()
    y = 3 * X[:, 0] - 2 * X[:, 3] + 0.1 * X[:, 9]
    est = SparseGroupLasso(alpha=0.3, groups=GROUPS, l1_ratio=0.9)
    sel = SparseSelector(est).fit(X, y)
    coef = sel.estimator_.coef_
    active_groups = np.unique(GROUPS[coef != 0])
    assert (coef == 0)[np.isin(GROUPS, active_groups)].any()  # a zero inside an active group
    np.testing.assert_array_equal(sel.get_support(), np.isin(GROUPS, active_groups))


def _lars_model_of_size(X, y, k):
    """The support of the LARS-lasso knot with exactly k active features (independent oracle)."""
    alphas, active, coefs = lars_path(X, y, method="lasso")
    sizes = (coefs != 0).sum(axis=0)
    i = np.flatnonzero(sizes == k)[0]
    return coefs[:, i] != 0


@pytest.mark.parametrize("k", [1, 2, 4, 6, 7, 9])
def test_max_features_is_exact_and_follows_the_lasso_path(k):
    X, y = _problem()
    sel = SparseSelector(Lasso(fit_intercept=False, tol=1e-10), max_features=k).fit(X, y)
    support = sel.get_support()
    assert support.sum() == k
    np.testing.assert_array_equal(support, _lars_model_of_size(X, y, k))
    # the chosen path model is the lasso at path_alpha_
    refit = Lasso(alpha=sel.path_alpha_, fit_intercept=False, tol=1e-10).fit(X, y)
    np.testing.assert_array_equal(refit.coef_ != 0, support)
    # it is not the k largest coefficients of the estimator's own fit
    assert sel.entry_alphas_[support].min() >= sel.path_alpha_ * (1 - 1e-12)


@pytest.mark.parametrize("estimator", [ElasticNet(l1_ratio=0.5), SparseLogisticRegression(),
                                       LassoCV(cv=3)], ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("k", [3, 8])
def test_max_features_exact_for_other_estimators(estimator, k):
    X, y = _problem()
    if isinstance(estimator, SparseLogisticRegression):
        y = (y > np.median(y)).astype(int)
    sel = SparseSelector(estimator, max_features=k).fit(X, y)
    assert sel.get_support().sum() == k
    assert np.all(sel.entry_alphas_[sel.get_support()] > 0)


def test_max_features_dense_equals_sparse_and_callable():
    X, y = _problem()
    a = SparseSelector(Lasso(), max_features=5).fit(X, y)
    b = SparseSelector(Lasso(), max_features=lambda X: 5).fit(sp.csr_matrix(X), y)
    np.testing.assert_array_equal(a.get_support(), b.get_support())
    assert b.max_features_ == 5


def test_max_features_group_estimator_keeps_whole_groups_within_the_budget():
    X, y = _problem()
    for k in (3, 5, 7, 10):
        sel = SparseSelector(GroupLasso(groups=GROUPS), max_features=k).fit(X, y)
        support = sel.get_support()
        assert support.sum() <= k and support.sum() > k - 3
        for g in range(10):  # whole groups only
            assert support[GROUPS == g].all() or not support[GROUPS == g].any()


def test_max_features_beyond_the_path_warns():
    X, y = _problem(n=10, p=30)
    with pytest.warns(UserWarning, match="at most"):
        sel = SparseSelector(Lasso(fit_intercept=False), max_features=25, eps=1e-2).fit(X, y)
    assert 0 < sel.get_support().sum() < 25


def test_weighted_max_features_equals_repeated_rows():
    X, y = _problem()
    w = np.random.default_rng(1).integers(0, 3, X.shape[0])
    a = SparseSelector(Lasso(), max_features=6).fit(X, y, sample_weight=w)
    b = SparseSelector(Lasso(), max_features=6).fit(np.repeat(X, w, axis=0), np.repeat(y, w))
    np.testing.assert_array_equal(a.get_support(), b.get_support())
    assert a.path_alpha_ != SparseSelector(Lasso(), max_features=6).fit(X, y).path_alpha_


def test_pipeline_with_weights_equals_outside():
    X, y = _problem()
    w = np.random.default_rng(2).uniform(0.2, 3, X.shape[0])
    pipe = Pipeline([("select", SparseSelector(Lasso(alpha=0.2))), ("ols", LinearRegression())])
    pipe.fit(X, y, select__sample_weight=w, ols__sample_weight=w)
    sel = SparseSelector(Lasso(alpha=0.2)).fit(X, y, sample_weight=w)
    ols = LinearRegression().fit(sel.transform(X), y, sample_weight=w)
    np.testing.assert_allclose(pipe.predict(X), ols.predict(sel.transform(X)))
    unweighted = SparseSelector(Lasso(alpha=0.2)).fit(X, y)
    assert not np.allclose(sel.estimator_.coef_, unweighted.estimator_.coef_)


def test_pipeline_with_metadata_routing():
    X, y = _problem()
    w = np.random.default_rng(3).uniform(0.2, 3, X.shape[0])
    with config_context(enable_metadata_routing=True):
        pipe = Pipeline([
            ("select", SparseSelector(Lasso(alpha=0.2).set_fit_request(sample_weight=True),
                                      max_features=5)),
            ("ols", LinearRegression().set_fit_request(sample_weight=True))])
        pipe.fit(X, y, sample_weight=w)
    sel = SparseSelector(Lasso(alpha=0.2), max_features=5).fit(X, y, sample_weight=w)
    np.testing.assert_array_equal(pipe["select"].get_support(), sel.get_support())
    np.testing.assert_allclose(pipe["select"].estimator_.coef_, sel.estimator_.coef_)


def test_empty_selection_warns_and_returns_no_columns():
    X, y = _problem()
    sel = SparseSelector(Lasso(alpha=1e3)).fit(X, y)
    with pytest.warns(UserWarning, match="No features were selected"):
        Xt = sel.transform(X)
    assert Xt.shape == (X.shape[0], 0)


def test_pandas_in_and_out():
    X, y = _problem()
    df = pd.DataFrame(X, columns=[f"gene{j}" for j in range(X.shape[1])])
    sel = SparseSelector(Lasso(alpha=0.3)).set_output(transform="pandas").fit(df, y)
    out = sel.transform(df)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == list(sel.get_feature_names_out())
    assert set(out.columns) == {f"gene{j}" for j in np.flatnonzero(sel.estimator_.coef_)}


def test_prefit_uses_the_fitted_estimator():
    X, y = _problem()
    est = Lasso(alpha=0.3).fit(X, y)
    sel = SparseSelector(est, prefit=True)
    np.testing.assert_array_equal(sel.get_support(), est.coef_ != 0)  # transform without fit
    sel.fit(X, y * 0)  # prefit: the estimator is not refitted
    np.testing.assert_array_equal(sel.get_support(), est.coef_ != 0)
    with pytest.raises(NotFittedError):
        SparseSelector(Lasso(), prefit=True).transform(X)


def test_scikit_learn_select_from_model_default_picks_the_lasso_support():
    # SelectFromModel's default threshold for Lasso-named estimators is 1e-5:
    # on standardized data the sparselearn Lasso family's support is found exactly
    X, y = _problem()
    for est in (Lasso(alpha=0.3), LassoCV(cv=3)):
        sfm = SelectFromModel(est).fit(X, y)
        np.testing.assert_array_equal(sfm.get_support(),
                                      np.atleast_2d(sfm.estimator_.coef_).any(axis=0))


def test_threshold_forms_match_select_from_model():
    X, y = _problem()
    for threshold in (0.5, "mean", "median", "0.5*mean"):
        ours = SparseSelector(Lasso(alpha=0.05), threshold=threshold).fit(X, y)
        theirs = SelectFromModel(Lasso(alpha=0.05), threshold=threshold).fit(X, y)
        np.testing.assert_array_equal(ours.get_support(), theirs.get_support())


def test_bad_parameters():
    X, y = _problem()
    with pytest.raises(ValueError, match="threshold"):
        SparseSelector(Lasso(), threshold="max").fit(X, y)
    with pytest.raises(ValueError, match="n_alphas"):
        SparseSelector(Lasso(), n_alphas=1).fit(X, y)
    with pytest.raises(ValueError, match="eps"):
        SparseSelector(Lasso(), eps=2.0).fit(X, y)
    with pytest.raises(TypeError, match="regularization path"):
        SparseSelector(SkLasso(), max_features=3).fit(X, y)
    with pytest.raises(ValueError, match="max_features"):
        SparseSelector(Lasso(), max_features=-1).fit(X, y)
    with pytest.raises(ValueError, match="exceeds n_features"):
        SparseSelector(Lasso(), max_features=X.shape[1] + 1).fit(X, y)


def test_caller_arrays_untouched_and_clone():
    X, y = _problem()
    X.flags.writeable = False
    X0, y0 = X.copy(), y.copy()
    sel = SparseSelector(Lasso(), max_features=4)
    sel.fit(X, y)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)
    assert clone(sel).get_params()["max_features"] == 4


@parametrize_with_checks([SparseSelector(Lasso(alpha=0.01)),
                          SparseSelector(Lasso(), max_features=2)])
def test_sklearn_compatible(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "no features selected" on random data
        check(estimator)
