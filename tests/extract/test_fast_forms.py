"""The extractor's faster forms give the answers of the plain forms they replace.

Words split through a byte table, clause ends found by string methods, product names read
by ``str`` predicates, and the place prefilter's ASCII-only pattern: each property compares
the fast form with the plain one, written out in full, on generated text that mixes ASCII
with the characters whose case mapping is unusual ("İ", "ſ", the Kelvin sign).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.extract import context, events, kinds, quantities

_PIECES = st.sampled_from(
    [
        " ", "  ", "\t", "\n", "\u00a0", ",", ", ", ". ", ";", ":", '"', "“", "”", "-", " - ",
        " – ", " — ", "[", "]", "(", ")", "!", "? ", "/", "&", "'", "’", "0", "7", "12",
        "1,000", "11 000", "3.5", "a", "I", "İ", "ſ", "\u212a", "é", "Ä", "x", "Xy", "the",
        " that ", " while ", " but ", " and has ", " and will ", " with ", " and ", "said",
        "Boeing", "S&P", "ASX", "iPhone", "2024", "US", "U.S.", "UK", "Russia", "Kursk",
        "troops", "killed", "sent", "another", "more",
    ]
)  # fmt: skip
TEXT = st.one_of(st.lists(_PIECES, max_size=30).map("".join), st.text(max_size=60))


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_words_and_tokens_through_a_byte_table(text: str) -> None:
    lowered = text.lower()
    assert quantities.words_of(text) == frozenset(quantities.LOWER_WORD.findall(lowered))
    assert quantities._lower_words(text) == quantities.LOWER_WORD.findall(lowered)
    assert events._tokens(lowered) == events._TOKEN.findall(lowered)


_DIGIT_PIECES = st.sampled_from(["1", "23", "456", ",", " ", "\u00a0", "\u202f", "\u2009"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_DIGIT_PIECES, min_size=1, max_size=8).map("".join), st.booleans())
def test_a_figure_reads_as_with_every_separator_removed(digits: str, decimal: bool) -> None:
    digits = digits + (".5" if decimal else "")
    try:
        plain = float(digits.translate(quantities._SEPARATORS))
    except ValueError:
        return  # no figure: nothing to compare
    assert quantities.digit_value(digits) == plain


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_product_name_tests_match_the_character_loops(word: str) -> None:
    plain_like = any(c.isalpha() for c in word) and all(c.isalnum() or c in "&'’.-/" for c in word)
    assert quantities._name_like(word) == plain_like
    assert quantities._has_capital(word) == any(c.isupper() for c in word)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_a_chain_link_is_read_as_the_plain_lookup(gap: str) -> None:
    assert quantities._chain_link(gap) == (gap.strip().lower() in quantities._CHAIN_WORDS)


def plain_clause(text: str) -> str:
    """``kinds._clause`` as it was written before: the first end of every mark by a generator."""
    end = min((text.find(m) for m in kinds._BREAKS_AFTER if m in text), default=len(text))
    if text.endswith((".", ",")) and len(text) - 1 < end:
        end = len(text) - 1
    if " and " in text or " but " in text or " while " in text or " with " in text:
        connector = kinds._CONNECTOR.search(text, 0, end)
        if connector:
            end = connector.start()
    return text[:end]


@settings(max_examples=500, deadline=None)
@given(TEXT, st.integers(0, 80), st.integers(0, 80))
def test_clause_ends_match_the_plain_generators(text: str, low: int, start: int) -> None:
    assert kinds._clause(text) == plain_clause(text)
    window = text[low:start].lower()
    plain_start = max(
        (window.rfind(m) + len(m) for m in kinds._BREAKS_BEFORE if m in window), default=0
    )
    assert kinds._clause_start(text, low, start) == low + plain_start


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 200), st.integers(1, 12)), max_size=6), st.integers(0, 210)
)
def test_a_figures_neighbours_are_the_nearest_figures(
    pairs: list[tuple[int, int]], at: int
) -> None:
    bounds = [(s, s + n) for s, n in pairs]
    before = max((e for s, e in bounds if e <= at), default=0)
    after = min((s for s, e in bounds if s > at), default=10**9)
    assert kinds._neighbours(at, bounds) == (before, after)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_the_ascii_place_pattern_finds_what_the_full_one_finds(text: str) -> None:
    keys, short = context._place_keys()
    words = quantities.words_of(text)
    plain = not words.isdisjoint(keys) or bool(short.search(text))
    assert context._may_name_place(text, words) == plain


def plain_last_word(before: str) -> str:
    words = before[-20:].lower().split()
    return words[-1].strip(".,:;()'\"") or words[-1] if words else ""


def plain_qualifier_before(before: str) -> str | None:
    """``quantities.qualifier_before`` as it was, splitting every tail into its words."""
    tail = before[-34:].lower().rstrip()
    if tail.endswith("~"):
        return "approx"
    if not tail[-1:].isalpha() and not tail.endswith("."):
        return None
    words = tail.split()
    if words[-1].lstrip("([\"“'") not in quantities._QUAL_LAST_WORDS:
        return None
    for size in range(min(quantities._QUAL_MAX_WORDS, len(words)), 0, -1):
        phrase = " ".join(words[-size:]).lstrip("([\"“'")
        if phrase in quantities.QUALIFIER_PHRASES:
            if (
                phrase == "up to"
                and len(words) > 2
                and words[-3].rstrip("-") in (quantities._UP_TO_VERBS)
            ):
                return None
            return quantities.QUALIFIER_PHRASES[phrase]
    return None


_BEFORE_PIECES = st.sampled_from(
    [" ", "\t", "(", '"', "“", "~", ".", "-", "about", "more than", "up to", "adds", "lead",
     "as many as", "over", "at least", "the", "Nearly", "İ", "x", "some", "approx."]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(_BEFORE_PIECES, max_size=12).map(" ".join), st.text(max_size=40)))
def test_words_before_a_figure_read_as_before(before: str) -> None:
    assert quantities._last_word(before) == plain_last_word(before)
    assert quantities.qualifier_before(before) == plain_qualifier_before(before)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_only_a_capitalised_phrase_can_open_with_a_demonym(counted: str) -> None:
    if counted and not counted[0].isupper():
        assert context._DEMONYM_RE.match(counted) is None
