"""Tests of the embedded data sets (sparselearn.datasets)."""

import doctest
import hashlib
from importlib import resources

import numpy as np
import pandas as pd
import pytest
from sklearn.utils import Bunch

import sparselearn.datasets._base as base
from sparselearn.datasets import load_prostate, load_riboflavin

CASES = [
    # loader, name, shape, target name, first feature names
    (load_riboflavin, "riboflavin", (71, 4088), "y", ["AADK_at", "AAPA_at", "ABFA_at"]),
    (load_prostate, "prostate", (97, 8), "lpsa", ["lcavol", "lweight", "age"]),
]
IDS = [c[1] for c in CASES]


@pytest.mark.parametrize("loader, name, shape, target_name, first", CASES, ids=IDS)
def test_bunch_fields(loader, name, shape, target_name, first):
    bunch = loader()
    assert isinstance(bunch, Bunch)
    assert isinstance(bunch.data, np.ndarray) and bunch.data.dtype == np.float64
    assert bunch.data.shape == shape
    assert bunch.target.shape == (shape[0],) and bunch.target.dtype == np.float64
    assert bunch.frame is None
    assert bunch.feature_names.shape == (shape[1],)
    assert bunch.feature_names[: len(first)].tolist() == first
    assert len(set(bunch.feature_names.tolist())) == shape[1]
    assert bunch.target_names.tolist() == [target_name]
    assert isinstance(bunch.DESCR, str) and "Source" in bunch.DESCR and "Licence" in bunch.DESCR
    assert np.isfinite(bunch.data).all() and np.isfinite(bunch.target).all()
    # the documented file is really there
    path = resources.files(bunch.data_module).joinpath(bunch.data_filename)
    assert path.is_file()


@pytest.mark.parametrize("loader, name, shape, target_name, first", CASES, ids=IDS)
def test_as_frame_and_return_X_y(loader, name, shape, target_name, first):
    arrays = loader()
    bunch = loader(as_frame=True)
    assert isinstance(bunch.data, pd.DataFrame) and bunch.data.shape == shape
    assert isinstance(bunch.target, pd.Series) and bunch.target.name == target_name
    assert list(bunch.data.columns) == arrays.feature_names.tolist()
    assert bunch.frame.shape == (shape[0], shape[1] + 1)
    assert list(bunch.frame.columns) == arrays.feature_names.tolist() + [target_name]
    np.testing.assert_array_equal(bunch.frame.to_numpy()[:, :-1], arrays.data)
    np.testing.assert_array_equal(bunch.frame[target_name].to_numpy(), arrays.target)

    X, y = loader(return_X_y=True)
    np.testing.assert_array_equal(X, arrays.data)
    np.testing.assert_array_equal(y, arrays.target)
    Xf, yf = loader(return_X_y=True, as_frame=True)
    assert isinstance(Xf, pd.DataFrame) and isinstance(yf, pd.Series)
    # scikit-learn records the column names (it skips numpy.str_ names silently)
    from sklearn.preprocessing import StandardScaler
    assert list(StandardScaler().fit(Xf).feature_names_in_) == arrays.feature_names.tolist()


def test_loaders_are_keyword_only():
    with pytest.raises(TypeError):
        load_riboflavin(True)


def test_prostate_split_and_values():
    bunch = load_prostate()
    assert bunch.is_train.dtype == bool and int(bunch.is_train.sum()) == 67
    # values documented in ESL / PROVENANCE.md: row 32 (1-based) has the corrected lweight
    assert bunch.data[31, 1] == pytest.approx(3.804438)
    assert set(np.unique(bunch.data[:, 4])) == {0.0, 1.0}  # svi
    # the frame does not carry the split
    assert "is_train" not in load_prostate(as_frame=True).frame.columns


def test_riboflavin_known_values():
    bunch = load_riboflavin()
    # exact float64 values of the R data (no rounding in the shipped copy)
    assert bunch.data[0, 0] == 8.49240360063487
    assert bunch.target[0] == -6.64385618977472
    assert bunch.target[0] == pytest.approx(np.log2(0.01), abs=1e-13)


@pytest.mark.parametrize("name", IDS)
def test_equal_to_shared_copy(name, load_shared, shared_data):
    """The shipped file is a byte copy of shared/data/<name>.npz."""
    shipped = resources.files("sparselearn.datasets").joinpath("data", f"{name}.npz").read_bytes()
    assert shipped == (shared_data / f"{name}.npz").read_bytes()
    ds = load_shared(name)
    bunch = {"riboflavin": load_riboflavin, "prostate": load_prostate}[name]()
    np.testing.assert_array_equal(bunch.data, ds.X)
    np.testing.assert_array_equal(bunch.target, ds.y)
    np.testing.assert_array_equal(bunch.feature_names, ds.feature_names)
    if name == "prostate":
        np.testing.assert_array_equal(bunch.is_train, ds.is_train)


def test_provenance_checksums_match_files():
    text = resources.files("sparselearn.datasets").joinpath("PROVENANCE.md").read_text("utf-8")
    for name in IDS:
        data = resources.files("sparselearn.datasets").joinpath("data", f"{name}.npz").read_bytes()
        assert hashlib.sha256(data).hexdigest() in text, name


def test_docstring_examples():
    result = doctest.testmod(base, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 6
    assert result.failed == 0
