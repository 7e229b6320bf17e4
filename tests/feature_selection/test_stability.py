"""StabilitySelection: planted supports, the error bound, brute force, groups, classifiers."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from joblib import parallel_config
from scipy.linalg import toeplitz
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from sparselearn.feature_selection import StabilitySelection
from sparselearn.feature_selection._stability import _pfer_bound, _task_draws
from sparselearn.linear_model import (ElasticNet, GroupLasso, Lasso, LassoCV, MultiTaskLasso,
                                      SparseGroupLasso, SparseLogisticRegression, lasso_path)


def _planted(seed, n=200, p=500, rho=0.5):
    """Toeplitz-correlated design (corr rho^|i-j|), 5 strong features, unit noise."""
    rng = np.random.default_rng(seed)
    L = np.linalg.cholesky(toeplitz(rho ** np.arange(p)))
    X = rng.standard_normal((n, p)) @ L.T
    true = np.array([3, 50, 100, 250, 400]) * p // 500
    beta = np.zeros(p)
    beta[true] = [2.0, -2.0, 1.5, -1.5, 1.5]
    return X, X @ beta + rng.standard_normal(n), true


def _small(seed=0, n=40, p=8):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    y = 2.0 * X[:, 0] - 1.5 * X[:, 1] + X[:, 2] + rng.standard_normal(n)
    return X, y


def _seeds(random_state, n_tasks):
    # the selector's own draw of one seed per task
    return np.random.RandomState(random_state).randint(np.iinfo(np.int32).max, size=n_tasks)


# ------------------------------------------------------------------ selection quality
@pytest.mark.parametrize("method", ["mb", "cpss"])
def test_recovers_planted_support(method):
    X, y, true = _planted(0)
    n_sub = 50 if method == "mb" else 25
    sel = StabilitySelection(n_subsamples=n_sub, alphas=30, method=method,
                             random_state=0).fit(X, y)
    np.testing.assert_array_equal(sel.get_support(indices=True), true)
    assert sel.pfer_bound_ <= 1.0
    assert 0.5 < sel.threshold_ <= 0.9
    assert np.all(sel.scores_[true] == 1.0)


@pytest.mark.parametrize("method, assumption, params", [
    ("mb", "none", dict(pfer=2.0)),
    ("cpss", "unimodal", dict(pfer=2.0)),
    ("mb", "none", dict(threshold=0.6, q=10)),  # a loose rule: many false selections
])
def test_pfer_bound_holds_over_seeds(method, assumption, params):
    """Mean number of selected null features over 20 data sets <= the mean bound."""
    false_sel, bounds, found = [], [], []
    for seed in range(20):
        rng = np.random.default_rng(seed)
        X = rng.standard_normal((100, 60))  # independent columns: exchangeable noise
        y = X[:, :3] @ np.array([1.0, -1.0, 0.8]) + 1.5 * rng.standard_normal(100)
        sel = StabilitySelection(n_subsamples=20 if method == "mb" else 10, alphas=20,
                                 method=method, assumption=assumption, random_state=seed,
                                 **params).fit(X, y)
        false_sel.append(sel.support_[3:].sum())
        found.append(sel.support_[:3].sum())
        bounds.append(sel.pfer_bound_)
    assert np.mean(false_sel) <= np.mean(bounds)
    if "pfer" in params:
        assert max(bounds) <= params["pfer"]
    assert np.mean(found) >= 2.0  # not vacuous: the signals are found


def test_bound_formulas():
    # Meinshausen-Bühlmann: q^2 / ((2 pi - 1) p)
    assert _pfer_bound(10, 1000, 0.9, "none", 50) == pytest.approx(100 / (0.8 * 1000))
    # Shah-Samworth, unimodal: pi <= 3/4 and pi > 3/4 branches, B = 50
    assert _pfer_bound(10, 1000, 0.7, "unimodal", 50) == pytest.approx(
        0.1 / (2 * (0.4 - 0.01)))
    assert _pfer_bound(10, 1000, 0.9, "unimodal", 50) == pytest.approx(
        0.1 * 4 * (0.1 + 0.01) / 1.02)
    # off the grid 1/2 + k/(2B), k >= 2, the worst-case bound applies
    worst = _pfer_bound(10, 1000, 0.51, "none", 50)
    assert _pfer_bound(10, 1000, 0.51, "unimodal", 50) == worst
    assert _pfer_bound(0, 1000, 0.6, "none", 50) == 0.0


def test_region_and_threshold_rules():
    X, y = _small(1, n=60, p=30)
    kw = dict(n_subsamples=20, alphas=15, random_state=0)
    auto = StabilitySelection(**kw).fit(X, y)
    N = auto.n_subsamples_
    k = np.searchsorted(-auto.alphas_, -auto.alpha_min_) + 1  # region length
    assert auto.alpha_min_ == auto.alphas_[k - 1]
    assert auto.q_ == auto.q_path_[k - 1]
    assert auto.pfer_bound_ <= 1.0 and auto.threshold_ <= 0.9
    # the threshold is the smallest multiple of 1/N meeting the bound
    assert _pfer_bound(auto.q_, 30, auto.threshold_ - 1 / N, "none", 20) > 1.0
    # the region is the longest one allowed
    if k < auto.alphas_.size:
        assert _pfer_bound(auto.q_path_[k], 30, 0.9, "none", 20) > 1.0
    np.testing.assert_allclose(auto.scores_, auto.stability_scores_[:, :k].max(axis=1))
    np.testing.assert_array_equal(auto.support_, auto.scores_ >= auto.threshold_ - 1e-12)

    given_thr = StabilitySelection(threshold=0.8, **kw).fit(X, y)
    assert given_thr.threshold_ == 0.8 and given_thr.pfer_bound_ <= 1.0
    given_q = StabilitySelection(q=3, **kw).fit(X, y)
    assert given_q.q_ <= 3 and given_q.pfer_bound_ <= 1.0
    both = StabilitySelection(q=5, threshold=0.6, pfer=1e-6, **kw).fit(X, y)  # pfer unused
    assert both.pfer_bound_ == pytest.approx(_pfer_bound(both.q_, 30, 0.6, "none", 20))
    with pytest.warns(UserWarning, match="nothing is selected"):
        empty = StabilitySelection(q=1e-3, **kw).fit(X, y)
    assert not empty.support_.any() and empty.alpha_min_ == np.inf


# ------------------------------------------------------------------ exactness
@pytest.mark.parametrize("method, weakness", [("mb", 1.0), ("cpss", 0.5)])
def test_scores_equal_brute_force_paths(method, weakness):
    """Every subsample's path refitted here; the nonzeros counted by hand."""
    X, y = _small(2, n=30, p=8)
    n_sub, n_alphas = 6, 8
    sel = StabilitySelection(n_subsamples=n_sub, alphas=n_alphas, method=method,
                             weakness=weakness, random_state=3).fit(X, y)
    counts = np.zeros((8, n_alphas))
    union = np.zeros(n_alphas)
    n_draws = 0
    for seed in _seeds(3, n_sub):
        draws = _task_draws(int(seed), [np.arange(30)], [15], method, weakness, 8)
        if method == "cpss":
            assert not np.intersect1d(draws[0][0], draws[1][0]).size
        for rows, w in draws:
            assert rows.size == 15
            pf = None if w is None else 1.0 / w
            _, coefs, _ = lasso_path(X[rows], y[rows], alphas=sel.alphas_, fit_intercept=True,
                                     penalty_factor=pf)
            counts += coefs != 0
            union += np.maximum.accumulate(coefs != 0, axis=1).sum(axis=0)
            n_draws += 1
    assert sel.n_subsamples_ == n_draws
    np.testing.assert_array_equal(sel.stability_scores_, counts / n_draws)
    np.testing.assert_allclose(sel.q_path_, union / n_draws)


