"""Reading numbers written in digits or in words.

Only the arithmetic lives here: ``parse_number("1.5 million") == 1_500_000``. Finding the
numbers in a sentence, and deciding which of them are claims, is ``quantities.py``'s job.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "hundred": 1e2, "mil": 1e6,
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
WORD_VALUES = {**UNITS, **TENS, "dozen": 12, "hundred": 100}
NUMBER_WORDS = frozenset(WORD_VALUES) | {"thousand", "million", "billion", "trillion", "a", "an"}

# Vague amounts (ACLED's convention): the lower bound as value, the order of magnitude above.
VAGUE = {
    "dozens": (12.0, 120.0),
    "scores": (20.0, 200.0),
    "hundreds": (100.0, 1000.0),
    "thousands": (1e3, 1e4),
    "millions": (1e6, 1e7),
    "billions": (1e9, 1e10),
}


def word_set(text: str) -> frozenset[str]:
    """A word list written as one string, as lexicons here are."""
    return frozenset(text.split())


_DIGITS = re.compile(r"^\d+(?:[,\u00a0\u202f\u2009 ]\d{3})*(?:\.\d+)?$|^\.\d+$")
_SEPARATORS = str.maketrans("", "", ",\u00a0\u202f\u2009 ")


def parse_digits(text: str) -> float | None:
    """``"11 000"`` -> 11000.0, ``"1,500.5"`` -> 1500.5; None if it is not a plain number."""
    text = text.strip()
    if not _DIGITS.match(text):
        return None
    return float(text.translate(_SEPARATORS))


def parse_words(words: list[str]) -> float | None:
    """``["two", "hundred", "and", "five", "thousand"]`` -> 205000.0.

    Accepts "a"/"an" as one before a scale ("a million", "a dozen") and "and" inside.
    """
    total = 0.0
    current = 0.0
    seen = False
    for raw in words:
        word = raw.lower()
        if word == "and":
            continue
        if word in ("a", "an"):
            current += 1
            continue
        if word in UNITS or word in TENS:
            current += WORD_VALUES[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in ("thousand", "million", "billion", "trillion"):
            total += (current or 1) * SCALES[word]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


_PARTS = re.compile(r"[\s\u00a0-]+")


def parse_number(text: str) -> float | None:
    """Digits, words, or digits with a scale word: "1.5 million", "twelve thousand"."""
    parts = _PARTS.split(text.strip())
    if not parts or not parts[0]:
        return None
    scale = 1.0
    while len(parts) > 1 and parts[-1].lower() in SCALES and parse_digits(parts[0]) is not None:
        scale *= SCALES[parts.pop().lower()]
    digits = parse_digits(" ".join(parts))
    if digits is not None:
        return digits * scale
    if scale != 1.0:
        return None
    return parse_words(parts)
