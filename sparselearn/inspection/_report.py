"""coef_report: which variables a fitted sparse model uses, and how sure we are."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import is_classifier
from sklearn.model_selection import check_cv
from sklearn.utils import _safe_indexing
from sklearn.utils.validation import check_is_fitted

from ..feature_selection._paths import estimator_path, path_family, path_l1_ratio
from ..utils._scaled import split_scaled


def _alpha_choice(model) -> str:
    """How alpha was chosen, in words."""
    if hasattr(model, "criterion_"):
        return f"information criterion ({str(getattr(model, 'criterion', '')).upper()})"
    if hasattr(model, "alpha_min_"):
        rule = getattr(model, "alpha_selection", getattr(model, "selection", "min"))
        n = model.mse_path_.shape[-1] if hasattr(model, "mse_path_") else (
            model.cv_path_.shape[-1] if hasattr(model, "cv_path_") else "?")
        words = ("one-standard-error rule" if rule == "1se" else "minimum CV error")
        return f"{n}-fold cross-validation, {words}"
    if hasattr(model, "alpha_"):
        return "cross-validation"
    return "given"


def _add_ratio(table, model):
    """``exp(coef)``: the odds ratio of a logistic model, the rate ratio of a Poisson one."""
    try:
        family = path_family(model)
    except TypeError:
        return
    name = {"logistic": "odds_ratio", "poisson": "rate_ratio"}.get(family)
    if name is not None:
        table[name] = np.exp(table["coef"].to_numpy())


def _alpha(model) -> float:
    return float(getattr(model, "alpha_", getattr(model, "alpha", np.nan)))


def _objective(model, X, y, sample_weight) -> float | None:
    """The objective the estimator minimizes at its solution (None when not known here)."""
    try:
        family = path_family(model)
    except TypeError:
        return None
    coef = np.atleast_2d(np.asarray(model.coef_, dtype=np.float64))
    alpha, rho = _alpha(model), path_l1_ratio(model)
    n = X.shape[0]
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    if family == "logistic":
        if getattr(model, "groups", None) is not None or getattr(
                model, "class_weight", None) is not None:
            return None
        logp = model.predict_log_proba(X)
        idx = np.searchsorted(model.classes_, np.asarray(y))
        datafit = -float(sw @ logp[np.arange(n), idx]) / sw.sum()
    elif family == "poisson":
        eta = model._linear_predictor(X)
        with np.errstate(over="ignore"):
            datafit = float(sw @ (np.exp(eta) - np.asarray(y, dtype=np.float64) * eta)) / sw.sum()
    else:
        pred = np.asarray(model.predict(X), dtype=np.float64).reshape(n, -1)
        resid = np.asarray(y, dtype=np.float64).reshape(n, -1) - pred
        datafit = float(sw @ (resid ** 2).sum(axis=1)) / (2.0 * sw.sum())
    if family == "group" or (family == "poisson" and getattr(model, "groups_", None)
                             is not None):
        spec, weights = model.groups_, model.weights_
        grouped = spec.labels >= 0
        norms = np.sqrt(np.bincount(spec.labels[grouped], weights=coef[0, grouped] ** 2,
                                    minlength=spec.n_groups))
        penalty = (1 - rho) * float(weights @ norms) + rho * float(np.abs(coef[0]).sum())
        return datafit + alpha * penalty
    pf = getattr(model, "penalty_factor", None)
    pf = np.ones(coef.shape[1]) if pf is None else np.asarray(pf, dtype=np.float64)
    l1 = np.linalg.norm(coef, axis=0) if coef.shape[0] > 1 and family == "enet" else np.abs(
        coef).sum(axis=0)
    l2 = (coef ** 2).sum(axis=0)
    return datafit + alpha * float(pf @ (rho * l1 + 0.5 * (1 - rho) * l2))


def _entry_alphas(model, X, y, sample_weight):
    """Largest alpha of the path at which each feature is non-zero (0: never), or None."""
    path = getattr(model, "coef_path_", None)
    alphas = getattr(model, "alphas_", None)
    if path is not None and alphas is not None:
        alphas = np.asarray(alphas)
        if alphas.ndim == 2:  # several l1_ratios: the chosen one's grid
            alphas = alphas[list(np.ravel(model.l1_ratio)).index(model.l1_ratio_)]
        coefs = np.asarray(path)
        coefs = coefs.reshape(-1, coefs.shape[-2], coefs.shape[-1])  # (rows, p, n_alphas)
        nonzero = np.any(coefs != 0, axis=0)  # (p, n_alphas)
    elif X is not None and y is not None:
        try:
            alphas, coefs = estimator_path(model, X, y, sample_weight=sample_weight)
        except TypeError:
            return None
        nonzero = np.any(coefs != 0, axis=1).T
    else:
        return None
    entry = np.zeros(nonzero.shape[0])
    for k in np.argsort(alphas):  # increasing alpha: the largest that selects wins
        entry[nonzero[:, k]] = alphas[k]
    return entry


def _cv_frequency(model, X, y, sample_weight, cv):
    """Fraction of CV training folds whose fit at the chosen alpha selects each feature."""
    splitter = check_cv(cv, y, classifier=is_classifier(model))
    alpha = _alpha(model)
    counts = np.zeros(X.shape[1])
    n_folds = 0
    for train, _ in splitter.split(X, y):
        sw = None if sample_weight is None else np.asarray(sample_weight)[train]
        _, coefs = estimator_path(model, _safe_indexing(X, train), np.asarray(y)[train],
                                  alphas=[alpha], sample_weight=sw)
        counts += np.any(coefs[0] != 0, axis=0)
        n_folds += 1
    return counts / n_folds


@dataclass
class CoefReport:
    """A coefficient table and a model summary; built by :func:`coef_report`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per feature (per class and feature for a multinomial model).
    summary : dict
        Model-level facts: estimator, alpha and how it was chosen, number of
        non-zero coefficients, intercept, objective, duality gap, convergence.
    """

    table: pd.DataFrame
    summary: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The coefficient table (a copy).

        Returns
        -------
        DataFrame
        """
        return self.table.copy()

    def summary_frame(self) -> pd.DataFrame:
        """The summary as a two-column table (item, value).

        Returns
        -------
        DataFrame
        """
        return pd.DataFrame({"item": list(self.summary),
                             "value": [_fmt(v) for v in self.summary.values()]})

    def to_markdown(self) -> str:
        """The summary and the table as GitHub-flavoured Markdown.

        Returns
        -------
        str
        """
        return "\n\n".join([_markdown(self.summary_frame()), _markdown(self.table)]) + "\n"

    def to_html(self) -> str:
        """The summary and the table as an HTML fragment (no scripts, no external links).

        Returns
        -------
        str
        """
        return (self.summary_frame().to_html(index=False, classes="summary", escape=True,
                                             header=False)
                + "\n" + self.table.to_html(index=False, classes="coefficients", escape=True,
                                            na_rep="", float_format=_fmt))

    def _repr_html_(self) -> str:
        return self.to_html()


