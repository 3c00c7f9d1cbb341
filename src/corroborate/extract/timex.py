"""When a claim holds: time expressions in a sentence, resolved against the document's
date to a day, a month or a year (``When``), with the rules that decided it.

Conventions of news reporting: "said on Friday" is the latest Friday on or before
publication; "in January" is the month, never its first day; "last week" and "this week"
give only the month, "last year" only the year; a month after the article's month is last
year's. A date after the article is a target when the sentence speaks of the future ("by
December"), else a misreading, dropped. "Since September" starts a period: it does not date
the figure. The words are data (``lexicon/en/time.toml``); resolution is arithmetic here.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from corroborate.extract.kinds import case_blind_pattern
from corroborate.extract.lexicon import entry, phrase_pattern
from corroborate.extract.numbers import parse_words

_LEX = "time"
MONTH_NUMBERS: dict[str, int] = entry(_LEX, "months")
_WEEKDAYS: list[str] = entry(_LEX, "weekdays", "names")


def _words(*keys: str) -> list[str]:
    return list(entry(_LEX, *keys))


def _i(phrases: list[str]) -> str:
    """A case-insensitive alternation of phrases (months stay case-sensitive: "May")."""
    return f"(?i:{case_blind_pattern(phrases)})"


_FULL_NAMES = {name for name in MONTH_NUMBERS if not any(
    other != name and other.startswith(name) for other in MONTH_NUMBERS)}  # fmt: skip
# An abbreviation may take a dot ("Oct. 8"); a full name's dot ends the sentence.
_MONTH = (
    "(?:"
    + "|".join(
        name + (r"\b" if name in _FULL_NAMES else r"\b\.?")
        for name in sorted(MONTH_NUMBERS, key=len, reverse=True)
    )
    + ")"
)
_DAY = r"(?<![\d,.])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d,.]\d)"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d|[,.]\d)"  # "In 2019, ..." yes; "2019,000" no
_PREP = _i(_words("prepositions", "words"))
_PART = _i(_words("parts", "words"))
_WEEKDAY = "(?:" + "|".join(_WEEKDAYS) + r")\b"
_TO = r"\s*(?:-|–|(?i:to|and|through|until|till))\s*"
# Every expression starts at a word start: checked first, it spares the regex engine the
# alternations at every other position (speed).
_START = r"(?<!\w)(?=\w)"

# "on Thursday, February 9", "Oct. 8-13", "8 to 13 October", "by late October", "in
# January and February", "October last year", "last September", "from 8 to 13 October".
_DATE = re.compile(
    rf"{_START}(?:(?P<prep>{_PREP})\s+)?(?:(?P<part>{_PART})[\s-]*)?(?:(?P<wd>{_WEEKDAY}),?\s+)?"
    rf"(?:(?i:the)\s+)?(?:"
    rf"(?P<d0>{_DAY}){_TO}(?P<d1>{_DAY})\s+(?:of\s+)?(?P<m1>{_MONTH})"
    rf"|(?P<m2>{_MONTH})\s*(?P<d2>{_DAY})(?:{_TO}(?P<d3>{_DAY}))?"
    rf"|(?P<d4>{_DAY})\s+(?:of\s+)?(?P<m4>{_MONTH})"
    rf"|(?P<last>(?i:last)\s+)?(?P<m5>{_MONTH})(?:{_TO}(?P<m6>{_MONTH}))?)"
    rf"(?:,?\s+(?P<year>{_YEAR})|\s+(?P<rely>(?i:last|this|next))\s+(?i:year)\b)?"
    rf"(?:{_TO}(?:(?i:the)\s+)?(?:(?P<d7>{_DAY})\s+(?:of\s+)?(?P<m7>{_MONTH})|"
    rf"(?P<m8>{_MONTH})\s*(?P<d8>{_DAY}))(?:,?\s+(?P<year2>{_YEAR}))?)?"
)
# "in 2024", "by the end of 2024", "late 2024".
_YEAR_ONLY = re.compile(
    rf"{_START}(?:(?P<prep>{_PREP})\s+(?:(?P<part>{_PART})[\s-]*)?|(?P<part2>{_PART})[\s-]*)"
    rf"(?P<year>{_YEAR})(?!\s*[-–/]\s*\d)"
)
_WEEKDAY_RE = re.compile(
    rf"{_START}(?:(?P<prep>(?i:on|since|by|until|from|last|this\s+past|early|late))\s+)?"
    rf"(?P<wd>{_WEEKDAY})(?:\s+(?i:morning|afternoon|evening|night)\b)?"
)
_REL_PHRASES = {name: _words("relative", name) for name in (
    "today", "yesterday", "this_week", "last_week", "this_month", "last_month", "this_year",
    "last_year")}  # fmt: skip
_REL_NAME = {p.lower(): name for name, phrases in _REL_PHRASES.items() for p in phrases}
_NUMBER_WORD = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNITS = _words("relative", "units")
_REL = re.compile(
    rf"{_START}(?:(?:(?P<part>{_PART})[\s-]*)?(?P<rel>{_i(list(_REL_NAME))})"
    rf"|(?i:(?P<n>\b{_NUMBER_WORD})\s+(?P<unit>{'|'.join(_UNITS)})\s+"
    rf"{_i(_words('relative', 'ago'))}))"
)
_PRESENT_PHRASES = _words("present", "phrases") + _words("present", "windows")
_PRESENT = re.compile(_START + _i(_PRESENT_PHRASES))
_NOT_PRESENT_AFTER = tuple(_words("present", "not_after"))
_SAME_RE = re.compile(
    r"(?i:(?:on\s+)?(?:the|that)\s+(?:same\s+)?day)\b"
    r"(?!\s+(?i:before|after|earlier|later|prior|of)\b)"  # "on the day of the attack": no date
)
# "the same day": the date of the figure before it in the document.
SAME_DAY = re.compile(r"\b(?:same|that)\s+day\b", re.IGNORECASE)


def _last_words(phrases: list[str]) -> frozenset[str]:
    """Each phrase's last word: more telling than the first ("so far", "in the past week")
    for the prefilter that decides whether a family's regex runs."""
    return frozenset(p.split()[-1].lower() for p in phrases if p.strip())


