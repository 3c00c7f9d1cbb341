"""A document's ``published``: ISO dates of any precision and datetimes with zones."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corroborate.ingest.files import IngestError, from_mapping, from_plain, parse_published
from corroborate.records import date_text


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        ("2025", date(2025, 1, 1), "year"),
        ("2025-01", date(2025, 1, 1), "month"),
        ("2025-01-07", date(2025, 1, 7), None),
        ("2025-01-07T09:30:00+09:00", date(2025, 1, 7), None),
        ("2025-01-07T23:30:00-05:00", date(2025, 1, 7), None),  # the date where it appeared
        ("2025-01-07T09:30:00Z", date(2025, 1, 7), None),
        ("2025-01-07 09:30", date(2025, 1, 7), None),
        (" 2024-12 ", date(2024, 12, 1), "month"),
        (None, None, None),
        ("", None, None),
    ],
)
def test_published_of_any_precision(text: str | None, day: date | None, precision: str) -> None:
    assert parse_published(text, "t") == (day, precision)


@pytest.mark.parametrize(
    "text", ["2025-13", "2025-00", "25-01", "2025-1", "January 2025", "last tuesday", "2025-02-30"]
)
def test_bad_published_is_an_ingest_error(text: str) -> None:
    with pytest.raises(IngestError):
        parse_published(text, "t")


def test_a_month_old_document_is_read_whole() -> None:
    doc = from_mapping({"text": "Some 300 people were rescued.", "published": "2025-01"}, "t")
    assert (doc.published, doc.published_precision) == (date(2025, 1, 1), "month")
    assert date_text(doc.published, doc.published_precision) == "2025-01"
    plain = from_plain("Published: 2024\n\nSome 300 people were rescued.", "t")
    assert (plain.published, plain.published_precision) == (date(2024, 1, 1), "year")


@given(st.dates(min_value=date(1000, 1, 1)))
def test_iso_dates_round_trip_at_every_precision(day: date) -> None:
    assert parse_published(day.isoformat(), "t") == (day, None)
    month = day.isoformat()[:7]
    assert parse_published(month, "t") == (day.replace(day=1), "month")
    assert parse_published(month[:4], "t") == (date(day.year, 1, 1), "year")


@given(
    st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30)),
    st.integers(min_value=-14 * 60, max_value=14 * 60),
)
def test_datetimes_keep_their_local_date(moment: datetime, minutes: int) -> None:
    aware = moment.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    assert parse_published(aware.isoformat(), "t") == (moment.date(), None)


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_an_ingest_error(text: str) -> None:
    try:
        day, precision = parse_published(text, "t")
    except IngestError:
        return
    assert day is None or isinstance(day, date)
    assert precision in (None, "month", "year")
