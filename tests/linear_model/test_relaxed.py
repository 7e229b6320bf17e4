"""RelaxedLasso / RelaxedLassoCV against least squares, the lasso, LassoCV and glmnet.

References: numpy's ``lstsq`` (weighted, with an intercept column) on the
lasso's support, scipy's ``lsq_linear`` for bounded refits, scikit-learn's
``Lasso`` for the supports, :class:`LassoCV` for ``gammas=[1]``, brute-force
fold-by-fold CV, and numbers printed by R's glmnet 4.1-6 (``relax=TRUE``,
``standardize=FALSE``) on the prostate data, pasted below.
"""

import doctest
import warnings
from collections import Counter

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import lsq_linear
from sklearn import linear_model as sklm
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import KFold, PredefinedSplit
from sklearn.utils.estimator_checks import parametrize_with_checks

import sparselearn.linear_model as slm
from sparselearn.datasets import load_prostate
from sparselearn.linear_model import Lasso, LassoCV
from sparselearn.linear_model import _relaxed
from sparselearn.linear_model._relaxed import RelaxedLasso, RelaxedLassoCV

TIGHT = dict(tol=1e-12, max_iter=100_000)


def _problem(seed=0, n=60, p=15):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, p)
    w = np.zeros(p)
    w[:4] = [2.0, -1.5, 1.0, 0.5]
    return X, X @ w + rng.randn(n) + 1.0


def _ols(X, y, sw=None, fit_intercept=True):
    """Weighted least squares with an intercept column: (coef, intercept)."""
    X = np.asarray(X, dtype=np.float64)
    w = np.ones(len(y)) if sw is None else np.asarray(sw, dtype=np.float64)
    A = np.c_[np.ones(len(y)), X] if fit_intercept else X
    s = np.sqrt(w)
    sol = np.linalg.lstsq(A * s[:, None], y * s, rcond=None)[0]
    return (sol[1:], sol[0]) if fit_intercept else (sol, 0.0)


def _relaxed_ref(X, y, active, sw=None):
    coef = np.zeros(X.shape[1])
    coef[active], b = _ols(X[:, active], y, sw)
    return coef, b


# ------------------------------------------------------------------ RelaxedLasso
@pytest.mark.parametrize("sparse", [False, True])
def test_gamma_zero_is_least_squares_on_the_lasso_support(sparse):
    """Prostate data, weighted: gamma=0 is OLS (lstsq with intercept) on the support."""
    data = load_prostate()
    X, y = data.data, data.target
    sw = 1.0 + np.arange(len(y)) % 3
    alpha = 0.05
    lasso = sklm.Lasso(alpha=alpha, tol=1e-12, max_iter=100_000).fit(X, y, sample_weight=sw)
    active = np.flatnonzero(lasso.coef_)
    assert 0 < len(active) < X.shape[1]
    est = RelaxedLasso(alpha=alpha, gamma=0.0, **TIGHT).fit(
        sp.csc_matrix(X) if sparse else X, y, sample_weight=sw)
    np.testing.assert_array_equal(est.active_, active)
    coef, b = _relaxed_ref(X, y, active, sw)
    np.testing.assert_allclose(est.coef_, coef, rtol=1e-10, atol=1e-12)
    assert est.intercept_ == pytest.approx(b, rel=1e-10)
    np.testing.assert_allclose(est.relaxed_coef_, coef, rtol=1e-10, atol=1e-12)
    # the relaxed fit is the least-squares fit: its residual is orthogonal to
    # the support's columns and to the intercept (weighted)
    r = sw * (y - est.predict(X))
    assert np.abs(X[:, active].T @ r).max() < 1e-9 and abs(r.sum()) < 1e-9


def test_gamma_one_is_the_lasso_and_between_is_the_blend():
    X, y = _problem()
    alpha = 0.2
    ref = sklm.Lasso(alpha=alpha, tol=1e-12, max_iter=100_000).fit(X, y)
    ols, b_ols = _relaxed_ref(X, y, np.flatnonzero(ref.coef_))
    one = RelaxedLasso(alpha=alpha, gamma=1.0, **TIGHT).fit(X, y)
    np.testing.assert_allclose(one.coef_, ref.coef_, atol=1e-8)
    assert one.intercept_ == pytest.approx(ref.intercept_, abs=1e-8)
    ours = Lasso(alpha=alpha, **TIGHT).fit(X, y)
    np.testing.assert_array_equal(one.coef_, ours.coef_)
    for gamma in (0.3, 0.75):
        est = RelaxedLasso(alpha=alpha, gamma=gamma, **TIGHT).fit(X, y)
        np.testing.assert_allclose(est.coef_, gamma * ref.coef_ + (1 - gamma) * ols, atol=1e-8)
        assert est.intercept_ == pytest.approx(
            gamma * ref.intercept_ + (1 - gamma) * b_ols, abs=1e-8)
        np.testing.assert_allclose(est.predict(X), X @ est.coef_ + est.intercept_)
        # predict at another gamma needs no refit
        np.testing.assert_allclose(est.predict(X, gamma=0.0), X @ ols + b_ols, atol=1e-8)
    # everything zero above alpha_max: the refit of the empty support is the mean
    big = RelaxedLasso(alpha=100.0).fit(X, y)
    assert big.active_.size == 0 and not big.coef_.any()
    assert big.intercept_ == pytest.approx(y.mean())


