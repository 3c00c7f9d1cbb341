"""Who a sentence's figures are attributed to.

Rules over the raw sentence, in the order a reader applies them: a figure-local source
("the 10,000 figure estimated by X", "X's estimate of 10,000"), then "according to X",
then a reporting verb after the content ("..., X said on Friday", "..., said X"), then a
reporting verb after a sentence-initial subject ("X said/told/estimated ..."), then
anonymous channels ("social media has been abuzz", "reports of"). A sentence quoting two
sources ("X said 11,000, while Y said 10,000") gives each figure the nearest cue before it.
Pronouns ("he added", "the agency said") are left as written here and resolved against the
document's earlier sources by the extractor.

``source_spans`` serves the PolNeAR benchmark, which annotates every expressed stance
("urged", "tweeted"): it adds the subject of each such verb to the rules above.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from corroborate.extract.lexicon import compiled, entry, first_words, phrase_pattern
from corroborate.extract.numbers import word_set
from corroborate.extract.sources import NAME_LIST, is_known_source, org_heads

UNATTRIBUTED = "unattributed"  # the text gives the figure as "reports" without saying whose
_LEX = "attribution"
_VERB_LIST: list[str] = entry(_LEX, "verbs", "reporting")
_AUX = r"(?:(?:has|have|had|will|would|also|previously|earlier|now|further|recently|then)\s+)*"
# Sentences without one of these words are not read for attribution at all (speed).
CUE_WORDS = first_words(_VERB_LIST) | first_words(entry(_LEX, "not_source", "given_by")) | {
    *entry(_LEX, "revision", "verbs"),
    "according", "abuzz", "reportedly", "discussed", "social", "telegram", "bloggers",
    "milbloggers", "reports", "report", "rumours", "rumors",
}  # fmt: skip

VERB_WORDS = frozenset(v for v in _VERB_LIST if " " not in v)
_WORD = re.compile(r"[A-Za-z]+")
_REPORT_PHRASE = re.compile(r"\s+reports?(?:\s+of)?\b", re.IGNORECASE)
_INVERTED_VERBS = frozenset(entry(_LEX, "verbs", "inverted"))
_BOUNDARY = re.compile(r"(?<!\d),|,(?!\d{3}\b)|[;:\"”]|’(?=\s)|\s[-–—]\s")  # not "6,000"


@lru_cache(maxsize=256)
def _verbs(sentence: str, limit: int | None = None) -> tuple[tuple[int, int, str], ...]:
    """Reporting verbs in order: (start, end, verb); "discussed reports of" is one verb.

    Cached: the three attribution rules read the same sentence's verbs.
    """
    out = []
    for match in _WORD.finditer(sentence, 0, limit if limit is not None else len(sentence)):
        word = match.group(0).lower()
        if word in VERB_WORDS:
            out.append((match.start(), match.end(), word))
        elif word in ("discussed", "cited"):
            phrase = _REPORT_PHRASE.match(sentence, match.end())
            if phrase:
                out.append((match.start(), phrase.end(), f"{word}{phrase.group(0).lower()}"))
    return tuple(out)


_ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
# Words that are verbs or nouns: "Media reports from ..." is a subject, not a report verb.
_NOUNABLE = frozenset(entry(_LEX, "verbs", "nounable"))
_NOUN_NEXT = re.compile(
    r"^\s+(?:from|of|by|in|on|at|and|say|says|said|suggest|suggests|show|shows|estimate|"
    r"indicate|indicated|have|had|has|were|was|are|is)\b",
    re.IGNORECASE,
)
_PROPER_MODIFIER = re.compile(
    r"(?:^|[,;:]\s+|\s)(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat)\s+(?:[A-Z][\w.’'-]*\s+){1,3}$"
)
_DETERMINER_END = re.compile(
    r"(?:^|\s)(?:the|a|an|this|that|these|those|its|their|his|her|our|my|such)"
    r"(?:\s+(?:own|latest|new|first|initial|official|previous|earlier|updated|lower|higher))?$",
    re.IGNORECASE,
)
_DETERMINER_WORDS = word_set(  # the last word of any match of _DETERMINER_END
    "the a an this that these those its their his her our my such own latest new first "
    "initial official previous earlier updated lower higher"
)


def _ends_in_determiner(head: str) -> bool:
    """ "the claim that ...": the verb is a noun. The regex runs only when the last word
    could end a match (speed)."""
    words = head[-16:].split()
    return (
        bool(words)
        and words[-1].lower() in _DETERMINER_WORDS
        and bool(_DETERMINER_END.search(head))
    )


_TRAILING_AUX = re.compile(
    r"(?:\s+(?:has|have|had|will|would|also|previously|earlier|now|further|recently|then))+$",
    re.IGNORECASE,
)
_AUX_WORDS = word_set("has have had will would also previously earlier now further recently then")


def _drop_trailing_aux(text: str) -> str:
    """ "X has also" -> "X"; the regex runs only when the last word is one of them (speed)."""
    words = text[-16:].split()
    return _TRAILING_AUX.sub("", text) if words and words[-1].lower() in _AUX_WORDS else text


_LOCAL_BY = re.compile(
    r"^\s*(?:[\w-]+\)?\s+){0,3}?(?:\([^()]*\)\s+)?(?:estimated|given|cited|reported|provided|"
    r"put forward|claimed|announced|quoted|offered|released|published|issued|cited|stated|"
    r"suggested)\s+by\s+"
    r"(?P<src>[^;]+?)\s*(?:[;.!?]\s*$|$|\s[-–—]\s)",
    re.IGNORECASE,
)
_LOCAL_POSSESSIVE = re.compile(
    r"(?:(?P<src>(?:[A-Z][\w.-]*\s+){0,4}[A-Z][\w.-]*|\bthe\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)"
    r"['’]s?|\b(?i:(?P<owner>"
    + "|".join(re.escape(w) for w in entry(_LEX, "owners", "words"))
    + r")))\s+(?:latest\s+|own\s+|new\s+|official\s+)?"
    r"(?:figure|estimate|count|tally|assessment|number|calculation|data)\s+of\s+"
    r"(?:about\s+|some\s+|around\s+|nearly\s+|roughly\s+)?$"
)
_OWNER_WORDS = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in entry(_LEX, "owners", "words")) + r")\s",
    re.IGNORECASE,
)
# A source whose verb the sentence gave before and leaves out: "police counted 30,000,
# and the unions 2 million", "the ministry put it at 1.1 million, organisers at 3 million".
_GAPPED = re.compile(
    r"(?:,|;|\band)\s+(?:and\s+|while\s+)?(?:the\s+)?(?i:(?P<owner>"
    + "|".join(re.escape(w) for w in entry(_LEX, "owners", "words") if not w.endswith("'"))
    + r"))\s+(?:at\s+)?(?:(?:more\s+than|over|about|around|some|nearly|almost|at\s+least|"
    r"just\s+under|fewer\s+than|less\s+than)\s+)?$"
)
_OWNER_SET = frozenset(w.lower() for w in entry(_LEX, "owners", "words"))
OWNER_WORDS = frozenset(w.strip("'") for w in _OWNER_SET)  # a sentence's words to gate on
_GAP_FILLERS = word_set("at more than over about around some nearly almost least just under fewer")


def gapped_attribution(sentence: str, start: int) -> Attribution | None:
    """ "the ministry counted 1.1 million, and the unions 2 million": the source whose verb
    the sentence left out (run only for a sentence with a word of ``[owners]``)."""
    window = sentence[max(0, start - 80) : start]
    if not _ends_in_owner(window):
        return None
    gapped = _GAPPED.search(window)
    if gapped and _GAPPED_VERB.search(sentence, 0, max(0, start - 80) + gapped.start()):
        src = f"the {gapped.group('owner')}"
        return Attribution(src, "gapped", _kind(src))
    return None


def _ends_in_owner(window: str) -> bool:
    """Whether the last word before a figure, past its qualifier, owns counts ("the unions
    [more than]"): the gapped pattern need not run otherwise (speed)."""
    tail = window.rstrip()
    last = tail[tail.rfind(" ") + 1 :].lower()
    if last not in _GAP_FILLERS:
        return last in _OWNER_SET  # the common case: no qualifier before the figure
    words: list[str] = tail[-48:].split()
    while words and words[-1].lower() in _GAP_FILLERS:
        words.pop()
    return bool(words) and words[-1].lower() in _OWNER_SET


_GAPPED_VERB = re.compile(
    r"\b(?:said|says|counted|counts|estimated|estimates|put|puts|claimed|claims|reported|"
    r"reports|gave|gives|tallied|recorded)\b"
)
_SOCIAL = re.compile(
    r"\bsocial media\b|\btelegram channels?\b|\b(?:military|war)\s+bloggers\b|\bmilbloggers\b",
    re.IGNORECASE,
)
_REPORTS = re.compile(
    r"\b(?:reports?\s+(?:of|that)|reportedly|unconfirmed reports?|rumou?rs?\s+of)\b", re.I
)
PRONOUNS: dict[str, str] = dict(entry(_LEX, "pronouns"))
_FIRST_PERSON_SUBJECT = re.compile(r"^(?:I|We|My|Our)\b(?:\s+\w+){0,3}$")
_FIRST_PERSON_WORDS = frozenset({"i", "we", "us", "our", "my", "me"})
_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:ve|m|d|ll)|my|me|we|our|us)\b")
_NOT_SOURCE_START = re.compile(
    r"^(?!(?-i:WHO)\b)(?:it|this|that|there|which|what|who|when|if|as|so|but|however|and|or|some|"
    r"many|most|no|not|a\s+lot|lots|all\s+of|none|each\s+of|one\s+of)\b",  # the WHO is a source
    re.IGNORECASE,
)


