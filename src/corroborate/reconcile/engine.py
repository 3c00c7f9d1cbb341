"""Reconciling the claims of each question the way a careful analyst would.

For every question the engine
1. collapses **echoes**: the same source repeating the same figure within a week, and the
   same sentence carried by several outlets, count once (the earliest is the original);
2. learns **source reliability** jointly across all questions (truth discovery: a
   source's weight falls with its log-error against the current estimates; an analyst's
   Admiralty grade and the kind of source give the prior);
3. follows **time**: the estimate at a date uses each source's latest figure up to that
   date (within ``HORIZON``), so a deployment of 1,500 that grows to 11,000 is a timeline,
   not one number averaged over months; forecasts ("up to 10,000 by December") are shown
   but not weighed;
4. grades each claim on the Admiralty credibility scale (1 confirmed ... 5 improbable,
   6 cannot be judged) and **flags** the implausible with a reason in words.

Pure functions over plain records: the store reads and writes them (``analysis.py``).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from corroborate.reconcile.truth import discover

HORIZON = timedelta(days=45)  # a source's figure older than this no longer speaks for now
ONE_DAY = timedelta(days=1)  # ... and a crowd's, which counts one day's event
FORTNIGHT = 14  # days: the grain of the yardstick claims are judged by
PARTIAL = 0.25  # the weight kept by a figure that likely counts a part or an early stage
HALF_LIFE = timedelta(days=14)  # how fast an older figure's say in today's estimate fades
MANY_SOURCES = 20
ECHO_WINDOW = timedelta(days=7)
AGREE = 1.15  # figures within 15% of each other agree
IMPLAUSIBLE = 3.0  # a figure 3x off a well-supported estimate is improbable
FAR = 10.0  # ... even from a named source, when it is this far off
WELL_SUPPORTED = 3  # independent sources behind an estimate before it can overrule a claim
DOUBTFUL = 1.5
MINOR_CAMP = 0.1  # a camp with less than this share of the weight is an outlier, not a camp
POINT_QUALIFIERS = ("exact", "approx", "range", "up_to")  # at_least/at_most are bounds

GRADE_PRIOR = {"A": 1.0, "B": 0.85, "C": 0.6, "D": 0.35, "E": 0.15, "F": 0.5}
KIND_PRIOR = {"social": 0.15, "rumour": 0.15, "author": 0.4, "media": 0.5}
DEFAULT_PRIOR = 0.6
UNNAMED = ("author", "other")  # voices that may be restating someone else's figure


@dataclass(frozen=True, slots=True)
class Evidence:
    """One claim as the engine sees it."""

    claim_id: int
    question_id: int
    source: str
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    kind: str = "total"  # "planned" figures are forecasts: shown, never weighed as the present
    when: date | None = None  # as_of, else the document's date
    dated: bool = False  # the text itself dates the figure (an as_of was stated)
    published: date | None = None
    source_kind: str = "other"
    grade: str | None = None
    sentence: str = ""
    document_id: int = 0
    hedged: bool = False

    point: float | None = field(init=False, default=None)  # value, or a range's middle

    def __post_init__(self) -> None:
        point: float | None
        if self.value is not None:
            point = self.value
        elif self.low is not None and self.high is not None:
            point = (self.low + self.high) / 2
        else:
            point = self.low if self.low is not None else self.high
        object.__setattr__(self, "point", point)

    @property
    def is_point(self) -> bool:
        return self.qualifier in POINT_QUALIFIERS and (self.point or 0) > 0

    @property
    def is_count(self) -> bool:
        """A figure an estimate can rest on: a point, or "at least N", which is how a
        running count is reported ("at least 5,000 dead": the count so far). It is still
        judged as a bound."""
        return self.is_point or (self.qualifier == "at_least" and (self.point or 0) > 0)

    @property
    def is_forecast(self) -> bool:
        if self.kind == "planned":
            return True
        return bool(self.when and self.published and self.when > self.published)


CREDIBILITY = {  # NATO Admiralty information credibility, as the engine grades claims
    1: "confirmed",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "cannot be judged",
}


@dataclass(slots=True)
class Judgement:
    """What the engine concludes about one claim."""

    claim_id: int
    echo_of: int | None = None
    weight: float = 0.0
    credibility: int = 6
    reason: str = ""
    flag: str | None = None
    partial: bool = False  # likely counts a part or an earlier stage


@dataclass(slots=True)
class WindowEstimate:
    when: date | None
    value: float
    low: float
    high: float
    n_sources: int


@dataclass(slots=True)
class Camp:
    """Sources whose current figures agree with each other (within DOUBTFUL) and not with
    another camp's: the police's crowd figure against the organisers'."""

    value: float
    low: float
    high: float
    sources: list[str]
    weight: float  # its share of the weight behind the estimate, 0-1
    followed: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"value": self.value, "low": self.low, "high": self.high,
                "sources": self.sources, "weight": round(self.weight, 3),
                "followed": self.followed}  # fmt: skip


