"""Reading fitted sparse models: terms, contributions and coefficient reports."""

from ._text import document_contributions, top_terms

__all__ = ["document_contributions", "top_terms"]
