"""The reconcile stage: from the claims of each question to an estimate with its band.

``engine`` judges claims question by question (echoes, time, credibility, flags);
``truth`` is the vectorised truth discovery it learns source reliability with, also
usable on any table of conflicting values through ``fuse``.
"""

from corroborate.reconcile.engine import Evidence, Reconciliation, reconcile

__all__ = ["Evidence", "Reconciliation", "reconcile"]
