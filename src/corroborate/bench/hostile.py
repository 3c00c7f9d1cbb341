"""Hostile input, tried as an attacker would: each case builds its input (files written
here, or pages and feeds served by a local HTTP server on 127.0.0.1), runs the real
reader in a child process under a memory cap (``resource.setrlimit``) and reports the
outcome, the reasons printed and the good documents stored beside the bad one.

``run_case`` is shared by ``corroborate bench hostile`` (which prints peak memory and
seconds per case) and by tests/hostile (which assert the bound, the reason and that no
good document is lost). Nothing here contacts an address other than 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used, so that `bench --help` stays quick
    from fastapi.testclient import TestClient
    from sqlalchemy import Engine

    from corroborate.ingest.web import Limits
    from corroborate.service.ingest import IngestReport

MIB = 1024 * 1024
DEFAULT_CAP_MB = 1536  # address space of the child: far above need, far below a blow-up
DEFAULT_TIMEOUT = 600.0  # seconds: fails only on a hang


@dataclass
class Outcome:
    """What one case did. ``good_expected`` documents sat beside the hostile one;
    ``good_stored`` of them were stored. ``ok`` is the case's own verdict."""

    ok: bool
    outcome: str
    good_expected: int = 0
    good_stored: int = 0
    reasons: list[str] = field(default_factory=list)


@dataclass
class Measured:
    case: str
    threat: str
    ok: bool
    outcome: str
    good: str  # "stored/expected"
    peak_mb: float
    seconds: float
    reasons: list[str]
    exit_code: int


# -- a sentence the extractor reads, so a stored document is visible as a claim ----------


def article(n: int, extra: str = "") -> str:
    return (
        f"Report {n}\n\nAbout {1000 + n} soldiers reached the border on Monday, the ministry "
        f"said in a statement {extra}issued in the capital after a meeting of the cabinet.\n"
    )


def _engine(work: Path) -> Engine:
    from corroborate.store import open_database

    return open_database(str(work / "hostile.db"))


def _ingest(work: Path, paths: list[str]) -> tuple[Engine, IngestReport]:
    from corroborate.service.ingest import ingest_paths

    engine = _engine(work)
    return engine, ingest_paths(engine, paths, relink=False)


def _texts(engine: Engine) -> list[str]:
    from sqlalchemy import select

    from corroborate.store.models import DocumentRow

    with engine.connect() as connection:
        return list(connection.scalars(select(DocumentRow.text)))


def _stored(engine: Engine, marker: str = "soldiers reached the border") -> int:
    return sum(marker in text for text in _texts(engine))


def _reasons(report: Any) -> list[str]:  # an ingest, poll or fetch report
    return [str(e) for e in report.rejected]


# -- a local web site -------------------------------------------------------------------


