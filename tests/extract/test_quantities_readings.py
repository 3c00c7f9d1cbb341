"""More readings of figures: multiples, proportions, scientific notation, guesses joined
by "or", elided verbs, and numbers that are names rather than quantities."""

from __future__ import annotations

import pytest

from corroborate.bench.extract import claim_quantity
from corroborate.extract import extract_claims
from corroborate.extract.quantities import find_quantities
from corroborate.records import Document


def values(sentence: str) -> list[float | tuple[float | None, float | None]]:
    return [m.value if m.value is not None else (m.low, m.high) for m in find_quantities(sentence)]


def test_multiples_proportions_and_scientific_notation() -> None:
    grew = find_quantities("Exports grew more than tenfold over the decade.")
    assert [(m.value, m.qualifier) for m in grew] == [(10, "at_least")]
    assert values("Two out of five drivers skipped the test.") == [pytest.approx(0.4)]
    assert values("A proton weighs about 1.67×10−27 kilograms.") == [pytest.approx(1.67e-27)]


def test_two_adjacent_guesses_joined_by_or_are_a_range() -> None:
    assert values("The talks may take two or three weeks.") == [(2, 3)]
    assert values("They expect 5 or 50 boats, not more.") == [5, 50]


def test_numbers_that_are_names_or_articles() -> None:
    assert values("The fans still talk about the Miracle Seven catch.") == []
    assert values("The town has just one 3,000-seat stadium.") == [3000]
    assert values("Striker Joe Banda (9) scored twice in the first half.") == []
    assert values("The club has slipped into the bottom three this month.") == []


def test_qualifier_before_minus_and_up_to_as_a_phrasal_verb() -> None:
    (cold,) = find_quantities("Nights fall to about minus 40 degrees.")
    assert (cold.value, cold.qualifier) == (-40, "approx")
    (weeks,) = find_quantities("The build up to 5G took a decade.")
    assert weeks.qualifier == "exact"


def test_passed_a_threshold_is_a_lower_bound() -> None:
    (toll,) = find_quantities("The number of evacuees has passed 9,000.")
    assert toll.qualifier == "at_least"


def test_an_elided_verb_carries_its_change() -> None:
    found = find_quantities("Oil was up 2.1%, gas by 1.4% and coal was flat.")
    assert [(m.value, m.is_change, m.direction) for m in found] == [
        (2.1, True, "up"),
        (1.4, False, None),
    ]
    found = find_quantities("Oil was up 2.1%, Brent by 1.4% and coal was flat.")
    assert [m.direction for m in found] == ["up", "up"]


def test_losses_are_changes_only_in_percent_points_or_money() -> None:
    (fell,) = find_quantities("The index lost 2.5% on Friday.")
    assert fell.is_change
    (ice,) = find_quantities("The glacier is losing 30 tonnes of ice every year.")
    assert not ice.is_change


def test_from_one_level_to_another_is_a_range_of_levels() -> None:
    (moved,) = find_quantities("Output jumped from 240 to 273 units.")
    assert (moved.low, moved.high, moved.is_change) == (240, 273, False)
    assert moved.extras["change_cue"] == "level"
    (change,) = find_quantities("Prices dropped by 1 to 1.5 percent.")
    assert change.is_change and change.direction == "down"


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Shares rose about 3% on Monday.", "up"),  # a change wins over "about"
        ("The lake is about 40 miles (64 km) long.", "="),  # a conversion stays plain
        ("Output jumped from 240 to 273 units.", "="),  # two levels
        ("Prices dropped by 1 to 1.5 percent.", "down"),  # a change of a range
    ],
)
def test_newsquant_labels(sentence: str, label: str) -> None:
    claims = extract_claims(Document(text=sentence))
    assert claim_quantity(claims[-1]).change == label
