"""Reading fitted sparse models: terms, contributions and coefficient reports."""

from ._report import CoefReport, coef_report
from ._text import document_contributions, top_terms

__all__ = ["CoefReport", "coef_report", "document_contributions", "top_terms"]
