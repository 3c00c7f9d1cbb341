"""The store: SQLAlchemy models and data functions over SQLite or PostgreSQL."""

from corroborate.store.db import DatabaseError, MissingDatabase, open_database, resolve_url

__all__ = ["DatabaseError", "MissingDatabase", "open_database", "resolve_url"]
