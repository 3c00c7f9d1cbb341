"""Who a sentence's figures are attributed to.

Rules over the raw sentence, in the order a reader applies them: a figure-local source
("the 10,000 figure estimated by X", "X's estimate of 10,000"), then "according to X",
then a reporting verb after the content ("..., X said on Friday", "..., said X"), then a
reporting verb after a sentence-initial subject ("X said/told/estimated ..."), then
anonymous channels ("social media has been abuzz", "reports of"). Pronouns ("he added",
"the agency said") are left as written here and resolved against the document's earlier
sources by ``resolve``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corroborate.extract.numbers import word_set

_VERBS = (
    r"said|says|say|saying|told|tells|tell|added|adds|estimated|estimates|estimate|reported|"
    r"reports|stated|states|claimed|claims|claim|announced|announces|warned|warns|noted|notes|"
    r"confirmed|confirms|believes|believe|believed|wrote|writes|explained|explains|insisted|"
    r"insists|revealed|reveals|disclosed|assessed|assesses|assess|indicated|indicates|"
    r"suggested|suggests|predicted|predicts|acknowledged|acknowledges|admitted|admits|argued|"
    r"argues|alleged|alleges|testified|projected|projects|forecast|forecasts|calculated|"
    r"concluded|found|showed|shows|recorded|counted|put|puts|cited|cites|quoted|told reporters|"
    r"announced|asserted|asserts|reckoned|reckons|thinks|think|thought|informed|briefed|"
    r"observed|emphasized|emphasised|stressed|pointed out|mentioned|boasted|conceded|"
    r"responded|replied|continued|declared|maintained|maintains|expects|expected"
)
_AUX = r"(?:(?:has|have|had|will|would|also|previously|earlier|now|further|recently|then)\s+)*"
CUE_RE = re.compile(rf"\b(?:{_VERBS}|according|abuzz|reportedly|discussed)\b", re.IGNORECASE)

_ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
_TRAILING = re.compile(
    rf"(?:^|[,;:\"”’]|\s[-–—]\s)\s*(?P<src>[^,;:\"“”]{{2,120}}?)\s+{_AUX}(?P<verb>{_VERBS})\b"
    r"(?P<tail>[^,;:\"“”]{0,80})$",
    re.IGNORECASE,
)
_INVERTED = re.compile(
    rf"[,\"”’]\s*{_AUX}(?P<verb>said|says|told|added|adds|estimated|wrote|noted|stated|claimed|"
    r"explained|warned|continued|reported)\s+(?P<src>[^;\"“”]{2,120}?)\s*[.!?]?$",
    re.IGNORECASE,
)
_LEADING_VERB = re.compile(
    rf"\b(?:{_VERBS}|discussed reports? of|discussed reports?|cited reports? of)\b", re.IGNORECASE
)
# Words that are verbs or nouns: "Media reports from ..." is a subject, not a report verb.
_NOUNABLE = word_set(
    "reports report estimates estimate claims claim notes shows forecasts forecast projects "
    "counts put puts cites states thought"
)
_NOUN_NEXT = re.compile(
    r"^\s+(?:from|of|by|in|on|at|and|say|says|said|suggest|suggests|show|shows|estimate|"
    r"indicate|indicated|have|had|has|were|was|are|is)\b",
    re.IGNORECASE,
)
_DETERMINER_END = re.compile(
    r"(?:^|\s)(?:the|a|an|this|that|these|those|its|their|his|her|our|my|such)$", re.IGNORECASE
)
_TRAILING_AUX = re.compile(
    r"(?:\s+(?:has|have|had|will|would|also|previously|earlier|now|further|recently|then))+$",
    re.IGNORECASE,
)
_LOCAL_BY = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:estimated|given|cited|reported|provided|put forward|claimed|"
    r"announced|quoted|offered|released|published|issued|cited|stated|suggested)\s+by\s+"
    r"(?P<src>[^;]+?)\s*(?:[;.!?]\s*$|$|\s[-–—]\s)",
    re.IGNORECASE,
)
_LOCAL_POSSESSIVE = re.compile(
    r"(?P<src>(?:[A-Z][\w.-]*\s+){0,4}[A-Z][\w.-]*)['’]s?\s+(?:latest\s+|own\s+|new\s+)?"
    r"(?:figure|estimate|count|tally|assessment|number|calculation|data)\s+of\s+(?:about\s+|some\s+)?$"
)
_SOCIAL = re.compile(
    r"\bsocial media\b|\btelegram channels?\b|\b(?:military|war)\s+bloggers\b|\bmilbloggers\b",
    re.IGNORECASE,
)
_REPORTS = re.compile(r"\b(?:reports?\s+of|reportedly|unconfirmed reports?|rumou?rs?\s+of)\b", re.I)
PRONOUNS = {
    "he": "person", "she": "person", "they": "any", "it": "agency", "we": "any",
    "the agency": "agency", "the service": "agency", "the ministry": "official",
    "the department": "official", "the official": "official", "the spokesman": "official",
    "the spokeswoman": "official", "the spokesperson": "official", "the officials": "official",
    "the source": "any", "the newspaper": "media", "the outlet": "media",
    "the report": "report", "the minister": "person", "the president": "person",
    "the general": "person", "the chief": "person", "the spy agency": "agency",
    "the intelligence service": "agency", "the government": "official",
}  # fmt: skip
_FIRST_PERSON_SUBJECT = re.compile(r"^(?:I|We|My|Our)\b(?:\s+\w+){0,3}$")
_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:ve|m|d|ll)|my|me|we|our|us)\b")
_NOT_SOURCE_START = re.compile(
    r"^(?:it|this|that|there|which|what|who|when|if|as|so|but|however|and|or|some|many|"
    r"most|no|not|a|an)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Attribution:
    source: str  # as written ("South Korea's spy agency", "he")
    cue: str  # the reporting verb or phrase
    kind: str = "named"  # named, pronoun, social, report
    hedge: str | None = None


def sentence_attribution(sentence: str) -> Attribution | None:
    """The source that the whole sentence is attributed to, if the sentence names one."""
    found = _according(sentence) or _inverted(sentence) or _trailing(sentence)
    found = found or _leading(sentence)
    if found:
        return found
    if _SOCIAL.search(sentence):
        return Attribution("social media", "social media", "social", "rumour")
    if _REPORTS.search(sentence):
        return Attribution("unnamed reports", "reports", "report", "unconfirmed")
    return None


def local_attribution(sentence: str, start: int, end: int) -> Attribution | None:
    """A source bound to one figure: "the 10,000 figure estimated by X", "X's figure of"."""
    after = _LOCAL_BY.match(sentence[end:])
    if after:
        src = _trim(after.group("src"))
        if src:
            return Attribution(src, "by", _kind(src))
    before = _LOCAL_POSSESSIVE.search(sentence[max(0, start - 80) : start])
    if before:
        return Attribution(before.group("src"), "'s figure", _kind(before.group("src")))
    return None


def _according(sentence: str) -> Attribution | None:
    match = _ACCORDING.search(sentence)
    if not match:
        return None
    rest = sentence[match.end() :]
    cut = re.search(r",\s|;|\s[-–—]\s|\(|\s(?:that|who|which|on|in|last|this)\s|[.!?]\s*$", rest)
    src = _trim(rest[: cut.start()] if cut else rest)
    return Attribution(src, "according to", _kind(src)) if src else None


def _trailing(sentence: str) -> Attribution | None:
    body = sentence.rstrip(' .!?"”’)')
    match = _TRAILING.search(body)
    if not match or not _adjunct_only(match.group("tail")):
        return None
    src = _trim(match.group("src"))
    if not _plausible_source(src):
        return None
    return Attribution(src, match.group("verb").lower(), _kind(src))


def _inverted(sentence: str) -> Attribution | None:
    match = _INVERTED.search(sentence.rstrip())
    if not match:
        return None
    src = _trim(re.split(r"\s+(?:on|in|at|during|last|this|yesterday)\b", match.group("src"))[0])
    if not _plausible_source(src) or not (src[:1].isupper() or src.lower() in PRONOUNS):
        return None
    return Attribution(src, match.group("verb").lower(), _kind(src))


def _leading(sentence: str) -> Attribution | None:
    """ "X said ...", "X, the chief of Y, told Z ...", "In a statement, X said ..."."""
    for match in _LEADING_VERB.finditer(sentence, 0, 240):
        verb = match.group(0).lower()
        if verb in _NOUNABLE and _NOUN_NEXT.match(sentence[match.end() :]):
            continue
        head = _TRAILING_AUX.sub("", sentence[: match.start()].rstrip())
        if _DETERMINER_END.search(head):
            continue  # "the claim that ...": a noun
        if re.search(r"\d", head):
            return None  # the subject would contain a figure: this is content, not a source
        src = _subject(head)
        if not src:
            continue
        if _FIRST_PERSON_SUBJECT.match(src):
            return Attribution("the author", verb, "named")
        if not _plausible_source(src) or _NOT_SOURCE_START.match(src):
            return None
        hedge = "unconfirmed" if "report" in verb else None
        return Attribution(src, verb, _kind(src), hedge)
    return None


def _subject(head: str) -> str:
    """The subject before a verb; an appositive "X, Y," stays whole, an intro clause goes."""
    head = head.strip()
    if head.endswith(",") and head.count(",") >= 2:
        parts = head.rstrip(",").rsplit(",", 1)
        return _trim(head) if len(parts[0].split()) <= 5 else _trim(parts[1])
    if "," in head:
        return _trim(head.rsplit(",", 1)[1])
    return _trim(head)


def _adjunct_only(tail: str) -> bool:
    """ "said on Friday", "told TWZ", "said in a statement": nothing that carries content."""
    words = tail.split()
    if len(words) > 9 or re.search(r"\d{3,}|\bthat\b", tail):
        return False
    return not re.search(r"\b(?:was|were|is|are|has|have|had|will)\b", tail)


def _plausible_source(src: str) -> bool:
    if not src or len(src.split()) > 14 or re.search(r"\d", src):
        return False
    lowered = src.lower()
    if lowered in PRONOUNS:
        return True
    return bool(re.search(r"[A-Z]", src)) or bool(
        re.search(r"\b(?:officials?|media|reports?|sources?|analysts?|experts?|agency|ministry|"
                  r"government|military|spokes\w+|police|authorities|observers|residents|"
                  r"witnesses|researchers|estimates?|data|figures?|survey|study|"
                  r"people|diplomats?|commanders?|soldiers?|monitors?|group)\b", lowered)
    )  # fmt: skip


def _trim(src: str) -> str:
    src = src.strip(" \t,.;:\"'“”’()")
    src = re.sub(r"^(?:and|but|while|as|so)\s+", "", src, flags=re.IGNORECASE)
    words = src.split()
    return " ".join(words[:14])


def _kind(src: str) -> str:
    lowered = src.lower()
    if lowered in PRONOUNS:
        return "pronoun"
    if _SOCIAL.search(src):
        return "social"
    return "named"


def first_person(sentence: str) -> bool:
    return bool(_FIRST_PERSON.search(sentence))
