"""Live sources: article pages fetched on demand, and feeds followed over time.

``fetch_urls`` downloads pages and stores their articles. ``add_feed``/``list_feeds``/
``remove_feed`` manage the feeds a user follows; ``poll`` checks every feed that is due
once, and ``watch`` polls again every so often.

How a poll survives being killed at any instant:

1. the feed is fetched (conditionally: ETag / Last-Modified) and parsed;
2. in ONE transaction every entry is recorded in ``feed_items`` (INSERT ... ON CONFLICT DO
   NOTHING on (feed, guid)) together with the feed's new ETag and Last-Modified, so a
   "304 Not Modified" can never hide an item that was not recorded;
3. each recorded item whose ``document_id`` is still empty is read (from the feed when
   it carries the full text, else from its article page) and its document, claims and
   ``feed_items.document_id`` are written in ONE transaction.

A restarted poll finds the unfinished items by their empty ``document_id``; a feed with
unfinished items is fetched without conditional headers, so their text is at hand again.
An item is therefore stored exactly once, whenever the process dies.

Errors never stop the loop: a feed that fails is recorded with the reason and retried
after an exponential back-off; an item whose page fails for a passing reason (a timeout,
a 5xx) is retried at the next poll, up to ``ITEM_TRIES`` tries; one that fails for good,
or too often, keeps its reason.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, delete, func, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from corroborate.ingest.feeds import Feed, FeedEntry, parse_feed
from corroborate.ingest.files import IngestError, sanitize
from corroborate.ingest.web import (
    FEED_TYPES,
    Fetcher,
    Limits,
    Response,
    fetch_page,
    outlet_from_url,
)
from corroborate.records import Document
from corroborate.service.edits import aliases
from corroborate.service.incremental import PassReport, full_pass_if_due, update_new
from corroborate.service.ingest import IngestReport
from corroborate.service.write import extract_for_store, write_one
from corroborate.store.models import DocumentRow, FeedItemRow, FeedRow
from corroborate.store.repository import insert_ignoring

FULL_TEXT_CHARS = 800  # a feed entry shorter than this is a summary: fetch the page
BACKOFF_BASE = timedelta(minutes=1)  # after n failures, wait BASE * 2**(n-1)
BACKOFF_MAX = timedelta(hours=6)
RETRY = "retry: "  # prefix of an item error worth another try at the next poll
ITEM_TRIES = 5  # a page failing for a passing reason this many times is given up
DEFAULT_EVERY = 15 * 60.0


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # stored naive, in UTC


# -- feeds the user follows ------------------------------------------------------------


def add_feed(engine: Engine, url: str) -> dict[str, Any]:
    """Follow a feed (idempotent). Raise ``IngestError`` for a URL that is no http(s)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise IngestError(url, "a feed URL must start with http:// or https:// and name a host")
    with Session(engine) as session:
        session.execute(insert_ignoring(session, FeedRow).values(url=url, failures=0))
        session.commit()
    return next(f for f in list_feeds(engine) if f["url"] == url)


def remove_feed(engine: Engine, feed: str) -> bool:
    """Stop following a feed (by URL or id); its stored documents stay."""
    with Session(engine) as session:
        condition = FeedRow.url == feed
        if feed.isdigit():
            condition = or_(condition, FeedRow.id == int(feed))
        ids = session.scalars(select(FeedRow.id).where(condition)).all()
        if not ids:
            return False
        session.execute(delete(FeedItemRow).where(FeedItemRow.feed_id.in_(ids)))
        session.execute(delete(FeedRow).where(FeedRow.id.in_(ids)))
        session.commit()
    return True


def list_feeds(engine: Engine) -> list[dict[str, Any]]:
    """Each feed with its state: last check, last success, last error, items stored."""
    items = (
        select(
            FeedItemRow.feed_id,
            func.count().label("n_items"),
            func.count(FeedItemRow.document_id).label("n_stored"),
        )
        .group_by(FeedItemRow.feed_id)
        .subquery()
    )
    query = (
        select(FeedRow, items.c.n_items, items.c.n_stored)
        .outerjoin(items, items.c.feed_id == FeedRow.id)
        .order_by(FeedRow.id)
    )
    with Session(engine) as session:
        return [
            {
                "id": row.id,
                "url": row.url,
                "title": row.title,
                "items": n_items or 0,
                "stored": n_stored or 0,
                "last_checked": row.last_checked,
                "last_success": row.last_success,
                "last_error": row.last_error,
                "failures": row.failures or 0,
                "next_try": _next_try(row),
            }
            for row, n_items, n_stored in session.execute(query)
        ]


