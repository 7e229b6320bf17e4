"""Loaders for the small real data sets shipped inside the package.

The files live in ``sparselearn/datasets/data`` (NumPy ``.npz`` archives,
exact float64 values) and their descriptions in ``sparselearn/datasets/descr``;
``PROVENANCE.md`` next to this file records where they come from.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import numpy as np
from sklearn.utils import Bunch

__all__ = ["load_riboflavin", "load_prostate"]

# The files are package data of ``sparselearn.datasets`` in these sub-folders
# (plain folders, not packages: ``importlib.resources`` reaches them by path).
DATA_MODULE = "sparselearn.datasets"
DATA_DIR = "data"
DESCR_DIR = "descr"


def _load_npz(filename: str) -> dict[str, np.ndarray]:
    """Read every array of a shipped ``.npz`` file (no pickles)."""
    with resources.files(DATA_MODULE).joinpath(DATA_DIR, filename).open("rb") as fh:
        with np.load(fh, allow_pickle=False) as npz:
            return {key: npz[key] for key in npz.files}


def _load_descr(filename: str) -> str:
    """Read the reStructuredText description of a data set."""
    return resources.files(DATA_MODULE).joinpath(DESCR_DIR, filename).read_text(encoding="utf-8")


def _to_frame(
    data: np.ndarray, target: np.ndarray, feature_names: np.ndarray, target_name: str
) -> tuple[Any, Any, Any]:
    """Return ``(frame, data_frame, target_series)`` like scikit-learn's loaders."""
    import pandas as pd

    # plain str column names (not numpy.str_): scikit-learn only records
    # feature_names_in_ for columns that are all of type str
    data_df = pd.DataFrame(data, columns=[str(name) for name in feature_names])
    target_s = pd.Series(target, name=target_name)
    frame = pd.concat([data_df, target_s], axis=1)
    return frame, data_df, target_s


def _finish(
    arrays: dict[str, np.ndarray],
    *,
    name: str,
    target_name: str,
    as_frame: bool,
    return_X_y: bool,
    extras: dict[str, Any] | None = None,
) -> Bunch | tuple[Any, Any]:
    data = np.ascontiguousarray(arrays["X"], dtype=np.float64)
    target = np.ascontiguousarray(arrays["y"], dtype=np.float64)
    feature_names = np.asarray(arrays["feature_names"]).astype(str)
    frame = None
    if as_frame:
        frame, data, target = _to_frame(data, target, feature_names, target_name)
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        frame=frame,
        feature_names=feature_names,
        target_names=np.array([target_name]),
        DESCR=_load_descr(f"{name}.rst"),
        data_module=DATA_MODULE,
        data_filename=f"{DATA_DIR}/{name}.npz",
        **(extras or {}),
    )


def load_riboflavin(*, as_frame: bool = False, return_X_y: bool = False) -> Bunch | tuple[Any, Any]:
    """Load the riboflavin production data set (regression, p >> n).

    71 samples of *Bacillus subtilis* with the log expression of 4088 genes;
    the target ``y`` is the log riboflavin (vitamin B2) production rate. The
    data come from the R package hdi (see ``PROVENANCE.md``) and are stored
    exactly (float64).

    =================   ==============
    Samples total                   71
    Dimensionality                4088
    Features            real, log expression
    Targets             real, log production rate
    =================   ==============

    Parameters
    ----------
    as_frame : bool, default=False
        If True, ``data`` is a :class:`pandas.DataFrame` with the gene names as
        columns, ``target`` a :class:`pandas.Series` named ``"y"``, and
        ``frame`` a DataFrame holding both (the target last).
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with the attributes:

        data : ndarray of shape (71, 4088) or DataFrame
            The gene expression matrix.
        target : ndarray of shape (71,) or Series
            The log riboflavin production rate.
        frame : DataFrame of shape (71, 4089) or None
            ``data`` and ``target`` together; only when ``as_frame=True``.
        feature_names : ndarray of str of shape (4088,)
            Gene (Affymetrix probe set) names, e.g. ``"AADK_at"``.
        target_names : ndarray of str of shape (1,)
            ``["y"]``.
        DESCR : str
            Full description of the data set.
        data_module, data_filename : str
            Where the shipped file lives (``importlib.resources`` terms).

    (data, target) : tuple if ``return_X_y`` is True
        Arrays (or DataFrame and Series when ``as_frame=True``).

    See Also
    --------
    load_prostate : A small low-dimensional regression data set.

    References
    ----------
    .. [1] Bühlmann, P., Kalisch, M. and Meier, L. (2014). High-dimensional
       statistics with a view toward applications in biology. *Annual Review
       of Statistics and Its Application* 1:255-278.

    Examples
    --------
    >>> from sparselearn.datasets import load_riboflavin
    >>> ribo = load_riboflavin()
    >>> ribo.data.shape, ribo.target.shape
    ((71, 4088), (71,))
    >>> ribo.feature_names[:3].tolist()
    ['AADK_at', 'AAPA_at', 'ABFA_at']
    >>> X, y = load_riboflavin(return_X_y=True, as_frame=True)
    >>> type(X).__name__, y.name
    ('DataFrame', 'y')
    """
    return _finish(
        _load_npz("riboflavin.npz"),
        name="riboflavin",
        target_name="y",
        as_frame=as_frame,
        return_X_y=return_X_y,
    )


