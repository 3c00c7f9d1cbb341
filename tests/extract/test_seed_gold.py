"""Acceptance: the seed article's gold claims (issue 2).

A predicted claim matches a gold one when it has the same sentence and the same value
(a range matches a gold ``[low, high]``). The source is right when it names the same
entity as the gold source: ``corroborate.bench.extract.source_matches``, whose docstring
gives the rule (both sides canonicalised; an annotator's note in parentheses dropped; a
gold description wrapping the entity, "reports discussed by X", matches X).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from corroborate.bench.extract import source_matches
from corroborate.extract import extract_claims
from corroborate.records import Claim, Document


def _same_value(claim: Claim, gold: object) -> bool:
    if isinstance(gold, list):
        return (claim.low, claim.high) == (float(gold[0]), float(gold[1]))
    return claim.value is not None and abs(claim.value - float(gold)) < 1e-6  # type: ignore[arg-type]


def _match(claims: list[Claim], gold: dict[str, object]) -> Claim | None:
    for claim in claims:
        if claim.sentence == gold["sentence"] and _same_value(claim, gold["value"]):
            return claim
    return None


def test_seed_article_gold_claims(shared_data: Callable[..., Path]) -> None:
    article = json.loads(shared_data("samples", "seed-article.json").read_text("utf-8"))
    gold_lines = shared_data("samples", "seed-article.gold.jsonl").read_text("utf-8").splitlines()
    golds = [json.loads(line) for line in gold_lines if line.strip()]
    doc = Document(text=article["text"], title=article.get("title"))
    claims = extract_claims(doc)

    matched = [(g, c) for g in golds if (c := _match(claims, g)) is not None]
    missed = [g["sentence"][:60] for g in golds if _match(claims, g) is None]
    assert len(matched) >= 8, f"only {len(matched)}/{len(golds)} gold claims found; missed {missed}"

    right = [g for g, c in matched if source_matches(c.source, g["source"])]
    wrong = [
        (g["source"], c.source) for g, c in matched if not source_matches(c.source, g["source"])
    ]
    assert len(right) == len(matched), f"wrong sources (gold, predicted): {wrong}"

    for _, claim in matched:
        assert doc.text[claim.start : claim.end] == claim.sentence


def test_source_matching_rule_is_not_vacuous() -> None:
    assert source_matches("NIS", "South Korea's National Intelligence Service")
    assert source_matches("social media", "social media (disputed by the author)")
    assert source_matches(
        "Zelensky and South Korea", "reports discussed by Zelensky and South Korea"
    )
    assert not source_matches("the author", "social media (disputed by the author)")
    assert not source_matches("South Korea", "reports discussed by Zelensky and South Korea")
    assert not source_matches("Budanov", "South Korea's National Intelligence Service")