def test_paths_equal_single_fits():
    """The warm-started path's supports are those of Lasso(alpha, penalty_factor=1/W)."""
    X, y = _small(4, n=30, p=6)
    sel = StabilitySelection(Lasso(tol=1e-10), n_subsamples=3, alphas=6, weakness=0.4,
                             random_state=7).fit(X, y)
    counts = np.zeros((6, 6))
    for seed in _seeds(7, 3):
        (rows, w), = _task_draws(int(seed), [np.arange(30)], [15], "mb", 0.4, 6)
        for k, alpha in enumerate(sel.alphas_):
            fit = Lasso(alpha=alpha, penalty_factor=1.0 / w, tol=1e-10).fit(X[rows], y[rows])
            counts[:, k] += fit.coef_ != 0
    np.testing.assert_array_equal(sel.stability_scores_, counts / 3)


def test_scores_bounded_and_monotone():
    X, y, true = _planted(1, n=100, p=60)
    sel = StabilitySelection(n_subsamples=20, alphas=20, random_state=0).fit(X, y)
    S = sel.stability_scores_
    assert S.shape == (60, 20) and np.all((S >= 0) & (S <= 1))
    np.testing.assert_allclose(S * 20, np.round(S * 20))  # multiples of 1/N
    assert np.all(np.diff(sel.q_path_) >= 0)
    assert np.all(S[true, -1] >= S[true, 0]) and np.all(S[true, -1] == 1.0)
    assert S[:, 0].mean() < S[:, -1].mean()


