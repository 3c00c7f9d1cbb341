"""Canonical questions: claims that count the same thing, for the same event, in the same
country, over the same kind of period, answer one question.

The key is deliberately coarse (country, not town; event class, not verb) so that
"1,500 troops shipped to Russia's Far East" and "11,000 soldiers training in eastern
Russia" meet as answers to "How many North Korean troops were sent to Russia?". The
claim keeps its exact place and event for the reader.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources

from corroborate.extract.context import CITY_COUNTRY, COUNTRY_DEMONYMS, DEMONYMS
from corroborate.extract.counted import counted_class
from corroborate.extract.events import EVENT_LABELS, event_class
from corroborate.extract.lexicon import entry

_RULES = tomllib.loads(
    resources.files("corroborate").joinpath("data", "questions.toml").read_text("utf-8")
)
QUESTION_EVENT: dict[str, str] = _RULES["events"]["question_class"]
PEOPLE_CLASSES: frozenset[str] = frozenset(entry("counted", "classes"))
ARMY_CLASSES: frozenset[str] = frozenset(_RULES["counted"]["armies"])
CROWD_CLASSES: list[str] = _RULES["counted"]["crowds"]
VAGUE: frozenset[str] = frozenset(_RULES["counted"]["vague"])
NOT_THINGS: frozenset[str] = frozenset(_RULES["counted"]["not_things"])
DEMONYM = re.compile(rf"(?:{DEMONYMS})$")
RUNNING_COUNTS: frozenset[str] = frozenset(_RULES["events"]["running"]["classes"])
GROWING_COUNTS: frozenset[str] = RUNNING_COUNTS | frozenset(_RULES["events"]["running"]["growing"])
MOMENTARY_COUNTS: frozenset[str] = frozenset(entry("events", "one_day"))
LOSSES: frozenset[str] = frozenset(_RULES["events"]["losses"]["classes"])
SENT: frozenset[str] = frozenset(_RULES["events"]["running"]["growing"])
SIDE_LOSSES: frozenset[str] = frozenset(_RULES["events"]["losses"]["of_a_side"])
OWNER_NORMAL: dict[str, str] = _RULES["owners"]
THEATRES: dict[str, tuple[str, str]] = {
    key: (name, country) for key, (name, country) in _RULES["places"]["theatres"].items()
}
REGION_COUNTRY: dict[str, str] = _RULES["places"]["regions"]
# Kinds that answer questions of their own; totals and plans answer the main one (plans as
# forecasts, never weighed into the present).
OWN_QUESTION_KINDS = ("increment", "subset", "other")


@dataclass(frozen=True, slots=True)
class QuestionKey:
    owner: str | None
    counted: str | None  # None: nothing a reader would ask about (a unit, page furniture)
    event: str
    place: str | None
    period: str | None
    unit: str | None
    kind: str | None = None  # None for totals; "increment", "subset", "other" or "named"

    def text(self) -> str:
        parts = (self.owner, self.counted, self.event, self.place, self.period, self.unit)
        text = "|".join(p or "" for p in parts)
        return f"{text}|{self.kind}" if self.kind else text

    def label(self) -> str:
        what = " ".join(p for p in (self.owner, self.counted) if p)
        verb = EVENT_LABELS.get(self.event, self.event)
        where = f" {_preposition(self.event)} {self.place}" if self.place else ""
        rate = f", {self.period}" if self.period else ""
        if self.period and self.period.startswith("on "):  # a crowd's day, not a rate
            rate = f" on {date.fromisoformat(self.period[3:]):%-d %B %Y}"
        unit = f" (in {self.unit})" if self.unit else ""
        more = " more" if self.kind == "increment" else ""
        tail = {
            "subset": " (a part of a larger figure)",
            "other": " (in one incident)",
            "named": " (counted by name)",
        }.get(self.kind or "", "")
        if self.event == "count":
            return f"How many{more} {what}{where}{rate}?{unit}{tail}"
        return f"How many{more} {what} were {verb}{where}{rate}?{unit}{tail}"


def _preposition(event: str) -> str:
    return "to" if event == "deployed" else "in"


def question_counted(counted: str | None, given: str | None = None) -> str | None:
    """The class of what is counted: the extractor's (``given``), else worked out from the
    words the same way; None when nothing a reader would ask about is counted: a class of
    people, or things named by a plural noun ("tanks"), not a word the reading stranded
    ("amid", "phases", "millimeter")."""
    found = given or counted_class(counted)
    if found is None or found in PEOPLE_CLASSES:
        return found
    thing = found.isalpha() and len(found) > 3 and found.endswith("s")
    return found if thing and found not in NOT_THINGS else None


def question_event(event: str | None, sentence: str = "", given: str | None = None) -> str:
    """The question's event class: the extractor's class when it gave one, else worked out
    from the words the same way, else "count"; "died" and "killed" are one question, and
    so are "present" and "deployed"."""
    found = given or event_class(event, sentence)
    return QUESTION_EVENT.get(found, found) if found else "count"


def normal_owner(owner: str | None, counted: str | None) -> str | None:
    """Whose the counted are, as a demonym ("North Korean"); None for an owner that is no
    people ("Monday's", "the agency's")."""
    for text in (owner, counted):
        if not text:
            continue
        lowered = text.lower()
        for key in sorted(OWNER_NORMAL, key=len, reverse=True):
            if key in lowered:
                return OWNER_NORMAL[key]
    if owner and DEMONYM.match(owner.strip()):
        return owner.strip()
    return None


def question_place(place: str | None, event: str | None = None) -> str | None:
    """The place a question is about: a theatre by name ("Kursk, Russia"), else the
    country the place lies in."""
    lowered = (place or "").lower()
    for key, (name, theatre_country) in THEATRES.items():
        if key in lowered:
            return f"{name}, {theatre_country}"
    if " and " in lowered:  # "Turkey and Syria": a question of both together
        parts = re.split(r",\s*|\s+and\s+", place or "")
        countries = {country for country in map(country_of, parts) if country is not None}
        if len(countries) > 1:
            return " and ".join(sorted(countries))
    country = country_of(place)
    if event in MOMENTARY_COUNTS and place and country and country.lower() != lowered:
        # A crowd in Paris is not the crowd across France: a city is its own question,
        # linked to its country's ("part of").
        return f"{place.strip().removeprefix('the ')}, {country}"
    return country


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
    for city, country in CITY_COUNTRY.items():
        if city.lower() == lowered.removeprefix("the ").strip():
            return country
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
    """pycountry's common name ("Russia") where it has one, else its official short name."""
    return str(getattr(country, "common_name", None) or getattr(country, "name", ""))


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


