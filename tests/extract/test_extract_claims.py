"""Claims from news-style text: what is counted, by whom, where, when, and who says so."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.extract import extract_claims
from corroborate.extract.sources import canonical_source
from corroborate.records import AUTHOR, Claim, Document

MONDAY = date(2024, 10, 28)


def claims(text: str, published: date | None = MONDAY) -> list[Claim]:
    return extract_claims(Document(text=text, published=published))


def one(text: str) -> Claim:
    found = claims(text)
    assert len(found) == 1, [c.mention for c in found]
    return found[0]


def test_subject_said_figure() -> None:
    claim = one(
        "Ukraine's military intelligence chief Kyrylo Budanov said about 11,000 North Korean "
        "soldiers were training in eastern Russia."
    )
    assert (claim.value, claim.qualifier) == (11_000, "approx")
    assert claim.counted == "North Korean soldiers"
    assert claim.owner == "North Korean"
    assert claim.event is not None and "training" in claim.event
    assert claim.place == "eastern Russia"
    assert claim.source == canonical_source("Budanov")
    assert claim.source_kind == "person"


def test_according_to() -> None:
    claim = one(
        "According to the Pentagon, some 10,000 North Korean troops have been sent to train "
        "in eastern Russia."
    )
    assert (claim.value, claim.qualifier) == (10_000, "approx")
    assert claim.counted == "North Korean troops"
    assert claim.event is not None and claim.event.startswith("sent")
    assert claim.source == canonical_source("Pentagon deputy press secretary")


def test_trailing_attribution_and_weekday_resolved() -> None:
    claim = one(
        "More than 3,000 North Korean soldiers have been killed or wounded, Ukraine's "
        "president said on Monday."
    )
    assert (claim.value, claim.qualifier) == (3000, "at_least")
    assert claim.event == "killed or wounded"
    assert claim.source == canonical_source("Volodymyr Zelensky")
    assert claim.as_of == MONDAY


def test_inverted_attribution_pronoun_and_continuation() -> None:
    text = (
        "The new units will carry their own rifles, said Colonel Ivan Petrenko. "
        "A first group of 2,500 recruits will go to the coast. "
        "Another 900 will follow in spring, he added.\n"
        "Elsewhere, 40 schools reopened."
    )
    found = claims(text)
    by_value = {c.value: c for c in found}
    assert by_value[2500].source == "Colonel Ivan Petrenko" or "Petrenko" in by_value[2500].source
    assert by_value[900].source == by_value[2500].source
    assert by_value[40].source == AUTHOR  # a new paragraph does not continue the quote


def test_unattributed_and_first_person_belong_to_the_author() -> None:
    text = "Officials said 5,000 homes lost power.\nI think 300 engineers will be needed."
    found = claims(text)
    assert found[0].source == "Officials"
    assert found[1].source == AUTHOR


def test_figure_local_source_overrides_sentence_source() -> None:
    claim = claims(
        "Local media estimate the crowd at around 8,000, close to the 7,000 figure "
        "estimated by the city's police chief, Anna Novak."
    )
    assert [c.value for c in claim] == [8000, 7000]
    assert claim[0].source == "Local media"
    assert "Anna Novak" in claim[1].source
    assert claim[0].qualifier == "approx" and claim[1].qualifier == "exact"


def test_social_media_claim_and_later_dispute() -> None:
    text = (
        "Social media has been abuzz with claims of as many as 90,000 protesters.\n"
        "The claim that 90,000 protesters gathered seems exaggerated."
    )
    first, second = claims(text)
    assert (first.source, first.source_kind, first.qualifier) == ("social media", "social", "up_to")
    assert first.hedged
    assert second.source == "social media"
    assert second.hedge == "disputed"


def test_period_and_place_gazetteer() -> None:
    found = claims("In the last seven days, the army lost over 1,300 soldiers per day in Kursk.")
    claim = next(c for c in found if c.value == 1300)
    assert claim.qualifier == "at_least"
    assert claim.period is not None and "per day" in claim.period
    assert claim.place == "Kursk"


def test_evidence_offsets_match_the_document() -> None:
    text = (
        "Heading\nFirst paragraph with no figure.  Police said 1,200 people attended, "
        "up from 900 last year.\n\nU.S. officials put the cost at $4.5 billion."
    )
    found = claims(text)
    assert [c.value for c in found] == [1200, 900, 4.5e9]
    for claim in found:
        assert text[claim.start : claim.end] == claim.sentence
        assert text[claim.mention_start : claim.mention_end] == claim.mention
        assert claim.start <= claim.mention_start < claim.mention_end <= claim.end


def test_change_claims() -> None:
    claim = one("The garrison grew by 2,000 soldiers over the summer.")
    assert claim.is_change
    assert claim.extras["direction"] == "up"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_fuzz_arbitrary_unicode_never_crashes(text: str) -> None:
    for claim in extract_claims(Document(text=text, published=MONDAY)):
        assert text[claim.start : claim.end] == claim.sentence
        assert text[claim.mention_start : claim.mention_end] == claim.mention


_PIECES = st.sampled_from(
    ["1,500", "over", "a million", " said ", "Budanov", ", ", ". ", "\n", "about", "between",
     " and ", "12 000", "—", "'s", "“", "”", "Nov. 1", "on Friday", "he added", "-", "dozens of",
     "according to", "the agency", "2024", "%", "$", " troops ", "U.S.", "(", ")"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_fuzz_news_like_fragments_never_crash(text: str) -> None:
    for claim in extract_claims(Document(text=text, published=None)):
        assert text[claim.mention_start : claim.mention_end] == claim.mention
        assert claim.value is not None or (claim.low is not None and claim.high is not None)


@pytest.mark.parametrize("text", ["", " ", "\n\n", "1", "٣٤٥ troops", "１２ troops"])
def test_degenerate_inputs(text: str) -> None:
    assert isinstance(claims(text), list)


def test_two_sources_in_one_sentence() -> None:
    found = claims(
        "Officials in Ankara said 4,000 boats were seized, while the Greek coastguard said "
        "2,500 had been turned back."
    )
    assert [c.value for c in found] == [4000, 2500]
    assert found[0].source == "Turkish officials"  # officials in the capital: the state's
    assert found[1].source == "Greek coastguard"


def test_interjected_attribution_and_a_second_voice() -> None:
    found = claims("Exports reached 9,000 tonnes, the Port Authority and Customs said, while "
                   "Lena Holm put the figure at 7,500.")  # fmt: skip
    assert [c.value for c in found] == [9000, 7500]
    assert found[0].source == "Port Authority and Customs"
    assert found[1].source == "Lena Holm"


def test_words_ending_like_place_modifiers_do_not_break_places() -> None:
    found = claims("Crowds bathe Kursk in light; loathe Berlin, 4,000 said.")
    assert [c.value for c in found] == [4000]


def test_time_expressions_resolve_against_the_publication_date() -> None:
    last_week = one("Last week the ministry said 2,000 homes were destroyed.")
    assert last_week.as_of is not None and last_week.as_of < MONDAY
    assert "Last week" not in last_week.source
    month = one("The port handled 1,200 ships in October, officials said.")
    assert month.as_of == date(2024, 10, 1)
    since = one("Since February 2022 more than 900 schools have been damaged.")
    assert since.period is not None and since.period.lower().startswith("since february")
    assert one("Talks ended with 300 signatures, officials said.").as_of is None


def test_reports_that_are_denied() -> None:
    claim = one("The government has denied reports that 12,000 workers were laid off.")
    assert claim.source_kind == "report"
    assert claim.hedge == "denied"


def test_headline_source_before_a_colon() -> None:
    text = "Coastguard: 300 migrants rescued off Lampedusa\nTotal: 5,000 euros raised."
    headline, total = claims(text)
    assert headline.source == "Coastguard"
    assert total.source == AUTHOR


def test_a_thousands_comma_does_not_end_the_event() -> None:
    claim = claims("About 300 families were moved into 1,200 new flats, officials said.")[0]
    assert claim.value == 300
    assert claim.event is not None and claim.event.endswith("1,200 new flats")


def test_a_second_figure_ends_the_first_figures_event() -> None:
    killed, wounded = claims(
        "At least 100 soldiers were killed and about 1,000 wounded, officials said."
    )
    assert (killed.value, killed.event) == (100, "killed")
    assert (wounded.value, wounded.event, wounded.counted) == (1000, "wounded", "soldiers")


def test_a_paragraph_printed_twice_is_read_once() -> None:
    paragraph = "The mayor said 450 families were evacuated from the river bank."
    found = claims(f"{paragraph}\n\nRoads closed.\n\n{paragraph}\n\nThe mayor said 30 more left.")
    assert [c.value for c in found] == [450, 30]


def test_a_count_of_formations_is_no_headcount() -> None:
    units, men = claims("The general said three brigades of marines, each with 2,000 men, landed.")
    assert (units.value, units.extras.get("weak")) == (3, True)
    assert (men.value, men.extras.get("weak")) == (2000, None)
