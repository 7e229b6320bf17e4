"""SparseLogisticRegression(CV), logistic_path, logistic_alpha_max vs independent references.

Objective (contract in the module docstring of ``_logistic.py``), with
``s_i = sample_weight_i * class_weight[y_i]`` and ``S = sum_i s_i``:

binary (``classes_[1]`` positive, ``y_i = +-1``)::

    (1/S) sum_i s_i log(1 + exp(-y_i (x_i.beta + b)))
        + alpha * [l1_ratio sum_j pf_j |beta_j| + (1 - l1_ratio)/2 sum_j pf_j beta_j^2]

binary with ``groups`` (sparse group lasso penalty, columns labelled -1 unpenalized)::

    ... + alpha * [l1_ratio sum_j |beta_j| + (1 - l1_ratio) sum_g w_g ||beta_g||_2]

multiclass (``coef_`` is ``(K, p)``, ``B_j = coef_[:, j]``)::

    (1/S) sum_i s_i [logsumexp_k(x_i.B_k + b_k) - (x_i.B_{y_i} + b_{y_i})]
        + alpha * [l1_ratio P1(B) + (1 - l1_ratio)/2 sum_j pf_j ||B_j||^2]

with ``P1 = sum_jk pf_j |B_jk|`` ("ungrouped") or ``sum_j pf_j ||B_j||_2`` ("grouped").

References written here in numpy/scipy from these definitions (nothing is
taken from sparselearn): the objective, the gradient of the datafit, the
KKT conditions of every penalty, the critical ``alpha`` of the all-zero
model, an L-BFGS-B solver on the split ``beta = u - v`` (L1 / elastic net,
intercept unpenalized), scikit-learn's ``LogisticRegression`` (liblinear,
saga, newton-cholesky) with ``C = 1 / (S alpha)``, and refits by hand for the
path and the cross-validation.  Real data come from ``shared/data`` through
the ``load_shared`` fixture (tests/conftest.py).
"""

import pickle
import time
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.optimize
import scipy.sparse as sp
from scipy.special import expit, logsumexp, softmax
from sklearn import linear_model as sklm
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.estimator_checks import parametrize_with_checks

from sparselearn.linear_model import (
    SparseLogisticRegression,
    SparseLogisticRegressionCV,
    logistic_alpha_max,
    logistic_path,
)

TIGHT = dict(tol=1e-10, max_iter=100)  # prox-Newton steps: a few dozen when it converges
# KKT violations are measured relative to the size of the datafit gradient at
# the null model (the alpha_max scale); the fits use TIGHT
KKT_RTOL = 1e-6


# ============================================================================ data
def _standardize(X):
    X = np.asarray(X, dtype=np.float64)
    sd = X.std(axis=0)
    sd[sd == 0] = 1.0
    return (X - X.mean(axis=0)) / sd


def _tfidf(X, min_df):
    """Columns present in at least ``min_df`` documents, tf-idf, rows l2-normalized (CSR)."""
    X = sp.csr_matrix(X)
    df = np.asarray((X > 0).sum(axis=0)).ravel()
    X = X[:, np.flatnonzero(df >= min_df)]
    return sp.csr_matrix(TfidfTransformer().fit_transform(X), dtype=np.float64)


@pytest.fixture(scope="module")
def leukemia(load_shared):
    X, y = load_shared("leukemia", preprocess="standardize")
    return np.asarray(X, dtype=np.float64), np.asarray(y)


@pytest.fixture(scope="module")
def saheart(load_shared):
    X, y = load_shared("saheart")
    return _standardize(X), np.asarray(y)


@pytest.fixture(scope="module")
def spambase(load_shared):
    X, y = load_shared("spambase")
    return _standardize(np.log1p(np.asarray(X, dtype=np.float64))), np.asarray(y)


@pytest.fixture(scope="module")
def news_binary(load_shared):
    X, y = load_shared("news20_counts", categories=["alt.atheism", "soc.religion.christian"],
                       subset="train")
    return _tfidf(X, 5), np.asarray(y)


@pytest.fixture(scope="module")
def news3(load_shared):
    """Three newsgroups (labels are the group names), 600 posts, ~1000 terms."""
    ds = load_shared("news20_counts", categories=["comp.graphics", "rec.autos", "sci.space"],
                     subset="train")
    X, y = ds
    rng = np.random.RandomState(0)
    rows = np.sort(rng.choice(X.shape[0], 600, replace=False))
    X = _tfidf(sp.csr_matrix(X)[rows], 20)
    return X, np.asarray(ds.target_names)[np.asarray(y)[rows]]


# ============================================================================ references
def _dense(X):
    return np.asarray(X.toarray() if sp.issparse(X) else X, dtype=np.float64)


def _weights(y, sample_weight=None, class_weight=None):
    """``s_i = sample_weight_i * class_weight[y_i]`` as the contract defines it."""
    classes, idx = np.unique(y, return_inverse=True)
    s = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    if class_weight is None:
        return s
    if isinstance(class_weight, str):
        cw = compute_class_weight(class_weight, classes=classes, y=y)
    else:
        cw = np.array([class_weight.get(c, 1.0) for c in classes], dtype=float)
    return s * cw[idx]


def _targets(y):
    """``(classes, R)``: R the 0/1 target of the positive class (n, 1) or one-hot (n, K)."""
    classes, idx = np.unique(y, return_inverse=True)
    if len(classes) == 2:
        return classes, idx[:, None].astype(float)
    return classes, np.eye(len(classes))[idx]


def _coef2d(coef):
    return np.atleast_2d(np.asarray(coef, dtype=np.float64))


def _probs(X, coef, intercept):
    """Model probabilities: of the positive class (n, 1) binary, softmax (n, K) otherwise."""
    W = _coef2d(coef)
    Z = _dense(X) @ W.T + np.asarray(intercept, dtype=np.float64).reshape(1, -1)
    return expit(Z) if W.shape[0] == 1 else softmax(Z, axis=1)


def datafit(X, y, coef, intercept=0.0, s=None):
    X = _dense(X)
    W = _coef2d(coef)
    classes, R = _targets(y)
    s = np.ones(len(y)) if s is None else s
    Z = X @ W.T + np.asarray(intercept, dtype=np.float64).reshape(1, -1)
    if W.shape[0] == 1:
        ypm = 2 * R[:, 0] - 1
        losses = np.logaddexp(0.0, -ypm * Z[:, 0])
    else:
        losses = logsumexp(Z, axis=1) - (Z * R).sum(axis=1)
    return float(s @ losses / s.sum())


def _group_lists(groups, p):
    """Index lists and the penalized-column mask from index lists or per-column labels."""
    if groups is None:
        return None, np.ones(p, dtype=bool)
    if len(groups) == p and np.ndim(groups[0]) == 0:
        labels = np.asarray(groups)
        lists = [np.flatnonzero(labels == g) for g in np.unique(labels[labels >= 0])]
    else:
        lists = [np.asarray(G) for G in groups]
    pen = np.zeros(p, dtype=bool)
    for G in lists:
        pen[G] = True
    return lists, pen


def penalty(coef, *, alpha, l1_ratio=1.0, pf=None, groups=None, weights=None,
            multinomial="ungrouped"):
    W = _coef2d(coef)
    p = W.shape[1]
    pf = np.ones(p) if pf is None else np.asarray(pf, dtype=float)
    if groups is not None:
        lists, pen = _group_lists(groups, p)
        weights = [np.sqrt(len(G)) for G in lists] if weights is None else weights
        l1 = np.abs(W[0, pen]).sum()
        gp = sum(w * np.linalg.norm(W[0, G]) for G, w in zip(lists, weights))
        return float(alpha * (l1_ratio * l1 + (1 - l1_ratio) * gp))
    if multinomial == "grouped" and W.shape[0] > 1:
        P1 = pf @ np.linalg.norm(W, axis=0)
    else:
        P1 = (pf * np.abs(W)).sum()
    P2 = (pf * W**2).sum() / 2
    return float(alpha * (l1_ratio * P1 + (1 - l1_ratio) * P2))


def objective(X, y, coef, intercept=0.0, *, s=None, **pen):
    return datafit(X, y, coef, intercept, s) + penalty(coef, **pen)


def est_objective(est, X, y, s=None, **pen):
    return objective(X, y, est.coef_, est.intercept_, s=s, **pen)


