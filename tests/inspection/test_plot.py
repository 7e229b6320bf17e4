"""The Display plots draw the model's data: lines, bars and markers checked, not pixels."""

import ast
import sys
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator
from sklearn.cluster import KMeans
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import Ridge

from sparselearn.datasets import load_prostate
from sparselearn.feature_selection._paths import estimator_path
from sparselearn.feature_selection import StabilitySelection
from sparselearn.inspection import _plot
from sparselearn.inspection._plot import (CoefficientDisplay, CVDisplay, PathDisplay,
                                          StabilityDisplay)
from sparselearn.linear_model import (ElasticNetCV, GroupLasso, Lasso, LassoCV, LassoIC,
                                      MultiTaskLasso, MultiTaskLassoCV, RelaxedLassoCV,
                                      SparseLogisticRegression, SparseLogisticRegressionCV,
                                      lasso_path)

plt = pytest.importorskip("matplotlib.pyplot")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def prostate():
    X, y = load_prostate(return_X_y=True, as_frame=True)
    # standardized, so that the CV minimum lies inside the grid
    return (X - X.mean()) / X.std(), y


@pytest.fixture(scope="module")
def lasso_cv(prostate):
    X, y = prostate
    return LassoCV(cv=5, alphas=40, alpha_selection="1se").fit(X, y)


