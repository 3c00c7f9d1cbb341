"""What a figure counts, whose, what happened, where, over what period, and its hedges.

Word-list heuristics over the words around the figure; no parser. They aim at the
news-wire sentence shapes ("N X were/have been <event> in <place>", "<subject> has
<verb> N X to <place>"), and leave a field empty rather than guess wildly.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

from corroborate.extract.lexicon import entry
from corroborate.extract.numbers import word_set

_STOP = word_set(
    "a an the of to in on at for from with by into onto over under about around as and or but "
    "nor that which who whom whose this these those is are was were be been being has have "
    "had do does did will would shall should can could may might must not no than then there "
    "here it its their his her our your my we they he she you i per each every some any all "
    "both more less most least many much such so very also just only still even yet while "
    "when where whereas if because since until after before during against among between "
    "through across toward towards upon within without including according said says told say "
    "en late early earlier later yesterday today overnight last next elsewhere nationwide "
    "overall altogether respectively remain remained"
) | frozenset(entry("counted", "phrase_end", "words"))
_AUX = word_set("are were is was have has had been being be remain remained remains")
_VERB_STARTS = _AUX | {"will", "would", "could", "may", "might", "set"}
_GENERIC = word_set(
    "figure figures number numbers estimate estimates mark level total count tally times"
)
_TOKEN = re.compile(r"[A-Za-z][\w'’.-]*|[,;:()\"“”—–]|\S")
DEMONYMS = (
    "North Korean|South Korean|Russian|Ukrainian|American|U\\.S\\.|US|Chinese|Iranian|Israeli|"
    "Palestinian|British|French|German|Polish|Belarusian|Syrian|Turkish|Indian|Pakistani|"
    "Japanese|Taiwanese|Chechen|Western|Houthi|Hamas|Hezbollah|Afghan|Iraqi|Lebanese|Yemeni|"
    "Sudanese|Ethiopian|Somali|Libyan|Georgian|Armenian|Azerbaijani|Moldovan|Romanian|"
    "Lithuanian|Latvian|Estonian|Finnish|Swedish|Norwegian|Danish|Dutch|Belgian|Italian|"
    "Spanish|Canadian|Australian|Mexican|Brazilian|Venezuelan|Cuban|Kazakh|Uzbek|Serbian|"
    "Croatian|Czech|Slovak|Hungarian|Bulgarian|Greek|Egyptian|Saudi|Emirati|Qatari|Jordanian|"
    "Nigerian|Kenyan|Congolese|Malian|Burmese|Myanmar|Filipino|Vietnamese|Thai|Indonesian"
)
_DEMONYM_RE = re.compile(rf"^(?:{DEMONYMS})\b")
_DEMONYM_WORDS = frozenset(d.replace("\\", "").split()[-1] for d in DEMONYMS.split("|"))
# Adjectives used as nouns of harm after a demonym ("Russian wounded", "Ukrainian injured").
_HARM_NOUNS = frozenset(
    {"wounded", "injured", "killed", "missing", "displaced", "detained", "dead", "captured"}
)
_HARM_LINKS = _HARM_NOUNS | {"or", "and"}
REGIONS = [
    "Russia's Far East", "Far East", "eastern Russia", "western Russia", "southern Russia",
    "occupied Ukraine", "eastern Ukraine", "southern Ukraine", "northern Ukraine",
    "western Ukraine", "Kursk", "Belgorod", "Bryansk", "Donetsk", "Luhansk", "Zaporizhzhia",
    "Kherson", "Kharkiv", "Sumy", "Crimea", "Donbas", "Donbass", "Kyiv", "Kiev", "Moscow",
    "Pyongyang", "Seoul", "Gaza", "Gaza Strip", "West Bank", "Vladivostok", "Primorsky Krai",
    "Khabarovsk", "Siberia", "Odesa", "Odessa", "Mariupol", "Bakhmut", "Avdiivka", "Pokrovsk",
    "Dnipro", "Lviv", "Mykolaiv", "Chernihiv", "Rafah", "Khan Younis", "Darfur", "Khartoum",
    "Beirut", "Golan Heights", "Kashmir", "Tigray", "Amhara", "Idlib", "Aleppo", "Kaliningrad",
    "Transnistria", "Abkhazia", "South Ossetia", "Nagorno-Karabakh", "the Korean Peninsula",
    "Europe", "Asia", "Africa", "Middle East", "the Middle East", "the Balkans", "the Baltics",
    "Russian Far East", "Kursk region", "Kursk oblast", "Vladivostok area",
]  # fmt: skip
_PERIOD_RATE = re.compile(
    r"(?=[opaedwmyOPAEDWMY])\b(?:(?:on\s+average\s+)?(?:per|a|each|every)\s+(?:day|week|month|year|hour|minute)"
    r"(?!\s+(?:ago|earlier|later|before|after)\b)|daily|"
    r"weekly|monthly|annually|a\s+year(?!\s+(?:ago|earlier|later|before|after)\b)|per\s+annum|"
    r"yearly)\b",
    re.IGNORECASE,
)
_PERIOD_WINDOW = re.compile(
    r"(?=[iodsltIODSLT])\b(?:(?i:(?:in|over|during)\s+the\s+(?:last|past|previous|first|next)\s+(?:[\w-]+\s+)?"
    r"(?:days?|weeks?|months?|years?|hours?|quarters?))|(?i:since)\s+(?:the\s+start\s+of\s+)?"
    r"(?:[A-Z]\w+|\d{4})(?:\s+\d{4})?|so\s+far\s+this\s+(?:year|month|week)|"
    r"(?:this|last)\s+(?:year|month|week|quarter))\b"
)
_HEDGES = [
    ("disputed", re.compile(
        r"\b(?:seems?|appears?|looks?)\s+(?:\w+\s+)?(?:exaggerated|inflated|implausible|"
        r"unlikely|overstated)|\bexaggerat\w*|\bimplausible\b|\bdubious\b|\bdoubtful\b|"
        r"\boverstated\b|\bnot\s+credible\b|\bdebunked\b|\bquestionable\b|\bfar-fetched\b",
        re.I)),
    ("denied", re.compile(r"\b(?:denied|denies|deny|dismissed|rejected|refuted)\b", re.I)),
    ("rumour", re.compile(r"\b(?:rumou?rs?|rumou?red|abuzz|speculation|circulating)\b", re.I)),
    ("unconfirmed", re.compile(
        r"\b(?:unconfirmed|unverified|reportedly|reports?\s+of|allegedly|if\s+true|"
        r"could\s+not\s+(?:be\s+)?(?:independently\s+)?(?:verify|verified|confirm|confirmed)|"
        r"(?:no|none\s+of\s+the)\s+(?:\w+\s+){0,2}(?:has|have)\s+(?:yet\s+)?(?:confirmed|verified)|"
        r"(?:has|have)\s+not\s+(?:yet\s+)?been\s+(?:independently\s+)?(?:confirmed|verified))\b",
        re.I)),
    ("estimate", re.compile(
        r"\b(?:estimates?|estimated|assessments?|assessed|projected|believed\s+to|"
        r"thought\s+to)\b", re.I)),
]  # fmt: skip
_HEDGE_STEMS = (
    "exaggerat", "rumou", "rumor", "speculat", "unconfirm", "unverif", "estimat", "assess",
    "implausib", "overstat",
)  # fmt: skip
_HEDGE_WORDS = word_set(
    "dubious doubtful credible debunked questionable fetched denied denies deny dismissed "
    "rejected refuted abuzz circulating reportedly report reports allegedly true verify verified "
    "confirm confirmed projected believed thought seems seem appears appear looks look"
)
_PERIOD_WORDS = word_set(
    "day days week weeks month months year years hour hours minute quarter quarters daily "
    "weekly monthly annually yearly annum since"
)
# The word that each match of _PERIOD_RATE, or of _PERIOD_WINDOW, holds as a whole word:
# a sentence without one skips that search (speed).
_RATE_WORDS = word_set("day week month year hour minute daily weekly monthly annually yearly annum")
_WINDOW_WORDS = word_set(
    "day days week weeks month months year years hour hours quarter quarters since"
)
LIKELY_WORDS = word_set("likely probably possibly may might")
_LIKELY = re.compile(r"\b(?:likely|probably|possibly|may\s+have|might\s+have)\b", re.I)


# Cities news puts crowds and disasters in, with their country (lexicon/en/places.toml).
CITY_COUNTRY: dict[str, str] = entry("places", "cities")


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Countries (pycountry) plus the regions conflict reporting names."""
    names: set[str] = set(REGIONS) | {r.replace("'", "’") for r in REGIONS}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name:
                names.add(name)
    names |= {"Russia", "North Korea", "South Korea", "Iran", "Syria", "United States", "US",
              "U.S.", "Britain", "UK", "Taiwan", "Vietnam", "Laos", "Moldova", "Venezuela",
              "Bolivia", "Tanzania", "Czech Republic", "Turkey", "Türkiye", "Turkiye"}  # fmt: skip
    return frozenset(names | _subdivisions() | set(CITY_COUNTRY))


