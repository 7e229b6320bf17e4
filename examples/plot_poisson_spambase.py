"""
Counts with a sparse Poisson model: how long are the capital-letter runs of an e-mail?
=======================================================================================

The UCI spambase data describes 4601 e-mails by the frequencies of 48 words
and 6 characters and by three statistics of their runs of capital letters.
One of these, the length of the longest run (``capitalLong``), is a count:
1 for an e-mail with no two capitals in a row, hundreds for one that shouts.
This script explains it by the 54 frequencies with
:class:`~sparselearn.linear_model.SparsePoissonRegressor`, a Poisson
regression (log link: the predicted mean is ``exp(x w + b)``) with an L1
penalty that keeps the words that matter.

:class:`~sparselearn.linear_model.SparsePoissonRegressorCV` chooses ``alpha``
by 5-fold cross-validation on the training rows along a path of 30 values
below ``alpha_max`` (the smallest alpha whose solution is all zeros), with
the held-out mean Poisson deviance as the error, and refits the alpha of
smallest error (glmnet's ``lambda.min``; ``alpha_selection="1se"`` would take
``lambda.1se``, the sparsest model within one standard error of it, shown
too). The script then compares, by the deviance explained on the test rows
(``score``, scikit-learn's D²), with scikit-learn's
:class:`~sklearn.linear_model.PoissonRegressor` (an L2 penalty that uses every
feature) on the test rows.

The data are read with the ``load.py`` of the shared data directory
(``$SPARSELEARN_DATA_DIR``, or ``shared/data`` next to the repository); the
script says so and stops when it is not there. It runs in a few seconds.
"""

# %%
# Load the e-mails and the counts
# -------------------------------

import numpy as np
from sklearn.linear_model import PoissonRegressor
from sklearn.metrics import d2_tweedie_score
from sklearn.model_selection import KFold, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from sparselearn.linear_model import SparsePoissonRegressorCV

from _shared_data import shared_loader  # examples/_shared_data.py

load = shared_loader()

spam = load("spambase")
names = np.asarray(spam.feature_names[:54])
X = np.asarray(spam.X[:, :54], dtype=np.float64)
y = np.asarray(spam.X[:, 55], dtype=np.float64)  # capitalLong: a count >= 1
print(f"{X.shape[0]} e-mails, {X.shape[1]} frequencies; longest capital run: "
      f"median {np.median(y):.0f}, mean {y.mean():.1f}, max {y.max():.0f}")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)

# %%
# Cross-validate alpha along the path
# -----------------------------------
# The frequencies have long right tails: log1p, then standardize, so that one
# alpha treats every feature alike. Each of the 5 folds solves a warm-started
# path of 30 alphas; the held-out error is the mean Poisson deviance.
model = make_pipeline(FunctionTransformer(np.log1p), StandardScaler(),
                      SparsePoissonRegressorCV(alphas=30, eps=1e-3,
                                               cv=KFold(5, shuffle=True, random_state=0)))
model.fit(X_train, y_train)
cv = model[-1]
alphas, mean, se = cv.alphas_, cv.cv_mean_, cv.cv_se_
amax = alphas[0]
print(f"alpha_max = {amax:.3f}; CV deviance {mean.min():.2f} at alpha_min = "
      f"{cv.alpha_min_ / amax:.4f} alpha_max (refit); the 1-SE rule would take "
      f"{cv.alpha_1se_ / amax:.4f} alpha_max (deviance {mean[alphas == cv.alpha_1se_][0]:.2f})")
coef = cv.coef_

# %%
# The words that lengthen or shorten the capital runs
# ---------------------------------------------------
# A coefficient is the change of log(mean run length) per standard deviation
# of log1p(frequency); exp of it is the factor on the mean.
order = np.argsort(-np.abs(coef))
kept = order[coef[order] != 0]
print(f"{kept.size} of {coef.size} features kept:")
for j in kept[:12]:
    print(f"  {names[j]:<18} {coef[j]:+.3f}  (x{np.exp(coef[j]):.2f} per SD)")

# %%
# Held-out comparison with scikit-learn's L2 Poisson regression
# -------------------------------------------------------------
# The counts are overdispersed (their variance is far above their mean), so the
# fold errors vary a lot and one standard error is wide: the 1-SE model keeps
# few features and fits much worse. The path was refit on all the training rows,
# so ``predict(X, alpha=...)`` gives any of its models.
dense = make_pipeline(FunctionTransformer(np.log1p), StandardScaler(),
                      PoissonRegressor(alpha=1e-4, max_iter=1000)).fit(X_train, y_train)
Z_test = model[:-1].transform(X_test)
mu_1se = cv.predict(Z_test, alpha=cv.alpha_1se_)
n_1se = np.count_nonzero(cv.coef_path_[:, alphas == cv.alpha_1se_])
print("test D^2 (deviance explained):")
print(f"  sparse, alpha_min    {model.score(X_test, y_test):.3f}  ({kept.size} features)")
print(f"  sparse, alpha_1se    {d2_tweedie_score(y_test, mu_1se, power=1):.3f}  ({n_1se} features)")
print(f"  scikit-learn L2      {dense.score(X_test, y_test):.3f}  ({X.shape[1]} features)")

# %%
# Plot the cross-validation curve (optional)
# ------------------------------------------
try:
    import matplotlib.pyplot as plt
except ImportError:  # the example runs without matplotlib
    plt = None

if plt is not None:
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.errorbar(alphas / amax, mean, yerr=se, fmt="o-", ms=3, capsize=2)
    ax.axvline(cv.alpha_min_ / amax, ls="--", c="gray", label="alpha_min")
    ax.axvline(cv.alpha_1se_ / amax, ls=":", c="k", label="alpha_1se")
    ax.set_xscale("log")
    ax.set_xlabel("alpha / alpha_max")
    ax.set_ylabel("CV mean Poisson deviance")
    ax.legend()
    fig.tight_layout()
    if "agg" not in plt.get_backend().lower():
        plt.show()
