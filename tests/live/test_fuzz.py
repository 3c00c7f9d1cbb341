"""Generated HTML, feeds, JSON, text and raw bytes fed to fetching and feed parsing.

Whatever comes in, the result is a page, a feed or a document, or an ``IngestError``
whose reason is a non-empty sentence; nothing else escapes. Each test prints how many
inputs it tried.
"""

from __future__ import annotations

import gzip
import json
import zlib
from urllib.parse import urlsplit

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corroborate.ingest.feeds import parse_feed
from corroborate.ingest.files import IngestError
from corroborate.ingest.web import (
    FEED_TYPES,
    HTML_TYPES,
    Fetcher,
    FetchError,
    Limits,
    Response,
    decode,
    document_from_page,
)
from corroborate.service.watch import add_feed, list_feeds, poll, remove_feed
from corroborate.store import open_database

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)

words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=80)
tags = st.sampled_from(
    ["p", "div", "article", "script", "style", "title", "h1", "span", "a", "meta", "br", "x:y"]
)


@st.composite
def html_documents(draw) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(tags)
        closed = draw(st.booleans())
        attribute = draw(st.sampled_from(["", " class='x'", " charset='latin-1'", ' a="&amp;']))
        parts.append(f"<{tag}{attribute}>{draw(words)}" + (f"</{tag}>" if closed else ""))
    head = draw(st.sampled_from(["", "<!DOCTYPE html>", "<html><head>", "<?xml version='1.0'?>"]))
    return head + "".join(parts)


@st.composite
def feeds(draw) -> bytes:  # type: ignore[no-untyped-def]
    items = []
    for _ in range(draw(st.integers(0, 5))):
        fields = draw(
            st.lists(
                st.sampled_from(["title", "link", "guid", "description", "pubDate", "id"]),
                max_size=5,
            )
        )
        body = "".join(
            f"<{f}>{draw(st.one_of(words, st.just('https://x.example/a'), st.just('&amp;')))}</{f}>"
            for f in fields
        )
        items.append(f"<{draw(st.sampled_from(['item', 'entry']))}>{body}</item>")
    root = draw(
        st.sampled_from(
            [
                "<rss version='2.0'><channel>{}</channel></rss>",
                "<feed xmlns='http://www.w3.org/2005/Atom'>{}</feed>",
                "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>{}</rdf:RDF>",
                "<rss>{}",
                "{}",
            ]
        )
    )
    text = root.format("".join(items))
    if draw(st.booleans()):
        text = "<?xml version='1.0' encoding='utf-8'?>" + text
    encoded = text.encode("utf-8", errors="surrogatepass")
    cut = draw(st.integers(0, len(encoded)))
    return encoded[:cut] if draw(st.booleans()) else encoded


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | words,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(words, children, max_size=4),
    max_leaves=10,
)
charsets = st.sampled_from(
    [None, "utf-8", "latin-1", "utf-16", "cp1252", "ascii", "shift_jis", "klingon", ""]
)


def _reasoned(error: IngestError) -> None:
    assert isinstance(error.reason, str) and error.reason.strip()
    assert error.origin


def test_fuzz_decode(tally) -> None:
    @settings(FUZZ, max_examples=500)
    @given(body=st.binary(max_size=3000) | words.map(str.encode), charset=charsets)
    def run(body: bytes, charset: str | None) -> None:
        tally.tried += 1
        try:
            assert isinstance(decode(body, charset or None, "u"), str)
        except IngestError as error:
            tally.rejected += 1
            _reasoned(error)

    run()
    assert tally.tried >= 400


def test_fuzz_parse_feed(tally) -> None:
    @settings(FUZZ, max_examples=1000)
    @given(
        body=feeds()
        | st.binary(max_size=2000)
        | json_values.map(lambda v: json.dumps(v).encode())
        | html_documents().map(str.encode)
        | words.map(str.encode),
        charset=charsets,
    )
    def run(body: bytes, charset: str | None) -> None:
        tally.tried += 1
        try:
            feed = parse_feed(body, "https://feed.example/x", charset or None)
        except IngestError as error:
            tally.rejected += 1
            _reasoned(error)
            return
        for entry in feed.entries:
            assert entry.guid and isinstance(entry.summary, str)

    run()
    assert tally.tried >= 800


def test_fuzz_pages(tally) -> None:
    @settings(FUZZ, max_examples=300)
    @given(
        page=html_documents() | words | json_values.map(json.dumps),
        charset=charsets,
        encoding=st.sampled_from(["utf-8", "latin-1", "utf-16"]),
    )
    def run(page: str, charset: str | None, encoding: str) -> None:
        tally.tried += 1
        body = page.encode(encoding, errors="replace")
        response = Response("https://news.example/a", 200, "text/html", charset or None, body)
        try:
            doc = document_from_page(response)
        except IngestError as error:
            tally.rejected += 1
            _reasoned(error)
            return
        assert doc.text.strip() and doc.url

    run()
    assert tally.tried >= 250


