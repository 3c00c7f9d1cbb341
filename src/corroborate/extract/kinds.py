"""What kind of figure a claim is: total, increment, planned, subset, rate or other.

Only a total estimates a total: an increment is a batch or a count for a bounded period,
planned has not happened yet, a subset is part of a figure given beside it, a rate is per
day or week, other is one incident. The cue phrases are data (``lexicon/en/kinds.toml``);
each reading records its rule ("kind.planned") in ``Claim.rules``.

``claim_kind`` reads one figure in its sentence; ``settle`` then reads the document: a
figure listed after another ("send 1,000 sappers and 5,000 builders") shares its kind, a
breakdown by region or by rank beside a larger figure is a subset, and a headline
restating a batch is that batch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import cast

import pycountry

from corroborate.extract.counted import counted_class
from corroborate.extract.events import event_class
from corroborate.extract.lexicon import entry, phrase_group
from corroborate.extract.quantities import words_of
from corroborate.records import Claim, EventClass

_Span = tuple[int, int]

# Qualifiers between a cue and its figure: "another [about] 1,500".
_FILLER = (
    r"(?:(?:about|around|some|roughly|nearly|almost|approximately|over|up\s+to|as\s+many\s+as|"
    r"more\s+than|at\s+least|an\s+estimated|estimated|a\s+total\s+of|only|just|the)\s+)*"
)
# Where a clause ends, for the words before a figure (a comma inside "1,000" does not):
# plain string searches, which are much faster than one regex over the window.
_BREAKS_BEFORE = (
    ";",
    ":",
    "[",
    "]",
    '"',
    "“",
    "”",
    ". ",
    "! ",
    "? ",
    ", ",
    " - ",
    " – ",
    " — ",
    " that ",
    " while ",
    " but ",
    " whereas ",
    " although ",
    " and has ",
    " and have ",
    " and had ",
    " and is ",
    " and are ",
    " and was ",
    " and were ",
    " and will ",
)
_NEW_CLAUSE = re.compile(r";|\b(?:while|but|whereas)\b")
# Where a clause ends, for the words after a figure: punctuation, and a connector that
# opens a new clause ("... and deployed more in May", "... and the number of injured").
_BREAKS_AFTER = (";", ":", "!", "?", '"', "“", "”", ". ", ", ", " - ", " – ", " — ")
_CONNECTOR = re.compile(
    r"\s+(?:and|but|while|whereas|with)\s+(?:(?:has|have|had)\s+)?(?:(?!wounded\b|injured\b|"
    r"killed\b|missing\b|captured\b)[a-z]+ed\s|(?:the|a|an|its|their|his|her|this|that|another)\s)"
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)


def _regex(*keys: str, tail: str = "") -> re.Pattern[str]:
    return re.compile(_pattern(entry("kinds", *keys)) + tail, re.IGNORECASE)


def _words(*keys: str) -> str:
    return _group(entry("kinds", *keys))  # the group, without a leading \b


def case_blind_pattern(phrases: list[str]) -> str:
    """``lexicon.phrase_pattern(phrases)`` as a trie (see ``case_blind_group``)."""
    group = case_blind_group(phrases)
    at = group.index("(?:")
    return group[:at] + r"\b" + group[at:]


def case_blind_group(phrases: list[str]) -> str:
    """``lexicon.phrase_group(phrases)`` written as a trie, for a pattern that ignores case:
    "the (?:end of|last (?:days|months) of)|mid(?:dle of|)". Python's regex
    engine tries an alternation's branches one by one at every word start; as a trie, a
    shared prefix is read once. The matches are the same: branches sharing a prefix keep
    their order (longest first), and branches that part at a character can never both
    match at one place, so their order does not count (speed)."""
    plain = phrase_group(phrases)
    if not all(p.isascii() for p in phrases):  # case-blind matches beyond lower(): "ſ", "K"
        return plain
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))  # phrase_group's order
    paths = [_ATOM.findall(r"\s+".join(re.escape(w) for w in p.split())) for p in ordered]
    return plain[: plain.index("(?:")] + "(?:" + _branches(paths) + r")\b"


# One step of an escaped phrase: a run of spaces, an escaped character or a character.
_ATOM = re.compile(r"\\s\+|\\.|.", re.DOTALL)


def _branches(paths: list[list[str]]) -> str:
    """The alternation of ``paths`` (in order), branches with one first step merged."""
    groups: dict[str, list[list[str]]] = {}
    for path in paths:
        groups.setdefault(path[0].lower() if path else "", []).append(path)
    out = []
    for first, members in groups.items():
        if not first or len(members) == 1:
            out.append("".join(members[0]))
            continue
        shared = 1
        while all(len(m) > shared and m[shared].lower() == members[0][shared].lower()
                  for m in members):  # fmt: skip
            shared += 1
        rest = _branches([m[shared:] for m in members])
        out.append("".join(members[0][:shared]) + "(?:" + rest + ")")
    return "|".join(out)


_pattern, _group = case_blind_pattern, case_blind_group


@lru_cache(maxsize=1)
def _rules() -> dict[str, re.Pattern[str]]:
    not_after = "|".join(entry("kinds", "rate", "not_after"))
    modal_not = _words("planned", "not_after")
    maybe = rf"\b{_words('planned', 'maybe')}\s+(?:\w+\s+)?{_words('planned', 'maybe_verbs')}"
    return {
        "rate_after": _regex("rate", "after", tail=rf"(?!\s+(?:{not_after})\b)"),
        "rate_before": _regex("rate", "before"),
        "rate_break": _regex("rate", "breaks"),
        "planned_before": re.compile(
            rf"{_pattern(entry('kinds', 'planned', 'before'))}(?!\s+{modal_not})|{maybe}",
            re.IGNORECASE,
        ),
        "planned_after": re.compile(
            # "1,700 soldiers from the 82nd Airborne Division will deploy": a unit's name first
            r"^\s*(?:(?:from|of)\s+(?:the\s+)?(?:(?-i:[A-Z0-9])[\w-]*\s+){1,4})?(?:\S+\s+){0,4}?"
            + rf"(?:{_pattern(entry('kinds', 'planned', 'after'))}(?!\s+{modal_not})"
            + rf"|{maybe})",
            re.IGNORECASE,
        ),
        "planned_back": re.compile(
            r"^\s*" + _pattern(entry("kinds", "planned", "back")), re.IGNORECASE
        ),
        # "10,000 soldiers of North Korea that they are preparing to send": a relative
        # clause on the counted that plans them.
        "planned_relative": re.compile(
            r"^[^,.;:\d]{0,60}?\b(?:that|who|whom|which)\s+(?:\w+\s+){0,3}?"
            + _pattern(entry("kinds", "planned", "relative")),
            re.IGNORECASE,
        ),
        "increment_before": _regex("increment", "before", tail=rf"\s+{_FILLER}$"),
        "increment_base": _regex("increment", "base", tail=rf"\s+{_FILLER}$"),
        "also": re.compile(rf"\b(?:with|and)\s+another\s+{_FILLER}$", re.IGNORECASE),
        "increment_batch": _regex("increment", "batch"),
        "increment_after": re.compile(
            r"^\s*\+?\s*" + _pattern(entry("kinds", "increment", "after")) + r"(?!\s+than)",
            re.IGNORECASE,
        ),
        "increment_clause": _regex("increment", "clause"),
        "increment_period": re.compile(
            _pattern(entry("kinds", "increment", "period"))
            + r"\s+(?:[\w-]+\s+){0,2}?"
            + r"(?:days?|weeks?|weekend|months?|hours?|24\s+hours|fortnight)\b"
            + r"(?!\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}?"
            + _words("increment", "whole")
            + ")",
            re.IGNORECASE,
        ),
        "since": _regex("increment", "since"),
        "alone_time": re.compile(
            rf"\b(?:since\s+[\w\s]{{1,24}}?|(?:this|last|that)\s+(?:year|month|week|day)|"
            rf"in\s+(?:\d{{4}}|{_MONTH}(?:\s+\d{{4}})?))\s+alone\b",
            re.IGNORECASE,
        ),
        "months": re.compile(
            rf"\b(?:in|between|from)\s+{_MONTH}\s+(?:and|to|through|-)\s+{_MONTH}\b"
        ),
        "subset_before": _regex(
            "subset", "before", tail=rf"(?:\s+(?:are|were|is|was))?,?\s+{_FILLER}$"
        ),
        "subset_opening": re.compile(
            rf"^\s*{_words('subset', 'opening')}\s+[\w\s,'’-]{{1,40}}?,(?!\d{{3}})", re.IGNORECASE
        ),
        "subset_after": re.compile(
            r"^\s*(?:[\w-]+\s+){0,3}?" + _pattern(entry("kinds", "subset", "after")),
            re.IGNORECASE,
        ),
        "subset_areas": _regex("subset", "areas"),
        "alone_place": re.compile(
            rf"\b(?:in|from|at)\s+(?:the\s+)?(?P<place>(?!{_MONTH})[A-Z][\w'’-]+"
            r"(?:\s+[A-Z][\w'’-]+){0,2})\s+alone\b"
        ),
        "listed": re.compile(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+\($"),
        "incident": re.compile(
            r"\b(?:in|during|by)\s+(?:a|an|one|single|the|that|this)\s+(?:[\w-]+\s+){0,2}?"
            + _words("other", "incident")
            + r"|\bwhen\s+(?:\w+\s+){1,3}(?:attacked|struck|hit|shelled|bombed|fired)\b",
            re.IGNORECASE,
        ),
        "opening": re.compile(r"^(?:[^,\d]{3,60},\s*){1,3}"),
        "another": re.compile(rf"\banother\s+{_FILLER}$", re.IGNORECASE),
    }


def _keys(*keys: str) -> frozenset[str]:
    """The words a sentence must hold for a phrase list to match: each phrase's first word,
    or its first that is not a word nearly every sentence has ("a day", "in the past")."""
    out = set()
    for phrase in entry("kinds", *keys):
        word = next((w for w in phrase.lower().split() if w not in _COMMON), None)
        if word:  # "is to", all common words: left to the phrases around it
            out.add(word)
    return frozenset(out)


# Words too common to prefilter on: "of them" is looked for by a regex instead.
_ANAPHORIC = frozenset({"them", "these", "those", "whom", "which", "the"})
_COMMON = frozenset({"a", "an", "to", "in", "the", "of", "on", "per", "each", "every", "is", "are"})
_MONTHS = frozenset(_MONTH.strip("(?:)").lower().split("|"))


@lru_cache(maxsize=1)
def _prefilters() -> dict[str, frozenset[str]]:
    return {
        "rate": _keys("rate", "after") | _keys("rate", "before"),
        "planned": _keys("planned", "before") | _keys("planned", "after")
        | _keys("planned", "relative")
        | _keys("planned", "maybe"),
        "increment": _keys("increment", "before") | _keys("increment", "after")
        | _keys("increment", "batch") | _keys("increment", "clause") | _keys("increment", "base")
        | _keys("increment", "period") | _keys("increment", "since") | _MONTHS
        | {"alone", "been"},
        "subset": (_keys("subset", "before") | _keys("subset", "after") | _keys("subset", "areas")
        | {"alone", "held", "controlled", "among"}) - _ANAPHORIC,
        "other": frozenset({"when"}) | {w.split()[-1] for w in entry("kinds", "other", "incident")},
    }  # fmt: skip


def _clause_start(text: str, low: int, start: int) -> int:
    """Where the figure's clause begins, at or after ``low``."""
    window = text[low:start].lower()
    cut = 0
    for mark in _BREAKS_BEFORE:  # a loop, not a generator: several times a figure (speed)
        if mark in window:
            cut = max(cut, window.rfind(mark) + len(mark))
    return low + cut


