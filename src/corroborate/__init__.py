"""corroborate: a sourced, dated database of quantitative claims, reconciled."""

import os

__version__ = "0.1.0"

if os.environ.get("CORROBORATE_INTERPRETED") == "1":  # the extractor from its Python sources
    from corroborate.compiled import run_interpreted

    run_interpreted()
