"""The look-ahead that ``phrase_pattern`` puts before a word list, the token scan of the
event classes and the anaphora prefilter give the answers of their plain forms."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.extract import events, kinds
from corroborate.extract.lexicon import entry, phrase_group, phrase_pattern
from corroborate.extract.quantities import words_of

_WORDS = st.sampled_from(
    ["up", "Up", "to", "about", "killed", "wounded", "and", "or", "dead", "sent", "taken",
     "of", "Of", "among", "them", "these", "which", "were", "in", "need", "$5", "-", "'s",
     "İ", "K", "ß", "é", "x"]
)  # fmt: skip
_PHRASES = st.lists(st.lists(_WORDS, min_size=1, max_size=3).map(" ".join), min_size=1)
_TEXT = st.lists(
    st.one_of(_WORDS, st.sampled_from([" ", "  ", ", ", ".", "\n", "killed, wounded"])),
    max_size=30,
).map("".join)


def _plain_pattern(phrases: list[str]) -> str:
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    parts = [r"\s+".join(re.escape(w) for w in p.split()) for p in ordered]
    return r"\b(?:" + "|".join(parts) + r")\b"


@settings(max_examples=400, deadline=None)
@given(_PHRASES, _TEXT, st.sampled_from([0, re.IGNORECASE]))
def test_the_look_ahead_changes_no_match(phrases: list[str], text: str, flags: int) -> None:
    plain = re.compile(_plain_pattern(phrases), flags)
    fast = re.compile(phrase_pattern(phrases), flags)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
    after = re.compile(r"x\s*" + phrase_group(phrases), flags)
    plain_after = re.compile(r"x\s*" + _plain_pattern(phrases)[2:], flags)
    assert [m.span() for m in after.finditer(text)] == [
        m.span() for m in plain_after.finditer(text)
    ]


def _plain_classes(text: str) -> tuple[str, ...]:
    """The event classes a text names, token by token (the form before the speed-up)."""
    index = events._cues()
    tokens = events._TOKEN.findall(text.lower())
    found: set[str] = set()
    i = 0
    while i < len(tokens):
        step = 1
        for phrase, name in index.get(tokens[i], ()):
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                found.add(name)
                step = len(phrase)
                break
        i += step
    harm = frozenset(entry("events", "harm"))
    if len(found & harm) >= 2:
        found = (found - harm) | {"casualties"}
    return tuple(name for name in events._ORDER if name in found)


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_event_classes_match_the_token_by_token_scan(text: str) -> None:
    assert events.classes_in(text) == _plain_classes(text)


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_the_anaphora_prefilter_changes_no_answer(text: str) -> None:
    assert kinds._anaphora(text, words_of(text)) == bool(kinds._ANAPHORA.search(text))
