"""Stability selection: features that a sparse model selects on most subsamples.

Meinshausen and Bühlmann (2010) fit a sparse estimator along a grid of
penalties on many random subsamples of half the rows and keep the features
whose selection frequency exceeds a threshold ``pi_thr > 1/2`` somewhere in a
region ``Lambda`` of the grid.  If ``q`` is the expected number of features
that one subsample selects in the union over ``Lambda``, and ``p`` the number
of candidate features, the expected number of false selections obeys::

    E[V] <= q^2 / ((2 pi_thr - 1) p)

provided the noise features are selected exchangeably and the base estimator
is not worse than random guessing.  Shah and Samworth (2013) draw the
subsamples as complementary pairs of disjoint halves (CPSS); then the same
right-hand side bounds, with no assumption, the expected number of selected
features whose selection probability on a half-sample is at most ``q / p``,
and a tighter bound holds when the selection frequencies are unimodal.

The work is one warm-started path over the whole alpha grid per subsample
(never one fit per alpha), through the public path functions of
:mod:`sparselearn.linear_model`; subsamples run in parallel threads.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, is_classifier
from sklearn.feature_selection import SelectorMixin
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from ..linear_model import (ElasticNet, GroupLasso, Lasso, SparseGroupLasso,
                            SparseLogisticRegression, check_groups, group_weights)
from ._paths import estimator_alpha_max, estimator_path

__all__ = ["StabilitySelection"]

# With neither ``threshold`` nor ``q`` given, the region of the path is the
# longest prefix of the grid whose PFER bound is met at a threshold of at most
# this value: Meinshausen and Bühlmann report that results hardly change for
# thresholds in [0.6, 0.9], and a higher one makes the rule too strict to use.
_MAX_AUTO_THRESHOLD = 0.9
_METHODS = ("mb", "cpss")
_ASSUMPTIONS = ("none", "unimodal")


# ------------------------------------------------------------------ error bounds
def _pfer_bound(q: float, p: int, threshold: float, assumption: str, n_pairs: int) -> float:
    """Upper bound on the expected number of false selections (``inf`` when none applies).

    ``threshold`` is the effective one (a multiple of 1 / n_subsamples).
    """
    if p == 0 or q <= 0:
        return 0.0
    if not threshold > 0.5:
        return np.inf
    bound = q * q / ((2.0 * threshold - 1.0) * p)
    if assumption == "unimodal":
        # Shah and Samworth (2013), Theorem 2 (the constant of stabs' um_const):
        # thresholds on the grid 1/2 + k / (2B), k >= 2, and theta = q / p <= 1 / sqrt(3)
        B, theta = n_pairs, q / p
        tiny = 1e-12
        if theta <= 1.0 / np.sqrt(3.0) and threshold >= 0.5 + 1.0 / B - tiny:
            if threshold <= 0.75:
                if threshold > 0.5 + min(theta ** 2, 0.5 / B + 0.75 * theta ** 2):
                    c = 1.0 / (2.0 * (2.0 * threshold - 1.0 - 0.5 / B))
                    bound = min(bound, c * q * q / p)
            else:
                c = 4.0 * (1.0 - threshold + 0.5 / B) / (1.0 + 1.0 / B)
                bound = min(bound, c * q * q / p)
    return float(bound)


def _effective(threshold: float, n_draws: int) -> float:
    """The smallest selection frequency ``k / n_draws`` that reaches ``threshold``."""
    return float(np.ceil(threshold * n_draws - 1e-9)) / n_draws


def _smallest_threshold(q, p, pfer, assumption, n_pairs, n_draws, cap=1.0):
    """Smallest frequency ``k / n_draws > 1/2`` (at most ``cap``) whose bound is <= pfer."""
    for k in range(n_draws // 2 + 1, n_draws + 1):
        tau = k / n_draws
        if tau > cap + 1e-12:
            break
        if _pfer_bound(q, p, tau, assumption, n_pairs) <= pfer:
            return tau
    return None


def _prefix(ok) -> int:
    """Length of the longest prefix of True values."""
    ok = np.asarray(ok, dtype=bool)
    return int(ok.size if ok.all() else np.argmin(ok))


# ------------------------------------------------------------------ subsampling
def _task_draws(seed, strata, sizes, method, weakness, n_units):
    """Rows and random penalty weights of the subsamples of one task.

    A task is one subsample (``'mb'``) or one complementary pair (``'cpss'``),
    drawn within each stratum (a class, or all rows for regression), so the
    draws depend on the task's seed only, never on how tasks are scheduled.
    Returns a list of ``(rows, w)`` with ``w`` the weights ``W`` in
    ``[weakness, 1]`` of each selection unit (None when ``weakness == 1``).
    """
    rng = np.random.RandomState(seed)
    halves = 2 if method == "cpss" else 1
    parts = [[] for _ in range(halves)]
    for rows, m in zip(strata, sizes):
        perm = rng.permutation(rows)
        for h in range(halves):
            parts[h].append(perm[h * m:(h + 1) * m])
    draws = []
    for h in range(halves):
        w = None if weakness == 1.0 else rng.uniform(weakness, 1.0, size=n_units)
        draws.append((np.sort(np.concatenate(parts[h])), w))
    return draws


# ------------------------------------------------------------------ the base estimator
class _Base:
    """The base estimator's problem: its path function, penalty and selection units.

    A *unit* is what is selected or not: a feature, or a group of features for
    the group estimators; unpenalized units are always in the model and are
    left out of the error bound.
    """

    def __init__(self, estimator, X, y, sample_weight, feature_names):
        n, p = X.shape
        self.X, self.y, self.sw = X, y, sample_weight
        self.feature_names = feature_names
        est = estimator
        self.fit_intercept = bool(est.fit_intercept)
        self.spec = None
        if isinstance(est, SparseLogisticRegression):
            self.kind = "logistic"
            self.l1_ratio = float(est.l1_ratio)
            if est.groups is not None:
                self.spec = check_groups(est.groups, p, feature_names)
        elif isinstance(est, SparseGroupLasso):
            self.kind = "group"
            self.l1_ratio = 0.0 if isinstance(est, GroupLasso) else float(est.l1_ratio)
            self.spec = check_groups(est.groups, p, feature_names)
        elif isinstance(est, ElasticNet):
            self.kind = "enet"
            self.l1_ratio = float(est.l1_ratio)
        else:
            raise TypeError(
                "estimator must be a Lasso, ElasticNet, GroupLasso, SparseGroupLasso or "
                f"SparseLogisticRegression (or None for Lasso()), got {type(est).__name__}.")
        self.estimator = est
        self.tol, self.max_iter = est.tol, est.max_iter
        pf = getattr(est, "penalty_factor", None)
        pf = np.ones(p) if pf is None else np.asarray(pf, dtype=np.float64)
        if pf.ndim == 0:
            pf = np.full(p, float(pf))
        if pf.shape != (p,):
            raise ValueError(f"the estimator's penalty_factor must be a scalar or have shape "
                             f"({p},), got {pf.shape}.")
        self.pf = pf
        if self.spec is None:
            self.unit_of = np.arange(p)
            self.order = self.ptr = None
            self.n_units = p
            self.penalized = pf > 0
            self.gweights = None
        else:
            spec = self.spec
            G, free = spec.n_groups, spec.unpenalized
            self.gweights = group_weights(spec, est.weights)
            self.unit_of = spec.labels.copy()
            self.unit_of[free] = G + np.arange(free.size)
            # features sorted by unit: the groups' members, then the free columns
            self.order = spec.order()
            self.ptr = np.concatenate((spec.ptr(), spec.ptr()[-1] + np.arange(1, free.size + 1)))
            self.n_units = G + free.size
            l1 = self.l1_ratio
            self.penalized = np.zeros(self.n_units, dtype=bool)
            for g, members in enumerate(spec.members):
                l1_part = l1 > 0 and (self.kind == "group" or np.any(pf[members] > 0))
                self.penalized[g] = (1.0 - l1) * self.gweights[g] > 0 or l1_part
        self.classes = np.unique(y) if self.kind == "logistic" else None

    def alpha_max(self) -> float:
        return estimator_alpha_max(self.estimator, self.X, self.y, sample_weight=self.sw,
                                   feature_names=self.feature_names)

    def path_selection(self, rows, w, grid) -> np.ndarray:
        """Non-zero pattern (n_units, n_alphas) of the path on the subsample ``rows``.

        ``w`` (per unit, in ``[weakness, 1]``) divides the penalty of each unit:
        the randomized lasso's ``alpha * sum_k |beta_k| / W_k``. The group
        lasso path has no per-feature L1 factors: there W scales the group
        norms only.
        """
        X, y = self.X[rows], self.y[rows]
        sw = None if self.sw is None else self.sw[rows]
        scale = None if w is None else 1.0 / w
        extra = {} if self.classes is None else {"classes": self.classes}
        _, coefs = estimator_path(
            self.estimator, X, y, alphas=grid, sample_weight=sw,
            feature_scale=None if scale is None else scale[self.unit_of],
            group_scale=None if scale is None or self.spec is None
            else scale[:self.spec.n_groups],
            feature_names=self.feature_names, **extra)
        sel = np.any(coefs != 0, axis=1).T  # (n_features, n_alphas): any class or task
        if self.order is not None:
            sel = np.logical_or.reduceat(sel[self.order], self.ptr[:-1], axis=0)
        return sel


def _fit_task(base, seed, strata, sizes, method, weakness, grid):
    """Selections of one task: per subsample, the units ever selected and their pattern."""
    out = []
    for rows, w in _task_draws(seed, strata, sizes, method, weakness, base.n_units):
        sel = base.path_selection(rows, w, grid)
        idx = np.flatnonzero(sel.any(axis=1))
        out.append((idx, sel[idx]))
    return out


# ------------------------------------------------------------------ the selector
class StabilitySelection(SelectorMixin, BaseEstimator):
    """Stability selection with a sparse linear model (Meinshausen–Bühlmann, Shah–Samworth).

    Fits the ``estimator``'s regularization path, warm-started along one alpha
    grid, on ``n_subsamples`` random subsamples of the rows and records, for
    every feature and alpha, the fraction of subsamples in which the feature
    has a non-zero coefficient (its *stability path*). A feature is selected
    when its largest frequency over a region ``alphas_ >= alpha_min_`` of the
    grid reaches ``threshold_``; the region and the threshold are set so that
    a bound on the expected number of false selections (the per-family error
    rate, PFER) is at most ``pfer``.

    **The bound.** Let ``p`` be the number of penalized candidates (features;
    groups for a group estimator) and ``q`` the expected number of them that
    one subsample selects at some alpha of the region (estimated by the mean
    over the subsamples, ``q_``). For a threshold ``pi > 1/2``::

        E[V] <= q^2 / ((2 pi - 1) p)

    With ``method='mb'`` (Meinshausen and Bühlmann 2010, Theorem 1) ``V`` is
    the number of selected noise features, and the bound assumes that noise
    features are selected exchangeably and that the base estimator is not
    worse than random guessing; it is derived for subsamples of half the rows.
    With ``method='cpss'`` (complementary pairs, Shah and Samworth 2013,
    Theorem 1) it holds with no assumption for ``V`` the number of selected
    features whose probability of being selected on a half-sample is at most
    ``q / p``, which includes every noise feature under the assumptions
    above. With ``assumption='unimodal'`` (CPSS only) the bound is Shah and
    Samworth's Theorem 2 for unimodal selection frequencies, much tighter for
    high thresholds: ``C(pi, B) q^2 / p`` with ``B = n_subsamples`` pairs and
    ``C = 1 / (2 (2 pi - 1 - 1/(2B)))`` for ``pi <= 3/4``,
    ``C = 4 (1 - pi + 1/(2B)) / (1 + 1/B)`` above (valid for ``q / p <= 1/sqrt(3)``
    and ``pi`` on the grid ``1/2 + k/(2B)``, ``k >= 2``, above
    ``1/2 + min((q/p)^2, 1/(2B) + 3/4 (q/p)^2)``; elsewhere the worst-case bound
    is used). Because selection frequencies are multiples of ``1 / N`` (``N``
    the number of fitted subsamples), a threshold acts as the next multiple,
    and the bound is evaluated there.

    **The region and the threshold.** ``q`` grows as the region extends to
    smaller alphas, so the region is always a prefix of the decreasing grid:

    - ``threshold`` and ``q`` both None (default): the longest prefix whose
      bound can be met at a threshold of at most 0.9 (or at the smallest
      multiple of ``1 / N`` above 1/2, for ``N < 10``), and the smallest
      threshold (a multiple of ``1 / N``) that meets it;
    - ``threshold`` given: the longest prefix whose bound at that threshold is
      at most ``pfer``;
    - ``q`` given: the longest prefix whose estimated ``q_`` is at most ``q``,
      and (if ``threshold`` is None) the smallest threshold meeting ``pfer``
      (1.0, with a warning, if none does);
    - both given: ``pfer`` is not used; ``pfer_bound_`` reports the bound.

    If no prefix qualifies, nothing is selected (with a warning).

    **Randomized lasso.** With ``weakness < 1`` every subsample also draws a
    weight ``W_k`` uniformly in ``[weakness, 1]`` per feature (per group for
    group estimators) and divides that feature's penalty by it, Meinshausen
    and Bühlmann's ``alpha * sum_k |beta_k| / W_k``, through the path
    functions' ``penalty_factor`` (group ``weights``); ``X`` is never
    rescaled. For :class:`~sparselearn.linear_model.SparseGroupLasso` only the
    group-norm term is randomized (its path has no per-feature L1 factors).

    Parameters
    ----------
    estimator : estimator, default=None
        An unfitted :class:`~sparselearn.linear_model.Lasso` (the default),
        :class:`~sparselearn.linear_model.ElasticNet`,
        :class:`~sparselearn.linear_model.GroupLasso`,
        :class:`~sparselearn.linear_model.SparseGroupLasso` or
        :class:`~sparselearn.linear_model.SparseLogisticRegression`. Its
        parameters define the path (``l1_ratio``, ``fit_intercept``,
        ``penalty_factor``, ``groups``, group ``weights``, bounds,
        ``class_weight``, ``tol``, ``max_iter``); ``alpha`` is ignored.
        Features with a zero penalty (``penalty_factor`` 0, columns in no
        group) are always kept and are not candidates. Group estimators
        select whole groups.
    alphas : int or array-like, default=100
        Number of alphas on a log grid from ``alpha_max`` of the full data
        down to ``eps * alpha_max``, or the grid itself (sorted decreasing).
    eps : float, default=1e-2
        ``alpha_min / alpha_max`` of a generated grid (glmnet's default when
        ``n < p``). The error bound favours the top of the path: deep into
        it, every feature that enters and leaves a saturated path (``p > n``)
        raises ``q`` and hence the threshold.
    n_subsamples : int, default=100
        Number of subsamples (``'mb'``) or of complementary pairs
        (``'cpss'``, which fits twice as many paths).
    sample_fraction : float, default=0.5
        Size of a subsample as a fraction of the rows, in (0, 1); at most 0.5
        for ``'cpss'``. The bounds are derived for 0.5. With a classifier the
        subsamples are stratified: this fraction of every class.
    method : {'mb', 'cpss'}, default='mb'
        Independent subsamples without replacement (Meinshausen and
        Bühlmann), or complementary pairs of disjoint subsamples (Shah and
        Samworth).
    weakness : float, default=1.0
        Lower end of the random penalty weights of the randomized lasso, in
        (0, 1]; 1 is plain subsampling.
    threshold : float, default=None
        Selection-frequency threshold in (0.5, 1]; None chooses it from
        ``pfer``.
    pfer : float, default=1.0
        Target bound on the expected number of false selections, > 0.
    q : float, default=None
        Largest allowed expected number of candidates selected per subsample
        over the region; None lets ``pfer`` and ``threshold`` set the region.
    assumption : {'none', 'unimodal'}, default='none'
        Which bound: the worst-case one, or Shah and Samworth's under
        unimodality (``method='cpss'`` only).
    n_jobs : int, default=None
        Subsamples run in parallel with :class:`joblib.Parallel`, in threads
        by default (the solvers release the GIL); any backend set with
        :func:`joblib.parallel_config` works. Results do not depend on it.
        On small problems a path is mostly Python work between short
        compiled calls, and threads contend for the GIL: on riboflavin
        (71 x 4088, 100 subsamples) one job took 1.7 s, two threads 2.0 to
        2.5 s and two ``loky`` processes 1.0 to 1.15 s (once started). Use
        ``joblib.parallel_config(backend="loky")`` there.
    random_state : int, RandomState instance or None, default=None
        Draws the subsamples and the random weights.

    Attributes
    ----------
    alphas_ : ndarray of shape (n_alphas,)
        The grid, decreasing.
    stability_scores_ : ndarray of shape (n_features, n_alphas)
        Selection frequency of each feature at each alpha (for a group
        estimator, its group's frequency).
    group_stability_scores_ : ndarray of shape (n_groups, n_alphas)
        Selection frequency of each group (group estimators only).
    scores_ : ndarray of shape (n_features,)
        Largest frequency over the region: what ``threshold_`` is applied to.
    q_path_ : ndarray of shape (n_alphas,)
        ``q_path_[k]``: mean number of candidates selected at some alpha in
        ``alphas_[:k + 1]``, per subsample.
    q_ : float
        ``q_path_`` at the end of the region (0 when it is empty).
    alpha_min_ : float
        The smallest alpha of the region (``inf`` when it is empty).
    threshold_ : float
        The threshold used.
    pfer_bound_ : float
        The bound on the expected number of false selections at
        ``threshold_`` and ``q_``.
    support_ : ndarray of shape (n_features,) of bool
        The selected features (and the unpenalized ones).
    groups_ : GroupSpec
        The groups (group estimators only).
    support_groups_ : ndarray of int
        Indices of the selected groups (group estimators only).
    n_subsamples_ : int
        Number of paths fitted (``2 * n_subsamples`` for ``'cpss'``).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features, when ``X`` has string column names.

    See Also
    --------
    sparselearn.linear_model.lasso_path : the path fitted on each subsample.

    References
    ----------
    N. Meinshausen and P. Bühlmann (2010), Stability selection, JRSS B 72(4).
    R. D. Shah and R. J. Samworth (2013), Variable selection with error
    control: another look at stability selection, JRSS B 75(1).

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.feature_selection import StabilitySelection
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 20))
    >>> y = 2 * X[:, 0] - 3 * X[:, 1] + rng.standard_normal(100)
    >>> sel = StabilitySelection(n_subsamples=20, alphas=20, random_state=0).fit(X, y)
    >>> sel.get_support(indices=True)
    array([0, 1])
    >>> sel.transform(X).shape
    (100, 2)
    >>> bool(sel.pfer_bound_ <= 1.0), sel.stability_scores_.shape
    (True, (20, 20))
    """

    def __init__(self, estimator=None, *, alphas=100, eps=1e-2, n_subsamples=100,
                 sample_fraction=0.5, method="mb", weakness=1.0, threshold=None, pfer=1.0,
                 q=None, assumption="none", n_jobs=None, random_state=None):
        self.estimator = estimator
        self.alphas = alphas
        self.eps = eps
        self.n_subsamples = n_subsamples
        self.sample_fraction = sample_fraction
        self.method = method
        self.weakness = weakness
        self.threshold = threshold
        self.pfer = pfer
        self.q = q
        self.assumption = assumption
        self.n_jobs = n_jobs
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.required = True
        return tags

    # -------------------------------------------------------------- validation
    def _check_params(self):
        def real(value):
            return isinstance(value, Real) and not isinstance(value, (bool, np.bool_))

        if self.method not in _METHODS:
            raise ValueError(f"method must be 'mb' or 'cpss', got {self.method!r}.")
        if self.assumption not in _ASSUMPTIONS:
            raise ValueError(f"assumption must be 'none' or 'unimodal', got "
                             f"{self.assumption!r}.")
        if self.assumption == "unimodal" and self.method != "cpss":
            raise ValueError("assumption='unimodal' needs method='cpss' (Shah and Samworth's "
                             "bound is for complementary pairs).")
        n_sub = self.n_subsamples
        if not isinstance(n_sub, Integral) or isinstance(n_sub, (bool, np.bool_)) or n_sub < 1:
            raise ValueError(f"n_subsamples must be an integer >= 1, got {n_sub!r}.")
        frac = self.sample_fraction
        if not (real(frac) and 0 < frac < 1):
            raise ValueError(f"sample_fraction must be in (0, 1), got {frac!r}.")
        if self.method == "cpss" and frac > 0.5:
            raise ValueError(f"sample_fraction must be at most 0.5 with method='cpss' (the two "
                             f"subsamples of a pair are disjoint), got {frac!r}.")
        if not (real(self.weakness) and 0 < self.weakness <= 1):
            raise ValueError(f"weakness must be in (0, 1], got {self.weakness!r}.")
        if self.threshold is not None and not (real(self.threshold)
                                               and 0.5 < self.threshold <= 1):
            raise ValueError(f"threshold must be None or in (0.5, 1], got {self.threshold!r}.")
        if not (real(self.pfer) and self.pfer > 0):
            raise ValueError(f"pfer must be a positive number, got {self.pfer!r}.")
        if self.q is not None and not (real(self.q) and self.q > 0):
            raise ValueError(f"q must be None or a positive number, got {self.q!r}.")
        if not (real(self.eps) and self.eps > 0):
            raise ValueError(f"eps must be positive, got {self.eps!r}.")

    def _grid(self, base) -> np.ndarray:
        alphas = self.alphas
        if isinstance(alphas, Integral) and not isinstance(alphas, (bool, np.bool_)):
            if alphas < 1:
                raise ValueError(f"alphas must be a positive integer or an array, got {alphas}.")
            if base.l1_ratio == 0 and base.kind == "enet":
                raise ValueError("alphas must be given as an array when l1_ratio=0 (alpha_max "
                                 "is not defined).")
            amax = base.alpha_max()
            if not amax > 0:  # e.g. a constant target: every alpha selects nothing
                return np.full(alphas, np.finfo(np.float64).resolution)
            return np.geomspace(amax, amax * self.eps, num=alphas)
        if isinstance(alphas, (str, bytes, bool, np.bool_)) or alphas is None:
            raise ValueError(f"alphas must be a positive integer or an array, got {alphas!r}.")
        grid = check_array(alphas, ensure_2d=False, dtype=np.float64, input_name="alphas")
        if grid.ndim != 1 or grid.size == 0 or np.any(grid < 0):
            raise ValueError("alphas must be a non-empty 1-D array of non-negative values.")
        return np.sort(grid)[::-1].copy()

    def _strata(self, y, classifier):
        n = y.shape[0]
        frac = self.sample_fraction
        if classifier:
            _, codes = np.unique(y, return_inverse=True)
            strata = [np.flatnonzero(codes == c) for c in range(codes.max() + 1)]
        else:
            strata = [np.arange(n)]
        sizes = [int(np.floor(frac * s.size)) for s in strata]
        if self.method == "mb" and classifier:
            sizes = [max(1, m) for m in sizes]  # every class in every subsample
        if min(sizes) < 1:
            what = "every class" if classifier else "the data"
            raise ValueError(
                f"sample_fraction={frac!r} gives empty subsamples of {what}: with "
                f"n_samples = {n}, each subsample needs at least one row"
                + (" of each class (method='cpss' needs two per class)." if classifier
                   else "."))
        return strata, sizes

    # -------------------------------------------------------------- fit
    def fit(self, X, y, sample_weight=None):
        """Fit the stability path and select the stable features.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; float32 is kept as float32, sparse input is never
            densified.
        y : array-like of shape (n_samples,)
            Target values (class labels for a classifier).
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights, passed (restricted to each subsample) to the
            path function.

        Returns
        -------
        self : object
            The fitted selector.
        """
        self._check_params()
        estimator = Lasso() if self.estimator is None else self.estimator
        classifier = is_classifier(estimator)
        X, y = validate_data(self, X, y, accept_sparse=("csr", "csc", "coo"),
                             dtype=[np.float64, np.float32], y_numeric=not classifier,
                             ensure_min_samples=2)
        if y.ndim != 1:
            raise ValueError(f"y must be 1-D, got shape {y.shape}.")
        if classifier:
            check_classification_targets(y)
        if sp.issparse(X):
            X = X.tocsr()  # cheap row subsets
        sw = None
        if sample_weight is not None:
            sw = check_array(sample_weight, ensure_2d=False, dtype=np.float64,
                             input_name="sample_weight")
            if sw.shape != (X.shape[0],):
                raise ValueError(f"sample_weight must have shape ({X.shape[0]},), got "
                                 f"{sw.shape}.")
        base = _Base(estimator, X, y, sw, getattr(self, "feature_names_in_", None))
        strata, sizes = self._strata(y, classifier)
        grid = self._grid(base)
        n_tasks = self.n_subsamples
        seeds = check_random_state(self.random_state).randint(
            np.iinfo(np.int32).max, size=n_tasks)
        tasks = (delayed(_fit_task)(base, int(s), strata, sizes, self.method,
                                    float(self.weakness), grid) for s in seeds)
        K = grid.size
        counts = np.zeros((base.n_units, K), dtype=np.int64)
        first_hist = np.zeros(K, dtype=np.int64)
        n_draws = 0
        # results are consumed in task order as they arrive, never all held at once
        for out in Parallel(n_jobs=self.n_jobs, prefer="threads", return_as="generator")(tasks):
            for idx, sel in out:
                counts[idx] += sel
                pen = sel[base.penalized[idx]]
                if pen.shape[0]:
                    first_hist += np.bincount(np.argmax(pen, axis=1), minlength=K)
                n_draws += 1
        self._set_selection(base, grid, counts, first_hist, n_draws)
        return self

    def _set_selection(self, base, grid, counts, first_hist, n_draws):
        n_pairs = self.n_subsamples
        unit_scores = counts / n_draws
        q_path = np.cumsum(first_hist) / n_draws
        p = int(base.penalized.sum())
        pfer, q, threshold, assumption = self.pfer, self.q, self.threshold, self.assumption
        warn = None
        if threshold is not None:
            tau = _effective(threshold, n_draws)
            ok = (q_path <= q if q is not None else
                  [_pfer_bound(qk, p, tau, assumption, n_pairs) <= pfer for qk in q_path])
            n_region = _prefix(ok)
            threshold_ = float(threshold)
            rule = f"q={q}" if q is not None else f"pfer={pfer} at threshold={threshold}"
        else:
            if q is not None:
                n_region = _prefix(q_path <= q)
                rule = f"q={q}"
            else:
                # with few subsamples the frequency grid may have no value in (0.5, 0.9]
                cap = max(_MAX_AUTO_THRESHOLD, (n_draws // 2 + 1) / n_draws)
                n_region = _prefix([
                    _smallest_threshold(qk, p, pfer, assumption, n_pairs, n_draws, cap)
                    is not None for qk in q_path])
                rule = f"pfer={pfer} at a threshold <= {cap:.3g}"
            qr = q_path[n_region - 1] if n_region else 0.0
            tau = _smallest_threshold(qr, p, pfer, assumption, n_pairs, n_draws)
            if tau is None:
                tau = 1.0
                warn = (f"no threshold <= 1 meets pfer={pfer} with q_={qr:.3g} out of {p} "
                        f"candidates; using threshold 1 (see pfer_bound_).")
            threshold_ = tau
        if n_region == 0:
            warn = (f"no region of the alpha grid meets {rule}: at the first alpha the "
                    f"subsamples already select {q_path[0]:.3g} of {p} candidates on average; "
                    f"nothing is selected. Increase pfer or q, lower the threshold or start "
                    f"the grid higher.")
        q_ = float(q_path[n_region - 1]) if n_region else 0.0
        region_max = (unit_scores[:, :n_region].max(axis=1) if n_region
                      else np.zeros(base.n_units))
        need = np.ceil(tau * n_draws - 1e-9)
        stable = base.penalized & (counts[:, :n_region].max(axis=1, initial=0) >= need)
        if warn is not None:
            warnings.warn(warn, UserWarning, stacklevel=3)

        self.alphas_ = grid
        self.stability_scores_ = unit_scores[base.unit_of]
        self.scores_ = region_max[base.unit_of]
        self.q_path_ = q_path
        self.q_ = q_
        self.alpha_min_ = float(grid[n_region - 1]) if n_region else float("inf")
        self.threshold_ = float(threshold_)
        self.pfer_bound_ = _pfer_bound(q_, p, tau, assumption, n_pairs) if n_region else 0.0
        self.support_ = (stable | ~base.penalized)[base.unit_of]
        self.n_subsamples_ = int(n_draws)
        if base.spec is not None:
            G = base.spec.n_groups
            self.groups_ = base.spec
            self.group_stability_scores_ = unit_scores[:G]
            self.support_groups_ = np.flatnonzero(stable[:G])
        else:
            for name in ("groups_", "group_stability_scores_", "support_groups_"):
                self.__dict__.pop(name, None)

    def _get_support_mask(self):
        check_is_fitted(self, "support_")
        return self.support_