@dataclass(slots=True)
class Attribution:
    source: str  # as written ("South Korea's spy agency", "he")
    cue: str  # the reporting verb or phrase
    kind: str = "named"  # named, pronoun, social, report
    hedge: str | None = None
    start: int = -1  # where the source's words are in the sentence, when it names them
    end: int = -1
    cue_at: int = -1  # where the reporting verb is
    via: str | None = None  # who relays the source's words ("lawmakers" briefed by the NIS)
    origin_speaks: bool = False  # "Y told lawmakers ..., according to X": Y is quoted, X relays
    dateline: bool = False  # a dateline before the sentence was skipped


def sentence_attribution(sentence: str) -> Attribution | None:
    """The source that the whole sentence is attributed to, if the sentence names one.

    A relayed figure keeps its origin as the source and the relay in ``via``: "according to
    lawmakers, the agency estimated ..." and "X told lawmakers ..., according to members of
    parliament" are the agency's and X's figures; "..., the lawmakers said, citing the
    agency" and "lawmakers briefed by the agency" are the agency's. A dateline ("SEOUL,
    March 5 (UPI) --") is never a source: the sentence is read without it.
    """
    offset = dateline_end(sentence)
    found = _attribution(sentence[offset:])
    if found is not None and offset:
        found.dateline = True
        for name in ("start", "end", "cue_at"):
            if getattr(found, name) >= 0:
                setattr(found, name, getattr(found, name) + offset)
    return found


def _attribution(sentence: str) -> Attribution | None:
    lowered = sentence.lower()  # each regex below runs only when its words are there
    rules = (_label_line if "/" in sentence[:60] else None,
             _according if "according" in lowered else None, _inverted, _trailing, _leading,
             headline_source, _headline_tail, _report_by if " by " in lowered else None,
             _per_source if "per " in lowered else None,
             _revised if not _REVISION_WORDS.isdisjoint(lowered.split()) else None,
             _mid_clause if " and " in lowered or " but " in lowered else None)  # fmt: skip
    for rule in rules:
        found = rule(sentence) if rule else None
        if found is not None and acceptable_source(found.source):
            return _relayed(sentence, found)
    if _mentions(lowered, _SOCIAL_HINTS) and _SOCIAL.search(sentence):
        return Attribution("social media", "social media", "social", "rumour")
    emerged = _REPORTS_FROM.search(sentence) if "reports" in lowered else None
    if emerged and acceptable_source(emerged.group("src")):  # "reports from Y that ..."
        src, at = _trim(emerged.group("src")), emerged.start("src")
        return Attribution(src, "reports from", _kind(src), "unconfirmed", start=at,
                           end=at + len(src), cue_at=emerged.start())  # fmt: skip
    if _mentions(lowered, ("report", "rumo")) and _REPORTS.search(sentence):
        return Attribution(UNATTRIBUTED, "reports", "report", "unconfirmed")
    return None


# "Reports have emerged from foreign media that ...": the media, unconfirmed.
_REPORTS_FROM = re.compile(
    r"\b[Rr]eports\s+(?:have\s+|had\s+)?(?:also\s+)?(?:emerged|surfaced|appeared|circulated|"
    r"come\s+out)\s+(?:from|in)\s+(?P<src>[^,;]{3,50}?)\s+(?:that|of|saying)\b"
)
# A broadcast transcript's speaker label: "[Anna Kessel/Health Minister: “... 300 ...”]".
_LABEL_LINE = re.compile(
    r"^\[?(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*/\s*"
    r"(?P<title>[A-Z][^:\]/\d]{2,60}?)\s*:\s*\S"
)


def _label_line(sentence: str) -> Attribution | None:
    match = _LABEL_LINE.match(sentence)
    if match is None:
        return None
    src = f"{match.group('title').strip()} {match.group('name')}"
    return Attribution(src, "label", _kind(src), start=0, end=match.end("title"),
                       cue_at=match.end("title"))  # fmt: skip


# "N were evacuated and the government has said that M ...": a speaker starting a later
# clause of a sentence whose subject is a figure.
_MID_CLAUSE = re.compile(
    r"(?:,\s+|\s)(?:and|but)\s+(?P<src>(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){1,4}(?:[A-Z][\w.'’-]*|"
    r"government|ministry|authorities|officials|military|agency|police|army)|the\s+[a-z]+\s+"
    r"(?:government|ministry|authorities|officials|military|agency|police|army))\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:also\s+)?(?:said|says|reported|announced|estimated|"
    r"estimates|confirmed)\s+(?:that\s+)?"
)


def _mid_clause(sentence: str) -> Attribution | None:
    match = _MID_CLAUSE.search(sentence)
    if match is None:
        return None
    src = _trim(match.group("src"))
    if not _plausible_source(src) or _NOT_SOURCE_START.match(src):
        return None
    return Attribution(src, "said", _kind(src), start=match.start("src"),
                       end=match.start("src") + len(src), cue_at=match.end("src"))  # fmt: skip


