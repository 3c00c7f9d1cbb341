"""Canonical questions: claims that count the same thing, for the same event, in the same
country, over the same kind of period, answer one question.

The key is deliberately coarse (country, not town; event class, not verb) so that
"1,500 troops shipped to Russia's Far East" and "11,000 soldiers training in eastern
Russia" meet as answers to "How many North Korean troops were sent to Russia?". The
claim keeps its exact place and event for the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Head nouns that count the same kind of thing.
COUNTED_CLASSES: dict[str, tuple[str, ...]] = {
    "troops": (
        "troop",
        "soldier",
        "personnel",
        "serviceman",
        "servicemen",
        "infantry",
        "force",
        "fighter",
        "conscript",
        "recruit",
        "military",
        "mercenar",
        "commando",
        "officer",
        "cadre",
        "men",
        "reservist",
        "battalion",
        "brigade",
        "unit",
    ),
    "civilians": ("civilian", "resident", "people", "person", "inhabitant"),
    "refugees": ("refugee", "displaced", "evacuee", "migrant"),
    "casualties": ("casualt", "dead", "death", "fatalit", "victim", "killed", "wounded"),
}

# Event classes, tried in order: casualties win over deployment in "killed after being sent".
EVENT_CLASSES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "casualties",
        "killed or wounded",
        (
            "kill",
            "wound",
            "dead",
            "died",
            "lost",
            "loss",
            "casualt",
            "injur",
            "death",
        ),
    ),
    (
        "deployed",
        "sent",
        (
            "deploy",
            "sent",
            "send",
            "ship",
            "en route",
            "train",
            "transfer",
            "arriv",
            "ready",
            "join",
            "go to",
            "move",
            "dispatch",
            "station",
            "fight",
            "combat",
            "prepar",
            "head",
            "supply",
            "supplied",
            "in russia",
            "in ukraine",
            "in kursk",
            "engaged",
        ),
    ),
    ("captured", "captured", ("captur", "prisoner", "surrender")),
    ("in service", "in service", ("active", "service", "strength", "has ", "have ")),
)

OWNER_NORMAL = {
    "north korea": "North Korean",
    "north korean": "North Korean",
    "dprk": "North Korean",
    "russia": "Russian",
    "russian": "Russian",
    "ukraine": "Ukrainian",
    "ukrainian": "Ukrainian",
    "south korea": "South Korean",
    "south korean": "South Korean",
}

# Theatres: regions where fighting is reported region by region. A figure "in Kursk"
# answers a question of its own, not the country's: 8,000 troops in the Kursk region is
# part of, not a rival to, 11,000 in Russia.
THEATRES = {
    "kursk": ("Kursk", "Russia"),
    "belgorod": ("Belgorod", "Russia"),
    "donetsk": ("Donetsk", "Ukraine"),
    "luhansk": ("Luhansk", "Ukraine"),
    "zaporizhzhia": ("Zaporizhzhia", "Ukraine"),
    "kherson": ("Kherson", "Ukraine"),
    "kharkiv": ("Kharkiv", "Ukraine"),
    "crimea": ("Crimea", "Ukraine"),
}

# Other sub-national places that conflict reporting names, mapped to their country.
REGION_COUNTRY = {
    "vladivostok": "Russia",
    "far east": "Russia",
    "eastern russia": "Russia",
    "primorsky": "Russia",
    "khabarovsk": "Russia",
    "moscow": "Russia",
    "kyiv": "Ukraine",
    "occupied ukraine": "Ukraine",
    "pyongyang": "North Korea",
}


@dataclass(frozen=True, slots=True)
class QuestionKey:
    owner: str | None
    counted: str
    event: str
    place: str | None
    period: str | None
    unit: str | None

    def text(self) -> str:
        parts = (self.owner, self.counted, self.event, self.place, self.period, self.unit)
        return "|".join(p or "" for p in parts)

    def label(self) -> str:
        what = " ".join(p for p in (self.owner, self.counted) if p)
        verb = dict((name, verb) for name, verb, _ in EVENT_CLASSES).get(self.event, self.event)
        where = f" {_preposition(self.event)} {self.place}" if self.place else ""
        rate = f", {self.period}" if self.period else ""
        unit = f" (in {self.unit})" if self.unit else ""
        if self.event == "count":
            return f"How many {what}{where}{rate}?{unit}"
        return f"How many {what} were {verb}{where}{rate}?{unit}"


def _preposition(event: str) -> str:
    return "to" if event == "deployed" else "in"


def counted_class(counted: str | None) -> str:
    """The class of what is counted ("special forces troops" -> "troops"), or its last
    word when no class fits."""
    if not counted:
        return "items"
    words = re.findall(r"[a-z]+", counted.lower())
    for word in reversed(words):  # the head noun is usually last
        for name, stems in COUNTED_CLASSES.items():
            if any(word.startswith(stem) for stem in stems):
                return name
    return words[-1] if words else "items"


def event_class(event: str | None, sentence: str = "") -> str:
    text = f" {(event or '').lower()} "
    for name, _verb, stems in EVENT_CLASSES:
        if any(stem in text for stem in stems):
            return name
    lowered = sentence.lower()
    for name, _verb, stems in EVENT_CLASSES[:2]:  # only the clear classes from context
        if any(stem in lowered for stem in stems):
            return name
    return "count"


def normal_owner(owner: str | None, counted: str | None) -> str | None:
    for text in (owner, counted):
        if not text:
            continue
        lowered = text.lower()
        for key in sorted(OWNER_NORMAL, key=len, reverse=True):
            if key in lowered:
                return OWNER_NORMAL[key]
    return owner.strip() if owner else None


def question_place(place: str | None) -> str | None:
    """The place a question is about: a theatre by name ("Kursk, Russia"), else the
    country the place lies in."""
    lowered = (place or "").lower()
    for key, (name, country) in THEATRES.items():
        if key in lowered:
            return f"{name}, {country}"
    return country_of(place)


@lru_cache(maxsize=65536)
def country_of(place: str | None) -> str | None:
    """The country a place lies in, from the region table or the pycountry gazetteer.
    Cached: a relink asks it of every claim, and places repeat."""
    if not place:
        return None
    lowered = place.lower()
    for key, (_name, country) in THEATRES.items():
        if key in lowered:
            return country
    for region in sorted(REGION_COUNTRY, key=len, reverse=True):
        if region in lowered:
            return REGION_COUNTRY[region]
    return _gazetteer_country(lowered) or place.strip()


def _gazetteer_country(lowered: str) -> str | None:
    import pycountry

    for word in (lowered, lowered.removeprefix("the ")):
        try:
            return _common_name(pycountry.countries.lookup(word))
        except LookupError:
            continue
    for country, pattern in _country_patterns():
        if pattern.search(lowered):
            return country
    return None


def _common_name(country: object) -> str:
    return getattr(country, "common_name", None) or country.name  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _country_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each country's name as a whole-word pattern, longest names first."""
    import pycountry

    names = {_common_name(c) for c in pycountry.countries}
    names |= {"Russia", "North Korea", "South Korea", "Iran", "Syria"}
    return [
        (name, re.compile(rf"\b{re.escape(name.lower())}\b"))
        for name in sorted(names, key=lambda n: (-len(n), n))
    ]


