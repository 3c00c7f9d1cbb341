"""The reconcile stage: from the claims of a question to an estimate with its range."""

from corroborate.reconcile.questions import Estimate, Figure, median_estimate

__all__ = ["Estimate", "Figure", "median_estimate"]
