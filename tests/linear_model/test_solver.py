"""The solver's switches change the speed, never the solution."""

import numpy as np
import pytest
import scipy.sparse as sp

from sparselearn.linear_model._base import make_design, make_target
from sparselearn.linear_model._solver import (Penalty, _GramCache, _use_gram, gram_block,
                                              gram_model_fits, solve_cd, solve_gram_model)
from sparselearn.utils import precompile


def _problem(n=80, p=300, sparse=False, seed=0, T=1):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, p)
    X[rng.rand(n, p) < 0.5] = 0.0
    W = np.zeros((p, T))
    W[:8] = rng.randn(8, T)
    y = X @ W + 0.1 * rng.randn(n, T)
    if sparse:
        X = sp.csc_matrix(X)
    return X, (y[:, 0] if T == 1 else y)


def _solve(X, y, alpha, fit_intercept=True, l1_ratio=1.0, **opts):
    n, p = X.shape
    design, _, sqrt_sw, S = make_design(X, None, fit_intercept)
    Y, _ = make_target(y, None, sqrt_sw, fit_intercept, np.float64)
    pen = Penalty(np.full(p, alpha * l1_ratio), np.full(p, alpha * (1 - l1_ratio)),
                  np.full(p, -np.inf), np.full(p, np.inf))
    W = np.zeros((p, Y.shape[1]))
    opts.setdefault("tol", 1e-12)
    opts.setdefault("max_iter", 100000)
    return solve_cd(design, Y, W, pen, inv_S=1.0 / S, **opts)


def _alpha_max(X, y):
    Xc = X.toarray() if sp.issparse(X) else X
    Xc = Xc - Xc.mean(0)
    yc = y - y.mean(0)
    return np.abs(Xc.T @ yc).max() / X.shape[0]


SWITCHES = [dict(working_set=False), dict(anderson_k=0), dict(precompute=False),
            dict(precompute=True), dict(screening=False), dict(cycle=0),
            dict(working_set=False, anderson_k=0, precompute=False, screening=False, cycle=0)]


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("switch", SWITCHES,
                         ids=lambda d: ",".join(f"{k}={v}" for k, v in d.items()))
def test_switches_reach_the_same_solution(sparse, switch):
    X, y = _problem(sparse=sparse)
    alpha = _alpha_max(X, y) / 20
    ref = _solve(X, y, alpha)
    res = _solve(X, y, alpha, **switch)
    assert ref.converged and res.converged
    assert res.primal == pytest.approx(ref.primal, rel=1e-10)
    np.testing.assert_allclose(res.coef, ref.coef, atol=1e-6)


def test_multitask_switches_reach_the_same_solution():
    X, Y = _problem(T=3)
    alpha = 0.05
    ref = _solve(X, Y, alpha)
    for switch in SWITCHES:
        res = _solve(X, Y, alpha, **switch)
        assert res.primal == pytest.approx(ref.primal, rel=1e-10)


def test_working_sets_and_anderson_save_epochs():
    X, y = _problem(n=100, p=2000, seed=1)
    alpha = _alpha_max(X, y) / 50
    plain = _solve(X, y, alpha, working_set=False, anderson_k=0, precompute=False,
                   screening=False, cycle=0, tol=1e-8)
    fast = _solve(X, y, alpha, tol=1e-8)
    assert fast.primal == pytest.approx(plain.primal, rel=1e-7)
    # epochs over a working set are cheaper than full ones: count coordinate visits
    assert fast.work < plain.work / 5


def test_anderson_saves_epochs_on_an_ill_conditioned_problem():
    rng = np.random.RandomState(2)
    n, p = 200, 60
    base = rng.randn(n, 1)
    X = base + 0.05 * rng.randn(n, p)  # strongly correlated columns
    y = X[:, :5].sum(1) + 0.1 * rng.randn(n)
    alpha = _alpha_max(X, y) / 100
    slow = _solve(X, y, alpha, anderson_k=0, precompute=False, tol=1e-10)
    fast = _solve(X, y, alpha, anderson_k=5, precompute=False, tol=1e-10)
    assert fast.primal == pytest.approx(slow.primal, rel=1e-8)
    assert fast.work < slow.work / 2


