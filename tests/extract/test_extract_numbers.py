"""Number parsing: digits, separators, scale words and numbers written in words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corroborate.extract.numbers import parse_digits, parse_number, parse_words

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def to_words(n: int) -> str:
    """English words for 0 <= n < 10**12, written independently of the parser under test."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {to_words(rest)}" if rest else "")
    for size, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= size:
            head, rest = divmod(n, size)
            tail = "" if not rest else (" and " if rest < 100 else " ") + to_words(rest)
            return f"{to_words(head)} {name}{tail}"
    raise AssertionError(n)


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_words_round_trip(n: int) -> None:
    assert parse_number(to_words(n)) == n


@given(st.integers(min_value=0, max_value=10**15))
def test_digits_round_trip_with_and_without_separators(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"{n:,}".replace(",", " ")) == n
    assert parse_number(f"{n:,}".replace(",", "\u202f")) == n


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False))
def test_decimals_round_trip(x: object) -> None:
    assert parse_number(f"{x:,}") == pytest.approx(float(str(x)))


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["thousand", "million", "billion"]))
def test_digits_with_scale_word(n: int, scale: str) -> None:
    factor = {"thousand": 10**3, "million": 10**6, "billion": 10**9}[scale]
    assert parse_number(f"{n} {scale}") == n * factor
    assert parse_number(f"{n}.5 {scale}") == pytest.approx((n + 0.5) * factor)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.5 million", 1_500_000),
        ("a million", 1_000_000),
        ("a dozen", 12),
        ("twelve thousand", 12_000),
        ("11 000", 11_000),
        ("two hundred and five thousand", 205_000),
        ("twenty-five", 25),
        ("3 bn", 3e9),
    ],
)
def test_examples(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "troops", "1,50", "12,3456", "one troops", "1.2.3"])
def test_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_parse_words_rejects_unknown_word() -> None:
    assert parse_words(["two", "apples"]) is None
    assert parse_digits("12a") is None


@given(st.integers(min_value=2, max_value=10**9), st.sampled_from(["digits", "commas", "words"]))
def test_numbers_in_a_sentence_come_back(n: int, style: str) -> None:
    from corroborate.extract.quantities import find_quantities

    rendered = {"digits": str(n), "commas": f"{n:,}", "words": to_words(n)}[style]
    sentence = f"Inspectors counted {rendered} boats in the harbour."
    found = find_quantities(sentence)
    assert [m.value for m in found] == [n]
    assert sentence[found[0].start : found[0].end] == rendered
