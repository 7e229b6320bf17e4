"""The outer loop of the coordinate-descent solver.

Python drives a few outer iterations; all per-epoch work is compiled.  Each
outer iteration computes the full duality gap (one ``X^T r`` pass), stops if
it is small enough, otherwise ranks features by their violation of the
optimality conditions and solves the problem restricted to a working set (the
support plus the most violating features, about twice the support) to a
fraction of the current gap.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from .._numba.cd import (column_sqnorms, csc_gram_cross, group_lipschitz, init_residual,
                         solve_subproblem, solve_subproblem_gram, zero_features)
from .._numba.design import n_columns, take_columns
from .._numba.gap import dual_value, gap_safe_screen, kkt_scores, primal_value
from ._base import unpenalized_basis

# largest dense basis of unpenalized free columns (n_samples x n_free
# entries); beyond it no basis is built and the duality gap does not close
_MAX_UNPENALIZED_BASIS = 20_000_000
# smallest relative tolerance used for float32 data
_FLOAT32_TOL = 1e-6


_NO_GROUPS = (np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0))


@dataclass
class Penalty:
    """Per-feature penalty data: L1 weight, L2 weight, lower and upper bound.

    Group penalties (single task) partition the features into contiguous
    blocks: ``group_ptr`` holds the block boundaries (every feature in
    exactly one block) and ``group_weight`` each block's coefficient of its
    Euclidean norm. A block of one feature with weight 0 is an ordinary
    feature. With groups the L2 weights must be zero and the bounds sign
    constraints (see :mod:`sparselearn._numba.prox`).
    """

    l1: np.ndarray
    l2: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    group_ptr: np.ndarray = None
    group_weight: np.ndarray = None

    @property
    def grouped(self) -> bool:
        return self.group_ptr is not None

    def kernel_groups(self, glips=None):
        """The kernels' ``(size, weight, lips)`` tuple of per-feature arrays."""
        if not self.grouped:
            return _NO_GROUPS
        sizes = np.diff(self.group_ptr)
        size = np.repeat(sizes, sizes).astype(np.int64)
        weight = np.repeat(np.asarray(self.group_weight, dtype=np.float64), sizes)
        return size, weight, glips

    @property
    def unpenalized(self) -> np.ndarray:
        """Mask of the features with no penalty at all (bounds aside)."""
        free = (self.l1 == 0) & (self.l2 == 0)
        if self.grouped:
            sizes = np.diff(self.group_ptr)
            free &= np.repeat(np.asarray(self.group_weight) == 0, sizes)
        return free

    @property
    def unpenalized_free(self) -> np.ndarray:
        """Features whose dual constraint is ``X_j^T rho = 0``."""
        return np.flatnonzero(self.unpenalized & np.isneginf(self.lower)
                              & np.isposinf(self.upper))

    @property
    def unpenalized_half_bounded(self) -> np.ndarray:
        """Unpenalized features with exactly one infinite bound (``c_j`` of one sign)."""
        return np.flatnonzero(self.unpenalized
                              & (np.isneginf(self.lower) != np.isposinf(self.upper)))


@dataclass
class SolverResult:
    coef: np.ndarray        # (n_features, n_tasks)
    gap: float              # final duality gap, objective scale
    primal: float
    n_iter: int             # epochs, summed over working-set subproblems
    work: int               # coordinate updates, summed
    converged: bool
    tol_scaled: float
    corr: np.ndarray = None  # X_j^T r / S at the end (stale for screened features)


