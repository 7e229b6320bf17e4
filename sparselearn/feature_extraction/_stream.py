"""Documents to streams of feature ids, a batch of documents at a time.

:class:`FeatureStream` is the engine behind the vectorizers of
:mod:`sparselearn.feature_extraction.text`.  It yields, for each batch, the
number of features of every document and the feature ids in document order
(or, given a vocabulary, their column indices), and keeps the distinct
features (their strings) in order of first appearance: the order in which
scikit-learn's ``CountVectorizer`` numbers them before sorting.

Two ways to get there, with the same result:

* **compiled** (``analyzer="word"``, no custom preprocessor or tokenizer, a
  token pattern from :data:`WORD_PATTERNS`): the documents are preprocessed
  with scikit-learn's own preprocessor (lowercase, accents), joined into one
  array of code points per batch, split into maximal runs of word characters
  and interned by compiled kernels; stop words and n-grams work on token ids.
  Python strings are made only for distinct terms.
* **generic** (anything else: character n-grams, callables, other patterns):
  scikit-learn's analyzer makes the features of each document; a batch of
  them is interned with C-level dict operations (``dict.fromkeys``,
  ``map(dict.__getitem__, ...)``) instead of a Python loop per feature.
"""

from __future__ import annotations

import re
import threading
from itertools import chain, filterfalse, repeat
from numbers import Integral
from typing import Iterable, Iterator, Mapping

import numpy as np

from .._numba import text as _kernels

# Token patterns whose matches in a document are exactly the maximal runs of
# regex word characters (\w) of at least this many characters: \b at both ends
# of a greedy \w run holds exactly at the ends of a maximal run, and a run can
# only be matched as a whole.  Other patterns take the generic path.
WORD_PATTERNS = {
    r"(?u)\b\w\w+\b": 2, r"\b\w\w+\b": 2, r"(?u)\w\w+": 2, r"\w\w+": 2,
    r"(?u)\b\w+\b": 1, r"\b\w+\b": 1, r"(?u)\w+": 1, r"\w+": 1,
}

# Characters of text per compiled batch (the batch's code points and tokens are
# the only per-batch memory); features per generic batch.
BATCH_CHARS = 1 << 23
BATCH_FEATURES = 1 << 20

_NOT_WORD = re.compile(r"\W")
_word_table = np.zeros(0, dtype=np.uint8)
_word_lock = threading.Lock()


