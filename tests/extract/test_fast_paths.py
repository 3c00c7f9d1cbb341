"""The extractor's speed-ups give the same answers as the plain forms they replace.

Several patterns were rewritten to open with a character class (so that the regex engine
skips to candidates), and several regexes now run only behind a cheap test of the words
present. Each property here compares the fast form with the plain one, written out in
full, on generated text rich in the characters and words the patterns care about.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import corroborate.extract as extract
from corroborate.extract import attribution, context, quantities, sentences
from corroborate.extract.quantities import words_of

# Plain forms, as they were before the rewrite.
PLAIN_DIGITS = re.compile(
    r"(?P<digits>(?=[\d.])(?:\d{1,3}(?:,\d{3})+(?![\d])|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+"
    r"(?![\d]|[,.]\d)|\d+)(?:\.\d+)?(?![\d])|\.\d+)(?:(?P<scale>(?:\s*(?:hundred|thousand|million|"
    r"billion|trillion)\b)+)|(?P<short>bn|mn|mln|mil|m|k|b|tn|trn)\b)?",
    re.IGNORECASE,
)
PLAIN_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n+")
PLAIN_CLAUSE_END = re.compile(
    r",(?!\d{3})|[;:()\"“”]|\s[-–—]\s|\s+and\s+(?:will|has|have|is|are)\b|[.!?](?:\s|$)"
    r"|\s+(?:and|or|while|but|with)\s+(?:that\s+)?(?=(?:about|around|some|roughly|nearly|over|"
    r"at\s+least|"
    r"more\s+than|up\s+to|as\s+many\s+as|another|almost)?\s*(?:\d|(?:dozens|scores|hundreds|"
    r"thousands|millions|several|a\s+(?:dozen|few|hundred|thousand)|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety)\b))"
)
PLAIN_NUMERIC_DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?!\d)")

_PIECES = st.sampled_from(
    [
        " ", "  ", "\n", "\n\n", ".", ". ", "...", "!", "?", "…", ",", ";", ":", "(", ")", '"',
        "“", "”", "’", "-", " - ", " – ", "—", "/", "\u00a0", "0", "1", "12", "123", "1,000",
        "2,5", "3.5", "11 000", ".75", "2024", "10-12", "1/2/2024", "k", "m", "bn", "million",
        " thousand", " hundred", "and", " and ", " or ", " while ", " but ", " will", " has",
        " with ", " that ", " and that ",
        " about ", " some ", " at least ", " more than ", "up to", "as many as", "the", "a",
        "its", "latest", "also", "had", "Russia", "North Korea", "Kursk oblast", "the Gambia",
        "eastern Ukraine", "U.S.", "US", "in", "since", "early", "October", "'s", "year",
        "according to", "social media", "Telegram", "reports of", "rumours of", "reportedly",
        "troops", "soldiers", "said", "Budanov", "X", "number of ", "the total of ", "put the ",
        "batches of ", "a group of ", "'s figure of ", "'s estimate of about ", "rose ",
        "fell by ", "up from ", "lost ", "a rise of ", "Number", "PUT",
    ]
)  # fmt: skip
TEXT = st.lists(_PIECES, max_size=40).map("".join)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def readings(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), *m.group("digits", "scale", "short")) for m in pattern.finditer(text)]


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_number_pattern_finds_what_the_plain_one_finds(text: str) -> None:
    assert readings(quantities.DIGITS_RE, text) == readings(PLAIN_DIGITS, text)


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_sentence_ends_and_dates_match_the_plain_patterns(text: str) -> None:
    assert spans(sentences._END, text) == spans(PLAIN_SENTENCE_END, text)
    assert spans(quantities._NUMERIC_DATE, text) == spans(PLAIN_NUMERIC_DATE, text)


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_clause_cut_matches_the_single_plain_pattern(text: str) -> None:
    window = text[:160]
    cut = PLAIN_CLAUSE_END.search(window)
    assert context.clause(text) == (window[: cut.start()] if cut else window)


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_word_prefilters_change_no_answer(text: str) -> None:
    assert context.find_places(text, words_of(text)) == context.find_places(text)
    assert attribution._drop_trailing_aux(text) == attribution._TRAILING_AUX.sub("", text)
    assert attribution._ends_in_determiner(text.rstrip()) == bool(
        attribution._DETERMINER_END.search(text.rstrip())
    )
    assert bool(quantities._YEAR_CONTEXT.search(quantities._last_words(text))) == bool(
        quantities._YEAR_CONTEXT.search(text)
    )


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_a_pattern_matches_only_where_its_prefilter_lets_it_run(text: str) -> None:
    words, lowered = words_of(text), text.lower()
    if extract._NUMBER_OF.search(text):
        assert not words.isdisjoint(extract._NUMBER_OF_WORDS)
    if extract._GROUP_OF.search(text):
        assert not words.isdisjoint(extract._GROUP_NOUNS)
    if attribution._ACCORDING.search(text):
        assert "according" in lowered
    if attribution._SOCIAL.search(text):
        assert attribution._mentions(lowered, attribution._SOCIAL_HINTS)
    if attribution._REPORTS.search(text):
        assert attribution._mentions(lowered, ("report", "rumo"))
    if attribution._LOCAL_POSSESSIVE.search(text):
        assert text.rstrip().endswith(("of", "about", "some")) and text[-1:].isspace()
    if quantities._CONVERSION_GAP.match(text):
        assert "(" in text or "/" in text or "or" in text
    fast = quantities._anchored(quantities._CHANGE_BEFORE, text)
    plain = quantities._CHANGE_BEFORE.search(text)
    assert (fast and fast.span()) == (plain and plain.span())


_PLACE_NAMES = sorted(context.place_names())
# Names whose key is no word of theirs ("US", "Ağrı", "Ca Mau"), and names beside words
# that glue to them ("iRussia", "Ağrı's"): the cases the place prefilter must not miss.
_GLUE = [" ", ", ", ". ", "'s ", "’s ", "i", "the ", "eastern ", " region", " oblast", "Far ",
         "North ", "-", "(", ")", "Ş", "x"]  # fmt: skip
_PLACE_PIECES = st.one_of(
    st.sampled_from(_PLACE_NAMES),
    st.sampled_from(["US", "UK", "U.S.", "Ağrı", "Ca Mau", "Long An", "Al Anbār", "Aydın"]),
    st.sampled_from(_GLUE),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PLACE_PIECES, max_size=12).map("".join))
def test_the_place_prefilter_skips_no_text_that_names_a_place(text: str) -> None:
    assert context.find_places(text, words_of(text)) == context.find_places(text)