@contextlib.contextmanager
def local_site(routes: dict[str, tuple[int, dict[str, str], bytes]]) -> Iterator[str]:
    """Serve ``routes`` (path -> status, headers, body) on 127.0.0.1; yield the base URL.
    ``hits`` of each path are counted in ``routes['__hits__']`` style via the handler."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = routes.get(self.path, (404, {}, b"not found"))
            self.send_response(status)
            for key, value in {"Content-Length": str(len(body)), **headers}.items():
                self.send_header(key, value)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _site_limits() -> Limits:
    from corroborate.ingest.web import Limits

    return Limits(allow_private=True, robots=False, politeness=0)


def _rss(items: list[tuple[str, str]]) -> bytes:
    body = "".join(
        f"<item><title>{title}</title><guid isPermaLink='false'>{guid}</guid>"
        f"<pubDate>Fri, 18 Oct 2024 09:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[{text}]]></content:encoded></item>"
        for guid, title, text in ((g, f"Item {g}", t) for g, t in items)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?>"
        "<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        f"<channel><title>Wire</title><link>http://example.invalid/</link>{body}"
        "</channel></rss>"
    ).encode()


def _long_article(n: int) -> str:
    # a feed item of 800+ characters is read from the feed, not from its page
    return (article(n).replace("\n", " ") + " ") * 4


# -- the cases ----------------------------------------------------------------------------


def feed_entity_after_comment(work: Path) -> Outcome:
    """An entity declared after a 210 KB comment (past any prefix check) and used 40,000
    times; UTF-16 and UTF-7 copies of it; and a good feed beside them."""
    from corroborate.service.watch import add_feed, list_feeds, poll

    entity = "x" * 50_000
    bomb = (
        "<?xml version='1.0' encoding='utf-8'?><!-- " + "c" * 210_000 + " -->"
        f"<!DOCTYPE rss [<!ENTITY e '{entity}'>]>"
        "<rss version='2.0'><channel><title>t</title><item><title>"
        + "&e;" * 40_000
        + "</title><guid>b1</guid></item></channel></rss>"
    )
    utf16 = bomb.replace("encoding='utf-8'", "encoding='utf-16'").encode("utf-16")
    utf7 = bomb.replace("encoding='utf-8'", "encoding='utf-7'").encode("utf-7")
    good = _rss([("g1", _long_article(1)), ("g2", _long_article(2))])
    xml = {"Content-Type": "application/rss+xml"}
    routes = {
        "/bomb.xml": (200, xml, bomb.encode()),
        "/bomb16.xml": (200, xml, utf16),
        "/bomb7.xml": (200, xml, utf7),
        "/good.xml": (200, xml, good),
    }
    engine = _engine(work)
    with local_site(routes) as base:
        for path in routes:
            add_feed(engine, base + path)
        report = poll(engine, limits=_site_limits(), relink=False)
    errors = {f["url"].rsplit("/", 1)[1]: f["last_error"] or "" for f in list_feeds(engine)}
    refused = all("entities" in errors[n] for n in ("bomb.xml", "bomb16.xml", "bomb7.xml"))
    stored = _stored(engine)
    return Outcome(
        refused and stored == 2,
        "3 entity feeds refused, the good feed stored" if refused else "an entity feed was read",
        2,
        stored,
        _reasons(report),
    )


def dns_rebinding(work: Path) -> Outcome:
    """A name resolving to a public address when checked and to 127.0.0.1 on any later
    look-up: the connection goes to the address checked (one look-up per connection),
    and a redirect hop, looked up again, is checked again and refused."""
    import httpx

    from corroborate.ingest.web import Fetcher, FetchError, Limits

    public = "93.184.216.34"
    lookups: list[str] = []
    connected: list[tuple[str, str]] = []

    def resolver(host: str, port: int) -> list[str]:
        lookups.append(host)
        return [public] if len(lookups) == 1 else ["127.0.0.1"]

    def handler(request: httpx.Request) -> httpx.Response:
        # The transport stands for the socket: nothing leaves this process.
        connected.append((request.url.host, request.headers.get("host", "")))
        if request.url.path == "/start":
            return httpx.Response(302, headers={"Location": "http://rebind.test/internal"})
        return httpx.Response(200, headers={"Content-Type": "text/html"}, text="<p>page</p>")

    limits = Limits(politeness=0, robots=False)
    reasons: list[str] = []
    with Fetcher(limits, transport=httpx.MockTransport(handler), resolver=resolver) as fetcher:
        try:
            fetcher.get("http://rebind.test/start")
        except FetchError as error:
            reasons.append(error.reason)
    ok = (
        connected == [(public, "rebind.test")]
        and len(lookups) == 2
        and any("127.0.0.1" in r for r in reasons)
    )
    outcome = f"connected to {public} only; the redirect hop to 127.0.0.1 refused"
    return Outcome(ok, outcome if ok else f"connected to {connected}", reasons=reasons)


def _cli(args: list[str], work: Path, db: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from corroborate.cli.app import main; main()", *args]
    env = {**os.environ, "CORROBORATE_DB": str(db), "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        command, capture_output=True, text=True, cwd=work, env=env, timeout=DEFAULT_TIMEOUT
    )


def markup_in_text(work: Path) -> Outcome:
    """``[/]`` and ``[bold]`` in a file name, an article sentence, a feed's URL and an
    item's link, through ``ingest``, ``claims``, ``feeds list`` and ``watch --once``."""
    folder = work / "markup"
    (folder / "a[").mkdir(parents=True)  # the path reads .../a[/]b.txt
    (folder / "a[" / "]b.txt").write_text(article(1, "[/] [bold]x[/bold] [link=javascript:1]y[/] "))
    (folder / "a[" / "]empty.txt").write_text(" ")
    (folder / "good.txt").write_text(article(2))
    db = work / "markup.db"
    item = _rss([("m1", "short [/] summary")]).replace(
        b"<guid", b"<link>http://127.0.0.1:1/[/]gone</link><guid"
    )
    routes = {"/feed.xml": (200, {"Content-Type": "application/rss+xml"}, item)}
    runs: list[subprocess.CompletedProcess[str]] = []
    with local_site(routes) as base:
        runs.append(_cli(["ingest", str(folder)], work, db))
        runs.append(_cli(["claims"], work, db))
        runs.append(_cli(["feeds", "add", base + "/feed.xml", base + "/missing[/].xml"], work, db))
        runs.append(_cli(["watch", "--once", "--allow-private", "--delay", "0"], work, db))
        runs.append(_cli(["feeds", "list"], work, db))
    crashed = [r for r in runs if r.returncode not in (0, 3) or "Traceback" in r.stderr]
    printed = "".join(r.stdout + r.stderr for r in runs)
    stored = _stored(_engine_at(db))
    ok = not crashed and "[/]" in printed and stored == 2
    reasons = [line for r in runs for line in r.stderr.splitlines() if "[/]" in line][:6]
    outcome = "printed as text, every command finished" if ok else _crash_text(crashed)
    return Outcome(ok, outcome, 2, stored, reasons)


