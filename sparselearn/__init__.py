"""sparselearn: classical sparse linear models with a scikit-learn API.

Numba-compiled coordinate descent for the Lasso, the elastic net and their
multi-task variants, on dense and ``scipy.sparse`` data.
"""

__version__ = "0.1.0.dev0"

__all__ = ["__version__"]