def one_day_period(day: date | None) -> str | None:
    """ "on 2023-03-07": the day a crowd's question is about (None: a figure with no day)."""
    return f"on {day.isoformat()}" if day else None


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
    event_class_given: str | None = None,
    counted_class_given: str | None = None,
    kind: str | None = None,
    day: date | None = None,
) -> QuestionKey:
    """The question a claim answers. ``day``: the day its figure speaks for (its own, else
    its article's), which makes each day of a one-day count a question of its own."""
    counted_as = question_counted(counted, counted_class_given)
    event_as = question_event(event, sentence, event_class_given)
    if event_as in MOMENTARY_COUNTS and counted_as in CROWD_CLASSES:
        counted_as = CROWD_CLASSES[-1]  # "protesters" and "people" at a march: one crowd
    owner_as = normal_owner(owner, counted)
    if place is None and owner_as is None and counted_as not in ARMY_CLASSES:
        # A crowd's place is its city, which a sentence naming the country does not give.
        place = None if event_as in MOMENTARY_COUNTS else sentence_country(sentence)
    kind_as = question_kind(kind, event_as, sentence)
    if kind_as == "subset" and place is not None and event_as in MOMENTARY_COUNTS:
        kind_as = None  # "including 80,000 in Paris": how many marched there, its own crowd
    place_as = question_place(place, event_as)
    if kind_as == "increment" and event_as in SENT and place_as and ", " in place_as:
        place_as = place_as.rsplit(", ", 1)[1]  # a batch sent to Kursk is a batch sent to Russia
    return _owner_is_no_place(
        QuestionKey(
            owner=owner_as,
            counted=counted_as,
            event=event_as,
            place=place_as,
            period=one_day_period(day) if event_as in MOMENTARY_COUNTS else rate_period(period),
            unit=unit,
            kind=kind_as,
        )
    )


