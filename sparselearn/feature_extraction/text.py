"""Text vectorizers: scikit-learn's, faster, and a hashing one whose columns map back to terms.

:class:`CountVectorizer` and :class:`TfidfVectorizer` are subclasses of
scikit-learn's classes with the same parameters, attributes and output
(the same matrices, index for index, and the same ``vocabulary_``); only the
counting is replaced.  :class:`InvertibleHashingVectorizer` transforms exactly
like scikit-learn's ``HashingVectorizer`` and, once fitted, knows which terms
fall into each column.

How the counting is fast: see :mod:`sparselearn.feature_extraction._stream`.
With ``analyzer="word"``, no custom preprocessor or tokenizer and the default
token pattern (or another pattern for runs of word characters, see
``_stream.WORD_PATTERNS``), tokens are found, interned and counted by compiled
kernels; every other configuration uses scikit-learn's own analyzer for the
features and vectorised dict operations for the counting.  Either way the
result is the one scikit-learn computes.
"""

from __future__ import annotations

import warnings
from itertools import repeat
from numbers import Integral
from typing import Iterable, Union

import numpy as np
import pandas as pd
import scipy.sparse as sp
from numpy.typing import ArrayLike
from sklearn import get_config
from sklearn.base import _fit_context
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction import text as _sk
from sklearn.preprocessing import normalize
from sklearn.utils import murmurhash3_32

from .._numba import text as _kernels
from ._compact import ColumnSubset, compact
from ._stream import FeatureStream

__all__ = ["ColumnSubset", "CountVectorizer", "InvertibleHashingVectorizer", "TfidfVectorizer",
           "compact"]

# what the vectorizers return: csr_matrix, or csr_array under
# sklearn.set_config(sparse_interface="sparray")
_SparseMatrix = Union[sp.csr_matrix, sp.csr_array]

_STRING_INPUT = "Iterable over raw text documents expected, string object received."


def _configured(X):
    """``X`` as the sparse interface scikit-learn is configured to return (spmatrix default)."""
    if get_config().get("sparse_interface", "spmatrix") == "sparray":
        return X if isinstance(X, sp.sparray) else getattr(sp, X.format + "_array")(X)
    return X if sp.isspmatrix(X) else getattr(sp, X.format + "_matrix")(X)


def _check_documents(raw_documents):
    if isinstance(raw_documents, str):
        raise ValueError(_STRING_INPUT)


def _stack(pieces, n_rows, n_cols, dtype, values_dtype=np.intc):
    """A CSR array from per-batch ``(row_nnz, indices, data)``, dtypes as scikit-learn's."""
    if len(pieces) == 1:
        row_nnz, indices, data = pieces[0]
    elif pieces:
        row_nnz, indices, data = (np.concatenate(p) for p in zip(*pieces))
    else:
        row_nnz = np.zeros(0, np.int64)
        indices, data = np.zeros(0, np.int32), np.zeros(0, np.int64)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(row_nnz, out=indptr[1:])
    index_dtype = np.int64 if indptr[-1] > np.iinfo(np.int32).max else np.int32
    return sp.csr_array((data.astype(values_dtype, copy=False),
                         indices.astype(index_dtype, copy=False), indptr.astype(index_dtype)),
                        shape=(n_rows, n_cols), dtype=dtype)


def _term_order(features, compiled):
    """Permutation sorting the features as ``sorted(vocabulary.items())`` does."""
    if compiled:  # all strings, all distinct: the key alone decides
        return np.array(sorted(range(len(features)), key=features.__getitem__), dtype=np.intp)
    return np.array([i for _, i in sorted(zip(features, range(len(features))))], dtype=np.intp)


