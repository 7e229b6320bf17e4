"""Kernel-level tests: each primitive against a numpy reference.

They also run with ``NUMBA_DISABLE_JIT=1`` (see the last test), so a coverage
tool sees the kernels' lines.
"""

import os
import subprocess
import sys

import numpy as np
import pytest
import scipy.sparse as sp
from numba.core.registry import CPUDispatcher

from sparselearn._numba import anderson, cd, design, gap, prox
from sparselearn._numba.anderson import drift_jump, extrapolation_weights
from sparselearn._numba.cd import cd_epoch, column_sqnorms, csc_gram_cross, init_residual
from sparselearn._numba.gap import conjugate_scalar, dual_value, kkt_scores, primal_value
from sparselearn._numba.prox import block_prox_scale, prox_box_enet, soft_threshold
from sparselearn.linear_model._base import make_design, make_target
from sparselearn.linear_model._solver import _NO_GROUPS as NG


def _designs(X, sw=None, fit_intercept=True):
    """The same (centered, weighted) matrix as a dense and as a CSC design."""
    dense, *_ = make_design(X, sw, fit_intercept)
    csc, *_ = make_design(sp.csc_matrix(X), sw, fit_intercept)
    return dense, csc


def _reference(X, sw, fit_intercept):
    Xr = X.astype(float).copy()
    w = np.ones(X.shape[0]) if sw is None else sw
    if fit_intercept:
        Xr -= (w @ Xr) / w.sum()
    return Xr * np.sqrt(w)[:, None]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_csc_gram_cross_matches_scipy(dtype):
    rng = np.random.RandomState(5)
    X = sp.random(40, 30, density=0.2, random_state=rng, format="lil", dtype=dtype)
    X[:, 4] = 0.0  # an empty column
    X = sp.csc_matrix(X)
    a = np.array([0, 4, 7, 9, 29], dtype=np.int64)
    b = np.array([1, 4, 9, 12], dtype=np.int64)
    out = np.empty((a.size, b.size))
    csc_gram_cross(X.data, X.indices, X.indptr, a, b, 40, out)
    ref = (X[:, a].T @ X[:, b]).toarray()
    np.testing.assert_allclose(out, ref, rtol=1e-6 if dtype == np.float32 else 1e-12, atol=1e-7)
    # the same array twice: symmetric path
    sym = np.empty((a.size, a.size))
    csc_gram_cross(X.data, X.indices, X.indptr, a, a, 40, sym)
    ref = (X[:, a].T @ X[:, a]).toarray()
    np.testing.assert_allclose(sym, ref, rtol=1e-6 if dtype == np.float32 else 1e-12, atol=1e-7)
    np.testing.assert_array_equal(sym, sym.T)


@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_primitives_agree_across_designs(fit_intercept, weighted):
    rng = np.random.RandomState(0)
    X = rng.randn(30, 8)
    X[rng.rand(30, 8) < 0.6] = 0
    sw = rng.uniform(0.5, 2, 30) if weighted else None
    ref = _reference(X, sw, fit_intercept)
    v = np.sqrt(sw) if weighted else np.ones(30)
    for des in _designs(X, sw, fit_intercept):
        for j in range(8):
            assert design.col_sqnorm(des, j) == pytest.approx(ref[:, j] @ ref[:, j])
        # a residual orthogonal to v (what centering guarantees), with an offset
        r = rng.randn(30)
        if fit_intercept:
            r -= v * (v @ r) / (v @ v)
        r_true = r.copy()
        o = np.zeros(1)
        for j, a in [(2, 0.7), (5, -1.3), (2, 0.1)]:
            design.col_axpy(des, j, a, r, o)
            r_true += a * ref[:, j]
            for k in range(8):
                assert design.col_dot(des, k, r, o) == pytest.approx(ref[:, k] @ r_true)
        design.flush(des, r, o)
        assert o[0] == 0.0
        np.testing.assert_allclose(r, r_true, atol=1e-12)


