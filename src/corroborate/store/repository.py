"""Writing the store: documents, claims and sources inserted once however many writers
run at once. Reading is the read layer's (``corroborate.query``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, Table, func, select
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from corroborate.records import Claim, Document
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


# -- question keys -------------------------------------------------------------------


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
