"""Group lasso paths and cross-validation.

References: the single fits of :class:`SparseGroupLasso` at each path point,
:class:`LassoCV` for singleton groups, a hand-written fold loop for the CV
curve, and the per-group optimality conditions along the path.
"""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.model_selection import KFold
from sklearn.utils.estimator_checks import parametrize_with_checks

from sparselearn.linear_model import (GroupLasso, GroupLassoCV, LassoCV, SparseGroupLasso,
                                      SparseGroupLassoCV, group_alpha_max,
                                      sparse_group_lasso_path)

TIGHT = dict(tol=1e-12, max_iter=100_000)


def problem(seed=0, n=60, p=15):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    X[:, 3:6] += X[:, [0]]  # correlated groups
    w = np.zeros(p)
    w[0:3] = [1.0, -2.0, 0.5]
    w[9:12] = [0.7, 0.0, -0.4]
    return X, X @ w + 0.5 * rng.standard_normal(n)


def group_kkt_violation(X, y, coef, intercept, alpha, l1_ratio, groups, weights):
    """Largest violation of the group optimality conditions (no sample weights)."""
    n = X.shape[0]
    grad = X.T @ (y - X @ coef - intercept) / n
    worst = 0.0
    for G, w_g in zip(groups, weights):
        g, b = grad[G], coef[G]
        a1, a2 = alpha * l1_ratio, alpha * (1 - l1_ratio) * w_g
        if not np.any(b):
            excess = np.sign(g) * np.maximum(np.abs(g) - a1, 0)
            worst = max(worst, np.linalg.norm(excess) - a2)
        else:
            nz = b != 0
            target = a1 * np.sign(b[nz]) + a2 * b[nz] / np.linalg.norm(b)
            worst = max(worst, np.abs(g[nz] - target).max(),
                        (np.abs(g[~nz]) - a1).max(initial=0.0))
    return worst


@pytest.mark.parametrize("l1_ratio", [0.0, 0.4])
@pytest.mark.parametrize("fmt", ["dense", "csr"])
def test_path_points_are_the_single_fits(l1_ratio, fmt):
    # strong rules and warm starts must not change any answer
    X, y = problem(1)
    Xf = sp.csr_matrix(X) if fmt == "csr" else X
    groups = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11], [12, 13, 14]]
    alphas, coefs, gaps, intercepts = sparse_group_lasso_path(
        Xf, y, groups=groups, l1_ratio=l1_ratio, alphas=12, eps=1e-2, fit_intercept=True,
        return_intercept=True, **TIGHT)
    assert np.all(coefs[:, 0] == 0)
    assert alphas[0] == pytest.approx(group_alpha_max(X, y, groups, l1_ratio=l1_ratio))
    weights = np.sqrt([3.0] * 5)
    for k in [1, 4, 8, 11]:
        single = SparseGroupLasso(alpha=alphas[k], groups=groups, l1_ratio=l1_ratio,
                                  **TIGHT).fit(Xf, y)
        np.testing.assert_allclose(coefs[:, k], single.coef_, atol=1e-7)
        assert intercepts[k] == pytest.approx(single.intercept_, abs=1e-7)
        assert group_kkt_violation(X, y, coefs[:, k], intercepts[k], alphas[k], l1_ratio,
                                   groups, weights) < 1e-6
    assert 0 < np.count_nonzero(coefs[:, 4]) < X.shape[1]


def test_singleton_groups_cv_is_lasso_cv():
    X, y = problem(2)
    cv = KFold(4, shuffle=True, random_state=0)
    ours = GroupLassoCV(groups=1, alphas=15, cv=cv, **TIGHT).fit(X, y)
    ref = LassoCV(alphas=15, cv=cv, **TIGHT).fit(X, y)
    np.testing.assert_allclose(ours.alphas_, ref.alphas_, rtol=1e-12)
    np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-7)
    assert ours.alpha_ == ref.alpha_ and ours.alpha_1se_ == ref.alpha_1se_
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-8)