_PARAMETERS_DOC = """
    input : {"content", "filename", "file"}, default="content"
        What the documents are: strings (or bytes), file names, or file objects.
    encoding : str, default="utf-8"
        Encoding used to decode bytes.
    decode_error : {"strict", "ignore", "replace"}, default="strict"
        What to do with bytes that are invalid in ``encoding``.
    strip_accents : {"ascii", "unicode"} or callable, default=None
        Accent removal applied after lowercasing.
    lowercase : bool, default=True
        Lowercase the documents before tokenizing.
    preprocessor : callable, default=None
        Replaces the lowercasing/accent step (then the generic, slower path is used).
    tokenizer : callable, default=None
        Replaces the token pattern (generic path).
    stop_words : {"english"}, list or None, default=None
        Tokens removed before the n-grams are formed.
    token_pattern : str or None, default=r"(?u)\\b\\w\\w+\\b"
        Regular expression of a token (words of two or more word characters).
    ngram_range : tuple (min_n, max_n), default=(1, 1)
        Lengths of the word (or character) n-grams.
    analyzer : {"word", "char", "char_wb"} or callable, default="word"
        What the features are made of.
    max_df, min_df : float in [0, 1] or int, default=1.0 and 1
        Terms in more than ``max_df`` / fewer than ``min_df`` documents (a
        proportion when a float) are dropped; ignored with a fixed vocabulary.
    max_features : int, default=None
        Keep only the terms most frequent over the corpus.
    vocabulary : mapping or iterable, default=None
        A fixed vocabulary (term -> column, or the terms in column order).
    binary : bool, default=False
        Presence (1) instead of counts."""

_ATTRIBUTES_DOC = """
    vocabulary_ : dict
        Term -> column (columns in sorted term order).
    fixed_vocabulary_ : bool
        Whether the vocabulary was given by the user."""

_NO_STOP_WORDS_DOC = """
    The terms dropped by ``max_df``, ``min_df`` and ``max_features`` are not
    stored: scikit-learn removed that attribute (``stop_words_``, which could
    hold most of a large vocabulary) in version 1.5, and this class follows it,
    so a fitted vectorizer holds only the kept vocabulary."""


