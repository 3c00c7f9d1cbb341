"""``corroborate bench full-pass`` runs both passes on one synthetic database and reports
each process's memory."""

from __future__ import annotations

import pytest

from corroborate.bench.incremental import bench_full_pass

pytestmark = pytest.mark.slow


def test_bench_full_pass_reports_both_passes() -> None:
    result = bench_full_pass(2_000, workers=2, partition_claims=500)
    assert result["questions"] == 100
    assert result["in_process"]["claims_per_s"] > 0
    dask = result["dask"]
    assert dask["partitions"] >= 4 and dask["rounds"] >= 1
    assert set(dask["peak_rss_mb"]) == {"driver", "worker 0", "worker 1"}
    assert all(mb > 0 for mb in dask["peak_rss_mb"].values())