def solve_cd(X, Y, W, penalty: Penalty, *, inv_S: float, tol: float = 1e-4,
             max_iter: int = 1000, working_set: bool = True, p0: int = 50,
             gap_freq: int = 10, anderson_k: int = 5, cycle: int = 3, shuffle: bool = False,
             warn: bool = True,
             precompute="auto", gram=None, screening: bool = True,
             strong=None, cache=None, verbose: bool = False,
             gap_decrease: float = None) -> SolverResult:
    """Minimise ``1/(2S)||Y - X W||^2 + sum_j g_j(W_j)`` by coordinate descent.

    ``X`` is a design (see :mod:`sparselearn._numba.design`), ``Y`` the
    (n_samples, n_tasks) Fortran-ordered target, ``W`` the (n_features,
    n_tasks) C-ordered start, updated in place.  Stops when the duality gap
    is at most ``tol * ||Y||^2 / S`` (``tol`` at least ``1e-6`` for float32
    data, whose rounding hides smaller gaps).

    ``precompute`` chooses the form of each subproblem: ``False`` residual
    form, ``True`` Gram form (single task, no unpenalized basis), ``"auto"``
    Gram form when a Gram epoch is cheaper than a residual one (see
    :func:`_use_gram`).  With ``screening``, features proven zero
    at the optimum by the gap-safe test are set to zero and dropped for good
    (not done while the dual point is projected on unpenalized features).
    ``cycle`` is the period of full sweeps of the working set in active-set
    cycling (0 or 1: every epoch sweeps it all).
    ``gram`` is an optional precomputed ``X^T X`` of the design (validated by
    the caller).

    ``strong``, feature indices or a boolean mask (a strong rule's guess of
    the support), restricts the problem to them; once it is solved the
    optimality conditions of all other features are checked with one
    ``X^T r`` pass, violators join and solving resumes, so the answer and its
    gap are those of the full problem.

    ``cache``, a dict shared by the solves of one path (same design, target
    and ``inv_S``), keeps the column norms and the Gram blocks between them.

    ``gap_decrease``: also ask for a gap of at most this fraction of the
    first one (the tighter of the two targets), so that a solve started
    near its solution still makes progress (prox-Newton's inner solves).

    With group penalties (``penalty.group_ptr``, single task) the solver runs
    block coordinate descent: working sets, strong sets and the optimality
    scores are taken group by group, and screening removes whole groups.
    """
    p = n_columns(X)
    n, T = Y.shape
    units = penalty.group_ptr
    if units is not None:
        if T != 1:
            raise ValueError("Group penalties take a single task.")
        shuffle = False
    dtype = Y.dtype
    R = np.empty((n, T), dtype=dtype, order="F")
    off = np.zeros(T, dtype=dtype)
    init_residual(X, Y, W, R, off)
    C = np.zeros((p, T))
    scores = np.empty(p)
    all_cols = np.arange(p, dtype=np.int64)
    yy = float(np.dot(Y.ravel(order="F"), Y.ravel(order="F")))
    # a float32 residual knows the objective to about eps32 * ||Y||^2 / S: a
    # gap below that is rounding noise
    single = dtype == np.float32
    tol_scaled = max(tol, _FLOAT32_TOL if single else 0.0) * yy * inv_S
    # the gap-safe test compares correlations to the penalty to within a
    # relative 1e-7, beyond what a float32 residual resolves
    screening = screening and not single
    args = (penalty.l1, penalty.l2, penalty.lower, penalty.upper)

    # Anderson buffers, reused by every subproblem
    W_acc = np.zeros_like(W)
    R_acc = np.empty_like(R)
    off_acc = np.zeros_like(off)
    acc_fresh = False

    n_iter = work = 0
    ws_size = 0
    gap = primal = np.inf
    best_dual = -np.inf  # any dual point bounds this fixed problem: keep the best
    converged = False
    screened = np.zeros(p, dtype=np.bool_)
    cols = all_cols
    in_cols = np.ones(p, dtype=np.bool_)
    if strong is not None:
        in_cols = _strong_mask(strong, W, units)
        cols = np.flatnonzero(in_cols)
    basis = _DualBasis(X, penalty, n, p)
    cache = {} if cache is None else cache
    grams = cache.get("grams")
    if grams is None:
        grams = cache["grams"] = _GramCache(X, n, p, gram)
    # when the whole problem fits in Gram form (p small next to n), working
    # sets only add passes over the n samples: solve it all at once (not with
    # groups, whose working sets leave out most blocks of the Gram matrix)
    whole_gram = units is None and _use_gram(precompute, gram, X, all_cols, n, T,
                                             basis.free.size + basis.half.size, shuffle)
    working_set = working_set and not whole_gram
    lips = cache.get("lips")
    if lips is None:
        if whole_gram:  # the squared column norms are the Gram diagonal
            lips = np.maximum(np.diagonal(grams.block(all_cols)), 0.0)
        else:
            lips = np.empty(p)
            column_sqnorms(X, p, lips)
        lips *= inv_S
        cache["lips"] = lips
    grp = _kernel_groups(X, penalty, cache, n, inv_S)
    while True:
        t_out = time.perf_counter() if verbose else 0.0
        if single and n_iter:
            init_residual(X, Y, W, R, off)  # no drift of float32 updates
        # last dual point computed at the current iterate, so that C holds its gradient
        Q, XtQ, dargs = basis.update(W)
        if acc_fresh:
            best_dual = max(best_dual, dual_value(X, Y, R_acc, off_acc, *dargs, grp, cols,
                                                  inv_S, Q, XtQ, C)[0])
        dual, scale = dual_value(X, Y, R, off, *dargs, grp, cols, inv_S, Q, XtQ, C)
        if dual == -np.inf and basis.grow(C, R, W, inv_S):
            Q, XtQ, dargs = basis.current()
            dual, scale = dual_value(X, Y, R, off, *dargs, grp, cols, inv_S, Q, XtQ, C)
        primal = primal_value(X, R, off, W, penalty.l1, penalty.l2, grp, cols, inv_S)
        if screening and Q.shape[1] == 0 and gap_safe_screen(
                C, scale, primal - dual, lips, penalty.l1, penalty.lower, penalty.upper,
                grp, cols, screened):
            # the problem on the remaining features has the same solution
            out = cols[screened[cols]]
            cols = cols[~screened[cols]]
            if W[out].any():
                zero_features(X, R, off, W, out)
                dual, scale = dual_value(X, Y, R, off, *dargs, grp, cols, inv_S, Q, XtQ, C)
                primal = primal_value(X, R, off, W, penalty.l1, penalty.l2, grp, cols, inv_S)
            # else the residual is unchanged and the dual point stays feasible
        best_dual = max(best_dual, dual)
        gap = primal - best_dual
        tol_scaled = _first_gap_target(tol_scaled, gap, gap_decrease, n_iter)
        if gap <= tol_scaled and not in_cols.all():
            # solved on the strong set: check every other feature
            full = np.flatnonzero(~screened) if screened.any() else all_cols
            dual, scale = dual_value(X, Y, R, off, *dargs, grp, full, inv_S, Q, XtQ, C)
            best_dual, gap = dual, primal - dual  # a dual point of the full problem
            if gap > tol_scaled:
                rest = np.flatnonzero(~in_cols & ~screened)
                kkt_scores(C, W, *args, grp, scores)
                viol = rest[scores[rest] > 0]
                in_cols[viol if viol.size else rest] = True
                cols = np.flatnonzero(in_cols & ~screened)
                in_cols[screened] = True
            else:
                in_cols[:] = True
                cols = full
        if gap <= tol_scaled:
            converged = True
            break
        if n_iter >= max_iter:
            break
        t_sub = time.perf_counter() if verbose else 0.0
        ws_size, ws = _working_set(C, W, args, grp, units, scores, screened, in_cols, cols,
                                   ws_size, p0, working_set)
        inner_tol = tol_scaled if ws.size == cols.size else max(0.3 * gap, 0.5 * tol_scaled)
        # more violating features than the working set holds: it can grow
        truncated = working_set and np.count_nonzero(scores > 0) > ws.size
        if _use_gram(precompute, gram, X, ws, n, T, Q.shape[1], shuffle):
            G = grams.block(ws)
            w_ws = W[ws, 0].astype(np.float64)
            Xty = C[ws, 0] / inv_S + G @ w_ws
            epochs, _ = solve_subproblem_gram(
                G, Xty, yy, W, lips, *args, *dargs[2:], grp, ws, inv_S, C, inner_tol,
                max_iter - n_iter,
                gap_freq, anderson_k, 0.0)
            init_residual(X, Y, W, R, off)
            acc_fresh = False
            visits = epochs * ws.size
        else:
            epochs, acc_fresh, visits = _residual_subproblem(
                X, Y, R, off, W, lips, args, dargs[2:], grp, ws, inv_S, Q, XtQ, C, inner_tol,
                max_iter - n_iter, gap_freq, shuffle, anderson_k, (W_acc, R_acc, off_acc),
                cycle, _WS_FULL if truncated else 0.0, cache)
        n_iter += epochs
        work += visits
        if verbose:
            print(f"outer: gap {gap:.3e} ws {ws.size} epochs {epochs} "
                  f"check {t_sub - t_out:.4f}s subproblem {time.perf_counter() - t_sub:.4f}s")

    if not converged and warn:
        warnings.warn(
            f"Objective did not converge after {n_iter} epochs: duality gap "
            f"{gap:.3e} > tolerance {tol_scaled:.3e}. Increase max_iter, loosen "
            "tol, or scale the features.", ConvergenceWarning, stacklevel=3)
    # a negative gap is rounding: in exact arithmetic it is never below zero
    return SolverResult(coef=W, gap=max(float(gap), 0.0), primal=float(primal),
                        n_iter=max(n_iter, 1), work=work, converged=converged,
                        tol_scaled=tol_scaled, corr=C)