def _clause(text: str) -> str:
    """The text up to the end of its clause."""
    end = len(text)
    for mark in _BREAKS_AFTER:  # "in" first: most marks are absent (speed)
        if mark in text:
            end = min(end, text.find(mark))
    if text.endswith((".", ",")) and len(text) - 1 < end:
        end = len(text) - 1
    if " and " in text or " but " in text or " while " in text or " with " in text:
        connector = _CONNECTOR.search(text, 0, end)
        if connector:
            end = connector.start()
    return text[:end]


def _neighbours(start: int, bounds: Sequence[_Span]) -> tuple[int, int]:
    """The end of the figure before this one and the start of the one after (or the
    sentence's ends): a cue never reaches across another figure."""
    before, after = 0, 10**9
    for s, e in bounds:  # a loop, not two generators: once or twice a figure (speed)
        if e <= start and e > before:
            before = e
        if s > start and s < after:
            after = s
    return before, after


def annotate(
    claim: Claim,
    np_end: int,
    bounds: Sequence[_Span],
    words: frozenset[str],
    document: str,
) -> None:
    """Set a claim's event class and kind from its sentence (``np_end``: where its
    counted phrase ends; ``bounds``: the sentence's figures; ``words``: its lower-case
    words; ``document``: the text)."""
    if claim.unit is not None:  # kinds and events are read for counts, not 5% or $2 million
        if claim.is_change:
            _set(claim, "increment", "kind.change")
        return
    text = claim.sentence
    span = (claim.mention_start - claim.start, claim.mention_end - claim.start)
    window = _Window(text, span, np_end, bounds)
    _read_event(claim, window, words, document)
    found = claim_kind(text, span, np_end, bounds, words, is_change=claim.is_change, window=window)
    if found:
        _set(claim, *found)


