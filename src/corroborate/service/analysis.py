"""Linking and reconciling what is stored: questions from claims, the analyst's edits
replayed over them, and each question's estimate."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Row, Select, delete, exists, func, insert, select, update
from sqlalchemy.orm import Session

from corroborate.link.questions import (
    GROWING_COUNTS,
    MOMENTARY_COUNTS,
    RUNNING_COUNTS,
    QuestionKey,
    attach_unspecified,
    inherit_from_document,
    question_key,
)
from corroborate.reconcile.engine import Evidence, QuestionResult, Reconciliation, reconcile
from corroborate.records import AUTHOR
from corroborate.service.edits import replay
from corroborate.store.db import lock_for_relink
from corroborate.store.models import (
    ClaimRow,
    DocumentRow,
    EstimateRow,
    LinkKeyRow,
    PassRow,
    QuestionRow,
    ReliabilityRow,
    SourceRow,
)
from corroborate.store.repository import insert_ignoring

# A result row, or a query, of any columns (SQLAlchemy types each by its columns).
AnyRow = Row[*tuple[Any, ...]]
AnySelect = Select[*tuple[Any, ...]]


def refresh(engine: Engine) -> int:
    """The full pass: link every claim to its question, replay the analyst's question
    edits, learn source reliability over every claim and recompute each question's
    estimate. Returns the number of questions. ``corroborate.service.incremental.update`` does
    the same for new claims only, and must end where this does."""
    with Session(engine) as session:
        lock_for_relink(session)
        rows = _answers(session)
        own = own_keys(rows)
        _store_link_keys(session, rows, own)
        keys = attach_unspecified(own)
        # A figure that counts nothing a reader would ask about (a unit, page furniture)
        # answers no question.
        answered = [(row, key) for row, key in zip(rows, keys, strict=True) if key.counted]
        rows, keys = [row for row, _ in answered], [key for _, key in answered]
        question_ids = _upsert_questions(session, set(keys))
        links = _changed_links(session, [row.id for row in rows], [question_ids[k] for k in keys])
        if links:
            session.execute(update(ClaimRow), links)  # bulk UPDATE by primary key
        replay(session)
        linked = exists().where(ClaimRow.question_id == QuestionRow.id)
        session.execute(delete(QuestionRow).where(~linked))
        _reconcile(session)
        session.commit()
        return session.scalar(select(func.count()).select_from(QuestionRow)) or 0


def own_keys(rows: Sequence[AnyRow]) -> list[QuestionKey]:
    """Each answer's key as its own words and its article give it, before it joins a
    better-supported question: whole documents in, as a document's figures share what
    each leaves unsaid."""
    return inherit_from_document([_key(row) for row in rows], [row.document_id for row in rows])


def write_own_keys(
    session: Session, rows: Sequence[AnyRow], keys: list[QuestionKey], *where: Any
) -> None:
    """Each claim's own key ("" for a claim that answers none), written only where it
    changed, for the claims ``where`` selects (all of them without a condition)."""
    own = {row.id: key.text() for row, key in zip(rows, keys, strict=True)}
    stored = session.execute(select(ClaimRow.id, ClaimRow.link_key).where(*where))
    changed = [
        {"id": claim_id, "link_key": own.get(claim_id, "")}
        for claim_id, link_key in stored
        if link_key != own.get(claim_id, "")
    ]
    if changed:
        session.execute(update(ClaimRow), changed)  # bulk UPDATE by primary key


def _store_link_keys(session: Session, rows: Sequence[AnyRow], keys: list[QuestionKey]) -> None:
    """Each claim's own key and each key's support, rebuilt: what an incremental relink
    starts from."""
    write_own_keys(session, rows, keys)
    session.execute(delete(LinkKeyRow))
    support = Counter(keys)
    for chunk in chunks(sorted(support, key=QuestionKey.text), 2000):
        session.execute(insert(LinkKeyRow), [link_key_row(key, support[key]) for key in chunk])


def link_key_row(key: QuestionKey, support: int) -> dict[str, Any]:
    return {
        "key": key.text(),
        "owner": key.owner,
        "counted": key.counted,
        "event": key.event,
        "place": key.place,
        "period": key.period,
        "unit": key.unit,
        "kind": key.kind,
        "support": support,
    }


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """``items`` in slices of ``size``: IN lists and bulk inserts stay under the
    database's limit on bound parameters."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _key(row: AnyRow) -> QuestionKey:
    return question_key(
        day=row.as_of if row.as_of_precision == "day" else _day_published(row),
        counted=row.counted,
        owner=row.owner,
        event=row.event,
        place=row.place,
        period=row.period,
        unit=row.unit,
        sentence=row.sentence,
        event_class_given=row.event_class,
        counted_class_given=(row.extras or {}).get("counted_class"),
        kind=row.kind,
    )


