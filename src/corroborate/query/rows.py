"""The columns every claim listing reads, and rows turned into plain data.

One claim row for every rendering: the CLI's listings and exports, the API and the pages
all select ``claims_select()`` and turn each row into a dict with ``claim_row``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from corroborate.ingest.documents import page_of
from corroborate.records import AUTHOR, date_text
from corroborate.store.models import ClaimRow, DocumentRow, SourceRow

# A claim's date: when the figure holds, else when its article was published.
CLAIM_DATE = func.coalesce(ClaimRow.as_of, DocumentRow.published)
# A claim's point value: its figure, or the middle of its range.
CLAIM_POINT = func.coalesce(
    ClaimRow.value, (ClaimRow.low + ClaimRow.high) / 2.0, ClaimRow.low, ClaimRow.high
)
ID_CHUNK = 500  # ids per IN (...) list


def source_voice() -> ColumnElement[str]:
    """The source as readers should see it: an unattributed claim is its outlet's own."""
    return case(
        (
            (SourceRow.name == AUTHOR) & DocumentRow.outlet.is_not(None),
            DocumentRow.outlet + " (author)",
        ),
        else_=SourceRow.name,
    )


def claims_select() -> Select[*tuple[Any, ...]]:
    """A claim with its document, its source and the reconcile engine's judgement."""
    return (
        select(
            ClaimRow.id,
            ClaimRow.document_id,
            DocumentRow.url,
            DocumentRow.outlet,
            DocumentRow.title,
            DocumentRow.published,
            DocumentRow.pages.label("document_pages"),
            ClaimRow.sentence,
            ClaimRow.start,
            ClaimRow.end,
            ClaimRow.mention,
            ClaimRow.value,
            ClaimRow.low,
            ClaimRow.high,
            ClaimRow.qualifier,
            ClaimRow.unit,
            ClaimRow.counted,
            ClaimRow.owner,
            ClaimRow.kind,
            ClaimRow.event_class.label("event"),
            ClaimRow.event.label("event_text"),
            ClaimRow.place,
            ClaimRow.as_of,
            ClaimRow.as_of_precision,
            DocumentRow.published.label("reported"),
            DocumentRow.published_precision,
            ClaimRow.period,
            source_voice().label("source"),
            ClaimRow.via,
            ClaimRow.speaker,
            ClaimRow.source_text,
            ClaimRow.hedged,
            ClaimRow.hedge,
            ClaimRow.question_id,
            ClaimRow.status,
            ClaimRow.source_id,
            ClaimRow.mention_start,
            ClaimRow.mention_end,
            ClaimRow.echo_of,
            ClaimRow.weight,
            ClaimRow.credibility,
            ClaimRow.credibility_reason,
            ClaimRow.flag,
            SourceRow.grade.label("grade"),
            SourceRow.reliability.label("reliability"),
            CLAIM_DATE.label("date"),
        )
        .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
        .join(SourceRow, ClaimRow.source_id == SourceRow.id)
        .order_by(ClaimRow.id)
    )


def plain_row(mapping: Any) -> dict[str, Any]:
    """Dates as ISO strings, as precise as they are known ("2025-01"), so every rendering
    (table, JSON, CSV) agrees."""
    out = dict(mapping)
    published = out.pop("published_precision", None)
    precision = {"as_of": out.pop("as_of_precision", None), "published": published,
                 "reported": published}  # fmt: skip
    for key in ("published", "reported", "as_of"):
        if out.get(key) is not None:
            out[key] = date_text(out[key], precision[key])
    if "via" in out:
        out["via"] = out["via"] or []
    pages = out.pop("document_pages", None)
    if "start" in out and "document_id" in out:
        out["page"] = page_of(pages, out["start"]) if pages else None  # a PDF's page
    if "date" in out:
        out["date"] = iso(out["date"])
    return out


def claim_row(row: Any) -> dict[str, Any]:
    """A selected row as every rendering shows it."""
    return plain_row(row._mapping)


def claims_by_ids(connection: Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The claims of ``ids``, in that order (ids not found are left out)."""
    rows: dict[int, dict[str, Any]] = {}
    for at in range(0, len(ids), ID_CHUNK):
        query = claims_select().where(ClaimRow.id.in_(ids[at : at + ID_CHUNK]))
        rows.update((r.id, claim_row(r)) for r in connection.execute(query))
    return [rows[i] for i in ids if i in rows]


def iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def as_date(value: Any) -> date | None:
    """A date SQLite returns as text, PostgreSQL as a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
