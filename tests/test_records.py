"""The closed sets of records.py are the ones the extractor and reconcile produce."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate.extract import extract_claims
from corroborate.extract.lexicon import entry
from corroborate.ingest import IngestError, expand_paths, read_file
from corroborate.reconcile.engine import CREDIBILITY
from corroborate.records import (
    CREDIBILITIES,
    EVENT_CLASSES,
    HEDGES,
    KINDS,
    QUALIFIERS,
    SOURCE_KINDS,
    Claim,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def demo_claims() -> list[Claim]:
    claims: list[Claim] = []
    for path in expand_paths([str(EXAMPLES)]):
        assert not isinstance(path, IngestError)
        for doc in read_file(path):
            assert not isinstance(doc, IngestError)
            claims.extend(extract_claims(doc))
    assert len(claims) > 50
    return claims


def test_event_classes_are_the_lexicons_taxonomy() -> None:
    assert set(EVENT_CLASSES) == set(entry("events", "order"))


def test_credibility_grades_are_the_engines() -> None:
    assert set(CREDIBILITIES) == set(CREDIBILITY)


@pytest.mark.parametrize(
    ("field", "allowed"),
    [
        ("qualifier", set(QUALIFIERS)),
        ("kind", set(KINDS)),
        ("event_class", {None, *EVENT_CLASSES}),
        ("hedge", {None, *HEDGES}),
        ("source_kind", set(SOURCE_KINDS)),
    ],
)
def test_every_extracted_value_is_in_its_closed_set(
    demo_claims: list[Claim], field: str, allowed: set[object]
) -> None:
    seen = {getattr(claim, field) for claim in demo_claims}
    assert seen <= allowed, seen - allowed
    assert len(seen) > 1  # the corpus exercises the field
