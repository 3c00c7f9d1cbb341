"""Claims: the listing (``claims`` in the CLI, ``/api/claims``, the exports), one claim
with its judgement and its reading explained."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy import func as sql
from sqlalchemy.sql.elements import ColumnElement

from corroborate.extract.explain import explain
from corroborate.query.cache import cached
from corroborate.query.compare import is_outlier, point
from corroborate.query.rows import claim_row, claims_by_ids, claims_select, like, source_voice
from corroborate.store.models import ClaimRow, EstimateRow, QuestionRow

STREAM_ROWS = 2000  # rows a streamed listing fetches at a time


def claims_page(
    engine: Engine,
    *,
    question_id: int | None = None,
    source_id: int | None = None,
    document_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """A page of claims in id order, each with its evidence and its judgement."""
    conditions = _conditions(question_id, source_id, document_id)
    key = (question_id, source_id, document_id)
    total = cached(engine, "count claims", key, lambda: _count_claims(engine, conditions))
    span = None if conditions else cached(engine, "claim ids", (), lambda: _id_span(engine))
    with engine.connect() as connection:
        if span is not None:
            # ids without gaps (the usual case: claims are only ever added), so the page
            # is a range of ids: no offset to walk
            first = span[0] + offset
            ids = list(range(first, min(first + limit, span[1] + 1)))
        else:
            # the page's ids from the claims table alone (the offset walks one index),
            # then their details
            ids = list(
                connection.scalars(
                    select(ClaimRow.id)
                    .where(*conditions)
                    .order_by(ClaimRow.id)
                    .limit(limit)
                    .offset(offset)
                )
            )
        claims = claims_by_ids(connection, ids)
    return {"claims": claims, "total": total, "limit": limit, "offset": offset}


def iter_claims(
    engine: Engine,
    *,
    question_id: int | None = None,
    source: str | None = None,
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Every claim (or a question's, or those of sources whose name has ``source``) in id
    order, streamed from a server-side cursor: the rows of ``claims_page``."""
    query = claims_select().where(*_conditions(question_id, None, None))
    if source:
        query = query.where(source_voice().ilike(like(source), escape="\\"))
    if limit:
        query = query.limit(limit)
    with engine.connect() as connection:
        streamed = connection.execution_options(stream_results=True, yield_per=STREAM_ROWS)
        for row in streamed.execute(query):
            yield claim_row(row)


def list_claims(
    engine: Engine,
    *,
    question_id: int | None = None,
    source: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    return list(iter_claims(engine, question_id=question_id, source=source, limit=limit))


def _conditions(
    question_id: int | None, source_id: int | None, document_id: int | None
) -> list[ColumnElement[bool]]:
    conditions = []
    if question_id is not None:
        conditions.append(ClaimRow.question_id == question_id)
    if source_id is not None:
        conditions.append(ClaimRow.source_id == source_id)
    if document_id is not None:
        conditions.append(ClaimRow.document_id == document_id)
    return conditions


def _id_span(engine: Engine) -> tuple[int, int] | None:
    """(first, last) claim id when the ids run without a gap, else None."""
    with engine.connect() as connection:
        low, high, n = connection.execute(
            select(sql.min(ClaimRow.id), sql.max(ClaimRow.id), sql.count())
        ).one()
    return (low, high) if n and high - low + 1 == n else None


def _count_claims(engine: Engine, conditions: list[ColumnElement[bool]]) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(sql.count()).select_from(ClaimRow).where(*conditions)) or 0


def claim(engine: Engine, *, claim_id: int) -> dict[str, Any] | None:
    """A claim with its judgement, its question's estimate, and why it was read as it
    was (``rules``, ``explanation``: each field with the rules behind it)."""
    with engine.connect() as connection:
        row = connection.execute(
            claims_select().add_columns(ClaimRow.extras).where(ClaimRow.id == claim_id)
        ).first()
        if row is None:
            return None
        item = _explained(claim_row(row))
        estimate = None
        if item["question_id"] is not None:
            found = connection.execute(
                select(QuestionRow.label, EstimateRow.value, EstimateRow.low, EstimateRow.high)
                .outerjoin(EstimateRow, EstimateRow.question_id == QuestionRow.id)
                .where(QuestionRow.id == item["question_id"])
            ).first()
            if found:
                item["question_label"] = found.label
                estimate = found.value
                item["estimate"] = {"value": found.value, "low": found.low, "high": found.high}
    item["outlier"] = (
        bool(item.get("flag"))
        if item.get("weight") is not None
        else is_outlier(point(item), estimate)
    )
    return item


def claim_explanation(engine: Engine, claim_id: int) -> dict[str, Any] | None:
    """A claim with its reading explained: each field with the rules that shaped it."""
    query = claims_select().add_columns(ClaimRow.extras).where(ClaimRow.id == claim_id)
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return None if row is None else _explained(claim_row(row))


def _explained(item: dict[str, Any]) -> dict[str, Any]:
    extras = item.pop("extras") or {}
    rules = [str(r) for r in extras.get("rules", [])]
    item["rules"] = rules
    item["time_text"] = extras.get("time_text")
    item["explanation"] = explain(item, rules)
    return item
