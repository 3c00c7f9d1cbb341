"""``corroborate bench incremental``: the time to link and reconcile one new article in a
database of N claims, at two sizes measured in one run, and their ratio.

The databases are synthetic and built as a full pass leaves them (claims linked, keys
and their support, reliability learned), written directly: a year of news has many
questions of bounded size, so the claims are spread over N / ``PER_QUESTION`` questions
("How many North Korean troops were sent to Sector q?"). The new article is ten figures
of a new question, stored unseen; the incremental pass (``incremental.update_new``) is
timed alone (no start-up, no extraction), for ``ARTICLES`` articles one after another,
and the median reported, in wall-clock and in CPU seconds of this process. The full pass
is timed at the smaller size.
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert

from corroborate.link.questions import QuestionKey
from corroborate.service.analysis import chunks, link_key_row
from corroborate.service.incremental import update_new
from corroborate.store import open_database
from corroborate.store.models import (
    ClaimRow,
    DocumentRow,
    LinkKeyRow,
    PassRow,
    QuestionRow,
    ReliabilityRow,
    SourceRow,
)

PER_QUESTION = 20  # claims per question, one document per question
# Articles added one after another at each size: the median pass is reported, since one
# pass of a few milliseconds on a shared machine is mostly noise (and the first pays for
# compiling the statements on a new connection).
ARTICLES = 7
SOURCES = 50
START = date(2024, 1, 1)


def bench_incremental(
    sizes: tuple[int, int] = (100_000, 1_000_000), full_pass: bool = True
) -> dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix="corroborate-incremental-"))
    try:
        _run(root, 10 * PER_QUESTION, full_pass=False)  # warm-up: imports, caches
        runs = [_run(root, n, full_pass=full_pass and i == 0) for i, n in enumerate(sizes)]
    finally:
        shutil.rmtree(root, ignore_errors=True)
    small, large = runs
    return {
        "runs": runs,
        "ratio_large_vs_small": round(large["add_one_article_s"] / small["add_one_article_s"], 2),
        "cpu_ratio_large_vs_small": round(
            large["add_one_article_cpu_s"] / small["add_one_article_cpu_s"], 2
        ),
        "full_pass_vs_one_article_at_small": (
            round(small["full_pass_s"] / small["add_one_article_s"], 1)
            if small.get("full_pass_s")
            else None
        ),
    }


def _run(root: Path, n_claims: int, *, full_pass: bool) -> dict[str, Any]:
    engine = open_database(str(root / f"n{n_claims}.db"))
    built = time.perf_counter()
    n_questions = _build(engine, n_claims)
    build_s = time.perf_counter() - built
    passes, cpu = [], []
    for article in range(ARTICLES):
        _add_article(engine, n_questions + article)
        started = time.process_time()
        report = update_new(engine)
        cpu.append(time.process_time() - started)
        assert not report.full and report.new_claims == PER_QUESTION // 2
        passes.append(report)
    again = update_new(engine)  # nothing new
    seconds = [report.seconds for report in passes]
    out: dict[str, Any] = {
        "claims": n_claims,
        "questions": n_questions,
        "build_s": round(build_s, 1),
        "add_one_article_s": round(statistics.median(seconds), 4),
        "each_article_s": [round(s, 4) for s in seconds],
        # CPU time of this process: what other work on a shared machine does not inflate
        "add_one_article_cpu_s": round(statistics.median(cpu), 4),
        "questions_reconciled": passes[-1].questions_reconciled,
        "nothing_new_s": round(again.seconds, 4),
    }
    if full_pass:
        started = time.perf_counter()
        from corroborate.service.analysis import refresh

        refresh(engine)
        out["full_pass_s"] = round(time.perf_counter() - started, 2)
    engine.dispose()
    return out


def _key(question: int) -> QuestionKey:
    return QuestionKey(
        owner="North Korean",
        counted="troops",
        event="deployed",
        place=f"Sector {question}",
        period=None,
        unit=None,
    )


def _build(engine: Engine, n_claims: int) -> int:
    """A database as a full pass leaves it, written in bulk."""
    n_questions = n_claims // PER_QUESTION
    rng = random.Random(n_claims)
    with engine.begin() as connection:
        connection.execute(
            insert(SourceRow),
            [{"id": s + 1, "name": f"Source {s}", "kind": "official"} for s in range(SOURCES)],
        )
        connection.execute(
            insert(ReliabilityRow),
            [{"voice": f"Source {s}", "weight": rng.uniform(0.3, 1.0)} for s in range(SOURCES)],
        )
        connection.execute(
            insert(PassRow),
            [{"name": "reliability", "at": datetime.now(UTC).replace(tzinfo=None),
              "claims": n_claims}],
        )  # fmt: skip
        for chunk in chunks(range(n_questions), 5000):
            _write_questions(connection, chunk, rng)
    return n_questions


def _write_questions(connection: Any, questions: range, rng: random.Random) -> None:
    keys = [_key(q) for q in questions]
    connection.execute(
        insert(QuestionRow),
        [{"id": q + 1, "key": k.text(), "label": k.label(), "counted": k.counted,
          "owner": k.owner, "event": k.event, "place": k.place}
         for q, k in zip(questions, keys, strict=True)],
    )  # fmt: skip
    connection.execute(insert(LinkKeyRow), [link_key_row(k, PER_QUESTION) for k in keys])
    connection.execute(insert(DocumentRow), [_document(q) for q in questions])
    claims = [
        _claim(q, i, rng, link_key=k.text(), question_id=q + 1)
        for q, k in zip(questions, keys, strict=True)
        for i in range(PER_QUESTION)
    ]
    connection.execute(insert(ClaimRow), claims)


def _document(question: int) -> dict[str, Any]:
    return {
        "id": question + 1,
        "content_hash": f"{question:064d}",
        "outlet": f"Outlet {question % 40}",
        "published": START + timedelta(days=question % 365),
        "text": f"Troops were sent to Sector {question}.",
    }


def _claim(question: int, i: int, rng: random.Random, **linked: Any) -> dict[str, Any]:
    value = float(1000 * (question % 7 + 1) * rng.uniform(0.8, 1.25) // 10 * 10)
    return {
        "document_id": question + 1,
        "source_id": rng.randrange(SOURCES) + 1,
        "sentence": f"Source {i} said {value:.0f} troops were sent to Sector {question}.",
        "start": 0,
        "end": 60,
        "mention": f"{value:.0f} troops",
        "mention_start": i * 100,
        "mention_end": i * 100 + 10,
        "value": value,
        "qualifier": "approx",
        "counted": "troops",
        "owner": "North Korean",
        "event": "sent",
        "event_class": "deployed",
        "place": f"Sector {question}",
        "as_of": START + timedelta(days=question % 365 + i % 14),
        "source_text": "officials",
        **linked,
    }


def _add_article(engine: Engine, question: int) -> None:
    """A new article of ten figures on a new question, stored as ingest stores it."""
    rng = random.Random(0)
    with engine.begin() as connection:
        connection.execute(insert(DocumentRow), [_document(question)])
        claims = [_claim(question, i, rng) for i in range(PER_QUESTION // 2)]
        connection.execute(insert(ClaimRow), claims)


def summary(result: dict[str, Any]) -> dict[str, Any]:
    return result


def bench_full_pass(
    n_claims: int = 1_000_000,
    workers: int = 2,
    partition_claims: int = 100_000,
    in_process: bool = True,
    memory_limit: str = "2GB",
) -> dict[str, Any]:
    """The full pass over one synthetic database of ``n_claims`` claims, in this process
    (``analysis.refresh``) and on a Dask LocalCluster of ``workers`` workers
    (``batch.full_pass``), each from the same copy: seconds, claims/s and peak memory
    (each worker's, and this process's)."""
    import os

    from corroborate.batch import DaskRunner
    from corroborate.batch.full_pass import full_pass_on
    from corroborate.bench.ingest import _PeakMemory
    from corroborate.service.analysis import refresh

    root = Path(tempfile.mkdtemp(prefix="corroborate-full-pass-"))
    out: dict[str, Any] = {"claims": n_claims, "workers": workers}
    try:
        built = time.perf_counter()
        engine = open_database(str(root / "base.db"))
        out["questions"] = _build(engine, n_claims)
        engine.dispose()
        out["build_s"] = round(time.perf_counter() - built, 1)
        if in_process:
            engine = _copy(root, "in-process.db")
            with _PeakMemory({"driver": os.getpid()}) as memory:
                started = time.perf_counter()
                refresh(engine)
                seconds = time.perf_counter() - started
            engine.dispose()
            out["in_process"] = _rate(n_claims, seconds, memory.peaks)
        engine = _copy(root, "dask.db")
        with DaskRunner(workers=workers, memory_limit=memory_limit) as runner:
            pids = {f"worker {i}": pid for i, pid in enumerate(runner.worker_pids().values())}
            with _PeakMemory({"driver": os.getpid(), **pids}) as memory:
                report = full_pass_on(engine, runner, partition_claims)
        engine.dispose()
        out["dask"] = {
            **_rate(n_claims, report.seconds, memory.peaks),
            "partitions": report.partitions,
            "rounds": report.rounds,
            "phases_s": {name: round(s, 1) for name, s in report.phases.items()},
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return out


def _copy(root: Path, name: str) -> Engine:
    shutil.copy(root / "base.db", root / name)
    return open_database(str(root / name))


def _rate(n_claims: int, seconds: float, peaks: dict[str, int]) -> dict[str, Any]:
    return {
        "seconds": round(seconds, 1),
        "claims_per_s": round(n_claims / seconds),
        "peak_rss_mb": {name: round(peak / 2**20) for name, peak in peaks.items()},
    }
