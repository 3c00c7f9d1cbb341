"""The one write path: extraction with sources resolved, batches and single documents,
each document stored once, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from corroborate.ingest import IngestError
from corroborate.link.aliases import normalise_alias
from corroborate.records import Document
from corroborate.service import write
from corroborate.service.write import Extracted, extract_for_store, write_batch, write_one
from corroborate.store import open_database
from corroborate.store.models import ClaimRow, SourceRow
from corroborate.store.repository import counts

ARTICLE = Document(
    text="South Korea's spy agency said 1,500 North Korean troops arrived in Vladivostok.",
    url="https://e.example/nis",
)


def test_sources_are_resolved_with_the_analysts_aliases_first() -> None:
    built_in = extract_for_store(ARTICLE, {})
    alias = {normalise_alias("South Korea's National Intelligence Service (NIS)"): "NIS"}
    aliased = extract_for_store(ARTICLE, alias)
    assert isinstance(built_in, Extracted) and isinstance(aliased, Extracted)
    assert [name for _, name, _ in built_in.claims] == [
        "South Korea's National Intelligence Service (NIS)"
    ]
    assert [name for _, name, _ in aliased.claims] == ["NIS"]


def test_an_extractor_bug_is_the_documents_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(doc: Document) -> list[object]:
        raise RuntimeError("a bug")

    monkeypatch.setattr(write, "extract_claims", broken)
    outcome = extract_for_store(Document(text="x 1", origin="a.txt"), {})
    assert isinstance(outcome, IngestError)
    assert (outcome.origin, outcome.reason) == ("a.txt", "extraction: RuntimeError('a bug')")


def test_write_batch_stores_each_document_once(db_url: str) -> None:
    engine = open_database(db_url)
    docs = [Document(text=f"Text {name}.", url=f"https://e.example/{name}") for name in "abc"]
    batch = [Extracted(d, []) for d in docs] + [Extracted(docs[0], [])]
    first = write_batch(engine, batch)
    assert (first.added, first.present) == (3, 1)
    second = write_batch(engine, batch)
    assert (second.added, second.present) == (0, 4)
    assert counts(engine)["documents"] == 3


def test_a_document_written_alone_or_in_a_batch_is_stored_alike(db_url: str) -> None:
    engine = open_database(db_url)
    item = extract_for_store(ARTICLE, {})
    assert isinstance(item, Extracted)
    with Session(engine) as session:
        assert write_one(session, item) is not None
        session.commit()
    with Session(engine) as session:
        assert write_one(session, item) is None  # stored already
    assert write_batch(engine, [item]).present == 1
    with Session(engine) as session:
        stored = session.execute(select(ClaimRow.value, SourceRow.name).join(SourceRow)).all()
    assert stored == [(1500.0, "South Korea's National Intelligence Service (NIS)")]
