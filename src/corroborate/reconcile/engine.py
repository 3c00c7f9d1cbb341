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
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

HORIZON = timedelta(days=45)  # a source's figure older than this no longer speaks for now
ECHO_WINDOW = timedelta(days=7)
AGREE = 1.15  # figures within 15% of each other agree
IMPLAUSIBLE = 3.0  # a figure 3x off a well-supported estimate is improbable
WELL_SUPPORTED = 3  # independent sources behind an estimate before it can overrule a claim
DOUBTFUL = 1.5
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
    when: date | None = None  # as_of, else the document's date
    published: date | None = None
    source_kind: str = "other"
    grade: str | None = None
    sentence: str = ""
    document_id: int = 0
    hedged: bool = False

    @property
    def point(self) -> float | None:
        if self.value is not None:
            return self.value
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.low if self.low is not None else self.high

    @property
    def is_point(self) -> bool:
        return self.qualifier in POINT_QUALIFIERS and (self.point or 0) > 0

    @property
    def is_forecast(self) -> bool:
        return bool(self.when and self.published and self.when > self.published)


@dataclass(slots=True)
class Judgement:
    """What the engine concludes about one claim."""

    claim_id: int
    echo_of: int | None = None
    weight: float = 0.0
    credibility: int = 6
    reason: str = ""
    flag: str | None = None


@dataclass(slots=True)
class WindowEstimate:
    when: date | None
    value: float
    low: float
    high: float
    n_sources: int


@dataclass(slots=True)
class QuestionResult:
    question_id: int
    current: WindowEstimate | None
    timeline: list[WindowEstimate] = field(default_factory=list)
    n_independent: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "timeline": [
                {"date": w.when.isoformat() if w.when else None, "estimate": w.value,
                 "low": w.low, "high": w.high, "n_sources": w.n_sources}
                for w in self.timeline
            ]
        }  # fmt: skip


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
    by_source: dict[tuple[int, str], list[Evidence]] = defaultdict(list)
    for item in ordered:
        shape = (item.question_id, _sentence_shape(item.sentence, item.point))
        first = by_sentence.get(shape)
        if first is not None and first.document_id != item.document_id:
            echo_of[item.claim_id] = echo_of.get(first.claim_id, first.claim_id)
            continue
        by_sentence.setdefault(shape, item)
        for earlier in by_source[(item.question_id, item.source)]:
            if _same_report(earlier, item):
                echo_of[item.claim_id] = echo_of.get(earlier.claim_id, earlier.claim_id)
                break
        else:
            by_source[(item.question_id, item.source)].append(item)
    _unnamed_echoes(ordered, echo_of)
    return echo_of


def _unnamed_echoes(ordered: Sequence[Evidence], echo_of: dict[int, int]) -> None:
    named = [e for e in ordered if e.source_kind not in UNNAMED and e.claim_id not in echo_of]
    for item in ordered:
        if item.source_kind not in UNNAMED or item.claim_id in echo_of:
            continue
        for original in named:
            if original.question_id == item.question_id and _same_report(original, item):
                echo_of[item.claim_id] = original.claim_id
                break


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
    originals: Sequence[Evidence], iterations: int = 8
) -> tuple[dict[str, float], dict[int, float]]:
    """Source weights and per-question consensus, jointly (CRH-style, on a log scale).

    Each round: per question and fortnight, the weighted median of log figures; per
    source, the mean absolute log-error against those medians; the weight is the prior times
    ``1 / (0.1 + error)``, so a source that is often off by 2x weighs about a seventh of
    one that agrees. Sources with a single claim move little from their prior (the error
    is shrunk towards the average error by ``n / (n + 2)``, after CATD's caution about
    sparse sources).
    """
    points = [e for e in originals if e.is_point]
    priors = {e.source: prior_weight(e) for e in points}
    weights = dict(priors)
    consensus: dict[int, float] = {}
    by_question: dict[int, list[Evidence]] = defaultdict(list)
    for item in points:
        by_question[item.question_id].append(item)
    for _ in range(iterations):
        consensus = {
            q: weighted_median(
                [math.log(e.point) for e in items], [weights[e.source] for e in items]
            )  # type: ignore[arg-type]
            for q, items in by_question.items()
        }
        errors: dict[str, list[float]] = defaultdict(list)
        for item in points:
            if len(by_question[item.question_id]) > 1:
                errors[item.source].append(abs(math.log(item.point) - consensus[item.question_id]))  # type: ignore[arg-type]
        average = _mean([x for errs in errors.values() for x in errs]) or 0.3
        for source, prior in priors.items():
            errs = errors.get(source, [])
            shrink = len(errs) / (len(errs) + 2)
            error = shrink * _mean(errs) + (1 - shrink) * average if errs else average
            weights[source] = prior / (0.1 + error)
    top = max(weights.values(), default=1.0)
    return {s: w / top for s, w in weights.items()}, consensus


