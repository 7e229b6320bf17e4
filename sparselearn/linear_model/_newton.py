"""Proximal Newton for the GLM datafits (logistic, Poisson), on the coordinate-descent engine.

The problem, over coefficients ``B`` (n_features, T) and intercepts ``b``::

    P(B, b) = sum_i w_i f(eta_i; Y_i) + sum_j g_j(B_j),   eta = X B + b

with ``w`` the sample weights normalised to sum to one, and ``f`` the
binary log-loss (``T = 1``, ``Y`` in {0, 1}, ``eta`` the log-odds) or the
multinomial one (``T = K`` classes, ``Y`` one-hot), or the Poisson
log-likelihood with the log link (``T = 1``, ``Y`` counts, ``eta`` the log
mean: :class:`PoissonProblem`).  ``g_j`` is the glmnet
penalty of :mod:`sparselearn._numba.prox`, optionally with group norms, and
for multinomial models either per coefficient ("ungrouped") or on the rows
of ``B`` ("grouped").

The loop follows the Lasso solver (:mod:`._solver`): an outer iteration
computes the gradient ``X^T w (Y - P)`` on all features (one pass over
``X``) and the duality gap, and picks a working set.  On the working set,
prox-Newton steps solve the weighted least-squares model of the loss (IRLS)
with :func:`._solver.solve_cd` — the same kernels as every other model — and
a backtracking line search on the true objective accepts the step.
Samples misclassified by a wide margin have almost no curvature, so a model
can send the coefficients only they carry very far and force the line search
to shrink the whole step (news20 tf-idf at alpha_max / 1000: steps cut to
1e-6 and 1e-3 of the model's); after such a step the next models are solved
inside a box around the point (:class:`_TrustBox`).

Dual points.  With ``q_i`` in the simplex (probabilities), the dual variable
is ``theta_i = w_i (Y_i - q_i)``, correlations ``C = X^T theta``, and::

    D(theta) = sum_i w_i H(q_i) - sum_j g_j^*(C_j)

``H`` the entropy.  The point is built from the current probabilities:
with an intercept its constraint ``sum_i theta_i = 0`` is met by mixing
``P`` with one common distribution, then the point is scaled towards ``Y``
(``q = (1 - s) Y + s Q``) by the ``s`` that maximises ``D`` among those with
finite conjugates.  Features with no penalty at all need ``C_j = 0``
exactly, which no such point gives: their constraints are ignored and the
gain a Newton step on each of them would still bring is added instead
(:func:`free_excess`), so with them the gap is an estimate, not a bound; it
vanishes at the optimum.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp
from scipy.special import xlogy
from sklearn.exceptions import ConvergenceWarning

from .._numba.gap import conjugate_sum, entries_scale, groups_scale, kkt_scores
from ._base import make_design, make_target
from ._solver import (Penalty, gram_model_fits, select_working_set, solve_cd,
                      solve_gram_model)

# golden-section steps of the dual scale search
_SCALE_STEPS = 25
# Armijo constant and largest number of halvings of the line search
_ARMIJO = 1e-4
_MAX_HALVINGS = 30
_MAX_DOUBLINGS = 10
_ROUNDING = 1e-15
# epochs of coordinate descent per Newton step at most: far from the solution
# a rough direction does, and the next step fixes the rest with a better
# model (news20 tf-idf at alpha_max / 1000: 2.3 s against 4.3 s uncapped;
# liblinear's newGLMNET limits its inner passes the same way)
_MAX_INNER_EPOCHS = 20
# Hessian weights below this fraction of a sample's weight are raised to it
# (confidently classified samples): keeps the working response finite
_MIN_CURVATURE = 1e-10
_TINY = np.finfo(np.float64).tiny
_GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0
# up to this many unpenalized features their gap share is the exact Newton
# decrement (their curvature matrix costs n * f^2 per gap: a few covariates,
# not a whole unpenalized design), beyond it a sum over coordinates
_EXACT_FREE = 64
# the Newton decrement of an exponential tail (a coefficient heading to
# infinity: separable classes, a feature present only where a count is zero)
# is half the decrease still available (a e^t against a e^t / 2): doubling it
# keeps the estimate above the suboptimality there too
_FREE_SAFETY = 2.0
# a working set whose support exceeds this share of it is regrown before
# the next Newton step
_WS_FULL = 0.75
# smallest working sets: a dense working set's model is solved in Gram form,
# at a cost growing with its size squared, so a small start pays off there
# (spambase, leukemia: 10-20 % less time than with 50); a sparse one costs its
# non-zeros, and each extra outer round a pass over X
_P0_DENSE = 20
_P0_SPARSE = 50
# a line-search step below this fraction of the model's step sets the trust box
_BOX_SHRINK_BELOW = 0.5


@dataclass
class _Problem:
    """Data of one GLM problem (see the module docstring).

    ``X`` is a float64 dense (Fortran) array or CSC matrix, ``Y`` the (n, T)
    float64 targets, ``w`` the (n,) weights summing to one.  ``rows``: the
    penalty acts on rows of ``B`` (grouped multinomial).  A family defines
    the mean ``probs(eta)``, the ``loss``, its ``variance`` and
    ``curvature``, the dual's ``entropy`` (minus the conjugate of the loss)
    and its slope, the intercept's dual constraint (``intercept_mixture``)
    and the ``null_intercept``.
    """

    X: object
    Y: np.ndarray
    w: np.ndarray
    fit_intercept: bool
    rows: bool = False

    def __post_init__(self):
        self.n, self.T = self.Y.shape
        self.binary = self.T == 1
        self.sparse = sp.issparse(self.X)
        self.class_w = self.w @ self.Y  # (T,) weighted class frequencies (mean target)

    # X^T w and X^T (w Y), for the intercept's part of the dual point: two
    # passes over X that a fit without an intercept never needs
    @cached_property
    def Xtw(self) -> np.ndarray:
        return np.asarray(self.X.T @ self.w).ravel()

    @cached_property
    def XtwY(self) -> np.ndarray:
        return np.asarray(self.X.T @ (self.w[:, None] * self.Y))

    def restricted(self, cols):
        """The same problem on the features ``cols``."""
        return type(self)(self.X[:, cols], self.Y, self.w, self.fit_intercept, rows=self.rows)

    def correlations(self, G, cols=None):
        """``X_cols^T G`` as a dense (|cols|, T) float64 array."""
        X = self.X if cols is None else self.X[:, cols]
        return np.asarray(X.T @ G)


@dataclass
class LogisticProblem(_Problem):
    """The binary (``T = 1``, ``Y`` in {0, 1}) or multinomial (one-hot ``Y``) log-loss."""

    # ---------------------------------------------------------------- loss
    def probs(self, eta):
        if self.binary:
            # scipy's expit takes three times as long; exp overflows to inf -> 0
            with np.errstate(over="ignore"):
                t = np.exp(-eta)
            t += 1.0
            return np.reciprocal(t, out=t)
        e = np.exp(eta - eta.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def loss(self, eta) -> float:
        if self.binary:
            # log(1 + e^x) = max(x, 0) + log1p(e^-|x|): four times faster than logaddexp
            e = eta[:, 0]
            v = np.maximum(e, 0.0) + np.log1p(np.exp(-np.abs(e))) - self.Y[:, 0] * e
        else:
            m = eta.max(axis=1)
            lse = m + np.log(np.exp(eta - m[:, None]).sum(axis=1))
            v = lse - np.einsum("ik,ik->i", self.Y, eta)
        return float(self.w @ v)

    def variance(self, P):
        """Second derivative of each sample's loss in each linear predictor."""
        return P * (1.0 - P)

    def curvature(self, P, k):
        """Weighted curvature of the quadratic model of class ``k`` (None: all at once).

        Binary and per-class steps take the exact diagonal ``p (1 - p)``; the
        grouped multinomial step one common bound on all classes' curvature.
        """
        if self.T == 1 or k is not None:
            pk = P[:, 0 if k is None else k]
            return self.w * (pk * (1.0 - pk))
        return self.w * (P * (1.0 - P)).max(axis=1)

    def null_intercept(self):
        """Intercept of the model with all coefficients zero."""
        f = np.clip(self.class_w, 1e-12, None)
        if self.binary:
            f1 = min(float(f[0]), 1.0 - 1e-12)
            return np.array([np.log(f1 / (1.0 - f1))])
        b = np.log(f / f.sum())
        return b - b.mean()

    # ---------------------------------------------------------------- dual
    def intercept_mixture(self, P):
        """``(lam, pi)``: ``lam P + (1 - lam) pi`` meets the intercept's dual constraint."""
        if not self.fit_intercept:
            return 1.0, None
        n_k, m_k = self.class_w, self.w @ P
        if self.binary:
            n_k = np.array([1.0 - n_k[0], n_k[0]])
            m_k = np.array([1.0 - m_k[0], m_k[0]])
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(m_k > 0, n_k / m_k, np.inf)
        lam = float(min(1.0, ratio.min()))
        if lam >= 1.0:
            return 1.0, None
        pi = (n_k - lam * m_k) / (1.0 - lam)
        pi = np.clip(pi, 0.0, None)
        pi /= pi.sum()
        return lam, (pi[1:] if self.binary else pi)

    def entropy_slope(self, Y, D, s) -> float:
        """Derivative in ``s`` of ``entropy(Y + s D)`` (rows of ``D`` sum to zero)."""
        q = Y + s * D
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.binary:
                v = -(D[:, 0] * (np.log(q[:, 0]) - np.log1p(-q[:, 0])))
            else:
                v = -np.einsum("ik,ik->i", D, np.log(q))
            return float(self.w @ v)

    def entropy(self, Q) -> float:
        # q log q with 0 log 0 = 0: log of max(q, tiny) is finite, so a zero q
        # contributes exactly zero (three times faster than xlogy)
        if self.binary:
            q = Q[:, 0]
            r = 1.0 - q
            h = q * np.log(np.maximum(q, _TINY)) + r * np.log(np.maximum(r, _TINY))
        else:
            h = np.einsum("ik,ik->i", Q, np.log(np.maximum(Q, _TINY)))
        return float(-(self.w @ h))


