"""Finding the quantities in one sentence: value or range, qualifier, unit, change.

Everything is regular expressions and small word lists over the raw sentence, so that a
mention's offsets are exact and the scan is fast. The rules for what is *not* a quantity
(years, dates, times, ages, ordinals, page numbers, phone numbers, model names) live here
too, because they are decided by the same few characters around a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from corroborate.extract.context import place_names
from corroborate.extract.lexicon import entry, phrase_pattern
from corroborate.extract.numbers import (
    NUMBER_WORDS,
    SCALES,
    VAGUE,
    parse_number,
    parse_words,
    word_set,
)
from corroborate.records import Qualifier

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
# A number starts with a digit or a decimal point. The pattern opens with that character
# class (then checks which it was) so that the regex engine can skip straight to the next
# candidate; what may precede a number is checked in ``_read``.
_DIGITS = (
    r"[\d.](?:(?<=\d)(?:\d{0,2}(?:,\d{3})+(?![\d])|\d{0,2}(?:[ \u00a0\u202f\u2009]\d{3})+"
    r"(?![\d]|[,.]\d)|\d*)(?:\.\d+)?(?![\d])|(?<=\.)\d+)"
)
_VAGUE = (
    r"\b(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)|dozens|scores|hundreds|"
    r"thousands|millions|billions)\b(?=\s+(?:of\b|more\b|[a-z]))"
)
DIGITS_RE = re.compile(
    rf"(?P<digits>{_DIGITS})(?:(?P<scale>(?:\s*(?:hundred|{_SCALE_WORD})\b)+)|"
    r"(?P<short>bn|mn|mln|mil|m|k|b|tn|trn)\b)?",
    re.IGNORECASE,
)
# Fractions: "half of", "two-thirds of", "a quarter of", "1/16".
FRACTION_RE = re.compile(
    r"\b(?P<num>a|an|one|two|three|four)[\s-]+(?P<den>half|halves|thirds?|quarters?|fourths?|"
    r"fifths?|tenths?)\b(?=\s+of\b)|(?<!first )(?<!second )(?<!last )\b(?P<half>half)\b"
    r"(?=\s+(?:of|the|a|an|their|its|his|her)\b)"
    r"|(?<![\d/.,])(?P<dnum>\d{1,2})\s?[/⁄](?P<dden>2|3|4|5|6|8|10|12|16|32|64|100|128)(?![\d/])",
    re.IGNORECASE,
)
SCIENTIFIC_RE = re.compile(
    r"(?<![\d.])(?P<mantissa>\d+(?:\.\d+)?)\s?[×x]\s?10\s?(?:\^|\*\*)?\s?(?P<exp>[−–-]?\d{1,3})(?!\d)"
)
_SMALL = r"one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3}"
OUT_OF_RE = re.compile(
    rf"\b(?P<top>{_SMALL})\s+out\s+of\s+(?:every\s+)?(?P<bottom>{_SMALL}|hundred|"
    r"thousand)\b(?=\s+[a-z]*[A-Za-z])",
    re.IGNORECASE,
)
FOLD_RE = re.compile(
    r"\b(?P<factor>two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand|"
    r"\d+(?:\.\d+)?)-?fold\b",
    re.IGNORECASE,
)
_FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip
_LENGTH_CONTEXT = word_set(
    "tall high wide long deep away sprint race hurdles freestyle butterfly backstroke "
    "breaststroke relay medley above below from under radius length height depth diameter wave "
    "waves altitude dash run swim drop jump jumps walk"
)
# The look-ahead on first letters lets the regex engine skip most positions quickly.
WORDS_RE = re.compile(rf"(?=[abdefhmnostwz])(?P<words>{_WORDS})", re.IGNORECASE)
VAGUE_RE = re.compile(rf"(?P<vague>{_VAGUE})", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_NEGATIVE_BEFORE = re.compile(
    r"(?:(?<![\w\d.,)%-])(?P<sign>[-−])|(?P<minus>\bminus[\s-]))$", re.IGNORECASE
)
LOWER_WORD = re.compile(r"[a-z]+")
NUMBER_LEXICON = word_set(_NUMWORD.replace("|", " "))
VAGUE_LEXICON = word_set("dozens scores hundreds thousands millions billions")
FRACTION_LEXICON = word_set("half halves third thirds quarter quarters fourth fourths fifth "
                            "fifths tenth tenths")  # fmt: skip


def words_of(text: str) -> frozenset[str]:
    """The lower-case words of a text: word-list checks become set lookups (fast)."""
    lowered = text.lower()
    if lowered.isascii():  # every other character made a space: the same words, faster
        return frozenset(ascii_translate(lowered, _NOT_LOWER_TO_SPACE).split())
    return frozenset(LOWER_WORD.findall(lowered))


def ascii_table(keep: str) -> bytes:
    """A byte table for ``ascii_translate``: the characters of ``keep`` kept, every other
    character made a space."""
    return bytes(i if chr(i) in keep else 32 for i in range(256))


def ascii_translate(text: str, table: bytes) -> str:
    """``text.translate`` for an ASCII text, through bytes: several times faster than a
    translation dict, which is looked up character by character."""
    return text.encode("ascii").translate(table).decode("ascii")


_NOT_LOWER_TO_SPACE = ascii_table("abcdefghijklmnopqrstuvwxyz")  # a-z kept


def has_number(sentence: str, words: frozenset[str] | None = None) -> bool:
    """The prefilter: a digit or a number word."""
    if _DIGIT.search(sentence):
        return True
    words = words_of(sentence) if words is None else words
    return (
        not (
            words.isdisjoint(NUMBER_LEXICON)
            and words.isdisjoint(VAGUE_LEXICON)
            and words.isdisjoint(FRACTION_LEXICON)
        )
        or "fold" in sentence  # "tenfold"
    )


CURRENCY_PREFIX = re.compile(
    r"(?:(?P<code>US|USD|C|CA|A|AU|NZ|HK|S|R|EUR|GBP|CHF)\s?)?(?P<sym>[$€£¥₹₩₽])\s?"
    r"(?:US|A|AU|C|NZ|HK|S)?\s?-?$"
    r"|(?:\b(?P<word>RM|Rs\.?|PS|Y=|USD|EUR|GBP|CHF|INR|JPY|CNY|RMB|NZD|AUD|CAD)\s?-?)$"
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
    "point acres acre hectares hectare sq square bhp mah mg megawatt megawatts"
)
MEASURE_UNITS |= frozenset(entry("numbers", "units", "page"))  # "16 px": page furniture
MEASURE_UNITS |= frozenset(entry("numbers", "units", "scales"))  # "a 7.8-magnitude quake"
_ATTACHED_UNITS = MEASURE_UNITS | {"g", "w", "kw", "khz"}
# "55.5°F", "12 °C", "55.5 F": a temperature (capitals only: "5 c" is no unit).
_TEMPERATURES = sorted(entry("numbers", "units", "temperature"), key=len, reverse=True)
_TEMPERATURE_AFTER = re.compile(
    r"^\s?(?:" + "|".join(map(re.escape, _TEMPERATURES)) + r")(?![\w'’])"
)
# "won" is money only where the sentence speaks of money ("10,000 won't come close").
_AMBIGUOUS_CURRENCY = frozenset(entry("numbers", "currency", "ambiguous"))
_MONEY_CONTEXT = frozenset(entry("numbers", "currency", "context"))
_NOT_A_WORD_END = ("'", "’")
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
# "from 8 to 13 October", "8-13 Oct.": the first day of a range of dates.
_DAY_RANGE_AFTER = re.compile(
    rf"^(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+"
    rf"(?:of\s+)?(?:{MONTHS})\b",
    re.IGNORECASE,
)
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
_AGE_AFTER = re.compile(r"^[\s-]*(?:years?|yrs?)[\s-]*old\b", re.IGNORECASE)
# The characters each anchored pattern after a figure can start with (after at most one
# space): a figure followed by none of them skips the regex call (speed; same answer).
_TIME_FIRST = frozenset(":.aApPoOgGuUbBcCeEhH")
_PERCENT_FIRST = frozenset("%pP")
_MODEL_FIRST = frozenset("MPUSED")


def _time_after(after: str) -> bool:
    """``_TIME_AFTER.match(after)``: "5pm", "10:30", "9 GMT"."""
    if after[:1] not in _TIME_FIRST and after[1:2] not in _TIME_FIRST:
        return False
    return bool(_TIME_AFTER.match(after))


def _percent_after(after: str) -> bool:
    """``_PERCENT_AFTER.match(after)``: "5%", "5 percent", "3 pts"."""
    if after[:1] not in _PERCENT_FIRST and after[1:2] not in _PERCENT_FIRST:
        return False
    return bool(_PERCENT_AFTER.match(after))


def _age_after(after: str) -> bool:
    """``_AGE_AFTER.match(after)``: every reading holds a "y" ("years old", "yrs old")."""
    return ("y" in after or "Y" in after) and bool(_AGE_AFTER.match(after))


def _unit_attached(after: str) -> re.Match[str] | None:
    """``_UNIT_ATTACHED.match(after)``: a unit glued to the figure starts with a letter."""
    return _UNIT_ATTACHED.match(after) if after[:1].isalpha() else None


_MONTH_WORDS = word_set(MONTHS.replace("|", " ") + " the")
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.IGNORECASE)
_REFERENCE_BEFORE = re.compile(
    r"\b(?:page|pages|p|pp|section|sections|sec|row|article|chapter|paragraph|para|clause|"
    r"seat|room|flight|route|highway|interstate|platform|gate|channel|episode|season|game|"
    r"level|grade|round|number|no|nos|item|rule|resolution|amendment|unit|district|ward|"
    r"precinct|terminal|building|floor|apartment|suite|tier|category|class|type|model|version|"
    r"vol|volume|issue|figure|fig|table|exhibit|appendix|step|phase|stage|act|bill|part|"
    r"title|lot|box|box office|code|zone|sector|block|hole|week|day|top|bottom|no\.|#)\.?\s*$",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?!\d)|\(?\d{3}\)?[\s.-]\d{3}[.-]\d{4}(?!\d)"
)
_NUMERIC_DATE = re.compile(r"\d\d{0,3}[/.-]\d{1,2}[/.-]\d{1,4}(?!\d)")  # \d first: fast skip

_REFERENCE_WORDS = word_set(
    "page pages p pp section sections sec row article chapter paragraph para clause seat room "
    "flight route highway interstate platform gate channel episode season game level grade round "
    "number no nos item rule resolution amendment unit district ward precinct terminal building "
    "floor apartment suite tier category class type model version vol volume issue figure fig "
    "table exhibit appendix step phase stage act bill part title lot box office code zone sector "
    "block hole week day bottom #"
)
QUALIFIER_BEFORE: list[tuple[Qualifier, str]] = [
    ("up_to", r"as many as|up to|as much as|as high as|as large as|as long as"),
    (
        "at_least",
        r"more than|over than|over|at least|upwards of|in excess of|no fewer than|"
        r"no less than|not less than|above|exceeding|exceeded|greater than|north of|"
        r"a minimum of|beyond|higher than|passed|has passed|have passed|surpassed|topped|"
        r"passes|tops|surpasses|exceeds|crossed|crosses|passing|topping|surpassing",
    ),
    (
        "at_most",
        r"fewer than|less than|under|below|at most|at the most|no more than|not more than|"
        r"a maximum of|shy of|short of|a little under|just under|just below|up to a maximum of|"
        r"lower than",
    ),
    (
        "approx",
        r"about|around|some|roughly|nearly|almost|approximately|approx\.?|circa|ca\.|"
        r"an estimated|estimated|close to|just about|more or less|somewhere around|"
        r"somewhere between|in the region of|or so|~|an approximate|approximate|near|nigh on|"
        r"the best part of|upward of",
    ),
]
# The same phrases as a table: the last words before a figure are looked up (fast).
QUALIFIER_PHRASES: dict[str, Qualifier] = {
    variant: name
    for name, pattern in QUALIFIER_BEFORE
    for phrase in pattern.split("|")
    for variant in (phrase.replace("\\.?", "").replace("\\.", "."), phrase.replace("\\.?", "."))
    if variant and variant != "~"
}
_QUAL_MAX_WORDS = max(len(p.split()) for p in QUALIFIER_PHRASES)
_QUAL_LAST_WORDS = frozenset(p.split()[-1] for p in QUALIFIER_PHRASES)


def qualifier_before(before: str) -> Qualifier | None:
    """The qualifier whose words end right before a figure: "more than", "as many as"."""
    tail = before[-34:].lower().rstrip()
    if tail.endswith("~"):
        return "approx"
    if not tail[-1:].isalpha() and not tail.endswith("."):
        return None
    if tail.rsplit(None, 1)[-1].lstrip("([\"“'") not in _QUAL_LAST_WORDS:
        return None  # the common case: decided by the last word alone (speed)
    words = tail.split()
    for size in range(min(_QUAL_MAX_WORDS, len(words)), 0, -1):
        phrase = " ".join(words[-size:]).lstrip("([\"“'")
        if phrase in QUALIFIER_PHRASES:
            if phrase == "up to" and len(words) > 2 and words[-3].rstrip("-") in _UP_TO_VERBS:
                return None  # "the lead up to 3G", "adds up to 40": no bound
            return QUALIFIER_PHRASES[phrase]
    return None


# "up to" after these words is a phrasal verb or noun, not a bound.
_UP_TO_VERBS = word_set(
    "lead leading led run running build building add adds added adding live lives lived "
    "living sum sums summed measure measured measuring face faced lined gear geared"
)
_MINUS_END = re.compile(r"(?:\bminus|\bnegative)[\s-]*$", re.IGNORECASE)


_QUAL_AFTER: list[tuple[Qualifier, re.Pattern[str]]] = [
    ("at_least", re.compile(r"^\+|^\s+or\s+(?:more|higher|above|greater)\b", re.IGNORECASE)),
    ("at_most", re.compile(r"^\s+or\s+(?:fewer|less|lower|below)\b", re.IGNORECASE)),
    ("approx", re.compile(r"^\s+or\s+so\b|^\s*-?odd\b", re.IGNORECASE)),
]
_CHANGE_BEFORE = re.compile(
    r"\b(?:(?P<up>rose|rise|rises|risen|rising|increased|increases|increase|increasing|grew|"
    r"grow|grows|growing|grown|gained|gain|gains|climbed|climbs|jumped|jumps|surged|surges|"
    r"soared|soars|(?<!gave )(?<!give )(?<!gives )(?<!giving )(?<!set )(?<!made )(?<!make )"
    r"(?<!put )(?<!took )(?<!held )(?<!picked )(?<!opened )up|boosted|raised|raise|raises|"
    r"higher|added|adds|advanced|advancing|spiked|rallied|soaring|surging|jumping|climbing|"
    r"edged up|upward|upwards|an increase of|a rise of|a jump of|a gain of)|"
    r"(?P<down>fell|fall|falls|fallen|falling|dropped|drop|drops|declined|declines|decline|"
    r"decreased|decreases|decrease|slipped|slips|slid|slides|plunged|plunges|plummeted|tumbled|"
    r"sank|sinks|(?<!shot )(?<!shoot )(?<!shoots )(?<!brought )(?<!bring )(?<!brings )(?<!took )"
    r"(?<!gunned )(?<!struck )(?<!cut )(?<!broken )(?<!broke )down|"  # "shot down 34 drones"
    r"cut|cuts|reduced|lower|dipped|dips|eased|plummeting|plunging|tumbling|"
    r"sinking|dropping|downward|downwards|a drop of|a fall of|"
    r"a decline of|a decrease of|a cut of|(?P<loss>lost|loses|losing|shed|sheds)))"
    r"(?:\s+(?:[a-z]+\s+){0,2}?by|\s+from)?\s+(?:(?:about|around|some|roughly|nearly|almost|"
    r"more than|over|at least|less than|just|another|a further|an additional)\s+)?"
    r"(?:[$€£¥]|Y=|RM|PS|US\s?\$|\$\s?US)?\s*$",
    re.IGNORECASE,
)
_CHANGE_NOUNS = word_set(
    "increase rise gain jump higher more growth up decrease decline drop fall cut lower less "
    "reduction down minus"
)
_LEVEL_BEFORE = re.compile(
    r"\b(?:(?P<up>rose|risen|increased|grew|gained|climbed|jumped|surged|soared|advanced|"
    r"rallied|added)|(?P<down>fell|fallen|dropped|declined|decreased|decrease|slipped|slid|"
    r"plunged|plummeted|tumbled|sank|lost|dipped|eased))\s+(?:[^\s]+\s+){0,4}?to\s+"
    r"(?:[$€£¥]|Y=|RM|PS|US\s?\$|\$\s?US)?\s*$",
    re.IGNORECASE,
)
_CHANGE_WORDS = word_set(
    "rose rise rises risen rising increased increases increase increasing grew grow grows growing "
    "grown gained gain gains climbed climbs jumped jumps surged surges soared soars up boosted "
    "raised raise raises higher added adds advanced spiked rallied jump fell fall falls fallen "
    "falling dropped drop drops declined declines decline decreased decreases decrease slipped "
    "slips slid slides plunged plunges plummeted tumbled sank sinks down cut cuts reduced lower "
    "shed sheds lost loses losing dipped dips eased advancing soaring surging jumping climbing "
    "edged upward upwards plummeting plunging tumbling sinking dropping downward downwards"
)
_CHANGE_LEXICON = _CHANGE_WORDS | _CHANGE_NOUNS
_CHANGE_STARTS = _CHANGE_WORDS | {"a", "an"}
_SIGNED = re.compile(r"[+−-](?=\d)")


def _signed(sentence: str) -> bool:
    """``_SIGNED.search(sentence)``: a sign right before a digit ("+5", "−3"). Most
    sentences hold no sign before a digit; finding the signs is faster than the regex's
    walk over every position (speed)."""
    for sign in "+−-":
        at = sentence.find(sign)
        while at != -1:
            if sentence[at + 1 : at + 2].isdigit():
                return bool(_SIGNED.search(sentence))
            at = sentence.find(sign, at + 1)
    return False


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
    r"^\s*(?:(?P<unit>%|[a-z][a-z ]{0,14}?)\s*)?(?P<link>-|–|—|to|and|through|from|or)\s*"
    r"(?:[$€£¥](?:\s?US|A)?|US\s?\$|RM|Rs\.?|PS)?\s*$",
    re.IGNORECASE,
)
_BETWEEN_BEFORE = re.compile(r"\b(?:between|from|range\s+of|ranging\s+from)\s+[$€£¥]?\s*$", re.I)
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
_NOT_ONE_BEFORE = re.compile(
    r"\b(?:no|any|every|some|the|this|that|which|each|same)\s*$", re.IGNORECASE
)


@dataclass(slots=True)
class Mention:
    """A quantity inside one sentence; offsets are relative to the sentence."""

    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = "exact"
    unit: str | None = None
    is_change: bool = False
    direction: str | None = None  # "up" or "down" for changes
    vague: tuple[float, float] | None = None  # order-of-magnitude range of a vague amount
    weak: bool = False  # "one of the ...": a quantity, but hardly a claim
    extras: dict[str, object] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)  # the named rules that shaped the reading


@dataclass(slots=True)
class _Raw:
    start: int
    end: int
    value: float
    kind: str  # digits, words, vague
    scaled: bool
    vague: tuple[float, float] | None = None
    rules: tuple[str, ...] = ()  # the named rules that shaped the reading


def find_quantities(sentence: str, words: frozenset[str] | None = None) -> list[Mention]:
    """All quantities in ``sentence``, minus years, dates, times, ages and the like."""
    words = words_of(sentence) if words is None else words
    first_digit = _DIGIT.search(sentence)
    if first_digit is None and not has_number(sentence, words):
        return []
    blocked = _blocked_spans(sentence) if first_digit else []
    raws = _scan(sentence, words, first_digit)
    if blocked:
        raws = [raw for raw in raws if not _inside(raw, blocked)]
    raws = _filter(sentence, raws)
    changes = not words.isdisjoint(_CHANGE_LEXICON) or _signed(sentence)
    groups = _group_ranges(sentence, raws)
    mentions = [_describe(sentence, group, changes) for group in groups]
    _inherit_conversions(sentence, mentions)
    return mentions


_ELIDED_BY = re.compile(r",\s+(?:and\s+)?[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*){0,3}\s+by\s+$")
_CONVERSION_GAP = re.compile(
    r"^\s*[A-Za-z%.$€£ -]{0,25}?(?:\(\s*|\s/\s*|,?\s*\bor\s+(?:about\s+)?)"
    r"(?:[A-Z]{1,3}\s?)?[$€£¥]?\s*[A-Z]{0,2}\s*$"
)


def _inherit_conversions(sentence: str, mentions: list[Mention]) -> None:
    """ "more than 100 kilometers (60 miles)": the conversion shares the qualifier and change;
    "A was down 2.3%, B by 2.6%": an elided verb's change carries to the next figure."""
    for first, second in pairwise(mentions):
        if (
            first.is_change and not second.is_change and second.unit == first.unit
            and sentence.endswith("by ", 0, second.start)
            and _ELIDED_BY.search(sentence, max(0, second.start - 40), second.start)
        ):  # fmt: skip
            second.is_change, second.direction = True, first.direction
            continue
        gap = sentence[first.end : second.start]
        linked = "(" in gap or "/" in gap or "or" in gap  # the pattern needs one of them
        if not linked or not _CONVERSION_GAP.match(gap):
            continue
        if "," not in gap and "(" not in gap and "/" not in gap and second.unit != "percent":
            continue  # "25k or 40k" are two figures; "125,600 jobs or 2.2 per cent" is one
        if second.qualifier == "exact" and first.qualifier not in ("exact", "range"):
            second.qualifier = first.qualifier
            second.extras["qualifier_from"] = "conversion"
        if first.is_change and not second.is_change:
            second.is_change, second.direction = True, first.direction


