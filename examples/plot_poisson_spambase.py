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

``alpha`` is chosen by 5-fold cross-validation on the training rows along a
path of 30 values below
:func:`~sparselearn.linear_model.poisson_alpha_max`, scored by the Poisson
deviance explained (``score``, scikit-learn's D²), and the 1-SE rule
(glmnet's ``lambda.1se``) picks the sparsest model within one standard error
of the best. The script then compares with scikit-learn's
:class:`~sklearn.linear_model.PoissonRegressor` (an L2 penalty that uses every
feature) on the test rows.

The data are read with the ``load.py`` of the shared data directory
(``$SPARSELEARN_DATA_DIR``, or ``shared/data`` next to the repository); the
script says so and stops when it is not there. It runs in a few seconds.
"""

# %%
# Load the e-mails and the counts
# -------------------------------
import os
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import PoissonRegressor
from sklearn.model_selection import GridSearchCV, KFold, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from sparselearn.linear_model import SparsePoissonRegressor, poisson_alpha_max

data_dir = Path(os.environ.get("SPARSELEARN_DATA_DIR")
                or Path(__file__).resolve().parents[1].parent / "shared" / "data")
if not (data_dir / "load.py").exists():
    print(f"The shared data directory ({data_dir}) is not available: set "
          "SPARSELEARN_DATA_DIR to run this example.")
    sys.exit(0)
sys.path.insert(0, str(data_dir))
from load import load  # noqa: E402  (the loader shipped with the data)

spam = load("spambase")
names = np.asarray(spam.feature_names[:54])
X = np.asarray(spam.X[:, :54], dtype=np.float64)
y = np.asarray(spam.X[:, 55], dtype=np.float64)  # capitalLong: a count >= 1
print(f"{X.shape[0]} e-mails, {X.shape[1]} frequencies; longest capital run: "
      f"median {np.median(y):.0f}, mean {y.mean():.1f}, max {y.max():.0f}")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)

# %%
# Cross-validate alpha along the path, keep the 1-SE model
# --------------------------------------------------------
# The frequencies have long right tails: log1p, then standardize, so that one
# alpha treats every feature alike.
model = make_pipeline(FunctionTransformer(np.log1p), StandardScaler(),
                      SparsePoissonRegressor(warm_start=True))
amax = poisson_alpha_max(StandardScaler().fit_transform(np.log1p(X_train)), y_train)
alphas = amax * np.geomspace(1.0, 1e-3, 30)
grid = GridSearchCV(model, {"sparsepoissonregressor__alpha": alphas},
                    cv=KFold(5, shuffle=True, random_state=0)).fit(X_train, y_train)
mean = grid.cv_results_["mean_test_score"]
se = grid.cv_results_["std_test_score"] / np.sqrt(5)
best = int(np.argmax(mean))
# the largest alpha (the sparsest model) within one standard error of the best
one_se = int(np.flatnonzero(mean >= mean[best] - se[best]).min())
print(f"alpha_max = {amax:.3f}; best CV D^2 {mean[best]:.3f} at {alphas[best] / amax:.4f} "
      f"alpha_max, 1-SE choice {alphas[one_se] / amax:.4f} alpha_max (D^2 {mean[one_se]:.3f})")
sparse = model.set_params(sparsepoissonregressor__alpha=alphas[one_se]).fit(X_train, y_train)
coef = sparse[-1].coef_

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
# The 1-SE model trades some fit for sparsity; the CV-best one is also shown.
dense = make_pipeline(FunctionTransformer(np.log1p), StandardScaler(),
                      PoissonRegressor(alpha=1e-4, max_iter=1000)).fit(X_train, y_train)
best_model = grid.best_estimator_
print("test D^2 (deviance explained):")
print(f"  sparse, 1-SE alpha   {sparse.score(X_test, y_test):.3f}  ({kept.size} features)")
print(f"  sparse, best alpha   {best_model.score(X_test, y_test):.3f}  "
      f"({np.count_nonzero(best_model[-1].coef_)} features)")
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
    ax.axvline(alphas[best] / amax, ls="--", c="gray", label="best")
    ax.axvline(alphas[one_se] / amax, ls=":", c="k", label="1-SE")
    ax.set_xscale("log")
    ax.set_xlabel("alpha / alpha_max")
    ax.set_ylabel("CV deviance explained (D²)")
    ax.legend()
    fig.tight_layout()
    if "agg" not in plt.get_backend().lower():
        plt.show()