@pytest.mark.parametrize("sparse", [False, True])
def test_a_wrong_strong_set_still_gives_the_full_solution(sparse):
    # the strong set misses most of the support: the final check over all
    # features brings the violators in
    X, y = _problem(sparse=sparse)
    alpha = _alpha_max(X, y) / 20
    ref = _solve(X, y, alpha)
    res = _solve(X, y, alpha, strong=np.array([0, 5, 200]))
    assert res.converged and res.gap <= res.tol_scaled
    assert res.primal == pytest.approx(ref.primal, rel=1e-10)
    np.testing.assert_allclose(res.coef, ref.coef, atol=1e-6)
    assert np.count_nonzero(ref.coef) > 3


def test_active_set_cycling_saves_updates():
    # a wide working set around a small support: sweeps between full ones
    # touch only the non-zero coefficients
    X, y = _problem(n=100, p=400, seed=3)
    alpha = _alpha_max(X, y) / 10
    full = _solve(X, y, alpha, working_set=False, precompute=False, cycle=0, tol=1e-10)
    cyc = _solve(X, y, alpha, working_set=False, precompute=False, cycle=3, tol=1e-10)
    assert cyc.primal == pytest.approx(full.primal, rel=1e-9)
    support = np.count_nonzero(full.coef)
    assert support < 100
    assert cyc.work < 0.75 * full.work, (cyc.work, full.work)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("ratio", [2, 5, 20])
def test_screening_keeps_the_optimal_support(seed, ratio):
    # screening removes a feature only if it is zero at the optimum, also when
    # the gap is driven to rounding level (tol=0)
    X, y = _problem(n=60, p=500, sparse=True, seed=seed)
    alpha = _alpha_max(X, y) / ratio
    ref = _solve(X, y, alpha, screening=False)
    res = _solve(X, y, alpha, screening=True, tol=0.0, max_iter=2000, warn=False)
    np.testing.assert_array_equal(ref.coef != 0, res.coef != 0)
    assert res.primal == pytest.approx(ref.primal, rel=1e-12)


def test_gram_block_matches_dense_gram():
    X, _ = _problem(n=40, p=30)
    for fit_intercept in (False, True):
        Xc = X - X.mean(0) if fit_intercept else X
        ws = np.array([3, 7, 11, 29])
        dense_design, *_ = make_design(X, None, fit_intercept)
        sparse_design, *_ = make_design(sp.csc_matrix(X), None, fit_intercept)
        expected = Xc[:, ws].T @ Xc[:, ws]
        np.testing.assert_allclose(gram_block(dense_design, ws, 40), expected, atol=1e-10)
        np.testing.assert_allclose(gram_block(sparse_design, ws, 40), expected, atol=1e-10)


@pytest.mark.parametrize("sparse", [False, True])
def test_gram_cache_grows_to_the_same_blocks(sparse):
    # working sets arrive in pieces, overlap and shrink: every block equals
    # the Gram matrix of its columns computed directly
    X, _ = _problem(n=40, p=60, sparse=sparse)
    design, *_ = make_design(X, None, True)
    Xc = X.toarray() if sparse else X
    Xc = Xc - Xc.mean(0)
    cache = _GramCache(design, 40, 60)
    rng = np.random.RandomState(0)
    for size in (3, 8, 5, 20, 12):
        ws = np.sort(rng.choice(60, size, replace=False)).astype(np.int64)
        block = cache.block(ws)
        np.testing.assert_allclose(block, Xc[:, ws].T @ Xc[:, ws], atol=1e-10)
        # the kernels' layout; exact symmetry, on which block() relies
        assert block.flags.f_contiguous
        np.testing.assert_array_equal(cache.G, cache.G.T)
    assert cache.cols.size <= 60 and np.unique(cache.cols).size == cache.cols.size


def test_auto_gram_choice_follows_the_cost_model():
    # dense: Gram form when the working set is not wider than the samples;
    # sparse: when |ws|^2 is at most the non-zeros of its columns
    X, _ = _problem(n=50, p=300)
    dense, *_ = make_design(X, None, False)
    assert _use_gram("auto", None, dense, np.arange(50), 50, 1, 0, False)
    assert not _use_gram("auto", None, dense, np.arange(51), 50, 1, 0, False)
    assert not _use_gram(False, None, dense, np.arange(5), 50, 1, 0, False)
    assert not _use_gram("auto", None, dense, np.arange(5), 50, 2, 0, False)
    csc, *_ = make_design(sp.csc_matrix(X), None, False)
    ws = np.arange(40)
    nnz = int(np.count_nonzero(X[:, ws]))
    assert _use_gram("auto", None, csc, ws, 50, 1, 0, False) == (40 * 40 <= nnz)