def _object(item: Evidence) -> tuple[int, int]:
    """What a figure is a value of: its question in one fortnight (a figure that grows
    over months is not an error), undated figures on their own."""
    fortnight = item.when.toordinal() // 14 if item.when else -1
    return (item.question_id, fortnight)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    return weighted_quantile(values, weights, 0.5)


def weighted_quantile(values: Sequence[float], weights: Sequence[float], q: float) -> float:
    pairs = sorted(zip(values, weights, strict=True))
    total = sum(w for _, w in pairs)
    if total <= 0:
        return pairs[len(pairs) // 2][0]
    running = 0.0
    for value, weight in pairs:
        running += weight
        if running >= q * total - 1e-12:
            return value
    return pairs[-1][0]


# -- estimates over time ----------------------------------------------------------------


def estimate_at(
    items: Sequence[Evidence], weights: dict[str, float], when: date | None
) -> WindowEstimate | None:
    """Each source's latest figures up to ``when`` (within HORIZON), weighed.

    A source speaks once: when it gave several figures on its latest day ("11,000 in
    all, a first group of 2,600"), its weight is shared between them.
    """
    latest: dict[str, list[Evidence]] = {}
    for item in items:
        if not item.is_point or item.is_forecast or not _speaks_for(item, when):
            continue
        current = latest.get(item.source)
        newest = current[0].when or date.min if current else None
        if current is None or (item.when or date.min) > newest:  # type: ignore[operator]
            latest[item.source] = [item]
        elif (item.when or date.min) == newest:
            current.append(item)
    if not latest:
        return None
    logs, w = [], []
    for source, figures in latest.items():
        for item in figures:
            logs.append(math.log(item.point))  # type: ignore[arg-type]
            w.append(weights.get(source, DEFAULT_PRIOR) / len(figures))
    value = math.exp(weighted_median(logs, w))
    low = math.exp(weighted_quantile(logs, w, 0.2))
    high = math.exp(weighted_quantile(logs, w, 0.8))
    return WindowEstimate(when, _round(value), _round(low), _round(high), len(latest))


def estimate_around(
    items: Sequence[Evidence], weights: dict[str, float], when: date | None
) -> WindowEstimate | None:
    """What the other sources said around ``when`` (each source's figure nearest in time,
    before or after, within HORIZON): the yardstick a claim is judged by."""
    if when is None:
        return estimate_at(items, weights, None)
    nearest: dict[str, Evidence] = {}
    for item in items:
        if item.is_forecast or item.when is None or abs(item.when - when) > HORIZON:
            continue
        current = nearest.get(item.source)
        if current is None or abs(item.when - when) < abs(current.when - when):  # type: ignore[operator]
            nearest[item.source] = item
    return estimate_at(list(nearest.values()), weights, None)


def _speaks_for(item: Evidence, when: date | None) -> bool:
    """A figure speaks for a date from the day it was stated until HORIZON after."""
    if when is None or item.when is None:
        return True
    return item.when <= when and when - item.when <= HORIZON


def _round(x: float) -> float:
    """Figures back to the precision they were stated in (logs add float dust)."""
    return float(f"{x:.6g}")


# -- judging claims ---------------------------------------------------------------------


def judge(
    item: Evidence,
    others: Sequence[Evidence],
    weights: dict[str, float],
) -> Judgement:
    """Credibility 1-6 with its reason, and a flag for what is implausible."""
    judgement = Judgement(item.claim_id, weight=weights.get(item.source, 0.0))
    independent = [o for o in others if o.source != item.source and o.is_point]
    reference = estimate_around(independent, weights, item.when)
    if item.point is None or reference is None or reference.n_sources == 0:
        judgement.reason = "no independent figure to compare with"
        return judgement
    ratio = item.point / reference.value
    off = max(ratio, 1 / ratio) if ratio > 0 else math.inf
    agreeing = {o.source for o in independent if _agrees(o, item) and _can_confirm(o)}
    support = f"the estimate of {_figure(reference.value)} from {_sources(reference.n_sources)}"
    if not item.is_point:
        return _judge_bound(judgement, item, reference.value, support)
    if agreeing:
        judgement.credibility = 1
        judgement.reason = (
            f"confirmed by {_sources(len(agreeing))} ({', '.join(sorted(agreeing)[:3])})"
        )
    elif off >= IMPLAUSIBLE and ratio < 1:
        # A low figure is often an early or partial count (a first batch), not an error.
        judgement.credibility = 4
        judgement.reason = (
            f"{_figure(item.point)} is {_times(off, ratio)} {support}; "
            "it may count an earlier stage or a part"
        )
    elif off >= IMPLAUSIBLE and reference.n_sources >= WELL_SUPPORTED:
        judgement.credibility = 5
        judgement.reason = f"{_figure(item.point)} is {_times(off, ratio)} {support}"
        alone = f"; its only source is {item.source}"
        low_grade = prior_weight(item) <= KIND_PRIOR["social"]
        judgement.flag = judgement.reason + alone + (" (a low-grade source)" if low_grade else "")
        judgement.reason = judgement.flag
    elif off >= DOUBTFUL:
        judgement.credibility = 4
        judgement.reason = f"{_figure(item.point)} is {_times(off, ratio)} {support}"
    else:
        judgement.credibility = 2 if weights.get(item.source, 0) >= 0.5 else 3
        judgement.reason = f"close to {support}, not confirmed independently"
    return judgement


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


def _agrees(other: Evidence, item: Evidence) -> bool:
    if other.point is None or item.point is None:
        return False
    ratio = other.point / item.point
    near_in_time = other.when is None or item.when is None or abs(other.when - item.when) <= HORIZON
    return near_in_time and 1 / AGREE <= ratio <= AGREE


def _figure(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 10 else f"{x:,.3g}"


def _sources(n: int) -> str:
    return f"{n} independent source" + ("s" if n != 1 else "")


def _times(off: float, ratio: float) -> str:
    return f"{off:.0f}x" if ratio >= 1 else f"1/{off:.0f} of"


# -- the whole job ----------------------------------------------------------------------


def reconcile(evidence: Iterable[Evidence]) -> Reconciliation:
    items = list(evidence)
    echo_of = find_echoes(items)
    originals = [e for e in items if e.claim_id not in echo_of]
    reliability, _ = learn_reliability(originals)
    by_question: dict[int, list[Evidence]] = defaultdict(list)
    for item in originals:
        by_question[item.question_id].append(item)
    claims: dict[int, Judgement] = {}
    questions: dict[int, QuestionResult] = {}
    for question_id, group in by_question.items():
        questions[question_id] = _question(question_id, group, reliability)
        for item in group:
            others = [o for o in group if o.claim_id != item.claim_id]
            claims[item.claim_id] = judge(item, others, reliability)
    for item in items:
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
    return Reconciliation(questions, claims, reliability)


def _question(question_id: int, group: list[Evidence], weights: dict[str, float]) -> QuestionResult:
    dates = sorted({e.when for e in group if e.when is not None})
    timeline = [w for d in dates if (w := estimate_at(group, weights, d)) is not None]
    current = timeline[-1] if timeline else estimate_at(group, weights, None)
    sources = {e.source for e in group}
    return QuestionResult(question_id, current, timeline, len(sources))