def _day_published(row: AnyRow) -> date | None:
    """The article's day, when it gives one (a month or a year is no day)."""
    return row.published if row.published_precision in (None, "day") else None


def _changed_links(
    session: Session, claim_ids: list[int], question_ids: list[int]
) -> list[dict[str, int | None]]:
    """The claims whose question changes, with their new question (None for a claim that
    no longer answers one). Only those are written: a relink after a small ingest touches
    few rows, and on PostgreSQL every row written also re-indexes its text."""
    linked = select(ClaimRow.id, ClaimRow.question_id).where(ClaimRow.question_id.is_not(None))
    current: dict[int, int | None] = {
        claim_id: question_id for claim_id, question_id in session.execute(linked)
    }
    links: list[dict[str, int | None]] = []
    for claim_id, question_id in zip(claim_ids, question_ids, strict=True):
        if current.pop(claim_id, None) != question_id:
            links.append({"id": claim_id, "question_id": question_id})
    links += [{"id": claim_id, "question_id": None} for claim_id in current]
    return links


# Marks of the extractor on a claim that answers no question: a reference to things
# already named ("one of the"), a span of time, a vague amount ("thousands", "millions":
# shown with its claim, but no figure to weigh).
_NOT_AN_ANSWER = frozenset({"weak", "duration", "vague"})


def _answers(session: Session) -> list[AnyRow]:
    """The claims that answer a question: something counted, not a change ("rose by
    2,000"), not a span of time, not vague, and not marked weak by the extractor."""
    rows = session.execute(_answers_query()).all()
    return [r for r in rows if not _NOT_AN_ANSWER.intersection(r.extras or {})]


def _answers_query() -> AnySelect:
    return (
        select(
            ClaimRow.id,
            ClaimRow.document_id,
            ClaimRow.counted,
            ClaimRow.owner,
            ClaimRow.event,
            ClaimRow.event_class,
            ClaimRow.kind,
            ClaimRow.place,
            ClaimRow.period,
            ClaimRow.unit,
            ClaimRow.sentence,
            ClaimRow.extras,
            ClaimRow.as_of,
            ClaimRow.as_of_precision,
            DocumentRow.published,
            DocumentRow.published_precision,
        )
        .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        .where(
            ClaimRow.counted.is_not(None),
            ClaimRow.is_change.is_(False),
            ClaimRow.unit.is_(None),  # units, currencies and spans of time make no question
        )
    )


def _upsert_questions(session: Session, keys: set[QuestionKey]) -> dict[QuestionKey, int]:
    """Insert missing questions with ON CONFLICT, so two processes relinking at once
    agree on one row per key."""
    if keys:
        rows = [
            {
                "key": key.text(),
                "label": key.label(),
                "counted": key.counted,
                "owner": key.owner,
                "event": key.event,
                "place": key.place,
            }
            for key in sorted(keys, key=QuestionKey.text)
        ]
        for chunk in chunks(rows, 2000):  # bound parameters stay under SQLite's limit
            session.execute(insert_ignoring(session, QuestionRow).values(list(chunk)))
    ids: dict[str, int] = {}
    for chunk in chunks(sorted(key.text() for key in keys), 5000):
        found = select(QuestionRow.key, QuestionRow.id).where(QuestionRow.key.in_(chunk))
        ids.update(dict(session.execute(found).all()))
    return {key: ids[key.text()] for key in keys}


def _voice(source: str, outlet: str | None, document_id: int) -> str:
    """Unattributed claims are the outlet's own: each outlet's author is its own source."""
    if source != AUTHOR:
        return source
    return f"{outlet} (author)" if outlet else f"author of document {document_id}"


# What the reconcile engine concludes about each claim, as stored on the claim.
_JUDGEMENT = ("echo_of", "weight", "credibility", "credibility_reason", "flag")


