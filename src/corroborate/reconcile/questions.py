"""First estimate of a question: the median of its figures and the range they span.

Each claim contributes one point (its value, or the middle of its range); the interval is
the lowest and highest figure stated. The learned engine (``reconcile.truth``) refines this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median


@dataclass(frozen=True, slots=True)
class Figure:
    value: float | None
    low: float | None
    high: float | None
    source: str

    @property
    def point(self) -> float | None:
        if self.value is not None:
            return self.value
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.low if self.low is not None else self.high


@dataclass(frozen=True, slots=True)
class Estimate:
    method: str
    value: float | None
    low: float | None
    high: float | None
    n_claims: int
    n_sources: int


def median_estimate(figures: Sequence[Figure]) -> Estimate:
    points = [f.point for f in figures if f.point is not None]
    bounds = [b for f in figures for b in (f.value, f.low, f.high) if b is not None]
    return Estimate(
        method="median",
        value=median(points) if points else None,
        low=min(bounds) if bounds else None,
        high=max(bounds) if bounds else None,
        n_claims=len(figures),
        n_sources=len({f.source for f in figures}),
    )
