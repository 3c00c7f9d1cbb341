"""One read layer: every listing of the CLI prints, with ``--format json``, the very
objects the API returns for it, on the same database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from corroborate.cli.app import app as cli
from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database
from corroborate.web import create_app

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with")

DAY = "2024-10-23"
ALL = 500  # the API's largest page: more than the sample corpus holds of anything


@pytest.fixture
def engine(db_url: str, examples_dir: Path) -> Iterator[Engine]:
    engine = open_database(db_url)
    assert not ingest_paths(engine, [str(examples_dir)]).rejected
    yield engine
    engine.dispose()


@pytest.fixture
def api(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(engine, token="t"), base_url="http://127.0.0.1") as client:
        yield client


def _cli_json(db_url: str, *args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, [*args, "--db", db_url, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def _api_rows(api: TestClient, path: str, key: str, **params: Any) -> list[dict[str, Any]]:
    response = api.get(path, params={"limit": ALL, **params})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == len(page[key]), "the page holds the whole listing"
    return list(page[key])


LISTINGS = [
    # (CLI arguments, API path, the page's key, API parameters)
    (("questions",), "/api/questions", "questions", {}),
    (("questions", "--as-of", DAY), "/api/questions", "questions", {"as_of": DAY}),
    (("claims",), "/api/claims", "claims", {}),
    (("sources",), "/api/sources", "sources", {}),
    (("documents",), "/api/documents", "documents", {}),
    (("edits",), "/api/edits", "edits", {}),
]


def test_every_listing_is_the_same_in_the_cli_and_the_api(
    db_url: str, engine: Engine, api: TestClient
) -> None:
    for edit in (("sources", "grade", "social media", "E"), ("questions", "rename", "1", "Q")):
        assert CliRunner().invoke(cli, [*edit, "--db", db_url]).exit_code == 0  # an audit log
    for args, path, key, params in LISTINGS:
        printed = _cli_json(db_url, *args)
        served = _api_rows(api, path, key, **params)
        assert printed, args
        assert printed == served, args


def test_a_questions_claims_are_the_same_in_the_cli_and_the_api(
    db_url: str, engine: Engine, api: TestClient
) -> None:
    top = _cli_json(db_url, "questions")[0]
    printed = _cli_json(db_url, "claims", "--question", str(top["id"]))
    served = _api_rows(api, "/api/claims", "claims", question_id=top["id"])
    assert len(printed) == top["n_claims"]
    assert printed == served


def test_the_estimates_date_has_one_name_everywhere(
    db_url: str, engine: Engine, api: TestClient
) -> None:
    [row] = [q for q in _cli_json(db_url, "questions") if q["estimate"] is not None][:1]
    page = api.get(f"/api/questions/{row['id']}").json()
    assert row["as_of"] and page["question"]["as_of"] == row["as_of"]
    assert "estimate_as_of" not in row and "estimate_as_of" not in page["question"]
    then = api.get(f"/api/questions/{row['id']}", params={"as_of": DAY}).json()
    assert then["as_of"] == DAY and (then["question"]["as_of"] or "") <= DAY
