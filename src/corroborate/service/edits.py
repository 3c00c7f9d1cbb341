"""Analyst edits: grade and alias sources, merge, split and rename questions, mark claims.

Every edit is written to the ``edits`` table (the audit log, with its time) and applied at
once. Edits name stable things (source names, question keys, claim ids), so after a later
ingest relinks every claim automatically, ``replay`` applies the question edits again in
order: the analyst's word wins over the machine's.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from corroborate.link.aliases import normalise_alias
from corroborate.records import CLAIM_STATUSES, GRADES
from corroborate.store.models import ClaimRow, EditRow, QuestionRow, SourceAliasRow, SourceRow
from corroborate.store.repository import source_id


class EditError(ValueError):
    """An edit that cannot be applied; the message names what is wrong."""


def grade_source(
    engine: Engine, *, source: str, grade: str, actor: str = "analyst"
) -> dict[str, Any]:
    grade = grade.strip().upper()
    if len(grade) != 1 or grade not in GRADES:
        raise EditError(f"grade must be one of A-F (Admiralty scale), not {grade!r}")
    with Session(engine) as session:
        row = _source(session, source)
        row.grade = grade
        _log(session, actor, "grade_source", {"source": row.name, "grade": grade})
        session.commit()
        return {"source": row.name, "grade": grade}


def alias_source(
    engine: Engine, *, alias: str, source: str, actor: str = "analyst"
) -> dict[str, Any]:
    """Attribute every claim whose source reads ``alias`` to ``source`` (created if new),
    now and in documents ingested later."""
    key = normalise_alias(alias)
    if not key or not source.strip():
        raise EditError("both the alias and the source name must be non-empty")
    with Session(engine) as session:
        target = source_id(session, source.strip(), _kind_of(session, alias))
        existing = session.scalar(select(SourceAliasRow).where(SourceAliasRow.alias == key))
        if existing:
            existing.name = source.strip()
        else:
            session.add(SourceAliasRow(alias=key, name=source.strip()))
        moved = _repoint_claims(session, key, target)
        _log(session, actor, "alias_source", {"alias": alias, "source": source.strip()})
        session.commit()
    return {"alias": alias, "source": source.strip(), "claims_moved": moved}


def _kind_of(session: Session, alias: str) -> str:
    found = session.scalar(select(SourceRow.kind).where(SourceRow.name == alias))
    return found or "other"


def _repoint_claims(session: Session, alias_key: str, target: int) -> int:
    alias_sources = [
        s.id for s in session.scalars(select(SourceRow)) if normalise_alias(s.name) == alias_key
    ]
    claims = session.scalars(select(ClaimRow)).all()
    moved = 0
    for claim in claims:
        matches = (
            normalise_alias(claim.source_text) == alias_key or claim.source_id in alias_sources
        )
        if matches and claim.source_id != target:
            claim.source_id = target
            moved += 1
    return moved


def aliases(session: Session) -> dict[str, str]:
    return {row.alias: row.name for row in session.scalars(select(SourceAliasRow))}


def mark_claim(
    engine: Engine, *, claim_id: int, status: str, actor: str = "analyst"
) -> dict[str, Any]:
    if status not in CLAIM_STATUSES:
        raise EditError(f"status must be one of {', '.join(CLAIM_STATUSES)}, not {status!r}")
    with Session(engine) as session:
        claim = session.get(ClaimRow, claim_id)
        if claim is None:
            raise EditError(f"no claim {claim_id}")
        claim.status = status
        _log(session, actor, "mark_claim", {"claim_id": claim_id, "status": status})
        session.commit()
    return {"claim_id": claim_id, "status": status}


def merge_questions(
    engine: Engine, *, into: int, others: list[int], actor: str = "analyst"
) -> dict[str, Any]:
    with Session(engine) as session:
        target = _question(session, into)
        sources = [_question(session, q) for q in others if q != into]
        if not sources:
            raise EditError("name at least one other question to merge into this one")
        payload = {"into": target.key, "others": [q.key for q in sources]}
        _log(session, actor, "merge_questions", payload)
        _apply(session, "merge_questions", payload, 0)
        session.commit()
    return {"question": into, "merged": [q for q in others if q != into]}


def split_question(
    engine: Engine, *, question: int, claim_ids: list[int], label: str, actor: str = "analyst"
) -> dict[str, Any]:
    """Move ``claim_ids`` out of ``question`` into a new question called ``label``."""
    with Session(engine) as session:
        origin = _question(session, question)
        owned = set(session.scalars(select(ClaimRow.id).where(ClaimRow.question_id == origin.id)))
        stray = sorted(set(claim_ids) - owned)
        if not claim_ids or stray:
            raise EditError(f"claims {stray or claim_ids} are not in question {question}")
        edit = _log(
            session,
            actor,
            "split_question",
            {"from": origin.key, "claim_ids": sorted(claim_ids), "label": label},
        )
        session.flush()
        new_id = _apply(session, "split_question", edit.payload, edit.id)
        session.commit()
    return {"question": new_id, "label": label, "claims": sorted(claim_ids)}


def rename_question(
    engine: Engine, *, question: int, label: str, actor: str = "analyst"
) -> dict[str, Any]:
    if not label.strip():
        raise EditError("the new label is empty")
    with Session(engine) as session:
        row = _question(session, question)
        payload = {"key": row.key, "label": label.strip()}
        _log(session, actor, "rename_question", payload)
        _apply(session, "rename_question", payload, 0)
        session.commit()
    return {"question": question, "label": label.strip()}


def replay(session: Session) -> None:
    """Apply the question edits again, in the order they were made."""
    edits = session.scalars(
        select(EditRow)
        .where(EditRow.action.in_(("merge_questions", "split_question", "rename_question")))
        .order_by(EditRow.id)
    )
    for edit in edits:
        _apply(session, edit.action, edit.payload, edit.id)


def _apply(session: Session, action: str, payload: dict[str, Any], edit_id: int) -> int | None:
    # Only the questions the edit names: replayed on every incremental pass, it must not
    # read every question.
    named = [payload.get(k) for k in ("into", "key", "from")] + [f"split:{edit_id}"]
    named += payload.get("others", [])
    wanted = select(QuestionRow).where(QuestionRow.key.in_([k for k in named if k]))
    by_key = {q.key: q for q in session.scalars(wanted)}
    if action == "merge_questions":
        target = by_key.get(payload["into"])
        ids = [by_key[k].id for k in payload["others"] if k in by_key]
        if target is not None and ids:
            session.execute(
                update(ClaimRow).where(ClaimRow.question_id.in_(ids)).values(question_id=target.id)
            )
        return target.id if target else None
    if action == "rename_question":
        row = by_key.get(payload["key"])
        if row is not None:
            row.label = payload["label"]
        return row.id if row else None
    if action == "split_question":
        key = f"split:{edit_id}"
        row = by_key.get(key)
        if row is None:
            origin = by_key.get(payload["from"])
            row = QuestionRow(
                key=key,
                label=payload["label"],
                counted=origin.counted if origin else None,
                owner=origin.owner if origin else None,
                event=origin.event if origin else None,
                place=origin.place if origin else None,
            )
            session.add(row)
            session.flush()
        session.execute(
            update(ClaimRow).where(ClaimRow.id.in_(payload["claim_ids"])).values(question_id=row.id)
        )
        return row.id
    raise EditError(f"unknown edit {action!r}")


def _log(session: Session, actor: str, action: str, payload: dict[str, Any]) -> EditRow:
    edit = EditRow(actor=actor, action=action, payload=payload)
    session.add(edit)
    return edit


def _source(session: Session, name: str) -> SourceRow:
    row = session.scalar(select(SourceRow).where(SourceRow.name == name))
    if row is None:
        matches = session.scalars(select(SourceRow).where(SourceRow.name.ilike(f"%{name}%"))).all()
        if len(matches) == 1:
            return matches[0]
        hint = f"; did you mean one of: {', '.join(m.name for m in matches[:5])}" if matches else ""
        raise EditError(f"no source named {name!r}{hint}")
    return row


def _question(session: Session, question_id: int) -> QuestionRow:
    row = session.get(QuestionRow, question_id)
    if row is None:
        raise EditError(f"no question {question_id}; see `corroborate questions`")
    return row
