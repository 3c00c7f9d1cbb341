"""The extract stage: documents in, one ``Claim`` per quantitative statement out.

``extract_claims(Document(text=...))`` needs nothing but the text. Sentences without a
digit or a number word are not analysed for figures (the prefilter that keeps this fast);
sentences with a reporting cue are still read for who is speaking, so that "he added" and
a sentence continuing a quote resolve to the right source.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import cast

from corroborate.extract import context, kinds, timex
from corroborate.extract.attribution import (
    CUE_WORDS,
    OWNER_WORDS,
    PRONOUNS,
    UNATTRIBUTED,
    VERB_WORDS,
    Attribution,
    acceptable_source,
    back_reference,
    briefing_cue,
    count_cues,
    counts_the_speakers,
    first_person,
    gapped_attribution,
    initial_subject,
    local_attribution,
    nearest_attribution,
    relays_in,
    sentence_attribution,
    sentence_attributions,
)
from corroborate.extract.lexicon import entry, phrase_pattern
from corroborate.extract.numbers import word_set
from corroborate.extract.quantities import Mention, find_quantities, words_of
from corroborate.extract.sentences import Sentence, split_sentences
from corroborate.extract.sources import (
    NameBook,
    canonical_source,
    is_known_source,
    legislator_roles,
    normalise,
    organisation_of,
    person_core,
    same_source,
    source_kind,
)
from corroborate.records import AUTHOR, Claim, Document, Hedge, Precision, SourceKind

__all__ = ["extract_claims", "find_quantities", "split_sentences"]

_AUTHOR_VOICE = re.compile(r"^(?:However|But|In my|This makes|Of course|Clearly|Still)\b")
_BACK_REFERENCE = re.compile(
    r"\b(?:the|this|that|these|such)\s+(?:claims?|figures?|numbers?|reports?|rumou?rs?|"
    r"estimates?)\s+(?:that|of)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_THEIR_DATA = re.compile(
    r"\b(its|their)\s+(?:[\w-]+\s+){0,2}(?:counts?|figures?|tall(?:y|ies)|data|estimates?|"
    r"numbers?|reports?|assessments?|updates?|bulletins?|statistics)\b",
    re.IGNORECASE,
)
_BACK_WORDS = word_set(
    "claim claims figure figures number numbers report reports rumour rumours rumor rumors "
    "estimate estimates"
)
_LEVEL_VERB = re.compile(
    r"\s+(?:at|is|was|were|are|stood|stands|to\s+be|reached|(?:has|have|had)\s+(?:\w+\s+)?"
    r"(?:passed|reached|topped|surpassed|exceeded|risen|climbed|hit|been)|passed|topped|"
    r"surpassed|exceeded|rose|climbed|hit|totals|totalled|totaled|amounted)\b"
)
_NUMBER_OF = re.compile(
    r"\b(?:number|count|counts|total|totals|tally|tallies|toll|figures?|numbers)\s+of\s+"
    r"|\b(?:put|puts|putting|placed?|places|placing|pegged|pegs|estimated|estimates|estimating)"
    r"\s+(?:the\s+)?(?=[A-Z])",
    re.IGNORECASE,
)
_NUMBER_OF_WORDS = word_set(  # the regex runs only when one of its words is in the sentence
    "number count counts total totals tally tallies toll figure figures numbers put puts "
    "putting place placed places placing pegged pegs estimated estimates estimating"
)
# "two batches of 1,500": the batches are not the claim, the 1,500 are.
_GROUP_NOUNS = word_set(
    "batch batches group groups wave waves contingent contingents cadre cadres rotation "
    "rotations lot lots tranche tranches shipment shipments echelon echelons shift shifts "
    "team teams squad squads convoy convoys"
)
_GROUP_OF = re.compile(
    r"\b(?:batch|batches|groups?|waves?|contingents?|cadres?|rotations?|lots?|tranches?|"
    r"shipments?|echelons?|shifts?|teams?|squads?|convoys?)\s+of\s+"
    r"(?:about\s+|around\s+|some\s+|roughly\s+|nearly\s+)?$",
    re.IGNORECASE,
)
_FORMATIONS = frozenset(entry("counted", "formations", "words"))
_SETTLEMENTS = frozenset(entry("counted", "settlements", "words"))
_UNDATED = timex.Dating()  # shared by the figures with no time: read, never written
_POPULATION = re.compile(
    r"\b(?:" + "|".join(entry("counted", "settlements", "words")) + r")\s+of\s+"
    r"(?:about\s+|around\s+|some\s+|nearly\s+|roughly\s+|more\s+than\s+|over\s+)?$",
    re.IGNORECASE,
)
_FORMATION_OF = re.compile(r"\s+of\s|,?\s+each\b")
_OF_FIGURE = re.compile(r"\s+of\s+(?:about\s+|around\s+|some\s+|roughly\s+|nearly\s+)?\d")
_LEADING_NP = re.compile(
    r"^(?:The|These|Those|Its|Their)\s+(?P<np>(?:[A-Z][\w-]*\s+){0,3}[a-z][\w-]*s)\s+"
    r"(?:have|had|has|were|are|was|travelled|traveled|arrived|came|went|moved|left|worked|"
    r"served|crossed|landed)\b"
)


@dataclass(slots=True)
class _Speaker:
    """A resolved source: its canonical name, kind and the words the text used; ``via`` and
    ``speaker`` say who relays it and who is quoted ("lawmaker X said, citing the NIS": the
    NIS, via X, said by X)."""

    name: str
    kind: str
    surface: str
    hedge: str | None = None
    via: tuple[str, ...] = ()  # relays, outermost first: ("lawmaker X",) briefed by the agency
    organisation: str | None = None  # "his agency": a person's organisation
    speaker: str | None = None  # who is quoted or named as saying it
    rules: tuple[str, ...] = ()  # the named rules that found it


@dataclass(slots=True)
class _State:
    """What the reader remembers while going through one document."""

    speakers: list[_Speaker] = field(default_factory=list)
    current: _Speaker | None = None  # the attribution a following sentence may continue
    current_classes: set[str] = field(default_factory=set)  # what ``current`` counted
    carried: _Speaker | None = None  # the previous paragraph's closing source
    paragraph_sources: set[str] = field(default_factory=set)  # named in this paragraph
    carried_classes: frozenset[str] = frozenset()
    paragraph: int = -1
    claims: list[Claim] = field(default_factory=list)
    previous: str = ""  # the previous sentence, whose subject "it" may stand for
    sentence: str = ""  # the sentence being read
    headline: _Speaker | None = None  # who the headline quotes ("Zelensky: ... pass 3,000")
    headline_values: frozenset[float] = frozenset()
    open_quote: list[int] = field(default_factory=list)  # claims of a quote not yet closed
    headings: list[int] = field(default_factory=list)  # claims of headlines and subheads
    briefer: _Speaker | None = None  # the agency that briefed lawmakers
    last_sentence: list[int] = field(default_factory=list)  # the claims of the sentence before
    quote_paragraph: int = -1  # the paragraph of the open quote
    names: NameBook = field(default_factory=NameBook)  # "Lee" after "MP Lee Seong-kweun"
    relays: dict[str, _Speaker] = field(default_factory=dict)  # relay name -> its origin
    document: str = ""  # the whole text
    country: str | None = None  # the country it names most ("": none), read when needed
    reported: _Speaker | None = None  # whose report the text named last ("a report by X")


def extract_claims(doc: Document) -> list[Claim]:
    """Every quantitative statement in ``doc``, with its evidence and its source."""
    text = doc.text or ""
    state = _State(document=text)
    if doc.title and not text.lstrip().startswith(doc.title.strip()[:40]):
        _read_headline(doc.title, state)
    for sentence in split_sentences(text):
        _read_sentence(doc, sentence, state)
    _settle_sources(state)
    kinds.settle(state.claims)  # kinds that need the whole document
    _date_one_day_counts(state.claims)
    claims = state.claims
    if len(claims) > 1 and claims[0].start != claims[-1].start:  # two sentences or more
        claims = _once(claims)
    return claims


_ONE_DAY = frozenset(entry("events", "one_day"))


def _date_one_day_counts(claims: list[Claim]) -> None:
    """ "1.28 million marched on Tuesday ... The unions put turnout at 3.5 million": a
    crowd figure with no date of its own is of the article's latest crowd, else of the
    latest day its figures give (earlier days are given for comparison; a crowd to come is
    no day of counting)."""
    dated = [c for c in claims if c.as_of_precision == "day" and c.kind != "planned"]
    days = [c.as_of for c in dated if c.event_class in _ONE_DAY] or [c.as_of for c in dated]
    if not days:  # none of a crowd: the article's latest day ("blocked bridges on Saturday")
        return
    for claim in claims:
        if claim.event_class not in _ONE_DAY or claim.as_of is not None:
            continue
        if "time.earlier_level" in claim.rules or claim.kind == "planned":
            continue  # "compared with 87,000 at the previous protest": another day
        claim.as_of, claim.as_of_precision = max(d for d in days if d), "day"
        claim.rules.append("time.same_crowd")


def _once(claims: list[Claim]) -> list[Claim]:
    """The claims without those of a sentence repeated word for word (a page that prints a
    paragraph twice): the same statement, read once."""
    seen: set[tuple[str, int]] = set()
    out: list[Claim] = []
    for claim in claims:
        key = (claim.sentence, claim.mention_start - claim.start)
        if key not in seen:
            seen.add(key)
            out.append(claim)
    return out


def _read_headline(title: str, state: _State) -> None:
    """A title that is not part of the text is read for its speaker and figures only: a
    body sentence restating a headline figure without a speaker of its own is the
    headline speaker's ("Zelensky: losses pass 3,000" ... "Losses have passed 3,000.")."""
    words = words_of(title)
    found = (
        sentence_attribution(title)
        if (":" in title[:48] or not words.isdisjoint(CUE_WORDS))
        else None
    )
    if found is None or found.kind in ("report", "social"):
        return
    speaker = _speaker(found, state)
    if speaker is None or speaker.kind == "author":
        return
    values = {m.value for m in find_quantities(title, words) if m.value is not None}
    state.headline, state.headline_values = speaker, frozenset(values)