def _engine_at(db: Path) -> Engine:
    from corroborate.store import open_database

    return open_database(str(db))


def _crash_text(crashed: list[subprocess.CompletedProcess[str]]) -> str:
    if not crashed:
        return "markup not printed as text"
    last = crashed[0]
    return f"exit {last.returncode}: {last.stderr.strip().splitlines()[-1:]}"


def _gzip_member(parts: list[bytes | tuple[bytes, int]]) -> bytes:
    """One gzip member; a ``(block, n)`` part is ``block`` repeated n times, compressed
    once (after a full flush every copy compresses to the same bytes): 2 GiB of one
    byte in 2 MB, built in a second."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"]
    size = crc = 0
    for part in parts:
        block, copies = part if isinstance(part, tuple) else (part, 1)
        packed = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
        out.append(packed * copies)
        size += len(block) * copies
        for _ in range(copies):
            crc = zlib.crc32(block, crc)
    out.append(deflate.flush(zlib.Z_FINISH))
    out.append(crc.to_bytes(4, "little") + (size & 0xFFFFFFFF).to_bytes(4, "little"))
    return b"".join(out)


def _warc_record(uri: str, html: bytes, extra: bytes = b"", declared: int | None = None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
    length = declared if declared is not None else len(http)
    return (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri.encode() + b"\r\n"
        b"WARC-Date: 2024-11-02T10:00:00Z\r\n" + extra + b"Content-Type: application/http; "
        b"msgtype=response\r\nContent-Length: " + str(length).encode() + b"\r\n\r\n" + http
    )


def _page(n: int) -> bytes:
    paragraphs = "".join(f"<p>{article(n).replace(chr(10), ' ')}</p>" for _ in range(3))
    head = f"<html><head><title>Report {n}</title></head>"
    return f"{head}<body><article>{paragraphs}</article></body></html>".encode()


def warc_huge_header_line(work: Path) -> Outcome:
    """A 2 MB .warc.gz whose second record holds one 2 GiB header line, between good
    records; another record declares 10 GiB; another has 100,000 header lines."""
    path = work / "crawl.warc.gz"
    bad_head = _warc_record("https://bad.example/", b"", b"X-Big: ")
    header_end = bad_head.index(b"X-Big: ") + len(b"X-Big: ")
    members = [
        _gzip_member([_warc_record("https://a.example/1", _page(1)) + b"\r\n\r\n"]),
        _gzip_member([bad_head[:header_end], (b"a" * MIB, 2048), bad_head[header_end:]]),
        _gzip_member([_warc_record("https://a.example/2", _page(2)) + b"\r\n\r\n"]),
        _gzip_member(
            [_warc_record("https://big.example/", _page(9), declared=10 * 1024 * MIB) + b"\r\n"]
        ),
        _gzip_member([_warc_record("https://a.example/3", _page(3)) + b"\r\n\r\n"]),
        _gzip_member([_warc_record("https://many.example/", _page(8), b"X-Many: 1\r\n" * 100_000)]),
        _gzip_member([_warc_record("https://a.example/4", _page(4)) + b"\r\n\r\n"]),
    ]
    path.write_bytes(b"".join(members))
    engine, report = _ingest(work, [str(path)])
    stored = _stored(engine)
    reasons = _reasons(report)
    named = all(any(k in r for r in reasons) for k in ("header line", "10,737,418,240", "lines"))
    return Outcome(
        stored == 4 and named,
        f"{len(reasons)} records skipped with a reason, {path.stat().st_size // 1024} KB archive",
        4,
        stored,
        reasons,
    )


def deep_json(work: Path) -> Outcome:
    """5 good .txt files beside one .json nested 200,000 deep, and a .jsonl whose good
    lines sit beside a deep line (small file, and a large one read in shards)."""
    folder = work / "deep"
    folder.mkdir()
    for n in range(5):
        (folder / f"good{n}.txt").write_text(article(n))
    (folder / "deep.json").write_text("[" * 200_000 + "]" * 200_000)
    lines = [json.dumps({"text": article(10 + n)}) for n in range(3)]
    lines.insert(1, '{"text": ' + "[" * 200_000 + "]" * 200_000 + "}")
    (folder / "mixed.jsonl").write_text("\n".join(lines) + "\n")
    padding = [json.dumps({"text": article(20 + n) + "x" * 3000}) for n in range(400)]
    big = [*padding[:200], "{" * 300_000, *padding[200:]]
    (folder / "large.jsonl").write_text("\n".join(big) + "\n")
    engine, report = _ingest(work, [str(folder)])
    stored = _stored(engine)
    reasons = _reasons(report)
    ok = stored == 408 and sum("nested" in r for r in reasons) == 3
    return Outcome(ok, f"{len(reasons)} documents refused, the rest stored", 408, stored, reasons)


def symlink_outside(work: Path) -> Outcome:
    """``dir/passwd.txt -> /etc/passwd`` and ``dir/etc -> /etc`` beside good files, and a
    named pipe (which would block a reader) and a link loop."""
    folder = work / "dir"
    folder.mkdir()
    (folder / "good1.txt").write_text(article(1))
    (folder / "good2.txt").write_text(article(2))
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "etc").symlink_to("/etc")
    (folder / "inside.txt").symlink_to(folder / "good1.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    os.mkfifo(folder / "pipe.txt")
    engine, report = _ingest(work, [str(folder)])
    stored = _stored(engine)
    leaked = any("root:" in text for text in _texts(engine))
    reasons = _reasons(report)
    skipped = sum("outside the folder" in r for r in reasons)
    ok = stored == 2 and not leaked and skipped >= 2
    return Outcome(ok, f"{skipped} links out of the folder skipped", 2, stored, reasons)


FORMULAS = ('=HYPERLINK("http://evil.example","click")', "@SUM(1+1)", "+1+cmd|' /C calc'!A0")


def csv_formulas(work: Path) -> Outcome:
    """``=HYPERLINK(…)``, ``@SUM(…)`` and ``+cmd`` in an outlet, a title and a source, out
    through ``claims -f csv``, ``sources -f csv`` and ``export claims``."""
    folder = work / "csv"
    folder.mkdir()
    text = (
        f"Title: {FORMULAS[1]}\nOutlet: {FORMULAS[0]}\n\n"
        f"About 1,500 soldiers reached the border on Monday, {FORMULAS[2]} said.\n"
        f"{FORMULAS[0]} said that 2,000 soldiers would follow.\n"
    )
    (folder / "formula.txt").write_text(text)
    db = work / "csv.db"
    runs = [
        _cli(["ingest", str(folder)], work, db),
        _cli(["claims", "-f", "csv"], work, db),
        _cli(["sources", "-f", "csv"], work, db),
        _cli(["export", "claims"], work, db),
    ]
    cells = [cell for r in runs[1:] for row in csv.reader(io.StringIO(r.stdout)) for cell in row]
    live = [c for c in cells if c.lstrip(" ").startswith(("=", "+", "-", "@")) and not _num(c)]
    neutral = [c for c in cells if c.startswith("'=") or c.startswith("'@")]
    failed = [r for r in runs if r.returncode not in (0, 3)]
    ok = not live and bool(neutral) and not failed
    return Outcome(
        ok,
        f"{len(neutral)} formula cells neutralised, {len(live)} live",
        1,
        _stored(_engine_at(db), "soldiers reached the border"),
        live[:5] or [r.stderr.strip()[-200:] for r in failed],
    )


def _num(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def jsonld_script(work: Path) -> Outcome:
    """A claim whose sentence holds ``</script><script>alert(1)</script>`` and whose
    article URL is ``javascript:``: its ClaimReview pasted into a ``<script>`` element."""
    from corroborate.present.exports import claimreview, claimreview_json
    from corroborate.query import claims as queries
    from corroborate.query.claims import iter_claims

    doc = {
        "url": "javascript:alert(document.domain)",
        "title": "</script><script>alert(2)</script>",
        "text": "About 1,500 soldiers crossed on Monday </script><script>alert(1)</script> "
        "<!-- the ministry said in a statement issued in the capital.",
    }
    (work / "x.json").write_text(json.dumps(doc))
    engine, report = _ingest(work, [str(work / "x.json")])
    claims = list(iter_claims(engine))
    if not claims:
        return Outcome(False, "no claim extracted to export", 1, 0, _reasons(report))
    review = claimreview(queries.claim(engine, claim_id=claims[0]["id"]))
    text = claimreview_json(review)
    page = f'<script type="application/ld+json">{text}</script>'
    breaks = page.count("</script") - 1 + page.count("<!--") + text.count("javascript:")
    same = json.loads(text) == json.loads(json.dumps(review, default=str))
    ok = breaks == 0 and same
    return Outcome(ok, "inert in <script>, same JSON" if ok else f"{breaks} breakouts", 1, 1)


def ipv6_embedded(work: Path) -> Outcome:
    """Loopback written as IPv6 forms that embed 127.0.0.1, with the local site on it."""
    from corroborate.ingest.web import Fetcher, FetchError, Limits

    hits: list[str] = []
    routes = {"/": (200, {"Content-Type": "text/html"}, _page(1))}
    forms = [
        "[::127.0.0.1]",
        "[64:ff9b::7f00:1]",
        "[64:ff9b:1::7f00:1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:0:7f00:1]",
        "[2002:7f00:1::1]",
        "[2001:0:4136:e378:8000:63bf:80ff:fffe]",  # Teredo, client 127.0.0.1
        "[fe80::5efe:7f00:1]",
        "127.1",
        "2130706433",
    ]
    refused: list[str] = []
    with local_site(routes) as base, Fetcher(Limits(politeness=0, robots=False)) as fetcher:
        port = base.rsplit(":", 1)[1]
        for form in forms:
            try:
                fetcher.get(f"http://{form}:{port}/")
                hits.append(form)
            except FetchError as error:
                (refused if error.refused else hits).append(f"{form}: {error.reason}")
    ok = len(refused) == len(forms)
    return Outcome(ok, f"{len(refused)} of {len(forms)} forms refused", reasons=refused + hits)


def _client(engine: Engine, hosts: list[str] | None = None) -> TestClient:
    from fastapi.testclient import TestClient

    from corroborate.web import create_app

    app = create_app(engine, token="t", allowed_hosts=hosts)
    return TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)


def server_malformed(work: Path, db_url: str | None = None) -> Outcome:
    """A form POST with 25 fields, NUL in a query, a path and a JSON body: 4xx, never 5xx
    (``db_url``: run it on PostgreSQL)."""
    (work / "a.txt").write_text(article(1))
    from corroborate.service.ingest import ingest_paths
    from corroborate.store import open_database

    engine = open_database(db_url or str(work / "server.db"))
    ingest_paths(engine, [str(work / "a.txt")], relink=True)
    form = {"content-type": "application/x-www-form-urlencoded"}
    with _client(engine) as client:
        answers = {
            "25-field form": client.post(
                "/claims/1/status", content="&".join(f"f{i}=x" for i in range(25)), headers=form
            ),
            "?source=%00": client.get("/api/questions?source=%00"),
            "?q=%00 (search)": client.get("/api/search?q=a%00b"),
            "NUL in a path": client.get("/sources/a%00b"),
            "NUL in JSON": client.post(
                "/api/claims/1/status",
                json={"status": "wrong\u0000"},
                headers={"authorization": "Bearer t"},
            ),
            "NUL in a form": client.post(
                "/claims/1/status", content="token=t&status=wr%00ong", headers=form
            ),
        }
    codes = {k: v.status_code for k, v in answers.items()}
    ok = all(400 <= c < 500 for c in codes.values())
    return Outcome(ok, ", ".join(f"{k} {c}" for k, c in codes.items()))


def control_characters(work: Path) -> Outcome:
    """ESC sequences (a terminal title, a colour, a cursor move) and \\x01 in an article:
    removed at ingest with every claim's offsets still pointing at its sentence; the
    terminal table, the CSV and the chart SVG carry none."""
    import xml.etree.ElementTree as ElementTree

    from corroborate.present.chart import timeline_svg
    from corroborate.query.claims import iter_claims

    hostile = "\x1b]0;pwned\x07\x1b[31mRed\x1b[0m \x01\x08\x7f\x9b"
    (work / "esc.txt").write_text(
        article(1, hostile + " ") + f"\nThe ministry {hostile} said 2,500 more would follow.\r\n"
    )
    engine, _ = _ingest(work, [str(work / "esc.txt")])
    texts = _texts(engine)
    claims = list(iter_claims(engine))
    offsets = all(texts[0][c["start"] : c["end"]] == c["sentence"] for c in claims)
    controls = sum(ch in texts[0] for ch in "\x1b\x07\x01\x08\x7f\x9b")
    db = work / "hostile.db"
    table = _cli(["claims"], work, db)
    point = {"date": "2024-10-18", "value": 1.0, "id": 1, "claim_id": 1, "n": 1, "status": "ok"}
    points = [{**point, "source": "S\x1b[31m\x01 \x0c<x>"}, {**point, "source": "T\x7f"}]
    try:
        svg = str(timeline_svg(points, {"estimate": 1.0, "low": 0.5, "high": 2.0}, []))
        ElementTree.fromstring(svg)
        svg_ok = True
    except Exception as exc:
        svg_ok, svg = False, str(exc)
    ok = controls == 0 and offsets and "\x1b" not in table.stdout and svg_ok and bool(claims)
    outcome = f"{controls} control characters stored, offsets {'kept' if offsets else 'broken'}"
    svg_text = "valid" if svg_ok else f"malformed ({svg[:120]})"
    return Outcome(ok, f"{outcome}, SVG {svg_text}", 1, _stored(engine))


def host_header(work: Path) -> Outcome:
    """``serve --host 0.0.0.0``: a forged Host header (which would end up in ClaimReview
    URLs) answered 400; this machine's names and ``--allowed-host`` names answered."""
    from corroborate.web.app import allowed_hosts_for

    (work / "a.txt").write_text(article(1))
    engine, _ = _ingest(work, [str(work / "a.txt")])
    hosts = allowed_hosts_for("0.0.0.0", ["news.example"])
    with _client(engine, hosts) as client:
        forged = client.get("/api/claims/1/claimreview", headers={"host": "attacker.example"})
        local = client.get("/api", headers={"host": "localhost:8000"})
        allowed = client.get("/api", headers={"host": "news.example"})
    ok = forged.status_code == 400 and local.status_code == allowed.status_code == 200
    return Outcome(
        ok,
        f"forged Host {forged.status_code}, localhost {local.status_code}, "
        f"allowed {allowed.status_code}",
    )


