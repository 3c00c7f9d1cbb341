"""The incremental pass ends where the full pass does: the sample corpus fed one document
at a time links every claim to the same question as one full pass over it, and estimates
as the full pass does with the same source reliability; ``reconcile --full`` afterwards
equals a fresh full pass exactly."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from corroborate.ingest import expand_paths
from corroborate.reconcile.engine import reconcile
from corroborate.service.analysis import _evidence, counts_over_time, judged_query, refresh
from corroborate.service.incremental import update_new
from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database
from corroborate.store.models import ClaimRow, EstimateRow, QuestionRow, ReliabilityRow


def _mention(claim: ClaimRow) -> tuple[str, int, int]:
    return (claim.document.content_hash, claim.mention_start, claim.mention_end)


def questions(engine: Engine) -> dict[str, frozenset]:
    """Each question (by key) with its claims (by document and position: ids differ)."""
    with Session(engine) as session:
        out: dict[str, set] = {}
        for claim in session.scalars(select(ClaimRow).where(ClaimRow.question_id.is_not(None))):
            out.setdefault(claim.question.key, set()).add(_mention(claim))
        return {key: frozenset(claims) for key, claims in out.items()}


def estimates(engine: Engine) -> dict[str, Any]:
    with Session(engine) as session:
        rows = session.execute(
            select(QuestionRow.key, QuestionRow.label, EstimateRow).join(EstimateRow)
        ).all()
        return {
            key: (
                label,
                e.value,
                e.low,
                e.high,
                e.as_of,
                e.n_claims,
                e.n_sources,
                _no_ids(e.timeline),
            )
            for key, label, e in rows
        }


def _no_ids(timeline: Any) -> str:
    """The timeline with documents unnamed: "author of document 18" is the same voice in
    two databases that stored the documents in another order."""
    return re.sub(r"document \d+", "document N", json.dumps(timeline, sort_keys=True))


def judgements(engine: Engine) -> dict[tuple, tuple]:
    with Session(engine) as session:
        return {
            _mention(c): (c.weight, c.credibility, c.flag, c.echo_of is not None)
            for c in session.scalars(select(ClaimRow).where(ClaimRow.question_id.is_not(None)))
        }


def one_document_each(folder: Path, into: Path) -> list[Path]:
    """The inputs of ``folder`` as one file per document (a JSONL file's lines apart)."""
    out: list[Path] = []
    for path in expand_paths([str(folder)]):
        assert isinstance(path, Path)
        if path.suffix != ".jsonl":
            out.append(path)
            continue
        for n, line in enumerate(path.read_text().splitlines()):
            if line.strip():
                out.append(into / f"{path.stem}-{n}.jsonl")
                out[-1].write_text(line + "\n")
    return out


def _stream(engine: Engine, files: list[Path]) -> None:
    for path in files:
        ingest_paths(engine, [str(path)])


def test_one_document_at_a_time_links_as_the_full_pass(
    db_url: str, examples_dir: Path, tmp_path: Path
) -> None:
    files = one_document_each(examples_dir, tmp_path)
    assert len(files) == 19  # 16 files, and a JSONL file of 4 documents
    streamed = open_database(db_url)
    _stream(streamed, files)
    # The reference stores the same documents in the same order (echoes of one day are
    # told apart by claim id), then links and reconciles them in one full pass.
    whole = open_database(str(tmp_path / "whole.db"))
    for path in files:
        ingest_paths(whole, [str(path)], relink=False)
    refresh(whole)

    assert questions(streamed) == questions(whole)
    labels = {key: value[0] for key, value in estimates(streamed).items()}
    assert labels == {key: value[0] for key, value in estimates(whole).items()}

    # With the reliability the streamed database holds, a full reconcile of every
    # claim gives the estimates and judgements the incremental passes stored.
    incremental = estimates(streamed), judgements(streamed)
    _reconcile_all_with_stored_reliability(streamed)
    assert (estimates(streamed), judgements(streamed)) == incremental

    # The explicit full pass relearns reliability: then the two databases agree exactly.
    refresh(streamed)
    assert estimates(streamed) == estimates(whole)
    assert judgements(streamed) == judgements(whole)
    streamed.dispose()
    whole.dispose()


def _reconcile_all_with_stored_reliability(engine: Engine) -> None:
    from corroborate.service.analysis import store_judgements

    with Session(engine) as session:
        weights = dict(session.execute(select(ReliabilityRow.voice, ReliabilityRow.weight)).all())
        rows = session.execute(judged_query()).all()
        evidence = [_evidence(row) for row in rows if row.status == "ok"]
        result = reconcile(evidence, **counts_over_time(session), reliability=weights)
        session.execute(delete(EstimateRow))
        store_judgements(session, rows, result)
        session.commit()


def test_nothing_new_does_no_per_claim_work(db_url: str, examples_dir: Path) -> None:
    engine = open_database(db_url)
    ingest_paths(engine, [str(examples_dir)])
    report = update_new(engine)
    assert (report.full, report.new_claims, report.keys_decided) == (False, 0, 0)
    engine.dispose()
