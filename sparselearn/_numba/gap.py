"""Duality gaps and optimality scores for the glmnet family.

Primal, with ``F(z) = 1/(2S) ||Y - z||^2`` and ``g_j`` the penalty of
:mod:`.prox`::

    P(W) = 1/(2S) ||Y - X W||^2 + sum_j g_j(W_j)

Fenchel dual over a residual-like matrix ``rho`` (``c_j = X_j^T rho / S``)::

    D(rho) = (||Y||^2 - ||Y - rho||^2) / (2S) - sum_j g_j^*(c_j)

At the optimum ``rho`` is the residual.  A dual point is built from the
current residual: projected orthogonally to the unpenalised, unbounded
columns (basis ``Q``, whose conjugate forces ``c_j = 0``), then rescaled by
the largest ``s <= 1`` that makes every conjugate finite (the lasso's
``|c_j| <= a_j``).  Elastic-net and doubly bounded features never restrict
``s``.

An unpenalized feature with one infinite bound needs ``c_j`` of one sign,
which no rescaling gives.  The solver puts it in the basis ``Q`` while it is
off its bound (or its sign is wrong) and relaxes its bounds for the dual:
the dual of the relaxed problem still bounds the original one from below,
and both have the same optimum while the bound is inactive.
"""

import numpy as np

from ._jit import jit
from .design import col_dot, flush
from .prox import has_groups, penalty_value

# slack on the dual constraint |c| <= a, for the rounding of the rescaling
_FEAS_RTOL = 1e-10
# relative safety margin of the gap-safe test against rounding
_SCREEN_MARGIN = 1e-7


@jit
def conjugate_scalar(c, a, b, lower, upper):
    """``sup_{lower <= w <= upper} c w - a|w| - b/2 w^2``."""
    if b > 0.0:
        w = c - a if c > a else (c + a if c < -a else 0.0)
        w /= b
        if w < lower:
            w = lower
        elif w > upper:
            w = upper
        return c * w - a * abs(w) - 0.5 * b * w * w
    slack = _FEAS_RTOL * (a + abs(c))
    if upper == np.inf and c - a > slack:
        return np.inf
    if lower == -np.inf and c + a < -slack:
        return np.inf
    best = 0.0 if (lower <= 0.0 <= upper) else -np.inf
    if upper != np.inf:
        best = max(best, c * upper - a * abs(upper))
    if lower != -np.inf:
        best = max(best, c * lower - a * abs(lower))
    return best


@jit
def _is_free(a, b, lower, upper):
    return a == 0.0 and b == 0.0 and lower == -np.inf and upper == np.inf


@jit
def primal_value(X, R, off, W, l1, l2, grp, cols, inv_S):
    """``1/(2S) ||R||^2 + sum_{j in cols} g_j(W_j)`` (folds the offsets of ``R``)."""
    n, T = R.shape
    rr = 0.0
    for t in range(T):
        flush(X, np.ascontiguousarray(R[:, t]), off[t:t + 1])
        for i in range(n):
            rr += R[i, t] * R[i, t]
    return 0.5 * inv_S * rr + penalty_value(W, l1, l2, grp, cols)


@jit
def dual_value(X, Y, R, off, l1, l2, lower, upper, grp, cols, inv_S, Q, XtQ, C):
    """Dual objective at the point built from the residual-like matrix ``R``.

    Only the constraints of the features ``cols`` are imposed (the dual of the
    problem restricted to them).  Folds the offsets of ``R`` and fills
    ``C[j] = X_j^T R / S`` for ``j`` in ``cols``.  Returns ``(dual, s)``, ``s``
    the rescaling of the dual point.
    """
    n, T = R.shape
    k = Q.shape[1]
    for t in range(T):
        flush(X, np.ascontiguousarray(R[:, t]), off[t:t + 1])
    rr = 0.0
    yr = 0.0
    for t in range(T):
        for i in range(n):
            rr += R[i, t] * R[i, t]
            yr += Y[i, t] * R[i, t]
    # project the residual away from the unpenalized columns
    QtR = np.zeros((k, T))
    for t in range(T):
        for m in range(k):
            s = 0.0
            qy = 0.0
            for i in range(n):
                s += Q[i, m] * R[i, t]
                qy += Q[i, m] * Y[i, t]
            QtR[m, t] = s
            rr -= s * s
            yr -= qy * s
    for t in range(T):
        _correlations(X, np.ascontiguousarray(R[:, t]), cols, C, t, inv_S)
    return dual_from_correlations(C, QtR, XtQ, rr, yr, l1, l2, lower, upper, grp, cols,
                                  inv_S)


