"""LassoCV / ElasticNetCV against R's ``cv.glmnet`` on real data.

glmnet is the reference for the CV summary (``cvm``, ``cvsd``,
``lambda.min``, ``lambda.1se``): both sides get the same rows, the same fold
of each row (``PredefinedSplit(foldid)`` here, ``foldid`` there), the same
alpha grid (ours), the same sample weights and tight tolerances, so the CV
curves agree to the solvers' accuracy and the chosen alphas exactly.

The elastic net (glmnet ``alpha < 1``) matches scikit-learn's objective only
when every training set's target has unit weighted standard deviation
(glmnet rescales ``y`` and with it the ridge term; see ``tests/_glmnet_r.py``),
so those cases use :func:`_glmnet_r.fold_standardize`'s target.

Skipped when ``Rscript`` or R's glmnet is missing (CI does not install R).
All glmnet jobs run in one R process (R's start-up costs about a second).
"""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.model_selection import PredefinedSplit

import _glmnet_r as G  # tests/ is on sys.path (pyproject: pythonpath)
from sparselearn.datasets import load_prostate, load_riboflavin
from sparselearn.linear_model import ElasticNetCV, LassoCV

TIGHT = dict(tol=1e-10, max_iter=10**6)
N_FOLDS = 5

# id: (data set, l1_ratio(s), fit_intercept, sample weights, sparse X)
CASES = {
    "riboflavin-lasso": ("riboflavin", 1.0, True, None, False),
    "riboflavin-lasso-intw": ("riboflavin", 1.0, True, "int", False),
    "riboflavin-lasso-floatw": ("riboflavin", 1.0, True, "float", False),
    "riboflavin-lasso-noint": ("riboflavin", 1.0, False, None, False),
    "riboflavin-lasso-noint-floatw": ("riboflavin", 1.0, False, "float", False),
    "riboflavin-enet": ("riboflavin", 0.5, True, "float", False),
    "riboflavin-enet-grid": ("riboflavin", [0.2, 0.5, 1.0], True, None, False),
    "prostate-lasso": ("prostate", 1.0, True, None, False),
    "prostate-lasso-intw-sparse": ("prostate", 1.0, True, "int", True),
    "prostate-lasso-noint-intw": ("prostate", 1.0, False, "int", False),
    "prostate-enet-noint": ("prostate", 0.5, False, "float", False),
    # a permuted target and a grid from 4 alpha_max down: the top alphas fit no feature
    # in any fold, so the CV curve's minimum is tied there (both keep the largest alpha)
    "prostate-permuted-ties": ("prostate-permuted", 1.0, True, None, False),
    "leukemia-lasso-floatw": ("leukemia", 1.0, True, "float", False),
}


def _data(name, load_shared):
    if name == "riboflavin":
        d = load_riboflavin()
        return d.data, d.target
    if name.startswith("prostate"):
        d = load_prostate()
        permuted = name == "prostate-permuted"
        return d.data, np.random.RandomState(0).permutation(d.target) if permuted else d.target
    ds = load_shared("leukemia")  # 72 x 7129; the first 1000 genes keep it fast
    return np.asarray(ds.X, dtype=np.float64)[:, :1000], np.where(ds.y == 1, 1.0, -1.0)


def _case_inputs(case_id, load_shared):
    name, l1_ratio, fit_intercept, weights, sparse = CASES[case_id]
    X, y = _data(name, load_shared)
    rng = np.random.RandomState(list(CASES).index(case_id))
    n = len(y)
    foldid = rng.permutation(np.arange(n) % N_FOLDS)
    sw = None if weights is None else (rng.randint(1, 4, n).astype(float) if weights == "int"
                                       else rng.uniform(0.2, 3.0, n))
    if np.min(l1_ratio) < 1:  # glmnet's elastic net is ours when s_y = 1 in every fold
        y = G.fold_standardize(y, foldid, sw, fit_intercept)
    return X, y, foldid, sw, l1_ratio, fit_intercept, sparse


def _grid(case_id, X, y):
    if not case_id.endswith("ties"):
        return 40  # ours, from alpha_max down to alpha_max / 100 (eps)
    amax = np.max(np.abs((X - X.mean(0)).T @ (y - y.mean()))) / len(y)
    return np.geomspace(4 * amax, amax / 100, 30)