def _blocked_spans(sentence: str) -> list[tuple[int, int]]:
    """Phone numbers and numeric dates; checked only when the sentence could hold one."""
    spans: list[tuple[int, int]] = []
    between = _digit_between_digits(sentence)
    if not between and "+" not in sentence:
        return spans  # a phone number has a "+" or a "-" or "." between digits, as dates do
    digits = sum(map(sentence.count, "0123456789"))
    if digits >= 10 and ("+" in sentence or "(" in sentence or "-" in sentence):
        spans += [m.span() for m in _PHONE.finditer(sentence) if _starts_clean(sentence, m)]
    if digits >= 3 and between:
        found = _NUMERIC_DATE.finditer(sentence)
        spans += [m.span() for m in found if _starts_clean(sentence, m)]
    return spans


def _digit_between_digits(sentence: str) -> bool:
    """Whether a "/", "." or "-" stands between two digits, as in every numeric date: most
    sentences end in a full stop but hold no date, and skip the search (speed)."""
    for mark in "/.-":
        at = sentence.find(mark, 1)
        while at != -1:
            if sentence[at - 1].isdigit() and sentence[at + 1 : at + 2].isdigit():
                return True
            at = sentence.find(mark, at + 1)
    return False


def _starts_clean(sentence: str, match: re.Match[str]) -> bool:
    return match.start() == 0 or not sentence[match.start() - 1].isalnum()


