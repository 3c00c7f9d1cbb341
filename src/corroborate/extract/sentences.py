"""Sentence splitting with character offsets, tuned for news prose.

A regex splitter rather than a model: it is fast, has no weights to ship, and news text
is regular enough. Abbreviations common in reporting ("Lt. Gen.", "Nov.", "U.S.") do not
end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corroborate.extract.numbers import word_set

ABBREVIATIONS = word_set(
    "mr mrs ms dr prof gen lt col maj capt sgt adm cmdr gov sen rep rev st jr sr mt ft no nos "
    "vol pp p fig art sec dept inc ltd corp co bros est approx vs etc jan feb mar apr jun jul "
    "aug sep sept oct nov dec e.g i.e u.s u.k u.n a.m p.m"
)

# A candidate end: terminal punctuation, closing quotes/brackets, then whitespace; or line
# breaks. One character class first, so that the regex engine skips to candidates.
_END = re.compile(r"[.!?…\n](?:(?<=\n)\n*|(?<!\n)[.!?…]*[\"'”’)\]]*(?=\s))")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_INITIALS = re.compile(r"[a-z](?:\.[a-z])*")


@dataclass(slots=True, frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the '.' at ``dot`` closes an abbreviation or an initial, not a sentence."""
    match = _WORD_BEFORE.search(text, max(0, dot - 20), dot)
    if not match:
        return False
    word = match.group(1).lower().strip(".")
    if word in ABBREVIATIONS:
        return True
    # Single initials ("J. Smith") and dotted acronyms ("U.S.") but not "1." of a list.
    return bool(_INITIALS.fullmatch(word))


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; ``text[s.start:s.end] == s.text`` for each."""
    out: list[Sentence] = []
    paragraph = 0
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if match.group(0)[0] != "\n":
            if match.group(0)[0] == "." and _is_abbreviation(text, match.start()):
                # "U.S. officials": an abbreviation followed by a capital is still ambiguous;
                # only split when the next word starts a new sentence after a lower-case run.
                continue
            following = text[end : end + 3].lstrip()
            if following and following[0].islower():
                continue
        _emit(text, start, end, paragraph, out)
        if "\n" in match.group(0):
            paragraph += 1
        start = end
    _emit(text, start, len(text), paragraph, out)
    return out


def _emit(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    begin = start + lead
    out.append(Sentence(stripped, begin, begin + len(stripped), paragraph))
