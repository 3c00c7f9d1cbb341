"""Finding figures in a sentence: values, ranges, qualifiers, units, and what is not a claim."""

from __future__ import annotations

import pytest

from corroborate.extract.quantities import find_quantities


def only(sentence: str):  # type: ignore[no-untyped-def]
    found = find_quantities(sentence)
    assert len(found) == 1, [sentence[m.start : m.end] for m in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier"),
    [
        ("Officials counted 1,500 tanks near the border.", 1500, "exact"),
        ("The army has over a million reservists.", 1_000_000, "at_least"),
        ("More than 3,000 sailors were rescued.", 3000, "at_least"),
        ("At least 40 villages lost power.", 40, "at_least"),
        ("As many as 200,000 fans could attend.", 200_000, "up_to"),
        ("The plant will hire up to 400 workers.", 400, "up_to"),
        ("About 12 000 residents left the town.", 12_000, "approx"),
        ("Some 10,000 volunteers have signed up.", 10_000, "approx"),
        ("Roughly twelve thousand people marched.", 12_000, "approx"),
        ("Nearly 90 buses were stuck.", 90, "approx"),
        ("Fewer than 30 boats returned.", 30, "at_most"),
        ("The fund lent 1.5 million euros.", 1_500_000, "exact"),
        ("A dozen drones were launched overnight.", 12, "exact"),
        ("The rally drew 5,000 or more people.", 5000, "at_least"),
    ],
)
def test_value_and_qualifier(sentence: str, value: float, qualifier: str) -> None:
    mention = only(sentence)
    assert mention.value == pytest.approx(value)
    assert mention.qualifier == qualifier


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        ("Between 10,000 and 12,000 workers went on strike.", 10_000, 12_000),
        ("Organisers expected 10,000-12,000 visitors.", 10_000, 12_000),
        ("The camp holds 11 to 12 thousand people.", 11_000, 12_000),
        ("Prices range from $800,000 to $1.3 million.", 800_000, 1_300_000),
        ("Tens of thousands of people fled the city.", 10_000, 99_999),
    ],
)
def test_ranges(sentence: str, low: float, high: float) -> None:
    mention = only(sentence)
    assert mention.value is None
    assert (mention.low, mention.high) == (pytest.approx(low), pytest.approx(high))
    assert mention.qualifier == "range"


@pytest.mark.parametrize(
    ("sentence", "lower_bound"),
    [
        ("Dozens of people were hurt.", 12),
        ("Hundreds of homes flooded.", 100),
        ("Thousands of troops arrived.", 1000),
    ],
)
def test_vague_amounts_are_lower_bounds(sentence: str, lower_bound: float) -> None:
    mention = only(sentence)
    assert mention.value == lower_bound
    assert mention.qualifier == "at_least"
    assert mention.vague is not None and mention.vague[0] == lower_bound


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("Turnout rose to 64% this time.", "percent"),
        ("Turnout was 64 per cent this time.", "percent"),
        ("The bridge cost $3.2bn to build.", "USD"),
        ("The fine was £40,000 in total.", "GBP"),
        ("The fine was 40,000 euros in total.", "EUR"),
        ("The convoy travelled 300 km overnight.", "km"),
        ("Officials counted 1,500 tanks near the border.", None),
    ],
)
def test_units(sentence: str, unit: str | None) -> None:
    assert only(sentence).unit == unit


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Nearly two-thirds of voters agreed.", 2 / 3),
        ("A quarter of the fleet was idle.", 0.25),
        ("Half of the flights were cancelled.", 0.5),
        ("The tank holds 3/4 of a load.", 0.75),
    ],
)
def test_fractions(sentence: str, value: float) -> None:
    assert only(sentence).value == pytest.approx(value)


def test_negative_numbers_and_sub() -> None:
    assert only("The index closed at -1.5% on the day.").value == -1.5
    assert only("Temperatures fell to minus 20 degrees.").value == -20
    low = only("They rent sub-300 sq m offices.")
    assert (low.value, low.qualifier) == (300, "at_most")


def test_conversions_share_the_qualifier() -> None:
    found = find_quantities("The drone flew more than 100 kilometres (60 miles).")
    assert [m.qualifier for m in found] == ["at_least", "at_least"]


def test_changes_are_marked_with_their_direction() -> None:
    up = only("Exports rose by 2,000 tonnes.")
    down = only("The index fell 4.5 percent.")
    assert (up.is_change, up.direction) == (True, "up")
    assert (down.is_change, down.direction) == (True, "down")
    assert not only("The firm employs 2,000 staff.").is_change


@pytest.mark.parametrize(
    "sentence",
    [
        "The treaty was signed in 2019 after long talks.",
        "Talks resume on Nov. 1 in the capital.",
        "The vote is due on March 29 next spring.",
        "The meeting starts at 10:30 sharp.",
        "The train leaves at 3 p.m. from the main station.",
        "The mayor, aged 54, declined to comment.",
        "A 25-year-old man was questioned.",
        "He finished 22nd in the race.",
        "See page 12 of the report.",
        "Section 427 of the code applies.",
        "Call +44 20 7946 0958 for details.",
        "A Su-34 bomber crashed on take-off.",
        "The Covid-19 pandemic changed travel.",
        "The Boeing 737 landed safely.",
        "Maddon, 66, has used the downtime well.",
        "Growth was strong in the 1990s everywhere.",
        "The council adopted a five-year plan.",
        "Sept. 20-24 is the festival week.",
        "Talks were held between 1990 and 1995 in Oslo.",
        "The iPhone 11 sold well.",
        "Sony sold the PS5 console in Tokyo.",
        "Emissions are measured in parts per million.",
    ],
)
def test_not_claims(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_sentence_without_numbers_is_skipped() -> None:
    assert find_quantities("No figures here, only words and names.") == []


def test_offsets_point_at_the_figure() -> None:
    sentence = "Reports say 4,500 sheep and about twelve thousand goats were sold."
    found = find_quantities(sentence)
    assert [sentence[m.start : m.end] for m in found] == ["4,500", "twelve thousand"]
