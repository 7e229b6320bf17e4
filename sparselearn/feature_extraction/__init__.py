"""Feature extraction from text, with columns that map back to terms.

* :class:`~sparselearn.feature_extraction.text.CountVectorizer` and
  :class:`~sparselearn.feature_extraction.text.TfidfVectorizer`: scikit-learn's
  vectorizers (same parameters, same output), with compiled counting.
* :class:`~sparselearn.feature_extraction.text.InvertibleHashingVectorizer`:
  scikit-learn's ``HashingVectorizer`` whose fit records which terms went into
  each column.
* :func:`~sparselearn.feature_extraction.text.compact`: a vectorizer and a
  sparse model cut down to the columns the model uses.
"""

from .text import CountVectorizer, InvertibleHashingVectorizer, TfidfVectorizer

__all__ = ["CountVectorizer", "InvertibleHashingVectorizer", "TfidfVectorizer"]
