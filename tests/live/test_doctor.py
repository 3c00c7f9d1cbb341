"""`corroborate doctor` on a clean database and on one corrupted on purpose."""

from __future__ import annotations

import json

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from corroborate.cli.app import app
from corroborate.records import Document
from corroborate.service.ingest import IngestReport, ingest_document
from corroborate.store import open_database
from corroborate.store.doctor import check
from corroborate.store.models import ClaimRow, DocumentRow

ARTICLES = [
    "South Korea's National Intelligence Service said 1,500 North Korean special forces "
    "troops were shipped to Russia. Ukraine's military intelligence chief said 10,000 "
    "troops were being trained.",
    "The ministry said more than 1,300 soldiers were killed or wounded per day last week.",
]


def _database(db_url: str):  # type: ignore[no-untyped-def]
    engine = open_database(db_url)
    report = IngestReport()
    for n, body in enumerate(ARTICLES):
        doc = Document(text=body, url=f"https://wire.example/{n}", outlet="Wire")
        ingest_document(engine, doc, report)
    assert report.added == 2 and report.claims >= 3
    return engine


def test_a_clean_database_is_reported_clean(db_url) -> None:
    engine = _database(db_url)
    report = check(engine)
    assert report.clean and report.findings == []
    assert report.checked["documents"] == 2 and report.checked["claims"] >= 3
    result = CliRunner().invoke(app, ["doctor", "--db", db_url])
    assert result.exit_code == 0 and "clean" in result.stdout


def test_planted_problems_are_found(db_url) -> None:
    engine = _database(db_url)
    with Session(engine) as session:
        first = session.scalars(select(ClaimRow).order_by(ClaimRow.id)).first()
        shifted, edited = first.id, first.document_id
        # 1. a claim whose offsets no longer match: its sentence moved by one character
        session.execute(
            update(ClaimRow)
            .where(ClaimRow.id == shifted)
            .values(start=ClaimRow.start + 1, end=ClaimRow.end + 1)
        )
        session.commit()
    with engine.begin() as connection:
        # 2. an orphan: a claim whose document is gone (foreign keys off, as in a bad restore)
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        else:
            connection.exec_driver_sql("SET session_replication_role = replica")
        connection.execute(
            text(
                'INSERT INTO claims (document_id, source_id, sentence, start, "end", mention,'
                " mention_start, mention_end, qualifier, source_text, hedged, is_change, status)"
                ' SELECT 9999, source_id, sentence, start, "end", mention, mention_start,'
                " mention_end, qualifier, source_text, hedged, is_change, status"
                f" FROM claims WHERE id = {shifted}"
            )
        )
        if engine.dialect.name != "sqlite":
            connection.exec_driver_sql("SET session_replication_role = DEFAULT")
    with Session(engine) as session:
        # 3. a document whose text was edited in place after its claims were found
        other = session.scalar(
            select(DocumentRow.id).where(DocumentRow.id != edited).order_by(DocumentRow.id)
        )
        session.execute(
            update(DocumentRow)
            .where(DocumentRow.id == other)
            .values(text="Edited. " + DocumentRow.text)
        )
        session.commit()
    report = check(engine)
    assert not report.clean
    kinds = {(f.check, f.table, f.row_id) for f in report.findings}
    assert ("offsets", "claims", shifted) in kinds
    assert any(f.check == "orphan" and "document 9999" in f.detail for f in report.findings)
    assert ("content_hash", "documents", other) in kinds
    edited_claims = [f for f in report.findings if f.check == "offsets" and f.row_id != shifted]
    assert edited_claims  # every claim of the edited document is out of place
    assert all(f.severity == "error" for f in edited_claims)

    result = CliRunner().invoke(app, ["doctor", "--db", db_url, "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert {f["check"] for f in findings} >= {"offsets", "orphan", "content_hash"}
    assert all(set(f) == {"check", "severity", "table", "row_id", "detail"} for f in findings)