def _inside(raw: _Raw, spans: list[tuple[int, int]]) -> bool:
    return any(s <= raw.start and raw.end <= e for s, e in spans)


def _scan(sentence: str, words: frozenset[str], first: re.Match[str] | None) -> list[_Raw]:
    """Every reading of a number in ``sentence``; ``first`` is its first digit, if any."""
    matches = list(DIGITS_RE.finditer(sentence, max(0, first.start() - 1))) if first else []
    extra = len(matches)
    if not words.isdisjoint(NUMBER_LEXICON):
        matches += _word_numbers(sentence, words)
    if not words.isdisjoint(VAGUE_LEXICON):
        matches += VAGUE_RE.finditer(sentence)
    if not words.isdisjoint(FRACTION_LEXICON) or "/" in sentence or "⁄" in sentence:
        matches += FRACTION_RE.finditer(sentence)
    if "fold" in sentence:
        matches += FOLD_RE.finditer(sentence)
    if " out of " in sentence:
        matches += OUT_OF_RE.finditer(sentence)
    if "×" in sentence or "x10" in sentence or "x 10" in sentence:
        matches += SCIENTIFIC_RE.finditer(sentence)
    if len(matches) > extra:  # several kinds of reading: order them, longest first
        matches.sort(key=lambda m: (m.start(), -m.end()))
    out: list[_Raw] = []
    last_end = -1
    for match in matches:
        if match.start() < last_end:
            continue  # overlaps an earlier, longer reading
        raw = _read(sentence, match)
        if raw is not None:
            out.append(raw)
            last_end = match.end()
    return out


