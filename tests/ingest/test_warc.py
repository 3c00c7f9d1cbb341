"""Web archives (.warc, .warc.gz) built here with warcio from HTML written by hand."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corroborate.batch import plan_partitions, read_partition
from corroborate.ingest import IngestError, expand_paths, read_file, scan_warc
from corroborate.query.claims import list_claims
from corroborate.service.ingest import ingest_paths
from corroborate.store import open_database

DATED_PAGE = """<!doctype html><html><head><title>Troops reach the border | Demo Wire</title>
<meta property="og:site_name" content="Demo Wire">
<meta property="article:published_time" content="2024-10-21T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Troops reach the border</h1>
<p>About 2,000 soldiers reached the border on Monday, the ministry said in a statement
issued in the capital after a long meeting of the cabinet.</p>
<p>Officials added that a second group of 500 soldiers would follow within the week, and
that the whole movement would be finished before the winter.</p>
</article><footer>Copyright Demo Wire</footer></body></html>"""

UNDATED_PAGE = """<!doctype html><html><head><title>Ships leave port</title></head><body>
<article><h1>Ships leave port</h1>
<p>Some 12 ships left the port of the northern city, the navy said in a short statement
that gave no further detail about where they were going or for how long.</p>
<p>Local fishermen told reporters that they had never seen so many warships at once in the
harbour, and that the departure took most of the night.</p>
</article></body></html>"""

DATED_URI = "https://demo-wire.example/2024/10/21/troops-border"
UNDATED_URI = "https://www.harbour-news.example/ships"
PDF_URI = "https://demo-wire.example/report.pdf"
MISSING_URI = "https://demo-wire.example/gone"


def _response(
    writer: WARCWriter, uri: str, body: bytes, content_type: str, status: str = "200 OK"
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": "2024-11-02T10:00:00Z"},
    )
    writer.write_record(record)


def build_warc(path: Path, *, gzip: bool = True) -> Path:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        request = writer.create_warc_record(
            DATED_URI,
            "request",
            payload=BytesIO(b""),
            http_headers=StatusAndHeaders(
                "GET /2024/10/21/troops-border HTTP/1.1", [], is_http_request=True
            ),
        )
        writer.write_record(request)
        _response(writer, DATED_URI, DATED_PAGE.encode(), "text/html; charset=utf-8")
        _response(writer, PDF_URI, b"%PDF-1.4 not a page", "application/pdf")
        _response(writer, MISSING_URI, b"<html>gone</html>", "text/html", "404 Not Found")
        latin = "text/html;charset=ISO-8859-1"
        _response(writer, UNDATED_URI, UNDATED_PAGE.encode("latin-1"), latin)
    return path


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_html_responses_become_documents_and_the_rest_is_named(tmp_path: Path, name: str) -> None:
    path = build_warc(tmp_path / name, gzip=name.endswith(".gz"))
    items = list(read_file(path))
    docs = [i for i in items if not isinstance(i, IngestError)]
    errors = [i for i in items if isinstance(i, IngestError)]

    assert [d.url for d in docs] == [DATED_URI, UNDATED_URI]
    dated, undated = docs
    assert dated.published == date(2024, 10, 21)  # the page's own date wins
    assert undated.published == date(2024, 11, 2)  # else the crawl's WARC-Date
    assert dated.outlet == "Demo Wire"
    assert undated.outlet == "harbour-news.example"
    assert "2,000 soldiers" in dated.text and "Home" not in dated.text
    assert DATED_URI in (dated.origin or "")

    reasons = {e.origin.split(" ", 1)[0]: e.reason for e in errors}
    assert set(reasons) == {PDF_URI, MISSING_URI}
    assert "application/pdf is not HTML" in reasons[PDF_URI]
    assert "404" in reasons[MISSING_URI]


def test_folders_pick_up_archives(tmp_path: Path) -> None:
    build_warc(tmp_path / "a.warc.gz")
    build_warc(tmp_path / "b.warc", gzip=False)
    assert sorted(p.name for p in expand_paths([str(tmp_path)])) == ["a.warc.gz", "b.warc"]


def test_record_batches_read_the_same_documents_as_the_whole_archive(tmp_path: Path) -> None:
    path = build_warc(tmp_path / "crawl.warc.gz")
    refs, _ = scan_warc(path)
    assert [r.uri for r in refs] == [DATED_URI, PDF_URI, MISSING_URI, UNDATED_URI]

    partitions = plan_partitions([path], size=1)
    assert [p.kind for p in partitions] == ["warc"] * 4
    batched = [item for p in partitions for item in read_partition(p)]
    whole = list(read_file(path))
    assert [str(i) if isinstance(i, IngestError) else i.content_hash for i in batched] == [
        str(i) if isinstance(i, IngestError) else i.content_hash for i in whole
    ]


def test_damaged_archive_is_named_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = build_warc(tmp_path / "good.warc.gz")
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(good.read_bytes()[:-200] + b"\x00garbage")
    items = list(read_file(bad))
    assert any(isinstance(i, IngestError) and "bad.warc.gz" in str(i) for i in items)


def test_ingest_stores_the_pages_with_their_claims(tmp_path: Path) -> None:
    path = build_warc(tmp_path / "crawl.warc.gz")
    engine = open_database(str(tmp_path / "db.sqlite"))
    report = ingest_paths(engine, [str(path)])
    assert report.added == 2
    assert len(report.rejected) == 2
    claims = list_claims(engine)
    assert {c["url"] for c in claims} == {DATED_URI, UNDATED_URI}
    assert 2000 in {c["value"] for c in claims}

    again = ingest_paths(engine, [str(path)])
    assert (again.added, again.present) == (0, 2)