@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_compiled_sparse_primitives_on_columns_of_every_length(fit_intercept, dtype):
    # the compiled sparse dot keeps two partial sums and indexes with
    # unsigned integers: columns of 0 to 6 non-zeros cover both loop tails
    import numba

    @numba.njit
    def run(des, r, o, dots, norms):
        for j in range(dots.shape[0]):
            dots[j] = design.col_dot(des, j, r, o)
            norms[j] = design.col_sqnorm(des, j)
        for j in range(dots.shape[0]):
            design.col_axpy(des, j, 0.5 * (j + 1), r, o)
        design.flush(des, r, o)

    rng = np.random.RandomState(3)
    X = np.zeros((9, 7), dtype=dtype)
    for j in range(7):
        X[rng.permutation(9)[:j], j] = rng.randn(j)
    des = make_design(sp.csc_matrix(X), None, fit_intercept)[0]
    ref = _reference(X, None, fit_intercept)
    r0 = rng.randn(9)
    if fit_intercept:
        r0 -= r0.mean()  # a residual orthogonal to the intercept, as centering keeps it
    r = r0.copy()
    dots, norms = np.empty(7), np.empty(7)
    run(des, r, np.zeros(1), dots, norms)
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(dots, ref.T @ r0, rtol=rtol,
                               atol=1e-6 if dtype == np.float32 else 1e-13)
    np.testing.assert_allclose(norms, np.sum(ref ** 2, axis=0), rtol=rtol, atol=1e-12)
    np.testing.assert_allclose(r, r0 + ref @ (0.5 * np.arange(1, 8)), rtol=rtol, atol=1e-12)


def test_centered_design_never_densifies():
    X = sp.random(50, 40, density=0.05, format="csc", random_state=0)
    des, *_ = make_design(X, None, True)
    assert isinstance(des, tuple) and len(des) == 6
    assert des[0].shape == (X.nnz,)


def test_soft_threshold_and_box_prox_closed_form():
    grid = np.linspace(-3, 3, 601)
    for z in [-2.5, -0.3, 0.0, 0.4, 1.7]:
        assert soft_threshold(z, 0.5) == pytest.approx(np.sign(z) * max(abs(z) - 0.5, 0))
        for a, b, lo, up in [(0.5, 0.0, -np.inf, np.inf), (0.2, 0.3, -np.inf, np.inf),
                             (0.1, 0.0, 0.0, np.inf), (0.0, 0.5, -0.2, 0.3)]:
            L = 1.3
            w = prox_box_enet(z, L, a, b, lo, up)
            inside = grid[(grid >= lo) & (grid <= up)]
            f = 0.5 * L * (inside - z / L) ** 2 + a * np.abs(inside) + 0.5 * b * inside ** 2
            fw = 0.5 * L * (w - z / L) ** 2 + a * abs(w) + 0.5 * b * w ** 2
            assert lo <= w <= up
            assert fw <= f.min() + 1e-12


def test_block_prox_is_block_soft_thresholding():
    z = np.array([0.3, -0.4])  # norm 0.5
    assert block_prox_scale(z, 2.0, 0.6, 0.0) == 0.0
    s = block_prox_scale(z, 2.0, 0.1, 0.5)
    np.testing.assert_allclose(s * z, z * (1 - 0.1 / 0.5) / 2.5)


@pytest.mark.parametrize("a,b,lo,up", [(0.5, 0.0, -np.inf, np.inf), (0.5, 0.8, -np.inf, np.inf),
                                       (0.2, 0.0, 0.0, np.inf), (0.2, 0.0, -1.0, 2.0),
                                       (0.0, 0.0, -0.5, 0.5), (0.3, 1.0, 0.1, 0.4)])
def test_conjugate_matches_brute_force(a, b, lo, up):
    grid = np.union1d(np.linspace(max(lo, -50), min(up, 50), 200001), [0.0])
    grid = grid[(grid >= lo) & (grid <= up)]
    for c in [-0.7, -0.2, 0.0, 0.1, 0.45]:
        vals = c * grid - a * np.abs(grid) - 0.5 * b * grid ** 2
        expected = vals.max()
        got = conjugate_scalar(c, a, b, lo, up)
        if np.isinf(got):
            # unbounded only where the slope towards an infinite bound is positive
            assert (up == np.inf and c > a) or (lo == -np.inf and c < -a)
        else:
            assert got == pytest.approx(expected, abs=1e-6)


