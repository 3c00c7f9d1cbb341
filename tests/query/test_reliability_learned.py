"""Results say when source reliability was last learned: every question's row (CLI and
API alike), a question's JSON, the dashboard and a question's page; null before the first
full pass, and the new time once a full pass has run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from corroborate.cli.app import app as cli
from corroborate.service.analysis import reliability_learned
from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database
from corroborate.store.models import PassRow
from corroborate.web import create_app

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with")


@pytest.fixture
def engine(db_url: str, examples_dir: Path) -> Iterator[Engine]:
    engine = open_database(db_url)
    assert not ingest_paths(engine, [str(examples_dir)]).rejected  # the first pass is full
    yield engine
    engine.dispose()


@pytest.fixture
def api(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(engine, token="t"), base_url="http://127.0.0.1") as client:
        yield client


def _shown(db_url: str, api: TestClient) -> dict[str, Any]:
    """Every place the time is given, read as an analyst would."""
    result = CliRunner().invoke(cli, ["questions", "--db", db_url, "--format", "json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    served = api.get("/api/questions", params={"limit": 500}).json()["questions"]
    top = served[0]["id"]
    return {
        "printed": {row["reliability_learned_at"] for row in printed},
        "served": {row["reliability_learned_at"] for row in served},
        "question": api.get(f"/api/questions/{top}").json()["question"]["reliability_learned_at"],
        "dashboard": api.get("/questions").text,
        "page": api.get(f"/questions/{top}").text,
    }


def test_results_say_when_reliability_was_learned(
    db_url: str, engine: Engine, api: TestClient
) -> None:
    learned = reliability_learned(engine)
    assert learned is not None
    at = learned["at"]
    shown = _shown(db_url, api)
    assert shown["printed"] == shown["served"] == {at}
    assert shown["question"] == at
    assert f"Source reliability last learned {at} UTC" in shown["dashboard"]
    assert f'<dd id="reliability-learned">{at} UTC</dd>' in shown["page"]


def test_null_before_the_first_full_pass_then_the_time_of_the_last(
    db_url: str, engine: Engine, api: TestClient
) -> None:
    with Session(engine) as session:  # a database no full pass has prepared
        session.execute(delete(PassRow))
        session.commit()
    shown = _shown(db_url, api)
    assert shown["printed"] == shown["served"] == {None}
    assert shown["question"] is None
    assert "Source reliability not learned yet" in shown["dashboard"]
    assert '<dd id="reliability-learned">not yet</dd>' in shown["page"]

    result = CliRunner().invoke(cli, ["reconcile", "--full", "--db", db_url])
    assert result.exit_code == 0, result.output
    learned = reliability_learned(engine)
    assert learned is not None
    assert _shown(db_url, api)["served"] == {learned["at"]}

    with Session(engine) as session:  # an old full pass, then a new one
        session.execute(update(PassRow).values(at=datetime(2020, 1, 1)))
        session.commit()
    assert _shown(db_url, api)["question"] == "2020-01-01 00:00:00"
    assert CliRunner().invoke(cli, ["reconcile", "--full", "--db", db_url]).exit_code == 0
    shown = _shown(db_url, api)  # nothing stale is served from the cache
    assert shown["question"] == shown["printed"].pop() > "2020-01-01 00:00:00"