_MONTH_WORDS = frozenset(m.lower() for m in MONTH_NUMBERS)
_YEAR_DIGITS = re.compile(r"(?:1[89]|20)\d\d")


def _may_hold_year(sentence: str) -> bool:
    """Whether ``_YEAR_DIGITS`` can match: a year starts "18", "19" or "20". Substring
    tests are much faster than the regex's walk over the sentence (speed)."""
    return "20" in sentence or "19" in sentence or "18" in sentence


# One pattern per family, each run only when its words are in the sentence (speed).
_FAMILIES: list[tuple[re.Pattern[str], frozenset[str]]] = [
    (_DATE, _MONTH_WORDS),
    (_WEEKDAY_RE, frozenset(w.lower() for w in _WEEKDAYS)),
    (_REL, _last_words(list(_REL_NAME)) | _last_words(_words("relative", "ago"))),
    (_PRESENT, _last_words(_PRESENT_PHRASES)),
    (_SAME_RE, frozenset({"day"})),
]
_TIME_WORDS = frozenset().union(*(t for _, t in _FAMILIES))
_STRONG, _WEAK = _words("future", "strong"), _words("future", "weak")
_FUTURE_WORDS = {level: frozenset(p for p in ps if " " not in p)
                 for level, ps in ((2, _STRONG), (1, _WEAK))}  # fmt: skip
_FUTURE_MULTI = {
    level: re.compile(phrase_pattern([p for p in ps if " " in p]), re.I)
    for level, ps in ((2, _STRONG), (1, _WEAK))
    if any(" " in p for p in ps)
}
_TARGET_PREPS = frozenset(_words("prepositions", "target"))
_PERIOD_START = re.compile(
    rf"\b(?:{'|'.join(_words('prepositions', 'period_start'))})\b[^,;:()]{{0,50}}$", re.I
)
# "the quake that struck early Monday": the time of an event named beside the figure.
_EVENT_CLAUSE = re.compile(
    rf"\b(?:that|which)\s+(?:[\w.-]+\s+){{0,3}}?{phrase_pattern(_words('clauses', 'event_verbs'))}"
    r"[^,;:()]{0,30}$",
    re.I,
)
_SAYING = re.compile(rf"{phrase_pattern(_words('clauses', 'saying'))}[^,;:()]{{0,20}}$", re.I)
_WHEN_AFTER = re.compile(r",?\s+when\b")
_POSSESSIVE = re.compile(r"['’]s\b")
# "Saturday's march drew 30,000": a one-day event's time is its figure's.
_MOMENT_AFTER = re.compile(
    r"['’]s\s+(?:[\w-]+\s+)?" + phrase_pattern(_words("clauses", "one_day_events")), re.I
)
_TRAILING_GAP = re.compile(
    r"[,;:()\"“”—]|\b(?:said|says|told|tells|reported|that|which|who|when|while|whereas|but)\b"
)
_CLAUSE_BREAK = re.compile(r",\s+(?:and|while|but|whereas)\s|;")
_LETTERS = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class When:
    """A resolved time: the first day of the interval and how precisely it is known."""

    day: date
    precision: str  # "day", "month", "year"
    rules: tuple[str, ...] = ()


