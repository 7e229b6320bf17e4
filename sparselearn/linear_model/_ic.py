"""Lasso and elastic net with alpha chosen by an information criterion.

The path is solved once (:func:`._path.enet_path`, warm starts and strong
rules); at each alpha the Gaussian criterion of scikit-learn's
``LassoLarsIC`` is evaluated::

    criterion = n * log(2 * pi * sigma2) + RSS / sigma2 + K * df

with ``K = 2`` (AIC) or ``log(n)`` (BIC), and the extended BIC of Chen and
Chen (2008) adds ``2 * gamma * log(binom(n_features, n_nonzero))``.  ``df``
is the number of non-zero coefficients for the lasso (Zou, Hastie and
Tibshirani, 2007) and the trace of the elastic net's hat matrix on the
active set otherwise.  Sample weights count as frequencies: ``n`` is their
sum and ``RSS`` their weighted sum of squared residuals, so integer weights
are the same as repeated rows.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from scipy.optimize import lsq_linear
from scipy.sparse.linalg import LinearOperator, lsqr
from scipy.special import gammaln
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.extmath import safe_sparse_dot
from sklearn.utils.validation import validate_data

from ._base import (check_bounds, check_feature_vector, check_predict_input, check_sample_weight,
                    make_design, make_target)
from ._path import enet_path

_CRITERIA = ("aic", "bic", "ebic")


def _design_operator(design, n: int, p: int) -> LinearOperator:
    """A sparse design (centered implicitly or not) as a float64 linear operator."""
    Xs = sp.csc_matrix((np.asarray(design[0], dtype=np.float64), design[1], design[2]),
                       shape=(n, p))
    if len(design) == 3:
        return LinearOperator((n, p), matvec=lambda b: Xs @ b, rmatvec=lambda r: Xs.T @ r,
                              dtype=np.float64)
    # column j is X_j - offset_j * v (glmnet's scalar-offset centering)
    offset = np.asarray(design[3], dtype=np.float64)
    v = np.asarray(design[4], dtype=np.float64)
    return LinearOperator((n, p), matvec=lambda b: Xs @ b - v * (offset @ b),
                          rmatvec=lambda r: Xs.T @ r - offset * (v @ r), dtype=np.float64)


def _ols_rss(design, yc: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    """Residual sum of squares of the least-squares fit of ``yc`` on the design.

    The design and ``yc`` are already centered and weighted; the fit keeps the
    estimator's bounds (scikit-learn's ``LassoLarsIC`` keeps ``positive``).
    Called only when ``n_samples > n_features``.
    """
    n, p = yc.shape[0], lower.shape[0]
    bounded = bool(np.any(np.isfinite(lower)) or np.any(np.isfinite(upper)))
    if isinstance(design, np.ndarray):
        A = np.asarray(design, dtype=np.float64)
        if bounded:
            # BVLS on the p x p triangle of a QR: the same minimizer, far cheaper
            Q, R = np.linalg.qr(A)
            coef = lsq_linear(R, Q.T @ yc, bounds=(lower, upper), method="bvls").x
        else:
            coef = np.linalg.lstsq(A, yc, rcond=None)[0]
        r = yc - A @ coef
    else:
        A = _design_operator(design, n, p)
        if bounded:
            coef = lsq_linear(A, yc, bounds=(lower, upper), lsmr_tol=1e-12,
                              max_iter=10_000).x
        else:
            coef = lsqr(A, yc, atol=1e-14, btol=1e-14, iter_lim=20 * p + 100)[0]
        r = yc - A.matvec(coef)
    return float(r @ r)


def _gram(design, n: int, cols: np.ndarray) -> np.ndarray:
    """``Z_U^T Z_U`` in float64 for the columns ``U = cols`` of the centered, weighted design.

    A sparse design stays sparse: the centering enters as a rank-two correction.
    """
    if isinstance(design, np.ndarray):
        Z = np.asarray(design[:, cols], dtype=np.float64)
        return Z.T @ Z
    Xs = sp.csc_matrix((np.asarray(design[0], dtype=np.float64), design[1], design[2]),
                       shape=(n, len(design[2]) - 1))[:, cols]
    G = (Xs.T @ Xs).toarray()
    if len(design) == 6:  # column j is X_j - offset_j * v
        o = np.asarray(design[3], dtype=np.float64)[cols]
        v = np.asarray(design[4], dtype=np.float64)
        t = Xs.T @ v
        G += (v @ v) * np.outer(o, o) - np.outer(t, o) - np.outer(o, t)
    return G


def _active_spectrum(G: np.ndarray, free: np.ndarray, pf: np.ndarray):
    """``(rank, s2)`` of an active set from its Gram matrix ``G = Z_A^T Z_A``.

    ``rank`` is that of the unpenalized columns ``Z_F`` (``free`` marks them)
    and ``s2`` the eigenvalues of ``D^{-1/2} Z_P^T (I - P_F) Z_P D^{-1/2}``,
    ``D = diag(pf_P)``: the penalized columns with ``Z_F`` projected out. For
    a ridge weight ``c`` the hat matrix's trace is ``rank + sum(s2 / (s2 + c))``.
    """
    pen = ~free
    scale = 1.0 / np.sqrt(pf[pen])
    M = G[np.ix_(pen, pen)] * np.outer(scale, scale)
    rank = 0
    if free.any():
        w, V = np.linalg.eigh(G[np.ix_(free, free)])
        keep = w > max(w[-1], 0.0) * G.shape[0] * np.finfo(float).eps
        rank = int(keep.sum())
        B = (G[np.ix_(pen, free)] * scale[:, None]) @ V[:, keep]
        M -= (B / w[keep]) @ B.T  # Schur complement: Z_F projected out
    return rank, np.clip(np.linalg.eigvalsh(M), 0.0, None)


def _degrees_of_freedom(design, n: int, coefs: np.ndarray, ridges: np.ndarray,
                        pf: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Degrees of freedom of the (weighted) elastic net along a path.

    At each point the active set ``A`` holds the non-zero coefficients
    strictly inside their bounds (one held at a bound does not move with
    ``y``). With no ridge term ``df = |A|``; otherwise it is Zou, Hastie and
    Tibshirani's ``trace(Z_A (Z_A^T Z_A + c * diag(pf_A))^{-1} Z_A^T)``, with
    ``c = sum(w) * alpha * (1 - l1_ratio)`` given in ``ridges`` (the
    objective divides the datafit by ``2 * sum(w)``), from the eigenvalues of
    the active Gram block.
    """
    active = (coefs != 0) & (coefs > lower[:, None]) & (coefs < upper[:, None])
    df = active.sum(axis=0).astype(np.float64)
    ridge = (ridges > 0) & (df > 0)
    if not ridge.any():
        return df
    # one Gram matrix over every column active somewhere along the path; each
    # point's block is cut from it (neighbouring points often share theirs).
    # Its eigenvalues carry errors ~eps * ||G||, so each term s2 / (s2 + c) is
    # off by at most ~eps * ||G|| / c: negligible unless the ridge is tiny, where
    # df tends to the count anyway. (An SVD of Z_A per point took 60x the path
    # itself on a sparse 20000 x 500 problem.)
    union = np.flatnonzero(active[:, ridge].any(axis=1))
    G = _gram(design, n, union)
    spectra = {}
    for k in np.flatnonzero(ridge):
        pos = np.flatnonzero(active[union, k])
        key = pos.tobytes()
        if key not in spectra:
            spectra[key] = _active_spectrum(G[np.ix_(pos, pos)], pf[union[pos]] == 0,
                                            pf[union[pos]])
        rank, s2 = spectra[key]
        df[k] = rank + np.sum(s2 / (s2 + ridges[k]))
    return df


