"""Safe model export: a fitted sparse linear model as plain JSON, loaded without pickle.

:func:`to_json` writes only what prediction needs: the non-zero coefficients
(with the feature names), the intercept, the classes and the constants of a
leading ``StandardScaler``. :func:`from_json` checks every field of such a
document and returns a :class:`LinearModelPredictor`, a small object that
predicts with numpy and scipy alone and can be turned back into the full
scikit-learn-style estimator. Nothing in the file is ever executed or
imported: the estimator class is looked up by name in a fixed list, and any
document that does not match the format is rejected with a ``ValueError``.
"""

from __future__ import annotations

import json
import math
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from scipy.special import log_softmax
from sklearn.base import is_classifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from . import __version__
from . import linear_model as _lm
from .utils._scaled import split_scaled

FORMAT = "sparselearn-linear-model"
FORMAT_VERSION = 1
# Prediction-only models; the CV/IC/relaxed estimators export the model they
# refit (coef_ and intercept_) and come back as themselves.
_CLASSES = {name: getattr(_lm, name) for name in _lm.__all__
            if isinstance(getattr(_lm, name), type) and hasattr(getattr(_lm, name), "fit")
            and name not in ("GroupPipeline", "GroupSpec")}
_MAX_FEATURES = 10 ** 9
# models whose prediction is exp(X coef + intercept)
_LOG_LINK = ("SparsePoissonRegressor", "SparsePoissonRegressorCV")


_SKIP = object()  # a parameter value JSON cannot hold (an object, a dict, inf)