@dataclass(slots=True)
class Dating:
    """What dates one figure: the expression chosen, its resolution, the rules applied."""

    text: str | None = None
    when: When | None = None
    rules: list[str] = field(default_factory=list)
    same_day: bool = False  # "the same day": the extractor takes the figure before's date


def find_time(sentence: str, words: frozenset[str] | None = None) -> str | None:
    """The first time expression in a sentence, as written."""
    times = find_times(sentence, words)
    return times[0][1] if times else None


def find_times(sentence: str, words: frozenset[str] | None = None) -> list[tuple[int, str]]:
    """Every time expression in a sentence, with where it starts."""
    lowered = sentence.lower()
    if words is None:
        words = frozenset(_LETTERS.findall(lowered))
    found: list[tuple[int, int, str]] = []
    if not words.isdisjoint(_TIME_WORDS):
        for pattern, triggers in _FAMILIES:
            present = words & triggers
            if present:
                found += _matches(pattern, sentence, _windows(sentence, lowered, present, pattern))
    if _may_hold_year(sentence):
        spans = [(m.start(), m.end()) for m in _YEAR_DIGITS.finditer(sentence)]
        if spans:
            found += _matches(_YEAR_ONLY, sentence, _merge(spans, sentence))
    if len(found) > 1:
        found.sort()
    out: list[tuple[int, str]] = []
    last_end = -1
    for start, neg_end, text in found:
        if start >= last_end:  # the earliest, longest reading where two overlap
            out.append((start, text))
            last_end = -neg_end
    return out


_BEFORE, _AFTER = 64, 64  # the widest reach of an expression around its telling word


# Months and weekdays match only as written ("May", never the verb "may") and as whole
# words, so only such occurrences open a window for their family.
_CASED = {name.lower(): name for name in [*MONTH_NUMBERS, *_WEEKDAYS]}


def _windows(
    sentence: str, lowered: str, present: frozenset[str], pattern: re.Pattern[str]
) -> list[tuple[int, int]]:
    """Where a family's words occur, widened to the expressions that hold them: its regex
    runs there only, not from every position of the sentence (speed)."""
    cased = pattern is _DATE or pattern is _WEEKDAY_RE
    text = sentence if cased else lowered
    spans = []
    for word in present:
        word = _CASED[word] if cased else word
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            if not cased or _whole_word(sentence, at, end):
                spans.append((at, end))
            at = text.find(word, at + 1)
    return _merge(spans, sentence)


def _whole_word(text: str, start: int, end: int) -> bool:
    before, after = text[start - 1 : start], text[end : end + 1]
    return not (start and (before.isalnum() or before == "_")) and not (
        after.isalnum() or after == "_"
    )


_TOKEN_REST = re.compile(r"\S*")