_WORD_AT = re.compile(r"[a-z]+")
_ARTICLE_SCALES = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})


def _word_numbers(sentence: str, words: frozenset[str]) -> list[re.Match[str]]:
    """``WORDS_RE.finditer(sentence)``, tried only where a number word starts (and at the
    "a"/"an" before a scale word): the same matches without scanning every position."""
    present = words & NUMBER_LEXICON
    lowered = sentence.lower()
    starts: set[int] = set()
    for word in present:
        at = lowered.find(word)
        while at >= 0:
            if (at == 0 or not lowered[at - 1].isalpha()) and not lowered[
                at + len(word) : at + len(word) + 1
            ].isalpha():
                starts.add(at)
                if word in _ARTICLE_SCALES:
                    for back in (2, 3):
                        if at >= back and lowered[at - back : at] in ("a ", "an "):
                            starts.add(at - back)
            at = lowered.find(word, at + 1)
    out: list[re.Match[str]] = []
    last_end = -1
    for at in sorted(starts):
        if at < last_end:
            continue
        found = WORDS_RE.match(sentence, at)
        if found:
            out.append(found)
            last_end = found.end()
    return out


def _read(sentence: str, match: re.Match[str]) -> _Raw | None:
    if match.re is DIGITS_RE:
        return _read_digits(sentence, match)
    if match.re is WORDS_RE:
        return _read_words(sentence, match)
    if match.re is FRACTION_RE:
        return _read_fraction(match)
    if match.re is SCIENTIFIC_RE:  # "2.998×10−8": the superscript minus lost in transit
        exponent = int(match.group("exp").replace("−", "-").replace("–", "-"))
        value = float(match.group("mantissa")) * 10.0**exponent
        return _Raw(match.start(), match.end(), value, "sci", True)
    if match.re is OUT_OF_RE:  # "one out of three Germans": a proportion
        top, bottom = (parse_number(match.group(g)) for g in ("top", "bottom"))
        if not top or not bottom or top >= bottom:
            return None
        return _Raw(match.start(), match.end(), top / bottom, "fraction", False)
    if match.re is FOLD_RE:  # "sixfold", "a 10-fold rise": a multiple
        factor = match.group("factor")
        times = parse_number(factor) if factor[0].isdigit() else parse_words([factor])
        return _Raw(match.start(), match.end(), times, "fold", False) if times else None
    start, end = match.span()
    phrase = " ".join(match.group("vague").lower().split())
    if phrase.startswith(("tens of", "hundreds of")):
        base = 10.0 if phrase.startswith("tens") else 100.0
        unit = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}[phrase.split()[-1]]
        low = base * unit
        return _Raw(start, end, low, "vague", True, (low, low * 10 - 1))
    low, high = VAGUE[phrase]
    return _Raw(start, end, low, "vague", True, (low, high))


_SEPARATORS = str.maketrans("", "", ",\u00a0\u202f\u2009 ")


def digit_value(digits: str) -> float:
    """The value of a digit string with its group separators: "1,500.5", "11 000"."""
    plain = digits.replace(",", "")  # no other separator in an ASCII figure without spaces
    return float(plain if plain.isascii() and " " not in plain else digits.translate(_SEPARATORS))


def _read_digits(sentence: str, match: re.Match[str]) -> _Raw | None:
    start, end = match.span()
    left = sentence[start - 1] if start else " "
    digits = match.group("digits")
    if left.isdigit() or left in ".,:/" or (digits[0] == "." and left.isalnum()):
        return None  # the tail of "10:30", "1.2.3" or "3/4"
    if left == "-" and _SCALE_BEFORE_DIGITS.search(sentence, max(0, start - 9), start):
        return None  # the "100" of "four-thousand-100", read with its words
    value = digit_value(digits)
    bare = not (match.group("scale") or match.group("short"))
    if sentence[max(0, start - 2) : start] == "PS" and bare and len(digits) < 3:
        return None  # "PS5" is a console; "PS6m" is a sum in pounds (a "£" lost in transit)
    window = sentence[max(0, start - 8) : start]
    if "-" in window or "−" in window or "minus" in window.lower():
        sign = _NEGATIVE_BEFORE.search(window)
        if sign:
            value = -value
            start = start - len(window) + sign.start("sign") if sign.group("sign") else start
    scale_word = match.group("scale") or match.group("short")
    rules: tuple[str, ...] = ()
    if scale_word:
        short = match.group("short")
        if short and not _money_short_scale(sentence, match.start(), short):
            end = match.start("short")
            scale_word = None
        else:
            for word in scale_word.lower().split():
                value *= SCALES[word]
    elif sentence.startswith("-", end):
        hyphenated = _HYPHEN_SCALE.match(sentence, end)
        if hyphenated:  # "15-hundred": 1,500
            value *= SCALES[hyphenated.group(1).lower()]
            end, scale_word, rules = hyphenated.end(), hyphenated.group(1), ("number.hyphen_scale",)
    return _Raw(start, end, value, "digits", bool(scale_word), rules=rules)


