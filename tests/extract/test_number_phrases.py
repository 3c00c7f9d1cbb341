"""Number phrases of spoken and hurried reporting: "15-hundred", "11 to 12,000", "a couple
thousand", "several hundred"; and what looks like a count but is a unit or a verb."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.extract.quantities import Mention, find_quantities

SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}


def only(sentence: str) -> Mention:
    found = find_quantities(sentence)
    assert len(found) == 1, (sentence, found)
    return found[0]


@given(st.integers(min_value=2, max_value=99), st.sampled_from(sorted(SCALES)))
def test_digits_hyphen_scale(n: int, scale: str) -> None:
    mention = only(f"Officials counted {n}-{scale} marchers.")
    assert mention.value == n * SCALES[scale]
    assert "number.hyphen_scale" in mention.rules


@given(st.integers(min_value=3, max_value=99), st.integers(min_value=0, max_value=999))
def test_a_small_low_end_shares_the_thousands(lead: int, rest: int) -> None:
    low = max(lead - 1, (lead + 1) // 2)
    mention = only(f"Organisers put the crowd at {low} to {lead},{rest:03d} people.")
    assert (mention.low, mention.high) == (low * 1000, lead * 1000 + rest)


def test_a_low_end_far_below_stays_as_written() -> None:
    mention = only("The odds were put at 1 to 10,000 by the bookmakers.")
    assert (mention.low, mention.high) == (1, 10_000)


@given(st.sampled_from(["a couple", "a couple of", "A couple"]), st.sampled_from(sorted(SCALES)))
def test_a_couple_is_about_two(phrase: str, scale: str) -> None:
    mention = only(f"Then {phrase} {scale} people arrived.")
    assert (mention.value, mention.qualifier) == (2 * SCALES[scale], "approx")


@given(st.sampled_from(["a few", "several", "a handful of"]), st.sampled_from(sorted(SCALES)))
def test_a_few_is_vague_like_the_plural(phrase: str, scale: str) -> None:
    mention = only(f"Then {phrase} {scale} people arrived.")
    plural = only(f"Then {scale}s of people arrived.")
    assert (mention.value, mention.qualifier) == (plural.value, plural.qualifier)
    assert mention.vague == (SCALES[scale], 10 * SCALES[scale])


def test_temperatures_and_page_units_are_units() -> None:
    assert only("It was 55.5°F at dawn.").unit == "°F"
    assert only("It was 12 °C at dawn.").unit == "°C"
    assert only("It was 55.5 F at dawn.").unit == "F"
    assert only("Headings are 24 px high.").unit == "px"


def test_won_is_money_only_beside_money() -> None:
    assert only("Even 10,000 won't be enough, she said.").unit is None
    assert only("Even 10,000 won’t be enough, she said.").unit is None
    assert only("The 300 won the vote in the end.").unit is None
    assert only("The fine was 50,000 won.").unit == "KRW"


_PIECES = st.sampled_from(
    ["1", "15", "11", "12,000", "4,500", "-", "-hundred", "-thousand", " to ", " and ", " ",
     "a couple ", "a couple of ", "a few ", "several ", "hundred", "thousand", "won", "won't",
     "°F", "°", " F", " C", "px", ".", ",", "people", "Seoul", "cost"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=20).map("".join))
def test_fuzzed_phrases_read_within_their_sentence(text: str) -> None:
    for mention in find_quantities(text):
        assert 0 <= mention.start < mention.end <= len(text)
        if mention.value is None:
            assert mention.low is not None and mention.high is not None
