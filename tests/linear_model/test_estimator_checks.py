"""scikit-learn's estimator checks on the four coordinate-descent estimators."""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from sparselearn.linear_model import (
    ElasticNet,
    Lasso,
    MultiTaskElasticNet,
    MultiTaskLasso,
)

ESTIMATORS = [Lasso(), ElasticNet(), MultiTaskLasso(), MultiTaskElasticNet()]


def _expected_failed_checks(estimator):
    # Every check applies to these estimators (scikit-learn's own Lasso,
    # ElasticNet, MultiTaskLasso and MultiTaskElasticNet pass all of them):
    # no expected failure.
    return {}


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected_failed_checks)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_tags_match_sklearn_counterpart(estimator):
    """Sparse input declared; single/multi-output tags as scikit-learn's counterpart."""
    from sklearn import linear_model as sklm

    ours = estimator.__sklearn_tags__()
    theirs = getattr(sklm, type(estimator).__name__)().__sklearn_tags__()
    assert ours.input_tags.sparse
    assert ours.target_tags.multi_output == theirs.target_tags.multi_output
    assert ours.target_tags.single_output == theirs.target_tags.single_output
    assert ours.estimator_type == "regressor"


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_params_superset_of_sklearn(estimator):
    """Same parameter names and defaults as scikit-learn, plus the new knobs."""
    from sklearn import linear_model as sklm

    ours = estimator.get_params()
    theirs = getattr(sklm, type(estimator).__name__)().get_params()
    # documented deviation: precompute="auto" picks the Gram form when it pays
    # (scikit-learn's False is accepted and means the same as there)
    deviations = {"precompute": "auto"}
    for name, default in theirs.items():
        assert name in ours, "missing scikit-learn parameter %r" % name
        assert ours[name] == deviations.get(name, default), (name, ours[name], default)
    assert ours["penalty_factor"] is None
    if not type(estimator).__name__.startswith("MultiTask"):
        assert ours["lower_bounds"] is None and ours["upper_bounds"] is None