_HYPHEN_SCALE = re.compile(
    rf"-({'|'.join(entry('numbers', 'scales', 'hyphenated'))})\b", re.IGNORECASE
)


_CURRENCY_HINTS = frozenset("$€£¥₹₩₽RSPUYECGJINA")


def currency_before(before: str) -> re.Match[str] | None:
    """A currency sign or code right before a figure (only the last characters can match)."""
    tail = before[-12:]
    if _CURRENCY_HINTS.isdisjoint(tail):
        return None
    return CURRENCY_PREFIX.search(tail)


def _money_short_scale(sentence: str, start: int, short: str) -> bool:
    """ "$3m", "35m devices" and "25k" are amounts; "100m sprint" and "5m tall" are lengths."""
    if short.lower() != "m":
        return True
    if CURRENCY_PREFIX.search(sentence[max(0, start - 6) : start]):
        return True
    end = sentence.find(short, start) + len(short)
    following = _FIRST_WORD.match(sentence[end : end + 20])
    if sentence[end : end + 1] in ("-", "/", "²", "2", "³"):
        return False
    return following is not None and following.group(1).lower() not in _LENGTH_CONTEXT


def _read_fraction(match: re.Match[str]) -> _Raw | None:
    if _SCALE_AFTER_FRACTION.match(match.string, match.end()):
        return None  # "half a million": the fraction is read with its scale
    if match.group("half"):
        value = 0.5
    elif match.group("den"):
        numerator = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}
        value = numerator[match.group("num").lower()] / _FRACTION_WORDS[match.group("den").lower()]
    else:
        top, bottom = int(match.group("dnum")), int(match.group("dden"))
        if top >= bottom:
            return None
        value = top / bottom
    return _Raw(match.start(), match.end(), value, "fraction", False)


_SCALE_AFTER_FRACTION = re.compile(r"\s+(?:of\s+)?an?\s+(?:thousand|million|billion)\b", re.I)
# "half a million", "a quarter of a million", "three-quarters of a billion".
_FRACTION_BEFORE_SCALE = re.compile(
    r"\b(?:(?P<num>a|one|two|three)[\s-]+)?(?P<den>half|quarters?|thirds?)\s+(?:of\s+)?$",
    re.IGNORECASE,
)
# "four-thousand-100": digits closing a number written in words.
_DIGITS_AFTER_SCALE = re.compile(r"-(\d{1,3})\b(?![.,]\d)")
_SCALE_BEFORE_DIGITS = re.compile(r"(?:hundred|thousand|million)-$", re.IGNORECASE)


def _scaled_fraction(sentence: str, start: int, end: int, value: float) -> _Raw | None:
    """ "half a million" -> 500,000; "a quarter of a million" -> 250,000."""
    before = _FRACTION_BEFORE_SCALE.search(sentence, max(0, start - 24), start)
    if before is None:
        return None
    den = _FRACTION_WORDS[before.group("den").lower()]
    num = {"a": 1, "one": 1, "two": 2, "three": 3}[(before.group("num") or "a").lower()]
    if num >= den:
        return None
    return _Raw(before.start(), end, value * num / den, "words", True,
                rules=("number.fraction_of_scale",))  # fmt: skip


def _read_words(sentence: str, match: re.Match[str]) -> _Raw | None:
    start = match.start()
    if sentence[max(0, start - 5) : start].lower().rstrip().endswith("per"):
        return None  # "parts per million" is a unit
    tokens = _LETTERS.findall(match.group("words"))
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
    if scaled and tokens[0].lower() in ("a", "an") and start:
        fraction = _scaled_fraction(sentence, start, end, value)
        if fraction:
            return fraction
    closing = (
        _DIGITS_AFTER_SCALE.match(sentence, end) if tokens[-1].lower() in _AND_SCALES else None
    )
    if closing:  # "four-thousand-100"
        value, end = value + int(closing.group(1)), closing.end()
    if tokens[0].lower() in _MULTIPLIED_SCALES and start:
        multiplied = _multiplied(sentence, start, end, value, scaled)
        if multiplied:
            return multiplied
    return _Raw(start, end, value, "words", scaled)


_MULTIPLIED_SCALES = frozenset({"hundred", "thousand", "million", "billion", "dozen"})
_APPROX_MULTIPLIER = re.compile(
    phrase_pattern(entry("numbers", "multipliers", "approx")) + r"\s+$", re.IGNORECASE
)
_VAGUE_MULTIPLIER = re.compile(
    phrase_pattern(entry("numbers", "multipliers", "vague")) + r"\s+$", re.IGNORECASE
)


def _multiplied(sentence: str, start: int, end: int, value: float, scaled: bool) -> _Raw | None:
    """ "a couple thousand" (about 2,000); "a few thousand", "several hundred" (vague, like
    "thousands": the scale as lower bound, ten times it above)."""
    window = max(0, start - 16)
    couple = _APPROX_MULTIPLIER.search(sentence, window, start)
    if couple:
        times = float(entry("numbers", "multipliers", "approx_value"))
        raw = _Raw(couple.start(), end, value * times, "words", scaled, rules=("number.couple",))
        return raw
    few = _VAGUE_MULTIPLIER.search(sentence, window, start)
    if few:
        return _Raw(few.start(), end, value, "vague", True, (value, value * 10),
                    rules=("number.vague_scale",))  # fmt: skip
    return None


_AND_SCALES = frozenset({"hundred", "thousand", "million", "billion", "trillion"})


def _span_of_tokens(text: str, tokens: list[str]) -> int:
    pos = 0
    for tok in tokens:
        pos = text.lower().index(tok.lower(), pos) + len(tok)
    return pos


def _filter(sentence: str, raws: list[_Raw]) -> list[_Raw]:
    """Drop what is not a quantity; a number linked to a dropped one goes too ("1600 and 1900",
    "Sept. 20-24", "aged 18 to 34")."""
    kept: list[_Raw] = []
    previous: _Raw | None = None
    previous_dropped = False
    for raw in raws:
        linked = previous is not None and _chain_link(sentence[previous.end : raw.start])
        chained = (
            linked and previous_dropped and raw.kind == "digits" and not raw.scaled
            and raw.value.is_integer()
        )  # fmt: skip
        dropped = bool(chained) or _not_a_quantity(sentence, raw)
        if not dropped:
            kept.append(raw)
        previous, previous_dropped = raw, dropped
    return kept


_CHAIN_LINK = re.compile(r"^\s*(?:-|–|—|to|and|or|through)\s*$", re.IGNORECASE)
_CHAIN_WORDS = frozenset({"-", "–", "—", "to", "and", "or", "through"})
_CHAIN_LONGEST = max(map(len, _CHAIN_WORDS))


