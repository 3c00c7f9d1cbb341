"""Who says a figure, read the way an analyst reads a whole article.

Relays ("lawmakers briefed by the agency"), possessive organisations ("his agency"),
pronouns resolved inside the sentence ("..., when it said"), headlines that name the
speaker, and the time, place and owner details that come with them. The sentences are
written for these tests.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from corroborate.extract import extract_claims
from corroborate.extract.sources import canonical_source, is_known_source
from corroborate.records import AUTHOR, Claim, Document

FRIDAY = date(2025, 3, 14)
HUR = "Ukraine's military intelligence (HUR)"


def claims(text: str, published: date | None = FRIDAY, title: str | None = None) -> list[Claim]:
    return extract_claims(Document(text=text, published=published, title=title))


def by_value(found: list[Claim]) -> dict[float | None, Claim]:
    return {c.value: c for c in found}


# ----------------------------------------------------------------- 1. "his agency"


def test_his_agency_is_the_named_persons_organisation_from_the_alias_table() -> None:
    text = (
        "Kyrylo Budanov said on Monday that some 4,000 drones had been ordered, "
        "and his agency said on Wednesday that 900 of them had arrived."
    )
    found = by_value(claims(text))
    assert found[4000].source == canonical_source("Budanov")
    assert found[900].source == HUR


def test_her_agency_is_the_organisation_named_in_the_appositive() -> None:
    text = (
        "Marta Ilyina, the head of the Coastal Survey Directorate, said 70 boats were lost. "
        "Her agency added that 12 crews were rescued."
    )
    found = by_value(claims(text))
    assert "Marta Ilyina" in found[70].source
    assert found[12].source == "Coastal Survey Directorate"


def test_the_agency_after_a_sentence_that_only_names_it() -> None:
    text = (
        "The figure is lower than the one South Korea's spy agency gave last month. "
        "According to aides, the agency estimated that 250 engineers had been sent."
    )
    claim = claims(text)[0]
    assert claim.source == canonical_source("NIS")
    assert claim.extras["source_chain"][-2] == "aides"


# ----------------------------------------------------------------- 2. leading time words


def test_leading_time_expression_is_not_part_of_the_source() -> None:
    claim = claims("Last Tuesday the U.S. Secretary of State had said 600 advisers were there.")[0]
    assert claim.source == canonical_source("Antony Blinken")
    assert "Tuesday" not in str(claim.extras.get("source_text"))
    assert claim.as_of == date(2025, 3, 11)


def test_us_abbreviation_keeps_its_dot_and_is_a_known_source() -> None:
    claim = claims("About 400 engineers are now at the dam, U.S. says")[0]
    assert claim.source == canonical_source("United States")
    assert claim.source != "U.S"


# ----------------------------------------------------------------- 3. "N batches of M"


def test_batches_of_a_figure_count_what_the_sentence_is_about() -> None:
    found = claims(
        "The ministry said 6,000 reservists were called up, in three waves of 2,000, "
        "and that up to 9,000 could follow by summer."
    )
    values = by_value(found)
    assert values[3].extras.get("weak") is True
    assert values[2000].counted == "reservists"
    assert values[9000].counted == "reservists"


def test_batches_of_a_figure_take_the_sentence_subject() -> None:
    found = by_value(
        claims("The Belarusian conscripts arrived in two groups of 800, officials said.")
    )
    assert found[2].extras.get("weak") is True
    assert found[800].counted == "Belarusian conscripts"
    assert found[800].owner == "Belarusian"


# ----------------------------------------------------------------- 4. subject country as owner


def test_country_that_loses_or_sends_owns_the_counted() -> None:
    lost = claims("Iran lost 45 drones over the past day, the army said.")[0]
    assert lost.owner == "Iranian"
    assert lost.period is None  # one day, not a rate
    assert lost.as_of == FRIDAY
    assert lost.extras["window"] == "over the past day"
    sent = claims("BRUSSELS — Poland has sent about 700 engineers to the border, officials said.")
    assert sent[0].owner == "Polish"
    killed = claims("Syria has killed 30 protesters, activists said.")[0]
    assert killed.owner is None  # the victims are not the subject's


def test_a_week_ago_and_said_last_week_are_not_periods() -> None:
    assert claims("A week ago the governor said 80 schools were closed.")[0].period is None
    assert claims("The governor said last week that 80 schools were closed.")[0].period is None
    assert claims("Some 80 schools closed over the last seven days.")[0].period


# ----------------------------------------------------------------- 5. headline speaker


def test_body_restating_the_headline_figure_is_the_headline_speakers() -> None:
    found = claims(
        "The toll among volunteers has passed 2,400.\nRelief groups expect more arrivals.",
        title="Red Cross: volunteer toll passes 2,400",
    )
    assert found[0].source == "Red Cross"
    assert found[0].qualifier == "at_least"


def test_a_figure_the_headline_does_not_give_stays_with_the_author() -> None:
    found = claims(
        "Some 75 trucks crossed on Sunday.", title="Red Cross: volunteer toll passes 2,400"
    )
    assert found[0].source == AUTHOR


# ----------------------------------------------------------------- 6. relays, clauses, time


def test_according_to_relay_keeps_the_origin() -> None:
    claim = claims(
        "About 500 sailors were moved north, the navy told senators on Tuesday, according to "
        "aides who attended the hearing."
    )[0]
    assert claim.source == "navy"
    assert claim.extras["source_chain"][1:] == ["aides", "navy"]


def test_citing_relay_resolves_the_agency() -> None:
    text = (
        "The Defence Intelligence of Ukraine has been the most cautious.\n"
        "The sappers worked in four shifts of 120, the deputies said, citing the agency."
    )
    found = by_value(claims(text))
    assert found[120].source == HUR
    assert found[120].counted == "sappers"


def test_pronoun_resolves_to_a_name_earlier_in_the_sentence() -> None:
    claim = claims(
        "The Pentagon estimate exceeds the one the White House gave in May, when it said "
        "at least 900 advisers were deployed."
    )[0]
    assert claim.source == canonical_source("White House")


def test_relative_pronoun_takes_the_name_before_it() -> None:
    claim = claims(
        "It matches a forecast from Britain's Ministry of Defence, which told reporters that "
        "up to 3,500 vehicles could be lost."
    )[0]
    assert claim.source == canonical_source("UK Ministry of Defence")


def test_subordinate_when_clause_source() -> None:
    claim = claims(
        "The brigade has held the town since mid-January, when Ukraine's General Staff said that "
        "roughly 1,100 soldiers there were engaged in fighting."
    )[0]
    assert claim.source == canonical_source("General Staff of Ukraine's Armed Forces")
    assert claim.event == "engaged in fighting"
    assert (claim.as_of, claim.as_of_precision) == (date(2025, 1, 1), "month")  # mid-January


def test_participle_clause_after_the_source() -> None:
    claim = claims(
        "At least 250 trucks crossed the bridge, the White House said, giving no other details."
    )[0]
    assert claim.source == canonical_source("White House")
    claim = claims("The Coast Guard has gone further, estimating that 600 boats sank.")[0]
    assert claim.source == "Coast Guard"


def test_its_own_estimate_which_put_belongs_to_its_publisher() -> None:
    found = claims(
        "The mayor gave her figure on the day the Red Cross released its own count, which put "
        "the number of displaced residents at no fewer than 5,000."
    )
    assert found[0].source == "Red Cross"
    assert found[0].counted == "displaced residents"


def test_the_same_day_takes_the_previous_figures_date() -> None:
    found = claims(
        "The navy said on Monday that 40 ships were at sea. "
        "The army said the same day that 300 tanks were ready."
    )
    assert found[1].as_of == found[0].as_of == date(2025, 3, 10)


def test_each_figure_is_dated_by_its_own_clause() -> None:
    found = by_value(
        claims(
            "The governor said last week that 90 villages were flooded, and his office said "
            "on Wednesday that 120 were."
        )
    )
    assert found[120].as_of == date(2025, 3, 12)


def test_place_across_another_figure_or_clause_is_not_taken() -> None:
    found = by_value(
        claims("About 700 were evacuated so far, and up to 2,000 could be moved to Moldova.")
    )
    assert found[700].place is None
    assert found[2000].place == "Moldova"


def test_a_place_used_as_a_modifier_is_not_the_place() -> None:
    claim = claims("Above last week's U.S. estimate, officials said 900 tents had arrived.")[0]
    assert claim.place != "U.S."


def test_counts_of_give_what_is_counted() -> None:
    claim = claims("Its weekly counts of Russian soldiers killed were often above 900.")[0]
    assert claim.counted == "Russian soldiers"
    assert claim.event == "killed"
    assert claim.qualifier == "at_least"


def test_put_a_force_at_a_range() -> None:
    claim = claims("Officials put the Chechen force at 3 to 4 thousand fighters.")[0]
    assert (claim.low, claim.high) == (3000, 4000)
    assert claim.counted == "fighters"
    assert claim.owner == "Chechen"


def test_definite_small_numbers_are_references() -> None:
    found = claims("The two ministries disagree, and this first one has not replied.")
    assert found and all(c.extras.get("weak") for c in found)


def test_no_government_has_confirmed_is_unconfirmed() -> None:
    claim = claims(
        "Bloggers claim 40,000 troops are massing, a number no government has confirmed."
    )[0]
    assert claim.hedged and claim.hedge in ("unconfirmed", "rumour")


# ----------------------------------------------------------------- real reporting: no bad names

REALNEWS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "realnews"
_NOT_NAMES = frozenset(
    {"the", "a", "an", "he", "she", "it", "we", "they", "i", "you", "his", "her", "its",
     "their", "our", "this", "that", "these", "those", "there", "quote", "details", "update",
     "note", "however", "but", "and", "so", "today", "yesterday", "monday", "tuesday",
     "wednesday", "thursday", "friday", "saturday", "sunday", "reports", "report", "data",
     "figures", "estimates"}
)  # fmt: skip
_CLAUSE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|been|will|would|could|comes|came|despite|what|which|"
    r"who|that|remained|than)\b",
    re.IGNORECASE,
)
# "SEOUL", "WASHINGTON, United States", "KYIV -": a place in capitals opening a story.
_DATELINE_NAME = re.compile(r"^[A-Z][A-Z.'’-]{3,}(?:,\s+\S|\s*[-–—:]|$)")


def _bad_name(name: str) -> str | None:
    """Why ``name`` cannot be a source, or None."""
    if name in (AUTHOR, "unattributed"):
        return None
    if _DATELINE_NAME.match(name) and (
        not name.isalpha() or canonical_source(name).endswith(" government")
    ):
        return "dateline"
    words = name.lower().split()
    if len(words) == 1 and words[0] in _NOT_NAMES:
        return "pronoun or common word"
    if _CLAUSE.search(name) and not is_known_source(name):
        return "clause fragment"
    if {"no", "none", "nobody"} & set(words):
        return "nobody"
    return None


def _realnews_documents() -> list[tuple[str, Document]]:
    out = []
    for path in sorted(REALNEWS.glob("*/[0-9]*.json")):
        raw = json.loads(path.read_text("utf-8"))
        published = date.fromisoformat(raw["published"]) if raw.get("published") else None
        doc = Document(text=raw["text"], title=raw.get("title"), outlet=raw.get("outlet"),
                       published=published)  # fmt: skip
        out.append((f"{path.parent.name}/{path.stem}", doc))
    return out


@pytest.mark.skipif(not REALNEWS.is_dir(), reason="../shared/data/realnews is not on this machine")
def test_no_realnews_claim_names_a_dateline_pronoun_word_or_fragment() -> None:
    bad = []
    for where, doc in _realnews_documents():
        for claim in extract_claims(doc):
            for name in (claim.source, claim.speaker, *claim.via):
                why = _bad_name(name) if name else None
                if why:
                    bad.append((where, why, name, claim.mention))
    assert not bad, bad[:20]


def test_no_sample_corpus_claim_names_a_dateline_pronoun_word_or_fragment() -> None:
    from corroborate.ingest import IngestError, read_file

    examples = Path(__file__).resolve().parents[2] / "examples"
    bad = []
    for path in sorted(examples.iterdir()):
        for doc in read_file(path):
            if isinstance(doc, IngestError):
                continue
            for claim in extract_claims(doc):
                for name in (claim.source, claim.speaker, *claim.via):
                    why = _bad_name(name) if name else None
                    if why:
                        bad.append((path.name, why, name, claim.mention))
    assert not bad, bad[:20]


def test_bad_name_check_is_not_vacuous() -> None:
    assert _bad_name("SEOUL") == "dateline"
    assert _bad_name("We") == "pronoun or common word"
    assert _bad_name("despite what the government") == "clause fragment"
    assert _bad_name("a number no government") == "nobody"
    assert _bad_name("the National Intelligence Service") is None