def _solve_to_optimum(des, Y, l1, l2, lower, upper, n_epochs=3000):
    p = design.n_columns(des)
    n, T = Y.shape
    W = np.zeros((p, T))
    R = np.empty((n, T), order="F")
    off = np.zeros(T)
    init_residual(des, Y, W, R, off)
    lips = np.empty(p)
    column_sqnorms(des, p, lips)
    lips /= n
    ws = np.arange(p, dtype=np.int64)
    buf = np.empty(T)
    for _ in range(n_epochs):
        cd_epoch(des, R, off, W, lips, l1, l2, lower, upper, NG, ws, 1.0 / n, buf)
    return W, R, off


@pytest.mark.parametrize("T", [1, 3])
def test_gap_vanishes_at_optimum_and_bounds_suboptimality(T):
    rng = np.random.RandomState(1)
    n, p = 40, 12
    X = rng.randn(n, p)
    Y = np.asfortranarray(rng.randn(n, T))
    des = np.asfortranarray(X)
    l1 = np.full(p, 0.1)
    l2 = np.full(p, 0.05)
    lower = np.full(p, -np.inf)
    upper = np.full(p, np.inf)
    cols = np.arange(p, dtype=np.int64)
    Q, XtQ = np.zeros((n, 0), order="F"), np.zeros((p, 0))
    C = np.zeros((p, T))
    W, R, off = _solve_to_optimum(des, Y, l1, l2, lower, upper)
    P = primal_value(des, R, off, W, l1, l2, NG, cols, 1.0 / n)
    D = dual_value(des, Y, R, off, l1, l2, lower, upper, NG, cols, 1.0 / n, Q, XtQ, C)[0]
    assert abs(P - D) < 1e-12
    np.testing.assert_allclose(C, X.T @ R / n)
    # weak duality at a perturbed point: P(W') >= D(any) and the gap bounds P(W') - P*
    W2 = W + 0.01 * rng.randn(p, T)
    R2 = np.asfortranarray(Y - X @ W2)
    P2 = primal_value(des, R2, np.zeros(T), W2, l1, l2, NG, cols, 1.0 / n)
    D2 = dual_value(des, Y, R2, np.zeros(T), l1, l2, lower, upper, NG, cols, 1.0 / n, Q, XtQ,
                    C)[0]
    assert P2 >= P and D2 <= P + 1e-12
    assert P2 - P <= P2 - D2 + 1e-12


def test_kkt_scores_zero_at_optimum_positive_elsewhere():
    rng = np.random.RandomState(2)
    n, p = 30, 10
    X = rng.randn(n, p)
    Y = np.asfortranarray(rng.randn(n, 1))
    des = np.asfortranarray(X)
    l1 = np.full(p, 0.05)
    l2 = np.zeros(p)
    lower = np.full(p, -0.01)
    upper = np.full(p, np.inf)
    W, R, off = _solve_to_optimum(des, Y, l1, l2, lower, upper)
    design.flush(des, R[:, 0], off[0:1])
    C = X.T @ R / n
    scores = np.empty(p)
    kkt_scores(C, W, l1, l2, lower, upper, NG, scores)
    assert scores.max() < 1e-10
    assert np.any(W[:, 0] == -0.01)  # a bound is active, so the normal cone matters
    kkt_scores(C, np.zeros_like(W), l1, l2, lower, upper, NG, scores)
    np.testing.assert_allclose(scores, np.maximum(np.abs(C[:, 0]) - 0.05, 0))