@pytest.mark.parametrize("backend", ["threading", "loky"])
def test_results_independent_of_n_jobs(backend):
    X, y = _small(5, n=50, p=20)
    kw = dict(n_subsamples=8, alphas=10, weakness=0.7, method="cpss", random_state=11)
    ref = StabilitySelection(n_jobs=1, **kw).fit(X, y)
    two = StabilitySelection(n_jobs=2, **kw).fit(X, y)
    with parallel_config(backend=backend, n_jobs=2):
        cfg = StabilitySelection(**kw).fit(X, y)
    for other in (two, cfg):
        np.testing.assert_array_equal(ref.stability_scores_, other.stability_scores_)
        np.testing.assert_array_equal(ref.support_, other.support_)
        assert ref.threshold_ == other.threshold_


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_equals_dense(fmt):
    rng = np.random.default_rng(6)
    X = rng.standard_normal((50, 15)) * (rng.random((50, 15)) < 0.5)
    y = X[:, 0] - 2 * X[:, 1] + 0.3 * rng.standard_normal(50)
    kw = dict(n_subsamples=10, alphas=10, random_state=0)
    dense = StabilitySelection(**kw).fit(X, y)
    sparse = StabilitySelection(**kw).fit(sp.csr_matrix(X).asformat(fmt), y)
    np.testing.assert_array_equal(dense.stability_scores_, sparse.stability_scores_)
    np.testing.assert_array_equal(dense.support_, sparse.support_)
    out = sparse.transform(sp.csr_matrix(X).asformat(fmt))
    assert sp.issparse(out)
    np.testing.assert_array_equal(out.toarray(), dense.transform(X))


# ------------------------------------------------------------------ estimators
def test_group_estimator_selects_whole_groups():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((80, 30))
    y = X[:, 0:3] @ [1.5, -1.0, 1.0] + X[:, 9:12] @ [-1.5, 1.0, 1.0] + rng.standard_normal(80)
    sel = StabilitySelection(GroupLasso(groups=3), n_subsamples=10, alphas=15,
                             weakness=0.5, random_state=0).fit(X, y)
    np.testing.assert_array_equal(sel.support_groups_, [0, 3])
    np.testing.assert_array_equal(sel.get_support(indices=True), [0, 1, 2, 9, 10, 11])
    assert sel.group_stability_scores_.shape == (10, 15)
    np.testing.assert_array_equal(sel.stability_scores_,
                                  np.repeat(sel.group_stability_scores_, 3, axis=0))
    # the sparse group lasso, with one unpenalized column (label -1) always kept
    labels = np.repeat(np.arange(10), 3)
    labels[6] = -1
    sgl = StabilitySelection(SparseGroupLasso(groups=labels, l1_ratio=0.3), n_subsamples=10,
                             alphas=15, random_state=0).fit(X, y)
    assert sgl.support_[6] and set(sgl.support_groups_) == {0, 3}
    assert sgl.group_stability_scores_.shape == (10, 15)


