"""
Selecting whole variables of the Ames housing data with a group lasso
=====================================================================

The Ames housing data (De Cock, 2011; 2930 houses sold in Ames, Iowa, the
``modeldata`` version) describes each house by 73 variables: 33 numeric ones
(areas, years, counts) and 40 categorical ones (neighborhood, building type,
quality ratings, ...). One-hot encoding turns the categorical variables into
about 280 dummy columns. A Lasso on that design keeps or drops single dummies
(``Neighborhood=Crawford`` without the other neighborhoods), which does not
answer the question "does the neighborhood matter?".

:func:`~sparselearn.linear_model.make_group_pipeline` fits the preprocessor,
maps every original variable to the columns it produced
(:func:`~sparselearn.linear_model.groups_from_transformer`) and gives those
groups to :class:`~sparselearn.linear_model.GroupLassoCV`, whose penalty
``alpha * sum_g sqrt(p_g) ||w_g||_2`` keeps or drops each variable as a whole.
Here alpha is chosen by 5-fold cross-validation with the one-standard-error
rule, the target is the log10 sale price, and the selected variables and the
held-out R^2 are compared with a plain
:class:`~sparselearn.linear_model.LassoCV` on the same design.

The data is read with the ``load.py`` of the shared data directory
(``$SPARSELEARN_DATA_DIR``, or ``shared/data`` next to the repository); the
script says so and stops when it is not there. It runs in a few seconds once
the solvers are compiled.
"""

# %%
# Load the raw table
# ------------------
import textwrap

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.model_selection import KFold, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from sparselearn.linear_model import (GroupLassoCV, LassoCV, groups_from_transformer,
                                      make_group_pipeline)

from _shared_data import shared_loader  # examples/_shared_data.py

load = shared_loader()

ames = load("ames", log=True)  # y = log10(Sale_Price)
frame = pd.DataFrame({name: values for name, values in ames.frame.items()
                      if name != "Sale_Price"})
numeric = [c for c in frame if pd.to_numeric(frame[c], errors="coerce").notna().all()]
categorical = [c for c in frame if c not in numeric]
frame[numeric] = frame[numeric].astype(float)
y = np.asarray(ames.y)
print(f"{len(frame)} houses, {len(numeric)} numeric + {len(categorical)} categorical "
      f"variables; target log10(Sale_Price)")

X_train, X_test, y_train, y_test = train_test_split(frame, y, test_size=0.25,
                                                    random_state=0)

# %%
# One group per original variable
# -------------------------------
# The numeric variables are imputed and standardized (one column each), the
# categorical ones imputed and one-hot encoded (one column per level seen in
# training; unseen levels at predict time get all-zero dummies).
preprocessor = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
    ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                          OneHotEncoder(handle_unknown="ignore")), categorical),
])
folds = KFold(5, shuffle=True, random_state=0)
group_model = make_group_pipeline(
    preprocessor, GroupLassoCV(cv=folds, eps=1e-3, alphas=50, alpha_selection="1se"))
group_model.fit(X_train, y_train)

glcv = group_model[-1]
coef = glcv.coef_
kept = [name for name, cols in group_model.groups_.items() if np.any(coef[cols] != 0)]
n_columns = sum(len(group_model.groups_[name]) for name in kept)
print(f"\nGroupLassoCV (1-SE rule, alpha = {glcv.alpha_:.3g}): "
      f"{len(kept)} of {glcv.n_groups_} variables, spanning {n_columns} of "
      f"{coef.size} columns")
by_norm = sorted(kept, key=lambda g: -np.linalg.norm(coef[group_model.groups_[g]]))
for name in by_norm[:15]:
    cols = group_model.groups_[name]
    kind = "categorical" if name in categorical else "numeric"
    print(f"  {name:<18s} {kind:<11s} {len(cols):3d} column(s)  "
          f"||w_g|| = {np.linalg.norm(coef[cols]):.4f}")
print(textwrap.fill(f"... and {len(by_norm) - 15} more: {', '.join(by_norm[15:])}",
                    88, initial_indent="  ", subsequent_indent="    "))
dropped = [name for name in group_model.groups_ if name not in kept]
print(textwrap.fill(f"dropped as a whole: {', '.join(dropped)}", 88,
                    subsequent_indent="    "))

# %%
# The same design with a plain Lasso
# ----------------------------------
# The Lasso penalizes every column on its own: it keeps some dummies of a
# categorical variable and drops the others.
lasso_model = make_pipeline(
    clone(preprocessor), LassoCV(cv=folds, eps=1e-3, alphas=50, alpha_selection="1se"))
lasso_model.fit(X_train, y_train)
lasso = lasso_model[-1]
groups = groups_from_transformer(lasso_model[0])  # the variable behind each column
touched = {name: int(np.count_nonzero(lasso.coef_[cols])) for name, cols in groups.items()}
touched = {name: k for name, k in touched.items() if k}
partial = [name for name, k in touched.items() if 0 < k < len(groups[name])]
print(f"\nLassoCV (1-SE rule, alpha = {lasso.alpha_:.3g}): "
      f"{np.count_nonzero(lasso.coef_)} of {lasso.coef_.size} columns from "
      f"{len(touched)} variables; {len(partial)} categorical variables only partly, e.g.")
for name in partial[:5]:
    print(f"  {name:<18s} {touched[name]:3d} of {len(groups[name]):3d} dummies")

print("\nheld-out R^2 on 25 % of the houses:")
print(f"  GroupLassoCV  {group_model.score(X_test, y_test):.4f}  "
      f"({len(kept)} variables, {n_columns} columns)")
print(f"  LassoCV       {lasso_model.score(X_test, y_test):.4f}  "
      f"({len(touched)} variables, {np.count_nonzero(lasso.coef_)} columns)")

# %%
# The cross-validation curve of the group lasso (optional)
# --------------------------------------------------------
try:
    import matplotlib.pyplot as plt
except ImportError:  # the example runs without matplotlib
    plt = None

if plt is not None:
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.errorbar(np.log10(glcv.alphas_), glcv.cv_mean_, yerr=glcv.cv_se_, fmt="o", ms=3,
                capsize=2, color="tab:blue", ecolor="0.6")
    ax.axvline(np.log10(glcv.alpha_min_), ls="--", color="k", label="alpha_min_")
    ax.axvline(np.log10(glcv.alpha_1se_), ls=":", color="k", label="alpha_1se_")
    ax.set_xlabel("log10(alpha)")
    ax.set_ylabel("CV mean squared error (log10 price)")
    ax.set_title("GroupLassoCV on Ames: one group per original variable")
    ax.legend()
    fig.tight_layout()
    plt.show()