@dataclass
class PoissonProblem(_Problem):
    """The Poisson log-likelihood with the log link: ``f(eta; y) = exp(eta) - y eta``.

    ``Y`` (n, 1) holds non-negative counts (or rates).  Its conjugate gives
    the dual ``D = sum_i w_i (q_i - q_i log q_i) - sum_j g_j^*(C_j)`` over
    ``q >= 0`` (``theta_i = w_i (y_i - q_i)``), the same form as the
    logistic dual with another entropy, so the solver is shared.
    """

    def probs(self, eta):
        with np.errstate(over="ignore"):
            return np.exp(eta)

    def loss(self, eta) -> float:
        with np.errstate(over="ignore", invalid="ignore"):
            v = np.exp(eta[:, 0]) - self.Y[:, 0] * eta[:, 0]
        return float(self.w @ v)

    def variance(self, P):
        return P

    def curvature(self, P, k):
        return self.w * P[:, 0]

    def null_intercept(self):
        """Log of the weighted mean target (positive: checked by the estimator)."""
        return np.array([np.log(max(float(self.class_w[0]), 1e-300))])

    def intercept_mixture(self, P):
        """``(lam, 0)``: the means scaled by ``lam`` have the targets' weighted sum.

        :func:`dual_value` then takes ``q = lam P`` (a mixture with the zero
        distribution; ``lam`` may exceed one), which meets the intercept's
        dual constraint ``sum_i w_i (y_i - q_i) = 0``.
        """
        if not self.fit_intercept:
            return 1.0, None
        m = float(self.w @ P[:, 0])
        if not m > 0 or not np.isfinite(m):
            return 1.0, None
        return float(self.class_w[0]) / m, np.zeros(1)

    def entropy(self, Q) -> float:
        q = Q[:, 0]
        return float(self.w @ (q - xlogy(q, q)))

    def entropy_slope(self, Y, D, s) -> float:
        """Derivative in ``s`` of ``entropy(Y + s D)``."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(-(self.w @ xlogy(D[:, 0], Y[:, 0] + s * D[:, 0])))

    def null_deviance(self) -> float:
        """Half the mean deviance of the null model (intercept only, or ``eta = 0``)."""
        y = self.Y[:, 0]
        mu = float(self.class_w[0]) if self.fit_intercept else 1.0
        return float(self.w @ (xlogy(y, y / mu) - y + mu))


class _Penalized:
    """The penalty in the forms the prox-Newton loop needs.

    ``pen`` a :class:`Penalty` (per-feature arrays, already scaled by alpha);
    ``rows``: L1/L2 weights act on row norms of ``B`` (else on entries).
    """

    def __init__(self, pen: Penalty, rows: bool):
        self.pen, self.rows = pen, rows
        self.free = np.zeros(pen.l1.size, dtype=np.bool_)
        self.free[pen.unpenalized_free] = True
        if pen.grouped:
            sizes = np.diff(pen.group_ptr)
            self.block = np.repeat(np.arange(sizes.size), sizes)
            self.grp = pen.kernel_groups(np.zeros(pen.l1.size))
        else:
            self.block = None
            self.grp = pen.kernel_groups()
        # whether any conjugate can be non-zero below the scale bound
        self.curved = bool(np.any((pen.l2 > 0) | np.isfinite(pen.lower)
                                  | np.isfinite(pen.upper)))

    def value(self, B, cols=None) -> float:
        pen = self.pen
        if cols is None:
            l1, l2, Bc = pen.l1, pen.l2, B
        else:
            l1, l2, Bc = pen.l1[cols], pen.l2[cols], B[cols]
        sq = np.einsum("jt,jt->j", Bc, Bc)
        a = np.sqrt(sq) if self.rows or Bc.shape[1] == 1 else np.abs(Bc).sum(axis=1)
        v = float(l1 @ a + 0.5 * (l2 @ sq))
        if pen.grouped:
            blocks = self.block if cols is None else self.block[cols]
            gsq = np.bincount(blocks, weights=sq, minlength=pen.group_weight.size)
            v += float(pen.group_weight @ np.sqrt(gsq))
        return v

    def kkt(self, C, B, out):
        """Distance of each feature's correlations to its subdifferential (max over classes)."""
        pen = self.pen
        args = (pen.l1, pen.l2, pen.lower, pen.upper)
        if self.rows or B.shape[1] == 1:
            kkt_scores(np.ascontiguousarray(C), np.ascontiguousarray(B), *args, self.grp, out)
            return out
        out[:] = 0.0
        tmp = np.empty_like(out)
        for t in range(B.shape[1]):
            kkt_scores(np.ascontiguousarray(C[:, t:t + 1]), np.ascontiguousarray(B[:, t:t + 1]),
                       *args, self.grp, tmp)
            np.maximum(out, tmp, out=out)
        return out

    def scale_max(self, C, cols) -> float:
        """Largest ``s <= 1`` making every conjugate of ``s C`` finite (features ``cols``)."""
        pen = self.pen
        if pen.grouped:
            blocks = np.unique(self.block[cols])
            return groups_scale(np.ascontiguousarray(C[:, 0]), pen.l1, pen.lower, pen.upper,
                                pen.group_ptr, np.asarray(pen.group_weight, dtype=np.float64),
                                blocks)
        if not self.rows:
            return float(entries_scale(np.ascontiguousarray(C), pen.l1, pen.l2, pen.lower,
                                       pen.upper, np.asarray(cols, dtype=np.int64)))
        l1, l2 = pen.l1[cols], pen.l2[cols]
        hard = (l2 == 0) & (l1 > 0)
        Cc = C[cols]
        nrm = np.sqrt(np.einsum("jt,jt->j", Cc, Cc))
        bad = hard & (nrm > l1)
        return float(min(1.0, (l1[bad] / nrm[bad]).min(initial=np.inf)))

    def conjugate_terms(self, C, cols):
        """A function ``s -> sum_j g_j^*(s C_j)`` over ``cols`` for ``s`` up to the scale bound.

        Only features with ``|C_j| > a_j`` can have a non-zero conjugate there
        (an L2 weight or a finite bound): the function keeps just those.
        """
        pen = self.pen
        if pen.grouped or not self.curved:
            # pure L1 (or groups: sign bounds only): zero wherever it is finite
            return _ZERO
        l1, l2, lo, up = pen.l1[cols], pen.l2[cols], pen.lower[cols], pen.upper[cols]
        Cc = C[cols]
        if self.rows:
            nrm = np.sqrt(np.einsum("jt,jt->j", Cc, Cc))
            keep = (nrm > l1) & (l2 > 0)
            if not keep.any():
                return _ZERO
            nrm, a, b = nrm[keep], l1[keep], l2[keep]
            return _Conjugate(
                lambda s: float(np.sum(np.maximum(s * nrm - a, 0.0) ** 2 / (2.0 * b))))
        keep = np.any(np.abs(Cc) > l1[:, None], axis=1) & (
            (l2 > 0) | np.isfinite(lo) | np.isfinite(up))
        if not keep.any():
            return _ZERO
        rows, tasks = np.nonzero(keep[:, None] & np.ones(Cc.shape, dtype=np.bool_))
        feats = np.asarray(cols, dtype=np.int64)[rows]
        tasks = tasks.astype(np.int64)
        Cf = np.ascontiguousarray(C)
        return _Conjugate(lambda s: conjugate_sum(Cf, s, pen.l1, pen.l2, pen.lower, pen.upper,
                                                  feats, tasks))


