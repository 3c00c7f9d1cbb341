"""The incremental pass: link and reconcile the claims stored since the last pass,
reading only what they can change.

A new claim's own key comes from its document alone (``own_keys``); which question it
joins (``attach``) depends on how many claims give each key that refines it, kept in
``link_keys``. A new key can sway only the keys it refines (``generalisations``), so only
the claims of those keys are re-decided. Echoes are found within a question, so only the
questions whose claims changed are reconciled, with the source reliability the last full
pass learned (``analysis.refresh``, ``corroborate reconcile --full``). The full pass is
the reference: a stream of incremental passes links exactly as it does, and estimates as
it does with the same reliability.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Engine, Select, delete, exists, func, insert, select, update
from sqlalchemy.orm import Mapped, Session

from corroborate.link.questions import QuestionKey, attach, generalisations
from corroborate.reconcile.engine import reconcile
from corroborate.service.analysis import (
    _NOT_AN_ANSWER,
    AnyRow,
    _answers_query,
    _evidence,
    _upsert_questions,
    chunks,
    counts_over_time,
    judged_query,
    link_key_row,
    own_keys,
    refresh,
    store_judgements,
)
from corroborate.service.edits import replay
from corroborate.store.db import lock_for_relink
from corroborate.store.models import (
    ClaimRow,
    EstimateRow,
    LinkKeyRow,
    PassRow,
    QuestionRow,
    ReliabilityRow,
)

# Beyond this many new claims in one pass a full pass is as cheap and relearns reliability.
FULL_PASS_ABOVE = 50_000


@dataclass
class PassReport:
    full: bool = False
    new_claims: int = 0
    keys_decided: int = 0  # stored keys whose question was decided again
    claims_moved: int = 0
    questions_reconciled: int = 0
    questions: int = 0  # questions stored after the pass (full passes only)
    seconds: float = 0.0


def update_new(engine: Engine) -> PassReport:
    """Link and reconcile the claims the linker has not seen. Nothing new: one indexed
    query and no per-claim work. A database no full pass has prepared (or a batch larger
    than ``FULL_PASS_ABOVE``) gets the full pass."""
    started = time.perf_counter()
    with Session(engine) as session:
        if not _has_unseen(session):
            return PassReport(seconds=time.perf_counter() - started)
        lock_for_relink(session)
        documents = _unseen_documents(session)
        if session.get(PassRow, "reliability") is None or len(documents) > FULL_PASS_ABOVE:
            session.rollback()
            return full_pass(engine, started)
        report, touched = _link_new(session, documents)
        _reconcile_questions(session, touched, report)
        session.commit()
    report.seconds = time.perf_counter() - started
    return report


def full_pass(engine: Engine, started: float | None = None) -> PassReport:
    begun = time.perf_counter() if started is None else started
    questions = refresh(engine)
    return PassReport(full=True, questions=questions, seconds=time.perf_counter() - begun)


def full_pass_if_due(engine: Engine, every: timedelta, now: datetime) -> PassReport | None:
    """The full pass, when source reliability was last learned ``every`` or longer before
    ``now`` (UTC) or never; else None. The time is read from the database, so a
    restarted ``watch`` keeps the schedule."""
    with Session(engine) as session:
        learned = session.get(PassRow, "reliability")
        if learned is not None and now.replace(tzinfo=None) - learned.at < every:
            return None
    return full_pass(engine)


def _has_unseen(session: Session) -> bool:
    return (
        session.scalar(select(ClaimRow.id).where(ClaimRow.link_key.is_(None)).limit(1)) is not None
    )


def _unseen_documents(session: Session) -> list[int]:
    unseen = select(ClaimRow.document_id).where(ClaimRow.link_key.is_(None)).distinct()
    return sorted(session.scalars(unseen))


class _Touched:
    """The questions whose claims changed, and the claims moved."""

    def __init__(self) -> None:
        self.questions: set[int] = set()
        self.moved: list[int] = []


def _link_new(session: Session, documents: list[int]) -> tuple[PassReport, set[int]]:
    report = PassReport()
    rows: list[AnyRow] = []
    for chunk in chunks(documents, 2000):
        rows += _answers_in(session, chunk)
    keys = own_keys(rows)
    report.new_claims = _mark_seen(session, documents, rows, keys)
    _add_support(session, Counter(keys))
    swayed = {general.text() for key in set(keys) for general in generalisations(key)}
    decided = _decide(session, swayed)
    report.keys_decided = len(decided)
    touched = _Touched()
    targets = {key for key in decided.values() if key.counted}
    question_ids = _upsert_questions(session, targets)
    for link_key, question_key in decided.items():
        _relink_key(session, link_key, question_ids.get(question_key), touched)
    report.claims_moved = len(touched.moved)
    replay(session)  # the analyst's merges and splits win over the machine's links
    for chunk in chunks(touched.moved, 5000):
        moved = select(ClaimRow.question_id).where(ClaimRow.id.in_(chunk)).distinct()
        touched.questions.update(q for q in session.scalars(moved) if q is not None)
    _drop_empty(session, touched.questions)
    return report, touched.questions


def _answers_in(session: Session, documents: Iterable[int]) -> list[AnyRow]:
    query = _answers_query().where(ClaimRow.document_id.in_(list(documents)))
    return [r for r in session.execute(query) if not _NOT_AN_ANSWER.intersection(r.extras or {})]


def _mark_seen(
    session: Session, documents: list[int], rows: list[AnyRow], keys: list[QuestionKey]
) -> int:
    """Store each unseen claim's own key, "" for those that answer no question."""
    own = {row.id: key.text() for row, key in zip(rows, keys, strict=True)}
    unseen: list[int] = []
    for chunk in chunks(documents, 2000):
        query = select(ClaimRow.id).where(
            ClaimRow.document_id.in_(chunk), ClaimRow.link_key.is_(None)
        )
        unseen += session.scalars(query)
    values = [{"id": claim_id, "link_key": own.get(claim_id, "")} for claim_id in unseen]
    if values:
        session.execute(update(ClaimRow), values)  # bulk UPDATE by primary key
    return len(unseen)


