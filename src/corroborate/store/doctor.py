"""Integrity checks over a stored database; findings are returned as plain data.

What is checked:

- **orphans**: claims whose document, source or question is gone; estimates without
  their question; feed items whose feed or document is gone (foreign keys prevent these,
  unless they were off: an old SQLite file, a manual edit, a restore gone wrong);
- **duplicates**: two documents with one content hash, two claims on one mention, two
  feed items with one guid in a feed (unique constraints prevent these unless an index
  was dropped or damaged); one URL stored under several content hashes is a warning (an
  article edited after it was first read);
- **evidence**: a claim whose offsets no longer match its document
  (``text[start:end] != sentence``, or the mention likewise), and a document whose text
  or metadata no longer hashes to its content hash (edited in place);
- **SQLite**: ``PRAGMA quick_check``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Row, func, select, text
from sqlalchemy.orm import aliased

from corroborate.records import Document
from corroborate.store.models import (
    ClaimRow,
    DocumentRow,
    EstimateRow,
    FeedItemRow,
    FeedRow,
    QuestionRow,
    SourceRow,
)

ERROR = "error"
WARNING = "warning"
BATCH = 200  # documents read at a time when checking offsets


@dataclass(slots=True)
class Finding:
    check: str  # "orphan", "duplicate", "offsets", "content_hash", "sqlite"
    severity: str  # "error" or "warning"
    table: str
    row_id: int | None
    detail: str


@dataclass
class DoctorReport:
    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)  # rows examined, per table

    @property
    def clean(self) -> bool:
        return not any(f.severity == ERROR for f in self.findings)

    def as_dicts(self) -> list[dict[str, Any]]:
        return [asdict(f) for f in self.findings]


def check(engine: Engine) -> DoctorReport:
    """Run every check; never modifies the database."""
    report = DoctorReport()
    with engine.connect() as connection:
        for table in (DocumentRow, ClaimRow, SourceRow, QuestionRow, FeedRow, FeedItemRow):
            rows = connection.scalar(select(func.count()).select_from(table))
            report.checked[table.__tablename__] = rows or 0
        if engine.dialect.name == "sqlite":
            _sqlite(connection, report)
        _orphans(connection, report)
        _duplicates(connection, report)
    _evidence(engine, report)
    return report


def _sqlite(connection: Connection, report: DoctorReport) -> None:
    rows = [r[0] for r in connection.execute(text("PRAGMA quick_check"))]
    if rows != ["ok"]:
        for row in rows[:50]:
            report.findings.append(Finding("sqlite", ERROR, "", None, str(row)))


def _orphans(connection: Connection, report: DoctorReport) -> None:
    # (child model, its foreign key, parent model, the parent's name, may the key be null)
    links: tuple[tuple[Any, Any, Any, str, bool], ...] = (
        (ClaimRow, ClaimRow.document_id, DocumentRow, "document", False),
        (ClaimRow, ClaimRow.source_id, SourceRow, "source", False),
        (ClaimRow, ClaimRow.question_id, QuestionRow, "question", True),
        (EstimateRow, EstimateRow.question_id, QuestionRow, "question", False),
        (FeedItemRow, FeedItemRow.feed_id, FeedRow, "feed", False),
        (FeedItemRow, FeedItemRow.document_id, DocumentRow, "document", True),
    )
    for child, column, parent, name, nullable in links:
        target = aliased(parent)
        query = (
            select(child.id, column)
            .outerjoin(target, target.id == column)
            .where(target.id.is_(None))
            .order_by(child.id)
        )
        if nullable:
            query = query.where(column.is_not(None))
        for row_id, missing in connection.execute(query):
            report.findings.append(
                Finding(
                    "orphan",
                    ERROR,
                    child.__tablename__,
                    row_id,
                    f"{child.__tablename__} {row_id} points to {name} {missing}, "
                    "which does not exist",
                )
            )


def _duplicates(connection: Connection, report: DoctorReport) -> None:
    groups = (
        (DocumentRow, (DocumentRow.content_hash,), ERROR, "content hash"),
        (
            ClaimRow,
            (ClaimRow.document_id, ClaimRow.mention_start, ClaimRow.mention_end),
            ERROR,
            "mention (document, start, end)",
        ),
        (FeedItemRow, (FeedItemRow.feed_id, FeedItemRow.guid), ERROR, "feed item guid"),
        (DocumentRow, (DocumentRow.url,), WARNING, "URL (an article stored in versions)"),
    )
    for table, columns, severity, what in groups:
        query = (
            select(*columns, func.min(table.id), func.count())
            .group_by(*columns)
            .having(func.count() > 1)
        )
        if table is DocumentRow and columns[0] is DocumentRow.url:
            query = query.where(DocumentRow.url.is_not(None))
        for *key, first, count in connection.execute(query):
            shown = ", ".join(str(k)[:120] for k in key)
            report.findings.append(
                Finding(
                    "duplicate",
                    severity,
                    table.__tablename__,
                    first,
                    f"{count} rows of {table.__tablename__} share one {what}: {shown}",
                )
            )


def _evidence(engine: Engine, report: DoctorReport) -> None:
    """Offsets and content hashes, a batch of documents at a time (texts can be big)."""
    last = 0
    with engine.connect() as connection:
        while True:
            documents = connection.execute(
                select(
                    DocumentRow.id,
                    DocumentRow.text,
                    DocumentRow.url,
                    DocumentRow.outlet,
                    DocumentRow.published,
                    DocumentRow.title,
                    DocumentRow.content_hash,
                )
                .where(DocumentRow.id > last)
                .order_by(DocumentRow.id)
                .limit(BATCH)
            ).all()
            if not documents:
                return
            last = documents[-1].id
            texts = {d.id: d.text or "" for d in documents}
            for d in documents:
                doc = Document(
                    text=d.text or "", url=d.url, outlet=d.outlet, published=d.published,
                    title=d.title,
                )  # fmt: skip
                if doc.content_hash != d.content_hash:
                    report.findings.append(
                        Finding(
                            "content_hash",
                            WARNING,
                            "documents",
                            d.id,
                            f"document {d.id} no longer hashes to its content hash "
                            "(its text or metadata was edited after it was stored)",
                        )
                    )
            claims = connection.execute(
                select(
                    ClaimRow.id,
                    ClaimRow.document_id,
                    ClaimRow.sentence,
                    ClaimRow.start,
                    ClaimRow.end,
                    ClaimRow.mention,
                    ClaimRow.mention_start,
                    ClaimRow.mention_end,
                )
                .where(ClaimRow.document_id.in_(list(texts)))
                .order_by(ClaimRow.id)
            )
            for claim in claims:
                _offsets(texts[claim.document_id], claim, report)


def _offsets(body: str, claim: Row[*tuple[Any, ...]], report: DoctorReport) -> None:
    problems = []
    if body[claim.start : claim.end] != claim.sentence:
        problems.append(
            f"text[{claim.start}:{claim.end}] is {_quote(body[claim.start : claim.end])}, "
            f"not the stored sentence {_quote(claim.sentence)}"
        )
    mention = body[claim.mention_start : claim.mention_end]
    # The stored mention is clipped to 300 characters: compare what was kept.
    if mention[: len(claim.mention)] != claim.mention or not claim.mention:
        problems.append(
            f"text[{claim.mention_start}:{claim.mention_end}] is {_quote(mention)}, "
            f"not the stored mention {_quote(claim.mention)}"
        )
    for problem in problems:
        report.findings.append(
            Finding(
                "offsets",
                ERROR,
                "claims",
                claim.id,
                f"claim {claim.id} (document {claim.document_id}): {problem}",
            )
        )


def _quote(value: str) -> str:
    value = value or ""
    return repr(value if len(value) <= 80 else value[:77] + "...")
