"""Reading fitted sparse models: terms, contributions and coefficient reports."""

from ._plot import CoefficientDisplay, CVDisplay, PathDisplay, StabilityDisplay
from ._report import CoefReport, coef_report
from ._text import document_contributions, top_terms

__all__ = ["CVDisplay", "CoefReport", "CoefficientDisplay", "PathDisplay", "StabilityDisplay",
           "coef_report", "document_contributions", "top_terms"]
