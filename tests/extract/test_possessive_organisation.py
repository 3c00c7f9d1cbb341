"""A possessive naming an organisation ("its ministry") resolves to the organisation named
before, with no relay: it once came out with ``via`` set to None, and reading the figure
failed on it."""

from __future__ import annotations

from corroborate.extract import extract_claims
from corroborate.records import Document


def test_its_ministry_is_the_ministry_named_before() -> None:
    text = (
        "The Defence Ministry said on Monday that fighting continued. "
        "Its ministry later said 500 troops had arrived."
    )
    (claim,) = extract_claims(Document(text=text))
    assert (claim.value, claim.source, claim.via) == (500.0, "Defence Ministry", [])


def test_according_to_its_ministry_keeps_the_organisation() -> None:
    text = "NATO said 300 troops arrived. According to its ministry, 500 troops had arrived."
    claims = extract_claims(Document(text=text))
    assert [(c.value, c.source, c.via) for c in claims] == [
        (300.0, "NATO", []),
        (500.0, "NATO", []),
    ]
