"""SparsePoissonRegressor, poisson_path, poisson_alpha_max against independent references.

Objective, with ``s_i`` the sample weights and ``S = sum_i s_i``::

    (1/S) sum_i s_i (exp(x_i.beta + b) - y_i (x_i.beta + b))
        + alpha * [l1_ratio sum_j pf_j |beta_j| + (1 - l1_ratio)/2 sum_j pf_j beta_j^2]

(with ``groups``: ``(1 - l1_ratio) sum_g w_g ||beta_g||_2`` instead of the L2 term).
References written here from that definition: the objective, the gradient
of the datafit and the KKT conditions; scikit-learn's ``PoissonRegressor``
(the L2 penalty, ``l1_ratio=0``, at the same alpha) and R's
``glmnet(family="poisson")`` where installed.  The real counts: the length
of the longest run of capital letters in each spambase e-mail, explained by
its 54 word and character frequencies.
"""

import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import linear_model as sklm
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import mean_poisson_deviance
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from _glmnet_r import glmnet_path, missing  # tests/ is on sys.path (pyproject: pythonpath)
from sparselearn.linear_model import (SparsePoissonRegressor, SparsePoissonRegressorCV,
                                      poisson_alpha_max, poisson_path)

TIGHT = dict(tol=1e-11, max_iter=200)


@pytest.fixture(scope="module")
def counts(load_shared):
    """spambase: log1p of the 54 frequencies, standardized; y = capital_run_length_longest."""
    X, _ = load_shared("spambase")
    X = np.asarray(X, dtype=np.float64)
    F = np.log1p(X[:, :54])
    F = (F - F.mean(axis=0)) / F.std(axis=0)
    return np.asfortranarray(F), X[:, 55].copy()


@pytest.fixture(scope="module")
def small(counts):
    """600 rows of the counts (fast enough for many fits)."""
    X, y = counts
    rows = np.random.default_rng(0).choice(X.shape[0], 600, replace=False)
    return np.asfortranarray(X[rows]), y[rows]


def objective(X, y, beta, b, alpha, l1_ratio=1.0, pf=None, sw=None):
    s = np.ones(y.size) if sw is None else sw
    pf = np.ones(beta.size) if pf is None else pf
    eta = X @ beta + b
    fit = s @ (np.exp(eta) - y * eta) / s.sum()
    return fit + alpha * (l1_ratio * pf @ np.abs(beta) + 0.5 * (1 - l1_ratio) * pf @ beta ** 2)


def gradient(X, y, beta, b, sw=None):
    """Gradient of the datafit in beta and in the intercept."""
    s = np.ones(y.size) if sw is None else sw
    r = s * (np.exp(X @ beta + b) - y) / s.sum()
    return np.asarray(X.T @ r).ravel(), float(r.sum())


def assert_kkt(X, y, est, alpha, l1_ratio=1.0, pf=None, sw=None, atol=None):
    """The optimality conditions, to the accuracy the reported duality gap implies.

    A gap ``g`` bounds the violation of the optimality conditions by about
    ``sqrt(2 g L)``, ``L`` the largest curvature of the datafit (here about
    the mean count times the features' correlation): the default ``atol``
    is twice that (with ``g`` at least the rounding of the objective).
    """
    beta, b = est.coef_.astype(np.float64), est.intercept_
    if atol is None:
        s = np.ones(y.size) if sw is None else sw
        mu = np.exp(X @ beta + b)
        Xc = np.c_[X, np.ones(y.size)] if est.fit_intercept else X
        L = np.linalg.eigvalsh(Xc.T @ (Xc * (s * mu / s.sum())[:, None]))[-1]
        g = max(est.dual_gap_, 1e-15 * float(np.mean(y) * np.log(np.mean(y) + 2)))
        atol = 2.0 * np.sqrt(2.0 * g * L)
    pf = np.ones(beta.size) if pf is None else pf
    g, g0 = gradient(X, y, beta, b, sw)
    g = g + alpha * (1 - l1_ratio) * pf * beta  # the smooth part of the penalty
    a = alpha * l1_ratio * pf
    nz = beta != 0
    np.testing.assert_allclose(g[nz], -a[nz] * np.sign(beta[nz]), atol=atol)
    assert np.all(np.abs(g[~nz]) <= a[~nz] + atol)
    if est.fit_intercept:
        assert abs(g0) <= atol


