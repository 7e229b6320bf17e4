"""Group specifications: check_groups, group_weights, groups_from_transformer, GroupPipeline.

Oracles: every accepted form of ``groups`` against the others (equivalent
inputs give equal specs), hand-written partitions, and for fitted
preprocessors the output names of ``get_feature_names_out`` (each output
column's name starts with the name of the input it comes from).
"""

import dataclasses

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, clone
from sklearn.compose import ColumnTransformer, make_column_selector, make_column_transformer
from sklearn.decomposition import PCA
from sklearn.exceptions import NotFittedError
from sklearn.impute import SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.pipeline import make_pipeline, make_union
from sklearn.preprocessing import (FunctionTransformer, KBinsDiscretizer, OneHotEncoder,
                                   PolynomialFeatures, SplineTransformer, StandardScaler)

from sparselearn.utils import (GroupPipeline, GroupSpec, check_groups,
                                              group_weights, groups_from_transformer,
                                              make_group_pipeline)


# ------------------------------------------------------------------ helpers
class GroupRidge(Ridge):
    """Stand-in for a group-penalized estimator: records the groups it was fit with."""

    def __init__(self, alpha=1.0, groups=None):
        super().__init__(alpha=alpha)
        self.groups = groups

    def fit(self, X, y, sample_weight=None):
        self.groups_ = check_groups(self.groups, X.shape[1])
        self.sample_weight_ = sample_weight
        return super().fit(X, y, sample_weight=sample_weight)


class Identity(OneToOneFeatureMixin, BaseEstimator):
    """A transformer with fit and transform but no fit_transform."""

    def fit(self, X, y=None):
        self.n_features_in_ = X.shape[1]
        self.feature_names_in_ = np.asarray(X.columns, dtype=object)
        return self

    def transform(self, X):
        return X


@pytest.fixture
def frame():
    """Numeric and categorical columns; 'teal' and 'pink' are rare colors."""
    rng = np.random.default_rng(0)
    color = np.array(["red"] * 15 + ["green"] * 12 + ["blue"] * 10 + ["teal"] * 2 + ["pink"])
    X = pd.DataFrame({
        "age": rng.uniform(20, 70, 40),
        "income": rng.normal(50, 10, 40),
        "color": rng.permutation(color),
        "size": rng.choice(["S", "M", "L"], 40),
    })
    y = 0.1 * X["age"] + (X["color"] == "red") + rng.normal(size=40)
    return X, y.to_numpy()


def groups_by_name(names):
    """Oracle: group output columns by the input name that starts their name.

    The test frames' column names have no underscore, so the input is the part
    of an output name before the first '_' (after the ColumnTransformer prefix
    'name__' and a 'missingindicator_' prefix).
    """
    groups = {}
    for j, name in enumerate(names):
        name = name.split("__", 1)[-1].removeprefix("missingindicator_")
        groups.setdefault(name.split("_")[0], []).append(j)
    return groups


def _sizes(spec):
    return spec.sizes.tolist()


# ------------------------------------------------------------- check_groups
UNNAMED_3_3 = [
    3,
    [3, 3],
    np.array([3, 3]),
    (3.0, 3.0),
    [0, 0, 0, 1, 1, 1],
    [7, 7, 7, 9, 9, 9],  # any label values, sorted order
    [-5, -5, -5, 2, 2, 2],  # only -1 is special
    np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0]),  # integral floats
    pd.Series([4, 4, 4, 8, 8, 8]),
    np.array([1, 1, 1, 2, 2, 2], dtype=object),
    [np.int32(1)] * 3 + [np.int64(2)] * 3,
    [[0, 1, 2], [3, 4, 5]],
    [[2, 1, 0], (5, 3, 4)],  # order within a group does not matter
    (np.array([0, 1, 2]), range(3, 6)),
    [{0, 1, 2}, [3, 4, 5]],
]


@pytest.mark.parametrize("groups", UNNAMED_3_3)
def test_equivalent_unnamed_forms(groups):
    spec = check_groups(groups, 6)
    assert spec == GroupSpec(np.array([0, 0, 0, 1, 1, 1]), (np.arange(3), np.arange(3, 6)),
                             None, 6)
    assert spec.n_groups == 2 and _sizes(spec) == [3, 3] and spec.names is None
    assert spec.labels.dtype == np.int64 and all(m.dtype == np.int64 for m in spec.members)


