"""A synthetic stream of articles, each linked and reconciled by the incremental pass as
it arrives, ends where one full pass over the same articles does: every claim on the same
question; every estimate inside the full pass's band, although the stream reconciled with
the source reliability of an older full pass; and equal once reliability is relearned."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from corroborate.service.analysis import refresh
from corroborate.service.incremental import update_new
from corroborate.store import open_database
from corroborate.store.models import ClaimRow, DocumentRow, EstimateRow, QuestionRow, SourceRow

from ..link.test_incremental import questions

SOURCES, QUESTIONS, ARTICLES, BASE = 12, 15, 160, 40
START = date(2025, 3, 1)


def _articles() -> list[dict[str, Any]]:
    """Each article: four figures from one outlet's sources on one question, around the
    question's true figure (one source always 3x off), some leaving the place unsaid."""
    rng = random.Random(3)
    truth = {q: rng.choice([800, 2_000, 5_000, 12_000]) for q in range(QUESTIONS)}
    out = []
    for _ in range(ARTICLES):
        q = rng.randrange(QUESTIONS)
        claims = []
        for i in range(4):
            source = rng.randrange(SOURCES)
            value = truth[q] * rng.uniform(0.85, 1.15) * (3 if source == 0 else 1)
            claims.append({"source": source, "value": round(value, -1), "place_said": i < 3})
        out.append({"question": q, "day": rng.randrange(60), "claims": claims})
    return out


def _store(engine: Engine, number: int, article: dict[str, Any]) -> None:
    q = article["question"]
    day = START + timedelta(days=article["day"])
    with engine.begin() as connection:
        connection.execute(
            insert(DocumentRow),
            [{"id": number + 1, "content_hash": f"{number:064d}", "outlet": f"Outlet {number % 5}",
              "published": day, "text": f"Article {number}."}],
        )  # fmt: skip
        connection.execute(
            insert(ClaimRow),
            [_claim(number, i, q, day, claim) for i, claim in enumerate(article["claims"])],
        )


def _claim(number: int, i: int, q: int, day: date, claim: dict[str, Any]) -> dict[str, Any]:
    value = claim["value"]
    return {
        "document_id": number + 1,
        "source_id": claim["source"] + 1,
        "sentence": f"Source {claim['source']} said {value:.0f} troops were sent ({number}).",
        "start": 0,
        "end": 60,
        "mention": f"{value:.0f} troops",
        "mention_start": i * 100,
        "mention_end": i * 100 + 10,
        "value": value,
        "qualifier": "approx",
        "counted": "troops",
        "owner": "North Korean",
        "event": "sent",
        "event_class": "deployed",
        "place": f"Sector {q}" if claim["place_said"] else None,
        "as_of": day,
        "source_text": f"Source {claim['source']}",
    }


def _database(path: Path) -> Engine:
    engine = open_database(str(path))
    with engine.begin() as connection:
        connection.execute(
            insert(SourceRow),
            [{"id": s + 1, "name": f"Source {s}", "kind": "official"} for s in range(SOURCES)],
        )
    return engine


def _estimates(engine: Engine) -> dict[str, tuple[Any, ...]]:
    with Session(engine) as session:
        rows = session.execute(
            select(
                QuestionRow.key,
                EstimateRow.value,
                EstimateRow.low,
                EstimateRow.high,
                EstimateRow.n_claims,
            ).join(EstimateRow)
        ).all()
    return {key: tuple(rest) for key, *rest in rows}


def test_a_synthetic_stream_ends_where_one_full_pass_does(tmp_path: Path) -> None:
    articles = _articles()
    streamed = _database(tmp_path / "streamed.db")
    for number, article in enumerate(articles[:BASE]):
        _store(streamed, number, article)
    refresh(streamed)  # reliability learned over the first articles only
    for number, article in enumerate(articles[BASE:], start=BASE):
        _store(streamed, number, article)
        report = update_new(streamed)
        assert not report.full and report.new_claims == 4
    whole = _database(tmp_path / "whole.db")
    for number, article in enumerate(articles):
        _store(whole, number, article)
    refresh(whole)

    assert questions(streamed) == questions(whole)
    expected, got = _estimates(whole), _estimates(streamed)
    assert got.keys() == expected.keys() and len(got) >= QUESTIONS
    off = []
    for key, (value, low, high, n_claims) in expected.items():
        streamed_value, _, _, streamed_claims = got[key]
        assert streamed_claims == n_claims
        # Reconciled with reliability learned before most of the stream, each estimate
        # stays inside the full pass's band of credible figures ...
        assert low <= streamed_value <= high, key
        off.append(abs(streamed_value - value) / value)
    print(f"largest gap before relearning: {max(off):.1%} ({sum(o > 0 for o in off)} questions)")
    # ... and the full pass that relearns reliability (``reconcile --full``, ``watch
    # --full-every``) closes the gap exactly.
    refresh(streamed)
    assert _estimates(streamed) == expected
    streamed.dispose()
    whole.dispose()
