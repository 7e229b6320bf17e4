"""
Four ways to choose alpha on the prostate data: CV, the 1-SE rule, BIC and the relaxed lasso
============================================================================================

The prostate cancer data (97 men, 8 clinical measurements, the log PSA level
as target; the example of *The Elements of Statistical Learning*) is small
enough to compare the model-selection routes of sparselearn side by side:

* :class:`~sparselearn.linear_model.LassoCV` with ``alpha_min_`` and the
  sparser ``alpha_1se_`` (glmnet's ``lambda.min`` and ``lambda.1se``);
* :class:`~sparselearn.linear_model.LassoIC`, which needs no folds: AIC and
  BIC along the path, the noise variance taken from least squares;
* :class:`~sparselearn.linear_model.RelaxedLassoCV`, which cross-validates
  the blend ``gamma * lasso + (1 - gamma) * least squares on the support``.

The script prints each choice with the variables it keeps, and, with
matplotlib installed, draws the BIC and AIC curves against the path.
"""

# %%
# Fit the four selectors on the same folds
# ----------------------------------------
import numpy as np
from sklearn.model_selection import KFold

from sparselearn.datasets import load_prostate
from sparselearn.linear_model import LassoCV, LassoIC, RelaxedLassoCV

data = load_prostate()
X, y, names = data.data, data.target, np.asarray(data.feature_names)
folds = KFold(10, shuffle=True, random_state=1)

cv = LassoCV(cv=folds, eps=1e-4).fit(X, y)
bic = LassoIC(criterion="bic", eps=1e-4).fit(X, y)
aic = LassoIC(criterion="aic", eps=1e-4).fit(X, y)
relaxed = RelaxedLassoCV(cv=folds, eps=1e-4).fit(X, y)


def show(label, alpha, coef):
    kept = ", ".join(names[coef != 0])
    print(f"{label:<22} alpha={alpha:.4f}  {np.count_nonzero(coef)} variables: {kept}")


i_1se = int(np.flatnonzero(cv.alphas_ == cv.alpha_1se_)[0])
show("LassoCV (min)", cv.alpha_min_, cv.coef_)
show("LassoCV (1-SE)", cv.alpha_1se_, cv.coef_path_[:, i_1se])
show("LassoIC (AIC)", aic.alpha_, aic.coef_)
show("LassoIC (BIC)", bic.alpha_, bic.coef_)
show(f"RelaxedLassoCV (g={relaxed.gamma_:g})", relaxed.alpha_, relaxed.coef_)
print(f"noise variance (least squares): {bic.noise_variance_:.4f}")

# %%
# The criteria along the path (optional)
# --------------------------------------
try:
    import matplotlib.pyplot as plt
except ImportError:  # the example runs without matplotlib
    plt = None

if plt is not None:
    fig, ax = plt.subplots(figsize=(6, 4))
    for est, label in ((aic, "AIC"), (bic, "BIC")):
        ax.plot(np.log10(est.alphas_), est.criterion_, label=label)
        ax.axvline(np.log10(est.alpha_), ls=":", color="k")
    ax.set_xlabel("log10(alpha)")
    ax.set_ylabel("criterion")
    ax.legend()
    fig.tight_layout()
