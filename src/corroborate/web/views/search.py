"""Full-text search over documents and claims."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from corroborate.query.search import search as search_text
from corroborate.web.deps import EngineDep, Offset
from corroborate.web.render import page

router = APIRouter()


def search(
    engine: EngineDep,
    q: Annotated[str, Query(max_length=200, description="Words to find (all of them).")] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Documents (title, text) and claims (sentence, what is counted, source as written)
    containing every word of ``q``, best matches first; snippets mark the hits."""
    return search_text(engine, q=q, limit=limit, offset=offset)


page(router, "/search", search, "search.html", name="search", tags=["search"])
