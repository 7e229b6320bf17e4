"""Proximal operators of the glmnet family of penalties.

A feature ``j`` carries an L1 weight ``a_j``, an L2 weight ``b_j`` and a box
``[lower_j, upper_j]``; its penalty is
``g_j(w) = a_j |w| + b_j / 2 w^2 + indicator(lower_j <= w <= upper_j)``.
Penalty factors, ``positive``, elastic-net mixing and (later) adaptive
weights are all expressed through these four numbers.  For a row of a
multi-task coefficient matrix ``|w|`` becomes the Euclidean norm of the row
(block soft thresholding) and the box must be unbounded.

Group penalties (single task) add ``c_g ||w_g||_2`` on contiguous blocks of
features (sparse group lasso when the features also carry L1 weights).  The
kernels receive them as a tuple ``grp = (size, weight, lips)`` of per-feature
arrays: the size of the feature's group, the group's ``c_g`` and its
Lipschitz constant ``||X_g||_2^2 / S``; empty arrays mean no groups.  A
feature with group size 1 and weight 0 is an ordinary feature.  Inside a
group the bounds may only be sign constraints (0 or infinite) and the L2
weights must be zero.
"""

import numpy as np

from ._jit import jit


@jit
def soft_threshold(z, a):
    """``sign(z) * max(|z| - a, 0)``."""
    if z > a:
        return z - a
    if z < -a:
        return z + a
    return 0.0


@jit
def prox_box_enet(z, L, a, b, lower, upper):
    """Minimiser of ``L/2 (w - z/L)^2 + a|w| + b/2 w^2`` over ``[lower, upper]``.

    A one-dimensional strictly convex problem, so the box solution is the
    clipped unconstrained one.
    """
    w = soft_threshold(z, a) / (L + b)
    if w < lower:
        return lower
    if w > upper:
        return upper
    return w


@jit
def block_prox_scale(z, L, a, b):
    """Scale ``s`` such that ``s * z`` minimises ``L/2 ||w - z/L||^2 + a||w|| + b/2 ||w||^2``."""
    nrm = 0.0
    for t in range(z.shape[0]):
        nrm += z[t] * z[t]
    nrm = np.sqrt(nrm)
    if nrm <= a:
        return 0.0
    return (1.0 - a / nrm) / (L + b)


@jit
def sign_soft_threshold(z, a, lower, upper):
    """Prox of ``a|w|`` plus a sign constraint (``lower``/``upper`` each 0 or infinite)."""
    return min(max(soft_threshold(z, a), lower), upper)


@jit
def has_groups(grp):
    """Whether the group tuple describes groups (else every feature stands alone)."""
    return grp[0].shape[0] > 0


@jit
def penalty_value(W, l1, l2, grp, cols):
    """``sum_j a_j ||W_j|| + b_j / 2 ||W_j||^2`` over the rows ``cols``, plus the
    group norms ``c_g ||W_g||`` of the groups in ``cols`` (listed whole)."""
    T = W.shape[1]
    pen = 0.0
    if has_groups(grp):
        size, weight = grp[0], grp[1]
        jj = 0
        while jj < cols.shape[0]:
            j = cols[jj]
            m = size[j]
            sq = 0.0
            for k in range(m):
                w = W[cols[jj + k], 0]
                sq += w * w
                pen += l1[cols[jj + k]] * abs(w)
            pen += weight[j] * np.sqrt(sq)
            jj += m
        return pen
    for jj in range(cols.shape[0]):
        j = cols[jj]
        sq = 0.0
        for t in range(T):
            sq += W[j, t] * W[j, t]
        if sq != 0.0:
            pen += l1[j] * np.sqrt(sq) + 0.5 * l2[j] * sq
    return pen
