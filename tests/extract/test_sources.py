"""Canonical source names and kinds."""

from __future__ import annotations

import pytest

from corroborate.extract.sources import (
    NameBook,
    canonical_source,
    normalise,
    person_core,
    same_source,
    source_kind,
)

NIS = "South Korea's National Intelligence Service (NIS)"


@pytest.mark.parametrize(
    "name",
    ["South Korea's spy agency", "the National Intelligence Service", "NIS", "the NIS",
     "South Korea’s spy agency", "South Korea's National Intelligence Service"],
)  # fmt: skip
def test_nis_aliases(name: str) -> None:
    assert canonical_source(name) == NIS


@pytest.mark.parametrize(
    "name",
    ["Budanov", "Kyrylo Budanov", "Lt. Gen. Kyrylo Budanov", "Ukraine's spy chief",
     "Ukraine's military intelligence chief", "Ukraine’s spy chief, Kyrylo Budanov",
     "Ukraine's military intelligence chief Kyrylo Budanov", "Budanov's"],
)  # fmt: skip
def test_budanov_aliases_are_one_source(name: str) -> None:
    assert canonical_source(name) == canonical_source("Budanov")
    assert source_kind(name) == "person"


def test_pentagon_aliases() -> None:
    names = ["Pentagon", "the Pentagon", "Pentagon deputy press secretary", "Pentagon officials"]
    assert len({canonical_source(n) for n in names}) == 1


def test_unknown_names_are_cleaned_not_invented() -> None:
    assert canonical_source("the Fictional Bureau of Counting") == "Fictional Bureau of Counting"
    assert canonical_source("Dr. Jane Roe") == "Jane Roe"
    assert not same_source("Jane Roe", "John Doe")


def test_normalise() -> None:
    assert normalise("  The  Pentagon’s ") == "pentagon"
    assert normalise("Lt. Gen. Kyrylo Budanov") == "kyrylo budanov"


def test_two_sources_together() -> None:
    joint = canonical_source("Ukrainian President Zelensky and South Korea's spy agency")
    assert joint == f"{canonical_source('Zelensky')} and {NIS}"


@pytest.mark.parametrize(
    ("name", "kind"),
    [("social media", "social"), ("South Korean media", "media"), ("the Pentagon", "official"),
     ("the country's defence ministry", "official"), ("the author", "author")],
)  # fmt: skip
def test_kinds(name: str, kind: str) -> None:
    assert source_kind(name) == kind


@pytest.mark.parametrize(
    "name",
    ["NIS", "Budanov", "Zelensky and South Korea", "the Fictional Bureau", "Pentagon officials",
     "Kyrylo Budanov, Ukraine's spy chief", "Ministry of Truth and Ministry of Plenty"],
)  # fmt: skip
def test_canonical_is_idempotent(name: str) -> None:
    once = canonical_source(name)
    assert canonical_source(once) == once


def test_hyphen_and_space_variants_of_a_name_are_one_source() -> None:
    assert canonical_source("Lee Seong-kweun") == canonical_source("Lee Seong Kweun")
    assert canonical_source("Jane Roe-smith") == canonical_source("Jane Roe Smith")


def test_a_person_is_one_source_within_a_document() -> None:
    book = NameBook()
    first = book.resolve("South Korean MP Tomas Ri-ahn", canonical_source("Tomas Ri-ahn"))
    assert first == canonical_source("Tomas Ri-ahn")
    for variant in ["Tomas Ri Ahn", "lawmaker Tomas Ri-ahn", "Tomas", "Rep. Tomas Riahn"]:
        assert book.resolve(variant, canonical_source(variant)) == first
    assert book.is_legislator(first)
    assert book.legislators() == [first]


def test_a_surname_alone_is_the_full_name_given_earlier() -> None:
    book = NameBook()
    full = book.resolve("Defence Minister Oskar Brandt", canonical_source("Oskar Brandt"))
    assert book.resolve("Brandt", canonical_source("Brandt")) == full == "Oskar Brandt"
    assert not book.is_legislator(full)


def test_a_title_holder_known_to_the_table_is_their_organisation() -> None:
    book = NameBook()
    director = "NIS Director Kim Chul-soo"
    assert book.resolve(director, canonical_source(director)) == NIS
    assert book.resolve("Kim", canonical_source("Kim")) == NIS


def test_person_core_drops_titles() -> None:
    assert person_core("South Korean MP Lee Seong Kweun") == "Lee Seong Kweun"
    assert person_core("a South Korean lawmaker") is None


@pytest.mark.parametrize(
    ("name", "government"),
    [("Seoul", "South Korean government"), ("Türkiye", "Turkish government"),
     ("neighboring Syria", "Syrian government"), ("Russia", "Russian government")],
)  # fmt: skip
def test_a_country_or_capital_speaking_is_its_government(name: str, government: str) -> None:
    assert canonical_source(name) == government


def test_news_agencies_are_media_and_unnamed_officials_stay_unnamed() -> None:
    assert source_kind("Yonhap") == source_kind("NYT") == source_kind("the BBC") == "media"
    assert canonical_source("unnamed US officials") == "unnamed US officials"
    assert canonical_source("British intelligence") == canonical_source("UK Ministry of Defence")
