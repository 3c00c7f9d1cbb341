"""``corroborate serve`` as users start it: a real server process on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import httpx
import psutil
import pytest

from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database

from .conftest import start_server, stop_server


@pytest.fixture
def served(tmp_path: Path, examples_dir: Path):  # type: ignore[no-untyped-def]
    db = str(tmp_path / "served.db")
    ingest_paths(open_database(db), [str(examples_dir)])
    server = start_server(db)
    yield server
    stop_server(server)


def test_serve_binds_localhost_prints_a_token_and_guards_writes(served) -> None:  # type: ignore[no-untyped-def]
    assert len(served.token) >= 24, "a random token is printed once at start"
    listening = {
        c.laddr.ip
        for c in psutil.Process(served.process.pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    }
    assert listening == {"127.0.0.1"}
    with httpx.Client(base_url=served.url, timeout=10) as http:
        page = http.get("/questions")
        assert page.status_code == 200 and "corroborate" in page.text
        assert http.get("/static/style.css").status_code == 200
        questions = http.get("/api/questions").json()["questions"]
        assert questions
        source = http.get("/api/sources").json()["sources"][0]
        url = f"/api/sources/{source['id']}/grade"
        assert http.post(url, json={"grade": "B"}).status_code == 401
        wrong = http.post(url, json={"grade": "B"}, headers={"Authorization": "Bearer x"})
        assert wrong.status_code == 403
        done = http.post(
            url, json={"grade": "B"}, headers={"Authorization": f"Bearer {served.token}"}
        )
        assert done.status_code == 200
        assert http.get(f"/api/sources/{source['id']}").json()["source"]["grade"] == "B"
        # DNS rebinding: a request naming another host is refused
        assert http.get("/api", headers={"Host": "attacker.example"}).status_code == 400
        assert "server" not in http.get("/api").headers


@pytest.mark.slow
def test_serve_with_worker_processes(tmp_path: Path, examples_dir: Path) -> None:
    db = str(tmp_path / "workers.db")
    ingest_paths(open_database(db), [str(examples_dir)])
    server = start_server(db, token="fixed-token-for-workers", extra=("--workers", "2"))
    try:
        children = psutil.Process(server.process.pid).children(recursive=True)
        assert len(children) >= 2
        with httpx.Client(base_url=server.url, timeout=10) as http:
            for _ in range(4):
                assert http.get("/questions").status_code == 200
            source = http.get("/api/sources").json()["sources"][0]
            url = f"/api/sources/{source['id']}/grade"
            assert http.post(url, json={"grade": "C"}).status_code == 401
            done = http.post(
                url,
                json={"grade": "C"},
                headers={"Authorization": "Bearer fixed-token-for-workers"},
            )
            assert done.status_code == 200
            assert http.get("/api", headers={"Host": "attacker.example"}).status_code == 400
    finally:
        stop_server(server)