@pytest.fixture(scope="module")
def multi():
    """Small multi-task and three-class data sets."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((90, 6))
    Y = np.c_[X[:, 0] - X[:, 1], 2 * X[:, 0] + X[:, 2]] + 0.3 * rng.standard_normal((90, 2))
    labels = np.array(["a", "b", "c"])[np.argmax(X[:, :3] + 0.5 * rng.standard_normal((90, 3)),
                                                 axis=1)]
    return X, Y, labels


def _x(line):
    return np.asarray(line.get_xdata(), dtype=float)


def _y(line):
    return np.asarray(line.get_ydata(), dtype=float)


def _legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


# ------------------------------------------------------------------ PathDisplay
def test_path_from_cv_estimator_draws_the_stored_path(lasso_cv):
    model = lasso_cv
    display = PathDisplay.from_estimator(model, n_labels=3)
    active = np.flatnonzero(np.any(model.coef_path_ != 0, axis=1))
    assert len(display.lines_) == active.size
    for line, j in zip(display.lines_, active):
        assert line.get_label() == model.feature_names_in_[j]
        assert_allclose(_x(line), model.alphas_)
        assert_allclose(_y(line), model.coef_path_[j])
    assert_allclose(_x(display.chosen_line_), [model.alpha_, model.alpha_])
    assert display.ax_.get_xscale() == "log"
    assert display.figure_ is display.ax_.figure
    # legend: the 3 largest |coef| at the chosen alpha, then the chosen alpha
    i = int(np.argmin(np.abs(model.alphas_ - model.alpha_)))
    strongest = np.argsort(-np.abs(model.coef_path_[:, i]), kind="stable")[:3]
    texts = _legend_texts(display.ax_)
    assert set(texts[:3]) == set(model.feature_names_in_[strongest])
    assert texts[3].startswith("alpha = ")


def test_path_labels_tie_broken_at_smallest_alpha():
    # at the chosen alpha only feature 0 is active; the others rank by |coef| at the end
    coefs = np.array([[0.0, 1.0, 1.0], [0.0, 0.0, 0.1], [0.0, 0.0, -3.0]])
    display = PathDisplay([1.0, 0.1, 0.01], coefs, feature_names=list("abc"),
                          chosen_alpha=0.1).plot(n_labels=2)
    assert _legend_texts(display.ax_) == ["a", "c", "alpha = 0.1"]
    display = PathDisplay([1.0, 0.1, 0.01], coefs).plot(n_labels=0)
    assert display.ax_.get_legend() is None and display.chosen_line_ is None


def test_path_with_several_l1_ratios_uses_the_chosen_grid(prostate):
    X, y = prostate
    model = ElasticNetCV(l1_ratio=[0.3, 0.9], cv=3, alphas=15).fit(X, y)
    row = [0.3, 0.9].index(model.l1_ratio_)
    display = PathDisplay.from_estimator(model)
    for line in display.lines_:
        assert_allclose(_x(line), model.alphas_[row])


def test_path_from_single_estimator_solves_the_path(prostate):
    X, y = prostate
    model = Lasso(alpha=0.05).fit(X, y)
    display = PathDisplay.from_estimator(model, X, y, n_alphas=20)
    alphas, coefs = estimator_path(model, X, y, n_alphas=20)
    active = np.flatnonzero(np.any(coefs[:, 0] != 0, axis=0))
    assert len(display.lines_) == active.size
    for line, j in zip(display.lines_, active):
        assert_allclose(_x(line), alphas)
        assert_allclose(_y(line), coefs[:, 0, j])
    assert _x(display.chosen_line_)[0] == 0.05
    grid = np.geomspace(1.0, 0.01, 7)
    display = PathDisplay.from_estimator(model, X, y, alphas=grid)
    assert_allclose(_x(display.lines_[0]), grid)


def test_path_of_cv_estimator_resolved_on_its_grid(prostate, lasso_cv):
    # with X and y, a CV model's path is solved again along its own grid
    X, y = prostate
    display = PathDisplay.from_estimator(lasso_cv, X, y)
    active = np.flatnonzero(np.any(lasso_cv.coef_path_ != 0, axis=1))
    assert len(display.lines_) == active.size
    for line, j in zip(display.lines_, active):
        assert_allclose(_x(line), lasso_cv.alphas_)
        assert_allclose(_y(line), lasso_cv.coef_path_[j], atol=1e-6)


def test_path_of_ic_estimator_and_group_lasso(prostate):
    X, y = prostate
    model = LassoIC(criterion="bic").fit(X, y)
    display = PathDisplay.from_estimator(model)
    assert _x(display.chosen_line_)[0] == pytest.approx(model.alpha_)
    assert len(display.lines_) == np.any(model.coef_path_ != 0, axis=1).sum()
    group = GroupLasso(groups=[[0, 1], [2, 3, 4], [5, 6, 7]], alpha=0.1).fit(X, y)
    display = PathDisplay.from_estimator(group, X, y, n_alphas=10)
    assert all(line.get_label() in list(X.columns) for line in display.lines_)


def test_path_multitask_each_and_norm(multi):
    X, Y, _ = multi
    model = MultiTaskLassoCV(cv=3, alphas=15).fit(X, Y)
    path = model.coef_path_  # (n_tasks, n_features, n_alphas)
    display = PathDisplay.from_estimator(model)
    pairs = [(r, j) for j in range(path.shape[1]) for r in range(path.shape[0])
             if np.any(path[r, j])]
    assert len(display.lines_) == len(pairs)
    for line, (r, j) in zip(display.lines_, pairs):
        assert line.get_label() == f"x{j} (task {r})"
        assert_allclose(_y(line), path[r, j])
    display = PathDisplay.from_estimator(model, multi_output="norm")
    norms = np.linalg.norm(path, axis=0)
    active = np.flatnonzero(norms.any(axis=1))
    assert [line.get_label() for line in display.lines_] == [f"x{j}" for j in active]
    for line, j in zip(display.lines_, active):
        assert_allclose(_y(line), norms[j])
    assert display.ax_.get_ylabel() == "Coefficient norm over rows"


def test_path_multinomial_rows_named_after_classes(multi):
    X, _, labels = multi
    model = SparseLogisticRegression(alpha=0.02).fit(X, labels)
    display = PathDisplay.from_estimator(model, X, labels, n_alphas=8, n_labels=None)
    alphas, coefs = estimator_path(model, X, labels, n_alphas=8)
    pairs = [(r, j) for j in range(X.shape[1]) for r in range(3) if np.any(coefs[:, r, j])]
    assert [line.get_label() for line in display.lines_] == [
        f"x{j} ({'abc'[r]})" for r, j in pairs]
    for line, (r, j) in zip(display.lines_, pairs):
        assert_allclose(_y(line), coefs[:, r, j])
    assert len(_legend_texts(display.ax_)) == len(pairs) + 1


def test_path_from_path_and_given_axes(prostate):
    X, y = prostate
    alphas, coefs, _ = lasso_path(X.to_numpy(), y.to_numpy(), n_alphas=12)
    fig, ax = plt.subplots()
    display = PathDisplay.from_path(alphas, coefs, feature_names=X.columns, ax=ax)
    assert display.ax_ is ax and display.figure_ is fig
    assert display.chosen_line_ is None
    assert len(ax.get_lines()) == len(display.lines_) == np.any(coefs, axis=1).sum()
    assert_allclose(_x(display.lines_[0]), alphas)


def test_path_style_kwargs_and_aliases():
    display = PathDisplay([1.0, 0.1], [[0.0, 1.0]], chosen_alpha=0.5).plot(
        line_kwargs={"c": "k", "lw": 3}, chosen_line_kwargs={"ls": "-"})
    assert display.lines_[0].get_linewidth() == 3
    assert display.chosen_line_.get_linestyle() == "-"


@pytest.mark.parametrize("kwargs, match", [
    (dict(multi_output="mean"), "multi_output"),
    (dict(n_labels=-1), "n_labels"),
])
def test_path_plot_checks_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        PathDisplay([1.0, 0.1], [[0.0, 1.0]]).plot(**kwargs)


@pytest.mark.parametrize("alphas, coefs, names, match", [
    ([1.0, 0.0], [[0.0, 1.0]], None, "positive"),
    ([1.0, 0.1], [[0.0, 1.0, 2.0]], None, "coefs must have shape"),
    ([1.0, 0.1], [[0.0, 1.0]], ["a", "b"], "feature_names"),
])
def test_path_checks_data(alphas, coefs, names, match):
    with pytest.raises(ValueError, match=match):
        PathDisplay(alphas, coefs, feature_names=names).plot()


def test_path_from_estimator_errors(prostate):
    X, y = prostate
    with pytest.raises(NotFittedError):
        PathDisplay.from_estimator(LassoCV())
    with pytest.raises(NotFittedError):
        PathDisplay.from_estimator(Lasso(), X, y)
    lasso = Lasso(alpha=0.1).fit(X, y)
    with pytest.raises(ValueError, match="pass X and y"):
        PathDisplay.from_estimator(lasso)
    with pytest.raises(ValueError, match="y is required"):
        PathDisplay.from_estimator(lasso, X)
    with pytest.raises(ValueError, match="only with X"):
        PathDisplay.from_estimator(lasso, alphas=[1.0, 0.1])
    ridge = Ridge().fit(X, y)
    with pytest.raises(TypeError, match="regularization path"):
        PathDisplay.from_estimator(ridge)
    with pytest.raises(TypeError, match="regularization path"):
        PathDisplay.from_estimator(ridge, X, y)


# -------------------------------------------------------------------- CVDisplay
def test_cv_display_draws_mean_band_and_markers(lasso_cv):
    model = lasso_cv
    display = CVDisplay.from_estimator(model)
    assert_allclose(_x(display.line_), model.alphas_)
    assert_allclose(_y(display.line_), model.cv_mean_)
    assert_allclose(_x(display.min_line_), [model.alpha_min_] * 2)
    assert_allclose(_x(display.se_line_), [model.alpha_1se_] * 2)
    band = display.band_.get_paths()[0].vertices
    assert band[:, 1].min() == pytest.approx((model.cv_mean_ - model.cv_se_).min())
    assert band[:, 1].max() == pytest.approx((model.cv_mean_ + model.cv_se_).max())
    assert display.ax_.get_ylabel() == "Mean squared error"
    assert display.ax_.get_xscale() == "log"
    texts = _legend_texts(display.ax_)
    assert texts[2].startswith("alpha_1se") and texts[2].endswith("(chosen)")
    assert not texts[1].endswith("(chosen)")


def test_cv_display_given_axes(lasso_cv):
    fig, ax = plt.subplots()
    display = CVDisplay.from_estimator(lasso_cv, ax=ax)
    assert display.ax_ is ax and display.figure_ is fig


def test_cv_display_several_l1_ratios(prostate):
    X, y = prostate
    model = ElasticNetCV(l1_ratio=[0.3, 0.9], cv=3, alphas=15).fit(X, y)
    row = [0.3, 0.9].index(model.l1_ratio_)
    display = CVDisplay.from_estimator(model)
    assert_allclose(_x(display.line_), model.alphas_[row])
    assert_allclose(_y(display.line_), model.cv_mean_)
    assert f"l1_ratio = {model.l1_ratio_:.3g}" in display.line_.get_label()


def test_cv_display_relaxed_lasso_draws_the_chosen_gamma(prostate):
    X, y = prostate
    model = RelaxedLassoCV(cv=3, alphas=15, gammas=[0.0, 0.5, 1.0]).fit(X, y)
    g = list(model.gammas_).index(model.gamma_)
    display = CVDisplay.from_estimator(model)
    assert_allclose(_y(display.line_), model.cv_mean_[g])
    assert_allclose(_x(display.min_line_), [model.alpha_min_] * 2)


@pytest.mark.parametrize("scoring, label", [(None, "Log-loss"),
                                            ("accuracy", "-accuracy (negated score)")])
def test_cv_display_logistic_metric(multi, scoring, label):
    X, _, labels = multi
    model = SparseLogisticRegressionCV(cv=3, alphas=8, scoring=scoring).fit(X, labels)
    display = CVDisplay.from_estimator(model)
    assert display.ax_.get_ylabel() == label
    assert_allclose(_y(display.line_), model.cv_mean_)
    assert_allclose(_x(display.se_line_), [model.alpha_1se_] * 2)
    path = PathDisplay.from_estimator(model)  # (n_classes, n_features, n_alphas)
    assert len(path.lines_) == np.any(model.coef_path_ != 0, axis=2).sum()


def test_cv_display_errors(prostate):
    X, y = prostate
    with pytest.raises(NotFittedError):
        CVDisplay.from_estimator(LassoCV())
    with pytest.raises(TypeError, match="cv_mean_"):
        CVDisplay.from_estimator(Lasso(alpha=0.1).fit(X, y))
    with pytest.raises(ValueError, match="shape of alphas"):
        CVDisplay([1.0, 0.1], [1.0], [0.1, 0.1]).plot()


# ----------------------------------------------------------- CoefficientDisplay
def _widths(container):
    return np.array([bar.get_width() for bar in container])


def _ticks(ax):
    """The y tick labels from the top down."""
    ticks = sorted(zip(ax.get_yticks(), ax.get_yticklabels()), key=lambda t: -t[0])
    return [label.get_text() for _, label in ticks]


def test_coefficient_display_single_row(prostate):
    X, y = prostate
    model = Lasso(alpha=0.05).fit(X, y)
    display = CoefficientDisplay.from_estimator(model)
    nz = np.flatnonzero(model.coef_)
    order = nz[np.argsort(-np.abs(model.coef_[nz]))]
    (bars,) = display.bars_
    # top to bottom: the bar at the highest y comes first
    ys = np.array([bar.get_y() for bar in bars])
    assert np.all(np.diff(ys) < 0)
    assert_allclose(_widths(bars), model.coef_[order])
    assert _ticks(display.ax_) == list(X.columns[order])

    display = CoefficientDisplay.from_estimator(model, n=3, sort="value")
    top = order[:3]
    top = top[np.argsort(-model.coef_[top])]
    assert_allclose(_widths(display.bars_[0]), model.coef_[top])
    assert _ticks(display.ax_) == list(X.columns[top])


def test_coefficient_display_multinomial_grouped_bars(multi):
    X, _, labels = multi
    model = SparseLogisticRegression(alpha=0.02).fit(X, labels)
    fig, ax = plt.subplots()
    display = CoefficientDisplay.from_estimator(model, feature_names=list("uvwxyz"), ax=ax)
    assert display.ax_ is ax
    coef = model.coef_
    norms = np.linalg.norm(coef, axis=0)
    order = np.flatnonzero(norms)[np.argsort(-norms[norms > 0], kind="stable")]
    assert len(display.bars_) == 3
    for r, bars in enumerate(display.bars_):
        assert bars.get_label() == "abc"[r]
        assert_allclose(_widths(bars), coef[r, order])
    assert _ticks(ax) == [list("uvwxyz")[j] for j in order]
    assert _legend_texts(ax) == ["a", "b", "c"]


def test_coefficient_display_multitask_and_all_zero(multi):
    X, Y, _ = multi
    model = MultiTaskLasso(alpha=0.1).fit(X, Y)
    display = CoefficientDisplay.from_estimator(model)
    assert [b.get_label() for b in display.bars_] == ["task 0", "task 1"]
    display = CoefficientDisplay(np.zeros(3)).plot()
    assert len(display.bars_[0]) == 0


def test_coefficient_display_errors(multi):
    X, Y, _ = multi
    with pytest.raises(NotFittedError):
        CoefficientDisplay.from_estimator(Lasso())
    with pytest.raises(TypeError, match="coef_"):
        CoefficientDisplay.from_estimator(KMeans(n_clusters=2, n_init=1).fit(X))
    with pytest.raises(ValueError, match="sort"):
        CoefficientDisplay([1.0]).plot(sort="name")
    with pytest.raises(ValueError, match="n must be"):
        CoefficientDisplay([1.0]).plot(n=0)


# ------------------------------------------------------------- StabilityDisplay
@pytest.fixture(scope="module")
def stability():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((80, 12))
    y = 2 * X[:, 0] - 3 * X[:, 1] + rng.standard_normal(80)
    return StabilitySelection(n_subsamples=10, alphas=12, random_state=0).fit(X, y)


def test_stability_display_draws_the_stability_path(stability):
    sel = stability
    display = StabilityDisplay.from_estimator(sel, n_labels=None)
    scores = sel.stability_scores_
    support = sel.get_support()
    drawn = np.flatnonzero(support | (scores > 0).any(axis=1))
    assert len(display.lines_) == drawn.size
    for line, j in zip(display.lines_, drawn):
        assert line.get_label() == f"x{j}"
        assert_allclose(_x(line), sel.alphas_)
        assert_allclose(_y(line), scores[j])
    assert_allclose(_y(display.threshold_line_), [sel.threshold_] * 2)
    assert_allclose(_x(display.region_line_), [sel.alpha_min_] * 2)
    texts = _legend_texts(display.ax_)
    assert sorted(texts[:support.sum()]) == sorted(f"x{j}" for j in np.flatnonzero(support))
    # selected lines stand out
    selected = {f"x{j}" for j in np.flatnonzero(support)}
    for line in display.lines_:
        assert (line.get_linewidth() > 1) == (line.get_label() in selected)


def test_stability_display_stand_in_and_groups():
    class StandIn(BaseEstimator):  # a fitted StabilitySelection's attributes, nothing else
        def fit(self, X, y):
            self.alphas_ = np.array([1.0, 0.3, 0.1])
            self.stability_scores_ = np.array([[0.2, 0.9, 1.0], [0.0, 0.0, 0.0],
                                               [0.0, 0.1, 0.6]])
            self.threshold_ = 0.8
            return self

        def get_support(self):
            return np.array([True, False, False])

    fig, ax = plt.subplots()
    display = StabilityDisplay.from_estimator(StandIn().fit(None, None),
                                              feature_names=list("abc"), ax=ax)
    assert display.ax_ is ax and display.region_line_ is None
    assert [line.get_label() for line in display.lines_] == ["a", "c"]

    groups = StandIn().fit(None, None)
    groups.groups_ = type("Spec", (), {"names": ("g1", "g2")})()
    groups.group_stability_scores_ = np.array([[0.1, 0.5, 0.9], [0.0, 0.2, 0.3]])
    groups.support_groups_ = np.array([0])
    groups.alpha_min_ = 0.1
    display = StabilityDisplay.from_estimator(groups)
    assert [line.get_label() for line in display.lines_] == ["g1", "g2"]
    assert _legend_texts(display.ax_)[0] == "g1"


def test_stability_display_default_support_uses_the_region():
    scores = [[0.0, 0.5, 0.9], [0.0, 0.9, 0.9]]
    display = StabilityDisplay([1.0, 0.3, 0.1], scores, 0.8, alpha_min=0.3).plot()
    assert [line.get_linewidth() > 1 for line in display.lines_] == [False, True]


def test_stability_display_errors(prostate):
    X, y = prostate
    with pytest.raises(NotFittedError):
        StabilityDisplay.from_estimator(StabilitySelection())
    with pytest.raises(TypeError, match="stability_scores_"):
        StabilityDisplay.from_estimator(Lasso(alpha=0.1).fit(X, y))
    with pytest.raises(ValueError, match="stability_scores must have shape"):
        StabilityDisplay([1.0, 0.1], [0.5, 0.7], 0.6).plot()


# ------------------------------------------------------------- optional matplotlib
def test_module_does_not_import_matplotlib_at_import_time():
    tree = ast.parse(Path(_plot.__file__).read_text())
    for node in tree.body:  # top-level statements only (TYPE_CHECKING block aside)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            assert not any(n.startswith("matplotlib") for n in names)


def test_missing_matplotlib_names_the_plot_extra(monkeypatch, lasso_cv):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    display = PathDisplay([1.0, 0.1], [[0.0, 1.0]])  # the data need no matplotlib
    for call in (display.plot, lambda: CVDisplay.from_estimator(lasso_cv),
                 lambda: CoefficientDisplay.from_estimator(lasso_cv),
                 lambda: PathDisplay.from_path([1.0], [[1.0]])):
        with pytest.raises(ImportError, match=r"sparselearn\[plot\]"):
            call()
    assert_array_equal(display.coefs, [[0.0, 1.0]])
