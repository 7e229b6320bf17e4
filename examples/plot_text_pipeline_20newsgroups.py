"""
A sparse text classifier you can read and ship: vectorizer, L1 logistic regression, compact model
=================================================================================================

A complete text pipeline on four groups of the 20 newsgroups corpus:

1. sparselearn's :class:`~sparselearn.feature_extraction.text.TfidfVectorizer`
   (scikit-learn's, with the same output, faster) turns posts into sublinear
   TF-IDF vectors;
2. a multinomial :class:`~sparselearn.linear_model.SparseLogisticRegression`
   at ``alpha = 0.01 alpha_max`` keeps a few hundred terms out of tens of
   thousands (:class:`~sparselearn.linear_model.SparseLogisticRegressionCV`
   would choose alpha by cross-validation, at the price of a path per fold);
3. :func:`~sparselearn.inspection.top_terms` lists the terms that speak for
   each group, and :func:`~sparselearn.inspection.document_contributions`
   explains one test post term by term;
4. :func:`~sparselearn.feature_extraction.text.compact` cuts the vectorizer and
   the model down to the terms the model uses: the same predictions from a
   pipeline a small fraction of the size.

The vectorizer uses ``norm=None``: a row-normalized TF-IDF would make every
term of a post count in its norm, so its vocabulary could not be cut (compact
would then keep the full vectorizer and only shrink the model).

The posts are read with the ``load.py`` of the shared data directory
(``$SPARSELEARN_DATA_DIR``, or ``shared/data`` next to the repository); the
script says so and stops when it is not there.
"""

# %%
# Load four newsgroups, headers removed
# -------------------------------------
import pickle
import time

import numpy as np
from sklearn.pipeline import make_pipeline

from sparselearn.feature_extraction.text import TfidfVectorizer, compact
from sparselearn.inspection import document_contributions, top_terms
from sparselearn.linear_model import SparseLogisticRegression, logistic_alpha_max

from _shared_data import shared_loader  # examples/_shared_data.py

load = shared_loader()

categories = ["comp.graphics", "rec.sport.hockey", "sci.med", "talk.politics.guns"]
news = load("20newsgroups", subset="all", categories=categories)
posts = np.array([text.partition("\n\n")[2] for text in news.X], dtype=object)
names = np.asarray(news.target_names)
labels = names[news.y]
train, test = news.is_train, ~news.is_train
print(f"{train.sum()} training and {test.sum()} test posts from {len(categories)} groups")

# %%
# Fit the pipeline
# ----------------
# alpha is set relative to ``alpha_max``, the smallest alpha whose model is
# all zeros, computed on the vectorized training posts.
vectorizer = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5, stop_words="english",
                             norm=None)
amax = logistic_alpha_max(vectorizer.fit_transform(posts[train]), labels[train])
pipe = make_pipeline(vectorizer, SparseLogisticRegression(alpha=0.01 * amax))
start = time.perf_counter()
pipe.fit(posts[train], labels[train])
vec, clf = pipe[0], pipe[-1]
used = np.flatnonzero(np.any(clf.coef_ != 0, axis=0))
print(f"fitted in {time.perf_counter() - start:.1f} s: {len(vec.vocabulary_)} terms, "
      f"alpha = 0.01 alpha_max = {clf.alpha:.3g}, {len(used)} terms used, "
      f"test accuracy {pipe.score(posts[test], labels[test]):.3f}")

# %%
# The terms that speak for each group
# -----------------------------------
terms = top_terms(clf, vec, n=6)
for group, rows in terms.groupby("class", sort=False):
    print(f"  {group:<20s} {', '.join(rows['term'])}")

# %%
# Why one test post was classified as it was
# ------------------------------------------
doc = posts[test][3]
explained = document_contributions(clf, vec, [doc], n=6)
print(f"\npost predicted as {str(pipe.predict([doc])[0])!r} (true: {str(labels[test][3])!r}); "
      "its largest contributions:")
print(explained[["term", "value", "coef", "contribution"]].round(3).to_string(index=False))

# %%
# Ship a compact pipeline
# -----------------------
small = compact(pipe)
same = np.array_equal(small.predict(posts[test]), pipe.predict(posts[test]))
size, small_size = len(pickle.dumps(pipe)), len(pickle.dumps(small))
print(f"\ncompact pipeline: {len(small[0].vocabulary_)} terms instead of "
      f"{len(vec.vocabulary_)}, {small_size / 1e3:.0f} kB instead of {size / 1e3:.0f} kB "
      f"pickled; identical test predictions: {same}")
assert same
