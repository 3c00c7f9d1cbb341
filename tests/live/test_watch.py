"""Feeds followed and polled against the local site, through the library and the CLI."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from corroborate.cli.app import EXIT_REJECTED, app
from corroborate.ingest.files import IngestError
from corroborate.service.watch import (
    BACKOFF_BASE,
    ITEM_TRIES,
    add_feed,
    backoff,
    list_feeds,
    parse_interval,
    poll,
    remove_feed,
    watch,
)
from corroborate.store import open_database
from corroborate.store.models import DocumentRow, FeedItemRow


def _items(site, numbers, *, full: bool = False, article=None):  # type: ignore[no-untyped-def]
    items = []
    for n in numbers:
        item = {"title": f"Report {n}", "link": site.url(f"/news/{n}"), "guid": f"item-{n}"}
        if full:
            item["content"] = (
                f"<p>Full text of report {n}. The agency said {2000 + n} troops crossed.</p>" * 20
            )
        items.append(item)
        if article:
            site.route(f"/news/{n}", article(n))
    return items


def _count(engine, model) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_add_list_remove(db_url) -> None:
    engine = open_database(db_url)
    first = add_feed(engine, "https://wire.example/feed.xml")
    assert add_feed(engine, "https://wire.example/feed.xml")["id"] == first["id"]
    add_feed(engine, "https://agency.example/atom")
    assert [f["url"] for f in list_feeds(engine)] == [
        "https://wire.example/feed.xml",
        "https://agency.example/atom",
    ]
    with pytest.raises(IngestError):
        add_feed(engine, "file:///etc/passwd")
    assert remove_feed(engine, str(first["id"]))
    assert not remove_feed(engine, "https://wire.example/feed.xml")
    assert [f["url"] for f in list_feeds(engine)] == ["https://agency.example/atom"]


def test_poll_reads_summary_items_from_their_pages_and_full_items_from_the_feed(
    site, limits, kit, db_url
) -> None:
    engine = open_database(db_url)
    site.route(
        "/summaries.xml",
        kit.rss(_items(site, range(3), article=kit.article_html)),
        content_type="application/rss+xml",
    )
    site.route(
        "/full.xml",
        kit.rss(_items(site, range(10, 12), full=True), title="Agency"),
        content_type="application/rss+xml",
    )
    add_feed(engine, site.url("/summaries.xml"))
    add_feed(engine, site.url("/full.xml"))
    report = poll(engine, limits=limits)
    assert report.rejected == []
    assert report.new_items == 5 and report.ingest.added == 5
    assert sorted(p for p in site.paths() if p.startswith("/news")) == [
        f"/news/{n}" for n in range(3)
    ]
    with Session(engine) as session:
        docs = {d.url: d for d in session.scalars(select(DocumentRow))}
    assert docs[site.url("/news/0")].outlet == "Test Wire"  # from the page
    assert docs[site.url("/news/10")].outlet == "Agency"  # from the feed
    assert "2010 troops" in docs[site.url("/news/10")].text
    feeds = list_feeds(engine)
    assert [(f["items"], f["stored"], f["last_error"]) for f in feeds] == [
        (3, 3, None),
        (2, 2, None),
    ]
    assert all(f["last_success"] for f in feeds)


def test_second_poll_is_conditional_and_adds_only_new_items(site, limits, kit, db_url) -> None:
    engine = open_database(db_url)
    feed = kit.rss(_items(site, range(2), article=kit.article_html))

    def serve(request, body=None) -> None:  # type: ignore[no-untyped-def]
        body = body or state["body"]
        tag = f'"{hash(body)}"'
        if request.headers.get("If-None-Match") == tag:
            request.send_response(304)
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("ETag", tag)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    state = {"body": feed}
    site.handle("/feed.xml", serve)
    add_feed(engine, site.url("/feed.xml"))
    assert poll(engine, limits=limits).ingest.added == 2
    again = poll(engine, limits=limits)
    assert again.unchanged == 1 and again.new_items == 0 and again.ingest.read == 0
    state["body"] = kit.rss(_items(site, range(4), article=kit.article_html))
    third = poll(engine, limits=limits)
    assert third.new_items == 2 and third.ingest.added == 2
    assert _count(engine, DocumentRow) == 4 and _count(engine, FeedItemRow) == 4


def test_a_failing_feed_does_not_stop_the_others_and_backs_off(site, limits, kit, db_url):
    engine = open_database(db_url)
    site.route("/good.xml", kit.rss(_items(site, [1], full=True)), content_type="text/xml")
    site.route("/down.xml", b"down", status=503, content_type="text/plain")
    site.route("/junk.xml", b"\x00\x01binary", content_type="application/xml")
    for path in ("/down.xml", "/good.xml", "/junk.xml"):
        add_feed(engine, site.url(path))
    report = poll(engine, limits=limits)
    assert report.failed == 2 and report.ingest.added == 1
    reasons = {e.origin: e.reason for e in report.rejected}
    assert "HTTP 503" in reasons[site.url("/down.xml")]
    assert "binary" in reasons[site.url("/junk.xml")]
    state = {f["url"]: f for f in list_feeds(engine)}
    down = state[site.url("/down.xml")]
    assert down["failures"] == 1 and "503" in down["last_error"] and down["last_success"] is None
    assert state[site.url("/good.xml")]["last_error"] is None
    # Within the back-off the failing feeds are not asked again; after it they are.
    hits = len(site.paths())
    soon = poll(engine, limits=limits)
    assert soon.backing_off == 2 and soon.feeds == 1
    assert site.url("/down.xml") not in [site.url(p) for p in site.paths()[hits:]]
    later = poll(engine, limits=limits, now=down["last_checked"] + BACKOFF_BASE * 2)
    assert later.feeds == 3 and later.failed == 2
    assert list_feeds(engine)[0]["failures"] == 2
    # It recovers: the error is cleared, the success recorded.
    site.route("/down.xml", kit.rss(_items(site, [2], full=True)), content_type="text/xml")
    poll(engine, limits=limits, now=down["last_checked"] + timedelta(days=1))
    recovered = list_feeds(engine)[0]
    assert recovered["failures"] == 0 and recovered["last_error"] is None
    assert recovered["stored"] == 1


def test_backoff_grows_and_is_capped() -> None:
    assert backoff(0) == timedelta(0)
    assert backoff(1) == BACKOFF_BASE and backoff(3) == BACKOFF_BASE * 4
    assert backoff(50) == timedelta(hours=6)


def test_item_pages_failing_now_are_retried_later_and_gone_pages_keep_their_reason(
    site, limits, kit, db_url
) -> None:
    engine = open_database(db_url)
    items = _items(site, range(3))
    site.route("/news/0", kit.article_html(0))
    site.route("/news/1", b"busy", status=503)
    # /news/2 is never served: 404, a permanent failure; the feed's summary is stored
    site.route("/feed.xml", kit.rss(items), content_type="application/rss+xml")
    add_feed(engine, site.url("/feed.xml"))
    first = poll(engine, limits=limits)
    assert first.ingest.added == 2  # page 0, and the summary of item 2
    assert [e.origin for e in first.rejected] == [site.url("/news/1")]
    with Session(engine) as session:
        errors = dict(session.execute(select(FeedItemRow.guid, FeedItemRow.error)).all())
    assert errors["item-1"].startswith("retry: HTTP 503")
    site.route("/news/1", kit.article_html(1))
    second = poll(engine, limits=limits)
    assert second.ingest.added == 1 and second.rejected == []
    assert list_feeds(engine)[0]["stored"] == 3
    assert _count(engine, DocumentRow) == 3


def test_a_page_that_keeps_failing_is_given_up_after_a_few_tries(site, limits, kit, db_url) -> None:
    engine = open_database(db_url)
    site.route("/news/1", b"busy", status=503)
    site.route("/feed.xml", kit.rss(_items(site, [1])), content_type="application/rss+xml")
    add_feed(engine, site.url("/feed.xml"))
    for _ in range(ITEM_TRIES + 2):
        poll(engine, limits=limits)
    assert site.paths().count("/news/1") == ITEM_TRIES
    with Session(engine) as session:
        error, attempts = session.execute(select(FeedItemRow.error, FeedItemRow.attempts)).one()
    assert error.startswith(f"gave up after {ITEM_TRIES} tries: HTTP 503")
    assert attempts == ITEM_TRIES


def test_the_same_article_in_two_feeds_is_stored_once(site, limits, kit, db_url) -> None:
    engine = open_database(db_url)
    body = kit.rss(_items(site, [5], article=kit.article_html))
    site.route("/a.xml", body, content_type="application/rss+xml")
    site.route("/b.xml", body, content_type="application/rss+xml")
    add_feed(engine, site.url("/a.xml"))
    add_feed(engine, site.url("/b.xml"))
    report = poll(engine, limits=limits)
    assert report.ingest.added == 1 and report.ingest.present == 1
    assert [f["stored"] for f in list_feeds(engine)] == [1, 1]
    assert _count(engine, DocumentRow) == 1


def test_watch_loop_polls_every_interval(site, limits, kit, db_url) -> None:
    engine = open_database(db_url)
    site.route("/feed.xml", kit.rss(_items(site, [1], full=True)), content_type="text/xml")
    add_feed(engine, site.url("/feed.xml"))
    slept: list[float] = []
    reports = []
    done = watch(
        engine, every=900, limits=limits, on_poll=reports.append, sleep=slept.append, polls=3
    )
    assert done == 3 and slept == [900, 900]
    assert [r.ingest.added for r in reports] == [1, 0, 0]


def test_parse_interval() -> None:
    assert parse_interval("15m") == 900
    assert parse_interval("90s") == parse_interval("90") == 90
    assert parse_interval("1h") == 3600 and parse_interval("2d") == 172_800
    for bad in ("", "soon", "0s", "-5m", "5 weeks"):
        with pytest.raises(ValueError):
            parse_interval(bad)


# -- the commands ------------------------------------------------------------------------


def test_cli_feeds_watch_once_and_list_shows_success_and_error(site, kit, db_url) -> None:
    runner = CliRunner()
    site.route(
        "/feed.xml",
        kit.rss(_items(site, range(2), article=kit.article_html)),
        content_type="application/rss+xml",
    )
    site.route("/broken.xml", b"<html>not a feed</html>", content_type="text/html")
    added = runner.invoke(
        app,
        ["feeds", "add", site.url("/feed.xml"), site.url("/broken.xml"), "--db", db_url],
    )
    assert added.exit_code == 0, added.output
    refused = runner.invoke(app, ["watch", "--once", "--db", db_url])
    assert "refused" in refused.output and "loopback" in refused.output
    result = runner.invoke(
        app, ["watch", "--once", "--allow-private", "--delay", "0", "--db", db_url]
    )
    assert result.exit_code == 0, result.output
    assert site.url("/broken.xml") in result.output and "not an RSS or Atom" in result.output
    listed = runner.invoke(app, ["feeds", "list", "--format", "json", "--db", db_url])
    feeds = {f["url"]: f for f in json.loads(listed.stdout)}
    good, bad = feeds[site.url("/feed.xml")], feeds[site.url("/broken.xml")]
    assert good["last_success"] and good["last_error"] is None and good["stored"] == 2
    assert bad["last_success"] is None and "not an RSS or Atom" in bad["last_error"]
    table = runner.invoke(app, ["feeds", "list", "--db", db_url])
    assert table.exit_code == 0 and "last_" in table.stdout and "not an" in table.stdout
    removed = runner.invoke(app, ["feeds", "remove", site.url("/broken.xml"), "--db", db_url])
    assert removed.exit_code == 0
    missing = runner.invoke(app, ["feeds", "remove", "424242", "--db", db_url])
    assert missing.exit_code == 1


def test_cli_fetch_reports_skipped_pages(site, kit, db_url) -> None:
    runner = CliRunner()
    db = ["--db", db_url]
    site.route("/a", kit.article_html(1))
    result = runner.invoke(
        app,
        ["fetch", site.url("/a"), site.url("/nope"), "--allow-private", "--delay", "0", *db],
    )
    assert result.exit_code == EXIT_REJECTED
    assert f"{site.url('/nope')}: HTTP 404" in " ".join(result.output.split())
    assert "1 document added" in result.output
    bad_every = runner.invoke(app, ["watch", "--every", "soon", "--db", db_url])
    assert bad_every.exit_code == 2 and "not an interval" in bad_every.output


def test_watch_waits_out_a_database_outage(monkeypatch, limits, tmp_path) -> None:
    from sqlalchemy.exc import OperationalError

    import corroborate.service.watch as watching

    engine = open_database(str(tmp_path / "w.db"))
    calls = []

    def flaky_poll(engine, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("SELECT 1", {}, Exception("database is restarting"))
        return watching.PollReport()

    monkeypatch.setattr(watching, "poll", flaky_poll)
    errors, reports = [], []
    done = watch(
        engine,
        every=60,
        limits=limits,
        on_poll=reports.append,
        on_error=errors.append,
        sleep=lambda s: None,
        polls=2,
    )
    assert done == 2 and len(errors) == 1 and len(reports) == 1
    with pytest.raises(OperationalError):
        calls.clear()
        watch(engine, once=True, limits=limits, on_error=errors.append)