_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]{2,}(?:[ -][A-Z][A-Z.'’-]+)*)"  # SEOUL, NEW DELHI, KAHRAMANMARAS
    r"(?:,\s*(?:[A-Z][a-z]+\.?(?:\s+[A-Z][a-z]+)*)(?:\s+\d{1,2})?\.?)?"  # , Ukraine / , March 5
    r"\s*(?:(?:\((?:[A-Z][\w.&]*\s?){1,3}\)|/[A-Z][\w.]*/\.?)\s*(?:--|[-–—:])?|--|[-–—:])"
    r"\s+(?=\S)"  # (UPI) --, /TASS/., —, :
)


def dateline_end(sentence: str) -> int:
    """Where the text after a dateline starts ("KYIV, Ukraine (AP) — The number ..."), else 0."""
    if len(sentence) < 6 or not sentence[:3].isupper():
        return 0
    match = _DATELINE.match(sentence)
    if match is None or is_known_source(sentence.split(None, 1)[0].strip(":,")):
        return 0  # "NIS: 1,500 troops ...": a source before a colon, not a place
    return match.end()


_HEADLINE_TAIL = re.compile(
    r"(?:\s[-–—]\s|:\s+)(?P<src>(?:[A-Z][\w.'’&-]*|of|the|for|and)(?:\s+[\w.'’&-]+){0,5})\s*$"
)


def _headline_tail(sentence: str) -> Attribution | None:
    """ "Death toll tops 50,000: UN relief chief", "... nears 46,000 — Police Chief": a
    headline (no closing full stop) that names its source after a colon or a dash."""
    text = sentence.rstrip()
    if text.endswith((".", "?", "!", '"', "”")):
        return None
    match = _HEADLINE_TAIL.search(text)
    if not match or _HAS_DIGIT.search(match.group("src")):
        return None
    src = match.group("src")
    return Attribution(src, ":", _kind(src), start=match.start("src"), end=match.end("src"),
                       cue_at=match.start())  # fmt: skip


_GIVEN_BY = "|".join(entry(_LEX, "not_source", "given_by"))
_REPORT_BY = re.compile(
    r"\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Tt]heir)\s+(?:[\w-]+\s+){0,2}?(?:(?:report|statement|briefing|assessment|"
    rf"update|bulletin|analysis|estimate|study|survey|investigation|tally|count|review|audit)\s+(?:(?:{_GIVEN_BY})\s+)?"
    # "the provisional balance, offered by X," and "the figures, released by X,": X's
    r"|(?:" + "|".join(entry(_LEX, "not_source", "evidence")) + rf"|balance|toll),?\s+"
    rf"(?:{_GIVEN_BY})\s+)(?:by|from)\s+(?P<src>(?:the\s+)?(?:[A-Z][\w.'’&-]*|[a-z]+['’]s)"
    r"(?:\s+(?:[A-Z][\w.'’&-]*|of|the|for|[a-z][\w-]*(?=\s+(?:agency|service|ministry)))){0,6}"
    r"(?:\s+(?:agency|service|ministry|intelligence))?)"
)


def _report_by(sentence: str) -> Attribution | None:
    """ "A statement by Zelensky said ...", "following a report from the South Korean
    intelligence agency stating that ...": the author of the report is the source."""
    match = _REPORT_BY.search(sentence)
    if not match:
        return None
    src = _trim(match.group("src"))
    return Attribution(src, "report by", _kind(src), start=match.start("src"),
                       end=match.start("src") + len(src), cue_at=match.start())  # fmt: skip


_REVISION_VERBS = entry(_LEX, "revision", "verbs")
_REVISION_WORDS = frozenset(_REVISION_VERBS)
# "The ministry later revised its estimate to 60,000": the subject owns the new figure.
_REVISION = re.compile(
    r"^(?P<src>[^,;:]{2,80}?)\s+(?:(?:later|then|also|again|has|have|had)\s+)*"
    r"(?:" + "|".join(_REVISION_VERBS) + r")\s+(?:its|their|his|her|the)\s+(?:own\s+)?"
    r"(?:[\w-]+\s+)?(?:" + "|".join(entry(_LEX, "revision", "objects")) + r")\s+(?:to|at)\b",
    re.IGNORECASE,
)


def _revised(sentence: str) -> Attribution | None:
    match = _REVISION.search(_LEADING_TIME.sub("", sentence))
    if match is None:
        return None
    src = _trim(match.group("src"))
    if not _plausible_source(src):
        return None
    at = sentence.find(src)
    return Attribution(src, "revised", _kind(src), start=at, end=at + len(src), cue_at=at)


_PER = re.compile(
    r"\bper\s+(?P<src>(?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,4})"
    r"(?:['’]s?\s+(?:\w+\s+)?(?:report|data|figures?|count|tally|estimate))?"
)


def _per_source(sentence: str) -> Attribution | None:
    """ "..., per CNN's report": "per" before a name is "according to"."""
    match = _PER.search(sentence)
    if not match:
        return None
    src = _trim(match.group("src"))
    return Attribution(src, "according to", _kind(src), start=match.start("src"),
                       end=match.start("src") + len(src), cue_at=match.start())  # fmt: skip


_SOCIAL_HINTS = ("social media", "telegram", "bloggers")


def _mentions(lowered: str, hints: tuple[str, ...]) -> bool:
    return any(hint in lowered for hint in hints)


_HEADLINE = re.compile(r"^(?P<src>[A-Z][\w'’.&-]*(?:\s+[\w'’.&-]+){0,5}):\s+\S")
_HEADLINE_LABELS = frozenset(entry(_LEX, "labels", "words"))
_TOPIC_ENDS = frozenset(entry(_LEX, "labels", "topic_ends"))


_RELAY = re.compile(
    r"(?:\b(?:citing|quoting|briefed\s+by|(?:after|in|at|following)\s+an?\s+(?:closed-door\s+)?"
    r"briefing\s+(?:from|by))\s+)(?P<src>[^,;:()]+?)(?=\s*(?:[,;:()]|[.!?]?\s*$|\s[-–—]\s|"
    r"\s+(?:on|in|at|last|this|that|who|which|about)\b))",
    re.IGNORECASE,
)


def _relayed(sentence: str, found: Attribution) -> Attribution:
    """The origin of a relayed figure as the source, the relay in ``via``."""
    origin: Attribution | None = None
    if found.cue == "according to" and found.start >= 0:
        # "X told lawmakers ..., according to members of parliament": X is the origin.
        before = sentence[: found.cue_at].rstrip(" ,")
        after = sentence[found.end :].lstrip(" ,")
        if len(before.split()) > 3:
            origin = _trailing(before + ".") or _inverted(before + ".")
            if origin is None and found.cue_at > 0:
                # "The agency said N died ..., according to CNN": the agency via CNN
                origin = _leading(sentence, found.cue_at)
                if origin is not None and (origin.kind != "named" or origin.start != 0):
                    origin = None
        if origin is None and after and not after.lower().startswith(_NEW_SPEAKER_OPENERS):
            origin = _leading(after)
            if origin is not None:
                origin = _at(origin, sentence, found.end)
    if origin is None and found.cue_at > 0 and found.cue != "according to" and found.start > 0:
        # "The agency estimates that N ..., one of the lawmakers told reporters": the
        # subject of the first reporting verb is the origin, the later speaker relays it.
        first = _leading(sentence, found.start)
        if (
            first is not None
            and first.cue_at < found.start
            and first.source != "the author"
            and first.source.lower() not in _FIRST_PERSON_WORDS
        ):  # "“... we assess that N ...,” the military said": the military's own
            origin = first
    lowered = sentence.lower()
    if origin is None and ("briefing" in lowered or "briefed" in lowered
                           or "citing" in lowered or "quoting" in lowered):  # fmt: skip
        match = _RELAY.search(sentence)
        if match:
            src = _trim(_LEADING_TIME.sub("", match.group("src")))
            if _plausible_source(src) and not _NOT_SOURCE_START.match(src):
                at = match.start("src")
                origin = Attribution(
                    src, "citing", _kind(src), start=at, end=at + len(src), cue_at=match.start()
                )
            elif src.lower() in PRONOUNS:
                origin = Attribution(src, "citing", "pronoun", cue_at=match.start())
    if origin is None or not acceptable_source(origin.source):
        return found
    relay = found.source
    if " by " in relay:  # "lawmakers briefed by the agency": the relay is "lawmakers"
        relay = re.split(r"\s+(?:who\s+were\s+|who\s+had\s+been\s+)?briefed\s+by\s+", relay)[0]
    if _same_words(origin.source, relay):
        return found
    origin.via = _trim(relay) or found.source
    origin.origin_speaks = found.cue == "according to" and origin.cue != "citing"
    origin.hedge = origin.hedge or found.hedge
    if origin.cue_at < 0:
        origin.cue_at = found.cue_at
    return origin


# "..., according to police, while organisers claimed 20,000": a clause opened by one of
# these has a speaker of its own, who is not the origin of the figure before.
_NEW_SPEAKER_OPENERS = tuple(f"{word} " for word in entry(_LEX, "relay", "new_clause"))


def _same_words(a: str, b: str) -> bool:
    return a.lower() in b.lower() or b.lower() in a.lower()


def headline_source(sentence: str) -> Attribution | None:
    """ "NIS: 1,500 troops shipped to Russia" — a headline naming its source before a colon."""
    match = _HEADLINE.match(sentence)
    if not match:
        return None
    src = match.group("src")
    if src.lower() in _HEADLINE_LABELS or not _plausible_source(src):
        return None
    if src.rsplit(None, 1)[-1].lower() in _TOPIC_ENDS:
        return None  # "Ukraine war live updates: ...": the topic, not who speaks
    return Attribution(src, ":", _kind(src), start=0, end=len(src), cue_at=len(src))


def local_attribution(sentence: str, start: int, end: int) -> Attribution | None:
    """A source bound to one figure: "the 10,000 figure estimated by X", "X's figure of"."""
    after = _LOCAL_BY.match(sentence[end:]) if " by " in sentence[end : end + 100] else None
    if after:
        src = _trim(after.group("src"))
        if src:
            return Attribution(src, "by", _kind(src))
    window = sentence[max(0, start - 80) : start]
    # The pattern ends in "... figure of [about] ": test that ending before running it.
    tail = window.rstrip()
    possessive = (
        tail.endswith(("of", "about", "some", "around", "nearly", "roughly"))
        and window[-1:].isspace()
        and ("s " in window or "' " in window or "’ " in window or _OWNER_WORDS.search(window))
    )
    before = _LOCAL_POSSESSIVE.search(window) if possessive else None
    if before:
        owner = before.group("owner")
        src = f"the {owner}" if owner else before.group("src")
        return Attribution(src, "'s figure", _kind(src))
    if (" its " in sentence or " their " in sentence or " his " in sentence) and any(
        verb in sentence for verb in _GAVE_VERBS
    ):
        window = sentence[max(0, start - 160) : start]
        gave = _LOCAL_GAVE.search(window)
        if gave and ";" not in window[gave.end() :]:
            return Attribution(gave.group("src"), gave.group("verb"), _kind(gave.group("src")))
    return _local_before(sentence, start)


def _local_before(sentence: str, start: int) -> Attribution | None:
    """A source named before the figure in its own clause: "amid unconfirmed reports the
    number could reach N" (nobody's), "X's remarks that ... N" (X's), "since the agency's
    latest update, N names were added" (the agency's)."""
    head = sentence[:start]
    lowered = head.lower()
    if "amid" in lowered:
        amid = max(_AMID_REPORTS.finditer(head), key=lambda m: m.start(), default=None)
        if amid is not None and not _CLAUSE_BREAK.search(head, amid.end()):
            return Attribution(UNATTRIBUTED, "reports", "report", "unconfirmed")
    possessive = "'s" in head or "’s" in head
    if possessive and "that" in lowered and any(map(lowered.__contains__, _REMARK_NOUNS)):
        remark = _REMARK_THAT.search(head[-240:])
        if remark and "," not in remark.group("rest") and acceptable_source(remark.group("src")):
            src = _trim(_LEADING_PREPOSITION.sub("", remark.group("src")))
            return Attribution(src, "'s figure", _kind(src))
    if (" from " in lowered or " by " in lowered) and any(map(lowered.__contains__, _REPORT_NOUNS)):
        report = _REPORT_STATING.search(head[-260:])
        if report and "," not in report.group("rest") and acceptable_source(report.group("src")):
            src = _trim(report.group("src"))
            return Attribution(src, "report by", _kind(src))
    if possessive and any(map(lowered.__contains__, _UPDATE_NOUNS)):
        update = _OWNER_UPDATE.search(head[-160:])
        if update and acceptable_source(update.group("src")):
            src = _trim(update.group("src"))
            return Attribution(src, "'s figure", _kind(src))
    return None


# The nouns of the patterns below, also tested as plain substrings first: a clause holding
# none of them skips the pattern (speed; the same answers).
_REMARK_NOUNS = ("remark", "claim", "statement", "assertion", "comment", "warning",
                 "prediction", "allegation", "estimate", "assessment", "suggestion")  # fmt: skip
_REPORT_NOUNS = ("report", "statement", "assessment", "briefing", "estimate", "analysis",
                 "study", "update")  # fmt: skip
_UPDATE_NOUNS = ("update", "report", "count", "tally", "list", "database", "calculation", "data")
_AMID_REPORTS = re.compile(
    r"\b(?:amid|amidst)\s+(?:(?:unconfirmed|unverified|media|press|some|other|new|growing|"
    r"persistent)\s+)*(?:reports?|rumou?rs?|speculation|claims)\b",
    re.IGNORECASE,
)
_LEADING_PREPOSITION = re.compile(r"^(?:On|In|At|By|For|From|With|After|Since|Despite|To)\s+")
_CLAUSE_BREAK = re.compile(r"[;.]\s|\bwhile\b|\bbut\b")
# "On X's remarks that the number could grow to N": X's figure.
_REMARK_THAT = re.compile(
    r"(?P<src>(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*?)['’]s?\s+(?:\w+\s+)?(?:"
    + "|".join(_REMARK_NOUNS)
    + r")s?\s+that\b(?P<rest>[^;]*)$"
)
# "Following a report from X stating that N ...": X's figure, whoever the sentence quotes.
_REPORT_STATING = re.compile(
    r"\b(?:" + "|".join(_REPORT_NOUNS) + r")\s+(?:issued\s+|"
    r"released\s+|published\s+)?(?:from|by)\s+(?P<src>(?:the\s+)?[^,;]{2,60}?)\s+(?:stating|"
    r"saying|showing|indicating|estimating|which\s+(?:said|stated|found|estimated))\s+"
    r"(?:that\s+)?(?P<rest>[^;]*)$"
)
# "Since the media's latest update ..., N names have been added": the update's owner.
_OWNER_UPDATE = re.compile(
    r"(?:^|\b(?:[Ss]ince|[Ii]n|[Aa]fter|[Pp]er|[Ii]nto|[Tt]o)\s+)(?P<src>(?:the\s+)?(?:[A-Z][\w.&-]*"
    r"(?:\s+[A-Z][\w.&-]*){0,4}|[a-z]+))['’]s?\s+(?:latest\s+|last\s+|new\s+|most\s+recent\s+|"
    r"previous\s+|own\s+)?(?:update|report|count|tally|list|database|calculations?|data)\b"
    r"(?P<rest>[^;.]*)$"
)


_GAVE_VERBS = ("released", "published", "issued", "gave", "offered", "put out", "provided",
               "updated", "revised")  # fmt: skip
# "the Pentagon released its own estimate, which put the number ... at 10,000"
_LOCAL_GAVE = re.compile(
    r"(?:\bthe\s+)?(?P<src>(?:[A-Z][\w.&-]*(?:['’]s)?\s+){0,4}[A-Z][\w.&-]*)\s+"
    r"(?P<verb>released|published|issued|gave|offered|put\s+out|provided|updated|revised)\s+"
    r"(?:its|their|his|her)\s+(?:own\s+|latest\s+|new\s+|first\s+|updated\s+|official\s+)?"
    r"(?:estimates?|figures?|counts?|tally|assessments?|numbers?|data)\b"
    r"(?:,?\s+(?:which|that)\s+(?:put|puts|placed|places|estimated|found|gave|showed))?"
    r"[^.;]*$"
)


def _according(sentence: str) -> Attribution | None:
    match = _ACCORDING.search(sentence)
    if not match:
        return None
    rest = sentence[match.end() :]
    cut = _ACCORDING_END.search(rest)
    src = _trim(rest[: cut.start()] if cut else rest)
    if not src:
        return None
    if cut and cut.group(0).startswith(",") and src.rsplit(" ", 1)[-1].islower():
        named = _APPOSITIVE.match(rest, cut.end())  # "the main union, the CGT": the CGT
        if named and _names_organisation(named.group("name")):
            src = named.group("name")
    found = Attribution(src, "according to", _kind(src), cue_at=match.start())
    return _at(found, sentence, match.end())


# A name set off by commas after a description, ending there or at the sentence's end.
_APPOSITIVE = re.compile(
    r"(?:the\s+)?(?P<name>[A-Z][\w&.'’-]*(?:\s+(?:(?:of|for|and|the|de|du)\s+)*[A-Z][\w&.'’-]*)*)"
    r"\s*(?:,|;|[.!?]?\s*$)"
)


def _names_organisation(name: str) -> bool:
    """An acronym ("CGT"), or a name holding an organisation's word ("Platform for Decent
    Housing"): not a place or a person set off after the description."""
    if name.isupper() and 2 <= len(name) <= 8:
        return True
    return not org_heads().isdisjoint(w.lower() for w in name.split())


_PARTICIPLE_TAIL = re.compile(
    r"(?:,\s+|\s+(?=adding|citing|noting|speaking|quoting))(?:giving|adding|citing|noting|"
    r"calling|describing|warning|saying|quoting|referring|without|speaking|amid|amidst)\b.*$"
)
# What may follow "X said" without being content: "in a televised address ...", "as it
# launched an appeal", "after a briefing by ...", "Wednesday, with ...".
_ADJUNCT_OPENER = re.compile(
    r"^\s*(?:in|on|at|during|after|before|as|while|when|from|to|via|through|late|early|last|"
    r"this|yesterday|today|earlier|later|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
    re.IGNORECASE,
)


def _trailing(sentence: str) -> Attribution | None:
    """ "..., South Korea's spy agency said on Friday." (and "..., giving no details.")"""
    body = sentence.rstrip(' .!?"”’)')
    if ", " in body:
        body = _PARTICIPLE_TAIL.sub("", body)
    found = _trailing_in(sentence, body)
    if found is None and ", wh" in body:
        # "N died ..., the agency said on Friday, while the toll in Syria was M"
        contrast = _CONTRAST_TAIL.search(body)
        found = _trailing_in(sentence, body[: contrast.start()]) if contrast else None
    return found


_CONTRAST_TAIL = re.compile(r",\s+(?:while|whereas)\s")


def _trailing_in(sentence: str, body: str) -> Attribution | None:
    verbs = [v for v in _verbs(sentence) if v[1] <= len(body)]
    if not verbs:
        return None
    start, end, verb = verbs[-1]
    cut = _BOUNDARY.search(body, end)
    tail = body[end : cut.start() if cut else len(body)]
    adjunct = bool(_ADJUNCT_OPENER.match(tail)) and not _CONTENT_TAIL.search(tail)
    if not (_adjunct_only(tail) or adjunct):
        return None
    head = _drop_trailing_aux(body[:start].rstrip())
    boundaries = list(_BOUNDARY.finditer(head))
    if not boundaries:
        return None
    src = _trim(head[boundaries[-1].end() :])
    if not src and len(boundaries) >= 3 and head[boundaries[-1].start()] == ",":
        # "..., Ukraine's president, Volodymyr Zelensky, said": a title and a name.
        src = _trim(head[boundaries[-3].end() :])
        boundaries = boundaries[:-2]
    plausible = _plausible_source(src) or bool(_DEFINITE_NP.match(src))  # ", the utility said"
    if not plausible or _NOT_SOURCE_START.match(src):
        return None
    return _at(Attribution(src, verb, _kind(src), cue_at=start), sentence, boundaries[-1].end())


# A short definite noun phrase closing a sentence before its verb of saying names a source
# whatever its noun: "..., the utility said", "..., the civil defence said".
_DEFINITE_NP = re.compile(r"^the\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}$")


def _inverted(sentence: str) -> Attribution | None:
    """ "..., said Budanov." """
    body = sentence.rstrip()
    for start, end, verb in reversed(_verbs(sentence)):
        if verb not in _INVERTED_VERBS:
            continue
        before = _drop_trailing_aux(body[:start].rstrip())
        if not before.endswith((",", '"', "”", "’")):
            return None
        rest = body[end:].strip().rstrip(".!?")
        src = _trim(_TIME_ADJUNCT.split(rest)[0])
        if not _plausible_source(src) or not (src[:1].isupper() or src.lower() in PRONOUNS):
            return None
        return _at(Attribution(src, verb, _kind(src), cue_at=start), sentence, end)
    return None


def _leading(sentence: str, limit: int | None = None) -> Attribution | None:
    """ "X said ...", "X, the chief of Y, told Z ...", "In a statement, X said ...".

    With ``limit``, only verbs that end before it count (the sentence's cached verbs are
    reused rather than read again from a prefix).
    """
    for start, end, verb in _verbs(sentence):
        if start > 240 or (limit is not None and end > limit):
            break
        if verb in _NOUNABLE and _NOUN_NEXT.match(sentence[end:]):
            continue
        if _PASSIVE_REPORT.match(sentence, end):
            continue  # "Russia (is) said to have lost ...": reported of X, not by X
        if (
            verb in _NOUNABLE
            and verb != "put"  # "The Red Cross put the number at ...": never a noun
            and not verb.endswith(("s", "ed"))
            and _PROPER_MODIFIER.search(sentence[max(0, start - 60) : start])
        ):
            continue  # "The Pentagon estimate exceeds ...": a noun after a name
        # "Thousands poured in; police said ...": the subject is in the verb's own clause
        head = _drop_trailing_aux(sentence[:start].rsplit(";", 1)[-1].strip())
        last = head.rsplit(" ", 1)[-1]
        if verb in _NOUNABLE and last.islower() and last.endswith(("ed", "ing")):
            continue  # "Russia has rejected reports that ...": an object, not a verb
        if _ends_in_determiner(head):
            continue  # "the claim that ...": a noun
        head = _drop_trailing_aux(_HEAD_ADJUNCT.sub("", head))  # "X on Oct. 4 put", "X, who ..."
        if head.endswith(" and") and verb in _CONJOINED_VERBS:
            shared = _shared_subject(sentence)  # "Police arrested 120 people and said ..."
            if shared is not None:
                return shared
        if _HAS_DIGIT.search(head) and _HAS_DIGIT.search(_LEADING_TIME.sub("", head)):
            return None  # the subject would contain a figure: this is content, not a source
        if verb.endswith("ing") and head.endswith(","):
            # "X has gone higher still, estimating ...": the main clause's subject speaks.
            src = initial_subject(sentence) or ""
        else:
            src = _subject(head)
        if not src:
            continue
        if _FIRST_PERSON_SUBJECT.match(src):
            return Attribution("the author", verb, "named")
        pronoun = src.lower() in PRONOUNS or bool(_POSSESSIVE_ORG.match(src))
        if not pronoun and (not _plausible_source(src) or _NOT_SOURCE_START.match(src)):
            return None
        hedge = "unconfirmed" if "report" in verb else None
        return _at(Attribution(src, verb, _kind(src), hedge, cue_at=start), sentence, 0)
    return None


# "Police arrested 120 people and said 14 officers were injured": the verbs of saying that a
# subject shares with the verb before them, and that subject (the sentence's opening noun
# phrase, up to its first verb).
_CONJOINED_VERBS = frozenset({"said", "says", "added", "reported", "announced", "estimated"})
_OPENING_SUBJECT = re.compile(
    r"(?P<src>(?:[Tt]he\s+)?(?:[A-Za-z][\w'’.-]*\s+){0,4}?[A-Za-z][\w'’.-]*)\s+"
    r"(?:[a-z]+ed|has|have|had|took|put|found|made|gave|counted|recorded)\b"
)


def _shared_subject(sentence: str) -> Attribution | None:
    found = _OPENING_SUBJECT.match(_LEADING_TIME.sub("", sentence))
    if found is None:
        return None
    src = _trim(found.group("src"))
    if not src or not _plausible_source(src) or not acceptable_source(src):
        return None
    return _at(Attribution(src, "said", _kind(src), cue_at=found.end()), sentence, 0)


_PASSIVE_REPORT = re.compile(r"\s+to\s+(?:have|be|number|total|exceed|include)\b")
# Between a subject and its verb: a date, "in a briefing on Monday", a relative clause.
_HEAD_ADJUNCT = re.compile(
    r"(?:,\s+(?:who|which)\s+[^,]+,|,?\s+(?:on|in|at|during)\s+(?:an?\s+)?(?:briefing|"
    r"statement|interview|post|speech|address|press\s+conference|report)\b[^,]*|"
    r"\s+(?:on\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day))"
    r"|\s+(?:last|this)\s+(?:week|month|year))+\s*$",
)


def _subject(head: str) -> str:
    """The subject before a verb; an appositive "X, Y," stays whole, an intro clause goes.

    "..., when the Pentagon said" loses its "when"; "..., South Korea's spy agency, which
    told" and "the Secretary of State, who said" give the name before the relative pronoun.
    """
    head = _LEADING_TIME.sub("", _COMITATIVE.sub("", head.strip()))
    head = _ASIDE.sub("", head) if head.endswith(",") else head  # ", speaking on condition ..."
    listed = NAME_LIST.search(head) if head.count(",") >= 2 and " and " in head else None
    if listed and listed.end() == len(head):
        return listed.group(0)  # "South Korea, the U.S., and Ukraine estimate ..."
    if head.endswith(",") and head.count(",") >= 2:
        parts = head.rstrip(",").rsplit(",", 1)
        named = _DESCRIPTION.match(parts[1]) and parts[0].strip()[:1].isupper()
        if named:  # "The Syrian Observatory for Human Rights, a Britain-based monitor,"
            src = _trim(parts[0])
        else:
            src = _trim(head) if len(parts[0].split()) <= 5 else _trim(parts[1])
    elif "," in head:
        src = _trim(head.rsplit(",", 1)[1])
    else:
        src = _trim(head)
    src = _LEADING_TIME.sub("", _SUBORDINATOR.sub("", src))
    src = _FAMILIAR.sub("", src)  # "sources familiar with the matter": the sources
    if " " in src:
        clause_start = list(_CLAUSE_WORD.finditer(src))
        relative = _RELATIVE_CLAUSE.search(src) if clause_start else None
        noun = src[: relative.start()] if relative else ""
        if noun and (_plausible_source(noun) or _INDEFINITE_NP.match(noun)):
            src = noun  # "a Telegram channel that covers the war": the channel
        elif clause_start:  # "the estimate is in line with what lawmakers": "lawmakers"
            src = src[clause_start[-1].end() :]
    if src.lower() in ("which", "who", "that") and "," in head:
        antecedent = _ANTECEDENT.search(head.rsplit(",", 1)[0])
        return _trim(antecedent.group(0)) if antecedent else src
    return _without_place(src)


_FAMILIAR = re.compile(r"\s+(?:familiar|close|acquainted)\s+(?:with|to)\s+.*$")
# ", speaking on condition of anonymity,": an aside between a subject and its verb.
_ASIDE = re.compile(r",\s+(?:speaking|writing|talking|appearing)\b[^,]*,$")
# ", a Britain-based war monitor": a description after a name, not the name.
_DESCRIPTION = re.compile(r"^\s+(?:an?|the)\s+(?:[\w'’-]+\s+)*[a-z][\w-]*$")
# "X, together with Y and Z, have identified": X is the subject, the others its partners.
_COMITATIVE = re.compile(
    r"(?<=\w),\s+(?:together|along|jointly|in\s+(?:cooperation|partnership|collaboration))"
    r"\s+with\s+[^,]+,$"
)
_PLACE_TAIL = re.compile(r"\s+(?:in|based\s+in)\s+[A-Z][\w.-]*(?:,?\s+[A-Z][\w.-]*)?$")


def _without_place(src: str) -> str:
    """ "the Institute for Peace Studies in Geneva": the place is not part of the name (a
    lower-case head keeps it: "military officials in Kyiv")."""
    if " in " not in src:
        return src
    place = _PLACE_TAIL.search(src)
    if place is None:
        return src
    before = src[: place.start()].split()
    named = bool(before) and before[-1][:1].isupper() and (len(before) > 1 or before[-1].isupper())
    return src[: place.start()] if named else src


_CLAUSE_WORD = re.compile(
    r"(?<=\s)(?:what|than|that|whom|whose|with|if|whether|is|are|was|were|when|where|while|"
    r"after|because|since|before|came|comes)\s+"
)
# "that provides ...", "who monitors ...": a relative clause after the subject's noun.
_RELATIVE_CLAUSE = re.compile(
    r"\s+(?:that|who|which)\s+(?:also\s+|regularly\s+|closely\s+)?"
    r"(?!is\b|was\b|has\b|its\b|this\b|news\b)[a-z]+(?:s|ed)\b"
)
_INDEFINITE_NP = re.compile(r"^(?:an?|one)\s+[a-z-]+(?:\s+[a-z-]+){0,2}$", re.IGNORECASE)
_SUBORDINATOR = re.compile(
    r"^(?:when|after|as|while|because|since|before|though|although|where|whereas|and|but|"
    r"once|until|whom|so)\s+(?=\S)",
    re.IGNORECASE,
)
# The name closing a phrase ("the forecast from South Korea's spy agency"): capitalised words,
# possessives and the lower-case tail of an organisation ("Ukraine's military intelligence").
_ANTECEDENT = re.compile(
    r"(?:\bthe\s+)?(?:[A-Z][\w.&-]*(?:['’]s)?\s+)*(?:[A-Z][\w.&-]*(?:['’]s)?)"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)?"
    r"(?:\s+[a-z][\w-]*){0,3}$"
)


