"""``watch --full-every``: the full pass runs after a poll once source reliability is as
old as asked, by the time stored in the database, and not before."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session

from corroborate.service.analysis import reliability_learned
from corroborate.service.ingest import ingest_paths
from corroborate.service.watch import PollReport, watch
from corroborate.store import open_database
from corroborate.store.models import PassRow


def _watch_twice(engine, full_every: float) -> list[PollReport]:  # type: ignore[no-untyped-def]
    reports: list[PollReport] = []
    watch(engine, on_poll=reports.append, sleep=lambda _: None, polls=2, full_every=full_every)
    return reports


def test_full_pass_runs_when_reliability_is_old_enough(db_url: str, examples_dir: Path) -> None:
    engine = open_database(db_url)
    ingest_paths(engine, [str(examples_dir)])  # the first pass on a new database is full
    learned = reliability_learned(engine)
    assert learned is not None

    fresh = _watch_twice(engine, full_every=86_400)
    assert [r.full_pass for r in fresh] == [None, None]
    assert reliability_learned(engine) == learned

    two_days_ago = datetime(2026, 1, 1)
    with Session(engine) as session:
        session.execute(update(PassRow).values(at=two_days_ago))
        session.commit()
    stale = _watch_twice(engine, full_every=86_400)
    ran = stale[0].full_pass
    assert ran is not None and ran.full and ran.questions > 0
    assert stale[1].full_pass is None  # relearned a moment ago
    assert "full pass:" in stale[0].summary()
    after = reliability_learned(engine)
    assert after is not None
    assert datetime.fromisoformat(after["at"]) - two_days_ago > timedelta(days=1)
    engine.dispose()
