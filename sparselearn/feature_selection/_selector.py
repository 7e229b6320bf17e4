"""SparseSelector: keep the features a sparse model uses."""

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.exceptions import NotFittedError
from sklearn.feature_selection import SelectFromModel
from sklearn.utils.metadata_routing import _routing_enabled, process_routing
from sklearn.utils.validation import check_is_fitted, validate_data

from ._paths import estimator_path, path_family

# The importance threshold that means "non-zero": every positive float is at
# least this large (subnormals aside), and 0 is not.
_NONZERO = float(np.finfo(np.float64).tiny)


def _coef_importances(estimator, getter, norm_order) -> np.ndarray:
    """Per-feature importance: |coef| or, for several rows, the norm across them."""
    if callable(getter):
        values = getter(estimator)
    elif getter == "auto":
        values = getattr(estimator, "coef_", None)
        if values is None:
            values = getattr(estimator, "feature_importances_", None)
        if values is None:
            raise ValueError(
                f"importance_getter='auto' found neither coef_ nor feature_importances_ on "
                f"{type(estimator).__name__}; pass importance_getter explicitly.")
    else:
        values = estimator
        for name in str(getter).split("."):
            values = getattr(values, name)
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 1:
        return np.abs(values)
    return np.linalg.norm(values, axis=0, ord=norm_order)


def _threshold_value(threshold, scores) -> float:
    """scikit-learn's threshold forms: a number, "mean", "median" or "<scale>*mean"."""
    if threshold is None:
        return _NONZERO
    if isinstance(threshold, str):
        scale, _, ref = threshold.strip().rpartition("*")
        stats = {"mean": np.mean, "median": np.median}
        if ref.strip() not in stats:
            raise ValueError(
                f"threshold must be a number, 'mean', 'median' or '<scale>*mean|median', "
                f"got {threshold!r}.")
        try:
            factor = float(scale) if scale else 1.0
        except ValueError:
            raise ValueError(f"threshold: cannot read the scale of {threshold!r}.") from None
        return factor * float(stats[ref.strip()](scores))
    if not isinstance(threshold, Real):
        raise TypeError(f"threshold must be None, a number or a string, got {threshold!r}.")
    return float(threshold)


def _group_labels(estimator):
    """Group label per feature (-1: in no group) when the estimator selects groups, else None."""
    spec = getattr(estimator, "groups_", None)
    return None if spec is None else np.asarray(spec.labels)


def _whole_groups(mask, labels):
    """Extend a selection to every member of a group with a selected member."""
    grouped = labels >= 0
    hit = np.zeros(labels.max() + 1 if grouped.any() else 0, dtype=bool)
    hit[labels[grouped & mask]] = True
    out = mask.copy()
    out[grouped] = hit[labels[grouped]]
    return out