def question_kind(kind: str | None, event: str, sentence: str = "") -> str | None:
    """The kind of question a claim answers: None (the main one) for totals and plans.
    Of losses, a part set apart only by what befell it answers the main question of that
    ("4,700 casualties, including 600 deaths": how many were killed), and the dead counted
    by name answer a question of their own ("the names of 24,000 soldiers killed were
    established"), a running count like the toll, never weighed against its estimates."""
    named = kind in (None, "total") and event in LOSSES
    if named and _COUNT_PHRASES["named"].search(sentence):
        return "named"
    if kind == "subset" and event in LOSSES - {"casualties"}:
        return None if _COUNT_PHRASES["losses"].search(sentence) else kind
    return kind if kind in OWN_QUESTION_KINDS else None


_COUNT_PHRASES: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b", re.I)
    for name, words in _RULES["counts"].items()
}


@lru_cache(maxsize=65536)
def sentence_country(sentence: str) -> str | None:
    """The countries a sentence names, by name or adjective ("Syria's toll", "the Turkey-
    Syria quake"): where a figure whose place went unread belongs, two together ("Syria and
    Turkey") when it names two. A source's nationality ("British intelligence", "the Turkish
    disaster agency said") counts only when the sentence names no other country. None when
    it names none, or a list of three or more (whose figure is no one's). Cached: the
    figures of a sentence ask it in turn."""
    names, source = _sentence_countries()
    words = [(m.group(0).lower(), m.end()) for m in _WORD.finditer(sentence)]
    named: set[str] = set()
    sources: set[str] = set()
    for i, (word, _end) in enumerate(words):
        for name, country in names.get(word, ()):
            if [w for w, _ in words[i : i + len(name)]] == list(name):
                after = words[i + len(name) - 1][1]
                (sources if source.match(sentence, after) else named).add(country)
                break
    found = named or sources
    return " and ".join(sorted(found)) if 0 < len(found) <= 2 else None


_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _sentence_countries() -> tuple[dict[str, list[tuple[tuple[str, ...], str]]], re.Pattern[str]]:
    """Each country's names and adjectives as words, by their first word, longest first,
    and the pattern of a source named after a country's adjective (up to four words, then
    an agency noun)."""
    country_of_name: dict[str, str] = {}
    for country, demonym in COUNTRY_DEMONYMS.items():
        if country != demonym and "." not in country and len(country) > 2:
            country_of_name.update({country: country, demonym: country})
    for region, country in REGION_COUNTRY.items():
        if country in country_of_name.values():
            country_of_name[region] = country
    names: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for name, country in country_of_name.items():
        words = tuple(w.lower() for w in _WORD.findall(name))
        names[words[0]].append((words, country))
    for candidates in names.values():
        candidates.sort(key=lambda item: -len(item[0]))
    agencies = "|".join(map(re.escape, _RULES["places"]["source_nouns"]))
    return dict(names), re.compile(rf"(?:\s+[\w&-]+){{0,4}}?\s+(?:{agencies})\b", re.I)


def _owner_is_no_place(key: QuestionKey) -> QuestionKey:
    """ "Russia has lost 1,000 troops": the owner's own country names whose they are, not
    where they are. An army's losses are counted per army, not per country where they
    fell ("in Ukraine", "in Russia", "in the Kursk region"); where it is sent or stationed,
    a theatre (Kursk) stays a question of its own."""
    if key.place and key.owner and OWNER_NORMAL.get(key.place.lower()) == key.owner:
        return replace(key, place=None)
    if key.place and key.counted in ARMY_CLASSES and key.event in LOSSES:
        return replace(key, place=None)
    country_level = key.place and ", " not in key.place
    if country_level and key.counted in ARMY_CLASSES and key.event in RUNNING_COUNTS:
        return replace(key, place=None)
    return key


