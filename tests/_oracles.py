"""Independent numpy/scipy reference helpers for the linear-model tests.

Nothing here imports sparselearn: every function is a reference written
from the mathematical definition of the problem

    P(beta, b) = 1/(2 sum(w)) sum_i w_i (y_i - x_i.beta - b)^2
                 + alpha sum_j pf_j (l1_ratio |beta_j| + (1 - l1_ratio)/2 beta_j^2)
    subject to lower <= beta <= upper

(multi-task: ||W_j||_2 over tasks replaces |beta_j|, ||W_j||^2 replaces beta_j^2),
so that the library can be checked against it.

Conventions: ``coef`` is ``(n_features,)`` for one target and
``(n_targets, n_features)`` for several (scikit-learn's layout); ``multitask``
says whether several targets share the group penalty (MultiTask*) or are
separate problems (Lasso/ElasticNet fitted on 2-D ``y``).
"""

import functools
import importlib.util
import os
from pathlib import Path

import numpy as np
import scipy.optimize
import scipy.sparse as sp

__all__ = [
    "REPO_ROOT",
    "data_dir",
    "load_shared",
    "to_dense",
    "norm_weights",
    "weighted_rms",
    "predict",
    "objective",
    "kkt_violation",
    "kkt_scale",
    "dual_gap",
    "alpha_max_ref",
    "closed_form",
    "orthonormal_design",
    "brute_force",
    "ridge_closed_form",
    "fit_distance_bound",
    "zero_suboptimality",
]

REPO_ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------- data
def data_dir():
    """Directory of the shared real data sets (env ``SPARSELEARN_DATA_DIR`` first)."""
    env = os.environ.get("SPARSELEARN_DATA_DIR")
    if env:
        return Path(env)
    return (REPO_ROOT / ".." / "shared" / "data").resolve()


@functools.lru_cache(maxsize=None)
def _loader_module():
    d = data_dir()
    path = d / "load.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("_sparselearn_tests_shared_load", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    # load.py reads its data directory at import time: make sure it is ours
    mod.DATA_DIR = str(d)
    return mod


def load_shared(name, **kw):
    """``load(name, **kw)`` from the shared data directory; ``pytest.skip`` if missing."""
    import pytest

    mod = _loader_module()
    if mod is None:
        pytest.skip("shared data directory %s not found" % data_dir())
    try:
        return mod.load(name, **kw)
    except FileNotFoundError as exc:  # pragma: no cover - depends on the machine
        pytest.skip("shared data set %r not available: %s" % (name, exc))


# --------------------------------------------------------------------- basics
def to_dense(X):
    """float64 dense copy of a numpy / scipy.sparse / pandas matrix."""
    if sp.issparse(X):
        return np.asarray(X.toarray(), dtype=np.float64)
    return np.array(X, dtype=np.float64)


def norm_weights(sample_weight, n):
    """Weights rescaled to sum to n (scikit-learn's normalization); ones if None."""
    if sample_weight is None:
        return np.ones(n)
    w = np.asarray(sample_weight, dtype=np.float64)
    return w * (n / w.sum())


def weighted_rms(v, sample_weight=None):
    """sqrt(sum_i w_i ||v_i||^2 / sum(w)) for a vector or a matrix of rows."""
    v = np.asarray(v, dtype=np.float64)
    w = norm_weights(sample_weight, v.shape[0])
    sq = v**2 if v.ndim == 1 else (v**2).sum(axis=1)
    return float(np.sqrt(np.dot(w, sq) / w.sum()))


def _coef2d(coef):
    coef = np.asarray(coef, dtype=np.float64)
    return coef[None, :] if coef.ndim == 1 else coef


def predict(X, coef, intercept=0.0):
    """X @ coef.T + intercept in float64 (shape of y)."""
    X = to_dense(X)
    coef = np.asarray(coef, dtype=np.float64)
    return X @ coef.T + np.asarray(intercept, dtype=np.float64)


