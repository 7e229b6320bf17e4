"""sparselearn.feature_extraction.text against scikit-learn, which is the specification.

"Same" below means the same sparse matrix object type, dtype, index dtypes and
the same ``data``, ``indices`` and ``indptr`` arrays (entries in the same order),
and the same ``vocabulary_`` dict (values, value types and insertion order).
The 20 newsgroups oracle (``news20_counts``, scikit-learn 1.9.1's
``CountVectorizer(dtype=int32)`` on the raw posts) is checked on the whole
corpus; the many parameter combinations run on a few hundred posts and on a
small corpus of awkward Unicode.
"""

import collections
import io
import pickle
import re
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import sklearn
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction import text as sk
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from sparselearn.feature_extraction import _stream
from sparselearn.feature_extraction.text import (CountVectorizer, InvertibleHashingVectorizer,
                                                 TfidfVectorizer)

UNICODE_DOCS = [
    "Ünïcödé façade — naïve café; ÉCOLE élève",
    "ΣΊΣΥΦΟΣ and ΟΔΟΣ: final sigma ΣΑΣ, Σ alone",
    "İstanbul DİYARBAKIR ıi Iİ straße STRASSE ǅemal ﬁne",
    "日本語のテキスト 中文 한국어 ๑๒๓ ٣٤ ²³ ½ x² 𝐀𝐁𝐂 𝟙𝟚 emoji 🙂🙂 ok",
    "snake_case __dunder__ a_ _b 12 3 x1 1x ß_ß",
    "combining: e\u0301te\u0301 cafe\u0301 zero\u200bwidth soft\u00adhyphen nbsp\u00a0x",
    "",
    "a b c d",
    "tab\tsep\nnew line\r\ncarriage  two  spaces",
    "MiXeD CaSe mixed case MIXED CASE mixed",
    "lone surrogate \ud800 here and \udfff",
    "Ǆ ǅ ǆ ΐ ΰ and ﬃ ligatures",
]


def assert_same(ours, theirs):
    """Same matrix type, dtypes and arrays (also the order of the entries)."""
    assert type(ours) is type(theirs)
    assert ours.shape == theirs.shape
    assert ours.dtype == theirs.dtype
    assert ours.indices.dtype == theirs.indices.dtype
    assert ours.indptr.dtype == theirs.indptr.dtype
    np.testing.assert_array_equal(ours.indptr, theirs.indptr)
    np.testing.assert_array_equal(ours.indices, theirs.indices)
    np.testing.assert_array_equal(ours.data, theirs.data)


def assert_same_vocabulary(ours, theirs):
    assert list(ours.items()) == list(theirs.items())
    assert [type(v) for v in ours.values()] == [type(v) for v in theirs.values()]


# ----------------------------------------------------------------- the data
@pytest.fixture(scope="module")
def news(load_shared):
    docs, y = load_shared("20newsgroups")
    return docs


@pytest.fixture(scope="module")
def small(request):
    """300 posts to fit on, 100 other posts to transform.

    Without the shared data, generated documents stand in, so that the parity
    tests still run (with a weaker corpus); the news20 tests are skipped.
    """
    try:
        news = request.getfixturevalue("news")
    except pytest.skip.Exception:
        return _generated(300, seed=0), _generated(100, seed=1)
    return news[:6000:20], news[6001:8000:20]


def _generated(n, seed):
    words = ("the of and to in is that for space NASA orbit launch God car engine "
             "can't won't e-mail user@host.com Dr. U.S. 1993 3.14 x86 _id re: >> -- "
             "Ünïcödé café naïve Straße ΣΟΦΙΑ").split()
    rng = np.random.default_rng(seed)
    # UNICODE_DOCS[10] (a lone surrogate) is left out: it cannot be hashed (UTF-8)
    return [" ".join(rng.choice(words, size=rng.integers(0, 120))) + "\n" + UNICODE_DOCS[i % 10]
            for i in range(n)]