def test_precompile_returns_timings():
    timings = precompile(dtypes=(np.float64,), sparse=True, multitask=False)
    assert set(timings) == {"dense float64 intercept=False", "dense float64 intercept=True",
                            "csc float64 intercept=False", "csc float64 intercept=True"}
    # the packing of large sparse working sets, which the small fits never reach,
    # is compiled too: packing a larger matrix's columns adds no specialisation
    from sparselearn._numba.design import _gather_columns, take_columns

    compiled = set(_gather_columns.signatures)
    assert compiled
    X, _ = _problem(n=200, p=500, sparse=True, seed=2)
    for fit_intercept in (False, True):
        take_columns(make_design(X, None, fit_intercept)[0], np.arange(0, 500, 3))
    assert set(_gather_columns.signatures) == compiled


def _solve_groups(X, y, alpha, l1_ratio=0.3, size=5, **opts):
    # sparse group lasso on consecutive groups, through the same solver
    n, p = X.shape
    design, _, sqrt_sw, S = make_design(X, None, True)
    Y, _ = make_target(y, None, sqrt_sw, True, np.float64)
    ptr = np.arange(0, p + 1, size, dtype=np.int64)
    pen = Penalty(np.full(p, alpha * l1_ratio), np.zeros(p), np.full(p, -np.inf),
                  np.full(p, np.inf), group_ptr=ptr,
                  group_weight=np.full(ptr.size - 1, alpha * (1 - l1_ratio) * np.sqrt(size)))
    opts.setdefault("tol", 1e-12)
    opts.setdefault("max_iter", 100000)
    return solve_cd(design, Y, np.zeros((p, 1)), pen, inv_S=1.0 / S, **opts)


GROUP_SWITCHES = [dict(working_set=False), dict(anderson_k=0), dict(screening=False),
                  dict(precompute=True), dict(precompute=False),
                  dict(working_set=False, anderson_k=0, screening=False)]


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("switch", GROUP_SWITCHES,
                         ids=lambda d: ",".join(f"{k}={v}" for k, v in d.items()))
def test_group_switches_reach_the_same_solution(sparse, switch):
    X, y = _problem(sparse=sparse)
    alpha = _alpha_max(X, y) / 10
    ref = _solve_groups(X, y, alpha)
    res = _solve_groups(X, y, alpha, **switch)
    assert ref.converged and res.converged
    assert res.primal == pytest.approx(ref.primal, rel=1e-10)
    np.testing.assert_allclose(res.coef, ref.coef, atol=1e-6)
    assert 0 < np.count_nonzero(ref.coef) < X.shape[1] / 4


def test_group_working_sets_save_work_and_screening_keeps_the_support():
    X, y = _problem(n=100, p=2000, seed=1)
    alpha = _alpha_max(X, y) / 10
    plain = _solve_groups(X, y, alpha, working_set=False, anderson_k=0, screening=False,
                          tol=1e-8)
    fast = _solve_groups(X, y, alpha, tol=1e-8)
    assert fast.primal == pytest.approx(plain.primal, rel=1e-7)
    assert fast.work < plain.work / 5
    # screening driven to rounding level removes only groups zero at the optimum
    screened = _solve_groups(X, y, alpha, working_set=False, tol=0.0, max_iter=3000,
                             warn=False)
    np.testing.assert_array_equal(screened.coef != 0, plain.coef != 0)


@pytest.mark.parametrize("sparse", [False, True])
def test_gap_decrease_tightens_a_loose_target(sparse):
    """``gap_decrease`` asks for that fraction of the first gap even when ``tol`` is loose
    (prox-Newton's inner solves); it never loosens a tight ``tol``."""
    X, y = _problem(sparse=sparse)
    alpha = _alpha_max(X, y) / 20
    first = _solve(X, y, alpha, tol=1e3, max_iter=1)  # stops at once: the starting gap
    assert first.gap > 0
    res = _solve(X, y, alpha, tol=1e3, gap_decrease=1e-3)
    assert res.converged and res.gap <= 1e-3 * first.gap
    loose = _solve(X, y, alpha, tol=1e3)
    assert loose.gap == first.gap  # without it the loose target is met at the start
    tight = _solve(X, y, alpha, tol=1e-12, gap_decrease=0.5)
    assert tight.gap <= 1e-12 * (y - y.mean()) @ (y - y.mean()) / X.shape[0]