def datafit_grad(X, y, coef, intercept=0.0, s=None):
    """Gradient of the datafit: ``(G (T, p), g_intercept (T,))``; ``X^T (s/S)(p - y01)``."""
    _, R = _targets(y)
    s = np.ones(len(y)) if s is None else s
    D = (_probs(X, coef, intercept) - R) * (s / s.sum())[:, None]
    G = np.asarray(sp.csr_matrix(X).T @ D if sp.issparse(X) else _dense(X).T @ D).T
    return G, D.sum(axis=0)


def null_grad_scale(X, y, s=None, fit_intercept=True):
    """max |X_j^T (s/S)(y01 - p0)| over features (and classes): the alpha_max scale."""
    _, R = _targets(y)
    s = np.ones(len(y)) if s is None else s
    p0 = s @ R / s.sum() if fit_intercept else np.full(R.shape[1], 1.0 / max(R.shape[1], 2))
    D = (R - p0) * (s / s.sum())[:, None]
    return float(np.abs(_dense(X).T @ D).max())


def alpha_max_ref(X, y, *, l1_ratio=1.0, s=None, pf=None, fit_intercept=True,
                  multinomial="ungrouped"):
    _, R = _targets(y)
    s = np.ones(len(y)) if s is None else s
    p0 = s @ R / s.sum() if fit_intercept else np.full(R.shape[1], 1.0 / max(R.shape[1], 2))
    C = _dense(X).T @ ((R - p0) * (s / s.sum())[:, None])  # (p, T)
    size = np.linalg.norm(C, axis=1) if multinomial == "grouped" else np.abs(C).max(axis=1)
    pf = np.ones(C.shape[0]) if pf is None else np.asarray(pf, dtype=float)
    return float((size / (l1_ratio * pf)).max())


def _coordinate_violation(W, H, lam, lo, hi):
    """Distance from 0 to ``H + lam d|w| + N_[lo, hi](w)``, per coordinate (T, p)."""
    smin = np.where(W == 0, -lam, lam * np.sign(W)) + H
    smax = np.where(W == 0, lam, lam * np.sign(W)) + H
    at_lo, at_hi = W <= lo, W >= hi
    v = np.maximum(0.0, np.maximum(smin, -smax))
    v = np.where(at_lo & ~at_hi, np.maximum(0.0, -smax), v)
    v = np.where(at_hi & ~at_lo, np.maximum(0.0, smin), v)
    return np.where(at_lo & at_hi, 0.0, v)


def kkt_violation(X, y, est, *, alpha, l1_ratio=1.0, pf=None, s=None, lower=None, upper=None,
                  positive=False, groups=None, weights=None, multinomial="ungrouped",
                  fit_intercept=True):
    """``(worst violation of the coefficients' conditions, |intercept gradient|)``."""
    W = _coef2d(est.coef_)
    T, p = W.shape
    G, gb = datafit_grad(X, y, W, est.intercept_, s)
    pf = np.ones(p) if pf is None else np.asarray(pf, dtype=float)
    a1 = alpha * l1_ratio
    vint = float(np.abs(gb).max()) if fit_intercept else 0.0
    if groups is not None:
        lists, pen = _group_lists(groups, p)
        weights = [np.sqrt(len(G)) for G in lists] if weights is None else weights
        g, w = G[0], W[0]
        out = [np.abs(g[~pen]).max(initial=0.0)]
        for Gi, wg in zip(lists, weights):
            a2 = alpha * (1 - l1_ratio) * wg
            wG, gG = w[Gi], g[Gi]
            norm = np.linalg.norm(wG)
            if norm == 0:
                shrunk = np.sign(gG) * np.maximum(np.abs(gG) - a1, 0.0)
                out.append(max(np.linalg.norm(shrunk) - a2, 0.0))
                continue
            nz = wG != 0
            out.append(np.abs(gG[nz] + a1 * np.sign(wG[nz]) + a2 * wG[nz] / norm).max())
            out.append(np.maximum(np.abs(gG[~nz]) - a1, 0.0).max(initial=0.0))
        return float(max(out)), vint
    H = G + alpha * (1 - l1_ratio) * pf * W
    lam = a1 * pf
    if multinomial == "grouped" and T > 1:
        norms = np.linalg.norm(W, axis=0)
        viol = np.where(norms == 0, np.maximum(np.linalg.norm(H, axis=0) - lam, 0.0),
                        np.linalg.norm(H + lam * W / np.where(norms == 0, 1, norms), axis=0))
        return float(viol.max()), vint
    lo = np.full(p, -np.inf) if lower is None else np.broadcast_to(np.asarray(lower, float), (p,))
    hi = np.full(p, np.inf) if upper is None else np.broadcast_to(np.asarray(upper, float), (p,))
    if positive:
        lo = np.maximum(lo, 0.0)
    assert np.all(W >= lo - 1e-12) and np.all(W <= hi + 1e-12), "bounds violated"
    return float(_coordinate_violation(W, H, lam, lo, hi).max()), vint


def smoothness(X, y, s=None, alpha=0.0, l1_ratio=1.0, pf=None, fit_intercept=True):
    """Lipschitz constant of the smooth part's gradient (datafit + ridge term).

    In all the variables: the intercept is a column of ones of the design.
    """
    n = X.shape[0]
    s = np.ones(n) if s is None else s
    Xd = np.c_[_dense(X), np.ones(n)] if fit_intercept else _dense(X)
    H = Xd.T @ (Xd * (s / s.sum())[:, None])
    curv = 0.25 if len(np.unique(y)) == 2 else 0.5
    ridge = alpha * (1 - l1_ratio) * (1.0 if pf is None else np.max(pf))
    return float(curv * np.linalg.eigvalsh(H).max() + ridge)


def assert_kkt(X, y, est, *, rtol=KKT_RTOL, s=None, fit_intercept=True, **kw):
    """KKT conditions up to ``rtol`` of the gradient scale, or up to what the reported gap allows.

    Stopping at a duality gap ``g`` only guarantees a prox-gradient residual of
    at most ``sqrt(2 L g)`` (``L`` the smoothness constant); the tolerance is
    the larger of the two (the honesty of ``dual_gap_`` is checked elsewhere
    against reference objectives).
    """
    viol, vint = kkt_violation(X, y, est, s=s, fit_intercept=fit_intercept, **kw)
    tol = rtol * null_grad_scale(X, y, s, fit_intercept)
    if max(viol, vint) > tol:  # (the eigenvalue is costly on wide data: only when needed)
        L = smoothness(X, y, s, kw.get("alpha", 0.0), kw.get("l1_ratio", 1.0), kw.get("pf"),
                       fit_intercept)
        tol = max(tol, np.sqrt(2 * L * max(float(est.dual_gap_), 0.0)))
    assert viol <= tol, f"KKT violated by {viol:.3g} > {tol:.3g}"
    assert vint <= tol, f"intercept gradient {vint:.3g} > {tol:.3g}"


def lbfgs_reference(X, y, *, alpha, l1_ratio=1.0, pf=None, s=None, fit_intercept=True):
    """L1 / elastic net (ungrouped) by L-BFGS-B on ``beta = u - v``, ``u, v >= 0``.

    Returns ``(coef (T, p), intercept (T,))``; intercept unpenalized.
    """
    Xd = _dense(X)
    n, p = Xd.shape
    _, R = _targets(y)
    T = R.shape[1]
    s = np.ones(n) if s is None else s
    pf = np.ones(p) if pf is None else np.asarray(pf, dtype=float)
    m = T * p

    def unpack(z):
        W = (z[:m] - z[m:2 * m]).reshape(T, p)
        b = z[2 * m:] if fit_intercept else np.zeros(T)
        return W, b

    def fun(z):
        W, b = unpack(z)
        f = datafit(Xd, y, W, b, s)
        f += alpha * l1_ratio * (np.tile(pf, T) @ z[:2 * m].reshape(2, m).sum(0))
        f += alpha * (1 - l1_ratio) / 2 * (pf * W**2).sum()
        G, gb = datafit_grad(Xd, y, W, b, s)
        G = G + alpha * (1 - l1_ratio) * pf * W
        lam = alpha * l1_ratio * np.tile(pf, T)
        extra = [gb] if fit_intercept else []
        grad = np.concatenate([G.ravel() + lam, -G.ravel() + lam] + extra)
        return f, grad

    z0 = np.zeros(2 * m + (T if fit_intercept else 0))
    bounds = [(0, None)] * (2 * m) + [(None, None)] * (T if fit_intercept else 0)
    res = scipy.optimize.minimize(fun, z0, jac=True, method="L-BFGS-B", bounds=bounds,
                                  options=dict(maxiter=100_000, maxfun=200_000, maxcor=30,
                                               ftol=1e-16, gtol=1e-13))
    return unpack(res.x)


