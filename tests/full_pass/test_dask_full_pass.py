"""The full pass on a Dask LocalCluster of 2 workers ends where the in-process full pass
(``analysis.refresh``) does: the same questions, the same source reliability (within
floating-point summation order) and the same estimates and judgements — over the sample
corpus, and over a synthetic database with a disagreeing source and a copying one, cut
into many partitions."""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from corroborate.batch import DaskRunner
from corroborate.batch.full_pass import full_pass_on
from corroborate.bench.incremental import SOURCES, _build
from corroborate.service.analysis import refresh
from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database
from corroborate.store.models import ClaimRow, ReliabilityRow

from ..link.test_incremental import estimates, judgements, questions

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dask_runner() -> Iterator[DaskRunner]:
    with DaskRunner(workers=2) as runner:
        yield runner


def reliability(engine: Engine) -> dict[str, float]:
    with Session(engine) as session:
        return dict(session.execute(select(ReliabilityRow.voice, ReliabilityRow.weight)).all())


def assert_same_passes(in_process: Engine, on_dask: Engine) -> None:
    assert questions(on_dask) == questions(in_process)
    expected, got = reliability(in_process), reliability(on_dask)
    assert expected and got.keys() == expected.keys()
    for voice, weight in expected.items():
        assert math.isclose(got[voice], weight, rel_tol=1e-9, abs_tol=1e-12), voice
    assert estimates(on_dask) == estimates(in_process)
    assert judgements(on_dask) == judgements(in_process)


def test_sample_corpus_on_two_workers_equals_the_in_process_pass(
    db_url: str, examples_dir: Path, tmp_path: Path, dask_runner: DaskRunner
) -> None:
    reference = open_database(str(tmp_path / "in-process.db"))
    ingest_paths(reference, [str(examples_dir)], relink=False)
    refresh(reference)
    engine = open_database(db_url)
    ingest_paths(engine, [str(examples_dir)], relink=False)

    report = full_pass_on(engine, dask_runner, partition_claims=5)

    assert report.partitions >= 4 and report.rounds >= 1
    assert report.questions == len(questions(reference))
    assert_same_passes(reference, engine)
    reference.dispose()
    engine.dispose()


def _synthetic(path: Path) -> Engine:
    """The benchmark's database (20 claims a question, 50 sources), unlinked, with one
    source off by 3x on every question and another copying a third's figures."""
    engine = open_database(str(path))
    _build(engine, 4_000)
    rng = random.Random(7)
    with engine.begin() as connection:
        connection.execute(ClaimRow.__table__.update().values(link_key=None, question_id=None))
        rows = connection.execute(select(ClaimRow.id, ClaimRow.source_id, ClaimRow.value)).all()
        for claim_id, source_id, value in rows:
            if source_id == 1:
                connection.execute(
                    ClaimRow.__table__.update()
                    .where(ClaimRow.id == claim_id)
                    .values(value=value * 3 * rng.uniform(0.9, 1.1))
                )
        columns = [c.name for c in ClaimRow.__table__.columns if c.name != "id"]
        copies: list[dict[str, Any]] = [
            {
                **{name: getattr(row, name) for name in columns},
                "source_id": SOURCES,
                "mention_start": row.mention_start + 5000,
                "mention_end": row.mention_end + 5000,
            }
            for row in connection.execute(select(ClaimRow).where(ClaimRow.source_id == 2))
        ]
        connection.execute(insert(ClaimRow), copies)
    return engine


def test_synthetic_database_in_many_partitions_equals_the_in_process_pass(
    tmp_path: Path, dask_runner: DaskRunner
) -> None:
    reference = _synthetic(tmp_path / "in-process.db")
    refresh(reference)
    engine = _synthetic(tmp_path / "dask.db")

    report = full_pass_on(engine, dask_runner, partition_claims=300)

    assert report.partitions >= 10
    assert_same_passes(reference, engine)
    weights = reliability(engine)
    assert weights["Source 0"] < statistics.median(weights.values())  # the source 3x off
    reference.dispose()
    engine.dispose()