@dataclass(slots=True)
class QuestionResult:
    question_id: int
    current: WindowEstimate | None
    timeline: list[WindowEstimate] = field(default_factory=list)
    n_independent: int = 0
    n_claims: int = 0  # echoes included
    camps: list[Camp] = field(default_factory=list)  # when the sources split, else []
    derived: list[dict[str, object]] = field(default_factory=list)  # totals from increments

    def as_dict(self) -> dict[str, object]:
        return {
            "timeline": [
                {"date": w.when.isoformat() if w.when else None, "estimate": w.value,
                 "low": w.low, "high": w.high, "n_sources": w.n_sources}
                for w in self.timeline
            ],
            "camps": [camp.as_dict() for camp in self.camps],
            "follows": follows(self.camps),
            "derived": self.derived,
        }  # fmt: skip


def follows(camps: Sequence[Camp]) -> str | None:
    """Which camp the estimate follows and why, in words; None when sources do not split."""
    chosen = next((c for c in camps if c.followed), None)
    if chosen is None:
        return None
    others = "; ".join(
        f"{_figure(c.value)} from {_names(c.sources)} ({c.weight:.0%} of the weight)"
        for c in camps if not c.followed
    )  # fmt: skip
    return (
        f"The sources split. The estimate follows {_figure(chosen.value)} from "
        f"{_names(chosen.sources)}, which carry {chosen.weight:.0%} of the weight (more, more "
        f"reliable or more recent sources); against it: {others}."
    )


def _names(sources: Sequence[str]) -> str:
    shown = ", ".join(sources[:3])
    return shown + (f" and {len(sources) - 3} more" if len(sources) > 3 else "")


def find_camps(
    view: dict[str, list[Evidence]],
    weights: dict[str, float],
    estimate: float | None,
    discount: dict[int, float] | None = None,
) -> list[Camp]:
    """The camps of the sources' current figures: each source's figure (its weighted
    median) in log order, a new camp where the next figure is more than DOUBTFUL above
    the last. Fewer than two camps is no split: []."""
    figures = []
    for source, items in view.items():
        values = [math.log(e.point) for e in items if e.point]
        if not values:
            continue
        share = [discount.get(e.claim_id, 1.0) if discount else 1.0 for e in items if e.point]
        weight = weights.get(source, DEFAULT_PRIOR) * sum(share) / len(share)
        figures.append((weighted_median(values, share), source, weight))
    figures.sort()
    groups: list[list[tuple[float, str, float]]] = []
    for figure in figures:
        if groups and figure[0] - groups[-1][-1][0] <= math.log(DOUBTFUL):
            groups[-1].append(figure)
        else:
            groups.append([figure])
    total = sum(w for _, _, w in figures) or 1.0
    groups = [g for g in groups if sum(w for *_, w in g) / total >= MINOR_CAMP]
    if len(groups) < 2:
        return []
    camps = []
    for group in groups:
        logs, weights_ = [f[0] for f in group], [f[2] for f in group]
        camps.append(Camp(
            value=_round(math.exp(weighted_median(logs, weights_))),
            low=_round(math.exp(min(logs))),
            high=_round(math.exp(max(logs))),
            sources=[f[1] for f in sorted(group, key=lambda f: -f[2])],
            weight=sum(weights_) / total,
        ))  # fmt: skip
    if estimate:
        closest = min(camps, key=lambda c: abs(math.log(c.value) - math.log(estimate)))
        closest.followed = True
    return camps


@dataclass(slots=True)
class Reconciliation:
    questions: dict[int, QuestionResult]
    claims: dict[int, Judgement]
    reliability: dict[str, float]


# -- echoes -----------------------------------------------------------------------------


