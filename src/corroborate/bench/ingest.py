"""Ingest benchmark: documents/s and MB/s in-process and on Dask, SQLite and PostgreSQL.

Protocol (copied into every result as ``protocol``):

- The corpus is the sample corpus (``examples/``) replicated until it holds ``documents``
  documents, in its own formats (HTML through trafilatura, JSON, JSONL, text, Markdown).
  Each copy ends with one sentence naming the copy ("Archive reference xqbc."): no
  figure, but a different content hash, so every copy is a new document.
- Each configuration ingests the whole corpus into a new, empty database: in-process,
  then Dask LocalClusters of 1 and 2 worker processes (one thread each), on SQLite and,
  when a PostgreSQL server URL is given, on a new database created on that server.
- The rate is documents read divided by the wall time of ``ingest_paths`` with
  ``relink=False``: listing and partitioning the input, reading, extracting and storing
  (cluster start-up excluded, reported apart). Linking and reconciling, which run once
  after ingest whatever the runner, are timed apart after the in-process runs: the first
  relink of the new claims (``relink_seconds``), then a relink with nothing new
  (``relink_again_seconds``, what a ``watch`` poll that found little pays).
- MB/s is input bytes (the files as on disk) divided by the same time.
- Peak memory: the largest resident set size (psutil, sampled every 0.1 s) of the
  driver process and of each worker process during the run. The driver is one process
  for the whole benchmark, so its figure is the largest so far.
- CPU: each process's CPU seconds during the run (psutil). ``cpu_bound_docs_per_s`` is
  the rate the run's CPU work allows on this machine's cores if nothing else ran (the
  largest of one process's CPU time and the total CPU time over the cores); on a shared,
  busy machine it shows how the work divides between workers when the wall clock cannot.
- With ``repeat`` > 1 the configurations run in rounds (in-process, 1 worker, 2 workers,
  then again), so that a slow spell of a shared machine does not fall on one
  configuration only; the 2-vs-1 ratios use each configuration's best run.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from corroborate.batch.partitions import DEFAULT_PARTITION_SIZE
from corroborate.service.ingest import Writes

PROTOCOL = __doc__.split("Protocol (copied into every result as ``protocol``):", 1)[1].strip()
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def bench_ingest(
    *,
    documents: int = 20_000,
    postgres_url: str | None = None,
    workers: Sequence[int] = (1, 2),
    in_process: bool = True,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    writes: Sequence[Writes] = ("worker",),
    repeat: int = 1,
    corpus: Path | None = None,
    workdir: Path | None = None,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run every configuration on one replicated corpus and return the figures.

    ``postgres_url`` names a PostgreSQL server (any database on it): the benchmark creates
    one database per run on it and drops it afterwards. ``writes`` lists who writes in the
    Dask runs: "worker" (each worker over its own connection) and/or "driver". ``repeat``
    runs each configuration that many times (the ratios use the best run of each).
    """
    from corroborate.batch.runner import DaskRunner, InProcessRunner

    say = log or (lambda _message: None)
    own_dir = workdir is None
    root = Path(tempfile.mkdtemp(prefix="corroborate-bench-")) if own_dir else Path(workdir)
    root.mkdir(parents=True, exist_ok=True)
    try:
        corpus_info = replicate_corpus(root / "corpus", documents=documents, source=corpus)
        say(f"corpus: {corpus_info['documents']:,} documents, {corpus_info['bytes'] / 1e6:.1f} MB")
        databases = ["sqlite"] + (["postgresql"] if postgres_url else [])
        runs: list[dict[str, Any]] = []
        configs: list[tuple[str, int, str]] = []
        if in_process:
            configs.append(("in-process", 1, "worker"))
        configs += [("dask", n, w) for n in workers for w in writes]
        for runner_name, n, write in [c for _ in range(max(1, repeat)) for c in configs]:
            started = time.perf_counter()
            runner = InProcessRunner() if runner_name == "in-process" else DaskRunner(workers=n)
            startup = time.perf_counter() - started
            try:
                for database in databases:
                    with _database(database, root, postgres_url) as url:
                        run = _run(
                            runner,
                            url,
                            corpus_info,
                            partition_size=partition_size,
                            writes=write,
                            relink=runner_name == "in-process",
                        )
                    run.update(
                        database=database,
                        runner=runner_name,
                        workers=n,
                        startup_seconds=round(startup, 2),
                    )
                    runs.append(run)
                    say(_line(run))
            finally:
                runner.close()
        return {
            "protocol": PROTOCOL,
            "machine": {"cpus": os.cpu_count()},
            "corpus": corpus_info,
            "partition_size": partition_size,
            "runs": runs,
            "ratio_2_vs_1": _ratios(runs, "docs_per_s"),
            "ratio_2_vs_1_cpu_bound": _ratios(runs, "cpu_bound_docs_per_s"),
        }
    finally:
        if own_dir:
            shutil.rmtree(root, ignore_errors=True)


