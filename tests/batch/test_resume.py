"""A killed run resumes without duplicates; two runs at once store everything once."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import CLI, claims_per_copy_agree, snapshot

pytestmark = pytest.mark.slow

NO_DUPLICATES = {"documents": [], "sources": [], "questions": []}


def _stored(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not created yet
        return 0


def test_sigkilled_run_rerun_stores_every_document_once(tmp_path: Path, corpus) -> None:  # type: ignore[no-untyped-def]
    folder, info = corpus(1500)
    db = tmp_path / "db.sqlite"
    command = [CLI, "ingest", str(folder), "--db", str(db)]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        # Wait until some partitions are committed, then kill without warning.
        while _stored(db) < 200 and run.poll() is None:
            time.sleep(0.05)
        assert run.poll() is None, "the run ended before it could be killed"
        run.send_signal(signal.SIGKILL)
        run.wait()
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    stored_at_kill = _stored(db)
    assert 0 < stored_at_kill < info["documents"]

    rerun = subprocess.run(command, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    added = info["documents"] - stored_at_kill
    assert f"{added} documents added, {stored_at_kill} already present" in rerun.stderr

    stored = snapshot(str(db))
    assert len(stored["documents"]) == info["documents"]
    assert stored["duplicates"] == NO_DUPLICATES
    assert stored["linked"] > 0
    assert claims_per_copy_agree(str(db))


def test_two_runs_at_once_store_everything_once(db_url: str, corpus) -> None:  # type: ignore[no-untyped-def]
    folder, info = corpus(400)
    # Both runs start on an empty database: they race on the schema too.
    command = [CLI, "ingest", str(folder), "--db", db_url]
    runs = [
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=600)[1] for run in runs]

    stored = snapshot(db_url)
    assert len(stored["documents"]) == info["documents"]
    assert stored["duplicates"] == NO_DUPLICATES
    assert claims_per_copy_agree(db_url)
    assert [run.returncode for run in runs] == [0, 0], outputs
