"""full-text search over documents and claims

SQLite: FTS5 external-content tables (``documents_fts``, ``claims_fts``, Porter stemming)
kept in sync by triggers. The claims triggers fire only when the indexed columns change,
so relinking (which rewrites ``question_id`` on every claim) does not re-index anything.
PostgreSQL: GIN expression indexes over ``to_tsvector('english', ...)``; queries use the
same expressions, so there is nothing to keep in sync.

Every object has ``_fts`` in its name: the schema-vs-models test ignores them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 17:45:00
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The text each index covers; corroborate.query.search uses the same expressions.
PG_DOCUMENTS = "to_tsvector('english', coalesce(title, '') || ' ' || text)"
PG_CLAIMS = "to_tsvector('english', sentence || ' ' || coalesce(counted, '') || ' ' || source_text)"

SQLITE_UP = [
    """CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='id', tokenize='porter unicode61')""",
    """CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE VIRTUAL TABLE claims_fts USING fts5(
        sentence, counted, source_text, content='claims', content_rowid='id',
        tokenize='porter unicode61')""",
    """CREATE TRIGGER claims_fts_ai AFTER INSERT ON claims BEGIN
        INSERT INTO claims_fts(rowid, sentence, counted, source_text)
        VALUES (new.id, new.sentence, new.counted, new.source_text);
    END""",
    """CREATE TRIGGER claims_fts_ad AFTER DELETE ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, sentence, counted, source_text)
        VALUES ('delete', old.id, old.sentence, old.counted, old.source_text);
    END""",
    """CREATE TRIGGER claims_fts_au AFTER UPDATE OF sentence, counted, source_text ON claims
    BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, sentence, counted, source_text)
        VALUES ('delete', old.id, old.sentence, old.counted, old.source_text);
        INSERT INTO claims_fts(rowid, sentence, counted, source_text)
        VALUES (new.id, new.sentence, new.counted, new.source_text);
    END""",
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
    "INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')",
]

SQLITE_DOWN = [
    *(
        f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}"
        for table in ("documents", "claims")
        for suffix in ("ai", "ad", "au")
    ),
    "DROP TABLE IF EXISTS documents_fts",
    "DROP TABLE IF EXISTS claims_fts",
]

PG_UP = [
    f"CREATE INDEX IF NOT EXISTS documents_fts ON documents USING gin ({PG_DOCUMENTS})",
    f"CREATE INDEX IF NOT EXISTS claims_fts ON claims USING gin ({PG_CLAIMS})",
]

PG_DOWN = ["DROP INDEX IF EXISTS documents_fts", "DROP INDEX IF EXISTS claims_fts"]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_UP)
    elif dialect == "postgresql":
        _run(PG_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_DOWN)
    elif dialect == "postgresql":
        _run(PG_DOWN)