def test_logistic_estimator_stratified():
    rng = np.random.default_rng(8)
    X = rng.standard_normal((120, 15))
    y = np.where(X[:, 0] - X[:, 1] + 0.3 * rng.standard_normal(120) > 1.0, "yes", "no")
    sel = StabilitySelection(SparseLogisticRegression(), n_subsamples=10, alphas=10,
                             random_state=0).fit(X, y)
    np.testing.assert_array_equal(sel.get_support(indices=True), [0, 1])
    codes = (y == "yes").astype(int)
    strata = [np.flatnonzero(codes == 0), np.flatnonzero(codes == 1)]
    sizes = [s.size // 2 for s in strata]
    for rows, _ in _task_draws(1, strata, sizes, "cpss", 1.0, 15):
        assert np.bincount(codes[rows]).tolist() == sizes


def test_unpenalized_features_always_kept():
    X, y = _small(9, n=60, p=10)
    pf = np.ones(10)
    pf[7] = 0.0
    pf_before = pf.copy()
    sel = StabilitySelection(Lasso(penalty_factor=pf), n_subsamples=10, alphas=10,
                             random_state=0).fit(X, y)
    assert sel.support_[7]
    np.testing.assert_array_equal(pf, pf_before)
    # the bound counts 9 candidates
    assert sel.pfer_bound_ == pytest.approx(
        _pfer_bound(sel.q_, 9, np.ceil(sel.threshold_ * 10 - 1e-9) / 10, "none", 10))


def test_elastic_net_and_sample_weight_not_mutated():
    X, y = _small(10, n=50, p=10)
    sw = np.random.default_rng(0).uniform(0.5, 2.0, 50)
    copies = X.copy(), y.copy(), sw.copy()
    sel = StabilitySelection(ElasticNet(l1_ratio=0.7), n_subsamples=8, alphas=10,
                             random_state=0).fit(X, y, sample_weight=sw)
    for a, b in zip((X, y, sw), copies):
        np.testing.assert_array_equal(a, b)
    assert set(sel.get_support(indices=True)) >= {0, 1}
    ones = StabilitySelection(n_subsamples=8, alphas=10, random_state=0)
    np.testing.assert_allclose(ones.fit(X, y, sample_weight=np.ones(50)).stability_scores_,
                               ones.fit(X, y).stability_scores_)


def test_float32_and_pipeline_with_names():
    pd = pytest.importorskip("pandas")
    X, y = _small(11, n=60, p=20)
    df = pd.DataFrame(X.astype(np.float32), columns=[f"g{j}" for j in range(20)])
    pipe = make_pipeline(StabilitySelection(n_subsamples=10, alphas=10, random_state=0),
                         LinearRegression()).fit(df, y)
    sel = pipe[0]
    assert sel.transform(df).dtype == np.float32
    assert list(sel.get_feature_names_out()) == ["g0", "g1", "g2"]
    assert pipe.predict(df).shape == (60,)


# ------------------------------------------------------------------ validation
@pytest.mark.parametrize("params, name", [
    (dict(sample_fraction=1.0), "sample_fraction"),
    (dict(sample_fraction=0), "sample_fraction"),
    (dict(sample_fraction=0.6, method="cpss"), "sample_fraction"),
    (dict(threshold=0.5), "threshold"),
    (dict(threshold=1.2), "threshold"),
    (dict(pfer=0), "pfer"),
    (dict(pfer=-1.0), "pfer"),
    (dict(n_subsamples=0), "n_subsamples"),
    (dict(n_subsamples=2.5), "n_subsamples"),
    (dict(method="bootstrap"), "method"),
    (dict(weakness=0), "weakness"),
    (dict(q=0), "q"),
    (dict(eps=0), "eps"),
    (dict(alphas=0), "alphas"),
    (dict(alphas=[1.0, -1.0]), "alphas"),
    (dict(assumption="unimodal"), "cpss"),
    (dict(assumption="convex"), "assumption"),
])
def test_bad_parameters(params, name):
    X, y = _small()
    with pytest.raises(ValueError, match=name):
        StabilitySelection(**params).fit(X, y)


@pytest.mark.parametrize("estimator", [LassoCV(), MultiTaskLasso(), LinearRegression()])
def test_unsupported_estimator(estimator):
    X, y = _small()
    with pytest.raises(TypeError, match="estimator"):
        StabilitySelection(estimator, n_subsamples=2).fit(X, y)


# ------------------------------------------------------------------ scikit-learn API
def _expected_failed_checks(estimator):
    # Every check passes. (The two sample-weight equivalence checks pass because the
    # selection on their data is the same with weights 2 as with duplicated rows; the
    # subsamples themselves differ, so that equivalence holds only in distribution.)
    return {}


@parametrize_with_checks([StabilitySelection(n_subsamples=4, alphas=5)],
                         expected_failed_checks=_expected_failed_checks)
def test_sklearn_compatible(estimator, check):
    with warnings.catch_warnings():
        # tiny random data: "no region meets the bound" and "no features selected" are fine
        warnings.simplefilter("ignore", UserWarning)
        check(estimator)
