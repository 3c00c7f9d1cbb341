"""``corroborate export`` writes the same exports as the web UI."""

from __future__ import annotations

import csv
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from corroborate.cli.app import app
from corroborate.query import questions as queries
from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database
from corroborate.store.repository import counts


def test_export_commands(engine: Engine, tmp_path: Path) -> None:
    db = engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    total = counts(engine)["claims"]
    question = queries.questions_page(engine, limit=1)["questions"][0]

    def run(*args: str) -> str:
        result = runner.invoke(app, ["export", *args, "--db", db])
        assert result.exit_code == 0, result.output
        return result.stdout

    rows = list(csv.DictReader(run("claims").splitlines()))
    assert len(rows) == total and {"value", "source", "sentence", "date"} <= set(rows[0])
    assert len(json.loads(run("claims", "--format", "json"))) == total
    assert (
        len(run("claims", "-f", "jsonl", "--question", str(question["id"])).splitlines())
        == (question["n_claims"])
    )
    estimates = json.loads(run("questions", "--format", "json"))
    assert estimates[0]["estimate"] == question["estimate"]
    # an exported estimate says when the source weights behind it were learned
    assert estimates[0]["reliability_learned_at"] == question["reliability_learned_at"]
    review = json.loads(run("claimreview", rows[0]["id"], "--base-url", "https://x.example"))
    assert (
        review["@type"] == "ClaimReview"
        and review["url"] == f"https://x.example/claims/{rows[0]['id']}"
    )
    brief = tmp_path / "brief.html"
    run("brief", str(question["id"]), "--output", str(brief))
    text = brief.read_text()
    assert "<style>" in text and "@media print" in text and "<svg" in text
    assert "/static/style.css" not in text  # standalone
    chart = tmp_path / "chart.svg"
    run("chart", str(question["id"]), "-o", str(chart))
    assert ET.parse(chart).getroot().tag.endswith("svg")
    missing = runner.invoke(app, ["export", "chart", "999999", "--db", db])
    assert missing.exit_code == 1 and "no question 999999" in missing.output


@pytest.mark.slow
def test_brief_to_pdf_and_chart_to_png(tmp_path: Path, examples_dir: Path) -> None:
    if not Path("/usr/bin/chromium").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("/usr/bin/chromium is missing under CI: run scripts/ensure-chromium")
        pytest.skip("/usr/bin/chromium is absent: run scripts/ensure-chromium (apt) to test")
    db = str(tmp_path / "print.db")
    engine = open_database(db)
    ingest_paths(engine, [str(examples_dir)])
    question = queries.questions_page(engine, limit=1)["questions"][0]["id"]
    runner = CliRunner()
    pdf, png = tmp_path / "brief.pdf", tmp_path / "chart.png"
    done = runner.invoke(app, ["export", "brief", str(question), "--db", db, "--pdf", str(pdf)])
    assert done.exit_code == 0, done.output
    assert pdf.read_bytes().startswith(b"%PDF")
    done = runner.invoke(app, ["export", "chart", str(question), "--db", db, "--png", str(png)])
    assert done.exit_code == 0, done.output
    assert png.read_bytes().startswith(b"\x89PNG")