def _gram_model_problem(seed=0, n=120, p=40):
    rng = np.random.RandomState(seed)
    X = np.asfortranarray(rng.randn(n, p))
    y = (X[:, :5] @ rng.randn(5) + 0.3 * rng.randn(n))[:, None].copy(order="F")
    lam = 0.1 * np.abs(X.T @ y[:, 0]).max()
    l1 = np.full(p, lam)
    l2 = np.where(np.arange(p) % 3 == 0, 0.5 * lam, 0.0)
    lower = np.where(np.arange(p) % 4 == 1, -0.2, -np.inf)  # boxes on some features,
    upper = np.where(np.arange(p) % 4 == 1, 0.3, np.inf)     # both sides finite
    upper[2] = 0.05  # and a box that excludes nothing but binds
    lower[2] = -0.05
    return X, y, Penalty(l1, l2, lower, upper)


def test_gram_model_matches_solve_cd():
    """One call of the Gram kernel reaches solve_cd's residual-form solution (from
    any start), and its gap bounds its suboptimality."""
    X, y, pen = _gram_model_problem()
    assert gram_model_fits(X, pen, X.shape[0])
    ref = solve_cd(X, y, np.zeros((X.shape[1], 1)), pen, inv_S=1.0, tol=1e-14,
                   max_iter=100000, precompute=False)
    assert ref.converged
    start = np.random.RandomState(1).randn(X.shape[1], 1)
    start = np.clip(start, pen.lower[:, None], pen.upper[:, None])
    res = solve_gram_model(X, y, start.copy(), pen, tol=1e-10 * float(y[:, 0] @ y[:, 0]),
                           max_iter=100000)
    assert res.converged and res.n_iter > 0
    np.testing.assert_allclose(res.coef, ref.coef, atol=1e-6)
    W = res.coef[:, 0]
    assert np.all(W >= pen.lower) and np.all(W <= pen.upper)
    f = 0.5 * np.sum((y[:, 0] - X @ W) ** 2) + pen.l1 @ np.abs(W) + 0.5 * pen.l2 @ W ** 2
    assert -1e-12 * abs(ref.primal) <= f - ref.primal <= res.gap + 1e-9 * abs(ref.primal)


def test_gram_model_gap_decrease():
    """A start whose gap already meets ``tol`` still moves, to ``gap_decrease`` times
    that gap (prox-Newton's models, whose gap is second order); with
    ``gap_decrease=0`` the loose target holds at the first check."""
    X, y, pen = _gram_model_problem(seed=2)
    yy = float(y[:, 0] @ y[:, 0])
    near = solve_gram_model(X, y, np.zeros((X.shape[1], 1)), pen, tol=1e-3 * yy,
                            max_iter=100000)
    kw = dict(tol=1e3 * yy, max_iter=100000, gap_freq=1)
    plain = solve_gram_model(X, y, near.coef.copy(), pen, gap_decrease=0.0, **kw)
    assert plain.n_iter == 1
    res = solve_gram_model(X, y, near.coef.copy(), pen, gap_decrease=1e-9, **kw)
    assert res.n_iter > 1 and res.gap <= 1e-9 * near.gap
    assert plain.gap > 1e-9 * near.gap