def _read_sentence(doc: Document, sentence: Sentence, state: _State) -> None:
    text = sentence.text
    if sentence.paragraph != state.paragraph:
        single = len(state.paragraph_sources) == 1  # a paragraph of several: the outlet's sum
        state.carried = state.current if single else None
        state.carried_classes = frozenset(state.current_classes)
        state.paragraph, state.current = sentence.paragraph, None
        state.paragraph_sources = set()
    else:
        state.carried = None
    state.sentence = text
    words = words_of(text)
    attribution = None
    if not words.isdisjoint(CUE_WORDS) or ":" in text[:48]:
        attribution = sentence_attribution(text)
    speaker = _speaker(attribution, state) if attribution else None
    if speaker is not None and attribution is not None:
        if attribution.cue == "told":
            speaker = _told_outlet(text, attribution.cue_at, speaker, doc.outlet)
        if attribution.kind == "named" and _REPORT_NOUN.search(
            text, min(attribution.cue_at, attribution.start), attribution.end
        ):
            state.reported = speaker  # "according to a report by X": "the report" is X's
    first_claim = len(state.claims)
    if speaker is not None and speaker.name == UNATTRIBUTED and state.current is not None:
        speaker = None  # "reportedly" in a paragraph that has named its source
    inherited = None
    if speaker is None and state.current and not first_person(text):
        inherited = None if _AUTHOR_VOICE.match(text) else state.current
    mentions = find_quantities(text, words)  # [] at once for a sentence without a number
    if mentions:
        facts = _Facts(text, words, mentions)
        relayed = attribution is not None and attribution.origin_speaks  # "X said, according to Y"
        two = len(mentions) > 1 or ", while " in text or ", but " in text or "; " in text
        several = _several_sources(text, words) if two and not relayed else []
        for mention in mentions:
            if attribution and counts_the_speakers(text, attribution, mention.start, mention.end):
                continue  # "Two sources familiar with the matter said": who speaks, no claim
            who = speaker or inherited
            if several:
                who = _speaker(nearest_attribution(several, mention.start), state)
            vague = False  # a headline's "..., Ukraine says": the body may say who in Ukraine
            if who is None and state.headline and mention.value in state.headline_values:
                who = state.headline  # restating the headline's figure
                vague = who.name.endswith(" government")
            claim = _claim(doc, sentence, mention, who, state, facts)
            carry = who is None or vague
            if carry and state.carried is not None and _continues_paragraph(claim, state):
                _give(claim, state.carried, "source.next_paragraph")
            state.claims.append(claim)
    _across_sentences(sentence, attribution, speaker, first_claim, state, words)
    if any("source.next_paragraph" in c.rules for c in state.claims[first_claim:]):
        inherited = state.current = state.carried
    if speaker and speaker.kind not in ("author", "report", "social"):
        if state.current is None or state.current.name != speaker.name:
            state.current_classes = set()
        state.current = speaker
    elif speaker is None and inherited is None:
        state.current = None
    state.paragraph_sources.update(
        c.source for c in state.claims[first_claim:] if c.source_kind != "author"
    )
    if state.current is not None:
        state.current_classes.update(
            _story_of(c.event_class)
            for c in state.claims[first_claim:]
            if c.event_class and c.kind != "planned" and c.source == state.current.name
        )
    if (
        sentence.start == 0
        and state.headline is None
        and speaker is not None
        and speaker.kind not in ("author", "report", "social")
        and (":" in text[:48] or not text.rstrip().endswith("."))
    ):
        state.headline = speaker  # a headline at the top of the text
        state.headline_values = frozenset(
            c.value for c in state.claims if c.value is not None and c.sentence == text
        )
    state.previous = text


