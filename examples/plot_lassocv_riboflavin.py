"""
Choosing alpha by cross-validation: the riboflavin CV curve and the 1-SE rule
=============================================================================

On the riboflavin data (71 samples, 4088 genes) :class:`~sparselearn.linear_model.LassoCV`
runs a warm-started Lasso path on each of 10 folds, records the held-out mean
squared error of every alpha, and summarises the folds as glmnet's
``cv.glmnet`` does: the CV curve ``cv_mean_`` with its standard error
``cv_se_``, the minimiser ``alpha_min_`` and ``alpha_1se_``, the largest alpha
whose error is within one standard error of the minimum. The 1-SE choice
gives a sparser model whose error is statistically indistinguishable.

The script prints both choices and, when matplotlib is installed, draws the
curve. It runs in about a second after the solver's one-off compilation.
"""

# %%
# Cross-validate along the path
# -----------------------------
import numpy as np
from sklearn.model_selection import KFold

from sparselearn.datasets import load_riboflavin
from sparselearn.linear_model import LassoCV

data = load_riboflavin()
X, y, genes = data.data, data.target, data.feature_names
folds = KFold(10, shuffle=True, random_state=0)
model = LassoCV(cv=folds, alphas=100, eps=1e-2, alpha_selection="1se").fit(X, y)

i_min = int(np.flatnonzero(model.alphas_ == model.alpha_min_)[0])
i_1se = int(np.flatnonzero(model.alphas_ == model.alpha_1se_)[0])
for name, i in (("alpha_min", i_min), ("alpha_1se", i_1se)):
    nnz = np.count_nonzero(model.coef_path_[:, i])
    print(f"{name} = {model.alphas_[i]:.4f}: CV MSE {model.cv_mean_[i]:.4f} "
          f"+/- {model.cv_se_[i]:.4f}, {nnz} genes")

# %%
# The genes of the 1-SE model (the one refit, ``alpha_selection="1se"``)
# ----------------------------------------------------------------------
selected = np.flatnonzero(model.coef_)
for j in selected[np.argsort(-np.abs(model.coef_[selected]))]:
    print(f"  {genes[j]:<12} {model.coef_[j]:+.4f}")

# %%
# The CV curve (optional)
# -----------------------
try:
    import matplotlib.pyplot as plt
except ImportError:  # the example runs without matplotlib
    plt = None

if plt is not None:
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.errorbar(np.log10(model.alphas_), model.cv_mean_, yerr=model.cv_se_, fmt="o",
                ms=3, capsize=2, color="tab:red", ecolor="0.6")
    ax.axvline(np.log10(model.alpha_min_), ls="--", color="k", label="alpha_min_")
    ax.axvline(np.log10(model.alpha_1se_), ls=":", color="k", label="alpha_1se_")
    ax.set_xlabel("log10(alpha)")
    ax.set_ylabel("CV mean squared error")
    ax.legend()
    fig.tight_layout()
    plt.show()
