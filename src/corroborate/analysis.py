"""Linking and reconciling what is stored: questions from claims, the analyst's edits
replayed over them, and each question's estimate."""

from __future__ import annotations

from sqlalchemy import Engine, delete, exists, func, select, update
from sqlalchemy.orm import Session

from corroborate.link.edits import replay
from corroborate.link.questions import QuestionKey, attach_placeless, question_key
from corroborate.reconcile import Figure, median_estimate
from corroborate.store.models import ClaimRow, EstimateRow, QuestionRow, SourceRow
from corroborate.store.repository import insert_ignoring


def refresh(engine: Engine) -> int:
    """Link every claim to its question, replay the analyst's question edits, and
    recompute each question's estimate. Returns the number of questions."""
    with Session(engine) as session:
        rows = session.execute(
            select(
                ClaimRow.id,
                ClaimRow.counted,
                ClaimRow.owner,
                ClaimRow.event,
                ClaimRow.place,
                ClaimRow.period,
                ClaimRow.unit,
                ClaimRow.sentence,
            ).where(ClaimRow.counted.is_not(None), ClaimRow.is_change.is_(False))
        ).all()
        keys = attach_placeless(
            [
                question_key(
                    counted=r.counted,
                    owner=r.owner,
                    event=r.event,
                    place=r.place,
                    period=r.period,
                    unit=r.unit,
                    sentence=r.sentence,
                )
                for r in rows
            ]
        )
        question_ids = _upsert_questions(session, set(keys))
        session.execute(update(ClaimRow).values(question_id=None))
        by_question: dict[int, list[int]] = {}
        for row, key in zip(rows, keys, strict=True):
            by_question.setdefault(question_ids[key], []).append(row.id)
        for question_id, claim_ids in by_question.items():
            session.execute(
                update(ClaimRow).where(ClaimRow.id.in_(claim_ids)).values(question_id=question_id)
            )
        replay(session)
        linked = exists().where(ClaimRow.question_id == QuestionRow.id)
        session.execute(delete(QuestionRow).where(~linked))
        _reconcile(session)
        session.commit()
        return session.scalar(select(func.count()).select_from(QuestionRow)) or 0


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
        session.execute(
            insert_ignoring(session, QuestionRow).values(rows),
        )
    ids = dict(session.execute(select(QuestionRow.key, QuestionRow.id)).tuples().all())
    return {key: ids[key.text()] for key in keys}


def _reconcile(session: Session) -> None:
    session.execute(delete(EstimateRow))
    rows = session.execute(
        select(ClaimRow.question_id, ClaimRow.value, ClaimRow.low, ClaimRow.high, SourceRow.name)
        .join(SourceRow, ClaimRow.source_id == SourceRow.id)
        .where(ClaimRow.question_id.is_not(None), ClaimRow.status == "ok")
    ).all()
    figures: dict[int, list[Figure]] = {}
    for question_id, value, low, high, source in rows:
        figures.setdefault(question_id, []).append(Figure(value, low, high, source))
    for question_id, items in figures.items():
        estimate = median_estimate(items)
        session.add(
            EstimateRow(
                question_id=question_id,
                method=estimate.method,
                value=estimate.value,
                low=estimate.low,
                high=estimate.high,
                n_claims=estimate.n_claims,
                n_sources=estimate.n_sources,
            )
        )