def find_echoes(evidence: Sequence[Evidence]) -> dict[int, int]:
    """Map each echoing claim to its original (the earliest report of it).

    Three kinds of echo: the same sentence carried by another outlet (wire copy); the same
    source repeating the same figure within ECHO_WINDOW; and an outlet stating, in its own
    voice or through an unnamed voice, the figure a named source gave within ECHO_WINDOW
    ("about 3,000 troops have been sent", days after the agency said 3,000).
    """
    ordered = sorted(evidence, key=lambda e: (e.when or date.max, e.claim_id))
    echo_of: dict[int, int] = {}
    by_sentence: dict[tuple[int, str], Evidence] = {}
    # The latest original of each source and figure.
    by_source: dict[tuple[str, int, str, float | None], Evidence] = {}
    for item in ordered:
        shape = (item.question_id, _sentence_shape(item.sentence, item.point))
        first = by_sentence.setdefault(shape, item)
        if first is not item and first.document_id != item.document_id:
            echo_of[item.claim_id] = echo_of.get(first.claim_id, first.claim_id)
            continue
        key = (item.source, *_figure_key(item))
        earlier = by_source.get(key)
        if earlier is not None and _same_report(earlier, item):
            echo_of[item.claim_id] = echo_of.get(earlier.claim_id, earlier.claim_id)
        else:
            by_source[key] = item
    _unnamed_echoes(ordered, echo_of)
    return {claim: _root(claim, echo_of) for claim in echo_of}


def _root(claim: int, echo_of: dict[int, int]) -> int:
    """The original at the end of a chain of echoes (a wire copy of a restatement)."""
    seen = {claim}
    while claim in echo_of and echo_of[claim] not in seen:
        claim = echo_of[claim]
        seen.add(claim)
    return claim


FigureKey = tuple[int, str, float | None]  # question, qualifier, value to three digits


def _figure_key(item: Evidence) -> FigureKey:
    """Figures that may be the same report: same question, qualifier and value (to three
    significant digits)."""
    point = float(f"{item.point:.3g}") if item.point is not None else None
    return (item.question_id, item.qualifier, point)


def _unnamed_echoes(ordered: Sequence[Evidence], echo_of: dict[int, int]) -> None:
    named: dict[FigureKey, list[Evidence]] = defaultdict(list)
    for item in ordered:
        if item.source_kind not in UNNAMED and item.claim_id not in echo_of:
            named[_figure_key(item)].append(item)
    for item in ordered:
        if item.source_kind in UNNAMED and item.claim_id not in echo_of:
            original = next((o for o in named[_figure_key(item)] if _same_report(o, item)), None)
            if original is not None:
                echo_of[item.claim_id] = original.claim_id


def _same_report(a: Evidence, b: Evidence) -> bool:
    if a.point is None or b.point is None or a.qualifier != b.qualifier:
        return False
    close_in_time = a.when is None or b.when is None or abs(b.when - a.when) <= ECHO_WINDOW
    return close_in_time and math.isclose(a.point, b.point, rel_tol=0.01)


def _sentence_shape(sentence: str, point: float | None) -> str:
    words = re.findall(r"[a-z]+", sentence.lower())
    return f"{point}:" + " ".join(words[:40])


# -- reliability ------------------------------------------------------------------------


def prior_weight(item: Evidence) -> float:
    if item.grade in GRADE_PRIOR:
        return GRADE_PRIOR[item.grade]
    return KIND_PRIOR.get(item.source_kind, DEFAULT_PRIOR)


def learn_reliability(
    originals: Sequence[Evidence], momentary: Collection[int] = frozenset()
) -> dict[str, float]:
    """Source weights learned jointly across all questions, 1 for the most reliable.

    The figures go to ``truth.discover`` (corroborate's truth-discovery method, measured
    against CRH, CATD and GTM in ``corroborate bench truth``) with *question x fortnight*
    as the objects, so that a figure that grows over months is not an error, and each
    source's analyst grade or kind as the prior.
    """
    points = [e for e in originals if e.is_point and not e.is_forecast]
    if not points:
        return {}
    # Numbered by name: ties in value are ordered by source number, never by arrival.
    sources = sorted({e.source for e in points})
    source_index = {name: i for i, name in enumerate(sources)}
    objects: dict[tuple[int, int], int] = {}
    object_idx = np.array(
        [
            objects.setdefault(
                _object(e, 1 if e.question_id in momentary else FORTNIGHT), len(objects)
            )
            for e in points
        ]
    )
    prior = np.ones(len(sources))
    for item in points:
        prior[source_index[item.source]] = prior_weight(item)
    result = discover(
        np.array([source_index[e.source] for e in points]),
        object_idx,
        np.array([e.point for e in points], dtype=float),
        "corroborate",
        prior=prior,
        n_sources=len(sources),
        n_objects=len(objects),
    )
    weights = np.nan_to_num(result.source_weight, nan=0.0)
    top = float(weights.max()) or 1.0
    return {name: float(weights[i]) / top for i, name in enumerate(sources)}


def _object(item: Evidence, grain: int = FORTNIGHT) -> tuple[int, int]:
    """What a figure is a value of: its question in one fortnight (a figure that grows
    over months is not an error) or, for a crowd, one day; undated figures on their own."""
    period = item.when.toordinal() // grain if item.when else -1
    return (item.question_id, period)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    return weighted_quantiles(values, weights, (0.5,))[0]