def _pf(penalty_factor, p):
    if penalty_factor is None:
        return np.ones(p)
    return np.broadcast_to(np.asarray(penalty_factor, dtype=np.float64), (p,)).copy()


def _bounds(lower, upper, p, positive=False):
    lo = np.full(p, -np.inf) if lower is None else np.broadcast_to(
        np.asarray(lower, dtype=np.float64), (p,)).copy()
    hi = np.full(p, np.inf) if upper is None else np.broadcast_to(
        np.asarray(upper, dtype=np.float64), (p,)).copy()
    if positive:
        lo = np.maximum(lo, 0.0)
    return lo, hi


# --------------------------------------------------------------------- objective
def objective(X, y, coef, intercept=0.0, *, alpha, l1_ratio=1.0, sample_weight=None,
              penalty_factor=None, multitask=False):
    """Primal objective in scikit-learn's scaling (float64).

    For 2-D ``y`` with ``multitask=False`` it is the sum of the separate
    per-target objectives (what Lasso/ElasticNet minimize on 2-D ``y``).
    """
    X = to_dense(X)
    y = np.asarray(y, dtype=np.float64)
    n, p = X.shape
    w = norm_weights(sample_weight, n)
    R = y - predict(X, coef, intercept)
    if R.ndim == 1:
        R = R[:, None]
    loss = 0.5 * np.dot(w, (R**2).sum(axis=1)) / w.sum()
    W = _coef2d(coef)
    pf = _pf(penalty_factor, p)
    if multitask:
        l1 = np.sqrt((W**2).sum(axis=0))
    else:
        l1 = np.abs(W).sum(axis=0)
    l2 = (W**2).sum(axis=0)
    pen = alpha * np.dot(pf, l1_ratio * l1 + 0.5 * (1.0 - l1_ratio) * l2)
    return float(loss + pen)


def kkt_scale(X, y, sample_weight=None, fit_intercept=True):
    """max_j rms_w(x_j - xbar_j) * rms_w(y - ybar): bounds |gradient_j| at beta=0."""
    X = to_dense(X)
    y = np.asarray(y, dtype=np.float64)
    n = X.shape[0]
    w = norm_weights(sample_weight, n)
    if fit_intercept:
        X = X - (w @ X) / w.sum()
        y = y - (w @ y) / w.sum()
    xs = np.sqrt((w @ X**2) / w.sum())
    ys = weighted_rms(y, sample_weight)
    return float(xs.max() * ys)


def kkt_violation(X, y, coef, intercept=0.0, *, alpha, l1_ratio=1.0, sample_weight=None,
                  penalty_factor=None, lower=None, upper=None, positive=False,
                  fit_intercept=True, multitask=False, bound_atol=0.0):
    """Per-feature violation of the optimality conditions, and of the intercept's.

    Feature j is optimal iff 0 lies in
        g_j + alpha pf_j l1_ratio d|beta_j| + N_[lower_j, upper_j](beta_j)
    with g_j the gradient of the smooth part (loss + ridge term).  Returns
    ``(viol, viol_intercept)``: the distance from 0 to that set for each
    feature (max over targets for separate targets; block version for
    multitask) and |d loss / d b| (0 when there is no intercept).
    """
    X = to_dense(X)
    y = np.asarray(y, dtype=np.float64)
    n, p = X.shape
    w = norm_weights(sample_weight, n)
    W = _coef2d(coef)
    Y = y[:, None] if y.ndim == 1 else y
    b = np.broadcast_to(np.asarray(intercept, dtype=np.float64), (Y.shape[1],))
    R = Y - X @ W.T - b
    pf = _pf(penalty_factor, p)
    lam = alpha * l1_ratio * pf
    G = -(X.T @ (w[:, None] * R)).T / w.sum() + alpha * (1.0 - l1_ratio) * pf * W  # (T, p)
    vint = float(np.abs((w @ R) / w.sum()).max()) if fit_intercept else 0.0
    if multitask:
        norms = np.sqrt((W**2).sum(axis=0))
        viol = np.empty(p)
        for j in range(p):
            if norms[j] == 0.0:
                viol[j] = max(0.0, np.linalg.norm(G[:, j]) - lam[j])
            else:
                viol[j] = np.linalg.norm(G[:, j] + lam[j] * W[:, j] / norms[j])
        return viol, vint
    lo, hi = _bounds(lower, upper, p, positive)
    viol = np.zeros(p)
    # a coefficient at rounding level (1e-15 where the optimum has a tie at
    # the kink) may carry either sign: it counts as zero
    tiny = 1e-13 * max(1.0, float(np.abs(W).max(initial=0.0)))
    for t in range(W.shape[0]):
        beta, g = W[t], G[t]
        zero = np.abs(beta) <= tiny
        smin = np.where(zero, -lam, lam * np.sign(beta)) + g
        smax = np.where(zero, lam, lam * np.sign(beta)) + g
        at_lo = beta <= lo + bound_atol
        at_hi = beta >= hi - bound_atol
        v = np.maximum(0.0, np.maximum(smin, -smax))          # interior: dist(0, [smin, smax])
        v = np.where(at_lo & ~at_hi, np.maximum(0.0, -smax), v)  # normal cone (-inf, 0]
        v = np.where(at_hi & ~at_lo, np.maximum(0.0, smin), v)   # normal cone [0, inf)
        v = np.where(at_lo & at_hi, 0.0, v)
        viol = np.maximum(viol, v)
    return viol, vint