def _read_event(claim: Claim, window: _Window, words: frozenset[str], document: str) -> None:
    text, end = claim.sentence, window.end
    found = event_class(
        claim.event,
        text,
        counted=claim.counted,
        near=lambda: window.stretch,
        after=text[end : min(window.following, end + 60)],
        document=document,
        sentence_words=words,
    )
    claim.event_class = cast("EventClass | None", found)  # a class of the lexicon's taxonomy
    if claim.event_class:
        claim.rules.append(f"event.{claim.event_class}")
    group = counted_class(claim.counted, text) if claim.counted else None
    if group:
        claim.extras["counted_class"] = group


class _Window:
    """The words around one figure that its kind and event are read from (the costlier
    stretches are cut on first use: most sentences need few of them)."""

    def __init__(self, text: str, span: _Span, np_end: int, bounds: Sequence[_Span]) -> None:
        self.text, self.np_end = text, np_end
        self.start, self.end = span
        self.previous, self.following = _neighbours(self.start, bounds)
        self.raw = text[max(self.previous, self.start - 60) : self.start]  # across commas
        self.right = text[self.end : min(self.following, np_end + 80, len(text))]
        self.after_np = text[np_end : min(self.following, np_end + 80, len(text))]
        self._words: frozenset[str] | None = None
        self._before: str | None = None
        self._clause: str | None = None
        self._stretch: str | None = None
        self._opening: str | None = None

    @property
    def words(self) -> frozenset[str]:
        """The lower-case words near the figure and at the sentence's start."""
        if self._words is None:
            low = max(self.previous, self.start - 120)
            high = min(self.following, self.np_end + 80)
            self._words = words_of(f"{self.text[:60]} {self.text[low:high]}")
        return self._words

    @property
    def before(self) -> str:
        """The figure's clause before it."""
        if self._before is None:
            low = max(self.previous, self.start - 120)
            self._before = self.text[_clause_start(self.text, low, self.start) : self.start]
        return self._before

    @property
    def clause(self) -> str:
        if self._clause is None:
            self._clause = _clause(self.right)
        return self._clause

    @property
    def stretch(self) -> str:
        """The figure's own words: its clause, not reaching across another figure."""
        if self._stretch is None:
            after = self.text[self.end : min(self.following, self.end + 90)]
            self._stretch = self.before + self.text[self.start : self.end] + _clause(after)
        return self._stretch

    @property
    def opening(self) -> str:
        """Leading phrases ("In total, over the past two months, ...") govern every figure
        up to a new clause ("..., while in areas held by ...")."""
        if self._opening is None:
            found = _rules()["opening"].match(self.text)
            self._opening = ""
            end = found.end() if found else self.start + 1
            if found and end <= self.start and not _NEW_CLAUSE.search(self.text, end, self.start):
                self._opening = found.group(0)
        return self._opening