def backoff(failures: int) -> timedelta:
    if failures <= 0:
        return timedelta(0)
    wait: timedelta = BACKOFF_BASE * 2 ** min(failures - 1, 20)
    return min(wait, BACKOFF_MAX)


def _next_try(row: FeedRow) -> datetime | None:
    if not row.failures or row.last_checked is None:
        return None
    return row.last_checked + backoff(row.failures)


# -- one poll ---------------------------------------------------------------------------


@dataclass
class PollReport:
    feeds: int = 0  # feeds checked
    unchanged: int = 0  # answered 304 Not Modified
    backing_off: int = 0  # skipped: still waiting after earlier failures
    failed: int = 0
    new_items: int = 0
    ingest: IngestReport = field(default_factory=IngestReport)
    full_pass: PassReport | None = None  # the scheduled full pass, when it ran after the poll

    @property
    def rejected(self) -> list[IngestError]:
        return self.ingest.rejected

    def summary(self) -> str:
        full = (
            f"; full pass: {self.full_pass.questions} questions in {self.full_pass.seconds:.1f} s"
            if self.full_pass
            else ""
        )
        return (
            f"{self.feeds} feeds checked ({self.unchanged} unchanged, {self.failed} failed, "
            f"{self.backing_off} backing off); {self.new_items} new items; "
            + self.ingest.summary()
            + full
        )


def poll(
    engine: Engine,
    *,
    limits: Limits | None = None,
    fetcher: Fetcher | None = None,
    now: datetime | None = None,
    relink: bool = True,
) -> PollReport:
    """Check every feed that is due once and store its new items."""
    report = PollReport()
    owned = fetcher is None
    fetcher = fetcher or Fetcher(limits)
    try:
        with Session(engine) as session:
            feeds = session.scalars(select(FeedRow).order_by(FeedRow.id)).all()
            alias_map = aliases(session)
            session.expunge_all()
        moment = now or _now()
        for feed in feeds:
            due = _next_try(feed)
            if due is not None and moment < due:
                report.backing_off += 1
                continue
            try:
                _poll_feed(engine, fetcher, feed, report, alias_map)
            except OperationalError:
                raise  # the database itself: nothing more can be stored this poll
            except Exception as exc:  # a bug on one feed's content must not stop the others
                error = IngestError(feed.url, f"internal error: {type(exc).__name__}: {exc}")
                report.failed += 1
                report.rejected.append(error)
                _feed_state(engine, feed.id, error=error.reason)
    finally:
        if owned:
            fetcher.close()
    if relink:
        update_new(engine)  # nothing new: one indexed query
    return report


def _poll_feed(
    engine: Engine, fetcher: Fetcher, feed: FeedRow, report: PollReport, alias_map: dict[str, str]
) -> None:
    report.feeds += 1
    pending = _pending(engine, feed.id)
    parsed: Feed | None = None
    try:
        response = fetcher.get(
            feed.url,
            accept=FEED_TYPES,
            etag=None if pending else feed.etag,
            last_modified=None if pending else feed.last_modified,
        )
        if response.not_modified:
            report.unchanged += 1
            _feed_state(engine, feed.id, success=True)
        else:
            parsed = parse_feed(response.body, feed.url, response.charset)
            report.new_items += _record(engine, feed.id, parsed, response)
    except IngestError as error:
        report.failed += 1
        report.rejected.append(error)
        # A rule of ours (robots.txt, a private address) is no fault of the server's: the
        # error is shown, but it does not delay the next try.
        backoff = not getattr(error, "refused", False)
        _feed_state(engine, feed.id, error=error.reason, backoff=backoff)
        return  # unfinished items wait for the feed, which may carry their full text
    entries = {e.guid: e for e in parsed.entries} if parsed else {}
    outlet = (parsed.title if parsed else None) or feed.title
    for item_id, guid, url in _pending(engine, feed.id):
        _store_item(engine, fetcher, item_id, url, entries.get(guid), outlet, report, alias_map)


def _pending(engine: Engine, feed_id: int) -> list[tuple[int, str, str | None]]:
    query = (
        select(FeedItemRow.id, FeedItemRow.guid, FeedItemRow.url)
        .where(
            FeedItemRow.feed_id == feed_id,
            FeedItemRow.document_id.is_(None),
            or_(FeedItemRow.error.is_(None), FeedItemRow.error.startswith(RETRY)),
        )
        .order_by(FeedItemRow.id)
    )
    with engine.connect() as connection:
        return [(item_id, guid, url) for item_id, guid, url in connection.execute(query)]