@jit
def _correlations(X, r, cols, C, t, inv_S):
    """``C[j, t] = <x_j, r> / S`` for ``j`` in ``cols``.

    A function of its own: in one with other loops numba keeps reference
    counting of the design's arrays around each inlined column product,
    which made :func:`dual_value`'s pass over news20 twice as slow (10.7
    against 4.8 ms).
    """
    zero = np.zeros(1)
    for jj in range(cols.shape[0]):
        j = cols[jj]
        C[j, t] = col_dot(X, j, r, zero) * inv_S


@jit
def conjugate_argmax(c, a, b, lower, upper):
    """A maximiser ``w`` of :func:`conjugate_scalar` (where it is finite)."""
    if b > 0.0:
        w = c - a if c > a else (c + a if c < -a else 0.0)
        return min(max(w / b, lower), upper)
    best = -np.inf
    w = 0.0
    if lower <= 0.0 <= upper:
        best = 0.0
    if upper != np.inf and c * upper - a * abs(upper) > best:
        best = c * upper - a * abs(upper)
        w = upper
    if lower != -np.inf and c * lower - a * abs(lower) > best:
        w = lower
    return w


@jit
def _dual_slope(s, P, yr, rr, l1, l2, lower, upper, cols, keep, inv_S):
    """Derivative of the dual along ``s`` and its local slope (for Newton)."""
    T = P.shape[1]
    d = inv_S * (yr - s * rr)
    h = -inv_S * rr
    for jj in range(cols.shape[0]):
        if not keep[jj]:
            continue
        j = cols[jj]
        a = l1[j]
        b = l2[j]
        if T == 1:
            c = P[jj, 0]
            w = conjugate_argmax(s * c, a, b, lower[j], upper[j])
            d -= c * w
            if b > 0.0 and w != 0.0 and lower[j] < w < upper[j]:
                h -= c * c / b
        elif b > 0.0:
            nrm = 0.0
            for t in range(T):
                nrm += P[jj, t] * P[jj, t]
            nrm = np.sqrt(nrm)
            if s * nrm > a:
                d -= nrm * (s * nrm - a) / b
                h -= nrm * nrm / b
    return d, h


@jit
def _best_scale(s_max, P, yr, rr, l1, l2, lower, upper, cols, keep, inv_S):
    """Maximiser over ``(0, s_max]`` of the dual along the rescaled point.

    Safeguarded Newton on the decreasing derivative, from the right end.
    """
    hi = s_max
    d, h = _dual_slope(hi, P, yr, rr, l1, l2, lower, upper, cols, keep, inv_S)
    if not (d < 0.0 and hi > 0.0):
        return s_max
    lo = 0.0
    s = hi
    for _ in range(50):
        s_new = s - d / h if h < 0.0 else 0.5 * (lo + hi)
        if not (lo <= s_new <= hi):
            s_new = 0.5 * (lo + hi)
        # the derivative is piecewise linear: Newton lands on the root
        # and then stands still
        if abs(s_new - s) <= 1e-12 * hi:
            break
        s = s_new
        d, h = _dual_slope(s, P, yr, rr, l1, l2, lower, upper, cols, keep, inv_S)
        if d > 0.0:
            lo = s
        elif d < 0.0:
            hi = s
        else:
            break
        if hi - lo <= 1e-12 * hi:
            break
    return s


@jit
def _plain_lasso_scale(C, l1, l2, lower, upper, cols):
    """``s_max`` when every feature is a plain (multi-task) lasso one, else -1.

    Plain: an L1 weight and no L2 weight nor bound (free features with a
    zero column are ignored).  Then the dual needs no Newton search.
    """
    T = C.shape[1]
    scale = 1.0
    for jj in range(cols.shape[0]):
        j = cols[jj]
        a = l1[j]
        if l2[j] != 0.0 or lower[j] != -np.inf or upper[j] != np.inf:
            return -1.0
        if a == 0.0:
            continue  # free: skipped by the dual (its c_j is zero)
        nrm2 = 0.0
        for t in range(T):
            nrm2 += C[j, t] * C[j, t]
        if nrm2 > a * a:
            scale = min(scale, a / np.sqrt(nrm2))
    return scale