def _chain_link(gap: str) -> bool:
    """``_CHAIN_LINK.match(gap)``, as a set lookup: the gap, stripped of white space, is
    one of the links (no letter of them has a case-blind match outside ASCII). A longer gap
    is none of them (lower case never shortens a text): it is not lower-cased (speed)."""
    link = gap.strip()
    return len(link) <= _CHAIN_LONGEST and link.lower() in _CHAIN_WORDS


def _not_a_quantity(sentence: str, raw: _Raw) -> bool:
    before = sentence[max(0, raw.start - 40) : raw.start]
    after = sentence[raw.end : raw.end + 30]
    if raw.kind in ("vague", "fraction", "fold", "sci"):
        return False
    if raw.kind == "digits" and _bad_digits(sentence, raw, before, after):
        return True
    last = _last_word(before)
    if (
        last in _MONTH_WORDS
        and _MONTH_BEFORE.search(before)
        and raw.value <= 31
        and raw.value == int(raw.value)
    ):
        return True
    small = raw.value <= 31
    if small and after[:1].isspace() | after[:1].isalpha() and _MONTH_AFTER.match(after):
        return True
    if small and raw.value == int(raw.value) and _DAY_RANGE_AFTER.match(after):
        return True
    if 0 < raw.value < 130 and (last in ("aged", "age", "ages") or _age_after(after)):
        return True  # a person's age; "a 2,900-year-old site" stays a quantity
    if _is_age_apposition(before, after, raw):
        return True
    if last in _REFERENCE_WORDS and _REFERENCE_BEFORE.search(before) and not raw.scaled:
        return not _unit_follows(after)  # "Section 427", but "the sector 0.68 percent lower"
    if raw.kind == "words" and raw.value == 1 and _one_is_pronoun(sentence, raw, before, after):
        return True
    if raw.kind == "words" and sentence[raw.start].isupper() and _IN_A_NAME.search(before):
        return _last_capital(before) not in _FUNCTION_CAPITALS  # "the Kick Six", "Big Ten"
    if raw.kind == "digits" and after[:1] == ")" and _NAME_PAREN.search(before):
        return raw.value < 100  # "Dak Prescott (4)": a shirt or footnote number
    if raw.kind == "words" and (_COMPOUND_AFTER.match(after) or before.endswith("-")):
        return True  # "a five-year plan", "a four-door car": a modifier, not a quantity
    return _is_model_name(before, after, raw, sentence)


def _bad_digits(sentence: str, raw: _Raw, before: str, after: str) -> bool:
    """Digit strings that are names, ordinals, decades, times or years."""
    left = sentence[raw.start - 1] if raw.start else " "
    if left.isalpha() and not currency_before(before):
        return True  # MH17, A320, G7
    if left == "-" and raw.start >= 2 and sentence[raw.start - 2].isalpha():
        return not _SUB_BEFORE.search(before)  # Su-34, Covid-19, F-16; but "sub-300", "minus-5"
    if after[:1].isalpha() and _ORDINAL_AFTER.match(after):
        return True
    if (
        after[:1] in _DECADE_FIRST
        and _DECADE_AFTER.match(after)
        and (after[0] == "s" or _looks_like_year(raw))
    ):
        return True  # 1990s
    if _time_after(after):
        return True
    if after[1:2].isupper() and (after[1:4] == "ZIP" or _ADDRESS_AFTER.match(after)):
        return True
    return _is_year(sentence, raw, before, after)


_ADDRESS_AFTER = re.compile(
    r"^\s+(?:[NSEW]\.?\s+)?(?:[A-Z0-9][\w.]*\s+){1,3}(?:St|Street|Road|Rd|Ave|Avenue|Way|Blvd|"
    r"Boulevard|Lane|Ln|Drive|Dr|Place|Pl|Court|Ct|Square|Sq)\b\.?"
)
_LETTERS = re.compile(r"[A-Za-z]+")
_COMPOUND_AFTER = re.compile(r"^-[A-Za-z]")
_FIRST_WORD = re.compile(r"^\s*([A-Za-z]+)")
_DECADE_AFTER = re.compile(r"^'?s\b")
_DECADE_FIRST = frozenset("'s")
_YEAR_SPAN_AFTER = re.compile(r"^[-–]\d\d\b")
_ERA_BEFORE = re.compile(r"\b(?:A\.?D|B\.?C)\.?\s*$")
_NAME_COMMA_BEFORE = re.compile(r"[A-Z][a-z]+,\s*$")
_PERCENT_OR_POINTS = re.compile(r"^\s*(?:%|percent|per cent|percentage points?|points?)", re.I)
_SCALE_SPLIT = re.compile(r"\s*(?:hundred|thousand|million|billion|trillion)", re.IGNORECASE)
_SUB_BEFORE = re.compile(r"\b(?:sub|minus)-$", re.IGNORECASE)


_IN_A_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][A-Za-z]+\s+$")
_NAME_PAREN = re.compile(r"[A-Z][a-z]+\s*\($")


def _last_capital(before: str) -> str:
    words = before.split()
    return words[-1] if words else ""


def _last_words(before: str, size: int = 24) -> str:
    """The end of ``before`` from a word start on, for the patterns anchored at its end:
    they then try a few positions, not every one (speed)."""
    tail = before.rstrip()
    if len(tail) <= size:
        return tail
    window = tail[-size:]
    return window[window.find(" ") + 1 :]


def _last_word(before: str) -> str:
    words = before[-20:].lower().rsplit(None, 1)  # only the last word is wanted (speed)
    return words[-1].strip(".,:;()'\"") or words[-1] if words else ""


def _looks_like_year(raw: _Raw) -> bool:
    return raw.kind == "digits" and not raw.scaled and 1000 <= raw.value <= 2100


def _is_year(sentence: str, raw: _Raw, before: str, after: str) -> bool:
    text = sentence[raw.start : raw.end]
    if len(text) != 4 or not text.isdigit() or not 1000 <= raw.value <= 2200:
        return False
    if currency_before(before) or _percent_after(after):
        return False
    if _YEAR_SPAN_AFTER.match(after) or _ERA_BEFORE.search(before[-8:]):
        return True  # "2014-15", "A.D. 1000"
    if raw.value < 1600 or qualifier_before(before):
        return False  # "about 2000 calories"; "1000" alone is rarely a year in the news
    if _YEAR_CONTEXT.search(_last_words(before)):
        return True
    following = [w.lower().strip(".,;:") for w in after.split(None, 1)[:1]]
    if before.lower().split()[-1:] == ["the"] and following and following[0] in _YEAR_EVENTS:
        return True  # "the 2000 protests that toppled Milosevic"
    return raw.value >= 1600 and not _plural_noun_follows(after)


_YEAR_EVENTS = frozenset(entry("numbers", "years", "events"))
_NOT_PLURAL = word_set(
    "was is has its this as us his yes plus thus always perhaps whereas less unless across "
    "towards afterwards besides does its"
)


def _plural_noun_follows(after: str) -> bool:
    word = _FIRST_WORD.match(after)
    if not word:
        return False
    w = word.group(1)
    return (w.endswith("s") and len(w) > 3 and w not in _NOT_PLURAL) or w in MEASURE_UNITS


