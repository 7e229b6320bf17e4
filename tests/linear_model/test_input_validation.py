"""Input handling of the coordinate-descent estimators.

Every storage format gives the dense answer, read-only and memory-mapped
inputs work, the caller's arrays are never written to, float32 stays
float32, pandas feature names are kept, and bad input raises an error that
names the offending parameter.
"""

import re
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import linear_model as sklm
from sklearn.exceptions import NotFittedError

from sparselearn.linear_model import (
    ElasticNet,
    Lasso,
    MultiTaskElasticNet,
    MultiTaskLasso,
)

import _oracles as O  # tests/ is on sys.path (pyproject: pythonpath)

MODELS = ["Lasso", "ElasticNet", "MultiTaskLasso", "MultiTaskElasticNet"]
SL = {"Lasso": Lasso, "ElasticNet": ElasticNet, "MultiTaskLasso": MultiTaskLasso,
      "MultiTaskElasticNet": MultiTaskElasticNet}
TIGHT = dict(tol=1e-10, max_iter=100_000)


def is_mt(name):
    return name.startswith("MultiTask")


def _data(name="Lasso", n=30, p=8, seed=0, sparsity=0.5):
    """A well-posed problem (unique solution) with some exact zeros in X."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) * (rng.random((n, p)) < sparsity)
    X[0] = rng.standard_normal(p)  # no empty column
    beta = rng.standard_normal(p) * (rng.random(p) < 0.6)
    y = X @ beta + 0.3 * rng.standard_normal(n) + 1.5
    if is_mt(name):
        y = np.c_[y, X @ rng.standard_normal(p) - 0.5]
    sw = rng.uniform(0.3, 3.0, n)
    return X, y, sw


def _alpha(X, y, frac=0.1, name="Lasso"):
    l1 = 0.5 if "Elastic" in name else 1.0
    return frac * O.alpha_max_ref(X, y, l1_ratio=l1)


def _est(name, alpha, **kw):
    return SL[name](alpha=alpha, **TIGHT, **kw)


def _assert_same_fit(a, b, rtol=1e-7):
    sc = np.abs(b.coef_).max() + 1e-12
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=rtol, atol=rtol * sc)
    np.testing.assert_allclose(a.intercept_, b.intercept_, rtol=rtol, atol=rtol * sc)


# ============================================================================ sparse formats
SPARSE_FORMATS = ["csr_matrix", "csc_matrix", "coo_matrix", "bsr_matrix", "lil_matrix",
                  "dok_matrix", "dia_matrix", "csr_array", "csc_array", "coo_array",
                  "bsr_array", "lil_array", "dok_array", "dia_array"]


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("fmt", SPARSE_FORMATS)
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("use_sw", [False, True])
def test_every_sparse_format_gives_the_dense_answer(name, fmt, fit_intercept, use_sw):
    X, y, sw = _data(name)
    sw = sw if use_sw else None
    alpha = _alpha(X, y, name=name)
    dense = _est(name, alpha, fit_intercept=fit_intercept).fit(X, y, sample_weight=sw)
    Xs = getattr(sp, fmt)(X)
    est = _est(name, alpha, fit_intercept=fit_intercept).fit(Xs, y, sample_weight=sw)
    _assert_same_fit(est, dense)
    np.testing.assert_allclose(est.predict(Xs), dense.predict(X), rtol=1e-7, atol=1e-9)
    # a sparse-fitted model predicts dense input and vice versa
    np.testing.assert_allclose(est.predict(X), dense.predict(Xs), rtol=1e-7, atol=1e-9)


def _noncanonical(kind, X):
    """CSC/CSR matrices scipy accepts but that are not in canonical form."""
    n, p = X.shape
    if kind == "csc_duplicates":  # every stored entry split in two halves
        C = sp.csc_matrix(X)
        data, indices, indptr = [], [], [0]
        for j in range(p):
            sl = slice(C.indptr[j], C.indptr[j + 1])
            for v, i in zip(C.data[sl], C.indices[sl]):
                data += [0.25 * v, 0.75 * v]
                indices += [i, i]
            indptr.append(len(data))
        M = sp.csc_matrix((np.array(data), np.array(indices), np.array(indptr)), shape=(n, p))
        assert not M.has_canonical_format
        return M
    if kind == "csr_duplicates":  # every stored entry split in two halves
        C = sp.csr_matrix(X)
        data, indices, indptr = [], [], [0]
        for i in range(n):
            sl = slice(C.indptr[i], C.indptr[i + 1])
            for v, j in zip(C.data[sl], C.indices[sl]):
                data += [0.5 * v, 0.5 * v]
                indices += [j, j]
            indptr.append(len(data))
        M = sp.csr_matrix((np.array(data), np.array(indices), np.array(indptr)), shape=(n, p))
        assert not M.has_canonical_format
        return M
    if kind == "csc_unsorted":
        C = sp.csc_matrix(X)
        data, indices = C.data.copy(), C.indices.copy()
        for j in range(p):
            sl = slice(C.indptr[j], C.indptr[j + 1])
            data[sl], indices[sl] = data[sl][::-1].copy(), indices[sl][::-1].copy()
        M = sp.csc_matrix((data, indices, C.indptr.copy()), shape=(n, p))
        M.has_sorted_indices = False
        return M
    if kind == "csc_explicit_zeros":
        C = sp.csc_matrix(X)
        data = C.data.copy()
        data[::3] = 0.0  # the matrix changes: compare with its own dense version below
        return sp.csc_matrix((data, C.indices.copy(), C.indptr.copy()), shape=(n, p))
    if kind == "csc_int64":
        C = sp.csc_matrix(X)
        return sp.csc_matrix((C.data, C.indices.astype(np.int64), C.indptr.astype(np.int64)),
                             shape=(n, p))
    if kind == "csr_int64":
        C = sp.csr_matrix(X)
        return sp.csr_matrix((C.data, C.indices.astype(np.int64), C.indptr.astype(np.int64)),
                             shape=(n, p))
    raise KeyError(kind)


@pytest.mark.parametrize("kind", ["csc_duplicates", "csr_duplicates", "csc_unsorted",
                                  "csc_explicit_zeros", "csc_int64", "csr_int64"])
@pytest.mark.parametrize("name", ["Lasso", "MultiTaskElasticNet"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_noncanonical_sparse_input(kind, name, fit_intercept):
    X, y, sw = _data(name, seed=1)
    M = _noncanonical(kind, X)
    Xd = M.toarray()  # what the matrix means (duplicates summed)
    snapshot = (M.data.copy(), M.indices.copy(), M.indptr.copy())
    alpha = _alpha(Xd, y, name=name)
    dense = _est(name, alpha, fit_intercept=fit_intercept).fit(Xd, y, sample_weight=sw)
    est = _est(name, alpha, fit_intercept=fit_intercept).fit(M, y, sample_weight=sw)
    _assert_same_fit(est, dense)
    np.testing.assert_allclose(est.predict(M), dense.predict(Xd), rtol=1e-7, atol=1e-9)
    for a, b in zip(snapshot, (M.data, M.indices, M.indptr)):
        assert a.dtype == b.dtype and np.array_equal(a, b), "caller's sparse matrix modified"


# ============================================================================ read-only / memmap
def _readonly(a):
    a = np.array(a, copy=True, order="K")
    a.setflags(write=False)
    return a


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("fmt", ["dense", "dense_F", "csc", "csr"])
def test_read_only_inputs(name, fmt):
    X, y, sw = _data(name, seed=2)
    alpha = _alpha(X, y, name=name)
    kw = dict(penalty_factor=_readonly(np.linspace(0.5, 1.5, X.shape[1])))
    if not is_mt(name):
        kw.update(lower_bounds=_readonly(np.full(X.shape[1], -2.0)),
                  upper_bounds=_readonly(np.full(X.shape[1], 2.0)))
    ref = _est(name, alpha, **kw).fit(X, y, sample_weight=sw)
    if fmt.startswith("dense"):
        Xr = _readonly(np.asfortranarray(X) if fmt == "dense_F" else X)
    else:
        M = sp.csc_matrix(X) if fmt == "csc" else sp.csr_matrix(X)
        Xr = type(M)((_readonly(M.data), _readonly(M.indices), _readonly(M.indptr)), shape=M.shape)
        assert not Xr.data.flags.writeable
    est = _est(name, alpha, **kw).fit(Xr, _readonly(y), sample_weight=_readonly(sw))
    _assert_same_fit(est, ref)
    np.testing.assert_allclose(est.predict(Xr), ref.predict(X), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ["Lasso", "MultiTaskLasso"])
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("how", ["np.load", "np.memmap"])
def test_memory_mapped_inputs(tmp_path, name, order, how):
    X, y, sw = _data(name, seed=3)
    alpha = _alpha(X, y, name=name)
    ref = _est(name, alpha).fit(X, y, sample_weight=sw)
    Xo = np.asarray(X, order=order)
    if how == "np.load":
        np.save(tmp_path / "X.npy", Xo)
        np.save(tmp_path / "y.npy", y)
        np.save(tmp_path / "w.npy", sw)
        Xm = np.load(tmp_path / "X.npy", mmap_mode="r")
        ym = np.load(tmp_path / "y.npy", mmap_mode="r")
        wm = np.load(tmp_path / "w.npy", mmap_mode="r")
    else:
        f = np.memmap(tmp_path / "X.dat", dtype=np.float64, mode="w+", shape=X.shape, order=order)
        f[:] = X
        f.flush()
        del f
        Xm = np.memmap(tmp_path / "X.dat", dtype=np.float64, mode="r", shape=X.shape, order=order)
        g = np.memmap(tmp_path / "y.dat", dtype=np.float64, mode="w+", shape=y.shape)
        g[:] = y
        g.flush()
        del g
        ym = np.memmap(tmp_path / "y.dat", dtype=np.float64, mode="r", shape=y.shape)
        wm = sw
    assert not Xm.flags.writeable
    est = _est(name, alpha).fit(Xm, ym, sample_weight=wm)
    _assert_same_fit(est, ref)
    np.testing.assert_allclose(est.predict(Xm), ref.predict(X), rtol=1e-7, atol=1e-9)
    np.testing.assert_array_equal(np.asarray(Xm), X)  # file untouched


# ============================================================================ caller's arrays
def _snapshot(obj):
    if obj is None:
        return None
    if sp.issparse(obj):
        parts = {k: getattr(obj, k) for k in ("data", "indices", "indptr", "row", "col", "offsets")
                 if hasattr(obj, k)}
        return ("sparse", type(obj), obj.format, obj.shape,
                {k: (v.dtype, v.tobytes()) for k, v in parts.items()},
                getattr(obj, "has_sorted_indices", None) if obj.format in ("csr", "csc") else None)
    a = np.asarray(obj)
    return ("dense", a.dtype, a.shape, a.flags.c_contiguous, a.flags.f_contiguous,
            a.flags.writeable, a.tobytes(order="A"))


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("fmt", ["dense", "dense_F", "csc", "csr", "coo", "csc_unsorted"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("copy_X", [True, False])
def test_caller_arrays_are_never_modified(name, fmt, dtype, fit_intercept, copy_X):
    X, y, sw = _data(name, seed=4)
    X, y = X.astype(dtype), y.astype(dtype)
    if fmt == "dense_F":
        X = np.asfortranarray(X)
    elif fmt == "csc_unsorted":
        X = _noncanonical("csc_unsorted", X)
    elif fmt != "dense":
        X = getattr(sp, fmt + "_matrix")(X)
    p = X.shape[1]
    pf = np.linspace(0.0, 2.0, p)
    kw = dict(penalty_factor=pf)
    if not is_mt(name):
        kw.update(lower_bounds=np.full(p, -1.5), upper_bounds=np.linspace(0.5, 3.0, p))
    before = [_snapshot(v) for v in (X, y, sw, pf, kw.get("lower_bounds"), kw.get("upper_bounds"))]
    est = SL[name](alpha=_alpha(O.to_dense(X), y, name=name), fit_intercept=fit_intercept,
                   copy_X=copy_X, **kw)
    est.fit(X, y, sample_weight=sw)
    est.predict(X)
    est.score(X, y, sample_weight=sw)
    after = [_snapshot(v) for v in (X, y, sw, pf, kw.get("lower_bounds"), kw.get("upper_bounds"))]
    for what, a, b in zip(["X", "y", "sample_weight", "penalty_factor", "lower_bounds",
                           "upper_bounds"], before, after):
        assert a == b, "%s was modified by fit/predict" % what
    # the estimator keeps no reference to the caller's parameters that it could modify later
    assert est.get_params()["penalty_factor"] is pf


# ============================================================================ layouts, dtypes
@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("use_sw", [False, True])
def test_c_and_fortran_order_give_the_same_answer(name, use_sw):
    X, y, sw = _data(name, seed=5, sparsity=1.0)
    sw = sw if use_sw else None
    alpha = _alpha(X, y, name=name)
    a = _est(name, alpha).fit(np.ascontiguousarray(X), np.ascontiguousarray(y), sample_weight=sw)
    b = _est(name, alpha).fit(np.asfortranarray(X), np.asfortranarray(y), sample_weight=sw)
    _assert_same_fit(a, b, rtol=1e-9)
    # a strided view (neither C nor F contiguous)
    Xbig = np.zeros((X.shape[0], 2 * X.shape[1]))
    Xbig[:, ::2] = X
    c = _est(name, alpha).fit(Xbig[:, ::2], y, sample_weight=sw)
    _assert_same_fit(c, a, rtol=1e-9)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("fmt", ["dense", "csc", "csr"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_float32_is_kept(name, fmt, fit_intercept):
    X, y, sw = _data(name, seed=6)
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    Xf = X32 if fmt == "dense" else getattr(sp, fmt + "_matrix")(X32)
    alpha = _alpha(X, y, name=name)
    est = SL[name](alpha=alpha, fit_intercept=fit_intercept, tol=1e-6, max_iter=10_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.fit(Xf, y32)
    assert est.coef_.dtype == np.float32
    assert est.predict(Xf).dtype == np.float32
    # the intercept has scikit-learn's dtype (float32 scalars/arrays when fitted)
    ref = getattr(sklm, name)(alpha=alpha, fit_intercept=fit_intercept, tol=1e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref.fit(X32, y32)
    if fit_intercept:  # (without, scikit-learn's intercept_ is the Python float 0.0)
        assert np.asarray(est.intercept_).dtype == np.asarray(ref.intercept_).dtype
        assert np.shape(est.intercept_) == np.shape(ref.intercept_)
    # float64 solution of the same problem
    f64 = _est(name, alpha, fit_intercept=fit_intercept).fit(X32.astype(np.float64),
                                                             y32.astype(np.float64))
    np.testing.assert_allclose(est.coef_, f64.coef_, rtol=1e-3,
                               atol=1e-3 * np.abs(f64.coef_).max())


@pytest.mark.parametrize("name", ["Lasso", "MultiTaskLasso"])
def test_other_dtypes(name):
    X, y, sw = _data(name, seed=7)
    Xi = np.round(X * 3).astype(np.int64)
    alpha = _alpha(Xi.astype(float), y, name=name)
    a = _est(name, alpha).fit(Xi, y)
    b = _est(name, alpha).fit(Xi.astype(np.float64), y)
    assert a.coef_.dtype == np.float64
    _assert_same_fit(a, b, rtol=1e-10)
    # float32 X with float64 y: computed in X's dtype (as scikit-learn does)
    c = SL[name](alpha=alpha, tol=1e-6).fit(X.astype(np.float32), y)
    assert c.coef_.dtype == np.float32
    # plain lists
    d = _est(name, alpha).fit(Xi.tolist(), y.tolist())
    _assert_same_fit(d, b, rtol=1e-10)


@pytest.mark.parametrize("name", MODELS)
def test_pandas_input_sets_feature_names(name):
    pd = pytest.importorskip("pandas")
    X, y, sw = _data(name, seed=8)
    cols = ["f%d" % j for j in range(X.shape[1])]
    df = pd.DataFrame(X, columns=cols)
    Y = pd.DataFrame(y, columns=["t0", "t1"]) if y.ndim == 2 else pd.Series(y, name="target")
    alpha = _alpha(X, y, name=name)
    est = _est(name, alpha).fit(df, Y, sample_weight=pd.Series(sw))
    ref = _est(name, alpha).fit(X, y, sample_weight=sw)
    _assert_same_fit(est, ref, rtol=1e-10)
    assert list(est.feature_names_in_) == cols
    assert est.n_features_in_ == X.shape[1]
    np.testing.assert_allclose(est.predict(df), ref.predict(X), rtol=1e-10)
    with pytest.warns(UserWarning, match="feature names"):
        est.predict(X)
    with pytest.raises(ValueError, match="feature names"):
        est.predict(df[cols[::-1]])
    # a non-string column index gives no feature names
    est2 = _est(name, alpha).fit(pd.DataFrame(X), y)
    assert not hasattr(est2, "feature_names_in_")


# ============================================================================ bad input
def _fit(name="Lasso", X=None, y=None, sw=None, **params):
    Xd, yd, _ = _data(name, seed=9)
    X = Xd if X is None else X
    y = yd if y is None else y

    def run():
        SL[name](**params).fit(X, y, sample_weight=sw)

    return run


def _with(arr, idx, value):
    a = np.array(arr, dtype=float, copy=True)
    a[idx] = value
    return a


_X, _y, _sw = _data(seed=9)
_p = _X.shape[1]
_NAN_SP = sp.csr_matrix(_X)
_NAN_SP.data[3] = np.nan


BAD = {
    "nan_in_X": (_fit(X=_with(_X, (2, 3), np.nan)), r"(?s)\bX\b", "(?i)nan"),
    "inf_in_X": (_fit(X=_with(_X, (2, 3), np.inf)), r"(?s)\bX\b", "(?i)inf"),
    "nan_in_sparse_X": (_fit(X=_NAN_SP), r"(?s)\bX\b", "(?i)nan"),
    "nan_in_y": (_fit(y=_with(_y, 4, np.nan)), r"(?s)\by\b", "(?i)nan"),
    "inf_in_y": (_fit(y=_with(_y, 4, -np.inf)), r"(?s)\by\b", "(?i)inf"),
    "nan_in_Y_multitask": (_fit("MultiTaskLasso", y=np.c_[_y, _with(_y, 1, np.nan)]),
                           r"(?s)\by\b", "(?i)nan"),
    "empty_X": (_fit(X=np.zeros((0, _p)), y=np.zeros(0)), "(?i)sample", None),
    "no_features": (_fit(X=np.zeros((len(_y), 0))), "(?i)feature", None),
    "length_mismatch": (_fit(y=_y[:-1]), "(?i)inconsistent|samples|length", None),
    "length_mismatch_multitask": (_fit("MultiTaskLasso", y=np.c_[_y, _y][:-2]),
                                  "(?i)inconsistent|samples|length", None),
    "negative_alpha": (_fit(alpha=-0.1), "alpha", None),
    "nan_alpha": (_fit(alpha=float("nan")), "alpha", None),
    "string_alpha": (_fit(alpha="big"), "alpha", None),
    "negative_alpha_multitask": (_fit("MultiTaskElasticNet", y=np.c_[_y, _y], alpha=-1.0),
                                 "alpha", None),
    "l1_ratio_above_1": (_fit("ElasticNet", l1_ratio=1.5), "l1_ratio", None),
    "l1_ratio_below_0": (_fit("ElasticNet", l1_ratio=-0.1), "l1_ratio", None),
    "l1_ratio_multitask": (_fit("MultiTaskElasticNet", y=np.c_[_y, _y], l1_ratio=2.0),
                           "l1_ratio", None),
    "penalty_factor_short": (_fit(penalty_factor=np.ones(_p - 1)), "penalty_factor", None),
    "penalty_factor_long": (_fit(penalty_factor=np.ones(_p + 1)), "penalty_factor", None),
    "penalty_factor_negative": (_fit(penalty_factor=_with(np.ones(_p), 2, -1.0)),
                                "penalty_factor", None),
    "penalty_factor_nan": (_fit(penalty_factor=_with(np.ones(_p), 2, np.nan)),
                           "penalty_factor", None),
    "penalty_factor_multitask": (_fit("MultiTaskLasso", y=np.c_[_y, _y],
                                      penalty_factor=np.ones(_p + 2)), "penalty_factor", None),
    "lower_above_upper": (_fit(lower_bounds=_with(np.zeros(_p), 1, 2.0), upper_bounds=1.0),
                          "(?i)bound", None),
    "lower_above_upper_scalar": (_fit(lower_bounds=1.0, upper_bounds=-1.0), "(?i)bound", None),
    "positive_with_negative_upper": (_fit(positive=True, upper_bounds=-1.0), "(?i)bound|positive",
                                     None),
    "lower_bounds_wrong_length": (_fit(lower_bounds=np.zeros(_p + 3)), "lower_bounds", None),
    "upper_bounds_nan": (_fit(upper_bounds=_with(np.ones(_p), 0, np.nan)), "upper_bounds", None),
    "negative_sample_weight": (_fit(sw=_with(_sw, 0, -1.0)), "sample_weight", None),
    "nan_sample_weight": (_fit(sw=_with(_sw, 0, np.nan)), "sample_weight", None),
    "sample_weight_wrong_length": (_fit(sw=_sw[:-3]), "sample_weight", None),
    "sample_weight_all_zero": (_fit(sw=np.zeros_like(_sw)), "sample_weight", None),
    "negative_sample_weight_multitask": (_fit("MultiTaskLasso", y=np.c_[_y, _y],
                                              sw=_with(_sw, 0, -1.0)), "sample_weight", None),
    "bad_selection": (_fit(selection="shuffle"), "selection", None),
    "zero_max_iter": (_fit(max_iter=0), "max_iter", None),
    "negative_tol": (_fit(tol=-1e-3), "tol", None),
    "y_3d": (_fit(y=np.zeros((len(_y), 2, 2))), r"(?i)\by\b|dim|shape", None),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_raises_naming_the_parameter(case):
    run, pattern, pattern2 = BAD[case]
    with pytest.raises((ValueError, TypeError), match=pattern) as err:
        run()
    if pattern2 is not None:
        assert re.search(pattern2, str(err.value)), str(err.value)


@pytest.mark.parametrize("name", MODELS)
def test_predict_before_fit_raises_not_fitted(name):
    X, y, _ = _data(name)
    est = SL[name]()
    with pytest.raises(NotFittedError):
        est.predict(X)
    with pytest.raises(NotFittedError):
        est.score(X, y)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("fmt", ["dense", "csr"])
def test_predict_with_wrong_number_of_features(name, fmt):
    X, y, _ = _data(name)
    est = SL[name](alpha=_alpha(X, y, name=name)).fit(X, y)
    Xw = X[:, :-1] if fmt == "dense" else sp.csr_matrix(X[:, :-1])
    with pytest.raises(ValueError, match="(?i)features"):
        est.predict(Xw)


def test_validation_happens_before_any_state_change():
    """A failed fit leaves a fitted estimator's attributes untouched."""
    X, y, sw = _data(seed=10)
    est = Lasso(alpha=_alpha(X, y)).fit(X, y)
    coef = est.coef_.copy()
    with pytest.raises(ValueError):
        est.fit(X, _with(y, 0, np.nan))
    np.testing.assert_array_equal(est.coef_, coef)