def inherit_from_document(keys: list[QuestionKey], documents: list[int]) -> list[QuestionKey]:
    """What a figure leaves unsaid, its article says elsewhere about the same kind of
    people: the owner ("North Korean troops ... 1,500 troops arrived"), the one country
    ("the toll has risen to 5,000" in an article about Turkey) and what happened ("1.28
    million marched ... the unions said 3.5 million took part") — the most frequent of that
    class in the same document; a figure that names no class ("1,100 casualties") takes the
    article's most frequent owner of any class. People of an owner whose army the article
    counts are that army ("3,800 North Koreans killed" beside "North Korean troops"). People
    counted in a place with nothing else said are there: "11,000 troops in Kursk" answers
    the deployment question."""
    article = _Article()
    for key, document in zip(keys, documents, strict=True):
        article.read(key, document)
    return [article.fill(key, document) for key, document in zip(keys, documents, strict=True)]


class _Article:
    """What the figures of each document say, by class of what is counted."""

    def __init__(self) -> None:
        self.owners: dict[tuple[int, str | None], Counter[str]] = defaultdict(Counter)
        self.events: dict[tuple[int, str | None], Counter[str]] = defaultdict(Counter)
        self.places: dict[tuple[int, str | None], Counter[str]] = defaultdict(Counter)
        self.armies: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
        self.army_owners: dict[int, set[str]] = defaultdict(set)

    def read(self, key: QuestionKey, document: int) -> None:
        if key.owner:
            self.owners[(document, key.counted)][key.owner] += 1
            self.owners[(document, None)][key.owner] += 1
            if key.counted in ARMY_CLASSES:
                self.armies[(document, key.owner)][key.counted] += 1
                self.army_owners[document].add(key.owner)
        if key.event != "count" and key.kind is None:
            self.events[(document, key.counted)][key.event] += 1
        if key.place:
            self.places[(document, key.counted)][key.place] += 1

    def _army_of(self, key: QuestionKey, document: int) -> QuestionKey:
        """People of an owner whose army the article counts are that army. People of no
        owner are the army of the one owner whose army it counts ("JCS: 1,100
        casualties" under a story about North Korean troops), and the losses of a country
        are its army's ("Russia may have lost 45,000 people" beside "Russian troops"). The
        dead of one incident (a strike) may be civilians: they keep their class."""
        if key.owner is None and key.kind is None:
            key = replace(key, owner=self._side(key, document))
        army = self.armies.get((document, key.owner or ""))
        return _owner_is_no_place(replace(key, counted=army.most_common(1)[0][0])) if army else key

    def _side(self, key: QuestionKey, document: int) -> str | None:
        """The owner whose army suffered an unowned loss: the one army the article counts,
        for what only a side suffers ("casualties"); the army of the country that lost."""
        sides = self.army_owners.get(document, set())
        if key.place is None and key.event in SIDE_LOSSES:
            return next(iter(sides)) if len(sides) == 1 else None
        whose = OWNER_NORMAL.get((key.place or "").lower())
        return whose if key.event in LOSSES and whose in sides else None

    def fill(self, key: QuestionKey, document: int) -> QuestionKey:
        said = self.owners.get((document, key.counted)) if not key.owner else None
        if said:
            key = _owner_is_no_place(replace(key, owner=said.most_common(1)[0][0]))
        if key.counted in VAGUE:
            key = self._army_of(key, document)
        where = None if key.place else _dominant_country(self.places.get((document, key.counted)))
        if where:
            key = _owner_is_no_place(replace(key, place=where))
        done = self.events.get((document, key.counted)) if key.event == "count" else None
        if done:
            return replace(key, event=done.most_common(1)[0][0])
        if key.event == "count" and key.place and key.counted in PEOPLE_CLASSES:
            return replace(key, event="deployed")  # there: the stock a flow built
        return key