class CountVectorizer(_sk.CountVectorizer):
    __doc__ = """Matrix of token counts: scikit-learn's ``CountVectorizer``, faster.

    A subclass of :class:`sklearn.feature_extraction.text.CountVectorizer`
    with the same parameters, defaults, attributes and methods.  ``fit_transform``
    and ``transform`` return the same matrices (same ``data``, ``indices``,
    ``indptr`` and dtypes) and ``vocabulary_`` is the same dict, in the same
    insertion order.
""" + _NO_STOP_WORDS_DOC + """

    Parameters
    ----------""" + _PARAMETERS_DOC + """
    dtype : dtype, default=np.int64
        Type of the matrix.

    Attributes
    ----------""" + _ATTRIBUTES_DOC + """

    Notes
    -----
    Compiled path: ``analyzer="word"``, no ``preprocessor`` or ``tokenizer``
    callable, and a ``token_pattern`` that matches runs of word characters
    (the default ``r"(?u)\\b\\w\\w+\\b"``, ``r"\\w+"`` and a few equivalent
    spellings); every other parameter (``lowercase``, ``strip_accents``,
    ``stop_words``, ``ngram_range``, the document-frequency limits,
    ``vocabulary``, ``input``, ...) is supported there.  Any other
    configuration gets its features from scikit-learn's own analyzer and only
    the counting is vectorised.  Documents are processed in batches of about
    8 million characters, so memory does not grow with the corpus beyond the
    vocabulary and the matrix.

    Like scikit-learn's, ``fit_transform`` leaves the entries of each row in
    the order in which their terms first appeared in the corpus (the column
    indices are not sorted); ``transform`` sorts them.

    See Also
    --------
    TfidfVectorizer : the same counts, tf-idf weighted.
    InvertibleHashingVectorizer : no vocabulary in memory, columns still readable.

    Examples
    --------
    >>> from sparselearn.feature_extraction.text import CountVectorizer
    >>> vec = CountVectorizer()
    >>> X = vec.fit_transform(["The cat sat.", "The cat and the hat."])
    >>> vec.get_feature_names_out()
    array(['and', 'cat', 'hat', 'sat', 'the'], dtype=object)
    >>> X.toarray()
    array([[0, 1, 0, 1, 1],
           [1, 1, 1, 0, 2]])
    """

    def _count_first_seen(self, raw_documents):
        """Features in order of first appearance and the counts by feature id."""
        stream = FeatureStream(self)
        pieces = [_kernels.accumulate_rows(counts, ids, None, None, None,
                                           len(stream.features))
                  for counts, ids in stream.batches(raw_documents)]
        X = _stack(pieces, stream.n_docs, len(stream.features), self.dtype)
        return stream.features, stream.min_len is not None, X

    def _count_fixed(self, raw_documents):
        """Counts in the columns of ``vocabulary_``, indices sorted."""
        vocabulary = self.vocabulary_
        stream = FeatureStream(self, lookup=vocabulary)
        pieces = [_kernels.accumulate_rows(counts, cols, None, None, None, len(vocabulary))
                  for counts, cols in stream.batches(raw_documents)]
        return _stack(pieces, stream.n_docs, len(vocabulary), self.dtype)

    def _count_vocab(self, raw_documents, fixed_vocab):
        """scikit-learn's contract: ``(vocabulary, X)``, ids in order of first appearance."""
        if fixed_vocab:
            X = self._count_fixed(raw_documents)
            vocabulary = self.vocabulary_
        else:
            features, _, X = self._count_first_seen(raw_documents)
            if not features:
                raise ValueError(
                    "empty vocabulary; perhaps the documents only contain stop words")
            vocabulary = dict(zip(features, range(len(features))))
        X.sort_indices()
        return vocabulary, _configured(X)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, raw_documents: Iterable, y=None) -> _SparseMatrix:
        """Learn the vocabulary and return the document-term matrix.

        Parameters
        ----------
        raw_documents : iterable
            Documents (str, bytes, file names or file objects, see ``input``).
        y : None
            Ignored.

        Returns
        -------
        X : sparse matrix of shape (n_samples, n_features)
            Document-term matrix.
        """
        _check_documents(raw_documents)
        self._validate_ngram_range()
        self._warn_for_unused_params()
        self._validate_vocabulary()
        if self.fixed_vocabulary_:
            if self.lowercase and any(any(map(str.isupper, t)) for t in self.vocabulary):
                warnings.warn("Upper case characters found in vocabulary while 'lowercase'"
                              " is True. These entries will not be matched with any documents")
            X = self._count_fixed(raw_documents)
            if self.binary:
                X.data.fill(1)
            return _configured(X)

        features, compiled, X = self._count_first_seen(raw_documents)
        if not features:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        if self.binary:
            X.data.fill(1)
        n_doc = X.shape[0]
        max_df, min_df = self.max_df, self.min_df
        high = max_df if isinstance(max_df, Integral) else max_df * n_doc
        low = min_df if isinstance(min_df, Integral) else min_df * n_doc
        if high < low:
            raise ValueError("max_df corresponds to < documents than min_df")
        X, self.vocabulary_ = self._sort_and_limit(X, features, compiled, high, low)
        return _configured(X)

    def _sort_and_limit(self, X, features, compiled, high, low):
        """scikit-learn's ``_sort_features`` and ``_limit_features``, vectorised.

        Columns become ranks in sorted term order while the entries of each row
        stay in the order scikit-learn leaves them (by first appearance); the
        vocabulary keeps scikit-learn's insertion order and value types.
        """
        n = len(features)
        rank = np.empty(n, dtype=np.intp)
        rank[_term_order(features, compiled)] = np.arange(n)
        cols = rank[X.indices]
        dfs = np.bincount(cols, minlength=n)
        mask = np.ones(n, dtype=bool)
        mask &= dfs <= high
        mask &= dfs >= low
        limit = self.max_features
        if limit is not None and mask.sum() > limit:
            sorted_X = sp.csr_array((X.data, cols, X.indptr), shape=X.shape)
            tfs = np.asarray(sorted_X.sum(axis=0)).ravel()
            mask_inds = (-tfs[mask]).argsort()[:limit]
            new_mask = np.zeros(n, dtype=bool)
            new_mask[np.where(mask)[0][mask_inds]] = True
            mask = new_mask
        if not mask.any():
            raise ValueError(
                "After pruning, no terms remain. Try a lower min_df or a higher max_df.")
        new_index = np.cumsum(mask) - 1
        index_dtype = X.indices.dtype
        if mask.all():  # nothing pruned (the defaults): the ranks are the columns
            X = sp.csr_array((X.data, cols.astype(index_dtype), X.indptr), shape=X.shape)
        else:
            kept = mask[cols]
            kept_before = np.zeros(kept.shape[0] + 1, dtype=np.int64)
            np.cumsum(kept, out=kept_before[1:])
            X = sp.csr_array((X.data[kept], new_index[cols[kept]].astype(index_dtype),
                              kept_before[X.indptr].astype(index_dtype)),
                             shape=(X.shape[0], int(mask.sum())))
        # first-appearance order; scikit-learn's values are numpy ints when the
        # limit by max_features came last, Python ints when the sort did
        ids = np.flatnonzero(mask[rank])
        values = new_index[rank[ids]]
        values = values.tolist() if limit is None else list(values)
        return X, dict(zip(map(features.__getitem__, ids.tolist()), values))

    def transform(self, raw_documents: Iterable) -> _SparseMatrix:
        """Document-term matrix of documents, in the fitted (or given) vocabulary.

        Parameters
        ----------
        raw_documents : iterable
            Documents (str, bytes, file names or file objects, see ``input``).

        Returns
        -------
        X : sparse matrix of shape (n_samples, n_features)
            Document-term matrix, column indices sorted within each row.
        """
        _check_documents(raw_documents)
        self._check_vocabulary()
        X = self._count_fixed(raw_documents)
        if self.binary:
            X.data.fill(1)
        return _configured(X)


