"""Canonical source names: "South Korea's spy agency" and "the NIS" are one source.

A small alias table (``data/source_aliases.json``) plus normalisation: straight
apostrophes, no leading "the", no military or civil titles, no possessive "'s". A name
that is not in the table comes back cleaned but otherwise as written, so unknown sources
still group with their own repetitions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from corroborate.extract.context import COUNTRY_DEMONYMS
from corroborate.extract.lexicon import entry, phrase_pattern

_TITLES = re.compile(
    r"^(?:(?:lt|lieut|maj|brig|gen|col|capt|cmdr|adm|sgt|cpl|pvt|dr|mr|mrs|ms|prof|sen|rep|gov|"
    r"rev|hon|lt\.?\s?gen|maj\.?\s?gen|brig\.?\s?gen)\.?\s+)+",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_KIND_RULES = [
    ("social", re.compile(r"social media|telegram|bloggers?|twitter|\bx\b posts|tiktok", re.I)),
    (
        "media",
        re.compile(r"\bmedia\b|newspaper|news agency|broadcaster|outlet|\btv\b|press\b", re.I),
    ),
    ("report", re.compile(r"\breports?\b|study|survey|institute|think tank|analysts?", re.I)),
    (
        "official",
        re.compile(
            r"ministry|department|government|military|army|command|office|council|committee|police|"
            r"pentagon|kremlin|authorities|officials?|spokes(?:man|woman|person)|president|"
            r"minister|governor|mayor|secretary|general staff|white house|administration",
            re.I,
        ),
    ),
    ("agency", re.compile(r"agency|intelligence|service|bureau|directorate", re.I)),
]


def normalise(name: str) -> str:
    """Lower case, straight quotes, no leading "the", titles or trailing possessive."""
    text = name.replace("’", "'").replace("‘", "'").strip(" \t\n.,;:\"'“”()[]")
    text = _SPACE.sub(" ", text)
    text = _THE.sub("", text)
    text = _TITLES.sub("", text)
    return _drop_possessive(text).lower()


_THE = re.compile(r"^the\s+", re.IGNORECASE)


def _drop_possessive(text: str) -> str:
    """ "Ukraine's" -> "Ukraine", "the generals'" -> "the generals"."""
    return text[:-2] if text.endswith("'s") else text[:-1] if text.endswith("'") else text


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    raw = resources.files("corroborate").joinpath("data/source_aliases.json").read_text("utf-8")
    aliases: dict[str, str] = {}
    kinds: dict[str, str] = {}
    organisations: dict[str, str] = {}
    for canonical, known in json.loads(raw)["sources"].items():
        kinds[canonical] = known["kind"]
        if known.get("organisation"):
            organisations[canonical] = known["organisation"]
        for alias in [canonical, *known["aliases"]]:
            aliases[normalise(alias)] = canonical
    return aliases, kinds, organisations


def is_known_source(name: str) -> bool:
    """Whether the alias table knows this name (or a name inside it)."""
    return canonical_source(name) in _table()[1]


def organisation_of(name: str) -> str | None:
    """The organisation a known person speaks for ("his agency" after Budanov: HUR)."""
    return _table()[2].get(canonical_source(name))


@lru_cache(maxsize=4096)
def canonical_source(name: str) -> str:
    """The canonical name of a source, or the cleaned name when the table does not know it."""
    if not name or not name.strip():
        return name
    aliases = _table()[0]
    key = normalise(name)
    if key in aliases:
        return aliases[key]
    if "[" in name or "(" in name:  # "the Disaster and Emergency ... Authority [AFAD]"
        for part in re.split(r"[(\[]", name)[1:]:
            if normalise(part) in aliases:
                return aliases[normalise(part)]
    if "," in name and NAME_LIST.fullmatch(name.strip()):
        # "South Korea, the U.S., and Ukraine" speaking together: the list as written
        return _THE.sub("", _SPACE.sub(" ", name.replace("’", "'")).strip(' \t\n.,;:"“”()[]'))
    parts = re.split(r"\s+and\s+", name)
    if len(parts) == 2 and all(p.strip() for p in parts):
        if _one_name(parts[0], name):
            return _lookup_window(name, joined=True) or _clean(name)
        # "Zelensky and South Korea": two sources speaking together.
        return " and ".join(canonical_source(p) for p in parts)
    if _UNNAMED.match(key):  # "unnamed US officials" are not the government speaking
        return _clean(name)
    return _lookup(name) or _government(key) or _officials_in(key) or _clean(name)


# "military officials in Kyiv", "officials in Seoul": a country's officials, by where they sit.
_OFFICIALS_IN = re.compile(
    r"^(?P<role>(?:[a-z-]+\s+){0,2}?(?:officials|authorities|sources))\s+in\s+(?P<place>.+)$"
)


def _officials_in(key: str) -> str | None:
    """ "military officials in Kyiv" -> "Ukrainian military officials" (the capital or
    country stands for its state, as in the lexicon's [governments] table)."""
    if " in " not in key:
        return None
    found = _OFFICIALS_IN.match(key)
    if found is None:
        return None
    demonym = _demonyms().get(_NEARBY.sub("", found.group("place")))
    return f"{demonym} {found.group('role')}" if demonym else None


_UNNAMED = re.compile(r"^(?:unnamed|anonymous|unidentified)\s")
_LIST_ITEM = r"(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
# Three names or more speaking together: "South Korea, the U.S., and Ukraine".
NAME_LIST = re.compile(
    rf"(?:{_LIST_ITEM},\s+){{2,5}}(?:and|or)\s+{_LIST_ITEM}|"
    rf"(?:{_LIST_ITEM},\s+){{1,5}}{_LIST_ITEM},?\s+(?:and|or)\s+{_LIST_ITEM}"
)


def _one_name(left: str, whole: str) -> bool:
    """ "Disaster and Emergency Management Agency", "Center for Strategic and International
    Studies": an "and" inside one organisation's name, not two sources speaking together."""
    words = whole.replace("’", "'").split()
    if not words or words[-1].strip(".,;:)]").lower() not in org_heads():
        return False
    left_last = left.split()[-1].lower() if left.split() else ""
    if left_last in org_heads() or _lookup(left) is not None or not left[:1].isupper():
        return False
    return all(w[:1].isupper() or w in ("of", "for", "the", "and", "on") for w in words[1:])


@lru_cache(maxsize=4096)
def _government(key: str) -> str | None:
    """ "Türkiye", "neighboring Syria", "Seoul": a country or its capital speaking is its
    government (the lexicon's [governments] table, then the extractor's country names)."""
    key = _NEARBY.sub("", key)
    demonym = _demonyms().get(key)
    return f"{demonym} government" if demonym and demonym not in ("US", "U.S.") else None


_NEARBY = re.compile(r"^(?:neighbou?ring|nearby)\s+")


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Lower-case country or capital -> demonym: the lexicon's table first."""
    table = {k.lower(): v for k, v in COUNTRY_DEMONYMS.items()}
    table.update({k.lower(): v for k, v in entry("attribution", "governments").items()})
    return table


def _lookup(name: str) -> str | None:
    aliases = _table()[0]
    key = normalise(name)
    if key in aliases:
        return aliases[key]
    # "Kyrylo Budanov, Ukraine's spy chief" or "the Pentagon (via a spokesperson)".
    for part in re.split(r"[,(\[;]|\s+-\s+", name):
        part_key = normalise(part)
        if part_key in aliases:
            return aliases[part_key]
    return _lookup_window(name)


def _lookup_window(name: str, joined: bool = False) -> str | None:
    """The longest run of words that is a known alias: "Pentagon deputy press secretary X"
    (``joined``: an "and" inside one name, "Disaster and Emergency Management Agency")."""
    aliases = _table()[0]
    words = normalise(name).replace(",", " ").split()
    if len(words) > 16 or (" and " in f" {' '.join(words)} " and not joined):
        return None
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            key = " ".join(words[i : i + size])
            key = _drop_possessive(key)
            if key in aliases and (size > 1 or len(key) > 2):
                return aliases[key]
    return None


_NAME_THEN_APPOSITIVE = re.compile(
    r"^(?P<name>(?:[A-Z][\w.'-]*\s+){1,3}[A-Z][\w'-]+),\s+(?:the|a|an|who|which|[a-z])"
)


def _clean(name: str) -> str:
    text = _SPACE.sub(" ", name.replace("’", "'")).strip(' \t\n.,;:"“”()[]')
    person = _NAME_THEN_APPOSITIVE.match(text)
    if person and not _TITLES.match(person.group("name")):
        text = person.group("name")  # "Marta Ilyina, the head of X": the person's name
    text = _THE.sub("", text)
    text = _TITLES.sub("", text)
    text = text[:-2] if text.endswith("'s") else text
    if _PERSON_SHAPE.fullmatch(text):  # "Seong-kweun" and "Seong Kweun" are one spelling
        text = _NAME_HYPHEN.sub(lambda m: " " + m.group(1).upper(), text)
    return text


_PERSON_SHAPE = re.compile(r"(?:[A-Z][\w'.-]+\s+){1,3}[A-Z][\w'.-]+")
_NAME_HYPHEN = re.compile(r"(?<=[a-z])-([a-z])")


@lru_cache(maxsize=4096)
def source_kind(name: str) -> str:
    """author, person, agency, official, media, social, report, or other."""
    canonical = canonical_source(name)
    kinds = _table()[1]
    if canonical in kinds:
        return kinds[canonical]
    first = canonical.split(" and ", 1)[0]
    if first != canonical and first in kinds:  # "Mediazona and volunteers": a media source
        return kinds[first]
    for kind, pattern in _KIND_RULES:
        if pattern.search(canonical):
            return kind
    if re.fullmatch(r"(?:[A-Z][\w'.-]+\s+){0,3}[A-Z][\w'.-]+", canonical):
        return "person" if " " in canonical else "other"
    return "other"


def same_source(a: str, b: str) -> bool:
    """Whether two names designate the same source after canonicalisation."""
    return normalise(canonical_source(a)) == normalise(canonical_source(b))


@lru_cache(maxsize=4)
def _lexicon_words(*keys: str) -> frozenset[str]:
    """A word list of the attribution lexicon."""
    return frozenset(w.lower() for w in entry("attribution", *keys))


def org_heads() -> frozenset[str]:
    """The last words of organisations' names ("Agency", "Studies", "Ministry")."""
    return _lexicon_words("names", "org_heads")


def _title_words() -> frozenset[str]:
    """Titles and roles before a name ("South Korean MP Lee ...")."""
    return _lexicon_words("names", "titles")


def legislator_roles() -> frozenset[str]:
    """ "lawmaker", "MP", "Rep.": people who relay what an agency briefed them."""
    return _lexicon_words("relay", "legislator_roles")


_WORD_TOKEN = re.compile(r"[\w'’.&-]+")
_NAME_LINKS = frozenset({"of", "for", "and", "on", "in", "de", "&"})


@lru_cache(maxsize=4096)
def person_core(surface: str) -> str | None:
    """The name at the end of a description, without its titles: "South Korean MP Lee
    Seong Kweun" -> "Lee Seong Kweun", "NIS Director Cho Tae-yong" -> "Cho Tae-yong"."""
    tokens = _WORD_TOKEN.findall(surface.split(",")[0])
    core: list[str] = []
    for token in tokens[::-1]:
        bare = token.rstrip(".").lower()
        titles = _title_words()
        if bare in _NAME_LINKS and core:
            return None  # "Observatory for Human Rights": an organisation's name, no person
        if not token[:1].isupper() or bare in titles or token.lower() in titles:
            break
        core.append(token.rstrip("’'s") if token.endswith(("'s", "’s")) else token)
    if not core or len(core) > 4 or core[0].lower() in org_heads():
        return None  # "... Emergency Management Agency" is no person
    return " ".join(reversed(core))


@lru_cache(maxsize=4096)
def _clean_cached(name: str) -> str:
    return _clean(name)


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalpha())