class _Conjugate:
    """``s -> sum_j g_j^*(s C_j)``; ``zero`` when it is zero wherever it is finite."""

    def __init__(self, fun, zero=False):
        self.fun, self.zero = fun, zero

    def __call__(self, s):
        return self.fun(s)


_ZERO = _Conjugate(lambda s: 0.0, zero=True)


def dual_value(prob: _Problem, penz: _Penalized, P, C, cols, lam, pi) -> float:
    """Best dual value along ``q = (1 - s) Y + s Q`` (see the module docstring).

    ``C = X^T w (Y - P)`` on the features ``cols`` (other rows unused);
    ``(lam, pi)`` from :meth:`LogisticProblem.intercept_mixture`.  Returns
    the value, the scale and the correlations of the unscaled dual point.
    """
    Y = prob.Y
    if pi is None:
        Q, Ca = P, C
    else:
        Q = lam * P + (1.0 - lam) * pi[None, :]
        Ca = lam * C
        Ca[cols] += (1.0 - lam) * (prob.XtwY[cols] - np.outer(prob.Xtw[cols], pi))
    free = penz.free[cols]
    use = cols[~free] if free.any() else cols
    s_max = penz.scale_max(Ca, use)
    conj = penz.conjugate_terms(Ca, use)
    D = Q - Y

    def dual(s):
        return prob.entropy(Y + s * D) - conj(s)

    best = dual(s_max)
    if free.any():
        return best, s_max, Ca  # an estimate (see free_excess): no search
    if conj.zero and prob.entropy_slope(Y, D, s_max) >= 0.0:
        return best, s_max, Ca  # concave and still increasing at the end of the interval
    # concave in s: golden-section search on [0, s_max]
    lo, hi = 0.0, s_max
    x1, x2 = hi - _GOLDEN * (hi - lo), lo + _GOLDEN * (hi - lo)
    f1, f2 = dual(x1), dual(x2)
    for _ in range(_SCALE_STEPS):
        if f1 < f2:
            lo, x1, f1 = x1, x2, f2
            x2 = lo + _GOLDEN * (hi - lo)
            f2 = dual(x2)
        else:
            hi, x2, f2 = x2, x1, f1
            x1 = hi - _GOLDEN * (hi - lo)
            f1 = dual(x1)
        if hi - lo <= 1e-6 * s_max:
            break
    return max(best, f1, f2), s_max, Ca