@jit
def dual_from_correlations(C, QtR, XtQ, rr, yr, l1, l2, lower, upper, grp, cols, inv_S):
    """Dual value of the best rescaled point ``s * rho`` from its correlations.

    ``C[j] = X_j^T R / S``, ``rr = ||rho||^2`` and ``yr = <Y, rho>`` where
    ``rho`` is ``R`` projected away from the unpenalized columns (``QtR`` its
    coordinates in that basis).  The dual is concave along ``s``: ``s`` is its
    maximiser over ``(0, s_max]``, ``s_max`` the largest scale at which the
    lasso constraints hold.  Returns ``(dual, s)``.
    """
    T = C.shape[1]
    k = QtR.shape[0]
    ncols = cols.shape[0]
    if has_groups(grp):
        return _group_dual(C, QtR, XtQ, rr, yr, l1, lower, upper, grp, cols, inv_S)
    if k == 0:
        s_max = _plain_lasso_scale(C, l1, l2, lower, upper, cols)
        if s_max >= 0.0:
            # every conjugate is zero up to s_max and the dual is a parabola in
            # s; a negative <Y, rho> (an iterate past the target, as a Newton
            # model's start can be) puts its top at s < 0, outside the
            # feasible (0, s_max]: the best feasible point is then s = 0
            s = max(min(s_max, yr / rr), 0.0) if rr > 0.0 else s_max
            return 0.5 * inv_S * (2.0 * s * yr - s * s * rr), s
    # the unpenalized free features have c_j = 0 by the projection (up to
    # rounding, or because their column is zero) and are skipped
    P = np.empty((ncols, T))
    keep = np.empty(ncols, dtype=np.bool_)
    scale = 1.0
    for jj in range(ncols):
        j = cols[jj]
        keep[jj] = not _is_free(l1[j], l2[j], lower[j], upper[j])
        if not keep[jj]:
            continue
        nrm2 = 0.0
        for t in range(T):
            c = C[j, t]
            for m in range(k):
                c -= XtQ[j, m] * QtR[m, t] * inv_S
            P[jj, t] = c
            nrm2 += c * c
        a = l1[j]
        if l2[j] > 0.0 or a == 0.0:
            # elastic net: finite conjugate at any scale; unpenalized: no
            # rescaling makes it feasible, its conjugate decides
            continue
        if T == 1:
            c = P[jj, 0]
            if upper[j] == np.inf and c > a:
                scale = min(scale, a / c)
            if lower[j] == -np.inf and c < -a:
                scale = min(scale, a / -c)
        else:
            nrm = np.sqrt(nrm2)
            if nrm > a:
                scale = min(scale, a / nrm)
    scale = _best_scale(scale, P, yr, rr, l1, l2, lower, upper, cols, keep, inv_S)
    conj = 0.0
    for jj in range(ncols):
        if not keep[jj]:
            continue
        j = cols[jj]
        if T == 1:
            conj += conjugate_scalar(scale * P[jj, 0], l1[j], l2[j], lower[j], upper[j])
        else:
            nrm2 = 0.0
            for t in range(T):
                nrm2 += P[jj, t] * P[jj, t]
            nrm = scale * np.sqrt(nrm2)
            a = l1[j]
            b = l2[j]
            if b > 0.0:
                excess = max(nrm - a, 0.0)
                conj += excess * excess / (2.0 * b)
            elif nrm - a > _FEAS_RTOL * (a + nrm):
                conj = np.inf
    # (||Y||^2 - ||Y - s rho||^2) / (2S) with ||Y - s rho||^2 = yy - 2 s <Y, rho> + s^2 ||rho||^2
    return 0.5 * inv_S * (2.0 * scale * yr - scale * scale * rr) - conj, scale


@jit
def dual_gap(X, Y, R, off, W, l1, l2, lower, upper, grp, cols, inv_S, Q, XtQ, C):
    """Primal, dual and gap restricted to the features ``cols``.

    The dual point is built from the residual ``R``; ``C`` receives
    ``X_j^T R / S`` for ``j`` in ``cols``.  Returns ``(primal, dual, gap)``.
    """
    primal = primal_value(X, R, off, W, l1, l2, grp, cols, inv_S)
    dual = dual_value(X, Y, R, off, l1, l2, lower, upper, grp, cols, inv_S, Q, XtQ, C)[0]
    return primal, dual, primal - dual