# --------------------------------------------------------- the oracle
def test_count_vectorizer_matches_news20_oracle(news, load_shared):
    """The whole corpus, once: counts and vocabulary of news20_counts, and transform."""
    oracle = load_shared("news20_counts")
    Xo = oracle.X
    vec = CountVectorizer(dtype=np.int32)
    X = vec.fit_transform(news)
    assert X.shape == Xo.shape == (18846, 173762)
    assert X.dtype == np.int32 and X.nnz == Xo.nnz == 2952534
    np.testing.assert_array_equal(vec.get_feature_names_out(), oracle.feature_names)
    assert vec.vocabulary_ == {t: i for i, t in enumerate(oracle.feature_names)}
    Xs = X.copy()
    Xs.sort_indices()
    np.testing.assert_array_equal(Xs.indptr, Xo.indptr)
    np.testing.assert_array_equal(Xs.indices, Xo.indices)
    np.testing.assert_array_equal(Xs.data, Xo.data)
    # transform sorts the columns of each row, as scikit-learn's does
    assert_same(vec.transform(news), sp.csr_matrix(Xo))


def test_news20_same_as_scikit_learn_including_entry_order(news):
    """fit_transform leaves each row in first-appearance order, like scikit-learn,
    so tf-idf row norms are summed in the same order: identical float values."""
    theirs = sk.CountVectorizer()
    Xs = theirs.fit_transform(news)
    ours = CountVectorizer()
    assert_same(ours.fit_transform(news), Xs)
    assert_same_vocabulary(ours.vocabulary_, theirs.vocabulary_)
    tfidf = TfidfVectorizer()
    # what scikit-learn's TfidfVectorizer does: its float64 counts, in their order
    # (not Xs.astype, which sorts the indices)
    counts = sp.csr_matrix((Xs.data.astype(np.float64), Xs.indices, Xs.indptr), shape=Xs.shape)
    expected = sk.TfidfTransformer().fit_transform(counts)
    assert_same(tfidf.fit_transform(news), expected)


# ------------------------------------------- parity on many parameter sets
COUNT_PARAMS = [
    {},
    {"dtype": np.int32},
    {"dtype": np.float32},
    {"lowercase": False},
    {"binary": True},
    {"min_df": 2},
    {"max_df": 0.5},
    {"min_df": 0.02, "max_df": 0.9},
    {"max_df": 30, "min_df": 3},
    {"max_features": 100},
    {"max_features": 100, "binary": True, "min_df": 2},
    {"ngram_range": (1, 2)},
    {"ngram_range": (2, 3), "min_df": 2},
    {"ngram_range": (1, 3), "stop_words": "english", "max_features": 500},
    {"ngram_range": (3, 3), "lowercase": False},
    {"stop_words": "english"},
    {"stop_words": ["the", "of", "and", "to", "a"]},
    {"strip_accents": "unicode"},
    {"strip_accents": "ascii", "ngram_range": (1, 2)},
    {"token_pattern": r"\b\w+\b"},
    {"token_pattern": r"(?u)\w+", "ngram_range": (1, 2)},
    {"token_pattern": r"\w\w+"},
    {"token_pattern": r"[a-z]{3,}"},
    {"token_pattern": r"(\w+)@"},
    {"ngram_range": (0, 2)},  # accepted by scikit-learn: an empty-string feature
    {"analyzer": "char", "ngram_range": (2, 4), "max_features": 2000},
    {"analyzer": "char_wb", "ngram_range": (1, 3)},
    {"analyzer": str.split},
    {"tokenizer": str.split, "token_pattern": None},
    {"preprocessor": str.upper},
    {"vocabulary": ["the", "of", "and", "space", "nasa", "not_a_word", "God"]},
    {"vocabulary": {"nasa": 1, "space": 0, "orbit launch": 2}, "ngram_range": (1, 2)},
    {"vocabulary": {"space", "the", "of"}, "binary": True},
]


def _ids(params):
    def show(v):  # a set prints in hash order: sort it, so every xdist worker agrees
        return sorted(v) if isinstance(v, (set, frozenset)) else getattr(v, "__name__", v)
    names = ("%s=%s" % (k, show(v)) for k, v in params.items())
    return ",".join(names) or "defaults"


