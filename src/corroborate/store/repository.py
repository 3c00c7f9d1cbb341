"""Writing and reading the store. Data functions take keyword arguments and return plain
dicts, so the CLI, the web layer and tests share them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, Select, Table, case, func, select
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from corroborate.extract.explain import explain
from corroborate.ingest.documents import page_of
from corroborate.records import AUTHOR, Claim, Document, date_text
from corroborate.store.models import (
    Base,
    ClaimRow,
    DocumentRow,
    EstimateRow,
    QuestionRow,
    SourceRow,
)


def _insert(session: Session, model: type[Base] | Table) -> PgInsert | SqliteInsert:
    """INSERT ... ON CONFLICT for the session's dialect: uniqueness is the database's job,
    so concurrent ingest processes never store a row twice."""
    dialect = session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(model)


def insert_ignoring(session: Session, model: type[Base] | Table) -> PgInsert | SqliteInsert:
    """INSERT that skips rows whose unique key is already stored."""
    return _insert(session, model).on_conflict_do_nothing()


def has_document(session: Session, content_hash: str) -> bool:
    found = session.scalar(select(DocumentRow.id).where(DocumentRow.content_hash == content_hash))
    return found is not None


def source_id(session: Session, name: str, kind: str = "other") -> int:
    statement = _insert(session, SourceRow).values(name=name, kind=kind)
    session.execute(statement.on_conflict_do_nothing(index_elements=["name"]))
    return session.scalars(select(SourceRow.id).where(SourceRow.name == name)).one()


def store_document(
    session: Session, doc: Document, claims: Sequence[tuple[Claim, str, str]]
) -> int | None:
    """Store a document and its claims (each with its canonical source name and kind).

    Returns the new document id, or None when the document was already stored. The caller
    commits: one document and its claims land together or not at all.
    """
    statement = (
        _insert(session, DocumentRow)
        .values(document_values(doc.content_hash, doc))
        .on_conflict_do_nothing(index_elements=["content_hash"])
        .returning(DocumentRow.id)
    )
    document_id = session.scalar(statement)
    if document_id is None:
        return None
    sources: dict[str, int] = {}
    rows = []
    for claim, name, kind in claims:
        if name not in sources:
            sources[name] = source_id(session, name, kind)
        rows.append(claim_values(claim, document_id, sources[name]))
    if rows:
        session.execute(
            _insert(session, ClaimRow)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["document_id", "mention_start", "mention_end"])
        )
    return document_id


def document_values(content_hash: str, doc: Document) -> dict[str, Any]:
    """A document's row, as every write path stores it."""
    return {
        "content_hash": content_hash,
        "url": doc.url,
        "outlet": (doc.outlet or None) and doc.outlet[:300],
        "published": doc.published,
        "published_precision": doc.published_precision if doc.published else None,
        "title": doc.title,
        "language": (doc.language or None) and doc.language[:16],
        "origin": doc.origin,
        "text": doc.text,
        "pages": doc.pages,
    }


def claim_values(claim: Claim, document_id: int, source: int) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "source_id": source,
        "sentence": claim.sentence,
        "start": claim.start,
        "end": claim.end,
        "mention": claim.mention[:300],
        "mention_start": claim.mention_start,
        "mention_end": claim.mention_end,
        "value": claim.value,
        "low": claim.low,
        "high": claim.high,
        "qualifier": claim.qualifier,
        "unit": claim.unit,
        "counted": _clip(claim.counted, 300),
        "owner": _clip(claim.owner, 200),
        "event": _clip(claim.event, 300),
        "event_class": claim.event_class,
        "kind": claim.kind,
        "place": _clip(claim.place, 200),
        "as_of": claim.as_of,
        "as_of_precision": claim.as_of_precision if claim.as_of else None,
        "period": _clip(claim.period, 100),
        "source_text": claim.source[:300],
        "via": [v[:300] for v in claim.via] or None,
        "speaker": _clip(claim.speaker, 300),
        "hedged": claim.hedged,
        "hedge": claim.hedge,
        "is_change": claim.is_change,
        "extras": ({**claim.extras, "rules": claim.rules} if claim.rules else claim.extras) or None,
    }


def _clip(text: str | None, limit: int) -> str | None:
    return text[:limit] if text else text


# -- reading ---------------------------------------------------------------------------