_REPORT_NOUN = re.compile(r"\b(?:report|study|survey|analysis|assessment|investigation)\b")
# "told Reuters", "told The Associated Press on Friday": who was told, up to a preposition.
_TOLD = re.compile(
    r"told\s+(?P<name>(?:[Tt]he\s+)?[A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|of|for)){0,5})"
)


def _told_outlet(text: str, at: int, speaker: _Speaker, outlet: str | None) -> _Speaker:
    """ "a commander told Reuters": the commander's figure, which the news agency relays
    (unless the article is that agency's own)."""
    told = _TOLD.match(text, at)
    if told is None or speaker.via or speaker.kind in ("author", "report", "social"):
        return speaker
    name = told.group("name").rstrip(".")
    if not is_known_source(name) or source_kind(name) != "media":
        return speaker
    agency = canonical_source(name)
    if outlet and (same_source(outlet, agency) or normalise(name) in normalise(outlet)):
        return speaker  # the outlet's own reporter was told
    return replace(speaker, via=(agency,), rules=(*speaker.rules, "source.told_outlet"))


def _continues_paragraph(claim: Claim, state: _State) -> bool:
    """An unattributed figure opening a paragraph goes on with the source that closed the
    paragraph before, if that paragraph named no other, when it counts the same thing
    ("According to X, 1,262 died a day." / "Since the war began, 648,000 have died."); a
    forecast does not carry its source on."""
    return (
        state.carried is not None
        and claim.event_class is not None
        and _story_of(claim.event_class) in state.carried_classes
        and "according to" not in state.sentence  # a source named, though not read
        and not first_person(state.sentence)
        and not _AUTHOR_VOICE.match(state.sentence)
    )


_TOLL = frozenset(entry("events", "toll"))


def _story_of(event_class: str) -> str:
    """The classes one toll moves between ("losses" read as killed, then "casualties")."""
    return "toll" if event_class in _TOLL else event_class


def _several_sources(text: str, words: frozenset[str]) -> list[Attribution]:
    """The attributions of a sentence that quotes two sources or more, else []."""
    if words.isdisjoint(VERB_WORDS) or count_cues(text) + ("according" in words) < 2:
        return []
    found = sentence_attributions(text, VERB_WORDS)
    for i in range(1, len(found)):  # "according to U.S. officials, who said ...": the officials
        if found[i].source.lower() in ("who", "which") and found[i - 1].end <= found[i].start:
            found[i] = found[i - 1]
    names = {canonical_source(a.source) if a.kind != "pronoun" else a.source.lower()
             for a in found}  # fmt: skip
    return found if len(names) > 1 else []


def _across_sentences(
    sentence: Sentence,
    attribution: Attribution | None,
    speaker: _Speaker | None,
    first_claim: int,
    state: _State,
    words: frozenset[str],
) -> None:
    """Attribution that crosses sentences: a quote opened here and closed later with its
    speaker ("“12,000 have arrived. ... 3,800 killed,” he said"), a sentence naming the
    source of the one before ("This was disclosed by the agency"), a briefing to lawmakers,
    and headlines, whose figures take the source the body gives."""
    text, claims = sentence.text, range(first_claim, len(state.claims))
    if sentence.paragraph != state.quote_paragraph:
        state.open_quote = []
    if speaker is not None and state.open_quote and _closes_quote(text):
        for index in state.open_quote:
            _give(state.claims[index], speaker, "source.quote_span")
    if speaker is not None:
        state.open_quote = []
    elif _opens_quote(text):
        state.open_quote.extend(claims)
    back = back_reference(text) if state.last_sentence else None
    found = _speaker(back, state) if back is not None else None
    if found is not None:
        relay = found.via[0] if found.via else None
        for index in state.last_sentence:
            if state.claims[index].source == (relay or AUTHOR):
                _give(state.claims[index], found, "source.back_reference")
        values = {state.claims[i].value for i in state.last_sentence}
        for claim in state.claims[:first_claim] if relay else ():
            if claim.source == relay and claim.value in values:  # "The number, which X said
                _give(claim, found, "source.back_reference")  # was given by Y": Y's, via X
    for relay, origin in relays_in(text) if not words.isdisjoint(_RELAY_WORDS) else ():
        _note_relay(relay, origin, speaker, text, state)
    if not words.isdisjoint(_BRIEFING_WORDS) and briefing_cue(text):
        state.briefer = _briefer(attribution, speaker, text, state) or state.briefer
    if _is_heading(text):
        state.headings.extend(claims)
    state.last_sentence = list(claims)
    state.quote_paragraph = sentence.paragraph


# Sentences without one of these words state no relay or briefing (speed).
_RELAY_WORDS = word_set(
    "cited citing quoted quoting briefed briefing relayed relaying intelligence"
)
_BRIEFING_WORDS = word_set(
    "brief briefed briefing briefings lawmakers legislators parliament parliamentary"
)


def _note_relay(
    relay: str | None, origin: str, speaker: _Speaker | None, text: str, state: _State
) -> None:
    """Remember that ``relay`` (else the sentence's speaker, else the person opening the
    sentence) passes on what ``origin`` told them."""
    if relay is not None:
        relay_name = state.names.resolve(relay, canonical_source(relay))
    elif speaker is not None and speaker.kind not in ("author", "report"):
        relay_name, relay = speaker.name, speaker.surface
    else:
        opening = _OPENING_NAME.match(text)
        if opening is None or not acceptable_source(opening.group(0)):
            return
        relay = opening.group(0)
        relay_name = state.names.resolve(relay, canonical_source(relay))
    if origin == "intelligence":  # "citing intelligence": the speaker's country's
        demonym = _demonym_of(relay) or _demonym_of(relay_name)
        if demonym is None:
            return
        origin = f"{demonym} intelligence"
    name = state.names.resolve(origin, canonical_source(origin))
    if name != relay_name:
        state.relays[relay_name] = _Speaker(name, source_kind(name), origin, speaker=relay_name,
                                            rules=("source.citing",))  # fmt: skip