@jit
def _scalar_kkt(w, c, a, b, lower, upper):
    """Distance of ``c`` to the subdifferential of ``a|.| + b/2 .^2`` + box at ``w``."""
    if w > 0.0:
        lo = hi = a + b * w
    elif w < 0.0:
        lo = hi = -a + b * w
    else:
        lo = -a
        hi = a
    if w <= lower:
        lo = -np.inf
    if w >= upper:
        hi = np.inf
    return max(lo - c, c - hi, 0.0)


@jit
def kkt_scores(C, W, l1, l2, lower, upper, grp, out):
    """Distance of ``C[j]`` to the subdifferential of ``g_j`` at ``W[j]``.

    Zero exactly when feature ``j`` satisfies its optimality condition; used
    to rank the features that enter a working set.  With groups, every
    feature of a group gets the distance of the group's correlations to the
    group's subdifferential.
    """
    p, T = W.shape
    if has_groups(grp):
        _group_kkt_scores(C, W, l1, lower, upper, grp, out)
        return
    for j in range(p):
        a = l1[j]
        b = l2[j]
        if T == 1:
            out[j] = _scalar_kkt(W[j, 0], C[j, 0], a, b, lower[j], upper[j])
        else:
            nw2 = 0.0
            for t in range(T):
                nw2 += W[j, t] * W[j, t]
            if nw2 == 0.0:
                nc2 = 0.0
                for t in range(T):
                    nc2 += C[j, t] * C[j, t]
                out[j] = max(np.sqrt(nc2) - a, 0.0)
            else:
                nw = np.sqrt(nw2)
                d2 = 0.0
                for t in range(T):
                    d = C[j, t] - a * W[j, t] / nw - b * W[j, t]
                    d2 += d * d
                out[j] = np.sqrt(d2)


@jit
def xt_dot_mat(X, Q, out):
    """``out[j, m] = <x_j, Q[:, m]>`` (``Q`` orthogonal to any centering vector)."""
    zero = np.zeros(1)
    for j in range(out.shape[0]):
        for m in range(Q.shape[1]):
            out[j, m] = col_dot(X, j, np.ascontiguousarray(Q[:, m]), zero)


@jit
def gap_safe_screen(C, scale, gap, lips, l1, lower, upper, grp, cols, screened):
    """Mark the features of ``cols`` that are zero at every optimum.

    The dual is ``1/S``-strongly concave in ``rho``, so the optimal dual point
    lies within ``sqrt(2 S gap)`` of ``scale * R``, and each correlation
    ``c_j^*`` within ``sqrt(2 lips_j gap)`` of ``scale * C[j]``.  Feature ``j``
    is zero at the optimum when every such ``c_j^*`` lies strictly inside
    ``(-a_j, a_j)`` (one side only when a bound at zero absorbs the other).
    A group (see :mod:`.prox`) is zero when the ball of radius
    ``sqrt(2 L_g gap)`` around its correlations stays strictly inside its
    dual constraint (:func:`group_scale`'s ball: the excess over the L1
    weights is 1-Lipschitz).  Valid without an unpenalized basis (``C`` is
    then the correlation of the dual point).  Returns the number of newly
    screened features.
    """
    T = C.shape[1]
    grouped = has_groups(grp)
    count = 0
    jj = 0
    while jj < cols.shape[0]:
        j = cols[jj]
        if grouped and (grp[0][j] > 1 or grp[1][j] > 0.0):
            m = grp[0][j]
            if not screened[j] and _group_screened(C, scale, gap, l1, lower, upper, grp,
                                                   cols[jj:jj + m]):
                for q in range(jj, jj + m):
                    screened[cols[q]] = True
                count += m
            jj += m
            continue
        jj += 1
        if screened[j] or lower[j] > 0.0 or upper[j] < 0.0:
            continue
        radius = np.sqrt(2.0 * lips[j] * max(gap, 0.0))
        # support features have |c_j| = a_j at the optimum: never let a
        # rounded gap of 0 screen them
        a = l1[j] * (1.0 - _SCREEN_MARGIN)
        if T == 1:
            c = scale * C[j, 0]
            hi_ok = upper[j] == 0.0 or c + radius < a
            lo_ok = lower[j] == 0.0 or c - radius > -a
            out = hi_ok and lo_ok
        else:
            nrm2 = 0.0
            for t in range(T):
                nrm2 += C[j, t] * C[j, t]
            out = scale * np.sqrt(nrm2) + radius < a
        if out:
            screened[j] = True
            count += 1
    return count