def _reconcile(session: Session) -> None:
    """Run the reconcile engine over every linked claim and store its conclusions.
    Reliability is learned afresh and kept, with when, for the incremental passes until
    the next full one."""
    session.execute(delete(EstimateRow))
    rows = session.execute(judged_query()).all()
    evidence = [_evidence(row) for row in rows if row.status == "ok"]
    result = reconcile(evidence, **counts_over_time(session))
    store_judgements(session, rows, result)
    for source in session.scalars(select(SourceRow)):
        source.reliability = result.reliability.get(source.name)  # None for author voices
    _store_reliability(session, result.reliability, len(rows))


def judged_query() -> AnySelect:
    """The linked claims as the engine reads them, with the judgement stored on each."""
    return _evidence_query().add_columns(*(getattr(ClaimRow, name) for name in _JUDGEMENT))


def _store_reliability(session: Session, weights: dict[str, float], n_claims: int) -> None:
    session.execute(delete(ReliabilityRow))
    for chunk in chunks(sorted(weights.items()), 5000):
        session.execute(
            insert(ReliabilityRow), [{"voice": voice, "weight": w} for voice, w in chunk]
        )
    learned = PassRow(
        name="reliability", at=datetime.now(UTC).replace(tzinfo=None), claims=n_claims
    )
    session.merge(learned)


def reliability_learned(engine: Engine) -> dict[str, Any] | None:
    """When source reliability was last learned over every claim, and over how many;
    None before the first full pass."""
    with Session(engine) as session:
        row = session.get(PassRow, "reliability")
        if row is None:
            return None
        return {"at": row.at.isoformat(sep=" ", timespec="seconds"), "claims": row.claims}


def store_judgements(session: Session, rows: Sequence[AnyRow], result: Reconciliation) -> None:
    """Write the engine's conclusions about ``rows`` (claims with their stored
    judgement) and an estimate for each question reconciled; only the claims whose
    conclusions changed are written. The questions' old estimates must be gone."""
    n_claims: dict[int, int] = {}
    changed = []
    for row in rows:
        judgement = result.claims.get(row.id)
        values = {
            "echo_of": judgement.echo_of if judgement else None,
            "weight": judgement.weight if judgement else 0.0,
            "credibility": judgement.credibility if judgement else None,
            "credibility_reason": judgement.reason if judgement else f"marked {row.status}",
            "flag": judgement.flag if judgement else None,
        }
        if any(getattr(row, name) != values[name] for name in _JUDGEMENT):
            changed.append({"id": row.id, **values})
        n_claims[row.question_id] = n_claims.get(row.question_id, 0) + 1
    if changed:
        session.execute(update(ClaimRow), changed)  # bulk UPDATE by primary key
    for question_id, outcome in result.questions.items():
        current = outcome.current
        session.add(
            EstimateRow(
                question_id=question_id,
                method="corroborate",
                value=current.value if current else None,
                low=current.low if current else None,
                high=current.high if current else None,
                as_of=current.when if current else None,
                n_claims=n_claims.get(question_id, 0),
                n_sources=outcome.n_independent,
                timeline=outcome.as_dict(),
            )
        )


def counts_over_time(
    session: Session, question_ids: Collection[int] | None = None
) -> dict[str, Any]:
    """The questions whose counts grow over time (troops sent, people killed), and among
    them the running tallies that only grow (tolls of the killed, wounded, displaced ...)
    — totals only: increments, subsets and rates answer other questions — and each "how
    many more" question's total question. ``question_ids``: of those questions only."""
    query = select(QuestionRow.id, QuestionRow.event, QuestionRow.key)
    rows: list[AnyRow] = []
    if question_ids is None:
        rows = list(session.execute(query).all())
    else:
        for chunk in chunks(sorted(question_ids), 5000):
            rows += session.execute(query.where(QuestionRow.id.in_(chunk))).all()
    out: dict[str, Any] = {
        "running": set(),
        "growing": set(),
        "increments_of": {},
        "momentary": set(),
    }
    ids = {key: question_id for question_id, _, key in rows}
    for question_id, event, key in rows:
        if key.endswith("|increment") and key.removesuffix("|increment") in ids:
            out["increments_of"][question_id] = ids[key.removesuffix("|increment")]
        if key.endswith(("|increment", "|subset", "|other")):
            continue
        if event in MOMENTARY_COUNTS:
            out["momentary"].add(question_id)
        if event in RUNNING_COUNTS:
            out["running"].add(question_id)
        if event in GROWING_COUNTS:
            out["growing"].add(question_id)
    return out