CLAIM_COLUMNS = (
    "id",
    "document_id",
    "url",
    "outlet",
    "title",
    "published",
    "sentence",
    "start",
    "end",
    "page",
    "mention",
    "value",
    "low",
    "high",
    "qualifier",
    "unit",
    "counted",
    "owner",
    "kind",
    "event",
    "event_text",
    "place",
    "as_of",
    "reported",
    "period",
    "source",
    "via",
    "speaker",
    "source_text",
    "hedged",
    "hedge",
    "question_id",
)


def source_voice():  # type: ignore[no-untyped-def]
    """The source as readers should see it: an unattributed claim is its outlet's own."""
    return case(
        (
            (SourceRow.name == AUTHOR) & DocumentRow.outlet.is_not(None),
            DocumentRow.outlet + " (author)",
        ),
        else_=SourceRow.name,
    )


def claims_query() -> Select:
    return (
        select(
            ClaimRow.id,
            ClaimRow.document_id,
            DocumentRow.url,
            DocumentRow.outlet,
            DocumentRow.title,
            DocumentRow.published,
            DocumentRow.pages.label("document_pages"),
            ClaimRow.sentence,
            ClaimRow.start,
            ClaimRow.end,
            ClaimRow.mention,
            ClaimRow.value,
            ClaimRow.low,
            ClaimRow.high,
            ClaimRow.qualifier,
            ClaimRow.unit,
            ClaimRow.counted,
            ClaimRow.owner,
            ClaimRow.kind,
            ClaimRow.event_class.label("event"),
            ClaimRow.event.label("event_text"),
            ClaimRow.place,
            ClaimRow.as_of,
            ClaimRow.as_of_precision,
            DocumentRow.published.label("reported"),
            DocumentRow.published_precision,
            ClaimRow.period,
            source_voice().label("source"),
            ClaimRow.via,
            ClaimRow.speaker,
            ClaimRow.source_text,
            ClaimRow.hedged,
            ClaimRow.hedge,
            ClaimRow.question_id,
        )
        .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
        .join(SourceRow, ClaimRow.source_id == SourceRow.id)
        .order_by(ClaimRow.id)
    )