def test_refit_keeps_bounds():
    """positive=True: the refit is a non-negative least squares (glmnet passes the limits)."""
    rng = np.random.RandomState(4)
    X = rng.randn(40, 6)
    X[:, 1] = X[:, 0] + 0.3 * rng.randn(40)  # correlated: OLS flips a sign
    y = X[:, 0] + 0.1 * X[:, 1] + X[:, 2] + rng.randn(40)
    est = RelaxedLasso(alpha=0.05, positive=True, **TIGHT).fit(X, y)
    active = est.active_
    unconstrained = _ols(X[:, active], y)[0]
    assert unconstrained.min() < 0  # the bound binds
    A = np.c_[np.ones(40), X[:, active]]
    lb = np.r_[-np.inf, np.zeros(len(active))]
    ref = lsq_linear(A, y, bounds=(lb, np.full(len(lb), np.inf)), tol=1e-14).x
    np.testing.assert_allclose(est.relaxed_coef_[active], ref[1:], atol=1e-7)
    assert est.relaxed_intercept_ == pytest.approx(ref[0], abs=1e-7)
    assert est.coef_.min() >= 0


def test_rank_deficient_support_gets_the_minimum_norm_refit():
    rng = np.random.RandomState(0)
    X, y = rng.randn(5, 9), rng.randn(5)
    coefs = np.zeros((9, 2))
    coefs[:8, 0] = 1.0  # 8 columns on 5 rows
    coefs[2, 1] = 1.0
    inf = np.full(9, np.inf)
    refit, intercepts = _relaxed._relax_path(X, y, None, coefs, True, -inf, inf)
    Xc = X[:, :8] - X[:, :8].mean(0)
    np.testing.assert_allclose(refit[:8, 0], np.linalg.pinv(Xc) @ (y - y.mean()), atol=1e-10)
    assert refit[8, 0] == 0
    np.testing.assert_allclose(X @ refit[:, 0] + intercepts[0], y, atol=1e-10)  # interpolates


def test_repeated_supports_are_refit_once(monkeypatch):
    X, y = _problem(seed=1)
    calls = []
    original = _relaxed._refit_support

    def counting(X, y, w, active, *args):
        calls.append(tuple(active))
        return original(X, y, w, active, *args)

    monkeypatch.setattr(_relaxed, "_refit_support", counting)
    folds = list(KFold(3).split(X))
    est = RelaxedLassoCV(alphas=40, cv=folds, n_jobs=1).fit(X, y)

    def supports(coefs):
        return {tuple(np.flatnonzero(c)) for c in coefs.T}

    # each path (3 folds, all rows) refits each of its distinct supports once
    paths = [slm.lasso_path(X[tr], y[tr], alphas=est.alphas_, fit_intercept=True)[1]
             for tr, _ in folds] + [est.coef_path_]
    expected = Counter(s for c in paths for s in supports(c))
    assert Counter(calls) == expected
    assert len(calls) < 4 * 40  # supports repeat along the paths
    for i in range(len(est.alphas_) - 1):
        if supports(est.coef_path_[:, i:i + 1]) == supports(est.coef_path_[:, i + 1:i + 2]):
            np.testing.assert_array_equal(est.relaxed_coef_path_[:, i],
                                          est.relaxed_coef_path_[:, i + 1])


