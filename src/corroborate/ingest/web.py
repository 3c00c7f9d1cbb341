"""Fetching pages and feeds from the web, within limits, and reading article pages.

Everything a server sends is untrusted. ``Fetcher.get`` enforces, per response:

- connect and read timeouts, and a wall-clock deadline (a server dripping one byte a
  second never trips a read timeout);
- a maximum number of bytes, counted on the wire *and* after decompression, which we do
  ourselves with a bounded ``zlib`` decompressor (a gzip bomb stops at the limit);
- a maximum number of redirects, followed by hand so that every hop is checked;
- the content types the caller accepts, and a character set detected from the header,
  a byte-order mark or the document's own declaration (``<meta charset>``, ``<?xml
  encoding>``), rejected when the bytes do not decode;
- private, loopback, link-local and reserved addresses refused unless allowed, IPv4
  addresses wrapped in IPv6 (mapped, compatible, NAT64, 6to4, Teredo, ISATAP) unwrapped
  first; the host name is resolved once per request and the connection goes to the
  address that was checked (the URL carries the vetted IP, the Host header and TLS name
  the host): a name that resolves to a public address when checked and to 127.0.0.1
  when connected cannot reach inside the network, on any redirect hop either;
- robots.txt (RFC 9309: a 4xx robots.txt allows all, a 5xx or unreachable one disallows
  all), a User-Agent that says who we are, and a per-host politeness delay (the larger
  of ours and the site's Crawl-delay);
- conditional requests (If-None-Match / If-Modified-Since) for feeds.

Any failure raises ``FetchError`` (an ``IngestError``: the URL and the reason in words),
with ``transient`` telling a watch whether trying again later may help.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from email.message import Message
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from corroborate import __version__
from corroborate.ingest.files import MAX_TEXT_CHARS, IngestError, from_html, sanitize
from corroborate.records import Document

USER_AGENT = (
    f"corroborate/{__version__} (+claim-tracking tool for journalists and researchers; "
    "reads public news pages and feeds, honours robots.txt)"
)
ROBOTS_AGENT = "corroborate"
ROBOTS_TTL = 24 * 3600.0  # a watch running for days reads robots.txt again daily

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",  # refused later with a reason: we read XML feeds only
    "text/html",  # many servers send feeds as text/html; feedparser decides
    "text/plain",
)
ROBOTS_TYPES = ("text/plain",)


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-response limits. The defaults suit news pages and feeds."""

    connect_timeout: float = 10.0  # seconds to open the connection
    read_timeout: float = 20.0  # seconds of silence between two chunks
    deadline: float = 60.0  # seconds for the whole response, however it trickles
    max_bytes: int = 5 * 1024 * 1024  # body, on the wire and decompressed
    max_redirects: int = 5
    politeness: float = 2.0  # seconds between two requests to one host
    max_crawl_delay: float = 60.0  # a site's Crawl-delay is honoured up to this
    robots: bool = True
    robots_max_bytes: int = 512 * 1024
    allow_private: bool = False  # fetch private/loopback/link-local addresses


class FetchError(IngestError):
    """A URL that could not be fetched or read, with the reason in words."""

    def __init__(
        self, origin: str, reason: str, *, transient: bool = False, refused: bool = False
    ) -> None:
        super().__init__(origin, reason)
        self.transient = transient  # a later try may succeed (timeouts, 5xx, 429)
        self.refused = refused  # refused here by a rule, before asking the server


@dataclass(slots=True)
class Response:
    url: str  # the final URL, after redirects
    status: int
    content_type: str  # media type, lower case, without parameters ("" when absent)
    charset: str | None  # from the Content-Type header
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # 304: the caller's copy is current
    location: str | None = None  # where a redirect points
    redirects: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The body decoded: see ``decode``."""
        return decode(self.body, self.charset, self.url, self.content_type)


Clock = Callable[[], float]
Sleep = Callable[[float], None]
Resolver = Callable[[str, int], list[str]]  # host, port -> its addresses


def resolve(host: str, port: int) -> list[str]:
    """The addresses of ``host`` (the system resolver), scope ids dropped."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]).split("%", 1)[0] for info in infos]