def _json_value(value):
    """A parameter value as JSON (scalars and nested lists of them), or _SKIP."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _SKIP
    if isinstance(value, (list, tuple, np.ndarray)):
        items = [_json_value(v) for v in (value.tolist() if isinstance(value, np.ndarray)
                                          else value)]
        return _SKIP if any(v is _SKIP for v in items) else items
    return _SKIP


def _labels_to_json(classes):
    arr = np.asarray(classes)
    if arr.dtype.kind in "iu":
        kind = "int"
    elif arr.dtype.kind == "b":
        kind = "bool"
    elif arr.dtype.kind == "f":
        kind = "float"
    elif arr.dtype.kind in "UO" and all(isinstance(c, str) for c in arr.tolist()):
        kind = "str"
    else:
        raise TypeError(f"classes of dtype {arr.dtype} cannot be exported to JSON.")
    return {"kind": kind, "values": arr.tolist()}


def to_json(estimator, *, indent: int | None = None) -> str:
    """Export a fitted sparse linear model as JSON text.

    Parameters
    ----------
    estimator : fitted sparselearn linear model, or Pipeline
        Any estimator of :mod:`sparselearn.linear_model` (regressors,
        multi-task models, logistic classifiers and their CV variants), or a
        ``Pipeline`` of a ``StandardScaler`` and such a model.
    indent : int, default=None
        Passed to :func:`json.dumps`.

    Returns
    -------
    text : str
        The document: format and version, the estimator's class name and its
        JSON-representable parameters (the names of the others, such as a
        ``groups`` dict or an infinite bound, under ``dropped_params``: they
        take their defaults in ``to_estimator()`` and do not affect
        prediction), the number and names of the features, the non-zero
        coefficients as (row, column, value) triplets, the intercept, the
        classes, the link (``"log"`` for :class:`SparsePoissonRegressor`, whose
        prediction is the exponential of the linear predictor) and the
        scaler's ``mean_`` and ``scale_``.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.export import from_json, to_json
    >>> from sparselearn.linear_model import Lasso
    >>> X = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 1.0, 0.0], [3.0, 3.0, 1.0]])
    >>> model = Lasso(alpha=0.1).fit(X, [1.0, 2.0, 3.0, 5.0])
    >>> text = to_json(model)
    >>> loaded = from_json(text)
    >>> bool(np.allclose(loaded.predict(X), model.predict(X)))
    True
    """
    scaler, model = split_scaled(estimator, "to_json")
    name = type(model).__name__
    if _CLASSES.get(name) is not type(model):
        raise TypeError(f"to_json exports sparselearn linear models, got {name}.")
    check_is_fitted(model, "coef_")
    coef = np.asarray(model.coef_, dtype=np.float64)
    rows, cols = np.nonzero(np.atleast_2d(coef))
    params = {k: _json_value(v) for k, v in model.get_params().items()}
    dropped = sorted(k for k, v in params.items() if v is _SKIP)
    params = {k: v for k, v in params.items() if v is not _SKIP}
    doc = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "sparselearn_version": __version__,
        "estimator": name, "params": params, "dropped_params": dropped,
        "kind": "classifier" if is_classifier(model) else "regressor",
        "n_features": int(np.atleast_2d(coef).shape[1]),
        "feature_names": (None if getattr(model, "feature_names_in_", None) is None
                          else [str(f) for f in model.feature_names_in_]),
        "coef_shape": list(coef.shape),
        "coef": {"rows": rows.tolist(), "cols": cols.tolist(),
                 "values": np.atleast_2d(coef)[rows, cols].tolist()},
        "intercept": np.ravel(np.asarray(model.intercept_, dtype=np.float64)).tolist(),
        "intercept_is_scalar": bool(np.ndim(model.intercept_) == 0),
        "classes": (_labels_to_json(model.classes_) if hasattr(model, "classes_") else None),
        # the inverse link from the linear predictor to a regressor's prediction
        "link": "log" if name in _LOG_LINK else "identity",
        "scaler": None,
    }
    if scaler is not None:
        check_is_fitted(scaler)
        p = doc["n_features"]
        mean = getattr(scaler, "mean_", None)
        scale = getattr(scaler, "scale_", None)
        doc["scaler"] = {
            "mean": None if mean is None or not scaler.with_mean else np.asarray(
                mean, dtype=np.float64).tolist(),
            "scale": None if scale is None else np.asarray(scale, dtype=np.float64).tolist()}
        names = getattr(scaler, "feature_names_in_", None)
        if names is not None:
            doc["feature_names"] = [str(f) for f in names]
        for key in ("mean", "scale"):
            if doc["scaler"][key] is not None and len(doc["scaler"][key]) != p:
                raise ValueError("the scaler and the model disagree on the number of features.")
    return json.dumps(doc, indent=indent, allow_nan=False)


class LinearModelPredictor:
    """A loaded model: predicts from the exported coefficients with numpy and scipy only.

    Built by :func:`from_json`; not meant to be constructed directly.

    Attributes
    ----------
    estimator_name : str
        Class name of the exported estimator.
    link : str
        ``"identity"``, or ``"log"`` for a Poisson model (its prediction is
        ``exp`` of the linear predictor).
    coef : scipy.sparse.csr_matrix of shape (n_rows, n_features)
        The coefficients (one row per target or class; one row for a
        binary classifier or a single target).
    intercept : ndarray of shape (n_rows,)
    classes : ndarray or None
    feature_names : ndarray of str or None
    n_features_in_ : int
    params : dict
        The estimator parameters that were stored.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.export import from_json, to_json
    >>> from sparselearn.linear_model import SparseLogisticRegression
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    >>> clf = SparseLogisticRegression(alpha=0.01).fit(X, ["a", "a", "b", "b"])
    >>> pred = from_json(to_json(clf))
    >>> pred.predict(X).tolist()
    ['a', 'a', 'b', 'b']
    >>> type(pred.to_estimator()).__name__
    'SparseLogisticRegression'
    """

    def __init__(self, doc: dict):
        self._doc = doc
        self.estimator_name = doc["estimator"]
        self.params = dict(doc["params"])
        self.n_features_in_ = doc["n_features"]
        shape = doc["coef_shape"]
        n_rows = 1 if len(shape) == 1 else shape[0]
        c = doc["coef"]
        self.coef = sp.csr_matrix((np.asarray(c["values"], dtype=np.float64),
                                   (np.asarray(c["rows"], dtype=np.int64),
                                    np.asarray(c["cols"], dtype=np.int64))),
                                  shape=(n_rows, self.n_features_in_))
        self.intercept = np.asarray(doc["intercept"], dtype=np.float64)
        cls = doc["classes"]
        self.classes = None if cls is None else np.asarray(
            cls["values"], dtype={"int": np.int64, "bool": bool, "float": np.float64,
                                  "str": object}[cls["kind"]])
        if self.classes is not None and cls["kind"] == "str":
            self.classes = self.classes.astype(str)
        names = doc["feature_names"]
        self.feature_names = None if names is None else np.asarray(names, dtype=object)
        self.link = doc.get("link", "identity")
        scaler = doc["scaler"]
        self._mean = None if scaler is None or scaler["mean"] is None else np.asarray(
            scaler["mean"], dtype=np.float64)
        self._scale = None if scaler is None or scaler["scale"] is None else np.asarray(
            scaler["scale"], dtype=np.float64)

    def _input(self, X):
        if hasattr(X, "columns") and self.feature_names is not None:
            missing = [f for f in self.feature_names if f not in set(map(str, X.columns))]
            if missing:
                raise ValueError(f"X lacks the model's features {missing[:5]}.")
            X = X[list(self.feature_names)]
        if sp.issparse(X):
            X = sp.csr_matrix(X, dtype=np.float64)
        else:
            X = np.asarray(X, dtype=np.float64)
            if X.ndim != 2:
                raise ValueError(f"X must be 2-D, got shape {X.shape}.")
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, the model expects "
                             f"{self.n_features_in_}.")
        if self._mean is not None or self._scale is not None:
            if sp.issparse(X):
                if self._mean is not None:
                    raise ValueError("a model exported with a centering scaler needs dense X.")
                X = X @ sp.diags(1.0 / self._scale)
            else:
                X = (X - (0.0 if self._mean is None else self._mean)) / (
                    1.0 if self._scale is None else self._scale)
        return X

    def decision_function(self, X) -> np.ndarray:
        """Linear scores ``X @ coef.T + intercept`` (1-D for one row of coefficients).

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_rows)
        """
        scores = self._input(X) @ self.coef.T
        scores = (scores.toarray() if sp.issparse(scores) else np.asarray(scores)) + self.intercept
        return scores[:, 0] if self.coef.shape[0] == 1 else scores

    def predict(self, X) -> np.ndarray:
        """Predicted values (regressors) or labels (classifiers).

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_targets)
        """
        d = self.decision_function(X)
        if self.classes is None:
            if self.link == "log":  # Poisson regression: the mean is exp(X coef + b)
                with np.errstate(over="ignore"):
                    return np.exp(d)
            if len(self._doc["coef_shape"]) == 2 and d.ndim == 1:
                return d[:, None]
            return d
        idx = (d > 0).astype(int) if d.ndim == 1 else d.argmax(axis=1)
        return self.classes[idx]

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities of a logistic model (rows sum to one).

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        if self.classes is None:
            raise AttributeError("predict_proba is defined for classifiers only.")
        d = self.decision_function(X)
        if d.ndim == 1:
            d = np.stack([np.zeros_like(d), d], axis=1)
        return np.exp(log_softmax(d, axis=1))

    def to_estimator(self):
        """The full estimator, fitted with the exported coefficients (no refit).

        Returns
        -------
        estimator : sparselearn estimator, or Pipeline with its StandardScaler
        """
        cls = _CLASSES[self.estimator_name]
        known = cls().get_params()
        est = cls(**{k: v for k, v in self.params.items() if k in known})
        shape = tuple(self._doc["coef_shape"])
        est.coef_ = self.coef.toarray().reshape(shape)
        est.intercept_ = (float(self.intercept[0]) if self._doc["intercept_is_scalar"]
                          else self.intercept.copy())
        est.n_features_in_ = self.n_features_in_
        if self.classes is not None:
            est.classes_ = self.classes.copy()
        if self.feature_names is not None and self._doc["scaler"] is None:
            est.feature_names_in_ = self.feature_names.copy()
        if self._doc["scaler"] is None:
            return est
        scaler = StandardScaler(with_mean=self._mean is not None,
                                with_std=self._scale is not None)
        scaler.mean_ = self._mean
        scaler.scale_ = self._scale
        scaler.var_ = None if self._scale is None else self._scale ** 2
        scaler.n_features_in_ = self.n_features_in_
        scaler.n_samples_seen_ = 0
        if self.feature_names is not None:
            scaler.feature_names_in_ = self.feature_names.copy()
        return Pipeline([("standardscaler", scaler), (type(est).__name__.lower(), est)])


def _require(cond, message):
    if not cond:
        raise ValueError(f"invalid sparselearn model JSON: {message}.")


def _is_list(value, kind, length=None):
    return (isinstance(value, list) and (length is None or len(value) == length)
            and all(isinstance(v, kind) and not isinstance(v, bool) if kind is not bool
                    else isinstance(v, bool) for v in value))


def _finite_list(value, length=None):
    return _is_list(value, Real, length) and all(math.isfinite(v) for v in value)


def _check_doc(doc):
    _require(isinstance(doc, dict), "the top level must be an object")
    _require(doc.get("format") == FORMAT, f"'format' must be {FORMAT!r}")
    _require(doc.get("format_version") == FORMAT_VERSION,
             f"unsupported format_version {doc.get('format_version')!r}")
    _require(doc.get("estimator") in _CLASSES,
             f"unknown estimator {doc.get('estimator')!r}")
    _require(doc.get("kind") in ("classifier", "regressor"), "'kind' must be classifier/regressor")
    params = doc.get("params")
    _require(isinstance(params, dict) and all(isinstance(k, str) for k in params),
             "'params' must be an object")
    known = _CLASSES[doc["estimator"]]().get_params()
    _require(set(params) <= set(known), f"unknown parameters {sorted(set(params) - set(known))}")
    _require(_is_list(doc.get("dropped_params", []), str), "'dropped_params' must list names")
    p = doc.get("n_features")
    _require(isinstance(p, Integral) and not isinstance(p, bool) and 0 < p <= _MAX_FEATURES,
             "'n_features' must be a positive integer")
    shape = doc.get("coef_shape")
    _require(_is_list(shape, Integral) and len(shape) in (1, 2) and shape[-1] == p
             and all(0 < s <= _MAX_FEATURES for s in shape), "bad 'coef_shape'")
    n_rows = 1 if len(shape) == 1 else shape[0]
    c = doc.get("coef")
    _require(isinstance(c, dict), "'coef' must be an object")
    nnz = len(c.get("values", [])) if isinstance(c.get("values"), list) else -1
    _require(_is_list(c.get("rows"), Integral, nnz) and _is_list(c.get("cols"), Integral, nnz)
             and _finite_list(c.get("values"), nnz), "'coef' needs rows, cols and finite "
             "values of equal length")
    _require(all(0 <= r < n_rows for r in c["rows"]) and all(0 <= j < p for j in c["cols"]),
             "coefficient index out of range")
    _require(len(set(zip(c["rows"], c["cols"]))) == nnz, "repeated coefficient index")
    _require(_finite_list(doc.get("intercept"), n_rows), f"'intercept' must hold {n_rows} "
             "finite numbers")
    _require(isinstance(doc.get("intercept_is_scalar"), bool), "bad 'intercept_is_scalar'")
    names = doc.get("feature_names")
    _require(names is None or (_is_list(names, str, p) and len(set(names)) == p),
             "'feature_names' must be null or n_features distinct strings")
    classes = doc.get("classes")
    if doc["kind"] == "classifier":
        kinds = {"int": Integral, "str": str, "bool": bool, "float": Real}
        _require(isinstance(classes, dict) and classes.get("kind") in kinds
                 and _is_list(classes.get("values"), kinds[classes["kind"]])
                 and len(classes["values"]) >= 2
                 and len(set(classes["values"])) == len(classes["values"]),
                 "'classes' must list at least two distinct labels of one kind")
        k = len(classes["values"])
        _require(n_rows == (1 if k == 2 else k), "coefficient rows do not match the classes")
    else:
        _require(classes is None, "a regressor has no classes")
    # documents written before the field existed are linear ("identity")
    link = doc.get("link", "identity")
    expected = "log" if doc["estimator"] in _LOG_LINK else "identity"
    _require(link == expected, f"'link' must be {expected!r} for {doc['estimator']}")
    scaler = doc.get("scaler")
    if scaler is not None:
        _require(isinstance(scaler, dict), "'scaler' must be null or an object")
        for key in ("mean", "scale"):
            _require(scaler.get(key) is None or _finite_list(scaler[key], p),
                     f"scaler '{key}' must be null or n_features finite numbers")
        _require(scaler.get("scale") is None or all(s > 0 for s in scaler["scale"]),
                 "scaler 'scale' must be positive")


def from_json(text: str | bytes) -> LinearModelPredictor:
    """Load a model written by :func:`to_json`, checking every field.

    Parameters
    ----------
    text : str or bytes
        The JSON document.

    Returns
    -------
    predictor : LinearModelPredictor
        Predicts without the estimator class; ``to_estimator()`` gives the
        full estimator back.

    Raises
    ------
    ValueError
        If the text is not JSON, not this format, or any field is missing,
        of the wrong type, out of range, non-finite or inconsistent.

    Examples
    --------
    >>> from sparselearn.export import from_json
    >>> from_json('{"format": "pickle"}')
    Traceback (most recent call last):
    ...
    ValueError: invalid sparselearn model JSON: 'format' must be 'sparselearn-linear-model'.
    """
    if isinstance(text, (bytes, bytearray)):
        text = text.decode("utf-8")
    if not isinstance(text, str):
        raise TypeError(f"from_json expects str or bytes, got {type(text).__name__}.")

    def no_constants(token):
        raise ValueError(f"invalid sparselearn model JSON: non-finite number {token}.")

    try:
        doc = json.loads(text, parse_constant=no_constants)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid sparselearn model JSON: {exc}.") from None
    _check_doc(doc)
    return LinearModelPredictor(doc)