# --------------------------------------------------------------------- duality gap
def _orth_basis(A):
    """Orthonormal basis of the column space of A (possibly empty)."""
    if A.shape[1] == 0:
        return A
    U, s, _ = np.linalg.svd(A, full_matrices=False)
    if s.size == 0 or s[0] == 0:
        return A[:, :0]
    keep = s > s[0] * max(A.shape) * np.finfo(float).eps
    return U[:, keep]


def dual_gap(X, y, coef, intercept=0.0, *, alpha, l1_ratio=1.0, sample_weight=None,
             penalty_factor=None, positive=False, fit_intercept=True, multitask=False):
    """``(primal, dual, gap)`` from a dual point built from the residual.

    Own construction (not scikit-learn's code): rows are scaled by
    sqrt(normalized weight); the intercept column and the unpenalized
    features (pf_j = 0) are projected out (the reduced problem has the same
    optimal value); the ridge term is folded in by augmenting the design
    with rows sqrt(n alpha (1 - l1_ratio) pf_j) e_j; the rescaled residual
    theta = c r / n with the largest c <= 1 making theta dual feasible
    (|<x_j, theta>| <= alpha l1_ratio pf_j, one-sided when positive, row
    norm when multitask) gives the dual value

        D = 1/(2n) (||M y||^2 - ||M y - c M r||^2 - c^2 sum_j n alpha (1-l1) pf_j ||W_j||^2).

    Weak duality gives P* >= D, so ``gap = P(coef, intercept) - D`` bounds
    the suboptimality of (coef, intercept) from above.  Needs l1_ratio > 0.
    Separate targets (2-D y, not multitask) add up their gaps.
    """
    X = to_dense(X)
    y = np.asarray(y, dtype=np.float64)
    if y.ndim == 2 and not multitask:
        W = _coef2d(coef)
        b = np.broadcast_to(np.asarray(intercept, dtype=np.float64), (y.shape[1],))
        parts = [dual_gap(X, y[:, k], W[k], b[k], alpha=alpha, l1_ratio=l1_ratio,
                          sample_weight=sample_weight, penalty_factor=penalty_factor,
                          positive=positive, fit_intercept=fit_intercept)
                 for k in range(y.shape[1])]
        return tuple(float(sum(v)) for v in zip(*parts))
    if not l1_ratio > 0:
        raise ValueError("dual_gap oracle needs l1_ratio > 0")
    n, p = X.shape
    primal = objective(X, y, coef, intercept, alpha=alpha, l1_ratio=l1_ratio,
                       sample_weight=sample_weight, penalty_factor=penalty_factor,
                       multitask=multitask)
    w = norm_weights(sample_weight, n)
    s = np.sqrt(w)
    Xs = s[:, None] * X
    Y = (y[:, None] if y.ndim == 1 else y) * s[:, None]
    W = _coef2d(coef)
    b = np.broadcast_to(np.asarray(intercept, dtype=np.float64), (Y.shape[1],))
    R = Y - Xs @ W.T - s[:, None] * b
    pf = _pf(penalty_factor, p)
    unpen = pf == 0
    cols = [Xs[:, unpen]]
    if fit_intercept:
        cols.append(s[:, None])
    Q = _orth_basis(np.hstack(cols))

    def M(A):
        return A - Q @ (Q.T @ A)

    MY, MR = M(Y), M(R)
    pen = ~unpen
    l2 = alpha * (1.0 - l1_ratio) * pf
    corr = Xs.T @ MR - n * (l2[:, None] * W.T)  # (p, T): <augmented column, augmented residual>
    lam = alpha * l1_ratio * pf
    if multitask:
        size = np.sqrt((corr**2).sum(axis=1))
    elif positive:
        size = np.maximum(corr[:, 0], 0.0)
    else:
        size = np.abs(corr[:, 0])
    c = 1.0
    for j in np.flatnonzero(pen):
        if size[j] > 0:
            c = min(c, n * lam[j] / size[j])
    aug = n * np.dot(l2[pen], (W[:, pen] ** 2).sum(axis=0))
    dual = (np.sum(MY**2) - np.sum((MY - c * MR) ** 2) - c * c * aug) / (2 * n)
    return primal, float(dual), float(primal - dual)