def gzip_bomb_page(work: Path) -> Outcome:
    """A page whose 1 MB gzip body inflates to 1 GiB, beside a good page."""
    from corroborate.service.watch import fetch_urls

    bomb = _gzip_member([(b"\0" * MIB, 1024)])
    routes = {
        "/bomb": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb),
        "/good": (200, {"Content-Type": "text/html; charset=utf-8"}, _page(1)),
    }
    engine = _engine(work)
    with local_site(routes) as base:
        report = fetch_urls(
            engine, [base + "/bomb", base + "/good"], limits=_site_limits(), relink=False
        )
    stored = _stored(engine)
    reasons = _reasons(report)
    ok = stored == 1 and any("inflates" in r for r in reasons)
    return Outcome(ok, "refused at the 5 MiB limit" if ok else "bomb read", 1, stored, reasons)


def jsonl_long_line(work: Path) -> Outcome:
    """A 40 MB JSONL line (over the line limit) between good lines of a large file."""
    lines = [json.dumps({"text": article(n)}) for n in range(300)]
    lines.insert(150, json.dumps({"text": "y" * (40 * MIB)}))
    path = work / "long.jsonl"
    path.write_text("\n".join(lines) + "\n")
    engine, report = _ingest(work, [str(path)])
    stored = _stored(engine)
    reasons = _reasons(report)
    ok = stored == 300 and any("byte limit" in r for r in reasons)
    return Outcome(ok, "the long line named, the rest stored", 300, stored, reasons)


