"""Finding the quantities in one sentence: value or range, qualifier, unit, change.

Everything is regular expressions and small word lists over the raw sentence, so that a
mention's offsets are exact and the scan is fast. The rules for what is *not* a quantity
(years, dates, times, ages, ordinals, page numbers, phone numbers, model names) live here
too, because they are decided by the same few characters around a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corroborate.extract.numbers import (
    NUMBER_WORDS,
    SCALES,
    VAGUE,
    parse_number,
    parse_words,
    word_set,
)

_NUMWORD = (
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|million|billion|trillion|dozen"
)
_SCALE_WORD = r"thousand|million|billion|trillion"
# "two hundred and five" is one number, "one and two" two: "and" joins only after a scale.
_AND_AFTER_SCALE = "(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))"
_WORDS = (
    rf"(?:\b(?:an?)\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?"
    rf"\b(?:{_NUMWORD})\b(?:(?:\s*-\s*|\s+|{_AND_AFTER_SCALE}\s+and\s+)(?:{_NUMWORD})\b)*"
)
_DIGITS = (
    r"(?<![\d.,:/])(?:\d{1,3}(?:,\d{3})+(?![\d])|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d,.])"
    r"|\d+)(?:\.\d+)?(?![\d])|(?<![\w.])\.\d+"
)
_VAGUE = (
    r"\b(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)|dozens|scores|hundreds|"
    r"thousands|millions|billions)\b(?=\s+(?:of\b|more\b|[a-z]))"
)
DIGITS_RE = re.compile(
    rf"(?P<digits>{_DIGITS})(?:\s*(?P<scale>{_SCALE_WORD})\b|"
    r"(?P<short>bn|mn|mln|m|k|b|tn|trn)\b)?",
    re.IGNORECASE,
)
WORDS_RE = re.compile(rf"(?P<words>{_WORDS})", re.IGNORECASE)
VAGUE_RE = re.compile(rf"(?P<vague>{_VAGUE})", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
LOWER_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
NUMBER_LEXICON = word_set(_NUMWORD.replace("|", " "))
VAGUE_LEXICON = word_set("dozens scores hundreds thousands millions billions")


def words_of(text: str) -> frozenset[str]:
    """The lower-case words of a text: word-list checks become set lookups (fast)."""
    return frozenset(LOWER_WORD.findall(text.lower()))


def has_number(sentence: str, words: frozenset[str] | None = None) -> bool:
    """The prefilter: a digit or a number word."""
    if _DIGIT.search(sentence):
        return True
    words = words_of(sentence) if words is None else words
    return not words.isdisjoint(NUMBER_LEXICON) or not words.isdisjoint(VAGUE_LEXICON)


CURRENCY_PREFIX = re.compile(
    r"(?:(?P<code>US|USD|C|CA|A|AU|NZ|HK|S|R|EUR|GBP|CHF)\s?)?(?P<sym>[$€£¥₹₩₽])\s?(?:US\s?)?$"
    r"|(?:\b(?P<word>RM|Rs\.?|USD|EUR|GBP|CHF|INR|JPY|CNY|RMB|NZD|AUD|CAD)\s?)$"
)
CURRENCY_SYMBOLS = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
}
DOLLAR_CODES = {"C": "CAD", "CA": "CAD", "A": "AUD", "AU": "AUD", "NZ": "NZD", "HK": "HKD",
                "S": "SGD", "R": "BRL"}  # fmt: skip
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
    "pounds sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "won": "KRW",
    "rupee": "INR", "rupees": "INR", "hryvnia": "UAH", "hryvnias": "UAH", "cents": "cent",
    "cent": "cent", "pence": "pence", "crowns": "crown", "francs": "CHF",
}  # fmt: skip
MEASURE_UNITS = word_set(
    "km kilometre kilometres kilometer kilometers mile miles m metre metres meter meters cm "
    "mm ft foot feet inch inches yard yards kg kilogram kilograms g gram grams lb lbs pound "
    "pounds ton tons tonne tonnes gigatonnes megatons litre litres liter liters gallon "
    "gallons barrel barrels mph kmh km/h knots degree degrees celsius fahrenheit mw gw kw kwh "
    "mwh gwh hp ps rpm ghz mhz khz gb tb mb second seconds minute minutes min mins hour hours "
    "day days week weeks month months year years decade decades century centuries points "
    "point acres acre hectares hectare sq square"
)
DURATION_UNITS = word_set(
    "second seconds minute minutes hour hours day days week weeks month months year years "
    "decade decades"
)
MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    r"july|august|september|october|november|december"
)
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?,?\s+(?:the\s+)?$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b", re.IGNORECASE)
_YEAR_CONTEXT = re.compile(
    rf"(?:\b(?:in|since|of|by|until|till|from|during|before|after|year|fiscal|fy|early|late|"
    rf"mid|between|through|spring|summer|autumn|fall|winter|{MONTHS})\.?,?|'s)\s*$",
    re.IGNORECASE,
)
_TIME_AFTER = re.compile(
    r"^(?::\d\d|\.\d\d\s?[ap]\.?m\b|\s?[ap]\.?m\.?(?!\w)|\s?o'clock|\s?(?:gmt|utc|bst|cet|est|edt|"
    r"pst|hrs|h\b))",
    re.IGNORECASE,
)
_AGE_BEFORE = re.compile(r"\b(?:aged|age|ages)\s+$", re.IGNORECASE)
_AGE_AFTER = re.compile(r"^[\s-]*(?:years?|yrs?)[\s-]*old\b", re.IGNORECASE)
_MONTH_WORDS = word_set(MONTHS.replace("|", " ") + " the")
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.IGNORECASE)
_REFERENCE_BEFORE = re.compile(
    r"\b(?:page|pages|p|pp|section|sections|sec|row|article|chapter|paragraph|para|clause|"
    r"seat|room|flight|route|highway|interstate|platform|gate|channel|episode|season|game|"
    r"level|grade|round|number|no|nos|item|rule|resolution|amendment|unit|district|ward|"
    r"precinct|terminal|building|floor|apartment|suite|tier|category|class|type|model|version|"
    r"vol|volume|issue|figure|fig|table|exhibit|appendix|step|phase|stage|act|bill|part|"
    r"title|lot|box|box office|code|zone|sector|block|hole|week|day|top|no\.|#)\.?\s*$",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?!\d)|\(?\b\d{3}\)?[\s.-]\d{3}[.-]\d{4}\b"
)
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")

_REFERENCE_WORDS = word_set(
    "page pages p pp section sections sec row article chapter paragraph para clause seat room "
    "flight route highway interstate platform gate channel episode season game level grade round "
    "number no nos item rule resolution amendment unit district ward precinct terminal building "
    "floor apartment suite tier category class type model version vol volume issue figure fig "
    "table exhibit appendix step phase stage act bill part title lot box office code zone sector "
    "block hole week day top #"
)
QUALIFIER_BEFORE = [
    ("up_to", r"as many as|up to|as much as|as high as|as large as|as long as"),
    (
        "at_least",
        r"more than|over than|over|at least|upwards of|in excess of|no fewer than|"
        r"no less than|not less than|above|exceeding|exceeded|greater than|north of|"
        r"a minimum of|surpassed|topped|tops|beyond",
    ),
    (
        "at_most",
        r"fewer than|less than|under|below|at most|at the most|no more than|not more than|"
        r"a maximum of|shy of|short of|a little under|just under|just below|up to a maximum of",
    ),
    (
        "approx",
        r"about|around|some|roughly|nearly|almost|approximately|approx\.?|circa|ca\.|"
        r"an estimated|estimated|close to|just about|more or less|somewhere around|"
        r"somewhere between|in the region of|or so|~|an average of|on average|averaging|"
        r"averaged|an approximate|approximate|near|nigh on|the best part of|upward of",
    ),
]
_QUAL_BEFORE = [
    (name, re.compile(rf"(?:^|[^\w])(?:{pattern})\s*[~$€£]?\s*$", re.IGNORECASE))
    for name, pattern in QUALIFIER_BEFORE
]
_QUAL_AFTER = [
    ("at_least", re.compile(r"^\+|^\s+or\s+(?:more|higher|above|greater)\b", re.IGNORECASE)),
    ("at_most", re.compile(r"^\s+or\s+(?:fewer|less|lower|below)\b", re.IGNORECASE)),
    ("approx", re.compile(r"^\s+or\s+so\b|^\s*-?odd\b", re.IGNORECASE)),
]
_CHANGE_BEFORE = re.compile(
    r"\b(?:(?P<up>rose|rise|rises|risen|rising|increased|increases|increase|increasing|grew|"
    r"grow|grows|growing|grown|gained|gain|gains|climbed|climbs|jumped|jumps|surged|surges|"
    r"soared|soars|up|boosted|raised|raise|raises|higher|added|adds|advanced|spiked|rallied|"
    r"an increase of|a rise of|a jump of|a gain of)|(?P<down>fell|fall|falls|fallen|falling|"
    r"dropped|drop|drops|declined|declines|decreased|decreases|slipped|slips|slid|slides|"
    r"plunged|plunges|plummeted|tumbled|sank|sinks|down|cut|cuts|reduced|lower|shed|sheds|"
    r"shaving|shaved|dipped|dips|eased|a drop of|a fall of|a decline of|"
    r"a decrease of|a cut of))\s+(?:by\s+)?(?:(?:about|around|some|roughly|nearly|almost|"
    r"more than|over|at least|less than|just|another|a further|an additional)\s+)?"
    r"[$€£¥]?\s*$",
    re.IGNORECASE,
)
_CHANGE_WORDS = word_set(
    "rose rise rises risen rising increased increases increase increasing grew grow grows growing "
    "grown gained gain gains climbed climbs jumped jumps surged surges soared soars up boosted "
    "raised raise raises higher added adds advanced spiked rallied jump fell fall falls fallen "
    "falling dropped drop drops declined declines decline decreased decreases decrease slipped "
    "slips slid slides plunged plunges plummeted tumbled sank sinks down cut cuts reduced lower "
    "shed sheds shaving shaved dipped dips eased"
)
_CHANGE_AFTER = re.compile(
    r"^\s*(?:%|percent|per cent|percentage points?|points?)?\s*(?P<up>increase|rise|gain|jump|"
    r"higher|more|growth|up)\b|^\s*(?:%|percent|per cent|percentage points?|points?)?\s*"
    r"(?P<down>decrease|decline|drop|fall|cut|lower|less|reduction|down)\b",
    re.IGNORECASE,
)
_PERCENT_AFTER = re.compile(
    r"^\s?(?:%|percent\b|per\s?cent\b|percentage points?\b|pc\b|pct\b|pts?\b)", re.IGNORECASE
)
_WORD_AFTER = re.compile(r"^[\s-]*([A-Za-z][A-Za-z/.]*)")
_UNIT_ATTACHED = re.compile(r"^([A-Za-z]{1,4}(?:/[A-Za-z]{1,2})?)\b")
_RANGE_LINK = re.compile(
    r"^\s*(?:(?P<unit>%|[a-z][a-z ]{0,14}?)\s*)?(?P<link>-|–|—|to|and|through)\s*"
    r"(?:[$€£¥]|US\s?\$)?\s*$",
    re.IGNORECASE,
)
_BETWEEN_BEFORE = re.compile(r"\b(?:between|from|range\s+of|ranging\s+from)\s+[$€£¥]?\s*$", re.I)
_CAPITAL_WORD_BEFORE = re.compile(r"(?:^|\s)([A-Z][\w&'’.-]*)\s+$")
_FUNCTION_CAPITALS = word_set(
    "The In On At About Some Over More Around Nearly Up By Of From Between Only Just And But "
    "With To For As All Almost Roughly Approximately Another Each Every Than Less Fewer Under "
    "Since During After Before Until While When Where Once Those These That This Its It Their "
    "His Her Our We They He She I Last Next Least Most Another Both Nearly Perhaps Maybe "
    "Exactly Estimated Still Even Also Now Then Today Yesterday Tomorrow Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday Below Above Another Total Some Another "
    "Approximately An A Additionally Further Meanwhile However Another Among Across Another "
    "Including Of"
)
_WEAK_ONE = re.compile(r"^\s+(?:of|another|thing|way|day|side|hand)\b", re.IGNORECASE)
_NOT_ONE_BEFORE = re.compile(r"\b(?:no|any|every|some|the|this|that|which|each)\s*$", re.I)


@dataclass(slots=True)
class Mention:
    """A quantity inside one sentence; offsets are relative to the sentence."""

    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    unit: str | None = None
    is_change: bool = False
    direction: str | None = None  # "up" or "down" for changes
    vague: tuple[float, float] | None = None  # order-of-magnitude range of a vague amount
    weak: bool = False  # "one of the ...": a quantity, but hardly a claim
    extras: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class _Raw:
    start: int
    end: int
    value: float
    kind: str  # digits, words, vague
    scaled: bool
    vague: tuple[float, float] | None = None


def find_quantities(sentence: str) -> list[Mention]:
    """All quantities in ``sentence``, minus years, dates, times, ages and the like."""
    words = words_of(sentence)
    if not has_number(sentence, words):
        return []
    blocked = _blocked_spans(sentence) if _DIGIT.search(sentence) else []
    raws = [raw for raw in _scan(sentence, words) if not _inside(raw, blocked)]
    raws = [raw for raw in raws if not _not_a_quantity(sentence, raw)]
    return [_describe(sentence, group) for group in _group_ranges(sentence, raws)]


def _blocked_spans(sentence: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _PHONE.finditer(sentence)]
    spans += [m.span() for m in _NUMERIC_DATE.finditer(sentence)]
    return spans


def _inside(raw: _Raw, spans: list[tuple[int, int]]) -> bool:
    return any(s <= raw.start and raw.end <= e for s, e in spans)


def _scan(sentence: str, words: frozenset[str]) -> list[_Raw]:
    matches = list(DIGITS_RE.finditer(sentence))
    if not words.isdisjoint(NUMBER_LEXICON):
        matches += WORDS_RE.finditer(sentence)
    if not words.isdisjoint(VAGUE_LEXICON):
        matches += VAGUE_RE.finditer(sentence)
    out: list[_Raw] = []
    last_end = -1
    for match in sorted(matches, key=lambda m: (m.start(), -m.end())):
        if match.start() < last_end:
            continue  # overlaps an earlier, longer reading
        raw = _read(sentence, match)
        if raw is not None:
            out.append(raw)
            last_end = match.end()
    return out


def _read(sentence: str, match: re.Match[str]) -> _Raw | None:
    start, end = match.span()
    if "vague" in match.re.groupindex:
        phrase = " ".join(match.group("vague").lower().split())
        if phrase.startswith(("tens of", "hundreds of")):
            base = 10.0 if phrase.startswith("tens") else 100.0
            unit = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}[phrase.split()[-1]]
            low = base * unit
            return _Raw(start, end, low, "vague", True, (low, low * 10 - 1))
        low, high = VAGUE[phrase]
        return _Raw(start, end, low, "vague", True, (low, high))
    if "digits" in match.re.groupindex:
        value = parse_number(match.group("digits"))
        if value is None:
            return None
        scale_word = match.group("scale") or match.group("short")
        if scale_word:
            short = match.group("short")
            if short and not _money_short_scale(sentence, match.start(), short):
                end = match.start("short")
                scale_word = None
            else:
                value *= SCALES[scale_word.lower()]
        return _Raw(start, end, value, "digits", bool(scale_word))
    return _read_words(sentence, match)


def _money_short_scale(sentence: str, start: int, short: str) -> bool:
    """ "$3m" and "25k" are amounts; "100m" alone is a distance."""
    if short.lower() == "k":
        return True
    return bool(CURRENCY_PREFIX.search(sentence[max(0, start - 6) : start]))


def _read_words(sentence: str, match: re.Match[str]) -> _Raw | None:
    start = match.start()
    tokens = re.findall(r"[A-Za-z]+", match.group("words"))
    # "one and two" is two numbers; "and" only joins after hundred/thousand/million.
    for i, tok in enumerate(tokens):
        if tok.lower() == "and" and (i == 0 or tokens[i - 1].lower() not in _AND_SCALES):
            tokens = tokens[:i]
            break
    if not tokens or not all(t.lower() in NUMBER_WORDS or t.lower() == "and" for t in tokens):
        return None
    value = parse_words(tokens)
    if value is None:
        return None
    text = sentence[start : match.end()]
    end = start + _span_of_tokens(text, tokens)
    scaled = any(t.lower() in ("thousand", "million", "billion", "trillion") for t in tokens)
    return _Raw(start, end, value, "words", scaled)


_AND_SCALES = frozenset({"hundred", "thousand", "million", "billion", "trillion"})


def _span_of_tokens(text: str, tokens: list[str]) -> int:
    pos = 0
    for tok in tokens:
        pos = text.lower().index(tok.lower(), pos) + len(tok)
    return pos


def _not_a_quantity(sentence: str, raw: _Raw) -> bool:
    before = sentence[max(0, raw.start - 40) : raw.start]
    after = sentence[raw.end : raw.end + 30]
    if raw.kind == "vague":
        return False
    if raw.kind == "digits":
        left = sentence[raw.start - 1] if raw.start else " "
        if left.isalpha() and not CURRENCY_PREFIX.search(before):
            return True  # MH17, A320, G7
        if left in "-" and raw.start >= 2 and sentence[raw.start - 2].isalpha():
            return True  # Su-34, Covid-19, F-16
        if after[:1].isalpha() and _ORDINAL_AFTER.match(after):
            return True
        if re.match(r"^s\b", after) or (re.match(r"^'?s\b", after) and _looks_like_year(raw)):
            return True  # 1990s
        if _TIME_AFTER.match(after):
            return True
        if _is_year(sentence, raw, before, after):
            return True
    last = _last_word(before)
    if last in _MONTH_WORDS and _MONTH_BEFORE.search(before) and raw.value <= 31 and raw.value == int(raw.value):
        return True
    if _MONTH_AFTER.match(after) and raw.value <= 31:
        return True
    if _AGE_BEFORE.search(before) or _AGE_AFTER.match(after):
        return True
    if _is_age_apposition(before, after, raw):
        return True
    if last in _REFERENCE_WORDS and _REFERENCE_BEFORE.search(before) and not raw.scaled:
        return True
    if raw.kind == "words" and raw.value == 1 and _one_is_pronoun(sentence, raw, before, after):
        return True
    return _is_model_name(before, after, raw)


def _last_word(before: str) -> str:
    words = LOWER_WORD.findall(before[-20:].lower())
    if before.rstrip().endswith("#"):
        return "#"
    return words[-1] if words else ""


def _looks_like_year(raw: _Raw) -> bool:
    return raw.kind == "digits" and not raw.scaled and 1000 <= raw.value <= 2100


def _is_year(sentence: str, raw: _Raw, before: str, after: str) -> bool:
    text = sentence[raw.start : raw.end]
    if not re.fullmatch(r"\d{4}", text) or not 1600 <= raw.value <= 2100:
        return False
    if CURRENCY_PREFIX.search(before) or _PERCENT_AFTER.match(after):
        return False
    if _YEAR_CONTEXT.search(before):
        return True
    return not _plural_noun_follows(after)


_NOT_PLURAL = word_set(
    "was is has its this as us his yes plus thus always perhaps whereas less unless across "
    "towards afterwards besides does its"
)


def _plural_noun_follows(after: str) -> bool:
    word = re.match(r"^\s+(?:[a-z-]+\s+)?([a-z]+)", after)
    if not word:
        return False
    w = word.group(1)
    return (w.endswith("s") and len(w) > 3 and w not in _NOT_PLURAL) or w in MEASURE_UNITS


def _is_age_apposition(before: str, after: str, raw: _Raw) -> bool:
    """ "Maddon, 66, has ..." — a bare number between commas right after a name."""
    if raw.kind != "digits" or not 1 <= raw.value <= 120 or raw.value != int(raw.value):
        return False
    return bool(re.search(r"[A-Z][a-z]+,\s*$", before)) and after.startswith(",")


def _one_is_pronoun(sentence: str, raw: _Raw, before: str, after: str) -> bool:
    if _NOT_ONE_BEFORE.search(before) and not re.match(r"^\s+(?:of)\b", after):
        return True
    if re.match(r"^\s*(?:another|'s|’s)\b", after):
        return True
    # "BBC One", "Apple One": a name.
    return bool(re.search(r"[A-Z][A-Za-z]+\s+$", before)) and sentence[raw.start].isupper()


def _is_model_name(before: str, after: str, raw: _Raw) -> bool:
    """ "Boeing 737", "Section 427", "Model 3": a capitalised word glued to a bare number."""
    if raw.kind != "digits" or raw.scaled:
        return False
    match = _CAPITAL_WORD_BEFORE.search(before)
    return bool(match) and _name_like(match)


def _name_like(match: re.Match[str]) -> bool:
    word = match.group(1).rstrip(".,")
    if word in _FUNCTION_CAPITALS or word.endswith(("'s", "’s")):
        return False
    if re.fullmatch(rf"(?:{MONTHS})", word, re.IGNORECASE):
        return False
    return not CURRENCY_PREFIX.search(word + " ")


def _group_ranges(sentence: str, raws: list[_Raw]) -> list[list[_Raw]]:
    """Join "10,000-12,000", "between 10 and 12", "11 to 12 thousand" into one group."""
    groups: list[list[_Raw]] = []
    i = 0
    while i < len(raws):
        group = [raws[i]]
        if i + 1 < len(raws) and raws[i].kind != "vague" and raws[i + 1].kind != "vague":
            link = _RANGE_LINK.match(sentence[raws[i].end : raws[i + 1].start])
            if link and _range_ok(sentence, raws[i], raws[i + 1], link):
                group.append(raws[i + 1])
                i += 1
        groups.append(group)
        i += 1
    return groups


def _range_ok(sentence: str, a: _Raw, b: _Raw, link: re.Match[str]) -> bool:
    word = link.group("link").lower()
    unit = (link.group("unit") or "").strip().lower()
    before = sentence[max(0, a.start - 25) : a.start]
    if (
        unit
        and unit not in ("%", "percent", "per cent")
        and unit.split()[-1]
        not in (MEASURE_UNITS | set(CURRENCY_WORDS) | {"thousand", "million", "billion"})
    ):
        return False
    if unit and not _BETWEEN_BEFORE.search(before):
        return False  # "rose 19 cents to $58.24" is a change and a level, not a range
    if word == "and":
        return bool(re.search(r"\bbetween\s+[$€£¥]?\s*$", before, re.IGNORECASE))
    if word in ("-", "–", "—"):
        gap = sentence[a.end : b.start]
        # "2,000 - 2,500" and "2-0" are ranges; a hyphen in "Su-34" never got here.
        return "\n" not in gap
    return True


def _describe(sentence: str, group: list[_Raw]) -> Mention:
    first, last = group[0], group[-1]
    before = sentence[max(0, first.start - 40) : first.start]
    after = sentence[last.end : last.end + 40]
    mention = Mention(first.start, last.end, first.value)
    if len(group) == 2:
        low, high = first.value, last.value
        bare = parse_number(_bare(sentence, last)) or 0.0
        if last.scaled and not first.scaled and bare and low <= bare * 10:
            # "11 to 12 thousand", "$10 to $15 billion": the scale belongs to both.
            low *= last.value / bare
        mention.value, mention.low, mention.high = None, low, high
        mention.qualifier = "range"
    elif first.kind == "vague":
        assert first.vague is not None
        mention.vague = first.vague
        if first.vague[0] in (1e4, 1e5, 1e7, 1e8, 1e10, 1e11):  # tens/hundreds of thousands…
            mention.value, mention.low, mention.high = None, first.vague[0], first.vague[1]
            mention.qualifier = "range"
        else:
            mention.qualifier = "at_least"
    _qualify(mention, before, after)
    _set_unit(mention, sentence, before, after)
    _set_change(mention, before, after)
    mention.weak = first.kind == "words" and first.value == 1 and len(group) == 1
    return mention


def _bare(sentence: str, raw: _Raw) -> str:
    text = sentence[raw.start : raw.end]
    return re.split(r"\s*(?:thousand|million|billion|trillion)", text, flags=re.I)[0]


def _qualify(mention: Mention, before: str, after: str) -> None:
    if mention.qualifier != "exact":
        if mention.qualifier == "range" and mention.vague is None:
            for name, pattern in _QUAL_BEFORE:
                if name == "approx" and pattern.search(before):
                    mention.extras["approx_range"] = True
        return
    for name, pattern in _QUAL_BEFORE:
        if pattern.search(before):
            mention.qualifier = name
            return
    for name, pattern in _QUAL_AFTER:
        if pattern.search(after):
            mention.qualifier = name
            return


def _set_unit(mention: Mention, sentence: str, before: str, after: str) -> None:
    currency = CURRENCY_PREFIX.search(before)
    if currency:
        sym = currency.group("sym")
        code = currency.group("code") or ""
        if sym:
            mention.unit = DOLLAR_CODES.get(code, CURRENCY_SYMBOLS[sym])
        else:
            word = currency.group("word").rstrip(".").upper()
            mention.unit = {"RM": "MYR", "RS": "INR", "RMB": "CNY"}.get(word, word)
        return
    if _PERCENT_AFTER.match(after):
        mention.unit = "percent"
        return
    attached = _UNIT_ATTACHED.match(after)
    if attached and attached.group(1).lower() in MEASURE_UNITS | {"g", "w", "kw", "khz"}:
        mention.unit = attached.group(1).lower()
        return
    word = _WORD_AFTER.match(after)
    if word:
        w = word.group(1).lower().rstrip(".")
        two = " ".join(after.lower().split()[:2])
        if two in CURRENCY_WORDS:
            mention.unit = CURRENCY_WORDS[two]
        elif w in CURRENCY_WORDS:
            mention.unit = CURRENCY_WORDS[w]
        elif w in MEASURE_UNITS:
            mention.unit = w
            if w in DURATION_UNITS:
                mention.extras["duration"] = True


def _set_change(mention: Mention, before: str, after: str) -> None:
    recent = LOWER_WORD.findall(before[-45:].lower())[-6:]
    match = _CHANGE_BEFORE.search(before) if _CHANGE_WORDS.intersection(recent) else None
    if match:
        mention.is_change = True
        mention.direction = "up" if match.group("up") else "down"
        return
    if mention.unit == "percent" or mention.extras.get("duration"):
        return
    tail = _CHANGE_AFTER.match(after)
    if tail and re.match(r"^\s*(?:%|percent|per cent|percentage points?|points?)", after, re.I):
        mention.is_change = True
        mention.direction = "up" if tail.group("up") else "down"