def _is_age_apposition(before: str, after: str, raw: _Raw) -> bool:
    """ "Maddon, 66, has ..." — a bare number between commas right after a name."""
    if raw.kind != "digits" or not 1 <= raw.value <= 120 or raw.value != int(raw.value):
        return False
    return after.startswith(",") and bool(_NAME_COMMA_BEFORE.search(before[-30:]))


def _one_is_pronoun(sentence: str, raw: _Raw, before: str, after: str) -> bool:
    if _NOT_ONE_BEFORE.search(before) and not re.match(r"^\s+(?:of)\b", after):
        return True
    if after[:1] == " " and after[1:2].isdigit():
        return True  # "just one 52,000-barrel refinery": an article before a figure
    if re.match(r"^\s*(?:another|'s|’s)\b", after):
        return True
    # "BBC One", "Apple One": a name.
    return bool(re.search(r"[A-Z][A-Za-z]+\s+$", before)) and sentence[raw.start].isupper()


_HEADLINE_VERBS = frozenset(entry("numbers", "headline", "verbs"))


def _is_model_name(before: str, after: str, raw: _Raw, sentence: str = "") -> bool:
    """ "Boeing 737", "iPhone 11", "S&P 500", "737 Max": a name glued to a bare number (never
    one written in groups of thousands: "Death Toll 20,000")."""
    if raw.kind != "digits" or raw.scaled or "," in sentence[raw.start : raw.end]:
        return False
    suffix = after.lstrip()[:1] in _MODEL_FIRST and _MODEL_SUFFIX.match(after)
    if not suffix and not _name_before(before):
        return False  # neither "737 Max" nor "Boeing 737": the unit after need not be read
    # "Tylenol 500mg", "a Lamborghini 640bhp": a measure, named or not
    return not _unit_follows(after)


def _name_before(before: str) -> bool:
    """Whether the word right before a figure names a product ("Boeing", "iPhone")."""
    words = before.split()
    if not words or not before[-1:].isspace():
        return False
    word = words[-1]
    if not _name_like(word):
        return False  # "Elsewhere, 40": punctuation parts a word from the figure
    word = word.rstrip(".")
    if word.lower() in _PRODUCT_WORDS or word.lower().rsplit("/", 1)[-1] in _PRODUCT_WORDS:
        return True  # "S&P/ASX 200"
    if not _has_capital(word) or word in _FUNCTION_CAPITALS:
        return False
    if word.endswith(("'s", "’s")) or word.lower() in _MONTH_WORDS:
        return False
    if word in place_names():
        return False  # "South Carolina reported 39 and Georgia 33": a place's figure
    if word.lower() in _HEADLINE_VERBS:
        return False  # "Death Toll Reaches 20,000": a headline's capitals
    return not CURRENCY_PREFIX.search(word + " ")


def _name_like(word: str) -> bool:
    """A word with a letter, of letters, digits and "&'’.-/" only ("S&P/ASX", "737-Max")."""
    if word.isascii() and word.isalnum():  # the common case, in two calls (speed)
        return not word.isdigit()
    return any(c.isalpha() for c in word) and all(c.isalnum() or c in "&'’.-/" for c in word)


def _has_capital(word: str) -> bool:
    if word.isascii():  # only A-Z change in an ASCII word's lower case (speed)
        return word.lower() != word
    return any(c.isupper() for c in word)


_MODEL_SUFFIX = re.compile(r"^\s+(?:Max|MAX|Pro|Mini|Ultra|Plus|Series|Edition|Dreamliner)\b")
_PRODUCT_WORDS = word_set("sp s&p nasdaq iphone ipad ftse stoxx dax cac asx nikkei galaxy pixel")


def _unit_follows(after: str) -> bool:
    if _percent_after(after):
        return True
    attached = _unit_attached(after)
    if attached and attached.group(1).lower() in MEASURE_UNITS:
        return True
    word = _WORD_AFTER.match(after)
    return word is not None and word.group(1).lower().rstrip(".") in _UNIT_WORDS


_UNIT_WORDS = MEASURE_UNITS | set(CURRENCY_WORDS)


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
    if word == "or":
        # "three or four years", "10 or 12 days": two adjacent guesses are a range.
        gap = sentence[a.end : b.start].strip().lower()
        return (
            gap == "or" and a.kind == b.kind and not a.scaled and not b.scaled
            and 0 < a.value < b.value <= max(a.value * 3, a.value + 2)
            and not sentence[max(0, a.start - 12) : a.start].lower().rstrip().endswith(
                ("between", "either", "whether")
            )
        )  # fmt: skip
    before = sentence[max(0, a.start - 25) : a.start]
    currency = currency_before(before)
    if currency:  # "between $US160 million and ...": read the words before the currency
        before = before[: max(0, len(before) - 12) + currency.start()]
    after = sentence[b.end : b.end + 20].lower()
    repeated = bool(unit) and after.lstrip().startswith(unit)
    # A unit between the numbers ("5% to 10%") must be one we know, or come again after.
    if unit and not repeated and not _known_unit(unit):
        return False
    if word == "from":
        # "narrowed to 138,285 lots from 212,577 lots": a move between two levels.
        return bool(_TO_BEFORE.search(before))
    change = _anchored(_CHANGE_BEFORE, before)
    moved = change.group(0).lower() if change else ""
    if change and " by" in moved and (a.scaled or unit or b.value > 2 * a.value):
        return False  # "increased by $43.6 billion to $419.2 billion": a change, then a level
    if unit and not (_BETWEEN_BEFORE.search(before) or repeated):
        return False  # "rose 19 cents to $58.24" is a change and a level, not a range
    if word == "and":
        return bool(_BETWEEN_ONLY.search(before))
    if word in ("-", "–", "—"):
        return "\n" not in sentence[a.end : b.start]
    return True


_RANGE_UNITS = _UNIT_WORDS | {"thousand", "million", "billion"}


def _known_unit(unit: str) -> bool:
    return unit in ("%", "percent", "per cent") or unit.split()[-1] in _RANGE_UNITS


_TO_BEFORE = re.compile(r"\bto\s+$", re.IGNORECASE)
_BETWEEN_ONLY = re.compile(r"\bbetween\s+[$€£¥]?\s*$", re.IGNORECASE)


def _describe(sentence: str, group: list[_Raw], changes: bool = True) -> Mention:
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
        elif _shares_thousands(sentence, first, last):
            low *= 1000.0  # "11 to 12,000": 11,000 to 12,000
            mention.rules.append("number.shared_thousands")
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
    for raw in group:
        mention.rules += raw.rules
    currency = currency_before(before)
    _qualify(mention, before, after, currency)
    if mention.qualifier == "exact" and "number.couple" in mention.rules:
        mention.qualifier = "approx"  # "a couple thousand"
    _set_unit(mention, before, after, currency, sentence)
    if first.kind == "fold" and mention.unit is None:
        mention.unit = "times"  # "could rise eight-fold": a multiple, never a count of 8
    if changes:  # only sentences with a word of change, or a sign, can hold a change
        _set_change(mention, before, after)
    if first.kind == "fraction" and mention.unit is None:
        mention.unit = "fraction"  # "a third of the corps": a share, never a count
    mention.weak = first.kind == "words" and first.value == 1 and len(group) == 1
    return mention


