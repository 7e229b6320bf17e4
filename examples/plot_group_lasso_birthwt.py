"""
The group lasso path on grpreg's birth weight data
==================================================

The ``Birthwt`` data of the R package grpreg (Hosmer and Lemeshow's birth
weights, 189 babies) is the package's own group lasso example: the birth
weight in kg is explained by 8 risk factors of the mother, coded as 16
columns in 8 groups -- orthogonal cubic polynomials of her age and weight
(3 columns each), race (2 dummies), the number of premature labours and of
physician visits (2 and 3 dummies), and single columns for smoking,
hypertension and uterine irritability.

:func:`~sparselearn.linear_model.sparse_group_lasso_path` (``l1_ratio=0``:
the group lasso) computes the whole path with warm starts; a group enters as
a block, all its columns at once. The script prints the order in which the
groups enter, then lets :class:`~sparselearn.linear_model.GroupLassoCV` pick
alpha by 10-fold cross-validation (the minimiser of the CV error and the
sparser one-standard-error choice), and, when matplotlib is installed, draws
the path coloured by group.

The data is read with the ``load.py`` of the shared data directory
(``$SPARSELEARN_DATA_DIR``, or ``shared/data`` next to the repository); the
script says so and stops when it is not there. It runs in about a second
once the solver is compiled.
"""

# %%
# Load the data and its groups
# ----------------------------

import numpy as np
from sklearn.model_selection import KFold

from sparselearn.linear_model import GroupLassoCV, check_groups, sparse_group_lasso_path

from _shared_data import shared_loader  # examples/_shared_data.py

load = shared_loader()

data = load("birthwt_grpreg")  # y = birth weight in kg
X, y = data.X, data.y
labels = [str(g) for g in data.groups]  # one group label per column: "age", "age", ...
columns = np.asarray(data.feature_names)
spec = check_groups(labels, X.shape[1])  # string labels: named groups, in sorted order
print(f"{X.shape[0]} babies, {X.shape[1]} columns in {spec.n_groups} groups:")
for name, members in zip(spec.names, spec.members):
    print(f"  {name:<6s} {', '.join(columns[members])}")

# %%
# The path: when does each group enter?
# -------------------------------------
alphas, coefs, _ = sparse_group_lasso_path(X, y, groups=labels, fit_intercept=True,
                                           alphas=100, eps=1e-3, tol=1e-8)
active = np.array([[np.any(coefs[m, k] != 0) for k in range(alphas.size)]
                   for m in spec.members])  # (n_groups, n_alphas)
entry = [int(np.argmax(row)) if row.any() else None for row in active]
print(f"\norder in which the groups enter the path (alpha_max = {alphas[0]:.4f}):")
for g in sorted(range(spec.n_groups),
                key=lambda g: np.inf if entry[g] is None else entry[g]):
    when = "never" if entry[g] is None else f"alpha = {alphas[entry[g]]:.4f}"
    print(f"  {spec.names[g]:<6s} {when}")

# %%
# Cross-validation
# ----------------
# On these data the CV error keeps decreasing down to the end of the grid
# (``alpha_min_`` keeps every group); the 1-SE rule gives the sparse model.
folds = KFold(10, shuffle=True, random_state=0)
cv = GroupLassoCV(groups=labels, cv=folds, alphas=100, eps=1e-3, tol=1e-8,
                  alpha_selection="1se").fit(X, y)
for rule, alpha in (("min", cv.alpha_min_), ("1se", cv.alpha_1se_)):
    k = int(np.argmin(np.abs(cv.alphas_ - alpha)))
    chosen = [spec.names[g] for g in range(spec.n_groups)
              if np.any(cv.coef_path_[spec.members[g], k] != 0)]
    print(f"\nCV alpha_{rule} = {alpha:.4f} (CV MSE {cv.cv_mean_[k]:.4f} "
          f"+/- {cv.cv_se_[k]:.4f}): {len(chosen)} groups, {', '.join(chosen)}")
print("\ncoefficients of the model refit at alpha_1se:")
for g in cv.support_groups_:
    cols = spec.members[g]
    values = ", ".join(f"{c}={v:+.3f}" for c, v in zip(columns[cols], cv.coef_[cols]))
    print(f"  {spec.names[g]:<6s} {values}")

# %%
# The path, coloured by group (optional)
# --------------------------------------
try:
    import matplotlib.pyplot as plt
except ImportError:  # the example runs without matplotlib
    plt = None

if plt is not None:
    fig, ax = plt.subplots(figsize=(7, 4.5))
    colors = plt.get_cmap("tab10")
    for g, (name, members) in enumerate(zip(spec.names, spec.members)):
        for i, j in enumerate(members):
            ax.plot(np.log10(alphas), coefs[j], color=colors(g), lw=1.2,
                    label=name if i == 0 else None)
    ax.axvline(np.log10(cv.alpha_min_), ls="--", color="k", lw=0.8, label="alpha_min_")
    ax.axvline(np.log10(cv.alpha_1se_), ls=":", color="k", lw=0.8, label="alpha_1se_")
    ax.set_xlabel("log10(alpha)")
    ax.set_ylabel("coefficient (kg)")
    ax.set_title("Group lasso path on Birthwt: groups enter as blocks")
    ax.invert_xaxis()
    ax.legend(ncol=2, fontsize="small")
    fig.tight_layout()
    plt.show()
