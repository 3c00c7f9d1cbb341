"""Shared fixtures: a database URL on SQLite and on a real PostgreSQL, and the path to the
shared evaluation data (read in place, never copied into the repository)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from corroborate.compiled import stale_modules
from corroborate.store.db import resolve_url

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
PG_ENV = "CORROBORATE_TEST_PG_URL"


def pytest_configure(config: pytest.Config) -> None:
    """Refuse to test a compiled extractor older than its sources: the edit would not run."""
    stale = stale_modules()
    if stale:
        pytest.exit(
            f"{', '.join(stale)} changed after the extractor was compiled; run `make build` "
            "to compile it again, or `make pure` to run the extractor interpreted",
            returncode=2,
        )


def _shared_path(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"evaluation data {path} is absent (only present beside the project's CI)")
    return path


@pytest.fixture
def shared_data():  # type: ignore[no-untyped-def]
    """``shared_data("samples", "seed-article.json")``: a path under ../shared/data, or a
    skip where a user's clone has no shared/ beside it."""
    return _shared_path


@pytest.fixture
def examples_dir() -> Path:
    return REPO / "examples"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new database on the test PostgreSQL."""
    if request.param == "sqlite":
        yield str(tmp_path / "test.db")
        return
    yield from _postgres_database()


@pytest.fixture(scope="session")
def postgres_database():  # type: ignore[no-untyped-def]
    """``with postgres_database() as url:`` a new, empty database on the test PostgreSQL,
    dropped afterwards; a skip (a failure under CI) where no PostgreSQL runs."""
    return contextlib.contextmanager(_postgres_database)


def _postgres_database() -> Iterator[str]:
    server = os.environ.get(PG_ENV)
    if not server:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PG_ENV} is not set: run the suite through `make test`")
        pytest.skip(f"no PostgreSQL: set {PG_ENV} or run `make test`, which starts one")
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(resolve_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = resolve_url(server).rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class FuzzTally:
    """What a fuzzing test tried, rejected with a reason, and stored: printed with the test,
    so a run shows its counts."""

    def __init__(self) -> None:
        self.tried = 0
        self.rejected = 0
        self.good = 0


@pytest.fixture
def tally(capsys, request):  # type: ignore[no-untyped-def]
    counter = FuzzTally()
    yield counter
    stored = f", {counter.good} good documents all stored" if counter.good else ""
    with capsys.disabled():
        print(
            f"\n{request.node.name}: {counter.tried} inputs tried, {counter.rejected} rejected "
            f"with a reason{stored}, no crash"
        )
