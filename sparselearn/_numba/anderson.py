"""Anderson extrapolation of coordinate-descent iterates.

Coordinate descent converges linearly once the support is found; the last
``K + 1`` iterates then lie close to a low-dimensional affine trajectory and
a weighted combination of them (weights summing to one, chosen to minimise
the norm of the combined differences) jumps ahead along it.  The
extrapolated point is kept only when it lowers the objective, so it can
never slow the solver down by more than its cost (about one epoch).

One trajectory defeats it: on strongly correlated features under an L1
penalty, coordinate descent moves weight from one feature to another by the
same amount every epoch until one reaches zero (all differences equal, so
any weights give the same combination).  :func:`drift_jump` follows that
drift to the first zero instead (riboflavin at alpha_max/10: 190 epochs to
30; a pair of columns correlated to 0.9999: 15760 to 10).
"""

import numpy as np

from ._jit import jit
from .design import col_axpy
from .gap import primal_value


@jit
def extrapolation_weights(hist, K, out):
    """Weights ``c`` (summing to 1) minimising ``||sum_k c_k (h_{k+1} - h_k)||``.

    Solves ``(U U^T) z = 1`` by a regularised Cholesky factorisation and
    normalises ``z``.  Returns False when the system is degenerate.
    """
    m = hist.shape[1]
    G = np.zeros((K, K))
    for a in range(K):
        for b in range(a + 1):
            s = 0.0
            for i in range(m):
                s += (hist[a + 1, i] - hist[a, i]) * (hist[b + 1, i] - hist[b, i])
            G[a, b] = s
            G[b, a] = s
    reg = 1e-10 * max(np.trace(G), 1e-300)
    for a in range(K):
        G[a, a] += reg
    # Cholesky G = L L^T in place (lower triangle)
    for a in range(K):
        for b in range(a + 1):
            s = G[a, b]
            for c in range(b):
                s -= G[a, c] * G[b, c]
            if a == b:
                if s <= 0.0:
                    return False
                G[a, a] = np.sqrt(s)
            else:
                G[a, b] = s / G[b, b]
    z = np.ones(K)
    for a in range(K):  # forward substitution
        s = z[a]
        for c in range(a):
            s -= G[a, c] * z[c]
        z[a] = s / G[a, a]
    for a in range(K - 1, -1, -1):  # back substitution
        s = z[a]
        for c in range(a + 1, K):
            s -= G[c, a] * z[c]
        z[a] = s / G[a, a]
    total = z.sum()
    if total == 0.0 or not np.isfinite(total):
        return False
    for a in range(K):
        out[a] = z[a] / total
    return True


@jit
def clamp_extrapolated(s, w, lower, upper, l1):
    """An extrapolated coefficient ``s`` (current value ``w``) inside its bounds, and
    stopped at zero where it would cross it under an L1 weight: a coordinate
    decaying to zero converges linearly and its extrapolation overshoots the
    kink, where the solution's zeros are (riboflavin at alpha_max/10: 190 epochs
    for a one-feature solution)."""
    if l1 > 0.0 and s * w < 0.0:
        return 0.0
    return min(max(s, lower), upper)