@pytest.fixture(scope="module")
def fitted(request):
    """Every case fitted by sparselearn, and by cv.glmnet (all in one R process)."""
    reason = G.missing()
    if reason:
        pytest.skip(f"R's glmnet is not available: {reason}")
    try:
        load_shared = request.getfixturevalue("load_shared")
    except pytest.skip.Exception as exc:  # no shared data: only the leukemia case skips
        load_shared, no_data = None, str(exc)
    ours, theirs, jobs, designs = {}, {}, [], {}
    for case_id in CASES:
        if load_shared is None and CASES[case_id][0] == "leukemia":
            theirs[case_id] = no_data
            continue
        X, y, foldid, sw, l1_ratio, fit_intercept, sparse = _case_inputs(case_id, load_shared)
        Est = LassoCV if l1_ratio == 1.0 else ElasticNetCV
        kw = {} if Est is LassoCV else dict(l1_ratio=l1_ratio)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # alpha at the end of the grid
            est = Est(cv=PredefinedSplit(foldid), alphas=_grid(case_id, X, y), eps=1e-2,
                      fit_intercept=fit_intercept, **kw, **TIGHT).fit(
                          sp.csr_matrix(X) if sparse else X, y, sample_weight=sw)
        ours[case_id] = est, X, y
        grids = np.atleast_2d(est.alphas_)
        for r, grid in zip(np.atleast_1d(l1_ratio), grids):
            jobs.append((case_id, dict(
                X=designs.setdefault((CASES[case_id][0], sparse),
                                     sp.csc_matrix(X) if sparse else X),
                y=y, lambdas=grid, foldid=foldid, l1_ratio=r, sample_weight=sw,
                fit_intercept=fit_intercept, thresh=1e-16)))
    results = G.run_glmnet([job for _, job in jobs])
    assert not results[0]["warnings"], results[0]["warnings"]
    for (case_id, _), res in zip(jobs, results):
        theirs.setdefault(case_id, []).append(res)
    return ours, theirs


@pytest.mark.parametrize("case_id", list(CASES))
def test_cv_summary_matches_cv_glmnet(fitted, case_id):
    ours, theirs = fitted
    if isinstance(theirs[case_id], str):
        pytest.skip(theirs[case_id])
    (est, X, y), results = ours[case_id], theirs[case_id]
    ratios = np.atleast_1d(CASES[case_id][1])
    # glmnet has no grid of l1_ratio: ours picks the one with the smallest minimum CV error
    best = int(np.argmin([r["cvm"].min() for r in results]))
    if ratios.size > 1:
        assert est.l1_ratio_ == ratios[best]
    r = results[best]
    np.testing.assert_allclose(r["lambda_"], np.atleast_2d(est.alphas_)[best], rtol=1e-13)
    # glmnet stops on its last step size: even at thresh=1e-16 its coefficients are
    # ~1e-6 off at riboflavin's small alphas, hence 1e-4; a definition of the summary
    # that differed (unweighted fold mean, K for K - 1, ...) would be off by 1e-2 or more
    np.testing.assert_allclose(est.cv_mean_, r["cvm"], rtol=1e-4)
    np.testing.assert_allclose(est.cv_se_, r["cvsd"], rtol=2e-4)
    if CASES[case_id][3] is not None:  # the weighted cases do catch unweighted fold means
        mse_path = est.mse_path_[best] if ratios.size > 1 else est.mse_path_
        assert np.max(np.abs(mse_path.mean(axis=1) / r["cvm"] - 1)) > 1e-3
    # the same choices: the same positions on the same grid (R returns the lambdas it
    # was given to within an ulp)
    grid = r["lambda_"]
    assert est.alpha_min_ == pytest.approx(grid[r["index_min"]], rel=1e-13)
    assert est.alpha_1se_ == pytest.approx(grid[r["index_1se"]], rel=1e-13)
    if case_id.endswith("ties"):
        assert np.sum(r["cvm"] == r["cvm"].min()) > 1
    # the refit at alpha_min_ is glmnet's coef(fit, s = "lambda.min")
    np.testing.assert_allclose(est.coef_, r["coef_min"], atol=1e-4 * np.abs(r["coef_min"]).max())
    np.testing.assert_allclose(est.predict(X), X @ r["coef_min"] + r["intercept_min"],
                               atol=1e-4 * np.std(y))
