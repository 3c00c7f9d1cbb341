"""Benchmark loaders on the shared public datasets, and the synthetic scale benchmark."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from corroborate.bench.truth import (
    bench_scale,
    evaluate,
    load_flight,
    load_population,
    load_weather,
    parse_flight_time,
    run_methods,
    scale_table_markdown,
    synthetic_claims,
    truth_table_markdown,
)

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
TRUTH = DATA / "truth"
needs_data = pytest.mark.skipif(
    not TRUTH.is_dir(), reason=f"shared benchmark data not found at {TRUTH}"
)


@needs_data
def test_population_loads():
    ds = load_population(TRUTH)
    assert ds.n_claims > 40_000 and len(ds.sources) > 4000
    assert 290 <= len(ds.gold_object) <= 308
    rows = run_methods(ds, ["median", "corroborate"])
    assert {r["method"] for r in rows} == {"median", "corroborate"}
    assert all(0 <= r["error_rate"] <= 1 and r["tolerance"] for r in rows)
    table = truth_table_markdown(rows)
    assert "| population | corroborate |" in table and "1% of the gold value" in table


@needs_data
def test_weather_loads():
    ds = load_weather(TRUTH)
    assert len(ds.sources) == 16
    assert set(ds.attributes) == {"Temperature", "RealFeel", "Humidity", "Pressure", "Visibility"}
    assert len(ds.gold_object) > 15_000
    assert any("two different gold values" in n for n in ds.notes)


@needs_data
def test_flight_loads_and_drops_airlines():
    full = load_flight(TRUTH, days=1)
    without = load_flight(TRUTH, exclude_sources={"aa", "ua", "co"}, days=1)
    assert {"aa", "ua"} <= set(full.sources)
    assert not {"aa", "ua", "co"} & {s.lower() for s in without.sources}
    assert len(full.gold_object) > 300
    # Airline sites are the gold's provenance: where they speak they match it.
    row = run_methods(full, ["median"])[0]
    assert row["error_rate"] < 0.5


@pytest.mark.parametrize(
    "text, minutes",
    [
        ("12/01/2011 02:07 PM", 14 * 60 + 7),
        ("12/1/2011 2:07PM EST", 14 * 60 + 7),
        ("12/1/11 2:06 PM (-05:00)", 14 * 60 + 6),
        ("2011-12-01 02:07 PM", 14 * 60 + 7),
        ("December 1, 2011               07:10 AM    ", 7 * 60 + 10),
        ("12:05 AM, Dec 02", 1440 + 5),
        ("11:55pNov 30", -5),
        ("Thu., Dec.01, 2011 9:15 p.m.", 21 * 60 + 15),
        ("2011-12-01 Thu  14:30", 14 * 60 + 30),
        ("Dec 01 - Contact Airline", None),
    ],
)
def test_flight_time_formats(text, minutes):
    assert parse_flight_time(text, date(2011, 12, 1)) == minutes


def test_year_boundary():
    assert parse_flight_time("Dec 31 - 11:50pm", date(2012, 1, 1)) == -10


def test_synthetic_claims_are_seeded():
    a = synthetic_claims(1000, 100, 20, seed=5)
    b = synthetic_claims(1000, 100, 20, seed=5)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)


def test_bench_scale_small():
    seen = []
    rows = bench_scale(
        n_claims=5000,
        n_objects=500,
        n_sources=50,
        methods=["median", "corroborate"],
        progress=seen.append,
    )
    assert [r["method"] for r in rows] == ["median", "corroborate"]
    assert len(seen) == 2
    for r in rows:
        assert r["seconds"] > 0 and r["peak_mb"] > 0
        assert r["median_abs_log_error"] < 0.1
    assert "| corroborate | 5,000 |" in scale_table_markdown(rows)


def test_evaluate_counts_tolerance():
    from corroborate.bench.truth import Dataset

    ds = Dataset(
        "population",
        [],
        [],
        ["population"],
        np.zeros(2, dtype=int),
        np.array([]),
        np.array([]),
        np.array([]),
        np.array([0, 1]),
        np.array([100.0, 200.0]),
        np.array([0.0]),
        np.array([0.01]),
    )
    out = evaluate(ds, np.array([100.5, 210.0]))
    assert out["error_rate"] == 0.5
    assert out["mae_by_attribute"]["population"] == pytest.approx(5.25)


def test_missing_data_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="weather"):
        load_weather(tmp_path)
    with pytest.raises(FileNotFoundError, match="population"):
        load_population(tmp_path)
