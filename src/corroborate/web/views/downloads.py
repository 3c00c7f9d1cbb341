"""Bulk exports: every claim and every estimate as CSV or JSON, streamed."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from corroborate.web.deps import EngineDep
from corroborate.web.exports import (
    CLAIM_FIELDS,
    QUESTION_FIELDS,
    csv_chunks,
    iter_claims,
    iter_questions,
    json_chunks,
)

router = APIRouter()

MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _stream(rows, fields: tuple[str, ...], fmt: str, name: str) -> StreamingResponse:  # type: ignore[no-untyped-def]
    chunks = csv_chunks(rows, fields) if fmt == "csv" else json_chunks(rows)
    return StreamingResponse(
        chunks,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@router.get(
    "/api/export/claims.{fmt}",
    tags=["exports"],
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}, "application/json": {}}}},
)
def export_claims(fmt: Literal["csv", "json"], engine: EngineDep) -> StreamingResponse:
    """Every claim with its source, date, judgement and evidence sentence."""
    return _stream(iter_claims(engine), CLAIM_FIELDS, fmt, "claims")


@router.get(
    "/api/export/questions.{fmt}",
    tags=["exports"],
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}, "application/json": {}}}},
)
def export_questions(fmt: Literal["csv", "json"], engine: EngineDep) -> StreamingResponse:
    """Every question with its estimate, interval and number of independent sources."""
    return _stream(iter_questions(engine), QUESTION_FIELDS, fmt, "questions")
