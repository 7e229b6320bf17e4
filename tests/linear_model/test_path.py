"""Regularization paths against scikit-learn, single fits and the KKT conditions."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import linear_model as sklm

from sparselearn.linear_model import ElasticNet, Lasso, enet_path, lasso_path

TIGHT = dict(tol=1e-12, max_iter=100_000)


def _problem(seed=0, n=60, p=120, T=None, sparse=False):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, p) + 0.5 * rng.randn(n, 1)
    X[rng.rand(n, p) < 0.4] = 0.0
    w = np.zeros((p, T or 1))
    k = min(6, p)
    w[:k] = rng.randn(k, T or 1)
    y = X @ w + 0.3 * rng.randn(n, T or 1) + 1.5
    y = y[:, 0] if T is None else y
    return (sp.csc_matrix(X) if sparse else X), y


def _objective(X, y, coef, intercept, alpha, l1_ratio, sw=None):
    Xd = X.toarray() if sp.issparse(X) else X
    w = np.ones(len(y)) if sw is None else sw
    r = y - Xd @ coef - intercept
    return (0.5 * np.sum(w * r ** 2) / w.sum() + alpha * l1_ratio * np.abs(coef).sum()
            + 0.5 * alpha * (1 - l1_ratio) * np.sum(coef ** 2))


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_path_matches_scikit_learn(sparse, l1_ratio):
    X, y = _problem(sparse=sparse)
    y = y - y.mean()
    Xc = X  # scikit-learn's path has no intercept: compare on the same (uncentered) X
    a_sl, c_sl, g_sl = enet_path(Xc, y, l1_ratio=l1_ratio, alphas=30, eps=1e-2, **TIGHT)
    a_sk, c_sk, _ = sklm.enet_path(Xc, y, l1_ratio=l1_ratio, alphas=30, eps=1e-2, tol=1e-12,
                                   max_iter=100_000)
    np.testing.assert_allclose(a_sl, a_sk, rtol=1e-12)
    assert c_sl.shape == c_sk.shape == (X.shape[1], 30)
    for k, alpha in enumerate(a_sl):
        P_sl = _objective(X, y, c_sl[:, k], 0.0, alpha, l1_ratio)
        P_sk = _objective(X, y, c_sk[:, k], 0.0, alpha, l1_ratio)
        assert P_sl <= P_sk + 1e-10 * np.mean(y ** 2)
        assert g_sl[k] <= 1e-12 * np.mean(y ** 2) * 1.0001
    np.testing.assert_allclose(c_sl, c_sk, atol=1e-5 * np.abs(c_sk).max())


@pytest.mark.parametrize("sparse", [False, True])
def test_path_point_equals_single_fit_with_intercept_and_weights(sparse):
    X, y = _problem(seed=1, sparse=sparse)
    sw = np.random.RandomState(3).uniform(0.5, 2.0, len(y))
    alphas, coefs, gaps, intercepts = lasso_path(
        X, y, alphas=12, fit_intercept=True, sample_weight=sw, return_intercept=True, **TIGHT)
    for k in (0, 5, 11):
        est = Lasso(alpha=alphas[k], **TIGHT).fit(X, y, sample_weight=sw)
        np.testing.assert_allclose(coefs[:, k], est.coef_, atol=1e-7)
        assert intercepts[k] == pytest.approx(est.intercept_, abs=1e-7)
    # the first alpha is alpha_max: everything zero, intercept the weighted mean
    assert np.all(coefs[:, 0] == 0)
    assert intercepts[0] == pytest.approx(np.average(y, weights=sw))


@pytest.mark.parametrize("l1_ratio", [1.0, 0.3])
def test_strong_rules_on_equals_off(l1_ratio):
    X, y = _problem(seed=2, p=300)
    kw = dict(l1_ratio=l1_ratio, alphas=40, eps=1e-3, fit_intercept=True, **TIGHT)
    a1, c1, g1 = enet_path(X, y, strong_rules=True, **kw)
    a2, c2, g2 = enet_path(X, y, strong_rules=False, **kw)
    np.testing.assert_array_equal(a1, a2)
    # p > n: at the small alphas the optimum is flat, compare objectives
    Xc = X - X.mean(0)
    yc = y - y.mean()
    for k in range(40):
        P1 = _objective(Xc, yc, c1[:, k], 0.0, a1[k], l1_ratio)
        P2 = _objective(Xc, yc, c2[:, k], 0.0, a1[k], l1_ratio)
        assert P1 == pytest.approx(P2, rel=1e-9, abs=1e-12)
    # every point satisfies the optimality conditions of the full problem
    for k in range(0, 40, 7):
        r = (y - y.mean()) - Xc @ c1[:, k]
        grad = Xc.T @ r / len(y) - a1[k] * (1 - l1_ratio) * c1[:, k]
        lam = a1[k] * l1_ratio
        # a gap g puts each correlation within sqrt(2 ||x_j||^2 / n g) of the optimal one
        slack = np.sqrt(2 * (Xc ** 2).sum(0).max() / len(y) * max(g1[k], 1e-16)) + 1e-12
        zero = c1[:, k] == 0
        assert np.all(np.abs(grad[zero]) <= lam + slack)
        np.testing.assert_allclose(grad[~zero], lam * np.sign(c1[~zero, k]), atol=slack)
        assert slack < 1e-2 * lam  # the check is not vacuous


def test_multitask_path_matches_scikit_learn():
    X, Y = _problem(seed=4, T=3)
    Y = Y - Y.mean(0)
    a1, c1, _ = lasso_path(X, Y, alphas=10, **TIGHT)
    a2, c2, _ = sklm.lasso_path(X, Y, alphas=10, tol=1e-12, max_iter=100_000)
    assert c1.shape == c2.shape == (3, X.shape[1], 10)
    np.testing.assert_allclose(a1, a2, rtol=1e-12)
    np.testing.assert_allclose(c1, c2, atol=1e-5 * np.abs(c2).max())


def test_explicit_alphas_are_sorted_decreasing_and_early_stop_truncates():
    X, y = _problem(seed=5, n=40, p=20)
    alphas, coefs, _ = lasso_path(X, y, alphas=[0.01, 1.0, 0.1], fit_intercept=True)
    np.testing.assert_array_equal(alphas, [1.0, 0.1, 0.01])
    a_full, _, _ = lasso_path(X, y, alphas=100, eps=1e-6, fit_intercept=True)
    a_stop, c_stop, g_stop = lasso_path(X, y, alphas=100, eps=1e-6, fit_intercept=True,
                                        early_stop=True)
    assert 5 <= len(a_stop) < len(a_full)
    np.testing.assert_array_equal(a_stop, a_full[:len(a_stop)])
    assert c_stop.shape == (20, len(a_stop)) and g_stop.shape == (len(a_stop),)


def test_path_rejects_bad_input():
    X, y = _problem(n=20, p=5)
    with pytest.raises(ValueError, match="alphas"):
        lasso_path(X, y, alphas=[-1.0])
    with pytest.raises(ValueError, match="eps"):
        lasso_path(X, y, eps=0.0)
    with pytest.raises(TypeError, match="unexpected"):
        lasso_path(X, y, fit_intercep=True)
    with pytest.raises(ValueError):
        enet_path(X, y[:10])
    with pytest.raises(ValueError, match="l1_ratio"):
        enet_path(X, y, l1_ratio=1.5)


def test_single_fit_is_a_one_point_path():
    X, y = _problem(seed=6)
    est = ElasticNet(alpha=0.05, l1_ratio=0.7, **TIGHT).fit(X, y)
    _, coefs, gaps, intercepts = enet_path(X, y, l1_ratio=0.7, alphas=[0.05],
                                           fit_intercept=True, return_intercept=True, **TIGHT)
    np.testing.assert_allclose(coefs[:, 0], est.coef_, atol=1e-9)
    assert intercepts[0] == pytest.approx(est.intercept_, abs=1e-9)