def _evidence_query() -> AnySelect:
    return (
        select(
            ClaimRow.id,
            ClaimRow.question_id,
            ClaimRow.document_id,
            ClaimRow.value,
            ClaimRow.low,
            ClaimRow.high,
            ClaimRow.qualifier,
            ClaimRow.kind,
            ClaimRow.as_of,
            ClaimRow.as_of_precision,
            ClaimRow.sentence,
            ClaimRow.hedged,
            ClaimRow.status,
            SourceRow.name.label("source"),
            SourceRow.kind.label("source_kind"),
            SourceRow.grade,
            DocumentRow.published,
            DocumentRow.outlet,
        )
        .join(SourceRow, ClaimRow.source_id == SourceRow.id)
        .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
        .where(ClaimRow.question_id.is_not(None))
    )


def _evidence(row: AnyRow) -> Evidence:
    return Evidence(
        claim_id=row.id,
        question_id=row.question_id,
        source=_voice(row.source, row.outlet, row.document_id),
        value=row.value,
        low=row.low,
        high=row.high,
        qualifier=row.qualifier,
        kind=row.kind,
        when=placed_at(row.as_of, row.as_of_precision, row.published),
        dated=row.as_of is not None,
        published=row.published,
        source_kind=row.source_kind,
        grade=row.grade,
        sentence=row.sentence,
        document_id=row.document_id,
        hedged=row.hedged,
    )


def placed_at(as_of: date | None, precision: str | None, reported: date | None) -> date | None:
    """Where a claim sits in time: its ``as_of`` when stated, else the day it was reported.
    A month or a year is an interval: the claim sits at its end, or on the day it was
    reported if that comes first ("in October", reported on 25 October)."""
    if as_of is None:
        return reported
    end = interval_end(as_of, precision)
    if reported is not None and as_of <= reported < end:
        return reported
    return end


def interval_end(day: date, precision: str | None) -> date:
    """The last day of the month or year ``day`` opens, or ``day`` itself."""
    if precision == "year":
        return date(day.year, 12, 31)
    if precision == "month":
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return day


def known_by(item: Evidence, day: date) -> bool:
    """Whether a claim speaks for ``day``: its figure holds by then, and it was reported
    by then or, reported later, the text itself dates it on or before ``day`` ("in May,
    1,262 a day" in a July report speaks for 31 May; an undated figure of a July report
    does not)."""
    if item.when is None or item.when > day:
        return False
    return item.dated or item.published is None or item.published <= day


def estimates_as_of(
    engine: Engine, day: date, question_ids: Collection[int] | None = None
) -> dict[int, QuestionResult]:
    """Each question's estimate from the claims that speak for ``day`` only (see
    ``known_by``): echoes, reliability and flags are worked out again over those claims,
    so a later, undated report can neither confirm nor discredit an earlier one."""
    query = _evidence_query().where(ClaimRow.status == "ok")
    with Session(engine) as session:
        evidence = [_evidence(row) for row in session.execute(query)]
        over_time = counts_over_time(session)
    wanted = {item.question_id for item in evidence} if question_ids is None else set(question_ids)
    # Reliability is learned across questions, so every question's claims take part; only
    # the questions asked for are returned.
    kept = [item for item in evidence if known_by(item, day)]
    result = reconcile(kept, **over_time)
    return {qid: outcome for qid, outcome in result.questions.items() if qid in wanted}


def as_of_summary(outcome: QuestionResult) -> dict[str, Any]:
    """The keys of a question's estimate, from an as-of reconciliation."""
    current = outcome.current
    return {
        "estimate": current.value if current else None,
        "low": current.low if current else None,
        "high": current.high if current else None,
        "as_of": current.when.isoformat() if current and current.when else None,
        "n_sources": outcome.n_independent,
        "n_claims": outcome.n_claims,
        **outcome.as_dict(),  # timeline, camps, follows, derived
    }


def has_unlinked_claims(engine: Engine) -> bool:
    """Claims stored but never seen by the linker: a run killed after storing its last
    documents but before relinking them. Its rerun adds nothing and must relink all the
    same. (Claims that answer no question are seen too: they do not count.)"""
    linkable = select(ClaimRow.id).where(ClaimRow.link_key.is_(None)).limit(1)
    with engine.connect() as connection:
        return connection.scalar(linkable) is not None