def _adjunct_only(tail: str) -> bool:
    """ "said on Friday", "told TWZ", "said in a statement": nothing that carries content."""
    words = tail.split()
    if len(words) > 9 or _CONTENT_TAIL.search(tail):
        return False
    return not _AUX_TAIL.search(tail)


_NOT_A_SOURCE = frozenset(w.lower() for w in entry(_LEX, "not_source", "words"))
_EVIDENCE_HEADS = frozenset(entry(_LEX, "not_source", "evidence"))
_FRAGMENT = compiled(_LEX, "not_source", "clause_words")
_FRAGMENT_WORDS = first_words(entry(_LEX, "not_source", "clause_words"))
_NEGATIONS = frozenset(entry(_LEX, "not_source", "negations"))
_SUPERLATIVES = frozenset(entry(_LEX, "not_source", "superlatives"))
_EVENT_WORDS = frozenset(entry(_LEX, "not_source", "events"))
_PARTICIPLE_LINKS = frozenset(entry(_LEX, "not_source", "participle_links"))


def counts_the_speakers(sentence: str, found: Attribution, at: int, end: int) -> bool:
    """The figure opening the source phrase counts its speakers ("Two sources familiar with
    the matter said", "Three officials told ..."): no claim of the story."""
    if at != found.start or found.cue == "according to":
        return False
    noun = _WORD.search(sentence, end, found.end)
    return noun is not None and bool(_SOURCE_NOUN.fullmatch(noun.group(0).lower()))