def _fit_both(cls_ours, cls_theirs, params, docs):
    """Both fitted, or None after checking that both raised the same error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # e.g. token_pattern unused: both warn
        ours, theirs = cls_ours(**params), cls_theirs(**params)
        try:
            Xs = theirs.fit_transform(docs)
        except ValueError as exc:
            with pytest.raises(type(exc)) as info:
                ours.fit_transform(docs)
            assert str(info.value) == str(exc)
            return None
        return ours, ours.fit_transform(docs), theirs, Xs


def _subset(params, small):
    """Fewer documents for character n-grams (a few thousand features per post)."""
    fit_docs, other = small
    if params.get("analyzer") in ("char", "char_wb"):
        return fit_docs[:60], other[:20]
    return fit_docs, other


@pytest.mark.parametrize("params", COUNT_PARAMS, ids=_ids)
def test_count_vectorizer_same_as_scikit_learn(params, small):
    fit_docs, other = _subset(params, small)
    for docs in (fit_docs, UNICODE_DOCS):
        fitted = _fit_both(CountVectorizer, sk.CountVectorizer, params, docs)
        if fitted is None:  # e.g. no 3-gram in two of the Unicode documents
            continue
        ours, X, theirs, Xs = fitted
        assert_same(X, Xs)
        assert_same_vocabulary(ours.vocabulary_, theirs.vocabulary_)
        assert ours.fixed_vocabulary_ == theirs.fixed_vocabulary_
        np.testing.assert_array_equal(ours.get_feature_names_out(),
                                      theirs.get_feature_names_out())
        for new in (other, UNICODE_DOCS[::-1], fit_docs):
            assert_same(ours.transform(new), theirs.transform(new))
        # scikit-learn's private contract, kept for code that calls it
        vocab, Xc = ours._count_vocab(docs, fixed_vocab=False)
        vocab_s, Xc_s = theirs._count_vocab(docs, fixed_vocab=False)
        assert vocab == vocab_s
        assert_same(Xc, Xc_s)


TFIDF_PARAMS = [
    {},
    {"dtype": np.float32},
    {"norm": "l1"},
    {"norm": None, "use_idf": False},
    {"smooth_idf": False, "sublinear_tf": True},
    {"sublinear_tf": True, "dtype": np.float32, "norm": "l1"},
    {"use_idf": False, "binary": True, "dtype": np.float32},
    {"ngram_range": (1, 2), "min_df": 2, "max_features": 300},
    {"analyzer": "char_wb", "ngram_range": (2, 3), "dtype": np.float32},
    {"vocabulary": ["the", "space", "nasa", "god"], "smooth_idf": False},
]


@pytest.mark.parametrize("params", TFIDF_PARAMS, ids=_ids)
def test_tfidf_vectorizer_same_as_scikit_learn(params, small):
    fit_docs, other = _subset(params, small)
    ours, X, theirs, Xs = _fit_both(TfidfVectorizer, sk.TfidfVectorizer, params, fit_docs)
    assert_same(X, Xs)
    assert_same_vocabulary(ours.vocabulary_, theirs.vocabulary_)
    if theirs.use_idf:
        assert ours.idf_.dtype == theirs.idf_.dtype
        np.testing.assert_array_equal(ours.idf_, theirs.idf_)
    assert_same(ours.transform(other), theirs.transform(other))
    # fit then transform gives the sorted-column matrix, as scikit-learn's does
    assert_same(clone(ours).fit(fit_docs).transform(fit_docs), theirs.transform(fit_docs))


def test_float32_output_kept(small):
    docs = small[0]
    for vec in (CountVectorizer(dtype=np.float32), TfidfVectorizer(dtype=np.float32),
                InvertibleHashingVectorizer(dtype=np.float32)):
        assert vec.fit_transform(docs).dtype == np.float32
        assert vec.transform(docs).dtype == np.float32
    assert TfidfVectorizer(dtype=np.float32).fit(docs).idf_.dtype == np.float32


def test_same_across_batches(small, monkeypatch):
    """Tiny batches: the interning state carries over between batches."""
    docs = small[0] + UNICODE_DOCS
    monkeypatch.setattr(_stream, "BATCH_CHARS", 3000)
    monkeypatch.setattr(_stream, "BATCH_FEATURES", 500)
    for params in ({}, {"ngram_range": (1, 3), "stop_words": "english"},
                   {"analyzer": "char", "ngram_range": (1, 3)}, {"max_features": 40}):
        some = docs[-90:] if "analyzer" in params else docs  # char n-grams: fewer documents
        ours, X, theirs, Xs = _fit_both(CountVectorizer, sk.CountVectorizer, params, some)
        assert_same(X, Xs)
        assert_same_vocabulary(ours.vocabulary_, theirs.vocabulary_)
        assert_same(ours.transform(some[::-1]), theirs.transform(some[::-1]))
    hv = InvertibleHashingVectorizer(ngram_range=(1, 2))
    assert_same(hv.fit_transform(docs), sk.HashingVectorizer(ngram_range=(1, 2)).transform(docs))


def test_compiled_tokens_equal_regex(small):
    """The compiled tokenizer finds what re.findall finds, on every pattern it takes."""
    docs = small[0][:50] + UNICODE_DOCS
    for pattern, min_len in _stream.WORD_PATTERNS.items():
        vec = CountVectorizer(token_pattern=pattern, lowercase=False)
        assert _stream.fast_min_len(vec) == min_len
        stream = _stream.FeatureStream(vec)
        keys = np.concatenate([k for _, k in stream.batches(docs)])
        tokens = [stream.features[k] for k in keys.tolist()]
        expected = [t for d in docs for t in re.findall(pattern, d)]
        assert tokens == expected


def test_random_unicode_same_as_scikit_learn():
    """Random documents over an alphabet of awkward characters (case changes that
    change the length, final sigma, marks, digits, separators, astral letters)."""
    alphabet = list("aZ_9 .,-'\t\nİıΣσςßẞǅ²½٣é\u0301\u200b\u00a0日𝐀🙂") + ["\ud800"]
    rng = np.random.default_rng(0)
    docs = ["".join(rng.choice(alphabet, size=rng.integers(0, 40))) for _ in range(300)]
    for params in ({}, {"lowercase": False, "ngram_range": (1, 2)},
                   {"token_pattern": r"\w+", "ngram_range": (2, 3)},
                   {"strip_accents": "unicode", "stop_words": ["ıı", "σς"]}):
        ours, X, theirs, Xs = _fit_both(CountVectorizer, sk.CountVectorizer, params, docs)
        assert_same(X, Xs)
        assert_same_vocabulary(ours.vocabulary_, theirs.vocabulary_)
        assert_same(ours.transform(docs[::-1]), theirs.transform(docs[::-1]))


def test_word_table_is_regex_word():
    table = _stream.word_characters(0x110000)
    sample = list(range(0, 0x3000)) + list(range(0x1D400, 0x1D800)) + [0x10FFFF, 0xE000]
    expected = [re.match(r"\w", chr(c)) is not None for c in sample]
    assert table[sample].astype(bool).tolist() == expected


def test_input_kinds(small, tmp_path):
    docs = small[0][:40]
    expected = sk.CountVectorizer().fit_transform(docs)
    assert_same(CountVectorizer().fit_transform(iter(docs)), expected)
    assert_same(CountVectorizer().fit_transform(pd.Series(docs)), expected)
    assert_same(CountVectorizer(input="file").fit_transform(io.StringIO(d) for d in docs),
                expected)
    paths = []
    for i, d in enumerate(docs + UNICODE_DOCS):
        paths.append(tmp_path / ("%d.txt" % i))
        paths[-1].write_bytes(d.encode("utf-8", "surrogatepass"))
    for kw in ({"encoding": "latin-1"}, {"decode_error": "replace"},
               {"decode_error": "ignore", "ngram_range": (1, 2)}):
        assert_same(CountVectorizer(input="filename", **kw).fit_transform(paths),
                    sk.CountVectorizer(input="filename", **kw).fit_transform(paths))
    raw = [d.encode("utf-8") for d in UNICODE_DOCS[:6]]
    assert_same(CountVectorizer().fit_transform(raw), sk.CountVectorizer().fit_transform(raw))


def test_sparse_interface_config(small):
    docs = small[0][:30]
    with sklearn.config_context(sparse_interface="sparray"):
        for ours, theirs in ((CountVectorizer(), sk.CountVectorizer()),
                             (TfidfVectorizer(), sk.TfidfVectorizer())):
            X = ours.fit_transform(docs)
            assert isinstance(X, sp.csr_array)
            assert_same(X, theirs.fit_transform(docs))
            assert_same(ours.transform(docs), theirs.transform(docs))
        assert_same(InvertibleHashingVectorizer().fit_transform(docs),
                    sk.HashingVectorizer().transform(docs))


# --------------------------------------------------------- errors, warnings
@pytest.mark.parametrize("cls", [CountVectorizer, TfidfVectorizer, InvertibleHashingVectorizer])
def test_string_instead_of_documents(cls):
    vec = cls()
    for method in ("fit", "fit_transform"):
        with pytest.raises(ValueError, match="Iterable over raw text documents expected"):
            getattr(vec, method)("a single string")
    vec = cls().fit(["some words here"])
    with pytest.raises(ValueError, match="Iterable over raw text documents expected"):
        vec.transform("a single string")


@pytest.mark.parametrize("params, docs, match", [
    ({}, ["a b", "c"], "empty vocabulary"),
    ({"stop_words": ["ab"]}, ["ab ab"], "empty vocabulary"),
    ({"min_df": 2}, ["aa bb", "cc dd"], "After pruning, no terms remain"),
    ({"max_df": 1, "min_df": 2}, ["aa bb", "aa cc"], "max_df corresponds to < documents"),
    ({"ngram_range": (2, 1)}, ["aa bb"], "Invalid value for ngram_range"),
    ({"token_pattern": r"(a)(b)"}, ["ab"], "More than 1 capturing group"),
    ({"strip_accents": "nope"}, ["ab"], None),
    ({"min_df": -1}, ["aa"], None),
    ({"vocabulary": ["aa", "aa"]}, ["aa"], "Duplicate term"),
    ({"vocabulary": []}, ["aa"], "empty vocabulary passed to fit"),
    ({}, ["aa", np.nan], "np.nan is an invalid document"),
])
def test_errors_like_scikit_learn(params, docs, match):
    with pytest.raises(ValueError, match=match) as ours:
        CountVectorizer(**params).fit_transform(docs)
    with pytest.raises(ValueError, match=match) as theirs:
        sk.CountVectorizer(**params).fit_transform(docs)
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value)


def test_other_errors_like_scikit_learn():
    for cls in (CountVectorizer, sk.CountVectorizer):
        with pytest.raises(NotFittedError):
            cls().transform(["aa"])
        with pytest.raises(AttributeError):  # lowercasing a non-string document
            cls().fit_transform(["aa", 3])
        with pytest.raises(TypeError):
            cls(lowercase=False).fit_transform(["aa", 3])
    with pytest.raises(ValueError, match="Cannot vectorize empty sequence"):
        InvertibleHashingVectorizer().transform([])


def test_unencodable_term_fails_to_hash_like_scikit_learn():
    docs = ["ok \ud800 x"]  # a lone surrogate has no UTF-8 bytes to hash
    for vec in (sk.HashingVectorizer(analyzer="char"),
                InvertibleHashingVectorizer(analyzer="char")):
        with pytest.raises(UnicodeEncodeError):
            vec.fit_transform(docs)


def test_warnings_like_scikit_learn():
    for cls in (CountVectorizer, sk.CountVectorizer):
        with pytest.warns(UserWarning, match="Upper case characters found in vocabulary"):
            cls(vocabulary=["Space", "nasa"]).fit_transform(["space nasa"])
        with pytest.warns(UserWarning, match="stop_words may be inconsistent"):
            cls(stop_words=["you've"]).fit_transform(["you've got mail"])


def test_no_stop_words_attribute_like_scikit_learn(small):
    """scikit-learn (since 1.5) keeps no ``stop_words_``; the pruned terms are not stored."""
    ours = CountVectorizer(min_df=2).fit(small[0])
    theirs = sk.CountVectorizer(min_df=2).fit(small[0])
    assert hasattr(ours, "stop_words_") == hasattr(theirs, "stop_words_") is False


# ------------------------------------------------------ estimator protocol
@pytest.mark.parametrize("cls, base", [(CountVectorizer, sk.CountVectorizer),
                                       (TfidfVectorizer, sk.TfidfVectorizer),
                                       (InvertibleHashingVectorizer, sk.HashingVectorizer)])
def test_pickle_clone_params(cls, base, small):
    docs, other = small
    vec = cls(ngram_range=(1, 2), dtype=np.float32)
    assert isinstance(vec, base)
    assert vec.get_params() == base(ngram_range=(1, 2), dtype=np.float32).get_params()
    X = vec.fit_transform(docs)
    copy = pickle.loads(pickle.dumps(vec))
    assert_same(copy.transform(other), vec.transform(other))
    assert_same(copy.fit_transform(docs), X)
    fresh = clone(vec)
    assert fresh.get_params() == vec.get_params()
    assert not hasattr(fresh, "n_documents_") and not hasattr(fresh, "vocabulary_")
    assert_same(fresh.fit_transform(docs), X)
    assert repr(vec).startswith(cls.__name__ + "(")


def test_pipeline_predictions_as_with_scikit_learn(small, load_shared):
    docs, y = load_shared("20newsgroups", categories=["sci.space", "rec.autos"])
    docs, y = docs[::4], y[::4]
    assert 0.3 < y.mean() < 0.7
    for ours, theirs in ((TfidfVectorizer(min_df=2), sk.TfidfVectorizer(min_df=2)),
                         (InvertibleHashingVectorizer(n_features=2**12),
                          sk.HashingVectorizer(n_features=2**12))):
        p1 = make_pipeline(ours, LogisticRegression(max_iter=200)).fit(docs, y)
        p2 = make_pipeline(theirs, LogisticRegression(max_iter=200)).fit(docs, y)
        np.testing.assert_array_equal(p1.predict_proba(docs), p2.predict_proba(docs))


# ------------------------------------------------------------ hashing
HASH_PARAMS = [
    {},
    {"n_features": 2**10},
    {"alternate_sign": False, "norm": "l1"},
    {"norm": None, "n_features": 64},
    {"binary": True, "n_features": 32, "norm": None},
    {"ngram_range": (1, 2), "stop_words": "english"},
    {"dtype": np.float32, "n_features": 2**8},
    {"analyzer": "char_wb", "ngram_range": (2, 4), "n_features": 2**12},
    {"lowercase": False, "strip_accents": "unicode", "token_pattern": r"\b\w+\b"},
    {"n_features": 2**30 + 3, "norm": None},  # no scratch array of n_features
]


@pytest.mark.parametrize("params", HASH_PARAMS, ids=_ids)
def test_hashing_same_as_scikit_learn(params, small):
    fit_docs, other = _subset(params, small)
    theirs = sk.HashingVectorizer(**params)
    for docs in (fit_docs, UNICODE_DOCS[:10]):
        expected = theirs.transform(docs)
        assert_same(InvertibleHashingVectorizer(**params).transform(docs), expected)
        vec = InvertibleHashingVectorizer(**params)
        assert_same(vec.fit_transform(docs), expected)
        assert_same(vec.transform(other), theirs.transform(other))


def test_hashing_news20_subset_same_as_scikit_learn(news):
    docs = news[::4]
    assert_same(InvertibleHashingVectorizer().fit_transform(docs),
                sk.HashingVectorizer().transform(docs))


def _brute_force(docs, vec):
    """Term -> (document count, total count) with scikit-learn's analyzer and a Counter."""
    analyze = sk.HashingVectorizer(**vec.get_params()).build_analyzer()
    tf, df = collections.Counter(), collections.Counter()
    for doc in docs:
        terms = analyze(doc)
        tf.update(terms)
        df.update(set(terms))
    return tf, df