# ============================================================================ oracles
@pytest.mark.parametrize("alpha", [1.0, 0.05, 1e-3])
@pytest.mark.parametrize("weighted", [False, True])
def test_ridge_matches_sklearn_poisson_regressor(small, alpha, weighted):
    X, y = small
    sw = np.random.default_rng(1).uniform(0.5, 2.0, y.size) if weighted else None
    ours = SparsePoissonRegressor(alpha=alpha, l1_ratio=0.0, **TIGHT).fit(X, y, sample_weight=sw)
    ref = sklm.PoissonRegressor(alpha=alpha, solver="newton-cholesky", tol=1e-12,
                                max_iter=1000).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-5, atol=1e-6)
    assert ours.intercept_ == pytest.approx(ref.intercept_, abs=1e-6)
    # the gap certifies our objective to within itself of the optimum (ref's or better)
    assert objective(X, y, ours.coef_, ours.intercept_, alpha, 0.0, sw=sw) <= objective(
        X, y, ref.coef_, ref.intercept_, alpha, 0.0, sw=sw) + ours.dual_gap_ + 1e-12


def test_unpenalized_matches_sklearn(small):
    X, y = small
    ours = SparsePoissonRegressor(alpha=0.0, **TIGHT).fit(X, y)
    ref = sklm.PoissonRegressor(alpha=0.0, solver="newton-cholesky", tol=1e-12,
                                max_iter=1000).fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-5, atol=1e-6)
    assert ours.intercept_ == pytest.approx(ref.intercept_, abs=1e-6)


@pytest.mark.skipif(missing() is not None, reason=str(missing()))
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_matches_glmnet_poisson(counts, l1_ratio):
    X, y = counts
    amax = poisson_alpha_max(X, y, l1_ratio=l1_ratio)
    lams = amax * np.array([0.2, 0.05, 0.01])
    ref = glmnet_path(X, y, lams, family="poisson", l1_ratio=l1_ratio, thresh=1e-14)
    for k, lam in enumerate(lams):
        est = SparsePoissonRegressor(alpha=lam, l1_ratio=l1_ratio, **TIGHT).fit(X, y)
        np.testing.assert_allclose(est.coef_, ref["coef"][:, k], atol=1e-5)
        assert est.intercept_ == pytest.approx(ref["intercept"][k], abs=1e-5)
        # both minimize the same objective: ours is within its gap of glmnet's or lower
        assert objective(X, y, est.coef_, est.intercept_, lam, l1_ratio) <= objective(
            X, y, ref["coef"][:, k], ref["intercept"][k], lam, l1_ratio) + est.dual_gap_ + 1e-12


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
@pytest.mark.parametrize("fmt", ["dense", "csr", "csc"])
def test_kkt_conditions(counts, fit_intercept, l1_ratio, fmt):
    X, y = counts
    Xf = X if fmt == "dense" else getattr(sp, f"{fmt}_matrix")(X)
    alpha = 0.02 * poisson_alpha_max(X, y, l1_ratio=l1_ratio, fit_intercept=fit_intercept)
    # without an intercept the models' working responses carry eta (about 4)
    # and their gaps are rounded at a coarser level: tol=1e-11 is out of reach
    tol = 1e-11 if fit_intercept else 1e-8
    est = SparsePoissonRegressor(alpha=alpha, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
                                 tol=tol, max_iter=200).fit(Xf, y)
    assert 0 < np.count_nonzero(est.coef_) < X.shape[1]
    assert_kkt(X, y, est, alpha, l1_ratio)
    if not fit_intercept:
        assert est.intercept_ == 0.0


def test_unreachable_tolerance_stops_early_with_a_warning(counts):
    """A gap below what the quadratic models resolve: no step moves the point,
    so the solver stops (not after max_iter) and says which gap it reached."""
    X, y = counts
    alpha = 0.02 * poisson_alpha_max(X, y, fit_intercept=False)
    good = SparsePoissonRegressor(alpha=alpha, fit_intercept=False, tol=1e-8).fit(X, y)
    with pytest.warns(ConvergenceWarning, match="duality gap"):
        est = SparsePoissonRegressor(alpha=alpha, fit_intercept=False, tol=1e-15,
                                     max_iter=500).fit(X, y)
    assert est.n_iter_ < 100
    assert 0 < est.dual_gap_ <= good.dual_gap_ + 1e-12
    f = objective(X, y, est.coef_, 0.0, alpha)
    assert f <= objective(X, y, good.coef_, 0.0, alpha) + 1e-12