def acceptable_source(src: str) -> bool:
    """Whether a phrase can name a source: not a dateline, a bare common word ("The",
    "Quote", "Details"), a clause fragment ("despite what the government") or a piece of
    evidence without an owner ("preliminary data"). Pronouns pass: they are resolved later."""
    text = src.strip(" ,;:\"'“”")
    if '"' in text or "“" in text or "”" in text:
        return False  # 'the use of the term "highly likely': a quotation, not a name
    lowered = text.lower()
    if not text or lowered in PRONOUNS or _POSSESSIVE_ORG.match(text) or lowered == "the author":
        return bool(text)
    words = [w.removesuffix("'s").removesuffix("’s") for w in lowered.split()]
    bare = not _SOURCE_NOUN.search(lowered) and not text[:1].isupper()
    acronym = text.split()[-1].isupper() and len(words[-1]) > 1  # "the WHO" is no "who"
    if len(words) == 1 and not acronym and (words[0] in _NOT_A_SOURCE or bare):
        return False
    if dateline_end(text + " x") or (text.isupper() and "," in text):
        return False
    if not _FRAGMENT_WORDS.isdisjoint(words) and _FRAGMENT.search(lowered):
        return False
    if not _NEGATIONS.isdisjoint(words):
        return False  # "a number no government (has confirmed)": nobody
    if not _SUPERLATIVES.isdisjoint(words) and text.islower():
        return False  # "the biggest number ever (recorded)": a rank, not a name
    if words[0] in _EVENT_WORDS and not (len(words) > 1 and _SOURCE_NOUN.fullmatch(words[-1])):
        return False  # "Hurricane Orla", "War in Ukraine": what happened (not "fire officials")
    if len(words) > 1 and words[0].endswith("ed") and words[1] in _PARTICIPLE_LINKS:
        return False  # "compiled from county coroners": a clause about the evidence
    if words[-1] in _EVIDENCE_HEADS and not any(w[:1].isupper() for w in text.split()):
        return False
    if (
        words[0] in VERB_WORDS
        or words[-1] in _PREPOSITIONS
        or (text.split()[0].isupper() and len(text.split()[0]) > 3 and "," in text)
    ):
        return False  # "said Ukraine", "Next on the list in terms of", "WASHINGTON, United States"
    return acronym or not (
        words[0] in _NOT_A_SOURCE and len(words) <= 2 and words[-1] in _NOT_A_SOURCE
    )