def _merge(spans: list[tuple[int, int]], sentence: str) -> list[tuple[int, int]]:
    """The windows around ``spans``, merged. A window ends where a word does: a regex
    searched up to ``endpos`` sees the text end there, so a cut word ("yesterday" of
    "yesterdayin") would read as whole."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        lo, hi = max(0, start - _BEFORE), end + _AFTER
        if hi < len(sentence):
            hi = _TOKEN_REST.match(sentence, hi).end()  # type: ignore[union-attr]  # \S* always matches
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _matches(
    pattern: re.Pattern[str], sentence: str, windows: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    return [
        (m.start(), -m.end(), m.group(0))
        for lo, hi in windows
        for m in pattern.finditer(sentence, lo, hi)
        if _valid(pattern, m, sentence)
    ]


def _valid(pattern: re.Pattern[str], match: re.Match[str], sentence: str) -> bool:
    if pattern is _DATE:  # a bare capitalised month ("May", "the October attack") is no date
        keys = ("prep", "part", "last", "year", "rely", "d1", "d2", "d4", "m6", "d7", "d8")
        return any(match.group(k) for k in keys)
    if pattern is _PRESENT:
        return not sentence.startswith(_NOT_PRESENT_AFTER, match.end())
    return True


# ----------------------------------------------------------------------- resolution


@dataclass(frozen=True, slots=True)
class _Parsed:
    """An expression's reading, independent of any document date."""

    kind: str  # date, weekday, rel, ago, present, same
    month: int = 0
    day: int = 0
    year: int = 0  # written in the text; 0: to infer
    year_shift: int | None = None  # "October last year": -1
    last: bool = False  # "last September", "last Monday"
    weekday: int = -1
    rel: str = ""
    amount: int = 0
    unit: str = ""
    prep: str = ""
    part: bool = False
    ranged: bool = False  # "from 8 to 13 October", "in January and February": the end
    precision: str = "day"


@lru_cache(maxsize=4096)
def parse(expression: str) -> _Parsed | None:
    """What an expression says, before any document date is known."""
    text = expression.strip()
    for pattern in (_DATE, _YEAR_ONLY, _WEEKDAY_RE, _REL, _PRESENT, _SAME_RE):
        match = pattern.fullmatch(text)
        if match:
            return _READERS[pattern](match)
    return None


def _prep_of(match: re.Match[str]) -> str:
    return " ".join((match.group("prep") or "").lower().split())


def _read_date(m: re.Match[str]) -> _Parsed:
    g = m.group
    # The end of a range dates the figure: "in January and February", "from 8 to 13 October".
    month_text = g("m7") or g("m8") or g("m6") or g("m1") or g("m2") or g("m4") or g("m5")
    day_text = g("d7") or g("d8") or g("d3") or g("d1") or g("d2") or g("d4") or ""
    if (g("m7") or g("m8")) and not (g("d7") or g("d8")):
        day_text = ""
    year = g("year2") or g("year")
    shift = {"last": -1, "this": 0, "next": 1}.get((g("rely") or "").lower())
    return _Parsed(
        kind="date",
        month=MONTH_NUMBERS[month_text.rstrip(".")],
        day=int(re.sub(r"\D", "", day_text)) if day_text else 0,
        year=int(year) if year else 0,
        year_shift=shift,
        last=bool(g("last")),
        prep=_prep_of(m),
        part=bool(g("part")),
        ranged=bool(g("m6") or g("d0") or g("d3") or g("m7") or g("m8")),
        precision="day" if day_text else "month",
    )


def _read_year(m: re.Match[str]) -> _Parsed:
    return _Parsed(kind="date", year=int(m.group("year")), prep=_prep_of(m), precision="year")


def _read_weekday(m: re.Match[str]) -> _Parsed:
    prep = _prep_of(m)
    return _Parsed(
        kind="weekday", weekday=_WEEKDAYS.index(m.group("wd")), last=prep == "last", prep=prep
    )


def _read_rel(m: re.Match[str]) -> _Parsed:
    if m.group("rel"):
        name = _REL_NAME[" ".join(m.group("rel").lower().split())]
        return _Parsed(kind="rel", rel=name, part=bool(m.group("part")))
    amount = m.group("n").lower()
    number = int(amount) if amount.isdigit() else int(parse_words([amount]) or 0)
    return _Parsed(kind="ago", amount=number, unit=m.group("unit").lower().rstrip("s"))


_READERS: dict[re.Pattern[str], Callable[[re.Match[str]], _Parsed]] = {
    _DATE: _read_date,
    _YEAR_ONLY: _read_year,
    _WEEKDAY_RE: _read_weekday,
    _REL: _read_rel,
    _PRESENT: lambda m: _Parsed(kind="present"),
    _SAME_RE: lambda m: _Parsed(kind="same"),
}


def resolve(expression: str | None, published: date | None) -> date | None:
    """The first day an expression points at, or None without an anchor to resolve it."""
    when = resolve_when(expression, published)
    return when.day if when else None