def fit_distance_bound(gap_a, gap_b):
    """Bound on rms_w(fit_a - fit_b) for two points of the same problem.

    The loss is 1-strongly convex in the fitted values for rms_w, so
    rms_w(fit - fit*)^2 / 2 <= P - P* <= gap.
    """
    return float(np.sqrt(2 * max(gap_a, 0.0)) + np.sqrt(2 * max(gap_b, 0.0)))


# --------------------------------------------------------------------- alpha_max
def _null_residual(X, y, sample_weight, penalty_factor, fit_intercept):
    """Weights, sqrt-weights, penalty factors, weighted X and the weighted residual
    r0 after the unpenalized features and the intercept are fitted by least squares."""
    y = np.asarray(y, dtype=np.float64)
    n, p = X.shape
    w = norm_weights(sample_weight, n)
    s = np.sqrt(w)
    pf = _pf(penalty_factor, p)
    Y = (y[:, None] if y.ndim == 1 else y) * s[:, None]
    Xs = X * s[:, None]
    cols = [Xs[:, pf == 0]]
    if fit_intercept:
        cols.append(s[:, None])
    Q = _orth_basis(np.hstack(cols))
    return w, s, pf, Xs, Y - Q @ (Q.T @ Y)


def alpha_max_ref(X, y, *, l1_ratio=1.0, fit_intercept=True, sample_weight=None,
                  penalty_factor=None):
    """Smallest alpha at which every penalized coefficient is zero.

    The unpenalized features (pf = 0) and the intercept are fitted by
    weighted least squares first; alpha_max is the largest
    |<x_j, r0>_w| / (sum(w) l1_ratio pf_j) over penalized j (row norm for 2-D y).
    """
    X = to_dense(X)
    n, p = X.shape
    w, s, pf, Xs, R0 = _null_residual(X, y, sample_weight, penalty_factor, fit_intercept)
    corr = np.sqrt(((Xs.T @ R0) ** 2).sum(axis=1))
    pen = pf > 0
    return float(np.max(corr[pen] / (w.sum() * l1_ratio * pf[pen])))


