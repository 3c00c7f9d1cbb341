"""The ingest benchmark returns plain data (a tiny corpus, in-process only)."""

from __future__ import annotations

import json
from pathlib import Path

from corroborate.bench.ingest import bench_ingest, copy_tag, summary


def test_copy_tags_are_distinct_and_figure_free() -> None:
    tags = [copy_tag(i) for i in range(5000)]
    assert len(set(tags)) == len(tags)
    assert not any(ch.isdigit() for tag in tags for ch in tag)


def test_bench_ingest_returns_figures(tmp_path: Path, examples_dir: Path) -> None:
    result = bench_ingest(documents=40, workers=(), corpus=examples_dir, workdir=tmp_path)
    json.dumps(result)  # plain data, ready for --format json
    assert result["corpus"]["documents"] == 40
    (run,) = result["runs"]
    assert run["runner"] == "in-process" and run["database"] == "sqlite"
    assert run["stored_documents"] == 40 and run["docs_per_s"] > 0
    assert set(run["peak_rss_mb"]) == {"driver"}
    (row,) = summary(result)["runs"]  # what the table shows: the driver's peak, in-process
    assert row["docs/s"] == run["docs_per_s"] and row["peak MB"] == run["peak_rss_mb"]["driver"]