def free_excess(prob: _Problem, penz: _Penalized, X, P, C, Ca, B, cols,
                scale) -> float:
    """The unpenalized features' share of the gap estimate (features ``cols``).

    The dual ignores their constraints ``Ca_j = 0`` (``Ca`` the correlations
    of the dual point before its scaling by ``scale``, ``C`` the gradient's).
    Their Fenchel-Young terms ``-scale <Ca_j, B_j>`` are taken
    out of the gap and replaced by the decrease a Newton step on them would
    bring, per class: the larger of ``c^T H^+ c / 2`` (``H`` their curvature
    matrix, the intercept's direction projected out; to second order their
    share of the suboptimality) and ``sum_j c_j^2 / (2 H_jj)`` (one
    coordinate at a time), or only the latter for more than ``_EXACT_FREE``
    of them, doubled (``_FREE_SAFETY``: along an exponential tail the
    decrement is half the decrease left).  The estimate vanishes only where
    their gradients do.
    """
    free = penz.free[cols]
    if not free.any():
        return 0.0
    f = cols[free]
    Xf = X[:, f]
    V = prob.w[:, None] * prob.variance(P)
    c = C[f]
    tiny = np.finfo(np.float64).tiny
    fy = scale * np.sum(Ca[f] * B[f])
    if f.size > _EXACT_FREE:
        sq = Xf.multiply(Xf) if sp.issparse(Xf) else Xf * Xf
        curv = np.asarray(sq.T @ V)
        return float(_FREE_SAFETY * 0.5 * np.sum(c * c / np.maximum(curv, tiny)) + fy)
    decrease = 0.0
    for t in range(c.shape[1]):
        v = V[:, t]
        if sp.issparse(Xf):
            H = np.asarray((Xf.T @ Xf.multiply(v[:, None]).tocsc()).todense())
        else:
            H = Xf.T @ (Xf * v[:, None])
        if prob.fit_intercept and v.sum() > 0:
            m = np.asarray(Xf.T @ v).ravel()
            H -= np.outer(m, m) / v.sum()
        step = np.linalg.lstsq(H, c[:, t], rcond=1e-12)[0]
        diagonal = np.sum(c[:, t] ** 2 / np.maximum(np.diagonal(H), tiny))
        # the larger of the joint and the coordinate-wise decrease: each
        # estimates the suboptimality (to second order, and in the order the
        # coordinate descent would take it), neither bounds it
        decrease += 0.5 * max(float(c[:, t] @ step), diagonal)
    return float(_FREE_SAFETY * decrease + fy)


