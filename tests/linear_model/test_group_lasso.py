"""GroupLasso, SparseGroupLasso and group_alpha_max against independent references.

Objective (``s`` the sample weights, ones by default; ``b = 0`` without an
intercept)::

    1 / (2 * sum(s)) * sum_i s_i * (y_i - x_i w - b)^2
        + alpha * ((1 - l1_ratio) * sum_g weights_g * ||w_g||_2 + l1_ratio * ||w||_1)

``weights_g`` defaults to sqrt(size of group g); columns labelled ``-1`` are
in no group and not penalized at all (neither term); ``positive=True`` adds
the constraint ``w >= 0``.  ``GroupLasso`` is ``l1_ratio = 0``.

References, written here in numpy/scipy from the definition above (no
expected value comes from sparselearn's group parsing or group solver): the
KKT conditions of each group, an accelerated proximal gradient (FISTA)
solver, closed forms (one group on an orthonormal design), the critical
``alpha`` of each group (bisection), and peer solvers (singleton groups or
``l1_ratio=1`` against scikit-learn's and sparselearn's Lasso, skglm's
GroupLasso on real data).
"""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.optimize
import scipy.sparse as sp
from sklearn import linear_model as sklm
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.metrics import r2_score
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from sparselearn.linear_model import (
    GroupLasso,
    GroupSpec,
    Lasso,
    SparseGroupLasso,
    check_groups,
    group_alpha_max,
    make_group_pipeline,
)

TIGHT = dict(tol=1e-10, max_iter=100_000)


# ============================================================================ references
def _dense(X):
    return np.asarray(X.toarray() if sp.issparse(X) else X, dtype=np.float64)


def _fmt(X, fmt):
    if fmt == "dense":
        return X
    return sp.csr_matrix(X) if fmt == "csr" else sp.csc_matrix(X)


def _sw(sw, n):
    return np.ones(n) if sw is None else np.asarray(sw, dtype=np.float64)


def centered(X, y, sw=None, fit_intercept=True):
    """``(Xc, yc, s, x_mean, y_mean)``: weighted-centered data (plain data without intercept)."""
    X, y = _dense(X), np.asarray(y, dtype=np.float64)
    s = _sw(sw, X.shape[0])
    if not fit_intercept:
        return X, y, s, np.zeros(X.shape[1]), 0.0
    xm, ym = s @ X / s.sum(), s @ y / s.sum()
    return X - xm, y - ym, s, xm, ym


def penalized_columns(groups, p):
    pen = np.zeros(p, dtype=bool)
    for G in groups:
        pen[np.asarray(G)] = True
    return pen


def objective(X, y, coef, intercept, *, alpha, l1_ratio, groups, weights, sw=None):
    """The sparse group lasso objective; ``groups`` a list of column-index lists."""
    X, y = _dense(X), np.asarray(y, dtype=np.float64)
    coef = np.asarray(coef, dtype=np.float64)
    s = _sw(sw, X.shape[0])
    r = y - X @ coef - float(intercept)
    loss = 0.5 * (s @ r**2) / s.sum()
    group_pen = sum(w * np.linalg.norm(coef[np.asarray(G)]) for G, w in zip(groups, weights))
    l1_pen = np.abs(coef[penalized_columns(groups, X.shape[1])]).sum()
    return float(loss + alpha * ((1 - l1_ratio) * group_pen + l1_ratio * l1_pen))


def gradient(X, y, coef, sw=None, fit_intercept=True):
    """``Xc^T (s * r) / sum(s)`` at ``coef`` (the intercept at its optimum), centered data."""
    Xc, yc, s, _, _ = centered(X, y, sw, fit_intercept)
    r = yc - Xc @ np.asarray(coef, dtype=np.float64)
    return Xc.T @ (s * r) / s.sum()


def kkt_scale(X, y, sw=None, fit_intercept=True):
    """max_j rms_s(xc_j) * rms_s(yc): the size of the gradient at coef = 0."""
    Xc, yc, s, _, _ = centered(X, y, sw, fit_intercept)
    return float(np.sqrt((s @ Xc**2 / s.sum()).max() * (s @ yc**2) / s.sum()))


def kkt_residuals(X, y, coef, *, alpha, l1_ratio, groups, weights, sw=None,
                  fit_intercept=True, positive=False):
    """Violation of each optimality condition, by kind (lists of floats).

    With ``g`` the gradient, ``a1 = alpha * l1_ratio`` and
    ``a2 = alpha * (1 - l1_ratio) * weights_g``:

    - zero group: ``||S_a1(g_G)|| <= a2`` (``||(g_G - a1)_+|| <= a2`` when positive);
    - nonzero group, nonzero j: ``g_j = a1 sign(w_j) + a2 w_j / ||w_G||``;
    - nonzero group, zero j: ``|g_j| <= a1`` (``g_j <= a1`` when positive);
    - unpenalized column j: ``g_j = 0`` (``g_j <= 0`` at a zero when positive).
    """
    coef = np.asarray(coef, dtype=np.float64)
    g = gradient(X, y, coef, sw, fit_intercept)
    a1 = alpha * l1_ratio
    out = {"zero_group": [], "nonzero_coord": [], "zero_in_group": [], "unpenalized": []}
    for G, wg in zip(groups, weights):
        G = np.asarray(G)
        a2 = alpha * (1 - l1_ratio) * wg
        wG, gG = coef[G], g[G]
        if positive:
            assert np.all(wG >= 0)
        norm = np.linalg.norm(wG)
        if norm == 0:
            shrunk = np.maximum(gG - a1, 0) if positive else \
                np.sign(gG) * np.maximum(np.abs(gG) - a1, 0)
            out["zero_group"].append(max(np.linalg.norm(shrunk) - a2, 0.0))
            continue
        nz = wG != 0
        target = a1 * np.sign(wG[nz]) + a2 * wG[nz] / norm
        out["nonzero_coord"].extend(np.abs(gG[nz] - target))
        z = gG[~nz]
        out["zero_in_group"].extend(np.maximum(z - a1, 0) if positive
                                    else np.maximum(np.abs(z) - a1, 0))
    unpen = ~penalized_columns(groups, len(coef))
    for j in np.flatnonzero(unpen):
        out["unpenalized"].append(max(g[j], 0.0) if positive and coef[j] == 0 else abs(g[j]))
    return out


