"""corroborate: a sourced, dated database of quantitative claims, reconciled."""

__version__ = "0.1.0"