@pytest.mark.parametrize("params", [{}, {"ngram_range": (1, 2), "n_features": 2**16},
                                    {"alternate_sign": False, "n_features": 2**12},
                                    {"analyzer": "char", "ngram_range": (1, 2)}], ids=_ids)
def test_inverse_map_is_complete(params, small):
    docs = small[0] + UNICODE_DOCS[:10]
    vec = InvertibleHashingVectorizer(**params).fit(docs)
    tf, df = _brute_force(docs, vec)
    terms = vec.terms_
    assert list(terms.columns) == ["term", "column", "sign", "doc_count", "count"]
    assert sorted(terms["term"]) == sorted(tf)
    assert dict(zip(terms["term"], terms["count"])) == dict(tf)
    assert dict(zip(terms["term"], terms["doc_count"])) == dict(df)
    assert vec.n_documents_ == len(docs)
    # column and sign: where scikit-learn's hasher puts each term
    hasher = FeatureHasher(n_features=vec.n_features, input_type="string",
                           alternate_sign=vec.alternate_sign)
    H = sp.csr_matrix(hasher.transform([[t] for t in terms["term"]]))
    np.testing.assert_array_equal(H.indices, terms["column"])
    np.testing.assert_array_equal(H.data, terms["sign"])
    # sorted by column, then by decreasing count
    key = list(zip(terms["column"], -terms["count"], terms["term"]))
    assert key == sorted(key)