@jit
def _group_screened(C, scale, gap, l1, lower, upper, grp, feats):
    """The gap-safe test of one group (``feats``, single task)."""
    j = feats[0]
    radius = np.sqrt(2.0 * grp[2][j] * max(gap, 0.0))
    e2 = 0.0
    for k in range(feats.shape[0]):
        q = feats[k]
        e = _excess(scale * C[q, 0], l1[q], lower[q], upper[q])
        e2 += e * e
    return np.sqrt(e2) + radius < grp[1][j] * (1.0 - _SCREEN_MARGIN)


# ---------------------------------------------------------------- groups
@jit
def _excess(c, a, lower, upper):
    """Part of ``c`` outside ``[-a, a]`` that a sign constraint does not absorb."""
    if c > a and upper == np.inf:
        return c - a
    if c < -a and lower == -np.inf:
        return c + a
    return 0.0


@jit
def group_scale(P, l1, lower, upper, feats, weight):
    """Largest ``s`` with ``||excess(s P_k, l1_k)||_2 <= weight`` over the group ``feats``.

    ``P[k]`` is the correlation of feature ``feats[k]``; the excess is the
    part of ``s P_k`` outside ``[-l1_k, l1_k]`` (see :func:`_excess`), so the
    condition is the group's dual constraint (the sparse-group-lasso
    epsilon-norm ball).  ``inf`` when no ``s`` violates it.
    """
    m = feats.shape[0]
    if weight == 0.0:  # plain L1 constraints, feature by feature
        s = np.inf
        for k in range(m):
            j = feats[k]
            d = _excess(P[k], 0.0, lower[j], upper[j])
            if d != 0.0:
                s = min(s, l1[j] / abs(d))
        return s
    # f(s) = sum_k max(s d_k - a_k, 0)^2 is convex and increasing where positive;
    # Newton from a point where f >= weight^2 descends monotonically onto the root
    s = np.inf
    for k in range(m):
        j = feats[k]
        d = abs(_excess(P[k], 0.0, lower[j], upper[j]))
        if d > 0.0:
            s = min(s, (l1[j] + weight) / d)
    if s == np.inf:
        return s
    target = weight * weight
    for _ in range(100):
        f = 0.0
        df = 0.0
        for k in range(m):
            j = feats[k]
            d = abs(_excess(P[k], 0.0, lower[j], upper[j]))
            e = s * d - l1[j]
            if e > 0.0:
                f += e * e
                df += 2.0 * d * e
        if f <= target * (1.0 + 1e-14) or df == 0.0:
            break
        step = (f - target) / df
        s -= step
        if step <= 1e-15 * s:
            break
    return s


@jit
def _group_dual(C, QtR, XtQ, rr, yr, l1, lower, upper, grp, cols, inv_S):
    """:func:`dual_from_correlations` with group penalties (single task, no L2).

    Every conjugate is then an indicator: the dual along ``s * rho`` is a
    parabola up to the largest feasible ``s``.
    """
    size, weight = grp[0], grp[1]
    k = QtR.shape[0]
    scale = 1.0
    P = np.empty(cols.shape[0])
    jj = 0
    while jj < cols.shape[0]:
        j = cols[jj]
        m = size[j]
        for q in range(m):
            jq = cols[jj + q]
            c = C[jq, 0]
            for b in range(k):
                c -= XtQ[jq, b] * QtR[b, 0] * inv_S
            P[jj + q] = c
        if m == 1 and weight[j] == 0.0 and l1[j] == 0.0:
            # unpenalized: free ones are projected out, a sign-constrained
            # one off its sign leaves no finite dual
            if _excess(P[jj], 0.0, lower[j], upper[j]) != 0.0 and abs(P[jj]) > (
                    _FEAS_RTOL * (1.0 + abs(P[jj]))) and (lower[j] == 0.0 or upper[j] == 0.0):
                return -np.inf, 0.0
        else:
            scale = min(scale, group_scale(P[jj:jj + m], l1, lower, upper, cols[jj:jj + m],
                                           weight[j]))
        jj += m
    s = min(scale, yr / rr) if rr > 0.0 else scale
    return 0.5 * inv_S * (2.0 * s * yr - s * s * rr), s