class _BaseIC(RegressorMixin, BaseEstimator):
    """Shared fit/predict of :class:`LassoIC` and :class:`ElasticNetIC`."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def _l1_ratio(self) -> float:
        return 1.0

    def _check_params(self) -> float:
        if self.criterion not in _CRITERIA:
            raise ValueError(f"criterion must be one of {_CRITERIA}, got {self.criterion!r}.")
        nv = self.noise_variance
        if nv is not None and (not isinstance(nv, Real) or isinstance(nv, bool)
                               or not nv > 0 or not np.isfinite(nv)):
            raise ValueError(f"noise_variance must be None or a positive number, got {nv!r}.")
        g = self.ebic_gamma
        if not isinstance(g, Real) or isinstance(g, bool) or not 0 <= g < np.inf:
            raise ValueError(f"ebic_gamma must be a non-negative number, got {g!r}.")
        if not isinstance(self.eps, Real) or not self.eps > 0:
            raise ValueError(f"eps must be a positive number, got {self.eps!r}.")
        if (not isinstance(self.max_iter, Integral) or isinstance(self.max_iter, bool)
                or self.max_iter < 1):
            raise ValueError(f"max_iter must be a positive integer, got {self.max_iter!r}.")
        if not isinstance(self.tol, Real) or not self.tol >= 0:
            raise ValueError(f"tol must be a non-negative number, got {self.tol!r}.")
        return self._l1_ratio()

    def fit(self, X, y, sample_weight=None) -> _BaseIC:
        """Fit the path, evaluate the criterion at each alpha and keep the best.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; sparse input is never densified.
        y : array-like of shape (n_samples,)
            Target values.
        sample_weight : array-like of shape (n_samples,) or float, default=None
            Non-negative frequency weights: in the criterion ``n`` is their
            sum and ``RSS`` is weighted, so integer weights are the same as
            repeated rows (and, unlike the fit itself, scaling all the weights
            changes the criterion).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        l1_ratio = self._check_params()
        X, y = validate_data(self, X, y, accept_sparse=("csr", "csc", "coo"),
                             dtype=[np.float64, np.float32], y_numeric=True)
        n, p = X.shape
        sw = check_sample_weight(sample_weight, n, X.dtype)
        pf = check_feature_vector(self.penalty_factor, p, "penalty_factor", 1.0, nonneg=True)
        lower, upper = check_bounds(self.lower_bounds, self.upper_bounds, self.positive, p)
        S = n if sw is None else float(sw.sum())  # the criterion's n
        if self.noise_variance is None and not S > p + self.fit_intercept:
            # no unbiased estimate without residual degrees of freedom; the
            # residual variance of the path's own fits is badly biased down
            # when p >= n (Reid, Tibshirani and Friedman, 2016)
            raise ValueError(
                "The noise variance is estimated by least squares, which needs n_samples > "
                f"n_features + fit_intercept; got n_samples={S:g}, n_features={p}. Pass "
                "noise_variance (for instance the residual variance RSS / (n - df - 1) "
                "of a LassoCV fit).")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            alphas, coefs, gaps, n_iters, intercepts = enet_path(
                X, y, l1_ratio=l1_ratio, eps=self.eps, alphas=self.alphas,
                precompute=self.precompute, verbose=self.verbose, fit_intercept=self.fit_intercept,
                sample_weight=sw, penalty_factor=pf, lower_bounds=lower, upper_bounds=upper,
                tol=self.tol, max_iter=self.max_iter, selection=self.selection,
                random_state=self.random_state, return_n_iter=True, return_intercept=True)
        for msg in caught:  # pass on anything else as it came
            if not issubclass(msg.category, ConvergenceWarning):
                warnings.warn_explicit(msg.message, msg.category, msg.filename, msg.lineno)
        n_bad = sum(issubclass(w.category, ConvergenceWarning) for w in caught)
        if n_bad:  # one warning for the whole path
            warnings.warn(f"{n_bad} of the {len(alphas)} fits along the path did not converge; "
                          "increase max_iter or loosen tol.", ConvergenceWarning, stacklevel=2)

        w = np.ones(n) if sw is None else sw
        resid = (np.asarray(y, dtype=np.float64)[:, None] - intercepts.astype(np.float64)
                 - safe_sparse_dot(X, coefs.astype(np.float64), dense_output=True))
        rss = w @ resid ** 2
        # the centered, weighted design: for the ridge part of df and the OLS fit
        design, sqrt_sw = None, None
        if l1_ratio < 1 or self.noise_variance is None:
            design, _, sqrt_sw, _ = make_design(X, sw, self.fit_intercept)
        df = _degrees_of_freedom(design, n, coefs, S * alphas * (1.0 - l1_ratio), pf, lower,
                                 upper)
        n_nonzero = np.count_nonzero(coefs, axis=0)

        if self.noise_variance is not None:
            sigma2 = float(self.noise_variance)
        else:
            # scikit-learn's estimate: the unbiased residual variance of least squares
            yc = make_target(y, sw, sqrt_sw, self.fit_intercept, np.float64)[0][:, 0]
            sigma2 = _ols_rss(design, yc, lower, upper) / (S - p - self.fit_intercept)
        if not sigma2 > 0:
            raise ValueError(
                "The estimated noise variance is 0 (the data are fitted exactly); pass "
                "noise_variance.")

        factor = 2.0 if self.criterion == "aic" else np.log(S)
        crit = S * np.log(2 * np.pi * sigma2) + rss / sigma2 + factor * df
        if self.criterion == "ebic":
            # log binom(p, k), exact, for the k selected features among p
            crit += 2.0 * self.ebic_gamma * (gammaln(p + 1.0) - gammaln(n_nonzero + 1.0)
                                             - gammaln(p - n_nonzero + 1.0))
        best = int(np.argmin(crit))  # the largest alpha among ties

        self.alphas_ = alphas
        self.criterion_ = crit
        self.df_ = df
        self.noise_variance_ = sigma2
        self.coef_path_ = coefs
        self.intercept_path_ = intercepts
        self.alpha_ = float(alphas[best])
        self.coef_ = np.ascontiguousarray(coefs[:, best])
        self.intercept_ = intercepts[best]
        self.dual_gap_ = float(gaps[best])
        self.n_iter_ = int(n_iters[best])
        return self

    def predict(self, X) -> np.ndarray:
        """Predict with the coefficients at ``alpha_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predictions.
        """
        X = check_predict_input(self, X)
        return safe_sparse_dot(X, self.coef_, dense_output=True) + self.intercept_


