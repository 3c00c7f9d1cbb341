"""Sources: the list, and a source's page with its aliases, grade and record."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path

from corroborate.query.sources import source_page, sources_page
from corroborate.web.deps import MAX_ID, EngineDep, Limit, Offset
from corroborate.web.render import page

router = APIRouter()

SourceId = Annotated[int, Path(ge=1, le=MAX_ID, description="A source's id.")]


def sources(engine: EngineDep, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Canonical sources with their grade and how many claims, documents and questions."""
    return sources_page(engine, limit=limit, offset=offset)


def source(
    source_id: SourceId, engine: EngineDep, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """A source: its aliases, grade, learned reliability, outlets that carry it, its
    record against the current estimates, and a page of its claims."""
    data = source_page(engine, source_id=source_id, limit=limit, offset=offset)
    if data is None:
        raise HTTPException(404, f"no source {source_id}")
    return data


page(router, "/sources", sources, "sources.html", name="sources", tags=["sources"])
page(router, "/sources/{source_id}", source, "source.html", name="source", tags=["sources"])