def claim_kind(
    text: str,
    span: _Span,
    np_end: int,
    bounds: Sequence[_Span],
    words: frozenset[str],
    *,
    is_change: bool = False,
    window: _Window | None = None,
) -> tuple[str, str] | None:
    """The kind of the figure at ``span`` in sentence ``text`` and the rule that says so,
    or None for a total. ``np_end`` ends the counted phrase after the figure, ``bounds``
    are all the figures of the sentence, ``words`` its lower-case words."""
    window = window or _Window(text, span, np_end, bounds)
    wanted = _wanted(text, words)
    if wanted:  # the cue words must be near the figure, not anywhere in the sentence
        near, prefilters = window.words, _prefilters()
        wanted = tuple(n for n in wanted if n == "subset" or not near.isdisjoint(prefilters[n]))
    if is_change and "rate" not in wanted and "planned" not in wanted:
        return "increment", "kind.change"
    if not wanted:
        return ("increment", "kind.change") if is_change else None
    for name in wanted:
        if name == "increment" and is_change:
            return "increment", "kind.change"
        found = _READERS[name](text, span, bounds, window)
        if found:
            return name, found
    return ("increment", "kind.change") if is_change else None


@lru_cache(maxsize=64)
def _wanted(text: str, words: frozenset[str]) -> tuple[str, ...]:
    """The readings a sentence may hold: those whose cue words it has (once a sentence)."""
    pre = _prefilters()
    found = [name for name in _ORDER if not words.isdisjoint(pre[name])]
    listed = "(" in text and _LISTED.search(text)
    if "subset" not in found and (
        _anaphora(text, words) or listed or _rules()["subset_opening"].match(text)
    ):  # "Of the casualties, 2,000 ...": the opening is the cue
        found.insert(min(2, len(found)), "subset")
    return tuple(sorted(found, key=_ORDER.index))