_IC_PARAMS_DOC = """
    alphas : int or array-like, default=100
        Number of alphas of the log grid from ``alpha_max`` down to
        ``eps * alpha_max``, or the alphas themselves (solved and stored in
        decreasing order).
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the generated grid.
    fit_intercept : bool, default=True
        Whether to fit an unpenalized intercept (not counted in ``df``, as in
        scikit-learn; it shifts every criterion value by the same amount).
    precompute : bool or 'auto', default='auto'
        Gram form of the subproblems, as in :class:`ElasticNet`.
    max_iter : int, default=1000
        Maximum number of epochs per alpha.
    tol : float, default=1e-4
        Duality-gap tolerance per alpha, as in :class:`ElasticNet`.
    noise_variance : float, default=None
        The noise variance ``sigma2`` of the criterion. None estimates it as
        scikit-learn does: the residual variance of the least-squares fit
        (with the same bounds), ``RSS_ols / (n - n_features - fit_intercept)``;
        this needs ``n > n_features + fit_intercept`` and raises a
        ``ValueError`` otherwise (pass an estimate then).
    ebic_gamma : float, default=0.5
        The ``gamma`` of the extended BIC (``criterion='ebic'``), usually in
        [0, 1]; 0 gives the BIC.
    positive : bool, default=False
        Non-negative coefficients.
    penalty_factor : array-like of shape (n_features,), default=None
        Per-feature penalty factors (0: unpenalized).
    lower_bounds, upper_bounds : float or array-like of shape (n_features,), default=None
        Box constraints on the coefficients.
    copy_X : bool, default=True
        Accepted for compatibility; ``X`` is never modified.
    verbose : bool or int, default=False
        Print one line per alpha of the path.
    selection : {'cyclic', 'random'}, default='cyclic'
        Coordinate order, as in scikit-learn.
    random_state : int, RandomState instance or None, default=None
        Seed for ``selection='random'``."""