def _residual_subproblem(X, Y, R, off, W, lips, args, dbounds, grp, ws, inv_S, Q, XtQ, C,
                         tol, max_epochs, gap_freq, shuffle, anderson_k, acc, cycle, fill,
                         cache):
    """:func:`solve_subproblem` on ``ws``; returns ``(epochs, acc_fresh, visits)``.

    A working set of many non-zeros of a sparse design runs on a packed copy
    of its columns (:func:`take_columns`), with its features renumbered
    ``0..|ws|-1``; ``W`` gets its rows back.  The copy costs about
    one epoch's reading of those columns; its buffers are kept in ``cache``.
    """
    W_acc, R_acc, off_acc = acc
    whole = isinstance(X, np.ndarray) or ws.size == W.shape[0]
    nnz = 0 if whole else int(X[2][ws + 1].sum() - X[2][ws].sum())
    if whole or nnz < _PACK_NNZ:
        epochs, _, acc_fresh, visits = solve_subproblem(
            X, Y, R, off, W, lips, *args, *dbounds, grp, ws, inv_S, Q, XtQ, C, tol,
            max_epochs, gap_freq, shuffle, anderson_k, W_acc, R_acc, off_acc, cycle, fill)
        return epochs, acc_fresh, visits
    buf = cache.get("pack")
    if buf is None or buf[0].size < nnz:  # grown along a path, kept between solves
        size = max(nnz, int(1.25 * buf[0].size) if buf is not None else 0)
        buf = cache["pack"] = (np.empty(size, dtype=X[0].dtype),
                               np.empty(size, dtype=X[1].dtype))
    sub = lambda a: a[ws] if a.shape[0] else a  # noqa: E731  (_NO_GROUPS stays empty)
    W_ws = np.ascontiguousarray(W[ws])
    C_ws = np.zeros((ws.size, C.shape[1]))
    epochs, _, acc_fresh, visits = solve_subproblem(
        take_columns(X, ws, buf), Y, R, off, W_ws, lips[ws], *(a[ws] for a in args),
        *(a[ws] for a in dbounds), tuple(sub(a) for a in grp),
        np.arange(ws.size, dtype=np.int64), inv_S, Q, np.ascontiguousarray(XtQ[ws]), C_ws,
        tol, max_epochs, gap_freq, shuffle, anderson_k, W_ws.copy(), R_acc, off_acc, cycle,
        fill)
    W[ws] = W_ws  # (the correlations C_ws are scratch: the outer loop recomputes C)
    return epochs, acc_fresh, visits