def resolve_when(
    expression: str | None,
    published: date | None,
    precision: str | None = None,
    future: int = 0,
) -> When | None:
    """An expression resolved against the document's date (``precision``: the date's own,
    None meaning a day). ``future``: how surely the sentence speaks of what is to come
    (0 not, 1 weakly: "would", "promised"; 2 strongly: "will", "plans to")."""
    parsed = parse(expression) if expression else None
    if parsed is None:
        return None
    precision = precision or "day"
    if parsed.kind == "date":
        return _resolve_date(parsed, published, precision, future)
    if published is None:
        return None
    if parsed.kind == "weekday":
        return _resolve_weekday(parsed, published, precision, future)
    if parsed.kind == "rel":
        return _resolve_rel(parsed, published, precision)
    if parsed.kind == "ago":
        return _resolve_ago(parsed, published, precision)
    if parsed.kind == "present":
        return When(published, precision, ("time.now",))
    return None  # "the same day": the extractor dates it by the figure before


def _resolve_date(p: _Parsed, published: date | None, precision: str, future: int) -> When | None:
    if p.precision == "year":
        return When(date(p.year, 1, 1), "year", ("time.year",))
    rules = ["time.day" if p.day else "time.month"]
    if p.part:
        rules.append("time.part_of_month")
    year = p.year
    if not year:
        if published is None:
            return None
        year, rule = _infer_year(p, published, precision, future)
        if rule:
            rules.append(rule)
    day = p.day
    if day and day > monthrange(year, p.month)[1]:
        return None  # "February 30": a misreading
    return When(date(year, p.month, day or 1), p.precision, tuple(rules))


def _infer_year(p: _Parsed, published: date, precision: str, future: int) -> tuple[int, str]:
    """The year of a month written without one: the article's, unless the month comes after
    the article's month (then last year's, or, for a plan's target, this year's)."""
    year = published.year
    if p.year_shift is not None:
        return year + p.year_shift, "time.year_from_text"
    if precision == "year":
        return year, ""
    if p.last:  # "last September": the latest September before this month
        return (year if p.month < published.month else year - 1), "time.last_month_name"
    target = p.prep in _TARGET_PREPS
    if p.month > published.month and not (future == 2 or (future and target)):
        return year - 1, "time.year_before"
    if p.month < published.month and future and target:
        return year + 1, "time.year_after"  # "will be sent by March", written in October
    return year, ""


def _resolve_weekday(p: _Parsed, published: date, precision: str, future: int) -> When | None:
    """The latest such weekday up to the article's day; in a sentence that surely speaks of
    what is to come ("will send 500 more on Friday"), the next one from it."""
    if precision != "day":
        return None  # "on Monday" needs the day of the article
    if future == 2 and not p.last:
        ahead = (p.weekday - published.weekday()) % 7
        return When(published + timedelta(days=ahead), "day", ("time.weekday_ahead",))
    back = (published.weekday() - p.weekday) % 7
    if p.last and back == 0:
        back = 7
    return When(published - timedelta(days=back), "day", ("time.weekday",))


def _resolve_rel(p: _Parsed, published: date, precision: str) -> When | None:
    name = p.rel
    if name in ("today", "yesterday", "last_week") and precision != "day":
        return None
    if name in ("this_week", "this_month", "last_month") and precision == "year":
        return None
    rule = ("time.relative",)
    if name == "today":
        return When(published, "day", rule)
    if name == "yesterday":
        return When(published - timedelta(days=1), "day", rule)
    if name in ("this_week", "this_month"):
        return When(published.replace(day=1), "month", rule)
    if name == "last_week":
        return When((published - timedelta(days=7)).replace(day=1), "month", rule)
    if name == "last_month":
        return When(_months_before(published, 1), "month", rule)
    year = published.year - (1 if name == "last_year" else 0)
    return When(date(year, 1, 1), "year", rule)


def _resolve_ago(p: _Parsed, published: date, precision: str) -> When | None:
    if p.amount <= 0 or (precision != "day" and p.unit in ("day", "week")):
        return None
    rule = ("time.ago",)
    if p.unit == "day":
        return When(published - timedelta(days=p.amount), "day", rule)
    if p.unit == "week":
        return When((published - timedelta(weeks=p.amount)).replace(day=1), "month", rule)
    if p.unit == "month":
        return When(_months_before(published, p.amount), "month", rule)
    return When(date(published.year - p.amount, 1, 1), "year", rule)


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def interval_end(day: date, precision: str | None) -> date:
    """The last day of the interval that starts at ``day``."""
    if precision == "year":
        return date(day.year, 12, 31)
    if precision == "month":
        return date(day.year, day.month, monthrange(day.year, day.month)[1])
    return day