RATE = re.compile(
    r"\b(?:per|a|an|each|every)\s+(day|week|month|year)\b|\b(daily|weekly|monthly|yearly)\b"
)
RATE_UNIT = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}


def rate_period(period: str | None) -> str | None:
    """ "per day" for rates ("over 1,300 a day on average"); None for spans of time such as
    "last week", which date a claim rather than make it a rate."""
    match = RATE.search((period or "").lower())
    if not match:
        return None
    unit = match.group(1) or RATE_UNIT[match.group(2)]
    return f"per {unit}"


def question_key(
    *,
    counted: str | None,
    owner: str | None,
    event: str | None,
    place: str | None,
    period: str | None,
    unit: str | None,
    sentence: str = "",
) -> QuestionKey:
    return QuestionKey(
        owner=normal_owner(owner, counted),
        counted=counted_class(counted),
        event=event_class(event, sentence),
        place=question_place(place),
        period=rate_period(period),
        unit=unit,
    )


def attach_unspecified(keys: list[QuestionKey]) -> list[QuestionKey]:
    """A claim that leaves its owner, event or place unsaid joins the best-supported
    question that agrees with everything it does say: "2,600 soldiers will go to Kursk"
    in a story about North Korean troops answers the North Korean question. Claims that
    say everything, or match nothing, keep their own key."""
    support: dict[QuestionKey, int] = {}
    for key in keys:
        support[key] = support.get(key, 0) + 1
    out = []
    for key in keys:
        if not _unspecified(key):
            out.append(key)
            continue
        candidates = [k for k in support if k != key and _refines(k, key)]
        best = max(candidates, key=lambda k: (support[k], -_unspecified(k), k.text()), default=key)
        out.append(best if support.get(best, 0) >= support[key] else key)
    return out


def _unspecified(key: QuestionKey) -> int:
    return (key.owner is None) + (key.place is None) + (key.event == "count")


def _refines(candidate: QuestionKey, key: QuestionKey) -> bool:
    """``candidate`` says at least what ``key`` says, and nothing that contradicts it."""
    if (candidate.counted, candidate.period, candidate.unit) != (key.counted, key.period, key.unit):
        return False
    return (
        (key.owner is None or key.owner == candidate.owner)
        and (key.place is None or key.place == candidate.place)
        and (key.event == "count" or key.event == candidate.event)
    )
