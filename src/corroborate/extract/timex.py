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
TIME_RE = re.compile(
    rf"\b(?:(?:on\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?P<rel>(?i:yesterday|today|last\s+(?:week|month|year)|this\s+(?:week|month)|"
    r"earlier\s+this\s+(?:week|month)|(?:\w+\s+)?(?:days?|weeks?|months?)\s+ago))|"
    rf"(?P<date>(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|"
    rf"\d{{1,2}}\s+(?:{_MONTHS})\.?(?:\s+\d{{4}})?|(?:in\s+)(?:{_MONTHS})(?:\s+\d{{4}})?))\b"
)


_TIME_WORDS = word_set(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today last this earlier "
    "ago jan january feb february mar march apr april may jun june jul july aug august sep sept "
    "september oct october nov november dec december"
)


def find_time(sentence: str, words: frozenset[str] | None = None) -> str | None:
    """The first time expression in a sentence, as written."""
    if words is not None and words.isdisjoint(_TIME_WORDS):
        return None
    match = TIME_RE.search(sentence)
    return match.group(0) if match else None


def resolve(expression: str | None, published: date | None) -> date | None:
    """The date an expression points at, or None when there is no anchor to resolve it."""
    if not expression or published is None:
        return None
    text = re.sub(r"^(?:on|in)\s+", "", expression.strip(), flags=re.IGNORECASE).lower()
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