# ------------------------------------------------------------------ dating one figure


def date_figure(
    sentence: str,
    times: list[tuple[int, str]],
    start: int,
    end: int,
    bounds: list[tuple[int, int]],
    published: date | None,
    precision: str | None = None,
    words: frozenset[str] | None = None,
) -> Dating:
    """The time that dates the figure at ``start:end`` and its resolution. ``bounds``: the
    sentence's figures (a time is never read inside one)."""
    out = Dating()
    if not times and (len(bounds) < 2 or not may_count_back(sentence)):
        return out  # no time, and no "a day earlier" to count back from the article's date
    compared = len(bounds) > 1 and _compared(sentence, start)
    if not times and not compared:
        return out
    dated, present = _candidates(sentence, times, bounds, out.rules) if times else ([], [])
    if compared:  # "95, down from 120 earlier in the week": its own time, or none
        chosen = _own_time(sentence, dated, end, bounds)
        if chosen is None:
            anchor = _choose(sentence, dated, start, end, bounds)
            if anchor is None and present:
                anchor = present[0]
            return _earlier_level(sentence, end, anchor, published, precision, words, out)
    else:
        chosen = _choose(sentence, dated, start, end, bounds)
        if chosen is None and present:
            chosen = present[0]
    if chosen is None:
        return out
    out.text = chosen[1]
    parsed = parse(out.text)
    if parsed is not None and parsed.kind == "same":
        out.same_day = True
        out.rules.append("time.same_day")
        return out
    future = _future(sentence, words)
    when = resolve_when(out.text, published, precision, future)
    if when is None:
        return out
    out.rules += when.rules
    if published is not None and when.day > interval_end(published, precision):
        if future:
            out.rules.append("time.target")  # "10,000 by December": a plan's date
        else:
            out.rules.append("time.after_published")  # a misreading: no date rather than it
            return out
    out.when = when
    return out


_FILLER = (
    r"(?:(?:about|around|some|roughly|nearly|almost|approximately|over|more\s+than|at\s+least|"
    r"an\s+estimated|just|only)\s+)?"
)
_COMPARED = re.compile(
    rf"{case_blind_pattern(_words('earlier', 'cues'))}\.?\s+{_FILLER}$", re.IGNORECASE
)
_BACK: dict[str, str] = entry(_LEX, "earlier", "back")
_BACK_AFTER = re.compile(
    rf"[^,;:.()\d]{{0,30}}?(?P<back>{case_blind_pattern(list(_BACK))})",  # .match(s, at)
    re.IGNORECASE,
)


# The words one of ``[earlier.back]`` holds: a sentence without them has none of them.
BACK_WORDS = frozenset({"earlier", "before", "previous", "prior"})


def may_count_back(sentence: str) -> bool:
    """Whether a phrase of ``[earlier.back]`` can be in the sentence."""
    return any(map(sentence.lower().__contains__, BACK_WORDS))


def _compared(sentence: str, start: int) -> bool:
    """Whether the figure at ``start`` is an earlier level given for comparison ("down from
    120", "compared with 3,000")."""
    before = sentence[max(0, start - 40) : start]
    low = before.lower()
    if "from" not in low and "compared" not in low and "versus" not in low and "vs" not in low:
        return False  # no cue's word: the regex need not run (speed)
    return bool(_COMPARED.search(before))


def _own_time(
    sentence: str, times: list[tuple[int, str]], end: int, bounds: list[tuple[int, int]]
) -> tuple[int, str] | None:
    """The time of the figure's own phrase, right after it ("up from 3,000 on Monday")."""
    following = [b for b, _ in bounds if b >= end]
    limit = min(following) if following else len(sentence)
    for at, text in times:
        if end <= at < limit and at - end <= 60 and not _TRAILING_GAP.search(sentence, end, at):
            return at, text
    return None


