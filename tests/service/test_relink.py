"""Relinking writes only the claims whose question changes, and still ends where a full
relink would: every answer linked, nothing else."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from corroborate.service.analysis import _answers, refresh
from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database
from corroborate.store.models import ClaimRow


def links(session: Session) -> dict[int, int | None]:
    return {
        claim: question
        for claim, question in session.execute(select(ClaimRow.id, ClaimRow.question_id))
    }


def test_relink_repairs_drifted_links_and_keeps_the_rest(db_url: str, examples_dir: Path) -> None:
    engine = open_database(db_url)
    ingest_paths(engine, [str(examples_dir)])
    with Session(engine) as session:
        before = links(session)
        answers = {row.id for row in _answers(session)}
        linked = [claim for claim, question in before.items() if question is not None]
        stray = next(claim for claim in before if claim not in answers)
        # One answer loses its question, one non-answer gains one.
        session.execute(update(ClaimRow).where(ClaimRow.id == linked[0]).values(question_id=None))
        session.execute(
            update(ClaimRow).where(ClaimRow.id == stray).values(question_id=before[linked[1]])
        )
        session.commit()

    refresh(engine)

    with Session(engine) as session:
        after = links(session)
    assert after == before
    assert {claim for claim, question in after.items() if question is not None} <= answers
    engine.dispose()