# ------------------------------------------------------------------ RelaxedLassoCV
@pytest.mark.parametrize("selection", ["min", "1se"])
def test_gamma_one_is_lasso_cv(selection):
    X, y = _problem(seed=2, n=75)
    folds = KFold(5, shuffle=True, random_state=0)
    kw = dict(cv=folds, alphas=25, alpha_selection=selection, **TIGHT)
    ours = RelaxedLassoCV(gammas=[1.0], **kw).fit(X, y)
    ref = LassoCV(**kw).fit(X, y)
    np.testing.assert_array_equal(ours.alphas_, ref.alphas_)
    np.testing.assert_array_equal(ours.mse_path_[0], ref.mse_path_)
    np.testing.assert_array_equal(ours.cv_mean_[0], ref.cv_mean_)
    np.testing.assert_array_equal(ours.cv_se_[0], ref.cv_se_)
    assert (ours.alpha_min_, ours.alpha_1se_, ours.alpha_) == (
        ref.alpha_min_, ref.alpha_1se_, ref.alpha_)
    assert ours.gamma_ == ours.gamma_min_ == ours.gamma_1se_ == 1.0
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-12)
    assert ours.intercept_ == pytest.approx(ref.intercept_, abs=1e-12)


def test_gamma_zero_cv_curve_by_brute_force():
    """Fold by fold: scikit-learn's lasso gives the support, lstsq the refit."""
    X, y = _problem(seed=4, n=48, p=10)
    sw = np.random.RandomState(0).randint(1, 4, size=48).astype(float)
    folds = list(KFold(4).split(X))
    grid = np.geomspace(0.8, 0.02, 8)
    est = RelaxedLassoCV(gammas=[0.0, 0.5], alphas=grid, cv=folds, **TIGHT).fit(
        X, y, sample_weight=sw)
    errors = np.empty((len(grid), len(folds)))
    for k, (tr, te) in enumerate(folds):
        for i, alpha in enumerate(grid):
            lasso = sklm.Lasso(alpha=alpha, tol=1e-12, max_iter=100_000).fit(
                X[tr], y[tr], sample_weight=sw[tr])
            coef, b = _relaxed_ref(X[tr], y[tr], np.flatnonzero(lasso.coef_), sw[tr])
            errors[i, k] = np.average((y[te] - X[te] @ coef - b) ** 2, weights=sw[te])
    np.testing.assert_allclose(est.mse_path_[0], errors, rtol=1e-8)
    fw = np.array([sw[te].sum() for _, te in folds])
    mean = errors @ fw / fw.sum()
    se = np.sqrt(((errors - mean[:, None]) ** 2) @ fw / fw.sum() / (len(folds) - 1))
    np.testing.assert_allclose(est.cv_mean_[0], mean, rtol=1e-8)
    np.testing.assert_allclose(est.cv_se_[0], se, rtol=1e-6)


def _pairs_by_definition(alphas, gammas, mean, se):
    """glmnet's getOptcv.relaxed, written with loops over all (gamma, alpha) pairs."""
    pairs = [(mean[g, i], alphas[i], gammas[g], g, i)
             for g in range(len(gammas)) for i in range(len(alphas))]
    best = min(m for m, *_ in pairs)
    _, a_min, g_min, gi, ii = max((p for p in pairs if p[0] <= best), key=lambda p: p[1:3])
    bar = mean[gi, ii] + se[gi, ii]
    _, a_1se, g_1se, _, _ = max((p for p in pairs if p[0] <= bar), key=lambda p: p[1:3])
    return a_min, g_min, a_1se, g_1se