class Fetcher:
    """An HTTP client with limits, robots.txt and politeness. Use as a context manager."""

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        resolver: Resolver = resolve,
    ) -> None:
        self.limits = limits or Limits()
        self._resolver = resolver
        self._clock = clock
        self._sleep = sleep
        self._last_request: dict[str, float] = {}
        # robots.txt per site, with when it was read: kept ROBOTS_TTL seconds
        self._robots: dict[str, tuple[float, RobotFileParser | FetchError]] = {}
        self.client = httpx.Client(
            timeout=httpx.Timeout(
                connect=self.limits.connect_timeout,
                read=self.limits.read_timeout,
                write=self.limits.read_timeout,
                pool=self.limits.connect_timeout,
            ),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            transport=transport,
            trust_env=False,  # no proxy from the environment: addresses are checked here
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # -- the one public request ------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        accept: Iterable[str] = HTML_TYPES,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Response:
        """GET ``url`` within the limits; raise ``FetchError`` with the reason."""
        accepted = tuple(accept)
        redirects: list[str] = []
        current = url
        while True:
            self._check_url(current, url)
            if self.limits.robots:
                self._check_robots(current, url)
            headers = {"Accept": ", ".join(accepted) + ", */*;q=0.1"}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            response = self._request(current, headers, url, self.limits.max_bytes, accepted)
            response.redirects = redirects
            if response.status in (301, 302, 303, 307, 308):
                location = response.location
                if not location:
                    raise FetchError(url, f"HTTP {response.status} redirect without a Location")
                if len(redirects) >= self.limits.max_redirects:
                    raise FetchError(
                        url, f"more than {self.limits.max_redirects} redirects (a loop?)"
                    )
                try:
                    target = urljoin(current, location)
                except ValueError as exc:
                    raise FetchError(
                        url, f"redirect to an invalid URL {location!r}: {exc}"
                    ) from exc
                if target in redirects or target == current:
                    raise FetchError(url, f"redirect loop at {target}")
                redirects.append(current)
                current = target
                continue
            return response

    # -- checks ----------------------------------------------------------------------

    def _check_url(self, current: str, origin: str) -> None:
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https"):
            raise FetchError(origin, f"not an http(s) URL: {current!r}", refused=True)
        if not parts.hostname:
            raise FetchError(origin, f"URL has no host: {current!r}", refused=True)
        if parts.username or parts.password:
            raise FetchError(origin, "URL carries a user name or password; refused", refused=True)
        # The address itself is checked, and pinned, in ``_pinned`` for each connection.

    def _check_robots(self, current: str, origin: str) -> None:
        parts = urlsplit(current)
        key = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(key)
        if cached is None or self._clock() - cached[0] > ROBOTS_TTL:
            cached = (self._clock(), self._load_robots(key))
            self._robots[key] = cached
        rules = cached[1]
        if isinstance(rules, FetchError):
            raise FetchError(origin, rules.reason, transient=rules.transient, refused=rules.refused)
        if not rules.can_fetch(ROBOTS_AGENT, current):
            raise FetchError(
                origin, f"robots.txt of {key} disallows {parts.path or '/'}", refused=True
            )

    def _load_robots(self, site: str) -> RobotFileParser | FetchError:
        rules = RobotFileParser()
        robots_url = site + "/robots.txt"
        try:
            response = self._request(
                robots_url, {"Accept": "text/plain"}, robots_url, self.limits.robots_max_bytes, ()
            )
        except FetchError as exc:
            if exc.refused:  # the site's address itself is refused: say so, not "unreachable"
                return FetchError(robots_url, exc.reason, refused=True)
            return FetchError(
                robots_url, f"robots.txt unreachable ({exc.reason}); not fetching", transient=True
            )
        if 400 <= response.status < 500 or response.status in (301, 302, 303, 307, 308):
            rules.parse([])  # no robots.txt: everything allowed
        elif response.status >= 500:
            return FetchError(
                robots_url,
                f"robots.txt answers HTTP {response.status}; not fetching",
                transient=True,
            )
        else:
            text = response.body.decode("utf-8", errors="replace")
            rules.parse(text.splitlines())
        return rules

    def _crawl_delay(self, site: str) -> float:
        rules = self._robots.get(site, (0.0, None))[1]
        if isinstance(rules, RobotFileParser):
            try:
                delay = rules.crawl_delay(ROBOTS_AGENT)
            except (TypeError, ValueError):
                delay = None
            if delay:
                return min(float(delay), self.limits.max_crawl_delay)
        return 0.0

    def _wait_politely(self, url: str) -> None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        delay = max(self.limits.politeness, self._crawl_delay(f"{parts.scheme}://{parts.netloc}"))
        last = self._last_request.get(host)
        if last is not None and delay > 0:
            wait = last + delay - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    # -- the request, streamed within the limits ------------------------------------

    def _request(
        self,
        url: str,
        headers: dict[str, str],
        origin: str,
        max_bytes: int,
        accepted: tuple[str, ...],
    ) -> Response:
        self._wait_politely(url)
        started = self._clock()
        try:
            target, headers, extensions = self._pinned(url, origin, headers)
            with self.client.stream(
                "GET", target, headers=headers, extensions=extensions
            ) as response:
                status = response.status_code
                media, charset = _content_type(response.headers.get("content-type", ""))
                if status in (301, 302, 303, 307, 308):
                    location = response.headers.get("location")
                    return Response(url, status, media, charset, b"", location=location)
                if status == 304:
                    return Response(
                        url,
                        status,
                        media,
                        charset,
                        b"",
                        etag=response.headers.get("etag"),
                        last_modified=response.headers.get("last-modified"),
                        not_modified=True,
                    )
                if status >= 400:
                    if not accepted:  # robots.txt: the caller reads the status
                        return Response(url, status, media, charset, b"")
                    raise FetchError(
                        origin,
                        f"HTTP {status} {response.reason_phrase}".strip(),
                        transient=status in (408, 425, 429) or status >= 500,
                    )
                if status != 200:
                    raise FetchError(origin, f"HTTP {status} {response.reason_phrase}".strip())
                if accepted and media and media not in accepted:
                    raise FetchError(origin, f"content type {media} is not one we read")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(
                        origin, f"response is {int(declared):,} bytes, over the {max_bytes:,} limit"
                    )
                body = self._read_body(response, origin, max_bytes, started)
                return Response(
                    url,
                    status,
                    media,
                    charset,
                    body,
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
        except FetchError:
            raise
        except httpx.TimeoutException as exc:
            raise FetchError(origin, f"timed out ({type(exc).__name__})", transient=True) from exc
        except httpx.RemoteProtocolError as exc:
            raise FetchError(
                origin, f"server broke off the response: {exc}", transient=True
            ) from exc
        except httpx.TooManyRedirects as exc:  # pragma: no cover - we follow by hand
            raise FetchError(origin, "too many redirects") from exc
        except httpx.HTTPError as exc:
            raise FetchError(
                origin, f"cannot fetch: {type(exc).__name__}: {exc}", transient=True
            ) from exc
        except httpx.InvalidURL as exc:  # the URL, or a redirect's Location, is not valid
            raise FetchError(origin, f"invalid URL: {exc}") from exc
        except (UnicodeError, ValueError) as exc:  # an unencodable host name, a bad header
            raise FetchError(origin, f"cannot fetch: {exc}") from exc

    def _pinned(
        self, url: str, origin: str, headers: dict[str, str]
    ) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
        """The URL to connect to, its headers and extensions: with private addresses
        refused, the host is resolved here, every address checked, and the request sent
        to the first one, so the connection goes to the address that was vetted."""
        parsed = httpx.URL(url)
        if self.limits.allow_private:
            return parsed, headers, {}
        host = parsed.host
        port = parsed.port or _default_port(parsed.scheme)
        address = vetted_address(host, port, origin, self._resolver)
        if _ip(host) is not None:
            return parsed, headers, {}
        pinned = {**headers, "Host": parsed.netloc.decode("ascii")}
        extensions = {}
        if parsed.scheme == "https":
            extensions["sni_hostname"] = parsed.raw_host.decode("ascii")
            # Connections are pooled by address: one per request, so a TLS connection
            # made for one host name never carries another's request.
            pinned["Connection"] = "close"
        return parsed.copy_with(host=address), pinned, extensions

    def _read_body(
        self, response: httpx.Response, origin: str, max_bytes: int, started: float
    ) -> bytes:
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding in ("gzip", "x-gzip", "deflate"):
            # wbits 47: a gzip or a zlib header, detected; raw deflate retried below
            inflater: zlib._Decompress | None = zlib.decompressobj(47)
        elif encoding in ("", "identity"):
            inflater = None
        else:
            raise FetchError(origin, f"content encoding {encoding!r} is not supported")
        chunks: list[bytes] = []
        size = 0
        wire = 0
        raw_deflate_tried = False
        for chunk in response.iter_raw():
            wire += len(chunk)
            if wire > max_bytes:
                raise FetchError(origin, f"response is over the {max_bytes:,}-byte limit")
            if self._clock() - started > self.limits.deadline:
                raise FetchError(
                    origin,
                    f"response took over {self.limits.deadline:g} s (too slow)",
                    transient=True,
                )
            if inflater is not None:
                try:
                    data = inflater.decompress(chunk, max_bytes - size + 1)
                except zlib.error as exc:
                    if encoding == "deflate" and not raw_deflate_tried and size == 0:
                        raw_deflate_tried = True
                        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                        data = inflater.decompress(chunk, max_bytes - size + 1)
                    else:
                        raise FetchError(origin, f"corrupt {encoding} body: {exc}") from exc
                if inflater.unconsumed_tail:
                    raise FetchError(origin, f"response inflates past the {max_bytes:,}-byte limit")
            else:
                data = chunk
            size += len(data)
            if size > max_bytes:
                raise FetchError(
                    origin,
                    f"response {'inflates ' if inflater else 'is '}"
                    f"over the {max_bytes:,}-byte limit",
                )
            chunks.append(data)
        if inflater is not None:
            try:
                tail = inflater.flush()
            except zlib.error as exc:  # pragma: no cover - flush rarely fails
                raise FetchError(origin, f"corrupt {encoding} body: {exc}") from exc
            if not inflater.eof and wire:
                raise FetchError(origin, f"{encoding} body is truncated", transient=True)
            size += len(tail)
            if size > max_bytes:
                raise FetchError(origin, f"response inflates over the {max_bytes:,}-byte limit")
            chunks.append(tail)
        return b"".join(chunks)


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _content_type(header: str) -> tuple[str, str | None]:
    if not header:
        return "", None
    message = Message()
    message["content-type"] = header
    media = message.get_content_type().lower() if "/" in header.split(";")[0] else ""
    charset = message.get_param("charset")
    if isinstance(charset, tuple):  # RFC 2231 form
        charset = charset[2]
    return media, (str(charset).strip().strip("\"'").lower() or None) if charset else None


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")  # RFC 2765 translated


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: mapped (::ffff:a.b.c.d), compatible
    (::a.b.c.d), translated (::ffff:0:a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4, Teredo
    (server and client) and ISATAP. A connection to any of them may reach the IPv4 one."""
    value = int(ip)
    low = ipaddress.IPv4Address(value & 0xFFFFFFFF)
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if value >> 32 == 0 or ip in _TRANSLATED or any(ip in net for net in _NAT64):
        found.append(low)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if (value >> 32) & 0xFDFFFFFF == 0x00005EFE:  # ISATAP interface id
        found.append(low)
    return found


def is_public_address(address: str) -> bool:
    """A global unicast address, and so is every IPv4 address wrapped in it."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        candidates.extend(embedded_ipv4(ip))
    return all(c.is_global and not c.is_multicast for c in candidates)


def vetted_address(host: str, port: int, origin: str, resolver: Resolver = resolve) -> str:
    """The address to connect to for ``host``: resolved once, and only when every
    address it resolves to is a public one (else ``FetchError``).

    A server reachable from other machines must not become a way into the network it runs
    in (the cloud metadata service, the router, a database on localhost).
    """
    literal = _ip(host)
    try:
        addresses = [str(literal)] if literal is not None else resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise FetchError(origin, f"cannot resolve host {host!r}: {exc}", transient=True) from exc
    if not addresses:
        raise FetchError(origin, f"host {host!r} resolves to no address", transient=True)
    for address in addresses:
        try:
            public = is_public_address(address)
        except ValueError:
            public = False
        if not public:
            raise FetchError(
                origin,
                f"{host} resolves to the private or loopback address {address}; refused "
                "(allow private addresses explicitly to fetch it)",
                refused=True,
            )
    return addresses[0].split("%", 1)[0]


def refuse_private(host: str, port: int, origin: str, resolver: Resolver = resolve) -> None:
    """Raise unless every address ``host`` resolves to is a public one."""
    vetted_address(host, port, origin, resolver)


# -- character sets ------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""")


def sniff_charset(body: bytes, header_charset: str | None = None) -> tuple[str | None, str]:
    """The declared character set and where it was declared (header, BOM, document)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, "byte-order mark"
    if header_charset:
        return header_charset, "Content-Type header"
    head = body[:4096]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match:
        return match.group(1).decode("ascii").lower(), "document"
    return None, "nothing"


def decode(body: bytes, header_charset: str | None, origin: str, media: str = "") -> str:
    """Bytes to text: the declared charset (BOM, header, document), else UTF-8, else the
    best guess of charset_normalizer; raise ``FetchError`` when none fits or the result
    is binary."""
    if not body.strip():
        raise FetchError(origin, "response is empty")
    declared, where = sniff_charset(body, header_charset)
    if not declared and b"\x00" in body[:8192]:
        raise FetchError(origin, f"response is binary{f' ({media})' if media else ''}, not text")
    text: str | None = None
    problems: list[str] = []
    for candidate in ([declared] if declared else []) + ["utf-8"]:
        try:
            text = body.decode(candidate, errors="strict")
            break
        except LookupError:
            problems.append(f"unknown character set {candidate!r} declared in the {where}")
        except UnicodeDecodeError as exc:
            problems.append(f"bytes are not valid {candidate} (byte {exc.start})")
    if text is None and not declared:
        text = _guess(body)
    if text is None:
        raise FetchError(origin, "cannot decode: " + "; ".join(problems))
    if text.startswith("\ufeff"):
        text = text[1:]
    if _garbled(text):
        raise FetchError(
            origin, f"response is binary or wrongly encoded{f' ({media})' if media else ''}"
        )
    return text


def _guess(body: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency of trafilatura
        return None
    best = from_bytes(body[:200_000]).best()
    if best is None:
        return None
    try:
        return body.decode(best.encoding, errors="strict")
    except (LookupError, UnicodeDecodeError):
        return None


def _garbled(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    return bad / len(sample) > 0.02


# -- article pages -------------------------------------------------------------------

_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/-]|$)")


def date_from_url(url: str) -> date | None:
    """``/2024/10/18/`` in a URL: used only when the page itself gives no date."""
    match = _URL_DATE.search(urlsplit(url).path)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def outlet_from_url(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def document_from_page(
    response: Response, origin: str | None = None, *, published: date | None = None
) -> Document:
    """The article in a fetched page: main text and metadata with trafilatura. The page's
    own metadata wins; ``published`` (a feed's date) and then the URL only fill in what
    the page does not say."""
    where = origin or response.url
    html = response.text()
    doc = sanitize(from_html(html, where))
    if not doc.text or not doc.text.strip():
        raise FetchError(where, "page holds no main text")
    if len(doc.text) > MAX_TEXT_CHARS:
        raise FetchError(where, f"text is {len(doc.text):,} characters, over the limit")
    doc.url = doc.url if doc.url and doc.url.startswith(("http://", "https://")) else response.url
    doc.outlet = doc.outlet or outlet_from_url(response.url)
    doc.published = doc.published or published or date_from_url(response.url)
    doc.origin = where
    return doc


def fetch_page(fetcher: Fetcher, url: str, *, published: date | None = None) -> Document:
    """Download one article page and read it; raise ``FetchError``/``IngestError``."""
    response = fetcher.get(url, accept=HTML_TYPES)
    return document_from_page(response, url, published=published)


def fetch_pages(fetcher: Fetcher, urls: Iterable[str]) -> Iterable[Document | IngestError]:
    """Each URL's document, or the error that says why it was skipped."""
    for url in urls:
        try:
            yield fetch_page(fetcher, url)
        except IngestError as error:
            yield error