@jit
def _group_kkt_scores(C, W, l1, lower, upper, grp, out):
    size, weight = grp[0], grp[1]
    p = W.shape[0]
    j = 0
    while j < p:
        m = size[j]
        c_g = weight[j]
        if m == 1 and c_g == 0.0:
            out[j] = _scalar_kkt(W[j, 0], C[j, 0], l1[j], 0.0, lower[j], upper[j])
            j += 1
            continue
        nw = 0.0
        for q in range(j, j + m):
            nw += W[q, 0] * W[q, 0]
        nw = np.sqrt(nw)
        dist = 0.0
        if nw == 0.0:
            # distance to {u + v : |u_k| <= a_k, ||v|| <= c_g} (sign-clipped)
            for q in range(j, j + m):
                e = _excess(C[q, 0], l1[q], lower[q], upper[q])
                dist += e * e
            dist = max(np.sqrt(dist) - c_g, 0.0)
        else:
            for q in range(j, j + m):
                w = W[q, 0]
                if w != 0.0:
                    e = C[q, 0] - l1[q] * np.sign(w) - c_g * w / nw
                else:
                    e = _excess(C[q, 0], l1[q], lower[q], upper[q])
                dist += e * e
            dist = np.sqrt(dist)
        for q in range(j, j + m):
            out[q] = dist
        j += m


@jit
def group_critical_alphas(C, l1, lower, upper, size, weight, out):
    """Per group, the smallest ``alpha`` at which the correlations ``C`` are
    dual feasible for the penalty ``alpha * (l1, weight)``.

    ``size[j]`` is the size of the group starting at feature ``j`` (groups
    are contiguous); ``out`` (one entry per group) receives ``1 / s`` with
    ``s`` from :func:`group_scale`.  Gives ``alpha_max`` (the largest) and
    the strong rule's test along a path.  Unpenalized features get 0.
    """
    p = C.shape[0]
    feats = np.arange(p)
    P = np.empty(p)
    for j in range(p):
        P[j] = C[j, 0]
    j = 0
    g = 0
    while j < p:
        m = size[j]
        if m == 1 and weight[j] == 0.0 and l1[j] == 0.0:
            out[g] = 0.0
        else:
            s = group_scale(P[j:j + m], l1, lower, upper, feats[j:j + m], weight[j])
            out[g] = 1.0 / s if s > 0.0 else np.inf
        j += m
        g += 1


@jit
def conjugate_sum(C, s, l1, l2, lower, upper, rows, tasks):
    """``sum_m g_j^*(s C[j, t])`` over the entries ``(rows[m], tasks[m])`` (scalar conjugates)."""
    total = 0.0
    for m in range(rows.shape[0]):
        j = rows[m]
        total += conjugate_scalar(s * C[j, tasks[m]], l1[j], l2[j], lower[j], upper[j])
    return total


@jit
def groups_scale(c, l1, lower, upper, ptr, weight, blocks):
    """Smallest :func:`group_scale` (at most 1) over the blocks ``blocks`` of ``ptr``.

    Blocks with neither a group weight nor an L1 weight (unpenalized single
    features) are skipped: no rescaling makes them feasible.
    """
    s = 1.0
    for q in range(blocks.shape[0]):
        g = blocks[q]
        lo = ptr[g]
        hi = ptr[g + 1]
        if weight[g] == 0.0 and hi - lo == 1 and l1[lo] == 0.0:
            continue
        feats = np.arange(lo, hi)
        s = min(s, group_scale(c[lo:hi], l1, lower, upper, feats, weight[g]))
    return s


@jit
def entries_scale(C, l1, l2, lower, upper, cols):
    """Largest ``s <= 1`` giving every entry of ``s C[cols]`` a finite conjugate.

    The penalty acts entry by entry (classes of the ungrouped multinomial
    share the feature's weights): only features with an L1 weight and no L2
    weight are bounded, and only on the sides where the box is open.
    """
    s = 1.0
    for jj in range(cols.shape[0]):
        j = cols[jj]
        a = l1[j]
        if l2[j] != 0.0 or a <= 0.0:
            continue
        for t in range(C.shape[1]):
            c = C[j, t]
            if c > a and upper[j] == np.inf:
                s = min(s, a / c)
            elif c < -a and lower[j] == -np.inf:
                s = min(s, -a / c)
    return s
