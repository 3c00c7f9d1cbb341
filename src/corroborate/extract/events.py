"""What happened to the counted: one class from a closed taxonomy, per claim.

The classes (``lexicon/en/events.toml`` documents each and lists its cue words):

- ``deployed``: sent, deployed, dispatched, arrived, transferred (a flow to a place)
- ``present``: stationed, based, training, fighting somewhere (a stock in a place)
- ``killed``: killed, dead, died in fighting or violence
- ``died``: deaths in a disaster or an epidemic ("death toll" of an earthquake)
- ``wounded``: wounded, injured
- ``casualties``: killed and wounded together, "casualties", "losses"
- ``captured``: captured, taken prisoner, surrendered
- ``missing``
- ``displaced``: displaced, homeless, evacuated, fled, sheltering
- ``rescued``: rescued, pulled from the rubble
- ``attended``: crowds, protesters, marchers
- ``arrested``: arrested, detained
- ``affected``: affected by a disaster, in need of aid

``None`` when nothing fits. The class is read from the words nearest the figure first,
so a count of soldiers killed is "killed" even when the sentence says they were sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from corroborate.extract.lexicon import entry, first_words, phrase_pattern
from corroborate.extract.quantities import ascii_table, ascii_translate
from corroborate.records import EVENT_CLASSES

_ORDER: tuple[str, ...] = tuple(entry("events", "order"))
# The past participle a question label uses: "How many troops were <label> to Russia?"
EVENT_LABELS: dict[str, str] = {
    name: entry("events", "classes", name, "label") for name in EVENT_CLASSES
}
_HARM = frozenset(entry("events", "harm"))


_TOKEN = re.compile(r"[a-z]+|,")
# ASCII: letters and commas kept, every other character a space.
_TOKEN_TABLE = ascii_table("abcdefghijklmnopqrstuvwxyz,")


def _tokens(lowered: str) -> list[str]:
    """``_TOKEN.findall(lowered)``: for ASCII text, a translation and a split give the same
    tokens about twice as fast (each comma spaced apart to stand alone)."""
    if lowered.isascii():
        return ascii_translate(lowered, _TOKEN_TABLE).replace(",", " , ").split()
    return _TOKEN.findall(lowered)


@lru_cache(maxsize=1)
def _cues() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Every cue as its tokens, filed under its first token, longest first (so that a
    phrase beats its first word), with the class it names."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    seen: set[tuple[str, ...]] = set()
    for name in _ORDER:
        for cue in entry("events", "classes", name, "cues"):
            tokens = tuple(_TOKEN.findall(cue.lower()))
            if tokens and tokens not in seen:
                seen.add(tokens)
                index.setdefault(tokens[0], []).append((tokens, name))
    for options in index.values():
        options.sort(key=lambda option: -len(option[0]))
    return index


@lru_cache(maxsize=1)
def _pairs() -> re.Pattern[str]:
    return re.compile(phrase_pattern(entry("events", "classes", "casualties", "pairs")), re.I)


@lru_cache(maxsize=1)
def _context_words() -> tuple[frozenset[str], frozenset[str], re.Pattern[str]]:
    disaster = frozenset(w.lower() for w in entry("events", "context", "disaster"))
    fighting = entry("events", "context", "fighting")
    return disaster, first_words(fighting), re.compile(phrase_pattern(fighting), re.I)


_WORD = re.compile(r"[a-z]+")


def classes_in(text: str | None) -> tuple[str, ...]:
    """The classes a stretch of text names, in the order of precedence; two kinds of harm
    named together ("killed or wounded") are "casualties"."""
    return _classes_in(text) if text else ()


@lru_cache(maxsize=1)
def _cue_starts() -> frozenset[str]:
    """The first token of every cue: a text without one names no class."""
    return frozenset(_cues())


@lru_cache(maxsize=512)
def _classes_in(text: str) -> tuple[str, ...]:
    index = _cues()
    tokens = _tokens(text.lower())
    if _cue_starts().isdisjoint(tokens):
        return ()
    found: set[str] = set()
    resume = 0  # a cue found covers its tokens: none of them starts another (left to right)
    for i in [i for i, token in enumerate(tokens) if token in index]:
        if i < resume:
            continue
        for phrase, name in index[tokens[i]]:
            if len(phrase) == 1 or tuple(tokens[i : i + len(phrase)]) == phrase:
                found.add(name)
                resume = i + len(phrase)
                break
    if len(found & _HARM) >= 2:
        found = (found - _HARM) | {"casualties"}
    return tuple(name for name in _ORDER if name in found)


def disaster_text(text: str) -> bool:
    """Whether a text is about a disaster (its deaths "died"), not about fighting."""
    disaster, _, _ = _context_words()
    return not disaster.isdisjoint(_WORD.findall(text.lower()))


def _fighting(text: str) -> bool:
    _, firsts, pattern = _context_words()
    return not firsts.isdisjoint(_WORD.findall(text.lower())) and bool(pattern.search(text))


@lru_cache(maxsize=16)
def disaster_document(text: str) -> bool:
    """A document about a disaster names one more often than it names fighting."""
    disaster, firsts, pattern = _context_words()
    words = _WORD.findall(text.lower())
    quakes = sum(1 for w in words if w in disaster)
    wars = len(pattern.findall(text)) if not firsts.isdisjoint(words) else 0
    return quakes >= 2 and quakes >= wars


_HARMS = _HARM | {"casualties"}
# "300 soldiers sent to the front were killed": what befell them, not how they came.
_BEFELL = re.compile(
    r"\b(?:were|was|have\s+been|has\s+been|had\s+been|are|is)\s+(?:\w+\s+)?"
    r"(?:killed|wounded|injured|captured|missing|dead)\b"
)


def _thing_classes() -> dict[str, frozenset[str]]:
    """Each place or building noun, and the classes that can befall it."""
    table = entry("events", "things")
    places, buildings = frozenset(table["place_classes"]), frozenset(table["building_classes"])
    return {
        **{noun: places for noun in table["places"]},
        **{noun: buildings for noun in table["buildings"]},
    }


_THING_CLASSES = _thing_classes()


def _first(
    words: str | None, counted: str | None, near: Callable[[], str | None], sentence: str
) -> str | None:
    """The class the nearest words name: harm in the event words, then a harm noun
    counted ("6,000 casualties"), then any class in the event words, the figure's stretch
    and the sentence."""
    named = classes_in(words)
    if named and named[0] in _HARMS:
        return named[0]
    harm = [c for c in classes_in(counted) if c in _HARMS]
    if harm:
        return harm[0]
    if named:
        return named[0]
    classes = classes_in(near()) or classes_in(sentence)  # the sentence only if need be
    if classes:
        return classes[0]
    return None


def event_class(
    words: str | None,
    sentence: str,
    *,
    counted: str | None = None,
    near: str | Callable[[], str] | None = None,
    after: str | None = None,
    document: str | None = None,
    sentence_words: frozenset[str] | None = None,
) -> str | None:
    """The class of what happened: from the event ``words``, else the ``counted`` noun
    ("casualties", "deaths"), else the figure's own stretch of the sentence (``near``, or
    a function that cuts it when needed), else the whole sentence; ``after`` (the words
    after the figure) may pair its harm with another ("Killed, Wounded"). Deaths are
    "died" when the sentence or the ``document`` is about a disaster.
    ``sentence_words`` (its lower-case words, when the caller has them) skip a sentence
    that names no class at all."""
    if sentence_words is not None and sentence_words.isdisjoint(_cue_starts()):
        return None
    stretch: Callable[[], str | None] = near if callable(near) else lambda: near
    found = _first(words, counted, stretch, sentence)
    fitting = _THING_CLASSES.get(counted.rsplit(" ", 1)[-1].lower()) if counted else None
    if found is not None and fitting is not None and found not in fitting:
        return None  # "killed 57 people in three states": the states were not killed
    befell = _BEFELL.search(stretch() or sentence) if found in ("deployed", "present") else None
    if befell:
        found = classes_in(befell.group(0))[0]
    if found in _HARM and _pairs().search(f"{stretch() or ''} {after or ''}"):
        return "casualties"  # "lost 70,000 servicemen in killed and wounded"
    if found != "killed":
        return found
    military = _fighting(counted or "") or _fighting(stretch() or sentence)
    if military and not disaster_text(stretch() or ""):
        return "killed"
    disaster = disaster_text(sentence) or bool(document and disaster_document(document))
    return "died" if disaster else "killed"