_IC_ATTRS_DOC = """
    alpha_ : float
        The alpha minimizing the criterion (the largest one if tied).
    alphas_ : ndarray of shape (n_alphas,)
        The alphas of the path, decreasing.
    criterion_ : ndarray of shape (n_alphas,)
        The criterion at each alpha.
    df_ : ndarray of shape (n_alphas,)
        Degrees of freedom at each alpha.
    noise_variance_ : float
        The noise variance used in the criterion (given or estimated).
    coef_ : ndarray of shape (n_features,)
        Coefficients at ``alpha_``.
    intercept_ : float
        Intercept at ``alpha_``.
    coef_path_ : ndarray of shape (n_features, n_alphas)
        Coefficients along the path.
    intercept_path_ : ndarray of shape (n_alphas,)
        Intercepts along the path.
    dual_gap_ : float
        Duality gap at ``alpha_``.
    n_iter_ : int
        Epochs of the solve at ``alpha_``.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during fit, when ``X`` has string column names."""

_IC_NOTES_DOC = """
    With ``n`` the sum of the sample weights (the number of samples without
    weights), ``RSS`` the weighted residual sum of squares on the training
    data and ``sigma2`` the noise variance, the criterion at each alpha is
    scikit-learn's ``LassoLarsIC`` one::

        n * log(2 * pi * sigma2) + RSS / sigma2 + K * df

    with ``K = 2`` for ``'aic'`` and ``K = log(n)`` for ``'bic'``;
    ``'ebic'`` is the BIC plus Chen and Chen's model-size term [2]_
    ``2 * ebic_gamma * log(binom(n_features, k))`` computed exactly (through
    ``gammaln``) for the number ``k`` of non-zero coefficients, not the
    approximation ``k * log(n_features)``. ``df`` follows Zou, Hastie and
    Tibshirani [1]_; the intercept is not counted, as in scikit-learn.
    Sample weights are frequencies: integer weights give the criterion of
    the repeated rows.

    When ``n <= n_features + fit_intercept`` (for instance ``p >> n``) the
    least-squares estimate of ``sigma2`` does not exist and
    ``noise_variance`` must be given; the residual variance of the lasso
    chosen by cross-validation, ``RSS / (n - n_nonzero - 1)``, is a good
    one [3]_ (the residual variance of the path's own least-regularized fits
    is biased far down and drives the criteria to near-saturated models).

    References
    ----------
    .. [1] H. Zou, T. Hastie and R. Tibshirani, "On the degrees of freedom of
       the lasso", The Annals of Statistics 35(5), 2007.
    .. [2] J. Chen and Z. Chen, "Extended Bayesian information criteria for
       model selection with large model spaces", Biometrika 95(3), 2008.
    .. [3] S. Reid, R. Tibshirani and J. Friedman, "A study of error variance
       estimation in lasso regression", Statistica Sinica 26, 2016."""


