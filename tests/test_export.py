"""Safe JSON export: identical predictions after a round trip; hostile documents rejected."""

import copy
import json

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sparselearn.export import LinearModelPredictor, from_json, to_json
from sparselearn.linear_model import (ElasticNet, GroupLasso, Lasso, LassoCV, MultiTaskLasso,
                                      SparseLogisticRegression)

rng = np.random.default_rng(0)
X = rng.standard_normal((60, 12))
y = X[:, 0] - 2 * X[:, 3] + 0.3 * rng.standard_normal(60)
Y = np.c_[y, X[:, 5]]
LABELS3 = np.digitize(y, [-1.0, 1.0])

CASES = {
    "lasso": (lambda: Lasso(alpha=0.1), y),
    "enet-no-intercept": (lambda: ElasticNet(alpha=0.1, fit_intercept=False), y),
    "multitask": (lambda: MultiTaskLasso(alpha=0.1), Y),
    "lassocv": (lambda: LassoCV(cv=3), y),
    "group": (lambda: GroupLasso(alpha=0.1, groups=np.repeat(np.arange(4), 3)), y),
    "logistic-str": (lambda: SparseLogisticRegression(alpha=0.02),
                     np.where(y > 0, "yes", "no")),
    "logistic-bool": (lambda: SparseLogisticRegression(alpha=0.02), y > 0),
    "multinomial": (lambda: SparseLogisticRegression(alpha=0.01), LABELS3),
}


