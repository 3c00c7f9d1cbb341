"""RSS and Atom feeds: bytes already fetched (within ``web.Limits``) in, entries out.

feedparser reads every flavour of RSS and Atom and forgives the broken ones, but it sits
on an XML parser, and when the strict parser gives up its forgiving fallback expands the
entities a feed declares (one 50 KB entity used 40,000 times: a 2-billion-character
item). So no entity may be declared at all: the feed is first converted to UTF-8 by
feedparser's own converter (whatever encoding it declares, UTF-16 and UTF-7 included),
and a feed whose converted bytes hold ``<!ENTITY`` anywhere, however deep in the file, is
refused with that reason. Nothing is left to expand but the predefined and HTML named
entities, one character each. feedparser is handed a byte stream, never a string, so it
can neither fetch a URL nor open a file on its own.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date
from html import unescape
from typing import Any

from corroborate.ingest.files import IngestError
from corroborate.ingest.limits import MAX_FEED_ENTRIES, MAX_FIELD_CHARS, MAX_GUID_CHARS
from corroborate.sanitize import clean_field, clean_text

MAX_ENTRIES = MAX_FEED_ENTRIES
_TAG = re.compile(r"<[^>]{0,2000}>")
_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6]|blockquote|tr)\b[^>]{0,2000}>", re.I)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)


@dataclass(slots=True)
class FeedEntry:
    guid: str  # the feed's id for the item, else its link, else a hash of its content
    url: str | None
    title: str | None
    published: date | None
    summary: str  # plain text
    content: str  # plain text of the full content, when the feed carries it

    @property
    def text(self) -> str:
        return self.content if len(self.content) >= len(self.summary) else self.summary


@dataclass(slots=True)
class Feed:
    url: str
    title: str | None
    link: str | None
    entries: list[FeedEntry] = field(default_factory=list)
    warning: str | None = None  # feedparser forgave a fault ("bozo"): what it was


def parse_feed(body: bytes, url: str, charset: str | None = None) -> Feed:
    """Parse a feed's bytes; raise ``IngestError(url, reason)`` when it cannot be read."""
    import feedparser

    if not body or not body.strip():
        raise IngestError(url, "feed is empty")
    stripped = body.lstrip()
    if stripped[:1] in (b"{", b"["):
        raise IngestError(url, "a JSON document, not an RSS or Atom feed")
    if b"\x00" in body[:8192] and not body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(url, "feed is binary, not XML")
    headers = {"content-type": f"application/xml; charset={charset}"} if charset else None
    _refuse_entities(body, url, headers)
    try:
        parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    except Exception as exc:  # feedparser should never raise; a fault must not stop a watch
        raise IngestError(url, f"cannot parse feed: {type(exc).__name__}: {exc}") from exc
    version = parsed.get("version") or ""
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.entries and (not version or problem is not None):
        reason = (
            f"not an RSS or Atom feed ({_describe(problem)})"
            if problem
            else ("not an RSS or Atom feed")
        )
        raise IngestError(url, reason)
    meta = parsed.get("feed", {})
    feed = Feed(
        url=url,
        title=clean_field(_clean(meta.get("title")), MAX_FIELD_CHARS),
        link=meta.get("link") if isinstance(meta.get("link"), str) else None,
        warning=_describe(problem) if problem is not None else None,
    )
    for entry in parsed.entries[:MAX_ENTRIES]:
        item = _entry(entry)
        if item is not None:
            feed.entries.append(item)
    if problem is not None and not feed.entries:
        raise IngestError(url, f"malformed feed with no readable item ({_describe(problem)})")
    return feed


def _refuse_entities(body: bytes, url: str, headers: dict[str, str] | None) -> None:
    """Refuse a feed that declares an entity anywhere, read as feedparser will read it."""
    from feedparser.encodings import convert_to_utf8

    try:
        converted = convert_to_utf8(dict(headers or {}), body, {})
    except Exception:  # feedparser then reads the bytes as they are
        converted = body
    for data in (converted, body):
        if _ENTITY_DECL.search(data):
            raise IngestError(url, "feed declares XML entities; refused (none are expanded)")


def _describe(problem: object) -> str:
    text = str(problem) or type(problem).__name__
    return text[:300]


def _entry(entry: dict[str, Any]) -> FeedEntry | None:
    link = entry.get("link")
    link = clean_field(link, MAX_FIELD_CHARS) if isinstance(link, str) else None
    if link and not link.startswith(("http://", "https://")):
        link = None
    title = clean_field(_clean(entry.get("title")), MAX_FIELD_CHARS)
    summary = _clean(entry.get("summary"))
    content = ""
    for part in entry.get("content") or []:
        value = part.get("value") if isinstance(part, dict) else None
        text = _clean(value)
        if len(text) > len(content):
            content = text
    guid = entry.get("id") if isinstance(entry.get("id"), str) else None
    guid = clean_field(guid, MAX_GUID_CHARS) or link
    if not guid:
        if not (title or summary or content):
            return None
        digest = hashlib.sha256(f"{title}\n{summary}\n{content}".encode()).hexdigest()
        guid = f"sha256:{digest}"
    return FeedEntry(
        guid=guid[:MAX_GUID_CHARS],
        url=link,
        title=title,
        published=_published(entry),
        summary=summary,
        content=content,
    )


def _published(entry: dict[str, Any]) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # plain lookup: no feedparser fallback, no warning
        if value:
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday)
            except (AttributeError, ValueError):
                continue
    return None


def _clean(value: object) -> str:
    """HTML in a feed to plain text (feedparser has already sanitised it)."""
    if not isinstance(value, str):
        return ""
    if "<" in value:
        value = _BLOCK.sub("\n\n", value)
        value = _TAG.sub(" ", value)
    text = clean_text(unescape(value))  # after unescaping: &#27; is an ESC
    return re.sub(r"[ \t\r\f\v]+", " ", re.sub(r"\n\s*\n+", "\n\n", text)).strip()