def _add_support(session: Session, support: Counter[QuestionKey]) -> None:
    texts = {key.text(): key for key in support}
    stored: dict[str, int] = {}
    for chunk in chunks(sorted(texts), 2000):
        found = select(LinkKeyRow.key, LinkKeyRow.id).where(LinkKeyRow.key.in_(chunk))
        stored.update(dict(session.execute(found).all()))
    grown = [{"id": stored[t], "n": support[texts[t]]} for t in stored]
    for item in grown:
        session.execute(
            update(LinkKeyRow)
            .where(LinkKeyRow.id == item["id"])
            .values(support=LinkKeyRow.support + item["n"])
        )
    fresh = [link_key_row(texts[t], support[texts[t]]) for t in sorted(texts) if t not in stored]
    for chunk in chunks(fresh, 2000):
        session.execute(insert(LinkKeyRow), list(chunk))


def _decide(session: Session, swayed: Collection[str]) -> dict[str, QuestionKey]:
    """The question each stored key among ``swayed`` joins now, read from the keys that
    refine it only."""
    decided: dict[str, QuestionKey] = {}
    for chunk in chunks(sorted(swayed), 2000):
        for row in session.scalars(select(LinkKeyRow).where(LinkKeyRow.key.in_(chunk))):
            key = _as_key(row)
            if _says_everything(key):  # joins its own question: no other key can sway it
                decided[row.key] = key
                continue
            support = {_as_key(r): r.support for r in session.scalars(_refining(key))}
            support[key] = row.support
            decided[row.key] = attach(key, support)
    return decided


def _says_everything(key: QuestionKey) -> bool:
    """Owner, place and event all said: ``attach`` keeps such a key as it is."""
    return key.owner is not None and key.place is not None and key.event != "count"


def _as_key(row: LinkKeyRow) -> QuestionKey:
    return QuestionKey(
        owner=row.owner,
        counted=row.counted,
        event=row.event,
        place=row.place,
        period=row.period,
        unit=row.unit,
        kind=row.kind,
    )


