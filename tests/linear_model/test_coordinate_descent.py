"""Lasso, ElasticNet, MultiTaskLasso, MultiTaskElasticNet against independent references.

References: scikit-learn at a tight tolerance, the closed forms of an
orthonormal design, a brute-force L-BFGS-B solver on tiny problems, and the
optimality certificates of ``tests/_oracles.py`` (KKT conditions, a duality
gap built from the residual).  No expected value is hard-coded.

Every comparison with a reference goes through :func:`check_solution`: the
reference is certified by our own duality gap ``g_ref``, so
``P(lib) - P* <= P(lib) - P(ref) + g_ref`` is a rigorous bound on the
library's suboptimality, from which the fitted values (the loss is strongly
convex in them), the coefficients (elastic net) and the KKT residuals are
bounded in turn.
"""

import functools
import os
import threading
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sklearn import linear_model as sklm
from sklearn.exceptions import ConvergenceWarning

from sparselearn.linear_model import (
    ElasticNet,
    Lasso,
    MultiTaskElasticNet,
    MultiTaskLasso,
)
from sparselearn.linear_model._base import alpha_max

import _oracles as O  # tests/ is on sys.path (pyproject: pythonpath)

SL = {"Lasso": Lasso, "ElasticNet": ElasticNet, "MultiTaskLasso": MultiTaskLasso,
      "MultiTaskElasticNet": MultiTaskElasticNet}
SK = {"Lasso": sklm.Lasso, "ElasticNet": sklm.ElasticNet, "MultiTaskLasso": sklm.MultiTaskLasso,
      "MultiTaskElasticNet": sklm.MultiTaskElasticNet}
L1 = {"Lasso": 1.0, "ElasticNet": 0.5, "MultiTaskLasso": 1.0, "MultiTaskElasticNet": 0.5}
TIGHT = dict(tol=1e-10, max_iter=1_000_000)

# SPARSELEARN_HYPOTHESIS_EXAMPLES=500 for a longer search
HYP = settings(max_examples=int(os.environ.get("SPARSELEARN_HYPOTHESIS_EXAMPLES", "30")),
               deadline=None, derandomize=False,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.filter_too_much])


# ============================================================================ helpers
def is_mt(name):
    return name.startswith("MultiTask")


def make(name, alpha, **kw):
    """Estimator ``name`` of sparselearn with elastic-net mixing 0.5 for the EN models."""
    if name in ("ElasticNet", "MultiTaskElasticNet"):
        kw.setdefault("l1_ratio", L1[name])
    return SL[name](alpha=alpha, **kw)


def sk_reference(name, X, y, sw=None, *, alpha, fit_intercept=True, tol=1e-12,
                 max_iter=1_000_000, **kw):
    """scikit-learn's fit at a tight tolerance; the test fails if it does not converge."""
    if name in ("ElasticNet", "MultiTaskElasticNet"):
        kw.setdefault("l1_ratio", L1[name])
    if is_mt(name) and sp.issparse(X):
        X = X.toarray()  # scikit-learn's multi-task models are dense only
    # copies: scikit-learn 1.9's MultiTask* with sample_weight and no intercept
    # rescales a Fortran-ordered X in place
    X = X.copy()
    y = np.array(y, copy=True)
    ref = SK[name](alpha=alpha, fit_intercept=fit_intercept, tol=tol, max_iter=max_iter, **kw)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        ref.fit(X, y, sample_weight=sw)
    return ref


