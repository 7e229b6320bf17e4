"""What the generalized linear models share: the penalty's shape and the warm-started solves.

A *spec* holds everything of one problem but alpha: the datafit (a
problem object of :mod:`._newton`), the per-feature penalty arrays, bounds
and the group layout (with groups, the columns are permuted so that each
group is contiguous).  :func:`solve_alphas` solves it along a decreasing
sequence of alphas with the prox-Newton solver, each solve starting from
the previous one.  The logistic and Poisson estimators build their spec and
call it; so do their paths and cross-validation.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..utils._groups import check_groups, group_weights
from ._base import check_bounds, check_feature_vector
from ._group import _GroupLayout, _support_groups
from ._newton import solve_glm
from ._solver import Penalty


def solver_X(X):
    """float64 dense (Fortran) or CSC copy of ``X`` for the solver (never densified)."""
    if sp.issparse(X):
        Xc = sp.csc_matrix(X, dtype=np.float64)
        if Xc is X or not Xc.has_canonical_format:
            Xc = Xc.copy()
            Xc.sum_duplicates()
        return Xc
    return np.asfortranarray(X, dtype=np.float64)


class GLMSpec:
    """The penalty of a GLM problem (everything but alpha) and its column order.

    The subclass sets ``self.prob`` (a problem of :mod:`._newton`) from the
    design returned by :meth:`_setup_penalty` and defines ``tol(tol)``, the
    gap tolerance in objective units.
    ``rows``: the penalty acts on the rows of the coefficients (grouped
    multinomial), which allows no bounds.
    """

    prob = None

    def _setup_penalty(self, X, *, l1_ratio, penalty_factor, lower_bounds, upper_bounds,
                       positive, groups, weights, feature_names, rows=False,
                       groups_allowed=None):
        """Validate the penalty parameters; returns ``X`` in the solver's column order.

        ``groups_allowed``: None, or the message of the error raised when
        groups are given but not supported.
        """
        p = X.shape[1]
        self.l1_ratio = float(l1_ratio)
        self.rows = rows
        pf = check_feature_vector(penalty_factor, p, "penalty_factor", 1.0, nonneg=True)
        lower, upper = check_bounds(lower_bounds, upper_bounds, positive, p)
        if rows and (np.isfinite(lower).any() or np.isfinite(upper).any()):
            raise ValueError("Bounds (lower_bounds, upper_bounds, positive) are not "
                             "supported with multinomial='grouped'.")
        self.layout = None
        if groups is not None:
            if groups_allowed is not None:
                raise ValueError(groups_allowed)
            spec = check_groups(groups, p, feature_names)
            self.group_weights = group_weights(spec, weights)
            self.layout = _GroupLayout(spec, self.group_weights, self.l1_ratio)
            order = self.layout.order
            pf, lower, upper = pf[order] * self.layout.pf, lower[order], upper[order]
            if np.any(np.isfinite(lower) & (lower != 0)) or np.any(
                    np.isfinite(upper) & (upper != 0)):
                raise ValueError("With groups the bounds may only be sign constraints "
                                 "(0 or infinite).")
            X = self.layout.permute(X)
        self.pf, self.lower, self.upper = pf, lower, upper
        self.dtype = X.dtype
        return X

    def penalty(self, alpha: float) -> Penalty:
        r = self.l1_ratio
        if self.layout is None:
            return Penalty(alpha * r * self.pf, alpha * (1.0 - r) * self.pf,
                           self.lower, self.upper)
        lay = self.layout
        return Penalty(alpha * r * self.pf, np.zeros(self.pf.size), self.lower, self.upper,
                       group_ptr=lay.ptr, group_weight=alpha * (1.0 - r) * lay.weight)

    def restore(self, B):
        """Coefficients (n_features, T) in the original column order."""
        return B if self.layout is None else self.layout.restore(B)

    def null_model(self, tol: float, max_iter: int):
        """``(B, b)`` at alpha_max: intercept and unpenalized features fitted, the rest zero."""
        prob = self.prob
        p, T = prob.X.shape[1], prob.T
        B = np.zeros((p, T))
        b = prob.null_intercept() if prob.fit_intercept else np.zeros(T)
        pen = self.penalty(1.0)
        free = np.flatnonzero(pen.unpenalized)
        if free.size:
            sub = prob.restricted(free)
            zero = np.zeros(free.size)
            res = solve_glm(sub, Penalty(zero, zero, self.lower[free], self.upper[free]),
                            np.zeros((free.size, T)), b, tol=self.tol(tol), max_iter=max_iter)
            B[free] = res.coef
            b = res.intercept
        return B, b

    def alpha_max(self, tol: float = 1e-8, max_iter: int = 100) -> float:
        prob = self.prob
        B, b = self.null_model(tol, max_iter)
        eta = np.asarray(prob.X @ B) + b[None, :]
        G = prob.w[:, None] * (prob.Y - prob.probs(eta))
        C = prob.correlations(G)
        r = self.l1_ratio
        if self.layout is not None:
            return self.layout.alpha_max(self.layout.restore(C), r)
        if r == 0:
            raise ValueError("l1_ratio must be positive to define alpha_max.")
        pen = self.pf > 0
        if not pen.any():
            return 0.0
        size = np.sqrt((C ** 2).sum(axis=1)) if self.rows else np.abs(C).max(axis=1)
        return float((size[pen] / self.pf[pen]).max() / r)


def solve_alphas(spec: GLMSpec, alphas, *, tol, max_iter, coef_init=None, intercept_init=None,
                 warn=True, verbose=False):
    """Warm-started solves along ``alphas``.

    Returns ``coefs`` (n_alphas, n_features, T) in the original column order,
    ``intercepts`` (n_alphas, T), ``gaps``, ``n_iters`` and the number of
    unconverged alphas.
    """
    prob = spec.prob
    p, T = prob.X.shape[1], prob.T
    if coef_init is not None:
        B = np.array(coef_init, dtype=np.float64).reshape(T, p).T
        if spec.layout is not None:
            B = B[spec.layout.order]
        B = np.ascontiguousarray(np.clip(B, spec.lower[:, None], spec.upper[:, None]))
        b = (np.zeros(T) if intercept_init is None or not prob.fit_intercept
             else np.array(intercept_init, dtype=np.float64).reshape(T))
    else:
        B, b = spec.null_model(tol, max_iter)
    coefs = np.empty((len(alphas), p, T))
    intercepts = np.empty((len(alphas), T))
    gaps = np.empty(len(alphas))
    n_iters = np.empty(len(alphas), dtype=np.int64)
    n_bad = 0
    for i, alpha in enumerate(alphas):
        res = solve_glm(prob, spec.penalty(float(alpha)), B, b, tol=spec.tol(tol),
                        max_iter=max_iter, warn=warn, verbose=verbose)
        B, b = res.coef, res.intercept
        coefs[i] = spec.restore(B)
        intercepts[i] = b
        gaps[i] = res.gap
        n_iters[i] = res.n_iter
        n_bad += not res.converged
    return coefs, intercepts, gaps, n_iters, n_bad


def fit_one_alpha(est, spec: GLMSpec, warm: bool):
    """Solve ``spec`` at ``est.alpha`` (from ``est.coef_``/``intercept_`` when ``warm``).

    Sets ``dual_gap_``, ``n_iter_`` and, with groups, ``groups_``,
    ``n_groups_``, ``weights_`` and ``support_groups_`` on ``est``; returns
    the coefficients (T, n_features) and the intercepts (T,).
    """
    init, icpt = (est.coef_, est.intercept_) if warm else (None, None)
    coefs, intercepts, gaps, n_iters, _ = solve_alphas(
        spec, [float(est.alpha)], tol=est.tol, max_iter=est.max_iter, coef_init=init,
        intercept_init=icpt, verbose=bool(est.verbose))
    coef = coefs[0].T
    est.dual_gap_ = float(gaps[0])
    est.n_iter_ = int(n_iters[0])
    if spec.layout is not None:
        est.groups_ = spec.layout.spec
        est.n_groups_ = spec.layout.spec.n_groups
        est.weights_ = spec.group_weights
        est.support_groups_ = _support_groups(spec.layout.spec, coef[0])
    return coef, intercepts[0]
