"""The one write path: every document and its claims reach the store through here.

Ingest (``service.ingest``), the batch workers (``batch.tasks``) and ``watch`` all call
``extract_for_store`` to read a document's claims with their canonical sources, then
``write_batch`` (many documents, one transaction) or ``write_one`` (one document inside the
caller's transaction, so that ``watch`` marks its feed item in the same commit).

Batches: one transaction per batch, multi-row inserts, uniqueness left to the database
(INSERT ... ON CONFLICT DO NOTHING). Rows are inserted in a fixed order (documents by
content hash, sources by name) so that two processes writing overlapping batches at once
on PostgreSQL take their row locks in the same order and never deadlock; whichever commits
first stores a document, the other finds it present.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, Table, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from corroborate.extract import extract_claims
from corroborate.ingest import IngestError
from corroborate.link.aliases import source_name
from corroborate.records import Claim, Document, SourceKind
from corroborate.store.models import Base, ClaimRow, DocumentRow, SourceRow
from corroborate.store.repository import (
    claim_values,
    document_values,
    insert_ignoring,
    store_document,
)

# (claim, canonical source name, source kind), as ``store_document`` takes them
ResolvedClaim = tuple[Claim, str, SourceKind]
HASH_CHUNK = 500  # bound the size of IN (...) lists
TRANSIENT_TRIES = 5


@dataclass(slots=True)
class Extracted:
    """A document read and extracted by a worker, ready to be stored."""

    document: Document
    claims: list[ResolvedClaim]


@dataclass(slots=True)
class WriteResult:
    added: int = 0
    present: int = 0
    claims: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)


def extract_for_store(doc: Document, alias_map: dict[str, str]) -> Extracted | IngestError:
    """The document's claims, each with its canonical source name and kind. An extractor
    bug is returned as the document's error, so that one document never stops a batch."""
    try:
        claims = extract_claims(doc)
    except Exception as exc:
        return IngestError(doc.origin or "document", f"extraction: {exc!r}")
    resolved = [(c, source_name(c.source, alias_map), c.source_kind) for c in claims]
    return Extracted(doc, resolved)


def write_one(session: Session, item: Extracted) -> int | None:
    """Add one document and its claims in the caller's transaction; its id, or None when
    it is stored already (the caller commits)."""
    return store_document(session, item.document, item.claims)


def stored_hashes(engine: Engine, hashes: Iterable[str]) -> set[str]:
    """Which of these content hashes are already stored (one short read)."""
    wanted = sorted(set(hashes))
    found: set[str] = set()
    with engine.connect() as connection:
        for i in range(0, len(wanted), HASH_CHUNK):
            chunk = wanted[i : i + HASH_CHUNK]
            found.update(
                connection.scalars(
                    select(DocumentRow.content_hash).where(DocumentRow.content_hash.in_(chunk))
                )
            )
    return found


def write_batch(engine: Engine, items: Sequence[Extracted]) -> WriteResult:
    """Store the documents and their claims in one transaction.

    A transient failure (SQLite busy past its timeout, a PostgreSQL deadlock or lost
    connection) retries the whole batch; any other failure falls back to one transaction
    per document, so one bad document is named and the others are kept.
    """
    if not items:
        return WriteResult()
    for attempt in range(TRANSIENT_TRIES):
        try:
            return _write(engine, items)
        except OperationalError:
            if attempt == TRANSIENT_TRIES - 1:
                break
            time.sleep(0.2 * (attempt + 1))
        except DBAPIError:
            break
    return _write_one_by_one(engine, items)


def _write(engine: Engine, items: Sequence[Extracted]) -> WriteResult:
    result = WriteResult()
    unique: dict[str, Extracted] = {}
    for item in items:  # the same article twice in one batch: the first copy stands
        unique.setdefault(item.document.content_hash, item)
    result.present += len(items) - len(unique)
    ordered = sorted(unique.items())
    with Session(engine) as session:
        # The first statement writes, so SQLite takes its write lock at once (waiting on
        # busy_timeout) instead of failing to upgrade a read snapshot.
        # Core statements on the tables (not ORM bulk inserts): one executemany per table,
        # which SQLAlchemy sends as multi-row INSERTs ("insertmanyvalues").
        connection = session.connection()
        documents = _table(DocumentRow)
        inserted = connection.execute(
            insert_ignoring(session, documents).returning(documents.c.id, documents.c.content_hash),
            [document_values(content_hash, item.document) for content_hash, item in ordered],
        ).all()
        ids = {content_hash: document_id for document_id, content_hash in inserted}
        result.present += len(unique) - len(ids)
        new = [(ids[h], item) for h, item in ordered if h in ids]
        names: dict[str, str] = {}
        for _, item in new:
            for _, name, kind in item.claims:
                names.setdefault(name, kind)
        source_ids: dict[str, int] = {}
        if names:
            connection.execute(
                insert_ignoring(session, _table(SourceRow)),
                [{"name": name, "kind": names[name]} for name in sorted(names)],
            )
            wanted = sorted(names)
            for i in range(0, len(wanted), HASH_CHUNK):
                rows = session.execute(
                    select(SourceRow.name, SourceRow.id).where(
                        SourceRow.name.in_(wanted[i : i + HASH_CHUNK])
                    )
                )
                source_ids.update((name, id_) for name, id_ in rows)
        claim_rows = [
            claim_values(claim, document_id, source_ids[name])
            for document_id, item in new
            for claim, name, _ in item.claims
        ]
        if claim_rows:
            connection.execute(insert_ignoring(session, _table(ClaimRow)), claim_rows)
        session.commit()
    result.added = len(new)
    result.claims = len(claim_rows)
    return result


def _table(model: type[Base]) -> Table:
    """The model's table, for Core statements (each of our models maps to one table)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _write_one_by_one(engine: Engine, items: Sequence[Extracted]) -> WriteResult:
    result = WriteResult()
    for item in items:
        try:
            with Session(engine) as session:
                if write_one(session, item) is None:
                    result.present += 1
                    continue
                session.commit()
        except DBAPIError as exc:
            origin = item.document.origin or "document"
            result.errors.append((origin, f"cannot store: {exc.orig or exc}"))
            continue
        result.added += 1
        result.claims += len(item.claims)
    return result
