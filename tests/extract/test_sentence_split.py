"""Sentence splitting where a full stop lost its space ("troops.The", "Oct. 8.In")."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.extract.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Some 300 workers came.The rest stayed.", ["Some 300 workers came.", "The rest stayed."]),
        ("It opened on Oct. 8.In all 90 came.", ["It opened on Oct. 8.", "In all 90 came."]),
        ('He said "enough."Then he left.', ['He said "enough."', "Then he left."]),
        ("Prices rose 3.5 percent.Then fell.", ["Prices rose 3.5 percent.", "Then fell."]),
    ],
)
def test_a_lost_space_still_ends_a_sentence(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The U.S.Army said so.",
        "J.R.Tolkien wrote it.",
        "See www.Example.com for more.",
        "Figures at example.Com/Page were up.",
        "Gen.Smith spoke first.",
        "It rose 3.5 percent.",
        "Write to news@Example.org today.",
    ],
)
def test_initials_abbreviations_urls_and_decimals_do_not_split(text: str) -> None:
    assert texts(text) == [text]


_WORDS = st.sampled_from(
    ["troops", "The", "In", "U.S.", "Oct.", "8", "3.5", "www.Site.com", "Mr.", "J.", "said",
     "\"yes.\"", "Then", "a", "rest"]
)  # fmt: skip
_GLUE = st.sampled_from([" ", ". ", ".", "\n", ", ", "! ", "?"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(_WORDS, _GLUE), max_size=20))
def test_offsets_hold_and_nothing_is_lost(parts: list[tuple[str, str]]) -> None:
    text = "".join(w + g for w, g in parts)
    found = split_sentences(text)
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
    assert "".join("".join(s.text.split()) for s in found) == "".join(text.split())
