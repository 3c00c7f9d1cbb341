"""The work done on one partition, as plain functions a runner maps over partitions.

``process_partition`` reads a partition, skips the documents already stored, extracts the
claims of the others and either writes them itself (``target`` is an engine or a database
URL: the worker has its own connection) or returns them for the caller to write
(``target`` is None). It knows nothing of Dask: it is pickled to a worker as it is run
in-process.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from sqlalchemy import Engine

from corroborate.batch.partitions import Partition, read_partition
from corroborate.ingest import IngestError
from corroborate.records import Document
from corroborate.service.write import Extracted, extract_for_store, stored_hashes, write_batch


@dataclass(slots=True)
class PartitionResult:
    """What became of one partition. ``extracted`` is filled only when the caller writes."""

    items: int  # input items of the partition (files, lines, records), for progress
    size: int  # input bytes
    read: int = 0  # documents read
    added: int = 0
    present: int = 0
    claims: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)
    extracted: list[Extracted] = field(default_factory=list)
    seconds: float = 0.0
    pid: int = 0


_ENGINES: dict[str, Engine] = {}


def _engine(target: Engine | str) -> Engine:
    """One engine (one connection pool) per database URL per worker process."""
    if isinstance(target, Engine):
        return target
    if target not in _ENGINES:
        from corroborate.store.db import make_engine

        _ENGINES[target] = make_engine(target)
    return _ENGINES[target]


def process_partition(
    partition: Partition,
    *,
    target: Engine | str | None,
    alias_map: dict[str, str] | None = None,
) -> PartitionResult:
    started = time.perf_counter()
    result = PartitionResult(items=partition.items, size=partition.size, pid=os.getpid())
    documents: list[Document] = []
    for item in read_partition(partition):
        if isinstance(item, IngestError):
            result.errors.append((item.origin, item.reason))
        else:
            documents.append(item)
    result.read = len(documents)
    engine = _engine(target) if target is not None else None
    if engine is not None and documents:
        known = stored_hashes(engine, (d.content_hash for d in documents))
        fresh = [d for d in documents if d.content_hash not in known]
        result.present += len(documents) - len(fresh)
        documents = fresh
    extracted: list[Extracted] = []
    for doc in documents:
        ready = extract_for_store(doc, alias_map or {})
        if isinstance(ready, IngestError):
            result.errors.append((ready.origin, ready.reason))
        else:
            extracted.append(ready)
    if engine is None:
        result.extracted = extracted
    else:
        written = write_batch(engine, extracted)
        result.added += written.added
        result.present += written.present
        result.claims += written.claims
        result.errors.extend(written.errors)
    result.seconds = time.perf_counter() - started
    return result