@dataclass(slots=True)
class _Person:
    canonical: str
    key: str
    tokens: tuple[str, ...]
    roles: set[str] = field(default_factory=set)
    titles: frozenset[str] = frozenset()  # "vice president" for "Vice President Fuat Oktay"
    name: str = ""  # the person's own name when ``canonical`` is the organisation they speak for


@lru_cache(maxsize=1)
def _voice_pattern() -> re.Pattern[str]:
    titles = phrase_pattern(sorted(_lexicon_words("names", "voices")))
    return re.compile(
        rf"^(?:the\s+)?(?P<org>(?:[A-Z][\w.&'’-]*\s+){{0,5}}?[A-Z][\w.&'’-]*(?:['’]s)?)\s+"
        rf"(?:(?:chief|senior|deputy|national\s+security|official)\s+)?{titles}\s+"
        r"(?P<name>(?:[A-Z][\w.'’-]+\s+){0,3}[A-Z][\w'’-]+)$",
        re.IGNORECASE,
    )


@lru_cache(maxsize=4096)
def spokesperson_of(surface: str) -> tuple[str, str] | None:
    """ "State Department spokesperson Ned Price" -> ("State Department", "Ned Price"): the
    organisation a spokesperson speaks for, and their name."""
    lowered = surface.lower()
    if "spokes" not in lowered and "press" not in lowered:
        return None
    match = _voice_pattern().match(surface.strip())
    if match is None or not match.group("name")[:1].isupper():
        return None
    org = match.group("org")
    if not org[:1].isupper():
        return None
    if org.split()[-1] in COUNTRY_DEMONYMS.values() or org in COUNTRY_DEMONYMS:
        return None  # "Turkish spokesman X": a nationality, no organisation
    return canonical_source(org), match.group("name")


