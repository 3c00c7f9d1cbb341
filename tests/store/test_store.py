"""The store on SQLite and on a real PostgreSQL (each test runs on both)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from corroborate.query.claims import list_claims
from corroborate.query.sources import list_sources
from corroborate.records import Claim, Document
from corroborate.store import DatabaseError, open_database, resolve_url
from corroborate.store.models import Base, ClaimRow, SourceRow
from corroborate.store.repository import counts, store_document

TEXT = "The agency said 1,500 troops moved. Later 2,000 more followed."


def _claim(start: int, end: int, value: float, source: str = "the agency") -> Claim:
    return Claim(
        sentence=TEXT[:35],
        start=0,
        end=35,
        mention=TEXT[start:end],
        mention_start=start,
        mention_end=end,
        value=value,
        counted="troops",
        source=source,
    )


def test_migrations_create_the_models_schema(db_url: str) -> None:
    engine = open_database(db_url)
    tables = set(inspect(engine).get_table_names())
    assert {"documents", "claims", "sources", "questions", "estimates"} <= tables
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            # full-text indexes are dialect-specific objects made by their own migration
            opts={"include_name": lambda name, kind, _parent: "_fts" not in (name or "")},
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_document_stored_once_with_its_claims(db_url: str) -> None:
    engine = open_database(db_url)
    doc = Document(text=TEXT, outlet="Demo Wire", published=date(2024, 10, 18))
    claims = [(_claim(16, 21, 1500), "NIS", "agency"), (_claim(42, 47, 2000), "NIS", "agency")]
    with Session(engine) as session:
        assert store_document(session, doc, claims) is not None
        session.commit()
    with Session(engine) as session:
        assert store_document(session, doc, claims) is None  # same content hash
        session.commit()
    assert counts(engine)["documents"] == 1
    assert counts(engine)["claims"] == 2
    rows = list_claims(engine)
    assert [r["value"] for r in rows] == [1500, 2000]
    assert rows[0]["source"] == "NIS" and rows[0]["published"] == "2024-10-18"
    assert TEXT[rows[0]["start"] : rows[0]["end"]] == rows[0]["sentence"]
    [source] = list_sources(engine)
    assert (source["name"], source["n_claims"], source["n_outlets"]) == ("NIS", 2, 1)


def test_failed_transaction_leaves_nothing_half_stored(db_url: str) -> None:
    engine = open_database(db_url)
    doc = Document(text=TEXT)
    with Session(engine) as session:
        store_document(session, doc, [(_claim(16, 21, 1500), "NIS", "agency")])
        session.rollback()  # as if the process died before commit
    assert counts(engine)["documents"] == 0 and counts(engine)["claims"] == 0
    with Session(engine) as session:
        store_document(session, doc, [(_claim(16, 21, 1500), "NIS", "agency")])
        session.commit()
    assert counts(engine)["claims"] == 1


def test_sources_are_shared_between_documents(db_url: str) -> None:
    engine = open_database(db_url)
    for outlet in ("Demo Wire", "Mock Herald"):
        with Session(engine) as session:
            doc = Document(text=TEXT, outlet=outlet)
            store_document(session, doc, [(_claim(16, 21, 1500), "NIS", "agency")])
            session.commit()
    with Session(engine) as session:
        assert len(session.scalars(select(SourceRow)).all()) == 1
        assert len(session.scalars(select(ClaimRow)).all()) == 2
    assert list_sources(engine)[0]["n_outlets"] == 2


def test_reopening_an_existing_database_keeps_data(db_url: str) -> None:
    engine = open_database(db_url)
    with Session(engine) as session:
        store_document(session, Document(text="x 1"), [])
        session.commit()
    engine.dispose()
    assert counts(open_database(db_url))["documents"] == 1


def test_database_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORROBORATE_DB", raising=False)
    assert resolve_url(None) == "sqlite:///corroborate.db"
    monkeypatch.setenv("CORROBORATE_DB", "/tmp/other.db")
    assert resolve_url(None) == "sqlite:////tmp/other.db"
    assert resolve_url("x.db") == "sqlite:///x.db"
    assert resolve_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"


def test_unopenable_databases_say_why(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(str(tmp_path / "missing-folder" / "x.db"))
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("this is not a database " * 100)
    with pytest.raises(DatabaseError, match="cannot open database"):
        open_database(str(not_a_db))
