"""Command-line main job and reports.

``sparselearn`` (the console script) and ``python -m sparselearn`` both run
:func:`sparselearn.report._cli.main`. The ``fit`` sub-command (the default)
fits a Lasso or an elastic net on a CSV/Parquet file or on an embedded data
set and prints the solution and its certificates (objective, duality gap).
"""

from ._cli import main
from ._html import html_report, write_report

__all__ = ["html_report", "main", "write_report"]