_LISTED = re.compile(r"[A-Z][\w'’-]+\s+\(\s*\d")
_ANAPHORA = re.compile(r"\b(?:[Oo]f|[Aa]mong)\s+(?:them|these|those|whom|which)\b")
_ANAPHORA_WORDS = frozenset({"them", "these", "those", "whom", "which"})


def _anaphora(text: str, words: frozenset[str]) -> bool:
    """``_ANAPHORA.search(text)``, run only when the sentence has both of its words."""
    return (
        ("of" in words or "among" in words)
        and not words.isdisjoint(_ANAPHORA_WORDS)
        and bool(_ANAPHORA.search(text))
    )


def _rate(text: str, span: _Span, bounds: Sequence[_Span], window: _Window) -> str | None:
    rules = _rules()
    start, end = span
    previous, following = _neighbours(start, bounds)
    if rules["rate_after"].search(_clause(text[end : min(following, end + 70)])):
        return "kind.rate"
    before = text[max(previous, start - 80) : start]
    if rules["rate_before"].search(before[-45:]):
        return "kind.rate_before"
    if previous and rules["rate_after"].search(before) and not rules["rate_break"].search(before):
        return "kind.rate_listed"  # "2,000 per week, and ... approached 3,000"
    return None


def _planned(text: str, span: _Span, bounds: Sequence[_Span], window: _Window) -> str | None:
    rules = _rules()
    for match in rules["planned_before"].finditer(window.before):
        if not match.group(0)[0].isupper():  # "May 19", "Will Smith": names, not modals
            return "kind.planned"
    before = window.before
    if before[:1] in _BACK_FIRST and rules["planned_back"].match(before):
        cut = window.start - len(before)  # "could send many more, giving a figure as high as"
        low = max(window.previous, cut - 120)
        earlier = text[_clause_start(text, low, max(low, cut - 2)) : cut]
        for match in rules["planned_before"].finditer(earlier):
            if not match.group(0)[0].isupper():
                return "kind.planned_back"
    if rules["planned_after"].search(window.after_np):
        return "kind.planned_after"
    if rules["planned_relative"].search(window.after_np):
        return "kind.planned_relative"
    return None


_BACK_FIRST = frozenset(p[0] for p in entry("kinds", "planned", "back")) | frozenset(
    p[0].upper() for p in entry("kinds", "planned", "back")
)


def _subset_said(text: str, span: _Span, bounds: Sequence[_Span], window: _Window) -> str | None:
    rules = _rules()
    if rules["subset_before"].search(window.raw):
        return "kind.subset"
    if (
        window.previous
        and _in_list(text, window.start, bounds)
        and not _OWN_VERB.match(window.after_np)  # "..., and 22 people were detained"
    ):
        return "kind.subset_listed"  # "including 120,000 deaths and 170,000 injuries"
    if rules["subset_after"].search(window.right[:60]):
        return "kind.subset_after"
    opening = rules["subset_opening"].match(text)
    if opening and window.previous <= opening.end() <= span[0]:
        return "kind.subset_opening"  # "Of the casualties, 2,000 ..." (not "Of the 3,000 dead,")
    alone = rules["alone_place"].search(window.clause)
    if alone and alone.group("place") not in country_names():
        return "kind.subset_alone"
    stretch = text[window.previous : window.start]
    if any(rules["subset_areas"].search(t) for t in (window.clause, stretch, window.opening)):
        return "kind.subset_area"
    if rules["listed"].search(text[max(0, window.start - 40) : window.start]):
        return "kind.subset_listed"  # "Tatarstan (5,605)": a breakdown by name
    return None


