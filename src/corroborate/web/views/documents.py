"""Documents: the list, and a document's text with its claims highlighted."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path

from corroborate.query.documents import document_page, documents_page
from corroborate.web.deps import MAX_ID, EngineDep, Limit, Offset
from corroborate.web.render import page

router = APIRouter()

DocumentId = Annotated[int, Path(ge=1, le=MAX_ID, description="A document's id.")]


def documents(engine: EngineDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Documents, newest first, with how many claims each holds."""
    return documents_page(engine, limit=limit, offset=offset)


def document(document_id: DocumentId, engine: EngineDep) -> dict[str, Any]:
    """A document, its claims, and its text cut into segments at every evidence
    sentence and figure (``segments``: text, the claims whose sentence covers it, the
    claim whose figure it is)."""
    data = document_page(engine, document_id=document_id)
    if data is None:
        raise HTTPException(404, f"no document {document_id}")
    return data


page(router, "/documents", documents, "documents.html", name="documents", tags=["documents"])
page(
    router,
    "/documents/{document_id}",
    document,
    "document.html",
    name="document",
    tags=["documents"],
)