_PREPOSITIONS = word_set("of to in for with by on at from about than as into over under")


def _plausible_source(src: str) -> bool:
    if not src or len(src.split()) > 14 or _HAS_DIGIT.search(src):
        return False
    if src.lower() in PRONOUNS:
        return True
    return any(c.isupper() for c in src) or bool(_SOURCE_NOUN.search(src.lower()))


_SOURCE_NOUN = re.compile(
    r"\b(?:officials?|media|reports?|sources?|analysts?|experts?|agency|ministry|"
    r"government|military|spokes\w+|police|authorities|observers|residents|"
    r"witnesses|researchers|estimates?|data|figures?|survey|study|journalists|reporters|"
    r"volunteers|correspondents|scientists|medics|doctors|intelligence|governor|chief|"
    r"minister|president|mayor|director|commander|secretary|ambassador|envoy|coordinator|"
    r"people|diplomats?|commanders?|soldiers?|monitors?|group|lawmakers?|legislators?|"
    r"members of parliament|mps|senators?|prosecutors?|investigators?|rescuers|medics|"
    r"doctors|activists|organi[sz]ers|residents|aides?|council|committee|deputies|navy|army|"
    r"guard|forces|parliamentarians|negotiators|planners|staff|rebels|militants|insurgents|"
    r"separatists|fighters|villagers|refugees|survivors|workers|unions?|campaigners|"
    r"stations?|channels?|broadcasters?|newspapers?|outlets?|websites?|agencies|services?|"
    r"department|office|authority|brigades?|teams?|crews?|hospitals?|coroners?|"
    r"counters|[a-z]+(?:ians|ists)|"  # "historians", "economists": people who know
    r"archives?|observatory|institute|trackers?|coalition|alliance|federation|"
    r"confederation|association)\b"  # bodies that count: "the archive put it at ..."
)
_ACCORDING_END = re.compile(r",\s|;|\s[-–—]\s|\(|\s(?:that|who|which|on|in|last|this)\s|[.!?]\s*$")
_TIME_ADJUNCT = re.compile(r"\s+(?:on|in|at|during|last|this|yesterday)\b")
_HAS_DIGIT = re.compile(r"\d")
_DAY_NAMES = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH_NAMES = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# "Last Thursday", "On Monday", "Earlier this week", "In October": not part of a source.
_LEADING_TIME = re.compile(
    rf"^(?:(?:(?:last|this|next|earlier|later)(?:\s+this|\s+that|\s+last)?\s+"
    rf"(?:week|month|year|{_DAY_NAMES}|morning|evening|night))|yesterday|today|"
    rf"(?:on\s+|late\s+|early\s+)?{_DAY_NAMES}(?:\s+(?:morning|evening|night))?|"
    rf"(?:on|in|by|since|during|as\s+of)\s+(?:(?:early|mid|late)[\s-]+)?{_MONTH_NAMES}"
    r"(?:\s+\d{1,2})?"
    r"(?:(?:st|nd|rd|th)?,?\s+(?:1[89]|20)\d\d)?|(?:in|by|since|during)\s+(?:1[89]|20)\d\d|"
    r"(?:on|at)\s+(?:the\s+)?(?:same|that)\s+(?:same\s+)?day|"
    r"(?:less|more)\s+than\s+an?\s+(?:day|week|month|year)\s+ago|"
    r"(?:\w+\s+)?(?:days?|weeks?|months?)\s+(?:ago|earlier|later)|earlier|later|meanwhile)"
    r"\s*,?\s+",
    re.IGNORECASE,
)
_CONTENT_TAIL = re.compile(r"\d{3,}|\bthat\b")
_AUX_TAIL = re.compile(r"\b(?:was|were|is|are|has|have|had|will)\b")
_LEADING_CONJUNCTION = re.compile(r"^(?:and|but|while|as|so)\s+", re.IGNORECASE)
_SEEN_BY = re.compile(r"(?<=\w)\s+(?:seen|obtained|reviewed|viewed)\s+by\s+[^,;]*$")


_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}$")


def _trim(src: str) -> str:
    src = src.strip(" \t,;:\"'“”’()")
    if src.endswith(".") and not _ABBREVIATION_END.search(src):
        src = src.rstrip(".").strip(" \t,;:\"'“”’()")  # "U.S." keeps its last dot
    src = _LEADING_CONJUNCTION.sub("", src)
    if " by " in src:
        src = _SEEN_BY.sub("", src)  # "a report by X seen by Reuters": X's report
    src = _THE_SAME.sub("", src)  # "the same organisers": the ones named before
    src = _PARENTHETICAL_END.sub("", src)  # "the World Health Organization (WHO)"
    if ":" in src:  # "Details: UK intelligence": a label is not part of the name
        label, _, rest = src.partition(":")
        if label.strip().lower() in _HEADLINE_LABELS and rest.strip():
            src = rest.strip()
    last = src[src.rfind(" ") + 1 :].lower()
    if last in _ADVERB_ENDS or last[-3:] == "day" or last[:1].isdigit():
        src = _TRAILING_ADVERB.sub("", src)
        last = src[src.rfind(" ") + 1 :].lower()
    given = _EVIDENCE_FROM.match(src)
    if given:  # "data from the vice president", "a report by the UN": whose it is
        src = given.group("owner")
    owner = _OWNER_OF_EVIDENCE.match(src) if last in _EVIDENCE_ENDS else None
    if owner:  # "a BBC report Thursday" -> "BBC"; "journalists' calculations" -> "journalists"
        src = owner.group("owner")
    words = src.split()
    return _without_place(" ".join(words[:14]))