def _first_gap_target(tol_scaled, gap, gap_decrease, n_iter):
    """The gap target, tightened to ``gap_decrease`` times the first gap."""
    if gap_decrease is None or n_iter > 0:
        return tol_scaled
    return min(tol_scaled, gap_decrease * gap)


def _working_set(C, W, args, grp, units, scores, screened, in_cols, cols, ws_size, p0,
                 working_set):
    """The next working set (and its target size): the support, then the
    features of ``cols`` by decreasing optimality violation; all of ``cols``
    when that is no larger.  With groups (block boundaries ``units``) the
    choice and the sizes are counted in groups, each taken whole."""
    if not working_set:
        return ws_size, cols.copy()
    kkt_scores(C, W, *args, grp, scores)
    return select_working_set(scores, _nonzero_rows(W), units, screened, in_cols, cols,
                              ws_size, p0)


def select_working_set(scores, nonzero, units, screened, in_cols, cols, ws_size, p0):
    """:func:`_working_set` from the features' optimality ``scores`` (overwritten)
    and the mask of the ``nonzero`` features: the support, then the features of
    ``cols`` by decreasing score, about twice the support (at least ``p0``)."""
    scores[screened] = 0.0
    if not in_cols.all():  # on a strong set: the rest waits
        scores[~in_cols] = 0.0
    if units is None:
        n_cols = cols.size
    else:
        starts = units[:-1]
        scores = scores[starts]  # constant within a group
        nonzero = np.logical_or.reduceat(nonzero, starts)
        in_cols = np.zeros(int(units[-1]), dtype=np.bool_)
        in_cols[cols] = True
        n_cols = int(np.count_nonzero(in_cols[starts]))
    support = np.flatnonzero(nonzero)
    ws_size = min(scores.size, max(p0, 2 * support.size, ws_size))
    if ws_size >= n_cols:
        return ws_size, cols.copy()
    # the support always stays in; the rest by decreasing violation
    scores[support] = np.inf
    ws = np.argpartition(-scores, ws_size - 1)[:ws_size]
    ws = np.sort(ws[scores[ws] > 0]).astype(np.int64)
    ws = ws if ws.size else support.astype(np.int64)
    return ws_size, (ws if units is None else _expand(units, ws))


