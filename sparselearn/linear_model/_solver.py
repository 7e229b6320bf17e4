"""The outer loop of the coordinate-descent solver.

Python drives a few outer iterations; all per-epoch work is compiled.  Each
outer iteration computes the full duality gap (one ``X^T r`` pass), stops if
it is small enough, otherwise ranks features by their violation of the
optimality conditions and solves the problem restricted to a working set (the
support plus the most violating features, about twice the support) to a
fraction of the current gap.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from .._numba.cd import column_sqnorms, init_residual, solve_subproblem
from .._numba.design import n_columns
from .._numba.gap import dual_value, kkt_scores, primal_value


@dataclass
class Penalty:
    """Per-feature penalty data: L1 weight, L2 weight, lower and upper bound."""

    l1: np.ndarray
    l2: np.ndarray
    lower: np.ndarray
    upper: np.ndarray

    @property
    def unpenalized_free(self) -> np.ndarray:
        """Features whose dual constraint is ``X_j^T rho = 0``."""
        return np.flatnonzero((self.l1 == 0) & (self.l2 == 0)
                              & np.isneginf(self.lower) & np.isposinf(self.upper))


@dataclass
class SolverResult:
    coef: np.ndarray        # (n_features, n_tasks)
    gap: float              # final duality gap, objective scale
    primal: float
    n_iter: int             # epochs, summed over working-set subproblems
    converged: bool
    tol_scaled: float


def solve_cd(X, Y, W, penalty: Penalty, *, inv_S: float, Q, XtQ, tol: float = 1e-4,
             max_iter: int = 1000, working_set: bool = True, p0: int = 10,
             gap_freq: int = 10, anderson_k: int = 5, shuffle: bool = False, warn: bool = True,
             verbose: bool = False) -> SolverResult:
    """Minimise ``1/(2S)||Y - X W||^2 + sum_j g_j(W_j)`` by coordinate descent.

    ``X`` is a design (see :mod:`sparselearn._numba.design`), ``Y`` the
    (n_samples, n_tasks) Fortran-ordered target, ``W`` the (n_features,
    n_tasks) C-ordered start, updated in place.  Stops when the duality gap
    is at most ``tol * ||Y||^2 / S``.
    """
    p = n_columns(X)
    n, T = Y.shape
    dtype = Y.dtype
    R = np.empty((n, T), dtype=dtype, order="F")
    off = np.zeros(T, dtype=dtype)
    init_residual(X, Y, W, R, off)
    lips = np.empty(p)
    column_sqnorms(X, p, lips)
    lips *= inv_S
    C = np.zeros((p, T))
    scores = np.empty(p)
    all_cols = np.arange(p, dtype=np.int64)
    yy = float(np.dot(Y.ravel(order="F"), Y.ravel(order="F")))
    tol_scaled = tol * yy * inv_S
    args = (penalty.l1, penalty.l2, penalty.lower, penalty.upper)

    # Anderson buffers, reused by every subproblem
    W_acc = np.zeros_like(W)
    R_acc = np.empty_like(R)
    off_acc = np.zeros_like(off)
    acc_fresh = False

    n_iter = 0
    ws_size = 0
    gap = primal = np.inf
    best_dual = -np.inf  # any dual point bounds this fixed problem: keep the best
    converged = False
    while True:
        if acc_fresh:
            best_dual = max(best_dual, dual_value(X, Y, R_acc, off_acc, *args, all_cols,
                                                  inv_S, Q, XtQ, C))
        # last, so that C holds the gradient at the current iterate
        best_dual = max(best_dual, dual_value(X, Y, R, off, *args, all_cols, inv_S, Q, XtQ, C))
        primal = primal_value(X, R, off, W, penalty.l1, penalty.l2, all_cols, inv_S)
        gap = primal - best_dual
        if gap <= tol_scaled:
            converged = True
            break
        if n_iter >= max_iter:
            break
        if working_set:
            kkt_scores(C, W, *args, scores)
            support = np.flatnonzero(np.any(W != 0, axis=1))
            ws_size = min(p, max(p0, 2 * support.size, ws_size))
        if not working_set or ws_size >= p:
            ws = all_cols.copy()
            inner_tol = tol_scaled
        else:
            # the support always stays in; the rest by decreasing violation
            scores[support] = np.inf
            ws = np.argpartition(-scores, ws_size - 1)[:ws_size]
            ws = np.sort(ws[scores[ws] > 0]).astype(np.int64)
            if ws.size == 0:
                ws = support.astype(np.int64)
            inner_tol = max(0.3 * gap, 0.5 * tol_scaled)
        epochs, _, acc_fresh = solve_subproblem(
            X, Y, R, off, W, lips, *args, ws, inv_S, Q, XtQ, C, inner_tol, max_iter - n_iter,
            gap_freq, shuffle, anderson_k, W_acc, R_acc, off_acc)
        n_iter += epochs
        if verbose:
            print(f"outer: gap {gap:.3e} ws {ws.size} epochs {epochs}")

    if not converged and warn:
        warnings.warn(
            f"Objective did not converge after {n_iter} epochs: duality gap "
            f"{gap:.3e} > tolerance {tol_scaled:.3e}. Increase max_iter, loosen "
            "tol, or scale the features.", ConvergenceWarning, stacklevel=3)
    return SolverResult(coef=W, gap=float(gap), primal=float(primal), n_iter=max(n_iter, 1),
                        converged=converged, tol_scaled=tol_scaled)