_OPENING_NAME = re.compile(r"(?:Rep\.\s+|Sen\.\s+)?(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w'’-]*")


_DEMONYM_AT = re.compile(rf"\b(?:{context.DEMONYMS})\b")


def _demonym_of(name: str) -> str | None:
    """ "Ukrainian President X" -> "Ukrainian"; "X (President of Ukraine)" -> "Ukrainian"."""
    match = _DEMONYM_AT.search(name)
    if match:
        return match.group(0)
    for country, demonym in context.COUNTRY_DEMONYMS.items():
        if re.search(rf"\b{re.escape(country)}\b", name):
            return demonym
    return None


def _opens_quote(text: str) -> bool:
    """A quotation that this sentence opens and does not close."""
    return text.count("“") > text.count("”") or (text.count('"') % 2 == 1 and '"' in text[:2])


def _closes_quote(text: str) -> bool:
    return text.count("”") > text.count("“") or text.count('"') % 2 == 1


def _is_heading(text: str) -> bool:
    """A headline or subhead: a short line without a closing full stop."""
    return len(text) < 160 and not text.rstrip().endswith((".", "?", "!", '"', "”", "’", ")"))


def _give(claim: Claim, speaker: _Speaker, rule: str) -> None:
    claim.source, claim.source_kind = speaker.name, cast("SourceKind", speaker.kind)
    claim.via, claim.speaker = list(speaker.via), speaker.speaker
    for name in (*speaker.rules, rule):  # a loop: each name is checked against those added
        if name not in claim.rules:
            claim.rules.append(name)
    if "source.author" in claim.rules:
        claim.rules.remove("source.author")
    claim.extras["source_text"] = speaker.surface


def _briefer(
    attribution: Attribution | None, speaker: _Speaker | None, text: str, state: _State
) -> _Speaker | None:
    """The agency that briefed lawmakers: "the NIS told lawmakers", "lawmakers said after a
    briefing by the spy agency", "according to an intelligence agency briefing to lawmakers"."""
    if speaker is not None:
        if speaker.via and speaker.kind in _ORG_KINDS:
            return speaker
        if speaker.kind in _ORG_KINDS and not _legislator_words(speaker.surface):
            return speaker
    found = _named_in(text, state, "")
    return found if found is not None and not _legislator_words(found.surface) else None


def _legislator_words(surface: str) -> bool:
    words = {w.strip(".,").lower() for w in surface.split()}
    return not words.isdisjoint(legislator_roles())


def _settle_sources(state: _State) -> None:
    """What only the whole document tells: a person known to relay an agency ("X said,
    citing the NIS"; a lawmaker after the agency briefed lawmakers) relays it in every
    figure they give; a headline figure takes the source the body gives it."""
    legislators = state.names.legislators()
    for claim in state.claims:
        who = claim.speaker
        if not who or claim.source != who:
            continue
        surface = str(claim.extras.get("source_text") or "")
        if person_core(surface) is None and _legislator_words(surface) and len(legislators) == 1:
            who = claim.speaker = claim.source = legislators[0]  # "a lawmaker" named later
        origin = state.relays.get(who)
        if (
            origin is None
            and state.briefer is not None
            and (state.names.is_legislator(who) or _legislator_words(surface))
        ):
            origin = state.briefer
        if origin is not None and origin.name != who:
            claim.source, claim.via = origin.name, [who]
            claim.source_kind = cast("SourceKind", origin.kind)
            claim.rules.append("source.relay_known")
    for claim in state.claims:  # a relay's origin may itself relay: "Yonhap, citing Yu"
        seen = {claim.source}
        while claim.source in state.relays and state.relays[claim.source].name not in seen:
            origin = state.relays[claim.source]
            claim.via = [*claim.via, claim.source]
            claim.source, claim.source_kind = origin.name, cast("SourceKind", origin.kind)
            seen.add(origin.name)
            if "source.relay_known" not in claim.rules:
                claim.rules.append("source.relay_known")
    _headlines_from_body(state)


def _headlines_from_body(state: _State) -> None:
    """ "Death toll reaches 44,000" over a body that says whose 44,000 it is."""
    headings = set(state.headings)
    body = [c for i, c in enumerate(state.claims) if i not in headings and c.source != AUTHOR]
    for index in headings:
        claim = state.claims[index]
        if claim.value is None:
            continue
        if claim.source != AUTHOR:
            _headline_country(claim, body)
            continue
        same = next((c for c in body if c.value is not None and _same_figure(claim, c)), None)
        if same is not None:
            claim.source, claim.source_kind = same.source, same.source_kind
            claim.via, claim.speaker = list(same.via), None
            claim.rules.append("source.headline_body")
            if "source.author" in claim.rules:
                claim.rules.remove("source.author")


def _headline_country(claim: Claim, body: list[Claim]) -> None:
    """ "..., Ukraine says" over "military officials in Kyiv said": a headline crediting a
    country takes the body's source of that country for the same figure."""
    if not claim.source.endswith(" government"):
        return
    prefix = claim.source[: -len("government")]  # "Ukrainian "
    country = str(claim.extras.get("source_text") or "\0")  # "Ukraine"
    for other in body:
        named = (other.source.startswith(prefix) or country in other.source) and (
            other.source != claim.source
        )
        if named and other.value is not None and _same_figure(claim, other):
            claim.source, claim.source_kind = other.source, other.source_kind
            claim.via = list(other.via)
            claim.rules.append("source.headline_body")
            return


def _same_figure(headline: Claim, body: Claim) -> bool:
    """The body's figure that a headline states, exactly or rounded ("nearly 46,000")."""
    if headline.value == body.value:
        return True
    if headline.qualifier == "exact" or not headline.value or not body.value:
        return False
    return abs(headline.value - body.value) <= 0.02 * headline.value  # rounded