def _expand(units, sel):
    """The features of the blocks ``sel`` (sorted), block after block."""
    starts = units[sel]
    sizes = units[sel + 1] - starts
    before = np.cumsum(sizes) - sizes
    return (np.arange(sizes.sum(), dtype=np.int64)
            + np.repeat(starts - before, sizes)).astype(np.int64)


def _strong_mask(strong, W, units):
    """Mask of the features a strong-set solve starts on: the guess ``strong``
    (indices or a mask) and the nonzero rows of ``W``, in whole blocks."""
    strong = np.asarray(strong)
    if strong.dtype == np.bool_:  # a mask (the path's): no fancy indexing
        mask = strong.copy()
    else:
        mask = np.zeros(W.shape[0], dtype=np.bool_)
        mask[strong] = True
    np.logical_or(mask, _nonzero_rows(W), out=mask)
    return _close(mask, units)


def _close(mask, units):
    """``mask`` grown to whole blocks (unchanged without groups)."""
    if units is None:
        return mask
    starts = units[:-1]
    return np.repeat(np.logical_or.reduceat(mask, starts), np.diff(units))


def _kernel_groups(X, penalty, cache, n_samples, inv_S):
    """The kernels' group tuple, the group Lipschitz constants cached along a path."""
    if not penalty.grouped:
        return _NO_GROUPS
    glips = cache.get("glips")
    if glips is None:
        glips = cache["glips"] = _group_lipschitz(X, penalty.group_ptr, n_samples, inv_S)
    return penalty.kernel_groups(glips)


