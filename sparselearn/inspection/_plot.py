"""Plots of fitted sparse models in scikit-learn's ``Display`` convention.

Each class stores computed data in ``__init__`` (no matplotlib needed),
draws it with ``plot(ax=None, ...)``, which records the axes (``ax_``), the
figure (``figure_``) and the artists it drew, and is built from a fitted
model by the class method ``from_estimator`` (or from a path function's
output by :meth:`PathDisplay.from_path`), which computes the data and calls
``plot``. matplotlib is imported inside the methods that draw, so this module
imports without the ``plot`` extra (``pip install sparselearn[plot]``).

Alpha is drawn on a log-scaled x axis, increasing to the right as in
glmnet's plots against ``log(lambda)``: a path starts empty on the right and
grows to the left. ``display.ax_.invert_xaxis()`` reads it left to right
instead, as scikit-learn's lasso-path example does. The x data of every
artist are the alphas themselves, not their logarithms.
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import TYPE_CHECKING, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import is_classifier
from sklearn.utils.validation import check_is_fitted

from ..feature_selection._paths import estimator_path, path_family

if TYPE_CHECKING:  # annotations only: matplotlib stays optional
    from matplotlib.axes import Axes
    from numpy.typing import ArrayLike

__all__ = ["CVDisplay", "CoefficientDisplay", "PathDisplay", "StabilityDisplay"]

_LINESTYLES = ("-", "--", ":", "-.")
_ALIASES = {"c": "color", "ls": "linestyle", "lw": "linewidth", "ec": "edgecolor",
            "fc": "facecolor"}


# ----------------------------------------------------------------------- helpers
def _check_matplotlib(caller: str) -> None:
    """Raise an ImportError naming the ``plot`` extra when matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            f"{caller} requires matplotlib, which is not installed; install it with "
            "`pip install sparselearn[plot]` (or `pip install matplotlib`).") from exc


def _axes(ax):
    """``(ax, figure)``: the given axes, or those of a new figure."""
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots()
    return ax, ax.figure


def _style(default: dict, user: dict | None) -> dict:
    """``default`` updated with ``user``; a user alias (``c``, ``lw``...) drops the default.

    matplotlib rejects a call given both ``color`` and ``c``, so the default
    spelled the other way must go.
    """
    user = dict(user or {})
    style = dict(default)
    for short, long in _ALIASES.items():
        if short in user:
            style.pop(long, None)
        if long in user:
            style.pop(short, None)
    style.update(user)
    return style


def _feature_names(feature_names, estimator, n_features: int) -> list[str]:
    """Given names, else the estimator's ``feature_names_in_``, else ``x0, x1, ...``."""
    if feature_names is None and estimator is not None:
        feature_names = getattr(estimator, "feature_names_in_", None)
    if feature_names is None:
        return [f"x{j}" for j in range(n_features)]
    names = [str(name) for name in feature_names]
    if len(names) != n_features:
        raise ValueError(f"feature_names has {len(names)} names for {n_features} features.")
    return names


def _row_names(row_names, estimator, n_rows: int) -> list[str]:
    """Names of the coefficient rows: classes of a multiclass model, else ``task k``."""
    if row_names is None and estimator is not None:
        classes = getattr(estimator, "classes_", None)
        if classes is not None and len(classes) == n_rows:
            row_names = classes
    if row_names is None:
        return [f"task {k}" for k in range(n_rows)]
    names = [str(name) for name in row_names]
    if len(names) != n_rows:
        raise ValueError(f"row_names has {len(names)} names for {n_rows} coefficient rows.")
    return names


def _positive_alphas(alphas) -> np.ndarray:
    alphas = np.asarray(alphas, dtype=np.float64)
    if alphas.ndim != 1 or alphas.size == 0:
        raise ValueError(f"alphas must be a non-empty 1-D array, got shape {alphas.shape}.")
    if not np.all(alphas > 0):
        raise ValueError("alphas must be positive (they are drawn on a log scale).")
    return alphas


def _check_n(value, name: str, allow_none: bool = True, minimum: int = 0):
    if value is None and allow_none:
        return None
    if not isinstance(value, Integral) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}"
                         f"{' or None' if allow_none else ''}, got {value!r}.")
    return int(value)


def _chosen_alpha(estimator) -> float | None:
    """``alpha_`` of a fitted CV/IC model, else the ``alpha`` parameter, else None."""
    for name in ("alpha_", "alpha"):
        value = getattr(estimator, name, None)
        if isinstance(value, Real) and not isinstance(value, bool):
            return float(value)
    return None


def _chosen_grid(estimator) -> np.ndarray:
    """The alpha grid of ``coef_path_`` / ``cv_mean_``: the chosen l1_ratio's row of ``alphas_``."""
    grid = np.asarray(estimator.alphas_, dtype=np.float64)
    if grid.ndim == 1:
        return grid
    # several l1_ratios: alphas_ has one row per value of the l1_ratio parameter
    ratios = np.ravel(np.asarray(getattr(estimator, "l1_ratio", []), dtype=np.float64))
    chosen = getattr(estimator, "l1_ratio_", None)
    if chosen is not None and ratios.size == grid.shape[0]:
        hits = np.flatnonzero(np.isclose(ratios, chosen))
        if hits.size:
            return grid[hits[0]]
    alpha = getattr(estimator, "alpha_", None)
    if alpha is not None:  # fall back on the row holding the chosen alpha
        hits = np.flatnonzero(np.isclose(grid, alpha).any(axis=1))
        if hits.size:
            return grid[hits[0]]
    raise ValueError(f"cannot tell which row of alphas_ {grid.shape} belongs to the chosen "
                     "l1_ratio_.")