def test_gram_model_fits_only_where_it_applies():
    X, y, pen = _gram_model_problem()
    n, p = X.shape
    assert gram_model_fits(X, pen, n)
    assert not gram_model_fits(X[:30], pen, 30)  # wider than tall: the Gram would be larger
    design, _, _, _ = make_design(sp.csc_matrix(X), None, False)
    assert not gram_model_fits(design, pen, n)  # sparse designs keep the residual form
    free = Penalty(pen.l1.copy(), pen.l2.copy(), pen.lower, pen.upper)
    free.l1[0] = free.l2[0] = 0.0
    assert not gram_model_fits(X, free, n)  # an unpenalized feature needs the dual basis
    half = Penalty(pen.l1, pen.l2, np.where(np.arange(p) == 6, 0.0, pen.lower), pen.upper)
    assert not gram_model_fits(X, half, n)  # so does a half-bounded one
    grouped = Penalty(pen.l1, np.zeros(p), np.full(p, -np.inf), np.full(p, np.inf),
                      group_ptr=np.arange(0, p + 1, 4), group_weight=np.ones(p // 4))
    assert not gram_model_fits(X, grouped, n)


@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_make_design_into_a_buffer(fit_intercept, weighted, dtype):
    """``out=`` (prox-Newton's one buffer per working set) gives the same design
    and offsets, written into the buffer; the caller's X is untouched."""
    rng = np.random.RandomState(3)
    X = np.asfortranarray(rng.randn(30, 7).astype(dtype))
    X0 = X.copy()
    sw = rng.rand(30) + 0.1 if weighted else None
    ref, off_ref, _, S_ref = make_design(X, sw, fit_intercept)
    out = np.full(X.shape, np.nan, dtype=dtype, order="F")
    got, off, _, S = make_design(X, sw, fit_intercept, out=out)
    if fit_intercept or weighted:
        assert got is out
    else:
        assert got is X  # nothing to compute: the buffer is not used
    np.testing.assert_array_equal(got, ref)
    np.testing.assert_array_equal(off, off_ref)
    assert S == S_ref
    np.testing.assert_array_equal(X, X0)
    # the buffer is reused: a second design overwrites it completely
    got2, *_ = make_design(2.0 * X, sw, fit_intercept, out=out)
    np.testing.assert_allclose(got2, 2.0 * ref, rtol=1e-6)


@pytest.mark.parametrize("out", [np.empty((30, 7)), np.empty((30, 6), order="F"),
                                 np.empty((30, 7), dtype=np.float32, order="F")])
def test_make_design_rejects_a_wrong_buffer(out):
    X = np.asfortranarray(np.random.RandomState(0).randn(30, 7))
    with pytest.raises(ValueError, match="out must be"):
        make_design(X, None, True, out=out)


@pytest.mark.parametrize("fit_intercept", [False, True])
def test_make_design_sparse_into_a_buffer(fit_intercept):
    """A sparse design's weighted values written into ``out`` equal the
    freshly allocated ones; the caller's matrix is untouched."""
    rng = np.random.RandomState(4)
    X = sp.random(30, 9, density=0.3, format="csc", random_state=rng)
    X0 = X.copy()
    sw = rng.rand(30) + 0.1
    ref = make_design(X, sw, fit_intercept)
    out = np.full(X.nnz, np.nan)
    got = make_design(X, sw, fit_intercept, out=out)
    assert got[0][0] is out
    for a, b in zip(got[0], ref[0]):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(got[1], ref[1])
    np.testing.assert_array_equal(X.toarray(), X0.toarray())
    np.testing.assert_array_equal(X.data, X0.data)
    with pytest.raises(ValueError, match="out must be"):
        make_design(X, sw, fit_intercept, out=np.empty(X.nnz + 1))


def test_strong_mask_from_indices_or_mask():
    """solve_cd's strong set: a mask and the same indices give the same start,
    the support always joins it, and groups are taken whole."""
    from sparselearn.linear_model._solver import _strong_mask

    W = np.zeros((8, 1))
    W[6] = 1.5
    idx = np.array([1, 3])
    mask = np.zeros(8, dtype=bool)
    mask[idx] = True
    expected = np.isin(np.arange(8), [1, 3, 6])
    np.testing.assert_array_equal(_strong_mask(idx, W, None), expected)
    np.testing.assert_array_equal(_strong_mask(mask, W, None), expected)
    assert not mask[6]  # the caller's mask is not modified
    units = np.array([0, 2, 4, 8])  # blocks {0,1}, {2,3}, {4..7}
    np.testing.assert_array_equal(_strong_mask(mask, W, units), np.ones(8, dtype=bool))
    np.testing.assert_array_equal(_strong_mask(np.array([0]), np.zeros((8, 1)), units),
                                  np.arange(8) < 2)


@pytest.mark.parametrize("fit_intercept", [False, True])
def test_take_columns_packs_a_sparse_design(fit_intercept):
    """A packed design holds exactly the chosen columns (and their means), in
    the given order, in the caller's buffers when given; the design is untouched."""
    from sparselearn._numba.design import take_columns

    X, _ = _problem(n=40, p=30, sparse=True, seed=3)
    design, X_offset, _, _ = make_design(X, None, fit_intercept)
    before = [a.copy() for a in design]
    cols = np.array([4, 0, 17, 29, 5], dtype=np.int64)
    dense = X.toarray()
    out = (np.full(X.nnz, np.nan), np.full(X.nnz, -1, dtype=design[1].dtype))
    for buf in (None, out):
        packed = take_columns(design, cols, buf)
        assert len(packed) == len(design)
        assert [a.dtype for a in packed] == [a.dtype for a in design]
        data, indices, ptr = packed[:3]
        got = sp.csc_matrix((data, indices, ptr), shape=(40, cols.size)).toarray()
        np.testing.assert_array_equal(got, dense[:, cols])
        if buf is not None:
            assert np.shares_memory(data, out[0]) and np.shares_memory(indices, out[1])
        if fit_intercept:
            np.testing.assert_array_equal(packed[3], X_offset[cols])
            assert packed[4] is design[4] and packed[5] is design[5]
    for a, b in zip(design, before):
        np.testing.assert_array_equal(a, b)


def _pack_all(monkeypatch, pack):
    """Pack every working set (or none); returns the list of packed sizes."""
    import sparselearn.linear_model._solver as solver

    monkeypatch.setattr(solver, "_PACK_NNZ", 0 if pack else np.iinfo(np.int64).max)
    packed = []
    take = solver.take_columns

    def counted(X, cols, out=None):
        packed.append(cols.size)
        return take(X, cols, out)

    monkeypatch.setattr(solver, "take_columns", counted)
    return packed


@pytest.mark.parametrize("case", ["lasso", "multitask", "groups", "unpenalized", "shuffle"])
def test_packed_working_sets_give_the_same_iterates(monkeypatch, case):
    """Solving working sets on packed columns changes where the columns live,
    not the arithmetic: the iterates, epochs and gaps are exactly those of the
    solver on the columns in place."""
    X, y = _problem(n=60, p=400, sparse=True, seed=5, T=2 if case == "multitask" else 1)
    alpha = _alpha_max(X, y) / 30
    runs = []
    for pack in (False, True):
        packed = _pack_all(monkeypatch, pack)
        if case == "groups":
            res = _solve_groups(X, y, alpha, precompute=False, tol=1e-10)
        elif case == "unpenalized":
            n, p = X.shape
            design, _, sqrt_sw, S = make_design(X, None, True)
            Y, _ = make_target(y, None, sqrt_sw, True, np.float64)
            l1 = np.full(p, alpha)
            l1[:3] = 0.0  # unpenalized: the dual point is projected on them
            lower = np.full(p, -np.inf)
            lower[10:20] = 0.0
            pen = Penalty(l1, np.zeros(p), lower, np.full(p, np.inf))
            res = solve_cd(design, Y, np.zeros((p, 1)), pen, inv_S=1.0 / S, tol=1e-10,
                           max_iter=100000, precompute=False)
        elif case == "shuffle":
            from sparselearn._numba.cd import seed_rng

            seed_rng(7)
            res = _solve(X, y, alpha, precompute=False, shuffle=True, tol=1e-10)
        else:
            res = _solve(X, y, alpha, precompute=False, tol=1e-10)
        runs.append(res)
        assert bool(packed) == pack  # working sets smaller than the design were packed
        assert all(0 < k < X.shape[1] for k in packed)
    plain, packed = runs
    assert plain.converged and packed.converged
    assert packed.n_iter == plain.n_iter and packed.work == plain.work
    np.testing.assert_array_equal(packed.coef, plain.coef)
    assert packed.gap == plain.gap
    assert 0 < np.count_nonzero(plain.coef) < X.shape[1] / 2


def test_packing_reuses_its_buffers_along_a_path(monkeypatch):
    """The packed columns' buffers live in the path's cache: later solves reuse
    them (grown when a working set needs more) instead of allocating afresh."""
    import sparselearn.linear_model._solver as solver

    _pack_all(monkeypatch, True)
    X, y = _problem(n=60, p=400, sparse=True, seed=5)
    design, _, sqrt_sw, S = make_design(X, None, True)
    Y, _ = make_target(y, None, sqrt_sw, True, np.float64)
    p = X.shape[1]
    cache = {}
    W = np.zeros((p, 1))
    seen = []
    amax = _alpha_max(X, y)
    for ratio in (5, 10, 20, 40):
        pen = Penalty(np.full(p, amax / ratio), np.zeros(p), np.full(p, -np.inf),
                      np.full(p, np.inf))
        solver.solve_cd(design, Y, W, pen, inv_S=1.0 / S, tol=1e-8, precompute=False,
                        cache=cache)
        seen.append(cache["pack"])
    sizes = [b[0].size for b in seen]
    assert sizes == sorted(sizes)
    assert any(a is b for a, b in zip(seen, seen[1:]))
