"""When a claim holds: time expressions resolved against the document's date.

Weekdays, "yesterday" and "today" are resolved here (news convention: "said on Friday"
is the latest Friday on or before publication); anything else ("last week", "Nov. 1",
"October 25") goes to dateparser, imported lazily because it is slow to load.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from corroborate.extract.numbers import word_set

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_WEEKDAY_RE = r"(?:on\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_SAME_RE = r"(?P<same>(?i:(?:on\s+)?(?:the|that)\s+(?:same\s+)?day|(?:on\s+)?the\s+same\s+day))"
_REL_RE = (
    r"(?P<rel>(?i:yesterday|today|last\s+(?:week|month|year)|this\s+(?:week|month)|"
    r"earlier\s+this\s+(?:week|month)|(?:\w+\s+)?(?:days?|weeks?|months?)\s+(?:ago|earlier)))"
)
_DATE_RE = (
    rf"(?P<date>(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|"
    rf"\d{{1,2}}\s+(?:{_MONTHS})\.?(?:\s+\d{{4}})?|"
    rf"(?i:in|during|through|throughout|since)\s+(?:(?i:much|most|all)\s+of\s+)?(?:{_MONTHS})"
    rf"(?:\s+\d{{4}})?|(?i:early|mid|late)-?\s?(?:{_MONTHS})(?:\s+\d{{4}})?)"
)
TIME_RE = re.compile(rf"\b(?:{_WEEKDAY_RE}|{_SAME_RE}|{_REL_RE}|{_DATE_RE})\b")
# One pattern per family, each run only when its words are in the sentence (speed).
_FAMILIES = [
    (
        re.compile(rf"(?=[oMTWFS])\b{_WEEKDAY_RE}\b"),
        word_set("monday tuesday wednesday thursday friday saturday sunday"),
    ),
    (re.compile(rf"\b{_SAME_RE}\b"), word_set("same")),
    (re.compile(r"(?=[yYtTlLeE])\b(?P<rel>(?i:yesterday|today|last\s+(?:week|month|year)|"
                r"this\s+(?:week|month)|earlier\s+this\s+(?:week|month)))\b"),
     word_set("yesterday today last this")),
    (re.compile(r"\b(?P<rel>(?i:(?:\w+\s+)?(?:days?|weeks?|months?)\s+(?:ago|earlier)))\b"),
     word_set("ago earlier")),
    (re.compile(rf"\b{_DATE_RE}\b"), word_set(
        "jan january feb february mar march apr april may jun june jul july aug august sep "
        "sept september oct october nov november dec december")),
]  # fmt: skip
# "the same day": the date of the figure before it in the document.
SAME_DAY = re.compile(r"\b(?:same|that)\s+day\b", re.IGNORECASE)


_TIME_WORDS = word_set(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today last this earlier "
    "ago jan january feb february mar march apr april may jun june jul july aug august sep sept "
    "september oct october nov november dec december same"
)


def find_time(sentence: str, words: frozenset[str] | None = None) -> str | None:
    """The first time expression in a sentence, as written."""
    times = find_times(sentence, words)
    return times[0][1] if times else None


def find_times(sentence: str, words: frozenset[str] | None = None) -> list[tuple[int, str]]:
    """Every time expression in a sentence, with where it starts."""
    if words is None:
        return [(m.start(), m.group(0)) for m in TIME_RE.finditer(sentence)]
    if words.isdisjoint(_TIME_WORDS):
        return []
    found: list[tuple[int, int, str]] = []
    for pattern, triggers in _FAMILIES:
        if not words.isdisjoint(triggers):
            found += [(m.start(), -m.end(), m.group(0)) for m in pattern.finditer(sentence)]
    if len(found) > 1:
        found.sort()
    out: list[tuple[int, str]] = []
    last_end = -1
    for start, neg_end, text in found:
        if start >= last_end:  # the earliest, longest reading where two overlap
            out.append((start, text))
            last_end = -neg_end
    return out


def resolve(expression: str | None, published: date | None) -> date | None:
    """The date an expression points at, or None when there is no anchor to resolve it."""
    if not expression or published is None:
        return None
    text = re.sub(
        r"^(?:on|in|during|through|throughout|since)\s+(?:(?:much|most|all)\s+of\s+)?",
        "", expression.strip(), flags=re.IGNORECASE,
    ).lower()  # fmt: skip
    if SAME_DAY.search(text):
        return None  # the extractor dates it by the figure before
    part = re.match(r"^(early|mid|late)-?\s?(.+)$", text)
    if part:  # "mid-November": the 15th; "early"/"late": the 5th and the 25th
        day = {"early": 5, "mid": 15, "late": 25}[part.group(1)]
        month = _dateparser(part.group(2).replace(".", ""), published)
        return month.replace(day=day) if month else None
    text = re.sub(r"\s+earlier$", " ago", text)
    if text in _WEEKDAYS:
        back = (published.weekday() - _WEEKDAYS.index(text)) % 7
        return published - timedelta(days=back)
    if text == "today":
        return published
    if text == "yesterday":
        return published - timedelta(days=1)
    return _dateparser(text.replace(".", ""), published)


@lru_cache(maxsize=4096)
def _dateparser(text: str, published: date) -> date | None:
    import dateparser  # lazy: loading it costs about a second

    base = datetime(published.year, published.month, published.day)
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "current_period",
        "PREFER_DAY_OF_MONTH": "first",  # "in October" is the month, from its first day
    }
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date() if parsed else None
