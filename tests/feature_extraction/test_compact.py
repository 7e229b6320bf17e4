"""compact(): the cut vectorizer + estimator pair predicts exactly as the original one."""

import pickle

import numpy as np
import pytest
from sklearn.feature_extraction import text as sktext
from sklearn.pipeline import make_pipeline

from sparselearn.feature_extraction._compact import ColumnSubset, compact, used_columns
from sparselearn.linear_model import Lasso, SparseLogisticRegression


@pytest.fixture(scope="module")
def news(load_shared):
    """Posts of three newsgroups (train on the older ones, test on the newer, unseen words)."""
    ds = load_shared("20newsgroups", subset="all",
                     categories=["rec.autos", "sci.med", "sci.space"])
    docs = [text.partition("\n\n")[2] for text in ds.X]
    train = np.flatnonzero(ds.is_train)[::3]
    test = np.flatnonzero(~ds.is_train)[::6]
    return ([docs[i] for i in train], ds.y[train], [docs[i] for i in test], ds.y[test])


VECTORIZERS = {
    "count": lambda: sktext.CountVectorizer(min_df=2),
    "count-binary-bigrams": lambda: sktext.CountVectorizer(binary=True, ngram_range=(1, 2),
                                                           min_df=3),
    "tfidf-unnormalized": lambda: sktext.TfidfVectorizer(norm=None, sublinear_tf=True,
                                                         min_df=2),
    "tfidf-l2": lambda: sktext.TfidfVectorizer(min_df=2, stop_words="english"),
    "hashing": lambda: sktext.HashingVectorizer(n_features=2 ** 14),
}


def _fitted(name, docs, y, binary):
    vec = VECTORIZERS[name]()
    X = vec.fit_transform(docs)
    if binary:
        y = (y == 0).astype(int)
    alpha = 0.002 if name in ("tfidf-l2", "hashing") else 0.01
    clf = SparseLogisticRegression(alpha=alpha, tol=1e-6).fit(X, y)
    return vec, clf, y


@pytest.mark.parametrize("binary", [True, False], ids=["binary", "multinomial"])
@pytest.mark.parametrize("name", list(VECTORIZERS))
def test_compact_pair_predicts_identically(news, name, binary):
    docs, y, test_docs, _ = news
    vec, clf, y = _fitted(name, docs, y, binary)
    small_vec, small_clf = compact(vec, clf)
    cols = used_columns(clf)
    assert 0 < len(cols) < 0.2 * np.atleast_2d(clf.coef_).shape[1]
    assert small_clf.coef_.shape[-1] == len(cols) == small_clf.n_features_in_
    for batch in (docs, test_docs):
        X_small = small_vec.transform(batch)
        assert X_small.shape == (len(batch), len(cols))
        np.testing.assert_array_equal(small_clf.predict(X_small),
                                      clf.predict(vec.transform(batch)))
        np.testing.assert_allclose(small_clf.decision_function(X_small),
                                   clf.decision_function(vec.transform(batch)),
                                   rtol=1e-10, atol=1e-12)
    names = np.asarray(small_vec.get_feature_names_out())
    if name.startswith("count") or name == "tfidf-unnormalized":
        # the vocabulary itself is cut: the small pair is small
        assert len(small_vec.vocabulary_) == len(cols)
        assert not hasattr(small_vec, "stop_words_")
        np.testing.assert_array_equal(names, vec.get_feature_names_out()[cols])
        assert len(pickle.dumps((small_vec, small_clf))) < 0.2 * len(pickle.dumps((vec, clf)))
    else:
        assert isinstance(small_vec, ColumnSubset)
        if name == "tfidf-l2":
            np.testing.assert_array_equal(names, vec.get_feature_names_out()[cols])


def test_compact_regression_and_pipeline(news):
    docs, y, test_docs, _ = news
    target = np.array([len(d) for d in docs], dtype=float) / 1000.0
    pipe = make_pipeline(sktext.CountVectorizer(min_df=2), Lasso(alpha=0.05)).fit(docs, target)
    small = compact(pipe)
    assert len(small.steps) == 2
    assert len(small[0].vocabulary_) == np.count_nonzero(pipe[-1].coef_)
    np.testing.assert_allclose(small.predict(test_docs), pipe.predict(test_docs), rtol=1e-12)


def test_compact_rejects_bad_input(news):
    docs, y, _, _ = news
    vec = sktext.CountVectorizer().fit(docs[:50])
    with pytest.raises(TypeError, match="estimator"):
        compact(vec)
    from sklearn.exceptions import NotFittedError
    with pytest.raises(NotFittedError):
        compact(vec, SparseLogisticRegression())
    other = SparseLogisticRegression(alpha=0.01).fit(
        sktext.CountVectorizer().fit_transform(docs[:80]), np.arange(80) % 2)
    with pytest.raises(ValueError, match="columns"):
        compact(vec, other)
    with pytest.raises(TypeError, match="vectorizer"):
        compact(object(), other)