def zero_suboptimality(X, y, *, alpha, l1_ratio=1.0, sample_weight=None, penalty_factor=None,
                       fit_intercept=True):
    """Lower bound on P(b0) - P* where b0 has every penalized coefficient at zero.

    b0 is the best such point (the unpenalized features and the intercept
    fitted by weighted least squares, residual r0).  Moving one penalized
    coefficient j by t (intercept adjusted) changes P by
    -|g_j| |t| + (q_j + mu_j) t^2 / 2 + lam_j |t|, whose minimum is
    -(|g_j| - lam_j)_+^2 / (2 (q_j + mu_j)) (row norms for 2-D y); the best j
    bounds the suboptimality of b0 from below.
    """
    X = to_dense(X)
    n, p = X.shape
    w, s, pf, Xs, R0 = _null_residual(X, y, sample_weight, penalty_factor, fit_intercept)
    Xc = Xs - (s[:, None] * ((w @ X) / w.sum())) if fit_intercept else Xs
    g = np.sqrt(((Xc.T @ R0) ** 2).sum(axis=1)) / n
    q = (Xc**2).sum(axis=0) / n
    lam = alpha * l1_ratio * pf
    mu = alpha * (1.0 - l1_ratio) * pf
    pen = pf > 0
    dec = np.maximum(g - lam, 0.0) ** 2 / (2 * np.maximum(q + mu, 1e-300))
    return float(dec[pen].max()) if np.any(pen) else 0.0


# --------------------------------------------------------------------- closed forms
def orthonormal_design(n, p, rng, sample_weight=None, fit_intercept=True):
    """X with X^T diag(w) X / sum(w) = I (w normalized), and columns w-centered if fit_intercept."""
    w = norm_weights(sample_weight, n)
    s = np.sqrt(w)
    A = rng.standard_normal((n, p + 1))
    if fit_intercept:
        A[:, 0] = s
        Q, _ = np.linalg.qr(A)
        Q = Q[:, 1:]
    else:
        Q, _ = np.linalg.qr(A[:, 1:])
    return Q * np.sqrt(n) / s[:, None]


def closed_form(X, y, *, alpha, l1_ratio=1.0, sample_weight=None, penalty_factor=None,
                lower=None, upper=None, positive=False, fit_intercept=True, multitask=False):
    """Exact solution for a design with X_c^T diag(w) X_c / sum(w) = I.

    The problem separates per feature: soft thresholding of z = X_c^T W y_c / sum(w)
    at alpha l1 pf_j, divided by 1 + alpha (1 - l1) pf_j, clipped to the
    bounds (block soft thresholding per row when multitask).
    Returns (coef, intercept) in scikit-learn's layout.
    """
    X = to_dense(X)
    y = np.asarray(y, dtype=np.float64)
    n, p = X.shape
    w = norm_weights(sample_weight, n)
    if fit_intercept:
        xm = (w @ X) / w.sum()
        ym = (w @ y) / w.sum()
    else:
        xm = np.zeros(p)
        ym = np.zeros(y.shape[1:]) if y.ndim == 2 else 0.0
    Xc, yc = X - xm, y - ym
    gram = (Xc.T * w) @ Xc / w.sum()
    assert np.allclose(gram, np.eye(p), atol=1e-10), "design is not orthonormal"
    Z = ((Xc.T * w) @ yc / w.sum())  # (p,) or (p, T)
    pf = _pf(penalty_factor, p)
    lam = alpha * l1_ratio * pf
    den = 1.0 + alpha * (1.0 - l1_ratio) * pf
    if Z.ndim == 1:
        coef = np.sign(Z) * np.maximum(np.abs(Z) - lam, 0.0) / den
        lo, hi = _bounds(lower, upper, p, positive)
        coef = np.clip(coef, lo, hi)
    elif multitask:
        nz = np.sqrt((Z**2).sum(axis=1))
        scale = np.where(nz > 0, np.maximum(1.0 - lam / np.where(nz > 0, nz, 1.0), 0.0), 0.0)
        coef = (Z * (scale / den)[:, None]).T
    else:
        coef = (np.sign(Z) * np.maximum(np.abs(Z) - lam[:, None], 0.0) / den[:, None]).T
    intercept = ym - xm @ coef.T
    return coef, intercept