def test_cv_curve_equals_a_hand_written_fold_loop():
    X, y = problem(3)
    folds = list(KFold(3, shuffle=True, random_state=1).split(X))
    model = SparseGroupLassoCV(groups=3, l1_ratio=0.3, alphas=10, cv=folds, **TIGHT).fit(X, y)
    for f, (train, test) in enumerate(folds):
        _, coefs, _, icpt = sparse_group_lasso_path(
            X[train], y[train], groups=3, l1_ratio=0.3, alphas=model.alphas_,
            fit_intercept=True, return_intercept=True, **TIGHT)
        mse = ((y[test, None] - X[test] @ coefs - icpt) ** 2).mean(axis=0)
        np.testing.assert_allclose(model.mse_path_[:, f], mse, rtol=1e-6)
    assert model.alpha_1se_ >= model.alpha_min_
    ref = SparseGroupLasso(alpha=model.alpha_, groups=3, l1_ratio=0.3, **TIGHT).fit(X, y)
    np.testing.assert_allclose(model.coef_, ref.coef_, atol=1e-7)
    assert model.intercept_ == pytest.approx(ref.intercept_, abs=1e-7)
    np.testing.assert_array_equal(model.support_groups_, ref.support_groups_)
    np.testing.assert_allclose(model.predict(X, alpha=model.alphas_[4]),
                               X @ model.coef_path_[:, 4] + model.intercept_path_[4])


def test_l1_ratio_grid_picks_the_smallest_cv_error():
    X, y = problem(4)
    model = SparseGroupLassoCV(groups=3, l1_ratio=[0.0, 0.5, 0.9], alphas=8, cv=3).fit(X, y)
    assert model.alphas_.shape == (3, 8) and model.mse_path_.shape == (3, 8, 3)
    best = [m.mean(axis=1).min() for m in model.mse_path_]
    assert model.l1_ratio_ == [0.0, 0.5, 0.9][int(np.argmin(best))]


def test_threads_and_sparse_input_give_the_same_answer():
    X, y = problem(5)
    X[np.abs(X) < 0.5] = 0.0
    kw = dict(groups=3, alphas=10, cv=3, **TIGHT)
    serial = GroupLassoCV(**kw).fit(X, y)
    threads = GroupLassoCV(n_jobs=2, **kw).fit(X, y)
    sparse = GroupLassoCV(**kw).fit(sp.csr_matrix(X), y)
    for other in (threads, sparse):
        np.testing.assert_allclose(other.mse_path_, serial.mse_path_, rtol=1e-7)
        np.testing.assert_allclose(other.coef_, serial.coef_, atol=1e-8)


def test_named_groups_on_a_dataframe_and_sample_weights():
    X, y = problem(6)
    df = pd.DataFrame(X, columns=[f"f{j}" for j in range(X.shape[1])])
    groups = {name: [f"f{j}" for j in range(k, k + 3)]
              for name, k in zip("abcde", range(0, 15, 3))}
    sw = np.random.default_rng(0).uniform(0.5, 2.0, X.shape[0])
    model = GroupLassoCV(groups=groups, alphas=10, cv=3, alpha_selection="1se").fit(
        df, y, sample_weight=sw)
    assert model.group_names_ == tuple("abcde")
    assert "a" in [model.group_names_[g] for g in model.support_groups_]
    unweighted = GroupLassoCV(groups=groups, alphas=10, cv=3, alpha_selection="1se").fit(df, y)
    assert not np.allclose(model.mse_path_, unweighted.mse_path_)
    ref = GroupLasso(alpha=model.alpha_, groups=groups).fit(df, y, sample_weight=sw)
    np.testing.assert_allclose(model.coef_, ref.coef_, atol=1e-4 * np.abs(ref.coef_).max())


def test_bad_parameters():
    X, y = problem(7)
    with pytest.raises(ValueError, match="l1_ratio"):
        SparseGroupLassoCV(groups=3, l1_ratio=[0.5, 1.5]).fit(X, y)
    with pytest.raises(ValueError, match="groups"):
        GroupLassoCV(groups=4).fit(X, y)
    with pytest.raises(TypeError, match="unexpected keyword"):
        sparse_group_lasso_path(X, y, groups=3, bogus=1)


# tight tol: the weighted and the repeated-rows refits then stop at the same
# path points (at tol=1e-4 they differ by ~1e-8, above the check's 1e-9)
@parametrize_with_checks([GroupLassoCV(groups=1, alphas=5, cv=3, tol=1e-13),
                          SparseGroupLassoCV(groups=1, alphas=5, cv=3, tol=1e-13)])
def test_scikit_learn_compatible(estimator, check):
    check(estimator)
