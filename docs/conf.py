"""Sphinx configuration for the sparselearn documentation.

Build with ``python -m pip install ".[docs]" && python -m sphinx -b html docs docs/_build/html``
from the repository root.
"""

import os
import sys
from datetime import date

# document the working tree, not an older installed copy
sys.path.insert(0, os.path.abspath(".."))

import sparselearn  # noqa: E402

project = "sparselearn"
author = "The sparselearn developers"
copyright = f"{date.today().year}, {author}"
release = sparselearn.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
root_doc = "index"
language = "en"

# -- autodoc / autosummary / numpydoc ------------------------------------------
autosummary_generate = True
# members are listed explicitly by _templates/class.rst (fit, predict, ...), not
# everything scikit-learn adds to an estimator class (set_fit_request, ...)
autodoc_default_options = {}
autodoc_typehints = "none"  # numpydoc docstrings already give the types
numpydoc_show_class_members = False  # autosummary lists the methods
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "numpy": ("https://numpy.org/doc/stable/", None),
    "scipy": ("https://docs.scipy.org/doc/scipy/", None),
    "sklearn": ("https://scikit-learn.org/stable/", None),
    "pandas": ("https://pandas.pydata.org/docs/", None),
}
if os.environ.get("SPARSELEARN_DOCS_OFFLINE"):  # no network: skip the inventories
    intersphinx_mapping = {}

# -- examples gallery ------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": ["../examples"],
    "gallery_dirs": ["auto_examples"],
    "filename_pattern": r"/plot_",  # only plot_*.py scripts are executed
    "ignore_pattern": r"(^|[/\\])_\w*\.py$",  # __init__.py and helpers (_shared_data.py)
    "download_all_examples": False,
    "remove_config_comments": True,
    "matplotlib_animations": False,
}

# -- HTML ------------------------------------------------------------------------
html_theme = "alabaster"
html_title = f"sparselearn {release}"
html_static_path = []