def _speaker(attribution: Attribution, state: _State) -> _Speaker | None:
    surface = attribution.source
    rule = _RULE_OF_CUE.get(attribution.cue, "source.verb")
    relay_named = (
        _resolve_pronoun(attribution.via, state)
        if attribution.via and attribution.via.lower() in PRONOUNS
        else None
    )
    if attribution.kind == "pronoun":
        found = _resolve_pronoun(surface, state, attribution.start)
        if found is not None:
            found = replace(found, rules=(*found.rules, "source.pronoun"))
        elif surface.lower().startswith("the ") and acceptable_source(surface):
            name = canonical_source(surface)  # "the ministry said", none named before: its
            found = _Speaker(name, source_kind(name), surface, speaker=name, rules=(rule,))
            state.speakers.append(found)
    elif attribution.kind == "report":
        hedge: str | None = attribution.hedge or "unconfirmed"
        found = _Speaker(UNATTRIBUTED, "report", surface, hedge, rules=("source.unattributed",))
    elif not acceptable_source(surface):
        return None  # a fragment, a dateline or a bare common word is no source
    elif len(surface.split()) == 2 and (named := _named_by_noun(surface, state)) is not None:
        # "the archive put it at ...": the one named before; "the interior ministry" is a name
        found = replace(named, surface=surface, via=(), rules=(rule, "source.pronoun"))
    else:
        name = state.names.resolve(surface, canonical_source(surface))
        kind = "social" if attribution.kind == "social" else source_kind(name)
        hedge = attribution.hedge or ("rumour" if kind == "social" else None)
        voice = state.names.voice(surface)  # "Agency spokesperson X": the agency, said by X
        found = _Speaker(name, kind, surface, hedge, speaker=voice or name,
                         rules=(rule, "source.spokesperson") if voice else (rule,))  # fmt: skip
        state.speakers.append(found)
    if found is not None and attribution.dateline:
        found = replace(found, rules=(*found.rules, "source.dateline_skipped"))
    if found is not None and attribution.via:
        relay = state.names.resolve(attribution.via, canonical_source(attribution.via))
        if relay_named is not None:  # "citing X, the report said": whose report
            relay = relay_named.name
        if relay != found.name:
            said_by = found.name if attribution.origin_speaks else relay
            found = replace(found, via=(relay,), speaker=said_by,
                            rules=(*found.rules, "source.citing"))  # fmt: skip
            if attribution.cue == "citing":  # explicit relay language: remember it
                state.relays[relay] = found
        if attribution.hedge and not found.hedge:
            found.hedge = attribution.hedge
    return found


_RULE_OF_CUE = {"according to": "source.according_to", ":": "source.headline",
                "citing": "source.citing", "by": "source.by", "'s figure": "source.possessive",
                "social media": "source.social", "reports": "source.unattributed",
                "report by": "source.report_by", "label": "source.label",
                "reports from": "source.reports_from", "gapped": "source.gapped"}  # fmt: skip


def _organisation(name: str, surface: str) -> str | None:
    """The organisation a person speaks for: from the alias table, else an appositive
    ("X, the head of Ukraine's military intelligence", "X, who heads Y", "Y's spy chief")."""
    known = organisation_of(name)
    if known:
        return known
    match = _APPOSITIVE_ORG.search(surface)
    if match:
        return canonical_source(match.group("org"))
    return None


_APPOSITIVE_ORG = re.compile(
    r"(?:,\s*|\s)(?:the\s+)?(?:head|chief|director|leader|commander|spokes\w+|minister|"
    r"secretary|chairman|chair)\s+(?:of|at)\s+(?:the\s+)?(?P<org>[^,;()]+?)\s*(?:,|$)"
    r"|(?:,\s*)?who\s+(?:heads|leads|runs|directs)\s+(?P<org2>[^,;()]+?)\s*(?:,|$)",
)


def _resolve_pronoun(pronoun: str, state: _State, at: int = -1) -> _Speaker | None:
    """ "he added" -> the last person named; "the agency said" -> the last agency named;
    "his agency" -> that person's organisation; "when it said" -> a name earlier in the
    same sentence, else the subject of the sentence before."""
    lowered = pronoun.lower()
    if _POSSESSIVE.match(lowered):
        return _possessive_organisation(pronoun, state)
    named = _named_by_noun(pronoun, state)
    if named is not None:
        return named
    wanted = PRONOUNS.get(lowered, "any")
    if wanted == "report" and state.reported is not None:
        return state.reported  # "the report said": the one a report was named for
    if lowered.startswith("the ") and wanted in ("agency", "official"):
        head = lowered.rsplit(" ", 1)[-1]  # "the ministry": the last source named a ministry
        for speaker in reversed(state.speakers):
            if head in speaker.surface.lower() or head in speaker.name.lower():
                return speaker
    if lowered in ("it", "its") or wanted in ("agency", "official"):
        local = _antecedent(state, at, lowered)
        if local:
            return local
    for speaker in reversed(state.speakers):
        if (
            wanted == "any"
            or speaker.kind == wanted
            or (wanted in ("agency", "official") and speaker.kind in ("agency", "official"))
        ):
            return speaker
    if state.speakers:
        return state.speakers[-1]
    return None  # a pronoun with nothing to stand for is no source


def _named_by_noun(description: str, state: _State) -> _Speaker | None:
    """ "the ministry said" after "the interior ministry" and the police: the last source
    whose own words hold the description's noun, before any other of its kind ("The Post"
    is a name, not a description)."""
    noun = description.rsplit(" ", 1)[-1]
    if not description.lower().startswith("the ") or not noun.islower() or noun in _GENERIC_NOUNS:
        return None
    for speaker in reversed(state.speakers):
        if len(speaker.name.split()) > 6:
            continue  # a long phrase read as a source is no name to refer back to
        if noun in _name_words(speaker.name) or noun in _name_words(speaker.surface):
            return speaker
    return None


_GENERIC_NOUNS = frozenset(entry("attribution", "description", "generic_nouns"))
_POSSESSIVE = re.compile(r"^(?:his|her|its|their)\s")
_ORG_KINDS = ("agency", "official", "media")


def _possessive_organisation(pronoun: str, state: _State) -> _Speaker | None:
    """ "his agency": the organisation of the last person named; "its ministry": the last
    organisation named."""
    person = pronoun.lower().startswith(("his ", "her "))
    for speaker in reversed(state.speakers):
        org = _organisation(speaker.name, speaker.surface) if person else None
        if person and (speaker.kind == "person" or org):
            if org:
                return _Speaker(org, source_kind(org), pronoun, speaker.hedge, speaker=org)
            break
        if not person and speaker.kind in _ORG_KINDS:
            return replace(speaker, surface=pronoun, via=())  # the organisation itself: no relay
    for speaker in reversed(state.speakers):  # at least the last organisation named
        if speaker.kind in _ORG_KINDS:
            return replace(speaker, surface=pronoun, via=(), speaker=speaker.name)
    return state.speakers[-1] if state.speakers else None


_CAPITALISED = re.compile(
    r"(?:\b[Tt]he\s+)?[A-Z][\w.&’'-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w.&’'-]*)*"
    r"(?:(?<=['’]s)(?:\s+[a-z]+){0,2}?\s+(?:agency|ministry|service|intelligence|government|"
    r"military)\b)?"  # "South Korea's spy agency"
    r"|\bthe\s+(?:agency|ministry|service|government|military|department)\b"
)


