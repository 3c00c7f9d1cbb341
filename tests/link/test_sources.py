"""Canonical source names and kinds."""

from __future__ import annotations

import pytest

from corroborate.link.sources import canonical_source, normalise, same_source, source_kind

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