@pytest.mark.parametrize("groups, feature_names", [
    (["a", "a", "b", "b", "a"], None),
    (np.array(["a", "a", "b", "b", "a"]), None),
    (pd.Series(["a", "a", "b", "b", "a"], dtype="string"), None),
    (pd.Categorical(["a", "a", "b", "b", "a"]), None),
    ({"a": [0, 1, 4], "b": [2, 3]}, None),
    ({"a": ["u", "v", "z"], "b": ["w", "x"]}, list("uvwxz")),
    ({"a": [0, "v", 4], "b": np.array([3, 2])}, list("uvwxz")),  # indices and names mixed
    ({"a": ["u", "v", "z"], "b": pd.Index(["w", "x"])}, pd.Index(list("uvwxz"))),
])
def test_equivalent_named_forms(groups, feature_names):
    spec = check_groups(groups, 5, feature_names=feature_names)
    assert spec.names == ("a", "b")
    assert spec.labels.tolist() == [0, 0, 1, 1, 0]
    assert [m.tolist() for m in spec.members] == [[0, 1, 4], [2, 3]]


def test_labels_sorted_order_and_unpenalized():
    spec = check_groups([2, 2, -1, 1, 1, 30, -1], 7)
    assert spec.labels.tolist() == [1, 1, -1, 0, 0, 2, -1]
    assert spec.unpenalized.tolist() == [2, 6]
    names = check_groups(["z", "z", "a", "m"], 4).names
    assert names == ("a", "m", "z")  # sorted, not order of appearance


def test_dict_keeps_its_order_and_accepts_single_columns():
    spec = check_groups({"b": "x", "a": ["y", "z"]}, 3, feature_names=["x", "y", "z"])
    assert spec.names == ("b", "a")
    assert [m.tolist() for m in spec.members] == [[0], [1, 2]]
    assert check_groups({"b": 2, "a": [0, 1]}, 3).labels.tolist() == [1, 1, 0]


def test_order_and_ptr_make_groups_contiguous():
    spec = check_groups([1, 0, 1, -1, 0, 2], 6)
    order, ptr = spec.order(), spec.ptr()
    assert order.tolist() == [1, 4, 0, 2, 5, 3]
    assert ptr.tolist() == [0, 2, 4, 5]
    assert order.dtype == np.int64 and ptr.dtype == np.int64
    assert sorted(order.tolist()) == list(range(6))  # a permutation
    for g in range(spec.n_groups):
        assert (spec.labels[order[ptr[g]:ptr[g + 1]]] == g).all()
    assert (spec.labels[order[ptr[-1]:]] == -1).all()  # unpenalized columns last


def test_all_unpenalized_and_singletons():
    spec = check_groups([-1, -1, -1], 3)
    assert spec.n_groups == 0 and spec.members == () and spec.ptr().tolist() == [0]
    assert spec.order().tolist() == [0, 1, 2]
    assert group_weights(spec).shape == (0,)
    # groups=1: one group per column; [1] * n_features is one group (labels)
    assert _sizes(check_groups(1, 3)) == [1, 1, 1]
    assert _sizes(check_groups([1, 1, 1], 3)) == [3]


