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
# A full stop with no space after it, before a capitalised word ("troops.The", "Oct. 8.In"):
# a lost space, when the word before is not an initial, an abbreviation, a URL or a decimal.
_GLUED = re.compile(r"[.!?][\"'”’)\]]*(?=[A-Z][a-z]+(?![\w.@/]))")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_NOT_PROSE = re.compile(r"[/@:]|^www\.|\.\w+\.", re.IGNORECASE)
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
    for match in _ends(text):
        end = match.end()
        if match.re is _GLUED:
            if not _glued_end(text, match.start()):
                continue
        elif match.group(0)[0] != "\n":
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


def _ends(text: str) -> list[re.Match[str]]:
    """The candidate ends: ``_END``'s, and full stops glued to the next sentence."""
    ends = list(_END.finditer(text))
    glued = list(_GLUED.finditer(text)) if _HAS_GLUED.search(text) else []
    if glued:
        ends = sorted(ends + glued, key=lambda m: m.start())
    return ends


_HAS_GLUED = re.compile(r"[.!?][\"'”’)\]]*[A-Z][a-z]")


def _glued_end(text: str, dot: int) -> bool:
    """ "troops.The", "Oct. 8.In": a sentence end that lost its space; "U.S.Army",
    "J.R.Smith", "example.Com/Page" and "Gen.Smith" are not."""
    token = _TOKEN_BEFORE.search(text, max(0, dot - 40), dot)
    if not token:
        return False
    word = token.group(1).lstrip("\"'“‘(")
    if _NOT_PROSE.search(word) or "." in word.rstrip("."):
        return False  # a URL, an address, initials or a dotted acronym
    if word.lower() in ABBREVIATIONS:
        return False
    return word.isdigit() or (len(word) > 1 and word[-1].isalnum())


def _emit(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    begin = start + lead
    out.append(Sentence(stripped, begin, begin + len(stripped), paragraph))
