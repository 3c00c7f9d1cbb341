"""The full-text migration (0002): indexes kept in sync, and reversible."""

from __future__ import annotations

import importlib.util

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, delete, inspect, text, update

from corroborate.query import search as queries
from corroborate.store.db import MIGRATIONS
from corroborate.store.models import ClaimRow, DocumentRow


def _run_0002(engine: Engine, step: str) -> None:
    """Run only this migration's upgrade or downgrade, whatever comes after it."""
    path = MIGRATIONS / "versions" / "0002_fulltext.py"
    spec = importlib.util.spec_from_file_location("migration_0002", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
        getattr(module, step)()


def _fts_objects(engine: Engine) -> set[str]:
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT name FROM sqlite_master WHERE name LIKE '%_fts%'")
            )
            return {r[0] for r in rows}
    inspector = inspect(engine)
    return {
        index["name"]
        for table in ("documents", "claims")
        for index in inspector.get_indexes(table)
        if "_fts" in index["name"]
    }


def test_index_follows_edits_and_deletes(engine: Engine) -> None:
    hits = queries.search(engine, q="Vladivostok")
    assert hits["total_documents"] >= 1 and hits["total_claims"] >= 1
    with engine.begin() as connection:
        connection.execute(
            update(ClaimRow)
            .where(ClaimRow.id == hits["claims"][0]["id"])
            .values(sentence="Zanzibarian wording replaced by an analyst.")
        )
    assert queries.search(engine, q="Zanzibarian")["total_claims"] == 1
    doc = hits["documents"][0]["id"]
    with engine.begin() as connection:
        connection.execute(delete(ClaimRow).where(ClaimRow.document_id == doc))
        connection.execute(delete(DocumentRow).where(DocumentRow.id == doc))
    after = queries.search(engine, q="Vladivostok")
    assert doc not in {d["id"] for d in after["documents"]}
    assert after["total_documents"] == hits["total_documents"] - 1


def test_migration_is_reversible(engine: Engine) -> None:
    assert len(_fts_objects(engine)) >= 2
    _run_0002(engine, "downgrade")
    assert _fts_objects(engine) == set()
    _run_0002(engine, "upgrade")
    assert len(_fts_objects(engine)) >= 2
    assert queries.search(engine, q="Kursk")["total_documents"] >= 1  # rebuilt from the tables
