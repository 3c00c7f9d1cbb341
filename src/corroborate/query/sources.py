"""Sources: the listing (``sources`` in the CLI, ``/api/sources``) and a source's page
with its aliases, grade, learned reliability and record against the estimates."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, and_, case, func, or_, select
from sqlalchemy.engine import Connection

from corroborate.query.cache import cached
from corroborate.query.compare import AGREE_SHARE, OUTLIER_RATIO, near, point
from corroborate.query.rows import CLAIM_POINT, claim_row, claims_select
from corroborate.store.models import (
    ClaimRow,
    DocumentRow,
    EstimateRow,
    QuestionRow,
    SourceAliasRow,
    SourceRow,
)


def sources_page(engine: Engine, *, limit: int | None = 100, offset: int = 0) -> dict[str, Any]:
    """Sources, most-cited first, with their grade, learned reliability and reach
    (cached until the data changes). ``limit`` None: all of them."""
    return cached(engine, "sources", (limit, offset), lambda: _sources(engine, limit, offset))


def list_sources(engine: Engine) -> list[dict[str, Any]]:
    """Every source's row (``sources_page`` without paging)."""
    return list(sources_page(engine, limit=None)["sources"])


def _sources(engine: Engine, limit: int | None, offset: int) -> dict[str, Any]:
    counts = (
        select(
            ClaimRow.source_id.label("sid"),
            func.count().label("n_claims"),
            func.count(func.distinct(ClaimRow.document_id)).label("n_documents"),
            func.count(func.distinct(DocumentRow.outlet)).label("n_outlets"),
            func.count(func.distinct(ClaimRow.question_id)).label("n_questions"),
        )
        .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
        .group_by(ClaimRow.source_id)
        .subquery()
    )
    n_claims = func.coalesce(counts.c.n_claims, 0)
    query = (
        select(
            SourceRow.id,
            SourceRow.name,
            SourceRow.kind,
            SourceRow.grade,
            SourceRow.reliability,
            n_claims.label("n_claims"),
            func.coalesce(counts.c.n_documents, 0).label("n_documents"),
            func.coalesce(counts.c.n_outlets, 0).label("n_outlets"),
            func.coalesce(counts.c.n_questions, 0).label("n_questions"),
        )
        .outerjoin(counts, counts.c.sid == SourceRow.id)
        .order_by(n_claims.desc(), SourceRow.name)
        .limit(limit)
        .offset(offset)
    )
    with engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(SourceRow)) or 0
        sources = [dict(r._mapping) for r in connection.execute(query)]
    return {"sources": sources, "total": total, "limit": limit, "offset": offset}


def source_page(
    engine: Engine, *, source_id: int, limit: int = 50, offset: int = 0
) -> dict[str, Any] | None:
    """A source: aliases (the analyst's and as written in articles), grade, learned
    reliability, its record against the current estimates, and a page of its claims."""
    summary = cached(engine, "source", source_id, lambda: _source_summary(engine, source_id))
    if summary is None:
        return None
    with engine.connect() as connection:
        ids = list(
            connection.scalars(
                select(ClaimRow.id)
                .where(ClaimRow.source_id == source_id)
                .order_by(ClaimRow.id)
                .limit(limit)
                .offset(offset)
            )
        )
        claims = [
            claim_row(r)
            for r in connection.execute(
                claims_select()
                .add_columns(
                    EstimateRow.value.label("estimate"), QuestionRow.label.label("question_label")
                )
                .outerjoin(QuestionRow, QuestionRow.id == ClaimRow.question_id)
                .outerjoin(EstimateRow, EstimateRow.question_id == ClaimRow.question_id)
                .where(ClaimRow.id.in_(ids))
            )
        ]
    for item in claims:
        item["outlier"] = bool(item.get("flag"))
        item["agrees"] = item["estimate"] is not None and near(point(item), item["estimate"])
    return {**summary, "claims": claims, "limit": limit, "offset": offset}


def _source_summary(engine: Engine, source_id: int) -> dict[str, Any] | None:
    with engine.connect() as connection:
        source = connection.execute(
            select(
                SourceRow.id, SourceRow.name, SourceRow.kind, SourceRow.grade, SourceRow.reliability
            ).where(SourceRow.id == source_id)
        ).first()
        if source is None:
            return None
        analyst_aliases = list(
            connection.scalars(
                select(SourceAliasRow.alias)
                .where(SourceAliasRow.name == source.name)
                .order_by(SourceAliasRow.alias)
            )
        )
        written = list(
            connection.execute(
                select(ClaimRow.source_text, func.count())
                .where(ClaimRow.source_id == source_id)
                .group_by(ClaimRow.source_text)
                .order_by(func.count().desc(), ClaimRow.source_text)
                .limit(50)
            )
        )
        outlets = list(
            connection.execute(
                select(DocumentRow.outlet, func.count(func.distinct(DocumentRow.id)))
                .join(ClaimRow, ClaimRow.document_id == DocumentRow.id)
                .where(ClaimRow.source_id == source_id)
                .group_by(DocumentRow.outlet)
                .order_by(func.count(func.distinct(DocumentRow.id)).desc())
                .limit(50)
            )
        )
        record = _record(connection, source_id)
        total = (
            connection.scalar(
                select(func.count()).select_from(ClaimRow).where(ClaimRow.source_id == source_id)
            )
            or 0
        )
    return {
        "source": dict(source._mapping),
        "aliases": analyst_aliases,
        "written_as": [{"text": t, "n": n} for t, n in written],
        "outlets": [{"outlet": o, "n_documents": n} for o, n in outlets],
        "record": record,
        "total": total,
    }


def _record(connection: Connection, source_id: int) -> dict[str, Any]:
    """How the source's figures sit against the current estimates of their questions."""
    ratio = CLAIM_POINT / EstimateRow.value
    row = connection.execute(
        select(
            func.count().label("n"),
            func.sum(
                case((and_(ratio >= 1 - AGREE_SHARE, ratio <= 1 + AGREE_SHARE), 1), else_=0)
            ).label("agree"),
            func.sum(
                case((or_(ratio > OUTLIER_RATIO, ratio < 1 / OUTLIER_RATIO), 1), else_=0)
            ).label("far"),
        )
        .select_from(ClaimRow)
        .join(EstimateRow, EstimateRow.question_id == ClaimRow.question_id)
        .where(ClaimRow.source_id == source_id, EstimateRow.value > 0, CLAIM_POINT.is_not(None))
    ).first()
    n = row.n if row else 0
    return {
        "n_compared": n,
        "n_agree": int(row.agree or 0) if row else 0,
        "n_far": int(row.far or 0) if row else 0,
        "agreement": round((row.agree or 0) / n, 3) if row and n else None,
    }