class TfidfVectorizer(_sk.TfidfVectorizer, CountVectorizer):
    __doc__ = """Matrix of tf-idf features: scikit-learn's ``TfidfVectorizer``, faster.

    A subclass of :class:`sklearn.feature_extraction.text.TfidfVectorizer`
    (and of this module's :class:`CountVectorizer`, which does the counting):
    same parameters, attributes (``vocabulary_``, ``idf_``, ...) and output.
    The tf-idf weighting is scikit-learn's ``TfidfTransformer``, applied to the
    same count matrix with its entries in the same order, so even the row norms
    are computed in the same order and the values are identical.  With
    ``dtype=np.float32`` the counts, ``idf_`` and the output are float32.
""" + _NO_STOP_WORDS_DOC + """

    Parameters
    ----------""" + _PARAMETERS_DOC + """
    dtype : {np.float64, np.float32}, default=np.float64
        Type of the matrix and of ``idf_``.
    norm : {"l2", "l1"} or None, default="l2"
        Normalization of each row.
    use_idf : bool, default=True
        Weight by the inverse document frequency.
    smooth_idf : bool, default=True
        Add one to the document frequencies (as if one document held every term).
    sublinear_tf : bool, default=False
        Replace a count ``tf`` by ``1 + log(tf)``.

    Attributes
    ----------""" + _ATTRIBUTES_DOC + """
    idf_ : ndarray of shape (n_features,)
        Inverse document frequencies (when ``use_idf``).

    See Also
    --------
    CountVectorizer : the counts.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.feature_extraction.text import TfidfVectorizer
    >>> vec = TfidfVectorizer(dtype=np.float32)
    >>> X = vec.fit_transform(["The cat sat.", "The cat and the hat."])
    >>> X.dtype, vec.idf_.dtype
    (dtype('float32'), dtype('float32'))
    >>> vec.idf_.round(3)
    array([1.405, 1.   , 1.405, 1.405, 1.   ], dtype=float32)
    """


