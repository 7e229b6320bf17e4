"""Sparse linear models fitted by coordinate descent."""

from .._numba.prox import soft_threshold as _soft_threshold
from ._base import alpha_max
from ._coordinate_descent import ElasticNet, Lasso, MultiTaskElasticNet, MultiTaskLasso
from ._group import (GroupLasso, GroupLassoCV, SparseGroupLasso, SparseGroupLassoCV,
                     group_alpha_max, sparse_group_lasso_path)
from ..utils._groups import (GroupPipeline, GroupSpec, check_groups, group_weights,
                             groups_from_transformer, make_group_pipeline)
from ._cv import ElasticNetCV, LassoCV, MultiTaskElasticNetCV, MultiTaskLassoCV
from ._ic import ElasticNetIC, LassoIC
from ._logistic import (SparseLogisticRegression, SparseLogisticRegressionCV,
                        logistic_alpha_max, logistic_path)
from ._path import enet_path, lasso_path
from ._poisson import (SparsePoissonRegressor, SparsePoissonRegressorCV, poisson_alpha_max,
                       poisson_path)
from ._relaxed import RelaxedLasso, RelaxedLassoCV

# Numba builds its typing and target contexts on the first call of any
# compiled function (about 0.3 s).  Pay it here, at import, rather than in the
# user's first fit; the call itself is a cached one-liner.
_soft_threshold(0.0, 0.0)

__all__ = [
    "ElasticNet", "ElasticNetCV", "ElasticNetIC", "GroupLasso", "GroupLassoCV",
    "GroupPipeline", "GroupSpec", "Lasso", "LassoCV", "LassoIC", "MultiTaskElasticNet",
    "MultiTaskElasticNetCV", "MultiTaskLasso", "MultiTaskLassoCV", "RelaxedLasso",
    "RelaxedLassoCV", "SparseGroupLasso", "SparseGroupLassoCV",
    "SparseLogisticRegression", "SparseLogisticRegressionCV", "SparsePoissonRegressor",
    "SparsePoissonRegressorCV", "logistic_alpha_max", "logistic_path", "poisson_alpha_max",
    "poisson_path", "alpha_max",
    "check_groups",
    "enet_path", "group_alpha_max", "group_weights", "groups_from_transformer", "lasso_path",
    "make_group_pipeline", "sparse_group_lasso_path"]