def test_separating_feature_gives_a_bounded_near_optimal_answer():
    """A feature non-zero only where y = 0 has no finite unpenalized optimum (its
    coefficient tends to -inf). The fit must stay finite, and its objective must be
    within the tolerance of the infimum: the model of the other rows alone
    (scikit-learn's unpenalized PoissonRegressor on them)."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 3))
    X[:, 0] = (np.arange(200) < 60).astype(float)
    y = rng.poisson(np.exp(0.8 + 0.3 * X[:, 1])).astype(float)
    y[:60] = 0.0
    rest = X[:, 0] == 0
    ref = sklm.PoissonRegressor(alpha=0.0, solver="newton-cholesky", tol=1e-12,
                                max_iter=1000).fit(X[rest, 1:], y[rest])
    eta = X[rest, 1:] @ ref.coef_ + ref.intercept_
    infimum = np.sum(np.exp(eta) - y[rest] * eta) / y.size
    for tol in (1e-4, 1e-8):
        est = SparsePoissonRegressor(alpha=0.0, tol=tol, max_iter=500).fit(X, y)
        assert np.all(np.isfinite(est.coef_)) and np.isfinite(est.intercept_)
        assert est.coef_[0] < -5  # heading to -inf, as it should
        f = objective(X, y, est.coef_, est.intercept_, 0.0)
        assert infimum <= f <= infimum + tol * _tol_unit(X, y) + 1e-12


def test_duality_gap_bounds_the_suboptimality(counts):
    X, y = counts
    alpha = 0.01 * poisson_alpha_max(X, y)
    best = SparsePoissonRegressor(alpha=alpha, **TIGHT).fit(X, y)
    f_best = objective(X, y, best.coef_, best.intercept_, alpha)
    for tol in [1e-2, 1e-4, 1e-6]:
        est = SparsePoissonRegressor(alpha=alpha, tol=tol).fit(X, y)
        f = objective(X, y, est.coef_, est.intercept_, alpha)
        assert 0 <= est.dual_gap_
        assert f - f_best <= est.dual_gap_ + 1e-12
        assert est.dual_gap_ <= tol * _tol_unit(X, y)  # converged, in the documented unit


def _tol_unit(X, y):
    """Half the mean deviance of the intercept-only model: the unit of ``tol``."""
    mu = y.mean()
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(y > 0, y * np.log(y / mu), 0.0)
    return float(np.mean(t - y + mu))


# ============================================================================ alpha_max, path
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_alpha_max(small, fit_intercept):
    X, y = small
    amax = poisson_alpha_max(X, y, fit_intercept=fit_intercept)
    # by hand: the gradient at the null model
    b = np.log(y.mean()) if fit_intercept else 0.0
    g, _ = gradient(X, y, np.zeros(X.shape[1]), b)
    assert amax == pytest.approx(np.abs(g).max(), rel=1e-10)
    at = SparsePoissonRegressor(alpha=amax, fit_intercept=fit_intercept).fit(X, y)
    assert not at.coef_.any()
    below = SparsePoissonRegressor(alpha=0.99 * amax, fit_intercept=fit_intercept).fit(X, y)
    assert np.count_nonzero(below.coef_) >= 1


def test_alpha_max_with_unpenalized_features(small):
    X, y = small
    pf = np.ones(X.shape[1])
    pf[:3] = 0.0
    amax = poisson_alpha_max(X, y, penalty_factor=pf)
    est = SparsePoissonRegressor(alpha=amax, penalty_factor=pf, **TIGHT).fit(X, y)
    assert not est.coef_[3:].any() and est.coef_[:3].all()
    assert_kkt(X, y, est, amax, pf=pf)
    # a smaller alpha frees a penalized one
    assert SparsePoissonRegressor(alpha=0.9 * amax, penalty_factor=pf).fit(X, y).coef_[3:].any()


def test_path_points_equal_single_fits(small):
    X, y = small
    alphas, coefs, gaps, n_iter, icpts = poisson_path(
        X, y, n_alphas=8, eps=1e-2, tol=1e-10, return_n_iter=True, return_intercept=True)
    assert coefs.shape == (X.shape[1], 8) and icpts.shape == (8,) and n_iter.shape == (8,)
    assert np.all(np.diff(alphas) < 0) and not coefs[:, 0].any()
    for k in (2, 5, 7):
        est = SparsePoissonRegressor(alpha=alphas[k], tol=1e-10).fit(X, y)
        np.testing.assert_allclose(coefs[:, k], est.coef_, atol=1e-6)
        assert icpts[k] == pytest.approx(est.intercept_, abs=1e-6)
        assert gaps[k] >= 0


# ============================================================================ inputs
def test_dense_equals_sparse_and_float32(small):
    X, y = small
    alpha = 0.01 * poisson_alpha_max(X, y)
    dense = SparsePoissonRegressor(alpha=alpha, **TIGHT).fit(X, y)
    for Xs in (sp.csr_matrix(X), sp.csc_matrix(X), np.ascontiguousarray(X)):
        other = SparsePoissonRegressor(alpha=alpha, **TIGHT).fit(Xs, y)
        np.testing.assert_allclose(other.coef_, dense.coef_, atol=1e-8)
    f32 = SparsePoissonRegressor(alpha=alpha, tol=1e-6).fit(X.astype(np.float32), y)
    assert f32.coef_.dtype == np.float32
    np.testing.assert_allclose(f32.coef_, dense.coef_, atol=1e-4)
    assert f32.predict(X.astype(np.float32)).shape == y.shape


def test_integer_weights_equal_repeated_rows(small):
    X, y = small
    rep = np.random.default_rng(2).integers(0, 4, y.size)
    alpha = 0.02 * poisson_alpha_max(X, y)
    w = SparsePoissonRegressor(alpha=alpha, **TIGHT).fit(X, y, sample_weight=rep)
    r = SparsePoissonRegressor(alpha=alpha, **TIGHT).fit(np.repeat(X, rep, axis=0),
                                                         np.repeat(y, rep))
    np.testing.assert_allclose(w.coef_, r.coef_, atol=1e-8)
    assert w.intercept_ == pytest.approx(r.intercept_, abs=1e-8)


def test_caller_arrays_not_mutated(small):
    X, y = small
    X0, y0 = X.copy(), y.copy()
    Xr, yr = X.copy(), y.copy()
    Xr.flags.writeable = yr.flags.writeable = False
    SparsePoissonRegressor(alpha=0.1).fit(Xr, yr, sample_weight=np.ones(y.size))
    SparsePoissonRegressor(alpha=0.1).fit(X, y)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


def test_positive_and_bounds(small):
    X, y = small
    alpha = 0.01 * poisson_alpha_max(X, y)
    est = SparsePoissonRegressor(alpha=alpha, positive=True, **TIGHT).fit(X, y)
    assert np.all(est.coef_ >= 0) and est.coef_.any()
    g, g0 = gradient(X, y, est.coef_, est.intercept_)
    nz = est.coef_ > 0
    atol = 2.0 * np.sqrt(2.0 * max(est.dual_gap_, 1e-13) * 50 * X.shape[1])
    np.testing.assert_allclose(g[nz], -alpha, atol=atol)
    assert np.all(g[~nz] >= -alpha - atol)  # at the bound, only a push below zero
    box = SparsePoissonRegressor(alpha=alpha, lower_bounds=-0.05, upper_bounds=0.05,
                                 **TIGHT).fit(X, y)
    assert np.all(np.abs(box.coef_) <= 0.05 + 1e-15)


def test_groups_kkt(small):
    X, y = small
    labels = np.repeat(np.arange(6), 9)
    for l1_ratio in (0.0, 0.5):
        alpha = 0.3 * poisson_alpha_max(X, y, l1_ratio=l1_ratio, groups=labels)
        est = SparsePoissonRegressor(alpha=alpha, l1_ratio=l1_ratio, groups=labels,
                                     **TIGHT).fit(X, y)
        w = est.weights_
        g, _ = gradient(X, y, est.coef_, est.intercept_)
        a1, a2 = alpha * l1_ratio, alpha * (1 - l1_ratio)
        assert 0 < len(est.support_groups_) < 6
        for k in range(6):
            idx = labels == k
            beta = est.coef_[idx]
            # the group's gradient after the L1 part's soft thresholding
            s = np.sign(g[idx]) * np.maximum(np.abs(g[idx]) - a1, 0.0)
            if not beta.any():
                assert np.linalg.norm(s) <= a2 * w[k] + 1e-4
            else:
                nz = beta != 0
                v = g[idx][nz] + a1 * np.sign(beta[nz]) + a2 * w[k] * beta[nz] / np.linalg.norm(
                    beta)
                np.testing.assert_allclose(v, 0.0, atol=1e-4)


def test_predict_and_score(small):
    X, y = small
    est = SparsePoissonRegressor(alpha=0.01).fit(X, y)
    np.testing.assert_allclose(est.predict(X), np.exp(X @ est.coef_ + est.intercept_))
    mu = est.predict(X)

    def dev(m):
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(y > 0, y * np.log(y / m), 0.0)
        return 2 * np.sum(t - y + m)

    assert est.score(X, y) == pytest.approx(1 - dev(mu) / dev(np.full(y.size, y.mean())))
    assert est.sparse_coef_.shape == (1, X.shape[1])


@pytest.mark.parametrize("y_bad, match", [
    (lambda y: -y, "non-negative"),
    (lambda y: np.zeros_like(y), "positive y"),
    (lambda y: np.c_[y, y], "1-D|1d|column"),
])
def test_bad_targets(small, y_bad, match):
    X, y = small
    with pytest.raises(ValueError, match=match):
        SparsePoissonRegressor().fit(X, y_bad(y))


def test_bad_inputs(small):
    X, y = small
    Xn = X.copy()
    Xn[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        SparsePoissonRegressor().fit(Xn, y)
    with pytest.raises(ValueError, match="alpha"):
        SparsePoissonRegressor(alpha=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="penalty_factor"):
        SparsePoissonRegressor(penalty_factor=-np.ones(X.shape[1])).fit(X, y)
    with pytest.raises(ValueError, match="sample_weight"):
        SparsePoissonRegressor().fit(X, y, sample_weight=np.zeros(y.size))


def test_clone_pickle_pipeline_grid_search(small):
    X, y = small
    pipe = make_pipeline(StandardScaler(), SparsePoissonRegressor())
    grid = GridSearchCV(pipe, {"sparsepoissonregressor__alpha": [0.01, 0.1]}, cv=3).fit(X, y)
    best = grid.best_estimator_
    again = pickle.loads(pickle.dumps(best))
    np.testing.assert_allclose(again.predict(X), best.predict(X))
    assert clone(best[-1]).get_params()["alpha"] == best[-1].alpha


def test_warm_start_continues_from_the_previous_solution(small):
    X, y = small
    est = SparsePoissonRegressor(alpha=0.01, warm_start=True, tol=1e-10).fit(X, y)
    first = est.n_iter_
    est.fit(X, y)
    assert est.n_iter_ <= first


@pytest.mark.parametrize("model", [SparsePoissonRegressor(alpha=0.05),
                                   SparsePoissonRegressorCV(alphas=5, cv=3)])
def test_export_round_trip(small, model):
    import json

    from sparselearn.export import from_json, to_json

    X, y = small
    pipe = make_pipeline(StandardScaler(), model).fit(X, y)
    text = to_json(pipe)
    loaded = from_json(text)
    assert loaded.link == "log"
    np.testing.assert_allclose(loaded.predict(X), pipe.predict(X), rtol=1e-12)
    np.testing.assert_allclose(loaded.to_estimator().predict(X), pipe.predict(X), rtol=1e-12)
    doc = json.loads(text)
    doc["link"] = "identity"  # would predict log means
    with pytest.raises(ValueError, match="link"):
        from_json(json.dumps(doc))


def test_selectors_and_reports_follow_the_poisson_path(small):
    from sparselearn.feature_selection import SparseSelector
    from sparselearn.inspection import coef_report

    X, y = small
    sel = SparseSelector(SparsePoissonRegressor(), max_features=5).fit(X, y)
    assert sel.get_support().sum() == 5
    # the selected model is the path's: a refit at its alpha has the same support
    refit = SparsePoissonRegressor(alpha=sel.path_alpha_, tol=1e-8).fit(X, y)
    np.testing.assert_array_equal(sel.get_support(), refit.coef_ != 0)
    report = coef_report(SparsePoissonRegressor(alpha=0.2).fit(X, y), X, y)
    assert len(report.table) >= 1


# ============================================================================ cross-validation
def test_cv_reproduces_fold_errors_and_glmnet_summary(small):
    X, y = small
    folds = list(KFold(4, shuffle=True, random_state=0).split(X))
    cv = SparsePoissonRegressorCV(alphas=12, eps=1e-2, cv=folds, tol=1e-9).fit(X, y)
    assert cv.cv_path_.shape == (12, 4)
    for k, (train, test) in enumerate(folds):
        for i in (0, 5, 11):
            est = SparsePoissonRegressor(alpha=cv.alphas_[i], tol=1e-9).fit(X[train], y[train])
            ref = mean_poisson_deviance(y[test], est.predict(X[test]))
            assert cv.cv_path_[i, k] == pytest.approx(ref, rel=1e-6)
    # glmnet's cvm / cvsd: fold errors weighted by fold size, standard error over K - 1
    w = np.array([len(test) for _, test in folds], dtype=float)
    mean = cv.cv_path_ @ w / w.sum()
    se = np.sqrt(((cv.cv_path_ - mean[:, None]) ** 2 @ w / w.sum()) / (len(folds) - 1))
    np.testing.assert_allclose(cv.cv_mean_, mean)
    np.testing.assert_allclose(cv.cv_se_, se)
    i_min = int(np.argmin(mean))
    assert cv.alpha_min_ == cv.alphas_[i_min]
    assert cv.alpha_1se_ == cv.alphas_[np.flatnonzero(mean <= mean[i_min] + se[i_min])[0]]
    assert cv.alpha_1se_ >= cv.alpha_min_ and cv.alpha_ == cv.alpha_min_
    # the refit on all rows at alpha_, and predictions at any path point
    ref = SparsePoissonRegressor(alpha=cv.alpha_, tol=1e-9).fit(X, y)
    np.testing.assert_allclose(cv.coef_, ref.coef_, atol=1e-6)
    assert cv.intercept_ == pytest.approx(ref.intercept_, abs=1e-6)
    np.testing.assert_allclose(
        cv.predict(X, alpha=cv.alphas_[3]),
        np.exp(X @ cv.coef_path_[:, 3] + cv.intercept_path_[3]), rtol=1e-10)


@pytest.mark.skipif(missing() is not None, reason=str(missing()))
def test_cv_matches_cv_glmnet_poisson(small):
    """cvm, cvsd, lambda.min, lambda.1se and the refit of R's cv.glmnet(family="poisson")
    on the same fold ids and grid."""
    from sklearn.model_selection import PredefinedSplit

    from _glmnet_r import cv_glmnet

    X, y = small
    foldid = np.empty(y.size, dtype=int)
    for k, (_, test) in enumerate(KFold(5, shuffle=True, random_state=0).split(X)):
        foldid[test] = k
    cv = SparsePoissonRegressorCV(alphas=30, eps=1e-2, cv=PredefinedSplit(foldid), tol=1e-10,
                                  max_iter=500).fit(X, y)
    ref = cv_glmnet(X, y, cv.alphas_, foldid, family="poisson", thresh=1e-14)
    np.testing.assert_allclose(cv.cv_mean_, ref["cvm"], rtol=1e-5)
    np.testing.assert_allclose(cv.cv_se_, ref["cvsd"], rtol=1e-5)
    assert cv.alpha_min_ == pytest.approx(ref["lambda_min"], rel=1e-12)
    assert cv.alpha_1se_ == pytest.approx(ref["lambda_1se"], rel=1e-12)
    np.testing.assert_allclose(cv.coef_, ref["coef_min"], atol=1e-5)
    assert cv.intercept_ == pytest.approx(ref["intercept_min"], abs=1e-6)


def test_cv_1se_threads_scoring_and_l1_ratios(small):
    X, y = small
    kw = dict(alphas=10, eps=1e-2, cv=3)
    one = SparsePoissonRegressorCV(alpha_selection="1se", **kw).fit(X, y)
    assert one.alpha_ == one.alpha_1se_
    two = SparsePoissonRegressorCV(alpha_selection="1se", n_jobs=2, **kw).fit(X, y)
    np.testing.assert_array_equal(one.cv_path_, two.cv_path_)
    np.testing.assert_array_equal(one.coef_, two.coef_)
    scored = SparsePoissonRegressorCV(scoring="neg_mean_poisson_deviance", **kw).fit(X, y)
    # the same folds (KFold(3) without shuffling): the negated score is the deviance
    np.testing.assert_allclose(scored.cv_path_, one.cv_path_, rtol=1e-10)
    mix = SparsePoissonRegressorCV(l1_ratio=[0.5, 1.0], **kw).fit(X, y)
    assert mix.l1_ratio_ in (0.5, 1.0) and mix.cv_path_.shape == (2, 10, 3)


def test_coef_report_objective_and_rate_ratios(small):
    from sparselearn.inspection import coef_report

    X, y = small
    est = SparsePoissonRegressor(alpha=0.2, tol=1e-10).fit(X, y)
    report = coef_report(est, X, y)
    assert report.summary["objective"] == pytest.approx(
        objective(X, y, est.coef_, est.intercept_, 0.2), rel=1e-12)
    np.testing.assert_allclose(report.table["rate_ratio"], np.exp(report.table["coef"]))


@parametrize_with_checks([SparsePoissonRegressor(alpha=0.01),
                          SparsePoissonRegressorCV(alphas=5, cv=3)])
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