def word_characters(limit: int) -> np.ndarray:
    """A table ``t`` with ``t[c] == 1`` iff ``chr(c)`` matches the regex ``\\w``.

    Built (once per process, for at least ``limit`` code points) by running
    the regular expression itself over the characters, so that the compiled
    tokenizer and :mod:`re` cannot disagree.

    Examples
    --------
    >>> t = word_characters(256)
    >>> [int(t[ord(c)]) for c in "a_9 -é"]
    [1, 1, 1, 0, 0, 1]
    """
    global _word_table
    table = _word_table
    if table.shape[0] >= limit:
        return table
    with _word_lock:
        size = 256 if limit <= 256 else (0x10000 if limit <= 0x10000 else 0x110000)
        chars = "".join(map(chr, range(size)))
        marked = _NOT_WORD.sub("\0", chars)  # chr(0) itself is not a word character
        codes = np.frombuffer(marked.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        table = (codes != 0).astype(np.uint8)
        if table.shape[0] > _word_table.shape[0]:
            _word_table = table
    return _word_table


def fast_min_len(vectorizer) -> int | None:
    """Minimum token length of the compiled path, or None if it does not apply."""
    min_n, max_n = vectorizer.ngram_range
    if (isinstance(vectorizer.analyzer, str) and vectorizer.analyzer == "word"
            and vectorizer.tokenizer is None and vectorizer.preprocessor is None
            and isinstance(vectorizer.token_pattern, str)
            # scikit-learn accepts min_n = 0 (an empty-string feature): its own code does it
            and isinstance(min_n, Integral) and isinstance(max_n, Integral) and min_n >= 1):
        return WORD_PATTERNS.get(vectorizer.token_pattern)
    return None


def _code_points(text: str) -> np.ndarray:
    try:  # latin-1 text (all of 20 newsgroups) is one byte a character
        return np.frombuffer(text.encode("latin-1"), dtype=np.uint8)
    except UnicodeEncodeError:
        return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _extend(a: np.ndarray, values) -> np.ndarray:
    return np.concatenate([a, np.asarray(values, dtype=a.dtype)])


class FeatureStream:
    """Feature ids of documents, batch by batch, as scikit-learn's analyzer defines them.

    Parameters
    ----------
    vectorizer : scikit-learn text vectorizer
        Its parameters define the features (its ``build_analyzer`` is called
        once, for scikit-learn's checks and warnings).
    lookup : mapping or None
        A fixed vocabulary (feature -> column).  When given, the keys yielded
        are columns, -1 for features not in it, and :attr:`features` stays
        empty.

    Attributes
    ----------
    features : list
        The distinct features, by id (order of first appearance).
    n_docs : int
        Documents seen.

    Examples
    --------
    >>> from sklearn.feature_extraction.text import CountVectorizer
    >>> stream = FeatureStream(CountVectorizer())
    >>> [(n.tolist(), k.tolist()) for n, k in stream.batches(["a bb bb", "cc bb"])]
    [([2, 2], [0, 0, 1, 0])]
    >>> stream.features
    ['bb', 'cc']
    """

    def __init__(self, vectorizer, lookup: Mapping | None = None):
        self.analyze = vectorizer.build_analyzer()
        self.decode = vectorizer.decode
        self.lookup = lookup
        self.features: list = []
        self.n_docs = 0
        self.min_len = fast_min_len(vectorizer)
        if self.min_len is None:
            self._index: dict = {}
            return
        self.preprocess = vectorizer.build_preprocessor()
        self.stop = vectorizer.get_stop_words()
        self.min_n, self.max_n = vectorizer.ngram_range
        self.shortcut = self.stop is None and self.min_n == self.max_n == 1
        # interning state of the tokens (see _kernels.intern_tokens)
        self._t = [_kernels.new_table(1 << 12), np.zeros((1 << 10, 2), dtype=np.int64),
                   np.zeros(1 << 10, dtype=np.uint64), np.zeros(1 << 14, dtype=np.uint32)]
        self.n_tokens = 0
        self._arena_used = 0
        self.tokens = np.empty(0, dtype=object)
        self._is_stop = np.zeros(0, dtype=bool)
        # interning state of the n-grams (see _kernels.ngram_features)
        self._g = [np.full(0, -1, dtype=np.int32), _kernels.new_table(1 << 12),
                   np.zeros((1 << 10, 2), dtype=np.int64), np.zeros(1 << 10, dtype=np.uint64),
                   np.zeros(1 << 12, dtype=np.int32)]
        self.n_feat = 0
        self._g_used = 0
        self._col_of = np.zeros(0, dtype=np.int32)

    # ------------------------------------------------------------- public
    def batches(self, raw_documents: Iterable) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(counts, keys)`` per batch: features per document, their ids/columns."""
        if self.min_len is None:
            return self._generic_batches(raw_documents)
        return self._compiled_batches(raw_documents)

    # ----------------------------------------------------------- generic
    def _generic_batches(self, raw_documents):
        analyze = self.analyze
        lists, size = [], 0
        for doc in raw_documents:
            feats = analyze(doc)
            if not isinstance(feats, (list, tuple)):
                feats = list(feats)
            lists.append(feats)
            size += len(feats)
            if size >= BATCH_FEATURES:
                yield self._generic_batch(lists)
                lists, size = [], 0
        if lists:
            yield self._generic_batch(lists)

    def _generic_batch(self, lists):
        counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        flat = list(chain.from_iterable(lists))
        self.n_docs += len(lists)
        if self.lookup is not None:
            keys = np.fromiter(map(self.lookup.get, flat, repeat(-1)), dtype=np.int64,
                               count=len(flat))
            return counts, keys.astype(np.int32)
        index = self._index
        new = list(filterfalse(index.__contains__, dict.fromkeys(flat)))
        index.update(zip(new, range(len(index), len(index) + len(new))))
        self.features.extend(new)
        keys = np.fromiter(map(index.__getitem__, flat), dtype=np.int32, count=len(flat))
        return counts, keys

    # ---------------------------------------------------------- compiled
    def _compiled_batches(self, raw_documents):
        decode, preprocess = self.decode, self.preprocess
        texts, size = [], 0
        for doc in raw_documents:
            text = preprocess(decode(doc))
            if not isinstance(text, str):
                self.analyze(doc)  # scikit-learn's own error for this document
                raise TypeError("expected a string document, got %r" % type(text).__name__)
            texts.append(text)
            size += len(text)
            if size >= BATCH_CHARS:
                yield self._compiled_batch(texts)
                texts, size = [], 0
        if texts:
            yield self._compiled_batch(texts)

    def _compiled_batch(self, texts):
        n_docs = len(texts)
        self.n_docs += n_docs
        doc_ptr = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=n_docs), out=doc_ptr[1:])
        cp = _code_points("".join(texts))
        del texts
        limit = 256 if cp.dtype == np.uint8 else int(cp.max(initial=0)) + 1
        ids, tok_counts = self._intern(cp, doc_ptr, word_characters(limit))
        del cp
        if self.shortcut:  # features are the tokens, ids in first-appearance order already
            new = self.tokens[self.n_feat:].tolist()
            self.n_feat = self.n_tokens
            feats, counts = ids, tok_counts
        else:
            if self.stop is not None:
                keep = ~self._is_stop[ids]
                doc_of = np.repeat(np.arange(n_docs), tok_counts)
                tok_counts = np.bincount(doc_of[keep], minlength=n_docs).astype(np.int64)
                ids = ids[keep]
            feats, counts, new = self._ngrams(ids, tok_counts)
        if self.lookup is not None:
            cols = np.fromiter(map(self.lookup.get, new, repeat(-1)), dtype=np.int64,
                               count=len(new))
            self._col_of = _extend(self._col_of, cols)
            return counts, self._col_of[feats]
        self.features.extend(new)
        return counts, feats

    def _intern(self, cp, doc_ptr, is_word):
        t = self._t
        (ids, tok_counts, t[0], t[1], t[2], t[3], n_tokens,
         arena_used) = _kernels.intern_tokens(cp, doc_ptr, is_word, self.min_len, t[0], t[1],
                                              t[2], t[3], self.n_tokens, self._arena_used)
        if n_tokens > self.n_tokens:  # strings of the new tokens, from one decoded block
            first, a0 = self.n_tokens, self._arena_used
            block = t[3][a0:arena_used].tobytes().decode("utf-32-le", "surrogatepass")
            bounds = (t[1][first:n_tokens] - a0).T.tolist()
            new = list(map(block.__getitem__, map(slice, bounds[0], bounds[1])))
            self.tokens = _extend(self.tokens, new)
            if self.stop is not None:
                self._is_stop = _extend(self._is_stop, list(map(self.stop.__contains__, new)))
            self.n_tokens, self._arena_used = n_tokens, arena_used
        return ids, tok_counts

    def _ngrams(self, ids, tok_counts):
        g = self._g
        if g[0].shape[0] < self.n_tokens:  # token id -> unigram feature id, -1: not yet
            g[0] = _extend(g[0], np.full(self.n_tokens - g[0].shape[0], -1))
        first = self.n_feat
        (feats, counts, g[1], g[2], g[3], g[4], self.n_feat,
         self._g_used) = _kernels.ngram_features(ids, tok_counts, self.min_n, self.max_n, g[0],
                                                 g[1], g[2], g[3], g[4], self.n_feat,
                                                 self._g_used)
        # strings of the new features, one vectorised join per n-gram length
        offs = g[2][first:self.n_feat, 0]
        ns = g[2][first:self.n_feat, 1]
        new = np.empty(ns.shape[0], dtype=object)
        for n in np.unique(ns).tolist():
            where = np.flatnonzero(ns == n)
            window = g[4][offs[where][:, None] + np.arange(n)]
            parts = [self.tokens[window[:, j]].tolist() for j in range(n)]
            new[where] = parts[0] if n == 1 else list(map(" ".join, zip(*parts)))
        return feats, counts, new.tolist()
