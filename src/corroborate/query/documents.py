"""Documents: the listing (``documents`` in the CLI, ``/api/documents``) and a
document's text cut into segments at its claims' sentences and figures."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from sqlalchemy import Engine, func, select

from corroborate.query.cache import cached
from corroborate.query.rows import claim_row, claims_select, iso
from corroborate.store.models import ClaimRow, DocumentRow


def documents_page(engine: Engine, *, limit: int | None = 50, offset: int = 0) -> dict[str, Any]:
    """Documents, newest first, with their claim counts (cached until the data changes).
    ``limit`` None: all of them."""
    return cached(engine, "documents", (limit, offset), lambda: _documents(engine, limit, offset))


def _documents(engine: Engine, limit: int | None, offset: int) -> dict[str, Any]:
    page = (
        select(DocumentRow.id)
        .order_by(DocumentRow.published.desc().nulls_last(), DocumentRow.id.desc())
        .limit(limit)
        .offset(offset)
        .subquery()
    )
    counts = (
        select(ClaimRow.document_id.label("did"), func.count().label("n_claims"))
        .where(ClaimRow.document_id.in_(select(page.c.id)))
        .group_by(ClaimRow.document_id)
        .subquery()
    )
    query = (
        select(
            DocumentRow.id,
            DocumentRow.title,
            DocumentRow.outlet,
            DocumentRow.published,
            DocumentRow.url,
            func.coalesce(counts.c.n_claims, 0).label("n_claims"),
        )
        .join(page, page.c.id == DocumentRow.id)
        .outerjoin(counts, counts.c.did == DocumentRow.id)
        .order_by(DocumentRow.published.desc().nulls_last(), DocumentRow.id.desc())
    )
    with engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(DocumentRow)) or 0
        documents = [claim_row(r) for r in connection.execute(query)]
    return {"documents": documents, "total": total, "limit": limit, "offset": offset}


def document_page(engine: Engine, *, document_id: int) -> dict[str, Any] | None:
    """A document with its claims and its text cut into highlight segments."""
    with engine.connect() as connection:
        doc = connection.execute(
            select(
                DocumentRow.id,
                DocumentRow.title,
                DocumentRow.outlet,
                DocumentRow.published,
                DocumentRow.url,
                DocumentRow.language,
                DocumentRow.text,
            ).where(DocumentRow.id == document_id)
        ).first()
        if doc is None:
            return None
        claims = [
            claim_row(r)
            for r in connection.execute(claims_select().where(ClaimRow.document_id == document_id))
        ]
    return {
        "document": {
            "id": doc.id,
            "title": doc.title,
            "outlet": doc.outlet,
            "published": iso(doc.published),
            "url": doc.url,
            "language": doc.language,
            "text": doc.text,
        },
        "claims": claims,
        "segments": segments(doc.text, claims),
    }


def segments(text_: str, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut ``text_`` at every stored sentence and figure offset.

    Each segment is ``{"text", "sentence": [claim ids whose sentence covers it],
    "mention": claim id whose figure it is, or None, "anchor": True on the first segment
    of a figure}``. Templates escape each piece; no markup is ever built from the text.
    Offsets outside the text are ignored.
    """
    size = len(text_)
    spans: list[tuple[int, tuple[int, int] | None, tuple[int, int] | None]] = []
    cuts = {0, size}
    for c in claims:
        sentence_span = _span(c.get("start"), c.get("end"), size)
        mention_span = _span(c.get("mention_start"), c.get("mention_end"), size)
        spans.append((c["id"], sentence_span, mention_span))
        cuts.update(sentence_span or ())
        cuts.update(mention_span or ())
    points = sorted(cuts)
    out: list[dict[str, Any]] = []
    anchored: set[int] = set()
    for a, b in pairwise(points):
        sentence = [cid for cid, se, _ in spans if se and se[0] <= a and b <= se[1]]
        mention = next((cid for cid, _, me in spans if me and me[0] <= a and b <= me[1]), None)
        anchor = mention is not None and mention not in anchored
        if mention is not None:
            anchored.add(mention)
        out.append({"text": text_[a:b], "sentence": sentence, "mention": mention, "anchor": anchor})
    return out


def _span(start: object, end: object, size: int) -> tuple[int, int] | None:
    """(start, end) when both are offsets inside a text of ``size`` characters."""
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size:
        return start, end
    return None
