"""What a figure counts, whose, what happened, where, over what period, and its hedges.

Word-list heuristics over the words around the figure; no parser. They aim at the
news-wire sentence shapes ("N X were/have been <event> in <place>", "<subject> has
<verb> N X to <place>"), and leave a field empty rather than guess wildly.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from corroborate.extract.numbers import word_set

_STOP = word_set(
    "a an the of to in on at for from with by into onto over under about around as and or but "
    "nor that which who whom whose this these those is are was were be been being has have "
    "had do does did will would shall should can could may might must not no than then there "
    "here it its their his her our your my we they he she you i per each every some any all "
    "both more less most least many much such so very also just only still even yet while "
    "when where whereas if because since until after before during against among between "
    "through across toward towards upon within without including according said says told say "
    "en"
)
_AUX = word_set("are were is was have has had been being be")
_GENERIC = word_set(
    "figure figures number numbers estimate estimates mark level total count tally times"
)
_UNIT_SKIP = re.compile(
    r"^\s*(?:%|percent\b|per\s?cent\b|percentage points?\b|[a-z]{0,3}\b(?=\s))?", re.I
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
]  # fmt: skip
_PLACE_SUFFIX = r"(?:\s+(?:oblast|region|province|krai|governorate|district))"
_PERIOD_RATE = re.compile(
    r"\b(?:(?:on\s+average\s+)?(?:per|a|each|every)\s+(?:day|week|month|year|hour|minute)|daily|"
    r"weekly|monthly|annually|a\s+year|per\s+annum|yearly)\b",
    re.IGNORECASE,
)
_PERIOD_WINDOW = re.compile(
    r"\b(?:(?i:(?:in|over|during)\s+the\s+(?:last|past|previous|first|next)\s+(?:[\w-]+\s+)?"
    r"(?:days?|weeks?|months?|years?|hours?|quarters?))|since\s+(?:the\s+start\s+of\s+)?"
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
        r"could\s+not\s+(?:be\s+)?(?:independently\s+)?(?:verify|verified|confirm|confirmed))\b",
        re.I)),
    ("estimate", re.compile(
        r"\b(?:estimates?|estimated|assessments?|assessed|projected|believed\s+to|"
        r"thought\s+to)\b", re.I)),
]  # fmt: skip
_HEDGE_CUES = re.compile(
    r"exaggerat|implausib|dubious|doubt|overstat|credib|debunk|question|fetched|deni|deny|"
    r"dismiss|reject|refut|rumou?r|abuzz|speculat|circulat|unconfirm|unverif|report|alleged|"
    r"if true|verif|confirm|estimat|assess|project|believed|thought|seem|appear|look",
    re.IGNORECASE,
)
_LIKELY = re.compile(r"\b(?:likely|probably|possibly|may\s+have|might\s+have)\b", re.I)


@lru_cache(maxsize=1)
def _place_re() -> re.Pattern[str]:
    names: set[str] = set(REGIONS) | {r.replace("'", "’") for r in REGIONS}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name:
                names.add(name)
    names |= {"Russia", "North Korea", "South Korea", "Iran", "Syria", "United States", "US",
              "U.S.", "Britain", "UK", "Taiwan", "Vietnam", "Laos", "Moldova", "Venezuela",
              "Bolivia", "Tanzania", "Czech Republic", "Turkey"}  # fmt: skip
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w-])(?:(?:occupied|eastern|western|northern|southern|central)\s+)?"
        rf"(?:{alternatives}|[A-Z][a-z]+{_PLACE_SUFFIX})(?![\w-])"
    )


def find_places(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _place_re().finditer(text)]


def counted_phrase(sentence: str, start: int, end: int) -> tuple[str | None, int]:
    """The noun phrase after a figure ("special forces troops") and where it ends."""
    rest = sentence[end:]
    skip = _UNIT_SKIP.match(rest)
    offset = end + (skip.end() if skip and skip.group(0).strip() in ("%", "") else 0)
    of = re.match(r"\s+of\s+(?:the\s+)?", sentence[offset:])
    if of and re.search(r"(?:dozens|hundreds|thousands|millions|scores|billions)$",
                        sentence[start:end], re.I):  # fmt: skip
        offset += of.end()
    words: list[str] = []
    stop_at = offset
    for match in _TOKEN.finditer(sentence, offset):
        word = match.group(0)
        if not _np_word(word, words, sentence, match.end()):
            break
        words.append(word.rstrip(".,"))
        stop_at = match.end()
        if len(words) >= 5:
            break
    if not words:
        return None, end
    return " ".join(words), stop_at


def _np_word(word: str, words: list[str], sentence: str, after: int) -> bool:
    lowered = word.lower()
    if not word[0].isalpha() or lowered in _STOP:
        return False
    if lowered.endswith(("ing", "ed")) and lowered not in ("forces", "armed"):
        if words:
            return False
        nxt = re.match(r"\s+([A-Za-z]+)", sentence[after:])
        return bool(nxt) and nxt.group(1).lower() not in _STOP
    if word.endswith("."):
        return len(words) < 5 and bool(re.fullmatch(r"(?:[A-Z]\.)+", word))
    return True


def owner_of(counted: str | None, sentence: str, start: int) -> str | None:
    if counted:
        match = _DEMONYM_RE.match(counted)
        if match:
            return match.group(0)
    before = sentence[max(0, start - 40) : start]
    poss = re.search(r"([A-Z][\w]*(?:\s+[A-Z][\w]*)?)['’]s\s+(?:\w+\s+)?$", before)
    return poss.group(1) if poss else None


def event_phrase(sentence: str, start: int, np_end: int) -> str | None:
    """ "preparing to be deployed in occupied Ukraine", "shipped to Russia's Far East"."""
    after = clause(sentence[np_end:])
    words = after.split()
    if words and (words[0].lower() in _AUX | {"will", "would", "could", "may", "might", "set"}
                  or words[0].lower().endswith(("ing", "ed"))):  # fmt: skip
        while words and words[0].lower() in _AUX:
            words = words[1:]
        words = words[:8]
        while words and words[-1].lower() in _STOP:
            words.pop()
        return " ".join(words) or None
    verb = _verb_before(sentence[:start])
    if not verb:
        return None
    pp = _PLACE_PHRASE.match(after)
    tail = " ".join(pp.group(1).split()[:5]) if pp else ""
    return f"{verb} {tail}".strip()


def clause(text: str) -> str:
    cut = re.search(
        r"[,;:()\"“”]|\s[-–—]\s|\s+and\s+(?:will|has|have|is|are)\b|[.!?](?:\s|$)", text
    )
    return text[: cut.start()] if cut else text


_VERB_BEFORE = re.compile(
    r"\b(?P<verb>[a-z]+(?:ed|en|ing)|sent|lost|killed|has|have|had|deployed|shipped|sent|"
    r"moved|brought|trained|mobilised|mobilized|recruited|committed|fielded|amassed|lost|"
    r"captured|detained|evacuated|displaced|injured|wounded|dispatched|transferred)"
    r"\s+(?:(?:about|around|some|roughly|nearly|almost|more|than|over|at|least|up|to|as|"
    r"many|an|estimated|another|a|further|only|just)\s+)*$"
)


_PLACE_PHRASE = re.compile(
    r"\s*((?:to|into|in|at|from|toward|towards|inside|near)\s+[^,;.()]+?)"
    r"(?=\s+(?:for|to|and|as|because|while|but|where)\b|[,;.()]|$)"
)


def _verb_before(before: str) -> str | None:
    match = _VERB_BEFORE.search(before)
    if not match or match.group("verb") in ("has", "have", "had"):
        return None
    return match.group("verb")


def place_for(
    sentence: str, event: str | None, start: int, places: list[tuple[int, int, str]]
) -> str | None:
    """The place in the event phrase, else the place nearest the figure (not "Russia's")."""
    if event:
        in_event = [name for _, _, name in places if name in event]
        if in_event:
            return max(in_event, key=lambda name: (event.rfind(name), len(name)))
    best: tuple[int, str] | None = None
    for s, e, name in places:
        if sentence[e : e + 2] in ("'s", "’s"):
            continue
        distance = s - start if s >= start else (start - s) * 2
        if best is None or distance < best[0]:
            best = (distance, name)
    return best[1] if best else None


def period_of(sentence: str) -> str | None:
    rate = _PERIOD_RATE.search(sentence)
    window = _PERIOD_WINDOW.search(sentence)
    parts = [m.group(0) for m in (rate, window) if m]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else f"{parts[0]} ({parts[1]})"


def sentence_hedge(sentence: str) -> str | None:
    """Rumour, denial, dispute, unconfirmed or estimate, when the sentence says so."""
    if not _HEDGE_CUES.search(sentence):
        return None
    for name, pattern in _HEDGES:
        if pattern.search(sentence):
            return name
    return None


def likely_before(sentence: str, start: int) -> str | None:
    """"likely" hedges a figure only when it comes shortly before it."""
    return "likely" if _LIKELY.search(sentence[max(0, start - 60) : start]) else None


def generic(counted: str | None) -> bool:
    return counted is None or counted.split()[-1].lower() in _GENERIC