def _group_lipschitz(X, units, n_samples, inv_S):
    """Per feature, ``||X_g||_2^2 / S`` of its block."""
    norms = np.empty(units.size - 1)
    group_lipschitz(X, units, n_samples, norms)
    return np.repeat(norms * inv_S, np.diff(units))


def _nonzero_rows(W):
    """Mask of the nonzero rows of ``W`` (the single-task case without a temporary)."""
    return W[:, 0] != 0 if W.shape[1] == 1 else np.any(W != 0, axis=1)


class _DualBasis:
    """The unpenalized columns the dual point is projected away from.

    Free unpenalized features are always in the basis.  An unpenalized
    feature with one infinite bound joins it while it is off its bound, or
    when its correlation has the sign no dual point may have; its bounds are
    then relaxed for the dual (see :mod:`sparselearn._numba.gap`).  Bases are
    cached by their set of columns.
    """

    def __init__(self, X, penalty: Penalty, n: int, p: int):
        self.X, self.penalty, self.n, self.p = X, penalty, n, p
        self.dlower, self.dupper = penalty.lower, penalty.upper
        self.cache = {}
        self.members = np.zeros(0, dtype=np.int64)
        self.key = None
        if not penalty.grouped and (penalty.l1 + penalty.l2).min() > 0 or (
                penalty.grouped and not penalty.unpenalized.any()):
            # every feature penalized, the common case: no basis (set up cheaply,
            # since a path builds one per alpha)
            self.free = self.half = self.members
            self.key = ()
            self.cache[()] = (np.zeros((n, 0)), np.zeros((p, 0)),
                              (penalty.l1, penalty.l2, penalty.lower, penalty.upper))
            return
        free = penalty.unpenalized_free
        if free.size * n > _MAX_UNPENALIZED_BASIS:
            # no basis: a finite box keeps these features' conjugates finite
            # (a valid but loose dual; such problems stop on max_iter)
            self.dlower, self.dupper = penalty.lower.copy(), penalty.upper.copy()
            self.dlower[free] = -np.finfo(np.float64).max
            self.dupper[free] = np.finfo(np.float64).max
            free = free[:0]
        self.free = free
        self.half = penalty.unpenalized_half_bounded

    def _set(self, members):
        self.members = np.sort(members)
        self.key = tuple(self.members.tolist())
        if self.key not in self.cache:
            pen = self.penalty
            dlower, dupper = self.dlower.copy(), self.dupper.copy()
            dlower[self.members] = -np.inf
            dupper[self.members] = np.inf
            cols = np.concatenate([self.free, self.members])
            Q, XtQ = unpenalized_basis(self.X, cols, self.n, self.p)
            self.cache[self.key] = (Q, XtQ, (pen.l1, pen.l2, dlower, dupper))
            if len(self.cache) > 64:
                self.cache.pop(next(iter(self.cache)))

    def current(self):
        return self.cache[self.key]

    def update(self, W):
        """Basis for the iterate ``W``: the half-bounded features off their bound."""
        if self.key is None or self.half.size:
            w = W[self.half, 0]
            lo, up = self.penalty.lower[self.half], self.penalty.upper[self.half]
            self._set(self.half[(w != lo) & (w != up)])
        return self.current()

    def grow(self, C, R, W, inv_S) -> bool:
        """Add the half-bounded features whose projected correlation has the wrong sign."""
        Q, XtQ, _ = self.current()
        out = np.setdiff1d(self.half, self.members)
        if out.size == 0:
            return False
        c = C[out, 0] - XtQ[out] @ (Q.T @ R[:, 0]) * inv_S
        lo, up = self.penalty.lower[out], self.penalty.upper[out]
        bad = out[(np.isposinf(up) & (c > 0)) | (np.isneginf(lo) & (c < 0))]
        if bad.size == 0:
            return False
        self._set(np.concatenate([self.members, bad]))
        return True


