"""top_terms and document_contributions read a linear text model correctly."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from sparselearn.inspection import document_contributions, top_terms
from sparselearn.linear_model import Lasso, MultiTaskLasso, SparseLogisticRegression


@pytest.fixture(scope="module")
def reuters(load_shared):
    ds = load_shared("reuters_acq_crude")
    vec = TfidfVectorizer(min_df=2)
    X = vec.fit_transform(ds.X)
    return ds, vec, X


@pytest.fixture(scope="module")
def news3(load_shared):
    """Three newsgroups, shuffled (the loader sorts the posts by group)."""
    ds = load_shared("20newsgroups", subset="train",
                     categories=["rec.autos", "sci.med", "sci.space"])
    order = np.random.default_rng(0).permutation(len(ds.X))[:610]
    return [ds.X[i] for i in order], ds.y[order]


def _brute_top(values, names, n, sign=1.0):
    order = sorted(range(len(values)), key=lambda j: (-sign * values[j], j))
    return [names[j] for j in order[:n] if sign * values[j] > 0]


def test_top_terms_binary(reuters):
    ds, vec, X = reuters
    clf = SparseLogisticRegression(alpha=0.01).fit(X, np.array(ds.target_names)[ds.y])
    table = top_terms(clf, vec, n=5)
    names = list(vec.get_feature_names_out())
    coef = clf.coef_[0]
    pos = table[table["class"] == clf.classes_[1]]
    neg = table[table["class"] == clf.classes_[0]]
    assert list(pos["term"]) == _brute_top(coef, names, 5)
    assert list(neg["term"]) == _brute_top(coef, names, 5, sign=-1.0)
    assert (pos["coef"] > 0).all() and (neg["coef"] < 0).all()
    assert list(pos["rank"]) == list(range(1, len(pos) + 1))
    assert "crude" in set(pos["term"]) | set(neg["term"]) or "oil" in set(table["term"])


def test_top_terms_multiclass_and_regression(news3):
    docs, y = news3
    vec = CountVectorizer(min_df=3, stop_words="english")
    X = vec.fit_transform(docs[:600])
    y = y[:600]
    names = list(vec.get_feature_names_out())
    clf = SparseLogisticRegression(alpha=0.01).fit(X, y)
    table = top_terms(clf, vec, n=4)
    for k, label in enumerate(clf.classes_):
        assert list(table.loc[table["class"] == label, "term"]) == _brute_top(
            clf.coef_[k], names, 4)
    reg = Lasso(alpha=0.01).fit(X, y == 1)
    table = top_terms(reg, names, n=6)
    order = np.argsort(-np.abs(reg.coef_), kind="stable")[:6]
    assert list(table["term"]) == [names[j] for j in order]
    multi = MultiTaskLasso(alpha=0.02).fit(X.toarray(), np.c_[y == 0, y == 2])
    assert set(top_terms(multi, vec, n=3)["class"]) == {0, 1}


def test_contributions_add_up_to_the_decision_function(reuters):
    ds, vec, X = reuters
    clf = SparseLogisticRegression(alpha=0.005).fit(X, ds.y)
    docs = ds.X[:7]
    table = document_contributions(clf, vec, docs, n=10 ** 6)
    total = table.groupby("document")["contribution"].sum().reindex(range(7), fill_value=0.0)
    np.testing.assert_allclose(total + clf.intercept_[0], clf.decision_function(vec.transform(
        docs)), rtol=1e-10, atol=1e-12)
    first = table[table["document"] == 0]["contribution"].abs().to_numpy()
    assert np.all(np.diff(first) <= 0)  # largest first
    np.testing.assert_allclose(table["value"] * table["coef"], table["contribution"])
    short = document_contributions(clf, vec, docs, n=3)
    assert (short.groupby("document").size() <= 3).all()


def test_contributions_multiclass_explain_the_predicted_class(news3):
    docs, y = news3
    vec = CountVectorizer(min_df=3)
    X = vec.fit_transform(docs[:400])
    clf = SparseLogisticRegression(alpha=0.02).fit(X, y[:400])
    table = document_contributions(clf, vec, docs[400:410], n=10 ** 6)
    scores = clf.decision_function(vec.transform(docs[400:410]))
    for doc, part in table.groupby("document"):
        label = part["class"].iloc[0]
        k = list(clf.classes_).index(label)
        assert label == clf.predict(vec.transform(docs[400 + doc:401 + doc]))[0]
        np.testing.assert_allclose(part["contribution"].sum() + clf.intercept_[k],
                                   scores[doc, k], rtol=1e-10)
    fixed = document_contributions(clf, vec, docs[400:403], target=2)
    assert set(fixed["class"]) == {2}
    with pytest.raises(ValueError, match="target"):
        document_contributions(clf, vec, docs[400:403], target=7)


def test_bad_input(reuters):
    ds, vec, X = reuters
    clf = SparseLogisticRegression(alpha=0.01).fit(X, ds.y)
    with pytest.raises(ValueError, match="n must"):
        top_terms(clf, vec, n=0)
    with pytest.raises(ValueError, match="columns"):
        top_terms(clf, ["a", "b"])
    with pytest.raises(ValueError, match="features"):
        document_contributions(clf, None, np.ones((2, 3)))
    from sklearn.exceptions import NotFittedError
    with pytest.raises(NotFittedError):
        top_terms(SparseLogisticRegression(), vec)