# ------------------------------------------------------------------ PathDisplay
class PathDisplay:
    """Regularization path: the coefficients against alpha, on a log scale.

    One line per feature whose coefficient is non-zero somewhere on the
    path (features that never enter are not drawn), labelled with the
    feature name; the legend lists the ``n_labels`` strongest ones and the
    chosen alpha, drawn as a dashed vertical line when known. Alpha grows
    to the right (glmnet's orientation, see the module notes).

    For several coefficient rows (multi-task regression, multinomial
    classification) ``multi_output='each'`` draws one line per non-zero
    (row, feature) pair, the same colour for a feature and one line style
    per row, labelled ``"feature (row)"``; ``multi_output='norm'`` draws one
    line per feature, its Euclidean norm over the rows (the quantity the
    multi-task penalty acts on).

    Build it with :meth:`from_estimator` or :meth:`from_path`; ``__init__``
    only stores the data.

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,)
        The alphas of the path, positive.
    coefs : array-like of shape (n_features, n_alphas) or (n_rows, n_features, n_alphas)
        The coefficients at each alpha: the layout of ``coef_path_`` and of
        :func:`~sparselearn.linear_model.lasso_path`.
    feature_names : sequence of str, default=None
        Names of the features; ``x0, x1, ...`` by default.
    row_names : sequence of str, default=None
        Names of the coefficient rows (classes or tasks); ``task 0, ...``
        by default.
    chosen_alpha : float, default=None
        The alpha to mark, e.g. the estimator's ``alpha_``.

    Attributes
    ----------
    lines_ : list of matplotlib Line2D
        One per drawn coefficient (or norm), in feature order (rows within a
        feature in row order); each line's label is its feature name
        (``"feature (row)"`` for several rows).
    chosen_line_ : matplotlib Line2D or None
        The vertical line at ``chosen_alpha``.
    ax_ : matplotlib Axes
        The axes drawn into.
    figure_ : matplotlib Figure
        The figure holding them.

    See Also
    --------
    CVDisplay : the cross-validation curve along the same grid.
    CoefficientDisplay : the coefficients at the chosen alpha.

    Examples
    --------
    >>> from importlib.util import find_spec
    >>> from sparselearn.datasets import load_prostate
    >>> from sparselearn.inspection import PathDisplay
    >>> from sparselearn.linear_model import lasso_path
    >>> X, y = load_prostate(return_X_y=True, as_frame=True)
    >>> alphas, coefs, _ = lasso_path(X.to_numpy(), y.to_numpy(), n_alphas=50)
    >>> display = PathDisplay(alphas, coefs, feature_names=X.columns)
    >>> display.coefs.shape
    (8, 50)
    >>> if find_spec("matplotlib"):  # drawing needs the plot extra
    ...     display = display.plot(n_labels=3)
    """

    def __init__(self, alphas: ArrayLike, coefs: ArrayLike, *,
                 feature_names: Sequence[str] | None = None,
                 row_names: Sequence[str] | None = None,
                 chosen_alpha: float | None = None) -> None:
        self.alphas = np.asarray(alphas)
        self.coefs = np.asarray(coefs)
        self.feature_names = feature_names
        self.row_names = row_names
        self.chosen_alpha = chosen_alpha

    def _series(self, multi_output: str):
        """``(alphas, Y, labels, colours, styles)``: one row of ``Y`` per line to draw."""
        alphas = _positive_alphas(self.alphas)
        coefs = np.asarray(self.coefs, dtype=np.float64)
        if coefs.ndim == 2:
            coefs = coefs[None]
        if coefs.ndim != 3 or coefs.shape[-1] != alphas.size:
            raise ValueError(f"coefs must have shape (n_features, {alphas.size}) or (n_rows, "
                             f"n_features, {alphas.size}), got {np.shape(self.coefs)}.")
        if multi_output not in ("each", "norm"):
            raise ValueError(f"multi_output must be 'each' or 'norm', got {multi_output!r}.")
        n_rows, n_features, _ = coefs.shape
        names = _feature_names(self.feature_names, None, n_features)
        rows = _row_names(self.row_names, None, n_rows)
        if multi_output == "norm" and n_rows > 1:  # a single row keeps its signs
            coefs = np.sqrt((coefs ** 2).sum(axis=0))[None]
        active = np.flatnonzero(np.any(coefs != 0, axis=(0, 2)))
        Y, labels, colours, styles = [], [], [], []
        for k, j in enumerate(active):  # colours follow the features, styles the rows
            for r in range(coefs.shape[0]):
                if not np.any(coefs[r, j]):
                    continue
                Y.append(coefs[r, j])
                labels.append(names[j] if coefs.shape[0] == 1 else f"{names[j]} ({rows[r]})")
                colours.append(f"C{k % 10}")
                styles.append(_LINESTYLES[r % len(_LINESTYLES)])
        return alphas, np.array(Y).reshape(-1, alphas.size), labels, colours, styles

    def _strongest(self, alphas: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """Line indices by |value| at the chosen alpha, ties by |value| at the smallest alpha."""
        last = int(np.argmin(alphas))
        ref = last
        if self.chosen_alpha is not None and self.chosen_alpha > 0:
            ref = int(np.argmin(np.abs(np.log(alphas) - np.log(self.chosen_alpha))))
        return np.lexsort((-np.abs(Y[:, last]), -np.abs(Y[:, ref])))

    def plot(self, ax: Axes | None = None, *, n_labels: int | None = 10,
             multi_output: str = "each", line_kwargs: dict | None = None,
             chosen_line_kwargs: dict | None = None) -> PathDisplay:
        """Draw the path.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw into; a new figure by default.
        n_labels : int or None, default=10
            Number of lines named in the legend: the strongest, by
            ``|coef|`` at the grid point nearest ``chosen_alpha`` (ties, such
            as features not yet active there, by ``|coef|`` at the smallest
            alpha); without ``chosen_alpha``, by ``|coef|`` at the smallest
            alpha. None names every line, 0 none.
        multi_output : {'each', 'norm'}, default='each'
            With several coefficient rows: one line per (row, feature), or
            one per feature showing the norm over the rows.
        line_kwargs : dict, default=None
            Keywords of every path line's ``ax.plot`` (override the colour
            and line style per feature and row).
        chosen_line_kwargs : dict, default=None
            Keywords of the ``ax.axvline`` at ``chosen_alpha``.

        Returns
        -------
        display : PathDisplay
            ``self``, with ``lines_``, ``chosen_line_``, ``ax_``, ``figure_``.

        Examples
        --------
        >>> from importlib.util import find_spec
        >>> from sparselearn.inspection import PathDisplay
        >>> display = PathDisplay([1.0, 0.1, 0.01], [[0.0, 0.5, 0.9], [0.0, 0.0, -0.2]])
        >>> if find_spec("matplotlib"):  # drawing needs the plot extra
        ...     display = display.plot(n_labels=1)
        """
        _check_matplotlib(f"{type(self).__name__}.plot")
        n_labels = _check_n(n_labels, "n_labels")
        alphas, Y, labels, colours, styles = self._series(multi_output)
        ax, fig = _axes(ax)
        self.lines_ = [
            ax.plot(alphas, y, **_style(dict(color=c, linestyle=s, linewidth=1.2, label=lab),
                                        line_kwargs))[0]
            for y, lab, c, s in zip(Y, labels, colours, styles)]
        self.chosen_line_ = None
        if self.chosen_alpha is not None:
            self.chosen_line_ = ax.axvline(self.chosen_alpha, **_style(
                dict(color="k", linestyle="--", linewidth=1,
                     label=f"alpha = {self.chosen_alpha:.3g}"), chosen_line_kwargs))
        ax.set_xscale("log")
        ax.set_xlabel("alpha")
        several = np.ndim(self.coefs) == 3 and np.shape(self.coefs)[0] > 1
        ax.set_ylabel("Coefficient norm over rows" if several and multi_output == "norm"
                      else "Coefficient")
        # every line carries its name; the legend shows only the strongest
        order = self._strongest(alphas, Y) if len(Y) else np.array([], dtype=int)
        handles = [self.lines_[i] for i in order[:n_labels]]
        if self.chosen_line_ is not None:
            handles.append(self.chosen_line_)
        if handles:
            ax.legend(handles=handles, fontsize="small")
        self.ax_, self.figure_ = ax, fig
        return self

    @classmethod
    def from_path(cls, alphas: ArrayLike, coefs: ArrayLike, *,
                  feature_names: Sequence[str] | None = None,
                  row_names: Sequence[str] | None = None, chosen_alpha: float | None = None,
                  ax: Axes | None = None, n_labels: int | None = 10, multi_output: str = "each",
                  line_kwargs: dict | None = None,
                  chosen_line_kwargs: dict | None = None) -> PathDisplay:
        """Draw the output of a path function (:func:`~sparselearn.linear_model.lasso_path`...).

        Parameters
        ----------
        alphas : array-like of shape (n_alphas,)
            The alphas of the path.
        coefs : array-like of shape (n_features, n_alphas) or (n_rows, n_features, n_alphas)
            The coefficients along it.
        feature_names, row_names, chosen_alpha :
            As in :class:`PathDisplay`.
        ax, n_labels, multi_output, line_kwargs, chosen_line_kwargs :
            As in :meth:`plot`.

        Returns
        -------
        display : PathDisplay
            The drawn display.

        Examples
        --------
        >>> from importlib.util import find_spec
        >>> from sparselearn.datasets import load_prostate
        >>> from sparselearn.inspection import PathDisplay
        >>> from sparselearn.linear_model import enet_path
        >>> X, y = load_prostate(return_X_y=True)
        >>> alphas, coefs, _ = enet_path(X, y, l1_ratio=0.5, n_alphas=30)
        >>> if find_spec("matplotlib"):  # drawing needs the plot extra
        ...     display = PathDisplay.from_path(alphas, coefs, chosen_alpha=0.1)
        """
        _check_matplotlib(f"{cls.__name__}.from_path")
        display = cls(alphas, coefs, feature_names=feature_names, row_names=row_names,
                      chosen_alpha=chosen_alpha)
        return display.plot(ax=ax, n_labels=n_labels, multi_output=multi_output,
                            line_kwargs=line_kwargs, chosen_line_kwargs=chosen_line_kwargs)

    @classmethod
    def from_estimator(cls, estimator, X=None, y=None, *,
                       feature_names: Sequence[str] | None = None, alphas: ArrayLike = None,
                       n_alphas: int = 100, eps: float = 1e-3, sample_weight: ArrayLike = None,
                       ax: Axes | None = None, n_labels: int | None = 10,
                       multi_output: str = "each", line_kwargs: dict | None = None,
                       chosen_line_kwargs: dict | None = None) -> PathDisplay:
        """Draw the path of a fitted sparselearn estimator.

        Without ``X``, the path the estimator stored is drawn: ``coef_path_``
        along ``alphas_`` of a cross-validated or information-criterion
        model (``LassoCV``, ``ElasticNetCV``, ``MultiTask*CV``,
        ``SparseGroupLassoCV``, ``GroupLassoCV``,
        ``SparseLogisticRegressionCV``, ``RelaxedLassoCV`` (its lasso path),
        ``LassoIC``...), on the chosen ``l1_ratio_``'s grid. With ``X`` and
        ``y`` the path is solved on them with the estimator's parameters
        (any sparselearn estimator with a path: ``Lasso``, ``GroupLasso``,
        ``SparseLogisticRegression``...). The chosen alpha (``alpha_``, or
        the ``alpha`` parameter of a single fit) is marked.

        Parameters
        ----------
        estimator : fitted sparselearn estimator
            The model.
        X : {array-like, sparse matrix} of shape (n_samples, n_features), default=None
            Data to solve the path on; required for an estimator that stores
            no path.
        y : array-like of shape (n_samples,) or (n_samples, n_tasks), default=None
            Targets, with ``X``.
        feature_names : sequence of str, default=None
            Names of the features; the estimator's ``feature_names_in_`` by
            default.
        alphas : array-like, default=None
            Grid of the solved path (with ``X``); by default the estimator's
            ``alphas_`` when it has them, else ``n_alphas`` values from its
            ``alpha_max`` down to ``eps * alpha_max``.
        n_alphas : int, default=100
            Size of the default grid.
        eps : float, default=1e-3
            Ratio of its ends.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights of the solved path.
        ax, n_labels, multi_output, line_kwargs, chosen_line_kwargs :
            As in :meth:`plot`.

        Returns
        -------
        display : PathDisplay
            The drawn display.

        Raises
        ------
        NotFittedError
            If the estimator is not fitted.
        TypeError
            If it has no sparselearn path.
        ValueError
            If it stores no path and ``X``, ``y`` are missing.

        Examples
        --------
        >>> from importlib.util import find_spec
        >>> from sparselearn.datasets import load_prostate
        >>> from sparselearn.inspection import PathDisplay
        >>> from sparselearn.linear_model import Lasso, LassoCV
        >>> X, y = load_prostate(return_X_y=True, as_frame=True)
        >>> cv_model = LassoCV(cv=5, alpha_selection="1se").fit(X, y)
        >>> model = Lasso(alpha=0.05).fit(X, y)
        >>> if find_spec("matplotlib"):  # drawing needs the plot extra
        ...     display = PathDisplay.from_estimator(cv_model, n_labels=4)
        ...     display = PathDisplay.from_estimator(model, X, y, n_alphas=50)
        """
        _check_matplotlib(f"{cls.__name__}.from_estimator")
        check_is_fitted(estimator)
        stored = hasattr(estimator, "coef_path_") and hasattr(estimator, "alphas_")
        if X is None:
            if y is not None or alphas is not None or sample_weight is not None:
                raise ValueError("y, alphas and sample_weight are used only with X.")
            if not stored:
                path_family(estimator)  # TypeError for a model with no sparselearn path
                raise ValueError(f"{type(estimator).__name__} stores no path (coef_path_, "
                                 "alphas_): pass X and y to solve it.")
            grid, coefs = _chosen_grid(estimator), np.asarray(estimator.coef_path_)
        else:
            if y is None:
                raise ValueError("y is required with X.")
            path_family(estimator)
            if alphas is None and stored:
                alphas = _chosen_grid(estimator)
            grid, coefs = estimator_path(estimator, X, y, alphas=alphas, n_alphas=n_alphas,
                                         eps=eps, sample_weight=sample_weight)
            coefs = np.moveaxis(coefs, 0, -1)  # (n_rows, n_features, n_alphas)
            if coefs.shape[0] == 1:
                coefs = coefs[0]
        n_rows = coefs.shape[0] if coefs.ndim == 3 else 1
        display = cls(grid, coefs,
                      feature_names=_feature_names(feature_names, estimator, coefs.shape[-2]),
                      row_names=_row_names(None, estimator, n_rows),
                      chosen_alpha=_chosen_alpha(estimator))
        return display.plot(ax=ax, n_labels=n_labels, multi_output=multi_output,
                            line_kwargs=line_kwargs, chosen_line_kwargs=chosen_line_kwargs)


# -------------------------------------------------------------------- CVDisplay
def _metric_name(estimator) -> str:
    """The y label of a CV curve: what the CV minimised."""
    scoring = getattr(estimator, "scoring", None)
    if scoring is None:
        return "Log-loss" if is_classifier(estimator) else "Mean squared error"
    # the CV minimises the negated score (larger scores are better)
    return f"-{scoring} (negated score)" if isinstance(scoring, str) else "Negated score"


class CVDisplay:
    """Cross-validation curve: the CV error, mean ± one standard error, against alpha.

    glmnet's ``plot(cv.glmnet)``: the mean held-out error along the grid
    (a line with dots), a band of one standard error around it, and dashed
    and dotted vertical lines at ``alpha_min`` (the minimum) and
    ``alpha_1se`` (the largest alpha within one standard error of it); the
    legend tells which one the model was refit at. Alpha is on a log scale,
    growing to the right.

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,)
        The grid.
    cv_mean : array-like of shape (n_alphas,)
        Mean CV error at each alpha.
    cv_se : array-like of shape (n_alphas,)
        Its standard error.
    alpha_min, alpha_1se : float, default=None
        The alphas to mark.
    chosen_alpha : float, default=None
        The alpha the model was refit at (``alpha_min`` or ``alpha_1se``).
    metric_name : str, default='Mean squared error'
        Label of the y axis.
    curve_name : str, default=None
        Added to the curve's legend entry, e.g. ``'l1_ratio = 0.5'``.

    Attributes
    ----------
    line_ : matplotlib Line2D
        The mean curve.
    band_ : matplotlib PolyCollection
        The band ``cv_mean ± cv_se``.
    min_line_, se_line_ : matplotlib Line2D or None
        The vertical lines at ``alpha_min`` and ``alpha_1se``.
    ax_ : matplotlib Axes
        The axes drawn into.
    figure_ : matplotlib Figure
        The figure holding them.

    See Also
    --------
    PathDisplay : the coefficients along the same grid.

    Examples
    --------
    >>> from importlib.util import find_spec
    >>> from sparselearn.datasets import load_prostate
    >>> from sparselearn.inspection import CVDisplay
    >>> from sparselearn.linear_model import LassoCV
    >>> X, y = load_prostate(return_X_y=True)
    >>> model = LassoCV(cv=5, alpha_selection="1se").fit(X, y)
    >>> display = CVDisplay(model.alphas_, model.cv_mean_, model.cv_se_,
    ...                     alpha_min=model.alpha_min_, alpha_1se=model.alpha_1se_)
    >>> bool(display.alpha_1se >= display.alpha_min)
    True
    >>> if find_spec("matplotlib"):  # drawing needs the plot extra
    ...     display = display.plot()
    """

    def __init__(self, alphas: ArrayLike, cv_mean: ArrayLike, cv_se: ArrayLike, *,
                 alpha_min: float | None = None, alpha_1se: float | None = None,
                 chosen_alpha: float | None = None, metric_name: str = "Mean squared error",
                 curve_name: str | None = None) -> None:
        self.alphas = np.asarray(alphas)
        self.cv_mean = np.asarray(cv_mean)
        self.cv_se = np.asarray(cv_se)
        self.alpha_min = alpha_min
        self.alpha_1se = alpha_1se
        self.chosen_alpha = chosen_alpha
        self.metric_name = metric_name
        self.curve_name = curve_name

    def _marker(self, ax, alpha, name, linestyle, kwargs):
        if alpha is None:
            return None
        chosen = self.chosen_alpha is not None and np.isclose(alpha, self.chosen_alpha)
        label = f"{name} = {alpha:.3g}" + (" (chosen)" if chosen else "")
        return ax.axvline(alpha, **_style(dict(color="0.3", linestyle=linestyle, linewidth=1,
                                               label=label), kwargs))

    def plot(self, ax: Axes | None = None, *, line_kwargs: dict | None = None,
             band_kwargs: dict | None = None, min_line_kwargs: dict | None = None,
             se_line_kwargs: dict | None = None) -> CVDisplay:
        """Draw the CV curve.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw into; a new figure by default.
        line_kwargs : dict, default=None
            Keywords of the mean curve's ``ax.plot``.
        band_kwargs : dict, default=None
            Keywords of the band's ``ax.fill_between``.
        min_line_kwargs, se_line_kwargs : dict, default=None
            Keywords of the ``ax.axvline`` at ``alpha_min`` and ``alpha_1se``.

        Returns
        -------
        display : CVDisplay
            ``self``, with ``line_``, ``band_``, ``min_line_``, ``se_line_``,
            ``ax_``, ``figure_``.

        Examples
        --------
        >>> from importlib.util import find_spec
        >>> from sparselearn.inspection import CVDisplay
        >>> display = CVDisplay([1.0, 0.1, 0.01], [3.0, 1.0, 1.2], [0.2, 0.1, 0.1],
        ...                     alpha_min=0.1, alpha_1se=0.1)
        >>> if find_spec("matplotlib"):  # drawing needs the plot extra
        ...     display = display.plot()
        """
        _check_matplotlib(f"{type(self).__name__}.plot")
        alphas = _positive_alphas(self.alphas)
        mean = np.asarray(self.cv_mean, dtype=np.float64)
        se = np.asarray(self.cv_se, dtype=np.float64)
        if mean.shape != alphas.shape or se.shape != alphas.shape:
            raise ValueError(f"cv_mean and cv_se must have the shape of alphas {alphas.shape}, "
                             f"got {mean.shape} and {se.shape}.")
        ax, fig = _axes(ax)
        label = "CV mean ± 1 SE" + (f" ({self.curve_name})" if self.curve_name else "")
        self.line_ = ax.plot(alphas, mean, **_style(
            dict(color="tab:red", marker=".", markersize=4, linewidth=1, label=label),
            line_kwargs))[0]
        self.band_ = ax.fill_between(alphas, mean - se, mean + se, **_style(
            dict(color=self.line_.get_color(), alpha=0.2, linewidth=0), band_kwargs))
        self.min_line_ = self._marker(ax, self.alpha_min, "alpha_min", "--", min_line_kwargs)
        self.se_line_ = self._marker(ax, self.alpha_1se, "alpha_1se", ":", se_line_kwargs)
        ax.set_xscale("log")
        ax.set_xlabel("alpha")
        ax.set_ylabel(self.metric_name)
        ax.legend(fontsize="small")
        self.ax_, self.figure_ = ax, fig
        return self

    @classmethod
    def from_estimator(cls, estimator, *, ax: Axes | None = None,
                       line_kwargs: dict | None = None, band_kwargs: dict | None = None,
                       min_line_kwargs: dict | None = None,
                       se_line_kwargs: dict | None = None) -> CVDisplay:
        """Draw the CV curve of a fitted cross-validated sparselearn estimator.

        Reads ``alphas_``, ``cv_mean_``, ``cv_se_``, ``alpha_min_``,
        ``alpha_1se_`` and ``alpha_`` (``LassoCV``, ``ElasticNetCV``,
        ``MultiTask*CV``, ``SparseGroupLassoCV``, ``GroupLassoCV``,
        ``SparseLogisticRegressionCV``, ``RelaxedLassoCV``). With several
        ``l1_ratio`` values the curve is the chosen ``l1_ratio_``'s (the one
        the estimator stores); for ``RelaxedLassoCV`` it is the chosen
        ``gamma_``'s. The y axis names the metric: mean squared error,
        log-loss for a classifier, or the negated ``scoring``.

        Parameters
        ----------
        estimator : fitted cross-validated sparselearn estimator
            The model.
        ax, line_kwargs, band_kwargs, min_line_kwargs, se_line_kwargs :
            As in :meth:`plot`.

        Returns
        -------
        display : CVDisplay
            The drawn display.

        Raises
        ------
        NotFittedError
            If the estimator is not fitted.
        TypeError
            If it has no CV curve.

        Examples
        --------
        >>> from importlib.util import find_spec
        >>> from sparselearn.datasets import load_prostate
        >>> from sparselearn.inspection import CVDisplay
        >>> from sparselearn.linear_model import ElasticNetCV
        >>> X, y = load_prostate(return_X_y=True)
        >>> model = ElasticNetCV(l1_ratio=[0.5, 1.0], cv=5, alpha_selection="1se").fit(X, y)
        >>> if find_spec("matplotlib"):  # drawing needs the plot extra
        ...     display = CVDisplay.from_estimator(model)
        """
        _check_matplotlib(f"{cls.__name__}.from_estimator")
        check_is_fitted(estimator)
        needed = ("alphas_", "cv_mean_", "cv_se_", "alpha_min_", "alpha_1se_")
        missing = [name for name in needed if not hasattr(estimator, name)]
        if missing:
            raise TypeError(
                f"{cls.__name__} needs a fitted cross-validated sparselearn estimator "
                "(LassoCV, ElasticNetCV, SparseLogisticRegressionCV...); "
                f"{type(estimator).__name__} has no {', '.join(missing)}.")
        mean = np.asarray(estimator.cv_mean_, dtype=np.float64)
        se = np.asarray(estimator.cv_se_, dtype=np.float64)
        curve = None
        if mean.ndim == 2:  # RelaxedLassoCV: one curve per gamma, the chosen one is drawn
            g = int(np.argmin(np.abs(np.asarray(estimator.gammas_) - estimator.gamma_)))
            mean, se = mean[g], se[g]
            curve = f"gamma = {estimator.gamma_:.3g}"
        elif np.ndim(estimator.alphas_) == 2:
            curve = f"l1_ratio = {estimator.l1_ratio_:.3g}"
        display = cls(_chosen_grid(estimator), mean, se, alpha_min=float(estimator.alpha_min_),
                      alpha_1se=float(estimator.alpha_1se_),
                      chosen_alpha=_chosen_alpha(estimator),
                      metric_name=_metric_name(estimator), curve_name=curve)
        return display.plot(ax=ax, line_kwargs=line_kwargs, band_kwargs=band_kwargs,
                            min_line_kwargs=min_line_kwargs, se_line_kwargs=se_line_kwargs)


# ----------------------------------------------------------- CoefficientDisplay
class CoefficientDisplay:
    """Horizontal bar chart of the non-zero coefficients, feature names on the y axis.

    The features are ordered from the top, by ``|coef|`` or by value, and
    only the ``n`` largest in magnitude may be kept; positive bars are blue,
    negative ones red. With several coefficient rows (multinomial classes,
    tasks) one panel holds grouped bars: a feature is shown when any row uses
    it, each row has its colour (legend) and its bar in every group, and the
    magnitude of a feature is its Euclidean norm over the rows (its value,
    the mean over the rows). The intercept is not drawn.

    Parameters
    ----------
    coef : array-like of shape (n_features,) or (n_rows, n_features)
        The coefficients, e.g. an estimator's ``coef_``.
    feature_names : sequence of str, default=None
        Names of the features; ``x0, x1, ...`` by default.
    row_names : sequence of str, default=None
        Names of the rows (classes, tasks); ``task 0, ...`` by default.

    Attributes
    ----------
    bars_ : list of matplotlib BarContainer
        One per coefficient row, its bars from the top feature down.
    ax_ : matplotlib Axes
        The axes drawn into.
    figure_ : matplotlib Figure
        The figure holding them.

    See Also
    --------
    PathDisplay : the coefficients along the whole path.

    Examples
    --------
    >>> from importlib.util import find_spec
    >>> from sparselearn.inspection import CoefficientDisplay
    >>> display = CoefficientDisplay([0.0, 1.5, -0.3], feature_names=["a", "b", "c"])
    >>> if find_spec("matplotlib"):  # drawing needs the plot extra
    ...     display = display.plot()
    """

    def __init__(self, coef: ArrayLike, *, feature_names: Sequence[str] | None = None,
                 row_names: Sequence[str] | None = None) -> None:
        self.coef = np.asarray(coef)
        self.feature_names = feature_names
        self.row_names = row_names

    def _order(self, coef: np.ndarray, n, sort: str) -> np.ndarray:
        """Indices of the drawn features, top first."""
        if sort not in ("abs", "value"):
            raise ValueError(f"sort must be 'abs' or 'value', got {sort!r}.")
        n = _check_n(n, "n", minimum=1)
        magnitude = np.sqrt((coef ** 2).sum(axis=0))
        active = np.flatnonzero(magnitude > 0)
        # the n largest in magnitude (ties: lower index), then ordered by the sort key
        active = active[np.argsort(-magnitude[active], kind="stable")][:n]
        key = magnitude if sort == "abs" else coef.mean(axis=0)
        return active[np.argsort(-key[active], kind="stable")]

    def plot(self, ax: Axes | None = None, *, n: int | None = None, sort: str = "abs",
             bar_kwargs: dict | None = None) -> CoefficientDisplay:
        """Draw the bars.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw into; a new figure by default.
        n : int, default=None
            Keep the ``n`` features largest in magnitude; None keeps every
            non-zero one.
        sort : {'abs', 'value'}, default='abs'
            Order from the top: by decreasing magnitude, or by decreasing
            value (largest positive on top, most negative at the bottom).
        bar_kwargs : dict, default=None
            Keywords of every ``ax.barh`` call (override the colours).

        Returns
        -------
        display : CoefficientDisplay
            ``self``, with ``bars_``, ``ax_``, ``figure_``.

        Examples
        --------
        >>> from importlib.util import find_spec
        >>> from sparselearn.inspection import CoefficientDisplay
        >>> display = CoefficientDisplay([[0.0, 1.5, -0.3], [0.2, 0.0, 0.0]])
        >>> if find_spec("matplotlib"):  # drawing needs the plot extra
        ...     display = display.plot(n=2, sort="value")
        """
        _check_matplotlib(f"{type(self).__name__}.plot")
        coef = self.coef.toarray() if sp.issparse(self.coef) else np.asarray(self.coef)
        coef = np.atleast_2d(coef.astype(np.float64))
        if coef.ndim != 2:
            raise ValueError(f"coef must be 1-D or 2-D, got shape {np.shape(self.coef)}.")
        n_rows, n_features = coef.shape
        names = _feature_names(self.feature_names, None, n_features)
        rows = _row_names(self.row_names, None, n_rows)
        order = self._order(coef, n, sort)
        ax, fig = _axes(ax)
        pos = np.arange(order.size)[::-1].astype(np.float64)  # the first feature on top
        height = 0.8 / n_rows
        self.bars_ = []
        for r in range(n_rows):
            values = coef[r, order]
            if n_rows == 1:
                style = dict(color=np.where(values > 0, "tab:blue", "tab:red").tolist())
            else:
                style = dict(color=f"C{r % 10}", label=rows[r])
            offset = (n_rows - 1) / 2 * height - r * height  # row 0 on top of its group
            self.bars_.append(ax.barh(pos + offset, values, height=height,
                                      **_style(style, bar_kwargs)))
        ax.set_yticks(pos, labels=[names[j] for j in order])
        ax.axvline(0.0, color="k", linewidth=0.8)
        ax.set_xlabel("Coefficient")
        if n_rows > 1:
            ax.legend(fontsize="small")
        self.ax_, self.figure_ = ax, fig
        return self

    @classmethod
    def from_estimator(cls, estimator, *, feature_names: Sequence[str] | None = None,
                       n: int | None = None, sort: str = "abs", ax: Axes | None = None,
                       bar_kwargs: dict | None = None) -> CoefficientDisplay:
        """Draw the non-zero ``coef_`` of a fitted linear model.

        Parameters
        ----------
        estimator : fitted linear model
            Anything with ``coef_`` of shape (n_features,) or (n_rows,
            n_features); the rows of a multiclass model are named after its
            ``classes_``.
        feature_names : sequence of str, default=None
            Names of the features; the estimator's ``feature_names_in_`` by
            default.
        n, sort, ax, bar_kwargs :
            As in :meth:`plot`.

        Returns
        -------
        display : CoefficientDisplay
            The drawn display.

        Raises
        ------
        NotFittedError
            If the estimator is not fitted.
        TypeError
            If it has no ``coef_``.

        Examples
        --------
        >>> from importlib.util import find_spec
        >>> from sparselearn.datasets import load_prostate
        >>> from sparselearn.inspection import CoefficientDisplay
        >>> from sparselearn.linear_model import Lasso
        >>> X, y = load_prostate(return_X_y=True, as_frame=True)
        >>> model = Lasso(alpha=0.05).fit(X, y)
        >>> if find_spec("matplotlib"):  # drawing needs the plot extra
        ...     display = CoefficientDisplay.from_estimator(model, n=5)
        """
        _check_matplotlib(f"{cls.__name__}.from_estimator")
        check_is_fitted(estimator)
        coef = getattr(estimator, "coef_", None)
        if coef is None:
            raise TypeError(f"{cls.__name__} needs a fitted linear model with coef_; "
                            f"{type(estimator).__name__} has none.")
        coef = coef.toarray() if sp.issparse(coef) else np.asarray(coef)
        n_features = coef.shape[-1]
        n_rows = coef.shape[0] if coef.ndim == 2 else 1
        display = cls(coef, feature_names=_feature_names(feature_names, estimator, n_features),
                      row_names=_row_names(None, estimator, n_rows))
        return display.plot(ax=ax, n=n, sort=sort, bar_kwargs=bar_kwargs)


# ------------------------------------------------------------- StabilityDisplay
class StabilityDisplay:
    """Stability path: each feature's selection probability against alpha.

    The selected features are drawn in colour and named in the legend (the
    ``n_labels`` with the highest probability), the others thin and grey;
    the threshold is a dashed horizontal line and the end of the region of
    the grid the selection looked at (``alphas >= alpha_min``) a dotted
    vertical one. Features never selected on any subsample (probability 0
    all along) are not drawn. Alpha is on a log scale, growing to the right.

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,)
        The grid.
    stability_scores : array-like of shape (n_features, n_alphas)
        Selection probability of each feature (or group) at each alpha.
    threshold : float
        The selection threshold.
    support : array-like of bool of shape (n_features,), default=None
        The selected features; by default those whose probability reaches
        ``threshold`` at some alpha of the region.
    feature_names : sequence of str, default=None
        Names of the features (or groups); ``x0, x1, ...`` by default.
    alpha_min : float, default=None
        Smallest alpha of the region; not drawn when None or infinite.

    Attributes
    ----------
    lines_ : list of matplotlib Line2D
        One per drawn feature, in feature order, labelled with its name.
    threshold_line_ : matplotlib Line2D
        The horizontal line at ``threshold``.
    region_line_ : matplotlib Line2D or None
        The vertical line at ``alpha_min``.
    ax_ : matplotlib Axes
        The axes drawn into.
    figure_ : matplotlib Figure
        The figure holding them.

    See Also
    --------
    sparselearn.feature_selection.StabilitySelection : computes the scores.

    Examples
    --------
    >>> from importlib.util import find_spec
    >>> from sparselearn.inspection import StabilityDisplay
    >>> scores = [[0.2, 0.9, 1.0], [0.0, 0.1, 0.4], [0.0, 0.0, 0.0]]
    >>> display = StabilityDisplay([1.0, 0.3, 0.1], scores, threshold=0.8)
    >>> display.stability_scores.shape
    (3, 3)
    >>> if find_spec("matplotlib"):  # drawing needs the plot extra
    ...     display = display.plot()
    """

    def __init__(self, alphas: ArrayLike, stability_scores: ArrayLike, threshold: float, *,
                 support: ArrayLike | None = None, feature_names: Sequence[str] | None = None,
                 alpha_min: float | None = None) -> None:
        self.alphas = np.asarray(alphas)
        self.stability_scores = np.asarray(stability_scores)
        self.threshold = threshold
        self.support = support
        self.feature_names = feature_names
        self.alpha_min = alpha_min

    def _region(self, alphas: np.ndarray) -> np.ndarray:
        if self.alpha_min is None:
            return np.ones(alphas.size, dtype=bool)
        return alphas >= self.alpha_min

    def _support_mask(self) -> np.ndarray:
        """``support``, or the features reaching the threshold in the region."""
        scores = np.asarray(self.stability_scores, dtype=np.float64)
        if self.support is not None:
            mask = np.asarray(self.support, dtype=bool)
            if mask.shape != scores.shape[:1]:
                raise ValueError(f"support must have shape ({scores.shape[0]},), got "
                                 f"{mask.shape}.")
            return mask
        region = self._region(np.asarray(self.alphas, dtype=np.float64))
        return (scores[:, region] >= self.threshold).any(axis=1)

    def plot(self, ax: Axes | None = None, *, n_labels: int | None = 10,
             selected_kwargs: dict | None = None, other_kwargs: dict | None = None,
             threshold_line_kwargs: dict | None = None,
             region_line_kwargs: dict | None = None) -> StabilityDisplay:
        """Draw the stability path.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw into; a new figure by default.
        n_labels : int or None, default=10
            Number of selected features named in the legend, by highest
            probability; None names all of them.
        selected_kwargs, other_kwargs : dict, default=None
            Keywords of the ``ax.plot`` of the selected and the other features.
        threshold_line_kwargs, region_line_kwargs : dict, default=None
            Keywords of the ``ax.axhline`` at the threshold and of the
            ``ax.axvline`` at ``alpha_min``.

        Returns
        -------
        display : StabilityDisplay
            ``self``, with ``lines_``, ``threshold_line_``, ``region_line_``,
            ``ax_``, ``figure_``.

        Examples
        --------
        >>> from importlib.util import find_spec
        >>> from sparselearn.inspection import StabilityDisplay
        >>> display = StabilityDisplay([1.0, 0.1], [[0.5, 0.7], [0.1, 0.2]], 0.6)
        >>> if find_spec("matplotlib"):  # drawing needs the plot extra
        ...     display = display.plot(n_labels=None)
        """
        _check_matplotlib(f"{type(self).__name__}.plot")
        n_labels = _check_n(n_labels, "n_labels")
        alphas = _positive_alphas(self.alphas)
        scores = np.asarray(self.stability_scores, dtype=np.float64)
        if scores.ndim != 2 or scores.shape[1] != alphas.size:
            raise ValueError(f"stability_scores must have shape (n_features, {alphas.size}), "
                             f"got {scores.shape}.")
        names = _feature_names(self.feature_names, None, scores.shape[0])
        selected = self._support_mask()
        ax, fig = _axes(ax)
        drawn = np.flatnonzero(selected | (scores > 0).any(axis=1))
        self.lines_, handles, colour = [], [], 0
        for j in drawn:
            if selected[j]:
                style = _style(dict(color=f"C{colour % 10}", linewidth=1.8, zorder=3),
                               selected_kwargs)
                colour += 1
            else:
                style = _style(dict(color="0.65", linewidth=0.8, zorder=2), other_kwargs)
            line = ax.plot(alphas, scores[j], label=names[j], **style)[0]
            self.lines_.append(line)
            if selected[j]:
                handles.append((-scores[j].max(), len(handles), line))
        handles = [line for *_, line in sorted(handles, key=lambda h: h[:2])][:n_labels]
        self.threshold_line_ = ax.axhline(self.threshold, **_style(
            dict(color="k", linestyle="--", linewidth=1,
                 label=f"threshold = {self.threshold:.3g}"), threshold_line_kwargs))
        self.region_line_ = None
        if self.alpha_min is not None and np.isfinite(self.alpha_min):
            self.region_line_ = ax.axvline(self.alpha_min, **_style(
                dict(color="k", linestyle=":", linewidth=1,
                     label=f"region: alpha >= {self.alpha_min:.3g}"), region_line_kwargs))
        ax.set_xscale("log")
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("alpha")
        ax.set_ylabel("Selection probability")
        ax.legend(handles=handles + [self.threshold_line_]
                  + ([self.region_line_] if self.region_line_ is not None else []),
                  fontsize="small")
        self.ax_, self.figure_ = ax, fig
        return self

    @classmethod
    def from_estimator(cls, selector, *, feature_names: Sequence[str] | None = None,
                       ax: Axes | None = None, n_labels: int | None = 10,
                       selected_kwargs: dict | None = None, other_kwargs: dict | None = None,
                       threshold_line_kwargs: dict | None = None,
                       region_line_kwargs: dict | None = None) -> StabilityDisplay:
        """Draw the stability path of a fitted stability selector.

        Reads ``alphas_``, ``stability_scores_``, ``threshold_``,
        ``get_support()`` and, when present, ``alpha_min_`` (the region) and
        ``feature_names_in_``, as a fitted
        :class:`~sparselearn.feature_selection.StabilitySelection` has them.
        A selector over a group estimator draws one line per group
        (``group_stability_scores_``, named after ``groups_.names`` or
        ``group 0, ...``; its selected groups are ``support_groups_``).

        Parameters
        ----------
        selector : fitted StabilitySelection
            The selector.
        feature_names : sequence of str, default=None
            Names of the features (of the groups for a group estimator); by
            default the selector's ``feature_names_in_`` (group names).
        ax, n_labels, selected_kwargs, other_kwargs, threshold_line_kwargs, \
region_line_kwargs :
            As in :meth:`plot`.

        Returns
        -------
        display : StabilityDisplay
            The drawn display.

        Raises
        ------
        NotFittedError
            If the selector is not fitted.
        TypeError
            If it has no stability path.

        Examples
        --------
        >>> from importlib.util import find_spec
        >>> import numpy as np
        >>> from sparselearn.feature_selection import StabilitySelection
        >>> from sparselearn.inspection import StabilityDisplay
        >>> rng = np.random.default_rng(0)
        >>> X = rng.standard_normal((60, 10))
        >>> y = 2 * X[:, 0] - 3 * X[:, 1] + rng.standard_normal(60)
        >>> sel = StabilitySelection(n_subsamples=10, alphas=10, random_state=0).fit(X, y)
        >>> if find_spec("matplotlib"):  # drawing needs the plot extra
        ...     display = StabilityDisplay.from_estimator(sel)
        """
        _check_matplotlib(f"{cls.__name__}.from_estimator")
        check_is_fitted(selector)
        needed = ("alphas_", "stability_scores_", "threshold_", "get_support")
        missing = [name for name in needed if not hasattr(selector, name)]
        if missing:
            raise TypeError(f"{cls.__name__} needs a fitted StabilitySelection; "
                            f"{type(selector).__name__} has no {', '.join(missing)}.")
        groups = getattr(selector, "groups_", None)
        if getattr(selector, "group_stability_scores_", None) is not None and groups is not None:
            scores = np.asarray(selector.group_stability_scores_)
            support = np.isin(np.arange(scores.shape[0]), selector.support_groups_)
            if feature_names is None:
                names = getattr(groups, "names", None)
                feature_names = (list(names) if names is not None
                                 else [f"group {g}" for g in range(scores.shape[0])])
            names = _feature_names(feature_names, None, scores.shape[0])
        else:
            scores = np.asarray(selector.stability_scores_)
            support = np.asarray(selector.get_support(), dtype=bool)
            names = _feature_names(feature_names, selector, scores.shape[0])
        alpha_min = getattr(selector, "alpha_min_", None)
        display = cls(selector.alphas_, scores, float(selector.threshold_), support=support,
                      feature_names=names,
                      alpha_min=None if alpha_min is None else float(alpha_min))
        return display.plot(ax=ax, n_labels=n_labels, selected_kwargs=selected_kwargs,
                            other_kwargs=other_kwargs,
                            threshold_line_kwargs=threshold_line_kwargs,
                            region_line_kwargs=region_line_kwargs)