def ridge_closed_form(X, y, *, alpha, sample_weight=None, fit_intercept=True):
    """Elastic net with l1_ratio = 0: (Xc^T W Xc / sw + alpha I)^{-1} Xc^T W yc / sw."""
    X = to_dense(X)
    y = np.asarray(y, dtype=np.float64)
    n, p = X.shape
    w = norm_weights(sample_weight, n)
    if fit_intercept:
        xm, ym = (w @ X) / w.sum(), (w @ y) / w.sum()
    else:
        xm, ym = np.zeros(p), 0.0
    Xc, yc = X - xm, y - ym
    A = (Xc.T * w) @ Xc / w.sum() + alpha * np.eye(p)
    coef = np.linalg.solve(A, (Xc.T * w) @ yc / w.sum())
    return coef, ym - xm @ coef


# --------------------------------------------------------------------- brute force
def brute_force(X, y, *, alpha, l1_ratio=1.0, sample_weight=None, penalty_factor=None,
                lower=None, upper=None, positive=False, fit_intercept=True):
    """Tiny single-target problems by L-BFGS-B on the split beta = u - v, u, v >= 0.

    |beta_j| is replaced by u_j + v_j (exact at the optimum), which makes the
    objective smooth; the box constraints become simple bounds on u and v.
    Returns (coef, intercept, objective).
    """
    X = to_dense(X)
    y = np.asarray(y, dtype=np.float64)
    n, p = X.shape
    w = norm_weights(sample_weight, n)
    pf = _pf(penalty_factor, p)
    lo, hi = _bounds(lower, upper, p, positive)
    lam = alpha * l1_ratio * pf
    l2 = alpha * (1.0 - l1_ratio) * pf
    sw = w.sum()

    def f(z):
        u, v = z[:p], z[p:2 * p]
        b = z[2 * p] if fit_intercept else 0.0
        beta = u - v
        r = y - X @ beta - b
        wr = w * r
        val = 0.5 * np.dot(wr, r) / sw + np.dot(lam, u + v) + 0.5 * np.dot(l2, beta**2)
        gb = -(X.T @ wr) / sw + l2 * beta
        grad = np.concatenate([gb + lam, -gb + lam])
        if fit_intercept:
            grad = np.append(grad, -wr.sum() / sw)
        return val, grad

    bnds = []
    for j in range(p):  # bounds of u_j
        if lo[j] >= 0:
            bnds.append((lo[j], None if np.isinf(hi[j]) else hi[j]))
        elif hi[j] <= 0:
            bnds.append((0.0, 0.0))
        else:
            bnds.append((0.0, None if np.isinf(hi[j]) else hi[j]))
    for j in range(p):  # bounds of v_j
        if hi[j] <= 0:
            bnds.append((-hi[j], None if np.isinf(lo[j]) else -lo[j]))
        elif lo[j] >= 0:
            bnds.append((0.0, 0.0))
        else:
            bnds.append((0.0, None if np.isinf(lo[j]) else -lo[j]))
    if fit_intercept:
        bnds.append((None, None))
    z0 = np.zeros(len(bnds))
    for k, (a, _) in enumerate(bnds):
        if a is not None:
            z0[k] = a
    best = None
    for _ in range(3):  # restart from the last point: L-BFGS-B sometimes stops early
        res = scipy.optimize.minimize(f, z0, jac=True, method="L-BFGS-B", bounds=bnds,
                                      options=dict(maxiter=50000, maxfun=100000, ftol=1e-15,
                                                   gtol=1e-13, maxcor=50))
        z0 = res.x
        if best is None or res.fun < best.fun:
            best = res
    z = best.x
    coef = z[:p] - z[p:2 * p]
    b = z[2 * p] if fit_intercept else 0.0
    obj = objective(X, y, coef, b, alpha=alpha, l1_ratio=l1_ratio, sample_weight=sample_weight,
                    penalty_factor=penalty_factor)
    return coef, b, obj
