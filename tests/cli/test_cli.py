"""The commands as a user runs them, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corroborate.cli.app import EXIT_REJECTED, app

CLAIM_KEYS = {
    "id",
    "document_id",
    "url",
    "title",
    "sentence",
    "start",
    "end",
    "value",
    "low",
    "high",
    "qualifier",
    "counted",
    "owner",
    "event",
    "place",
    "as_of",
    "period",
    "source",
    "hedged",
    "question_id",
}
QUESTION_KEYS = {
    "id",
    "label",
    "counted",
    "event",
    "place",
    "estimate",
    "low",
    "high",
    "n_claims",
    "n_sources",
    "as_of",
    "parent_id",
    "timeline",
    "camps",
    "follows",
    "derived",
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_every_command_has_help(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("ingest", "claims", "questions", "sources", "demo", "db"):
        assert command in result.output
        sub = runner.invoke(app, [command, "--help"])
        assert sub.exit_code == 0 and len(sub.output) > 100, command
    assert "Exit codes" in runner.invoke(app, ["ingest", "--help"]).output


def test_ingest_examples_then_list(runner: CliRunner, db_url: str, examples_dir: Path) -> None:
    result = runner.invoke(app, ["ingest", str(examples_dir), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "documents added" in result.output

    claims = _jsonl(runner.invoke(app, ["claims", "--db", db_url, "-f", "jsonl"]).output)
    assert claims and set(claims[0]) >= CLAIM_KEYS
    texts: dict[int, str] = {}
    for claim in claims:
        assert (claim["value"] is None) != (claim["low"] is None), claim
        texts.setdefault(claim["document_id"], claim["sentence"])

    questions = _jsonl(runner.invoke(app, ["questions", "--db", db_url, "-f", "jsonl"]).output)
    assert questions and set(questions[0]) >= QUESTION_KEYS
    top = questions[0]
    assert "North Korean" in top["label"]
    assert top["n_sources"] >= 3
    assert top["low"] <= top["estimate"] <= top["high"]
    by_id = {c["id"]: c for c in claims}
    assert top["n_claims"] == sum(c["question_id"] == top["id"] for c in by_id.values())

    again = runner.invoke(app, ["ingest", str(examples_dir), "--db", db_url])
    assert "0 documents added" in again.output
    recount = _jsonl(runner.invoke(app, ["claims", "--db", db_url, "-f", "jsonl"]).output)
    assert len(recount) == len(claims)


def _without_ids(claims: list[dict]) -> list[dict]:
    # ids differ with the order of storing, and so does the engine's judgement of which
    # copy of a wire story is the original: the extractor's reading of each claim does not
    judged = ("echo_of", "weight", "credibility", "credibility_reason", "flag", "reliability")
    return [
        {k: v for k, v in c.items() if not k.endswith("id") and k not in judged} for c in claims
    ]


def test_partition_size_changes_no_claim(
    runner: CliRunner, tmp_path: Path, examples_dir: Path
) -> None:
    found = []
    for size in (None, "3"):
        db = str(tmp_path / f"p{size}.db")
        sizing = ["--partition-size", size] if size else []
        result = runner.invoke(app, ["ingest", str(examples_dir), "--db", db, *sizing])
        assert result.exit_code == 0, result.output
        claims = _jsonl(runner.invoke(app, ["claims", "--db", db, "-f", "jsonl"]).output)
        found.append(sorted(json.dumps(c, sort_keys=True) for c in _without_ids(claims)))
    assert found[0] and found[0] == found[1]


def test_listing_formats(runner: CliRunner, tmp_path: Path, examples_dir: Path) -> None:
    db = str(tmp_path / "f.db")
    runner.invoke(app, ["ingest", str(examples_dir / "seed-article.json"), "--db", db])
    as_json = json.loads(runner.invoke(app, ["sources", "--db", db, "-f", "json"]).output)
    as_csv = list(
        csv.DictReader(io.StringIO(runner.invoke(app, ["sources", "--db", db, "-f", "csv"]).output))
    )
    assert [s["name"] for s in as_json] == [s["name"] for s in as_csv]
    table = runner.invoke(app, ["claims", "--db", db]).output
    assert "Claims" in table and "200,000" in table


def test_rejected_input_is_named_and_the_rest_stored(
    runner: CliRunner, tmp_path: Path, examples_dir: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(examples_dir / "seed-article.json", corpus)
    (corpus / "empty.txt").write_text("")
    (corpus / "broken.json").write_text("{")
    db = str(tmp_path / "r.db")
    result = runner.invoke(app, ["ingest", str(corpus), str(tmp_path / "absent.txt"), "--db", db])
    assert result.exit_code == EXIT_REJECTED
    assert "empty.txt: file is empty" in result.output
    assert "broken.json: malformed JSON" in result.output
    assert "absent.txt: no such file" in result.output
    assert "1 document added" in result.output


def test_bad_database_exits_with_a_message(runner: CliRunner, tmp_path: Path) -> None:
    # a folder that is not there: named whole, on one line, whatever the path's length
    target = tmp_path / ("long-folder-name-" * 6) / "no" / "such" / "x.db"
    result = runner.invoke(app, ["ingest", "--db", str(target), str(tmp_path)])
    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert line.startswith("error: cannot create database") and "does not exist" in line
    assert str(target.parent) in line


def test_demo_prints_the_troop_questions(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--db", str(tmp_path / "demo.db")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "How many North Korean troops" in result.output
    assert "South Korea's National Intelligence Service" in result.output
    assert "estimate" in result.output


def test_fuse_reconciles_a_table_and_names_bad_input(runner: CliRunner, tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text("source,object,value\na,x,100\nb,x,110\nc,x,5000\na,y,7\nb,y,7\n")
    out = tmp_path / "estimates.csv"
    weights = tmp_path / "weights.csv"
    result = runner.invoke(
        app, ["fuse", str(claims), "--out", str(out), "--sources-out", str(weights)]
    )
    assert result.exit_code == 0, result.output
    rows = {r["object"]: r for r in csv.DictReader(out.open())}
    assert 100 <= float(rows["x"]["estimate"]) <= 110  # the 5,000 outlier does not drag it
    assert float(rows["y"]["estimate"]) == 7
    learned = {r["source"]: float(r["weight"]) for r in csv.DictReader(weights.open())}
    assert learned["c"] < learned["a"]

    bad = tmp_path / "bad.csv"
    bad.write_text("source,object,value\na,x,ten\n")
    result = runner.invoke(app, ["fuse", str(bad), "--out", str(tmp_path / "none.csv")])
    assert result.exit_code == 2
    assert str(bad) in result.output and "line 2" in result.output
    assert not (tmp_path / "none.csv").exists()


# The claim as an analyst codes it: the keys every claims listing carries (the JSONL
# contract), old keys kept.
CLAIM_CONTRACT = {
    "id", "document_id", "sentence", "start", "end", "mention", "value", "low", "high",
    "qualifier", "counted", "owner", "kind", "event", "event_text", "place", "as_of",
    "reported", "period", "source", "via", "speaker", "source_text", "hedged", "hedge",
    "question_id", "published", "outlet", "url",
}  # fmt: skip


def test_claims_carry_the_analysts_fields(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.json"
    article.write_text(
        json.dumps(
            {
                "outlet": "The Test Times",
                "published": "2025-02",
                "text": "An additional 1,500 soldiers were sent to the border last week, "
                "lawmaker Kim said, citing the defence ministry.",
            }
        ),
        encoding="utf-8",
    )
    db = str(tmp_path / "t.db")
    assert runner.invoke(app, ["ingest", str(article), "--db", db]).exit_code == 0
    (claim,) = _jsonl(runner.invoke(app, ["claims", "--db", db, "-f", "jsonl"]).stdout)
    assert set(claim) >= CLAIM_CONTRACT
    assert claim["kind"] == "increment"
    assert claim["event"] == "deployed" and "sent" in (claim["event_text"] or "")
    assert claim["reported"] == "2025-02"  # a month stays a month
    assert isinstance(claim["via"], list)
