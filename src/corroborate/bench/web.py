"""Web benchmark: page latency on a large database, against the floor of the same queries.

``bench_web(claims=1_000_000)``

1. fills a database: the sample corpus is ingested once (claims extracted, questions
   linked and reconciled), then its documents and claims are replicated in SQL
   (``INSERT ... SELECT`` over a range of replica numbers, a few hundred replicas per
   statement) until the claim count is reached. Each replica moves every article by up
   to a year either way (claims' ``as_of`` with it) and moves every figure by up to 15%
   either way, deterministically. Replicas keep their question, source and the reconcile
   engine's judgement, so the questions grow to hundreds of thousands of claims; the
   estimates are those of the sample corpus (reconciling a million claims is the reconcile
   benchmark's business, not this one's);
2. starts ``corroborate serve`` on 127.0.0.1 in its own process;
3. from a second process, ``concurrency`` threads request each page ``requests`` times
   and the per-request latency is recorded: the questions dashboard (HTML), the page of
   the largest question (HTML), and the claims API (JSON, 50 claims at a random offset).
   The first request of each page is reported apart (``first_ms``): the server caches
   the dashboard's and a question's summaries until the data changes (it is started
   with ``--no-warm``, so the first request computes them, and four more on new
   connections reach every worker process before the timed ones);
4. runs the same data functions directly on the database, one at a time, in this process,
   with the web layer's cache emptied before each call: the floor, what the queries
   themselves cost.

A database that already holds claims is not ingested again, and is only topped up to
``claims``: pass the same ``db`` twice to measure again without refilling.

Numbers are printed by ``corroborate bench web``; no test asserts a time.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

from corroborate.store import open_database
from corroborate.store.models import ClaimRow, DocumentRow

Progress = Callable[[str], None]
BATCH_REPLICAS = 400  # replicas per INSERT ... SELECT statement


def bench_web(
    *,
    claims: int = 1_000_000,
    db: str | None = None,
    corpus: str | Path | None = None,
    requests: int = 200,
    concurrency: int = 8,
    workers: int = 1,
    floor_runs: int = 10,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Fill a database with about ``claims`` claims, serve it, load it from a second
    process and compare with the floor. ``workers``: server processes (``serve
    --workers``). ``db``: where to build it (default a temporary
    SQLite file; a PostgreSQL URL must name an empty database). Returns a dict with the
    fill figures and, per page, p50/p95 latency in milliseconds and requests per second
    under load, next to the floor's p50/p95."""
    say = progress or (lambda _message: None)
    folder = None
    if db is None:
        folder = tempfile.TemporaryDirectory(prefix="corroborate-bench-web-")
        db = str(Path(folder.name) / "bench.db")
    try:
        engine = open_database(db)
        say(f"filling {engine.url.render_as_string(hide_password=True)} to {claims:,} claims")
        fill = fill_database(engine, claims=claims, corpus=corpus)
        say(f"filled in {fill['seconds']:.1f} s: {fill['claims']:,} claims, "
            f"{fill['documents']:,} documents")  # fmt: skip
        targets = _targets(engine)
        say("measuring the floor: the same queries on the database, one at a time")
        floor = _floor(engine, targets, floor_runs)
        say(f"serving and loading: {concurrency} concurrent clients x {requests} requests")
        served = _served(db, targets, requests=requests, concurrency=concurrency, workers=workers)
        engine.dispose()
    finally:
        if folder is not None:
            folder.cleanup()
    pages = []
    for name in ("dashboard", "question", "claims_api"):
        pages.append(
            {
                "page": name,
                "path": targets[name],
                **{f"server_{k}": v for k, v in served[name].items()},
                **{f"floor_{k}": v for k, v in floor[name].items()},
            }
        )
    return {
        "database": "postgresql" if "postgresql" in db else "sqlite",
        "claims": fill["claims"],
        "documents": fill["documents"],
        "fill_seconds": round(fill["seconds"], 1),
        "largest_question_claims": targets["question_claims"],
        "requests": requests,
        "concurrency": concurrency,
        "workers": workers,
        "cpus": os.cpu_count(),
        "pages": pages,
    }


# -- filling ---------------------------------------------------------------------------