def _dominant_country(places: Counter[str] | None) -> str | None:
    """The one country an article's figures of a kind are placed in, when one dominates
    (``DOMINANT`` times any other place): "the toll has risen to 5,000" in an article about
    Turkey is Turkey's; in one about Turkey and Syria it is neither's. A city or theatre is
    no article's place."""
    if not places:
        return None
    (top, n), *rest = places.most_common()
    if ", " in top or (rest and n < DOMINANT * rest[0][1]):
        return None
    return top


def attach_unspecified(keys: list[QuestionKey]) -> list[QuestionKey]:
    """A claim that leaves its owner, event or place unsaid joins the best-supported
    question that agrees with everything it does say: "2,600 soldiers will go to Kursk"
    in a story about North Korean troops answers the North Korean question. Claims that
    say everything, or match nothing, keep their own key."""
    support: dict[QuestionKey, int] = {}
    for key in keys:
        support[key] = support.get(key, 0) + 1
    return [attach(key, support) for key in keys]


def attach(key: QuestionKey, support: Mapping[QuestionKey, int]) -> QuestionKey:
    """The question ``key`` joins, given how many claims give each key: ``support`` must
    hold ``key`` and every key that refines it (``generalisations`` names the keys a new
    key can sway; an incremental relink passes only those it read)."""
    if not _unspecified(key):
        return key
    candidates = [k for k in support if k != key and _refines(k, key)]
    if key.event in MOMENTARY_COUNTS and key.place is None:
        # "1.27 million marched" beside "87,000 in Paris": the nation's crowd, not the city's
        candidates = [k for k in candidates if ", " not in (k.place or "")]
    best = max(
        candidates, key=lambda k: (support[k], -_unspecified(k), _broad(k), k.text()), default=key
    )
    if _rival_place(best, key, candidates, support):
        return key
    if support.get(best, 0) < support[key] and not _only_the_place_unsaid(best, key):
        return key
    return best


def _broad(key: QuestionKey) -> bool:
    """A country, not a city or theatre inside it: on a tie, the story's place."""
    return ", " not in (key.place or "")


def _only_the_place_unsaid(best: QuestionKey, key: QuestionKey) -> bool:
    """``key`` says all ``best`` says but its country: a story's figures that leave the
    place unsaid join its one country, however many they are (a city or a theatre is not
    the story's place)."""
    return (
        key.place is None
        and best.place is not None
        and ", " not in best.place
        and (best.owner, best.event) == (key.owner, key.event)
    )


def generalisations(key: QuestionKey) -> list[QuestionKey]:
    """The keys ``key`` refines, itself included: the same key with its owner, place or
    event left unsaid, in every combination. Only claims of these keys can change the
    question they join when claims of ``key`` come or go."""
    owners = {key.owner, None}
    places = {key.place, None}
    events = {key.event, "count"}
    return [
        replace(key, owner=owner, place=place, event=event)
        for owner in owners
        for place in places
        for event in events
    ]


# A place left unsaid is the story's place only when one place dominates: in a story about
# Turkey and Syria, "the death toll passed 5,000" is neither's.
DOMINANT = 2.0


def _rival_place(
    best: QuestionKey,
    key: QuestionKey,
    candidates: list[QuestionKey],
    support: Mapping[QuestionKey, int],
) -> bool:
    if key.place is not None or best.place is None:
        return False
    country = country_of(best.place.split(", ")[-1])
    rivals = [
        support[k] for k in candidates
        if k.place and country_of(k.place.split(", ")[-1]) != country
    ]  # fmt: skip
    return bool(rivals) and support[best] < DOMINANT * max(rivals)


def _unspecified(key: QuestionKey) -> int:
    return (key.owner is None) + (key.place is None) + (key.event == "count")


def _refines(candidate: QuestionKey, key: QuestionKey) -> bool:
    """``candidate`` says at least what ``key`` says, and nothing that contradicts it."""
    if (candidate.period, candidate.unit, candidate.kind) != (key.period, key.unit, key.kind):
        return False
    return (
        key.counted == candidate.counted
        and (key.owner is None or key.owner == candidate.owner)
        and (key.place is None or key.place == candidate.place)
        and (key.event == "count" or key.event == candidate.event)
    )