def test_pairs_follow_glmnet_on_prostate():
    """Prostate, weighted, glmnet's folds and lambdas: glmnet's pairs and curves."""
    data = load_prostate()
    X, y = data.data, data.target
    n = len(y)
    sw = 1.0 + np.arange(n) % 3
    grid = np.geomspace(0.8, 0.005, 12)
    est = RelaxedLassoCV(alphas=grid, cv=PredefinedSplit(np.arange(n) % 5), alpha_selection="1se",
                         **TIGHT).fit(X, y, sample_weight=sw)
    np.testing.assert_array_equal(est.gammas_, [0, 0.25, 0.5, 0.75, 1])
    # cv.glmnet(X, y, lambda=grid, relax=TRUE, standardize=FALSE, thresh=1e-14,
    #           foldid=(0:96 %% 5) + 1, weights=1 + (0:96 %% 3))$relaxed
    assert est.alpha_min_ == pytest.approx(0.0199569254945481, rel=1e-12)
    assert est.gamma_min_ == 0.0
    assert est.alpha_1se_ == pytest.approx(0.5043307434870217, rel=1e-12)
    assert est.gamma_1se_ == 0.25  # gamma=0 is also within one SE at that alpha
    assert (est.alpha_, est.gamma_) == (est.alpha_1se_, est.gamma_1se_)
    glmnet_cvm_025 = [1.093348153284577, 0.688835067536930, 0.710379531773284,
                      0.680916071498479, 0.712476260553841, 0.700837170236907,
                      0.647411114686494, 0.636262728333484, 0.616818255738044,
                      0.620214043696212, 0.620672486135373, 0.620690193159577]
    glmnet_cvsd_025 = [0.1079963325771388, 0.0283940649037622, 0.0556044238258093,
                       0.0950208794699642, 0.1017863933611749, 0.1038463081599099,
                       0.1245318055526970, 0.1223273781496379, 0.1109069541173156,
                       0.1097160140142875, 0.1095873526487360, 0.1095353176498278]
    np.testing.assert_allclose(est.cv_mean_[1], glmnet_cvm_025, rtol=1e-6)
    np.testing.assert_allclose(est.cv_se_[1], glmnet_cvsd_025, rtol=1e-5)
    # glmnet(...)$relaxed at the 6th lambda: intercept, then the 8 coefficients
    glmnet_relaxed_6 = [0.85109563643087505, 0.48620812018555321, 0.51284295140841296,
                        -0.01786233226574818, 0.11302559008535235, 0.63482202377978403,
                        0.0, 0.0, 0.00477236480491667]
    assert est.relaxed_intercept_path_[5] == pytest.approx(glmnet_relaxed_6[0], abs=1e-6)
    np.testing.assert_allclose(est.relaxed_coef_path_[:, 5], glmnet_relaxed_6[1:], atol=1e-6)
    # the definition, on the stored curves
    assert _pairs_by_definition(est.alphas_, est.gammas_, est.cv_mean_, est.cv_se_) == (
        est.alpha_min_, est.gamma_min_, est.alpha_1se_, est.gamma_1se_)
    # the refit at the chosen pair is the blend of the lasso and its refit there
    i = int(np.flatnonzero(est.alphas_ == est.alpha_)[0])
    np.testing.assert_allclose(
        est.coef_, 0.25 * est.coef_path_[:, i] + 0.75 * est.relaxed_coef_path_[:, i])
    single = RelaxedLasso(alpha=est.alpha_, gamma=est.gamma_, **TIGHT).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(est.coef_, single.coef_, atol=1e-8)
    assert est.intercept_ == pytest.approx(single.intercept_, abs=1e-8)


def test_pair_ties_prefer_the_largest_alpha_then_gamma():
    mean = np.array([[3.0, 1.5, 1.0, 2.0],   # gamma 0
                     [3.0, 1.4, 1.2, 2.0],   # gamma 0.5
                     [3.0, 2.0, 1.0, 2.0]])  # gamma 1
    se = np.full_like(mean, 0.6)
    (g_min, i_min), (g_1se, i_1se) = _relaxed._choose_pair(mean, se)
    assert (g_min, i_min) == (2, 2)  # tie at alpha index 2: the largest gamma
    assert (g_1se, i_1se) == (1, 1)  # within 1.6 at alpha index 1: gammas 0 and 0.5
    alphas, gammas = np.array([4.0, 3.0, 2.0, 1.0]), np.array([0.0, 0.5, 1.0])
    assert _pairs_by_definition(alphas, gammas, mean, se) == (2.0, 1.0, 3.0, 0.5)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_dense_equals_sparse_and_float32(fmt):
    X, y = _problem(seed=5)
    X[np.abs(X) < 0.7] = 0.0
    folds = KFold(3, shuffle=True, random_state=0)
    kw = dict(alphas=15, cv=folds, gammas=[0, 0.5, 1], **TIGHT)
    dense = RelaxedLassoCV(**kw).fit(X, y)
    sparse = RelaxedLassoCV(**kw).fit(sp.csr_matrix(X).asformat(fmt), y)
    np.testing.assert_allclose(sparse.mse_path_, dense.mse_path_, rtol=1e-9)
    np.testing.assert_allclose(sparse.relaxed_coef_path_, dense.relaxed_coef_path_, atol=1e-9)
    assert (sparse.alpha_, sparse.gamma_) == (dense.alpha_, dense.gamma_)
    np.testing.assert_allclose(sparse.predict(sp.csr_matrix(X)), dense.predict(X), atol=1e-8)
    one = RelaxedLasso(alpha=dense.alpha_, gamma=0.5, **TIGHT)
    np.testing.assert_allclose(one.fit(sp.csr_matrix(X).asformat(fmt), y).coef_,
                               one.fit(X, y).coef_, atol=1e-9)
    f32 = RelaxedLasso(alpha=dense.alpha_).fit(X.astype(np.float32), y.astype(np.float32))
    assert f32.coef_.dtype == f32.relaxed_coef_.dtype == np.float32
    np.testing.assert_allclose(f32.coef_, one.set_params(gamma=0.0).fit(X, y).coef_,
                               rtol=1e-3, atol=1e-4)
    f32cv = RelaxedLassoCV(**kw).fit(X.astype(np.float32), y)
    assert f32cv.coef_.dtype == np.float32 and f32cv.relaxed_coef_path_.dtype == np.float32