# a residual-form subproblem whose support exceeds this share of its working
# set returns at its next gap check, to have the working set grown (when
# more violating features wait outside it)
_WS_FULL = 0.75

# a sparse working set with more non-zeros than this (1.5 MB of values and
# indices, beyond a core's L2 cache) is solved on a packed copy of its columns
_PACK_NNZ = 1 << 17

# largest working set solved in Gram form (its Gram matrix has this size squared)
_MAX_GRAM_COLUMNS = 2000


def _use_gram(precompute, gram, X, ws, n_samples, n_tasks, n_basis, shuffle) -> bool:
    """Whether to solve the subproblem on ``ws`` in Gram form.

    ``"auto"``: when a Gram epoch (at most ``|ws|^2`` multiply-adds) costs
    less than a residual epoch (twice the non-zeros of ``X_ws``), so that the
    Gram block, built once per column, is paid back within a few epochs.
    """
    if precompute is False or n_tasks != 1 or n_basis > 0 or shuffle:
        return False
    if gram is not None or precompute is True:
        return True
    m = ws.size
    if m > _MAX_GRAM_COLUMNS:
        return False
    if isinstance(X, np.ndarray):
        nnz = n_samples * m
    else:
        indptr = X[2]
        nnz = int(np.sum(indptr[ws + 1] - indptr[ws]))
    return m * m <= nnz


def gram_model_fits(X, penalty: Penalty, n_samples: int) -> bool:
    """Whether :func:`solve_gram_model` applies to the design ``X``: dense, no
    groups, and the Gram form is the one :func:`_use_gram` would choose for
    all its columns (no larger than ``X``; no unpenalized or half-bounded
    feature, whose dual constraints need the unpenalized basis)."""
    if not isinstance(X, np.ndarray) or penalty.grouped:
        return False
    half = np.isinf(penalty.lower) != np.isinf(penalty.upper)
    n_basis = int(np.count_nonzero(penalty.unpenalized | half))
    return _use_gram("auto", None, X, np.arange(X.shape[1]), n_samples, 1, n_basis, False)


def solve_gram_model(X, y, W, penalty: Penalty, *, tol: float, max_iter: int,
                     gap_freq: int = 10, anderson_k: int = 5,
                     gap_decrease: float = 0.1) -> SolverResult:
    """Minimise ``1/2 ||y - X W||^2 + sum_j g_j(W_j)`` in Gram form, in one call of
    the compiled Gram kernel (the quadratic models of prox-Newton on a small
    dense working set: the outer loop of :func:`solve_cd` would only add
    passes over the rows).  ``tol`` is an absolute duality gap.

    ``X`` dense (n, m) with :func:`gram_model_fits`, ``y`` (n, 1), ``W``
    (m, 1) the start, updated in place.  As in :func:`solve_cd`, it also
    asks for at most ``gap_decrease`` times the start's gap (a start whose
    gap is already below ``tol`` still moves).  The gap is that of the Gram form
    (the objective known to rounding of ``||y||^2``).
    """
    m = X.shape[1]
    w = W[:, 0]
    r = y[:, 0] - X @ w
    G = X.T @ X  # a symmetric rank-k update (half a product)
    # the linear term from the exact residual: whatever the rounding of G, the
    # model's gradient at the start is exact
    Xty = X.T @ r + G @ w
    yy = float(r @ r) + 2.0 * float(w @ Xty) - float(w @ G @ w)
    lips = np.maximum(np.diagonal(G), 0.0).copy()
    C = np.zeros((m, 1))
    local = np.arange(m, dtype=np.int64)
    args = (penalty.l1, penalty.l2, penalty.lower, penalty.upper)
    epochs, gap = solve_subproblem_gram(np.asfortranarray(G), Xty, yy, W, lips, *args,
                                        penalty.lower, penalty.upper, _NO_GROUPS, local, 1.0,
                                        C, tol, max_iter, gap_freq, anderson_k,
                                        gap_decrease)
    return SolverResult(coef=W, gap=max(float(gap), 0.0), primal=np.nan, n_iter=epochs,
                        work=epochs * m, converged=gap <= tol, tol_scaled=tol, corr=C)