def test_groupspec_is_frozen_hashable_and_read_only():
    spec = check_groups({"a": [0], "b": [1, 2]}, 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.n_features = 4
    with pytest.raises(ValueError):
        spec.labels[0] = 1
    with pytest.raises(ValueError):
        spec.members[0][0] = 1
    assert spec == check_groups(["a", "b", "b"], 3)
    assert hash(spec) == hash(check_groups(["a", "b", "b"], 3))
    assert spec != check_groups([[0], [1, 2]], 3)  # no names
    assert spec != check_groups([0, 1, 1, 1], 4)
    assert check_groups(spec, 3) is spec
    assert repr(spec) == "GroupSpec(n_features=3, sizes=[1, 2], names=('a', 'b'))"


def test_groupspec_direct_construction_is_checked():
    with pytest.raises(ValueError, match="members"):
        GroupSpec(np.array([0, 0, 1]), (np.array([0]), np.array([1, 2])), None, 3)
    with pytest.raises(ValueError, match="names"):
        GroupSpec(np.array([0, 1]), (np.array([0]), np.array([1])), ("a",), 2)
    with pytest.raises(ValueError, match="labels"):
        GroupSpec(np.array([0, 2]), (np.array([0]), np.array([1])), None, 2)


@pytest.mark.parametrize("groups, kwargs, error, match", [
    (None, {}, TypeError, "groups is required"),
    (True, {}, TypeError, "groups must not be a bool"),
    (0, {}, ValueError, "groups == 0, must be >= 1"),
    (4, {}, ValueError, "groups=4 .* must divide n_features=6"),
    (2.0, {}, TypeError, "groups must be an int"),
    ("abc", {}, TypeError, "groups must be an int"),
    (np.zeros((2, 3), dtype=int), {}, ValueError, "groups must be 1-D"),
    ([2, 0, 4], {}, ValueError, r"groups read as group sizes .* groups \[1\] are empty"),
    ([8, -2], {}, ValueError, r"negative sizes \[-2\]"),
    ([2, 2], {}, ValueError, "must sum to n_features=6, got 4"),
    ([], {}, ValueError, "groups is empty"),
    ([0, 0, 1, 1, np.nan, 1], {}, ValueError, "NaN"),
    ([0, 0, 1, 1, 1.5, 1], {}, ValueError, r"non-integral values \[1.5\]"),
    ([True, False] * 3, {}, TypeError, "bools"),
    (["a", 1, "b", 2, "a", 1], {}, TypeError, "only integers or only strings"),
    (["a", None, "b", "b", "a", "a"], {}, ValueError, "missing values"),
    (["a", "b"], {}, ValueError, "string labels must have one label per column"),
    ([[0, 1, 2], []], {}, ValueError, "group 1 is empty"),
    ([[0, 1, 2], [3, 4, 6]], {}, ValueError, r"column index 6 out of range \[0, 6\)"),
    ([[0, 1, 2], [3, 4, -1]], {}, ValueError, "out of range"),
    ([[0, 1, 2], [2, 3, 4, 5]], {}, ValueError, r"groups overlap: columns \[2\]"),
    ([[0, 1, 1], [2, 3, 4, 5]], {}, ValueError, r"overlap: columns \[1\]"),
    ([[0, 1], [3, 4]], {}, ValueError, r"missing columns \[2, 5\].*-1"),
    ([[0, 1, 2], ["d", "e", "f"]], {}, ValueError, "need feature_names"),
    ([[0, 1, 2], ["d", "e", "q"]], {"feature_names": list("abcdef")}, ValueError,
     "unknown column 'q'"),
    ({"g": ["a", "b"], "h": ["b", "c", "d", "e", "f"]}, {"feature_names": list("abcdef")},
     ValueError, r"overlap: columns \['b'\]"),
    ({"g": ["a"], "h": ["c", "d", "e", "f"]}, {"feature_names": list("abcdef")},
     ValueError, r"missing columns \['b'\]"),
    ({0: [0, 1, 2], 1: [3, 4, 5]}, {}, TypeError, "string keys"),
    ({"g": [0, 1, 2], "h": [3, 4.0, 5]}, {}, TypeError, "group 'h' must list column indices"),
    ({"g": [0, 1, 2], "h": [3, True, 5]}, {}, TypeError, "must list column indices"),
    ({}, {}, ValueError, "groups is empty"),
    ([[0, 1, 2], 3, 4, 5], {}, TypeError, "mixes sequences and scalars"),
    (3, {"feature_names": ["a", "b"]}, ValueError, r"feature_names must have shape \(6,\)"),
    (check_groups(2, 4), {}, ValueError, "GroupSpec for 4 features, expected 6"),
])
def test_check_groups_errors(groups, kwargs, error, match):
    with pytest.raises(error, match=match):
        check_groups(groups, 6, **kwargs)


@pytest.mark.parametrize("n_features, error", [(0, ValueError), (2.0, TypeError)])
def test_check_groups_n_features(n_features, error):
    with pytest.raises(error, match="n_features"):
        check_groups(1, n_features)


# ------------------------------------------------------------ group_weights
def test_group_weights_forms():
    spec = check_groups(["a"] * 4 + ["b"] * 9 + ["c"], 14)
    np.testing.assert_array_equal(group_weights(spec), [2.0, 3.0, 1.0])
    np.testing.assert_array_equal(group_weights(spec, 0.5), [0.5, 0.5, 0.5])
    np.testing.assert_array_equal(group_weights(spec, np.int64(2)), [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(group_weights(spec, [1, 0, 2.5]), [1.0, 0.0, 2.5])
    np.testing.assert_array_equal(group_weights(spec, {"c": 3, "a": 1.0, "b": 0}),
                                  [1.0, 0.0, 3.0])
    out = group_weights(spec, pd.Series([1.0, 2.0, 3.0]))
    assert out.dtype == np.float64 and out.shape == (3,)


@pytest.mark.parametrize("weights, error, match", [
    (-1.0, ValueError, "weights must be finite and non-negative"),
    (np.inf, ValueError, "finite"),
    (True, TypeError, "weights must be a number"),
    ("1", TypeError, "weights must be a number"),
    ([1.0, 2.0], ValueError, r"one entry per group, shape \(3,\)"),
    ([[1.0, 2.0, 3.0]], ValueError, r"shape \(3,\)"),
    ([1.0, -2.0, 3.0], ValueError, r"non-negative, got \[-2.0\]"),
    ([1.0, np.nan, 3.0], ValueError, "weights contains NaN"),
    ([True, False, True], TypeError, "bools"),
    ({"a": 1.0, "b": 1.0}, ValueError, r"missing \['c'\]"),
    ({"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0}, ValueError, r"unknown \['d'\]"),
    ({"a": 1.0, "b": -1.0, "c": 1.0}, ValueError, r"weights\['b'\] must be finite"),
    ({"a": 1.0, "b": "x", "c": 1.0}, TypeError, r"weights\['b'\] must be a real number"),
])
def test_group_weights_errors(weights, error, match):
    spec = check_groups(["a", "b", "b", "c"], 4)
    with pytest.raises(error, match=match):
        group_weights(spec, weights)


def test_group_weights_dict_needs_names_and_spec_type():
    with pytest.raises(ValueError, match="weights given as a dict need named groups"):
        group_weights(check_groups(2, 4), {"a": 1.0})
    with pytest.raises(TypeError, match="spec must be a GroupSpec"):
        group_weights(2, None)


# -------------------------------------------------- groups_from_transformer
@pytest.mark.parametrize("encoder", [
    OneHotEncoder(),
    OneHotEncoder(drop="first"),
    OneHotEncoder(drop="if_binary"),
    OneHotEncoder(drop=["green", "M"]),
    OneHotEncoder(handle_unknown="infrequent_if_exist", min_frequency=5),
    OneHotEncoder(drop="first", handle_unknown="infrequent_if_exist", min_frequency=5),
    OneHotEncoder(max_categories=3, sparse_output=False),
    OneHotEncoder(drop="first", max_categories=2),  # one frequent column + infrequent, - 1
], ids=repr)
def test_one_hot_encoder(frame, encoder):
    X = frame[0][["color", "size"]]
    encoder = clone(encoder).fit(X)
    groups = groups_from_transformer(encoder)
    assert groups == groups_by_name(encoder.get_feature_names_out())
    assert list(groups) == [name for name in ("color", "size") if name in groups]
    check_groups(groups, len(encoder.get_feature_names_out()))  # a valid specification


def test_one_hot_encoder_infrequent_counts(frame):
    encoder = OneHotEncoder(drop="first", handle_unknown="infrequent_if_exist",
                            min_frequency=5).fit(frame[0][["color"]])
    # blue, green, red + one infrequent column (pink, teal), minus the dropped 'blue'
    assert groups_from_transformer(encoder) == {"color": [0, 1, 2]}


def test_inputs_without_outputs_are_left_out(frame):
    X = frame[0][["color", "size"]].assign(const="k")
    encoder = OneHotEncoder(drop="first").fit(X)  # 'const' has one category, dropped
    assert groups_from_transformer(encoder) == {"color": [0, 1, 2, 3], "size": [4, 5]}
    ct = make_column_transformer((OneHotEncoder(), ["color"]), ("drop", ["size"])).fit(X)
    assert groups_from_transformer(ct) == {"color": [0, 1, 2, 3, 4]}


def test_one_hot_encoder_count_mismatch_is_an_error(frame):
    encoder = OneHotEncoder().fit(frame[0][["color", "size"]])
    encoder.drop_idx_ = np.array([0, None], dtype=object)  # public attribute out of sync
    with pytest.raises(ValueError, match="OneHotEncoder but get_feature_names_out gives 8"):
        groups_from_transformer(encoder)


@pytest.mark.parametrize("spline", [
    SplineTransformer(),
    SplineTransformer(n_knots=3, degree=1),
    SplineTransformer(n_knots=6, degree=3, include_bias=False),
    SplineTransformer(n_knots=4, degree=2, extrapolation="periodic"),
], ids=repr)
def test_spline_transformer(frame, spline):
    spline = clone(spline).fit(frame[0][["age", "income"]])
    groups = groups_from_transformer(spline)
    assert groups == groups_by_name(spline.get_feature_names_out())
    assert len(groups["age"]) == spline.n_features_out_ // 2


def test_spline_names_are_checked(frame):
    spline = SplineTransformer(n_knots=3, degree=1).fit(frame[0][["age", "income"]])
    names = spline.get_feature_names_out()
    spline.get_feature_names_out = lambda input_features=None: names[::-1]
    with pytest.raises(ValueError, match="not 3 consecutive columns per input"):
        groups_from_transformer(spline)


@pytest.mark.parametrize("verbose_feature_names_out", [True, False])
def test_column_transformer(frame, verbose_feature_names_out):
    X, _ = frame
    X = X.assign(extra=np.arange(40.0))
    ct = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(), StandardScaler(),
                              SplineTransformer(n_knots=4, degree=2)), ["age", "income"]),
        ("cat", OneHotEncoder(drop="first", handle_unknown="infrequent_if_exist",
                              min_frequency=5), ["color", "size"]),
        ("dropped", "drop", ["age"]),
        ("nothing", StandardScaler(), []),
    ], remainder="passthrough", verbose_feature_names_out=verbose_feature_names_out).fit(X)
    names = ct.get_feature_names_out()
    groups = groups_from_transformer(ct)
    assert groups == groups_by_name(names)
    assert list(groups) == ["age", "income", "color", "size", "extra"]  # input order
    assert groups["age"] == [0, 1, 2, 3, 4] and groups["extra"] == [15]
    assert groups["color"] == [10, 11, 12]  # green, red, infrequent (blue dropped)


def test_column_transformer_merges_a_column_used_twice(frame):
    X, _ = frame
    ct = ColumnTransformer([
        ("spline", SplineTransformer(n_knots=3, degree=1), ["age"]),
        ("raw", "passthrough", ["age", "income"]),
        ("cat", OneHotEncoder(), ["color"]),
    ]).fit(X)
    assert groups_from_transformer(ct) == {"age": [0, 1, 2, 3], "income": [4],
                                           "color": [5, 6, 7, 8, 9]}


@pytest.mark.parametrize("select", [
    lambda: (["age", "income"], ["color"]),
    lambda: ([0, 1], [2]),
    lambda: (slice(0, 2), [2]),
    lambda: (slice("age", "income"), ["color"]),  # label slices include their end
    lambda: ([True, True, False, False], np.array([False, False, True, False])),
    lambda: (make_column_selector(dtype_include="number"),
             make_column_selector(pattern="^col")),
], ids=["names", "ints", "int-slice", "label-slice", "masks", "callables"])
def test_column_transformer_column_selections(frame, select):
    num, cat = select()
    ct = ColumnTransformer([("num", StandardScaler(), num), ("cat", OneHotEncoder(), cat)],
                           remainder=OneHotEncoder()).fit(frame[0])
    assert groups_from_transformer(ct) == {"age": [0], "income": [1], "color": [2, 3, 4, 5, 6],
                                           "size": [7, 8, 9]}


def test_numpy_input_and_input_features(frame):
    X = frame[0][["age", "color"]].to_numpy()
    ct = make_column_transformer((SplineTransformer(n_knots=3, degree=1), [0]),
                                 (OneHotEncoder(), [1])).fit(X)
    assert groups_from_transformer(ct) == {"x0": [0, 1, 2], "x1": [3, 4, 5, 6, 7]}
    assert groups_from_transformer(ct, ["age", "color"]) == {"age": [0, 1, 2],
                                                             "color": [3, 4, 5, 6, 7]}
    with pytest.raises(ValueError, match="input_features must have 2 names"):
        groups_from_transformer(ct, ["age"])
    fitted_on_frame = OneHotEncoder().fit(frame[0][["color"]])
    with pytest.raises(ValueError, match="input_features must equal"):
        groups_from_transformer(fitted_on_frame, ["colour"])


def test_pipeline_feature_union_and_one_to_one_steps(frame):
    X = frame[0][["age", "income"]].copy()
    X.iloc[0, 1] = np.nan
    pipe = make_pipeline(
        SimpleImputer(add_indicator=True),  # missingindicator_income joins 'income'
        FunctionTransformer(np.log1p, feature_names_out="one-to-one"),
        make_union(StandardScaler(), SplineTransformer(n_knots=3, degree=1), "passthrough"),
    ).fit(X)
    groups = groups_from_transformer(pipe)
    assert groups == {"age": [0, 3, 4, 5, 12], "income": [1, 2, 6, 7, 8, 9, 10, 11, 13, 14]}
    assert len(pipe.get_feature_names_out()) == 15


def test_kbins_and_single_column_polynomial(frame):
    X = frame[0][["age", "income"]]
    kbins = KBinsDiscretizer(n_bins=[3, 4], encode="onehot",
                             quantile_method="averaged_inverted_cdf").fit(X)
    assert groups_from_transformer(kbins) == {"age": [0, 1, 2], "income": [3, 4, 5, 6]}
    ct = make_column_transformer((PolynomialFeatures(3, include_bias=False), ["age"]),
                                 (PolynomialFeatures(1, include_bias=False), ["income"])).fit(X)
    assert groups_from_transformer(ct) == {"age": [0, 1, 2], "income": [3]}


@pytest.mark.parametrize("transformer, match", [
    (PolynomialFeatures(2, include_bias=False),
     r"PolynomialFeatures output columns \['age income'\]"),
    (PolynomialFeatures(2), r"\['1', 'age income'\]"),
    (make_pipeline(StandardScaler(), PCA(1)),
     r"Pipeline\['pca'\]: cannot attribute output column 'pca0' of PCA"),
    (FunctionTransformer(np.log1p), "FunctionTransformer.*feature_names_out='one-to-one'"),
    (make_column_transformer((PolynomialFeatures(2), ["age", "income"])),
     r"ColumnTransformer\['polynomialfeatures'\]: PolynomialFeatures"),
], ids=["interaction", "bias", "pca", "function", "nested"])
def test_unattributable_outputs(frame, transformer, match):
    transformer = clone(transformer).fit(frame[0][["age", "income"]])
    with pytest.raises(ValueError, match=match):
        groups_from_transformer(transformer)


def test_not_fitted():
    with pytest.raises(NotFittedError):
        groups_from_transformer(OneHotEncoder())


# ------------------------------------------------------------ GroupPipeline
def _preprocessor():
    return make_column_transformer(
        (SplineTransformer(n_knots=4, degree=2), ["age", "income"]),
        (OneHotEncoder(handle_unknown="ignore"), ["color", "size"]))


def test_group_pipeline_fits_the_original_variables(frame):
    X, y = frame
    pre, est = _preprocessor(), GroupRidge()
    pipe = make_group_pipeline(pre, est)
    assert [name for name, _ in pipe.steps] == ["columntransformer", "groupridge"]
    assert pipe.fit(X, y) is pipe
    assert pipe.steps[0][1] is pre and pipe.steps[1][1] is est  # fit in place, as Pipeline
    spec = est.groups_
    assert spec.names == ("age", "income", "color", "size")
    assert _sizes(spec) == [5, 5, 5, 3]
    assert pipe.groups_ == est.groups == groups_from_transformer(pre)
    reference = Ridge().fit(pre.transform(X), y)
    np.testing.assert_allclose(pipe.predict(X), reference.predict(pre.transform(X)))
    assert pipe.score(X, y) == pytest.approx(reference.score(pre.transform(X), y))


def test_group_pipeline_numpy_input():
    X = np.random.default_rng(1).normal(size=(20, 2))
    pipe = make_group_pipeline(SplineTransformer(n_knots=3, degree=1), GroupRidge())
    pipe.fit(X, X[:, 0])
    assert pipe[-1].groups_.names == ("x0", "x1") and _sizes(pipe[-1].groups_) == [3, 3]


def test_group_pipeline_clone_and_params(frame):
    pipe = make_group_pipeline(_preprocessor(), GroupRidge(alpha=2.0))
    params = pipe.get_params()
    assert params["groupridge__alpha"] == 2.0 and params["groupridge__groups"] is None
    assert "columntransformer__splinetransformer__n_knots" in params
    twin = clone(pipe)
    assert isinstance(twin, GroupPipeline) and twin.steps[1][1] is not pipe.steps[1][1]
    twin.fit(*frame)
    assert pipe[-1].groups is None  # the clone's fit leaves the original alone


def test_group_pipeline_grid_search_rederives_groups(frame):
    X, y = frame
    search = GridSearchCV(make_group_pipeline(_preprocessor(), GroupRidge()), {
        "columntransformer__splinetransformer__n_knots": [3, 6],
        "groupridge__alpha": [0.1, 10.0]}, cv=3).fit(X, y)
    n_knots = search.best_params_["columntransformer__splinetransformer__n_knots"]
    spec = search.best_estimator_[-1].groups_
    assert spec.names == ("age", "income", "color", "size")
    assert _sizes(spec)[:2] == [n_knots + 1, n_knots + 1]  # n_knots + degree - 1


def test_group_pipeline_cross_val_score_and_sample_weight(frame):
    X, y = frame
    w = np.linspace(0.5, 2.0, len(y))
    pipe = make_group_pipeline(_preprocessor(), GroupRidge())
    scores = cross_val_score(pipe, X, y, cv=KFold(4), params={"sample_weight": w})
    assert scores.shape == (4,) and np.all(np.isfinite(scores))
    reference = Ridge().fit(_preprocessor().fit_transform(X), y, sample_weight=w)
    for params in ({"sample_weight": w}, {"groupridge__sample_weight": w}):
        fitted = clone(pipe).fit(X, y, **params)
        assert fitted[-1].sample_weight_ is w
        np.testing.assert_allclose(fitted[-1].coef_, reference.coef_)
    with pytest.raises(ValueError, match="'ridge' is not a step"):
        clone(pipe).fit(X, y, ridge__sample_weight=w)


def test_group_pipeline_preprocessor_fit_params(frame):
    X, y = frame
    w = np.linspace(0.5, 2.0, len(y))
    pipe = make_group_pipeline(SplineTransformer(n_knots=3), GroupRidge())
    pipe.fit(X[["age"]], y, splinetransformer__sample_weight=w)
    expected = SplineTransformer(n_knots=3).fit(X[["age"]], sample_weight=w)
    np.testing.assert_allclose(pipe[0].bsplines_[0].t, expected.bsplines_[0].t)
    assert pipe[-1].sample_weight_ is None


def test_group_pipeline_metadata_routing(frame):
    X, y = frame
    w = np.linspace(0.5, 2.0, len(y))
    with sklearn.config_context(enable_metadata_routing=True):
        # OneHotEncoder consumes no sample_weight: only the estimator requests it
        pipe = make_group_pipeline(OneHotEncoder(handle_unknown="ignore"),
                                   GroupRidge().set_fit_request(sample_weight=True)
                                   .set_score_request(sample_weight=True))
        X = X[["color", "size"]]
        pipe.fit(X, y, sample_weight=w)
        assert pipe[-1].sample_weight_ is w
        scores = cross_val_score(pipe, X, y, cv=3, params={"sample_weight": w})
        assert np.all(np.isfinite(scores))
        # a preprocessor without fit_transform is routed its fit parameters
        pipe = GroupPipeline([("same", Identity()), ("model", GroupRidge().set_fit_request(
            sample_weight=True))]).fit(frame[0][["age", "income"]], y, sample_weight=w)
        assert pipe[-1].sample_weight_ is w and pipe.groups_ == {"age": [0], "income": [1]}


def test_group_pipeline_memory(frame, tmp_path):
    X, y = frame
    pre = _preprocessor()
    pipe = make_group_pipeline(pre, GroupRidge(), memory=str(tmp_path)).fit(X, y)
    assert pipe[0] is not pre  # as Pipeline: a cached fit works on a clone
    assert pipe[-1].groups_.names == ("age", "income", "color", "size")
    again = clone(pipe).fit(X, y)  # from the cache
    assert again.groups_ == pipe.groups_


def test_group_pipeline_refit_updates_groups(frame):
    X, y = frame
    pipe = make_group_pipeline(OneHotEncoder(), GroupRidge())
    pipe.fit(X[["color", "size"]], y)
    assert _sizes(pipe[-1].groups_) == [5, 3]
    keep = X["color"].isin(["red", "green"]).to_numpy()
    pipe.fit(X.loc[keep, ["color", "size"]], y[keep])
    assert _sizes(pipe[-1].groups_) == [2, 3]


def test_group_pipeline_verbose(frame, capsys):
    make_group_pipeline(OneHotEncoder(), GroupRidge(), verbose=True).fit(
        frame[0][["color"]], frame[1])
    out = capsys.readouterr().out
    assert "(step 1 of 2) Processing onehotencoder" in out
    assert "(step 2 of 2) Processing groupridge" in out


class GroupScaler(StandardScaler):
    """A transformer with a groups parameter, for GroupPipeline.fit_transform."""

    def __init__(self, groups=None):
        super().__init__()
        self.groups = groups

    def fit(self, X, y=None, sample_weight=None):
        self.groups_ = check_groups(self.groups, X.shape[1])
        return super().fit(X, y, sample_weight=sample_weight)


def test_group_pipeline_methods_follow_the_estimator(frame):
    pipe = make_group_pipeline(OneHotEncoder(), GroupRidge())
    assert not hasattr(pipe, "fit_transform") and not hasattr(pipe, "fit_predict")
    assert hasattr(pipe, "predict")
    X = frame[0][["color", "size"]]
    pipe = make_group_pipeline(OneHotEncoder(sparse_output=False), GroupScaler())
    Xt = pipe.fit_transform(X)
    assert pipe[-1].groups_.names == ("color", "size")
    np.testing.assert_allclose(Xt, StandardScaler().fit_transform(pipe[0].transform(X)))


@pytest.mark.parametrize("make, error, match", [
    (lambda: GroupPipeline([("e", GroupRidge())]), ValueError, "exactly two steps"),
    (lambda: GroupPipeline([("a", OneHotEncoder()), ("b", StandardScaler()),
                            ("e", GroupRidge())]), ValueError, "exactly two steps"),
    (lambda: make_group_pipeline(OneHotEncoder(), Ridge()), TypeError,
     "estimator with a groups parameter"),
    (lambda: GroupPipeline([("p", "passthrough"), ("e", GroupRidge())]), TypeError,
     "first step .* must be a preprocessor"),
    (lambda: GroupPipeline([("p", OneHotEncoder()), ("e", GroupRidge())],
                           transform_input=["x"]), ValueError, "transform_input"),
])
def test_group_pipeline_errors(frame, make, error, match):
    with pytest.raises(error, match=match):
        make().fit(frame[0][["color"]], frame[1])


def test_group_pipeline_unattributable_preprocessor(frame):
    pipe = make_group_pipeline(PolynomialFeatures(2), GroupRidge())
    with pytest.raises(ValueError, match="PolynomialFeatures"):
        pipe.fit(frame[0][["age", "income"]], frame[1])
