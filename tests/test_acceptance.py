"""The product's acceptance on the bundled corpus: the North Korean troop question as an
analyst would answer it for late October 2024."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from corroborate.query.questions import list_questions, question_detail
from corroborate.reconcile.engine import Evidence, estimate_at, learn_reliability
from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database


@pytest.fixture(scope="module")
def troops(tmp_path_factory: pytest.TempPathFactory) -> dict:
    examples = Path(__file__).resolve().parents[1] / "examples"
    engine = open_database(str(tmp_path_factory.mktemp("acceptance") / "a.db"))
    report = ingest_paths(engine, [str(examples)])
    assert not report.rejected
    question = next(  # the best-supported of them; rates ("per week") are other questions
        q
        for q in list_questions(engine)
        if (q["owner"], q["counted"], q["event"], q["place"])
        == ("North Korean", "troops", "deployed", "Russia")
    )
    detail = question_detail(engine, question["id"])
    assert detail is not None
    return detail


def test_late_october_estimate_is_between_10_and_12_thousand(troops: dict) -> None:
    late_october = [p for p in troops["timeline"] if "2024-10-24" <= p["date"] <= "2024-10-31"]
    assert late_october, troops["timeline"]
    for point in late_october:
        assert 10_000 <= point["estimate"] <= 12_000, point
    assert troops["n_sources"] >= 5


def test_the_200000_rumour_is_flagged_with_its_reason(troops: dict) -> None:
    rumours = [c for c in troops["claims"] if c["value"] == 200_000 and c["echo_of"] is None]
    assert rumours
    for claim in rumours:
        assert claim["credibility"] == 5
        assert claim["flag"] and "200,000 is" in claim["flag"]
        assert "x the estimate of" in claim["flag"]
        assert "its only source is social media" in claim["flag"]


def test_the_nis_figure_repeated_by_many_outlets_counts_once(troops: dict) -> None:
    nis = [c for c in troops["claims"] if c["value"] == 1500 and "(NIS)" in c["source"]]
    originals = [c for c in nis if c["echo_of"] is None]
    assert len(nis) >= 4 and len(originals) == 1
    assert {c["echo_of"] for c in nis if c["echo_of"]} == {originals[0]["id"]}


def test_every_estimate_is_inside_its_band(troops: dict) -> None:
    for point in troops["timeline"]:
        assert point["low"] <= point["estimate"] <= point["high"]


def test_estimate_at_ignores_dates_after_it() -> None:
    items = [
        Evidence(1, 1, "A", 1000, when=date(2024, 10, 1)),
        Evidence(2, 1, "A", 9000, when=date(2024, 10, 30)),
    ]
    weights = learn_reliability(items)
    assert estimate_at(items, weights, date(2024, 10, 15)).value == 1000  # type: ignore[union-attr]
