"""The analyst's merges and splits win over the incremental pass as they win over the full
pass: claims of an article that arrives after a merge join the question merged into, and
a split's claims stay apart however many articles follow."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from corroborate.service.edits import merge_questions, split_question
from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database
from corroborate.store.models import ClaimRow, DocumentRow, QuestionRow

from ..link.test_incremental import one_document_each


def _questions_of(engine: Engine, path: Path) -> dict[str, int]:
    """The questions the claims of the document read from ``path`` joined, by key."""
    with Session(engine) as session:
        rows = session.execute(
            select(QuestionRow.key, QuestionRow.id)
            .join(ClaimRow, ClaimRow.question_id == QuestionRow.id)
            .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
            .where(DocumentRow.origin.like(f"%{path.name}"))
        ).all()
    return dict(rows)


def _id(engine: Engine, key: str) -> int | None:
    with Session(engine) as session:
        return session.scalar(select(QuestionRow.id).where(QuestionRow.key == key))


def test_a_merge_and_a_split_keep_winning_as_articles_arrive(
    db_url: str, examples_dir: Path, tmp_path: Path
) -> None:
    files = one_document_each(examples_dir, tmp_path)
    engine = open_database(db_url)
    for path in files[:-1]:
        ingest_paths(engine, [str(path)])
    last = files[-1]
    # The reference: where the last article's claims go with no edit.
    reference = open_database(str(tmp_path / "reference.db"))
    for path in files:
        ingest_paths(reference, [str(path)])
    joined = _questions_of(reference, last)
    known = [key for key in joined if _id(engine, key) is not None]
    assert known, "the last article answers a question the others asked"
    merged_away = known[0]
    with Session(engine) as session:
        into = session.scalar(
            select(QuestionRow.id).where(QuestionRow.key != merged_away).order_by(QuestionRow.id)
        )
        splittable = session.scalar(
            select(QuestionRow.id)
            .join(ClaimRow)
            .where(QuestionRow.key.not_in(known), QuestionRow.id != into)
            .order_by(QuestionRow.id)
        )
        split_claim = session.scalar(
            select(ClaimRow.id).where(ClaimRow.question_id == splittable).order_by(ClaimRow.id)
        )
    assert into is not None and splittable is not None and split_claim is not None
    merged_id = _id(engine, merged_away)
    assert merged_id is not None
    merge_questions(engine, into=into, others=[merged_id])
    split = split_question(engine, question=splittable, claim_ids=[split_claim], label="apart")

    ingest_paths(engine, [str(last)])  # the incremental pass

    arrived = _questions_of(engine, last)
    assert merged_away not in arrived
    into_key = next(k for k, q in _questions_of(engine, last).items() if q == into)
    assert into_key
    with Session(engine) as session:
        assert session.get(ClaimRow, split_claim).question_id == split["question"]
    reference.dispose()
    engine.dispose()