@dataclass
class NewtonResult:
    coef: np.ndarray       # (n_features, T)
    intercept: np.ndarray  # (T,)
    gap: float
    primal: float
    n_iter: int            # prox-Newton steps
    converged: bool


def solve_glm(prob: _Problem, pen: Penalty, B, b, *, tol: float, max_iter: int = 100,
              p0: int = None, warn: bool = True, verbose: bool = False) -> NewtonResult:
    """Minimise a GLM objective (logistic, Poisson) by prox-Newton on working sets.

    ``B`` (n_features, T) and ``b`` (T,) are the start (``B`` is updated in
    place); the solver stops when the duality gap is at most ``tol`` (in
    objective units) or after ``max_iter`` prox-Newton steps.  ``p0`` is the
    smallest working set (default ``_P0_DENSE`` or ``_P0_SPARSE``).
    """
    X = prob.X
    p, T = B.shape
    penz = _Penalized(pen, prob.rows)
    units = pen.group_ptr
    all_cols = np.arange(p, dtype=np.int64)
    if p0 is None:
        p0 = _P0_SPARSE if prob.sparse else _P0_DENSE
    if p <= 2 * p0:
        p0 = p  # a working set would soon be everything: start there, save an outer round
    scores = np.empty(p)
    screened = np.zeros(p, dtype=np.bool_)
    in_cols = np.ones(p, dtype=np.bool_)
    if not prob.fit_intercept:
        b = np.zeros(T)
    eta = np.asarray(X @ B) + b[None, :] if B.any() else np.repeat(b[None, :], prob.n, axis=0)
    best_dual = -np.inf
    has_free = bool(penz.free.any())
    n_iter = 0
    ws_size = 0
    gap = primal = np.inf
    converged = False
    trust = _TrustBox()
    while True:
        t0 = time.perf_counter()
        P = prob.probs(eta)
        G = prob.w[:, None] * (prob.Y - P)
        C = prob.correlations(G)
        primal = prob.loss(eta) + penz.value(B)
        lam, pi = prob.intercept_mixture(P)
        dual, scale, Ca = dual_value(prob, penz, P, C, all_cols, lam, pi)
        if has_free:  # an estimate, not a bound: only the current one counts
            best_dual = dual - free_excess(prob, penz, X, P, C, Ca, B, all_cols, scale)
        else:
            best_dual = max(best_dual, dual)
        gap = primal - best_dual
        if verbose:
            print(f"outer: primal {primal:.10g} gap {gap:.3e} ({time.perf_counter() - t0:.4f}s)")
        if gap <= tol:
            converged = True
            break
        if n_iter >= max_iter:
            break
        penz.kkt(C, B, scores)
        left_out = scores > 0  # the violators, before select_working_set overwrites scores
        nonzero = np.any(B != 0, axis=1)
        ws_size, ws = select_working_set(scores, nonzero, units, screened, in_cols, all_cols,
                                         ws_size, p0)
        left_out[ws] = False
        steps, eta, b, moved, done = _newton_on_working_set(
            prob, penz, B, b, eta, ws, gap, tol, max_iter - n_iter, verbose, trust,
            (P, primal), bool(left_out.any()))
        n_iter += steps
        if done is not None:
            # the last step's gap was the whole problem's, at the current point
            primal, gap = done
            converged = True
            break
        if not moved:
            # no step decreased the objective: the gap is at the precision the
            # quadratic models resolve (see _newton_on_working_set)
            break
    if not converged and warn:
        warnings.warn(
            f"Prox-Newton did not converge after {n_iter} steps: duality gap {gap:.3e} > "
            f"tolerance {tol:.3e}. Increase max_iter or alpha, or loosen tol (on separable "
            "data the unpenalized or weakly penalized problem has no finite solution).",
            ConvergenceWarning, stacklevel=3)
    return NewtonResult(coef=B, intercept=b, gap=max(float(gap), 0.0), primal=float(primal),
                        n_iter=max(n_iter, 1), converged=converged)