def weighted_quantile(values: Sequence[float], weights: Sequence[float], q: float) -> float:
    return weighted_quantiles(values, weights, (q,))[0]


def weighted_quantiles(
    values: Sequence[float], weights: Sequence[float], qs: Sequence[float]
) -> list[float]:
    """Weighted quantiles (ascending ``qs``) with one sort: the smallest value whose
    cumulative weight reaches q of the total."""
    pairs = sorted(zip(values, weights, strict=True))
    total = sum(w for _, w in pairs)
    if total <= 0:
        return [pairs[len(pairs) // 2][0] for _ in qs]
    out: list[float] = []
    running = 0.0
    targets = iter(qs)
    target = next(targets, None)
    for value, weight in pairs:
        running += weight
        while target is not None and running >= target * total - 1e-12:
            out.append(value)
            target = next(targets, None)
        if target is None:
            break
    out.extend(pairs[-1][0] for _ in range(len(qs) - len(out)))
    return out


# -- estimates over time ----------------------------------------------------------------


@dataclass(slots=True)
class Yardstick:
    """What every source had said by one date, and the figures that may confirm."""

    around: dict[str, list[Evidence]]
    everyone: WindowEstimate | None
    confirming: list[tuple[float, str]]  # (log figure, source), sorted

    def without(self, source: str, weights: dict[str, float]) -> WindowEstimate | None:
        """The estimate from the other sources. With many sources one source moves the
        weighted median little, so the shared estimate stands in for the exact one."""
        if source not in self.around:
            return self.everyone
        if len(self.around) > MANY_SOURCES and self.everyone is not None:
            e = self.everyone
            return WindowEstimate(e.when, e.value, e.low, e.high, e.n_sources - 1)
        others = {s: f for s, f in self.around.items() if s != source}
        return estimate_of(others, weights, self.everyone.when if self.everyone else None)

    def agreeing(self, item: Evidence, within: float = AGREE) -> list[str]:
        """Other sources with a figure within a factor ``within`` of the claim's."""
        log = math.log(item.point)  # type: ignore[arg-type]  # counts have a point (is_count)
        start = bisect_left(self.confirming, (log - math.log(within), ""))
        found = set()
        for value, source in self.confirming[start:]:
            if value > log + math.log(within):
                break
            if source != item.source:
                found.add(source)
        return sorted(found)


class Timeline:
    """One question's point figures, by source and date, for lookups in log time.

    Built once per question, so that judging every claim and estimating every date stay
    near-linear in the number of claims instead of quadratic.
    """

    def __init__(
        self,
        items: Iterable[Evidence],
        discount: dict[int, float] | None = None,
        horizon: timedelta = HORIZON,
    ) -> None:
        self.discount = discount or {}  # claim id -> weight multiplier
        # How long a figure speaks for: HORIZON for a count that lasts; a day for a crowd,
        # whose count is of one event (Tuesday's march is not Saturday's).
        self.horizon = horizon
        self.window = min(ECHO_WINDOW, horizon)  # a source's figures that make one view
        self.grain = max(1, min(FORTNIGHT, horizon.days))  # days judged by one yardstick
        self.dated: dict[str, list[Evidence]] = defaultdict(list)
        self.undated: dict[str, list[Evidence]] = defaultdict(list)
        for item in items:
            if item.is_count and not item.is_forecast:
                (self.dated if item.when else self.undated)[item.source].append(item)
        for figures in self.dated.values():
            figures.sort(key=lambda e: e.when)  # type: ignore[arg-type, return-value]  # dated figures only
        self.days = {s: [e.when.toordinal() for e in f] for s, f in self.dated.items()}  # type: ignore[union-attr]  # dated figures only
        self._around: dict[int, dict[str, list[Evidence]]] = {}
        self._yardsticks: dict[int | None, Yardstick] = {}

    def latest(self, when: date | None) -> dict[str, list[Evidence]]:
        """Each source's current view up to ``when``: its figures of the week before its
        latest (within HORIZON of ``when``). With no date, every source's latest view,
        undated figures included. A week, not a day: a source that gave its total on
        Friday and a first group's size on Sunday still stands by the total."""
        out: dict[str, list[Evidence]] = {}
        for source, figures in self.dated.items():
            end = (
                len(figures) if when is None else bisect_right(self.days[source], when.toordinal())
            )
            if end == 0:
                continue
            last = figures[end - 1].when
            if when is not None and when - last > self.horizon:  # type: ignore[operator]  # dated figures only
                continue
            out[source] = _current_view(figures, self.days[source], end, self.window)
        if when is None:
            for source, figures in self.undated.items():
                out.setdefault(source, figures)
        return out

    def around(self, when: date | None) -> dict[str, list[Evidence]]:
        """Each source's figures nearest in time to ``when``'s fortnight, before or after,
        within HORIZON: the yardstick a claim is judged by. Claims of one fortnight share
        it, which keeps judging linear in the number of claims."""
        if when is None:
            return self.latest(None)
        fortnight = when.toordinal() // self.grain
        if fortnight not in self._around:
            centre = fortnight * self.grain + self.grain // 2
            out: dict[str, list[Evidence]] = {}
            for source, figures in self.dated.items():
                index = _nearest(self.days[source], centre)
                if abs(self.days[source][index] - centre) <= self.horizon.days:
                    out[source] = _same_day(figures, index)
            for source, figures in self.undated.items():  # undated figures speak for any time
                out.setdefault(source, figures)
            self._around[fortnight] = out
        return self._around[fortnight]

    def yardstick(self, when: date | None, weights: dict[str, float]) -> Yardstick:
        """What a claim of ``when`` is judged by: the estimate *of its own date* (each
        source's view up to that day, undated figures beside them) for how far off it is,
        and every source's figures around that time, later ones included, for whether
        another source confirms it."""
        key = when.toordinal() if when else None
        if key not in self._yardsticks:
            around = self.around(when)
            confirming = sorted(
                (math.log(e.point), source)  # type: ignore[arg-type]  # counts have a point (is_count)
                for source, figures in around.items()
                for e in figures
                if _can_confirm(e)
            )
            then = self.latest(when)
            for source, figures in self.undated.items():
                then.setdefault(source, figures)
            self._yardsticks[key] = Yardstick(then, estimate_of(then, weights, when), confirming)
        return self._yardsticks[key]

    def history(
        self, weights: dict[str, float], running: bool = False, growing: bool = False
    ) -> list[WindowEstimate]:
        """The estimate on every day a figure was given, in one sweep through time.

        A ``growing`` count (troops sent, people killed) rises over time: a figure that a
        later firm figure of another source exceeds is an earlier stage, kept at PARTIAL
        weight. A ``running`` count (a death toll) only grows: on each day it is at least
        the highest firm figure given so far."""
        events = sorted(
            (e for figures in self.dated.values() for e in figures),
            key=lambda e: e.when,  # type: ignore[arg-type, return-value]  # dated figures only
        )
        current: dict[str, list[Evidence]] = {}
        steps: list[WindowEstimate] = []
        firm: list[float] = []  # the firm figures so far, for a running count's floor
        for index, item in enumerate(events):
            view = [e for e in current.get(item.source, []) if item.when - e.when <= self.window]  # type: ignore[operator]  # dated figures only
            current[item.source] = [*view, item]
            if running and _firm(item) and self.discount.get(item.claim_id, 1.0) == 1.0:
                firm.append(item.point or 0.0)
            if index + 1 < len(events) and events[index + 1].when == item.when:
                continue  # the day is not over
            day: date = item.when  # type: ignore[assignment]  # dated figures only
            recent = {s: f for s, f in current.items() if day - f[-1].when <= self.horizon}  # type: ignore[operator]  # dated figures only
            discount = self.discount
            stale: dict[int, float] = _superseded(recent) if growing else {}
            if stale:
                discount = {**discount, **stale}
            step = estimate_of(recent, weights, day, decay=True, discount=discount)
            if step is not None and stale:
                step = _band_without(step, recent, stale, weights, discount)
            # The floor is the highest firm figure within IMPLAUSIBLE of the day's estimate:
            # one misread figure must not lift the whole count.
            floor = max((p for p in firm if step and p <= step.value * IMPLAUSIBLE), default=0.0)
            if step is not None and step.value < floor:
                step = WindowEstimate(day, floor, step.low, max(step.high, floor), step.n_sources)
            if step is not None:
                steps.append(step)
        return steps


def _band_without(
    step: WindowEstimate,
    view: dict[str, list[Evidence]],
    stale: dict[int, float],
    weights: dict[str, float],
    discount: dict[int, float],
) -> WindowEstimate:
    """The band of a growing count from its current figures only: an earlier stage (a
    figure a later one exceeds) is no longer a credible figure for the day."""
    current = {
        s: kept for s, f in view.items() if (kept := [e for e in f if e.claim_id not in stale])
    }
    band = estimate_of(current, weights, step.when, decay=True, discount=discount)
    if band is None:
        return step
    return WindowEstimate(
        step.when, step.value, min(band.low, step.value), max(band.high, step.value), step.n_sources
    )


def _floor(step: WindowEstimate, running: bool) -> float:
    """The least a running count's estimate may be: what its dated figures reached."""
    return step.value if running else 0.0


def _firm(item: Evidence) -> bool:
    """A figure a count can stand on: a count, not a ceiling ("up to"), stated without
    hedging by a source above the low grades."""
    return (
        item.qualifier != "up_to" and not item.hedged and prior_weight(item) > KIND_PRIOR["social"]
    )


def _superseded(view: dict[str, list[Evidence]]) -> dict[int, float]:
    """The figures of ``view`` that a firm figure of another source, given on a later
    day, exceeds by more than AGREE: earlier stages of a count that grows, at PARTIAL
    weight."""
    by_day: dict[date, list[Evidence]] = defaultdict(list)
    for figures in view.values():
        for item in figures:
            if item.when is not None:  # an undated figure is no stage of anything
                by_day[item.when].append(item)
    out: dict[int, float] = {}
    later: dict[str, float] = {}  # each source's highest firm figure on a later day
    for day in sorted(by_day, reverse=True):
        for item in by_day[day]:
            highest = max((v for s, v in later.items() if s != item.source), default=0.0)
            if item.point and highest > item.point * AGREE:
                out[item.claim_id] = PARTIAL
        for item in by_day[day]:
            if _firm(item):
                later[item.source] = max(later.get(item.source, 0.0), item.point or 0.0)
    return out


def _nearest(days: list[int], day: int) -> int:
    index = bisect_left(days, day)
    if index == len(days) or (index > 0 and day - days[index - 1] <= days[index] - day):
        return index - 1
    return index


def _current_view(
    figures: list[Evidence], days: list[int], end: int, window: timedelta = ECHO_WINDOW
) -> list[Evidence]:
    """The figures of ``figures[:end]`` given within ``window`` of the last of them."""
    start = bisect_left(days, days[end - 1] - window.days, 0, end)
    return figures[start:end]


def _same_day(figures: list[Evidence], index: int) -> list[Evidence]:
    """The figure at ``index`` and those its source gave on the same day."""
    day = figures[index].when
    start = index
    while start > 0 and figures[start - 1].when == day:
        start -= 1
    end = index + 1
    while end < len(figures) and figures[end].when == day:
        end += 1
    return figures[start:end]


def estimate_of(
    figures: dict[str, list[Evidence]],
    weights: dict[str, float],
    when: date | None = None,
    *,
    decay: bool = False,
    discount: dict[int, float] | None = None,
) -> WindowEstimate | None:
    """The weighted median of the sources' figures, on a log scale (counts are
    heavy-tailed), with the 20th-80th weighted percentiles as the band. A source that gave
    several figures in its current view ("11,000 in all, a first group of 2,600") shares
    its weight between them: each source speaks once. With ``decay``, a figure's weight
    halves every HALF_LIFE before ``when``: in a situation that moves, last month's figure
    says less about today than yesterday's. ``discount`` scales single claims' weights."""
    logs, w = [], []
    for source, items in figures.items():
        for item in items:
            logs.append(math.log(item.point))  # type: ignore[arg-type]  # counts have a point (is_count)
            weight = weights.get(source, DEFAULT_PRIOR) / len(items)
            weight *= discount.get(item.claim_id, 1.0) if discount else 1.0
            if decay and when is not None and item.when is not None:
                weight *= 0.5 ** ((when - item.when).days / HALF_LIFE.days)
            w.append(weight)
    if not logs:
        return None
    low, value, high = (math.exp(x) for x in weighted_quantiles(logs, w, (0.2, 0.5, 0.8)))
    return WindowEstimate(when, _round(value), _round(low), _round(high), len(figures))


def estimate_at(
    items: Sequence[Evidence], weights: dict[str, float], when: date | None
) -> WindowEstimate | None:
    """The estimate as it stood on ``when``: each source's latest figures up to then."""
    return estimate_of(Timeline(items).latest(when), weights, when, decay=True)


def _round(x: float) -> float:
    """Figures back to the precision they were stated in (logs add float dust)."""
    return float(f"{x:.6g}")


# -- judging claims ---------------------------------------------------------------------


def judge(item: Evidence, timeline: Timeline, weights: dict[str, float]) -> Judgement:
    """Credibility 1-6 with its reason, and a flag for what is implausible."""
    judgement = Judgement(item.claim_id, weight=weights.get(item.source, 0.0))
    yardstick = timeline.yardstick(item.when, weights)
    reference = yardstick.without(item.source, weights)
    agreeing = yardstick.agreeing(item) if item.is_point else []
    if agreeing:  # another source says the same, before or after: confirmed
        judgement.credibility = 1
        judgement.reason = f"confirmed by {_sources(len(agreeing))} ({', '.join(agreeing[:3])})"
        return judgement
    if item.point is None or item.point <= 0 or reference is None or reference.n_sources == 0:
        judgement.reason = "no independent figure to compare with"
        return judgement
    ratio = item.point / reference.value
    off = max(ratio, 1 / ratio) if ratio > 0 else math.inf
    support = f"the estimate of {_figure(reference.value)} from {_sources(reference.n_sources)}"
    if not item.is_point:
        return _judge_bound(judgement, item, reference.value, support)
    if off >= IMPLAUSIBLE and ratio < 1:
        # A low figure is often an early or partial count (a first batch), not an error.
        judgement.credibility = 4
        judgement.partial = True
        judgement.reason = (
            f"{_figure(item.point)} is {_times(off, ratio)} {support}; "
            "it may count an earlier stage or a part"
        )
    elif off >= IMPLAUSIBLE and yardstick.agreeing(item, DOUBTFUL):
        # Another independent source says much the same: a camp, not an error.
        camp = yardstick.agreeing(item, DOUBTFUL)
        judgement.credibility = 4
        judgement.reason = (
            f"{_figure(item.point)} is {_times(off, ratio)} {support}, "
            f"but {', '.join(camp[:3])} {'say' if len(camp) > 1 else 'says'} much the same"
        )
    elif off >= IMPLAUSIBLE and _well_supported(item, off, reference.n_sources):
        judgement.credibility = 5
        low_grade = " (a low-grade source)" if prior_weight(item) <= KIND_PRIOR["social"] else ""
        judgement.flag = (
            f"{_figure(item.point)} is {_times(off, ratio)} {support}; "
            f"its only source is {item.source}{low_grade}"
        )
        judgement.reason = judgement.flag
    elif off >= DOUBTFUL:
        judgement.credibility = 4
        judgement.reason = f"{_figure(item.point)} is {_times(off, ratio)} {support}"
    else:
        judgement.credibility = 2 if weights.get(item.source, 0) >= 0.5 else 3
        judgement.reason = f"close to {support}, not confirmed independently"
    return judgement


def _well_supported(item: Evidence, off: float, n_sources: int) -> bool:
    """Whether the estimate a figure is far from is enough to set it aside: WELL_SUPPORTED
    independent sources, or two against a low-grade voice or a hedged figure."""
    if not _discountable(item, off):
        return False
    low_grade = prior_weight(item) <= KIND_PRIOR["author"] or item.hedged
    return n_sources >= (2 if low_grade else WELL_SUPPORTED)


def _discountable(item: Evidence, off: float) -> bool:
    """Whether a lone figure far from the rest may be set aside as improbable: when it
    comes from a low-grade voice (social media, an outlet's own or an unnamed voice) or
    is hedged; a named source's figure is only disputed, unless it is FAR off."""
    low_grade = prior_weight(item) <= KIND_PRIOR["author"]
    return low_grade or item.hedged or off >= FAR


def _judge_bound(judgement: Judgement, item: Evidence, estimate: float, support: str) -> Judgement:
    bound = item.point or 0.0
    holds = estimate >= bound / AGREE if item.qualifier == "at_least" else estimate <= bound * AGREE
    word = "at least" if item.qualifier == "at_least" else "at most"
    judgement.credibility = 2 if holds else 4
    verdict = "consistent with" if holds else "contradicted by"
    judgement.reason = f"'{word} {_figure(bound)}' is {verdict} {support}"
    return judgement


def _can_confirm(other: Evidence) -> bool:
    """Only an unhedged figure from a source above the low grades, speaking of a known
    date, confirms another."""
    return (
        other.when is not None and not other.hedged and prior_weight(other) > KIND_PRIOR["social"]
    )


def _figure(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 10 else f"{x:,.3g}"


def _sources(n: int) -> str:
    return f"{n} independent source" + ("s" if n != 1 else "")


def _times(off: float, ratio: float) -> str:
    return f"{off:.0f}x" if ratio >= 1 else f"1/{off:.0f} of"


# -- the whole job ----------------------------------------------------------------------


def derive_totals(
    increments: Sequence[Evidence], result: QuestionResult
) -> list[dict[str, object]]:
    """Totals an increment implies where no new total was stated: the total question's
    estimate before the increment plus the increment ("another 3,000" after 11,000 →
    14,000), shown as derived with the claims it comes from, never weighed."""
    derived = []
    for item in sorted(increments, key=lambda e: (e.when or date.max, e.claim_id)):
        if item.when is None or not item.point or item.is_forecast:
            continue
        before = [w for w in result.timeline if w.when is not None and w.when < item.when]
        stated = [w for w in result.timeline if w.when == item.when]
        if not before or stated:
            continue  # nothing to add to, or a total was stated that day
        base = before[-1]
        derived.append({
            "date": item.when.isoformat(),
            "estimate": _round(base.value + item.point),
            "from_estimate": base.value,
            "as_of": base.when.isoformat() if base.when else None,
            "increment_claim": item.claim_id,
            "source": item.source,
        })  # fmt: skip
    return derived


def reconcile(
    evidence: Iterable[Evidence],
    running: Collection[int] = frozenset(),
    growing: Collection[int] = frozenset(),
    increments_of: dict[int, int] | None = None,
    momentary: Collection[int] = frozenset(),
    reliability: dict[str, float] | None = None,
) -> Reconciliation:
    """Echoes, reliability, a judgement of every claim, and each question's estimates.
    ``growing``: the questions whose counts rise over time (troops sent, people killed);
    ``running``: those that are running tallies (death tolls), which only grow;
    ``increments_of``: each "how many more" question's total question, which shows the
    totals its increments imply (``derive_totals``); ``momentary``: the questions whose
    figures count one day's event (a crowd), which speak for that day only.
    ``reliability``: source weights learned earlier (an incremental pass reconciles a few
    questions with the weights of the last full pass); None learns them from ``evidence``.
    Echoes are found within a question, so a few questions reconcile on their own."""
    items = list(evidence)
    echo_of = find_echoes(items)
    originals = [e for e in items if e.claim_id not in echo_of]
    if reliability is None:
        reliability = learn_reliability(originals, momentary)
    by_question: dict[int, list[Evidence]] = defaultdict(list)
    for item in originals:
        by_question[item.question_id].append(item)
    claims: dict[int, Judgement] = {}
    questions: dict[int, QuestionResult] = {}
    for question_id, group in by_question.items():
        horizon = ONE_DAY if question_id in momentary else HORIZON
        timeline = Timeline(group, horizon=horizon)
        for item in group:
            claims[item.claim_id] = judge(item, timeline, reliability)
        # The estimate rests on credible figures: what was flagged improbable is shown,
        # with its reason, but weighs nothing; a figure that likely counts a part (a first
        # batch) weighs a quarter.
        credible = [e for e in group if claims[e.claim_id].flag is None]
        partial = {e.claim_id: PARTIAL for e in credible if claims[e.claim_id].partial}
        questions[question_id] = _question(
            question_id,
            group,
            Timeline(credible, partial, horizon),
            reliability,
            running=question_id in running,
            growing=question_id in growing,
        )
    for item in items:
        if item.question_id in questions:
            questions[item.question_id].n_claims += 1
        if item.claim_id in echo_of:
            original = claims[echo_of[item.claim_id]]
            claims[item.claim_id] = Judgement(
                item.claim_id,
                echo_of=echo_of[item.claim_id],
                weight=0.0,
                credibility=original.credibility,
                reason=f"echo of claim {echo_of[item.claim_id]}: counted once",
                flag=original.flag,
            )
    for more, total in (increments_of or {}).items():
        if more in by_question and total in questions:
            questions[total].derived = derive_totals(by_question[more], questions[total])
    return Reconciliation(questions, claims, reliability)


def _question(
    question_id: int,
    group: list[Evidence],
    timeline: Timeline,
    weights: dict[str, float],
    running: bool = False,
    growing: bool = False,
) -> QuestionResult:
    history = timeline.history(weights, running, growing)
    current = history[-1] if history else estimate_of(timeline.latest(None), weights)
    view = timeline.latest(current.when if current else None)
    undated = {s: f for s, f in timeline.undated.items() if s not in view}
    if history and undated:
        # Figures without a date speak for the present too, beside the dated ones, unless
        # their source has a dated view of its own.
        view = {**view, **undated}
        last = history[-1]
        now = estimate_of(view, weights, last.when, decay=True, discount=timeline.discount)
        current = now if now is None or now.value >= _floor(last, running) else last
    # An earlier stage of a count that grows is no camp: only current figures can split.
    stale = _superseded(view) if growing else {}
    current_view = {
        source: kept
        for source, figures in view.items()
        if (kept := [e for e in figures if e.claim_id not in stale])
    }
    camps = find_camps(current_view, weights, current.value if current else None, timeline.discount)
    return QuestionResult(question_id, current, history, len({e.source for e in group}), 0, camps)