_HASH_PARAMETERS_DOC = """
    input, encoding, decode_error, strip_accents, lowercase, preprocessor, \
tokenizer, stop_words, token_pattern, ngram_range, analyzer, binary
        As in :class:`CountVectorizer`.
    n_features : int, default=2**20
        Number of columns.
    norm : {"l2", "l1"} or None, default="l2"
        Normalization of each row.
    alternate_sign : bool, default=True
        Give each term the sign of its hash, so that collisions tend to cancel.
    dtype : dtype, default=np.float64
        Type of the matrix."""


class InvertibleHashingVectorizer(_sk.HashingVectorizer):
    __doc__ = """Hashing vectorizer that remembers which terms went into each column.

    ``transform`` is scikit-learn's ``HashingVectorizer.transform`` (same
    parameters, same matrix: MurmurHash3 of each term's UTF-8 bytes, column
    ``|h| mod n_features``, sign of ``h`` with ``alternate_sign``), computed
    with one hash per distinct term instead of one per token.  Like
    scikit-learn's, it needs no fitting.  ``fit`` and ``partial_fit``
    additionally record every term seen, with its column, its sign and how
    often it occurred, so that a model fitted on hashed features can be read
    in terms: :attr:`terms_`, :meth:`column_terms`, :attr:`collisions_`,
    :meth:`term_weights` and :meth:`get_feature_names_out`.

    Parameters
    ----------""" + _HASH_PARAMETERS_DOC + """

    Attributes
    ----------
    n_documents_ : int
        Documents seen by ``fit`` / ``partial_fit``.
    terms_ : pandas.DataFrame
        One row per distinct term seen: ``term``, ``column``, ``sign`` (+1 or
        -1: the term adds ``sign`` per occurrence to its column), ``doc_count``
        (documents containing it) and ``count`` (occurrences), sorted by
        column, then by decreasing count, then by term.
    collisions_ : pandas.DataFrame
        The rows of ``terms_`` whose column holds more than one term.

    Notes
    -----
    Column names (:meth:`get_feature_names_out`): the term of a column that
    received one term; ``"t1|t2|t3"`` for a collision, terms by decreasing
    count, at most three of them and then ``"|...(+k)"`` for ``k`` more; and
    ``"hash:<column>"`` for a column that received no term.  With the default
    token pattern, terms contain neither ``"|"`` nor ``":"``, so names are
    unique.  Names carry no signs: read them from ``terms_`` (or let
    :meth:`term_weights` apply them).

    The term map holds every distinct term seen (as much memory as a
    ``CountVectorizer`` vocabulary); ``transform`` stores nothing.
    ``transform`` of an empty list of documents raises ``ValueError``
    (scikit-learn's raises ``StopIteration``).

    Examples
    --------
    >>> from sparselearn.feature_extraction.text import InvertibleHashingVectorizer
    >>> vec = InvertibleHashingVectorizer(n_features=8, norm=None)
    >>> X = vec.fit_transform(["the cat sat", "the cat and the hat"])
    >>> X.toarray()
    array([[ 0.,  0.,  0.,  0.,  1.,  0., -1.,  1.],
           [ 0.,  0.,  0.,  0.,  1., -1., -2.,  1.]])
    >>> vec.terms_
      term  column  sign  doc_count  count
    0  hat       4     1          1      1
    1  sat       4     1          1      1
    2  and       5    -1          1      1
    3  the       6    -1          2      3
    4  cat       7     1          2      2
    >>> vec.get_feature_names_out()
    array(['hash:0', 'hash:1', 'hash:2', 'hash:3', 'hat|sat', 'and', 'the',
           'cat'], dtype=object)
    >>> vec.collisions_["term"].tolist()
    ['hat', 'sat']
    """

    # ---------------------------------------------------------------- fitting
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X: Iterable, y=None) -> InvertibleHashingVectorizer:
        """Record the terms of more documents (the map grows; nothing is forgotten).

        Parameters
        ----------
        X : iterable
            Documents (str, bytes, file names or file objects, see ``input``).
        y : None
            Ignored.

        Returns
        -------
        self : InvertibleHashingVectorizer
        """
        _check_documents(X)
        self._validate_ngram_range()
        self._learn(X, transform=False)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Iterable, y=None) -> InvertibleHashingVectorizer:
        """Record the terms of the documents (forgetting earlier fits).

        Parameters
        ----------
        X : iterable
            Documents (str, bytes, file names or file objects, see ``input``).
        y : None
            Ignored.

        Returns
        -------
        self : InvertibleHashingVectorizer
        """
        self._start_fit(X)
        self._learn(X, transform=False)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X: Iterable, y=None) -> _SparseMatrix:
        """Fit and transform in one pass over the documents.

        Parameters
        ----------
        X : iterable
            Documents (str, bytes, file names or file objects, see ``input``).
        y : None
            Ignored.

        Returns
        -------
        X : sparse matrix of shape (n_samples, n_features)
            The same matrix as ``transform(X)``.
        """
        self._start_fit(X)
        return self._learn(X, transform=True)

    def transform(self, X: Iterable) -> _SparseMatrix:
        """Hashed document-term matrix, identical to scikit-learn's ``HashingVectorizer``.

        Parameters
        ----------
        X : iterable
            Documents (str, bytes, file names or file objects, see ``input``).

        Returns
        -------
        X : sparse matrix of shape (n_samples, n_features)
            Document-term matrix.
        """
        _check_documents(X)
        self._validate_ngram_range()
        stream = FeatureStream(self)
        hashed = _Hashes(self, stream)
        pieces = []
        for counts, ids in stream.batches(X):
            cols, signs, used = hashed.update()
            row_nnz, idx, data = _kernels.accumulate_rows(counts, ids, None, cols, signs,
                                                          used.shape[0])
            pieces.append((row_nnz, used[idx], data))
        return self._finish(pieces, stream.n_docs)

    def _start_fit(self, X):
        _check_documents(X)
        self._warn_for_unused_params()
        self._validate_ngram_range()
        self._get_hasher().fit()  # the hasher's own parameter checks, as scikit-learn's fit
        for name in ("n_documents_", "_term_index", "_term_stats", "_cache"):
            self.__dict__.pop(name, None)

    def _learn(self, X, transform):
        stream = FeatureStream(self)
        hashed = _Hashes(self, stream)
        pieces, df, tf = [], np.zeros(0, np.int64), np.zeros(0, np.int64)
        for counts, ids in stream.batches(X):
            cols, signs, used = hashed.update()
            n = len(stream.features)
            # per-term counts: the order within a row does not matter here
            row_nnz, idx, data = _kernels.accumulate_rows(counts, ids, None, None, None, n,
                                                          False)
            df = np.bincount(idx, minlength=n) + np.pad(df, (0, n - df.shape[0]))
            tf = (np.bincount(idx, weights=data, minlength=n).astype(np.int64)
                  + np.pad(tf, (0, n - tf.shape[0])))
            if transform:
                row_nnz, idx, data = _kernels.accumulate_rows(row_nnz, idx, data, cols, signs,
                                                              used.shape[0])
                pieces.append((row_nnz, used[idx], data))
        if transform and stream.n_docs == 0:
            raise ValueError("Cannot vectorize empty sequence.")
        self._merge(stream.features, hashed.columns, hashed.signs, df, tf, stream.n_docs)
        return self._finish(pieces, stream.n_docs) if transform else None

    def _finish(self, pieces, n_docs):
        """The steps of scikit-learn's transform after hashing (same values, same order)."""
        if n_docs == 0:
            raise ValueError("Cannot vectorize empty sequence.")
        X = _stack(pieces, n_docs, self.n_features, self.dtype, values_dtype=self.dtype)
        X.sum_duplicates()
        if self.binary:
            X.data.fill(1)
        if self.norm is not None:
            X = normalize(X, norm=self.norm, copy=False)
        return _configured(X)

    def _merge(self, features, columns, signs, df, tf, n_docs):
        """Add a pass's statistics to the fitted ones (new terms are appended)."""
        # term -> row of _term_stats; its keys, in insertion order, are the terms
        index = self.__dict__.setdefault("_term_index", {})
        n_old = len(index)
        rows = np.full(len(features), -1, dtype=np.int64)
        if n_old:
            rows[:] = np.fromiter(map(index.get, features, repeat(-1)), dtype=np.int64,
                                  count=len(features))
        new = np.flatnonzero(rows < 0)
        rows[new] = np.arange(n_old, n_old + new.shape[0])
        index.update(zip(map(features.__getitem__, new.tolist()), rows[new].tolist()))
        stats = np.zeros((n_old + new.shape[0], 4), dtype=np.int64)
        if n_old:
            stats[:n_old] = self._term_stats
        stats[rows[new], 0] = columns[new]
        stats[rows[new], 1] = signs[new]
        stats[rows, 2] += df
        stats[rows, 3] += tf
        self._term_stats = stats
        self.n_documents_ = getattr(self, "n_documents_", 0) + n_docs
        self._cache = {}

    # ------------------------------------------------------------ inverse map
    def _fitted_frame(self):
        if not hasattr(self, "n_documents_"):
            raise NotFittedError(
                "This %s instance is not fitted yet: call 'fit' or 'partial_fit' first."
                % type(self).__name__)
        cache = self.__dict__.setdefault("_cache", {})
        if "terms" not in cache:
            stats = self._term_stats
            frame = pd.DataFrame({
                "term": pd.Series(list(self._term_index), dtype=object), "column": stats[:, 0],
                "sign": stats[:, 1].astype(np.int8), "doc_count": stats[:, 2],
                "count": stats[:, 3]})
            frame = frame.sort_values(["column", "count", "term"],
                                      ascending=[True, False, True], kind="stable")
            cache["terms"] = frame.reset_index(drop=True)
            # the columns in use and where their rows start (nothing of size n_features:
            # it may be 2**30)
            used, starts = np.unique(frame["column"].to_numpy(), return_index=True)
            cache["columns"] = (used, np.append(starts, len(frame)))
        return cache["terms"], cache["columns"]

    def _column_rows(self, column):
        """``(start, stop)`` of a column's rows in ``terms_``."""
        _, (used, starts) = self._fitted_frame()
        i = np.searchsorted(used, column)
        if i < used.shape[0] and used[i] == column:
            return int(starts[i]), int(starts[i + 1])
        return 0, 0

    @property
    def terms_(self) -> pd.DataFrame:
        """Every term seen by ``fit`` / ``partial_fit`` with its column, sign and counts."""
        return self._fitted_frame()[0]

    @property
    def collisions_(self) -> pd.DataFrame:
        """The rows of ``terms_`` in columns that received more than one term."""
        terms, (used, starts) = self._fitted_frame()
        sizes = np.diff(starts)
        return terms[np.repeat(sizes > 1, sizes)].reset_index(drop=True)

    def column_terms(self, column: int) -> pd.DataFrame:
        """The terms hashed into one column, most frequent first.

        Parameters
        ----------
        column : int
            Column index, ``0 <= column < n_features``.

        Returns
        -------
        terms : pandas.DataFrame
            Rows of ``terms_`` for that column (``term``, ``column``, ``sign``,
            ``doc_count``, ``count``); empty if no term was seen there.

        Examples
        --------
        >>> vec = InvertibleHashingVectorizer(n_features=8).fit(["the cat sat", "the hat"])
        >>> vec.column_terms(4)
          term  column  sign  doc_count  count
        0  hat       4     1          1      1
        1  sat       4     1          1      1
        """
        terms, _ = self._fitted_frame()
        j = int(column)
        if not 0 <= j < self.n_features:
            raise IndexError("column %d out of range [0, %d)" % (j, self.n_features))
        start, stop = self._column_rows(j)
        return terms.iloc[start:stop]

    def term_weights(self, coef: ArrayLike) -> pd.DataFrame:
        """Coefficients of a model fitted on the hashed features, read per term.

        A term adds ``sign`` to its column per occurrence, so its weight is
        ``sign * coef[column]``: the coefficient it would have in a model on
        its own count (shared by the terms of a collision).

        Parameters
        ----------
        coef : array-like of shape (n_features,) or (1, n_features)
            One coefficient per column (e.g. ``model.coef_`` of a linear model;
            for several classes or targets, pass one row at a time).

        Returns
        -------
        weights : pandas.DataFrame
            ``terms_`` with a ``weight`` column, by decreasing ``|weight|``.

        Examples
        --------
        >>> import numpy as np
        >>> vec = InvertibleHashingVectorizer(n_features=8).fit(["the cat sat"])
        >>> coef = np.zeros(8); coef[6] = 2.0  # the column of "the", sign -1
        >>> vec.term_weights(coef)[["term", "sign", "weight"]].head(1)
          term  sign  weight
        0  the    -1    -2.0
        """
        terms, _ = self._fitted_frame()
        coef = np.asarray(coef)
        if coef.ndim == 2 and coef.shape[0] == 1:  # a binary classifier's coef_
            coef = coef[0]
        if coef.ndim != 1 or coef.shape[0] != self.n_features:
            raise ValueError("coef must have shape (%d,), got %s"
                             % (self.n_features, coef.shape))
        out = terms.assign(weight=terms["sign"].to_numpy() * coef[terms["column"].to_numpy()])
        order = np.argsort(-np.abs(out["weight"].to_numpy()), kind="stable")
        return out.iloc[order].reset_index(drop=True)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """A readable name per column (see Notes of the class).

        Parameters
        ----------
        input_features : None
            Ignored.

        Returns
        -------
        names : ndarray of str objects, shape (n_features,)

        Examples
        --------
        >>> vec = InvertibleHashingVectorizer(n_features=8).fit(["the cat sat", "the hat"])
        >>> vec.get_feature_names_out()[[0, 4, 6]]
        array(['hash:0', 'hat|sat', 'the'], dtype=object)
        """
        terms, (used, starts) = self._fitted_frame()
        names = np.array(["hash:%d" % j for j in range(self.n_features)], dtype=object)
        sizes = np.diff(starts)
        words = terms["term"].to_numpy()
        single = sizes == 1
        names[used[single]] = words[starts[:-1][single]]
        for i in np.flatnonzero(sizes > 1).tolist():
            top = list(words[starts[i]:starts[i] + min(sizes[i], _NAME_TERMS)])
            if sizes[i] > _NAME_TERMS:
                top.append("...(+%d)" % (sizes[i] - _NAME_TERMS))
            names[used[i]] = "|".join(map(str, top))
        return names


