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
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning

from .._numba.cd import (column_sqnorms, init_residual, solve_subproblem, solve_subproblem_gram,
                         zero_features)
from .._numba.design import n_columns
from .._numba.gap import dual_value, gap_safe_screen, kkt_scores, primal_value


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
    work: int               # coordinate visits: epochs times working-set size, summed
    converged: bool
    tol_scaled: float


def solve_cd(X, Y, W, penalty: Penalty, *, inv_S: float, Q, XtQ, tol: float = 1e-4,
             max_iter: int = 1000, working_set: bool = True, p0: int = 10,
             gap_freq: int = 10, anderson_k: int = 5, shuffle: bool = False, warn: bool = True,
             precompute="auto", gram=None, screening: bool = True,
             verbose: bool = False) -> SolverResult:
    """Minimise ``1/(2S)||Y - X W||^2 + sum_j g_j(W_j)`` by coordinate descent.

    ``X`` is a design (see :mod:`sparselearn._numba.design`), ``Y`` the
    (n_samples, n_tasks) Fortran-ordered target, ``W`` the (n_features,
    n_tasks) C-ordered start, updated in place.  Stops when the duality gap
    is at most ``tol * ||Y||^2 / S``.

    ``precompute`` chooses the form of each subproblem: ``False`` residual
    form, ``True`` Gram form (single task, no unpenalized basis), ``"auto"``
    Gram form for a dense design whose working set has at most as many
    columns as there are samples.  With ``screening``, features proven zero
    at the optimum by the gap-safe test are set to zero and dropped for good
    (not done when the problem has unpenalized features).  ``gram`` is an optional precomputed
    ``X^T X`` of the design (validated by the caller).
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

    n_iter = work = 0
    ws_size = 0
    gap = primal = np.inf
    best_dual = -np.inf  # any dual point bounds this fixed problem: keep the best
    converged = False
    screened = np.zeros(p, dtype=np.bool_)
    screening = screening and Q.shape[1] == 0
    cols = all_cols
    while True:
        if acc_fresh:
            best_dual = max(best_dual, dual_value(X, Y, R_acc, off_acc, *args, cols,
                                                  inv_S, Q, XtQ, C)[0])
        # last, so that C holds the gradient at the current iterate
        dual, scale = dual_value(X, Y, R, off, *args, cols, inv_S, Q, XtQ, C)
        primal = primal_value(X, R, off, W, penalty.l1, penalty.l2, cols, inv_S)
        if screening and gap_safe_screen(C, scale, primal - dual, lips, penalty.l1,
                                         penalty.lower, penalty.upper, cols, screened):
            # the problem on the remaining features has the same solution
            zero_features(X, R, off, W, cols[screened[cols]])
            cols = np.flatnonzero(~screened).astype(np.int64)
            dual, scale = dual_value(X, Y, R, off, *args, cols, inv_S, Q, XtQ, C)
            primal = primal_value(X, R, off, W, penalty.l1, penalty.l2, cols, inv_S)
        best_dual = max(best_dual, dual)
        gap = primal - best_dual
        if gap <= tol_scaled:
            converged = True
            break
        if n_iter >= max_iter:
            break
        if working_set:
            kkt_scores(C, W, *args, scores)
            scores[screened] = 0.0
            support = np.flatnonzero(np.any(W != 0, axis=1))
            ws_size = min(p, max(p0, 2 * support.size, ws_size))
        if not working_set or ws_size >= cols.size:
            ws = cols.copy()
            inner_tol = tol_scaled
        else:
            # the support always stays in; the rest by decreasing violation
            scores[support] = np.inf
            ws = np.argpartition(-scores, ws_size - 1)[:ws_size]
            ws = np.sort(ws[scores[ws] > 0]).astype(np.int64)
            if ws.size == 0:
                ws = support.astype(np.int64)
            inner_tol = max(0.3 * gap, 0.5 * tol_scaled)
        if _use_gram(precompute, gram, X, ws.size, n, T, Q.shape[1], shuffle):
            G = gram_block(X, ws, n, gram)
            w_ws = W[ws, 0].astype(np.float64)
            Xty = C[ws, 0] / inv_S + G @ w_ws
            epochs, _ = solve_subproblem_gram(
                G, Xty, yy, W, lips, *args, ws, inv_S, C, inner_tol, max_iter - n_iter,
                gap_freq, anderson_k)
            init_residual(X, Y, W, R, off)
            acc_fresh = False
        else:
            epochs, _, acc_fresh = solve_subproblem(
                X, Y, R, off, W, lips, *args, ws, inv_S, Q, XtQ, C, inner_tol,
                max_iter - n_iter, gap_freq, shuffle, anderson_k, W_acc, R_acc, off_acc)
        n_iter += epochs
        work += epochs * ws.size
        if verbose:
            print(f"outer: gap {gap:.3e} ws {ws.size} epochs {epochs}")

    if not converged and warn:
        warnings.warn(
            f"Objective did not converge after {n_iter} epochs: duality gap "
            f"{gap:.3e} > tolerance {tol_scaled:.3e}. Increase max_iter, loosen "
            "tol, or scale the features.", ConvergenceWarning, stacklevel=3)
    return SolverResult(coef=W, gap=float(gap), primal=float(primal), n_iter=max(n_iter, 1), work=work,
                        converged=converged, tol_scaled=tol_scaled)


# largest working set solved in Gram form (its Gram matrix has this size squared)
_MAX_GRAM_COLUMNS = 2000


def _use_gram(precompute, gram, X, n_ws, n_samples, n_tasks, n_basis, shuffle) -> bool:
    if precompute is False or n_tasks != 1 or n_basis > 0 or shuffle:
        return False
    if gram is not None or precompute is True:
        return True
    return isinstance(X, np.ndarray) and n_ws <= min(n_samples, _MAX_GRAM_COLUMNS)


def gram_block(X, ws, n_samples: int, gram=None) -> np.ndarray:
    """Gram matrix of the columns ``ws`` of a design, as float64."""
    if gram is not None:
        return np.asfortranarray(gram[np.ix_(ws, ws)], dtype=np.float64)
    if isinstance(X, np.ndarray):
        A = X[:, ws]
        if A.dtype != np.float64:
            A = A.astype(np.float64)
        return np.asfortranarray(A.T @ A)
    data, indices, indptr = X[0], X[1], X[2]
    p = indptr.shape[0] - 1
    A = sp.csc_matrix((data, indices, indptr), shape=(n_samples, p))[:, ws].astype(np.float64)
    G = (A.T @ A).toarray()
    if len(X) == 6:  # centered: (X - v mu^T)^T (X - v mu^T) = X^T X - ||v||^2 mu mu^T
        mu = X[3][ws].astype(np.float64)
        G -= float(X[5][0]) * np.outer(mu, mu)
    return np.asfortranarray(G)


def design_gram(X, n_samples: int) -> np.ndarray:
    """Full Gram matrix of a design (for checking a user's ``precompute``)."""
    return gram_block(X, np.arange(n_columns(X)), n_samples)
