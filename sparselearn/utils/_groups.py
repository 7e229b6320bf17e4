"""Group specifications for the group lasso family.

Users describe groups of columns in whichever form is at hand (a group size,
sizes, one label per column, lists of columns, a dict of named groups, or a
fitted preprocessor that expanded each original variable into several
columns); :func:`check_groups` turns every form into one canonical
:class:`GroupSpec`, and :func:`group_weights` turns the ``weights`` parameter
into one penalty weight per group.  The solver only sees contiguous ranges:
it permutes the columns with :meth:`GroupSpec.order` and cuts them at
:meth:`GroupSpec.ptr`.

:func:`groups_from_transformer` maps each original variable of a fitted
``ColumnTransformer`` / ``OneHotEncoder`` / ``SplineTransformer`` /
``Pipeline`` to the output columns it produced, and :class:`GroupPipeline`
feeds those groups to a group-penalized estimator at fit time, so that a
categorical variable enters or leaves the model as a whole.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Union

import numpy as np
import pandas as pd
from sklearn import get_config
from sklearn.base import BaseEstimator, clone
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import (KBinsDiscretizer, OneHotEncoder, PolynomialFeatures,
                                   SplineTransformer)
from sklearn.utils.metadata_routing import process_routing
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_array, check_is_fitted, check_memory, check_scalar

__all__ = ["GroupPipeline", "GroupSpec", "check_groups", "group_weights",
           "groups_from_transformer", "make_group_pipeline"]

#: Every form :func:`check_groups` accepts.
GroupsLike = Union[int, Iterable, Mapping, "GroupSpec"]

_UNPENALIZED = -1
_MAX_LISTED = 10  # columns listed in an error message before "..."


# ------------------------------------------------------------------ GroupSpec
@dataclass(frozen=True, eq=False, repr=False)
class GroupSpec:
    """Canonical partition of the columns of a design into penalized groups.

    Built by :func:`check_groups`; the arrays are read-only.

    Parameters
    ----------
    labels : ndarray of int64, shape (n_features,)
        Group index (``0 .. n_groups - 1``) of each column, ``-1`` for a
        column in no group (unpenalized).
    members : tuple of ndarray of int64
        The sorted column indices of each group. Every group is non-empty and
        every column with a label ``>= 0`` is in exactly one group.
    names : tuple of str or None
        One name per group when the user gave names (dict keys, string
        labels), else None.
    n_features : int
        Number of columns of the design.

    Examples
    --------
    >>> from sparselearn.utils import check_groups
    >>> spec = check_groups([0, 0, -1, 1, 1, 1], n_features=6)
    >>> spec
    GroupSpec(n_features=6, sizes=[2, 3], names=None, unpenalized=[2])
    >>> spec.members
    (array([0, 1]), array([3, 4, 5]))
    >>> spec.order(), spec.ptr()
    (array([0, 1, 3, 4, 5, 2]), array([0, 2, 5]))
    """

    labels: np.ndarray
    members: tuple
    names: tuple | None
    n_features: int

    def __post_init__(self):
        # direct construction is allowed, so the fields are checked for
        # consistency here rather than trusted
        n_features = int(self.n_features)
        labels = np.array(self.labels, dtype=np.int64)
        if labels.shape != (n_features,):
            raise ValueError(f"labels must have shape ({n_features},), got {labels.shape}.")
        members = _members_from_labels(labels)
        given = tuple(np.asarray(m, dtype=np.int64) for m in self.members)
        if len(given) != len(members) or any(
                g.shape != m.shape or np.any(g != m) for g, m in zip(given, members)):
            raise ValueError("members must be the sorted column indices of each label "
                             "0 .. n_groups - 1 of labels.")
        names = self.names
        if names is not None:
            names = tuple(str(name) for name in names)
            if len(names) != len(members):
                raise ValueError(f"names must have one entry per group ({len(members)}), "
                                 f"got {len(names)}.")
        labels.setflags(write=False)
        for m in members:
            m.setflags(write=False)
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "members", members)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "n_features", n_features)

    @property
    def n_groups(self) -> int:
        """Number of penalized groups."""
        return len(self.members)

    @property
    def sizes(self) -> np.ndarray:
        """Number of columns of each group (int64, shape ``(n_groups,)``)."""
        return np.array([len(m) for m in self.members], dtype=np.int64)

    @property
    def unpenalized(self) -> np.ndarray:
        """Sorted indices of the columns in no group (label ``-1``)."""
        return np.flatnonzero(self.labels == _UNPENALIZED).astype(np.int64)

    def order(self) -> np.ndarray:
        """Permutation of the columns that makes every group contiguous.

        Groups come in order ``0 .. n_groups - 1``, each with its members
        sorted, followed by the unpenalized columns: ``X[:, spec.order()]``
        has group ``g`` in columns ``ptr[g]:ptr[g + 1]``.
        """
        return np.concatenate(self.members + (self.unpenalized,)).astype(np.int64)

    def ptr(self) -> np.ndarray:
        """Group boundaries in :meth:`order` (int64, shape ``(n_groups + 1,)``)."""
        return np.concatenate(([0], np.cumsum(self.sizes))).astype(np.int64)

    def __eq__(self, other):
        if not isinstance(other, GroupSpec):
            return NotImplemented
        return (self.n_features == other.n_features and self.names == other.names
                and np.array_equal(self.labels, other.labels))

    def __hash__(self):
        return hash((self.n_features, self.names, self.labels.tobytes()))

    def __repr__(self):
        sizes = np.array2string(self.sizes, separator=", ", threshold=_MAX_LISTED)
        unpen = np.array2string(self.unpenalized, separator=", ", threshold=_MAX_LISTED)
        names = self.names
        if names is not None and len(names) > _MAX_LISTED:
            names = names[:_MAX_LISTED // 2] + ("...",) + names[-(_MAX_LISTED // 2):]
        out = f"GroupSpec(n_features={self.n_features}, sizes={sizes}, names={names}"
        return out + (f", unpenalized={unpen})" if len(self.unpenalized) else ")")


def _members_from_labels(labels: np.ndarray) -> tuple:
    """Sorted members of each label ``0 .. max``; checks labels are ``-1`` or in range."""
    if labels.size and labels.min() < _UNPENALIZED:
        raise ValueError("labels must be -1 or group indices 0 .. n_groups - 1.")
    n_groups = int(labels.max()) + 1 if labels.size else 0
    if n_groups == 0:  # every column unpenalized
        return ()
    counts = np.bincount(labels[labels >= 0], minlength=n_groups)
    if np.any(counts == 0):
        raise ValueError(f"labels must use every group index 0 .. {n_groups - 1}; "
                         f"missing: {_listed(np.flatnonzero(counts == 0))}.")
    # one stable sort instead of a scan per group: O(n log n) for many groups
    perm = np.argsort(labels, kind="stable")
    perm = perm[np.count_nonzero(labels == _UNPENALIZED):]
    return tuple(np.split(perm.astype(np.int64), np.cumsum(counts)[:-1]))


# --------------------------------------------------------------- check_groups
def check_groups(groups: GroupsLike, n_features: int,
                 feature_names: Iterable[str] | None = None) -> GroupSpec:
    """Validate a group specification and return its canonical :class:`GroupSpec`.

    Parameters
    ----------
    groups : int, array-like, sequence of sequences, dict or GroupSpec
        Which columns are penalized together. Accepted forms:

        - an int ``k >= 1``: consecutive groups of ``k`` columns
          (``n_features`` must be a multiple of ``k``);
        - a flat sequence of length ``n_features``: one **label** per column.
          Integer labels may take any values; groups are numbered in sorted
          label order and the label ``-1`` marks an unpenalized column.
          String labels name the groups (sorted order as well); every column
          then belongs to a group;
        - any other flat sequence of ints: group **sizes** (each ``>= 1``,
          summing to ``n_features``), consecutive groups;
        - a list or tuple of sequences: the column indices (ints) or column
          names (str, which need ``feature_names``) of each group, in group
          order;
        - a dict ``name -> columns`` (a sequence of column indices or names,
          or a single one): named groups, in the dict's order.

        In the last two forms every column must be in exactly one group; use
        labels with ``-1`` to leave columns unpenalized. Integral floats are
        accepted in arrays (labels read from a float column); bools, other
        floats and missing values are not.
    n_features : int
        Number of columns of the design.
    feature_names : array-like of str of shape (n_features,), default=None
        Column names (e.g. a DataFrame's columns) to resolve groups given by
        column name.

    Returns
    -------
    spec : GroupSpec
        The canonical specification.

    Notes
    -----
    A flat sequence is read as labels exactly when its length is
    ``n_features``, otherwise as sizes. In particular ``[1] * n_features`` is
    one group made of all columns; ``groups=1`` gives one group per column.

    Examples
    --------
    >>> from sparselearn.utils import check_groups
    >>> check_groups(2, n_features=4)
    GroupSpec(n_features=4, sizes=[2, 2], names=None)
    >>> check_groups([1, 3], n_features=4) == check_groups([[0], [1, 2, 3]], n_features=4)
    True
    >>> spec = check_groups({"age": ["age"], "color": ["red", "blue"]}, n_features=3,
    ...                     feature_names=["red", "age", "blue"])
    >>> spec.names, spec.labels
    (('age', 'color'), array([1, 0, 1]))
    """
    n_features = check_scalar(n_features, "n_features", Integral, min_val=1)
    names_in = _check_feature_names(feature_names, n_features)
    if groups is None:
        raise TypeError("groups is required: give a group size, group sizes, one label per "
                        "column, lists of columns or a dict of named groups.")
    if isinstance(groups, GroupSpec):
        if groups.n_features != n_features:
            raise ValueError(f"groups is a GroupSpec for {groups.n_features} features, "
                             f"expected {n_features}.")
        return groups
    if isinstance(groups, Mapping):
        return _from_mapping(groups, n_features, names_in)
    if isinstance(groups, (bool, np.bool_)):
        raise TypeError(f"groups must not be a bool, got {groups!r}.")
    if isinstance(groups, Integral):
        size = check_scalar(int(groups), "groups", Integral, min_val=1)
        if n_features % size:
            raise ValueError(f"groups={size} (a group size) must divide n_features="
                             f"{n_features}.")
        return _from_labels_canonical(np.arange(n_features) // size, None, n_features)
    if isinstance(groups, (str, bytes)) or not isinstance(groups, Iterable):
        raise TypeError("groups must be an int, an array-like, a sequence of sequences or a "
                        f"dict, got {type(groups).__name__} {groups!r}.")
    if isinstance(groups, np.ndarray) and groups.ndim != 1:
        raise ValueError(f"groups must be 1-D, got an array of shape {groups.shape}.")
    if isinstance(groups, (list, tuple)) or (
            isinstance(groups, np.ndarray) and groups.dtype == object):
        nested = [_is_collection(g) for g in groups]
        if nested and all(nested):
            return _from_index_lists(list(groups), None, n_features, names_in)
        if any(nested):
            raise TypeError("groups mixes sequences and scalars: give either one label per "
                            "column, group sizes, or one sequence of columns per group.")
    return _from_flat(groups, n_features)


def _check_feature_names(feature_names, n_features: int):
    if feature_names is None:
        return None
    names = np.asarray(feature_names, dtype=object)
    if names.ndim != 1 or len(names) != n_features:
        raise ValueError(f"feature_names must have shape ({n_features},), got {names.shape}.")
    if not all(isinstance(name, str) for name in names):
        raise TypeError("feature_names must be strings.")
    return names


def _is_collection(value) -> bool:
    if isinstance(value, (str, bytes, Mapping)):
        return False
    if isinstance(value, np.ndarray):
        return value.ndim > 0
    return isinstance(value, Iterable)


def _from_labels_canonical(labels, names, n_features: int) -> GroupSpec:
    labels = np.asarray(labels, dtype=np.int64)
    return GroupSpec(labels, _members_from_labels(labels), names, n_features)


def _flat_values(groups) -> tuple[np.ndarray, str]:
    """``(values, kind)`` of a flat sequence: kind is 'int' (int64 values) or 'str'."""
    # plain sequences go through object dtype: numpy would silently turn
    # [1, "a"] into strings
    values = np.asarray(groups) if hasattr(groups, "dtype") else np.asarray(groups, dtype=object)
    if values.ndim != 1:
        raise ValueError(f"groups must be 1-D, got shape {values.shape}.")
    kind = values.dtype.kind
    if kind == "b":
        raise TypeError("groups must not be bools: give integer or string labels.")
    if kind in "iu":
        return values.astype(np.int64), "int"
    if kind in "US":
        return values.astype(str), "str"
    if kind == "f":
        if not np.all(np.isfinite(values)):
            raise ValueError("groups must not contain NaN or infinite values.")
        if np.any(values != np.round(values)):
            raise ValueError(f"groups must be integers, got non-integral values "
                             f"{_listed(values[values != np.round(values)])}.")
        return values.astype(np.int64), "int"
    if kind == "O":
        if values.size and np.any(pd.isna(values)):
            raise ValueError("groups must not contain missing values (None or NaN).")
        if all(isinstance(v, str) for v in values):
            return values.astype(str), "str"
        if any(isinstance(v, (bool, np.bool_)) for v in values):
            raise TypeError("groups must not be bools: give integer or string labels.")
        if all(isinstance(v, Integral) for v in values):
            return values.astype(np.int64), "int"
        if all(isinstance(v, Real) for v in values):
            return _flat_values(values.astype(np.float64))
        raise TypeError("groups must hold only integers or only strings, got "
                        f"{sorted({type(v).__name__ for v in values})}.")
    raise TypeError(f"groups must hold integers or strings, got dtype {values.dtype}.")


def _from_flat(groups, n_features: int) -> GroupSpec:
    values, kind = _flat_values(groups)
    if len(values) == 0:
        raise ValueError("groups is empty.")
    if len(values) == n_features:  # one label per column
        if kind == "str":
            names, labels = np.unique(values, return_inverse=True)
            return _from_labels_canonical(labels, tuple(names.tolist()), n_features)
        penalized = values != _UNPENALIZED
        labels = np.full(n_features, _UNPENALIZED, dtype=np.int64)
        labels[penalized] = np.unique(values[penalized], return_inverse=True)[1]
        return _from_labels_canonical(labels, None, n_features)
    if kind == "str":
        raise ValueError(f"groups given as string labels must have one label per column "
                         f"(n_features={n_features}), got {len(values)}.")
    if np.any(values < 0):
        raise ValueError(f"groups read as group sizes (its length {len(values)} is not "
                         f"n_features={n_features}) must be positive, got negative sizes "
                         f"{_listed(values[values < 0])}.")
    if np.any(values == 0):
        raise ValueError(f"groups read as group sizes must be positive: groups "
                         f"{_listed(np.flatnonzero(values == 0))} are empty.")
    if values.sum() != n_features:
        raise ValueError(f"groups read as group sizes (its length {len(values)} is not "
                         f"n_features={n_features}) must sum to n_features={n_features}, "
                         f"got {int(values.sum())}. One label per column needs exactly "
                         f"n_features entries.")
    return _from_labels_canonical(np.repeat(np.arange(len(values)), values), None, n_features)


def _from_mapping(groups: Mapping, n_features: int, names_in) -> GroupSpec:
    bad = [key for key in groups if not isinstance(key, str)]
    if bad:
        raise TypeError(f"groups given as a dict must have string keys (group names), got "
                        f"{bad[:_MAX_LISTED]!r}.")
    columns = [value if _is_collection(value) else [value] for value in groups.values()]
    return _from_index_lists(columns, tuple(groups), n_features, names_in)


def _from_index_lists(columns: list, names, n_features: int, names_in) -> GroupSpec:
    position = None if names_in is None else {name: i for i, name in enumerate(names_in)}
    label_of = [names[g] if names is not None else g for g in range(len(columns))]
    members = []
    for g, cols in enumerate(columns):
        idx = np.array([_column_index(c, label_of[g], n_features, position) for c in cols],
                       dtype=np.int64)
        if idx.size == 0:
            raise ValueError(f"groups: group {label_of[g]!r} is empty.")
        members.append(idx)
    if not members:
        raise ValueError("groups is empty.")
    flat = np.concatenate(members)
    counts = np.bincount(flat, minlength=n_features)
    if np.any(counts > 1):
        raise ValueError(f"groups overlap: columns "
                         f"{_columns(np.flatnonzero(counts > 1), names_in)} are in more than "
                         "one group (or repeated in a group).")
    if np.any(counts == 0):
        raise ValueError(f"groups must cover every column, missing columns "
                         f"{_columns(np.flatnonzero(counts == 0), names_in)}. To leave columns "
                         "unpenalized, give one label per column with -1 for them.")
    labels = np.empty(n_features, dtype=np.int64)
    for g, idx in enumerate(members):
        labels[idx] = g
    return _from_labels_canonical(labels, names, n_features)


def _column_index(column, group, n_features: int, position) -> int:
    if isinstance(column, str):
        if position is None:
            raise ValueError(f"groups: group {group!r} names column {column!r}; column names "
                             "need feature_names (e.g. the DataFrame's columns).")
        if column not in position:
            raise ValueError(f"groups: group {group!r} names unknown column {column!r}.")
        return position[column]
    if isinstance(column, (bool, np.bool_)) or not isinstance(column, Integral):
        raise TypeError(f"groups: group {group!r} must list column indices (int) or names "
                        f"(str), got {type(column).__name__} {column!r}.")
    if not 0 <= column < n_features:
        raise ValueError(f"groups: group {group!r} has column index {int(column)} out of "
                         f"range [0, {n_features}).")
    return int(column)


def _listed(values) -> str:
    values = list(np.asarray(values).tolist())
    more = ", ..." if len(values) > _MAX_LISTED else ""
    return "[" + ", ".join(map(repr, values[:_MAX_LISTED])) + more + "]"


def _columns(indices, names_in) -> str:
    return _listed(indices if names_in is None else names_in[indices])


# -------------------------------------------------------------- group_weights
def group_weights(spec: GroupSpec,
                  weights: Real | Iterable | Mapping | None = None) -> np.ndarray:
    """Penalty weight of each group.

    Parameters
    ----------
    spec : GroupSpec
        The groups, from :func:`check_groups`.
    weights : None, float, array-like of shape (n_groups,) or dict, default=None
        ``None`` gives each group the square root of its size (the group
        lasso's usual choice, which puts groups of different sizes on an
        equal footing). A scalar is used for every group, an array gives one
        weight per group in group order, and a dict maps every group name to
        its weight (only when ``spec.names`` is known). Weights must be finite
        and non-negative; a zero weight leaves a group unpenalized.

    Returns
    -------
    weights : ndarray of float64, shape (n_groups,)

    Examples
    --------
    >>> from sparselearn.utils import check_groups, group_weights
    >>> spec = check_groups(["a", "a", "a", "a", "b"], n_features=5)
    >>> group_weights(spec)
    array([2., 1.])
    >>> group_weights(spec, {"a": 0.5, "b": 1.0})
    array([0.5, 1. ])
    """
    if not isinstance(spec, GroupSpec):
        raise TypeError(f"spec must be a GroupSpec (see check_groups), got "
                        f"{type(spec).__name__}.")
    if weights is None:
        return np.sqrt(spec.sizes.astype(np.float64))
    if isinstance(weights, Mapping):
        if spec.names is None:
            raise ValueError("weights given as a dict need named groups (dict keys or string "
                             "labels in groups); give an array of one weight per group.")
        missing = [name for name in spec.names if name not in weights]
        unknown = [key for key in weights if key not in set(spec.names)]
        if missing or unknown:
            raise ValueError(f"weights given as a dict must have exactly one entry per group: "
                             f"missing {missing[:_MAX_LISTED]}, unknown "
                             f"{unknown[:_MAX_LISTED]}.")
        return np.array([_weight_value(weights[name], name) for name in spec.names],
                        dtype=np.float64)
    if isinstance(weights, (str, bytes, bool, np.bool_)):
        raise TypeError(f"weights must be a number, an array-like or a dict, got "
                        f"{weights!r}.")
    if isinstance(weights, Real):
        return np.full(spec.n_groups, _weight_value(weights, None))
    if np.asarray(weights).dtype.kind == "b":
        raise TypeError("weights must be numbers, got bools.")
    values = check_array(weights, ensure_2d=False, dtype=np.float64, input_name="weights",
                         ensure_min_samples=0)
    if values.shape != (spec.n_groups,):
        raise ValueError(f"weights must have one entry per group, shape ({spec.n_groups},), "
                         f"got {values.shape}.")
    if np.any(values < 0):
        raise ValueError(f"weights must be non-negative, got {_listed(values[values < 0])}.")
    return values


def _weight_value(value, name) -> float:
    where = "weights" if name is None else f"weights[{name!r}]"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"{where} must be a real number, got {value!r}.")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{where} must be finite and non-negative, got {value!r}.")
    return float(value)


# --------------------------------------------------- groups_from_transformer
def groups_from_transformer(transformer: BaseEstimator,
                            input_features: Iterable[str] | None = None
                            ) -> dict[str, list[int]]:
    """Output columns of a fitted preprocessor, grouped by the input variable they come from.

    Parameters
    ----------
    transformer : fitted transformer
        A ``ColumnTransformer``, ``Pipeline``, ``FeatureUnion``,
        ``OneHotEncoder`` (with any ``drop``, ``min_frequency`` or
        ``max_categories``), ``SplineTransformer``, ``KBinsDiscretizer``,
        ``PolynomialFeatures`` applied to a single column, or any transformer
        whose ``get_feature_names_out`` returns input names (one-to-one
        transformers such as ``StandardScaler``, ``SimpleImputer`` and its
        ``missingindicator_<name>`` columns, ``FunctionTransformer(
        feature_names_out='one-to-one')``, feature selectors), nested in any
        way. ``'passthrough'`` steps and remainders are followed and
        ``'drop'`` is skipped.
    input_features : array-like of str, default=None
        Names of the original inputs, as for ``get_feature_names_out``:
        ``feature_names_in_`` when the transformer was fit on a DataFrame,
        else ``x0, x1, ...``.

    Returns
    -------
    groups : dict of str to list of int
        For each original input, in input order, the sorted indices (in the
        order of ``transformer.get_feature_names_out()``) of the output
        columns it produced. Inputs that produce no column (dropped) are
        left out; an input feeding several transformers gets all their
        columns. The dict is a valid ``groups`` for :func:`check_groups`.

    Raises
    ------
    ValueError
        If an output column depends on several inputs (interactions, PCA,
        ...) or on none (a bias column), naming the transformer.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn.compose import make_column_transformer
    >>> from sklearn.preprocessing import OneHotEncoder, StandardScaler
    >>> from sparselearn.utils import groups_from_transformer
    >>> X = pd.DataFrame({"color": ["red", "blue", "green", "red"],
    ...                   "size": [1.0, 2.0, 3.0, 4.0]})
    >>> ct = make_column_transformer((OneHotEncoder(), ["color"]),
    ...                              (StandardScaler(), ["size"])).fit(X)
    >>> groups_from_transformer(ct)
    {'color': [0, 1, 2], 'size': [3]}
    """
    check_is_fitted(transformer)
    names_in = _input_names(transformer, input_features)
    owners = _owners(transformer, names_in, type(transformer).__name__)
    n_out = _n_names_out(transformer, names_in)
    if n_out is not None and n_out != len(owners):
        raise ValueError(f"{type(transformer).__name__} has {n_out} output columns but "
                         f"{len(owners)} could be attributed to its inputs.")
    groups: dict[str, list[int]] = {}
    for i, name in enumerate(names_in):
        columns = np.flatnonzero(owners == i)
        if columns.size:
            groups[str(name)] = columns.tolist()
    return groups


def _input_names(transformer, input_features) -> np.ndarray:
    names_in = getattr(transformer, "feature_names_in_", None)
    n_in = getattr(transformer, "n_features_in_", None)
    if input_features is not None:
        names = np.asarray(input_features, dtype=object)
        if names.ndim != 1 or not all(isinstance(n, str) for n in names):
            raise TypeError("input_features must be a 1-D array-like of str.")
        if names_in is not None and not np.array_equal(names, np.asarray(names_in, dtype=object)):
            raise ValueError("input_features must equal the transformer's feature_names_in_.")
        if n_in is not None and len(names) != n_in:
            raise ValueError(f"input_features must have {n_in} names, got {len(names)}.")
    elif names_in is not None:
        names = np.asarray(names_in, dtype=object)
    elif n_in is not None:
        names = np.array([f"x{i}" for i in range(n_in)], dtype=object)
    else:
        raise ValueError(f"cannot tell the inputs of {type(transformer).__name__}: give "
                         "input_features.")
    if len(set(names)) != len(names):
        raise ValueError("the input feature names must be unique to name the groups.")
    return names


def _n_names_out(transformer, names_in):
    """Number of output columns per ``get_feature_names_out``, None if not available."""
    if not hasattr(transformer, "get_feature_names_out"):
        return None
    return len(transformer.get_feature_names_out(names_in))


def _owners(trans, names_in: np.ndarray, where: str) -> np.ndarray:
    """Index (into ``names_in``) of the input each output column of ``trans`` comes from.

    ``where`` is the path to ``trans`` for error messages.
    """
    n_in = len(names_in)
    if trans is None or (isinstance(trans, str) and trans == "passthrough"):
        return np.arange(n_in)
    if isinstance(trans, str) and trans == "drop":
        return np.arange(0)
    if isinstance(trans, Pipeline):
        owners, names, previous = np.arange(n_in), names_in, None
        for name, step in trans.steps:
            if step is None or (isinstance(step, str) and step == "passthrough"):
                continue
            if previous is not None:  # the names this step was fit on
                names = np.asarray(previous.get_feature_names_out(names), dtype=object)
            owners = owners[_owners(step, names, f"{where}[{name!r}]")]
            previous = step
        return owners
    if isinstance(trans, ColumnTransformer):
        return _column_transformer_owners(trans, names_in, where)
    if isinstance(trans, FeatureUnion):
        parts = [_owners(sub, names_in, f"{where}[{name!r}]")
                 for name, sub in trans.transformer_list
                 if not (isinstance(sub, str) and sub == "drop")]
        return np.concatenate(parts) if parts else np.arange(0)
    if isinstance(trans, OneHotEncoder):
        return _checked_repeat(trans, _onehot_counts(trans), names_in, where)
    if isinstance(trans, KBinsDiscretizer):
        if trans.encode == "ordinal":
            return _checked_repeat(trans, np.ones(n_in, dtype=np.int64), names_in, where)
        return _checked_repeat(trans, np.asarray(trans.n_bins_, dtype=np.int64), names_in, where)
    if isinstance(trans, SplineTransformer):
        return _spline_owners(trans, names_in, where)
    if isinstance(trans, PolynomialFeatures):
        return _polynomial_owners(trans, names_in, where)
    return _owners_by_name(trans, names_in, where)


def _checked_repeat(trans, counts, names_in, where) -> np.ndarray:
    """``counts[i]`` outputs for input ``i``, checked against ``get_feature_names_out``."""
    counts = np.asarray(counts, dtype=np.int64)
    n_out = _n_names_out(trans, names_in)
    if len(counts) != len(names_in) or (n_out is not None and counts.sum() != n_out):
        raise ValueError(f"{where}: counted {int(counts.sum())} output columns from the fitted "
                         f"attributes of {type(trans).__name__} but get_feature_names_out "
                         f"gives {n_out}; cannot attribute its columns to its inputs.")
    return np.repeat(np.arange(len(counts)), counts)


def _onehot_counts(encoder: OneHotEncoder) -> np.ndarray:
    counts = np.array([len(c) for c in encoder.categories_], dtype=np.int64)
    # infrequent categories (min_frequency, max_categories) share one column;
    # the attribute is absent when the feature is disabled
    try:
        infrequent = encoder.infrequent_categories_
    except AttributeError:
        infrequent = [None] * len(counts)
    for i, cats in enumerate(infrequent):
        if cats is not None and len(cats):
            counts[i] -= len(cats) - 1
    # a dropped category removes one column, even when it is the infrequent one
    drop_idx = encoder.drop_idx_
    if drop_idx is not None:
        counts -= np.array([d is not None for d in drop_idx], dtype=np.int64)
    return counts


def _spline_owners(spline: SplineTransformer, names_in, where) -> np.ndarray:
    n_in, n_out = spline.n_features_in_, spline.n_features_out_
    if n_in != len(names_in) or n_out % n_in:
        raise ValueError(f"{where}: {n_out} spline columns do not split evenly over "
                         f"{n_in} inputs.")
    per = n_out // n_in
    names_out = spline.get_feature_names_out(names_in)
    for i, name in enumerate(names_in):
        if not all(str(out).startswith(f"{name}_sp_") for out in names_out[i * per:(i + 1) * per]):
            raise ValueError(f"{where}: the spline columns of {type(spline).__name__} are not "
                             f"{per} consecutive columns per input as expected.")
    return np.repeat(np.arange(n_in), per)


def _polynomial_owners(poly: PolynomialFeatures, names_in, where) -> np.ndarray:
    powers = np.asarray(poly.powers_)
    n_used = np.count_nonzero(powers, axis=1)
    if np.any(n_used != 1):
        names_out = poly.get_feature_names_out(names_in)
        bad = names_out[n_used != 1]
        raise ValueError(f"{where}: {type(poly).__name__} output columns {_listed(bad)} depend "
                         "on no input or on several inputs (bias or interaction columns); "
                         "only include_bias=False on a single column can be grouped.")
    return np.argmax(powers != 0, axis=1)


def _owners_by_name(trans, names_in, where) -> np.ndarray:
    """One-to-one transformers: outputs named after their input (or its missing indicator)."""
    try:
        names_out = trans.get_feature_names_out(names_in)
    except (AttributeError, TypeError, ValueError) as exc:
        raise ValueError(f"{where}: cannot attribute the output columns of "
                         f"{type(trans).__name__} to its inputs ({exc}); one-to-one "
                         "transformers need get_feature_names_out (e.g. "
                         "FunctionTransformer(feature_names_out='one-to-one')).") from exc
    position = {str(name): i for i, name in enumerate(names_in)}
    prefix = "missingindicator_"
    owners = []
    for out in map(str, names_out):
        if out in position:
            owners.append(position[out])
        elif out.startswith(prefix) and out[len(prefix):] in position:
            owners.append(position[out[len(prefix):]])
        else:
            raise ValueError(f"{where}: cannot attribute output column {out!r} of "
                             f"{type(trans).__name__} to a single input feature; only "
                             "transformers that expand each input separately can define "
                             "groups.")
    return np.asarray(owners, dtype=np.int64)


def _column_transformer_owners(ct: ColumnTransformer, names_in, where) -> np.ndarray:
    slices = ct.output_indices_
    n_out = max((s.stop for s in slices.values()), default=0)
    owners = np.full(n_out, -1, dtype=np.int64)
    for name, trans, columns in ct.transformers_:
        if isinstance(trans, str) and trans == "drop":
            continue
        idx = _column_positions(ct, columns, names_in)
        if idx.size == 0:
            continue
        local = _owners(trans, names_in[idx], f"{where}[{name!r}]")
        out = slices[name]
        if len(local) != out.stop - out.start:
            raise ValueError(f"{where}[{name!r}]: {out.stop - out.start} output columns but "
                             f"{len(local)} attributed to inputs.")
        owners[out] = idx[local]
    if np.any(owners < 0):
        raise ValueError(f"{where}: output columns {_listed(np.flatnonzero(owners < 0))} "
                         "are not produced by any of its transformers.")
    return owners


def _column_positions(ct: ColumnTransformer, columns, names_in) -> np.ndarray:
    """Positions of a (fitted, callables resolved) ColumnTransformer column selection."""
    n_in = len(names_in)
    # strings always refer to the fitted DataFrame's columns; ints are positions
    fitted_names = getattr(ct, "feature_names_in_", None)
    lookup = {str(n): i for i, n in enumerate(names_in if fitted_names is None
                                              else fitted_names)}

    def position(key):
        if isinstance(key, str):
            if key not in lookup:
                raise ValueError(f"unknown column {key!r} in {type(ct).__name__}.")
            return lookup[key]
        return int(key)

    if isinstance(columns, slice):
        if isinstance(columns.start, str) or isinstance(columns.stop, str):
            # label slices include their stop, as in pandas' .loc
            start = 0 if columns.start is None else position(columns.start)
            stop = n_in if columns.stop is None else position(columns.stop) + 1
            return np.arange(n_in)[start:stop:columns.step]
        return np.arange(n_in)[columns]
    if isinstance(columns, (str, Integral)):
        columns = [columns]
    values = list(columns)
    if not values:
        return np.arange(0)
    if all(isinstance(v, (bool, np.bool_)) for v in values):
        return np.flatnonzero(values)
    return np.array([position(v) for v in values], dtype=np.int64)


# ------------------------------------------------------------- GroupPipeline
class _Timer:
    """Prints the time a step took when ``verbose``."""

    def __init__(self, verbose: bool, message: str):
        self.verbose, self.message = verbose, message

    def __enter__(self):
        self.start = time.perf_counter()

    def __exit__(self, *exc):
        if self.verbose and exc[0] is None:
            print(f"[GroupPipeline] {self.message}, total="
                  f"{time.perf_counter() - self.start:5.1f}s")


def _fit_transform_one(transformer, X, y, params):
    # module level so that joblib.Memory can cache it
    if hasattr(transformer, "fit_transform"):
        return transformer.fit_transform(X, y, **params), transformer
    return transformer.fit(X, y, **params).transform(X), transformer


def _final_has(attr):
    return lambda self: hasattr(self.steps[-1][1], attr)


class GroupPipeline(Pipeline):
    """A preprocessor and a group-penalized estimator, grouped by original variable.

    At ``fit`` the preprocessor is fit, :func:`groups_from_transformer` maps
    every original input variable to the columns it produced (e.g. the
    one-hot columns of a categorical variable, the spline basis of a numeric
    one), and the estimator is fit on the transformed data with
    ``groups=<that dict>`` (names to column indices), so each variable is
    selected or dropped as a whole. The groups are recomputed at every fit:
    cross-validation folds that see different categories get their own.

    It is a :class:`~sklearn.pipeline.Pipeline` with exactly two steps and
    behaves like one (``predict``, ``score``, ``get_params``, ``clone``,
    grid search over the preprocessor's parameters, ...). As in
    ``Pipeline``, the step objects are fit in place; the estimator's
    ``groups`` parameter is overwritten with the derived groups, which are
    also stored in ``groups_``.

    Parameters
    ----------
    steps : list of (str, estimator) tuples
        ``[(name, preprocessor), (name, estimator)]``; the estimator must have
        a ``groups`` parameter accepting a dict of column indices.
    transform_input : None
        Not supported (must be None).
    memory : str or object with the joblib.Memory interface, default=None
        Caches the fitted preprocessor, as in ``Pipeline``.
    verbose : bool, default=False
        Print the time taken by each step.

    Attributes
    ----------
    groups_ : dict of str to list of int
        The groups given to the estimator at the last fit.

    Notes
    -----
    Fit parameters: ``<step>__<param>`` goes to that step (``fit_transform``
    of the preprocessor, ``fit`` of the estimator), as in ``Pipeline``, and a
    plain ``<param>`` (e.g. ``sample_weight``, as passed by ``GridSearchCV``
    and ``cross_val_score``) goes to the estimator. With metadata routing
    enabled, parameters are routed by the steps' requests instead, exactly
    as in ``Pipeline``.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn.preprocessing import OneHotEncoder
    >>> from sparselearn.linear_model import GroupLasso, GroupPipeline
    >>> X = pd.DataFrame({"color": ["red", "blue", "green", "red"],
    ...                   "size": ["S", "L", "S", "L"]})
    >>> pipe = GroupPipeline([("encode", OneHotEncoder()), ("model", GroupLasso(alpha=0.1))])
    >>> pipe.fit(X, [1.0, 2.0, 3.0, 4.0]).groups_
    {'color': [0, 1, 2], 'size': [3, 4]}
    >>> pipe["model"].groups == pipe.groups_
    True
    """

    def _check_steps(self):
        if len(self.steps) != 2:
            raise ValueError(f"{type(self).__name__} needs exactly two steps (preprocessor, "
                             f"estimator), got {len(self.steps)}.")
        (_, pre), (_, est) = self.steps
        if pre is None or isinstance(pre, str) or not hasattr(pre, "fit"):
            raise TypeError(f"the first step of {type(self).__name__} must be a preprocessor "
                            f"(a transformer), got {pre!r}.")
        if (isinstance(est, str) or not hasattr(est, "fit") or not hasattr(est, "get_params")
                or "groups" not in est.get_params(deep=False)):
            raise TypeError(f"the last step of {type(self).__name__} must be an estimator "
                            f"with a groups parameter, got {est!r}.")
        if getattr(self, "transform_input", None) is not None:
            raise ValueError(f"transform_input is not supported by {type(self).__name__}.")

    def _split_params(self, params: dict) -> tuple[dict, dict]:
        """Fit parameters of the preprocessor and of the estimator."""
        (pre_name, _), (est_name, _) = self.steps
        if get_config().get("enable_metadata_routing", False):
            routed = process_routing(self, "fit", **params)
            # Pipeline routes to fit_transform, or to fit when a step has none
            pre = routed[pre_name]
            return dict(pre.get("fit_transform", pre.get("fit", {}))), dict(routed[est_name].fit)
        pre_params, est_params = {}, {}
        for key, value in params.items():
            step, sep, param = key.partition("__")
            if not sep:
                est_params[key] = value
            elif step == pre_name:
                pre_params[param] = value
            elif step == est_name:
                est_params[param] = value
            else:
                raise ValueError(f"fit parameter {key!r}: {step!r} is not a step of this "
                                 f"{type(self).__name__} ({pre_name!r}, {est_name!r}).")
        return pre_params, est_params

    def _fit_preprocessor(self, X, y, params: dict):
        """Fit the preprocessor, set the groups on the estimator; ``(Xt, estimator params)``."""
        self.steps = list(self.steps)
        self._check_steps()
        pre_params, est_params = self._split_params(params)
        (pre_name, pre), (_, est) = self.steps
        memory = check_memory(self.memory)
        with _Timer(self.verbose, f"(step 1 of 2) Processing {pre_name}"):
            if hasattr(memory, "location") and memory.location is None:
                Xt, pre = _fit_transform_one(pre, X, y, pre_params)  # in place, as Pipeline
            else:
                # as Pipeline: a cached fit works on a clone, which replaces the step
                Xt, pre = memory.cache(_fit_transform_one)(clone(pre), X, y, pre_params)
                self.steps[0] = (pre_name, pre)
        self.groups_ = groups_from_transformer(pre)
        est.set_params(groups=self.groups_)
        return Xt, est_params

    def fit(self, X, y=None, **params):
        """Fit the preprocessor, derive the groups, then fit the estimator.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Input of the preprocessor.
        y : array-like of shape (n_samples,) or (n_samples, n_targets), default=None
            Target.
        **params : dict
            Fit parameters (see Notes of the class): ``<step>__<param>`` for a
            step, a plain name for the estimator.

        Returns
        -------
        self : GroupPipeline
        """
        Xt, est_params = self._fit_preprocessor(X, y, params)
        name, est = self.steps[-1]
        with _Timer(self.verbose, f"(step 2 of 2) Processing {name}"):
            est.fit(Xt, y, **est_params)
        return self

    @available_if(_final_has("fit_predict"))
    def fit_predict(self, X, y=None, **params):
        """Fit as :meth:`fit` and return the estimator's ``fit_predict`` on the training data."""
        Xt, est_params = self._fit_preprocessor(X, y, params)
        return self.steps[-1][1].fit_predict(Xt, y, **est_params)

    @available_if(lambda self: hasattr(self.steps[-1][1], "fit_transform")
                  or hasattr(self.steps[-1][1], "transform"))
    def fit_transform(self, X, y=None, **params):
        """Fit as :meth:`fit` and return the estimator's transform of the training data."""
        Xt, est_params = self._fit_preprocessor(X, y, params)
        return _fit_transform_one(self.steps[-1][1], Xt, y, est_params)[0]


def make_group_pipeline(preprocessor: BaseEstimator, estimator: BaseEstimator, *,
                        memory=None, verbose: bool = False) -> GroupPipeline:
    """Build a :class:`GroupPipeline` with step names derived from the classes.

    Parameters
    ----------
    preprocessor : transformer
        Expands the original variables into columns (``ColumnTransformer``,
        ``OneHotEncoder``, ``SplineTransformer``, a ``Pipeline`` of them...).
    estimator : estimator
        A group-penalized estimator with a ``groups`` parameter.
    memory : str or object with the joblib.Memory interface, default=None
        Caches the fitted preprocessor.
    verbose : bool, default=False
        Print the time taken by each step.

    Returns
    -------
    pipeline : GroupPipeline
        Steps named after the lower-cased class names, as
        :func:`~sklearn.pipeline.make_pipeline` names them.

    Examples
    --------
    >>> from sklearn.preprocessing import SplineTransformer
    >>> from sparselearn.linear_model import GroupLasso, make_group_pipeline
    >>> pipe = make_group_pipeline(SplineTransformer(n_knots=3, degree=2), GroupLasso())
    >>> [name for name, _ in pipe.steps]
    ['splinetransformer', 'grouplasso']
    >>> pipe.fit([[0.0, 1.0], [1.0, 0.0], [2.0, 3.0]], [0.0, 1.0, 2.0]).groups_
    {'x0': [0, 1, 2, 3], 'x1': [4, 5, 6, 7]}
    """
    names = [type(step).__name__.lower() for step in (preprocessor, estimator)]
    if names[0] == names[1]:  # make_pipeline's rule for repeated names
        names = [f"{names[0]}-1", f"{names[1]}-2"]
    return GroupPipeline(list(zip(names, (preprocessor, estimator))), memory=memory,
                         verbose=verbose)