def test_integer_weights_equal_repeated_rows():
    X, y = _problem(seed=6, n=40, p=10)
    sw = np.random.RandomState(1).randint(0, 3, size=40).astype(float)
    Xr, yr = np.repeat(X, sw.astype(int), axis=0), np.repeat(y, sw.astype(int))
    a = RelaxedLasso(alpha=0.1, gamma=0.3, **TIGHT).fit(X, y, sample_weight=sw)
    r = RelaxedLasso(alpha=0.1, gamma=0.3, **TIGHT).fit(Xr, yr)
    np.testing.assert_allclose(a.coef_, r.coef_, atol=1e-8)
    assert a.intercept_ == pytest.approx(r.intercept_, abs=1e-8)
    # the refits along the path do not depend on the folds
    kw = dict(alphas=np.geomspace(1.0, 0.01, 8), cv=KFold(2), **TIGHT)
    a = RelaxedLassoCV(**kw).fit(X, y, sample_weight=sw)
    r = RelaxedLassoCV(**kw).fit(Xr, yr)
    np.testing.assert_allclose(a.relaxed_coef_path_, r.relaxed_coef_path_, atol=1e-8)
    np.testing.assert_allclose(a.relaxed_intercept_path_, r.relaxed_intercept_path_, atol=1e-8)


def test_threads_equal_serial_and_predict_along_the_path():
    X, y = _problem(seed=7)
    a = RelaxedLassoCV(alphas=10, cv=3, n_jobs=1).fit(X, y)
    b = RelaxedLassoCV(alphas=10, cv=3, n_jobs=2).fit(X, y)
    np.testing.assert_array_equal(a.mse_path_, b.mse_path_)
    k = 4
    np.testing.assert_allclose(
        a.predict(X, alpha=a.alphas_[k], gamma=0.5),
        X @ (0.5 * a.coef_path_[:, k] + 0.5 * a.relaxed_coef_path_[:, k])
        + 0.5 * (a.intercept_path_[k] + a.relaxed_intercept_path_[k]))
    np.testing.assert_allclose(a.predict(X, gamma=a.gamma_), a.predict(X))
    with pytest.raises(ValueError, match="range"):
        a.predict(X, alpha=10 * a.alphas_[0])


def test_one_aggregated_convergence_warning():
    X, y = _problem(seed=8)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        RelaxedLassoCV(cv=3, alphas=8, max_iter=1, tol=1e-14).fit(X, y)
    conv = [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    assert len(conv) == 1 and "did not converge" in str(conv[0].message)


def test_bad_parameters_raise():
    X, y = _problem(n=30, p=5)
    for gamma in (-0.1, 1.5, np.nan, "0", True):
        with pytest.raises(ValueError, match="gamma"):
            RelaxedLasso(gamma=gamma).fit(X, y)
    with pytest.raises(ValueError, match="gamma"):
        RelaxedLasso().fit(X, y).predict(X, gamma=2.0)
    for gammas in ([], [0.5, 1.2], [-1], "a", [[0.1, np.nan]]):
        with pytest.raises(ValueError, match="gammas"):
            RelaxedLassoCV(gammas=gammas).fit(X, y)
    with pytest.raises(ValueError, match="alpha must be"):
        RelaxedLasso(alpha=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="alpha_selection"):
        RelaxedLassoCV(alpha_selection="best").fit(X, y)
    with pytest.raises(ValueError, match="eps"):
        RelaxedLassoCV(eps=0).fit(X, y)
    with pytest.raises(ValueError, match="lower_bounds"):
        RelaxedLasso(lower_bounds=1.0, upper_bounds=0.0).fit(X, y)


def test_docstring_examples(monkeypatch):
    # the examples import from the public module (exports added by the lead)
    monkeypatch.setattr(slm, "RelaxedLasso", RelaxedLasso, raising=False)
    monkeypatch.setattr(slm, "RelaxedLassoCV", RelaxedLassoCV, raising=False)
    result = doctest.testmod(_relaxed, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8 and result.failed == 0


def _expected_failures(estimator):
    return {}


@parametrize_with_checks([RelaxedLasso(alpha=0.1), RelaxedLassoCV(alphas=5, cv=3)],
                         expected_failed_checks=_expected_failures)
def test_scikit_learn_compatible(estimator, check):
    check(estimator)