def _record(engine: Engine, feed_id: int, parsed: Feed, response: Response) -> int:
    """Record every entry and the feed's validators in one transaction."""
    with Session(engine) as session:
        before = session.scalar(
            select(func.count()).select_from(FeedItemRow).where(FeedItemRow.feed_id == feed_id)
        )
        # Oldest first, so item ids follow publication order in the usual newest-first feed.
        rows = [
            {"feed_id": feed_id, "guid": e.guid, "url": e.url} for e in reversed(parsed.entries)
        ]
        for start in range(0, len(rows), 200):
            session.execute(insert_ignoring(session, FeedItemRow).values(rows[start : start + 200]))
        after = session.scalar(
            select(func.count()).select_from(FeedItemRow).where(FeedItemRow.feed_id == feed_id)
        )
        moment = _now()
        session.execute(
            update(FeedRow)
            .where(FeedRow.id == feed_id)
            .values(
                title=(parsed.title or None),
                etag=response.etag,
                last_modified=response.last_modified,
                last_checked=moment,
                last_success=moment,
                last_error=None,
                failures=0,
            )
        )
        session.commit()
    return (after or 0) - (before or 0)


def _feed_state(
    engine: Engine, feed_id: int, *, success: bool = False, error: str = "", backoff: bool = True
) -> None:
    moment = _now()
    values: dict[str, Any] = {"last_checked": moment}
    if success:
        values.update(last_success=moment, last_error=None, failures=0)
    else:
        values.update(last_error=error[:2000])
        if backoff:
            values.update(failures=FeedRow.failures + 1)
    with Session(engine) as session:
        session.execute(update(FeedRow).where(FeedRow.id == feed_id).values(**values))
        session.commit()


def _store_item(
    engine: Engine,
    fetcher: Fetcher,
    item_id: int,
    url: str | None,
    entry: FeedEntry | None,
    outlet: str | None,
    report: PollReport,
    alias_map: dict[str, str],
) -> None:
    try:
        doc = _item_document(fetcher, url, entry, outlet)
    except IngestError as error:
        report.rejected.append(error)
        _item_failed(engine, item_id, error.reason, getattr(error, "transient", False))
        return
    except Exception as exc:  # a reader's bug on one item must not stop the poll
        failure = IngestError(url or "feed item", f"internal error: {type(exc).__name__}: {exc}")
        report.rejected.append(failure)
        _item_failed(engine, item_id, failure.reason, False)
        return
    store(engine, doc, report.ingest, alias_map, item_id=item_id)


def _item_failed(engine: Engine, item_id: int, reason: str, transient: bool) -> None:
    """A passing failure is tried again at the next poll, up to ``ITEM_TRIES`` tries in
    all; then, like a permanent failure, it keeps its reason and is not tried again."""
    with Session(engine) as session:
        tries = 1 + (
            session.scalar(select(FeedItemRow.attempts).where(FeedItemRow.id == item_id)) or 0
        )
        if transient:
            reason = (
                RETRY + reason if tries < ITEM_TRIES else f"gave up after {tries} tries: {reason}"
            )
        session.execute(
            update(FeedItemRow)
            .where(FeedItemRow.id == item_id)
            .values(error=reason[:2000], attempts=tries)
        )
        session.commit()


def _item_document(
    fetcher: Fetcher, url: str | None, entry: FeedEntry | None, outlet: str | None
) -> Document:
    if entry is not None and len(entry.content) >= FULL_TEXT_CHARS:
        return _entry_document(entry, outlet, entry.content)
    if url:
        try:
            return fetch_page(fetcher, url, published=entry.published if entry else None)
        except IngestError as error:
            transient = getattr(error, "transient", False)
            if transient or entry is None or not entry.text.strip():
                raise
            # The page is gone for good: the feed's own text is all there is.
            return _entry_document(entry, outlet, entry.text)
    if entry is not None and entry.text.strip():
        return _entry_document(entry, outlet, entry.text)
    raise IngestError(url or "feed item", "item has no text and no link to its article")


def _entry_document(entry: FeedEntry, outlet: str | None, text: str) -> Document:
    return sanitize(
        Document(
            text=text,
            url=entry.url,
            outlet=outlet or (outlet_from_url(entry.url) if entry.url else None),
            published=entry.published,
            title=entry.title,
            origin=entry.url or entry.guid,
        )
    )


