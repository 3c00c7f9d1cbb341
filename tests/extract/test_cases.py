"""The extractor's readings, one case per line of ``tests/extract/cases/*.jsonl``.

Each line: ``{"text": ..., "published": "YYYY-MM-DD" (optional), "mention": "1,500"
(optional: which figure, else the only one), "expect": {field: value, ...}, "rule": name}``.
A field of the claim is compared as it appears in ``Claim.to_dict()`` (``as_of`` as
"2024-10", ``via`` as a list). ``"rule"`` names the rule the case pins; when given, the
claim must record it. The texts are written for these tests, never copied from articles.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from corroborate.extract import extract_claims
from corroborate.records import Document

CASES = Path(__file__).parent / "cases"


def _cases() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(CASES.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip() and not line.lstrip().startswith("//"):
                out.append((f"{path.stem}:{number}", json.loads(line)))
    return out


@pytest.mark.parametrize(("where", "case"), _cases(), ids=[w for w, _ in _cases()])
def test_case(where: str, case: dict) -> None:
    published = date.fromisoformat(case["published"]) if case.get("published") else None
    doc = Document(text=case["text"], published=published, outlet=case.get("outlet"))
    found = [c.to_dict() for c in extract_claims(doc)]
    wanted = case.get("mention")
    if wanted is not None:
        found = [c for c in found if c["mention"] == wanted or wanted in c["mention"]]
    assert found, f"{where}: no claim for {wanted!r} in {case['text']!r}"
    claim = found[0]
    for field, value in case.get("expect", {}).items():
        assert claim[field] == value, f"{where}: {field} is {claim[field]!r}, want {value!r}"
    if case.get("rule"):
        rules = claim["rules"]
        assert case["rule"] in rules, f"{where}: rule {case['rule']} not in {rules}"


def test_every_rule_the_cases_and_examples_fire_says_what_it_means() -> None:
    from corroborate.extract.lexicon import lexicon
    from corroborate.ingest import IngestError, read_file

    meanings = lexicon("rules")["rules"]
    fired: set[str] = set()
    for _, case in _cases():
        fired |= {case["rule"]} if case.get("rule") else set()
    examples = Path(__file__).resolve().parents[2] / "examples"
    for path in sorted(examples.iterdir()):
        for doc in read_file(path):
            if not isinstance(doc, IngestError):
                fired |= {rule for claim in extract_claims(doc) for rule in claim.rules}
    assert fired, "the extractor records its rules"
    assert sorted(fired - set(meanings)) == []