@pytest.mark.parametrize("case", list(CASES))
def test_round_trip_predicts_identically(case):
    make, target = CASES[case]
    model = make().fit(X, target)
    text = to_json(model)
    doc = json.loads(text)
    assert len(doc["coef"]["values"]) == np.count_nonzero(model.coef_)  # only the non-zeros
    loaded = from_json(text)
    assert isinstance(loaded, LinearModelPredictor)
    Xs = sp.csr_matrix(X)
    full = loaded.to_estimator()
    assert type(full) is type(model)
    same = (np.testing.assert_array_equal if hasattr(model, "classes_") else
            lambda a, b: np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12))
    for data in (X, Xs):
        same(loaded.predict(data), model.predict(X))
        same(full.predict(data), model.predict(X))
    if hasattr(model, "predict_proba"):
        np.testing.assert_allclose(loaded.predict_proba(X), model.predict_proba(X),
                                   rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(loaded.classes, model.classes_)
        np.testing.assert_allclose(full.decision_function(X), model.decision_function(X),
                                   rtol=1e-12)
    np.testing.assert_allclose(full.coef_, model.coef_, rtol=0, atol=0)
    assert np.shape(full.intercept_) == np.shape(model.intercept_)


def test_json_holds_no_float_rounding():
    model = Lasso(alpha=0.05).fit(X, y)
    full = from_json(to_json(model)).to_estimator()
    np.testing.assert_array_equal(full.coef_, model.coef_)  # repr round-trips floats exactly
    assert full.intercept_ == model.intercept_


def test_feature_names_and_pipeline_with_scaler():
    df = pd.DataFrame(X * 10 + 3, columns=[f"f{j}" for j in range(12)])
    pipe = make_pipeline(StandardScaler(), Lasso(alpha=0.1)).fit(df, y)
    loaded = from_json(to_json(pipe))
    assert list(loaded.feature_names) == list(df.columns)
    np.testing.assert_allclose(loaded.predict(df), pipe.predict(df), rtol=1e-12)
    shuffled = df[df.columns[::-1]]  # columns are matched by name
    np.testing.assert_allclose(loaded.predict(shuffled), pipe.predict(df), rtol=1e-12)
    np.testing.assert_allclose(loaded.to_estimator().predict(df), pipe.predict(df), rtol=1e-12)
    with pytest.raises(ValueError, match="lacks"):
        loaded.predict(df.drop(columns="f3"))
    plain = Lasso(alpha=0.1).fit(df, y)
    assert list(from_json(to_json(plain)).to_estimator().feature_names_in_) == list(df.columns)


def test_unexportable_input():
    with pytest.raises(TypeError, match="sparselearn"):
        to_json(StandardScaler().fit(X))
    from sklearn.exceptions import NotFittedError
    with pytest.raises(NotFittedError):
        to_json(Lasso())
    loaded = from_json(to_json(Lasso(alpha=0.1).fit(X, y)))
    with pytest.raises(ValueError, match="features"):
        loaded.predict(X[:, :5])
    with pytest.raises(AttributeError, match="classifiers"):
        loaded.predict_proba(X)


def _mutations():
    """(description, function that spoils a valid document)."""
    def setter(path, value):
        def spoil(doc):
            target = doc
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        return spoil
    return [
        ("format", setter(["format"], "pickle")),
        ("version", setter(["format_version"], 99)),
        ("estimator import path", setter(["estimator"], "os.system")),
        ("unknown parameter", setter(["params", "__reduce__"], 1)),
        ("params not an object", setter(["params"], [1, 2])),
        ("n_features bool", setter(["n_features"], True)),
        ("n_features huge", setter(["n_features"], 10 ** 12)),
        ("coef shape", setter(["coef_shape"], [2, 3, 4])),
        ("column out of range", lambda d: d["coef"]["cols"].__setitem__(0, 10 ** 6)),
        ("negative row", lambda d: d["coef"]["rows"].__setitem__(0, -1)),
        ("lengths differ", lambda d: d["coef"]["values"].append(1.0)),
        ("string value", lambda d: d["coef"]["values"].__setitem__(0, "1e3")),
        ("duplicate index", lambda d: (d["coef"]["rows"].append(d["coef"]["rows"][0]),
                                       d["coef"]["cols"].append(d["coef"]["cols"][0]),
                                       d["coef"]["values"].append(1.0))),
        ("intercept length", setter(["intercept"], [0.0, 1.0, 2.0])),
        ("classes missing", setter(["classes"], None)),
        ("classes mixed", setter(["classes"], {"kind": "str", "values": ["a", 1]})),
        ("classes count", setter(["classes"], {"kind": "int", "values": [0, 1, 2, 3]})),
        ("feature names", setter(["feature_names"], ["a"])),
        ("scaler scale", setter(["scaler"], {"mean": None, "scale": [-1.0] * 12})),
        ("top level", lambda d: d.clear()),
    ]


@pytest.mark.parametrize("description,spoil", _mutations(), ids=[m[0] for m in _mutations()])
def test_hostile_or_malformed_documents_are_rejected(description, spoil):
    model = SparseLogisticRegression(alpha=0.02).fit(X, LABELS3 > 0)
    doc = json.loads(to_json(model))
    assert from_json(json.dumps(doc)).predict(X).shape == (60,)
    bad = copy.deepcopy(doc)
    spoil(bad)
    with pytest.raises(ValueError, match="invalid sparselearn model JSON"):
        from_json(json.dumps(bad))


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", '{"format": NaN}', "null",
                                  '{"format": "sparselearn-linear-model", "format_version": 1,'
                                  ' "estimator": "Lasso", "coef": {"values": [Infinity]}}'])
def test_non_documents_are_rejected(text):
    with pytest.raises(ValueError, match="invalid sparselearn model JSON"):
        from_json(text)
    with pytest.raises(TypeError):
        from_json(12)


def test_skops_round_trip_with_only_sparselearn_types():
    sio = pytest.importorskip("skops.io")
    for make, target in (CASES["lasso"], CASES["multinomial"], CASES["group"]):
        model = make().fit(X, target)
        data = sio.dumps(model)
        untrusted = sio.get_untrusted_types(data=data)
        # only our own estimator classes need trusting: no functions, dataclasses or numba
        assert all(t.startswith("sparselearn.") for t in untrusted), untrusted
        loaded = sio.loads(data, trusted=untrusted)
        np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
