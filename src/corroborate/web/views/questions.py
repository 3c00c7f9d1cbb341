"""The questions dashboard, a question's page, its printable brief and its chart."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import HTMLResponse, Response

from corroborate.present.chart import chart_document
from corroborate.present.exports import CLAIM_FIELDS, csv_chunks, now_text
from corroborate.present.reasoning import question_reasoning
from corroborate.query.claims import iter_claims
from corroborate.query.questions import question_page, questions_page
from corroborate.web.deps import MAX_ID, EngineDep, Limit, Offset
from corroborate.web.render import page, render_html

router = APIRouter()

QuestionId = Annotated[int, Path(ge=1, le=MAX_ID, description="A question's id.")]
Text = Annotated[str | None, Query(max_length=200)]
AsOf = Annotated[
    date | None,
    Query(description="Answer as the reporting up to this date did (YYYY-MM-DD)."),
]


def questions(
    engine: EngineDep,
    q: Annotated[str | None, Query(max_length=200, description="Words in the label.")] = None,
    counted: Annotated[str | None, Query(max_length=200, description="What is counted.")] = None,
    place: Text = None,
    source: Annotated[
        str | None, Query(max_length=200, description="Only questions this source answers.")
    ] = None,
    since: Annotated[date | None, Query(description="Claims dated on or after.")] = None,
    until: Annotated[date | None, Query(description="Claims dated on or before.")] = None,
    as_of: AsOf = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Questions with their estimate, interval, independent sources, latest figure, trend
    and flags; filtered by label, what is counted, place, source and date range."""
    return questions_page(
        engine,
        q=q or None,
        counted=counted or None,
        place=place or None,
        source=source or None,
        since=since,
        until=until,
        as_of=as_of,
        limit=limit,
        offset=offset,
    )


def question(
    question_id: QuestionId,
    engine: EngineDep,
    limit: Limit = 50,
    offset: Offset = 0,
    as_of: AsOf = None,
) -> dict[str, Any]:
    """A question: its estimate over time, the sources behind it, the chart's points, a
    page of its claims with their evidence, and the reasoning in words; with ``as_of``,
    the estimate as the reporting up to that date supported it."""
    data = question_page(engine, question_id=question_id, limit=limit, offset=offset, as_of=as_of)
    if data is None:
        raise HTTPException(404, f"no question {question_id}")
    return {**data, "reasoning": question_reasoning(data)}


page(router, "/questions", questions, "dashboard.html", name="questions", tags=["questions"])
page(
    router,
    "/questions/{question_id}",
    question,
    "question.html",
    name="question",
    tags=["questions"],
)


@router.get("/questions/{question_id}/brief", response_class=HTMLResponse, tags=["exports"])
def brief(question_id: QuestionId, engine: EngineDep) -> HTMLResponse:
    """A printable one-page brief of the question (HTML with print CSS)."""
    data = question(question_id, engine, limit=12, offset=0)
    return render_html("brief.html", {"data": data, "generated": now_text()})


@router.get(
    "/questions/{question_id}/chart.svg",
    tags=["exports"],
    responses={200: {"content": {"image/svg+xml": {}}}},
    response_class=Response,
)
def chart(question_id: QuestionId, engine: EngineDep) -> Response:
    """The question's timeline chart as a standalone SVG file."""
    data = question(question_id, engine, limit=1, offset=0)
    return Response(
        chart_document(data["chart"]),
        media_type="image/svg+xml",
        headers={"Content-Disposition": f'inline; filename="question-{question_id}.svg"'},
    )


@router.get(
    "/questions/{question_id}/claims.csv",
    tags=["exports"],
    responses={200: {"content": {"text/csv": {}}}},
    response_class=Response,
)
def question_claims_csv(question_id: QuestionId, engine: EngineDep) -> Response:
    """The question's claims as CSV."""
    question(question_id, engine, limit=1, offset=0)  # 404 for an unknown question
    body = "".join(csv_chunks(iter_claims(engine, question_id=question_id), CLAIM_FIELDS))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="question-{question_id}.csv"'},
    )