def _run(
    runner: Any,
    url: str,
    corpus_info: dict[str, Any],
    *,
    partition_size: int,
    writes: Writes,
    relink: bool,
) -> dict[str, Any]:
    from corroborate.service.analysis import refresh
    from corroborate.service.ingest import ingest_paths
    from corroborate.store import open_database
    from corroborate.store.repository import counts

    engine = open_database(url)
    pids = {"driver": os.getpid()}
    if hasattr(runner, "worker_pids"):
        runner.client.run(warm_up)
        pids.update({f"worker-{i + 1}": pid for i, pid in enumerate(runner.worker_pids().values())})
    else:
        warm_up()
    load_before = os.getloadavg()[0]
    with _PeakMemory(pids) as memory:
        report = ingest_paths(
            engine,
            [corpus_info["path"]],
            runner=runner,
            partition_size=partition_size,
            writes=writes,
            relink=False,
        )
    relinks: list[float | str] = []
    for _ in range(2 if relink else 0):
        started = time.perf_counter()
        try:
            refresh(engine)
            relinks.append(round(time.perf_counter() - started, 2))
        except Exception as exc:  # the figure is missing, the ingest figures stand
            relinks.append(f"failed: {exc!r}"[:200])
            break
    relink_seconds, relink_again_seconds = [*relinks, None, None][:2]
    stored = counts(engine)
    engine.dispose()
    return {
        "writes": report.writes,
        "documents": report.read,
        "stored_documents": stored["documents"],
        "stored_claims": stored["claims"],
        "rejected": len(report.rejected),
        "seconds": round(report.seconds, 2),
        "docs_per_s": round(report.read / report.seconds, 1),
        "mb_per_s": round(corpus_info["bytes"] / report.seconds / 1e6, 3),
        "relink_seconds": relink_seconds,
        "relink_again_seconds": relink_again_seconds,
        "peak_rss_mb": {name: round(peak / 2**20, 1) for name, peak in memory.peaks.items()},
        "cpu_seconds": {name: round(cpu, 1) for name, cpu in memory.cpu.items()},
        "cpu_bound_docs_per_s": round(
            report.read / max(0.001, _cpu_bound_seconds(memory.cpu, os.cpu_count() or 1)), 1
        ),
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """The figures a person reads: one short row per run, and the ratios."""
    rows = [
        {
            "database": run["database"],
            "runner": run["runner"],
            "workers": run["workers"],
            "docs/s": run["docs_per_s"],
            "MB/s": run["mb_per_s"],
            "docs/s by CPU": run["cpu_bound_docs_per_s"],
            "relink s": run["relink_seconds"],
            "again s": run["relink_again_seconds"],
            "peak MB": max(
                [mb for name, mb in run["peak_rss_mb"].items() if name != "driver"]
                or [run["peak_rss_mb"].get("driver", 0)]
            ),
        }
        for run in result["runs"]
    ]
    corpus = result["corpus"]
    return {
        "corpus": f"{corpus['documents']:,} documents, {corpus['bytes'] / 1e6:.1f} MB",
        "runs": rows,
        "ratio_2_vs_1": result["ratio_2_vs_1"],
        "ratio_2_vs_1_cpu_bound": result["ratio_2_vs_1_cpu_bound"],
    }


def warm_up() -> None:
    """Import the stages and run them once, so that no run pays the first import of
    trafilatura and the extractor's compiled patterns inside its timing."""
    from corroborate.extract import extract_claims
    from corroborate.ingest.files import from_html
    from corroborate.records import Document

    html = "<html><body><article><p>Some 1,500 troops arrived, the ministry said on Friday."
    from_html(html + "</p></article></body></html>", "warm-up")
    extract_claims(Document(text="Some 1,500 troops arrived, the ministry said on Friday."))


def _ratios(runs: list[dict[str, Any]], figure: str) -> dict[str, float]:
    """Rate with 2 workers over rate with 1, per database and writer (best runs)."""
    best: dict[tuple[str, str, int], float] = {}
    for run in runs:
        if run["runner"] == "dask":
            key = (run["database"], run["writes"], run["workers"])
            best[key] = max(best.get(key, 0.0), run[figure])
    return {
        f"{database}/{writes}": round(rate / best[(database, writes, 1)], 2)
        for (database, writes, n), rate in sorted(best.items())
        if n == 2 and best.get((database, writes, 1))
    }


def _cpu_bound_seconds(cpu: dict[str, float], cores: int) -> float:
    """The shortest wall time the run's CPU work allows on ``cores`` idle cores: no
    process finishes before its own CPU time, and all of it shares the cores. On a busy
    machine (other work running) this, not the wall clock, shows how the work divides."""
    return max(max(cpu.values(), default=0.0), sum(cpu.values()) / max(1, cores))


def _line(run: dict[str, Any]) -> str:
    return (
        f"{run['database']:10} {run['runner']:10} workers={run['workers']} "
        f"writes={run['writes']:6} {run['docs_per_s']:8.1f} docs/s {run['mb_per_s']:6.2f} MB/s "
        f"(CPU-bound {run['cpu_bound_docs_per_s']:7.1f} docs/s, load "
        f"{run['load_average_1min'][0]:.1f}) stored={run['stored_documents']} "
        f"peak MB={run['peak_rss_mb']}"
    )


@contextmanager
def _database(kind: str, root: Path, postgres_url: str | None) -> Iterator[str]:
    """A new, empty database for one run, removed afterwards."""
    if kind == "sqlite":
        path = root / f"bench-{uuid.uuid4().hex[:8]}.db"
        try:
            yield str(path)
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    from sqlalchemy import create_engine, text

    from corroborate.store.db import resolve_url

    server = resolve_url(postgres_url)
    name = f"corroborate_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class _PeakMemory:
    """Largest resident set size of each process, sampled in a background thread, and
    the CPU time each process used meanwhile."""

    def __init__(self, pids: dict[str, int], interval: float = 0.1) -> None:
        import psutil

        self.processes = {name: psutil.Process(pid) for name, pid in pids.items()}
        self.peaks = dict.fromkeys(pids, 0)
        self.cpu: dict[str, float] = {}
        self._cpu_start = {name: self._cpu_time(p) for name, p in self.processes.items()}
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            for name, process in self.processes.items():
                with contextlib.suppress(Exception):  # a worker restarted or gone
                    self.peaks[name] = max(self.peaks[name], process.memory_info().rss)
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> _PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        for name, process in self.processes.items():
            self.cpu[name] = self._cpu_time(process) - self._cpu_start[name]

    @staticmethod
    def _cpu_time(process: Any) -> float:
        try:
            times = process.cpu_times()
        except Exception:
            return 0.0
        return float(times.user + times.system)


# -- the corpus --------------------------------------------------------------------------

_LETTERS = "bcdfghjklmnpqrstvwxz"  # consonants only: no copy tag spells a number word


def copy_tag(index: int) -> str:
    """A figure-free word naming copy ``index`` ("xb", "xc", ...)."""
    out = ""
    index += 1
    while index:
        index, digit = divmod(index - 1, len(_LETTERS))
        out = _LETTERS[digit] + out
    return "x" + out


def replicate_corpus(dest: Path, *, documents: int, source: Path | None = None) -> dict[str, Any]:
    """Copies of the corpus in ``source`` (the sample corpus by default) under ``dest``,
    one folder per copy, until ``documents`` documents are written (the last copy may be
    partial). Each copy's texts end with a sentence naming the copy, so that every
    document has its own content hash."""
    from corroborate.ingest import IngestError, expand_paths, read_file

    source = source or EXAMPLES
    files = [p for p in expand_paths([str(source)]) if not isinstance(p, IngestError)]
    originals = [(p, sum(1 for d in read_file(p) if not isinstance(d, IngestError))) for p in files]
    dest.mkdir(parents=True, exist_ok=True)
    written = 0
    total_bytes = 0
    n_files = 0
    copy = 0
    while written < documents:
        tag = copy_tag(copy)
        folder = dest / f"copy-{copy:06d}"
        folder.mkdir(exist_ok=True)
        for path, count in originals:
            if written >= documents or count == 0:
                continue
            data = _vary(path, tag, limit=documents - written)
            target = folder / path.name
            target.write_text(data, encoding="utf-8")
            total_bytes += len(data.encode("utf-8"))
            n_files += 1
            written += min(count, documents - written)
        copy += 1
    return {
        "path": str(dest),
        "documents": written,
        "files": n_files,
        "bytes": total_bytes,
        "copies": copy,
    }


def _vary(path: Path, tag: str, *, limit: int) -> str:
    sentence = f"Archive reference {tag}."
    text = path.read_text(encoding="utf-8-sig")
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        lines = [json.loads(line) for line in text.splitlines() if line.strip()][:limit]
        for item in lines:
            item["text"] = f"{item['text'].rstrip()}\n\n{sentence}"
        return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in lines)
    if suffix == ".json":
        item = json.loads(text)
        item["text"] = f"{item['text'].rstrip()}\n\n{sentence}"
        return json.dumps(item, ensure_ascii=False, indent=1)
    if suffix in (".html", ".htm"):
        paragraph = f"<p>{sentence} This copy of the article is kept for testing.</p>"
        for closing in ("</article>", "</main>", "</body>"):
            if closing in text:
                head, _, tail = text.rpartition(closing)
                return f"{head}{paragraph}{closing}{tail}"
        return text + paragraph
    return re.sub(r"\s*$", f"\n\n{sentence}\n", text, count=1)