class LassoIC(_BaseIC):
    __doc__ = f"""Lasso with alpha chosen by AIC, BIC or extended BIC along the path.

    The lasso path (:func:`lasso_path`, coordinate descent with warm starts)
    is solved on a grid of alphas and the alpha minimizing the information
    criterion is kept. The counterpart of scikit-learn's ``LassoLarsIC``
    (same criterion, noise-variance estimate and attributes), on a
    coordinate-descent path instead of LARS, with dense or sparse ``X``,
    sample weights, penalty factors and bounds. The degrees of freedom are
    the number of non-zero coefficients (Zou, Hastie and Tibshirani, 2007),
    leaving out those held at a non-zero bound.

    Parameters
    ----------
    criterion : {{'aic', 'bic', 'ebic'}}, default='aic'
        The information criterion.{_IC_PARAMS_DOC}

    Attributes
    ----------{_IC_ATTRS_DOC}

    See Also
    --------
    ElasticNetIC : the same with an L2 term.
    LassoCV : alpha chosen by cross-validation.

    Notes
    -----{_IC_NOTES_DOC}

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import LassoIC
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(60, 8)
    >>> y = X[:, 0] - 2 * X[:, 1] + 0.5 * rng.randn(60)
    >>> model = LassoIC(criterion="bic").fit(X, y)
    >>> bool(model.alpha_ == model.alphas_[np.argmin(model.criterion_)])
    True
    >>> np.flatnonzero(model.coef_).tolist()
    [0, 1]
    """

    def __init__(self, criterion="aic", *, alphas=100, eps=1e-3, fit_intercept=True,
                 precompute="auto", max_iter=1000, tol=1e-4, noise_variance=None,
                 ebic_gamma=0.5, positive=False, penalty_factor=None, lower_bounds=None,
                 upper_bounds=None, copy_X=True, verbose=False, selection="cyclic",
                 random_state=None):
        self.criterion = criterion
        self.alphas = alphas
        self.eps = eps
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.noise_variance = noise_variance
        self.ebic_gamma = ebic_gamma
        self.positive = positive
        self.penalty_factor = penalty_factor
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds
        self.copy_X = copy_X
        self.verbose = verbose
        self.selection = selection
        self.random_state = random_state