def _restrict(pen: Penalty, ws, block):
    """The penalty of the features ``ws`` (whole blocks, in order)."""
    if not pen.grouped:
        return Penalty(pen.l1[ws], pen.l2[ws], pen.lower[ws], pen.upper[ws])
    blocks = block[ws]
    starts = np.flatnonzero(np.r_[True, blocks[1:] != blocks[:-1]])
    ptr = np.r_[starts, ws.size].astype(np.int64)
    return Penalty(pen.l1[ws], pen.l2[ws], pen.lower[ws], pen.upper[ws],
                   group_ptr=ptr, group_weight=pen.group_weight[blocks[starts]])


def _newton_on_working_set(prob: _Problem, penz: _Penalized, B, b, eta, ws, gap, tol,
                           max_steps, verbose, trust, start, truncated):
    """Prox-Newton steps on the features ``ws`` until their subproblem's gap is below
    ``0.3 * gap`` (or ``tol``), until a step leaves the point unchanged, or, when
    the working set is ``truncated`` (violators were left out of it), until
    the support fills more than ``_WS_FULL`` of it (the outer loop then grows it).
    ``start`` is ``(P, F)``, the probabilities and the objective at the
    current point (the outer loop has them).  Returns ``(steps, eta, b,
    moved, done)``, ``moved`` whether any step was taken, ``done`` the final
    ``(primal, gap)`` when the working set holds every feature and the last
    step's gap met ``tol`` (else None); ``B`` is updated in place.

    A model is solved to at best ``1e-16`` times its squared working
    response, the scale at which its duality gap is rounded: without an
    intercept to center it that response carries the linear predictor
    itself, so on large counts (Poisson) the reachable gap can be well above
    a tiny ``tol``; the solver then stops and warns with the gap it reached.

    Each step solves its weighted least-squares model to a gap of
    ``min(0.1 g, g^2)``, ``g`` the last gap of the subproblem: loose far
    from the solution, and tight enough near it for Newton's quadratic
    convergence to show (a tighter inner solve costs a few more epochs, a
    Newton step a pass over the rows and a new model).  It also asks for a
    tenth of the model's own first gap: the logistic gap is first order in
    the optimality violation, the model's second order, so a model whose
    gap is already below ``0.1 g`` would otherwise not move (seen on the
    multinomial loss, whose per-class steps converge linearly).
    """
    # with every column in the working set its gap is the problem's own:
    # solve to tol here rather than return to the outer loop (which would
    # only recompute the same gap and come back)
    target = tol if ws.size == prob.X.shape[1] else max(0.3 * gap, tol)
    X = prob.X
    every = ws.size == X.shape[1] and np.array_equal(ws, np.arange(ws.size))
    Xws = X if every else X[:, ws]
    # the weighted designs of the models, written into one buffer: a fresh
    # (n, |ws|) array per model costs its page faults again (a fifth of a fit
    # of spambase at alpha_max/100)
    if prob.sparse:
        Xws = Xws.tocsc()
        if not Xws.has_canonical_format:  # never sort the caller's matrix in place
            Xws = Xws.copy()
            Xws.sum_duplicates()
        buf = np.empty(Xws.nnz, dtype=Xws.dtype)
    else:
        Xws = np.asfortranarray(Xws)
        buf = np.empty(Xws.shape, dtype=Xws.dtype, order="F")
    pen_ws = _restrict(penz.pen, ws, penz.block)
    sub = _Penalized(pen_ws, prob.rows)
    local = np.arange(ws.size, dtype=np.int64)
    Bws = np.ascontiguousarray(B[ws])
    # per-class updates (Gauss-Seidel over the classes) for the ungrouped multinomial
    classes = [None] if prob.T == 1 or prob.rows else list(range(prob.T))
    steps = 0
    quad_gap = gap
    # the probabilities and the objective at the current point, kept up to date
    # rather than recomputed (each costs a pass over the rows); the features
    # outside the working set are zero, so the objective is the subproblem's
    P, F0 = start
    done = None
    moved = False
    # a box trust region around the point (see _TrustBox), single-task ungrouped only
    box = trust if prob.T == 1 and not pen_ws.grouped else None
    while steps < max_steps:
        start = (Bws, eta, b, F0)
        moved_now = False
        for k in classes:
            G = prob.w[:, None] * (prob.Y - P)
            cls = slice(None) if k is None else slice(k, k + 1)
            h = np.maximum(prob.curvature(P, k), _MIN_CURVATURE * prob.w)
            pos = h > 0
            Z = eta[:, cls].copy()
            Z[pos] += G[pos][:, cls] / h[pos, None]
            design, X_off, sqrt_h, _ = make_design(Xws, h, prob.fit_intercept, out=buf)
            Yt, z_off = make_target(Z, h, sqrt_h, prob.fit_intercept, np.float64)
            W = np.array(Bws[:, cls], order="C")  # a copy: solve_cd updates it in place
            yy = float(np.sum(Yt * Yt))
            # per-class steps of the ungrouped multinomial converge linearly:
            # no point in solving each class's model more tightly than that
            sq = quad_gap * quad_gap if k is None else np.inf
            qtol = max(min(0.1 * quad_gap, sq), 1e-16 * yy, 1e-300)
            pen_step = pen_ws if box is None else box.penalty(pen_ws, Bws[:, 0])
            if Yt.shape[1] == 1 and gram_model_fits(design, pen_step, prob.n):
                res = solve_gram_model(design, Yt, W, pen_step, tol=qtol,
                                       max_iter=_MAX_INNER_EPOCHS)
            else:
                # a sparse model's Gram blocks would serve this one solve only
                # (the weights change at every step), and building them over
                # frequent terms costs more than the few residual epochs of a
                # model (news20 at alpha_max/1000: 14 ms a block, 0.9 -> 0.7 s)
                res = solve_cd(design, Yt, W, pen_step, inv_S=1.0, tol=qtol / max(yy, 1e-300),
                               max_iter=_MAX_INNER_EPOCHS, warn=False, screening=False,
                               gap_decrease=0.1, precompute=False if prob.sparse else "auto")
            if verbose:
                print(f"    quad: gap {res.gap:.2e} tol {qtol:.2e} epochs {res.n_iter} "
                      f"nnz {np.count_nonzero(res.coef)}")
            D = res.coef - Bws[:, cls]
            db = (z_off - X_off @ res.coef - b[cls]) if prob.fit_intercept else np.zeros(
                D.shape[1])
            if not D.any() and not np.any(db):
                continue
            d_eta = np.asarray(Xws @ D) + db[None, :]
            slope = -float(np.sum(G[:, cls] * d_eta))
            B_new = Bws.copy()
            B_new[:, cls] = res.coef
            delta = slope + sub.value(B_new) - sub.value(Bws)
            t, B_try, eta_try, F_try = _line_search(prob, sub, Bws, eta, cls, D, d_eta, F0,
                                                    delta, extrapolate=prob.rows)
            if box is not None:
                box.update(t, D[:, 0])
            if t == 0.0:
                continue  # no decrease along this direction: keep the point
            moved_now = True
            Bws, eta, F0 = B_try, eta_try, F_try
            P = prob.probs(eta)
            b = b.copy()
            b[cls] += t * db
        if len(classes) > 1 and F0 < start[3]:
            Bws, eta, b, F0 = _overrelax(prob, sub, start, Bws, eta, b, F0)
            P = prob.probs(eta)
        steps += 1
        if not moved_now:
            break  # the same point gives the same model: no further step can move
        moved = True
        if truncated and (np.count_nonzero(np.any(Bws != 0, axis=1)) > _WS_FULL * ws.size):
            # the support fills the working set: it is too small, and polishing
            # it wastes Newton steps (news20 at alpha_max/1000: 8 of 41 steps on
            # 1432 columns for a final support of 2064); the outer loop grows it
            # to twice the support.  Not when it already holds every violator:
            # there is nothing to grow into, and leaving it after each step only
            # repeats the pass over all the features
            break
        # the working set's duality gap decides whether to go on
        G = prob.w[:, None] * (prob.Y - P)
        C_ws = np.asarray(Xws.T @ G)
        lam, pi = prob.intercept_mixture(P)
        primal = F0
        sub_prob = _SubDual(prob, ws)
        dual, scale, Ca = dual_value(sub_prob, sub, P, C_ws, local, lam, pi)
        quad_gap = primal - dual + free_excess(prob, sub, Xws, P, C_ws, Ca, Bws, local, scale)
        if verbose:
            print(f"  newton {steps}: primal {primal:.10g} ws gap {quad_gap:.3e} (ws {ws.size})")
        if quad_gap <= target:
            if target == tol and ws.size == prob.X.shape[1]:
                done = (primal, quad_gap)
            break
    B[ws] = Bws
    if prob.fit_intercept and prob.T > 1:
        # multinomial intercepts are identified up to a common constant
        shift = b.mean()
        b, eta = b - shift, eta - shift
    return steps, eta, b, moved, done