class NameBook:
    """The people one document names, so that a person is one source however the text
    writes them: "South Korean MP Lee Seong-kweun", "lawmaker Lee Seong Kweun" and, later,
    "Lee" (a surname alone refers to the full name given earlier)."""

    def __init__(self) -> None:
        self._people: list[_Person] = []

    def resolve(self, surface: str, canonical: str) -> str:
        """The document's one name for ``surface`` (whose global canonical name is
        ``canonical``); a new person is remembered."""
        core = person_core(surface)
        if core is None:
            return self._by_title(surface) or canonical
        if " and " in surface or _government(core.lower()) is not None:
            return canonical  # two sources together, or a country: nobody's name
        key, tokens = _letters(core), tuple(core.lower().replace("-", " ").split())
        roles = {w for w in _words_lower(surface) if w in legislator_roles()}
        for person in reversed(self._people):
            if person.key == key or (len(tokens) == 1 and tokens[0] in person.tokens):
                person.roles |= {"legislator"} if roles else set()
                return person.canonical
        titled = core != _clean_cached(surface)
        if len(tokens) == 1 or not (titled or source_kind(canonical) == "person"):
            return canonical
        voice = spokesperson_of(surface)
        if voice is not None:  # "State Department spokesperson Ned Price": the department
            canonical = voice[0]
        elif not is_known_source(surface):  # "Health Minister Anna Kessel" is Anna Kessel
            canonical = canonical_source(core)
        person = _Person(canonical, key, tokens, {"legislator"} if roles else set())
        person.titles = _titles_in(surface)
        person.name = voice[1] if voice else ""
        self._people.append(person)
        return canonical

    def _by_title(self, surface: str) -> str | None:
        """ "the vice president" after "Vice President Fuat Oktay": the one person the
        document named with that title (two of them: nobody can tell which)."""
        words = [w for w in _words_lower(surface) if w not in ("the", "a", "an")]
        titles = _titles_in(surface)
        if not words or len(titles) < len(words):
            return None  # not a bare title
        named = {p.canonical for p in self._people if titles <= p.titles}
        return named.pop() if len(named) == 1 else None

    def voice(self, surface: str) -> str | None:
        """The spokesperson's own name when ``surface`` names one ("Price" after "State
        Department spokesperson Ned Price"), else None."""
        core = person_core(surface)
        if core is None:
            return None
        key, tokens = _letters(core), tuple(core.lower().replace("-", " ").split())
        for person in reversed(self._people):
            if person.key == key or (len(tokens) == 1 and tokens[0] in person.tokens):
                return person.name or None
        return None

    def legislators(self) -> list[str]:
        """The lawmakers the document names, in order."""
        return [p.canonical for p in self._people if "legislator" in p.roles]

    def is_legislator(self, name: str) -> bool:
        return any(p.canonical == name and "legislator" in p.roles for p in self._people)


@lru_cache(maxsize=4096)
def _titles_in(surface: str) -> frozenset[str]:
    """The title words of ``surface``: "vice" and "president" in "Vice President X"."""
    tokens = _title_tokens()
    return frozenset(w for w in _words_lower(surface) if w in tokens)


@lru_cache(maxsize=1)
def _title_tokens() -> frozenset[str]:
    return frozenset(w for title in _title_words() for w in title.split())


def _words_lower(text: str) -> list[str]:
    return [w.rstrip(".").lower() for w in _WORD_TOKEN.findall(text)]