def assert_kkt(X, y, est, *, alpha, l1_ratio, groups, weights, sw=None, fit_intercept=True,
               positive=False, rtol=1e-8):
    """KKT conditions per group, and the intercept at its optimum given ``coef_``."""
    res = kkt_residuals(X, y, est.coef_, alpha=alpha, l1_ratio=l1_ratio, groups=groups,
                        weights=weights, sw=sw, fit_intercept=fit_intercept, positive=positive)
    tol = rtol * kkt_scale(X, y, sw, fit_intercept)
    for kind, values in res.items():
        worst = max(values, default=0.0)
        assert worst <= tol, f"KKT '{kind}' violated by {worst:.3g} > {tol:.3g}"
    _, _, _, xm, ym = centered(X, y, sw, fit_intercept)
    b = ym - xm @ np.asarray(est.coef_, dtype=np.float64) if fit_intercept else 0.0
    assert float(est.intercept_) == pytest.approx(b, abs=1e-9 * (1 + abs(b)))
    return res


def prox(v, t, *, alpha, l1_ratio, groups, weights, positive=False):
    """Proximal operator of ``t * penalty`` (+ indicator of w >= 0)."""
    out = np.array(v, dtype=np.float64)
    if positive:
        out = np.maximum(out, 0.0)
    pen = penalized_columns(groups, len(out))
    a1 = t * alpha * l1_ratio
    out[pen] = np.sign(out[pen]) * np.maximum(np.abs(out[pen]) - a1, 0.0)
    for G, wg in zip(groups, weights):
        G = np.asarray(G)
        norm = np.linalg.norm(out[G])
        a2 = t * alpha * (1 - l1_ratio) * wg
        out[G] = 0.0 if norm <= a2 else out[G] * (1 - a2 / norm)
    return out


def fista(X, y, *, alpha, l1_ratio, groups, weights, sw=None, fit_intercept=True,
          positive=False, max_iter=100_000):
    """Accelerated proximal gradient (gradient-based adaptive restart); ``(coef, intercept)``.

    Runs until the gradient mapping ``L * (z - prox(z - grad / L))`` is below
    1e-13 of the gradient's scale (fails otherwise).
    """
    Xc, yc, s, xm, ym = centered(X, y, sw, fit_intercept)
    S = s.sum()
    H = Xc.T @ (s[:, None] * Xc) / S
    q = Xc.T @ (s * yc) / S
    L = np.linalg.eigvalsh(H).max()
    stop = 1e-13 * np.abs(q).max()
    kw = dict(alpha=alpha, l1_ratio=l1_ratio, groups=groups, weights=weights, positive=positive)
    w = np.zeros(Xc.shape[1])
    z, t = w.copy(), 1.0
    for _ in range(max_iter):
        w_new = prox(z - (H @ z - q) / L, 1.0 / L, **kw)
        if L * np.abs(w_new - z).max() <= stop:
            w = w_new
            break
        if np.dot(z - w_new, w_new - w) > 0:  # restart the momentum
            z, t = w_new.copy(), 1.0
            w = w_new
            continue
        t_new = 0.5 * (1 + np.sqrt(1 + 4 * t * t))
        z = w_new + (t - 1) / t_new * (w_new - w)
        w, t = w_new, t_new
    else:
        raise AssertionError("the FISTA reference did not converge")
    return w, (ym - xm @ w if fit_intercept else 0.0)


def null_residual(X, y, sw, unpen, fit_intercept):
    """Residual of the weighted least-squares fit of y on [1, X[:, unpen]]."""
    X, y = _dense(X), np.asarray(y, dtype=np.float64)
    s = _sw(sw, X.shape[0])
    cols = [X[:, unpen]] + ([np.ones((X.shape[0], 1))] if fit_intercept else [])
    A = np.hstack(cols)
    if A.shape[1] == 0:
        return y.copy(), s
    rs = np.sqrt(s)
    beta = np.linalg.lstsq(rs[:, None] * A, rs * y, rcond=None)[0]
    return y - A @ beta, s


def critical_alpha(c, l1_ratio, weight):
    """Smallest alpha with ||S_{alpha l1}(c)|| <= alpha (1 - l1) weight (c: X_G^T s r / S)."""
    c = np.abs(np.asarray(c, dtype=np.float64))
    if l1_ratio == 0:
        return np.linalg.norm(c) / weight
    if weight * (1 - l1_ratio) == 0:
        return c.max() / l1_ratio

    def h(a):
        return np.linalg.norm(np.maximum(c - a * l1_ratio, 0)) - a * (1 - l1_ratio) * weight

    hi = c.max() / l1_ratio
    if hi == 0:
        return 0.0
    return scipy.optimize.brentq(h, 0.0, hi, xtol=1e-15 * hi, rtol=1e-15)


def alpha_max_ref(X, y, *, groups, weights, l1_ratio=0.0, sw=None, fit_intercept=True):
    X = _dense(X)
    unpen = ~penalized_columns(groups, X.shape[1])
    r, s = null_residual(X, y, sw, unpen, fit_intercept)
    c = X.T @ (s * r) / s.sum()
    return max(critical_alpha(c[np.asarray(G)], l1_ratio, w) for G, w in zip(groups, weights))