class _TrustBox:
    """A box ``|w_j - b_j| <= radius`` around the point ``b`` for the quadratic
    models of a single-task, ungrouped problem (kept across working sets).

    No box until a line search accepts less than half a step; the radius is
    then the distance that step moved, but at least the 90th percentile of
    the coordinates' moves (a few runaway coordinates must not freeze the
    rest), and it doubles after a full step that reached it.  Any box keeps
    the model's minimiser a descent direction and the fixed point the same,
    so the answer and the stopping rule are unchanged.
    """

    def __init__(self):
        self.radius = np.inf

    def penalty(self, p, w):
        if self.radius == np.inf:
            return p
        return Penalty(p.l1, p.l2, np.maximum(p.lower, w - self.radius),
                       np.minimum(p.upper, w + self.radius))

    def update(self, t, d):
        moves = np.abs(d[d != 0])
        if moves.size == 0:  # only the intercept moved: no scale for the coefficients
            return
        step = float(moves.max())
        if 0.0 < t < _BOX_SHRINK_BELOW:
            self.radius = max(t * step, float(np.quantile(moves, 0.9)), 1e-12)
        elif t == 1.0 and step >= 0.999 * self.radius:
            self.radius *= 2.0


def _overrelax(prob, sub, start, B, eta, b, F):
    """Extend a sweep over the classes: from its start, double the step it made
    while the objective keeps decreasing.  Class-by-class steps converge
    linearly, slowly when the classes are strongly coupled; the sweep's
    direction stays a descent direction, so going further along it is safe."""
    B0, eta0, b0, _ = start
    dB, d_eta, db = B - B0, eta - eta0, b - b0
    t = 1.0
    for _ in range(_MAX_DOUBLINGS):
        t2 = 2.0 * t
        B2, eta2 = B0 + t2 * dB, eta0 + t2 * d_eta
        F2 = prob.loss(eta2) + sub.value(B2)
        if not F2 < F:
            break
        t, B, eta, F = t2, B2, eta2, F2
    return B, eta, b0 + t * db, F


