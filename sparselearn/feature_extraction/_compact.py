"""compact(): the smallest vectorizer + estimator pair with the same predictions."""

import copy

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted


def used_columns(estimator) -> np.ndarray:
    """Indices of the columns with a non-zero coefficient for any class or target.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import Lasso
    >>> est = Lasso(alpha=0.1).fit(np.eye(4), [0.0, 1.0, 0.0, -1.0])
    >>> used_columns(est)
    array([1, 3])
    """
    check_is_fitted(estimator, "coef_")
    coef = np.atleast_2d(np.asarray(estimator.coef_))
    return np.flatnonzero(np.any(coef != 0, axis=0))


class ColumnSubset(TransformerMixin, BaseEstimator):
    """A fitted vectorizer followed by a fixed choice of its output columns.

    What :func:`compact` returns when the columns cannot be cut out of the
    vectorizer itself: a hashing vectorizer (the column of a term is its
    hash) or a row-normalized tf-idf (a row's norm involves every term of
    the document, used or not).

    Parameters
    ----------
    vectorizer : fitted transformer
    columns : array-like of int
        Output columns kept, in this order.

    Examples
    --------
    >>> from sklearn.feature_extraction.text import HashingVectorizer
    >>> sub = ColumnSubset(HashingVectorizer(n_features=16), [3, 5])
    >>> sub.transform(["a short text"]).shape
    (1, 2)
    """

    def __init__(self, vectorizer, columns):
        self.vectorizer = vectorizer
        self.columns = columns

    def fit(self, X=None, y=None):
        """Nothing to learn: the vectorizer is already fitted.

        Parameters
        ----------
        X, y : ignored

        Returns
        -------
        self : ColumnSubset
        """
        return self

    def transform(self, X):
        """Vectorize ``X`` and keep :attr:`columns`.

        Parameters
        ----------
        X : iterable of str

        Returns
        -------
        Xt : sparse matrix of shape (n_documents, len(columns))
        """
        return self.vectorizer.transform(X).tocsc()[:, np.asarray(self.columns)].tocsr()

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names of the kept columns, from the vectorizer where it has names.

        Returns
        -------
        names : ndarray of str
        """
        cols = np.asarray(self.columns)
        try:
            return np.asarray(self.vectorizer.get_feature_names_out())[cols]
        except (AttributeError, ValueError):
            return np.asarray([f"column{j}" for j in cols], dtype=object)

    def __sklearn_is_fitted__(self):
        return True


def _cut_vocabulary(vectorizer, cols):
    """A clone of a vocabulary vectorizer knowing only the kept terms, in the kept order."""
    terms = np.asarray(vectorizer.get_feature_names_out())[cols]
    small = clone(vectorizer).set_params(vocabulary={t: i for i, t in enumerate(terms)})
    # A fixed vocabulary ignores the corpus: one empty document makes the clone fitted.
    small.fit([""])
    if getattr(vectorizer, "use_idf", False):
        small.idf_ = np.asarray(vectorizer.idf_)[cols]
    for name in ("stop_words_",):
        small.__dict__.pop(name, None)
    return small


def _cut_estimator(estimator, cols):
    small = copy.deepcopy(estimator)
    coef = np.asarray(estimator.coef_)
    small.coef_ = np.ascontiguousarray(coef[..., cols])
    small.n_features_in_ = len(cols)
    names = getattr(estimator, "feature_names_in_", None)
    if names is not None:
        small.feature_names_in_ = np.asarray(names)[cols]
    # per-feature state of the training problem has no meaning for the cut model
    for name in ("sparse_coef_", "groups_", "support_groups_", "coef_path_"):
        small.__dict__.pop(name, None)
    return small


def compact(vectorizer, estimator=None):
    """Keep only the columns a sparse model uses: a smaller pair with identical predictions.

    The estimator keeps the columns with a non-zero coefficient (for some
    class or target) and the vectorizer is cut to produce exactly those:

    * a vocabulary vectorizer (``CountVectorizer``, or ``TfidfVectorizer``
      with ``norm=None``) becomes a clone whose fixed ``vocabulary`` holds
      the used terms only (and their ``idf_``), with ``stop_words_`` dropped;
    * a hashing vectorizer, or a tf-idf that normalizes rows (the norm of a
      document involves all of its terms, used or not), is wrapped in a
      :class:`ColumnSubset` that vectorizes as before and keeps the used
      columns; a fitted ``InvertibleHashingVectorizer`` is replaced by the
      plain ``HashingVectorizer`` it hashes like, without its term map.

    Predictions (``predict``, ``decision_function``, ``predict_proba``) are
    those of the original pair up to floating-point summation order.

    Parameters
    ----------
    vectorizer : fitted vectorizer or Pipeline
        A fitted text vectorizer; or a fitted two-step Pipeline
        ``(vectorizer, estimator)``, in which case a Pipeline is returned.
    estimator : fitted linear model, default=None
        Any estimator with ``coef_`` (and ``intercept_``) that predicts
        from ``X @ coef_.T``; required unless ``vectorizer`` is a Pipeline.

    Returns
    -------
    vectorizer, estimator : the compact pair (or a Pipeline of it)

    Examples
    --------
    >>> from sparselearn.feature_extraction.text import CountVectorizer, compact
    >>> from sparselearn.linear_model import SparseLogisticRegression
    >>> docs = ["good great fun", "bad awful dull", "great plot", "dull plot",
    ...         "fun fun", "awful acting"]
    >>> y = [1, 0, 1, 0, 1, 0]
    >>> vec = CountVectorizer().fit(docs)
    >>> clf = SparseLogisticRegression(alpha=0.05).fit(vec.transform(docs), y)
    >>> small_vec, small_clf = compact(vec, clf)
    >>> len(small_vec.vocabulary_) < len(vec.vocabulary_)
    True
    >>> bool((small_clf.predict(small_vec.transform(docs))
    ...       == clf.predict(vec.transform(docs))).all())
    True
    """
    if isinstance(vectorizer, Pipeline):
        if estimator is not None or len(vectorizer.steps) != 2:
            raise ValueError("compact(pipeline) takes a two-step Pipeline "
                             "(vectorizer, estimator) and no estimator argument.")
        (vname, vec), (ename, est) = vectorizer.steps
        small_vec, small_est = compact(vec, est)
        return Pipeline([(vname, small_vec), (ename, small_est)])
    if estimator is None:
        raise TypeError("compact() needs the fitted estimator (or a fitted Pipeline).")
    cols = used_columns(estimator)
    n_out = np.atleast_2d(np.asarray(estimator.coef_)).shape[1]
    if isinstance(vectorizer, HashingVectorizer):
        plain = HashingVectorizer(**{k: v for k, v in vectorizer.get_params().items()
                                     if k in HashingVectorizer().get_params()})
        small_vec = ColumnSubset(plain, cols)
    elif hasattr(vectorizer, "vocabulary_"):
        if len(vectorizer.vocabulary_) != n_out:
            raise ValueError(f"the vectorizer has {len(vectorizer.vocabulary_)} columns, the "
                             f"estimator {n_out} coefficients per class.")
        if getattr(vectorizer, "norm", None) is None:
            small_vec = _cut_vocabulary(vectorizer, cols)
        else:
            small_vec = ColumnSubset(vectorizer, cols)
    else:
        raise TypeError(
            "compact() supports fitted vocabulary vectorizers (CountVectorizer, "
            "TfidfVectorizer) and hashing vectorizers, got "
            f"{type(vectorizer).__name__}.")
    return small_vec, _cut_estimator(estimator, cols)
