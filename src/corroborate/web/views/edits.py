"""Analyst actions and the audit log.

Every write goes through ``apply_edit``: the edit function of ``service.edits`` (which
records it in the audit log with its time), then ``analysis.refresh`` so every estimate
reflects it at once. Writes are serialised by a lock. The JSON API takes
``Authorization: Bearer TOKEN``; the HTML forms take the token in a form field (which
also makes them immune to cross-site request forgery: another site cannot know it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine, select

from corroborate.query.edits import edits_page
from corroborate.service import analysis, edits
from corroborate.store.models import SourceRow
from corroborate.web.deps import MAX_ID, EngineDep, Limit, Offset, TokenDep, token_ok
from corroborate.web.render import page, render_html

router = APIRouter()
ACTOR = "web"
MAX_IDS = 1000

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
SourceId = Annotated[int, Path(ge=1, le=MAX_ID)]
ClaimId = Annotated[int, Path(ge=1, le=MAX_ID)]
QuestionId = Annotated[int, Path(ge=1, le=MAX_ID)]


class GradeIn(BaseModel):
    grade: str = Field(pattern="^[A-Fa-f]$", description="Admiralty source reliability A-F.")


class AliasIn(BaseModel):
    alias: str = Field(min_length=1, max_length=300, description="A name as articles write it.")


class StatusIn(BaseModel):
    status: Literal["ok", "wrong", "duplicate"]


class RenameIn(BaseModel):
    label: str = Field(min_length=1, max_length=300)


class MergeIn(BaseModel):
    others: list[Id] = Field(min_length=1, max_length=100, description="Questions merged in.")


class SplitIn(BaseModel):
    claim_ids: list[Id] = Field(min_length=1, max_length=MAX_IDS)
    label: str = Field(min_length=1, max_length=300)


class EditOut(BaseModel):
    action: str
    result: dict[str, Any]


def _source_name(engine: Engine, source_id: int) -> str:
    with engine.connect() as connection:
        name = connection.scalar(select(SourceRow.name).where(SourceRow.id == source_id))
    if name is None:
        raise edits.EditError(f"no source {source_id}")
    return name


def _grade(engine: Engine, source_id: int, grade: str) -> dict[str, Any]:
    return edits.grade_source(
        engine, source=_source_name(engine, source_id), grade=grade, actor=ACTOR
    )


def _alias(engine: Engine, source_id: int, alias: str) -> dict[str, Any]:
    return edits.alias_source(
        engine, alias=alias, source=_source_name(engine, source_id), actor=ACTOR
    )


def _mark(engine: Engine, claim_id: int, status: str) -> dict[str, Any]:
    return edits.mark_claim(engine, claim_id=claim_id, status=status, actor=ACTOR)


def _rename(engine: Engine, question_id: int, label: str) -> dict[str, Any]:
    return edits.rename_question(engine, question=question_id, label=label, actor=ACTOR)


def _merge(engine: Engine, question_id: int, others: list[int]) -> dict[str, Any]:
    return edits.merge_questions(engine, into=question_id, others=others, actor=ACTOR)


def _split(engine: Engine, question_id: int, claim_ids: list[int], label: str) -> dict[str, Any]:
    return edits.split_question(
        engine, question=question_id, claim_ids=claim_ids, label=label, actor=ACTOR
    )


ACTIONS: dict[str, Callable[..., dict[str, Any]]] = {
    "grade": _grade,
    "alias": _alias,
    "mark": _mark,
    "rename": _rename,
    "merge": _merge,
    "split": _split,
}
_LOCK = threading.Lock()


def apply_edit(engine: Engine, action: str, **arguments: Any) -> dict[str, Any]:
    """Apply one analyst edit and recompute the estimates; raises ``EditError``."""
    with _LOCK:
        result = ACTIONS[action](engine, **arguments)
        analysis.refresh(engine)
    return {"action": action, "result": result}


def _run(engine: Engine, action: str, **arguments: Any) -> dict[str, Any]:
    try:
        return apply_edit(engine, action, **arguments)
    except edits.EditError as exc:
        raise HTTPException(422, str(exc)) from exc


# -- JSON API --------------------------------------------------------------------------

WRITE = {"dependencies": [TokenDep], "tags": ["analyst actions"], "response_model": EditOut}
REFUSED: dict[int | str, dict[str, Any]] = {
    401: {"description": "No write token"},
    403: {"description": "Wrong write token"},
    422: {"description": "The edit cannot be applied; the detail says why"},
}


@router.post("/api/sources/{source_id}/grade", responses=REFUSED, **WRITE)
def grade_source(source_id: SourceId, body: GradeIn, engine: EngineDep) -> dict[str, Any]:
    """Grade a source on the Admiralty reliability scale (A-F); estimates update."""
    return _run(engine, "grade", source_id=source_id, grade=body.grade)


@router.post("/api/sources/{source_id}/alias", responses=REFUSED, **WRITE)
def alias_source(source_id: SourceId, body: AliasIn, engine: EngineDep) -> dict[str, Any]:
    """Attribute every claim whose source reads ``alias`` to this source, now and later."""
    return _run(engine, "alias", source_id=source_id, alias=body.alias)


@router.post("/api/claims/{claim_id}/status", responses=REFUSED, **WRITE)
def mark_claim(claim_id: ClaimId, body: StatusIn, engine: EngineDep) -> dict[str, Any]:
    """Mark a claim ok, wrong or duplicate; only ok claims are weighed."""
    return _run(engine, "mark", claim_id=claim_id, status=body.status)


@router.post("/api/questions/{question_id}/rename", responses=REFUSED, **WRITE)
def rename_question(question_id: QuestionId, body: RenameIn, engine: EngineDep) -> dict[str, Any]:
    """Give a question a new label."""
    return _run(engine, "rename", question_id=question_id, label=body.label)


@router.post("/api/questions/{question_id}/merge", responses=REFUSED, **WRITE)
def merge_questions(question_id: QuestionId, body: MergeIn, engine: EngineDep) -> dict[str, Any]:
    """Move every claim of the ``others`` questions into this one."""
    return _run(engine, "merge", question_id=question_id, others=body.others)


@router.post("/api/questions/{question_id}/split", responses=REFUSED, **WRITE)
def split_question(question_id: QuestionId, body: SplitIn, engine: EngineDep) -> dict[str, Any]:
    """Move some claims of this question into a new question called ``label``."""
    return _run(
        engine, "split", question_id=question_id, claim_ids=body.claim_ids, label=body.label
    )


def audit_log(engine: EngineDep, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """The audit log: every analyst edit with its time, newest first."""
    return edits_page(engine, limit=limit, offset=offset)


page(router, "/edits", audit_log, "edits.html", name="edits", tags=["analyst actions"])


# -- HTML forms ------------------------------------------------------------------------


async def _form(request: Request) -> dict[str, str]:
    body = (await request.body()).decode("utf-8", errors="replace")
    try:
        fields = parse_qs(body, max_num_fields=20)
    except ValueError as exc:  # more fields than any form has: the sender's fault
        raise HTTPException(400, "too many form fields") from exc
    return {k: v[0] for k, v in fields.items()}


def _ids(text: str) -> list[int]:
    parts = [p for p in text.replace(",", " ").split() if p]
    if not parts or len(parts) > MAX_IDS or not all(p.isdigit() for p in parts):
        raise edits.EditError("give ids as numbers separated by commas or spaces")
    ids = [int(p) for p in parts]
    if any(i < 1 or i > MAX_ID for i in ids):
        raise edits.EditError("an id is out of range")
    return ids


def _error(request: Request, status: int, message: str) -> HTMLResponse:
    return render_html(
        "error.html", {"status": status, "message": message}, request=request, status=status
    )


async def _submit(
    request: Request, action: str, back: str, parse: Callable[[dict[str, str]], dict[str, Any]]
) -> Response:
    form = await _form(request)
    token = form.get("token", "").strip()
    if not token:
        return _error(request, 401, "This action needs the write token printed by `serve`.")
    if not token_ok(request, token):
        return _error(request, 403, "Wrong write token: nothing was changed.")
    engine = request.app.state.engine
    try:
        arguments = parse(form)
        done = await run_in_threadpool(apply_edit, engine, action, **arguments)
    except edits.EditError as exc:
        return _error(request, 422, str(exc))
    if action == "split":
        back = f"/questions/{done['result']['question']}"
    return RedirectResponse(f"{back}?saved={action}", status_code=303)


def _text(form: dict[str, str], key: str, most: int = 300) -> str:
    value = form.get(key, "").strip()
    if not value or len(value) > most:
        raise edits.EditError(f"{key} must be 1-{most} characters")
    return value


@router.post("/sources/{source_id}/grade", include_in_schema=False)
async def grade_form(source_id: SourceId, request: Request) -> Response:
    return await _submit(
        request,
        "grade",
        f"/sources/{source_id}",
        lambda f: {"source_id": source_id, "grade": _text(f, "grade", 1)},
    )


@router.post("/sources/{source_id}/alias", include_in_schema=False)
async def alias_form(source_id: SourceId, request: Request) -> Response:
    return await _submit(
        request,
        "alias",
        f"/sources/{source_id}",
        lambda f: {"source_id": source_id, "alias": _text(f, "alias")},
    )


@router.post("/claims/{claim_id}/status", include_in_schema=False)
async def mark_form(claim_id: ClaimId, request: Request) -> Response:
    return await _submit(
        request,
        "mark",
        f"/claims/{claim_id}",
        lambda f: {"claim_id": claim_id, "status": _text(f, "status", 16)},
    )


@router.post("/questions/{question_id}/rename", include_in_schema=False)
async def rename_form(question_id: QuestionId, request: Request) -> Response:
    return await _submit(
        request,
        "rename",
        f"/questions/{question_id}",
        lambda f: {"question_id": question_id, "label": _text(f, "label")},
    )


@router.post("/questions/{question_id}/merge", include_in_schema=False)
async def merge_form(question_id: QuestionId, request: Request) -> Response:
    return await _submit(
        request,
        "merge",
        f"/questions/{question_id}",
        lambda f: {"question_id": question_id, "others": _ids(f.get("others", ""))},
    )


@router.post("/questions/{question_id}/split", include_in_schema=False)
async def split_form(question_id: QuestionId, request: Request) -> Response:
    return await _submit(
        request,
        "split",
        f"/questions/{question_id}",
        lambda f: {
            "question_id": question_id,
            "claim_ids": _ids(f.get("claim_ids", "")),
            "label": _text(f, "label"),
        },
    )