def list_claims(
    engine: Engine,
    *,
    question_id: int | None = None,
    source: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    query = claims_query()
    if question_id is not None:
        query = query.where(ClaimRow.question_id == question_id)
    if source:
        query = query.where(SourceRow.name.ilike(f"%{source}%"))
    if limit:
        query = query.limit(limit)
    with engine.connect() as connection:
        return [plain_row(row._mapping) for row in connection.execute(query)]


def claim_explanation(engine: Engine, claim_id: int) -> dict[str, Any] | None:
    """A claim with its reading explained: each field with the rules that shaped it."""
    query = claims_query().add_columns(ClaimRow.extras).where(ClaimRow.id == claim_id)
    with engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        return None
    claim = plain_row(row._mapping)
    extras = claim.pop("extras") or {}
    rules = [str(r) for r in extras.get("rules", [])]
    claim["rules"] = rules
    claim["time_text"] = extras.get("time_text")
    claim["explanation"] = explain(claim, rules)
    return claim


def list_questions(engine: Engine, *, min_claims: int = 1) -> list[dict[str, Any]]:
    """Questions with their estimate, most-supported first."""
    with Session(engine) as session:
        questions = session.scalars(select(QuestionRow)).all()
        claim_ids = _claim_ids_by_question(session)
        parents = parent_questions({q.id: q.key for q in questions})
        out = []
        for question in questions:
            ids = claim_ids.get(question.id, [])
            if len(ids) < min_claims:
                continue
            out.append(
                {
                    **question_summary(question),
                    "parent_id": parents.get(question.id),
                    "n_claims": len(ids),
                    "claim_ids": ids,
                }
            )
    out.sort(key=lambda q: (-q["n_sources"], -q["n_claims"], q["id"]))
    return out


def parent_key(key: str) -> str | None:
    """The key of the question a place inside another answers a part of: "Kursk, Russia"
    → the same question about Russia (keys are ``owner|counted|event|place|...``)."""
    parts = key.split("|")
    if len(parts) <= 3 or ", " not in parts[3]:
        return None
    parts[3] = parts[3].rsplit(", ", 1)[1]
    return "|".join(parts)


def parent_questions(keys: dict[int, str]) -> dict[int, int]:
    """Each question's parent question (``parent_key``), where it exists."""
    by_key = {key: question_id for question_id, key in keys.items()}
    parents = {}
    for question_id, key in keys.items():
        parent = by_key.get(parent_key(key) or "")
        if parent is not None:
            parents[question_id] = parent
    return parents


def question_summary(question: QuestionRow) -> dict[str, Any]:
    """A question and its current estimate as plain data."""
    estimate = question.estimate
    stored = (estimate.timeline or {}) if estimate else {}
    return {
        "id": question.id,
        "label": question.label,
        "counted": question.counted,
        "owner": question.owner,
        "event": question.event,
        "place": question.place,
        "estimate": estimate.value if estimate else None,
        "low": estimate.low if estimate else None,
        "high": estimate.high if estimate else None,
        "as_of": estimate.as_of.isoformat() if estimate and estimate.as_of else None,
        "method": estimate.method if estimate else None,
        "n_sources": estimate.n_sources if estimate else 0,
        "timeline": stored.get("timeline", []),
        "camps": stored.get("camps", []),  # when the sources split
        "follows": stored.get("follows"),  # which camp the estimate follows, and why
        "derived": stored.get("derived", []),  # totals implied by "how many more" claims
    }


def _claim_ids_by_question(session: Session) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = {}
    rows = session.execute(
        select(ClaimRow.question_id, ClaimRow.id)
        .where(ClaimRow.question_id.is_not(None))
        .order_by(ClaimRow.id)
    )
    for question_id, claim_id in rows:
        grouped.setdefault(question_id, []).append(claim_id)
    return grouped


def list_sources(engine: Engine) -> list[dict[str, Any]]:
    query = (
        select(
            SourceRow.id,
            SourceRow.name,
            SourceRow.kind,
            SourceRow.grade,
            SourceRow.reliability,
            func.count(ClaimRow.id).label("n_claims"),
            func.count(func.distinct(ClaimRow.document_id)).label("n_documents"),
            func.count(func.distinct(DocumentRow.outlet)).label("n_outlets"),
        )
        .join(ClaimRow, ClaimRow.source_id == SourceRow.id, isouter=True)
        .join(DocumentRow, ClaimRow.document_id == DocumentRow.id, isouter=True)
        .group_by(SourceRow.id)
        .order_by(func.count(ClaimRow.id).desc(), SourceRow.name)
    )
    with engine.connect() as connection:
        return [plain_row(row._mapping) for row in connection.execute(query)]


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            name: connection.scalar(select(func.count()).select_from(model)) or 0
            for name, model in (
                ("documents", DocumentRow),
                ("claims", ClaimRow),
                ("sources", SourceRow),
                ("questions", QuestionRow),
                ("estimates", EstimateRow),
            )
        }


def plain_row(mapping: Any) -> dict[str, Any]:
    """Dates as ISO strings, as precise as they are known ("2025-01"), so every rendering
    (table, JSON, CSV) agrees."""
    out = dict(mapping)
    published = out.pop("published_precision", None)
    precision = {"as_of": out.pop("as_of_precision", None), "published": published,
                 "reported": published}  # fmt: skip
    for key in ("published", "reported", "as_of"):
        if out.get(key) is not None:
            out[key] = date_text(out[key], precision[key])
    if "via" in out:
        out["via"] = out["via"] or []
    pages = out.pop("document_pages", None)
    if "start" in out and "document_id" in out:
        out["page"] = page_of(pages, out["start"]) if pages else None  # a PDF's page
    return out


def question_detail(engine: Engine, question_id: int) -> dict[str, Any] | None:
    """A question with its estimate, timeline, and claims (each with the engine's
    judgement), ordered by date; echoes point at the claim they repeat."""
    with Session(engine) as session:
        question = session.get(QuestionRow, question_id)
        if question is None:
            return None
        detail = question_summary(question)
    query = (
        claims_query()
        .add_columns(
            ClaimRow.echo_of,
            ClaimRow.weight,
            ClaimRow.credibility,
            ClaimRow.credibility_reason,
            ClaimRow.flag,
            ClaimRow.status,
            SourceRow.grade,
            SourceRow.reliability,
        )
        .where(ClaimRow.question_id == question_id)
    )
    with engine.connect() as connection:
        claims = [plain_row(row._mapping) for row in connection.execute(query)]
    claims.sort(key=lambda c: (c["as_of"] or c["published"] or "9999", c["id"]))
    detail["claims"] = claims
    detail["n_claims"] = len(claims)
    return detail