# A figure whose own verb follows it opens a clause of its own, no item of a list.
_OWN_VERB = re.compile(r"\s+(?:were|was|are|is|have|has|had|will)\s", re.IGNORECASE)
_VERB_AFTER = re.compile(r"\s+(?:[a-z-]+\s+){0,3}?(?:were|was|are|is|have|has|had)\s")


def _in_list(text: str, start: int, bounds: Sequence[_Span]) -> bool:
    """The figure continues a list that a subset cue opened: "including 600 deaths and
    4,000 injuries", "two officers and one interpreter"."""
    spans = sorted(b for b in bounds if b[1] <= start)
    while spans:
        s, e = spans.pop()
        if not _LIST_GAP.fullmatch(text, e, start):
            return False
        head = text[max(0, s - 60) : s]
        head = head[: _TRAILING_FILLER.search(head).start()]  # type: ignore[union-attr]  # "" matches at the end
        if head.rstrip().lower().endswith(_OPENERS):
            return True
        start = s
    return False


_LIST_GAP = re.compile(
    rf"(?:(?!\b(?:has|have|had|is|are|was|were|will|said|says)\b)[\w\s'’-]){{0,60}}?"
    rf"(?:,\s+as\s+well\s+as|,\s+and|\band|,)\s+{_FILLER}",
    re.IGNORECASE,
)
_TRAILING_FILLER = re.compile(rf"\s*{_FILLER}$", re.IGNORECASE)
_OPENERS = ("including", "includes", "included", "among them", "of whom", "of which", "of them")


def _increment(text: str, span: _Span, bounds: Sequence[_Span], window: _Window) -> str | None:
    rules, gates, near = _rules(), _gates(), window.words
    if not near.isdisjoint(gates["batch"]):
        if rules["increment_base"].search(window.raw):
            return None  # "in addition to 11,000 already there": the base, not the batch
        if rules["increment_before"].search(window.before[-45:]) and not rules["also"].search(
            window.raw
        ):
            return "kind.another" if rules["another"].search(window.raw) else "kind.increment"
        if rules["increment_after"].search(window.right[:16]):
            return "kind.increment_more"
        if rules["increment_batch"].search(window.before) or rules["increment_clause"].search(
            window.clause
        ):
            return "kind.increment_batch"
    if near.isdisjoint(gates["period"]):
        return None
    for part in (window.clause, window.before, window.opening):
        if _period_said(part, rules):
            return "kind.increment_period"
    return None


# The word each case-blind period pattern needs ("in the past 24 hours", "this year alone",
# "since the last update"): in the lower-case form of an ASCII text, a plain substring.
_PERIOD_UNITS = ("day", "week", "month", "hour", "fortnight")


def _period_said(part: str, rules: dict[str, re.Pattern[str]]) -> bool:
    """Whether ``part`` names the bounded period of a batch. A pattern whose word is not
    in an ASCII text is not searched (speed); other text is searched as it is."""
    low = part.lower() if part.isascii() else None
    has_unit = low is None or any(map(low.__contains__, _PERIOD_UNITS))
    if has_unit and rules["increment_period"].search(part):
        return True
    if rules["months"].search(part):
        return True
    if (low is None or "alone" in low) and rules["alone_time"].search(part):
        return True
    return (low is None or "since" in low) and bool(rules["since"].search(part))


@lru_cache(maxsize=1)
def _gates() -> dict[str, frozenset[str]]:
    """The words each group of increment rules needs near the figure."""
    batch = (
        _keys("increment", "before") | _keys("increment", "after") | _keys("increment", "batch")
        | _keys("increment", "clause") | _keys("increment", "base")
    )  # fmt: skip
    period = _keys("increment", "period") | _keys("increment", "since") | _MONTHS | {"alone"}
    return {"batch": batch, "period": period}


