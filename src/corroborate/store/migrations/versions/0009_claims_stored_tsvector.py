"""PostgreSQL: each claim's full-text vector stored, computed only when its text changes

Migration 0002 indexed ``to_tsvector(...)`` of each claim's text. A relink rewrites
claims (their question, their judgement), and every rewritten row is a new row version
that the GIN index must take again, computing the vector anew although the text did not
change: most of a relink's cost on PostgreSQL. The vector is now a column
(``sentence_fts``), set by a trigger on insert and on an update of the text only, and
the index is on the column. SQLite's FTS5 triggers already fire on a change of the text
only, so SQLite is left as it is. ``corroborate.query.search`` searches the column.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 06:20:00
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

VECTOR = (
    "to_tsvector('english', {row}sentence || ' ' || coalesce({row}counted, '') || ' ' "
    "|| {row}source_text)"
)

PG_UP = [
    "ALTER TABLE claims ADD COLUMN sentence_fts tsvector",
    f"UPDATE claims SET sentence_fts = {VECTOR.format(row='')}",
    f"""CREATE FUNCTION claims_sentence_fts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.sentence_fts := {VECTOR.format(row="NEW.")};
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER claims_sentence_fts
        BEFORE INSERT OR UPDATE OF sentence, counted, source_text ON claims
        FOR EACH ROW EXECUTE FUNCTION claims_sentence_fts()""",
    "DROP INDEX IF EXISTS claims_fts",
    "CREATE INDEX claims_fts ON claims USING gin (sentence_fts)",
]

PG_DOWN = [
    "DROP INDEX IF EXISTS claims_fts",
    "DROP TRIGGER IF EXISTS claims_sentence_fts ON claims",
    "DROP FUNCTION IF EXISTS claims_sentence_fts()",
    "ALTER TABLE claims DROP COLUMN IF EXISTS sentence_fts",
    f"CREATE INDEX claims_fts ON claims USING gin ({VECTOR.format(row='')})",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_DOWN:
            op.execute(statement)