def _antecedent(state: _State, at: int, pronoun: str) -> _Speaker | None:
    """An organisation named earlier in this sentence ("the one the White House gave,
    when it said"), else the organisation opening the sentence before ("NIS has been
    cautious. It told lawmakers ...")."""
    if at > 0:
        local = _named_in(state.sentence[:at], state, pronoun)
        if local:
            return local
    if pronoun in ("it", "its") and state.previous:
        subject = initial_subject(state.previous)
        if subject and source_kind(subject) in _ORG_KINDS:
            name = canonical_source(subject)
            found = _Speaker(name, source_kind(subject), subject, speaker=name)
            state.speakers.append(found)
            return found
    if state.previous:
        return _named_in(state.previous, state, pronoun)
    return None


def _named_in(before: str, state: _State, pronoun: str) -> _Speaker | None:
    """The organisation named last in ``before``; a shortened name ("the General Staff's")
    is the source already quoted under its full name."""
    if True:
        for match in reversed(list(_CAPITALISED.finditer(before))):
            name = match.group(0)
            if before[: match.start()].rstrip().rsplit(" ", 1)[-1].lower() in _PLACE_WORDS:
                continue  # "protested across France, according to the ministry": a place
            if name in context.place_names() and not pronoun.endswith(("government", "it")):
                continue  # "France was hit by strikes. The ministry said": no ministry named
            if name.lower() in ("the agency", "the ministry", "the service", "the government",
                                "the military", "the department"):  # fmt: skip
                return _resolve_pronoun(name.lower(), state) if pronoun != name.lower() else None
            if name.split()[0] in _SENTENCE_CAPITALS:
                name = name.split(" ", 1)[1] if " " in name else ""
                if not name or name.split()[0] in _SENTENCE_CAPITALS:
                    continue
            key = _name_words(canonical_source(name)) - _NAME_FILLERS
            for speaker in reversed(state.speakers):
                if (
                    speaker.kind in _ORG_KINDS
                    and key
                    and len(" ".join(key)) > 3
                    and key <= _name_words(speaker.name)
                ):
                    return replace(speaker, surface=name, via=(), speaker=speaker.name)
            kind = source_kind(name)
            wanted = PRONOUNS.get(pronoun) if pronoun not in ("it", "its") else None
            if wanted == "agency" and kind != "agency":
                continue  # "the spy agency" is no committee or ministry named before
            known = is_known_source(name) and kind in _ORG_KINDS
            if known or (kind in ("agency", "official") and len(name.split()) <= 6):
                canonical = canonical_source(name)
                return _Speaker(canonical, source_kind(name), name, speaker=canonical)
    return None


_NAME_WORD = re.compile(r"[a-z]+")
_PEOPLE_EVENTS = frozenset(entry("events", "people"))
_PLACE_WORDS = frozenset(entry("attribution", "description", "place_prepositions"))


@lru_cache(maxsize=1024)
def _name_words(name: str) -> frozenset[str]:
    """The lower-case words of a source's name (cached: every capitalised run before a
    pronoun is compared with every speaker of the document)."""
    return frozenset(_NAME_WORD.findall(name.lower()))


_NAME_FILLERS = frozenset({"the", "of", "s", "for", "and"})
_SENTENCE_CAPITALS = word_set(
    "The A An In On At It Its This That These Those But And However When While After Before "
    "Since Both Last Next Earlier Later Taken Less More"
)