def lib_fit(est, X, y, sw=None):
    """Fit and require no ConvergenceWarning (the references converge on these problems)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        est.fit(X, y, sample_weight=sw)
    return est


def y_scale2(y, sw=None, fit_intercept=True):
    """||y_c||_w^2 / sum(w): the scale of the stopping criterion (summed over targets)."""
    y = np.asarray(y, dtype=np.float64)
    w = O.norm_weights(sw, y.shape[0])
    yc = y - (w @ y) / w.sum() if fit_intercept else y
    return O.weighted_rms(yc, sw) ** 2


def check_solution(X, y, est, ref_coef, ref_intercept, *, alpha, l1_ratio=1.0, sw=None,
                   fit_intercept=True, multitask=False, positive=False, penalty_factor=None,
                   tol=None, obj_rtol=1e-7, compare_coef=True, coef_rtol=1e-4, label=""):
    """Compare a fitted sparselearn estimator with a certified reference solution.

    Checks: objective (relative ``obj_rtol``); the reported ``dual_gap_`` is
    >= 0, below the stopping threshold and bounds the suboptimality; fitted
    values, coefficients and KKT residuals within bounds derived from the
    certified suboptimality.
    """
    kw = dict(alpha=alpha, l1_ratio=l1_ratio, sample_weight=sw, fit_intercept=fit_intercept,
              multitask=multitask, positive=positive, penalty_factor=penalty_factor)
    coef = np.asarray(est.coef_, dtype=np.float64)
    b = np.asarray(est.intercept_, dtype=np.float64)
    P_lib = O.objective(X, y, coef, b, alpha=alpha, l1_ratio=l1_ratio, sample_weight=sw,
                        penalty_factor=penalty_factor, multitask=multitask)
    P_ref, _, g_ref = O.dual_gap(X, y, ref_coef, ref_intercept, **kw)
    Y2 = y_scale2(y, sw, fit_intercept)
    eps = 1e-12 * Y2
    info = "%s P_lib=%.17g P_ref=%.17g g_ref=%.3g Y2=%.3g" % (label, P_lib, P_ref, g_ref, Y2)
    # the reference itself must be a near-optimal point (our residual dual
    # point certifies a little less than scikit-learn's internal gap claims)
    assert g_ref <= max(1e-6 * P_ref, 1e-8 * Y2) + eps, "reference not certified: " + info

    # 1. objective: not worse than the reference, and better only by as much
    # as the reference's certified gap allows
    assert P_lib - P_ref <= obj_rtol * abs(P_ref) + eps, "objective above reference: " + info
    assert P_ref - P_lib <= max(obj_rtol * abs(P_ref), g_ref) + eps, (
        "objective below the certified optimum: " + info)
    subopt = max(P_lib - P_ref + g_ref, 0.0)  # rigorous bound on P_lib - P*

    # 2. the reported duality gap, in the objective's scale
    gaps = np.atleast_1d(np.asarray(est.dual_gap_, dtype=np.float64))
    assert np.all(np.isfinite(gaps)), info
    assert gaps.min() >= -eps, "negative dual_gap_ %r: %s" % (gaps, info)
    if tol is not None:
        if y.ndim == 2 and not multitask:
            bounds = np.array([tol * y_scale2(y[:, k], sw, fit_intercept)
                               for k in range(y.shape[1])])
        else:
            bounds = np.array([tol * Y2])
        assert np.all(gaps <= bounds * (1 + 1e-6) + 1e-15 * Y2), (
            "dual_gap_ %r above the stopping threshold %r: %s" % (gaps, bounds, info))
    assert P_lib - P_ref <= gaps.sum() + eps, (
        "dual_gap_ %r does not bound the suboptimality %.3g: %s" % (gaps, P_lib - P_ref, info))

    # 3. fitted values (strong convexity of the loss in them)
    fit_lib = O.predict(X, coef, b)
    fit_ref = O.predict(X, ref_coef, ref_intercept)
    dist = O.weighted_rms(fit_lib - fit_ref, sw)
    bound = np.sqrt(2 * subopt) + np.sqrt(2 * max(g_ref, 0.0))
    if y.ndim == 2 and not multitask:
        bound *= np.sqrt(y.shape[1])
    assert dist <= bound + 1e-9 * np.sqrt(Y2) + 1e-12, (
        "fitted values differ by %.3g > %.3g: %s" % (dist, bound, info))

    # 4. coefficients
    ref_coef = np.asarray(ref_coef, dtype=np.float64)
    if l1_ratio < 1 and penalty_factor is None:
        mu = alpha * (1 - l1_ratio)  # strong convexity in beta of the ridge term
        # objectives are known to ~1e-15 Y2 (rounding): P_lib - P* <= subopt +
        # (P_ref - P*), each with that floor; a flat ridge direction (duplicate
        # columns) turns it into a visible coefficient distance
        floor = 1e-15 * Y2
        g_pos = max(g_ref, 0.0) + floor
        cbound = np.sqrt(2 * (subopt + g_pos) / mu) + np.sqrt(2 * g_pos / mu)
        if y.ndim == 2 and not multitask:
            cbound *= np.sqrt(y.shape[1])
        cd = np.linalg.norm(coef - ref_coef)
        assert cd <= cbound + 1e-9 * max(np.abs(ref_coef).max(), 1e-300), (
            "coefficients differ by %.3g > %.3g: %s" % (cd, cbound, info))
    elif compare_coef:
        np.testing.assert_allclose(coef, ref_coef, rtol=0,
                                   atol=coef_rtol * max(np.abs(ref_coef).max(), 1e-12),
                                   err_msg=info)

    # 5. KKT residuals: a gradient moves by at most rms(x_j) * rms(fit - fit*)
    scale = O.kkt_scale(X, y, sw, fit_intercept)
    viol, vint = O.kkt_violation(X, y, coef, b, alpha=alpha, l1_ratio=l1_ratio, sample_weight=sw,
                                 penalty_factor=penalty_factor, positive=positive,
                                 fit_intercept=fit_intercept, multitask=multitask)
    mu = alpha * (1 - l1_ratio)
    kkt_bound = 3 * (np.sqrt(2 * subopt / Y2) * scale + np.sqrt(2 * subopt * mu)) + 1e-9 * scale
    if y.ndim == 2 and not multitask:
        kkt_bound *= np.sqrt(y.shape[1])
    assert viol.max() <= kkt_bound, (
        "KKT violated: %.3g > %.3g at feature %d: %s"
        % (viol.max(), kkt_bound, int(np.argmax(viol)), info))
    assert vint <= 1e-9 * np.sqrt(Y2 + O.weighted_rms(y, sw) ** 2), (
        "intercept not optimal for coef_: %.3g %s" % (vint, info))
    return dict(P_lib=P_lib, P_ref=P_ref, g_ref=g_ref, subopt=subopt)


def solve_and_check(name, X, y, sw=None, *, alpha, fit_intercept=True, tol=1e-10,
                    ref_tol=1e-10, compare_coef=True, ref=None, label="", **params):
    """Fit sparselearn and scikit-learn at tight tolerances and compare."""
    est = lib_fit(make(name, alpha, fit_intercept=fit_intercept, tol=tol, max_iter=1_000_000,
                       **params), X, y, sw)
    if ref is None:
        ref_kw = {"positive": True} if params.get("positive") else {}
        ref = sk_reference(name, X, y, sw, alpha=alpha, fit_intercept=fit_intercept,
                           tol=ref_tol, **ref_kw)
    check_solution(X, y, est, ref.coef_, ref.intercept_, alpha=alpha,
                   l1_ratio=params.get("l1_ratio", L1[name]), sw=sw,
                   fit_intercept=fit_intercept, multitask=is_mt(name),
                   positive=params.get("positive", False), tol=tol,
                   compare_coef=compare_coef, label=label)
    return est, ref


# ============================================================================ real data
def _weights(n, seed=1234):
    return np.random.default_rng(seed).uniform(0.5, 2.0, n)


@functools.lru_cache(maxsize=None)
def real_data(name):
    """(X, y) of the real data sets used here, y float64."""
    if name == "leukemia":
        X, y = O.load_shared("leukemia", preprocess="standardize")
        return np.asarray(X, dtype=np.float64), y.astype(np.float64)
    if name in ("riboflavin", "prostate"):
        X, y = O.load_shared(name)
        return np.asarray(X, dtype=np.float64), y.astype(np.float64)
    if name == "news":  # binary tf-idf, columns in >= 5 documents
        from sklearn.feature_extraction.text import TfidfTransformer

        X, y = O.load_shared("news20_counts", subset="train",
                             categories=["comp.graphics", "sci.space"])
        df = np.asarray((X > 0).sum(axis=0)).ravel()
        X = TfidfTransformer().fit_transform(X[:, np.flatnonzero(df >= 5)])
        return sp.csr_matrix(X, dtype=np.float64), y.astype(np.float64)
    if name == "news_mt":  # 3 classes one-hot, columns in >= 20 documents
        from sklearn.feature_extraction.text import TfidfTransformer

        X, y = O.load_shared("news20_counts", subset="train",
                             categories=["comp.graphics", "rec.autos", "sci.space"])
        df = np.asarray((X > 0).sum(axis=0)).ravel()
        X = TfidfTransformer().fit_transform(X[:, np.flatnonzero(df >= 20)])
        return sp.csc_matrix(X, dtype=np.float64), np.eye(3)[y]
    if name == "birthwt_mt":  # targets: birth weight and the low-weight indicator
        ds = O.load_shared("birthwt_grpreg")
        low = O.load_shared("birthwt_grpreg", target="low").y
        return np.asarray(ds.X, dtype=np.float64), np.c_[ds.y, low].astype(np.float64)
    if name == "prostate_mt":  # targets: lpsa and lcavol (removed from X)
        ds = O.load_shared("prostate")
        names = list(ds.feature_names)
        j = names.index("lcavol")
        X = np.delete(np.asarray(ds.X, dtype=np.float64), j, axis=1)
        return X, np.c_[ds.y, ds.X[:, j]].astype(np.float64)
    raise KeyError(name)


# scikit-learn takes more than ~1.5 s on these (measured; the library is fast): marked slow
_HEAVY = {
    ("leukemia", "Lasso", True, False, 100), ("leukemia", "Lasso", False, False, 100),
    ("leukemia", "Lasso", False, True, 100), ("riboflavin", "Lasso", False, False, 100),
    ("news", "Lasso", True, True, 100),
    ("news_mt", "MultiTaskLasso", True, False, 100), ("news_mt", "MultiTaskLasso", True, True, 100),
    ("news_mt", "MultiTaskLasso", False, False, 100),
    ("news_mt", "MultiTaskLasso", False, True, 100),
    ("news_mt", "MultiTaskLasso", True, False, 10), ("news_mt", "MultiTaskLasso", True, True, 10),
    ("news_mt", "MultiTaskElasticNet", False, False, 100),
    ("news_mt", "MultiTaskElasticNet", False, True, 100),
}
_LIGHT_1000 = {"prostate", "birthwt_mt", "prostate_mt"}


def _real_cases(datasets, models):
    for ds in datasets:
        for model in models:
            for fi in (True, False):
                for use_sw in (False, True):
                    for div in (10, 100, 1000):
                        heavy = (div == 1000 and ds not in _LIGHT_1000) or \
                            (ds, model, fi, use_sw, div) in _HEAVY
                        marks = [pytest.mark.slow] if heavy else []
                        yield pytest.param(ds, model, fi, use_sw, div, marks=marks,
                                           id="%s-%s-%s-%s-amax/%d" % (
                                               ds, model, "intercept" if fi else "nointercept",
                                               "sw" if use_sw else "nosw", div))


@pytest.mark.parametrize("dataset,model,fit_intercept,use_sw,div", list(_real_cases(
    ["leukemia", "riboflavin", "prostate", "news"], ["Lasso", "ElasticNet"])))
def test_real_data_matches_sklearn(dataset, model, fit_intercept, use_sw, div):
    X, y = real_data(dataset)
    sw = _weights(X.shape[0]) if use_sw else None
    if sp.issparse(X):  # both sparse layouts: CSR without weights, CSC with
        X = X.tocsc() if use_sw else X.tocsr()
    l1 = L1[model]
    amax = O.alpha_max_ref(X, y, l1_ratio=l1, fit_intercept=fit_intercept, sample_weight=sw)
    # Lasso solutions on the news tf-idf design are not unique (columns with
    # identical document patterns): compare their objective and fitted values only
    solve_and_check(model, X, y, sw, alpha=amax / div, fit_intercept=fit_intercept,
                    compare_coef=dataset != "news", label=dataset)


@pytest.mark.parametrize("dataset,model,fit_intercept,use_sw,div", list(_real_cases(
    ["birthwt_mt", "prostate_mt", "news_mt"], ["MultiTaskLasso", "MultiTaskElasticNet"])))
def test_real_data_multitask_matches_sklearn(dataset, model, fit_intercept, use_sw, div):
    X, Y = real_data(dataset)
    sw = _weights(X.shape[0]) if use_sw else None
    amax = O.alpha_max_ref(X, Y, l1_ratio=L1[model], fit_intercept=fit_intercept,
                           sample_weight=sw)
    solve_and_check(model, X, Y, sw, alpha=amax / div, fit_intercept=fit_intercept,
                    compare_coef=dataset != "news_mt", label=dataset)


@pytest.mark.parametrize("dataset", ["riboflavin", "prostate"])
@pytest.mark.parametrize("model", ["Lasso", "ElasticNet"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_real_data_positive_matches_sklearn(dataset, model, fit_intercept):
    X, y = real_data(dataset)
    sw = _weights(X.shape[0])
    amax = O.alpha_max_ref(X, y, l1_ratio=L1[model], fit_intercept=fit_intercept,
                           sample_weight=sw)
    for div in (10, 50):
        solve_and_check(model, X, y, sw, alpha=amax / div, fit_intercept=fit_intercept,
                        positive=True, label="%s/%d" % (dataset, div))


@pytest.mark.parametrize("dataset", ["leukemia", "riboflavin", "prostate", "news"])
def test_real_data_alpha_max(dataset):
    X, y = real_data(dataset)
    sw = _weights(X.shape[0])
    pf = np.ones(X.shape[1])
    pf[::7] = 0.0  # some unpenalized features (least-squares fitted first)
    pf[1::7] = 2.5
    for kw in (dict(), dict(fit_intercept=False), dict(sample_weight=sw),
               dict(l1_ratio=0.3, sample_weight=sw, fit_intercept=False),
               dict(penalty_factor=pf[:X.shape[1]]) if X.shape[1] < 100 else dict(l1_ratio=0.7)):
        got = alpha_max(X, y, **kw)
        want = O.alpha_max_ref(X, y, **kw)
        assert got == pytest.approx(want, rel=1e-9), kw
        fi = kw.get("fit_intercept", True)
        est = Lasso(alpha=got, fit_intercept=fi, penalty_factor=kw.get("penalty_factor"))
        if "l1_ratio" in kw:
            est = ElasticNet(alpha=got, l1_ratio=kw["l1_ratio"], fit_intercept=fi)
        est.fit(X, y, sample_weight=kw.get("sample_weight"))
        pen = np.ones(X.shape[1], bool) if "penalty_factor" not in kw else pf[:X.shape[1]] > 0
        assert np.all(est.coef_[pen] == 0), "nonzero coefficients at alpha = alpha_max: %s" % kw
        # a tol below the suboptimality of zero (which meets a loose gap criterion)
        d0 = O.zero_suboptimality(X, y, alpha=0.99 * got, l1_ratio=kw.get("l1_ratio", 1.0),
                                  sample_weight=kw.get("sample_weight"),
                                  penalty_factor=kw.get("penalty_factor"), fit_intercept=fi)
        Y2 = y_scale2(y, kw.get("sample_weight"), fi)
        est.set_params(alpha=0.99 * got, tol=min(1e-10, 0.1 * d0 / Y2), max_iter=100_000)
        lib_fit(est, X, y, kw.get("sample_weight"))
        assert np.any(est.coef_[pen] != 0), "all zero at alpha = 0.99 alpha_max: %s" % kw


# ============================================================================ property tests
@st.composite
def problems(draw, multitask=False, weights=("none", "float", "int"), max_n=10, max_p=6):
    """A small random regression problem with degenerate cases mixed in."""
    n = draw(st.integers(2, max_n))
    p = draw(st.integers(1, max_p))
    T = draw(st.integers(2, 3)) if multitask else 0
    seed = draw(st.integers(0, 2**32 - 1))
    density = draw(st.sampled_from([1.0, 0.6, 0.3]))
    special = draw(st.sampled_from(["none", "none", "zero_col", "dup_col", "const_col",
                                    "integers", "scaled"]))
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) * (rng.random((n, p)) < density)
    if special == "zero_col":
        X[:, rng.integers(p)] = 0.0
    elif special == "dup_col" and p > 1:
        X[:, 1] = X[:, 0]
    elif special == "const_col":
        X[:, rng.integers(p)] = 2.5
    elif special == "integers":
        X = np.round(X * 2)
    elif special == "scaled":
        X = X * 10.0 ** rng.uniform(-2, 2, p)
    beta = rng.standard_normal((p, T) if T else p) * (rng.random((p, T) if T else p) < 0.6)
    noise = rng.standard_normal((n, T) if T else n)
    y = X @ beta + 0.5 * noise + rng.normal(0, 3)
    kind = draw(st.sampled_from(list(weights)))
    if kind == "float":
        sw = rng.uniform(0.1, 3.0, n)
    elif kind == "int":
        sw = rng.integers(0, 4, n).astype(np.float64)
        if sw.sum() == 0:
            sw[0] = 1.0
    else:
        sw = None
    fit_intercept = draw(st.booleans())
    frac = draw(st.sampled_from([0.9, 0.5, 0.1, 0.02]))
    amax = O.alpha_max_ref(X, y, fit_intercept=fit_intercept, sample_weight=sw)
    assume(np.isfinite(amax) and amax > 1e-8 * max(1.0, np.abs(y).max()))
    return dict(X=X, y=y, sw=sw, fit_intercept=fit_intercept, frac=frac, amax=amax)


def _sparse(X, fmt):
    return {"dense": lambda A: A, "csc": sp.csc_matrix, "csr": sp.csr_matrix,
            "csr_array": sp.csr_array, "coo": sp.coo_matrix}[fmt](X)


@HYP
@given(pb=problems(), model=st.sampled_from(["Lasso", "ElasticNet"]))
def test_property_matches_sklearn_dense_csc_csr(pb, model):
    X, y, sw, fi = pb["X"], pb["y"], pb["sw"], pb["fit_intercept"]
    alpha = pb["amax"] / L1[model] * pb["frac"]
    ref = sk_reference(model, X, y, sw, alpha=alpha, fit_intercept=fi)
    fits = {}
    for fmt in ("dense", "csc", "csr"):
        est = lib_fit(make(model, alpha, fit_intercept=fi, **TIGHT), _sparse(X, fmt), y, sw)
        r = check_solution(X, y, est, ref.coef_, ref.intercept_, alpha=alpha, l1_ratio=L1[model],
                           sw=sw, fit_intercept=fi, tol=1e-10, compare_coef=False, label=fmt)
        fits[fmt] = (O.predict(X, est.coef_, est.intercept_), r["subopt"])
    for a in ("csc", "csr"):  # the three agree with each other
        d = O.weighted_rms(fits[a][0] - fits["dense"][0], sw)
        bound = np.sqrt(2 * fits[a][1]) + np.sqrt(2 * fits["dense"][1])
        assert d <= bound + 1e-9 * np.sqrt(y_scale2(y, sw, fi)) + 1e-12, (a, d, bound)


@HYP
@given(pb=problems(multitask=True, max_p=5), model=st.sampled_from(["MultiTaskLasso",
                                                                    "MultiTaskElasticNet"]))
def test_property_multitask_matches_sklearn_dense_sparse(pb, model):
    X, Y, sw, fi = pb["X"], pb["y"], pb["sw"], pb["fit_intercept"]
    amax = O.alpha_max_ref(X, Y, fit_intercept=fi, sample_weight=sw)
    assume(amax > 0)
    alpha = amax / L1[model] * pb["frac"]
    ref = sk_reference(model, X, Y, sw, alpha=alpha, fit_intercept=fi)
    for fmt in ("dense", "csc", "csr"):
        est = lib_fit(make(model, alpha, fit_intercept=fi, **TIGHT), _sparse(X, fmt), Y, sw)
        assert est.coef_.shape == (Y.shape[1], X.shape[1])
        check_solution(X, Y, est, ref.coef_, ref.intercept_, alpha=alpha, l1_ratio=L1[model],
                       sw=sw, fit_intercept=fi, multitask=True, tol=1e-10, compare_coef=False,
                       label=fmt)


@HYP
@given(pb=problems(weights=("int",)), model=st.sampled_from(["Lasso", "ElasticNet"]),
       fmt=st.sampled_from(["dense", "csc", "csr"]))
def test_property_integer_weights_equal_repeated_rows(pb, model, fmt):
    X, y, sw, fi = pb["X"], pb["y"], pb["sw"], pb["fit_intercept"]
    alpha = pb["amax"] / L1[model] * pb["frac"]
    reps = sw.astype(int)
    Xr, yr = np.repeat(X, reps, axis=0), np.repeat(y, reps)
    assume(Xr.shape[0] >= 2)
    ref = sk_reference(model, Xr, yr, alpha=alpha, fit_intercept=fi)
    a = lib_fit(make(model, alpha, fit_intercept=fi, **TIGHT), _sparse(X, fmt), y, sw)
    b = lib_fit(make(model, alpha, fit_intercept=fi, **TIGHT), _sparse(Xr, fmt), yr)
    ra = check_solution(X, y, a, ref.coef_, ref.intercept_, alpha=alpha, l1_ratio=L1[model],
                        sw=sw, fit_intercept=fi, tol=1e-10, compare_coef=False, label="weighted")
    rb = check_solution(Xr, yr, b, ref.coef_, ref.intercept_, alpha=alpha, l1_ratio=L1[model],
                        fit_intercept=fi, tol=1e-10, compare_coef=False, label="repeated")
    assert abs(ra["P_lib"] - rb["P_lib"]) <= 1e-7 * ra["P_ref"] + 1e-12 * y_scale2(y, sw, fi)
    # same fitted values on the rows that carry weight
    d = O.weighted_rms(O.predict(X, a.coef_, a.intercept_) - O.predict(X, b.coef_, b.intercept_),
                       sw)
    bound = np.sqrt(2 * ra["subopt"]) + np.sqrt(2 * rb["subopt"])
    assert d <= bound + 1e-9 * np.sqrt(y_scale2(y, sw, fi)) + 1e-12


@HYP
@given(pb=problems(), model=st.sampled_from(["Lasso", "ElasticNet", "MultiTaskLasso"]),
       fmt=st.sampled_from(["dense", "csc"]))
def test_property_float32_close_to_float64(pb, model, fmt):
    X, y, sw, fi = pb["X"], pb["y"], pb["sw"], pb["fit_intercept"]
    if is_mt(model):
        y = np.c_[y, y[::-1]]
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    X64, y64 = X32.astype(np.float64), y32.astype(np.float64)  # the same problem exactly
    assume(np.all(np.abs(X) < 1e3) and np.all(np.abs(X[X != 0]) > 1e-3))
    amax = O.alpha_max_ref(X64, y64, fit_intercept=fi, sample_weight=sw)
    assume(amax > 1e-6)
    alpha = amax / L1[model] * max(pb["frac"], 0.1)
    est = make(model, alpha, fit_intercept=fi, tol=1e-5, max_iter=100_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # float32 may not certify 1e-5
        est.fit(_sparse(X32, fmt), y32, sample_weight=sw)
    assert est.coef_.dtype == np.float32
    assert est.predict(_sparse(X32, fmt)).dtype == np.float32
    ref = sk_reference(model, X64, y64, sw, alpha=alpha, fit_intercept=fi)
    P32 = O.objective(X64, y64, est.coef_, est.intercept_, alpha=alpha, l1_ratio=L1[model],
                      sample_weight=sw, multitask=is_mt(model))
    P_ref, _, g_ref = O.dual_gap(X64, y64, ref.coef_, ref.intercept_, alpha=alpha,
                                 l1_ratio=L1[model], sample_weight=sw, fit_intercept=fi,
                                 multitask=is_mt(model))
    Y2 = y_scale2(y64, sw, fi)
    assert P32 - P_ref <= 1e-4 * Y2, "float32 fit far from optimal: %g vs %g" % (P32, P_ref)
    sub = max(P32 - P_ref + g_ref, 0)
    d = O.weighted_rms(O.predict(X64, est.coef_, est.intercept_)
                       - O.predict(X64, ref.coef_, ref.intercept_), sw)
    # the float32 predictions carry their own rounding on top of the optimization error
    rounding = 1e-5 * np.sqrt(Y2 + O.weighted_rms(y64) ** 2)
    assert d <= np.sqrt(2 * sub) + np.sqrt(2 * max(g_ref, 0)) + rounding


@HYP
@given(pb=problems(), l1_ratio=st.sampled_from([1.0, 0.5, 0.1]), with_pf=st.booleans(),
       fmt=st.sampled_from(["dense", "csc", "csr"]))
def test_property_alpha_max(pb, l1_ratio, with_pf, fmt):
    X, y, sw, fi = pb["X"], pb["y"], pb["sw"], pb["fit_intercept"]
    p = X.shape[1]
    rng = np.random.default_rng(p * 7919 + X.shape[0])
    pf = None
    if with_pf:
        pf = rng.choice([0.0, 0.5, 1.0, 3.0], size=p)
        if not np.any(pf > 0):
            pf[-1] = 1.0
    want = O.alpha_max_ref(X, y, l1_ratio=l1_ratio, fit_intercept=fi, sample_weight=sw,
                           penalty_factor=pf)
    assume(want > 1e-8)
    got = alpha_max(_sparse(X, fmt), y, l1_ratio=l1_ratio, fit_intercept=fi, sample_weight=sw,
                    penalty_factor=pf)
    assert got == pytest.approx(want, rel=1e-8, abs=1e-12)
    pen = np.ones(p, bool) if pf is None else pf > 0
    est = ElasticNet(alpha=want * (1 + 1e-8), l1_ratio=l1_ratio, fit_intercept=fi,
                     penalty_factor=pf, **TIGHT)
    lib_fit(est, _sparse(X, fmt), y, sw)
    Y2 = y_scale2(y, sw, fi)
    if pf is None:  # starting from zero, coordinate descent never leaves it
        assert np.all(est.coef_ == 0), est.coef_
    else:
        # the unpenalized least-squares fit moves the penalized coefficients
        # on the way; within the gap tolerance they need not be exact zeros
        # (see test_penalized_coefs_exactly_zero_above_alpha_max), but the
        # point is optimal within the tolerance
        P = O.objective(X, y, est.coef_, est.intercept_, alpha=est.alpha, l1_ratio=l1_ratio,
                        sample_weight=sw, penalty_factor=pf)
        b0 = np.where(pen, 0.0, est.coef_)
        Pb, _, gb = O.dual_gap(X, y, b0, est.intercept_, alpha=est.alpha, l1_ratio=l1_ratio,
                               sample_weight=sw, penalty_factor=pf, fit_intercept=fi)
        assert P <= Pb + 1e-10 * Y2 * (1 + 1e-6) + 1e-14 * Y2
    # the intercept and the unpenalized features are the least-squares fit
    viol, vint = O.kkt_violation(X, y, est.coef_, est.intercept_, alpha=est.alpha,
                                 l1_ratio=l1_ratio, sample_weight=sw, penalty_factor=pf,
                                 fit_intercept=fi)
    assert viol.max() <= 3 * np.sqrt(2e-10) * O.kkt_scale(X, y, sw, fi) + 1e-12
    assert vint <= 1e-9 * (O.weighted_rms(y, sw) + 1e-300)
    # just below alpha_max, zero is suboptimal by at least d0: a solver that
    # certifies a gap below d0 cannot return it
    d0 = O.zero_suboptimality(X, y, alpha=0.99 * want, l1_ratio=l1_ratio, sample_weight=sw,
                              penalty_factor=pf, fit_intercept=fi)
    assume(d0 > 1e-12 * Y2)
    est.set_params(alpha=want * 0.99, tol=min(1e-10, 0.1 * d0 / Y2))
    lib_fit(est, _sparse(X, fmt), y, sw)
    assert np.any(est.coef_[pen] != 0), "all penalized coefficients zero at 0.99 alpha_max"


@HYP
@given(pb=problems(multitask=True), l1_ratio=st.sampled_from([1.0, 0.4]))
def test_property_alpha_max_multitask(pb, l1_ratio):
    X, Y, sw, fi = pb["X"], pb["y"], pb["sw"], pb["fit_intercept"]
    want = O.alpha_max_ref(X, Y, l1_ratio=l1_ratio, fit_intercept=fi, sample_weight=sw)
    assume(want > 1e-8)
    assert alpha_max(X, Y, l1_ratio=l1_ratio, fit_intercept=fi, sample_weight=sw) == \
        pytest.approx(want, rel=1e-8)
    est = MultiTaskElasticNet(alpha=want * (1 + 1e-8), l1_ratio=l1_ratio, fit_intercept=fi,
                              **TIGHT)
    lib_fit(est, X, Y, sw)
    assert np.all(est.coef_ == 0)
    d0 = O.zero_suboptimality(X, Y, alpha=0.99 * want, l1_ratio=l1_ratio, sample_weight=sw,
                              fit_intercept=fi)
    Y2 = y_scale2(Y, sw, fi)
    assume(d0 > 1e-12 * Y2)
    est.set_params(alpha=want * 0.99, tol=min(1e-10, 0.1 * d0 / Y2))
    lib_fit(est, X, Y, sw)
    assert np.any(est.coef_ != 0)


# ============================================================================ closed forms
def _orth_problem(seed, n, p, sw_kind, fit_intercept, T=0):
    rng = np.random.default_rng(seed)
    sw = None if sw_kind is None else rng.uniform(0.2, 3.0, n)
    X = O.orthonormal_design(n, p, rng, sw, fit_intercept)
    shape = (p, T) if T else p
    beta = rng.standard_normal(shape) * 1.5
    y = X @ beta + 0.5 * rng.standard_normal((n, T) if T else n) + 2.0
    return X, y, sw


@pytest.mark.parametrize("model", ["Lasso", "ElasticNet"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("sw_kind", [None, "float"])
@pytest.mark.parametrize("fmt", ["dense", "csc"])
@pytest.mark.parametrize("extra", ["plain", "penalty_factor", "bounds", "positive"])
def test_orthonormal_closed_form(model, fit_intercept, sw_kind, fmt, extra):
    X, y, sw = _orth_problem(0, 40, 8, sw_kind, fit_intercept)
    z_scale = O.alpha_max_ref(X, y, fit_intercept=fit_intercept, sample_weight=sw)
    params, cf = {}, {}
    if extra == "penalty_factor":
        params["penalty_factor"] = cf["penalty_factor"] = np.array(
            [0.0, 1.0, 0.5, 2.0, 1.0, 0.0, 3.0, 1.0])
    elif extra == "bounds":
        params["lower_bounds"] = cf["lower"] = np.array([-0.5, 0.0, -np.inf, 0.3, -1, -2, -np.inf,
                                                         -0.1])
        params["upper_bounds"] = cf["upper"] = np.array([0.5, np.inf, 0.2, 4, -0.2, 2, np.inf,
                                                         0.1])
    elif extra == "positive":
        params["positive"] = cf["positive"] = True
    for frac in (0.7, 0.3, 0.05):
        alpha = frac * z_scale
        if model == "ElasticNet":
            params["l1_ratio"] = 0.5
        est = lib_fit(make(model, alpha, fit_intercept=fit_intercept, **TIGHT, **params),
                      _sparse(X, fmt), y, sw)
        coef, b = O.closed_form(X, y, alpha=alpha, l1_ratio=L1[model], sample_weight=sw,
                                fit_intercept=fit_intercept, **cf)
        sc = np.abs(coef).max() + 1.0
        np.testing.assert_allclose(est.coef_, coef, rtol=1e-7, atol=1e-8 * sc,
                                   err_msg="frac=%g" % frac)
        np.testing.assert_allclose(est.intercept_, b, rtol=1e-7, atol=1e-8 * (abs(b) + sc))
        assert np.all((coef == 0) == (est.coef_ == 0)), (coef, est.coef_)


@pytest.mark.parametrize("model", ["MultiTaskLasso", "MultiTaskElasticNet"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("sw_kind", [None, "float"])
@pytest.mark.parametrize("with_pf", [False, True])
@pytest.mark.parametrize("fmt", ["dense", "csr"])
def test_orthonormal_closed_form_multitask(model, fit_intercept, sw_kind, with_pf, fmt):
    X, Y, sw = _orth_problem(1, 30, 6, sw_kind, fit_intercept, T=3)
    pf = np.array([1.0, 0.0, 2.0, 0.5, 1.0, 1.0]) if with_pf else None
    amax = O.alpha_max_ref(X, Y, fit_intercept=fit_intercept, sample_weight=sw,
                           penalty_factor=pf)
    for frac in (0.8, 0.3, 0.05):
        alpha = frac * amax / L1[model]
        est = lib_fit(make(model, alpha, fit_intercept=fit_intercept, penalty_factor=pf, **TIGHT),
                      _sparse(X, fmt), Y, sw)
        coef, b = O.closed_form(X, Y, alpha=alpha, l1_ratio=L1[model], sample_weight=sw,
                                penalty_factor=pf, fit_intercept=fit_intercept, multitask=True)
        sc = np.abs(coef).max() + 1.0
        np.testing.assert_allclose(est.coef_, coef, rtol=1e-7, atol=1e-8 * sc)
        np.testing.assert_allclose(est.intercept_, b, rtol=1e-7, atol=1e-8 * (np.abs(b).max() + sc))
        assert np.array_equal(np.all(coef == 0, axis=0), np.all(est.coef_ == 0, axis=0))


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("sw_kind", [None, "float"])
@pytest.mark.parametrize("fmt", ["dense", "csc"])
def test_ridge_limit_l1_ratio_zero(fit_intercept, sw_kind, fmt):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((25, 6))
    X[:, 1] += X[:, 0]
    y = X @ rng.standard_normal(6) + rng.standard_normal(25) + 1
    sw = None if sw_kind is None else rng.uniform(0.3, 2, 25)
    for alpha in (10.0, 0.3, 0.01):
        est = ElasticNet(alpha=alpha, l1_ratio=0.0, fit_intercept=fit_intercept, **TIGHT)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # scikit-learn warns on l1_ratio=0
            warnings.simplefilter("error", ConvergenceWarning)
            est.fit(_sparse(X, fmt), y, sample_weight=sw)
        coef, b = O.ridge_closed_form(X, y, alpha=alpha, sample_weight=sw,
                                      fit_intercept=fit_intercept)
        np.testing.assert_allclose(est.coef_, coef, rtol=1e-5, atol=1e-6 * np.abs(coef).max())
        np.testing.assert_allclose(est.intercept_, b, rtol=1e-5, atol=1e-6 * (1 + abs(b)))


def test_alpha_zero_is_least_squares():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((40, 5))
    y = X @ rng.standard_normal(5) + rng.standard_normal(40) + 3
    est = Lasso(alpha=0.0, **TIGHT)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn warns for alpha=0; so may we
        est.fit(X, y)
    A = np.c_[X, np.ones(40)]
    sol = np.linalg.lstsq(A, y, rcond=None)[0]
    np.testing.assert_allclose(est.coef_, sol[:5], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(est.intercept_, sol[5], rtol=1e-6, atol=1e-8)


# ======================================================================= penalty factors, bounds
def _tiny(seed, n=12, p=5, intercept_shift=1.0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    X[:, 2] += 0.6 * X[:, 0]
    y = X @ rng.uniform(-2, 2, p) + 0.5 * rng.standard_normal(n) + intercept_shift
    return X, y, rng.uniform(0.2, 3.0, n)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("use_sw", [False, True])
@pytest.mark.parametrize("fmt", ["dense", "csc", "csr"])
def test_unpenalized_feature_matches_residualized_sklearn(fit_intercept, use_sw, fmt):
    """pf = [0, 1, ...]: feature 0 is partialled out, the rest is a plain lasso."""
    rng = np.random.default_rng(5)
    n, p = 40, 10
    X = rng.standard_normal((n, p))
    X[:, 0] = 3 * X[:, 0] + 1.0
    X[:, 1:4] += 0.5 * X[:, [0]]
    y = X @ rng.standard_normal(p) + rng.standard_normal(n) + 2.0
    sw = rng.uniform(0.3, 3, n) if use_sw else None
    pf = np.r_[0.0, np.ones(p - 1)]
    w = O.norm_weights(sw, n)
    s = np.sqrt(w)
    U = np.c_[s * X[:, 0], s] if fit_intercept else (s * X[:, 0])[:, None]
    Q, _ = np.linalg.qr(U)
    Xr = s[:, None] * X[:, 1:]
    Xr = Xr - Q @ (Q.T @ Xr)
    yr = s * y - Q @ (Q.T @ (s * y))
    amax = O.alpha_max_ref(X, y, fit_intercept=fit_intercept, sample_weight=sw, penalty_factor=pf)
    for div in (3, 30):
        alpha = amax / div
        ref = sk_reference("Lasso", Xr, yr, alpha=alpha, fit_intercept=False)
        beta_rest = ref.coef_
        r = y - X[:, 1:] @ beta_rest
        A = np.c_[X[:, 0], np.ones(n)] if fit_intercept else X[:, [0]]
        sol = np.linalg.lstsq(s[:, None] * A, s * r, rcond=None)[0]
        ref_coef = np.r_[sol[0], beta_rest]
        ref_b = sol[1] if fit_intercept else 0.0
        est = lib_fit(Lasso(alpha=alpha, fit_intercept=fit_intercept, penalty_factor=pf, **TIGHT),
                      _sparse(X, fmt), y, sw)
        check_solution(X, y, est, ref_coef, ref_b, alpha=alpha, sw=sw,
                       fit_intercept=fit_intercept, penalty_factor=pf, tol=1e-10,
                       label="div=%d" % div)
        viol, _ = O.kkt_violation(X, y, est.coef_, est.intercept_, alpha=alpha, sample_weight=sw,
                                  penalty_factor=pf, fit_intercept=fit_intercept)
        assert viol[0] <= 1e-6 * O.kkt_scale(X, y, sw, fit_intercept)  # gradient of x_0 is zero


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("use_sw", [False, True])
def test_penalty_factor_equals_column_rescaling(fit_intercept, use_sw):
    """Lasso: pf_j |b_j| with x_j  ==  |g_j| with x_j / pf_j, and b_j = g_j / pf_j."""
    rng = np.random.default_rng(6)
    X, y, sw = _tiny(6, n=30, p=8)
    sw = sw if use_sw else None
    c = rng.uniform(0.3, 3.0, 8)
    lo, hi = -rng.uniform(0.1, 1, 8), rng.uniform(0.1, 1, 8)
    lo[0], hi[1] = -np.inf, np.inf
    amax = O.alpha_max_ref(X, y, fit_intercept=fit_intercept, sample_weight=sw, penalty_factor=c)
    for alpha in (amax / 3, amax / 40):
        for bounds in (False, True):
            bk = dict(lower_bounds=lo, upper_bounds=hi) if bounds else {}
            bk2 = dict(lower_bounds=lo * c, upper_bounds=hi * c) if bounds else {}
            a = lib_fit(Lasso(alpha=alpha, fit_intercept=fit_intercept, penalty_factor=c, **TIGHT,
                              **bk), X, y, sw)
            b = lib_fit(Lasso(alpha=alpha, fit_intercept=fit_intercept, **TIGHT, **bk2),
                        X / c, y, sw)
            np.testing.assert_allclose(a.coef_, b.coef_ / c, rtol=1e-6,
                                       atol=1e-7 * np.abs(a.coef_).max())
            np.testing.assert_allclose(a.intercept_, b.intercept_, rtol=1e-6, atol=1e-7)
            # and both agree with the brute-force reference
            cb, bb, ob = O.brute_force(X, y, alpha=alpha, sample_weight=sw, penalty_factor=c,
                                       fit_intercept=fit_intercept,
                                       lower=lo if bounds else None, upper=hi if bounds else None)
            Pa = O.objective(X, y, a.coef_, a.intercept_, alpha=alpha, sample_weight=sw,
                             penalty_factor=c)
            assert Pa <= ob + 1e-9 * y_scale2(y, sw, fit_intercept)


_BOUND_CASES = {
    "box": (np.array([-0.5, 0.0, -np.inf, 0.3, -1.0]), np.array([0.5, np.inf, 0.2, 4.0, -0.2])),
    "scalar": (-0.4, 0.4),
    "lower_only": (np.array([0.2, -0.1, -np.inf, 0.0, -3.0]), None),
    "upper_only": (None, np.array([0.1, 0.0, np.inf, -0.5, 2.0])),
    "fixed": (np.array([0.3, -np.inf, 0.0, -np.inf, -1.0]), np.array([0.3, np.inf, 0.0, 1.0, 1.0])),
}


@pytest.mark.parametrize("case", sorted(_BOUND_CASES))
@pytest.mark.parametrize("model", ["Lasso", "ElasticNet"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("use_sw", [False, True])
@pytest.mark.parametrize("fmt", ["dense", "csc"])
def test_bounds_match_brute_force(case, model, fit_intercept, use_sw, fmt):
    X, y, sw = _tiny(7)
    sw = sw if use_sw else None
    lo, hi = _BOUND_CASES[case]
    pf = np.array([1.0, 0.0, 2.0, 1.0, 0.5])
    amax = O.alpha_max_ref(X, y, fit_intercept=fit_intercept, sample_weight=sw)
    for frac in (0.5, 0.05):
        alpha = frac * amax / L1[model]
        params = dict(lower_bounds=lo, upper_bounds=hi, penalty_factor=pf)
        if model == "ElasticNet":
            params["l1_ratio"] = 0.5
        est = lib_fit(SL[model](alpha=alpha, fit_intercept=fit_intercept, **TIGHT, **params),
                      _sparse(X, fmt), y, sw)
        cb, bb, ob = O.brute_force(X, y, alpha=alpha, l1_ratio=L1[model], sample_weight=sw,
                                   penalty_factor=pf, lower=lo, upper=hi,
                                   fit_intercept=fit_intercept)
        lo_a, hi_a = O._bounds(lo, hi, 5)
        assert np.all(est.coef_ >= lo_a) and np.all(est.coef_ <= hi_a), est.coef_
        P = O.objective(X, y, est.coef_, est.intercept_, alpha=alpha, l1_ratio=L1[model],
                        sample_weight=sw, penalty_factor=pf)
        Y2 = y_scale2(y, sw, fit_intercept)
        assert P <= ob + 1e-9 * Y2, (P, ob)
        assert P >= ob - 1e-7 * Y2, (P, ob)  # brute force is itself accurate to ~1e-9
        np.testing.assert_allclose(est.coef_, cb, rtol=0, atol=1e-4 * (np.abs(cb).max() + 1))
        viol, vint = O.kkt_violation(X, y, est.coef_, est.intercept_, alpha=alpha,
                                     l1_ratio=L1[model], sample_weight=sw, penalty_factor=pf,
                                     lower=lo, upper=hi, fit_intercept=fit_intercept)
        assert viol.max() <= 1e-5 * O.kkt_scale(X, y, sw, fit_intercept), viol
        # reported gap bounds the suboptimality w.r.t. the brute-force optimum
        assert float(est.dual_gap_) >= -1e-12 * Y2
        assert P - ob <= float(est.dual_gap_) + 1e-9 * Y2


@pytest.mark.parametrize("model", ["Lasso", "ElasticNet"])
@pytest.mark.parametrize("fmt", ["dense", "csc", "csr"])
@pytest.mark.parametrize("use_sw", [False, True])
def test_positive_matches_sklearn(model, fmt, use_sw):
    X, y, sw = _tiny(8, n=40, p=12, intercept_shift=-2)
    sw = sw if use_sw else None
    amax = O.alpha_max_ref(X, y, sample_weight=sw)
    for frac in (0.5, 0.05, 0.005):
        alpha = frac * amax / L1[model]
        est = lib_fit(make(model, alpha, positive=True, **TIGHT), _sparse(X, fmt), y, sw)
        ref = sk_reference(model, X, y, sw, alpha=alpha, positive=True)
        check_solution(X, y, est, ref.coef_, ref.intercept_, alpha=alpha, l1_ratio=L1[model],
                       sw=sw, positive=True, tol=1e-10, label="frac=%g" % frac)
        assert np.all(est.coef_ >= 0)


def test_positive_combined_with_bounds():
    """positive=True sets the lower bounds to 0 (and keeps the upper bounds)."""
    X, y, sw = _orth_problem(9, 30, 6, "float", True)
    hi = np.array([0.5, np.inf, 0.2, 1.0, np.inf, 0.05])
    alpha = 0.1 * O.alpha_max_ref(X, y, sample_weight=sw)
    est = lib_fit(Lasso(alpha=alpha, positive=True, upper_bounds=hi, lower_bounds=-1.0, **TIGHT),
                  X, y, sw)
    coef, b = O.closed_form(X, y, alpha=alpha, sample_weight=sw, lower=0.0, upper=hi)
    np.testing.assert_allclose(est.coef_, coef, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("model", ["ElasticNet", "MultiTaskElasticNet"])
def test_penalty_factor_general_matches_brute_force_or_sklearn(model):
    """Elastic net with penalty factors: KKT and objective against certified references."""
    X, y, sw = _tiny(10, n=25, p=7)
    pf = np.array([0.0, 1.0, 2.0, 0.3, 1.0, 0.0, 5.0])
    mt = is_mt(model)
    if mt:
        y = np.c_[y, X[:, 3] - y]
    amax = O.alpha_max_ref(X, y, l1_ratio=0.5, sample_weight=sw, penalty_factor=pf)
    for frac in (0.5, 0.05):
        alpha = frac * amax
        est = lib_fit(make(model, alpha, penalty_factor=pf, **TIGHT), X, y, sw)
        P, D, g = O.dual_gap(X, y, est.coef_, est.intercept_, alpha=alpha, l1_ratio=0.5,
                             sample_weight=sw, penalty_factor=pf, multitask=mt)
        Y2 = y_scale2(y, sw)
        assert g <= 1e-7 * Y2, "own duality gap too large: %g" % g
        assert float(np.max(est.dual_gap_)) >= -1e-12 * Y2
        assert float(np.max(est.dual_gap_)) <= 1e-10 * Y2 * (1 + 1e-6)
        viol, vint = O.kkt_violation(X, y, est.coef_, est.intercept_, alpha=alpha, l1_ratio=0.5,
                                     sample_weight=sw, penalty_factor=pf, multitask=mt)
        assert viol.max() <= 1e-5 * O.kkt_scale(X, y, sw)
        if not mt:
            cb, bb, ob = O.brute_force(X, y, alpha=alpha, l1_ratio=0.5, sample_weight=sw,
                                       penalty_factor=pf)
            assert P <= ob + 1e-9 * Y2
            assert P - ob <= float(est.dual_gap_) + 1e-9 * Y2


# ============================================================================ reported duality gap
@pytest.mark.parametrize("model", ["Lasso", "ElasticNet", "MultiTaskLasso", "MultiTaskElasticNet"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("use_sw", [False, True])
@pytest.mark.parametrize("max_iter", [1, 2, 5])
def test_dual_gap_bounds_suboptimality_when_stopped_early(model, fit_intercept, use_sw, max_iter):
    """Early-stopped fit: 0 <= P(coef_) - P* <= dual_gap_, in the objective's scale.

    The last check compares the reported gap with the gap of the standard dual
    point (the rescaled residual, as in scikit-learn): a correct dual point in
    the objective's scale is not an order of magnitude worse than that one.
    """
    rng = np.random.default_rng(11)
    n, p = 50, 30
    X = rng.standard_normal((n, p)) + 0.8 * rng.standard_normal((n, 1))  # correlated columns
    y = X[:, :6] @ rng.standard_normal(6) + rng.standard_normal(n) + 1
    if is_mt(model):
        y = np.c_[y, X[:, 7] - y]
    sw = rng.uniform(0.2, 3, n) if use_sw else None
    alpha = O.alpha_max_ref(X, y, fit_intercept=fit_intercept, sample_weight=sw) / 50 / L1[model]
    est = make(model, alpha, fit_intercept=fit_intercept, tol=1e-14, max_iter=max_iter)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.fit(X, y, sample_weight=sw)
    ref = sk_reference(model, X, y, sw, alpha=alpha, fit_intercept=fit_intercept)
    kw = dict(alpha=alpha, l1_ratio=L1[model], sample_weight=sw, fit_intercept=fit_intercept,
              multitask=is_mt(model))
    P_lib, D_mine, g_mine = O.dual_gap(X, y, est.coef_, est.intercept_, **kw)
    P_ref, _, g_ref = O.dual_gap(X, y, ref.coef_, ref.intercept_, **kw)
    Y2 = y_scale2(y, sw, fit_intercept)
    gap = float(np.sum(est.dual_gap_))
    assert gap >= -1e-12 * Y2
    assert P_lib - P_ref <= gap + 1e-12 * Y2, (P_lib - P_ref, gap)
    # scale: the gap is of the objective's order, not n_samples (or sum(w)) times it
    assert gap <= 10 * max(g_mine, 1e-12 * Y2) + 1e-12 * Y2, (gap, g_mine)


# ============================================================================ solver options
def _medium(seed=12, n=60, p=80):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) + 0.7 * rng.standard_normal((n, 1))
    k = min(8, p)
    y = X[:, :k] @ rng.standard_normal(k) + 0.5 * rng.standard_normal(n)
    return X, y


@pytest.mark.parametrize("model", ["Lasso", "ElasticNet", "MultiTaskLasso"])
def test_warm_start_reuses_coef(model):
    X, y = _medium()
    if is_mt(model):
        y = np.c_[y, y + X[:, 10]]
    amax = O.alpha_max_ref(X, y) / L1[model]
    a1, a2 = amax / 30, amax / 35
    cold1 = lib_fit(make(model, a1, tol=1e-10, max_iter=100_000), X, y)
    cold2 = lib_fit(make(model, a2, tol=1e-10, max_iter=100_000), X, y)
    warm = lib_fit(make(model, a1, tol=1e-10, max_iter=100_000, warm_start=True), X, y)
    coef1 = warm.coef_.copy()
    tol_c = 1e-4 * np.abs(cold1.coef_).max()  # both within a 1e-10 gap of the optimum
    np.testing.assert_allclose(coef1, cold1.coef_, rtol=0, atol=tol_c)
    # refit at the same alpha starts at the solution
    warm.fit(X, y)
    assert warm.n_iter_ < cold1.n_iter_, (warm.n_iter_, cold1.n_iter_)
    assert warm.n_iter_ <= max(2, cold1.n_iter_ // 5)
    # a nearby alpha: warm start needs no more epochs than the cold fit (the
    # gap is checked every 10 epochs, so both may stop at the same check)
    warm.set_params(alpha=a2).fit(X, y)
    assert warm.n_iter_ <= cold2.n_iter_, (warm.n_iter_, cold2.n_iter_)
    np.testing.assert_allclose(warm.coef_, cold2.coef_, rtol=0, atol=tol_c)
    # warm_start=False ignores the previous coef_ and is deterministic
    again = make(model, a1, tol=1e-10, max_iter=100_000)
    again.fit(X, y)
    assert again.n_iter_ == cold1.n_iter_
    np.testing.assert_array_equal(again.coef_, cold1.coef_)


def test_warm_start_starts_from_user_coef():
    """Setting coef_ by hand (scikit-learn pattern) is used as the start of a warm fit."""
    X, y = _medium()
    alpha = O.alpha_max_ref(X, y) / 30
    ref = lib_fit(Lasso(alpha=alpha, tol=1e-10, max_iter=100_000), X, y)
    est = Lasso(alpha=alpha, tol=1e-10, max_iter=100_000, warm_start=True)
    est.coef_ = ref.coef_.copy()
    lib_fit(est, X, y)
    assert est.n_iter_ < ref.n_iter_


@pytest.mark.parametrize("precompute", [False, True])
def test_warm_start_past_the_target_is_not_taken_for_the_optimum(precompute):
    """A start with <y, y - X w> < 0 puts the top of the rescaled dual at a
    negative scale, where the dual point is infeasible: its value must not be
    used (it exceeded the primal, a negative gap, and the fit stopped at once)."""
    X, y = _medium()
    alpha = O.alpha_max_ref(X, y) / 30
    ref = sklm.Lasso(alpha=alpha, tol=1e-12, max_iter=100_000, fit_intercept=False).fit(X, y)
    est = Lasso(alpha=alpha, tol=1e-10, max_iter=100_000, warm_start=True,
                fit_intercept=False, precompute=precompute)
    est.coef_ = 4.0 * ref.coef_
    assert y @ (y - X @ est.coef_) < 0
    lib_fit(est, X, y)
    np.testing.assert_allclose(est.coef_, ref.coef_, atol=1e-6)
    assert est.dual_gap_ >= 0


@pytest.mark.parametrize("model", ["Lasso", "ElasticNet", "MultiTaskLasso", "MultiTaskElasticNet"])
@pytest.mark.parametrize("fmt", ["dense", "csc"])
def test_random_selection_same_solution(model, fmt):
    X, y = _medium(13)
    if is_mt(model):
        y = np.c_[y, y + X[:, 10]]
    alpha = O.alpha_max_ref(X, y) / 20 / L1[model]
    a = lib_fit(make(model, alpha, **TIGHT), _sparse(X, fmt), y)
    b = lib_fit(make(model, alpha, selection="random", random_state=0, **TIGHT), _sparse(X, fmt), y)
    c = lib_fit(make(model, alpha, selection="random", random_state=0, **TIGHT), _sparse(X, fmt), y)
    d = lib_fit(make(model, alpha, selection="random", random_state=np.random.RandomState(7),
                     **TIGHT), _sparse(X, fmt), y)
    np.testing.assert_array_equal(b.coef_, c.coef_)  # reproducible
    assert b.n_iter_ == c.n_iter_
    ref = sk_reference(model, X, y, alpha=alpha)
    for est in (a, b, d):
        check_solution(X, y, est, ref.coef_, ref.intercept_, alpha=alpha, l1_ratio=L1[model],
                       multitask=is_mt(model), tol=1e-10)


@pytest.mark.parametrize("model", ["Lasso", "ElasticNet", "MultiTaskLasso", "MultiTaskElasticNet"])
@pytest.mark.parametrize("fmt", ["dense", "csc"])
def test_convergence_warning_when_stopped_early(model, fmt):
    X, y = _medium(14)
    if is_mt(model):
        y = np.c_[y, y + X[:, 10]]
    alpha = O.alpha_max_ref(X, y) / 100
    est = make(model, alpha, max_iter=1, tol=1e-12)
    with pytest.warns(ConvergenceWarning):
        est.fit(_sparse(X, fmt), y)
    assert est.n_iter_ == 1 or np.all(np.asarray(est.n_iter_) == 1)
    # a converging fit emits none
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        make(model, alpha, max_iter=100_000, tol=1e-6).fit(_sparse(X, fmt), y)


def test_n_iter_counts_epochs_and_tol_matters():
    X, y = _medium(15)
    alpha = O.alpha_max_ref(X, y) / 50
    loose = lib_fit(Lasso(alpha=alpha, tol=1e-2, max_iter=100_000), X, y)
    tight = lib_fit(Lasso(alpha=alpha, tol=1e-10, max_iter=100_000), X, y)
    assert isinstance(loose.n_iter_, (int, np.integer))
    assert 1 <= loose.n_iter_ <= tight.n_iter_
    Y2 = y_scale2(y)
    assert float(loose.dual_gap_) <= 1e-2 * Y2
    assert float(tight.dual_gap_) <= 1e-10 * Y2
    P_l = O.objective(X, y, loose.coef_, loose.intercept_, alpha=alpha)
    P_t = O.objective(X, y, tight.coef_, tight.intercept_, alpha=alpha)
    assert P_t <= P_l + 1e-12 * Y2
    assert P_l - P_t <= float(loose.dual_gap_) + 1e-12 * Y2


@pytest.mark.parametrize("fmt", ["dense", "csc"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_penalized_coefs_exactly_zero_above_alpha_max(fmt, fit_intercept):
    """With unpenalized features, alpha >= alpha_max gives exact zeros (the null model)."""
    rng = np.random.default_rng(22)
    X = rng.standard_normal((30, 6))
    X[:, 1:] += 0.8 * X[:, [0]]  # penalized features correlated with the unpenalized one
    y = 3 * X[:, 0] + rng.standard_normal(30) + 2
    pf = np.r_[0.0, np.ones(5)]
    amax = O.alpha_max_ref(X, y, fit_intercept=fit_intercept, penalty_factor=pf)
    for factor in (1.0 + 1e-6, 1.5, 10.0):
        est = lib_fit(Lasso(alpha=amax * factor, penalty_factor=pf, fit_intercept=fit_intercept,
                            **TIGHT), _sparse(X, fmt), y)
        assert np.all(est.coef_[1:] == 0), (factor, est.coef_)
        A = np.c_[X[:, 0], np.ones(30)] if fit_intercept else X[:, [0]]
        np.testing.assert_allclose(est.coef_[0], np.linalg.lstsq(A, y, rcond=None)[0][0],
                                   rtol=1e-7)


@pytest.mark.filterwarnings("ignore:Gram matrix:UserWarning")
@pytest.mark.parametrize("precompute", [True, "auto", "gram"])
def test_precompute_does_not_change_the_solution(precompute):
    X, y = _medium(21, n=80, p=10)
    alpha = O.alpha_max_ref(X, y) / 20
    if precompute == "gram":
        Xc = X - X.mean(axis=0)
        precompute = Xc.T @ Xc
    base = lib_fit(Lasso(alpha=alpha, precompute=False, **TIGHT), X, y)
    est = lib_fit(Lasso(alpha=alpha, precompute=precompute, **TIGHT), X, y)
    ref = sk_reference("Lasso", X, y, alpha=alpha)
    check_solution(X, y, est, ref.coef_, ref.intercept_, alpha=alpha, tol=1e-10)
    np.testing.assert_allclose(est.coef_, base.coef_, rtol=1e-6, atol=1e-9)


# ============================================================================ targets
def test_multitask_rejects_1d_y_like_sklearn():
    X, y = _medium(16, n=20, p=5)
    for name in ("MultiTaskLasso", "MultiTaskElasticNet"):
        with pytest.raises(ValueError) as sk_err:
            SK[name]().fit(X, y)
        with pytest.raises(ValueError, match=r"(?i)mono-task") as err:
            SL[name]().fit(X, y)
        assert "mono-task" in str(sk_err.value).lower()
        assert err.type is sk_err.type


@pytest.mark.parametrize("model", ["MultiTaskLasso", "MultiTaskElasticNet"])
def test_multitask_single_column_equals_single_task(model):
    X, y = _medium(17, n=30, p=10)
    alpha = O.alpha_max_ref(X, y) / 10 / L1[model]
    mt = lib_fit(make(model, alpha, **TIGHT), X, y[:, None])
    st_model = model.replace("MultiTask", "")
    single = lib_fit(make(st_model, alpha, **TIGHT), X, y)
    assert mt.coef_.shape == (1, 10)
    np.testing.assert_allclose(mt.coef_[0], single.coef_, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(np.ravel(mt.intercept_), single.intercept_, rtol=1e-7)


@pytest.mark.parametrize("model", ["Lasso", "ElasticNet"])
@pytest.mark.parametrize("fmt", ["dense", "csc"])
@pytest.mark.parametrize("use_sw", [False, True])
def test_2d_y_fits_each_target_independently(model, fmt, use_sw):
    rng = np.random.default_rng(18)
    X = rng.standard_normal((30, 12))
    Y = np.c_[X[:, :3] @ [1, 2, 3], X[:, 3:5] @ [-1, 1], rng.standard_normal(30)] + \
        0.3 * rng.standard_normal((30, 3)) + [1, -1, 5]
    sw = rng.uniform(0.3, 2, 30) if use_sw else None
    alpha = O.alpha_max_ref(X, Y[:, 0], sample_weight=sw) / 10
    est = lib_fit(make(model, alpha, **TIGHT), _sparse(X, fmt), Y, sw)
    assert est.coef_.shape == (3, 12)
    assert np.shape(est.intercept_) == (3,)
    assert est.predict(_sparse(X, fmt)).shape == (30, 3)
    for k in range(3):
        one = lib_fit(make(model, alpha, **TIGHT), _sparse(X, fmt), Y[:, k], sw)
        np.testing.assert_allclose(est.coef_[k], one.coef_, rtol=1e-6,
                                   atol=1e-8 * (np.abs(one.coef_).max() + 1))
        np.testing.assert_allclose(est.intercept_[k], one.intercept_, rtol=1e-7, atol=1e-10)
    ref = sk_reference(model, X, Y, sw, alpha=alpha)
    check_solution(X, Y, est, ref.coef_, ref.intercept_, alpha=alpha, l1_ratio=L1[model], sw=sw,
                   tol=1e-10)


# ============================================================================ attributes
@pytest.mark.parametrize("model", ["Lasso", "ElasticNet", "MultiTaskLasso", "MultiTaskElasticNet"])
def test_fitted_attributes(model):
    X, y = _medium(19, n=30, p=15)
    if is_mt(model):
        y = np.c_[y, -y + X[:, 1]]
    alpha = O.alpha_max_ref(X, y) / 5 / L1[model]
    est = lib_fit(make(model, alpha), X, y)
    p = X.shape[1]
    assert est.coef_.shape == ((2, p) if is_mt(model) else (p,))
    assert est.n_features_in_ == p
    assert not hasattr(est, "feature_names_in_")
    assert sp.issparse(est.sparse_coef_)
    np.testing.assert_array_equal(est.sparse_coef_.toarray(), np.atleast_2d(est.coef_))
    assert est.sparse_coef_.nnz == np.count_nonzero(est.coef_)
    pred = est.predict(X)
    np.testing.assert_allclose(pred, O.predict(X, est.coef_, est.intercept_), rtol=1e-12,
                               atol=1e-12)
    from sklearn.metrics import r2_score

    assert est.score(X, y) == pytest.approx(r2_score(y, pred), rel=1e-12)
    nofi = lib_fit(make(model, alpha, fit_intercept=False), X, y)
    assert np.all(np.asarray(nofi.intercept_) == 0)


def test_fits_in_threads_agree():
    """nogil kernels: concurrent fits in threads give the sequential results."""
    X, y = _medium(20)
    alphas = O.alpha_max_ref(X, y) / np.array([3, 10, 30, 100])
    seq = [lib_fit(Lasso(alpha=a, tol=1e-8, max_iter=100_000), X, y).coef_ for a in alphas]
    Xs = sp.csc_matrix(X)
    seq_sp = [lib_fit(Lasso(alpha=a, tol=1e-8, max_iter=100_000), Xs, y).coef_ for a in alphas]
    out, errors = {}, []

    def work(i, a, sparse):
        try:
            out[(i, sparse)] = Lasso(alpha=a, tol=1e-8, max_iter=100_000).fit(
                Xs if sparse else X, y).coef_
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i, a, s)) for i, a in enumerate(alphas)
               for s in (False, True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for i in range(len(alphas)):
        np.testing.assert_array_equal(out[(i, False)], seq[i])
        np.testing.assert_array_equal(out[(i, True)], seq_sp[i])


def test_unpenalized_constant_column_of_sparse_x_with_intercept():
    # centered implicitly, a constant column is rounding noise: it must not
    # enter the unpenalized basis (found by hypothesis: alpha_max was 6 % low)
    rng = np.random.default_rng(0)
    X = np.c_[np.full(10, 2.5), rng.standard_normal((10, 2))]
    y = rng.standard_normal(10) + 3
    sw = rng.uniform(0.2, 3, 10)
    pf = np.array([0.0, 1.0, 1.0])
    want = O.alpha_max_ref(X, y, sample_weight=sw, penalty_factor=pf)
    dense = Lasso(alpha=0.05, penalty_factor=pf, tol=1e-12).fit(X, y, sample_weight=sw)
    for fmt in (sp.csc_matrix, sp.csr_matrix):
        assert alpha_max(fmt(X), y, sample_weight=sw, penalty_factor=pf) == pytest.approx(
            want, rel=1e-10)
        est = Lasso(alpha=0.05, penalty_factor=pf, tol=1e-12).fit(fmt(X), y, sample_weight=sw)
        np.testing.assert_allclose(est.predict(X), dense.predict(X), atol=1e-9)
        np.testing.assert_allclose(est.coef_[1:], dense.coef_[1:], atol=1e-9)