def load_prostate(*, as_frame: bool = False, return_X_y: bool = False) -> Bunch | tuple[Any, Any]:
    """Load the prostate cancer data set of *The Elements of Statistical Learning*.

    97 men about to undergo a radical prostatectomy (Stamey et al., 1989); the
    target ``lpsa`` is the log prostate specific antigen and the 8 features are
    ``lcavol, lweight, age, lbph, svi, lcp, gleason, pgg45``. The data come from
    the R package ElemStatLearn (see ``PROVENANCE.md``) and are stored exactly.

    =================   ==============
    Samples total                   97
    Dimensionality                   8
    Features            real
    Targets             real, log PSA
    =================   ==============

    Parameters
    ----------
    as_frame : bool, default=False
        If True, ``data`` is a :class:`pandas.DataFrame`, ``target`` a
        :class:`pandas.Series` named ``"lpsa"`` and ``frame`` a DataFrame
        holding both (the target last).
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with the attributes:

        data : ndarray of shape (97, 8) or DataFrame
            The features.
        target : ndarray of shape (97,) or Series
            ``lpsa``.
        frame : DataFrame of shape (97, 9) or None
            ``data`` and ``target`` together; only when ``as_frame=True``.
        feature_names : ndarray of str of shape (8,)
            The column names listed above.
        target_names : ndarray of str of shape (1,)
            ``["lpsa"]``.
        is_train : ndarray of bool of shape (97,)
            ESL's training (67) / test (30) split; not part of ``data``.
        DESCR : str
            Full description of the data set.
        data_module, data_filename : str
            Where the shipped file lives (``importlib.resources`` terms).

    (data, target) : tuple if ``return_X_y`` is True
        Arrays (or DataFrame and Series when ``as_frame=True``).

    See Also
    --------
    load_riboflavin : A high-dimensional (p >> n) regression data set.

    References
    ----------
    .. [1] Stamey, T. A. et al. (1989). Prostate specific antigen in the
       diagnosis and treatment of adenocarcinoma of the prostate. II. Radical
       prostatectomy treated patients. *Journal of Urology* 141(5):1076-1083.
    .. [2] Hastie, T., Tibshirani, R. and Friedman, J. (2009). *The Elements of
       Statistical Learning*, 2nd edition, section 3.2.1.

    Examples
    --------
    >>> from sparselearn.datasets import load_prostate
    >>> prostate = load_prostate(as_frame=True)
    >>> prostate.frame.shape
    (97, 9)
    >>> prostate.feature_names.tolist()
    ['lcavol', 'lweight', 'age', 'lbph', 'svi', 'lcp', 'gleason', 'pgg45']
    >>> int(prostate.is_train.sum())
    67
    """
    arrays = _load_npz("prostate.npz")
    return _finish(
        arrays,
        name="prostate",
        target_name="lpsa",
        as_frame=as_frame,
        return_X_y=return_X_y,
        extras={"is_train": np.asarray(arrays["is_train"], dtype=bool)},
    )
