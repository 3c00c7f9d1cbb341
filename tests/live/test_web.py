"""Fetching pages from the local site: limits, refusals, charsets, robots, politeness."""

from __future__ import annotations

import gzip
from datetime import date

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from corroborate.ingest.files import IngestError
from corroborate.ingest.web import (
    USER_AGENT,
    Fetcher,
    FetchError,
    Limits,
    decode,
    fetch_page,
    refuse_private,
)
from corroborate.service.watch import fetch_urls
from corroborate.store import open_database
from corroborate.store.models import DocumentRow


def test_page_becomes_a_document_with_the_pages_own_metadata(site, limits, kit) -> None:
    # The URL says 2023-01-05, the page says 2024-10-18: the page wins.
    site.route("/2023/01/05/report-7", kit.article_html(7, published="2024-10-18"))
    with Fetcher(limits) as fetcher:
        doc = fetch_page(fetcher, site.url("/2023/01/05/report-7"))
    assert doc.title == "Report 7: troops deployed"
    assert doc.outlet == "Test Wire"
    assert doc.published == date(2024, 10, 18)
    assert "1507 North Korean troops" in doc.text
    assert "Copyright" not in doc.text and "Home" not in doc.text
    assert doc.url and doc.url.startswith(site.base)


def test_the_url_date_fills_in_only_when_the_page_has_none(site, limits) -> None:
    body = (
        "<html><head><title>Undated</title></head><body><article>"
        + "<p>The ministry said 2,600 soldiers arrived in the region this week.</p>" * 5
        + "</article></body></html>"
    ).encode()
    site.route("/news/2024/11/02/undated", body)
    with Fetcher(limits) as fetcher:
        doc = fetch_page(fetcher, site.url("/news/2024/11/02/undated"))
    assert doc.published == date(2024, 11, 2)
    assert doc.outlet == "127.0.0.1"


def test_user_agent_names_corroborate_and_robots_txt_is_read(site, limits, kit) -> None:
    site.route("/a", kit.article_html(1))
    with Fetcher(limits) as fetcher:
        fetch_page(fetcher, site.url("/a"))
    assert site.paths() == ["/robots.txt", "/a"]
    agent = site.hits[1][1]["User-Agent"]
    assert agent == USER_AGENT and agent.startswith("corroborate/") and "http" not in agent


def test_robots_txt_disallow_is_respected(site, limits, kit) -> None:
    site.route("/private/secret", kit.article_html(1))
    with Fetcher(limits) as fetcher, pytest.raises(FetchError) as caught:
        fetch_page(fetcher, site.url("/private/secret"))
    assert "robots.txt" in caught.value.reason and "disallows" in caught.value.reason
    assert "/private/secret" not in site.paths()


def test_robots_txt_missing_allows_and_5xx_forbids(site, limits, kit) -> None:
    site.route("/robots.txt", b"gone", status=404, content_type="text/plain")
    site.route("/a", kit.article_html(1))
    with Fetcher(limits) as fetcher:
        assert fetch_page(fetcher, site.url("/a")).text
    site.route("/robots.txt", b"down", status=503, content_type="text/plain")
    with Fetcher(limits) as fetcher, pytest.raises(FetchError) as caught:
        fetch_page(fetcher, site.url("/a"))
    assert "robots.txt answers HTTP 503" in caught.value.reason
    assert caught.value.transient