def gram_cross(X, a, b, n_samples: int) -> np.ndarray:
    """``X_a^T X_b`` for two sets of columns of a design, as a dense float64 array."""
    if isinstance(X, np.ndarray):
        same = a is b or (a.size == b.size and np.array_equal(a, b))
        A = X if a.size == X.shape[1] and np.array_equal(a, np.arange(a.size)) else X[:, a]
        if A.dtype != np.float64:
            A = A.astype(np.float64)
        if same:  # numpy computes A.T @ A by a symmetric rank-k update: half the work
            return A.T @ A
        B = X[:, b]
        return A.T @ (B.astype(np.float64) if B.dtype != np.float64 else B)
    G = np.empty((a.size, b.size))
    a64 = np.asarray(a, dtype=np.int64)
    b64 = a64 if a is b or np.array_equal(a, b) else np.asarray(b, dtype=np.int64)
    csc_gram_cross(X[0], X[1], X[2], a64, b64, n_samples, G)
    if len(X) == 6:  # centered: (X - v mu^T)^T (X - v mu^T) = X^T X - ||v||^2 mu mu^T
        mu = X[3].astype(np.float64)
        G -= float(X[5][0]) * np.outer(mu[a], mu[b])
    return G


def gram_block(X, ws, n_samples: int, gram=None) -> np.ndarray:
    """Gram matrix of the columns ``ws`` of a design, as float64."""
    if gram is not None:
        return np.asfortranarray(gram[np.ix_(ws, ws)], dtype=np.float64)
    return np.asfortranarray(gram_cross(X, ws, ws, n_samples))


class _GramCache:
    """Gram matrix of every column that has been in a Gram-form working set.

    Working sets of successive outer iterations mostly share their columns:
    each column's products are computed once, when it first arrives.
    """

    def __init__(self, X, n_samples: int, n_features: int, gram=None):
        self.X, self.n, self.gram = X, n_samples, gram
        self.pos = np.full(n_features, -1, dtype=np.int64)
        self.cols = np.zeros(0, dtype=np.int64)
        self.G = np.zeros((0, 0))

    def block(self, ws) -> np.ndarray:
        if self.gram is not None:
            return gram_block(self.X, ws, self.n, self.gram)
        new = ws[self.pos[ws] < 0]
        if new.size:
            if self.cols.size + new.size > 2 * _MAX_GRAM_COLUMNS:
                self.pos[self.cols] = -1  # start over rather than grow without bound
                self.cols, self.G, new = self.cols[:0], self.G[:0, :0], ws
            k = self.cols.size
            cols = np.concatenate([self.cols, new])
            G = np.empty((cols.size, cols.size))
            G[:k, :k] = self.G
            G[k:, k:] = gram_cross(self.X, new, new, self.n)
            if k:
                B = gram_cross(self.X, self.cols, new, self.n)
                G[:k, k:] = B
                G[k:, :k] = B.T
            self.G, self.cols = G, cols
            self.pos[new] = np.arange(k, cols.size)
        idx = self.pos[ws]
        # G is exactly symmetric (its off-diagonal blocks are stored as B and
        # B^T), so the transpose of the C-ordered block is the block in
        # Fortran order: no second copy (4x faster than np.ix_ and a copy)
        return self.G.take(idx, axis=0).take(idx, axis=1).T


def design_gram(X, n_samples: int) -> np.ndarray:
    """Full Gram matrix of a design (for checking a user's ``precompute``)."""
    return gram_block(X, np.arange(n_columns(X)), n_samples)
