"""The audit log: every analyst edit, newest first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from corroborate.store.models import EditRow


def edits_page(engine: Engine, *, limit: int | None = 100, offset: int = 0) -> dict[str, Any]:
    """Edits, newest first: who made which, when, with what (``payload``). ``limit``
    None: all of them."""
    with engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(EditRow)) or 0
        rows = connection.execute(
            select(EditRow.id, EditRow.at, EditRow.actor, EditRow.action, EditRow.payload)
            .order_by(EditRow.id.desc())
            .limit(limit)
            .offset(offset)
        )
        edits = [
            {
                "id": e.id,
                "at": e.at.isoformat(sep=" ", timespec="seconds") if e.at else None,
                "actor": e.actor,
                "action": e.action,
                "payload": e.payload,
            }
            for e in rows
        ]
    return {"edits": edits, "total": total, "limit": limit, "offset": offset}