def test_collisions_and_names():
    docs = ["alpha beta gamma delta epsilon zeta eta theta iota kappa lambda",
            "alpha alpha beta mu nu xi omicron pi rho sigma tau upsilon"]
    vec = InvertibleHashingVectorizer(n_features=8).fit(docs)
    terms, coll = vec.terms_, vec.collisions_
    sizes = terms["column"].value_counts()
    assert set(coll["column"]) == set(sizes[sizes > 1].index) != set()
    assert len(coll) == int(sizes[sizes > 1].sum())
    names = vec.get_feature_names_out()
    assert names.shape == (8,) and names.dtype == object and len(set(names)) == 8
    for j in range(8):
        col = vec.column_terms(j)
        assert (col["column"] == j).all()
        if len(col) == 0:
            assert names[j] == "hash:%d" % j
        elif len(col) == 1:
            assert names[j] == col["term"].iloc[0]
        else:
            shown = names[j].split("|")
            assert shown[:3] == col["term"].tolist()[:3]
            if len(col) > 3:
                assert shown[3] == "...(+%d)" % (len(col) - 3)
    # the most frequent term of its column comes first
    assert names[terms.loc[terms["term"] == "alpha", "column"].iloc[0]].startswith("alpha")
    with pytest.raises(IndexError):
        vec.column_terms(8)


