"""Alembic environment: migrations run on the connection corroborate hands over, or on
the URL given by ``corroborate db upgrade`` / ``alembic -x db=URL``."""

from alembic import context
from sqlalchemy import Connection, create_engine

from corroborate.store.db import resolve_url
from corroborate.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = resolve_url(context.get_x_argument(as_dictionary=True).get("db"))
    with create_engine(url).begin() as conn:
        _run(conn)


def _ours(name: str | None, kind: str, parent: object) -> bool:
    """Full-text objects are dialect-specific and made by hand in their own migration."""
    return "_fts" not in (name or "")


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
        include_name=_ours,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
