"""Analyst edits through the CLI: applied at once, logged, and kept when new documents
arrive and every claim is relinked (on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corroborate.cli.app import app

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def as_json(*args: str) -> list[dict]:
    return json.loads(run(*args, "-f", "json"))


@pytest.fixture
def corpus(tmp_path: Path, examples_dir: Path) -> tuple[Path, Path]:
    """The examples split in two: the first half ingested before the edits, the rest after."""
    files = sorted(p for p in examples_dir.iterdir() if p.name != "README.md")
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for index, path in enumerate(files):
        shutil.copy(path, first if index % 2 == 0 else later)
    return first, later


def _claim_ids(db: str, question_id: int) -> list[int]:
    return [c["id"] for c in as_json("claims", "--question", str(question_id), "--db", db)]


def _question_of(db: str, claim_id: int) -> int:
    [claim] = [c for c in as_json("claims", "--db", db) if c["id"] == claim_id]
    return claim["question_id"]


def test_edits_persist_across_reingest(db_url: str, corpus: tuple[Path, Path]) -> None:
    first, later = corpus
    run("ingest", str(first), "--db", db_url)
    questions = as_json("questions", "--db", db_url)
    assert len(questions) >= 3
    keep, other, big = questions[-1], questions[-2], questions[0]
    others = _claim_ids(db_url, other["id"])

    # grade: stored on the source, changes its learned reliability prior
    source = as_json("sources", "--db", db_url)[0]["name"]
    run("sources", "grade", source, "B", "--db", db_url)
    # alias: claims written "Seoul's spies" move to the NIS, now and later
    nis = "South Korea's National Intelligence Service (NIS)"
    run("sources", "alias", "Mock Herald (author)", nis, "--db", db_url)
    # merge, rename and split
    run("questions", "merge", str(keep["id"]), str(other["id"]), "--db", db_url)
    run("questions", "rename", str(keep["id"]), "Analyst's own label", "--db", db_url)
    moved = _claim_ids(db_url, big["id"])[:1]
    split = json.loads(
        run("questions", "split", str(big["id"]), *map(str, moved), "--label", "Split out",
            "--db", db_url, "-f", "json")
    )[0]  # fmt: skip

    def check() -> None:
        by_id = {q["id"]: q for q in as_json("questions", "--db", db_url)}
        assert by_id[keep["id"]]["label"] == "Analyst's own label"
        assert set(others) <= set(_claim_ids(db_url, keep["id"]))
        assert other["id"] not in by_id
        assert _question_of(db_url, moved[0]) == split["question"]
        assert by_id[split["question"]]["label"] == "Split out"
        graded = {s["name"]: s["grade"] for s in as_json("sources", "--db", db_url)}
        assert graded[source] == "B"

    check()
    run("ingest", str(later), "--db", db_url)  # new documents: everything is relinked
    check()
    log = as_json("edits", "--db", db_url)  # newest first, as on the audit log's page
    assert [e["action"] for e in reversed(log)] == [
        "grade_source", "alias_source", "merge_questions", "rename_question", "split_question",
    ]  # fmt: skip
    assert all(e["at"] and e["actor"] == "analyst" for e in log)


def test_bad_edits_say_what_is_wrong(tmp_path: Path, examples_dir: Path) -> None:
    db = str(tmp_path / "e.db")
    run("ingest", str(examples_dir / "seed-article.json"), "--db", db)
    cases = {
        ("sources", "grade", "social media", "Z"): "A-F",
        ("sources", "grade", "nobody at all", "A"): "no source named",
        ("questions", "merge", "999", "1"): "no question 999",
        ("questions", "rename", "1", " "): "label is empty",
    }
    for args, message in cases.items():
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == 1, args
        assert message in result.output, (args, result.output)
    assert as_json("edits", "--db", db) == []


def test_marking_a_claim_wrong_removes_it_from_the_estimate(tmp_path: Path) -> None:
    from corroborate.query.questions import question_detail
    from corroborate.service.analysis import refresh
    from corroborate.service.edits import mark_claim
    from corroborate.service.ingest import ingest_paths
    from corroborate.store import open_database

    doc = tmp_path / "d.txt"
    doc.write_text(
        "Outlet: Demo Wire\nPublished: 2024-10-20\n\n"
        "The ministry said 1,000 soldiers were sent to the border. "
        "The army said 1,100 soldiers were sent to the border. "
        "The governor said 9,000 soldiers were sent to the border."
    )
    engine = open_database(str(tmp_path / "m.db"))
    ingest_paths(engine, [str(doc)])
    [question] = as_json("questions", "--db", str(tmp_path / "m.db"))
    detail = question_detail(engine, question["id"])
    assert detail is not None
    assert len(detail["claims"]) == 3
    high = max(detail["claims"], key=lambda c: c["value"])
    mark_claim(engine, claim_id=high["id"], status="wrong")
    refresh(engine)
    after = question_detail(engine, question["id"])
    assert after is not None
    assert after["high"] <= 1100 and after["estimate"] in (1000, 1100)
    [marked] = [c for c in after["claims"] if c["id"] == high["id"]]
    assert marked["status"] == "wrong" and marked["credibility_reason"] == "marked wrong"
