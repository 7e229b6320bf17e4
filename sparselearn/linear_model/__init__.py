"""Sparse linear models fitted by coordinate descent."""

from ._base import alpha_max
from ._coordinate_descent import ElasticNet, Lasso, MultiTaskElasticNet, MultiTaskLasso

__all__ = ["ElasticNet", "Lasso", "MultiTaskElasticNet", "MultiTaskLasso", "alpha_max"]
