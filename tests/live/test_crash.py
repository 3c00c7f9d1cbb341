"""`corroborate watch` killed with SIGKILL part-way, again and again, then resumed: every
feed item ends up stored exactly once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corroborate.service.watch import add_feed
from corroborate.store import open_database
from corroborate.store.models import ClaimRow, DocumentRow, FeedItemRow

ITEMS = 40
CLI = Path(sys.executable).parent / "corroborate"


@pytest.mark.slow
def test_watch_killed_repeatedly_resumes_without_duplicates_or_losses(site, kit, db_url):
    engine = open_database(db_url)
    # Two feeds: one whose items hold only a summary (each page fetched), one whose items
    # carry their full text.
    summary_items, full_items = [], []
    for n in range(ITEMS):
        link = site.url(f"/news/{n}")
        summary_items.append({"title": f"Report {n}", "link": link, "guid": f"s-{n}"})
        site.route(f"/news/{n}", kit.article_html(n))
    for n in range(ITEMS, ITEMS + 15):
        full_items.append(
            {
                "title": f"Statement {n}",
                "link": site.url(f"/statement/{n}"),
                "guid": f"f-{n}",
                "content": f"<p>Statement {n}: the agency counted {n * 10} arrivals.</p>" * 20,
            }
        )
    site.route("/summaries.xml", kit.rss(summary_items), content_type="application/rss+xml")
    site.route("/full.xml", kit.rss(full_items, title="Agency"), content_type="application/rss+xml")
    add_feed(engine, site.url("/full.xml"))
    add_feed(engine, site.url("/summaries.xml"))

    state = {"process": None, "hits": 0, "kill_at": -1}
    lock = threading.Lock()

    def kill_soon(process: subprocess.Popen, delay: float) -> None:
        timer = threading.Timer(delay, lambda: _kill(process))
        timer.daemon = True
        timer.start()

    def counting(handler):  # type: ignore[no-untyped-def]
        def wrapped(request) -> None:  # type: ignore[no-untyped-def]
            with lock:
                state["hits"] += 1
                hit = state["hits"]
                process = state["process"]
            if process is not None and hit == state["kill_at"]:
                # Sometimes at once (mid-request), sometimes a moment later (anywhere:
                # extracting, writing a document, committing).
                kill_soon(process, random.choice([0.0, 0.0, 0.05, 0.15, 0.3]))
            handler(request)

        return wrapped

    for path, handler in list(site.routes.items()):
        site.routes[path] = counting(handler)

    rng = random.Random(7)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [str(CLI), "watch", "--once", "--allow-private", "--delay", "0", "--db", db_url]
    kills = 0
    for _ in range(8):
        with lock:
            state["hits"] = 0
            state["kill_at"] = rng.randint(1, 12)
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        state["process"] = process
        _, stderr = process.communicate(timeout=240)
        state["process"] = None
        if process.returncode == -signal.SIGKILL:
            kills += 1
        else:
            assert process.returncode == 0, stderr.decode(errors="replace")
    print(f"\nwatch killed {kills} times out of 8 runs, then resumed")
    assert kills >= 4, f"only {kills} runs were killed"

    # The last run, undisturbed, finishes the work.
    with lock:
        state["kill_at"] = -1
    final = subprocess.run(command, env=env, capture_output=True, timeout=240)
    assert final.returncode == 0, final.stderr.decode(errors="replace")

    with Session(engine) as session:
        items = session.execute(
            select(FeedItemRow.guid, FeedItemRow.document_id, FeedItemRow.error)
        ).all()
        documents = session.scalar(select(func.count()).select_from(DocumentRow))
        urls = session.execute(
            select(DocumentRow.url, func.count()).group_by(DocumentRow.url)
        ).all()
        claims = session.scalar(select(func.count()).select_from(ClaimRow))
        duplicate_claims = session.execute(
            select(ClaimRow.document_id, ClaimRow.mention_start, func.count())
            .group_by(ClaimRow.document_id, ClaimRow.mention_start, ClaimRow.mention_end)
            .having(func.count() > 1)
        ).all()
    assert len(items) == ITEMS + 15  # every item recorded once
    assert len({guid for guid, _, _ in items}) == ITEMS + 15
    assert [guid for guid, doc, _ in items if doc is None] == []  # none lost
    assert all(error is None for _, _, error in items)
    assert documents == ITEMS + 15  # none stored twice
    assert all(count == 1 for _, count in urls)
    assert len({doc for _, doc, _ in items}) == ITEMS + 15
    assert claims > 0 and duplicate_claims == []


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
