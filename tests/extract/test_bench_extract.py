"""The extract benchmarks: scoring rules on made-up data, and a run on the shared data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from corroborate.bench.extract import (
    Quantity,
    bench_attribution,
    bench_samples,
    claim_quantity,
    corroborate_quantities,
    polnear_documents,
    score,
    table_rows,
)
from corroborate.extract import extract_claims
from corroborate.extract.attribution import source_spans
from corroborate.records import Document


def test_score_counts_each_gold_once() -> None:
    gold = [[Quantity(5, 5), Quantity(5, 5, "~")], []]
    predicted = [[Quantity(5, 5, "~")], [Quantity(7, 7)]]
    plain = score(gold, predicted)
    assert (plain["tp"], plain["fp"], plain["fn"]) == (1, 1, 1)
    labelled = score(gold, predicted, with_change=True)
    assert labelled["tp"] == 1 and labelled["f1"] == pytest.approx(0.5)


def test_claim_quantity_labels() -> None:
    rise, about, dozens = (
        extract_claims(Document(text=t))[0]
        for t in ("Sales rose 12% last year.", "About 40 boats sank.", "Dozens of boats sank.")
    )
    assert claim_quantity(rise).change == "up"
    assert claim_quantity(about).change == "~"
    assert (claim_quantity(dozens).low, claim_quantity(dozens).high) == (12, 120)


def test_corroborate_quantities_reads_ranges() -> None:
    [q] = corroborate_quantities("Between 10,000 and 12,000 people marched.")
    assert (q.low, q.high) == (10_000, 12_000)


def test_source_spans_point_at_sources() -> None:
    text = "Prices rose, the ministry said. According to Jane Roe, 40 firms closed."
    spans = source_spans(text)
    assert [text[s:e] for s, e in spans] == ["the ministry", "Jane Roe"]


def test_samples_gold(shared_data: Callable[..., Path]) -> None:
    folder = shared_data("samples")
    result = bench_samples(folder.parent)
    total = result["total"]
    assert total["gold"] >= 10
    assert total["claim_recall"] >= 0.8
    assert total["source_accuracy"] >= 0.8


def test_polnear_reader_and_attribution_on_train(shared_data: Callable[..., Path]) -> None:
    folder = shared_data("extraction", "polnear", "train")
    text, spans = next(iter(polnear_documents("train", folder.parents[2])))
    assert spans and all(0 <= s < e <= len(text) for s, e in spans)
    result = bench_attribution("train", folder.parents[2], limit=40)
    assert result["articles"] == 40
    assert 0.0 < result["overlap"]["f1"] <= 1.0


def test_table_rows_flatten_results() -> None:
    measures = {"precision": 1.0, "recall": 0.5, "f1": 2 / 3}
    fake = {
        "newsquant": {"systems": {"corroborate": {"value": measures, "value+qualifier": measures,
                                                  "sentences_per_second": 10.0}}},
        "samples": {"total": {"claim_recall": 1.0, "source_accuracy": 0.9,
                              "qualifier_accuracy": 0.8}},
    }  # fmt: skip
    rows = table_rows(fake)
    assert len(rows) == 5
    assert rows[0]["system"] == "corroborate" and rows[0]["f1"] == pytest.approx(2 / 3)
    assert {r["measure"] for r in rows} >= {"value", "source_accuracy"}