def sk_logistic(X, y, *, alpha, l1_ratio=1.0, solver="liblinear", fit_intercept=False,
                sample_weight=None, tol=1e-10, max_iter=100_000):
    """scikit-learn's LogisticRegression on the same objective (C = 1 / (S alpha))."""
    S = len(y) if sample_weight is None else float(np.sum(sample_weight))
    C = np.inf if alpha == 0 else 1.0 / (S * alpha)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return sklm.LogisticRegression(C=C, l1_ratio=l1_ratio, solver=solver,
                                       fit_intercept=fit_intercept, tol=tol,
                                       max_iter=max_iter).fit(X, y, sample_weight=sample_weight)


def fit(est, X, y, **kw):
    """Fit, failing on a ConvergenceWarning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        return est.fit(X, y, **kw)


def _fmt(X, fmt):
    if fmt == "dense":
        return _dense(X)
    return sp.csr_matrix(X) if fmt == "csr" else sp.csc_matrix(X)


# ============================================================================ 1. binary L1
def _compare_with_sklearn(X, y, alpha, coef_atol=1e-5, sk_tol=1e-10):
    ours = fit(SparseLogisticRegression(alpha=alpha, fit_intercept=False, **TIGHT), X, y)
    ref = sk_logistic(X, y, alpha=alpha, tol=sk_tol)
    P_ours = est_objective(ours, X, y, alpha=alpha)
    P_ref = objective(X, y, ref.coef_, 0.0, alpha=alpha)
    assert P_ours <= P_ref + 1e-10 * P_ref, (P_ours, P_ref)
    assert P_ours == pytest.approx(P_ref, rel=1e-7)
    assert ours.coef_.shape == (1, X.shape[1])
    np.testing.assert_array_equal(ours.intercept_, [0.0])
    scale = max(np.abs(ref.coef_).max(), 1e-12)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=coef_atol * scale)
    assert_kkt(X, y, ours, alpha=alpha, fit_intercept=False)
    # the reported duality gap bounds the suboptimality
    assert P_ours - P_ref <= ours.dual_gap_ + 1e-12
    return ours


@pytest.mark.parametrize("factor", [0.5, 0.1])
def test_binary_l1_matches_liblinear_leukemia(leukemia, factor):
    X, y = leukemia
    X = X[:, :1000]
    alpha = factor * alpha_max_ref(X, y, fit_intercept=False)
    ours = _compare_with_sklearn(X, y, alpha)
    assert 0 < np.count_nonzero(ours.coef_) < 72


@pytest.mark.parametrize("factor", [0.2, 0.01])
def test_binary_l1_matches_liblinear_saheart(saheart, factor):
    X, y = saheart
    alpha = factor * alpha_max_ref(X, y, fit_intercept=False)
    _compare_with_sklearn(X, y, alpha)


def test_binary_l1_matches_liblinear_spambase(spambase):
    X, y = spambase
    alpha = 0.02 * alpha_max_ref(X, y, fit_intercept=False)
    # liblinear at tol=1e-10 sometimes runs for minutes here; 1e-8 takes 30 ms
    _compare_with_sklearn(X, y, alpha, sk_tol=1e-8)


def test_binary_l1_matches_liblinear_news20_sparse(news_binary):
    X, y = news_binary
    alpha = 0.1 * alpha_max_ref(X, y, fit_intercept=False)
    # liblinear stalls for minutes at tol=1e-10 here; at 1e-8 its KKT residual is ~1e-8
    ours = _compare_with_sklearn(X, y, alpha, coef_atol=1e-4, sk_tol=1e-8)
    assert np.count_nonzero(ours.coef_) > 5


def test_sparse_newton_models_build_no_gram_blocks(news_binary, monkeypatch):
    # a sparse model's weights change at every Newton step, so its Gram blocks
    # would serve one solve only: the models stay in residual form (the
    # answer is checked against liblinear above)
    from sparselearn.linear_model import _solver

    def no_gram(*args, **kwargs):
        raise AssertionError("a Gram block was built for a sparse Newton model")

    monkeypatch.setattr(_solver, "gram_cross", no_gram)
    X, y = news_binary
    alpha = 0.01 * alpha_max_ref(X, y, fit_intercept=False)
    est = SparseLogisticRegression(alpha=alpha, fit_intercept=False, tol=1e-8).fit(X, y)
    assert_kkt(X, y, est, alpha=alpha, fit_intercept=False)
    # the same problem, dense (whose small models may use the Gram form)
    monkeypatch.undo()
    dense = SparseLogisticRegression(alpha=alpha, fit_intercept=False, tol=1e-8).fit(
        X.toarray(), y)
    # (two columns of this subset are collinear: compare objectives, not coefficients)
    assert est_objective(est, X, y, alpha=alpha) == pytest.approx(
        est_objective(dense, X, y, alpha=alpha), rel=1e-8)


@pytest.mark.parametrize("data, factor", [("saheart", 0.05), ("spambase", 0.02),
                                          ("leukemia", 0.3)])
def test_binary_l1_with_intercept_matches_reference(data, factor, request):
    X, y = request.getfixturevalue(data)
    if data == "leukemia":
        X = X[:, :100]
    alpha = factor * alpha_max_ref(X, y)
    ours = fit(SparseLogisticRegression(alpha=alpha, **TIGHT), X, y)
    W, b = lbfgs_reference(X, y, alpha=alpha)
    P_ours = est_objective(ours, X, y, alpha=alpha)
    P_ref = objective(X, y, W, b, alpha=alpha)
    assert P_ours <= P_ref + 1e-10, (P_ours, P_ref)
    assert P_ours == pytest.approx(P_ref, rel=1e-6)
    assert_kkt(X, y, ours, alpha=alpha)
    assert P_ours - P_ref <= ours.dual_gap_ + 1e-12
    # scikit-learn's saga (intercept unpenalized) on the same problem
    if data == "saheart":
        ref = sk_logistic(X, y, alpha=alpha, solver="saga", fit_intercept=True, tol=1e-12)
        P_saga = objective(X, y, ref.coef_, ref.intercept_, alpha=alpha)
        assert P_ours <= P_saga + 1e-10
        assert P_ours == pytest.approx(P_saga, rel=1e-7)
        np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-5)
        np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-5)


@pytest.mark.parametrize("l1_ratio", [0.5, 0.1])
@pytest.mark.parametrize("fit_intercept", [False, True])
def test_binary_elastic_net_matches_saga(saheart, l1_ratio, fit_intercept):
    X, y = saheart
    alpha = 0.05 * alpha_max_ref(X, y, l1_ratio=l1_ratio, fit_intercept=fit_intercept)
    ours = fit(SparseLogisticRegression(alpha=alpha, l1_ratio=l1_ratio,
                                        fit_intercept=fit_intercept, **TIGHT), X, y)
    ref = sk_logistic(X, y, alpha=alpha, l1_ratio=l1_ratio, solver="saga",
                      fit_intercept=fit_intercept, tol=1e-12)
    kw = dict(alpha=alpha, l1_ratio=l1_ratio)
    P_ours = est_objective(ours, X, y, **kw)
    P_ref = objective(X, y, ref.coef_, ref.intercept_ if fit_intercept else 0.0, **kw)
    assert P_ours <= P_ref + 1e-10
    assert P_ours == pytest.approx(P_ref, rel=1e-7)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-5)
    assert_kkt(X, y, ours, fit_intercept=fit_intercept, **kw)


# ============================================================================ 2. alpha = 0
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_zero_penalty_equals_unpenalized_sklearn(saheart, fit_intercept):
    X, y = saheart
    ours = fit(SparseLogisticRegression(alpha=0.0, fit_intercept=fit_intercept, **TIGHT), X, y)
    ref = sklm.LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-12, max_iter=1000,
                                  fit_intercept=fit_intercept).fit(X, y)
    # a gap of g leaves coefficient errors of order sqrt(g / curvature): at
    # TIGHT's gap (7e-11) about 1e-6 here
    P_ours, P_ref = est_objective(ours, X, y, alpha=0.0), est_objective(ref, X, y, alpha=0.0)
    assert P_ref - 1e-15 <= P_ours <= P_ref + max(ours.dual_gap_, 1e-15)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-5, atol=1e-6)
    G, gb = datafit_grad(X, y, ours.coef_, ours.intercept_)
    assert np.abs(G).max() <= 1e-6
    if fit_intercept:
        assert np.abs(gb).max() <= 1e-6


# ============================================================================ 3. KKT
@pytest.mark.parametrize("fmt", ["dense", "csc"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("case", ["l1", "enet", "pf", "pf_zeros", "bounds", "positive",
                                  "weights"])
def test_binary_kkt(spambase, case, fit_intercept, fmt):
    X, y = spambase
    rng = np.random.RandomState(1)
    rows = rng.choice(X.shape[0], 800, replace=False)
    X, y = X[rows], y[rows]
    p = X.shape[1]
    params, kw, sw = {}, {}, None
    l1_ratio = 0.5 if case == "enet" else 1.0
    if case in ("pf", "pf_zeros"):
        pf = rng.uniform(0.2, 3.0, p)
        if case == "pf_zeros":
            pf[[0, 5, 17]] = 0.0
        params["penalty_factor"] = kw["pf"] = pf
    if case == "bounds":
        params.update(lower_bounds=-0.1, upper_bounds=np.full(p, 0.15))
        kw.update(lower=-0.1, upper=0.15)
    if case == "positive":
        params["positive"] = kw["positive"] = True
    if case == "weights":
        sw = rng.uniform(0.1, 3.0, len(y))
    alpha = 0.05 * alpha_max_ref(X, y, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
                                 s=_weights(y, sw))
    est = fit(SparseLogisticRegression(alpha=alpha, l1_ratio=l1_ratio,
                                       fit_intercept=fit_intercept, **params, **TIGHT),
              _fmt(X, fmt), y, sample_weight=sw)
    assert_kkt(X, y, est, alpha=alpha, l1_ratio=l1_ratio, s=_weights(y, sw),
               fit_intercept=fit_intercept, **kw)
    W = est.coef_[0]
    if case == "pf_zeros":
        assert np.all(W[[0, 5, 17]] != 0)
    if case == "bounds":
        assert W.min() == pytest.approx(-0.1) or W.max() == pytest.approx(0.15)
    if case == "positive":
        assert W.min() >= 0 and np.count_nonzero(W) > 0


@pytest.mark.parametrize("form", ["lists", "labels_unpenalized", "weights"])
@pytest.mark.parametrize("l1_ratio", [0.0, 0.5])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_binary_group_kkt(leukemia, form, l1_ratio, fit_intercept):
    X, y = leukemia
    X = X[:, :200]
    p = X.shape[1]
    lists = [list(range(k, k + 10)) for k in range(0, p, 10)]
    weights = None
    groups = lists
    if form == "labels_unpenalized":
        labels = np.repeat(np.arange(20), 10)
        labels[[3, 77]] = -1
        groups = labels
    if form == "weights":
        weights = np.random.RandomState(0).uniform(0.5, 4.0, len(lists))
    # alpha at a quarter of the critical value of the plain group lasso
    _, R = _targets(y)
    p0 = R.mean(axis=0) if fit_intercept else 0.5
    g0 = X.T @ (R[:, 0] - p0) / len(y)
    gl, _ = _group_lists(groups, p)
    ww = [np.sqrt(len(G)) for G in gl] if weights is None else weights
    amax = max(np.linalg.norm(g0[G]) / w for G, w in zip(gl, ww))
    alpha = amax / 4
    est = fit(SparseLogisticRegression(alpha=alpha, l1_ratio=l1_ratio, groups=groups,
                                       weights=weights, fit_intercept=fit_intercept, **TIGHT),
              X, y)
    assert est.coef_.shape == (1, p)
    assert_kkt(X, y, est, alpha=alpha, l1_ratio=l1_ratio, groups=groups, weights=weights,
               fit_intercept=fit_intercept)
    W = est.coef_[0]
    nzg = [G for G in gl if np.any(W[G] != 0)]
    assert 0 < len(nzg) < len(gl)
    if l1_ratio == 0.0:  # group lasso: a selected group is dense
        assert all(np.all(W[G] != 0) for G in nzg)
    if form == "labels_unpenalized":
        assert np.all(W[[3, 77]] != 0)


@pytest.mark.parametrize("multinomial", ["ungrouped", "grouped"])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.6])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_multinomial_kkt(news3, multinomial, l1_ratio, fit_intercept):
    X, y = news3
    amax = alpha_max_ref(X, y, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
                         multinomial=multinomial)
    alpha = amax / 5
    pf = np.random.RandomState(3).uniform(0.5, 2.0, X.shape[1])
    est = fit(SparseLogisticRegression(alpha=alpha, l1_ratio=l1_ratio, multinomial=multinomial,
                                       penalty_factor=pf, fit_intercept=fit_intercept, **TIGHT),
              X, y)
    K, p = 3, X.shape[1]
    assert est.coef_.shape == (K, p) and est.intercept_.shape == (K,)
    assert_kkt(X, y, est, alpha=alpha, l1_ratio=l1_ratio, pf=pf, multinomial=multinomial,
               fit_intercept=fit_intercept)
    rows = np.any(est.coef_ != 0, axis=0)
    assert 0 < rows.sum() < p
    if multinomial == "grouped":  # a feature is in or out for all classes
        assert np.all(np.all(est.coef_ != 0, axis=0) == rows)
    if fit_intercept:
        assert abs(est.intercept_.sum()) <= 1e-10 * (1 + np.abs(est.intercept_).max())
    else:
        np.testing.assert_array_equal(est.intercept_, 0.0)


# ============================================================================ 4. formats
@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("case", ["binary", "multinomial", "grouped"])
def test_dense_equals_sparse(news3, fmt, case):
    X, y = news3
    if case == "binary":
        y = np.where(y == "sci.space", "space", "other")
    params = dict(multinomial="grouped") if case == "grouped" else {}
    alpha = alpha_max_ref(X, y, multinomial=params.get("multinomial", "ungrouped")) / 5
    dense = fit(SparseLogisticRegression(alpha=alpha, **params, **TIGHT), _dense(X), y)
    sparse = fit(SparseLogisticRegression(alpha=alpha, **params, **TIGHT), _fmt(X, fmt), y)
    np.testing.assert_allclose(sparse.coef_, dense.coef_, atol=1e-7)
    np.testing.assert_allclose(sparse.intercept_, dense.intercept_, atol=1e-7)
    np.testing.assert_allclose(sparse.predict_proba(_fmt(X, fmt)), dense.predict_proba(_dense(X)),
                               atol=1e-7)


@pytest.mark.parametrize("fmt", ["dense", "csr"])
@pytest.mark.parametrize("multiclass", [False, True])
def test_float32(news3, fmt, multiclass):
    X, y = news3
    if not multiclass:
        y = np.where(y == "rec.autos", "autos", "other")
    alpha = alpha_max_ref(X, y) / 5
    X32 = _fmt(X, fmt).astype(np.float32)
    est32 = SparseLogisticRegression(alpha=alpha, tol=1e-6).fit(X32, y)
    est64 = fit(SparseLogisticRegression(alpha=alpha, **TIGHT), _fmt(X, fmt), y)
    assert est32.coef_.dtype == np.float32
    assert est32.intercept_.dtype == np.float32
    np.testing.assert_allclose(est32.coef_, est64.coef_, atol=1e-3 * np.abs(est64.coef_).max())
    assert est32.predict_proba(X32).dtype in (np.float32, np.float64)
    assert np.mean(est32.predict(X32) == est64.predict(_fmt(X, fmt))) >= 0.99


def test_memory_order_and_read_only_inputs(saheart):
    X, y = saheart
    sw = np.random.RandomState(0).uniform(0.5, 2.0, len(y))
    alpha = alpha_max_ref(X, y) / 20
    ref = fit(SparseLogisticRegression(alpha=alpha, **TIGHT), np.ascontiguousarray(X), y,
              sample_weight=sw)
    for Xo in (np.asfortranarray(X), X[:, ::-1][:, ::-1], sp.csr_matrix(X), sp.csc_matrix(X)):
        Xc, yc, swc = Xo.copy(), y.copy(), sw.copy()
        if not sp.issparse(Xc):
            Xc.setflags(write=False)
        else:
            Xc.data.setflags(write=False)
        yc.setflags(write=False)
        swc.setflags(write=False)
        est = fit(SparseLogisticRegression(alpha=alpha, **TIGHT), Xc, yc, sample_weight=swc)
        np.testing.assert_allclose(est.coef_, ref.coef_, atol=1e-9)
        np.testing.assert_allclose(est.intercept_, ref.intercept_, atol=1e-9)
        # the caller's arrays are untouched
        np.testing.assert_array_equal(_dense(Xc), X)
        np.testing.assert_array_equal(yc, y)
        np.testing.assert_array_equal(swc, sw)


def test_caller_arrays_not_mutated_with_writable_inputs(news3):
    X, y = news3
    Xd = _dense(X)
    copies = [Xd.copy(), X.copy(), y.copy()]
    sw = np.linspace(0.5, 2, len(y))
    sw0 = sw.copy()
    for Xi in (Xd, X):
        SparseLogisticRegression(alpha=0.01, multinomial="grouped").fit(Xi, y, sample_weight=sw)
        SparseLogisticRegression(alpha=0.01).fit(Xi, y == "sci.space", sample_weight=sw)
    np.testing.assert_array_equal(Xd, copies[0])
    assert (X != copies[1]).nnz == 0
    np.testing.assert_array_equal(y, copies[2])
    np.testing.assert_array_equal(sw, sw0)


# ============================================================================ 5. weights
@pytest.mark.parametrize("fmt", ["dense", "csr"])
@pytest.mark.parametrize("multiclass", [False, True])
def test_integer_weights_equal_repeated_rows(news3, fmt, multiclass):
    X, y = news3
    X, y = X[:300], y[:300]
    if not multiclass:
        y = np.where(y == "comp.graphics", "g", "o")
    sw = np.random.RandomState(5).randint(0, 4, len(y))
    Xr, yr = X[np.repeat(np.arange(len(y)), sw)], np.repeat(y, sw)
    alpha = alpha_max_ref(X, y, s=sw.astype(float)) / 4
    a = fit(SparseLogisticRegression(alpha=alpha, **TIGHT), _fmt(X, fmt), y, sample_weight=sw)
    b = fit(SparseLogisticRegression(alpha=alpha, **TIGHT), _fmt(Xr, fmt), yr)
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-7)
    np.testing.assert_allclose(a.intercept_, b.intercept_, atol=1e-7)


@pytest.mark.parametrize("class_weight", [{0: 3.0, 1: 0.5}, {1: 2.0}, "balanced"])
def test_class_weight_equals_sample_weight_binary(saheart, class_weight):
    X, y = saheart
    sw = np.random.RandomState(6).uniform(0.5, 2.0, len(y))
    s = _weights(y, sw, class_weight)
    alpha = alpha_max_ref(X, y, s=s) / 10
    a = fit(SparseLogisticRegression(alpha=alpha, class_weight=class_weight, **TIGHT), X, y,
            sample_weight=sw)
    b = fit(SparseLogisticRegression(alpha=alpha, **TIGHT), X, y, sample_weight=s)
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-8)
    np.testing.assert_allclose(a.intercept_, b.intercept_, atol=1e-8)
    assert_kkt(X, y, a, alpha=alpha, s=s)
    # and scikit-learn's weighted L1 fit (no intercept) on the same objective
    c = fit(SparseLogisticRegression(alpha=alpha, class_weight=class_weight, fit_intercept=False,
                                     **TIGHT), X, y, sample_weight=sw)
    ref = sk_logistic(X, y, alpha=alpha, sample_weight=s)
    P_c = est_objective(c, X, y, s=s, alpha=alpha)
    P_ref = objective(X, y, ref.coef_, 0.0, s=s, alpha=alpha)
    assert P_c <= P_ref + 1e-10 and P_c == pytest.approx(P_ref, rel=1e-7)


def test_class_weight_multiclass(news3):
    X, y = news3
    cw = {"comp.graphics": 2.0, "rec.autos": 0.5}
    s = _weights(y, None, cw)
    alpha = alpha_max_ref(X, y, s=s) / 5
    a = fit(SparseLogisticRegression(alpha=alpha, class_weight=cw, **TIGHT), X, y)
    b = fit(SparseLogisticRegression(alpha=alpha, **TIGHT), X, y, sample_weight=s)
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-8)
    bal = fit(SparseLogisticRegression(alpha=alpha, class_weight="balanced", **TIGHT), X, y)
    assert_kkt(X, y, bal, alpha=alpha, s=_weights(y, None, "balanced"))


# ============================================================================ 6. multinomial
def test_multinomial_matches_saga_and_predictions(news3):
    X, y = news3
    alpha = alpha_max_ref(X, y, fit_intercept=False) / 5
    ours = fit(SparseLogisticRegression(alpha=alpha, fit_intercept=False, **TIGHT), X, y)
    ref = sk_logistic(X, y, alpha=alpha, solver="saga", tol=1e-8, max_iter=20_000)
    P_ours = est_objective(ours, X, y, alpha=alpha)
    P_ref = objective(X, y, ref.coef_, 0.0, alpha=alpha)
    assert P_ours <= P_ref + 1e-10, (P_ours, P_ref)
    assert P_ours == pytest.approx(P_ref, rel=1e-6)
    # the contract's prediction formulas
    classes = np.unique(y)
    np.testing.assert_array_equal(ours.classes_, classes)
    n, K = len(y), 3
    proba = ours.predict_proba(X)
    assert proba.shape == (n, K)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(proba, _probs(X, ours.coef_, ours.intercept_), rtol=1e-10)
    np.testing.assert_allclose(ours.predict_log_proba(X), np.log(proba), rtol=1e-10, atol=1e-12)
    dec = ours.decision_function(X)
    assert dec.shape == (n, K)
    np.testing.assert_allclose(dec, _dense(X) @ ours.coef_.T + ours.intercept_, atol=1e-12)
    np.testing.assert_array_equal(ours.predict(X), classes[np.argmax(dec, axis=1)])
    assert ours.score(X, y) == pytest.approx(accuracy_score(y, ours.predict(X)))
    assert ours.n_features_in_ == X.shape[1]


def test_multinomial_with_intercept_matches_lbfgs_reference(news3):
    X, y = news3
    X = X[:, :150]
    alpha = alpha_max_ref(X, y) / 6
    ours = fit(SparseLogisticRegression(alpha=alpha, **TIGHT), X, y)
    W, b = lbfgs_reference(X, y, alpha=alpha)
    P_ours = est_objective(ours, X, y, alpha=alpha)
    P_ref = objective(X, y, W, b, alpha=alpha)
    assert P_ours <= P_ref + 1e-10
    assert P_ours == pytest.approx(P_ref, rel=1e-6)


def test_binary_predictions(saheart):
    X, y = saheart
    labels = np.where(y == 1, "chd", "healthy")  # classes_ sorted: "chd" < "healthy"
    alpha = alpha_max_ref(X, labels) / 10
    est = fit(SparseLogisticRegression(alpha=alpha, **TIGHT), X, labels)
    np.testing.assert_array_equal(est.classes_, ["chd", "healthy"])
    assert est.coef_.shape == (1, 9) and est.intercept_.shape == (1,)
    z = X @ est.coef_[0] + est.intercept_[0]
    np.testing.assert_allclose(est.decision_function(X), z, atol=1e-12)
    assert est.decision_function(X).shape == (len(y),)
    proba = est.predict_proba(X)
    assert proba.shape == (len(y), 2)
    np.testing.assert_allclose(proba[:, 1], expit(z), rtol=1e-10)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(est.predict_log_proba(X), np.log(proba), rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(est.predict(X), np.where(z > 0, "healthy", "chd"))
    # the positive class is classes_[1]: flipping the labels flips the signs
    flip = fit(SparseLogisticRegression(alpha=alpha, **TIGHT), X, 1 - y)
    same = fit(SparseLogisticRegression(alpha=alpha, **TIGHT), X, y)
    np.testing.assert_allclose(flip.coef_, -same.coef_, atol=1e-9)
    np.testing.assert_allclose(est.coef_, -same.coef_, atol=1e-9)


def test_pandas_feature_names(saheart):
    X, y = saheart
    df = pd.DataFrame(X, columns=[f"f{j}" for j in range(X.shape[1])])
    est = SparseLogisticRegression(alpha=0.01).fit(df, y)
    np.testing.assert_array_equal(est.feature_names_in_, df.columns)
    assert est.n_features_in_ == X.shape[1]


# ============================================================================ 7. alpha_max
@pytest.mark.parametrize("setting", ["binary", "binary_weights", "multi", "multi_weights",
                                     "grouped", "grouped_weights", "enet_pf"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_alpha_max(news3, setting, fit_intercept):
    X, y = news3
    if setting.startswith("binary") or setting == "enet_pf":
        y = np.where(y == "rec.autos", "autos", "other")
    multinomial = "grouped" if setting.startswith("grouped") else "ungrouped"
    sw = np.random.RandomState(8).uniform(0.2, 3.0, len(y)) if "weights" in setting else None
    kw, params = {}, {}
    l1_ratio = 1.0
    if setting == "enet_pf":
        l1_ratio = 0.4
        pf = np.random.RandomState(9).uniform(0.5, 2.0, X.shape[1])
        params["penalty_factor"] = kw["pf"] = pf
    ref = alpha_max_ref(X, y, l1_ratio=l1_ratio, s=_weights(y, sw), fit_intercept=fit_intercept,
                        multinomial=multinomial, **kw)
    amax = logistic_alpha_max(X, y, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
                              sample_weight=sw, multinomial=multinomial,
                              penalty_factor=params.get("penalty_factor"))
    assert amax == pytest.approx(ref, rel=1e-10)
    common = dict(l1_ratio=l1_ratio, fit_intercept=fit_intercept, multinomial=multinomial,
                  **params, **TIGHT)
    at = fit(SparseLogisticRegression(alpha=amax, **common), X, y, sample_weight=sw)
    assert np.all(at.coef_ == 0)
    if fit_intercept:  # the intercept-only model: log-odds / log class proportions
        _, R = _targets(y)
        s = _weights(y, sw)
        p0 = s @ R / s.sum()
        if R.shape[1] == 1:
            assert at.intercept_[0] == pytest.approx(np.log(p0[0] / (1 - p0[0])), abs=1e-8)
        else:
            np.testing.assert_allclose(softmax(at.intercept_), p0, atol=1e-8)
    below = fit(SparseLogisticRegression(alpha=0.95 * amax, **common), X, y, sample_weight=sw)
    assert np.count_nonzero(below.coef_) > 0
    assert fit(SparseLogisticRegression(alpha=2 * amax, **common), X, y,
               sample_weight=sw).coef_.any() == False  # noqa: E712


def test_group_alpha_max_binary(leukemia):
    X, y = leukemia
    X = X[:, :120]
    groups = [list(range(k, k + 6)) for k in range(0, 120, 6)]
    g0 = X.T @ (y - y.mean()) / len(y)
    amax = max(np.linalg.norm(g0[G]) / np.sqrt(6) for G in groups)  # l1_ratio = 0
    at = fit(SparseLogisticRegression(alpha=amax * (1 + 1e-9), l1_ratio=0.0, groups=groups,
                                      **TIGHT), X, y)
    assert np.all(at.coef_ == 0)
    below = fit(SparseLogisticRegression(alpha=0.97 * amax, l1_ratio=0.0, groups=groups, **TIGHT),
                X, y)
    assert np.count_nonzero(below.coef_) > 0


# ============================================================================ 8. separable
def test_separable_data_tiny_alpha_is_bounded(leukemia):
    X, y = leukemia
    amax = alpha_max_ref(X, y)
    alpha = 1e-8 * amax
    start = time.perf_counter()
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        est = SparseLogisticRegression(alpha=alpha).fit(X, y)
    elapsed = time.perf_counter() - start
    assert elapsed < 30
    assert np.all(np.isfinite(est.coef_)) and np.all(np.isfinite(est.intercept_))
    P = est_objective(est, X, y, alpha=alpha)
    assert np.isfinite(P)
    # at least as good as the null model, which is far from optimal here
    p0 = y.mean()
    P_null = datafit(X, y, np.zeros(X.shape[1]), np.log(p0 / (1 - p0)))
    assert P < P_null
    proba = est.predict_proba(X)
    assert np.all(np.isfinite(proba))
    assert est.score(X, y) == 1.0  # leukemia is separable; a near-interpolating fit


def test_far_warm_start_uses_trust_box_and_converges(monkeypatch):
    """From a start far past the solution the first Newton direction overshoots
    (samples misclassified by a wide margin have almost no curvature): the
    trust box must engage, and the fit still reach the cold fit's answer
    with its KKT conditions."""
    from sparselearn.linear_model import _newton

    rng = np.random.RandomState(0)
    X = rng.randn(200, 30)
    y = np.where(X[:, :3].sum(axis=1) + 0.5 * rng.randn(200) > 0, 1, -1)
    alpha = 0.01
    est = SparseLogisticRegression(alpha=alpha, fit_intercept=False, warm_start=True, **TIGHT)
    cold = clone(est).set_params(warm_start=False)
    fit(cold, X, y)
    fit(est, X, y)
    radii = []
    update = _newton._TrustBox.update

    def spy(self, t, d):
        update(self, t, d)
        radii.append(self.radius)

    monkeypatch.setattr(_newton._TrustBox, "update", spy)
    est.coef_ = -40.0 * np.sign(cold.coef_ + 1e-3)
    fit(est, X, y)
    assert any(np.isfinite(r) for r in radii)  # a short line-search step shrank the box
    np.testing.assert_allclose(est.coef_, cold.coef_, rtol=0, atol=1e-6)
    assert_kkt(X, y, est, alpha=alpha, fit_intercept=False)


def test_trust_box_rules():
    from sparselearn.linear_model._newton import _TrustBox
    from sparselearn.linear_model._solver import Penalty

    box = _TrustBox()
    pen = Penalty(np.ones(3), np.zeros(3), np.array([-np.inf, 0.0, -np.inf]), np.full(3, np.inf))
    assert box.penalty(pen, np.zeros(3)) is pen  # no box until a step is cut short
    box.update(1.0, np.array([5.0, 0.0, 1.0]))
    assert box.radius == np.inf
    box.update(0.0, np.array([5.0, 0.0, 1.0]))  # a failed line search says nothing of a scale
    assert box.radius == np.inf
    box.update(0.2, np.zeros(3))  # a short step of the intercept alone: no scale either
    assert box.radius == np.inf
    # a short step: the box is the distance the accepted step moved, but never
    # below the typical move (a few runaway coordinates must not freeze the rest)
    moves = np.r_[1e6, np.full(20, 0.5)]
    box.update(1e-3, moves)
    assert box.radius == pytest.approx(1e3)
    box.update(1e-7, moves)
    assert box.radius == pytest.approx(0.5)
    p = box.penalty(pen, np.array([2.0, 0.1, -3.0]))
    np.testing.assert_allclose(p.lower, [1.5, 0.0, -3.5])  # the user's bound 0 stays
    np.testing.assert_allclose(p.upper, [2.5, 0.6, -2.5])
    np.testing.assert_array_equal(p.l1, pen.l1)
    box.update(1.0, np.array([0.5, 0.1]))  # a full step to the edge of the box: it doubles
    assert box.radius == pytest.approx(1.0)
    box.update(1.0, np.array([0.2, 0.1]))  # inside the box: unchanged
    assert box.radius == pytest.approx(1.0)


# ============================================================================ 9. bad input
@pytest.mark.parametrize("params, match", [
    (dict(alpha=-1.0), "alpha"),
    (dict(l1_ratio=1.5), "l1_ratio"),
    (dict(l1_ratio=-0.1), "l1_ratio"),
    (dict(multinomial="foo"), "multinomial"),
    (dict(tol=-1.0), "tol"),
    (dict(max_iter=0), "max_iter"),
    (dict(penalty_factor=-np.ones(9)), "penalty_factor"),
    (dict(penalty_factor=np.ones(4)), "penalty_factor"),
    (dict(lower_bounds=1.0, upper_bounds=0.0), "bounds"),
])
def test_bad_parameters(saheart, params, match):
    X, y = saheart
    with pytest.raises(ValueError, match=match):
        SparseLogisticRegression(**params).fit(X, y)


def test_bad_data(saheart, news3):
    X, y = saheart
    Xn = X.copy()
    Xn[2, 3] = np.nan
    with pytest.raises(ValueError):
        SparseLogisticRegression().fit(Xn, y)
    Xi = X.copy()
    Xi[4, 1] = np.inf
    with pytest.raises(ValueError):
        SparseLogisticRegression().fit(Xi, y)
    with pytest.raises(ValueError):
        SparseLogisticRegression().fit(X, np.c_[y, y])
    with pytest.raises(ValueError):
        SparseLogisticRegression().fit(X, y[:-1])
    with pytest.raises(ValueError, match="class"):
        SparseLogisticRegression().fit(X, np.zeros(len(y)))
    with pytest.raises(ValueError, match="[Uu]nknown label type"):
        SparseLogisticRegression().fit(X, X[:, 0])
    with pytest.raises(ValueError, match="sample_weight"):
        SparseLogisticRegression().fit(X, y, sample_weight=-np.ones(len(y)))
    with pytest.raises(NotFittedError):
        SparseLogisticRegression().predict(X)
    with pytest.raises(NotFittedError):
        SparseLogisticRegression().predict_proba(X)
    est = SparseLogisticRegression(alpha=0.01).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        est.predict(X[:, :5])
    with pytest.raises(ValueError, match="features"):
        est.predict_proba(np.c_[X, X])
    # groups are for two classes only (the contract)
    X3, y3 = news3
    with pytest.raises(ValueError, match="groups"):
        SparseLogisticRegression(groups=[[j] for j in range(X3.shape[1])],
                                 l1_ratio=0.5).fit(X3, y3)
    with pytest.raises(ValueError, match="l1_ratio"):
        logistic_alpha_max(X, y, l1_ratio=0.0)


# ============================================================================ 10. sklearn checks
CHECKED = [SparseLogisticRegression(alpha=1e-3),
           SparseLogisticRegression(alpha=1e-3, multinomial="grouped", l1_ratio=0.8),
           SparseLogisticRegressionCV(alphas=5, cv=3)]


def _expected_failed_checks(estimator):
    return {}


@pytest.mark.slow
@parametrize_with_checks(CHECKED, expected_failed_checks=_expected_failed_checks)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


# ============================================================================ 11. path and CV
def _path(X, y, **kw):
    """``(alphas, coefs, intercepts)`` of logistic_path (which follows enet_path's
    conventions: intercepts only with ``return_intercept=True``)."""
    out = logistic_path(X, y, return_intercept=True, **kw)
    return out[0], out[1], out[-1]


def test_path_return_values_follow_enet_path(saheart):
    """(alphas, coefs, dual_gaps) by default, as enet_path; n_iter and intercepts on request."""
    X, y = saheart
    out = logistic_path(X, y, n_alphas=4, eps=0.1, **TIGHT)
    assert len(out) == 3
    alphas, coefs, gaps = out
    assert coefs.shape == (X.shape[1], 4) and gaps.shape == (4,)
    alphas, coefs, gaps, n_iter, intercepts = logistic_path(
        X, y, n_alphas=4, eps=0.1, return_n_iter=True, return_intercept=True, **TIGHT)
    assert intercepts.shape == (4,) and n_iter.shape == (4,)
    est = fit(SparseLogisticRegression(alpha=alphas[2], **TIGHT), X, y)
    assert intercepts[2] == pytest.approx(est.intercept_[0], abs=1e-7)
    # every path point converged: its gap is within the tolerance (in objective units)
    assert np.all(gaps >= 0) and np.all(gaps <= TIGHT["tol"] * np.log(2))


@pytest.mark.parametrize("multiclass", [False, True])
def test_path_points_equal_single_fits(news3, multiclass):
    X, y = news3
    if not multiclass:
        y = np.where(y == "sci.space", "space", "other")
    amax = alpha_max_ref(X, y)
    alphas, coefs, intercepts = _path(X, y, n_alphas=8, eps=0.05, **TIGHT)
    np.testing.assert_allclose(alphas, np.geomspace(amax, 0.05 * amax, 8), rtol=1e-10)
    p, K = X.shape[1], 3
    if multiclass:
        assert coefs.shape == (K, p, 8) and intercepts.shape == (K, 8)
    else:
        assert coefs.shape == (p, 8) and intercepts.shape == (8,)
    assert np.all(coefs[..., 0] == 0)
    for k in (2, 5, 7):
        est = fit(SparseLogisticRegression(alpha=alphas[k], **TIGHT), X, y)
        c = coefs[..., k] if multiclass else coefs[:, k][None, :]
        scale = np.abs(est.coef_).max()
        np.testing.assert_allclose(c, est.coef_, atol=1e-6 * scale)
        b = intercepts[..., k]
        np.testing.assert_allclose(b, est.intercept_.reshape(b.shape),
                                   atol=1e-6 * max(1.0, np.abs(est.intercept_).max()))
    # explicit alphas come back decreasing
    a2, c2, _ = _path(X, y, alphas=[alphas[5], alphas[2]], **TIGHT)
    np.testing.assert_allclose(a2, [alphas[2], alphas[5]])
    np.testing.assert_allclose(c2[..., 1], coefs[..., 5], atol=1e-6 * np.abs(coefs).max())


def test_path_with_weights_and_penalty_factor(saheart):
    X, y = saheart
    sw = np.random.RandomState(10).uniform(0.5, 2, len(y))
    pf = np.linspace(0.5, 2.0, X.shape[1])
    cw = {0: 1.5}
    s = _weights(y, sw, cw)
    amax = alpha_max_ref(X, y, s=s, pf=pf, l1_ratio=0.7)
    alphas, coefs, intercepts = _path(X, y, l1_ratio=0.7, n_alphas=6, sample_weight=sw,
                                      class_weight=cw, penalty_factor=pf, **TIGHT)
    assert alphas[0] == pytest.approx(amax, rel=1e-10)
    for k in (1, 5):
        est = fit(SparseLogisticRegression(alpha=alphas[k], l1_ratio=0.7, penalty_factor=pf,
                                           class_weight=cw, **TIGHT), X, y, sample_weight=sw)
        np.testing.assert_allclose(coefs[:, k], est.coef_[0], atol=1e-7)
        assert intercepts[k] == pytest.approx(est.intercept_[0], abs=1e-7)


def _balanced_binary(X, y, n_per_class, seed=0):
    """Rows with ``n_per_class`` of each class (so every StratifiedKFold fold is equal)."""
    rng = np.random.RandomState(seed)
    rows = np.sort(np.concatenate([rng.choice(np.flatnonzero(y == c), n_per_class, replace=False)
                                   for c in np.unique(y)]))
    return X[rows], y[rows]


def test_cv_reproduces_fold_errors_and_glmnet_summary(spambase):
    X, y = _balanced_binary(*spambase, n_per_class=100)
    cv = StratifiedKFold(4)
    grid = np.geomspace(alpha_max_ref(X, y), 1e-2 * alpha_max_ref(X, y), 8)
    est = SparseLogisticRegressionCV(alphas=grid, cv=cv, alpha_selection="1se", **TIGHT).fit(X, y)
    np.testing.assert_allclose(est.alphas_, grid, rtol=1e-12)
    K = 4
    assert est.cv_path_.shape == (8, K)
    folds = list(cv.split(X, y))
    assert len({len(te) for _, te in folds}) == 1
    for f, (tr, te) in enumerate(folds):
        for k in (0, 3, 7):
            m = fit(SparseLogisticRegression(alpha=grid[k], **TIGHT), X[tr], y[tr])
            err = log_loss(y[te], m.predict_proba(X[te]), labels=m.classes_)
            assert est.cv_path_[k, f] == pytest.approx(err, rel=1e-6)
    np.testing.assert_allclose(est.cv_mean_, est.cv_path_.mean(axis=1), rtol=1e-12)
    np.testing.assert_allclose(est.cv_se_, est.cv_path_.std(axis=1, ddof=1) / np.sqrt(K),
                               rtol=1e-10)
    i_min = int(np.argmin(est.cv_mean_))
    assert est.alpha_min_ == est.alphas_[i_min]
    within = est.cv_mean_ <= est.cv_mean_[i_min] + est.cv_se_[i_min]
    assert est.alpha_1se_ == est.alphas_[within].max()
    assert est.alpha_1se_ >= est.alpha_min_
    assert est.alpha_ == est.alpha_1se_
    # the refit at alpha_ is a plain fit on all rows, and the path's point there
    single = fit(SparseLogisticRegression(alpha=est.alpha_, **TIGHT), X, y)
    np.testing.assert_allclose(est.coef_, single.coef_, atol=1e-7)
    np.testing.assert_allclose(est.intercept_, single.intercept_, atol=1e-7)
    k = int(np.flatnonzero(est.alphas_ == est.alpha_)[0])
    np.testing.assert_allclose(np.ravel(est.coef_), np.ravel(est.coef_path_[..., k]), atol=1e-7)
    np.testing.assert_allclose(est.predict_proba(X), single.predict_proba(X), atol=1e-7)


def test_cv_default_is_stratified_5_fold_and_alpha_min(saheart):
    X, y = saheart
    a = SparseLogisticRegressionCV(alphas=6, tol=1e-8).fit(X, y)
    b = SparseLogisticRegressionCV(alphas=6, tol=1e-8, cv=StratifiedKFold(5)).fit(X, y)
    np.testing.assert_allclose(a.cv_path_, b.cv_path_, rtol=1e-10)
    assert a.cv_path_.shape == (6, 5)
    assert a.alpha_ == a.alpha_min_ == a.alphas_[np.argmin(a.cv_mean_)]
    assert a.alpha_1se_ >= a.alpha_min_
    amax = alpha_max_ref(X, y)
    np.testing.assert_allclose(a.alphas_, np.geomspace(amax, 1e-3 * amax, 6), rtol=1e-10)


@pytest.mark.parametrize("scoring", ["accuracy", "roc_auc", "neg_log_loss"])
def test_cv_scoring(saheart, scoring):
    X, y = saheart
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    grid = np.geomspace(alpha_max_ref(X, y) / 2, alpha_max_ref(X, y) / 100, 5)
    est = SparseLogisticRegressionCV(alphas=grid, cv=cv, scoring=scoring, **TIGHT).fit(X, y)
    metric = {"accuracy": lambda m, Xt, yt: accuracy_score(yt, m.predict(Xt)),
              "roc_auc": lambda m, Xt, yt: roc_auc_score(yt, m.decision_function(Xt)),
              "neg_log_loss": lambda m, Xt, yt: -log_loss(yt, m.predict_proba(Xt))}[scoring]
    for f, (tr, te) in enumerate(cv.split(X, y)):
        for k in (0, 4):
            m = fit(SparseLogisticRegression(alpha=grid[k], **TIGHT), X[tr], y[tr])
            assert est.cv_path_[k, f] == pytest.approx(-metric(m, X[te], y[te]), rel=1e-6,
                                                       abs=1e-9)
    assert est.alpha_ == est.alphas_[np.argmin(est.cv_mean_)]


def test_cv_multiclass_and_n_jobs(news3):
    X, y = news3
    kw = dict(alphas=3, eps=0.2, cv=3, multinomial="grouped", **TIGHT)
    serial = SparseLogisticRegressionCV(**kw).fit(X, y)
    parallel = SparseLogisticRegressionCV(n_jobs=2, **kw).fit(X, y)
    np.testing.assert_allclose(parallel.cv_path_, serial.cv_path_, rtol=1e-12)
    np.testing.assert_array_equal(parallel.coef_, serial.coef_)
    assert serial.alpha_ == parallel.alpha_
    assert serial.coef_.shape == (3, X.shape[1])
    assert serial.predict_proba(X).shape == (len(y), 3)
    np.testing.assert_array_equal(serial.classes_, np.unique(y))
    # fold 0's error at the last alpha, by hand
    tr, te = next(StratifiedKFold(3).split(X, y))
    m = fit(SparseLogisticRegression(alpha=serial.alphas_[-1], multinomial="grouped", **TIGHT),
            X[tr], y[tr])
    assert serial.cv_path_[-1, 0] == pytest.approx(log_loss(y[te], m.predict_proba(X[te])),
                                                   rel=1e-6)


# ============================================================================ 12. sklearn tools
def test_clone_pickle_pipeline_grid_search_and_cross_val_score(saheart):
    X, y = saheart
    est = SparseLogisticRegression(alpha=0.01, l1_ratio=0.5, tol=1e-8)
    twin = clone(est)
    assert twin.get_params() == est.get_params() and not hasattr(twin, "coef_")
    est.fit(X, y)
    back = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(back.coef_, est.coef_)
    np.testing.assert_array_equal(back.predict_proba(X), est.predict_proba(X))

    pipe = make_pipeline(StandardScaler(), SparseLogisticRegression(alpha=0.01, tol=1e-8))
    pipe.fit(X, y)
    assert pipe.score(X, y) > 0.65

    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    grid = [0.001, 0.01, 0.05]
    search = GridSearchCV(SparseLogisticRegression(tol=1e-8), {"alpha": grid}, cv=cv).fit(X, y)
    manual = [np.mean([accuracy_score(y[te], SparseLogisticRegression(alpha=a, tol=1e-8)
                                      .fit(X[tr], y[tr]).predict(X[te]))
                       for tr, te in cv.split(X, y)]) for a in grid]
    np.testing.assert_allclose(search.cv_results_["mean_test_score"], manual)
    scores = cross_val_score(SparseLogisticRegression(alpha=0.01, tol=1e-8), X, y, cv=cv,
                             scoring="neg_log_loss")
    assert scores.shape == (3,) and np.all(scores < 0)
    cvest = SparseLogisticRegressionCV(alphas=4, cv=3).fit(X, y)
    back = pickle.loads(pickle.dumps(cvest))
    np.testing.assert_array_equal(back.predict(X), cvest.predict(X))


@pytest.mark.parametrize("T", [1, 3])
def test_logistic_family_functions_match_scipy_at_extremes(T):
    """The solver's probabilities, loss and dual entropy (written for speed
    without scipy) equal scipy's formulas, including at |eta| = 800 (exp
    overflows) and at probabilities exactly 0 and 1 (0 log 0 = 0)."""
    from scipy.special import xlogy

    from sparselearn.linear_model._newton import LogisticProblem

    rng = np.random.RandomState(0)
    n = 12
    eta = rng.randn(n, T) * 5.0
    eta[:3] = [[800.0] * T, [-800.0] * T, [40.0] * T]
    Y = (rng.rand(n, 1) < 0.5).astype(float) if T == 1 else np.eye(T)[rng.randint(T, size=n)]
    w = rng.rand(n)
    w /= w.sum()
    prob = LogisticProblem(np.asfortranarray(rng.randn(n, 2)), Y, w, fit_intercept=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning escapes
        P = prob.probs(eta)
        loss = prob.loss(eta)
    if T == 1:
        np.testing.assert_allclose(P, expit(eta), rtol=1e-15, atol=0)
        ref = w @ (np.logaddexp(0.0, eta[:, 0]) - Y[:, 0] * eta[:, 0])
    else:
        np.testing.assert_allclose(P, softmax(eta, axis=1), rtol=1e-14, atol=1e-300)
        ref = w @ (logsumexp(eta, axis=1) - np.sum(Y * eta, axis=1))
    np.testing.assert_allclose(loss, ref, rtol=1e-14)
    Q = P.copy()
    Q[3] = 0.0 if T == 1 else np.eye(T)[0]  # exact zeros and ones
    Q[4] = 1.0 if T == 1 else np.eye(T)[1]
    full = np.c_[1.0 - Q, Q] if T == 1 else Q
    ref = -(w @ xlogy(full, full).sum(axis=1))
    np.testing.assert_allclose(prob.entropy(Q), ref, rtol=1e-14)
    assert np.isfinite(prob.entropy(Q))


def test_working_set_holding_every_violator_is_polished_in_place(news_binary, monkeypatch):
    """A working set that left no violator out has nothing to grow into: its
    Newton steps go on until its gap target (several steps per outer round),
    instead of returning to a full pass over the features after every step
    because the support fills it; the answer is unchanged."""
    from sparselearn.linear_model import _newton

    calls = []
    inner = _newton._newton_on_working_set

    def record(*args, **kwargs):
        out = inner(*args, **kwargs)
        calls.append((args[-1], out[0]))  # (truncated, Newton steps)
        return out

    monkeypatch.setattr(_newton, "_newton_on_working_set", record)
    X, y = news_binary
    alpha = 0.001 * alpha_max_ref(X, y, fit_intercept=False)
    est = SparseLogisticRegression(alpha=alpha, fit_intercept=False, tol=1e-8,
                                   max_iter=1000).fit(X, y)
    assert_kkt(X, y, est, alpha=alpha, fit_intercept=False)
    assert any(truncated for truncated, _ in calls)  # the working sets grew first
    complete = [steps for truncated, steps in calls if not truncated]
    assert complete and max(complete) >= 2, calls
    assert len(calls) < est.n_iter_  # fewer outer rounds than Newton steps