def fit(est, X, y, sw=None):
    """Fit, failing on a ConvergenceWarning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        return est.fit(X, y, sample_weight=sw)


# ============================================================================ problems
#  unequal sizes (3, 1, 4, 2, 2), non-contiguous, listed in scrambled order
SCRAMBLED = [[7, 0, 10], [4], [11, 2, 9, 5], [8, 1], [3, 6]]


def problem(seed=0, n=40, p=12, active=(0, 10, 7, 2, 5), noise=0.5):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) + 0.4 * rng.standard_normal((n, 1))
    X[:, 3] *= 3.0  # unequal column scales
    w = np.zeros(p)
    active = [j for j in active if j < p]
    w[active] = rng.uniform(1, 2, len(active)) * rng.choice([-1, 1], len(active))
    w[0] *= 0.05  # a small coefficient in an active group (a zero with l1_ratio > 0)
    y = X @ w + noise * rng.standard_normal(n) + 3.0
    return X, y


def sqrt_sizes(groups):
    return np.sqrt([len(G) for G in groups])


def frac_alpha(X, y, frac, groups=SCRAMBLED, l1_ratio=0.0, sw=None, fit_intercept=True):
    """``frac * alpha_max`` (reference) for default weights."""
    return frac * alpha_max_ref(X, y, groups=groups, weights=sqrt_sizes(groups),
                                l1_ratio=l1_ratio, sw=sw, fit_intercept=fit_intercept)


# ============================================================================ 1. KKT
def _kkt_case(kind, p):
    """``(groups param, reference groups, sample weights)``."""
    if kind == "lists":
        return SCRAMBLED, SCRAMBLED, None
    # labels with unpenalized columns (-1), non-contiguous, sample weights
    labels = np.array([3, 0, -1, 3, 5, 7, -1, 7, 5, 3, 0, 7])[:p]
    ref = [np.flatnonzero(labels == v).tolist() for v in (0, 3, 5, 7)]
    sw = np.random.default_rng(5).uniform(0.2, 3.0, 40)
    return labels, ref, sw


@pytest.mark.parametrize("fmt", ["dense", "csr", "csc"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("l1_ratio", [0.0, 0.5])
@pytest.mark.parametrize("kind", ["lists", "labels_unpenalized_sw"])
def test_kkt_conditions_per_group(fmt, fit_intercept, l1_ratio, kind):
    X, y = problem(1)
    groups, ref_groups, sw = _kkt_case(kind, X.shape[1])
    weights = sqrt_sizes(ref_groups)
    amax = alpha_max_ref(X, y, groups=ref_groups, weights=weights, l1_ratio=l1_ratio, sw=sw,
                         fit_intercept=fit_intercept)
    alpha = amax / 4
    est = fit(SparseGroupLasso(alpha=alpha, groups=groups, l1_ratio=l1_ratio,
                               fit_intercept=fit_intercept, **TIGHT), _fmt(X, fmt), y, sw)
    res = assert_kkt(X, y, est, alpha=alpha, l1_ratio=l1_ratio, groups=ref_groups,
                     weights=weights, sw=sw, fit_intercept=fit_intercept)
    # the problem exercises both kinds of group (else the check is vacuous)
    assert res["zero_group"] and res["nonzero_coord"]
    if kind != "lists":
        assert len(res["unpenalized"]) == 2
    # the reported gap is non-negative and below the stopping threshold
    _, yc, s, _, _ = centered(X, y, sw, fit_intercept)
    assert 0 <= est.dual_gap_ <= 1e-10 * (s @ yc**2) / s.sum() * (1 + 1e-6)


# ============================================================================ 2. FISTA
@pytest.mark.parametrize("l1_ratio", [0.0, 0.5])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_matches_fista(l1_ratio, fit_intercept):
    X, y = problem(2, n=30, p=12)
    groups = SCRAMBLED
    weights = np.array([1.0, 0.5, 2.0, 1.5, 1.0])
    sw = np.random.default_rng(3).uniform(0.5, 2.0, 30)
    alpha = alpha_max_ref(X, y, groups=groups, weights=weights, l1_ratio=l1_ratio, sw=sw,
                          fit_intercept=fit_intercept) / 6
    kw = dict(alpha=alpha, l1_ratio=l1_ratio, groups=groups, weights=weights, sw=sw)
    w_ref, b_ref = fista(X, y, fit_intercept=fit_intercept, **kw)
    est = fit(SparseGroupLasso(alpha=alpha, groups=groups, l1_ratio=l1_ratio, weights=weights,
                               fit_intercept=fit_intercept, **TIGHT), X, y, sw)
    P_lib = objective(X, y, est.coef_, est.intercept_, **kw)
    P_ref = objective(X, y, w_ref, b_ref, **kw)
    assert P_lib <= P_ref + 1e-9 * abs(P_ref), (P_lib, P_ref)
    assert P_ref <= P_lib + 1e-9 * abs(P_ref), (P_lib, P_ref)  # FISTA really converged
    np.testing.assert_allclose(est.coef_, w_ref, rtol=0, atol=1e-5 * np.abs(w_ref).max())
    assert float(est.intercept_) == pytest.approx(b_ref, abs=1e-5 * (1 + abs(b_ref)))
    assert np.count_nonzero(w_ref) not in (0, X.shape[1])


# ============================================================================ 3. Lasso
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("case", ["singletons_group_lasso", "singletons_sgl", "l1_ratio_1"])
def test_reduces_to_lasso(case, fit_intercept):
    X, y = problem(3)
    sw = np.random.default_rng(4).uniform(0.5, 2.0, X.shape[0])
    alpha = 0.1
    if case == "singletons_group_lasso":  # weights sqrt(1) = 1
        est = GroupLasso(alpha=alpha, groups=1, fit_intercept=fit_intercept, **TIGHT)
    elif case == "singletons_sgl":  # alpha (l1 |w| + (1 - l1) |w|) = alpha |w|
        est = SparseGroupLasso(alpha=alpha, groups=1, l1_ratio=0.3,
                               fit_intercept=fit_intercept, **TIGHT)
    else:
        est = SparseGroupLasso(alpha=alpha, groups=SCRAMBLED, l1_ratio=1.0,
                               fit_intercept=fit_intercept, **TIGHT)
    fit(est, X, y, sw)
    ours = fit(Lasso(alpha=alpha, fit_intercept=fit_intercept, **TIGHT), X, y, sw)
    theirs = sklm.Lasso(alpha=alpha, fit_intercept=fit_intercept, tol=1e-14,
                        max_iter=1_000_000).fit(X, y, sample_weight=sw)
    scale = np.abs(theirs.coef_).max()
    assert 0 < np.count_nonzero(theirs.coef_) < X.shape[1]
    for ref in (ours, theirs):
        np.testing.assert_allclose(est.coef_, ref.coef_, rtol=0, atol=1e-6 * scale)
        assert float(est.intercept_) == pytest.approx(ref.intercept_, abs=1e-6 * scale)
        np.testing.assert_array_equal(est.coef_ == 0, ref.coef_ == 0)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("factor", [0.25, 2.0])
def test_singletons_with_unpenalized_columns_equal_lasso_penalty_factor(factor, fit_intercept):
    """Singleton groups and ``-1`` columns = Lasso with penalty_factor 1 / 0, and past alpha_max."""
    X, y = problem(28)
    X[:, [0, 4]] += 2 * X[:, [2]]  # penalized columns correlated with an unpenalized one
    labels = np.arange(12)
    labels[[2, 6]] = -1
    pf = (labels >= 0).astype(float)
    ref_groups = [[j] for j in np.flatnonzero(labels >= 0)]
    amax = alpha_max_ref(X, y, groups=ref_groups, weights=np.ones(10),
                         fit_intercept=fit_intercept)
    alpha = factor * amax
    est = fit(GroupLasso(alpha=alpha, groups=labels, fit_intercept=fit_intercept, **TIGHT), X, y)
    ref = fit(Lasso(alpha=alpha, penalty_factor=pf, fit_intercept=fit_intercept, **TIGHT), X, y)
    if factor > 1:
        assert np.all(ref.coef_[pf > 0] == 0)  # the reference's own null model
    else:
        assert 0 < np.count_nonzero(ref.coef_[pf > 0]) < 10
    np.testing.assert_allclose(est.coef_, ref.coef_, rtol=0,
                               atol=1e-6 * np.abs(ref.coef_).max())
    np.testing.assert_array_equal(est.coef_ == 0, ref.coef_ == 0)


# ============================================================================ 4. closed form
@pytest.mark.parametrize("factor", [0.3, 0.9, 1.2])
def test_one_group_orthonormal_closed_form(factor):
    rng = np.random.default_rng(6)
    n, p = 20, 5
    Q, _ = np.linalg.qr(rng.standard_normal((n, p)))
    X = Q * np.sqrt(n)  # X^T X / n = I
    y = X @ rng.standard_normal(p) + rng.standard_normal(n)
    z = X.T @ y / n
    alpha = factor * np.linalg.norm(z) / np.sqrt(p)  # 1.2: beyond alpha_max
    expected = max(0.0, 1 - alpha * np.sqrt(p) / np.linalg.norm(z)) * z
    for est in (GroupLasso(alpha=alpha, groups=p, fit_intercept=False, **TIGHT),
                SparseGroupLasso(alpha=alpha, groups=[p], l1_ratio=0.0, fit_intercept=False,
                                 **TIGHT)):
        fit(est, X, y)
        np.testing.assert_allclose(est.coef_, expected, rtol=1e-8, atol=1e-12)
        assert est.intercept_ == 0


# ============================================================================ 5. alpha_max
@pytest.mark.parametrize("l1_ratio", [0.0, 0.5])
@pytest.mark.parametrize("setting", ["plain", "unpenalized", "intercept_sw", "all"])
def test_group_alpha_max(l1_ratio, setting):
    X, y = problem(7)
    n = X.shape[0]
    fit_intercept = setting in ("intercept_sw", "all")
    sw = np.random.default_rng(8).uniform(0.2, 3.0, n) if fit_intercept else None
    if setting in ("unpenalized", "all"):
        labels = np.array([0, 0, -1, 1, 1, 1, 2, -1, 2, 3, 3, 3])
        groups = labels
        ref_groups = [np.flatnonzero(labels == g).tolist() for g in range(4)]
        X[:, [0, 4]] += 2 * X[:, [2]]  # penalized columns correlated with unpenalized ones
    else:
        groups = SCRAMBLED
        ref_groups = SCRAMBLED
    weights = np.array([1.0, 2.0, 0.7, 1.3, 0.4])[:len(ref_groups)]
    amax = group_alpha_max(X, y, groups, l1_ratio=l1_ratio, weights=weights,
                           fit_intercept=fit_intercept, sample_weight=sw)
    ref = alpha_max_ref(X, y, groups=ref_groups, weights=weights, l1_ratio=l1_ratio, sw=sw,
                        fit_intercept=fit_intercept)
    assert amax == pytest.approx(ref, rel=1e-10)
    pen = penalized_columns(ref_groups, X.shape[1])
    kw = dict(groups=groups, weights=weights, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
              tol=1e-12, max_iter=100_000)
    # exactly at alpha_max (the null model is the solver's start: the unpenalized
    # columns are fitted by least squares first) the penalized coefficients are
    # exactly 0; with unpenalized columns just above it (1e-9: beyond rounding)
    factor = 1.0 if np.all(pen) else 1 + 1e-9
    at = fit(SparseGroupLasso(alpha=amax * factor, **kw), X, y, sw)
    assert np.all(at.coef_[pen] == 0), np.abs(at.coef_[pen]).max()
    if not np.all(pen):  # the unpenalized columns are the least-squares fit
        r, s = null_residual(X, y, sw, ~pen, fit_intercept)
        np.testing.assert_allclose(X @ at.coef_ + at.intercept_, y - r, rtol=1e-8, atol=1e-8)
    below = fit(SparseGroupLasso(alpha=0.95 * amax, **kw), X, y, sw)
    assert np.any(below.coef_[pen] != 0)
    if l1_ratio == 0:  # GroupLasso is the same
        assert group_alpha_max(X, y, groups, weights=weights, fit_intercept=fit_intercept,
                               sample_weight=sw) == amax
        kw.pop("l1_ratio")
        assert np.all(fit(GroupLasso(alpha=amax * factor, **kw), X, y, sw).coef_[pen] == 0)


def test_group_alpha_max_l1_ratio_zero_formula():
    """For the group lasso: max_g ||X_G^T r|| / (n w_g), r the centered target."""
    X, y = problem(9)
    yc = y - y.mean()
    n = X.shape[0]
    expected = max(np.linalg.norm(X[:, G].T @ yc) / (n * np.sqrt(len(G))) for G in SCRAMBLED)
    assert group_alpha_max(X, y, SCRAMBLED) == pytest.approx(expected, rel=1e-12)
    expected = max(np.linalg.norm(X[:, G].T @ y) / (n * np.sqrt(len(G))) for G in SCRAMBLED)
    assert group_alpha_max(X, y, SCRAMBLED, fit_intercept=False) == pytest.approx(
        expected, rel=1e-12)
    assert group_alpha_max(sp.csr_matrix(X), y, SCRAMBLED, fit_intercept=False) == \
        pytest.approx(expected, rel=1e-12)


# ============================================================================ 6. input formats
@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("l1_ratio", [0.0, 0.5])
def test_dense_equals_sparse(fmt, l1_ratio):
    X, y = problem(10)
    X[np.abs(X) < 0.7] = 0.0  # really sparse
    sw = np.random.default_rng(11).uniform(0.5, 2.0, X.shape[0])
    alpha = frac_alpha(X, y, 0.25, l1_ratio=l1_ratio, sw=sw)
    kw = dict(alpha=alpha, groups=SCRAMBLED, l1_ratio=l1_ratio, **TIGHT)
    dense = fit(SparseGroupLasso(**kw), X, y, sw)
    sparse = fit(SparseGroupLasso(**kw), _fmt(X, fmt), y, sw)
    assert 0 < np.count_nonzero(dense.coef_) < X.shape[1]
    np.testing.assert_allclose(sparse.coef_, dense.coef_, rtol=0, atol=1e-8)
    assert sparse.intercept_ == pytest.approx(dense.intercept_, abs=1e-8)
    np.testing.assert_allclose(sparse.predict(_fmt(X, fmt)), dense.predict(X), atol=1e-7)


@pytest.mark.parametrize("fmt", ["dense", "csr"])
def test_float32(fmt):
    X, y = problem(12)
    alpha = frac_alpha(X, y, 0.25, l1_ratio=0.5)
    kw = dict(alpha=alpha, groups=SCRAMBLED, l1_ratio=0.5, tol=1e-8, max_iter=100_000)
    ref = fit(SparseGroupLasso(**kw), X, y)
    est = fit(SparseGroupLasso(**kw), _fmt(X.astype(np.float32), fmt), y.astype(np.float32))
    assert est.coef_.dtype == np.float32
    assert np.asarray(est.intercept_).dtype == np.float32
    assert est.predict(_fmt(X.astype(np.float32), fmt)).dtype == np.float32
    np.testing.assert_allclose(est.coef_, ref.coef_, rtol=0,
                               atol=1e-4 * np.abs(ref.coef_).max())
    assert est.intercept_ == pytest.approx(ref.intercept_, rel=1e-4)


def test_memory_order_and_read_only_inputs():
    X, y = problem(13)
    sw = np.random.default_rng(14).uniform(0.5, 2.0, X.shape[0])
    kw = dict(alpha=frac_alpha(X, y, 0.25, l1_ratio=0.5, sw=sw), groups=SCRAMBLED,
              l1_ratio=0.5, **TIGHT)
    ref = fit(SparseGroupLasso(**kw), np.ascontiguousarray(X), y, sw)
    XF = np.asfortranarray(X)
    np.testing.assert_allclose(fit(SparseGroupLasso(**kw), XF, y, sw).coef_, ref.coef_,
                               atol=1e-10)
    for Xr in (np.ascontiguousarray(X).copy(), np.asfortranarray(X).copy(),
               sp.csc_matrix(X)):
        yr, swr = y.copy(), sw.copy()
        data = Xr.data if sp.issparse(Xr) else Xr
        before = (data.copy(), yr.copy(), swr.copy())
        for a in (data, yr, swr):
            a.flags.writeable = False
        est = fit(SparseGroupLasso(**kw), Xr, yr, swr)
        np.testing.assert_allclose(est.coef_, ref.coef_, atol=1e-10)
        np.testing.assert_array_equal(data, before[0])
        np.testing.assert_array_equal(yr, before[1])
        np.testing.assert_array_equal(swr, before[2])
    # and a writeable X (column permutation, centering) is not mutated either
    X2 = X.copy()
    fit(SparseGroupLasso(**kw), X2, y, sw)
    np.testing.assert_array_equal(X2, X)


# ============================================================================ 7. sample weights
@pytest.mark.parametrize("fmt", ["dense", "csc"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_integer_weights_equal_repeated_rows(fmt, fit_intercept):
    X, y = problem(15, n=30)
    sw = np.random.default_rng(16).integers(0, 4, X.shape[0])
    sw[0] = 0  # dropped row
    rep = np.repeat(np.arange(X.shape[0]), sw)
    alpha = frac_alpha(X, y, 0.25, l1_ratio=0.5, sw=sw, fit_intercept=fit_intercept)
    kw = dict(alpha=alpha, groups=SCRAMBLED, l1_ratio=0.5, fit_intercept=fit_intercept, **TIGHT)
    weighted = fit(SparseGroupLasso(**kw), _fmt(X, fmt), y, sw)
    repeated = fit(SparseGroupLasso(**kw), _fmt(X[rep], fmt), y[rep])
    assert 0 < np.count_nonzero(repeated.coef_) < X.shape[1]
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=0, atol=1e-7)
    assert weighted.intercept_ == pytest.approx(repeated.intercept_, abs=1e-7)


# ============================================================================ 8. group forms
def test_every_group_form_gives_the_same_fit():
    X, y = problem(17, p=9, active=(0, 4, 5))
    names = [f"f{j}" for j in range(9)]
    df = pd.DataFrame(X, columns=names)
    members = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    forms = {
        "int": (3, X),
        "sizes": ([3, 3, 3], X),
        "labels": ([0, 0, 0, 1, 1, 1, 2, 2, 2], X),
        "labels_any_values": (np.array([5, 5, 5, 9, 9, 9, 11, 11, 11]), X),
        "string_labels": (["a"] * 3 + ["b"] * 3 + ["c"] * 3, X),
        "index_lists": ([[2, 0, 1], [5, 3, 4], [8, 7, 6]], X),
        "dict_indices": ({"a": [0, 1, 2], "b": [3, 4, 5], "c": [6, 7, 8]}, X),
        "dict_names": ({"a": names[:3], "b": names[3:6], "c": names[6:]}, df),
        "groupspec": (check_groups(members, 9), X),
    }
    alpha = frac_alpha(X, y, 0.3, groups=members)
    fits = {}
    for key, (groups, data) in forms.items():
        for cls, extra in ((GroupLasso, {}), (SparseGroupLasso, {"l1_ratio": 0.5})):
            est = fit(cls(alpha=alpha, groups=groups, **extra, **TIGHT), data, y)
            assert [m.tolist() for m in est.groups_.members] == members, key
            np.testing.assert_array_equal(est.weights_, np.sqrt(3.0))
            fits[key, cls.__name__] = est
    for (key, name), est in fits.items():
        ref = fits["int", name]
        assert 0 < np.count_nonzero(ref.coef_) < 9
        # a DataFrame reaches the solver in another memory order: rounding differs
        np.testing.assert_allclose(est.coef_, ref.coef_, rtol=0, atol=1e-8, err_msg=key)
        assert est.intercept_ == pytest.approx(ref.intercept_, abs=1e-8)
    assert fits["dict_names", "GroupLasso"].group_names_ == ("a", "b", "c")
    assert fits["string_labels", "GroupLasso"].group_names_ == ("a", "b", "c")
    assert fits["sizes", "GroupLasso"].group_names_ is None
    np.testing.assert_array_equal(fits["dict_names", "GroupLasso"].feature_names_in_, names)


@pytest.mark.parametrize("l1_ratio", [0.0, 0.5])
@pytest.mark.parametrize("unpenalized", [False, True])
def test_scrambled_groups_equal_permuted_problem(l1_ratio, unpenalized):
    X, y = problem(18)
    if unpenalized:  # labels: groups 0..2, columns 2 and 6 unpenalized
        labels = np.array([1, 0, -1, 1, 2, 0, -1, 2, 2, 1, 0, 2])
        groups = labels
        members = [np.flatnonzero(labels == g) for g in range(3)]
        ref_groups = [m.tolist() for m in members]
        perm = np.concatenate(members + [np.flatnonzero(labels == -1)])
        contiguous = np.repeat([0, 1, 2, -1], [len(m) for m in members] + [2])
    else:
        groups = ref_groups = SCRAMBLED
        perm = np.concatenate(SCRAMBLED)
        contiguous = [len(G) for G in SCRAMBLED]
    kw = dict(alpha=frac_alpha(X, y, 0.25, ref_groups, l1_ratio), l1_ratio=l1_ratio, **TIGHT)
    scr = fit(SparseGroupLasso(groups=groups, **kw), X, y)
    per = fit(SparseGroupLasso(groups=contiguous, **kw), X[:, perm], y)
    back = np.empty_like(per.coef_)
    back[perm] = per.coef_
    assert 0 < np.count_nonzero(back) < X.shape[1]
    np.testing.assert_allclose(scr.coef_, back, rtol=0, atol=1e-8)
    assert scr.intercept_ == pytest.approx(per.intercept_, abs=1e-8)


# ============================================================================ 9. positive
@pytest.mark.parametrize("l1_ratio", [0.0, 0.5])
@pytest.mark.parametrize("fmt", ["dense", "csc"])
def test_positive(l1_ratio, fmt):
    X, y = problem(19)
    labels = np.array([3, 0, -1, 3, 5, 7, -1, 7, 5, 3, 0, 7])
    ref_groups = [np.flatnonzero(labels == v).tolist() for v in (0, 3, 5, 7)]
    weights = sqrt_sizes(ref_groups)
    alpha = frac_alpha(X, y, 0.25, ref_groups, l1_ratio)
    est = fit(SparseGroupLasso(alpha=alpha, groups=labels, l1_ratio=l1_ratio, positive=True,
                               **TIGHT), _fmt(X, fmt), y)
    assert np.all(est.coef_ >= 0)
    unconstrained = fit(SparseGroupLasso(alpha=alpha, groups=labels, l1_ratio=l1_ratio, **TIGHT),
                        X, y)
    assert np.any(unconstrained.coef_ < 0)  # the constraint is active
    res = assert_kkt(X, y, est, alpha=alpha, l1_ratio=l1_ratio, groups=ref_groups,
                     weights=weights, positive=True)
    assert res["nonzero_coord"]
    kw = dict(alpha=alpha, l1_ratio=l1_ratio, groups=ref_groups, weights=weights)
    w_ref, b_ref = fista(X, y, positive=True, **kw)
    P_lib = objective(X, y, est.coef_, est.intercept_, **kw)
    P_ref = objective(X, y, w_ref, b_ref, **kw)
    assert P_lib <= P_ref + 1e-9 * abs(P_ref)
    np.testing.assert_allclose(est.coef_, w_ref, rtol=0, atol=1e-5 * np.abs(w_ref).max())


# ============================================================================ 10. weights
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_zero_weight_leaves_a_group_unpenalized(fit_intercept):
    X, y = problem(20)
    weights = np.array([1.0, 1.0, 0.0, 1.0, 1.0])
    alpha = 10 * alpha_max_ref(X, y, groups=SCRAMBLED, weights=np.ones(5),
                               fit_intercept=fit_intercept)
    est = fit(GroupLasso(alpha=alpha, groups=SCRAMBLED, weights=weights,
                         fit_intercept=fit_intercept, **TIGHT), X, y)
    free = SCRAMBLED[2]
    g = gradient(X, y, est.coef_, fit_intercept=fit_intercept)
    assert np.abs(g[free]).max() <= 1e-6 * kkt_scale(X, y, fit_intercept=fit_intercept)
    assert np.all(est.coef_[free] != 0)
    others = np.setdiff1d(np.arange(12), free)
    assert np.all(est.coef_[others] == 0)
    # = least squares on the free group's columns
    A = X[:, free] - X[:, free].mean(0) if fit_intercept else X[:, free]
    yc = y - y.mean() if fit_intercept else y
    np.testing.assert_allclose(est.coef_[free], np.linalg.lstsq(A, yc, rcond=None)[0],
                               rtol=1e-7)
    assert_kkt(X, y, est, alpha=alpha, l1_ratio=0.0, groups=SCRAMBLED, weights=weights,
               fit_intercept=fit_intercept)


def test_scalar_weights_and_weight_scaling_equals_alpha_scaling():
    X, y = problem(21)
    alpha = frac_alpha(X, y, 0.25) / 2
    scalar = fit(GroupLasso(alpha=alpha, groups=SCRAMBLED, weights=2.0, **TIGHT), X, y)
    np.testing.assert_array_equal(scalar.weights_, np.full(5, 2.0))
    vector = fit(GroupLasso(alpha=alpha, groups=SCRAMBLED, weights=[2.0] * 5, **TIGHT), X, y)
    scaled = fit(GroupLasso(alpha=2 * alpha, groups=SCRAMBLED, weights=1.0, **TIGHT), X, y)
    assert 0 < np.count_nonzero(scalar.coef_) < 12
    np.testing.assert_allclose(vector.coef_, scalar.coef_, atol=1e-12)
    np.testing.assert_allclose(scaled.coef_, scalar.coef_, atol=1e-8)
    w = np.array([1.0, 0.5, 2.0, 1.5, 1.0])
    a = fit(GroupLasso(alpha=alpha, groups=SCRAMBLED, weights=3 * w, **TIGHT), X, y)
    b = fit(GroupLasso(alpha=3 * alpha, groups=SCRAMBLED, weights=w, **TIGHT), X, y)
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-8)
    assert a.intercept_ == pytest.approx(b.intercept_, abs=1e-8)
    # and the default is sqrt(size), not 1
    default = fit(GroupLasso(alpha=alpha, groups=SCRAMBLED, **TIGHT), X, y)
    explicit = fit(GroupLasso(alpha=alpha, groups=SCRAMBLED, weights=sqrt_sizes(SCRAMBLED),
                              **TIGHT), X, y)
    np.testing.assert_array_equal(default.coef_, explicit.coef_)
    assert not np.allclose(default.coef_,
                           fit(GroupLasso(alpha=alpha, groups=SCRAMBLED, weights=1.0,
                                          **TIGHT), X, y).coef_)


# ============================================================================ 11. attributes
def test_fitted_attributes_and_predict():
    X, y = problem(22)
    df = pd.DataFrame(X, columns=[f"c{j}" for j in range(12)])
    groups = {"g%d" % k: [f"c{j}" for j in G] for k, G in enumerate(SCRAMBLED)}
    alpha = frac_alpha(X, y, 0.25, l1_ratio=0.5)
    est = fit(SparseGroupLasso(alpha=alpha, groups=groups, l1_ratio=0.5, **TIGHT), df, y)
    assert isinstance(est.groups_, GroupSpec)
    labels = np.empty(12, dtype=np.int64)
    for g, G in enumerate(SCRAMBLED):
        labels[G] = g
    np.testing.assert_array_equal(est.groups_.labels, labels)
    assert est.groups_.names == tuple(groups) and est.groups_.n_features == 12
    assert [m.tolist() for m in est.groups_.members] == [sorted(G) for G in SCRAMBLED]
    assert est.n_groups_ == 5
    assert est.group_names_ == ("g0", "g1", "g2", "g3", "g4")
    np.testing.assert_allclose(est.weights_, sqrt_sizes(SCRAMBLED))
    expected = [g for g, G in enumerate(SCRAMBLED) if np.any(est.coef_[G] != 0)]
    assert 0 < len(expected) < 5
    np.testing.assert_array_equal(est.support_groups_, expected)
    np.testing.assert_allclose(est.predict(df), X @ est.coef_ + est.intercept_, rtol=1e-12)
    np.testing.assert_allclose(est.sparse_coef_.toarray().ravel(), est.coef_)
    assert est.n_features_in_ == 12 and isinstance(est.n_iter_, int)
    assert est.coef_.shape == (12,) and est.coef_.dtype == np.float64
    # unpenalized columns are not counted as groups
    lab = fit(GroupLasso(alpha=0.1, groups=[0, 0, -1, 1, 1, 1, 2, -1, 2, 3, 3, 3], **TIGHT),
              X, y)
    assert lab.n_groups_ == 4 and lab.group_names_ is None
    np.testing.assert_allclose(lab.weights_, np.sqrt([2, 3, 2, 3]))


def test_warm_start():
    X, y = problem(23, n=60, p=12)
    alpha = frac_alpha(X, y, 0.1)
    cold = fit(SparseGroupLasso(alpha=alpha, groups=SCRAMBLED, **TIGHT), X, y)
    warm = fit(SparseGroupLasso(alpha=alpha, groups=SCRAMBLED, warm_start=True, **TIGHT), X, y)
    assert warm.n_iter_ == cold.n_iter_
    np.testing.assert_array_equal(warm.coef_, cold.coef_)
    fit(warm, X, y)
    assert warm.n_iter_ < cold.n_iter_, (warm.n_iter_, cold.n_iter_)
    np.testing.assert_allclose(warm.coef_, cold.coef_, rtol=0, atol=1e-7)
    # without warm_start a refit starts from zero again
    again = fit(SparseGroupLasso(alpha=alpha, groups=SCRAMBLED, **TIGHT), X, y)
    fit(again, X, y)
    assert again.n_iter_ == cold.n_iter_


# ============================================================================ 12. skglm
@pytest.mark.parametrize("peer", ["skglm", "celer"])
def test_matches_skglm_and_celer_on_leukemia(load_shared, peer):
    """Same objective as skglm's and celer's GroupLasso (skipped without them or the data)."""
    module = pytest.importorskip(peer)
    X, y = load_shared("leukemia", preprocess="standardize")
    X = np.asfortranarray(X[:, :500], dtype=np.float64)
    y = y.astype(np.float64)
    groups = [list(range(k, k + 10)) for k in range(0, 500, 10)]
    weights = np.full(50, np.sqrt(10.0))
    # both: 1 / (2 n) ||y - X w||^2 + alpha sum_g weights_g ||w_g|| (their docstrings)
    amax = alpha_max_ref(X, y, groups=groups, weights=weights, fit_intercept=False)
    alpha = amax / 10
    theirs = module.GroupLasso(groups=10, alpha=alpha, weights=weights, fit_intercept=False,
                               tol=1e-12, max_iter=1000, max_epochs=100_000).fit(X, y)
    ours = fit(GroupLasso(alpha=alpha, groups=10, fit_intercept=False, tol=1e-12,
                          max_iter=100_000), X, y)
    kw = dict(alpha=alpha, l1_ratio=0.0, groups=groups, weights=weights)
    P_ours = objective(X, y, ours.coef_, 0.0, **kw)
    P_theirs = objective(X, y, theirs.coef_, 0.0, **kw)
    assert P_ours == pytest.approx(P_theirs, rel=1e-7)
    support = {g for g in range(50) if np.any(theirs.coef_[groups[g]] != 0)}
    assert set(ours.support_groups_.tolist()) == support
    assert group_alpha_max(X, y, 10, fit_intercept=False) == pytest.approx(amax, rel=1e-10)


# ============================================================================ 13. bad input
@pytest.mark.parametrize("params, error, match", [
    (dict(groups=None), TypeError, "groups"),
    (dict(groups=[[0, 1, 2], [2, 3, 4, 5]]), ValueError, "groups overlap"),
    (dict(groups=3, weights=[1.0, -1.0]), ValueError, "weights"),
    (dict(groups=3, weights=-1.0), ValueError, "weights"),
    (dict(groups=3, l1_ratio=1.5), ValueError, "l1_ratio"),
    (dict(groups=3, l1_ratio=-0.1), ValueError, "l1_ratio"),
    (dict(groups=3, alpha=-1.0), ValueError, "alpha"),
    (dict(groups=4), ValueError, "groups"),
])
def test_bad_parameters(params, error, match):
    X, y = problem(24, n=10, p=6)
    with pytest.raises(error, match=match):
        SparseGroupLasso(**params).fit(X, y)


def test_bad_data():
    X, y = problem(25, n=10, p=6)
    with pytest.raises(ValueError, match="y"):
        GroupLasso(groups=3).fit(X, np.c_[y, y])
    Xn = X.copy()
    Xn[2, 3] = np.nan
    with pytest.raises(ValueError, match="X.*NaN|NaN.*X"):
        GroupLasso(groups=3).fit(Xn, y)
    with pytest.raises(ValueError, match="sample_weight"):
        GroupLasso(groups=3).fit(X, y, sample_weight=-np.ones(10))
    with pytest.raises(TypeError, match="groups"):
        GroupLasso().fit(X, y)
    with pytest.raises(NotFittedError):
        GroupLasso(groups=3).predict(X)
    with pytest.raises(NotFittedError):
        SparseGroupLasso(groups=3).predict(X)
    with pytest.raises(TypeError, match="groups"):
        group_alpha_max(X, y, None)


# ============================================================================ 14. scikit-learn
@parametrize_with_checks([GroupLasso(groups=1), SparseGroupLasso(groups=1)])
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


def test_clone_pickle_grid_search_and_cross_val_score():
    X, y = problem(26, n=45)
    est = SparseGroupLasso(alpha=0.05, groups=SCRAMBLED, l1_ratio=0.3, tol=1e-10)
    twin = clone(est)
    assert twin is not est and twin.get_params() == est.get_params()
    fit(est, X, y)
    back = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(back.coef_, est.coef_)
    np.testing.assert_array_equal(back.predict(X), est.predict(X))
    assert back.groups_ == est.groups_
    assert not hasattr(twin, "coef_")

    grid = [0.01, 0.05, 0.2, 1.0]
    cv = KFold(3, shuffle=True, random_state=0)
    search = GridSearchCV(GroupLasso(groups=SCRAMBLED, tol=1e-10), {"alpha": grid}, cv=cv)
    search.fit(X, y)
    manual = []
    for a in grid:
        scores = []
        for train, test in cv.split(X):
            m = GroupLasso(alpha=a, groups=SCRAMBLED, tol=1e-10).fit(X[train], y[train])
            scores.append(r2_score(y[test], m.predict(X[test])))
        manual.append(np.mean(scores))
    np.testing.assert_allclose(search.cv_results_["mean_test_score"], manual, rtol=1e-10)
    assert search.best_params_["alpha"] == grid[int(np.argmax(manual))]
    refit = GroupLasso(alpha=search.best_params_["alpha"], groups=SCRAMBLED, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(search.best_estimator_.coef_, refit.coef_)
    scores = cross_val_score(GroupLasso(alpha=0.05, groups=SCRAMBLED, tol=1e-10), X, y, cv=cv)
    i = grid.index(0.05)
    np.testing.assert_allclose(scores.mean(), manual[i], rtol=1e-10)


# ============================================================================ 15. pipeline
def test_group_pipeline_end_to_end():
    rng = np.random.default_rng(27)
    n = 300
    df = pd.DataFrame({
        "x_rel": rng.standard_normal(n),
        "x_noise": rng.standard_normal(n),
        "cat_rel": rng.choice(["a", "b", "c", "d"], n),
        "cat_noise": rng.choice(["u", "v", "w"], n),
    })
    effect = df["cat_rel"].map({"a": -2.0, "b": 0.0, "c": 1.5, "d": 3.0}).to_numpy()
    y = 2.0 * df["x_rel"].to_numpy() + effect + 0.5 * rng.standard_normal(n)
    nums, cats = ["x_rel", "x_noise"], ["cat_rel", "cat_noise"]
    pre = ColumnTransformer([("num", StandardScaler(), nums), ("cat", OneHotEncoder(), cats)])
    Xt = ColumnTransformer([("num", StandardScaler(), nums),
                            ("cat", OneHotEncoder(), cats)]).fit_transform(df)
    groups = {"x_rel": [0], "x_noise": [1], "cat_rel": [2, 3, 4, 5], "cat_noise": [6, 7, 8]}
    amax = alpha_max_ref(Xt, y, groups=list(groups.values()),
                         weights=sqrt_sizes(list(groups.values())))
    pipe = make_group_pipeline(pre, GroupLasso(alpha=amax / 8, tol=1e-10))
    pipe.fit(df, y)
    est = pipe[-1]
    assert pipe.groups_ == groups
    assert est.group_names_ == tuple(groups)
    selected = {est.group_names_[g] for g in est.support_groups_}
    assert selected == {"x_rel", "cat_rel"}
    assert np.all(est.coef_[groups["cat_noise"]] == 0)
    assert np.all(est.coef_[groups["x_noise"]] == 0)
    assert np.all(est.coef_[groups["cat_rel"]] != 0)
    # the same as fitting the estimator by hand on the transformed data
    direct = fit(GroupLasso(alpha=amax / 8, groups=groups, tol=1e-10), Xt, y)
    np.testing.assert_allclose(est.coef_, direct.coef_, atol=1e-12)
    np.testing.assert_allclose(pipe.predict(df), direct.predict(Xt), atol=1e-10)
