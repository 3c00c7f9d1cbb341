"""Fixtures for the web layer: a database with the demo corpus plus one hostile article,
the app in-process, and a real ``corroborate serve`` on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database

TOKEN = "test-write-token"
MARKER = "INJECTED-MARKER"
PG_ENV = "CORROBORATE_TEST_PG_URL"

# An article written to attack the page that shows it: every part of it must render inert.
HOSTILE = {
    "url": "javascript:alert('url')",
    "outlet": "<b>Evil</b> Outlet",
    "published": "2024-11-01",
    "title": "Spy agency says 4,000 troops <script>alert('title')</script>moved",
    "text": (
        "Officials said 4,000 troops arrived near the border, the agency said on Friday.\n"
        "<script>alert('text')</script><script>document.title='pwned'</script>\n"
        "Read <a href=\"javascript:alert('link')\">the report</a> or "
        "<img src=x onerror=\"alert('img')\"> the chart.\n"
        f'</div></main><h1 id="{MARKER}">{MARKER}</h1><iframe src="javascript:alert(1)">'
        "</iframe><svg onload=alert('svg')></svg>\n"
        "Another 6,000 soldiers are expected next month, the agency said."
    ),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # starlette's TestClient warns that it will move from httpx to httpx2 one day
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.filterwarnings("ignore:Using `httpx` with"))


def write_hostile(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "2024-11-01-hostile.json"
    path.write_text(json.dumps(HOSTILE), encoding="utf-8")
    return folder


def fill(db_url: str, examples_dir: Path, tmp_path: Path) -> Engine:
    engine = open_database(db_url)
    report = ingest_paths(engine, [str(examples_dir), str(write_hostile(tmp_path / "hostile"))])
    assert not report.rejected, report.rejected
    return engine


@pytest.fixture
def engine(db_url: str, examples_dir: Path, tmp_path: Path) -> Iterator[Engine]:
    engine = fill(db_url, examples_dir, tmp_path)
    yield engine
    engine.dispose()


@pytest.fixture
def client(engine: Engine):  # type: ignore[no-untyped-def]
    """The app in-process on a fresh database: for tests that write."""
    yield from _client(engine)


def _client(engine: Engine):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from corroborate.web import create_app

    with TestClient(create_app(engine, token=TOKEN), base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def shared_engine(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    postgres_database,  # type: ignore[no-untyped-def]
) -> Iterator[Engine]:
    """One filled database per module and backend, for tests that only read."""
    folder = tmp_path_factory.mktemp("web")
    examples = Path(__file__).resolve().parents[2] / "examples"
    if request.param == "sqlite":
        engine = fill(str(folder / "shared.db"), examples, folder)
        yield engine
        engine.dispose()
        return
    with postgres_database() as url:
        engine = fill(url, examples, folder)
        yield engine
        engine.dispose()


@pytest.fixture
def reader(shared_engine: Engine):  # type: ignore[no-untyped-def]
    """The app in-process on the shared database: for tests that only read."""
    yield from _client(shared_engine)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    token: str
    process: subprocess.Popen
    db: str


def start_server(
    db: str, *, token: str | None = None, host: str | None = None, extra: tuple[str, ...] = ()
) -> Server:
    """``corroborate serve`` in a subprocess on a free port; the token read from its
    console output when not given."""
    port = free_port()
    command = [
        sys.executable,
        "-c",
        "from corroborate.cli.app import main; main()",
        "serve",
        "--db",
        db,
        "--port",
        str(port),
    ]
    if host:
        command += ["--host", host]
    command += list(extra)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    env.pop("CORROBORATE_TOKEN", None)
    if token:
        env["CORROBORATE_TOKEN"] = token
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    url = f"http://127.0.0.1:{port}"
    lines: list[str] = []
    found = token
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            rest = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"serve exited early: {''.join(lines)}{rest}")
        if found is None and process.stdout:
            line = process.stdout.readline()
            lines.append(line)
            match = re.search(r"write token \(shown once\): (\S+)", line)
            if match:
                found = match.group(1)
            continue
        try:
            if httpx.get(url + "/api", timeout=1).status_code == 200:
                return Server(url=url, token=found or "", process=process, db=db)
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"serve did not answer on {url}: {''.join(lines)}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