def test_anderson_weights_recover_the_fixed_point_of_a_linear_iteration():
    # iterates of x <- A x + b in R^3: four differences are linearly dependent,
    # so the extrapolation with K = 4 lands on the fixed point
    rng = np.random.RandomState(3)
    U = np.linalg.qr(rng.randn(3, 3))[0]
    A = U @ np.diag([0.9, 0.5, -0.3]) @ U.T
    b = rng.randn(3)
    x_star = np.linalg.solve(np.eye(3) - A, b)
    hist = np.empty((5, 3))
    x = np.zeros(3)
    for k in range(5):
        x = A @ x + b
        hist[k] = x
    c = np.empty(4)
    assert extrapolation_weights(hist, 4, c)
    assert c.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(c @ hist[1:], x_star, atol=1e-6)
    assert np.linalg.norm(hist[-1] - x_star) > 1e-2  # the plain iterate is still far


def test_drift_jump_follows_a_constant_drift_to_the_first_zero():
    K = 4
    ws = np.arange(3, dtype=np.int64)
    l1 = np.full(3, 0.1)
    lo, up = np.full(3, -np.inf), np.full(3, np.inf)
    step = np.array([-0.01, 0.01, 0.0])  # weight moves from feature 0 to feature 1
    hist = np.array([[0.5, 0.2, 0.3]]) + np.arange(K + 1)[:, None] * step
    out = np.empty(3)
    assert drift_jump(hist, K, ws, l1, lo, up, out)
    # feature 0 is at 0.46 and loses 0.01 an epoch: 46 epochs ahead it is zero
    np.testing.assert_allclose(out, [0.0, 0.2 + 0.01 * 50, 0.3], atol=1e-12)
    assert out[0] == 0.0
    # an upper bound stops the receiving feature
    assert drift_jump(hist, K, ws, l1, lo, np.array([np.inf, 0.4, np.inf]), out)
    assert out[1] == 0.4
    # no L1 weight on the decaying feature: no kink to jump to
    assert not drift_jump(hist, K, ws, np.array([0.0, 0.1, 0.1]), lo, up, out)
    # steps that change (a geometric decay is Anderson's case), or too few iterates
    geo = np.array([[0.5, 0.2, 0.3]]) + np.cumsum(0.5 ** np.arange(K + 1))[:, None] * step
    assert not drift_jump(geo, K, ws, l1, lo, up, out)
    assert not drift_jump(hist[:3], 2, ws, l1, lo, up, out)
    # the zero is less than an epoch away: coordinate descent gets there itself
    near = np.array([[0.045, 0.2, 0.3]]) + np.arange(K + 1)[:, None] * step
    assert not drift_jump(near, K, ws, l1, lo, up, out)


@pytest.mark.parametrize("precompute", [True, False])
def test_drift_jump_saves_epochs_on_correlated_columns(precompute):
    """Two columns correlated to 0.9999 and a start on the wrong one: plain coordinate
    descent moves the weight across in tiny equal steps (thousands of epochs);
    with extrapolation the solver reaches the same solution in a few dozen."""
    from sparselearn.linear_model._solver import Penalty, solve_cd

    rng = np.random.RandomState(0)
    n = 50
    z = rng.randn(n)
    X = np.asfortranarray(np.column_stack([z + 0.01 * rng.randn(n), z + 0.01 * rng.randn(n),
                                           rng.randn(n, 3)]))
    y = (X[:, 0] + 0.05 * rng.randn(n))[:, None].copy(order="F")
    p = X.shape[1]
    lam = 0.02 * np.abs(X.T @ y[:, 0]).max() / n
    pen = Penalty(np.full(p, lam), np.zeros(p), np.full(p, -np.inf), np.full(p, np.inf))
    res = {}
    for k in (0, 5):
        W = np.zeros((p, 1))
        W[1, 0] = 0.9
        res[k] = solve_cd(X, y, W, pen, inv_S=1.0 / n, tol=1e-12, max_iter=10**6,
                          working_set=False, anderson_k=k, precompute=precompute)
        assert res[k].converged
    np.testing.assert_allclose(res[5].coef, res[0].coef, atol=1e-6)
    assert res[5].coef[1, 0] == 0.0 and res[5].coef[0, 0] > 0.9
    assert res[0].n_iter > 1000 and res[5].n_iter < 100