@dataclass(frozen=True)
class Case:
    name: str
    threat: str
    run: Callable[[Path], Outcome]
    cap_mb: int = DEFAULT_CAP_MB


CASES = (
    Case(
        "feed-entity",
        "feed entity after a 210 KB comment, used 40,000 times",
        feed_entity_after_comment,
    ),
    Case("dns-rebinding", "name public when checked, 127.0.0.1 when connected", dns_rebinding),
    Case(
        "markup",
        "[/] in a link, a sentence, a file path (ingest, claims, feeds, watch)",
        markup_in_text,
    ),
    Case("warc-header", "2 MB .warc.gz holding one 2 GiB header line", warc_huge_header_line),
    Case("deep-json", "5 good files beside a .json 200,000 deep; deep JSONL lines", deep_json),
    Case(
        "symlink", "dir/passwd.txt -> /etc/passwd, dir/etc -> /etc, a FIFO, a loop", symlink_outside
    ),
    Case("csv-formula", "=HYPERLINK(…) / @SUM(…) through every CSV writer", csv_formulas),
    Case("jsonld", "</script> and javascript: in an exported ClaimReview", jsonld_script),
    Case("ipv6", "[::127.0.0.1], [64:ff9b::7f00:1] and other wrapped loopbacks", ipv6_embedded),
    Case("server-4xx", "25-field form POST, NUL in query/path/body", server_malformed),
    Case("control-chars", "ESC and \\x01 in article text (terminal, SVG)", control_characters),
    Case("host-header", "serve --host 0.0.0.0 with a forged Host", host_header),
    Case("gzip-bomb", "a page inflating 1 MB to 1 GiB", gzip_bomb_page),
    Case("jsonl-line", "a 40 MB JSONL line among good lines", jsonl_long_line),
)
BY_NAME = {case.name: case for case in CASES}


