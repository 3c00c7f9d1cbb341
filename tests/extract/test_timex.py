"""Time expressions: what they say, and their resolution against the document's date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.extract import extract_claims, timex
from corroborate.records import Claim, Document

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PUBLISHED = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


def one(text: str, published: date | None, precision: str | None = None) -> Claim:
    doc = Document(text=text, published=published, published_precision=precision)  # type: ignore[arg-type]
    found = extract_claims(doc)
    assert found, text
    return found[0]


def test_a_bare_month_is_a_month_never_its_first_day() -> None:
    claim = one("In January the agency hired 300 nurses.", date(2025, 3, 5))
    assert (claim.as_of, claim.as_of_precision) == (date(2025, 1, 1), "month")
    assert claim.to_dict()["as_of"] == "2025-01"


def test_a_month_after_the_articles_month_is_last_years() -> None:
    claim = one("The port handled 1,200 ships in December.", date(2025, 2, 6))
    assert claim.to_dict()["as_of"] == "2024-12"
    assert "time.year_before" in claim.rules


def test_a_plans_target_month_stays_ahead() -> None:
    claim = one("The city plans to plant 10,000 trees by December.", date(2024, 10, 23))
    assert claim.to_dict()["as_of"] == "2024-12"
    assert "time.target" in claim.rules


def test_weekdays_need_a_day_precise_document() -> None:
    text = "Officials said on Monday that 450 people were evacuated."
    assert one(text, date(2024, 10, 30)).to_dict()["as_of"] == "2024-10-28"
    assert one(text, date(2024, 10, 1), "month").as_of is None
    assert one(text, None).as_of is None


def test_months_resolve_in_a_month_precise_document() -> None:
    claim = one("In January the agency hired 300 nurses.", date(2025, 3, 1), "month")
    assert claim.to_dict()["as_of"] == "2025-01"
    assert one("The agency hired 300 nurses last week.", date(2025, 3, 1), "month").as_of is None


def test_an_explicit_year_needs_no_document_date() -> None:
    claim = one("Some 2,500 homes were rebuilt in May 2023.", None)
    assert claim.to_dict()["as_of"] == "2023-05"


def test_one_day_window_takes_the_documents_precision() -> None:
    claim = one("Some 40 homes were flooded over the past day.", date(2025, 3, 1), "month")
    assert claim.to_dict()["as_of"] == "2025-03"


def test_a_date_after_the_article_without_a_plan_is_dropped() -> None:
    claim = one("The agency counted 300 arrivals in December 2025.", date(2024, 10, 1))
    assert claim.as_of is None
    assert "time.after_published" in claim.rules


def test_each_figure_takes_the_time_of_its_own_phrase() -> None:
    found = extract_claims(
        Document(
            text="The clinic treated 1,262 patients in May and 1,163 more in June.",
            published=date(2024, 7, 12),
        )
    )
    assert [c.to_dict()["as_of"] for c in found] == ["2024-05", "2024-06"]


@pytest.mark.parametrize(
    ("expression", "kind", "precision"),
    [
        ("on Oct. 8", "date", "day"),
        ("by late October", "date", "month"),
        ("in January and February", "date", "month"),
        ("from 8 to 13 October", "date", "day"),
        ("in 2023", "date", "year"),
        ("last Tuesday", "weekday", "day"),
        ("three days ago", "ago", "day"),
        ("late last year", "rel", "day"),
        ("so far", "present", "day"),
    ],
)
def test_expressions_parse(expression: str, kind: str, precision: str) -> None:
    parsed = timex.parse(expression)
    assert parsed is not None and (parsed.kind, parsed.precision) == (kind, precision)


def test_a_bare_capitalised_month_is_no_date() -> None:
    assert timex.find_times("May God help them; the March was long.") == []


@settings(max_examples=300, deadline=None)
@given(PUBLISHED, st.sampled_from(MONTHS), st.sampled_from(["in", "by", "during", "late"]))
def test_a_month_without_a_year_is_never_after_the_article(
    published: date, month: str, prep: str
) -> None:
    when = timex.resolve_when(f"{prep} {month}", published)
    assert when is not None and when.precision == "month"
    assert when.day <= published
    assert published - when.day < timedelta(days=366)


@settings(max_examples=300, deadline=None)
@given(PUBLISHED, st.sampled_from(WEEKDAYS), st.sampled_from(["", "on ", "last "]))
def test_weekdays_fall_in_the_week_before_the_article(
    published: date, weekday: str, prep: str
) -> None:
    when = timex.resolve_when(f"{prep}{weekday}", published)
    assert when is not None and when.precision == "day"
    assert when.day.weekday() == WEEKDAYS.index(weekday)
    assert timedelta(0) <= published - when.day <= timedelta(days=7)


_PIECES = st.sampled_from(
    [" ", ", ", ". ", "-", "in ", "on ", "by ", "since ", "from ", "to ", "and ", "late ",
     "mid-", "last ", "this ", "the ", "week", "month", "year", "ago", "now", "so far",
     "Monday", "Friday's", "October", "Oct.", "May", "Sept", "8", "13", "31", "2024", "1,500",
     "that struck ", "said ", "will ", "yesterday", "today", "three ", "days "]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join), PUBLISHED)
def test_fuzzed_text_dates_nothing_after_the_article_unless_a_target(
    text: str, published: date
) -> None:
    times = timex.find_times(text)
    assert times == timex.find_times(text, frozenset(timex._LETTERS.findall(text.lower())))
    for _, expression in times:
        assert timex.parse(expression) is not None, expression
    dating = timex.date_figure(text, times, len(text), len(text), [], published)
    if dating.when is not None and "time.target" not in dating.rules:
        assert dating.when.day <= published


def _plain_times(text: str) -> list[tuple[int, str]]:
    """``find_times`` without its speed-ups: every family's regex over the whole text."""
    families = [p for p, _ in timex._FAMILIES] + [timex._YEAR_ONLY]
    found = sorted(
        (m.start(), -m.end(), m.group(0))
        for p in families
        for m in p.finditer(text)
        if timex._valid(p, m, text)
    )
    out, last_end = [], -1
    for start, neg_end, expression in found:
        if start >= last_end:
            out.append((start, expression))
            last_end = -neg_end
    return out


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_windowed_search_finds_what_the_plain_one_finds(text: str) -> None:
    assert timex.find_times(text) == _plain_times(text)


def test_every_count_back_phrase_holds_a_word_of_its_prefilter() -> None:
    from corroborate.extract.lexicon import entry

    for phrase in entry("time", "earlier", "back"):
        assert not timex.BACK_WORDS.isdisjoint(phrase.lower().split()), phrase
