"""Bulk exports: every claim and every estimate as CSV or JSON, streamed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from corroborate.present.exports import CLAIM_FIELDS, QUESTION_FIELDS, csv_chunks, json_chunks, only
from corroborate.query.claims import iter_claims
from corroborate.query.questions import list_questions
from corroborate.web.deps import EngineDep

router = APIRouter()

MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _stream(
    rows: Iterable[dict[str, Any]], fields: tuple[str, ...], fmt: str, name: str
) -> StreamingResponse:
    rows = only(rows, fields)
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
    return _stream(list_questions(engine), QUESTION_FIELDS, fmt, "questions")