def _earlier_level(
    sentence: str,
    end: int,
    anchor: tuple[int, str] | None,
    published: date | None,
    precision: str | None,
    words: frozenset[str] | None,
    out: Dating,
) -> Dating:
    """An earlier level with no time of its own: "a day earlier" counts back from the new
    figure's time (or from the article's date when the new figure has none); else no date."""
    out.rules.append("time.earlier_level")
    back = _BACK_AFTER.match(sentence, end)
    if back is None or published is None:
        return out
    step = _BACK.get(" ".join(back.group("back").lower().split()))
    if anchor is not None:
        base = resolve_when(anchor[1], published, precision, _future(sentence, words))
    else:
        base = When(published, precision or "day")
    if step is None or base is None:
        return out
    amount, unit = int(step.split()[0]), step.split()[1]
    if unit == "month" and base.precision in ("day", "month"):
        out.when = When(_months_before(base.day, amount), "month", ("time.earlier_level",))
    elif unit == "week" and base.precision == "day":
        monday = base.day - timedelta(days=base.day.weekday())
        if monday.month == base.day.month:  # the week is all in one month
            out.when = When(base.day.replace(day=1), "month", ("time.earlier_level",))
    elif unit == "day" and base.precision == "day":
        out.when = When(base.day - timedelta(days=amount), "day", ("time.earlier_level",))
    return out


def _candidates(
    sentence: str, times: list[tuple[int, str]], bounds: list[tuple[int, int]], rules: list[str]
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The times that can date a figure, and the present markers ("now", "so far")."""
    dated: list[tuple[int, str]] = []
    present: list[tuple[int, str]] = []
    for at, text in times:
        stop = at + len(text)
        parsed = parse(text)
        if parsed and parsed.precision == "year" and any(s < stop and at < e for s, e in bounds):
            continue  # "in 2000 homes": the figure, not a year
        if parsed is not None and parsed.kind == "present":
            present.append((at, text))
        elif _starts_period(sentence, at, stop, parsed):
            rules.append("time.period_start")  # "since September": when counting began
        elif _event_time(sentence, at, stop):
            rules.append("time.event")  # "Monday's quake", "the war that began in 2022"
        else:
            dated.append((at, text))
    return dated, present


def _event_time(sentence: str, at: int, stop: int) -> bool:
    if _POSSESSIVE.match(sentence, stop):
        return not _MOMENT_AFTER.match(sentence, stop)
    window = sentence[max(0, at - 80) : at]
    return ("that " in window or "which " in window) and bool(_EVENT_CLAUSE.search(window))


def _starts_period(sentence: str, at: int, stop: int, parsed: _Parsed | None) -> bool:
    """ "since September", "from May", "since the war began in February 2022"."""
    if parsed is None or parsed.kind not in ("date", "weekday"):
        return False
    if _WHEN_AFTER.match(sentence, stop):
        return False  # "since mid-January, when the agency said ...": that moment
    if parsed.prep == "from":
        return not parsed.ranged  # "from 8 to 13 October" ends on the 13th
    if parsed.prep == "since":
        return True
    window = sentence[max(0, at - 60) : at]
    return "ince" in window and bool(_PERIOD_START.search(window))


def _choose(
    sentence: str,
    times: list[tuple[int, str]],
    start: int,
    end: int,
    bounds: list[tuple[int, int]],
) -> tuple[int, str] | None:
    """The time of the figure's own phrase ("1,163 more in June"), else the nearest one
    before it in its clause, else the nearest after it ("..., the ministry said on
    Monday")."""
    if not times:
        return None
    following = [b for b, _ in bounds if b >= end]
    limit = min(following) if following else len(sentence)
    for at, text in times:
        if end <= at < limit and at - end <= 60 and not _TRAILING_GAP.search(sentence, end, at):
            return at, text
    before = [
        (at, t) for at, t in times if at < start and not _CLAUSE_BREAK.search(sentence, at, start)
    ]
    if before:
        return before[-1]
    for at, text in times:  # across another figure only through a verb of saying
        if at < end or _CLAUSE_BREAK.search(sentence, end, at):
            continue  # "350 ..., while the agency reported in April": the other clause's
        if not any(end <= b < at for b in following) or _SAYING.search(sentence, at - 40, at):
            return at, text
    return None if any(at >= end for at, _ in times) else times[0]


def _future(sentence: str, words: frozenset[str] | None) -> int:
    """2 if the sentence surely speaks of the future ("will", "plans to"), 1 if it may
    ("would", "promised"), else 0."""
    if words is None:
        words = frozenset(_LETTERS.findall(sentence.lower()))
    for level in (2, 1):
        multi = _FUTURE_MULTI.get(level)
        if not words.isdisjoint(_FUTURE_WORDS[level]) or (multi and multi.search(sentence)):
            return level
    return 0