# -- running a case in a child under a memory cap --------------------------------------


def child(name: str, work: str, cap_mb: int) -> None:
    """Entry point of the child process: cap the address space, run, print JSON."""
    cap = cap_mb * MIB
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        outcome = BY_NAME[name].run(Path(work))
    except MemoryError:
        outcome = Outcome(False, f"out of memory under the {cap_mb} MiB cap")
    except Exception as exc:
        outcome = Outcome(False, f"crashed: {type(exc).__name__}: {str(exc)[:300]}")
    print(json.dumps(asdict(outcome)))


def run_case(name: str, *, cap_mb: int | None = None, timeout: float = DEFAULT_TIMEOUT) -> Measured:
    """Run one case in a child process; its peak memory (max RSS) and wall seconds."""
    case = BY_NAME[name]
    cap = cap_mb or case.cap_mb
    with tempfile.TemporaryDirectory(prefix=f"hostile-{name}-") as work:
        code = f"from corroborate.bench.hostile import child; child({name!r}, {work!r}, {cap})"
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            stdout = process.stdout.read() if process.stdout else b""
            stderr = process.stderr.read() if process.stderr else b""
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    result = _parse(stdout, stderr, process.returncode, timeout, seconds)
    return Measured(
        case=name,
        threat=case.threat,
        ok=result.ok,
        outcome=result.outcome,
        good=f"{result.good_stored}/{result.good_expected}" if result.good_expected else "-",
        peak_mb=round(usage.ru_maxrss / 1024, 1),
        seconds=round(seconds, 2),
        reasons=result.reasons,
        exit_code=process.returncode,
    )


def _parse(stdout: bytes, stderr: bytes, code: int, timeout: float, seconds: float) -> Outcome:
    lines = stdout.decode(errors="replace").strip().splitlines()
    if lines:
        with contextlib.suppress(ValueError, TypeError):
            return Outcome(**json.loads(lines[-1]))
    if seconds >= timeout:
        return Outcome(False, f"hung: killed after {timeout:g} s")
    tail = stderr.decode(errors="replace").strip().splitlines()[-1:]
    return Outcome(False, f"child died (exit {code}): {' '.join(tail)[:300]}")


def run_all(names: list[str] | None = None, *, cap_mb: int | None = None) -> list[dict[str, Any]]:
    """Every case (or the ones named), one after another: one row each."""
    rows = []
    for name in names or [c.name for c in CASES]:
        measured = run_case(name, cap_mb=cap_mb)
        rows.append({k: v for k, v in asdict(measured).items() if k != "reasons"})
        rows[-1]["first reason"] = (measured.reasons or [""])[0][:120]
    return rows