def _refining(key: QuestionKey) -> Select[LinkKeyRow]:
    """The stored keys that say at least what ``key`` says (``_refines``), by index."""

    def same(column: Mapped[str | None], value: str | None) -> ColumnElement[bool]:
        return column.is_(None) if value is None else column == value

    query = select(LinkKeyRow).where(
        same(LinkKeyRow.counted, key.counted),
        same(LinkKeyRow.period, key.period),
        same(LinkKeyRow.unit, key.unit),
        same(LinkKeyRow.kind, key.kind),
    )
    if key.owner is not None:
        query = query.where(LinkKeyRow.owner == key.owner)
    if key.place is not None:
        query = query.where(LinkKeyRow.place == key.place)
    if key.event != "count":
        query = query.where(LinkKeyRow.event == key.event)
    return query


def _relink_key(
    session: Session, link_key: str, question_id: int | None, touched: _Touched
) -> None:
    """Point the claims of ``link_key`` at ``question_id`` (None: the key counts nothing
    a reader would ask about); only the claims that move are written."""
    claims = select(ClaimRow.id, ClaimRow.question_id).where(ClaimRow.link_key == link_key)
    moves = []
    for claim_id, current in session.execute(claims):
        if current != question_id:
            moves.append({"id": claim_id, "question_id": question_id})
            touched.moved.append(claim_id)
            if current is not None:
                touched.questions.add(current)
    if moves:
        session.execute(update(ClaimRow), moves)  # bulk UPDATE by primary key
        if question_id is not None:
            touched.questions.add(question_id)


def _drop_empty(session: Session, question_ids: set[int]) -> None:
    linked = exists().where(ClaimRow.question_id == QuestionRow.id)
    for chunk in chunks(sorted(question_ids), 5000):
        gone = select(QuestionRow.id).where(QuestionRow.id.in_(chunk), ~linked)
        empty = set(session.scalars(gone))
        if empty:
            session.execute(delete(QuestionRow).where(QuestionRow.id.in_(empty)))
            question_ids -= empty


def _reconcile_questions(session: Session, touched: set[int], report: PassReport) -> None:
    """Reconcile the touched questions (and the total or increment question beside
    each, whose derived totals read both) with the reliability of the last full pass."""
    touched = _with_partners(session, touched)
    reconcile_questions(session, touched)
    report.questions_reconciled = len(touched)


def reconcile_questions(
    session: Session, question_ids: Collection[int], weights: dict[str, float] | None = None
) -> int:
    """Reconcile ``question_ids`` (each with its total or "how many more" partner) with
    source ``weights``, else those stored by the last full pass, and store the estimates
    and judgements. Returns the number of claims judged."""
    rows: list[AnyRow] = []
    for chunk in chunks(sorted(question_ids), 2000):
        rows += session.execute(judged_query().where(ClaimRow.question_id.in_(chunk))).all()
        session.execute(delete(EstimateRow).where(EstimateRow.question_id.in_(chunk)))
    evidence = [_evidence(row) for row in rows if row.status == "ok"]
    if weights is None:
        weights = _stored_weights(session, {item.source for item in evidence})
    over_time = counts_over_time(session, question_ids)
    store_judgements(session, rows, reconcile(evidence, **over_time, reliability=weights))
    return len(rows)


def _with_partners(session: Session, question_ids: set[int]) -> set[int]:
    """``question_ids`` with each "how many more" question's total question and each
    total's "how many more" question."""
    keys: list[str] = []
    for chunk in chunks(sorted(question_ids), 5000):
        keys += session.scalars(select(QuestionRow.key).where(QuestionRow.id.in_(chunk)))
    partners = {k.removesuffix("|increment") if k.endswith("|increment") else f"{k}|increment"
                for k in keys}  # fmt: skip
    out = set(question_ids)
    for chunk in chunks(sorted(partners), 5000):
        out.update(session.scalars(select(QuestionRow.id).where(QuestionRow.key.in_(chunk))))
    return out


def _stored_weights(session: Session, voices: set[str]) -> dict[str, float]:
    weights: dict[str, float] = {}
    for chunk in chunks(sorted(voices), 5000):
        found = select(ReliabilityRow.voice, ReliabilityRow.weight)
        weights.update(dict(session.execute(found.where(ReliabilityRow.voice.in_(chunk))).all()))
    return weights


def stored_claims(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(ClaimRow)) or 0
