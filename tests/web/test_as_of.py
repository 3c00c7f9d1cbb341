"""A question as of a date: the CLI, the JSON API and the question page's date picker give
the same estimate, computed only from what had been reported by then."""

from __future__ import annotations

import json

from sqlalchemy import Engine
from typer.testing import CliRunner

from corroborate.cli.app import app
from corroborate.present.format import format_cell

DAY = "2024-10-23"


def _cli_questions(engine: Engine, *args: str) -> list[dict]:
    db = engine.url.render_as_string(hide_password=False)
    if db.startswith("sqlite:///"):
        db = db.removeprefix("sqlite:///")
    result = CliRunner().invoke(app, ["questions", "--db", db, "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_api_and_page_agree_as_of_a_date(shared_engine: Engine, reader) -> None:  # type: ignore[no-untyped-def]
    then = _cli_questions(shared_engine, "--as-of", DAY)
    assert then, "the sample corpus has figures reported by 23 October 2024"
    api = reader.get("/api/questions", params={"as_of": DAY, "limit": 500}).json()
    by_id = {row["id"]: row for row in api["questions"]}
    assert set(by_id) == {row["id"] for row in then}
    for row in then:
        assert by_id[row["id"]]["estimate"] == row["estimate"]
        detail = reader.get(f"/api/questions/{row['id']}", params={"as_of": DAY}).json()
        assert detail["question"]["estimate"] == row["estimate"]
        assert detail["as_of"] == DAY
        page = reader.get(f"/questions/{row['id']}", params={"as_of": DAY}).text
        assert f'value="{DAY}"' in page  # the date picker shows the date asked for
        if row["estimate"] is not None:
            assert f'id="estimate">{format_cell(row["estimate"])}<' in page


def test_as_of_weighs_only_what_was_reported_by_then(shared_engine: Engine) -> None:
    now = {row["id"]: row for row in _cli_questions(shared_engine)}
    then = _cli_questions(shared_engine, "--as-of", DAY)
    assert any(row["n_claims"] < now[row["id"]]["n_claims"] for row in then)
    for row in then:
        assert row["n_claims"] <= now[row["id"]]["n_claims"]
        assert all(point["date"] <= DAY for point in row["timeline"] if point["date"])
    before_anything = _cli_questions(shared_engine, "--as-of", "1990-01-01")
    assert before_anything == []


def test_as_of_rejects_a_non_date(shared_engine: Engine) -> None:
    db = shared_engine.url.render_as_string(hide_password=False).removeprefix("sqlite:///")
    result = CliRunner().invoke(app, ["questions", "--db", db, "--as-of", "last week"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