class _Facts:
    """What holds for the whole sentence, computed once however many figures it has."""

    __slots__ = ("back", "bounds", "dated", "hedge", "one_day", "period", "places", "time_text",
                 "times", "words")  # fmt: skip

    def __init__(self, text: str, words: frozenset[str], mentions: list[Mention]) -> None:
        self.hedge = context.sentence_hedge(text, words)
        self.period = context.period_of(text, words)
        self.one_day = context.one_day_window(text, words)
        self.times = timex.find_times(text, words)
        self.time_text = self.times[0][1] if self.times else None
        self.words = words
        self.places = context.find_places(text, words)
        self.bounds = [(m.start, m.end) for m in mentions]
        # the figures a time or a cue may not reach across: no span of time, no weak "one"
        # ("were killed in one city last year": last year dates the killed; "would provide
        # relief for three months to 5.2 million people" plans the 5.2 million)
        self.back = len(mentions) > 1 and not words.isdisjoint(timex.BACK_WORDS)
        self.dated = self.bounds
        for mention in mentions:  # a loop, not a generator: one or two figures (speed)
            if mention.weak or "duration" in mention.extras:
                self.dated = [(m.start, m.end) for m in mentions
                              if not m.weak and "duration" not in m.extras]  # fmt: skip
                break


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
    if local is None and not facts.words.isdisjoint(OWNER_WORDS):
        local = gapped_attribution(text, mention.start)  # "..., and the unions 2 million"
    if local:
        speaker = _speaker(local, state)
    outlet_sum = not facts.words.isdisjoint(_OUTLET_SUM_VERBS)
    if (
        outlet_sum
        and _OUTLET_SUM.search(text[max(0, mention.start - 70) : mention.start])
        and sum(end <= mention.start for _, end in facts.bounds) >= 2
    ):  # "X said 31,643 died in Turkey and 3,581 in Syria, bringing the total to 35,224":
        speaker = None  # the outlet adding parts up ("another 1,500, bringing ..." is X's)
    else:
        outlet_sum = False
    hedge = facts.hedge
    if hedge is None and not facts.words.isdisjoint(context.LIKELY_WORDS):
        hedge = context.likely_before(text, mention.start)
    if speaker is None and not facts.words.isdisjoint(_BACK_WORDS):
        speaker = _back_reference(text, mention, state)
    if speaker is None and ("its" in facts.words or "their" in facts.words):
        owned = _THEIR_DATA.search(text, 0, mention.start)
        if owned:  # "its daily counts of ... were above 1,200": the organisation's data
            speaker = _resolve_pronoun(owned.group(1).lower(), state, owned.start())
    if speaker and speaker.hedge and hedge in (None, "estimate", "likely"):
        hedge = speaker.hedge
    counted, np_end = context.counted_phrase(text, mention.start, mention.end)
    event = context.event_phrase(text, mention.start, np_end)
    weak = False
    if (
        counted
        and counted.rsplit(" ", 1)[-1].lower() in _GROUP_NOUNS
        and _OF_FIGURE.match(text, np_end)
    ):
        weak = True  # "two batches of 1,500": the claim is the 1,500
        event = None
    elif mention.value is not None and mention.value <= 10 and _definite(text, mention.start):
        weak = True  # "the two agencies": a reference to things already named
    elif not facts.words.isdisjoint(_SETTLEMENTS) and _POPULATION.search(
        text, max(0, mention.start - 30), mention.start
    ):
        weak = True  # "the city of 90,000": its population, not a count of the story
    elif (
        counted
        and counted.rsplit(" ", 1)[-1].lower() in _FORMATIONS
        and _FORMATION_OF.match(text, np_end)
    ):
        weak = True  # "two units of soldiers": formations counted, not people
    grouped = False
    if counted is None:
        window = text[max(0, mention.start - 30) : mention.start]
        grouped = (
            " of " in window
            and not facts.words.isdisjoint(_GROUP_NOUNS)
            and bool(_GROUP_OF.search(window))
        )
    counted_rules: tuple[str, ...] = ()
    borrows = mention.unit is None and not mention.weak and not (weak and counted is None)
    if (grouped or context.generic(counted)) and borrows:
        # a measure ("$1 billion", "a 7.8-magnitude quake") counts nothing named before it,
        # nor does "one" ("one of the deadliest disasters")
        said = counted
        counted, event = _counted_fallback(text, mention, counted, event, state, facts.words)
        counted_rules = ("counted.before_figure",) if counted != said else ()
    if facts.times or facts.back:
        dating = timex.date_figure(text, facts.times, mention.start, mention.end, facts.dated,
                                   doc.published, doc.published_precision, facts.words)  # fmt: skip
    else:
        dating = _UNDATED  # no time, and no "a day earlier" to count back (never changed)
    dating_rules = dating.rules
    time_text = dating.text
    when = dating.when
    as_of, as_of_precision = (when.day, when.precision) if when else (None, None)
    if dating.same_day:  # "the same day": the date of the figure before
        before = next((c for c in reversed(state.claims) if c.as_of), None)
        as_of, as_of_precision = (before.as_of, before.as_of_precision) if before else (None, None)
    period = facts.period
    if facts.one_day and not period and as_of is None and doc.published:
        # "lost 1,270 soldiers over the past day": a one-day figure dated that day
        as_of, as_of_precision = doc.published, doc.published_precision or "day"
        dating_rules = [*dating_rules, "time.one_day"]
    place = context.place_for(text, event, mention.start, facts.places, facts.bounds)
    capital = (
        None if place or "capital" not in facts.words else _capital(text, mention, facts, state)
    )
    nation = None
    if not place and not capital and not facts.words.isdisjoint(_NATION_WORDS):
        nation = _nationwide(text, mention, facts, state)
    owner = context.owner_of(counted, text, mention.start, facts.words)
    if owner is None and counted and " at " in text and not facts.words.isdisjoint(_DEMONYM_WORDS):
        owner = _owner_from_phrase(text, mention.start)
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
        owner=owner,
        event=event,
        place=place,
        as_of=as_of,
        as_of_precision=cast("Precision | None", as_of_precision),
        period=period,
        source=speaker.name if speaker else AUTHOR,
        via=list(speaker.via) if speaker else [],
        speaker=speaker.speaker if speaker else None,
        source_kind=cast("SourceKind", speaker.kind) if speaker else "author",
        hedged=hedge is not None,
        hedge=cast("Hedge | None", hedge),
        is_change=mention.is_change,
        extras=_extras(doc, mention, speaker, time_text),
    )
    claim.rules.extend(
        speaker.rules if speaker else ("source.outlet_sum" if outlet_sum else "source.author",)
    )
    claim.rules.extend([*mention.rules, *counted_rules, *dating_rules])
    if capital:
        claim.place = capital
        claim.rules.append("place.capital")
    if nation:
        claim.place = nation
        claim.rules.append("place.nationwide")
    if weak:
        claim.extras["weak"] = True
    if facts.one_day:
        claim.extras["window"] = facts.one_day
    _level_reached(claim, mention)
    kinds.annotate(claim, np_end, facts.dated, facts.words, doc.text or "")  # kind, event_class
    size = claim.value if claim.value is not None else claim.low
    if (
        claim.counted is None
        and claim.unit is None
        and claim.event_class in _PEOPLE_EVENTS
        and not claim.extras.get("weak")  # "the town of 45,000": who lives there
        and size is not None
        and size >= 10  # "a fortunate one", "the two": references, not crowds
    ):
        claim.counted = "people"  # "Some 300,000 marched": those the event befell
        claim.rules.append("counted.from_event")
    return claim


_CAPITAL_OF: dict[str, str] = entry("places", "capitals", "of")
_IN_THE_CAPITAL = re.compile(phrase_pattern(entry("places", "capitals", "phrases")))


def _capital(text: str, mention: Mention, facts: _Facts, state: _State) -> str | None:
    """ "400,000 in the capital": the capital of the country the sentence names, else of
    the one the document names most; None when neither is known."""
    stop = _next_figure(mention, facts, mention.end + 50)
    said = _DEMONYM_CAPITAL.search(text, mention.end, stop)  # "in the Serbian capital"
    if said is None and not _IN_THE_CAPITAL.search(text, mention.end, stop):
        return None
    country = _DEMONYM_COUNTRY[said.group(1)] if said else _country_named(facts, state)
    return _CAPITAL_OF.get(country) if country else None


_NATIONWIDE = re.compile(phrase_pattern(entry("places", "nationwide", "phrases")))
# A word each phrase holds: a sentence with none of them skips the search (speed).
_NATION_WORDS = frozenset({"nationwide", "country", "nation", "countrywide"})


def _nationwide(text: str, mention: Mention, facts: _Facts, state: _State) -> str | None:
    """ "1.27 million demonstrated nationwide": the country the sentence names, else the
    one the article names most."""
    stop = _next_figure(mention, facts, mention.end + 60)
    if not _NATIONWIDE.search(text, max(0, mention.start - 60), stop):
        return None
    return _country_named(facts, state)


def _next_figure(mention: Mention, facts: _Facts, reach: int) -> int:
    """Where the figure's own words end: ``reach``, or the next figure's start if sooner."""
    return min([reach, *(start for start, _ in facts.bounds if start > mention.start)])


def _country_named(facts: _Facts, state: _State) -> str | None:
    """The country the sentence names (by a city or itself), else the article's."""
    countries = (_country_of(name) for _, _, name in facts.places)
    return next((c for c in countries if c), None) or _document_country(state)


def _country_of(place: str) -> str | None:
    return place if place in _CAPITAL_OF else context.CITY_COUNTRY.get(place)


_DEMONYM_COUNTRY = {d: c for c, d in context.COUNTRY_DEMONYMS.items() if c in _CAPITAL_OF}
_DEMONYM = re.compile(r"\b(" + "|".join(sorted(_DEMONYM_COUNTRY, key=len, reverse=True)) + r")\b")
_DEMONYM_CAPITAL = re.compile(_DEMONYM.pattern + r"\s+capital\b")


