"""LassoCV / ElasticNetCV against scikit-learn, glmnet's definitions and single fits."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import linear_model as sklm
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import r2_score
from sklearn.model_selection import GroupKFold, KFold
from sklearn.utils.estimator_checks import parametrize_with_checks

from sparselearn.linear_model import (ElasticNetCV, Lasso, LassoCV, MultiTaskElasticNetCV,
                                      MultiTaskLasso, MultiTaskLassoCV)

TIGHT = dict(tol=1e-10, max_iter=100_000)


def _problem(seed=0, n=80, p=40):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, p)
    w = np.zeros(p)
    w[:5] = [2.0, -1.5, 1.0, 0.7, -0.5]
    y = X @ w + rng.randn(n) + 3.0
    return X, y


@pytest.mark.parametrize("sparse", [False, True])
def test_lasso_cv_chooses_scikit_learns_alpha(sparse):
    X, y = _problem()
    folds = KFold(5, shuffle=True, random_state=0)  # 80 rows: equal folds
    Xf = sp.csr_matrix(X) if sparse else X
    ours = LassoCV(cv=folds, alphas=30, **TIGHT).fit(Xf, y)
    ref = sklm.LassoCV(cv=folds, alphas=30, **TIGHT).fit(X, y)
    np.testing.assert_allclose(ours.alphas_, ref.alphas_, rtol=1e-10)
    np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-6)
    assert ours.alpha_ == pytest.approx(ref.alpha_, rel=1e-12)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-6)
    assert ours.intercept_ == pytest.approx(ref.intercept_, abs=1e-6)


def test_cv_summary_follows_glmnet_definitions():
    X, y = _problem(seed=1, n=75)  # 5 folds of 15
    est = LassoCV(cv=KFold(5), alphas=25, alpha_selection="1se", **TIGHT).fit(X, y)
    K = est.mse_path_.shape[1]
    np.testing.assert_allclose(est.cv_mean_, est.mse_path_.mean(axis=1), rtol=1e-12)
    np.testing.assert_allclose(est.cv_se_, est.mse_path_.std(axis=1, ddof=1) / np.sqrt(K),
                               rtol=1e-10)
    i_min = int(np.argmin(est.cv_mean_))
    assert est.alpha_min_ == est.alphas_[i_min]
    within = est.cv_mean_ <= est.cv_mean_[i_min] + est.cv_se_[i_min]
    assert est.alpha_1se_ == est.alphas_[within].max()
    assert est.alpha_1se_ >= est.alpha_min_
    assert est.alpha_ == est.alpha_1se_
    # the refit at alpha_ is the full-data path point and a plain fit
    k = int(np.flatnonzero(est.alphas_ == est.alpha_)[0])
    np.testing.assert_allclose(est.coef_, est.coef_path_[:, k])
    single = Lasso(alpha=est.alpha_, **TIGHT).fit(X, y)
    np.testing.assert_allclose(est.coef_, single.coef_, atol=1e-7)
    assert est.intercept_ == pytest.approx(single.intercept_, abs=1e-7)
    # predict at a path point equals the coefficients there
    np.testing.assert_allclose(est.predict(X, alpha=est.alphas_[3]),
                               X @ est.coef_path_[:, 3] + est.intercept_path_[3])
    with pytest.raises(ValueError, match="range"):
        est.predict(X, alpha=10 * est.alphas_[0])


def test_weighted_cv_uses_fold_weights_and_weighted_errors():
    X, y = _problem(seed=2, n=60)
    rng = np.random.RandomState(0)
    sw = rng.randint(1, 4, size=60).astype(float)
    est = LassoCV(cv=KFold(4), alphas=15, **TIGHT).fit(X, y, sample_weight=sw)
    folds = list(KFold(4).split(X))
    fw = np.array([sw[te].sum() for _, te in folds])
    np.testing.assert_allclose(est.cv_mean_, est.mse_path_ @ (fw / fw.sum()), rtol=1e-12)
    # fold 0's error at the last alpha: a weighted fit and weighted squared errors
    tr, te = folds[0]
    fit = Lasso(alpha=est.alphas_[-1], **TIGHT).fit(X[tr], y[tr], sample_weight=sw[tr])
    err = np.average((y[te] - fit.predict(X[te])) ** 2, weights=sw[te])
    assert est.mse_path_[-1, 0] == pytest.approx(err, rel=1e-6)


def test_groups_reach_a_group_splitter_and_threads_equal_serial():
    X, y = _problem(seed=3, n=60)
    groups = np.repeat(np.arange(6), 10)
    a = LassoCV(cv=GroupKFold(3), alphas=10, n_jobs=1).fit(X, y, groups=groups)
    b = LassoCV(cv=GroupKFold(3), alphas=10, n_jobs=2).fit(X, y, groups=groups)
    np.testing.assert_array_equal(a.mse_path_, b.mse_path_)
    assert a.alpha_ == b.alpha_
    test_sets = [set(te) for _, te in GroupKFold(3).split(X, y, groups)]
    assert all(len({g for g in groups[list(te)]}) == 2 for te in test_sets)


@pytest.mark.parametrize("Est, Single", [(LassoCV, Lasso), (MultiTaskLassoCV, MultiTaskLasso)])
def test_scoring_gives_negated_fold_scores(Est, Single):
    X, y = _problem(seed=4, n=60, p=10)
    if Single is MultiTaskLasso:
        y = np.c_[y, -2.0 * y + np.random.RandomState(4).randn(60)]
    cv = KFold(3)
    base = Est(cv=cv, alphas=6, **TIGHT).fit(X, y)
    neg = Est(cv=cv, alphas=6, scoring="neg_mean_squared_error", **TIGHT).fit(X, y)
    np.testing.assert_allclose(neg.mse_path_, base.mse_path_, rtol=1e-12)
    r2 = Est(cv=cv, alphas=6, scoring="r2", **TIGHT).fit(X, y)
    # the scorer's value from single fits on each fold, at each alpha
    for k, (train, test) in enumerate(cv.split(X)):
        for i, a in enumerate(r2.alphas_):
            fit = Single(alpha=a, **TIGHT).fit(X[train], y[train])
            expected = -r2_score(y[test], fit.predict(X[test]))
            np.testing.assert_allclose(r2.mse_path_[i, k], expected, rtol=1e-7, atol=1e-9)


def test_elastic_net_cv_grid_of_l1_ratios_matches_scikit_learn():
    X, y = _problem(seed=4)
    folds = KFold(4, shuffle=True, random_state=1)
    ours = ElasticNetCV(l1_ratio=[0.3, 0.7, 1.0], cv=folds, alphas=12, **TIGHT).fit(X, y)
    ref = sklm.ElasticNetCV(l1_ratio=[0.3, 0.7, 1.0], cv=folds, alphas=12, **TIGHT).fit(X, y)
    assert ours.mse_path_.shape == ref.mse_path_.shape == (3, 12, 4)
    np.testing.assert_allclose(ours.alphas_, ref.alphas_, rtol=1e-10)
    # both paths stop on a 1e-10 gap: coefficients (and held-out errors) agree to
    # about the square root of it
    np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-3)
    assert ours.l1_ratio_ == ref.l1_ratio_ and ours.alpha_ == pytest.approx(ref.alpha_)


@pytest.mark.parametrize("sparse", [False, True])
def test_multitask_lasso_cv_matches_scikit_learn(sparse):
    X, y = _problem(seed=7)
    Y = np.c_[y, X[:, 2] - y + np.random.RandomState(0).randn(len(y))]
    folds = KFold(4, shuffle=True, random_state=2)
    ours = MultiTaskLassoCV(cv=folds, alphas=15, **TIGHT).fit(
        sp.csr_matrix(X) if sparse else X, Y)
    ref = sklm.MultiTaskLassoCV(cv=folds, alphas=15, **TIGHT).fit(X, Y)
    np.testing.assert_allclose(ours.alphas_, ref.alphas_, rtol=1e-10)
    np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-4)
    assert ours.alpha_ == pytest.approx(ref.alpha_)
    assert ours.coef_.shape == ref.coef_.shape == (2, X.shape[1])
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-5)
    single = MultiTaskLasso(alpha=ours.alpha_, **TIGHT).fit(X, Y)
    np.testing.assert_allclose(ours.coef_, single.coef_, atol=1e-6)
    k = 4
    np.testing.assert_allclose(ours.predict(X, alpha=ours.alphas_[k]),
                               X @ ours.coef_path_[:, :, k].T + ours.intercept_path_[:, k])
    with pytest.raises(ValueError, match="2-D"):
        MultiTaskLassoCV().fit(X, y)


def test_multitask_elastic_net_cv_matches_scikit_learn():
    X, y = _problem(seed=8)
    Y = np.c_[y, -y + X[:, 3]]
    folds = KFold(3, shuffle=True, random_state=3)
    ours = MultiTaskElasticNetCV(l1_ratio=[0.5, 1.0], cv=folds, alphas=10, **TIGHT).fit(X, Y)
    ref = sklm.MultiTaskElasticNetCV(l1_ratio=[0.5, 1.0], cv=folds, alphas=10,
                                     **TIGHT).fit(X, Y)
    np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-3)
    assert ours.l1_ratio_ == ref.l1_ratio_ and ours.alpha_ == pytest.approx(ref.alpha_)


def test_one_aggregated_convergence_warning_and_edge_warning():
    X, y = _problem(seed=5)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        LassoCV(cv=3, alphas=8, max_iter=1, tol=1e-14).fit(X, y)
    conv = [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    assert len(conv) == 1 and "did not converge" in str(conv[0].message)
    # threads count their unconverged fits without touching the global
    # warning state: the same single message, and nothing leaks afterwards
    show = warnings.showwarning
    for n_jobs in (2, 3):
        with warnings.catch_warnings(record=True) as caught_threads:
            warnings.simplefilter("always")
            LassoCV(cv=3, alphas=8, max_iter=1, tol=1e-14, n_jobs=n_jobs).fit(X, y)
        assert [str(w.message) for w in caught_threads
                if issubclass(w.category, ConvergenceWarning)] == [str(conv[0].message)]
    assert warnings.showwarning is show
    with pytest.warns(UserWarning, match="smallest of the grid"):
        # the noiseless target wants the smallest alpha
        LassoCV(cv=3, alphas=8, eps=0.5).fit(X, X[:, 0] * 2.0)


def test_bad_parameters_raise():
    X, y = _problem(n=30, p=5)
    with pytest.raises(ValueError, match="alpha_selection"):
        LassoCV(alpha_selection="best").fit(X, y)
    with pytest.raises(ValueError, match="l1_ratio"):
        ElasticNetCV(l1_ratio=[0.0, 0.5]).fit(X, y)
    with pytest.raises(ValueError, match="eps"):
        LassoCV(eps=0).fit(X, y)


def _expected_failures(estimator):
    # the refit runs a whole path stopped on a duality gap (tol=1e-4): weighted
    # and repeated rows give the same problem but stop at points ~1e-8 apart,
    # above the check's 1e-9; at tol=1e-12 they agree (next test)
    # (seen for the lasso ones; the elastic-net ones happen to stop within the
    # check's tolerance)
    if not isinstance(estimator, (LassoCV, MultiTaskLassoCV)):
        return {}
    why = "path stopped on a duality gap; equivalence tested at tight tol"
    return {"check_sample_weight_equivalence_on_dense_data": why,
            "check_sample_weight_equivalence_on_sparse_data": why}


@pytest.mark.parametrize("Est", [LassoCV, ElasticNetCV])
def test_integer_weights_equal_repeated_rows_at_tight_tolerance(Est):
    X, y = _problem(seed=6, n=40, p=10)
    sw = np.random.RandomState(1).randint(0, 3, size=40).astype(float)
    # the refit path on all rows does not depend on the folds: zero weights ==
    # removed rows, integer weights == repeated rows
    Xr, yr = np.repeat(X, sw.astype(int), axis=0), np.repeat(y, sw.astype(int))
    grid = np.geomspace(1.0, 0.01, 8)
    kw = dict(alphas=grid, cv=KFold(2), tol=1e-12, max_iter=100_000)
    a = Est(**kw).fit(X, y, sample_weight=sw)
    b = Est(**kw).fit(X[sw > 0], y[sw > 0], sample_weight=sw[sw > 0])
    np.testing.assert_allclose(a.coef_path_, b.coef_path_, atol=1e-9)
    r = Est(**kw).fit(Xr, yr)
    np.testing.assert_allclose(a.coef_path_, r.coef_path_, atol=1e-6)
    full = Est(alphas=[a.alpha_], cv=KFold(2), tol=1e-12, max_iter=100_000)
    np.testing.assert_allclose(full.fit(Xr, yr).coef_, a.coef_, atol=1e-6)


@parametrize_with_checks([LassoCV(alphas=5, cv=3), ElasticNetCV(alphas=5, cv=3),
                          MultiTaskLassoCV(alphas=5, cv=3),
                          MultiTaskElasticNetCV(alphas=5, cv=3)],
                         expected_failed_checks=_expected_failures)
def test_scikit_learn_compatible(estimator, check):
    check(estimator)