def test_robots_crawl_delay_and_politeness_space_requests_per_host(site, kit) -> None:
    site.route("/robots.txt", b"User-agent: *\nCrawl-delay: 5\n", content_type="text/plain")
    for n in range(3):
        site.route(f"/p{n}", kit.article_html(n))
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limits = Limits(allow_private=True, politeness=1.0)
    with Fetcher(limits, clock=lambda: now[0], sleep=sleep) as fetcher:
        for n in range(3):
            fetcher.get(site.url(f"/p{n}"))
    # robots.txt then three pages, all on one host: each page waits the site's 5 s delay
    assert waits == [pytest.approx(5.0)] * 3


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("404", "HTTP 404"),
        ("500", "HTTP 500"),
        ("slow", "timed out"),
        ("drip", "too slow"),
        ("truncated", "broke off"),
        ("loop", "redirect"),
        ("chain", "more than 3 redirects"),
        ("bomb", "inflates"),
        ("huge-declared", "over the 1,048,576 limit"),
        ("endless", "over the 1,048,576-byte limit"),
        ("binary", "content type image/png"),
        ("binary-as-html", "binary"),
        ("empty", "empty"),
        ("wrong-charset", "not valid utf-8"),
        ("unknown-charset", "unknown character set"),
        ("no-text", "no main text"),
        ("json", "content type application/json"),
        ("corrupt-gzip", "corrupt gzip"),
        ("ftp-redirect", "not an http(s) URL"),
    ],
)
def test_bad_responses_are_reported_with_url_and_reason(site, limits, kit, kind, reason) -> None:
    path = f"/bad/{kind}"
    if kind == "404":
        pass  # the site answers 404 for unknown paths
    elif kind == "500":
        site.route(path, b"oops", status=500)
    elif kind == "slow":
        site.handle(path, kit.slow_body)
    elif kind == "drip":
        site.handle(path, kit.dripping_body)
    elif kind == "truncated":
        site.handle(path, kit.truncated_body)
    elif kind == "loop":
        site.route(path, status=302, headers={"Location": "/bad/loop2"})
        site.route("/bad/loop2", status=301, headers={"Location": path})
    elif kind == "chain":
        for n in range(6):
            site.route(f"{path}{n or ''}", status=307, headers={"Location": f"{path}{n + 1}"})
    elif kind == "bomb":
        site.route(path, kit.gzip_bomb(), headers={"Content-Encoding": "gzip"})
    elif kind == "huge-declared":
        site.route(path, b"x" * (2 * 1024 * 1024))
    elif kind == "endless":
        site.handle(path, kit.endless_body)
    elif kind == "binary":
        site.route(path, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, content_type="image/png")
    elif kind == "binary-as-html":
        site.route(path, bytes(range(256)) * 8, content_type="text/html")
    elif kind == "empty":
        site.route(path, b"")
    elif kind == "wrong-charset":
        site.route(path, "<p>Straße ½ ça</p>".encode("latin-1") * 30)
    elif kind == "unknown-charset":
        site.route(path, b"<p>caf\xe9</p>", content_type="text/html; charset=klingon-8")
    elif kind == "no-text":
        site.route(path, b"<html><head><script>var a=1;</script></head><body></body></html>")
    elif kind == "json":
        site.route(path, b'{"text": "12 troops"}', content_type="application/json")
    elif kind == "corrupt-gzip":
        body = gzip.compress(kit.article_html(1))[:40] + b"garbage!" * 50
        site.route(path, body, headers={"Content-Encoding": "gzip"})
    elif kind == "ftp-redirect":
        site.route(path, status=302, headers={"Location": "ftp://127.0.0.1/file"})
    url = site.url(path)
    with Fetcher(limits) as fetcher, pytest.raises(IngestError) as caught:
        fetch_page(fetcher, url)
    assert caught.value.origin == url
    assert reason.lower() in caught.value.reason.lower(), caught.value.reason
    assert str(caught.value).startswith(url + ": ")


def test_gzip_and_deflate_bodies_are_read(site, limits, kit) -> None:
    import zlib

    site.route("/gz", gzip.compress(kit.article_html(3)), headers={"Content-Encoding": "gzip"})
    raw = zlib.compressobj(wbits=-15)
    deflated = raw.compress(kit.article_html(4)) + raw.flush()
    site.route("/raw-deflate", deflated, headers={"Content-Encoding": "deflate"})
    with Fetcher(limits) as fetcher:
        assert "1503" in fetch_page(fetcher, site.url("/gz")).text
        assert "1504" in fetch_page(fetcher, site.url("/raw-deflate")).text


def test_character_sets_from_header_meta_and_bom(site, limits) -> None:
    text = (
        "<html><body><article>"
        + "<p>Der Sprecher sagte, 1.500 Soldaten seien in Kursk – außer Frage.</p>" * 4
        + "</article></body></html>"
    )
    site.route(
        "/latin1",
        text.replace("–", "-").encode("latin-1"),
        content_type="text/html; charset=ISO-8859-1",
    )
    meta = text.replace("<html>", "<html><head><meta charset='windows-1252'></head>")
    site.route("/meta", meta.encode("cp1252"), content_type="text/html")
    site.route("/bom", b"\xef\xbb\xbf" + text.encode(), content_type="text/html")
    site.route("/utf16", text.encode("utf-16"), content_type="text/html")
    with Fetcher(limits) as fetcher:
        for path in ("/latin1", "/meta", "/bom", "/utf16"):
            assert "außer Frage" in fetch_page(fetcher, site.url(path)).text, path