def _other(text: str, span: _Span, bounds: Sequence[_Span], window: _Window) -> str | None:
    return "kind.incident" if _rules()["incident"].search(window.clause) else None


_ORDER = ("rate", "planned", "subset", "increment", "other")
_READERS = {
    "rate": _rate, "planned": _planned, "subset": _subset_said, "increment": _increment,
    "other": _other,
}  # fmt: skip


# The document: lists, breakdowns beside a larger figure, and restated figures.


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Country names (a figure for one is no regional breakdown)."""
    names = {"Russia", "North Korea", "South Korea", "Iran", "Syria", "Turkey", "Türkiye",
             "Turkiye", "US", "U.S.", "UK", "Britain", "Vietnam", "Taiwan", "Moldova"}  # fmt: skip
    for country in pycountry.countries:
        names.update(filter(None, (country.name, getattr(country, "common_name", None))))
    return frozenset(names)


@lru_cache(maxsize=1)
def _subgroups() -> frozenset[str]:
    return frozenset(entry("kinds", "subset", "subgroups"))


_HARM = frozenset({"killed", "died", "wounded", "casualties", "captured", "missing"})
_STOCK = frozenset({"deployed", "present"})
# Where troops or crowds go, a town's figure is often the whole: no breakdown by region.
_FLOWS = frozenset({None, "deployed", "present", "attended"})


def settle(claims: Sequence[Claim]) -> None:
    """Kinds that need more than the figure's own words (see the module docstring)."""
    for i, claim in enumerate(claims):
        if i and claim.sentence == claims[i - 1].sentence:
            _listed(claim, claims[i - 1])
        if claim.kind == "increment" and "kind.another" in claim.rules:
            _also(claim, claims[:i])
        if claim.kind == "subset" and claim.event_class in _HARM:
            _among_sent(claim, claims[:i])
        if claim.event_class is None and i:
            _same_event(claim, claims[i - 1])
        if claim.kind == "subset" and "kind.subset_after" in claim.rules:
            _whole_of_them(claim, claims[max(0, i - 12) : i])
        if claim.kind == "total" and i and " with " in claim.sentence:
            _joined_part(claim, claims[i - 1])
        if claim.kind == "total" and claim.value is not None and claim.event_class not in _FLOWS:
            _breakdown(claim, claims[max(0, i - 40) : i + 3])
    _restated(claims)


def _same_event(claim: Claim, previous: Claim) -> None:
    """ "Of these, 4,267 are Syrians", "The toll now stands at 28,191": a figure with
    neither an event nor a counted noun of its own continues the figure before it."""
    anaphora = not {"kind.subset", "kind.subset_opening"}.isdisjoint(claim.rules)
    close = 0 <= claim.start - previous.end < 300
    if previous.event_class and close and (anaphora or claim.counted is None):
        claim.event_class = previous.event_class
        claim.rules.append("event.previous")


def _larger(other: Claim, claim: Claim) -> bool:
    """Whether ``other`` is ``ratio`` times ``claim`` or more (a whole it can be part of)."""
    return claim.value is not None and (other.value or other.high or 0) >= _ratio() * claim.value


@lru_cache(maxsize=1)
def _ratio() -> float:
    return float(entry("kinds", "subset", "ratio"))


_JOINED = re.compile(
    rf",\s+{_group(entry('kinds', 'subset', 'joined'))}\s+{_FILLER}$", re.IGNORECASE
)
_THEM_AFTER = re.compile(r"\s+(?:of|among)\s+(?:them|whom|those|these)\b", re.IGNORECASE)


def _joined_part(claim: Claim, previous: Claim) -> None:
    """ "400 killed and 3,600 injured, with 300 returned to duty": part of the figure
    before."""
    if previous.sentence != claim.sentence:
        return
    gap = claim.sentence[previous.mention_end - previous.start : claim.mention_start - claim.start]
    if len(gap) < 60 and "with" in gap and _larger(previous, claim) and _JOINED.search(gap):
        _set(claim, "subset", "kind.subset_joined")