def _item_error(engine: Engine, item_id: int, reason: str) -> None:
    with Session(engine) as session:
        session.execute(
            update(FeedItemRow).where(FeedItemRow.id == item_id).values(error=reason[:2000])
        )
        session.commit()


def store(
    engine: Engine,
    doc: Document,
    report: IngestReport,
    alias_map: dict[str, str] | None = None,
    *,
    item_id: int | None = None,
) -> int | None:
    """Store a document with its claims and, for a feed item, mark the item stored: all
    in one transaction. Returns the document id (None when extraction failed)."""
    with Session(engine) as session:
        found = session.scalar(
            select(DocumentRow.id).where(DocumentRow.content_hash == doc.content_hash)
        )
        added = 0
        new = False
        if found is None:
            item = extract_for_store(doc, alias_map or {})
            if isinstance(item, IngestError):  # an extractor bug must not stop the watch
                report.rejected.append(item)
                if item_id is not None:
                    _item_error(engine, item_id, item.reason)
                return None
            found = write_one(session, item)
            if found is None:  # another process stored it a moment ago
                found = session.scalar(
                    select(DocumentRow.id).where(DocumentRow.content_hash == doc.content_hash)
                )
            else:
                new = True
                added = len(item.claims)
                report.added += 1
        if not new:
            report.present += 1
        if item_id is not None:
            session.execute(
                update(FeedItemRow)
                .where(FeedItemRow.id == item_id)
                .values(document_id=found, error=None)
            )
        session.commit()
    report.claims += added
    report.read += 1
    return found


# -- pages ------------------------------------------------------------------------------


def fetch_urls(
    engine: Engine,
    urls: Iterable[str],
    *,
    limits: Limits | None = None,
    fetcher: Fetcher | None = None,
    relink: bool = True,
) -> IngestReport:
    """Download article pages and store their main text and metadata; a page that cannot
    be fetched or read is reported (URL and reason) and skipped."""
    report = IngestReport()
    started = time.perf_counter()
    with Session(engine) as session:
        alias_map = aliases(session)
    owned = fetcher is None
    fetcher = fetcher or Fetcher(limits)
    try:
        for url in urls:
            try:
                doc = fetch_page(fetcher, url)
            except IngestError as error:
                report.rejected.append(error)
                continue
            except Exception as exc:  # a reader's bug on one page must not lose the others
                report.rejected.append(
                    IngestError(url, f"internal error: {type(exc).__name__}: {exc}")
                )
                continue
            store(engine, doc, report, alias_map)
    finally:
        if owned:
            fetcher.close()
    report.seconds = time.perf_counter() - started
    if relink:
        update_new(engine)  # nothing new: one indexed query
    return report


# -- the loop ---------------------------------------------------------------------------

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.I)
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """ "15m", "90s", "1h", "2d" or a number of seconds; at least one second."""
    match = _INTERVAL.match(text or "")
    if not match:
        raise ValueError(f"not an interval: {text!r} (write 90s, 15m, 1h or 1d)")
    seconds = float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    if seconds < 1:
        raise ValueError(f"interval {text!r} is under one second")
    return seconds


def watch(
    engine: Engine,
    *,
    every: float = DEFAULT_EVERY,
    once: bool = False,
    limits: Limits | None = None,
    on_poll: Callable[[PollReport], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    polls: int | None = None,
    full_every: float | None = None,
) -> int:
    """Poll every feed now and then every ``every`` seconds (once with ``once``), until
    interrupted or ``polls`` polls are done. Returns the number of polls. When the
    database is unreachable, ``on_error`` hears of it and the loop tries again at the next
    interval (without ``on_error``, or with ``once``, the error is raised).
    ``full_every``: after a poll, run the full pass (relink everything, relearn source
    reliability) when reliability was last learned this many seconds ago or more."""
    done = 0
    with Fetcher(limits) as fetcher:
        while True:
            try:
                report = poll(engine, fetcher=fetcher)
                if full_every is not None:
                    report.full_pass = full_pass_if_due(
                        engine, timedelta(seconds=full_every), _now()
                    )
            except OperationalError as exc:
                # The database is away (a restart, a full disk): a watch waits for it.
                if once or on_error is None:
                    raise
                on_error(exc)
            else:
                if on_poll:
                    on_poll(report)
            done += 1
            if once or (polls is not None and done >= polls):
                return done
            sleep(every)