def test_utf8_mislabelled_as_latin1_still_decodes_strictly() -> None:
    # Declared ISO-8859-1 always decodes; a UTF-8 page declared as something invalid for its
    # bytes falls back to UTF-8 before giving up.
    body = "<p>Soldaten – 1.500</p>".encode()
    assert decode(body, "ascii", "u") == "<p>Soldaten – 1.500</p>"


def test_conditional_request_304(site, limits) -> None:
    def handler(request) -> None:  # type: ignore[no-untyped-def]
        if request.headers.get("If-None-Match") == '"v1"':
            request.send_response(304)
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        body = b"<rss version='2.0'><channel><title>t</title></channel></rss>"
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("ETag", '"v1"')
        request.send_header("Last-Modified", "Fri, 18 Oct 2024 09:00:00 GMT")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    site.handle("/feed", handler)
    from corroborate.ingest.web import FEED_TYPES

    with Fetcher(limits) as fetcher:
        first = fetcher.get(site.url("/feed"), accept=FEED_TYPES)
        assert first.etag == '"v1"' and first.last_modified and not first.not_modified
        second = fetcher.get(
            site.url("/feed"),
            accept=FEED_TYPES,
            etag=first.etag,
            last_modified=first.last_modified,
        )
    assert second.not_modified
    assert site.hits[-1][1]["If-Modified-Since"] == "Fri, 18 Oct 2024 09:00:00 GMT"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "http://localhost:9/x",
        "http://[::1]:9/x",
        "http://10.1.2.3/x",
        "http://192.168.0.10/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0:9/x",
        "http://[::ffff:127.0.0.1]:9/x",
    ],
)
def test_private_and_loopback_addresses_are_refused_by_default(url) -> None:
    with Fetcher(Limits(politeness=0)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert "refused" in caught.value.reason and caught.value.origin == url


def test_loopback_refused_without_allowance_even_for_the_live_site(site, kit) -> None:
    site.route("/a", kit.article_html(1))
    with Fetcher(Limits(politeness=0)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/a"))
    assert "loopback" in caught.value.reason
    assert site.hits == []  # nothing was sent
    with Fetcher(Limits(politeness=0, allow_private=True)) as fetcher:
        assert fetcher.get(site.url("/a")).status == 200


def test_redirect_into_a_private_address_is_refused() -> None:
    """Each hop is checked: a public page redirecting to the metadata service is refused."""

    def handler(request: httpx.Request) -> httpx.Response:
        # the connection goes to the vetted address; the Host header names the site
        assert (request.url.host, request.headers["host"]) == ("93.184.216.34", "public.example")
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/"})

    def resolver(host: str, port: int) -> list[str]:  # no DNS for public.example
        return ["93.184.216.34"]

    limits = Limits(politeness=0, robots=False)
    fetcher = Fetcher(limits, transport=httpx.MockTransport(handler), resolver=resolver)
    with fetcher, pytest.raises(FetchError) as caught:
        fetcher.get("http://public.example/a")
    assert "169.254.169.254" in caught.value.reason and "refused" in caught.value.reason


def test_refuse_private_names_the_address() -> None:
    with pytest.raises(FetchError) as caught:
        refuse_private("127.0.0.1", 80, "http://127.0.0.1/")
    assert "127.0.0.1" in caught.value.reason


def test_fetch_stores_good_pages_skips_bad_ones_and_loses_nothing(site, limits, kit, db_url):
    for n in range(3):
        site.route(f"/ok{n}", kit.article_html(n))
    site.route("/broken", b"", status=500)
    engine = open_database(db_url)
    first = fetch_urls(engine, [site.url("/ok0"), site.url("/broken")], limits=limits)
    assert first.added == 1 and [e.origin for e in first.rejected] == [site.url("/broken")]
    second = fetch_urls(
        engine,
        [site.url("/ok0"), site.url("/ok1"), site.url("/bad/slow"), site.url("/ok2")],
        limits=limits,
    )
    assert second.added == 2 and second.present == 1
    assert "HTTP 404" in second.rejected[0].reason
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(DocumentRow)) == 3
        published = set(session.scalars(select(DocumentRow.published)))
    assert published == {date(2024, 10, 18)}
    assert second.claims > 0