# The last words the two patterns below can end on: they run only then (speed).
_ADVERB_ENDS = word_set(
    "last first also previously earlier recently now then far again later "
    "still meanwhile separately further too yesterday today week"
)
_EVIDENCE_ENDS = word_set(
    "report statement analysis assessment survey study calculation "
    "calculations estimate estimates data figure figures count tally "
    "update bulletin investigation findings yesterday today"
) | {d + "day" for d in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")}
_THE_SAME = re.compile(r"^(?:the\s+)?same\s+(?=\S)", re.IGNORECASE)
_PARENTHETICAL_END = re.compile(r"(?<=\w)\s*[(\[][^()\[\]]*[)\]]?$")
# "Russia last reported", "Yu also said", "the ministry on Friday said": not the name.
_TRAILING_ADVERB = re.compile(
    r"(?:\s+(?:last|first|also|previously|earlier|recently|now|then|so\s+far|again|later|still|"
    r"meanwhile|separately|further|too|on\s+(?:\w+day|[A-Z][a-z]{2,8}\.?\s+\d{1,2})|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|this\s+week|last\s+week))+$",
    re.IGNORECASE,
)
_OWNER_OF_EVIDENCE = re.compile(
    r"^(?:(?:an?|the)\s+)?(?P<owner>(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,5}|"
    r"[a-z]+s(?=['’ʼ]))(?:['’ʼ]s?)?\s+(?:own\s+|latest\s+|new\s+|official\s+)?"
    r"(?:report|statement|analysis|assessment|survey|study|calculations?|estimates?|data|"
    r"figures?|count|tally|update|bulletin|investigation|findings)"
    r"(?:\s+(?:on\s+)?(?:\w+day|yesterday|today))?$"
)


_EVIDENCE_FROM = re.compile(
    r"^(?:(?:an?|the)\s+|(?:\w+day|today|yesterday)['’]s\s+)?"
    r"(?:(?:latest|new|official|preliminary|initial|updated|confidential|internal|leaked|"
    r"classified|draft|unpublished|annual|recent)\s+)?"
    r"(?:" + "|".join(entry(_LEX, "not_source", "evidence")) + r"|reports?)\s+"
    r"(?:(?:" + "|".join(entry(_LEX, "not_source", "given_by")) + r")\s+"
    # "released Tuesday by", "published on Monday by"
    r"(?:(?:on\s+)?(?:\w+day|today|yesterday|last\s+week|this\s+week)\s+)?)?"
    r"(?:from|by)\s+(?P<owner>\S.*)$",
    re.IGNORECASE,
)
_POSSESSIVE_ORG = re.compile(
    r"^(?:his|her|its|their)\s+(?:own\s+)?(?:spy\s+|intelligence\s+)?(?:agency|ministry|service|"
    r"office|department|government|directorate|bureau|command|administration|organi[sz]ation|"
    r"army|military|staff|team|party|company|group)$",
    re.IGNORECASE,
)


def _kind(src: str) -> str:
    lowered = src.lower()
    if lowered in PRONOUNS or _POSSESSIVE_ORG.match(src):
        return "pronoun"
    if _SOCIAL.search(src):
        return "social"
    return "named"


def _at(found: Attribution, sentence: str, offset: int) -> Attribution:
    """Record where the source's words are, searching from ``offset``."""
    where = sentence.find(found.source, offset)
    while where >= 0 and not _word_edges(sentence, where, where + len(found.source)):
        where = sentence.find(found.source, where + 1)
    if where >= 0:
        found.start, found.end = where, where + len(found.source)
    return found


def _word_edges(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] starts and ends on word boundaries ("he" is not in "the")."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() and text[start].isalnum()) and not (
        after.isalnum() and text[end - 1].isalnum()
    )


def sentence_attributions(sentence: str, verbs: frozenset[str] | None = None) -> list[Attribution]:
    """Every attribution the rules find in a sentence (a sentence may quote two sources).

    The tight rules go first ("according to X", "said X", the subject right before a
    verb); the sentence-wide ones only add sources that do not overlap those.
    """
    found: list[Attribution] = []
    subjects = _clause_subjects(sentence, verbs or STANCE_WORDS)
    rules = [_according(sentence), _inverted(sentence)]
    wide = [_trailing(sentence), _leading(sentence)]
    # The benchmark wants tight spans first; the extractor trusts its sentence rules first.
    candidates = [*rules, *subjects, *wide] if verbs is None else [*rules, *wide, *subjects]
    for attribution in candidates:
        if attribution is None or attribution.start < 0:
            continue
        if not any(a.start < attribution.end and attribution.start < a.end for a in found):
            found.append(attribution)
    return [_reported_estimate(a, found) for a in found]


# "Yu said Ukraine estimated ... 4,000": the reporting verb of one source opens the next
# source's span; the estimate is Ukraine's, relayed by Yu.
_SAID_THAT = re.compile(r"^(?P<verb>[a-z]+)\s+(?:that\s+)?(?=(?:the\s+)?[A-Z]|the\s+[a-z]+$)")


def _reported_estimate(attribution: Attribution, found: list[Attribution]) -> Attribution:
    said = _SAID_THAT.match(attribution.source)
    if said is None or said.group("verb") not in VERB_WORDS:
        return attribution
    teller = next((a for a in found if a.cue_at == attribution.start), None)
    origin = attribution.source[said.end() :]
    if teller is None or not acceptable_source(origin):
        return attribution
    return dataclasses.replace(
        attribution, source=origin, start=attribution.start + said.end(), via=teller.source
    )


_SUBJECT_TOKEN = re.compile(r"[\w’'&.-]+|[^\w\s]")
_SUBJECT_STOPS = word_set(
    "and but or that because while when if as so although though after before since where "
    "whether than then also not to is was are were be been has have had will would could "
    "can may might should must do does did of in on at for with by from about"
)
_SUBJECT_SKIP = word_set(
    "has have had also previously repeatedly recently later then once again never has "
    "just already still reportedly publicly privately later often"
)
_SUBJECT_PRONOUNS = word_set("he she they we i you it who")


# Verbs of stance beyond reporting ("urged", "tweeted", "wants"): a source for the
# attribution benchmark, whose corpus annotates every expressed stance.
STANCE_WORDS = VERB_WORDS | word_set(
    "asked asks called calls described describes criticized criticised endorsed endorses "
    "argue argued refused refuses agreed agrees recalled recalls tweeted tweets posted defended "
    "defends sought seeks urged urges praised praises supported supports accused accuses "
    "proposed proposes plans planned wants want wanted promised promises vowed vows denied "
    "denies questioned questions charged feared fears worried hoped hopes demanded demands "
    "pledged pledges blamed blames insisted predicted suggested answered opposed opposes "
    "dismissed rejected warned welcomed condemned slammed touted lamented complained mocked "
    "hailed attacked backed oppose opposed jokes joked replied interrupted acknowledged "
    "announced argues claim insists believe believes think thinks thought knows knew felt feel "
    "feels expects expected highlighted emphasized stressed cited cites referred pointed"
)


def count_cues(sentence: str) -> int:
    """How many reporting verbs a sentence has ("said ... while X said" has two)."""
    return len(_verbs(sentence))


def nearest_attribution(attributions: list[Attribution], position: int) -> Attribution:
    """The attribution governing a figure: the closest cue before it, else after it."""
    before = [a for a in attributions if 0 <= a.cue_at < position]
    if before:
        return max(before, key=lambda a: a.cue_at)
    return min(attributions, key=lambda a: abs(a.cue_at - position))


def _stance_verbs(sentence: str, verbs: frozenset[str]) -> list[tuple[int, int, str]]:
    return [
        (m.start(), m.end(), m.group(0).lower())
        for m in _WORD.finditer(sentence)
        if m.group(0).lower() in verbs
    ]


def _clause_subjects(sentence: str, verbs: frozenset[str]) -> list[Attribution]:
    """The subject right before each stance verb: "..., and Trump told reporters ...".

    An appositive counts with its name, as written: "Jeff Sessions, a senator, said".
    """
    out = []
    for start, _, verb in _stance_verbs(sentence, verbs):
        if _ARTICLE_BEFORE.search(sentence, max(0, start - 5), start):
            continue  # "an estimated 15,000": an adjective, not a verb
        if verb in _NOUNABLE and _DETERMINER_END.search(
            sentence[max(0, start - 20) : start].rstrip()
        ):
            continue  # "the estimate is ...": a noun
        tokens = list(_SUBJECT_TOKEN.finditer(sentence, max(0, start - 160), start))
        while tokens and tokens[-1].group(0).lower() in _SUBJECT_SKIP:
            tokens.pop()
        span = _appositive_subject(tokens) or _plain_subject(tokens)
        if not span:
            continue
        begin, end = span
        src = sentence[begin:end]
        if src.lower() in _SUBJECT_PRONOUNS or _plausible_source(src.rstrip(",")):
            found = Attribution(src, verb, _kind(src), start=begin, end=end, cue_at=start)
            out.append(found)
    return out


