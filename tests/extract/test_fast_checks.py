"""Cheap character tests in front of regexes, and phrase lists grouped by first letter,
give the same answers as the plain regex calls they stand for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.extract import context, events, kinds, quantities, timex
from corroborate.extract.lexicon import entry, lexicon, phrase_group, phrase_pattern

_PIECES = st.sampled_from(
    [
        " ", "  ", "\n", "\u00a0", "-", "–", ":", ".", ",", "'", "’", "%", "/", "(", ")",
        "0", "5", "12", "30", "s", "S", "st", "th", "a", "A", "p", "P", "m", "M", "am", "p.m.",
        "pm", "o'clock", "GMT", "gmt", "UTC", "est", "h", "hrs", "percent", "Percent",
        "per cent", "pct", "pts", "points", "years", "year", "Years", "yrs", "old", "OLD",
        "km", "kg", "mg/l", "Max", "Pro", "Plus", "Series", "Edition", "Ultra", "Mini",
        "Dreamliner", "MAX", "ſ", "\u212a", "x", "İ", "y", "Y",
    ]
)  # fmt: skip
_AFTER = st.lists(_PIECES, max_size=10).map("".join)


@settings(max_examples=600, deadline=None)
@given(_AFTER)
def test_character_tests_skip_only_what_the_regex_rejects(after: str) -> None:
    assert quantities._time_after(after) == bool(quantities._TIME_AFTER.match(after))
    assert quantities._percent_after(after) == bool(quantities._PERCENT_AFTER.match(after))
    assert quantities._age_after(after) == bool(quantities._AGE_AFTER.match(after))
    fast, plain = quantities._unit_attached(after), quantities._UNIT_ATTACHED.match(after)
    assert (fast and fast.group(0)) == (plain and plain.group(0))
    decade = after[:1] in quantities._DECADE_FIRST and bool(quantities._DECADE_AFTER.match(after))
    assert decade == bool(quantities._DECADE_AFTER.match(after))
    model = after.lstrip()[:1] in quantities._MODEL_FIRST and bool(
        quantities._MODEL_SUFFIX.match(after)
    )
    assert model == bool(quantities._MODEL_SUFFIX.match(after))


def _phrase_lists(node: object) -> list[list[str]]:
    """Every list of phrases in a lexicon (nested tables walked)."""
    if isinstance(node, dict):
        return [found for value in node.values() for found in _phrase_lists(value)]
    if isinstance(node, list) and node and all(isinstance(p, str) for p in node):
        return [node]
    return []


_KIND_LISTS = [
    p
    for name in ("kinds", "time")
    for p in _phrase_lists(lexicon(name))
    if all(x.split() for x in p)
]
_WORDS = sorted({w for phrases in _KIND_LISTS for p in phrases for w in p.split()})
_TEXT = st.lists(
    st.one_of(st.sampled_from(_WORDS), st.sampled_from([" ", "  ", "\n", ", ", "-", "x", "5"])),
    max_size=24,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from(range(len(_KIND_LISTS))))
def test_grouped_phrase_lists_match_the_plain_alternation(text: str, index: int) -> None:
    phrases = _KIND_LISTS[index]
    plain = re.compile(phrase_pattern(phrases), re.IGNORECASE)
    grouped = re.compile(kinds.case_blind_pattern(phrases), re.IGNORECASE)
    odd = text.replace("s", "ſ").replace("k", "\u212a")  # case-blind matches beyond ASCII
    for variant in (text, text.upper(), text.title(), odd):
        assert [m.span() for m in grouped.finditer(variant)] == [
            m.span() for m in plain.finditer(variant)
        ]
    group = re.compile(rf"(?:{kinds._group(phrases)})\s+x", re.IGNORECASE)
    plain_group = re.compile(rf"(?:{phrase_group(phrases)})\s+x", re.IGNORECASE)
    assert [m.span() for m in group.finditer(text)] == [
        m.span() for m in plain_group.finditer(text)
    ]


def test_every_kinds_list_is_grouped_the_same_way_on_its_own_phrases() -> None:
    for phrases in _KIND_LISTS:
        grouped = re.compile(kinds._pattern(phrases), re.IGNORECASE)
        plain = re.compile(phrase_pattern(phrases), re.IGNORECASE)
        text = " ".join(phrases)
        assert [m.span() for m in grouped.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]
    assert entry("kinds", "planned", "before")  # the lists are really read


_PERIOD_TEXT = st.lists(
    st.sampled_from(
        [
            "in the past",
            "In The Last",
            "over the previous",
            "within",
            "a",
            "two",
            "24",
            "days",
            "Day",
            "weeks",
            "MONTHS",
            "hours",
            "fortnight",
            "this year",
            "last month",
            "alone",
            "ALONE",
            "since",
            "Since the last",
            "since its latest",
            "update",
            "in",
            "between",
            "from",
            "May",
            "June",
            "and",
            "to",
            "-",
            ",",
            "ſince",
            "day",
            "dAys",
            "İn",
            "ı",
        ]
    ),
    max_size=12,
).map(" ".join)


@settings(max_examples=600, deadline=None)
@given(_PERIOD_TEXT)
def test_period_words_skip_only_what_the_patterns_reject(part: str) -> None:
    rules = kinds._rules()
    plain = any(
        rules[name].search(part) for name in ("increment_period", "months", "alone_time", "since")
    )
    assert kinds._period_said(part, rules) == bool(plain)


def test_every_since_phrase_holds_the_word_the_fast_test_looks_for() -> None:
    assert all("since" in p.lower() for p in entry("kinds", "increment", "since"))


_DATE_TEXT = st.lists(
    st.sampled_from(["1", "12", "2024", "/", ".", "-", " ", "a", "٣", "²", ",", "x"]), max_size=14
).map("".join)


@settings(max_examples=600, deadline=None)
@given(_DATE_TEXT)
def test_a_numeric_date_always_has_a_mark_between_digits(sentence: str) -> None:
    if quantities._NUMERIC_DATE.search(sentence):
        assert quantities._digit_between_digits(sentence)


@settings(max_examples=600, deadline=None)
@given(_DATE_TEXT)
def test_the_year_test_lets_every_year_through(sentence: str) -> None:
    if timex._YEAR_DIGITS.search(sentence):
        assert timex._may_hold_year(sentence)
    assert timex._may_hold_year("in 1999") and not timex._may_hold_year("in 2 17 days")


_GAP = st.lists(
    st.sampled_from(
        [
            " ",
            "\n",
            "\u00a0",
            "\u2009",
            "-",
            "–",
            "—",
            "to",
            "TO",
            "To",
            "and",
            "AND",
            "or",
            "Or",
            "through",
            "THROUGH",
            "x",
            "ſ",
            "\u212a",
            "ı",
            "İ",
            "+",
            "−",
            "5",
            "²",
            "٣",
            ",",
        ]
    ),
    max_size=6,
).map("".join)


@settings(max_examples=800, deadline=None)
@given(_GAP)
def test_chain_links_and_signs_read_as_the_regexes_do(gap: str) -> None:
    assert quantities._chain_link(gap) == bool(quantities._CHAIN_LINK.match(gap))
    assert quantities._signed(gap) == bool(quantities._SIGNED.search(gap))


_PROSE = st.text(alphabet=st.sampled_from("abzAZ ,.;-'’\n\t\u00a05éİKſ_"), max_size=40) | st.text(
    alphabet=st.characters(max_codepoint=127), max_size=40
)


@settings(max_examples=800, deadline=None)
@given(_PROSE)
def test_split_words_and_tokens_are_the_regex_ones(text: str) -> None:
    assert quantities.words_of(text) == frozenset(re.findall(r"[a-z]+", text.lower()))
    lowered = text.lower()
    assert events._tokens(lowered) == re.findall(r"[a-z]+|,", lowered)


def _plain_blocked_spans(sentence: str) -> list[tuple[int, int]]:
    """``quantities._blocked_spans`` as it was, without its early way out."""
    spans: list[tuple[int, int]] = []
    digits = sum(map(sentence.count, "0123456789"))
    clean = quantities._starts_clean
    if digits >= 10 and ("+" in sentence or "(" in sentence or "-" in sentence):
        spans += [m.span() for m in quantities._PHONE.finditer(sentence) if clean(sentence, m)]
    if digits >= 3:
        found = quantities._NUMERIC_DATE.finditer(sentence)
        spans += [m.span() for m in found if clean(sentence, m)]
    return spans


_NUMBERS_TEXT = st.lists(
    st.sampled_from(
        ["+", "44", "20", "7946", "0958", "(", ")", " ", "-", ".", "/", "555", "1234", "x", "٣"]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=800, deadline=None)
@given(_NUMBERS_TEXT)
def test_phone_numbers_and_dates_are_blocked_as_before(sentence: str) -> None:
    assert quantities._blocked_spans(sentence) == _plain_blocked_spans(sentence)


def _plain_is_model_name(before: str, after: str, raw: quantities._Raw) -> bool:
    """``quantities._is_model_name`` as it was: the unit after read first."""
    if raw.kind != "digits" or raw.scaled:
        return False
    if quantities._unit_follows(after):
        return False
    if quantities._MODEL_SUFFIX.match(after):
        return True
    return quantities._name_before(before)


_BEFORE = st.lists(
    st.sampled_from(
        [
            "Boeing",
            "iPhone",
            "S&P/ASX",
            "the",
            "Elsewhere,",
            "May",
            "US$",
            "Tylenol",
            " ",
            "  ",
            "GDP",
            "Mr.",
            "Obama's",
            "ftse",
            "x",
            "\n",
        ]
    ),
    max_size=4,
).map(" ".join)


@settings(max_examples=800, deadline=None)
@given(_BEFORE, _AFTER, st.booleans(), st.sampled_from(["digits", "words"]))
def test_model_names_read_as_before(before: str, after: str, scaled: bool, kind: str) -> None:
    raw = quantities._Raw(0, 3, 737.0, kind, scaled)
    assert quantities._is_model_name(before, after, raw) == _plain_is_model_name(before, after, raw)


def _plain_period_of(sentence: str, words: frozenset[str]) -> str | None:
    """``context.period_of`` as it was: both searches run."""
    if words.isdisjoint(context._PERIOD_WORDS):
        return None
    rate = context._PERIOD_RATE.search(sentence)
    window = context._PERIOD_WINDOW.search(sentence)
    while window and (
        sentence[window.end() : window.end() + 2] in ("'s", "’s")
        or context._REPORTED_BEFORE.search(sentence, max(0, window.start() - 30), window.start())
        or context._ONE_DAY.match(sentence, window.start())
    ):
        window = context._PERIOD_WINDOW.search(sentence, window.end())
    parts = [m.group(0) for m in (rate, window) if m]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else f"{parts[0]} ({parts[1]})"


_PERIOD_SENTENCE = st.lists(
    st.sampled_from(
        [
            "per",
            "a",
            "each",
            "every",
            "on average",
            "day",
            "days",
            "Week",
            "months",
            "YEAR",
            "hour",
            "minute",
            "daily",
            "weekly",
            "annually",
            "annum",
            "yearly",
            "in",
            "over",
            "during",
            "the",
            "last",
            "past",
            "first",
            "this",
            "so far",
            "since",
            "Since",
            "March",
            "2023",
            "quarter",
            "ago",
            "said",
            "'s",
            "ſince",
            "aſ",
            "-",
            ",",
            "x",
        ]
    ),
    max_size=10,
).map(" ".join)


@settings(max_examples=800, deadline=None)
@given(_PERIOD_SENTENCE)
def test_periods_read_as_before(sentence: str) -> None:
    words = quantities.words_of(sentence)
    assert context.period_of(sentence, words) == _plain_period_of(sentence, words)
