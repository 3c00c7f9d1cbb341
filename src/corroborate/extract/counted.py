"""What kind of people or things a figure counts: "special forces troops", "servicemen"
and "military personnel" are all ``troops``; sappers are ``engineers``, not troops.

The classes and their head nouns are data (``lexicon/en/counted.toml``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from corroborate.extract.context import PLURAL_DEMONYMS
from corroborate.extract.lexicon import entry, phrase_pattern

_WORD = re.compile(r"[a-z][a-z'.-]*")


@lru_cache(maxsize=1)
def _heads() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every head noun (a phrase before its last word) and its class."""
    owner: dict[str, str] = {}
    for name, heads in entry("counted", "classes").items():
        for head in heads:
            owner[head.lower()] = name
    for word in entry("counted", "event_nouns", "words"):
        owner[word.lower()] = "event"
    return re.compile(phrase_pattern(list(owner)), re.IGNORECASE), owner


@lru_cache(maxsize=1)
def _military() -> re.Pattern[str]:
    return re.compile(phrase_pattern(entry("counted", "event_nouns", "military")), re.I)


@lru_cache(maxsize=1)
def _not_military() -> re.Pattern[str]:
    return re.compile(phrase_pattern(entry("counted", "event_nouns", "not_military")), re.I)


def _soldiers(text: str) -> bool:
    """Whether a phrase speaks of soldiers ("killed in combat"), not of a government that
    is military ("the military government said")."""
    return bool(_military().search(_not_military().sub(" ", text)))


@lru_cache(maxsize=1)
def _contextual() -> dict[str, str]:
    """Heads whose class the sentence decides: head -> the class its context may give."""
    return {h: name for name, heads in entry("counted", "contextual").items() for h in heads}


@lru_cache(maxsize=16)
def _class_words(name: str) -> re.Pattern[str]:
    return re.compile(phrase_pattern(entry("counted", "classes", name)), re.IGNORECASE)


def _speaks_of(name: str, sentence: str) -> bool:
    """The sentence names the class (police) and not soldiers."""
    return bool(_class_words(name).search(sentence)) and not _soldiers(sentence)


@lru_cache(maxsize=1)
def _noise() -> frozenset[str]:
    return frozenset(w.lower() for w in entry("counted", "noise", "words"))


@lru_cache(maxsize=4096)
def counted_class(counted: str | None, sentence: str = "") -> str | None:
    """The class of what a figure counts ("troops", "engineers", "people", ...), the head
    noun itself for other things ("tanks"), or None for a unit, page furniture or nothing.

    An event noun ("casualties", "deaths") counts troops when the phrase or the
    ``sentence`` speaks of the military, else people."""
    if not counted:
        return None
    pattern, owner = _heads()
    matches = list(pattern.finditer(counted))
    if matches:
        head = " ".join(matches[-1].group(0).lower().split())  # the rightmost head
        name = owner[head]
        if head in _contextual() and sentence and _speaks_of(_contextual()[head], sentence):
            return _contextual()[head]  # "three officers were injured, police said"
        if name != "event":
            return name
        return "troops" if _soldiers(f"{counted} {sentence}") else "people"
    words: list[str] = [w.strip(".'-") for w in _WORD.findall(counted.lower())]
    words = [w for w in words if len(w) > 1]
    if not words or words[-1] in _noise() or any(w in _noise() for w in words[:1]):
        return None
    if _people_heads().search(counted):  # "3,800 North Koreans", "men under 50"
        return "troops" if _soldiers(f"{counted} {sentence}") else "people"
    return words[-1]


@lru_cache(maxsize=1)
def _people_heads() -> re.Pattern[str]:
    """Heads that name people by who they are, not what they do ("Russians", "men"):
    troops in a military sentence, else people."""
    heads = [*PLURAL_DEMONYMS, *entry("counted", "people_heads", "words")]
    return re.compile(phrase_pattern(heads), re.IGNORECASE)
