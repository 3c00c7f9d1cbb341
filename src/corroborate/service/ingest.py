"""The main job: documents in, claims stored, questions linked and reconciled.

This module composes the stages; it knows nothing of the CLI or the web layer, which call
it and render what it returns. The input is split into partitions (``batch.partitions``)
that a runner (``batch.runner``: in-process by default, Dask for several workers) reads
and extracts; each partition's documents are written in one transaction, by the worker
itself when it can reach the database, else by this process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from corroborate.batch.partitions import DEFAULT_PARTITION_SIZE, Partition, plan_partitions
from corroborate.batch.runner import InProcessRunner, Runner
from corroborate.batch.tasks import PartitionResult, process_partition
from corroborate.ingest import IngestError, expand_paths
from corroborate.records import Document
from corroborate.service.analysis import has_unlinked_claims
from corroborate.service.edits import aliases
from corroborate.service.incremental import update_new
from corroborate.service.write import extract_for_store, write_batch, write_one
from corroborate.store.repository import has_document

# (done, total, current item): input items (files, JSONL lines, web-archive records)
Progress = Callable[[int, int, str], None]
Writes = Literal["auto", "worker", "driver"]
RELINK_TRIES = 5


@dataclass
class IngestReport:
    added: int = 0
    present: int = 0
    claims: int = 0
    rejected: list[IngestError] = field(default_factory=list)
    read: int = 0  # documents read (added + present + failed to extract)
    bytes: int = 0  # input bytes
    partitions: int = 0
    workers: int = 1
    writes: str = "worker"  # who wrote to the database: "worker" or "driver"
    seconds: float = 0.0  # reading, extracting and storing
    relink_seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{_count(self.added, 'document')} added, {self.present} already present, "
            f"{len(self.rejected)} rejected; {_count(self.claims, 'claim')} extracted"
        )

    @property
    def documents_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def ingest_paths(
    engine: Engine,
    paths: Iterable[str],
    *,
    progress: Progress | None = None,
    runner: Runner | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    writes: Writes = "auto",
    relink: bool = True,
) -> IngestReport:
    """Read every input, store each new document with its claims, then relink.

    ``runner`` decides where partitions are read and extracted (in-process by default).
    ``writes``: "worker" has each worker write its partition over its own connection,
    "driver" has the workers return documents and claims for this process to write;
    "auto" lets workers write unless they cannot see a SQLite file (a remote cluster).
    Every document is stored once whatever happens (content hash, INSERT ... ON
    CONFLICT); a run killed part-way and run again skips what was stored.
    """
    started = time.perf_counter()
    runner = runner or InProcessRunner()
    report = IngestReport(workers=runner.workers)
    files: list[Path] = []
    for item in expand_paths(paths):
        if isinstance(item, IngestError):
            report.rejected.append(item)
        else:
            files.append(item)
    with Session(engine) as session:
        alias_map = aliases(session)
    partitions = plan_partitions(files, size=partition_size)
    report.partitions = len(partitions)
    total = sum(p.items for p in partitions)
    worker_writes = writes == "worker" or (
        writes == "auto" and (runner.shares_files or engine.dialect.name != "sqlite")
    )
    report.writes = "worker" if worker_writes else "driver"
    target: Engine | str | None = None
    if worker_writes:
        target = engine if isinstance(runner, InProcessRunner) else _portable_url(engine)
    task = _PartitionTask(target, alias_map)
    done = 0
    for partition, outcome in runner.map_unordered(task, partitions):
        if isinstance(outcome, BaseException):
            report.rejected.append(IngestError(partition.label(), f"partition failed: {outcome!r}"))
        else:
            _account(engine, outcome, report)
        done += partition.items
        if progress:
            progress(done, total, partition.label())
    report.seconds = time.perf_counter() - started
    if relink and (report.added or has_unlinked_claims(engine)):
        relinked = time.perf_counter()
        _refresh(engine)
        report.relink_seconds = time.perf_counter() - relinked
    return report


class _PartitionTask:
    """``process_partition`` with its settings bound; picklable for Dask."""

    def __init__(self, target: Engine | str | None, alias_map: dict[str, str]) -> None:
        self.target = target
        self.alias_map = alias_map

    def __call__(self, partition: Partition) -> PartitionResult:
        return process_partition(partition, target=self.target, alias_map=self.alias_map)


def _account(engine: Engine, result: PartitionResult, report: IngestReport) -> None:
    report.read += result.read
    report.bytes += result.size
    report.added += result.added
    report.present += result.present
    report.claims += result.claims
    if result.extracted:
        written = write_batch(engine, result.extracted)
        report.added += written.added
        report.present += written.present
        report.claims += written.claims
        result.errors.extend(written.errors)
    report.rejected.extend(IngestError(origin, reason) for origin, reason in result.errors)


def _refresh(engine: Engine) -> None:
    """Link and reconcile what is new (``incremental.update_new``); two processes
    relinking one PostgreSQL database at once may deadlock, and the database then aborts
    one of them: that one simply relinks again."""
    for attempt in range(RELINK_TRIES):
        try:
            update_new(engine)
            return
        except OperationalError:
            if attempt == RELINK_TRIES - 1:
                raise
            time.sleep(0.5 * (attempt + 1))


def _portable_url(engine: Engine) -> str:
    """The engine's URL as another process opens it: with its password, and a SQLite
    path made absolute (a worker's working folder may differ)."""
    url = engine.url
    if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        url = url.set(database=str(Path(url.database).resolve()))
    return make_url(url).render_as_string(hide_password=False)


def ingest_document(
    engine: Engine, doc: Document, report: IngestReport, alias_map: dict[str, str] | None = None
) -> None:
    """Store one document and its claims in one transaction: a run killed half-way leaves
    whole documents only, and a rerun skips them by content hash."""
    with Session(engine) as session:
        if has_document(session, doc.content_hash):
            report.present += 1
            return
        item = extract_for_store(doc, alias_map or {})
        if isinstance(item, IngestError):
            report.rejected.append(item)
            return
        if write_one(session, item) is None:
            report.present += 1  # another process stored it first
            return
        session.commit()
    report.added += 1
    report.claims += len(item.claims)