def _document_country(state: _State) -> str | None:
    """The country the document names most, by name or adjective (read once, when a figure
    needs it)."""
    if state.country is None:
        named = [_country_of(name) for _, _, name in context.find_places(state.document)]
        named += [_DEMONYM_COUNTRY[d] for d in _DEMONYM.findall(state.document)]
        counts = Counter(c for c in named if c)
        state.country = counts.most_common(1)[0][0] if counts else ""
    return state.country or None


def _level_reached(claim: Claim, mention: Mention) -> None:
    """ "The toll rose from 3,000 to 5,000": a count moved between two levels is the level
    it reached, not a range; the pair stays in ``extras["moved"]``."""
    if claim.unit is not None or claim.low is None or claim.high is None:
        return
    if mention.extras.get("change_cue") != "level" or not mention.direction:  # "between"
        return
    claim.extras["moved"] = [claim.low, claim.high]
    claim.value = claim.high  # the figure after "to", whichever way it moved
    claim.low = claim.high = None
    claim.qualifier = "exact"
    claim.rules.append("number.level_reached")


_OWNER_PHRASE = re.compile(
    rf"\b(?:the\s+)?(?P<d>{context.DEMONYMS})\s+(?:force|forces|troops|contingent|army|military|"
    r"deployment|soldiers|personnel)\s+(?:\w+\s+){0,4}?at\s+(?:\w+\s+){0,3}$"
)


_DEMONYM_WORDS = frozenset(
    w.lower() for w in re.findall(r"[A-Za-z]+", context.DEMONYMS.replace("\\", ""))
)


_DEFINITE_WORDS = frozenset({"the", "these", "those", "both", "this", "that"})


def _definite(text: str, start: int) -> bool:
    """ "the two ...", "this first one": a definite small number refers back."""
    before = text[max(0, start - 14) : start].lower().split()
    if before and before[-1] in ("first", "last") and len(before) > 1:
        before.pop()
    return bool(before) and before[-1] in _DEFINITE_WORDS


def _owner_from_phrase(text: str, start: int) -> str | None:
    """ "put the North Korean force at 11 to 12 thousand troops": the force's owner."""
    match = _OWNER_PHRASE.search(text[max(0, start - 90) : start])
    return match.group("d") if match else None


def _extras(
    doc: Document, mention: Mention, speaker: _Speaker | None, time_text: str | None
) -> dict[str, object]:
    extras: dict[str, object] = dict(mention.extras)
    if speaker:
        extras["source_text"] = speaker.surface
    chain = [doc.outlet or AUTHOR]
    if speaker:
        chain.extend(v for v in speaker.via if v != speaker.name)
    extras["source_chain"] = [*chain, speaker.name if speaker else AUTHOR]
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


_EVENT_NOUN_AFTER = re.compile(
    r"("
    + "|".join(sorted(entry("counted", "event_nouns", "words"), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_OUTLET_SUM_VERBS = frozenset(
    {"bringing", "brought", "taking", "took", "raising", "raised", "pushing", "pushed"}
)  # the verbs of _OUTLET_SUM: a sentence with none skips it
# "bringing the confirmed total to N", "raising the toll to N": the outlet adding figures up.
_OUTLET_SUM = re.compile(
    r"\b(?:bringing|brought|taking|took|raising|raised|pushing|pushed)\s+(?:the\s+)?"
    r"(?:\w+\s+){0,2}(?:total|toll|tally|number|count)\s+(?:\w+\s+){0,2}?to\s+"
    r"(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+|at\s+least\s+)?$",
    re.IGNORECASE,
)
_TOLL_WORDS = frozenset(entry("counted", "tolls", "words"))
_TOLL_NOUNS: dict[str, str] = entry("counted", "tolls", "nouns")
_TOLL_SUBJECT = re.compile(
    r"\b(?:(?P<noun>"
    + "|".join(sorted((n for n in _TOLL_NOUNS if n), key=len, reverse=True))
    + r")\s+)?(?P<word>"
    + "|".join(sorted(_TOLL_WORDS))
    + r")\b(?P<gap>[^;:.!?]{0,120})$",
    re.IGNORECASE,
)
_FIGURE_IN_GAP = re.compile(r"\d")


def _toll_subject(before: str, words: frozenset[str]) -> str | None:
    """ "The death toll from the quake has risen to 5,000": what the toll counts, when a
    toll is the subject before the figure with no other figure between."""
    if words.isdisjoint(_TOLL_WORDS):
        return None
    match = _TOLL_SUBJECT.search(before)
    if match is None or _FIGURE_IN_GAP.search(match.group("gap")):
        return None
    noun = (match.group("noun") or "").lower()
    if not noun and match.group("word").lower() != "toll":
        return None  # a bare "count" or "tally" says nothing about what it counts
    return _TOLL_NOUNS.get(noun)


def _counted_fallback(
    text: str,
    mention: Mention,
    counted: str | None,
    event: str | None,
    state: _State,
    words: frozenset[str],
) -> tuple[str | None, str | None]:
    """ "the number of troops en route to Ukraine at around 12,000": look before the figure."""
    before = text[: mention.start]
    matches = [] if words.isdisjoint(_NUMBER_OF_WORDS) else list(_NUMBER_OF.finditer(before))
    if matches:
        match = matches[-1]
        found, np_end = context.counted_phrase(text, match.end() - 1, match.end() - 1)
        if found and not context.generic(found):  # "put the figure at": not what is counted
            rest = _LEVEL_VERB.split(text[np_end:], maxsplit=1)[0]
            rest = context.clause(rest).strip()
            return found, (rest or None) or event
        named = _EVENT_NOUN_AFTER.match(text, match.end())
        if named:  # "the number of injured had risen to 72,879": no noun, the event names them
            return named.group(1).lower(), event
    toll = _toll_subject(before, words)
    if toll:
        return toll, event
    same_sentence = [
        c for c in state.claims
        if c.sentence == text and not context.generic(c.counted) and not c.extras.get("weak")
        and c.unit is None  # "a wall of water seven metres high through the city of 90,000"
        and c.counted is not None and c.counted.split()[-1].lower() not in _GROUP_NOUNS
    ]  # fmt: skip
    if same_sentence:
        return same_sentence[-1].counted, event or same_sentence[-1].event
    if not words.isdisjoint(_GROUP_NOUNS) and _GROUP_OF.search(before[-30:]):
        # "The soldiers travelled in two batches of 1,500"
        subject = _LEADING_NP.match(text)
        if subject:
            return subject.group("np"), event
    return counted, event
