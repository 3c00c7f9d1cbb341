"""Partitions, the work on one partition and the in-process runner: fast, no Dask."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborate.batch import (
    InProcessRunner,
    plan_partitions,
    process_partition,
    read_partition,
)
from corroborate.batch import partitions as partitions_module
from corroborate.ingest import IngestError, expand_paths, read_file
from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database

from .conftest import snapshot


def _lines(n: int) -> list[str]:
    return [
        json.dumps({"text": f"Some {i + 1} people left the town.", "url": f"https://e.example/{i}"})
        for i in range(n)
    ]


def test_files_are_grouped_by_partition_size(corpus) -> None:  # type: ignore[no-untyped-def]
    folder, info = corpus(60)
    files = [p for p in expand_paths([str(folder)]) if isinstance(p, Path)]
    parts = plan_partitions(files, size=10)
    assert all(p.kind == "files" and p.items <= 12 for p in parts)
    assert sum(p.items for p in parts) == info["documents"]
    assert [Path(n) for p in parts for n in p.paths] == files
    assert sum(p.size for p in parts) == info["bytes"]


def test_large_jsonl_is_sharded_with_true_line_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(partitions_module, "JSONL_SPLIT_BYTES", 100)
    lines = _lines(25)
    lines[11] = "{not json"
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    parts = plan_partitions([path], size=10)
    assert [(p.kind, p.items, p.first_line) for p in parts] == [
        ("jsonl", 10, 1),
        ("jsonl", 10, 11),
        ("jsonl", 5, 21),
    ]
    sharded = [item for p in parts for item in read_partition(p)]
    whole = list(read_file(path))
    assert [str(i) if isinstance(i, IngestError) else i.content_hash for i in sharded] == [
        str(i) if isinstance(i, IngestError) else i.content_hash for i in whole
    ]
    assert any(isinstance(i, IngestError) and i.origin.endswith(":12") for i in sharded)


def test_stored_documents_are_not_extracted_again(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(_lines(5)) + "\n", encoding="utf-8")
    engine = open_database(str(tmp_path / "db.sqlite"))
    (part,) = plan_partitions([path])
    first = process_partition(part, target=engine)
    assert (first.added, first.present, first.claims) == (5, 0, 5)
    again = process_partition(part, target=engine)
    assert (again.added, again.present, again.claims) == (0, 5, 0)


def test_in_process_runner_reports_a_failing_partition_and_goes_on() -> None:
    def fail_on_two(n: int) -> int:
        if n == 2:
            raise ValueError("two")
        return n * 10

    outcomes = list(InProcessRunner().map_unordered(fail_on_two, [1, 2, 3]))
    assert [item for item, _ in outcomes] == [1, 2, 3]
    assert outcomes[0][1] == 10 and isinstance(outcomes[1][1], ValueError)


@pytest.mark.parametrize("writes", ["worker", "driver"])
def test_partition_size_and_writer_do_not_change_what_is_stored(
    tmp_path: Path, examples_dir: Path, writes: str
) -> None:
    reference = str(tmp_path / "reference.db")
    ingest_paths(open_database(reference), [str(examples_dir)])
    other = str(tmp_path / "other.db")
    report = ingest_paths(
        open_database(other), [str(examples_dir)], partition_size=3, writes=writes
    )
    assert report.writes == writes and report.partitions > 1
    assert snapshot(other) == snapshot(reference)
