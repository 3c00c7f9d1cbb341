"""Dask: a LocalCluster of 2 worker processes stores what the in-process run stores, and
a worker killed mid-run loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from corroborate.batch import DaskRunner
from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database

from .conftest import CLI, claims_per_copy_agree, snapshot

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dask_runner() -> Iterator[DaskRunner]:
    with DaskRunner(workers=2) as runner:
        yield runner


def test_two_workers_store_what_in_process_stores(
    db_url: str, tmp_path: Path, corpus, dask_runner: DaskRunner
) -> None:  # type: ignore[no-untyped-def]
    folder, info = corpus(120)
    reference = str(tmp_path / "in-process.db")
    ingest_paths(open_database(reference), [str(folder)])

    report = ingest_paths(
        open_database(db_url), [str(folder)], runner=dask_runner, partition_size=10
    )
    assert report.workers == 2 and report.writes == "worker"
    assert report.added == info["documents"] and not report.rejected
    assert snapshot(db_url) == snapshot(reference)


def test_driver_writes_store_the_same(tmp_path: Path, corpus, dask_runner: DaskRunner) -> None:  # type: ignore[no-untyped-def]
    folder, _ = corpus(60)
    reference = str(tmp_path / "in-process.db")
    ingest_paths(open_database(reference), [str(folder)])
    target = str(tmp_path / "driver.db")
    report = ingest_paths(
        open_database(target),
        [str(folder)],
        runner=dask_runner,
        partition_size=10,
        writes="driver",
    )
    assert report.writes == "driver"
    assert snapshot(target) == snapshot(reference)


def test_cli_workers_option_matches_in_process(tmp_path: Path, examples_dir: Path) -> None:
    reference = tmp_path / "in-process.db"
    subprocess.run([CLI, "ingest", str(examples_dir), "--db", str(reference)], check=True)
    target = tmp_path / "workers.db"
    done = subprocess.run(
        [CLI, "ingest", str(examples_dir), "--db", str(target), "--workers", "2"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "docs/s" in done.stderr and "2 worker(s)" in done.stderr
    assert snapshot(str(target)) == snapshot(str(reference))


def test_cli_joins_an_existing_scheduler(
    tmp_path: Path, examples_dir: Path, dask_runner: DaskRunner
) -> None:
    address = dask_runner.client.scheduler.address
    reference = tmp_path / "in-process.db"
    subprocess.run([CLI, "ingest", str(examples_dir), "--db", str(reference)], check=True)
    target = tmp_path / "scheduler.db"
    done = subprocess.run(
        [CLI, "ingest", str(examples_dir), "--db", str(target), "--scheduler", address],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert snapshot(str(target)) == snapshot(str(reference))


def test_a_killed_worker_loses_no_partition(
    tmp_path: Path, corpus, dask_runner: DaskRunner
) -> None:  # type: ignore[no-untyped-def]
    folder, info = corpus(400)
    url = str(tmp_path / "db.sqlite")
    engine = open_database(url)
    victims: list[int] = []

    def kill_one_worker(done: int, total: int, current: str) -> None:
        if not victims and done < total:
            victim = next(iter(dask_runner.worker_pids().values()))
            os.kill(victim, signal.SIGKILL)
            victims.append(victim)

    report = ingest_paths(
        engine, [str(folder)], runner=dask_runner, partition_size=10, progress=kill_one_worker
    )
    assert victims, "the run ended before a worker could be killed"
    assert victims[0] not in dask_runner.worker_pids().values()
    assert not report.rejected
    stored = snapshot(url)
    assert len(stored["documents"]) == info["documents"]
    assert stored["duplicates"] == {"documents": [], "sources": [], "questions": []}
    assert claims_per_copy_agree(url)
