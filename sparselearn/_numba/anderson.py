"""Anderson extrapolation of coordinate-descent iterates.

Coordinate descent converges linearly once the support is found; the last
``K + 1`` iterates then lie close to a low-dimensional affine trajectory and
a weighted combination of them (weights summing to one, chosen to minimise
the norm of the combined differences) jumps ahead along it.  The
extrapolated point is kept only when it lowers the objective, so it can
never slow the solver down by more than its cost (about one epoch).
"""

import numpy as np

from ._jit import jit
from .design import col_axpy, flush
from .prox import penalty_value


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
def try_extrapolate(X, Y, R, off, W, l1, l2, lower, upper, grp, ws, inv_S, hist, K,
                    weights, W_acc, R_acc, off_acc):
    """Replace ``(W, R)`` by the extrapolated point if it lowers the objective.

    ``hist[k]`` holds ``W[ws]`` (flattened) after the last ``K + 1`` epochs.
    ``W_acc`` is a work copy of ``W`` (equal to it outside ``ws``),
    ``R_acc``/``off_acc`` residual buffers.  Returns 0 when no point could be
    extrapolated, 1 when it was computed (in ``W_acc``, ``R_acc``) but
    rejected, 2 when it was accepted.
    """
    if not extrapolation_weights(hist, K, weights):
        return 0
    n, T = R.shape
    nws = ws.shape[0]
    for jj in range(nws):
        j = ws[jj]
        for t in range(T):
            s = 0.0
            for k in range(K):
                s += weights[k] * hist[k + 1, jj * T + t]
            if T == 1:
                s = min(max(s, lower[j]), upper[j])
            W_acc[j, t] = s
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
    p_acc = 0.0
    p_cur = 0.0
    for t in range(T):
        flush(X, np.ascontiguousarray(R_acc[:, t]), off_acc[t:t + 1])
        flush(X, np.ascontiguousarray(R[:, t]), off[t:t + 1])
        for i in range(n):
            p_acc += R_acc[i, t] * R_acc[i, t]
            p_cur += R[i, t] * R[i, t]
    p_acc = 0.5 * inv_S * p_acc + penalty_value(W_acc, l1, l2, grp, ws)
    p_cur = 0.5 * inv_S * p_cur + penalty_value(W, l1, l2, grp, ws)
    if not p_acc < p_cur:
        return 1
    for jj in range(nws):
        j = ws[jj]
        for t in range(T):
            W[j, t] = W_acc[j, t]
    for t in range(T):
        off[t] = 0.0
        for i in range(n):
            R[i, t] = R_acc[i, t]
    return 2