class ElasticNetIC(_BaseIC):
    __doc__ = f"""Elastic net with alpha chosen by AIC, BIC or extended BIC along the path.

    Like :class:`LassoIC` for a fixed ``l1_ratio``, with the elastic net's
    degrees of freedom (Zou, Hastie and Tibshirani, 2007): on the active set
    ``A`` (non-zero coefficients strictly inside their bounds)::

        df = trace(Z_A (Z_A^T Z_A + n * alpha * (1 - l1_ratio) * diag(pf_A))^-1 Z_A^T)

    where ``Z`` is the design centered (with an intercept) and weighted by
    the square roots of the sample weights, ``n`` the sum of the weights and
    ``pf`` the penalty factors (the factor ``n`` comes from the ``1 / (2n)``
    of the objective). It is computed from the eigenvalues of the Gram block
    of the active columns, formed sparsely for a sparse ``X``. The ridge term
    makes ``df`` smaller than the number of non-zero coefficients; with
    ``l1_ratio=1`` it is that number.

    Parameters
    ----------
    criterion : {{'aic', 'bic', 'ebic'}}, default='aic'
        The information criterion.
    l1_ratio : float, default=0.5
        Elastic-net mixing parameter in (0, 1]; 1 is the lasso.{_IC_PARAMS_DOC}

    Attributes
    ----------{_IC_ATTRS_DOC}

    See Also
    --------
    LassoIC : ``l1_ratio=1``.
    ElasticNetCV : alpha and l1_ratio chosen by cross-validation.

    Notes
    -----{_IC_NOTES_DOC}

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import ElasticNetIC
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(60, 8)
    >>> y = X[:, 0] - 2 * X[:, 1] + 0.5 * rng.randn(60)
    >>> model = ElasticNetIC(criterion="aic", l1_ratio=0.5).fit(X, y)
    >>> bool(np.all(model.df_ <= np.count_nonzero(model.coef_path_, axis=0)))
    True
    >>> np.flatnonzero(np.abs(model.coef_) > 0.5).tolist()
    [0, 1]
    """

    def __init__(self, criterion="aic", *, l1_ratio=0.5, alphas=100, eps=1e-3,
                 fit_intercept=True, precompute="auto", max_iter=1000, tol=1e-4,
                 noise_variance=None, ebic_gamma=0.5, positive=False, penalty_factor=None,
                 lower_bounds=None, upper_bounds=None, copy_X=True, verbose=False,
                 selection="cyclic", random_state=None):
        self.criterion = criterion
        self.l1_ratio = l1_ratio
        self.alphas = alphas
        self.eps = eps
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.noise_variance = noise_variance
        self.ebic_gamma = ebic_gamma
        self.positive = positive
        self.penalty_factor = penalty_factor
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds
        self.copy_X = copy_X
        self.verbose = verbose
        self.selection = selection
        self.random_state = random_state

    def _l1_ratio(self) -> float:
        r = self.l1_ratio
        if not isinstance(r, Real) or isinstance(r, bool) or not 0 < r <= 1:
            raise ValueError(f"l1_ratio must be a number in (0, 1], got {r!r}.")
        return float(r)
