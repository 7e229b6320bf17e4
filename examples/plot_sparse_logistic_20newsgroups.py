"""
A sparse text classifier: L1 multinomial logistic regression on 20 newsgroups
=============================================================================

The 20 newsgroups corpus ("bydate" split) holds Usenet posts from 20
discussion groups. This script keeps seven groups of different topics, turns
the posts into TF-IDF vectors with scikit-learn's
:class:`~sklearn.feature_extraction.text.TfidfVectorizer` (about 26 000 terms)
and fits a multinomial
:class:`~sparselearn.linear_model.SparseLogisticRegression`: one coefficient
vector per class, with an L1 penalty that keeps a few hundred of the
7 x 26 000 coefficients. Each class is then described by a short list of
terms.

``alpha`` is set relative to
:func:`~sparselearn.linear_model.logistic_alpha_max` (the smallest alpha whose
solution is all zeros). A short sequence of fits from ``0.2 alpha_max`` down to
``0.01 alpha_max``, each warm-started from the previous one, shows the
trade-off between sparsity and test accuracy, and the last model is kept.
:class:`~sparselearn.linear_model.SparseLogisticRegressionCV` could choose
alpha instead, but a 3-fold CV along such a path takes about half a minute
here, and its held-out log-loss keeps decreasing down to ``0.005 alpha_max``;
the fixed fraction keeps the example short.

scikit-learn's ``LogisticRegression(C=1 / (n_samples * alpha), l1_ratio=1,
solver="saga")`` solves the same problem; at ``0.1 alpha_max`` and
``0.05 alpha_max`` it gives the same predictions on the test set (and the same
supports up to a couple of coefficients) but takes 10 to 20 s, more the
smaller alpha, so it is not run here. The script compares instead with
scikit-learn's default dense (L2) logistic regression, which uses every term.

The posts are read with the ``load.py`` of the shared data directory
(``$SPARSELEARN_DATA_DIR``, or ``shared/data`` next to the repository); the
script says so and stops when it is not there. It runs in about 10 seconds
once the solver is compiled, half of it in loading and vectorizing the text.
"""

# %%
# Load the posts of seven newsgroups
# ----------------------------------
# The headers of a post name its newsgroup (``Newsgroups: sci.space``), which
# would make the task trivial: like scikit-learn's ``remove=("headers",)`` we
# keep only what follows the first blank line.
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from sparselearn.linear_model import SparseLogisticRegression, logistic_alpha_max

from _shared_data import shared_loader  # examples/_shared_data.py

load = shared_loader()

categories = ["alt.atheism", "comp.graphics", "rec.autos", "rec.sport.hockey", "sci.med",
              "sci.space", "talk.politics.guns"]
news = load("20newsgroups", subset="all", categories=categories)  # y: 0..6, sorted names
posts = [text.partition("\n\n")[2] for text in news.X]  # drop the headers
train = news.is_train  # the "bydate" split: older posts for training, newer for testing
names = news.target_names

vectorizer = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5, stop_words="english")
X_train = vectorizer.fit_transform([p for p, t in zip(posts, train) if t])
X_test = vectorizer.transform([p for p, t in zip(posts, train) if not t])
y_train, y_test = news.y[train], news.y[~train]
terms = vectorizer.get_feature_names_out()
print(f"{X_train.shape[0]} training and {X_test.shape[0]} test posts, "
      f"{X_train.shape[1]} terms (TF-IDF, sparse: {X_train.nnz} non-zeros)")

# %%
# From alpha_max down: sparsity against accuracy
# ----------------------------------------------
# ``X_train`` stays a sparse matrix throughout. ``warm_start=True`` starts each
# fit from the previous solution, as a path does.
amax = logistic_alpha_max(X_train, y_train)
model = SparseLogisticRegression(warm_start=True)
print(f"\nalpha_max = {amax:.3g}")
print("alpha/alpha_max  non-zeros  terms used  test accuracy  fit (s)")
for ratio in [0.2, 0.1, 0.05, 0.02, 0.01]:
    start = time.perf_counter()
    model.set_params(alpha=ratio * amax).fit(X_train, y_train)
    seconds = time.perf_counter() - start
    print(f"{ratio:15.2f}  {np.count_nonzero(model.coef_):9d}"
          f"  {np.count_nonzero(np.any(model.coef_ != 0, axis=0)):10d}"
          f"  {model.score(X_test, y_test):13.3f}  {seconds:7.2f}")

# %%
# The model at alpha = 0.01 alpha_max
# -----------------------------------
# ``coef_`` has one row per class (``classes_``); the L1 penalty acts on every
# coefficient, so each class picks its own terms (``multinomial="grouped"``
# would select terms for all classes at once).
accuracy = model.score(X_test, y_test)
print(f"\nSparseLogisticRegression(alpha={model.alpha:.3g}): test accuracy {accuracy:.3f}, "
      f"{model.n_iter_} prox-Newton steps, duality gap {model.dual_gap_:.1e}")
print("non-zero coefficients per class:")
for k, name in enumerate(names[model.classes_]):
    print(f"  {name:<20s} {np.count_nonzero(model.coef_[k]):4d}")

start = time.perf_counter()
dense = LogisticRegression(max_iter=1000).fit(X_train, y_train)  # L2, C=1
seconds = time.perf_counter() - start
print(f"scikit-learn LogisticRegression (L2, C=1): test accuracy "
      f"{dense.score(X_test, y_test):.3f} with {np.count_nonzero(dense.coef_)} "
      f"non-zero coefficients ({seconds:.1f} s)")

# %%
# The terms that speak for each class
# -----------------------------------
# The largest positive coefficients of a class are the terms whose presence
# raises its score the most against the other classes. Next to topic words the
# lists hold the names of prolific posters (from signatures and quoted
# replies, which are kept here): they are real evidence in this corpus.
n_top = 8
print(f"\ntop {n_top} terms of each class (largest positive coefficients):")
top = {}
for k, name in enumerate(names[model.classes_]):
    order = np.argsort(-model.coef_[k])[:n_top]
    order = order[model.coef_[k, order] > 0]
    top[name] = order
    print(f"  {name:<20s} {', '.join(terms[order])}")

# %%
# Plot the top terms (optional)
# -----------------------------
try:
    import matplotlib.pyplot as plt
except ImportError:  # the example runs without matplotlib
    plt = None

if plt is not None:
    fig, axes = plt.subplots(2, 4, figsize=(11, 5.5), layout="constrained")
    for ax, (name, order) in zip(axes.flat, top.items()):
        k = list(names).index(name)
        ax.barh(terms[order][::-1], model.coef_[k, order][::-1])
        ax.set_title(name, fontsize="medium")
        ax.tick_params(labelsize="small")
    axes.flat[-1].set_axis_off()
    fig.suptitle("Sparse multinomial logistic regression on 20 newsgroups: top terms")
    plt.show()
