"""Feature selection with sparse models: non-zero coefficients, paths and stability."""

from ._selector import SparseSelector
from ._stability import StabilitySelection

__all__ = ["SparseSelector", "StabilitySelection"]
