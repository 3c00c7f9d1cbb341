"""``corroborate db``: the database schema."""

from __future__ import annotations

from corroborate.cli._app import DbOption, db_app, open_db, out


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the schema or bring it to the newest version (alembic migrations)."""
    engine = open_db(db, create=True)
    out.print(f"database {engine.url.render_as_string(hide_password=True)} is up to date")
