"""
Which genes drive riboflavin production? A Lasso on p >> n data
================================================================

The riboflavin data (Bühlmann, Kalisch and Meier, 2014) has 71 samples of
*Bacillus subtilis* and the log expression of 4088 genes; the target is the log
riboflavin production rate. With far more features than samples, the Lasso
selects a handful of genes.

This script fits :class:`sparselearn.linear_model.Lasso` along a short grid of
``alpha`` values relative to ``alpha_max`` (the smallest ``alpha`` whose
solution is all zeros), reports the selected genes at one of them, and, when
matplotlib is installed, plots the coefficients. It runs in a second or two
(plus a one-off compilation of the solver on first use).
"""

# %%
# Load the embedded data set
# --------------------------
import numpy as np

from sparselearn.datasets import load_riboflavin
from sparselearn.linear_model import Lasso, alpha_max

data = load_riboflavin()
X, y, genes = data.data, data.target, data.feature_names
print(f"{X.shape[0]} samples x {X.shape[1]} genes")

# %%
# A short regularization path
# ---------------------------
# ``warm_start=True`` starts each fit from the previous solution, as a path does.
amax = alpha_max(X, y)
model = Lasso(warm_start=True, max_iter=10_000)
print(f"alpha_max = {amax:.4f}")
print("alpha/alpha_max  non-zeros  R^2 (train)  duality gap")
for ratio in [0.5, 0.3, 0.2, 0.1, 0.05]:
    model.set_params(alpha=ratio * amax).fit(X, y)
    print(f"{ratio:15.2f}  {np.count_nonzero(model.coef_):9d}  {model.score(X, y):11.3f}"
          f"  {model.dual_gap_:11.2e}")

# %%
# The genes selected at alpha = 0.1 alpha_max
# -------------------------------------------
model = Lasso(alpha=0.1 * amax).fit(X, y)
selected = np.flatnonzero(model.coef_)
selected = selected[np.argsort(-np.abs(model.coef_[selected]))]
print(f"{len(selected)} genes selected:")
for j in selected:
    print(f"  {genes[j]:<12} {model.coef_[j]:+.4f}")

# %%
# Plot the coefficients (optional)
# --------------------------------
try:
    import matplotlib.pyplot as plt
except ImportError:  # the example runs without matplotlib
    plt = None

if plt is not None:
    fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
    ax.barh(genes[selected][::-1], model.coef_[selected][::-1])
    ax.axvline(0.0, color="black", linewidth=0.8)
    ax.set_xlabel("coefficient")
    ax.set_title("Lasso on riboflavin: selected genes")
    plt.show()