def _whole_of_them(claim: Claim, earlier: Sequence[Claim]) -> None:
    """ "They have fought there since October; since then, 3,000 of them have fallen":
    with no larger figure before, "them" are a group, not a count this is part of."""
    after = claim.sentence[claim.mention_end - claim.start :]
    if not _THEM_AFTER.match(after):
        return
    near = [c for c in earlier if claim.mention_start - c.mention_end < 400 and _larger(c, claim)]
    if not near:
        _set(claim, "total", "kind.whole_of_them")


def _listed(claim: Claim, previous: Claim) -> None:
    """ "decided to send 1,000 sappers and 5,000 builders": the second shares the first's
    kind."""
    if claim.kind != "total" or previous.kind not in ("planned", "subset", "increment"):
        return
    own_verb = _VERB_AFTER.match(claim.sentence, claim.mention_end - claim.start)
    if previous.kind == "subset" and own_verb:
        return  # "including 22 officers, and 22 people were detained": a clause of its own
    gap = claim.sentence[previous.mention_end - previous.start : claim.mention_start - claim.start]
    if _LIST_GAP.fullmatch(gap):
        _set(claim, previous.kind, "kind.listed")


def _also(claim: Claim, earlier: Sequence[Claim]) -> None:
    """ "In Syria, another 473 deaths": another place's figure, not a further batch.
    "... killing 1,002 and injuring 2,376. Another 30 were missing.": other people, the
    first count of what befell them, not a further batch."""
    same = [c for c in earlier if c.event_class == claim.event_class and c.place]
    if claim.place and same and same[-1].place != claim.place:
        _set(claim, "total", "kind.another_place")
        return
    before = earlier[-1] if earlier else None
    if (
        before is not None
        and before.event_class not in (None, claim.event_class)
        and claim.event_class is not None
        and all(c.event_class != claim.event_class for c in earlier)
    ):
        _set(claim, "total", "kind.another_class")


def _among_sent(claim: Claim, earlier: Sequence[Claim]) -> None:
    """ "3,000 of them have fallen": the harm among troops sent is no part of the
    deployment but a total of its own."""
    anaphora = {"kind.subset", "kind.subset_after"}
    if earlier and earlier[-1].event_class in _STOCK and not anaphora.isdisjoint(claim.rules):
        _set(claim, "total", "kind.harm_among_sent")


def _breakdown(claim: Claim, nearby: Sequence[Claim]) -> None:
    """A region's or a rank's figure beside a figure of the same event ``ratio`` times
    larger, for a country or the whole, is a subset."""
    ratio = float(entry("kinds", "subset", "ratio"))
    assert claim.value is not None
    wider = [
        other for other in nearby
        if other is not claim and other.event_class == claim.event_class
        and other.kind == "total" and (other.value or other.high or 0) >= ratio * claim.value
    ]  # fmt: skip
    if not wider:
        return
    countries = country_names()
    regional = claim.place and claim.place not in countries and " and " not in claim.place
    if regional and any(other.place is None or other.place in countries for other in wider):
        _set(claim, "subset", "kind.subset_region")
        return
    group = _subgroups() & set(re.findall(r"[a-z]+", (claim.counted or "").lower()))
    if group and any(
        group.isdisjoint(re.findall(r"[a-z]+", (o.counted or "").lower())) for o in wider
    ):
        _set(claim, "subset", "kind.subset_group")  # "5,540 officers" beside 120,000 dead


def _restated(claims: Sequence[Claim]) -> None:
    """A headline figure restating a batch the body reads as one ("N.Korea sent 3,500
    soldiers" over "3,500 more soldiers") is that batch."""
    batches = [c for c in claims if c.kind == "increment" and "kind.restated" not in c.rules]
    for claim in claims if batches else ():
        if claim.kind != "total" or claim.value is None or claim.sentence.rstrip()[-1:] in '.”"':
            continue
        for other in batches:
            if other.value == claim.value and _compatible(other.event_class, claim.event_class):
                _set(claim, "increment", "kind.restated")
                break


def _compatible(one: str | None, two: str | None) -> bool:
    return one == two or {one, two} <= _STOCK


def _set(claim: Claim, kind: str, rule: str) -> None:
    claim.kind = kind  # type: ignore[assignment]  # the rules' kinds are all in KINDS (test_records)
    claim.rules.append(rule)


__all__ = ["annotate", "claim_kind", "country_names", "settle"]