def _shares_thousands(sentence: str, first: _Raw, last: _Raw) -> bool:
    """ "11 to 12,000", "3-4,500": a small whole number before a figure in thousands has
    the same scale when it is just below the figure's leading part."""
    if first.kind != "digits" or last.kind != "digits" or first.scaled or last.scaled:
        return False
    low = first.value
    if not (2 <= low < 1000 and low.is_integer() and last.value >= 1000):
        return False
    lead = _LEADING_GROUP.match(sentence, last.start)
    return lead is not None and int(lead.group(1)) / 2 <= low <= int(lead.group(1))


_LEADING_GROUP = re.compile(r"(\d{1,3})[,\u00a0\u202f\u2009 ]\d{3}(?!\d)")


def _bare(sentence: str, raw: _Raw) -> str:
    text = sentence[raw.start : raw.end]
    return _SCALE_SPLIT.split(text)[0]


def _qualify(mention: Mention, before: str, after: str, currency: re.Match[str] | None) -> None:
    if currency:
        # "about $US113 trillion": the qualifier is before the currency
        before = before[: max(0, len(before) - 12) + currency.start()]
    if before.lower().endswith("sub-"):
        mention.qualifier = "at_most"
        return
    if ("inus" in before[-8:] or "negative" in before[-10:]) and _MINUS_END.search(before):
        before = _MINUS_END.sub("", before)  # "about minus 387": the qualifier is before it
    if mention.qualifier != "exact":
        ranged = mention.qualifier == "range" and mention.vague is None
        if ranged and qualifier_before(before) == "approx":
            mention.extras["approx_range"] = True
        return
    found = qualifier_before(before)
    if found:
        mention.qualifier = found
        return
    if after[:1] == "+" or " or " in after[:12] or "odd" in after[:6]:
        for name, pattern in _QUAL_AFTER:
            if pattern.search(after):
                mention.qualifier = name
                return


def _set_unit(
    mention: Mention, before: str, after: str, currency: re.Match[str] | None, sentence: str = ""
) -> None:
    if currency:
        sym = currency.group("sym")
        code = currency.group("code") or ""
        if sym:
            mention.unit = DOLLAR_CODES.get(code, CURRENCY_SYMBOLS[sym])
        else:
            word = currency.group("word").rstrip(".").upper()
            mention.unit = {"RM": "MYR", "RS": "INR", "RMB": "CNY", "PS": "GBP", "Y=": "JPY"}.get(
                word, word
            )
        return
    if _percent_after(after) or before.endswith("%"):  # "%10": a sign written first
        mention.unit = "percent"
        return
    attached = _unit_attached(after)
    if attached and attached.group(1).lower() in _ATTACHED_UNITS:
        mention.unit = attached.group(1).lower()
        return
    temperature = _TEMPERATURE_AFTER.match(after) if after[:2].strip()[:1] in _TEMP_FIRST else None
    if temperature:
        mention.unit = temperature.group(0).strip()
        mention.rules.append("number.temperature")
        return
    word = _WORD_AFTER.match(after)
    if word:
        w = word.group(1).lower().rstrip(".")
        two = " ".join(after.lower().split()[:2])
        if two in CURRENCY_WORDS:
            mention.unit = CURRENCY_WORDS[two]
        elif w in _AMBIGUOUS_CURRENCY and not _money_context(after, word.end(), sentence):
            mention.rules.append("number.not_currency")  # "10,000 won't come close"
        elif w in CURRENCY_WORDS:
            mention.unit = CURRENCY_WORDS[w]
        elif w in MEASURE_UNITS:
            mention.unit = w
            if w in DURATION_UNITS:
                mention.extras["duration"] = True
    scale = before.rsplit(None, 1)[-1].lower() if mention.unit is None and before.strip() else ""
    if scale in _SCALES:
        mention.unit = scale  # "a magnitude 7.7 quake"
    if mention.unit is None and before.endswith(("of", "of ")) and _AGE_OF.search(before[-20:]):
        mention.unit = "years"  # "men under the age of 50": an age, not a count
        mention.rules.append("number.age")


_AGE_OF = re.compile(r"\bages?\s+of\s*$", re.IGNORECASE)


_TEMP_FIRST = frozenset(u[0] for u in _TEMPERATURES)
_SCALES = frozenset(entry("numbers", "units", "scales"))


def _money_context(after: str, word_end: int, sentence: str) -> bool:
    """ "5,000 won" where the sentence speaks of money; never "won't"."""
    if after.startswith(_NOT_A_WORD_END, word_end):
        return False
    return not words_of(sentence or after).isdisjoint(_MONEY_CONTEXT)


# "lost 2%", "shed 162 points", "lost $3bn" are changes; "lost 1,300 soldiers" and "losing
# 127 gigatonnes of ice a year" are amounts lost.
_LOSS_UNITS = word_set(
    "percent points point cent pence USD EUR GBP JPY CNY INR KRW RUB MYR AUD CAD HKD SGD"
)


def _anchored(pattern: re.Pattern[str], window: str) -> re.Match[str] | None:
    """``pattern.search(window)`` for the change patterns, tried only where a word of change
    (or the "a"/"an" of "a rise of") starts: the same leftmost match, without scanning
    every position of the window (speed)."""
    lowered = window.lower()
    for word in _WORD_SPAN.finditer(lowered):
        if word.group(0) in _CHANGE_STARTS:
            found = pattern.match(window, word.start())
            if found:
                return found
    return None


_WORD_SPAN = re.compile(r"[a-z]+")


def _lower_words(text: str) -> list[str]:
    """``LOWER_WORD.findall(text.lower())``, through a byte table for ASCII text (speed)."""
    lowered = text.lower()
    if lowered.isascii():
        return ascii_translate(lowered, _NOT_LOWER_TO_SPACE).split()
    return LOWER_WORD.findall(lowered)


def _set_change(mention: Mention, before: str, after: str) -> None:
    recent = _lower_words(before[-45:])[-6:]
    match = _anchored(_CHANGE_BEFORE, before[-48:]) if _CHANGE_WORDS.intersection(recent) else None
    if match and not (match.group("loss") and mention.unit not in _LOSS_UNITS):
        # "lost 2%" is a change; "lost 1,300 soldiers" is a count of losses.
        mention.direction = "up" if match.group("up") else "down"
        if match.group(0).rstrip(" $€£¥").endswith("from"):
            # "up from 50 per cent": the old level; "jumped from 240 to 273": two levels
            mention.extras["change_cue"] = "level"
            return
        mention.is_change = True
        return
    if mention.unit == "percent" and (before.endswith("+") or (mention.value or 0) < 0):
        mention.is_change = True  # "Dow +0.2%", "DAX -1.6%"
        mention.direction = "up" if before.endswith("+") else "down"
        return
    level = _anchored(_LEVEL_BEFORE, before[-60:]) if _CHANGE_WORDS.intersection(recent) else None
    if level:
        # "rose 8.1 percent to 99.20 yuan": a level reached, not a change, but with a trend.
        mention.direction = "up" if level.group("up") else "down"
        mention.extras["change_cue"] = "level"
        return
    if mention.extras.get("duration"):
        return
    tail = _CHANGE_AFTER.match(after)
    if tail and _PERCENT_OR_POINTS.match(after):
        mention.is_change = True  # "a 75 percent increase", "34% higher"
        mention.direction = "up" if tail.group("up") else "down"
        mention.extras["change_cue"] = "noun"