@st.composite
def responses(draw):  # type: ignore[no-untyped-def]
    status = draw(st.sampled_from([200, 200, 200, 204, 206, 301, 304, 400, 404, 429, 500, 503]))
    media = draw(
        st.sampled_from(
            [
                "text/html",
                "text/html; charset=utf-8",
                "text/html; charset=bogus",
                "application/rss+xml",
                "application/json",
                "image/png",
                "",
                "text/html; charset=",
                ";;;",
            ]
        )
    )
    payload = draw(
        st.one_of(
            st.binary(max_size=3000),
            html_documents().map(str.encode),
            feeds(),
            json_values.map(lambda v: json.dumps(v).encode()),
        )
    )
    encoding = draw(st.sampled_from(["", "gzip", "deflate", "br", "gzip-truncated", "lies"]))
    headers = {}
    if media:
        headers["Content-Type"] = media
    if encoding == "gzip":
        payload = gzip.compress(payload)
    elif encoding == "deflate":
        payload = zlib.compress(payload)
    elif encoding == "gzip-truncated":
        payload = gzip.compress(payload)[: draw(st.integers(0, 30))]
        encoding = "gzip"
    elif encoding == "lies":
        encoding = "gzip"  # says gzip, sends plain bytes
    if encoding:
        headers["Content-Encoding"] = encoding
    if status == 301:
        headers["Location"] = draw(
            st.sampled_from(["/a", "http://other.example/b", "", "javascript:x", "//[bad"])
        )
    return status, headers, payload


class _Chunks(httpx.SyncByteStream):
    """A body streamed in small chunks, as from a socket (``content=`` would be read at
    once by httpx and could not be streamed)."""

    def __init__(self, payload: bytes) -> None:
        self.payload = payload

    def __iter__(self):  # type: ignore[no-untyped-def]
        for start in range(0, len(self.payload), 1024):
            yield self.payload[start : start + 1024]


def test_fuzz_fetch_responses(tally) -> None:
    """Status, headers and bodies generated, served by an in-process transport (no
    network at all), read through every limit of the fetcher."""
    limits = Limits(allow_private=True, robots=False, politeness=0, max_bytes=64 * 1024)

    @settings(FUZZ, max_examples=600)
    @given(answer=responses(), accept=st.sampled_from([HTML_TYPES, FEED_TYPES]))
    def run(answer, accept) -> None:  # type: ignore[no-untyped-def]
        status, headers, payload = answer
        tally.tried += 1

        def handler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(status, headers=headers, stream=_Chunks(payload))

        with Fetcher(limits, transport=httpx.MockTransport(handler)) as fetcher:
            try:
                response = fetcher.get("http://fuzz.example/start", accept=accept)
                if not response.not_modified:
                    if accept is FEED_TYPES:
                        parse_feed(response.body, response.url, response.charset)
                    else:
                        document_from_page(response)
            except IngestError as error:
                tally.rejected += 1
                _reasoned(error)

    run()
    assert tally.tried >= 500


class _LoopbackOnly(Fetcher):
    """Generated feeds may name any host: only the local site is ever contacted."""

    def _check_url(self, current: str, origin: str) -> None:
        if urlsplit(current).hostname != "127.0.0.1":
            raise FetchError(origin, "test: only 127.0.0.1 is contacted", refused=True)
        super()._check_url(current, origin)


def test_fuzz_feeds_served_over_http_to_a_poll(site, limits, kit, tmp_path, tally) -> None:
    """Generated feeds and junk served by the local site to a real poll: no crash, each
    failure recorded on its feed with a reason, each item stored or given a reason."""
    engine = open_database(str(tmp_path / "fuzz.db"))
    site.route("/page", kit.article_html(1))
    counter = iter(range(10**6))

    @settings(FUZZ, max_examples=60)
    @given(
        body=feeds() | st.binary(max_size=500) | html_documents().map(str.encode),
        media=st.sampled_from(["application/rss+xml", "text/xml", "text/html", "image/gif"]),
    )
    def run(body: bytes, media: str) -> None:
        tally.tried += 1
        path = f"/fz/{next(counter)}.xml"
        site.route(path, body.replace(b"https://x.example/a", site.url("/page").encode()),
                   content_type=media)  # fmt: skip
        feed = add_feed(engine, site.url(path))
        with _LoopbackOnly(limits) as fetcher:
            report = poll(engine, fetcher=fetcher, relink=False)
        for error in report.rejected:
            _reasoned(error)
        state = next(f for f in list_feeds(engine) if f["id"] == feed["id"])
        if state["last_error"]:
            tally.rejected += 1
        else:
            assert state["last_success"] is not None
        remove_feed(engine, str(feed["id"]))

    run()
    assert tally.tried >= 50