def _line_search(prob, sub, B, eta, cls, D, d_eta, F0, delta, extrapolate):
    """Step ``t`` along ``(D, d_eta)`` (columns ``cls``): backtracking from 1 until
    Armijo's condition holds (0 if it never does).  With ``extrapolate``, an
    accepted full step is doubled while the objective keeps decreasing: the
    common-curvature model of the grouped multinomial loss is conservative
    along the classes of small probability, so its steps are often too short.
    Returns ``(t, B_t, eta_t, F_t)``."""
    def at(t):
        B_t = B.copy()
        B_t[:, cls] += t * D
        eta_t = eta.copy()
        eta_t[:, cls] += t * d_eta
        return B_t, eta_t, prob.loss(eta_t) + sub.value(B_t)

    t = 1.0
    for _ in range(_MAX_HALVINGS):
        B_t, eta_t, F = at(t)
        # the allowance for rounding lets exact Newton steps through when the
        # objective is flat to machine precision but the optimality violation
        # (to which the duality gap is proportional) is not yet
        if F <= F0 + _ARMIJO * t * min(delta, 0.0) + _ROUNDING * abs(F0):
            break
        t *= 0.5
    else:
        return 0.0, B, eta, F0
    if extrapolate and t == 1.0:
        for _ in range(_MAX_DOUBLINGS):
            B_2, eta_2, F_2 = at(2.0 * t)
            if not F_2 < F:
                break
            t, B_t, eta_t, F = 2.0 * t, B_2, eta_2, F_2
    return t, B_t, eta_t, F


class _SubDual:
    """The parts of a problem that :func:`dual_value` reads, for the features ``ws``."""

    def __init__(self, prob: _Problem, ws):
        self.Y, self.entropy, self.entropy_slope = prob.Y, prob.entropy, prob.entropy_slope
        self._prob, self._ws = prob, ws

    @property
    def Xtw(self) -> np.ndarray:
        return self._prob.Xtw[self._ws]

    @property
    def XtwY(self) -> np.ndarray:
        return self._prob.XtwY[self._ws]
