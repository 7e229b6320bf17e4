"""Feature selection with sparse models: non-zero coefficients, paths and stability."""

from ._selector import SparseSelector

__all__ = ["SparseSelector"]