@jit
def drift_jump(hist, K, ws, l1, lower, upper, out):
    """A jump along a constant drift of the iterates, to where the first
    coefficient reaches zero.  Coordinate descent on strongly correlated
    features under an L1 penalty moves weight from one to another by the same
    amount every epoch until one of them reaches zero (an arithmetic
    progression, which Anderson's weights cannot extrapolate: all its
    differences are equal).  ``hist[0..K]`` are the last iterates, oldest
    first.  Fills ``out`` and returns True when the last three steps agree to
    1 % and some coefficient is heading to zero more than an epoch away."""
    m = hist.shape[1]
    if K < 3:
        return False
    dd = 0.0
    nd = 0.0
    for jj in range(m):
        d2 = hist[K, jj] - hist[K - 1, jj]
        d1 = hist[K - 1, jj] - hist[K - 2, jj]
        d0 = hist[K - 2, jj] - hist[K - 3, jj]
        dd += (d2 - d1) * (d2 - d1) + (d1 - d0) * (d1 - d0)
        nd += d2 * d2
    if nd == 0.0 or dd > 1e-4 * nd:
        return False
    t_star = np.inf
    first = -1
    for jj in range(m):
        w = hist[K, jj]
        d = hist[K, jj] - hist[K - 1, jj]
        if l1[ws[jj]] > 0.0 and w * d < 0.0 and -w / d < t_star:
            t_star = -w / d
            first = jj
    if first < 0 or not t_star > 1.0:
        return False
    for jj in range(m):
        w = hist[K, jj]
        j = ws[jj]
        out[jj] = clamp_extrapolated(w + t_star * (w - hist[K - 1, jj]), w, lower[j],
                                     upper[j], l1[j])
    out[first] = 0.0
    return True


@jit
def try_extrapolate(X, Y, R, off, W, l1, l2, lower, upper, grp, ws, inv_S, hist, K,
                    weights, drift, W_acc, R_acc, off_acc):
    """Replace ``(W, R)`` by the extrapolated point if it lowers the objective.

    ``hist[k]`` holds ``W[ws]`` (flattened) after the last ``K + 1`` epochs.
    The candidates are Anderson's point, then (single task, when it is
    missing or rejected) the :func:`drift_jump`.  ``W_acc`` is a work copy
    of ``W`` (equal to it outside ``ws``), ``R_acc``/``off_acc`` residual
    buffers, ``drift`` a work vector of ``len(ws)``.  Returns 0 when no point
    could be extrapolated, 1 when one was computed (in ``W_acc``,
    ``R_acc``) but rejected, 2 when it was accepted.
    """
    n, T = R.shape
    nws = ws.shape[0]
    status = 0
    p_cur = primal_value(X, R, off, W, l1, l2, grp, ws, inv_S)
    if extrapolation_weights(hist, K, weights):
        for jj in range(nws):
            j = ws[jj]
            for t in range(T):
                s = 0.0
                for k in range(K):
                    s += weights[k] * hist[k + 1, jj * T + t]
                if T == 1:
                    s = clamp_extrapolated(s, W[j, 0], lower[j], upper[j], l1[j])
                W_acc[j, t] = s
        status = 1
        if _try_point(X, Y, R, off, W, l1, l2, grp, ws, inv_S, W_acc, R_acc, off_acc, p_cur):
            return 2
    if T == 1 and drift_jump(hist, K, ws, l1, lower, upper, drift):
        for jj in range(nws):
            W_acc[ws[jj], 0] = drift[jj]
        status = 1
        if _try_point(X, Y, R, off, W, l1, l2, grp, ws, inv_S, W_acc, R_acc, off_acc, p_cur):
            return 2
    return status


@jit
def _try_point(X, Y, R, off, W, l1, l2, grp, ws, inv_S, W_acc, R_acc, off_acc, p_cur):
    """Move ``(W, R)`` to ``W_acc`` (its residual computed into ``R_acc``) if its
    objective is below ``p_cur``."""
    n, T = R.shape
    nws = ws.shape[0]
    for t in range(T):
        off_acc[t] = 0.0
        for i in range(n):
            R_acc[i, t] = Y[i, t]
    for t in range(T):
        r = np.ascontiguousarray(R_acc[:, t])
        o = off_acc[t:t + 1]
        for jj in range(nws):
            j = ws[jj]
            if W_acc[j, t] != 0.0:
                col_axpy(X, j, -W_acc[j, t], r, o)
    if not primal_value(X, R_acc, off_acc, W_acc, l1, l2, grp, ws, inv_S) < p_cur:
        return False
    for jj in range(nws):
        j = ws[jj]
        for t in range(T):
            W[j, t] = W_acc[j, t]
    for t in range(T):
        off[t] = 0.0
        for i in range(n):
            R[i, t] = R_acc[i, t]
    return True