def _fmt(value) -> str:
    if isinstance(value, (float, np.floating)):
        return "" if np.isnan(value) else f"{value:.6g}"
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(_fmt(v) for v in np.ravel(value))
    return str(value)


def _markdown(frame: pd.DataFrame) -> str:
    cells = [[_fmt(v).replace("|", "\\|") for v in row] for row in frame.itertuples(index=False)]
    head = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines)


def coef_report(estimator, X=None, y=None, *, feature_names=None, sample_weight=None,
                stability=None, cv=None, nonzero_only: bool = True) -> CoefReport:
    """Report which variables a fitted sparse model uses, on both scales, and how sure we are.

    Parameters
    ----------
    estimator : fitted sparselearn linear model, or Pipeline(StandardScaler, model)
    X, y : training data, optional
        Needed for the standardized coefficients of a model fitted on raw
        data, for the entry ranks of a model without a stored path, for the
        objective, and for ``cv``.
    feature_names : sequence of str, default=None
        Defaults to ``feature_names_in_``, else ``x0, x1, ...``.
    sample_weight : array-like of shape (n_samples,), default=None
        The weights used in the fit.
    stability : fitted StabilitySelection, default=None
        Adds its per-feature stability scores.
    cv : int, CV splitter or iterable, default=None
        Adds ``cv_frequency``: in how many of these training folds a fit at
        the chosen alpha selects the feature (needs ``X`` and ``y``).
    nonzero_only : bool, default=True
        List only the features with a non-zero coefficient.

    Returns
    -------
    CoefReport
        ``table`` columns: ``feature``, ``class`` (classifiers and multi-task
        models), ``coef`` (original scale), ``std_coef`` (per standard
        deviation of the feature), ``sign``, ``entry_alpha`` and
        ``entry_rank`` (1 = first to enter the path as alpha decreases),
        ``group`` (group models), ``odds_ratio`` (logistic: ``exp(coef)``),
        ``rate_ratio`` (Poisson: ``exp(coef)``, the factor on the mean),
        ``cv_frequency`` and ``stability`` when asked; sorted by entry rank,
        then by ``|std_coef|``.

    Examples
    --------
    >>> from sparselearn.datasets import load_prostate
    >>> from sparselearn.inspection import coef_report
    >>> from sparselearn.linear_model import LassoCV
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> X, y = load_prostate(return_X_y=True, as_frame=True)
    >>> model = make_pipeline(StandardScaler(), LassoCV(cv=5, alpha_selection="1se"))
    >>> report = coef_report(model.fit(X, y), X, y)
    >>> report.table[["feature", "std_coef", "entry_rank"]].round(3)
       feature  std_coef  entry_rank
    0   lcavol     0.543           1
    1      svi     0.165           2
    2  lweight     0.150           3
    >>> report.summary["alpha chosen by"]
    '5-fold cross-validation, one-standard-error rule'
    """
    scaler, model = split_scaled(estimator, "coef_report")
    check_is_fitted(model, "coef_")
    coef = np.atleast_2d(np.asarray(model.coef_, dtype=np.float64))
    n_rows, p = coef.shape
    if feature_names is None:
        source = scaler if scaler is not None and hasattr(scaler, "feature_names_in_") else model
        feature_names = getattr(source, "feature_names_in_", None)
    names = (np.asarray([f"x{j}" for j in range(p)], dtype=object) if feature_names is None
             else np.asarray(feature_names, dtype=object))
    if names.shape != (p,):
        raise ValueError(f"feature_names has {names.shape[0]} names for {p} features.")
    Xa = None
    if X is not None:
        Xa = X.to_numpy(dtype=np.float64) if hasattr(X, "to_numpy") else X
    # model coefficients live on the scale the model saw; report both scales
    if scaler is not None:
        scale = np.ones(p) if getattr(scaler, "scale_", None) is None else scaler.scale_
        std_coef, orig_coef = coef, coef / scale
        Xm = None if X is None else scaler.transform(X)
    else:
        orig_coef, Xm = coef, X
        std = None
        if Xa is not None:
            if hasattr(Xa, "toarray"):
                mean = np.asarray(Xa.mean(axis=0)).ravel()
                std = np.sqrt(np.maximum(np.asarray(Xa.multiply(Xa).mean(axis=0)).ravel()
                                         - mean ** 2, 0))
            else:
                std = np.asarray(Xa, dtype=np.float64).std(axis=0)
        std_coef = coef * std if std is not None else np.full_like(coef, np.nan)

    entry = _entry_alphas(model, Xm, y, sample_weight)
    classes = getattr(model, "classes_", None)
    if classes is not None and n_rows == 1:
        row_labels = [classes[1]]
    elif classes is not None:
        row_labels = list(classes)
    else:
        row_labels = list(range(n_rows))
    frames = []
    for r in range(n_rows):
        sign = np.where(coef[r] > 0, "+", np.where(coef[r] < 0, "-", "0"))
        frame = pd.DataFrame({"feature": names, "coef": orig_coef[r], "std_coef": std_coef[r],
                              "sign": sign})
        if n_rows > 1 or classes is not None:
            frame.insert(1, "class", row_labels[r])
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    tile = np.tile(np.arange(p), n_rows)
    if entry is not None:
        table["entry_alpha"] = entry[tile]
        order = np.unique(-entry[entry > 0])  # dense ranks: ties enter together
        rank = pd.array(np.searchsorted(order, -entry) + 1, dtype="Int64")
        rank[entry <= 0] = pd.NA
        table["entry_rank"] = rank[tile]
    spec = getattr(model, "groups_", None)
    if spec is not None:
        labels = np.asarray(spec.labels)
        gnames = (np.asarray(spec.names, dtype=object) if spec.names is not None
                  else np.arange(spec.n_groups).astype(object))
        named = np.append(gnames, "(unpenalized)")  # label -1 picks the last entry
        table["group"] = named[labels[tile]]
    _add_ratio(table, model)
    if cv is not None:
        if Xm is None or y is None:
            raise ValueError("cv needs X and y.")
        table["cv_frequency"] = _cv_frequency(model, Xm, y, sample_weight, cv)[tile]
    if stability is not None:
        scores = getattr(stability, "scores_", None)  # the maximum over the selection region
        if scores is None:
            scores = np.asarray(stability.stability_scores_).max(axis=1)
        if len(scores) != p:
            raise ValueError("stability was fitted on a different number of features.")
        table["stability"] = np.asarray(scores)[tile]
    if nonzero_only:
        table = table[table["sign"] != "0"]
    sort_cols = (["entry_rank"] if entry is not None else []) + ["_abs"]
    table = (table.assign(_abs=-np.abs(table["std_coef"].fillna(table["coef"])))
             .sort_values(sort_cols, kind="stable", na_position="last")
             .drop(columns="_abs").reset_index(drop=True))
    return CoefReport(table, _summary(model, scaler, coef, orig_coef, Xm, y, sample_weight))


