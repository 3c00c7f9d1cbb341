"""The extractor's rules and word lists, as data: one TOML file per subject and language
(``lexicon/en/kinds.toml``, ``lexicon/en/events.toml`` ...).

Code reads a list once (``words("en", "kinds", "increment")``) and builds both its fast
word set and its regex from that one list, so a pattern is never written twice. Adding a
pattern is a line of data and a case in ``tests/extract/cases``.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=64)
def lexicon(name: str, language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The parsed TOML file ``lexicon/<language>/<name>.toml``."""
    path = resources.files(__package__).joinpath(language, f"{name}.toml")
    with path.open("rb") as handle:
        return tomllib.load(handle)


def entry(name: str, *keys: str, language: str = DEFAULT_LANGUAGE) -> Any:
    """One value inside a lexicon: ``entry("kinds", "increment", "words")``."""
    value: Any = lexicon(name, language)
    for key in keys:
        value = value[key]
    return value


def phrase_pattern(phrases: list[str] | tuple[str, ...], flags: int = re.IGNORECASE) -> str:
    """One alternation of whole-word phrases, longest first, spaces matching any
    whitespace: the regex form of a word list."""
    group = phrase_group(phrases)
    return _first_letters(phrases) + r"\b" + group[group.index("(?:") :]


def phrase_group(phrases: list[str] | tuple[str, ...]) -> str:
    """``phrase_pattern`` without its leading ``\b``, to follow other words."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    parts = [r"\s+".join(re.escape(w) for w in p.split()) for p in ordered]
    return _first_letters(phrases) + r"(?:" + "|".join(parts) + r")\b"


def _first_letters(phrases: list[str] | tuple[str, ...]) -> str:
    """A look-ahead on the phrases' first characters (both cases). It changes no match, but
    Python's regex engine tries an alternation's branches one by one at every position it
    reaches; the look-ahead turns most positions away with one class test (speed)."""
    firsts = {p.split()[0][0] for p in phrases if p.split()}
    if not firsts or any(not p.split() for p in phrases):
        return ""  # an empty phrase matches anywhere: no look-ahead can hold
    chars = firsts | {c.lower() for c in firsts} | {c.upper() for c in firsts}
    return "(?=[" + "".join(re.escape(c) for c in sorted("".join(chars))) + "])"


@lru_cache(maxsize=256)
def compiled(name: str, *keys: str, language: str = DEFAULT_LANGUAGE) -> re.Pattern[str]:
    """The phrase list at ``keys`` of lexicon ``name`` as one compiled regex."""
    return re.compile(phrase_pattern(tuple(entry(name, *keys, language=language))), re.IGNORECASE)


def first_words(phrases: list[str] | tuple[str, ...]) -> frozenset[str]:
    """Each phrase's first word, lower-cased: the word set a fast prefilter checks before
    running the phrase regex."""
    return frozenset(p.split()[0].lower() for p in phrases if p.strip())