_ARTICLE_BEFORE = re.compile(r"(?:^|\s)(?:[Aa]n?|[Tt]he)\s+$")


def _plain_subject(tokens: list[re.Match[str]]) -> tuple[int, int] | None:
    kept = _np_backwards(tokens)
    return (kept[-1].start(), kept[0].end()) if kept else None


def _appositive_subject(tokens: list[re.Match[str]]) -> tuple[int, int] | None:
    """ "Name, a title," right before the verb: the whole span with its last comma."""
    if len(tokens) < 4 or tokens[-1].group(0) != ",":
        return None
    appositive = _np_backwards(tokens[:-1], limit=12)
    rest = tokens[: len(tokens) - 1 - len(appositive)]
    if not appositive or not rest or rest[-1].group(0) != ",":
        return None
    name = _np_backwards(rest[:-1])
    if not name or not name[-1].group(0)[:1].isupper():
        return None
    return name[-1].start(), tokens[-1].end()


def _np_backwards(tokens: list[re.Match[str]], limit: int = 7) -> list[re.Match[str]]:
    """The noun phrase ending the token list; "the US and South Korea" joins two names."""
    kept: list[re.Match[str]] = []
    for i in range(len(tokens) - 1, -1, -1):
        word = tokens[i].group(0)
        joins = word == "and" and kept and kept[-1].group(0)[:1].isupper() and i > 0
        if joins and (tokens[i - 1].group(0)[:1].isupper() or tokens[i - 1].group(0) == "US"):
            kept.append(tokens[i])
            continue
        if not (word[0].isalnum() or word[0] == "’") or word.lower() in _SUBJECT_STOPS:
            break
        kept.append(tokens[i])
        if len(kept) >= limit or word.lower() in _SUBJECT_PRONOUNS:
            break
    return kept


def source_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the named sources in a text (the PolNeAR benchmark's unit)."""
    from corroborate.extract.sentences import split_sentences

    spans = []
    for sentence in split_sentences(text):
        if CUE_WORDS.isdisjoint(_WORD.findall(sentence.text.lower())):
            continue
        for found in sentence_attributions(sentence.text):
            spans.append((sentence.start + found.start, sentence.start + found.end))
    return spans


def first_person(sentence: str) -> bool:
    return bool(_FIRST_PERSON.search(sentence))


_INITIAL_SUBJECT = re.compile(
    r"^(?:The\s+|the\s+)?(?P<np>[A-Z][\w.’'&-]*(?:\s+(?:of\s+|for\s+)?[\w.’'&-]+){0,6}?)\s+"
    r"(?:has|have|had|is|are|was|were|will|would|also|says|said|told|estimated|estimates|"
    r"reported|reports|put|puts|gave|gives|released|published|issued|described|expects|"
    r"believes|assessed|assesses|forecast|now|had)\b"
)


def initial_subject(sentence: str) -> str | None:
    """The noun phrase a sentence opens with, before its first verb ("Ukraine's military
    intelligence has gone higher still, ..."), when it looks like a source."""
    match = _INITIAL_SUBJECT.match(_LEADING_TIME.sub("", sentence))
    if not match:
        return None
    src = _trim(match.group("np"))
    if src.lower() in PRONOUNS:
        return src
    if _HAS_DIGIT.search(src) or "," in src or _NOT_SOURCE_START.match(src):
        return None
    return src if _plausible_source(src) else None


_BRIEFING = compiled(_LEX, "relay", "briefing")
_BRIEFING_WORDS = ("brief", "lawmakers", "legislators", "parliament")


def briefing_cue(sentence: str) -> bool:
    """Whether a sentence tells of an agency briefing lawmakers ("the NIS told lawmakers",
    "after a closed-door briefing by the spy agency")."""
    lowered = sentence.lower()
    return any(w in lowered for w in _BRIEFING_WORDS) and bool(_BRIEFING.search(sentence))


_BACK_SUBJECT = phrase_pattern(entry(_LEX, "back_reference", "subjects"))
_BACK_VERB = phrase_pattern(entry(_LEX, "back_reference", "verbs"))
_BACK = re.compile(
    rf"^{_BACK_SUBJECT}(?:\s*,?\s+which\s+(?P<relay>(?:[A-Z][\w.'’-]*\s+){{0,3}}[A-Z][\w.'’-]*|"
    r"the\s+[a-z]+|he|she|they)\s+(?:said|says|added|noted|claimed))?"
    r"\s+(?:was|were|is|are|has\s+been|had\s+been)\s+(?:first\s+)?"
    rf"{_BACK_VERB}\s+(?:by|from)\s+(?P<src>[^,;]+?)(?=\s*(?:[,;]|[.!?]?\s*$|\s+(?:during|in|"
    r"on|at|after|before|last|this|to)\b))",
    re.IGNORECASE,
)


def back_reference(sentence: str) -> Attribution | None:
    """ "This information was disclosed by the NIS during a briefing.": the source of the
    sentence before. "The number, which X said was given by Y, ...": Y's figure, relayed by
    X (``via``)."""
    if not sentence[:4].lower().startswith(("this", "the ", "thes")):
        return None
    match = _BACK.match(sentence)
    if not match:
        return None
    src = _trim(match.group("src"))
    if not acceptable_source(src):
        return None
    found = Attribution(src, "by", _kind(src), start=match.start("src"), end=match.end("src"))
    found.via = match.group("relay")
    return found


# The origin a speaker relays, wherever the sentence says it: "X cited Y as saying",
# "X cited intelligence he received from Y", "..., citing a briefing from Y", "X was
# speaking after he was briefed by Y". The origin ends where its phrase does.
_ORIGIN_END = (
    r"(?=\s*(?:[,;:()]|[.!?]?[\"”’]?\s*$|\s[-–—]\s|\s+(?:on|in|at|last|this|that|who|which|"
    r"about|during|to|as|after|before|while|and\s+(?:said|told|added))\b))"
)
_RELAY_PATTERNS = (
    re.compile(
        r"(?P<relay>(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*|[Tt]he\s+\w+)\s+(?:also\s+)?"
        r"(?:cited|quoted)\s+(?P<src>[^,;]+?)\s+as\s+(?:saying|telling|estimating|putting|"
        r"stating|reporting)\b"
    ),
    re.compile(
        r"\b(?:cited|citing|quoting|quoted|relaying|relayed)\s+(?:the\s+|an?\s+)?(?:\w+\s+)?"
        r"(?:intelligence|information|data|figures|briefings?|assessments?|estimates?)\s+"
        r"(?:(?:that\s+)?(?:he|she|they|it)\s+(?:had\s+)?(?:received|got|obtained|heard)\s+)?"
        r"(?:from|by)\s+(?P<src>[^,;()]+?)" + _ORIGIN_END
    ),
    re.compile(
        r"\b(?:(?:after|following|when)\s+(?:being|(?:he|she|they)\s+(?:was|were|had\s+been))"
        r"\s+briefed|citing|quoting)\s+by\s+(?P<src>[^,;()]+?)" + _ORIGIN_END
    ),
)
_RELAY_HINTS = ("cited", "citing", "quoted", "quoting", "briefed", "relay")
_OWN_INTELLIGENCE = re.compile(
    r"\b(?:citing|cited|had|has|have|with)\s+(?:(?:new|fresh|his|her|their|its|some)\s+)?"
    r"intelligence(?:\s+(?:information|data|reports?))?\b(?!\s+(?:from|by|agency|agencies|"
    r"service|chief|officials?|committee|sources?))"
)


_ROLE_APPOSITIVE = re.compile(
    r",\s+(?P<role>(?:the\s+)?(?:director|head|chief|commander|spokes\w+|minister|secretary)"
    r"\s+(?:of|at)\s+[^,;.()]+)"
)


def relays_in(sentence: str) -> list[tuple[str | None, str]]:
    """(relay, origin) pairs a sentence states; a relay of None is the sentence's speaker.
    An origin of "intelligence" is the speaker's own country's intelligence."""
    lowered = sentence.lower()
    if not any(hint in lowered for hint in _RELAY_HINTS) and "intelligence" not in lowered:
        return []
    found: list[tuple[str | None, str]] = []
    for pattern in _RELAY_PATTERNS:
        for match in pattern.finditer(sentence):
            src = _trim(_LEADING_TIME.sub("", match.group("src")))
            relay = match.groupdict().get("relay")
            role = _ROLE_APPOSITIVE.match(sentence, match.end("src"))
            if role:  # "Cho Tae-yong, director of the National Intelligence Service"
                src = f"{src}, {role.group('role')}"
            if acceptable_source(src) and _plausible_source(src):
                found.append((_trim(relay) if relay else None, src))
    if not found and "intelligence" in lowered and _OWN_INTELLIGENCE.search(sentence):
        found.append((None, "intelligence"))
    return found