def _summary(model, scaler, coef, orig_coef, Xm, y, sample_weight) -> dict:
    intercept = np.ravel(np.asarray(getattr(model, "intercept_", 0.0), dtype=np.float64))
    if scaler is not None and getattr(scaler, "mean_", None) is not None and scaler.with_mean:
        intercept = intercept - orig_coef @ scaler.mean_  # on the original scale
    summary = {
        "estimator": type(model).__name__,
        "alpha": _alpha(model),
        "alpha chosen by": _alpha_choice(model),
        "l1_ratio": path_l1_ratio(model) if _has_path(model) else np.nan,
        "non-zero coefficients": int(np.count_nonzero(coef)),
        "features used": int(np.count_nonzero(np.any(coef != 0, axis=0))),
        "features": int(coef.shape[1]),
        "intercept": intercept[0] if intercept.size == 1 else intercept,
    }
    if hasattr(model, "alpha_1se_"):
        summary["alpha_min (CV)"] = float(model.alpha_min_)
        summary["alpha_1se (CV)"] = float(model.alpha_1se_)
    if scaler is not None:
        summary["preprocessing"] = "StandardScaler (coefficients reported on both scales)"
    if Xm is not None and y is not None:
        value = _objective(model, Xm, y, sample_weight)
        if value is not None:
            summary["objective"] = value
    if hasattr(model, "dual_gap_"):
        summary["duality gap"] = float(np.max(model.dual_gap_))
    n_iter = getattr(model, "n_iter_", None)
    max_iter = getattr(model, "max_iter", None)
    if n_iter is not None and max_iter is not None:
        summary["iterations"] = int(np.max(n_iter))
        summary["converged"] = bool(np.max(n_iter) < max_iter)
    return summary


def _has_path(model) -> bool:
    try:
        path_family(model)
    except TypeError:
        return False
    return True
