"""Migration 0010: a large question's first page reads its date span from an index, not
from its claims' rows, and its pages of claims in id order still need no sort (SQLite's
plans, on the statements the read layer really sends)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from corroborate.query import cache, chart, questions
from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database


def _statements(db: Path, examples: Path) -> list[tuple[str, Any]]:
    """The SQL of a question's first page, read as if the question were large."""
    engine = open_database(str(db))
    assert not ingest_paths(engine, [str(examples)]).rejected
    sent: list[tuple[str, Any]] = []
    event.listen(
        engine,
        "before_cursor_execute",
        lambda _c, _cur, sql, params, *_: sent.append((sql, params)),
    )
    cache.clear()
    top = questions.questions_page(engine, limit=1)["questions"][0]["id"]
    assert questions.question_page(engine, question_id=top) is not None
    engine.dispose()
    return sent


def _plan(db: Path, sql: str, params: Any) -> str:
    with sqlite3.connect(db) as connection:
        return " | ".join(row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_a_large_questions_first_page_reads_the_index(
    tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chart, "CHART_POINTS", 0)  # the binned chart, as at 10⁶ claims
    monkeypatch.setattr(questions, "DATE_ORDER_LIMIT", 0)  # claims in id order
    db = tmp_path / "test.db"
    sent = _statements(db, examples_dir)
    [bounds] = [(s, p) for s, p in sent if s.startswith("SELECT min(coalesce(claims.as_of")]
    assert "COVERING INDEX ix_claims_question_dates" in _plan(db, *bounds)
    pages = [(s, p) for s, p in sent if "ORDER BY claims.id" in s and "LIMIT" in s]
    assert pages
    for sql, params in pages:
        assert "TEMP B-TREE FOR ORDER BY" not in _plan(db, sql, params), sql
    with sqlite3.connect(db) as connection:  # as if the planner took the new index for them
        connection.execute("DROP INDEX ix_claims_question")
    for sql, params in pages:
        plan = _plan(db, sql, params)
        assert "ix_claims_question_dates" in plan and "TEMP B-TREE FOR ORDER BY" not in plan