def _default_corpus() -> Path:
    for folder in (Path.cwd() / "examples", Path(__file__).resolve().parents[3] / "examples"):
        if folder.is_dir():
            return folder
    raise FileNotFoundError("no examples/ folder: pass corpus=FOLDER")


def fill_database(
    engine: Engine, *, claims: int, corpus: str | Path | None = None
) -> dict[str, Any]:
    """Ingest the corpus, then replicate its documents and claims in SQL up to about
    ``claims`` claims. Returns the counts and the seconds it took."""
    from corroborate.service.ingest import ingest_paths

    started = time.perf_counter()
    with engine.connect() as connection:
        present = connection.scalar(select(func.count()).select_from(ClaimRow)) or 0
    if present == 0:
        ingest_paths(engine, [str(corpus or _default_corpus())])
    with engine.connect() as connection:
        base_docs = connection.scalar(select(func.max(DocumentRow.id))) or 0
        base_claims = connection.scalar(select(func.max(ClaimRow.id))) or 0
        n_base = connection.scalar(select(func.count()).select_from(ClaimRow)) or 0
    if n_base == 0:
        raise ValueError("the corpus gave no claims to replicate")
    replicas = max(0, -(-claims // n_base) - 1)  # ceil, minus the original
    dialect = engine.dialect.name
    for first in range(1, replicas + 1, BATCH_REPLICAS):
        last = min(replicas, first + BATCH_REPLICAS - 1)
        with engine.begin() as connection:
            params = {"a": first, "b": last, "nd": base_docs, "nc": base_claims}
            connection.execute(text(_documents_sql(dialect)), params)
            connection.execute(text(_claims_sql(engine, dialect)), params)
    with engine.begin() as connection:
        if dialect == "postgresql":
            for table in ("documents", "claims"):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
        connection.execute(text("ANALYZE"))
    with engine.connect() as connection:
        n_claims = connection.scalar(select(func.count()).select_from(ClaimRow)) or 0
        n_documents = connection.scalar(select(func.count()).select_from(DocumentRow)) or 0
    return {
        "claims": n_claims,
        "documents": n_documents,
        "replicas": replicas,
        "seconds": time.perf_counter() - started,
    }


def _replicas(dialect: str) -> str:
    if dialect == "postgresql":
        return "generate_series(CAST(:a AS integer), CAST(:b AS integer)) AS reps(r)"
    return "(WITH RECURSIVE s(r) AS (SELECT :a UNION ALL SELECT r + 1 FROM s WHERE r < :b) SELECT r FROM s) AS reps"  # noqa: E501


def _shift(column: str, days: str, dialect: str) -> str:
    if dialect == "postgresql":
        return f"({column} + ({days})::integer)"
    return f"date({column}, ({days}) || ' days')"


# the same document moves by the same number of days in a replica, its claims with it
_DAYS = "((({doc}) * 7 + reps.r * 13) % 731) - 365"
_JITTER = "(0.85 + 0.3 * (((c.id * 7919 + reps.r * 104729) % 1000) / 1000.0))"


def _documents_sql(dialect: str) -> str:
    days = _DAYS.format(doc="d.id")
    return (
        "INSERT INTO documents (id, content_hash, url, outlet, published, title, language, "
        "origin, text, ingested_at) "
        "SELECT d.id + reps.r * :nd, substr(d.content_hash, 1, 50) || '-' || reps.r, "
        "d.url || '#r' || reps.r, d.outlet, "
        f"{_shift('d.published', days, dialect)}, d.title, d.language, d.origin, d.text, "
        f"d.ingested_at FROM documents d, {_replicas(dialect)} WHERE d.id <= :nd"
    )


def _claims_sql(engine: Engine, dialect: str) -> str:
    days = _DAYS.format(doc="c.document_id")
    special = {
        "id": "c.id + reps.r * :nc",
        "document_id": "c.document_id + reps.r * :nd",
        "value": f"c.value * {_JITTER}",
        "low": f"c.low * {_JITTER}",
        "high": f"c.high * {_JITTER}",
        "as_of": _shift("c.as_of", days, dialect),
        "echo_of": "c.echo_of + reps.r * :nc",
    }
    columns = [column.name for column in ClaimRow.__table__.columns]
    quoted = [engine.dialect.identifier_preparer.quote(name) for name in columns]
    values = [special.get(name, f"c.{q}") for name, q in zip(columns, quoted, strict=True)]
    return (
        f"INSERT INTO claims ({', '.join(quoted)}) SELECT {', '.join(values)} "
        f"FROM claims c, {_replicas(dialect)} WHERE c.id <= :nc"
    )


# -- what is measured ------------------------------------------------------------------


def _targets(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        row = connection.execute(
            select(ClaimRow.question_id, func.count().label("n"))
            .where(ClaimRow.question_id.is_not(None))
            .group_by(ClaimRow.question_id)
            .order_by(func.count().desc())
            .limit(1)
        ).first()
        total = connection.scalar(select(func.count()).select_from(ClaimRow)) or 0
    question = row.question_id if row else 1
    return {
        "dashboard": "/questions",
        "question": f"/questions/{question}",
        "question_id": question,
        "question_claims": row.n if row else 0,
        "claims_api": "/api/claims?limit=50&offset={offset}",
        "claims_total": total,
    }


def _floor(engine: Engine, targets: dict[str, Any], runs: int) -> dict[str, dict[str, float]]:
    from corroborate.query import cache
    from corroborate.query.claims import claims_page
    from corroborate.query.questions import question_page, questions_page

    rng = random.Random(7)
    calls = {
        "dashboard": lambda: questions_page(engine),
        "question": lambda: question_page(engine, question_id=targets["question_id"]),
        "claims_api": lambda: claims_page(
            engine, limit=50, offset=rng.randrange(max(1, targets["claims_total"] - 50))
        ),
    }
    out = {}
    for name, call in calls.items():
        call()  # the database's own caches warm
        times = []
        for _ in range(runs):
            cache.clear()  # the floor is the queries themselves, not the web layer's cache
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        out[name] = _summary(times)
    return out


def _summary(times_ms: list[float]) -> dict[str, float]:
    ordered = sorted(times_ms)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
    }


def _served(
    db: str, targets: dict[str, Any], *, requests: int, concurrency: int, workers: int
) -> dict[str, dict[str, float]]:
    port = _free_port()
    token = "bench-" + os.urandom(8).hex()
    env = {**os.environ, "CORROBORATE_TOKEN": token, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", "from corroborate.cli.app import main; main()", "serve",
         "--db", db, "--port", str(port), "--workers", str(workers), "--no-warm"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base, process)
        # the load comes from a second process, so the client's work does not share the
        # server's interpreter
        arguments = json.dumps([base, targets, requests, concurrency])
        done = subprocess.run(
            [sys.executable, "-c", "from corroborate.bench.web import _load_main; _load_main()"],
            input=arguments,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the load generator failed: {done.stderr[-2000:]}")
        return json.loads(done.stdout)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(base: str, process: subprocess.Popen) -> None:
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"corroborate serve exited: {error}")
        try:
            if httpx.get(base + "/api", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"corroborate serve did not answer on {base}")


def _load_main() -> None:
    base, targets, requests, concurrency = json.loads(sys.stdin.read())
    sys.stdout.write(json.dumps(load(base, targets, requests, concurrency)))


def load(
    base: str, targets: dict[str, Any], requests: int, concurrency: int
) -> dict[str, dict[str, float]]:
    """The load generator (run in its own process): ``concurrency`` threads share
    ``requests`` requests per page; one untimed request per page first."""
    import httpx

    rng = random.Random(11)
    total = targets["claims_total"]
    out: dict[str, dict[str, float]] = {}
    local = __import__("threading").local()

    def client() -> httpx.Client:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=base, timeout=120)
        return local.client

    for name in ("dashboard", "question", "claims_api"):
        paths = [
            targets[name].format(offset=rng.randrange(max(1, total - 50))) for _ in range(requests)
        ]
        started = time.perf_counter()
        client().get(paths[0]).raise_for_status()  # the first request, not in the figures
        first = (time.perf_counter() - started) * 1000
        for _ in range(4):  # on new connections, so that every worker process has it too
            httpx.get(base + paths[0], timeout=120).raise_for_status()

        def one(path: str) -> float:
            started = time.perf_counter()
            client().get(path).raise_for_status()
            return (time.perf_counter() - started) * 1000

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            times = list(pool.map(one, paths))
        elapsed = time.perf_counter() - started
        out[name] = {
            **_summary(times),
            "rps": round(len(times) / elapsed, 1),
            "first_ms": round(first, 1),
        }
    return out
