"""Opening a database: URL resolution, engine set-up and schema migrations."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

DEFAULT_DB = "corroborate.db"
ENV_VAR = "CORROBORATE_DB"
MIGRATIONS = Path(__file__).parent / "migrations"
RELINK_LOCK = 0x636F7272  # arbitrary constants naming corroborate's advisory locks
MIGRATE_LOCK = RELINK_LOCK + 1
WAL_TRIES = 200  # 10 s


class DatabaseError(Exception):
    """The database cannot be opened; the message says why and what to do."""


class MissingDatabase(DatabaseError):
    """A command that only reads was given a SQLite file that does not exist (a typo
    would otherwise create an empty database and show nothing)."""


def resolve_url(db: str | None = None) -> str:
    """``--db`` (a SQLite path or an SQLAlchemy URL), else ``$CORROBORATE_DB``, else
    ``./corroborate.db``."""
    raw = db or os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser()}"
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise DatabaseError(f"not a database URL or path: {raw!r} ({exc})") from exc
    if url.drivername in ("postgresql", "postgres"):
        # psycopg 3 is the driver we install; plain postgresql:// would look for psycopg2.
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    _write_ahead_log(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _write_ahead_log(cursor: sqlite3.Cursor) -> None:
    """WAL mode: readers do not block the writer. Two processes opening a new database at
    once both ask for the switch, which needs a lock SQLite does not wait for: the one
    refused retries until the other has made the switch (then a no-op)."""
    for attempt in range(WAL_TRIES):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_TRIES - 1:
                raise
            time.sleep(0.05)


def make_engine(db: str | None = None) -> Engine:
    url = resolve_url(db)
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:" and not Path(path).parent.exists():
            raise DatabaseError(
                f"cannot create database {path}: folder {Path(path).parent} does not exist"
            )
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        raise DatabaseError(
            f"no driver for {url.split(':', 1)[0]}: pip install 'corroborate[postgres]' ({exc})"
        ) from exc


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates it on an empty database)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        # Two processes opening a new database at once: one migrates, the other waits and
        # then finds the schema current.
        write_lock(connection, MIGRATE_LOCK)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(db: str | None = None, *, must_exist: bool = False) -> Engine:
    """An engine on an up-to-date schema. ``must_exist``: a SQLite file that is not there
    is refused instead of created."""
    if must_exist:
        _check_exists(db)
    engine = make_engine(db)
    try:
        if "alembic_version" not in inspect(engine).get_table_names() or _behind(engine):
            upgrade(engine)
    except Exception as exc:  # a wrong password, an unreachable host, a file that is no db
        if isinstance(exc, DatabaseError):
            raise
        shown = engine.url.render_as_string(hide_password=True)
        raise DatabaseError(f"cannot open database {shown}: {reason(exc)}") from exc
    return engine


def _check_exists(db: str | None) -> None:
    url = make_url(resolve_url(db))
    path = url.database if url.drivername.startswith("sqlite") else None
    if path and path != ":memory:" and not Path(path).exists():
        shown = db or os.environ.get(ENV_VAR) or DEFAULT_DB
        raise MissingDatabase(f"no database at {shown} — `corroborate ingest` creates one")


# SQLAlchemy appends "(Background on this error at: https://sqlalche.me/...)" and the
# statement on lines of their own: the driver's first line says what went wrong.
_BACKGROUND = re.compile(r"\s*\(Background on this error at: [^)]*\)")


def reason(exc: BaseException) -> str:
    """An exception as one line a user can act on: the driver's own message when a
    library wrapped it, without the library's help link or the SQL statement."""
    inner = getattr(exc, "orig", None) or exc
    text = _BACKGROUND.sub("", str(inner)).strip()
    first = text.splitlines()[0].strip() if text else type(inner).__name__
    return first


def _behind(engine: Engine) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    return set(current) != set(script.get_heads())


def write_lock(connection: Connection, key: int) -> None:
    """Serialise a whole-database rewrite (migrating, relinking) between processes.

    PostgreSQL: a transaction-scoped advisory lock named ``key``. SQLite: the write lock
    taken up front (BEGIN IMMEDIATE) instead of upgrading a read lock later, which
    deadlocks. Call it first in the transaction.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_for_relink(session: Session) -> None:
    """Two processes relinking at once would each delete the questions the other just
    linked: one waits for the other."""
    write_lock(session.connection(), RELINK_LOCK)
