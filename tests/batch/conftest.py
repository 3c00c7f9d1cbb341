"""A replicated corpus (the sample articles copied with a figure-free sentence naming
each copy, so every copy is a new document) and helpers to compare databases."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from corroborate.bench.ingest import replicate_corpus
from corroborate.store import open_database
from corroborate.store.models import ClaimRow, DocumentRow, QuestionRow, SourceRow

CLI = str(Path(sys.executable).parent / "corroborate")


@pytest.fixture
def corpus(tmp_path: Path, examples_dir: Path):  # type: ignore[no-untyped-def]
    """``corpus(n)``: a folder of ``n`` documents; returns (folder, info)."""

    def build(documents: int) -> tuple[Path, dict]:
        folder = tmp_path / f"corpus-{documents}"
        info = replicate_corpus(folder, documents=documents, source=examples_dir)
        return folder, info

    return build


def snapshot(url: str) -> dict[str, object]:
    """What a run stored, independent of row ids and of the order of work."""
    engine = open_database(url)
    try:
        with engine.connect() as connection:
            hashes = list(connection.scalars(select(DocumentRow.content_hash)))
            claims = connection.execute(
                select(
                    DocumentRow.content_hash,
                    ClaimRow.mention_start,
                    ClaimRow.mention_end,
                    ClaimRow.value,
                    ClaimRow.low,
                    ClaimRow.high,
                    SourceRow.name,
                )
                .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
                .join(SourceRow, ClaimRow.source_id == SourceRow.id)
            ).all()
            sources = list(connection.scalars(select(SourceRow.name)))
            questions = list(connection.scalars(select(QuestionRow.key)))
            linked = connection.scalar(
                select(func.count()).select_from(ClaimRow).where(ClaimRow.question_id.is_not(None))
            )
    finally:
        engine.dispose()
    return {
        "documents": sorted(hashes),
        "claims": sorted(tuple(c) for c in claims),
        "sources": sorted(sources),
        "questions": sorted(questions),
        "linked": linked,
        "duplicates": {
            "documents": [h for h, n in Counter(hashes).items() if n > 1],
            "sources": [s for s, n in Counter(sources).items() if n > 1],
            "questions": [q for q, n in Counter(questions).items() if n > 1],
        },
    }


def claims_per_copy_agree(url: str) -> bool:
    """Every copy of an article has the same number of claims as the other copies (no
    document stored without its claims, none stored twice)."""
    engine = open_database(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(DocumentRow.title, DocumentRow.outlet, func.count(ClaimRow.id))
                .join(ClaimRow, ClaimRow.document_id == DocumentRow.id, isouter=True)
                .group_by(DocumentRow.id)
            ).all()
    finally:
        engine.dispose()
    counts: dict[tuple, set[int]] = {}
    for title, outlet, n in rows:
        counts.setdefault((title, outlet), set()).add(n)
    return all(len(values) == 1 for values in counts.values())
