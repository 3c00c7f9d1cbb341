"""The main job: documents in, claims stored, questions linked and reconciled.

This module composes the stages; it knows nothing of the CLI or the web layer, which call
it and render what it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from corroborate.extract import extract_claims
from corroborate.ingest import IngestError, expand_paths, read_file
from corroborate.link.questions import QuestionKey, attach_placeless, question_key
from corroborate.link.sources import canonical_source
from corroborate.reconcile import Figure, median_estimate
from corroborate.records import Document
from corroborate.store.models import ClaimRow, EstimateRow, QuestionRow, SourceRow
from corroborate.store.repository import has_document, store_document

Progress = Callable[[int, int, str], None]  # (done, total, current item)


@dataclass
class IngestReport:
    added: int = 0
    present: int = 0
    claims: int = 0
    rejected: list[IngestError] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.added} documents added, {self.present} already present, "
            f"{len(self.rejected)} rejected; {self.claims} claims extracted"
        )


def ingest_paths(
    engine: Engine, paths: Iterable[str], *, progress: Progress | None = None
) -> IngestReport:
    """Read every file, store each new document with its claims, then relink."""
    report = IngestReport()
    files: list[Path] = []
    for item in expand_paths(paths):
        if isinstance(item, IngestError):
            report.rejected.append(item)
        else:
            files.append(item)
    for done, path in enumerate(files, start=1):
        for item in read_file(path):
            if isinstance(item, IngestError):
                report.rejected.append(item)
            else:
                ingest_document(engine, item, report)
        if progress:
            progress(done, len(files), str(path))
    if report.added:
        refresh(engine)
    return report


def ingest_document(engine: Engine, doc: Document, report: IngestReport) -> None:
    """Store one document and its claims in one transaction: a run killed half-way leaves
    whole documents only, and a rerun skips them by content hash."""
    with Session(engine) as session:
        if has_document(session, doc.content_hash):
            report.present += 1
            return
        try:
            claims = extract_claims(doc)
        except Exception as exc:  # an extractor bug must not stop the batch
            report.rejected.append(IngestError(doc.origin or "document", f"extraction: {exc!r}"))
            return
        resolved = [(c, canonical_source(c.source) or c.source, c.source_kind) for c in claims]
        if store_document(session, doc, resolved) is None:
            report.present += 1  # another process stored it first
            return
        session.commit()
    report.added += 1
    report.claims += len(claims)


def refresh(engine: Engine) -> int:
    """Link every claim to its question and recompute each question's estimate.
    Returns the number of questions."""
    with Session(engine) as session:
        rows = session.execute(
            select(
                ClaimRow.id, ClaimRow.counted, ClaimRow.owner, ClaimRow.event, ClaimRow.place,
                ClaimRow.period, ClaimRow.unit, ClaimRow.sentence,
            ).where(ClaimRow.counted.is_not(None), ClaimRow.is_change.is_(False))
        ).all()  # fmt: skip
        keys = attach_placeless(
            [
                question_key(
                    counted=r.counted, owner=r.owner, event=r.event, place=r.place,
                    period=r.period, unit=r.unit, sentence=r.sentence,
                )
                for r in rows
            ]  # fmt: skip
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
        session.execute(delete(QuestionRow).where(QuestionRow.id.not_in(by_question)))
        _reconcile(session)
        session.commit()
    return len(by_question)


def _upsert_questions(session: Session, keys: set[QuestionKey]) -> dict[QuestionKey, int]:
    existing = {q.key: q for q in session.scalars(select(QuestionRow))}
    ids: dict[QuestionKey, int] = {}
    for key in sorted(keys, key=QuestionKey.text):
        row = existing.get(key.text())
        if row is None:
            row = QuestionRow(
                key=key.text(), label=key.label(), counted=key.counted, owner=key.owner,
                event=key.event, place=key.place,
            )  # fmt: skip
            session.add(row)
            session.flush()
        ids[key] = row.id
    return ids


def _reconcile(session: Session) -> None:
    session.execute(delete(EstimateRow))
    rows = session.execute(
        select(ClaimRow.question_id, ClaimRow.value, ClaimRow.low, ClaimRow.high, SourceRow.name)
        .join(SourceRow, ClaimRow.source_id == SourceRow.id)
        .where(ClaimRow.question_id.is_not(None))
    ).all()
    figures: dict[int, list[Figure]] = {}
    for question_id, value, low, high, source in rows:
        figures.setdefault(question_id, []).append(Figure(value, low, high, source))
    for question_id, items in figures.items():
        estimate = median_estimate(items)
        session.add(
            EstimateRow(
                question_id=question_id, method=estimate.method, value=estimate.value,
                low=estimate.low, high=estimate.high, n_claims=estimate.n_claims,
                n_sources=estimate.n_sources,
            )  # fmt: skip
        )