NO_JIT = os.environ.get("NUMBA_DISABLE_JIT", "0") == "1"


@pytest.mark.skipif(NO_JIT, reason="without the JIT the kernels are plain functions")
def test_kernels_are_compiled_dispatchers():
    # no silent pure-Python fallback behind a kernel name
    for mod in (cd, gap, prox, anderson):
        for name in dir(mod):
            obj = getattr(mod, name)
            if callable(obj) and getattr(obj, "__module__", "") == mod.__name__:
                if not name.startswith("_") or name == "_is_free":
                    assert isinstance(obj, CPUDispatcher), f"{mod.__name__}.{name}"


def test_make_target_centers_with_weights():
    rng = np.random.RandomState(4)
    y = rng.randn(20)
    sw = rng.uniform(0.1, 3, 20)
    Y, off = make_target(y, sw, np.sqrt(sw), True, np.float64)
    assert off[0] == pytest.approx(np.average(y, weights=sw))
    assert np.sqrt(sw) @ Y[:, 0] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.skipif(NO_JIT, reason="already running without the JIT")
def test_kernels_run_without_jit():
    # the pure-Python bodies (and the design dispatch they use) are correct too
    env = dict(os.environ, NUMBA_DISABLE_JIT="1")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", __file__, "-q", "-p", "no:cacheprovider",
         "-p", "no:xdist", "-k", "not without_jit"],
        env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert " passed" in proc.stdout


@pytest.mark.parametrize("signs", ["free", "positive"])
def test_group_scale_is_the_boundary_of_the_group_dual_constraint(signs):
    # the largest s with ||excess(s c, a)||_2 <= weight, against bisection
    from sparselearn._numba.gap import group_scale
    rng = np.random.default_rng(3)
    for trial in range(20):
        m = int(rng.integers(1, 6))
        c = rng.standard_normal(m) * 3
        a = rng.uniform(0, 1, m) * (trial % 2)
        lower = np.full(m, 0.0 if signs == "positive" else -np.inf)
        upper = np.full(m, np.inf)
        weight = float(rng.uniform(0.1, 2.0))

        def excess(s):
            v = np.maximum(np.abs(s * c) - a, 0.0)
            if signs == "positive":
                v = np.where(c > 0, np.maximum(s * c - a, 0.0), 0.0)
            return np.linalg.norm(v)

        s = group_scale(c, a, lower, upper, np.arange(m), weight)
        if excess(1e6) <= weight:
            assert s == np.inf
            continue
        lo, hi = 0.0, 1e6
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if excess(mid) <= weight else (lo, mid)
        assert s == pytest.approx(lo, rel=1e-10)


def test_conjugate_sum_matches_a_grid_search():
    """The logistic dual's sum of scalar conjugates, against maximising on a fine grid."""
    from sparselearn._numba.gap import conjugate_sum

    rng = np.random.RandomState(3)
    p, T = 6, 2
    C = rng.randn(p, T)
    l1 = np.abs(rng.randn(p)) * 0.3
    l2 = np.array([0.5, 0.0, 1.0, 0.0, 0.2, 0.0])
    lower = np.array([-np.inf, -1.0, 0.0, -0.5, -np.inf, 0.0])
    upper = np.array([np.inf, 2.0, np.inf, 0.5, 1.0, 1.5])
    rows = np.array([0, 1, 2, 3, 4, 5, 0], dtype=np.int64)
    tasks = np.array([0, 1, 0, 1, 0, 1, 1], dtype=np.int64)
    s = 0.7
    grid = np.linspace(-3, 3, 600001)
    ref = 0.0
    for j, t in zip(rows, tasks):
        x = grid[(grid >= lower[j]) & (grid <= upper[j])]
        ref += np.max(s * C[j, t] * x - l1[j] * np.abs(x) - 0.5 * l2[j] * x * x)
    got = conjugate_sum(C, s, l1, l2, lower, upper, rows, tasks)
    assert got == pytest.approx(ref, abs=1e-8)
