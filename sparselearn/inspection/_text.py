"""Read a linear text model as words: top terms per class, per-document contributions."""

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.utils.validation import check_is_fitted


def _names(vectorizer, n_features: int) -> np.ndarray:
    """Column names from a vectorizer, a list of names, or ``x0, x1, ...``."""
    if vectorizer is None:
        return np.asarray([f"x{j}" for j in range(n_features)], dtype=object)
    if hasattr(vectorizer, "get_feature_names_out"):
        names = np.asarray(vectorizer.get_feature_names_out(), dtype=object)
    else:
        names = np.asarray(list(vectorizer), dtype=object)
    if names.shape != (n_features,):
        raise ValueError(f"the vectorizer names {names.shape[0]} columns, the estimator has "
                         f"{n_features} coefficients per class or target.")
    return names


def _rows(estimator):
    """(coef rows, label of each row, label of the opposite side of a binary model)."""
    check_is_fitted(estimator, "coef_")
    coef = np.atleast_2d(np.asarray(estimator.coef_, dtype=np.float64))
    classes = getattr(estimator, "classes_", None)
    if classes is not None and len(classes) == 2 and coef.shape[0] == 1:
        return coef, [classes[1]], classes[0]
    if classes is not None and len(classes) == coef.shape[0]:
        return coef, list(classes), None
    return coef, list(range(coef.shape[0])), None


def top_terms(estimator, vectorizer=None, n: int = 10) -> pd.DataFrame:
    """The terms with the largest coefficients, per class or target.

    For a binary classifier the positive coefficients are listed under the
    positive class (``classes_[1]``) and the negative ones under
    ``classes_[0]``; for a multinomial model or a multi-task regression,
    the largest positive coefficients of each class or task; for a single
    regression target, the largest ``|coef|`` of either sign.

    Parameters
    ----------
    estimator : fitted linear model
        Anything with ``coef_`` of shape (n_features,) or (n_rows, n_features).
    vectorizer : fitted vectorizer or sequence of str, default=None
        Gives the column names (``get_feature_names_out``); any fitted
        transformer, or the names themselves.
    n : int, default=10
        Terms per class (only non-zero coefficients are listed).

    Returns
    -------
    DataFrame
        Columns ``class``, ``rank`` (1 = strongest), ``term``, ``coef``.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import SparseLogisticRegression
    >>> from sparselearn.inspection import top_terms
    >>> X = np.array([[2, 0, 0], [1, 0, 1], [0, 3, 0], [0, 1, 1]])
    >>> clf = SparseLogisticRegression(alpha=0.01).fit(X, ["ham", "ham", "spam", "spam"])
    >>> top_terms(clf, ["free", "money", "hello"], n=1).round(2)
      class  rank   term  coef
    0  spam     1  money  2.36
    1   ham     1   free -4.06
    """
    if not (isinstance(n, (int, np.integer)) and n >= 1):
        raise ValueError(f"n must be a positive integer, got {n!r}.")
    coef, labels, negative_label = _rows(estimator)
    names = _names(vectorizer, coef.shape[1])
    single_regression = negative_label is None and coef.shape[0] == 1 and not hasattr(
        estimator, "classes_")
    frames = []
    for row, label in zip(coef, labels):
        sides = [(label, row, 1.0)]
        if negative_label is not None:
            sides.append((negative_label, row, -1.0))
        for side_label, values, sign in sides:
            key = np.abs(values) if single_regression else sign * values
            order = np.argsort(-key, kind="stable")
            order = order[key[order] > 0][:n]
            frames.append(pd.DataFrame({"class": side_label, "rank": np.arange(1, len(order) + 1),
                                        "term": names[order], "coef": values[order]}))
    return pd.concat(frames, ignore_index=True)


def document_contributions(estimator, vectorizer, documents, n: int = 10,
                           target=None) -> pd.DataFrame:
    """Why each document got its score: coefficient times feature value, largest first.

    The decision value of a linear model is ``intercept + sum_j coef_j x_j``;
    each non-zero term ``coef_j x_j`` of a document is listed, by decreasing
    absolute contribution.

    Parameters
    ----------
    estimator : fitted linear model
    vectorizer : fitted vectorizer, or None when ``documents`` is already a matrix
    documents : iterable of str, or {array-like, sparse matrix} of shape (n_docs, n_features)
    n : int, default=10
        Contributions listed per document.
    target : class label or int, default=None
        Class (or task) whose decision value is explained; by default the
        positive class of a binary model, the predicted class of a
        multinomial one, the only target of a regression.

    Returns
    -------
    DataFrame
        Columns ``document`` (row index), ``class``, ``term``, ``value``
        (the feature value), ``coef``, ``contribution``.

    Examples
    --------
    >>> import numpy as np
    >>> from sparselearn.linear_model import Lasso
    >>> from sparselearn.inspection import document_contributions
    >>> X = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0], [1.0, 1.0, 0.0], [2.0, 0.0, 1.0]])
    >>> est = Lasso(alpha=0.01).fit(X, X @ [1.0, -2.0, 0.5])
    >>> document_contributions(est, ["a", "b", "c"], X[:1], n=2).round(2)
       document  class term  value  coef  contribution
    0         0      0    c    2.0  0.74          1.48
    1         0      0    a    1.0  1.24          1.24
    """
    if not (isinstance(n, (int, np.integer)) and n >= 1):
        raise ValueError(f"n must be a positive integer, got {n!r}.")
    coef, labels, _ = _rows(estimator)
    if vectorizer is not None and hasattr(vectorizer, "transform"):
        X = vectorizer.transform(documents)
    else:
        X = documents
    X = sp.csr_matrix(X, dtype=np.float64)
    names = _names(vectorizer if hasattr(vectorizer, "get_feature_names_out") or
                   (vectorizer is not None and not hasattr(vectorizer, "transform"))
                   else None, coef.shape[1])
    if X.shape[1] != coef.shape[1]:
        raise ValueError(f"documents have {X.shape[1]} features, the estimator expects "
                         f"{coef.shape[1]}.")
    if target is not None:
        if target not in labels:
            raise ValueError(f"target must be one of {labels}, got {target!r}.")
        rows = np.full(X.shape[0], labels.index(target))
    elif coef.shape[0] > 1 and hasattr(estimator, "classes_"):
        intercept = np.ravel(getattr(estimator, "intercept_", 0.0))
        rows = np.argmax(X @ coef.T + intercept, axis=1)
    else:
        rows = np.zeros(X.shape[0], dtype=int)
    frames = []
    for i in range(X.shape[0]):
        lo, hi = X.indptr[i], X.indptr[i + 1]
        cols, vals = X.indices[lo:hi], X.data[lo:hi]
        contrib = vals * coef[rows[i], cols]
        keep = np.argsort(-np.abs(contrib), kind="stable")
        keep = keep[contrib[keep] != 0][:n]
        frames.append(pd.DataFrame({
            "document": i, "class": labels[rows[i]], "term": names[cols[keep]],
            "value": vals[keep], "coef": coef[rows[i], cols[keep]],
            "contribution": contrib[keep]}))
    return pd.concat(frames, ignore_index=True)
