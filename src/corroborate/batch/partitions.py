"""Splitting an input into partitions a worker can read on its own.

Three kinds: a list of small files (articles one per file), a shard of a large JSONL file
(a byte range that starts and ends on line boundaries) and a batch of records of a web
archive (a byte range of record offsets). A partition is small and picklable: it names
what to read, never holds the text, so sending it to a worker costs nothing.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from corroborate.ingest import IngestError, read_file
from corroborate.ingest.files import jsonl_line
from corroborate.ingest.limits import MAX_JSONL_LINE_BYTES
from corroborate.ingest.warc import is_warc, read_warc, scan_warc
from corroborate.records import Document

# Documents per partition: one task and one write transaction each. Measured (docs/SCALING.md):
# 250 rather than 100 cut the driver's per-task work and the writes' transactions, 5–12 %
# faster with two workers, with a tail (the last partition running alone) still short.
DEFAULT_PARTITION_SIZE = 250
JSONL_SPLIT_BYTES = 1024 * 1024  # smaller JSONL files travel whole, like any file


@dataclass(slots=True, frozen=True)
class Partition:
    """``kind`` is "files" (``paths``), "jsonl" or "warc" (``paths[0]`` from byte ``start``
    to ``stop``; ``first_line`` numbers JSONL lines in error messages). ``items`` is the
    number of input items (files, lines, records) for progress; ``size`` their bytes."""

    kind: str
    paths: tuple[str, ...]
    items: int
    size: int
    start: int = 0
    stop: int | None = None
    first_line: int = 1

    def label(self) -> str:
        if self.kind == "files":
            return Path(self.paths[-1]).name
        return f"{Path(self.paths[0]).name} @{self.start}"


def plan_partitions(
    files: Sequence[Path], *, size: int = DEFAULT_PARTITION_SIZE
) -> list[Partition]:
    """Partitions of about ``size`` documents each, in input order."""
    size = max(1, size)
    out: list[Partition] = []
    group: list[Path] = []
    group_bytes = 0

    group_items = 0

    def flush() -> None:
        nonlocal group, group_bytes, group_items
        if group:
            out.append(Partition("files", tuple(map(str, group)), group_items, group_bytes))
            group, group_bytes, group_items = [], 0, 0

    for path in files:
        nbytes = _size(path)
        if is_warc(path):
            flush()
            out.extend(_warc_partitions(path, size))
        elif path.suffix.lower() == ".jsonl" and nbytes > JSONL_SPLIT_BYTES:
            flush()
            out.extend(_jsonl_partitions(path, size))
        else:
            group.append(path)
            group_bytes += nbytes
            group_items += _small_jsonl_lines(path) if path.suffix.lower() == ".jsonl" else 1
            if group_items >= size:
                flush()
    flush()
    return out


def read_partition(partition: Partition) -> Iterator[Document | IngestError]:
    """The documents of one partition, or errors naming what could not be read."""
    if partition.kind == "files":
        for name in partition.paths:
            yield from read_file(Path(name))
    elif partition.kind == "jsonl":
        yield from _read_jsonl_shard(partition)
    elif partition.kind == "warc":
        yield from read_warc(Path(partition.paths[0]), start=partition.start, stop=partition.stop)
    else:
        raise ValueError(f"unknown partition kind {partition.kind!r}")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read_file names the problem when the partition is read


def _small_jsonl_lines(path: Path) -> int:
    """The documents in a JSONL file small enough to travel whole (for progress)."""
    try:
        return max(1, sum(1 for line in path.read_bytes().splitlines() if line.strip()))
    except OSError:
        return 1


def _jsonl_partitions(path: Path, size: int) -> Iterator[Partition]:
    """Shards of ``size`` lines, found by one pass over the file's bytes."""
    name = str(path)
    start = 0
    first_line = 1
    lines = 0
    offset = 0
    with path.open("rb") as stream:
        for length in _line_lengths(stream):
            offset += length
            lines += 1
            if lines == size:
                yield Partition("jsonl", (name,), lines, offset - start, start, offset, first_line)
                start, first_line, lines = offset, first_line + size, 0
    if lines:
        yield Partition("jsonl", (name,), lines, offset - start, start, offset, first_line)


def _line_lengths(stream: BinaryIO, stop: int | None = None) -> Iterator[int]:
    """The byte length of each line up to offset ``stop``, read in bounded pieces: a line
    of gigabytes is measured, never held."""
    position = stream.tell()
    while stop is None or position < stop:
        length = 0
        while True:
            piece = stream.readline(MAX_JSONL_LINE_BYTES)
            length += len(piece)
            if not piece or piece.endswith(b"\n"):
                break
        if not length:
            return
        position += length
        yield length


def _read_jsonl_shard(partition: Partition) -> Iterator[Document | IngestError]:
    """Each line of the shard read on its own: a line over the limit or a line that
    cannot be read is named and the next line goes on."""
    name = partition.paths[0]
    try:
        with open(name, "rb") as stream:
            stream.seek(partition.start)
            number = partition.first_line - 1
            for length in _line_lengths(stream, partition.stop):
                number += 1
                yield from _shard_line(stream, length, f"{name}:{number}", number == 1)
    except OSError as exc:
        yield IngestError(name, f"cannot read file: {exc.strerror or exc}")


def _shard_line(
    stream: BinaryIO, length: int, where: str, first: bool
) -> Iterator[Document | IngestError]:
    if length > MAX_JSONL_LINE_BYTES:
        yield IngestError(where, f"line is over the {MAX_JSONL_LINE_BYTES:,}-byte limit")
        return
    stream.seek(-length, io.SEEK_CUR)
    raw = stream.read(length)
    try:
        line = raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as exc:
        yield IngestError(where, f"not valid UTF-8 (byte {exc.start})")
        return
    if line.strip():
        yield jsonl_line(line, where)


def _warc_partitions(path: Path, size: int) -> Iterator[Partition]:
    """Batches of ``size`` response records (request and metadata records between them
    are skipped by the reader)."""
    try:
        refs, total = scan_warc(path)
    except Exception:  # a damaged archive: one partition, whose reader names the damage
        yield Partition("warc", (str(path),), 1, _size(path))
        return
    if not refs:
        yield Partition("warc", (str(path),), 0, total)
        return
    for i in range(0, len(refs), size):
        start = 0 if i == 0 else refs[i].offset
        stop = refs[i + size].offset if i + size < len(refs) else None
        end = stop if stop is not None else total
        yield Partition("warc", (str(path),), len(refs[i : i + size]), end - start, start, stop)
