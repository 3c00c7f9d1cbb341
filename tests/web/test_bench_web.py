"""``bench_web`` at a small size, for correctness only: no time is asserted."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from corroborate.bench.web import bench_web, fill_database
from corroborate.query import cache, chart
from corroborate.query import questions as queries
from corroborate.query.search import search
from corroborate.store import open_database
from corroborate.store.models import ClaimRow, DocumentRow


def test_fill_replicates_claims_with_varied_dates_and_values(
    db_url: str, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = open_database(db_url)
    filled = fill_database(engine, claims=900, corpus=examples_dir)
    assert filled["claims"] >= 900 and filled["replicas"] >= 9
    with engine.connect() as connection:
        dates = connection.scalar(select(func.count(func.distinct(DocumentRow.published))))
        values = connection.scalar(select(func.count(func.distinct(ClaimRow.value))))
        hashes = connection.scalar(select(func.count(func.distinct(DocumentRow.content_hash))))
        documents = connection.scalar(select(func.count()).select_from(DocumentRow))
    assert dates > 50 and values > 100 and hashes == documents
    top = queries.questions_page(engine, limit=1)["questions"][0]
    assert top["n_claims"] > 100
    page = queries.question_page(engine, question_id=top["id"])
    assert page is not None and page["chart"]["points"]
    assert search(engine, q="troops")["total_claims"] > 100  # full-text index kept
    # a large question: the chart bins claims by source and time, the table goes by id
    monkeypatch.setattr(chart, "CHART_POINTS", 50)
    monkeypatch.setattr(queries, "DATE_ORDER_LIMIT", 50)
    cache.clear()
    binned = queries.question_page(engine, question_id=top["id"], limit=5)
    assert binned is not None
    points = binned["chart"]["points"]
    assert sum(p["n"] for p in points) >= top["n_claims"] - top["n_rejected"] - 50
    assert len(points) < top["n_claims"] and max(p["n"] for p in points) > 1
    assert len({p["date"] for p in points}) <= chart.CHART_BINS + 1
    ids = [c["id"] for c in binned["claims"]]
    assert ids == sorted(ids)
    engine.dispose()


@pytest.mark.slow
def test_bench_web_reports_latency_against_the_floor(tmp_path: Path, examples_dir: Path) -> None:
    result = bench_web(
        claims=1500,
        db=str(tmp_path / "bench.db"),
        corpus=examples_dir,
        requests=8,
        concurrency=2,
        floor_runs=3,
    )
    assert result["claims"] >= 1500 and result["documents"] > 19
    assert [p["page"] for p in result["pages"]] == ["dashboard", "question", "claims_api"]
    for page in result["pages"]:
        for key in ("server_p50_ms", "server_p95_ms", "server_rps", "floor_p50_ms", "floor_p95_ms"):
            assert page[key] > 0, (page["page"], key)
        assert page["server_p95_ms"] >= page["server_p50_ms"]
