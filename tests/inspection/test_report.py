"""coef_report: scales, entry ranks, objective, CV frequencies, rendering."""

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import lasso_path as sk_lasso_path
from sklearn.model_selection import KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sparselearn.datasets import load_prostate
from sparselearn.inspection import CoefReport, coef_report
from sparselearn.linear_model import (GroupLasso, Lasso, LassoCV, MultiTaskLasso,
                                      SparseLogisticRegression)
from sparselearn.report._cli import objective_value


@pytest.fixture(scope="module")
def prostate():
    X, y = load_prostate(return_X_y=True, as_frame=True)
    return X, y


def test_lasso_cv_report_matches_independent_computations(prostate):
    X, y = prostate
    with pytest.warns(UserWarning, match="grid"):
        model = LassoCV(cv=KFold(5)).fit(X, y)
    report = coef_report(model, X, y, cv=KFold(5))
    table = report.table
    assert isinstance(report, CoefReport)
    assert set(table["feature"]) == set(X.columns[model.coef_ != 0])
    coef = pd.Series(model.coef_, index=X.columns)
    np.testing.assert_allclose(table["coef"], coef[table["feature"]].to_numpy())
    np.testing.assert_allclose(table["std_coef"], (coef * X.std(ddof=0))[table["feature"]])
    # entry order from scikit-learn's own path on the centered data, same grid
    Xc, yc = X - X.mean(), y - y.mean()
    _, sk_coefs, _ = sk_lasso_path(Xc.to_numpy(), yc.to_numpy(), alphas=model.alphas_, tol=1e-10)
    first = {X.columns[j]: np.flatnonzero(sk_coefs[j] != 0)[0] for j in range(X.shape[1])
             if np.any(sk_coefs[j] != 0)}
    expected = sorted(table["feature"], key=lambda f: first[f])
    assert list(table["feature"]) == expected
    assert table["entry_rank"].is_monotonic_increasing
    # CV frequency: refit each training fold at the chosen alpha
    counts = np.zeros(X.shape[1])
    for train, _ in KFold(5).split(X):
        counts += Lasso(alpha=model.alpha_, tol=1e-8).fit(X.iloc[train], y.iloc[train]).coef_ != 0
    freq = pd.Series(counts / 5, index=X.columns)
    np.testing.assert_allclose(table["cv_frequency"], freq[table["feature"]].to_numpy())
    s = report.summary
    assert s["alpha"] == model.alpha_ and s["alpha chosen by"].startswith("5-fold")
    assert s["non-zero coefficients"] == np.count_nonzero(model.coef_)
    assert s["objective"] == pytest.approx(objective_value(
        X.to_numpy(), y.to_numpy(), model.coef_, model.intercept_, model.alpha_), rel=1e-12)
    assert s["converged"] and s["duality gap"] == model.dual_gap_
    assert s["alpha_1se (CV)"] >= s["alpha_min (CV)"]


def test_pipeline_with_scaler_reports_both_scales(prostate):
    X, y = prostate
    pipe = make_pipeline(StandardScaler(), Lasso(alpha=0.05)).fit(X, y)
    report = coef_report(pipe, X, y)
    lasso, scaler = pipe[-1], pipe[0]
    table = report.table.set_index("feature")
    std = pd.Series(lasso.coef_, index=X.columns)[table.index]
    np.testing.assert_allclose(table["std_coef"], std)
    np.testing.assert_allclose(table["coef"], std / pd.Series(scaler.scale_, X.columns)[
        table.index])
    # the original-scale model predicts as the pipeline
    orig = pd.Series(0.0, index=X.columns)
    orig[table.index] = table["coef"]
    np.testing.assert_allclose(X.to_numpy() @ orig.to_numpy() + report.summary["intercept"],
                               pipe.predict(X), rtol=1e-10)
    assert "StandardScaler" in report.summary["preprocessing"]


def test_logistic_report_odds_ratios_and_objective(prostate):
    X, y = prostate
    yc = (y > y.median()).astype(int)
    clf = SparseLogisticRegression(alpha=0.01, tol=1e-8).fit(X, yc)
    report = coef_report(clf, X, yc)
    table = report.table
    np.testing.assert_allclose(table["odds_ratio"], np.exp(table["coef"]))
    assert set(table["class"]) == {1}
    p = clf.predict_proba(X)[:, 1]
    loss = -np.mean(yc * np.log(p) + (1 - yc) * np.log(1 - p))
    assert report.summary["objective"] == pytest.approx(
        loss + 0.01 * np.abs(clf.coef_).sum(), rel=1e-10)


def test_group_and_multitask_reports(prostate):
    X, y = prostate
    groups = {"size": ["lcavol", "lweight"], "age": ["age"], "path": ["lbph", "svi", "lcp"],
              "grade": ["gleason", "pgg45"]}
    model = GroupLasso(alpha=0.1, groups=groups).fit(X, y)
    table = coef_report(model, X, y).table
    assert set(table["group"]) <= set(groups)
    for _, row in table.iterrows():
        assert row["feature"] in groups[row["group"]]
    # group penalty in the objective
    resid = y.to_numpy() - model.predict(X)
    pen = sum(w * np.linalg.norm(model.coef_[m])
              for w, m in zip(model.weights_, model.groups_.members))
    assert coef_report(model, X, y).summary["objective"] == pytest.approx(
        resid @ resid / (2 * len(y)) + 0.1 * pen, rel=1e-12)
    Y = np.c_[y, X["lcp"]]
    multi = MultiTaskLasso(alpha=0.1).fit(X.to_numpy(), Y)
    t = coef_report(multi, X.to_numpy(), Y).table
    assert set(t["class"]) == {0, 1}
    assert len(t) == np.count_nonzero(multi.coef_)


def test_rendering_and_options(prostate):
    X, y = prostate
    model = Lasso(alpha=0.1).fit(X, y)
    full = coef_report(model, X, y, nonzero_only=False)
    assert len(full.table) == X.shape[1]
    sparse_rep = coef_report(model)  # no data: no standardized scale, no path
    assert sparse_rep.table["std_coef"].isna().all()
    assert "entry_rank" not in sparse_rep.table
    md = full.to_markdown()
    assert md.count("\n| ") >= X.shape[1] + 2 and "| feature |" in md
    page = full.to_html()
    assert "<table" in page and "lcavol" in page
    assert "<script" not in page and "http" not in page

    class Stability:  # duck-typed stand-in for a fitted StabilitySelection
        stability_scores_ = np.linspace(0, 1, 8)[:, None] * np.ones((1, 5))
    rep = coef_report(model, X, y, stability=Stability())
    np.testing.assert_allclose(rep.table.set_index("feature")["stability"],
                               pd.Series(np.linspace(0, 1, 8), X.columns)[rep.table["feature"]])


def test_bad_input(prostate):
    X, y = prostate
    with pytest.raises(NotFittedError):
        coef_report(Lasso())
    model = Lasso(alpha=0.1).fit(X, y)
    with pytest.raises(ValueError, match="feature_names"):
        coef_report(model, feature_names=["a"])
    with pytest.raises(ValueError, match="cv needs"):
        coef_report(model, cv=3)
    with pytest.raises(TypeError, match="Pipeline"):
        coef_report(make_pipeline(StandardScaler(), StandardScaler(), model))