_NAME_TERMS = 3  # terms shown in the name of a column with collisions


class _Hashes:
    """Column and sign of each feature of a stream, hashed once per distinct feature."""

    def __init__(self, vectorizer, stream):
        self.n_features = int(vectorizer.n_features)
        self.alternate_sign = vectorizer.alternate_sign
        self.stream = stream
        self.check_types = stream.min_len is None  # custom analyzers may yield non-strings
        self.columns = np.zeros(0, dtype=np.int64)
        self.signs = np.zeros(0, dtype=np.int8)

    def update(self):
        """Hash the stream's new features; return the compact column map of all of them.

        Returns ``(dense, signs, used)``: feature -> index into ``used`` (the
        sorted distinct columns), so that the counting kernel needs scratch
        space for the columns in use only, not for ``n_features``.
        """
        features = self.stream.features
        new = features[self.columns.shape[0]:]
        if new:
            if self.check_types and not all(isinstance(f, (str, bytes)) for f in new):
                raise TypeError("feature names must be strings")
            h = np.fromiter(map(murmurhash3_32, new), dtype=np.int64, count=len(new))
            # |h| in 64 bits: abs(-2**31) % n is what scikit-learn's hasher computes too
            self.columns = np.concatenate([self.columns, np.abs(h) % self.n_features])
            sign = np.where(h >= 0, 1, -1) if self.alternate_sign else np.ones_like(h)
            self.signs = np.concatenate([self.signs, sign.astype(np.int8)])
        used, dense = np.unique(self.columns, return_inverse=True)
        return dense.astype(np.int32), self.signs, used.astype(np.int32)
