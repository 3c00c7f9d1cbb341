"""Numbers and figures as readers write them: one formatter per purpose."""

from __future__ import annotations

from corroborate.present.format import compact, figure, format_cell, number


def test_number_writes_a_figure_in_full() -> None:
    assert number(11000.0) == "11,000"
    assert number(1_500_000.0) == "1,500,000"
    assert number(1.25) == "1.25"
    assert number(11000.5) == "11,000"  # never "1.1e+04"
    assert number(None) == "—"


def test_compact_is_for_charts_and_crowded_cells() -> None:
    assert compact(1_500_000.0) == "1.5M"
    assert compact(12.7) == "13"
    assert compact(0.25) == "0.25"


def test_table_cells_keep_ids_and_counts_as_they_are() -> None:
    assert format_cell(12345) == "12345"
    assert format_cell(12345.0) == "12,345"
    assert format_cell(None) == "" and format_cell(True) == "yes"
    assert format_cell(list(range(10))) == "0, 1, 2, 3, 4, 5, 6, 7 …"


def test_figure_reads_qualifier_range_unit_and_rate() -> None:
    assert figure({"value": 12000.0, "qualifier": "approx"}) == "≈12,000"
    assert figure({"value": None, "low": 10000.0, "high": 12000.0}) == "10,000–12,000"
    assert figure({"value": 1300.0, "qualifier": "at_least", "period": "a day"}) == (
        "≥1,300 per day"
    )
    assert figure({"value": 2000.0, "period": "last week"}) == "2,000"  # a span dates, no rate
    assert figure({"value": 5.0, "unit": "percent"}) == "5 percent"