def _subdivisions() -> set[str]:
    """First-level subdivisions ("Hatay", "Kedah"), also spelled without diacritics
    ("Şanlıurfa" as "Sanliurfa"), less the names that are ordinary words."""
    types = set(entry("places", "subdivisions", "types"))
    never = set(entry("places", "subdivisions", "never"))
    names: set[str] = set()
    for sub in pycountry.subdivisions:
        name = sub.name
        if sub.type in types and not _ODD_NAME.search(name) and len(name) > 3:
            names.update({name, _ascii(name)})
    return names - never


_ODD_NAME = re.compile(r"[,()’'\[\]]|\b[a-z]")  # "Kaluzhskaya oblast'", "Brabant wallon"


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.replace("ı", "i").replace("İ", "I"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


# Runs of capitalised words (with a leading "eastern"/"occupied" and a trailing "oblast"):
# the only places a place name can be, looked up in the name set longest first.
_CAPITALISED_RUN = re.compile(
    r"[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*"
    r"(?:\s+(?:oblast|region|province|krai|governorate|district)\b)?"
)
_MODIFIER_BEFORE = re.compile(
    r"\b(?:occupied|eastern|western|northern|southern|central|the)\s+$", re.IGNORECASE
)
_TOKEN_SPAN = re.compile(r"\S+")
_PLACE_SUFFIXES = ("oblast", "region", "province", "krai", "governorate", "district")


def find_places(text: str, words: frozenset[str] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, name) of every place name in a text; ``words`` (its lower-case words,
    when the caller has them) skip a text that cannot name a place."""
    if words is not None and not _may_name_place(text, words):
        return []
    names = place_names()
    found: list[tuple[int, int, str]] = []
    for run in _CAPITALISED_RUN.finditer(text):
        start, end = run.span()
        if start and text[start - 1].isalpha():
            continue  # inside a word ("iRussia"): not a name
        modifier = None
        if text[max(0, start - 10) : start].lower().endswith(_MODIFIERS):
            modifier = _MODIFIER_BEFORE.search(text, max(0, start - 10), start)
        if modifier:
            start = modifier.start()  # "eastern Russia", "occupied Ukraine"
        elif " " not in run.group(0):
            word = run.group(0).rstrip(",;:")
            word = word if word in names else word.rstrip(".")
            if word in names:  # one capitalised word: the common case, looked up directly
                found.append((start, start + len(word), word))
            continue
        tokens = [(m.start() + start, m.end() + start) for m in
                  _TOKEN_SPAN.finditer(text[start:end])]  # fmt: skip
        found.extend(_longest_names(text, tokens, names))
    return found


_MODIFIERS = tuple(
    f"{m} " for m in ("occupied", "eastern", "western", "northern", "southern", "central", "the")
)


def _may_name_place(text: str, words: frozenset[str]) -> bool:
    """Whether a text can name a place: it holds a key word of a name, or one of the few
    names without a key word as written (see ``_place_keys``)."""
    keys, short = _place_keys()
    if not words.isdisjoint(keys):
        return True
    if text.isascii():  # only the names written in ASCII can occur in it (speed)
        return bool(_short_ascii_names().search(text))
    return bool(short.search(text))


@lru_cache(maxsize=1)
def _short_ascii_names() -> re.Pattern[str]:
    """``_place_keys()``'s pattern for the names without a key word, ASCII names only."""
    return _literal([name for name in _keyed_names()[1] if name.isascii()])


def _literal(names: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _place_keys() -> tuple[frozenset[str], re.Pattern[str]]:
    """The lower-case words of which a text naming a place contains one, and a pattern for
    the names that have no such word.

    A found name is written in the text with no letter on either side, so each of its
    words (``[a-z]+`` of its lower case) is a word of the text: any one of them will do,
    and the rarest one among the names lets the most sentences skip the search (with
    2,650 names, the longest word was often "a", "s" or "long"). Names with no word of
    three letters or more that is no function word ("US", "Ağrı") are matched as written
    by one pattern. The region words ("Kursk oblast") are keys too: any capitalised word
    before one is a place."""
    keys, short = _keyed_names()
    return keys, _literal(short)


@lru_cache(maxsize=1)
def _keyed_names() -> tuple[frozenset[str], list[str]]:
    """``_place_keys``'s key words, and the names that have none."""
    names = place_names()
    split = {name: set(re.findall(r"[a-z]+", name.lower())) for name in names}
    frequency: dict[str, int] = {}
    for tokens in split.values():
        for token in tokens:
            frequency[token] = frequency.get(token, 0) + 1
    keys, short = set(_PLACE_SUFFIXES), []
    for name, tokens in split.items():
        usable = [t for t in tokens if len(t) >= 3 and t not in _STOP]
        if usable:
            keys.add(min(usable, key=lambda t: (frequency[t], -len(t), t)))
        else:
            short.append(name)
    return frozenset(keys), short


@lru_cache(maxsize=1)
def _first_words(names: frozenset[str]) -> frozenset[str]:
    return frozenset(name.split()[0] for name in names)


def _longest_names(
    text: str, tokens: list[tuple[int, int]], names: frozenset[str]
) -> list[tuple[int, int, str]]:
    out = []
    i = 0
    first_words = _first_words(names)
    while i < len(tokens):
        head = text[tokens[i][0] : tokens[i][1]].rstrip(",;:")
        if head not in first_words and head.rstrip(".") not in first_words:
            following = text[tokens[i + 1][0] : tokens[i + 1][1]] if i + 1 < len(tokens) else ""
            if following.rstrip(",;:.") not in _PLACE_SUFFIXES:
                i += 1  # no place name starts with this word (speed)
                continue
        for j in range(min(len(tokens), i + 5), i, -1):
            start, end = tokens[i][0], tokens[j - 1][1]
            candidate = text[start:end].rstrip(",;:")
            if candidate not in names:
                candidate = candidate.rstrip(".")
            end = start + len(candidate)
            last = candidate.rsplit(" ", 1)[-1]
            if candidate in names or (j - i == 2 and last in _PLACE_SUFFIXES and
                                      candidate[0].isupper()):  # fmt: skip
                out.append((start, end, candidate))
                i = j
                break
        else:
            i += 1
    return out


def counted_phrase(sentence: str, start: int, end: int) -> tuple[str | None, int]:
    """The noun phrase after a figure ("special forces troops") and where it ends."""
    offset = end + 1 if sentence[end : end + 1] == "%" else end
    of = _OF.match(sentence, offset, offset + 12)
    if of and sentence[start:end].lower().endswith(_VAGUE_ENDINGS):
        offset = of.end()  # "dozens of people"
    words: list[str] = []
    stop_at = offset
    if sentence[offset + 1 : offset + 2] in "maef" and sentence.startswith(_MORE_WORDS, offset):
        more = _MORE.match(sentence, offset)
        if more:  # "one or two more deployments", "300 additional troops"
            offset = more.end()
    for match in _TOKEN.finditer(sentence, offset, offset + 90):
        word = match.group(0)
        final = False
        if word[-1] == "." and word[:-1].isalpha() and not _INITIALS.fullmatch(word):
            final = True
            word = word[:-1]  # "... at 11 to 12 thousand troops.": the last word of a sentence
        if not _np_word(word, words, sentence, match.end()):
            break
        words.append(word.rstrip(".,"))
        stop_at = match.end() - final
        if len(words) >= 5 or final:
            break
    if not words:
        return None, end
    return " ".join(words), stop_at


_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_MORE_WORDS = (" more ", " additional ", " extra ", " further ")
_MORE = re.compile(r"\s+(?:more|additional|extra|further)(?=\s+[a-z]+(?:s|el|ff)\b)")
_VAGUE_ENDINGS = ("dozens", "hundreds", "thousands", "millions", "scores", "billions")
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")


def _harm_after_demonym(lowered: str, words: list[str], sentence: str, after: int) -> bool:
    """ "350,000 Russian wounded or dead": after a demonym, the words of harm it is the noun
    of, joined by "or"/"and", are the counted phrase."""
    last = words[-1].lower()
    if lowered in _HARM_NOUNS:  # "Russian wounded", "Russian wounded or dead"
        joined = last in ("or", "and") and len(words) >= 3 and words[-2].lower() in _HARM_NOUNS
        return words[-1] in _DEMONYM_WORDS or joined
    if last in _HARM_NOUNS and len(words) >= 2 and words[-2] in _DEMONYM_WORDS:
        nxt = _NEXT_WORD.match(sentence, after, after + 30)  # "or" before a word of harm
        return nxt is not None and nxt.group(1).lower() in _HARM_NOUNS
    return False


_INITIALS = re.compile(r"(?:[A-Z]\.)+")


def _np_word(word: str, words: list[str], sentence: str, after: int) -> bool:
    lowered = word.lower()
    if words and lowered in _HARM_LINKS and _harm_after_demonym(lowered, words, sentence, after):
        return True
    if not word[0].isalpha() or lowered in _STOP:
        return False
    if lowered.endswith(("ing", "ed")) and lowered not in ("forces", "armed"):
        if words:
            return False
        nxt = _NEXT_WORD.match(sentence, after, after + 30)
        return nxt is not None and nxt.group(1).lower() not in _STOP
    if word.endswith("."):
        return len(words) < 5 and bool(_INITIALS.fullmatch(word))
    return True


COUNTRY_DEMONYMS = {
    "North Korea": "North Korean", "South Korea": "South Korean", "Russia": "Russian",
    "Ukraine": "Ukrainian", "United States": "American", "U.S.": "U.S.", "US": "US",
    "China": "Chinese", "Iran": "Iranian", "Israel": "Israeli", "Britain": "British",
    "France": "French", "Germany": "German", "Poland": "Polish", "Belarus": "Belarusian",
    "Syria": "Syrian", "Turkey": "Turkish", "India": "Indian", "Pakistan": "Pakistani",
    "Japan": "Japanese", "Taiwan": "Taiwanese", "Afghanistan": "Afghan", "Iraq": "Iraqi",
    "Lebanon": "Lebanese", "Yemen": "Yemeni", "Sudan": "Sudanese", "Ethiopia": "Ethiopian",
    "Somalia": "Somali", "Libya": "Libyan", "Georgia": "Georgian", "Armenia": "Armenian",
    "Azerbaijan": "Azerbaijani", "Moldova": "Moldovan", "Romania": "Romanian",
    "Finland": "Finnish", "Sweden": "Swedish", "Norway": "Norwegian", "Italy": "Italian",
    "Spain": "Spanish", "Canada": "Canadian", "Australia": "Australian", "Mexico": "Mexican",
    "Venezuela": "Venezuelan", "Cuba": "Cuban", "Serbia": "Serbian", "Hungary": "Hungarian",
    "Egypt": "Egyptian", "Saudi Arabia": "Saudi", "Jordan": "Jordanian", "Nigeria": "Nigerian",
    "Myanmar": "Myanmar", "Vietnam": "Vietnamese", "Hamas": "Hamas", "Hezbollah": "Hezbollah",
}  # fmt: skip
PLURAL_DEMONYMS = {f"{d}s": d for d in COUNTRY_DEMONYMS.values() if d.endswith("an")}
# The last word of each subject name, lower case: the regex runs only when one is present.
_SUBJECT_WORDS = frozenset(
    name.split()[-1].lower().rstrip(".").replace(".", "")
    for name in [*COUNTRY_DEMONYMS, *PLURAL_DEMONYMS]
) | {"us", "u", "s"}
_SUBJECT_OWNER = re.compile(
    r"(?:^|[—–]\s*|:\s+|,\s+)(?:(?i:the)\s+)?(?P<who>"
    + "|".join(re.escape(c) for c in sorted(COUNTRY_DEMONYMS, key=len, reverse=True))
    + "|"
    + "|".join(sorted(PLURAL_DEMONYMS, key=len, reverse=True))
    + r")\s+(?:(?:has|have|had|already|now|reportedly|also|so\s+far|is|are|was|were)\s+)*?"
    r"(?:lost|loses|losing|lose|sent|sends|sending|send|dispatched|dispatches|shipped|ships|"
    r"deployed|deploys|deploying|moved|moves|mobili[sz]ed|mobili[sz]es|fielded|fields|amassed|"
    r"committed|transferred|stationed|has|have|had|keeps|kept|maintains|maintained|"
    r"contributed|supplied|supplies|provided|provides)\s+(?:(?:about|around|some|over|more|"
    r"than|at|least|nearly|almost|roughly|up|to|as|many|another|a|an|further|estimated|"
    r"additional|only|just|approximately|fewer|less)\s+){0,3}$"
)


_OWNER_VERBS = word_set(
    "lost loses losing lose sent sends sending send dispatched dispatches shipped ships deployed "
    "deploys deploying moved moves mobilised mobilized mobilises mobilizes fielded fields "
    "amassed committed transferred stationed has have had keeps kept maintains maintained "
    "contributed supplied supplies provided provides"
)


def owner_of(
    counted: str | None, sentence: str, start: int, words: frozenset[str] | None = None
) -> str | None:
    """Whose: a demonym opening the counted phrase, a possessive right before the figure,
    or the country that is the subject of sending, having or losing them ("Russia lost
    1,270 soldiers", "North Korea has sent 10,000 troops")."""
    if counted and counted[0].isupper():  # every demonym is capitalised (speed)
        match = _DEMONYM_RE.match(counted)
        if match:
            return match.group(0)
    before = sentence[max(0, start - 40) : start]
    subject = None
    if words is None or not words.isdisjoint(_SUBJECT_WORDS):
        window = sentence[max(0, start - 90) : start]
        if not _OWNER_VERBS.isdisjoint(window[-40:].lower().split()[-5:]):
            subject = _SUBJECT_OWNER.search(window)
    if subject:
        who = subject.group("who")
        return PLURAL_DEMONYMS.get(who) or COUNTRY_DEMONYMS[who]
    forces = _forces_owner(sentence, start)
    if forces:
        return forces
    if "'s" not in before and "’s" not in before:
        return None
    poss = _POSSESSIVE_BEFORE.search(before)
    return poss.group(1) if poss else None


_POSSESSIVE_BEFORE = re.compile(r"([A-Z][\w]*(?:\s+[A-Z][\w]*)?)['’]s\s+(?:\w+\s+)?$")
_CAPITALS: dict[str, str] = dict(entry("attribution", "governments"))  # "Moscow" -> "Russian"
_FORCES_OWNER = re.compile(
    r"(?:^|[—–,:]\s*|(?<!with)(?<!against)(?<!by)(?<!of)(?<!to)(?<!from)\s)"
    r"(?:(?i:the)\s+)?(?P<who>"
    + DEMONYMS
    + "|"
    + "|".join(re.escape(c) for c in sorted([*COUNTRY_DEMONYMS, *_CAPITALS], key=len, reverse=True))
    + r")(?:['’]s)?\s+(?:armed\s+forces|forces|troops|army|military)\s+"
    r"(?:(?:has|have|had|already|now|reportedly|probably|likely|may|might|could|also|so\s+far)\s+)*"
    r"(?:suffered|sustained|suffers|sustains|lost|loses|losing)\s+"
    r"(?:(?:about|around|some|over|more|than|at|least|nearly|almost|roughly|up|to|as|many|"
    r"an|estimated|approximately)\s+){0,3}$"
)
# "deaths on the Russian side": whose, in the figure's clause.
_SIDE = re.compile(rf"\bon\s+the\s+(?P<who>{DEMONYMS})\s+side\b")


def _forces_owner(sentence: str, start: int) -> str | None:
    """ "Russian forces have suffered N", "Moscow's forces sustained N", "N deaths on the
    Russian side": the army whose losses they are."""
    if "forces" in sentence or "troops" in sentence or "army" in sentence or "military" in sentence:
        found = _FORCES_OWNER.search(sentence, max(0, start - 120), start)
        if found:
            return _demonym(found.group("who"))
    if " side" in sentence:
        side = _SIDE.search(sentence, max(0, start - 80), start + 60)
        if side and not _CLAUSE_PUNCTUATION.search(sentence, *sorted((side.end(), start))):
            return side.group("who")
    return None


def _demonym(who: str) -> str:
    return COUNTRY_DEMONYMS.get(who) or _CAPITALS.get(who) or who


_PP_BEFORE_VERB = re.compile(
    r"^\s*(?P<pp>(?:(?:in|at|near|inside)\s+(?:the\s+)?[\w'’ -]{2,40}?)|there|here)\s+"
    r"(?=(?:are|were|is|was|have|has|had|will|would)\b)"
)
_ADVERBS = word_set("also already reportedly allegedly still thought believed said")
_EVENT_TAIL = re.compile(r"\s+as\s+(?:the|a|an|part)\b.*$")


def event_phrase(sentence: str, start: int, np_end: int) -> str | None:
    """ "preparing to be deployed in occupied Ukraine", "shipped to Russia's Far East"."""
    after = clause(sentence[np_end : np_end + 160])  # all that clause() reads
    pp = _PP_BEFORE_VERB.match(after) if after[:8].lstrip()[:2] in _PP_STARTS else None
    place_pp = ""
    if pp:  # "11,000 soldiers in the region were engaged in fighting"
        after = after[pp.end() :]
        place_pp = pp.group("pp") if pp.group("pp") not in ("there", "here") else ""
    words = after.split()
    if words and (words[0].lower() in _VERB_STARTS or words[0].lower().endswith(("ing", "ed"))):
        while len(words) > 1 and (words[0].lower() in _AUX or words[0].lower() in _ADVERBS):
            words = words[1:]
        words = words[:8]
        if place_pp and len(words) <= 5:
            words += place_pp.split()
        while words and words[-1].lower() in _STOP:
            words.pop()
        phrase = " ".join(words)
        return (_EVENT_TAIL.sub("", phrase) if " as " in phrase else phrase) or None
    verb = _verb_before(sentence[max(0, start - 70) : start])
    if not verb:
        return None
    pp = _PLACE_PHRASE.match(after)
    tail = " ".join(pp.group(1).split()[:5]) if pp else ""
    return f"{verb} {tail}".strip()


_PP_STARTS = frozenset({"in", "at", "ne", "th", "he"})
# A comma inside "1,000" does not end a clause; "killed and about 1,000 wounded" is two.
# Punctuation and connector words are two patterns: the first opens with a character class,
# so that the regex engine skips to candidates; the second runs only when the text has
# one of its words.
_CLAUSE_PUNCTUATION = re.compile(r"[,;:()\"“”.!?](?:(?<=,)(?!\d{3})|(?<=[;:()\"“”])|(?=\s|$))")
# Figures in words open a clause too: "23 were killed and dozens injured".
_FIGURE_WORDS = (
    r"(?:dozens|scores|hundreds|thousands|millions|several|a\s+(?:dozen|few|hundred|thousand)|"
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety)\b"
)
_CLAUSE_CONNECTOR = re.compile(
    r"\s[-–—]\s|\s+and\s+(?:will|has|have|is|are)\b"
    r"|\s+(?:and|or|while|but|with)\s+(?:that\s+)?(?=(?:about|around|some|roughly|nearly|over|"
    r"at\s+least|"
    r"more\s+than|up\s+to|as\s+many\s+as|another|almost)?\s*(?:\d|" + _FIGURE_WORDS + r"))"
)
_CONNECTOR_WORDS = frozenset({"-", "–", "—", "and", "or", "while", "but", "with"})


def clause(text: str) -> str:
    """The text up to the end of its clause (only the first 160 characters are read)."""
    text = text[:160]
    cut = _CLAUSE_PUNCTUATION.search(text)
    if cut:
        text = text[: cut.start()]
    if not _CONNECTOR_WORDS.isdisjoint(text.split()):
        connector = _CLAUSE_CONNECTOR.search(text)
        if connector:
            text = text[: connector.start()]
    return text


_VERBS_BEFORE = word_set(
    "sent lost killed deployed shipped moved brought trained mobilised mobilized recruited "
    "committed fielded amassed captured detained evacuated displaced injured wounded "
    "dispatched transferred"
)
_FILLERS_BEFORE = word_set(
    "about around some roughly nearly almost more than over at least up to as many an "
    "estimated another a further only just"
)


_PLACE_PHRASE = re.compile(
    r"\s*((?:to|into|in|at|from|toward|towards|inside|near)\s+[^,;.()]+?)"
    r"(?=\s+(?:for|to|and|as|because|while|but|where)\b|[,;.()]|$)"
)


def _verb_before(before: str) -> str | None:
    """The verb governing a figure in object position: "has shipped [about] 1,500 ..."."""
    words = before.split()
    while words and words[-1].lower() in _FILLERS_BEFORE:
        words.pop()
    if not words:
        return None
    verb = words[-1]
    if not verb.isalpha() or not verb.islower():
        return None
    if verb in _VERBS_BEFORE or verb.endswith(("ed", "en", "ing")):
        return verb
    return None


def place_for(
    sentence: str,
    event: str | None,
    start: int,
    places: list[tuple[int, int, str]],
    mentions: list[tuple[int, int]] | None = None,
) -> str | None:
    """The place in the event phrase, else the place nearest the figure in its clause.

    Not a possessive ("Russia's"), not a modifier ("U.S. Secretary", "the Seoul estimate"),
    not across another figure ("3,000 were sent, and 10,000 could be in Russia": Russia is
    the 10,000's), not across a new clause (", and his agency said ...").
    """
    if "elsewhere" in sentence and _ELSEWHERE.match(sentence, start):
        return None  # "another 170 elsewhere in the country": not the place named before
    own = next((p for p in places if _RIGHT_AFTER.fullmatch(sentence, start, p[0])), None)
    if own is not None:  # "3,400 died in Turkey and 1,600 in Syria": the figure's own place
        return _joined(sentence, own, places)
    if event:
        in_event = [
            place for place in places
            if place[2] in event
            and not _AGENT_BEFORE.search(sentence, max(0, place[0] - 12), place[0])
        ]  # fmt: skip
        if in_event:
            chosen = max(in_event, key=lambda p: (event.rfind(p[2]), len(p[2])))
            return _joined(sentence, chosen, places)
    best: tuple[int, str] | None = None
    for s, e, name in places:
        if sentence[e : e + 2] in ("'s", "’s") or _MODIFIER_AFTER.match(sentence, e):
            continue
        if _SENDER_AFTER.match(sentence, e) or _AGENT_BEFORE.search(sentence, max(0, s - 12), s):
            continue  # "North Korea plans to send ...", "dispatched by Pyongyang": the sender
        if sentence[e : e + 3].lstrip(" :")[:1].isdigit() and any(
            m[0] >= e and m[0] != start and not sentence[e : m[0]].strip(" :")
            for m in mentions or ()
        ):
            continue  # "South Carolina reported 39 and Georgia 33": Georgia is the 33's
        low, high = (e, start) if e <= start else (start, s)
        crossed = [m for m in mentions or () if low <= m[0] and m[1] <= high and m[0] != start]
        shared = len(crossed) == 1 and s > start and _elided(sentence, start, crossed[0])
        if crossed and not shared:
            continue
        if _PLACE_CLAUSE_BREAK.search(sentence, low, high):
            continue
        distance = s - start if s >= start else (start - s) * 2
        if best is None or distance < best[0]:
            best = (distance, _joined(sentence, (s, e, name), places))
    return best[1] if best else None


# "7 people were killed and 21 injured in strikes on Kharkiv": the second figure's clause
# has no verb of its own, so the place closing it is the first figure's too.
_ELIDED_BETWEEN = re.compile(r"^\S+\s+(?:[a-z]+\s+){0,4}?[a-z]+ed\s+and\s+(?:another\s+)?$")
_ELIDED_AFTER = re.compile(r"\s+(?:[a-z]+\s+)?[a-z]+(?:ed|ing)\s+(?:in|on|at|near)\s")


def _elided(sentence: str, start: int, other: tuple[int, int]) -> bool:
    return bool(
        _ELIDED_BETWEEN.match(sentence[start : other[0]])
        and _ELIDED_AFTER.match(sentence, other[1])
    )


_ELSEWHERE = re.compile(r"[\d,.]*\s+(?:[a-z]+\s+){0,2}?elsewhere\b")
# The figure, then at most two words, then "in"/"at": "1,600 in Syria", "500 people in Gaza".
_RIGHT_AFTER = re.compile(r"[\d,.]*\s+(?:[a-z]+\s+){0,2}?(?:in|at)\s+(?:the\s+)?")
_AND = re.compile(r"\s*(?:,|and|&)\s*(?:and\s+)?")


def _joined(sentence: str, chosen: tuple[int, int, str], places: list[tuple[int, int, str]]) -> str:
    """ "in Turkey and Syria": the places joined by "and" around the one chosen, together."""
    names = [chosen]
    for place in sorted(places):  # after it
        gap = _AND.fullmatch(sentence, names[-1][1], place[0]) if place[0] > names[-1][1] else None
        if gap:
            names.append(place)
    for place in sorted(places, reverse=True):  # before it
        gap = _AND.fullmatch(sentence, place[1], names[0][0]) if place[1] < names[0][0] else None
        if gap:
            names.insert(0, place)
    if len(names) == 1:
        return chosen[2]
    return ", ".join(n for _, _, n in names[:-1]) + " and " + names[-1][2]


_MODIFIER_AFTER = re.compile(
    r"\s+(?:[A-Z][a-z]|(?:officials?|estimates?|forces|troops|government|military|intelligence|"
    r"lawmakers|media|sources|authorities|president|army|embassy|ministry|envoys?|ambassadors?|"
    r"diplomats?|spokes(?:man|woman|person)|ministers?|commanders?|leaders?|senators?|analysts|"
    r"experts|researchers|police|navy|agency|agencies|delegation|administration|officers?|"
    r"defen[cs]e|foreign|interior|health|home|emergency|disaster|security)\b)"
)
# A place that sends ("dispatched by Pyongyang") or that is fought "against" is not where
# the counted are.
_SENDER_AFTER = re.compile(
    r"\s+(?:(?:is|was|has|had|have|will|would|could|may|also|already|reportedly|now|plans?|"
    r"planned|planning|aims?|intends?|decided|agreed|set|expected|preparing|prepares|is\s+set|"
    r"to|be|been|likely)\s+){0,3}(?:send|sends|sending|sent|deploy|deploys|deploying|deployed|"
    r"dispatch|dispatches|dispatched|dispatching|ship|ships|shipped|supply|supplies|supplied)\b"
)
# "dispatched by Pyongyang", "to fight (against) Ukraine", "fighting for Russia", "to help
# Russia": the sender, the enemy or the side helped, not where the counted are.
_AGENT_BEFORE = re.compile(
    r"\b(?:by|against|fight|fighting|battle|battling|for|help|helping|support|supporting|"
    r"assist|assisting)\s+(?:the\s+)?$"
)
_PLACE_CLAUSE_BREAK = re.compile(r",\s+(?:and|while|but|whereas)\s|;|\s[-–—]\s")
_ONE_DAY = re.compile(
    r"\b(?:(?:in|over|during)\s+the\s+(?:past|last|previous)\s+(?:day|24\s+hours|"
    r"twenty-four\s+hours)|in\s+a\s+(?:single\s+)?day)\b",
    re.IGNORECASE,
)
_REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|told|estimated|reported|announced|stated|claimed|added|noted|wrote|"
    r"forecast|predicted|warned|confirmed)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)


def one_day_window(sentence: str, words: frozenset[str]) -> str | None:
    """ "over the past day", "in the last 24 hours": a figure for one day, not a rate."""
    if "day" not in words and "hours" not in words:
        return None
    match = _ONE_DAY.search(sentence)
    return match.group(0) if match else None


def period_of(sentence: str, words: frozenset[str]) -> str | None:
    """A rate ("per day") and/or a window ("over the last seven days"). A time that dates
    a statement ("said last week", "last week's estimate", "a week ago") is not a period,
    nor is a one-day window ("over the past day"), which dates the figure instead."""
    if words.isdisjoint(_PERIOD_WORDS):
        return None
    plain = not sentence.isascii()  # case-blind matches beyond ASCII: search regardless
    rate = _PERIOD_RATE.search(sentence) if plain or not words.isdisjoint(_RATE_WORDS) else None
    window = None
    if plain or not words.isdisjoint(_WINDOW_WORDS):
        window = _PERIOD_WINDOW.search(sentence)
    while window and (
        sentence[window.end() : window.end() + 2] in ("'s", "’s")
        or _REPORTED_BEFORE.search(sentence, max(0, window.start() - 30), window.start())
        or _ONE_DAY.match(sentence, window.start())
    ):
        window = _PERIOD_WINDOW.search(sentence, window.end())
    parts = [m.group(0) for m in (rate, window) if m]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else f"{parts[0]} ({parts[1]})"


# Each hedge's regex runs only when one of its words, or word stems, is in the sentence.
_HEDGE_TRIGGERS = {
    "disputed": (word_set("seems seem appears appear looks look implausible dubious doubtful "
                          "overstated credible debunked questionable fetched"), ("exaggerat",)),
    "denied": (word_set("denied denies deny dismissed rejected refuted"), ()),
    "rumour": (word_set("rumour rumours rumor rumors rumoured rumored abuzz speculation "
                        "circulating"), ()),
    "unconfirmed": (word_set("unconfirmed unverified reportedly report reports allegedly true "
                             "verify verified confirm confirmed"), ()),
    "estimate": (word_set("estimate estimates estimated assessment assessments assessed "
                          "projected believed thought"), ()),
}  # fmt: skip


def sentence_hedge(sentence: str, words: frozenset[str]) -> str | None:
    """Rumour, denial, dispute, unconfirmed or estimate, when the sentence says so."""
    lowered = None
    if words.isdisjoint(_HEDGE_WORDS):
        lowered = sentence.lower()
        if not any(map(lowered.__contains__, _HEDGE_STEMS)):
            return None
    for name, pattern in _HEDGES:
        triggers, stems = _HEDGE_TRIGGERS[name]
        if words.isdisjoint(triggers):
            if not stems:
                continue
            lowered = lowered or sentence.lower()
            if not any(map(lowered.__contains__, stems)):
                continue
        if pattern.search(sentence):
            return name
    return None


def likely_before(sentence: str, start: int) -> str | None:
    """ "likely" hedges a figure only when it comes shortly before it."""
    return "likely" if _LIKELY.search(sentence[max(0, start - 60) : start]) else None


def generic(counted: str | None) -> bool:
    return counted is None or counted.split()[-1].lower() in _GENERIC