def test_term_weights_apply_the_sign():
    vec = InvertibleHashingVectorizer(n_features=2**10).fit(["aa bb cc dd ee ff gg"])
    coef = np.arange(2**10, dtype=float)
    w = vec.term_weights(coef)
    assert (w["weight"] == w["sign"] * coef[w["column"]]).all()
    assert set(w["sign"]) == {-1, 1}
    assert (np.diff(np.abs(w["weight"])) <= 0).all()
    pd.testing.assert_frame_equal(vec.term_weights(coef[None, :]), w)  # a binary coef_
    with pytest.raises(ValueError):
        vec.term_weights(coef[:-1])


def test_partial_fit_accumulates(small):
    docs = small[0]
    whole = InvertibleHashingVectorizer(ngram_range=(1, 2)).fit(docs)
    parts = InvertibleHashingVectorizer(ngram_range=(1, 2))
    for i in range(0, len(docs), 70):
        parts.partial_fit(docs[i:i + 70])
    pd.testing.assert_frame_equal(parts.terms_, whole.terms_)
    assert parts.n_documents_ == whole.n_documents_ == len(docs)
    refit = whole.fit(docs[:10])  # fit forgets
    assert refit.n_documents_ == 10
    assert refit.terms_["count"].sum() < parts.terms_["count"].sum()


def test_unfitted_hashing_vectorizer():
    vec = InvertibleHashingVectorizer(n_features=16)
    assert vec.transform(["aa bb"]).shape == (1, 16)  # like scikit-learn: no fit needed
    for attr in ("terms_", "collisions_"):
        with pytest.raises(NotFittedError):
            getattr(vec, attr)
    with pytest.raises(NotFittedError):
        vec.get_feature_names_out()
    assert not hasattr(vec, "terms_")
