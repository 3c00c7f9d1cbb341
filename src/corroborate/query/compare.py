"""How a figure sits against an estimate, as listings, pages and exports judge it."""

from __future__ import annotations

import math
from typing import Any

from corroborate.reconcile.engine import IMPLAUSIBLE

# Within this share of the estimate a figure "agrees" with it.
AGREE_SHARE = 0.25
# A figure this many times off the estimate (either way) is far off: the engine's line.
OUTLIER_RATIO = IMPLAUSIBLE


def point(claim: dict[str, Any]) -> float | None:
    """A claim's point value: its figure, or the middle of its range."""
    if claim.get("value") is not None:
        return float(claim["value"])
    low, high = claim.get("low"), claim.get("high")
    if low is not None and high is not None:
        return float(low + high) / 2
    return low if low is not None else high


def near(value: float | None, estimate: float) -> bool:
    """Within ``AGREE_SHARE`` of the estimate."""
    return value is not None and estimate > 0 and abs(value - estimate) <= AGREE_SHARE * estimate


def is_outlier(value: float | None, estimate: float | None) -> bool:
    """``OUTLIER_RATIO`` times off the estimate or more, either way."""
    if value is None or not estimate or value <= 0 or estimate <= 0:
        return False
    return abs(math.log(value / estimate)) > math.log(OUTLIER_RATIO)
