"""The main job: documents in, claims stored, questions linked and reconciled.

This module composes the stages; it knows nothing of the CLI or the web layer, which call
it and render what it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from corroborate.analysis import refresh
from corroborate.extract import extract_claims
from corroborate.ingest import IngestError, expand_paths, read_file
from corroborate.link.edits import aliases, normalise_alias
from corroborate.link.sources import canonical_source
from corroborate.records import Document
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
    with Session(engine) as session:
        alias_map = aliases(session)
    for done, path in enumerate(files, start=1):
        for item in read_file(path):
            if isinstance(item, IngestError):
                report.rejected.append(item)
            else:
                ingest_document(engine, item, report, alias_map)
        if progress:
            progress(done, len(files), str(path))
    if report.added:
        refresh(engine)
    return report


def ingest_document(
    engine: Engine, doc: Document, report: IngestReport, alias_map: dict[str, str] | None = None
) -> None:
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
        resolved = [(c, _source_name(c.source, alias_map or {}), c.source_kind) for c in claims]
        if store_document(session, doc, resolved) is None:
            report.present += 1  # another process stored it first
            return
        session.commit()
    report.added += 1
    report.claims += len(claims)


def _source_name(written: str, alias_map: dict[str, str]) -> str:
    """The analyst's alias table first, then the built-in canonical names."""
    return alias_map.get(normalise_alias(written)) or canonical_source(written) or written