class SparseSelector(SelectFromModel):
    """Select the features a sparse model uses: its non-zero coefficients.

    A :class:`~sklearn.feature_selection.SelectFromModel` whose default keeps
    exactly the features with a non-zero coefficient (in any task or class),
    for every sparselearn estimator. ``max_features`` picks exactly that many
    features *along the regularization path*: the model of the path that has
    ``max_features`` non-zero coefficients (found by bisection on alpha), so
    the features kept are those the penalty lets in first, not the largest
    coefficients of one fit. With a group estimator whole groups are kept.

    Parameters
    ----------
    estimator : estimator
        The model whose coefficients decide; any estimator with ``coef_``
        (or ``feature_importances_``) for the default selection, a
        sparselearn linear model for ``max_features``.
    threshold : str or float, default=None
        None keeps the non-zero coefficients. Otherwise scikit-learn's
        meaning: keep importances ``>= threshold`` (a number, ``"mean"``,
        ``"median"`` or ``"1.5*mean"``).
    prefit : bool, default=False
        Use an already fitted ``estimator`` without refitting it.
    norm_order : int, default=1
        Norm across tasks or classes of a 2-D ``coef_``.
    max_features : int or callable, default=None
        Number of features to keep, chosen along the regularization path;
        a callable receives ``X`` and returns it. For a group estimator it is
        an upper bound: the largest path model whose whole groups hold at
        most ``max_features`` features.
    importance_getter : str or callable, default="auto"
        ``coef_`` (then ``feature_importances_``), an attribute path such
        as ``"regressor_.coef_"``, or a callable of the fitted estimator.
    whole_groups : bool, default=True
        With an estimator that has groups (``groups_``), keep every member
        of a group that has a non-zero coefficient.
    n_alphas : int, default=100
        Size of the path grid used by ``max_features`` before bisection.
    eps : float, default=1e-4
        ``alpha_min / alpha_max`` of that grid.

    Attributes
    ----------
    estimator_ : estimator
        The fitted model (a copy of ``estimator`` when ``prefit=True``).
    max_features_ : int
        The validated ``max_features``.
    path_alpha_ : float
        With ``max_features``: the alpha of the selected path model.
    entry_alphas_ : ndarray of shape (n_features,)
        With ``max_features``: the largest alpha of the path (grid and
        bisection points) at which each feature is non-zero; 0 if never.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Defined when the input had string column names.

    See Also
    --------
    sparselearn.feature_selection.StabilitySelection : selection with error control.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.feature_selection import SparseSelector
    >>> from sparselearn.linear_model import Lasso
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((50, 6))
    >>> y = 3 * X[:, 0] - 2 * X[:, 3] + 0.1 * rng.standard_normal(50)
    >>> sel = SparseSelector(Lasso(alpha=0.5)).fit(X, y)
    >>> sel.get_support(indices=True)
    array([0, 3])
    >>> SparseSelector(Lasso(), max_features=1).fit(X, y).get_support(indices=True)
    array([0])
    """

    def __init__(self, estimator, *, threshold=None, prefit=False, norm_order=1,
                 max_features=None, importance_getter="auto", whole_groups=True,
                 n_alphas=100, eps=1e-4):
        super().__init__(estimator, threshold=threshold, prefit=prefit, norm_order=norm_order,
                         max_features=max_features, importance_getter=importance_getter)
        self.whole_groups = whole_groups
        self.n_alphas = n_alphas
        self.eps = eps

    def fit(self, X, y=None, **fit_params):
        """Fit the estimator (unless prefit) and, with ``max_features``, its path.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
        **fit_params : dict
            Passed (or, with metadata routing, routed) to the estimator's
            ``fit``; a ``sample_weight`` among them also weights the path.

        Returns
        -------
        self : SparseSelector
        """
        self._check_own_params()
        super().fit(X, y, **fit_params)
        for name in ("path_alpha_", "entry_alphas_", "_path_mask"):
            self.__dict__.pop(name, None)
        if self.max_features is not None:
            if _routing_enabled():
                params = process_routing(self, "fit", **fit_params).estimator.fit
            else:
                params = fit_params
            self._fit_path(X, y, params.get("sample_weight"))
        return self

    def _check_own_params(self):
        _threshold_value(self.threshold, np.ones(1))  # a malformed threshold fails at fit
        if not isinstance(self.n_alphas, Integral) or self.n_alphas < 2:
            raise ValueError(f"n_alphas must be an integer >= 2, got {self.n_alphas!r}.")
        if not isinstance(self.eps, Real) or not 0 < self.eps < 1:
            raise ValueError(f"eps must be in (0, 1), got {self.eps!r}.")

    @property
    def threshold_(self):
        """Threshold on the importances: ``>= threshold_`` is kept (None: any non-zero)."""
        check_is_fitted(self, "estimator_")
        scores = _coef_importances(self.estimator_, self.importance_getter, self.norm_order)
        return _threshold_value(self.threshold, scores)

    def _get_support_mask(self):
        if self.prefit and not hasattr(self, "estimator_"):
            try:
                check_is_fitted(self.estimator)
            except NotFittedError as exc:
                raise NotFittedError(
                    "When `prefit=True`, `estimator` is expected to be a fitted "
                    "estimator.") from exc
        estimator = getattr(self, "estimator_", self.estimator)
        scores = _coef_importances(estimator, self.importance_getter, self.norm_order)
        keep = scores >= _threshold_value(self.threshold, scores)
        if self.max_features is not None:
            if not hasattr(self, "_path_mask"):
                raise NotFittedError(
                    "max_features selects along the regularization path: call fit first.")
            # the path decides; a user threshold can only remove more
            return self._path_mask & (keep if self.threshold is not None else True)
        labels = _group_labels(estimator) if self.whole_groups else None
        return keep if labels is None else _whole_groups(keep, labels)

    def _fit_path(self, X, y, sample_weight):
        """Choose the path model with exactly ``max_features_`` features (bisection on alpha)."""
        path_family(self.estimator_)  # TypeError early for a non-path estimator
        X = validate_data(self, X, accept_sparse=("csc", "csr"), reset=False,
                          dtype=(np.float64, np.float32))
        k = int(self.max_features_)
        if k > X.shape[1]:
            raise ValueError(f"max_features={k} exceeds n_features={X.shape[1]}.")
        labels = _group_labels(self.estimator_) if self.whole_groups else None

        def support(coef):
            nz = np.any(coef != 0, axis=0)
            return _whole_groups(nz, labels) if labels is not None else nz

        alphas, coefs = estimator_path(self.estimator_, X, y, n_alphas=self.n_alphas,
                                       eps=self.eps, sample_weight=sample_weight)
        supports = [support(c) for c in coefs]
        counts = np.array([s.sum() for s in supports])
        entry = np.zeros(X.shape[1])
        for a, s in zip(alphas[::-1], supports[::-1]):
            entry[s] = a
        over = np.flatnonzero(counts > k)
        hit = np.flatnonzero(counts == k)
        if k == 0:
            chosen, alpha = np.zeros(X.shape[1], dtype=bool), alphas[0]
        elif hit.size and (not over.size or hit[0] < over[0]):
            chosen, alpha = supports[hit[0]], alphas[hit[0]]
        elif not over.size:
            i = int(np.argmax(counts))
            chosen, alpha = supports[i], alphas[i]
            warnings.warn(
                f"max_features={k}: the regularization path down to alpha={alphas[-1]:.3g} "
                f"has at most {counts[i]} features; selecting those.", UserWarning)
        else:
            chosen, alpha = self._bisect(X, y, sample_weight, alphas, coefs, over[0], k,
                                         support, entry, labels)
        self._path_mask = chosen
        self.path_alpha_ = float(alpha)
        self.entry_alphas_ = entry

    def _bisect(self, X, y, sample_weight, alphas, coefs, j, k, support, entry, labels):
        """Narrow the step where the path jumps past ``k`` features to find a ``k`` model."""
        if j == 0:  # unpenalized features already exceed k at alpha_max: nothing to narrow
            hi, lo = alphas[0] * 2.0, alphas[0]
            c_hi = np.zeros_like(coefs[0])
        else:
            hi, lo, c_hi = alphas[j - 1], alphas[j], coefs[j - 1]
        c_lo = coefs[j]
        for _ in range(30):
            if hi / lo < 1 + 1e-6:
                break
            mid = np.sqrt(hi * lo)
            init = c_hi[0] if c_hi.shape[0] == 1 else c_hi
            _, c_mid = estimator_path(self.estimator_, X, y, alphas=[mid], coef_init=init,
                                      sample_weight=sample_weight)
            s = support(c_mid[0])
            entry[s & (entry < mid)] = mid
            n = s.sum()
            if n == k:
                return s, mid
            if n < k:
                hi, c_hi = mid, c_mid[0]
            else:
                lo, c_lo = mid, c_mid[0]
        # several features enter at the same alpha: complete the smaller model
        # with the newcomers of the larger one, largest |coef| first
        base = support(c_hi)
        new = np.flatnonzero(support(c_lo) & ~base)
        size = np.abs(c_lo).sum(axis=0)
        chosen = base.copy()
        if labels is None:
            chosen[new[np.argsort(-size[new], kind="stable")][:k - base.sum()]] = True
        else:  # whole groups: add groups while they fit
            for g in sorted(set(labels[new]), key=lambda g: -size[labels == g].sum()):
                members = labels == g if g >= 0 else np.isin(np.arange(len(labels)), new)
                if chosen.sum() + (members & ~chosen).sum() <= k:
                    chosen |= members
        return chosen, lo
