"""The extract stage: documents in, one ``Claim`` per quantitative statement out.

``extract_claims(Document(text=...))`` needs nothing but the text. Sentences without a
digit or a number word are not analysed for figures (the prefilter that keeps this fast);
sentences with a reporting cue are still read for who is speaking, so that "he added" and
a sentence continuing a quote resolve to the right source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corroborate.extract import context, timex
from corroborate.extract.attribution import (
    CUE_WORDS,
    PRONOUNS,
    VERB_WORDS,
    Attribution,
    count_cues,
    first_person,
    local_attribution,
    nearest_attribution,
    sentence_attribution,
    sentence_attributions,
)
from corroborate.extract.numbers import word_set
from corroborate.extract.quantities import Mention, find_quantities, has_number, words_of
from corroborate.extract.sentences import Sentence, split_sentences
from corroborate.link.sources import canonical_source, source_kind
from corroborate.records import AUTHOR, Claim, Document

__all__ = ["extract_claims", "find_quantities", "split_sentences"]

_AUTHOR_VOICE = re.compile(r"^(?:However|But|In my|This makes|Of course|Clearly|Still)\b")
_BACK_REFERENCE = re.compile(
    r"\b(?:the|this|that|these|such)\s+(?:claims?|figures?|numbers?|reports?|rumou?rs?|"
    r"estimates?)\s+(?:that|of)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_BACK_WORDS = word_set(
    "claim claims figure figures number numbers report reports rumour rumours rumor rumors "
    "estimate estimates"
)
_LEVEL_VERB = re.compile(r"\s+(?:at|is|was|stood|stands|to\s+be|reached)\b")
_NUMBER_OF = re.compile(r"\b(?:number|count|total|tally)\s+of\s+", re.IGNORECASE)


@dataclass(slots=True)
class _Speaker:
    """A resolved source: its canonical name, kind and the words the text used."""

    name: str
    kind: str
    surface: str
    hedge: str | None = None


@dataclass(slots=True)
class _State:
    """What the reader remembers while going through one document."""

    speakers: list[_Speaker] = field(default_factory=list)
    current: _Speaker | None = None  # the attribution a following sentence may continue
    paragraph: int = -1
    claims: list[Claim] = field(default_factory=list)


def extract_claims(doc: Document) -> list[Claim]:
    """Every quantitative statement in ``doc``, with its evidence and its source."""
    state = _State()
    for sentence in split_sentences(doc.text or ""):
        _read_sentence(doc, sentence, state)
    return state.claims


def _read_sentence(doc: Document, sentence: Sentence, state: _State) -> None:
    text = sentence.text
    if sentence.paragraph != state.paragraph:
        state.paragraph, state.current = sentence.paragraph, None
    words = words_of(text)
    attribution = None
    if not words.isdisjoint(CUE_WORDS) or ":" in text[:48]:
        attribution = sentence_attribution(text)
    speaker = _speaker(attribution, state) if attribution else None
    inherited = None
    if speaker is None and state.current and not first_person(text):
        inherited = None if _AUTHOR_VOICE.match(text) else state.current
    if has_number(text, words):
        mentions = find_quantities(text, words)
        facts = _Facts(text, words) if mentions else None
        several = _several_sources(text, words) if len(mentions) > 1 else []
        for mention in mentions:
            who = speaker or inherited
            if several:
                who = _speaker(nearest_attribution(several, mention.start), state)
            claim = _claim(doc, sentence, mention, who, state, facts)
            state.claims.append(claim)
    if speaker and speaker.kind not in ("author", "report", "social"):
        state.current = speaker
    elif speaker is None and inherited is None:
        state.current = None


def _several_sources(text: str, words: frozenset[str]) -> list[Attribution]:
    """The attributions of a sentence that quotes two sources or more, else []."""
    if words.isdisjoint(VERB_WORDS) or count_cues(text) + ("according" in words) < 2:
        return []
    found = sentence_attributions(text, VERB_WORDS)
    names = {canonical_source(a.source) for a in found if a.kind != "pronoun"}
    return found if len(names) > 1 else []


def _speaker(attribution: Attribution, state: _State) -> _Speaker | None:
    surface = attribution.source
    if attribution.kind == "pronoun":
        return _resolve_pronoun(surface, state)
    name = canonical_source(surface)
    kind = "social" if attribution.kind == "social" else source_kind(surface)
    if attribution.kind == "report":
        kind = "report"
    found = _Speaker(name, kind, surface, attribution.hedge)
    if kind not in ("report",):
        state.speakers.append(found)
    return found


def _resolve_pronoun(pronoun: str, state: _State) -> _Speaker | None:
    """ "he added" -> the last person named; "the agency said" -> the last agency named."""
    wanted = PRONOUNS.get(pronoun.lower(), "any")
    for speaker in reversed(state.speakers):
        if (
            wanted == "any"
            or speaker.kind == wanted
            or (wanted in ("agency", "official") and speaker.kind in ("agency", "official"))
        ):
            return speaker
    if state.speakers:
        return state.speakers[-1]
    return _Speaker(canonical_source(pronoun), source_kind(pronoun), pronoun)


class _Facts:
    """What holds for the whole sentence, computed once however many figures it has."""

    __slots__ = ("hedge", "period", "places", "time_text", "words")

    def __init__(self, text: str, words: frozenset[str]) -> None:
        self.hedge = context.sentence_hedge(text, words)
        self.period = context.period_of(text, words)
        self.time_text = timex.find_time(text, words)
        self.words = words
        self.places = context.find_places(text)


def _claim(
    doc: Document,
    sentence: Sentence,
    mention: Mention,
    speaker: _Speaker | None,
    state: _State,
    facts: _Facts,
) -> Claim:
    text = sentence.text
    local = local_attribution(text, mention.start, mention.end)
    if local:
        speaker = _speaker(local, state)
    hedge = facts.hedge
    if hedge is None and not facts.words.isdisjoint(context.LIKELY_WORDS):
        hedge = context.likely_before(text, mention.start)
    if speaker is None and not facts.words.isdisjoint(_BACK_WORDS):
        speaker = _back_reference(text, mention, state)
    if speaker and speaker.hedge and hedge in (None, "estimate", "likely"):
        hedge = speaker.hedge
    counted, np_end = context.counted_phrase(text, mention.start, mention.end)
    event = context.event_phrase(text, mention.start, np_end)
    if context.generic(counted):
        counted, event = _counted_fallback(text, mention, counted, event, state)
    time_text = facts.time_text
    claim = Claim(
        sentence=text,
        start=sentence.start,
        end=sentence.end,
        mention=text[mention.start : mention.end],
        mention_start=sentence.start + mention.start,
        mention_end=sentence.start + mention.end,
        value=mention.value,
        low=mention.low,
        high=mention.high,
        qualifier=mention.qualifier,
        unit=mention.unit,
        counted=counted,
        owner=context.owner_of(counted, text, mention.start),
        event=event,
        place=context.place_for(text, event, mention.start, facts.places),
        as_of=timex.resolve(time_text, doc.published),
        period=facts.period,
        source=speaker.name if speaker else AUTHOR,
        source_kind=speaker.kind if speaker else "author",
        hedged=hedge is not None,
        hedge=hedge,
        is_change=mention.is_change,
        extras=_extras(doc, mention, speaker, time_text),
    )
    return claim


def _extras(
    doc: Document, mention: Mention, speaker: _Speaker | None, time_text: str | None
) -> dict[str, object]:
    extras: dict[str, object] = dict(mention.extras)
    if speaker:
        extras["source_text"] = speaker.surface
    extras["source_chain"] = [doc.outlet or AUTHOR, speaker.name if speaker else AUTHOR]
    if mention.direction:
        extras["direction"] = mention.direction
    if mention.vague:
        extras["vague"] = list(mention.vague)
    if mention.weak:
        extras["weak"] = True
    if time_text:
        extras["time_text"] = time_text
    return extras


def _back_reference(text: str, mention: Mention, state: _State) -> _Speaker | None:
    """ "the claim that 200,000 ..." refers to an earlier claim of the same figure."""
    if not _BACK_REFERENCE.search(text[max(0, mention.start - 60) : mention.start]):
        return None
    for claim in reversed(state.claims):
        if claim.value == mention.value and claim.source != AUTHOR:
            return _Speaker(claim.source, claim.source_kind, str(claim.extras.get("source_text")))
    return None


def _counted_fallback(
    text: str, mention: Mention, counted: str | None, event: str | None, state: _State
) -> tuple[str | None, str | None]:
    """ "the number of troops en route to Ukraine at around 12,000": look before the figure."""
    before = text[: mention.start]
    matches = list(_NUMBER_OF.finditer(before))
    if matches:
        match = matches[-1]
        found, np_end = context.counted_phrase(text, match.end() - 1, match.end() - 1)
        if found:
            rest = _LEVEL_VERB.split(text[np_end:], maxsplit=1)[0]
            rest = context.clause(rest).strip()
            return found, (rest or None) or event
    same_sentence = [
        c for c in state.claims if c.sentence == text and not context.generic(c.counted)
    ]
    if same_sentence:
        return same_sentence[-1].counted, event or same_sentence[-1].event
    return counted, event
