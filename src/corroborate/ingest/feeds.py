"""RSS and Atom feeds: bytes already fetched (within ``web.Limits``) in, entries out.

feedparser reads every flavour of RSS and Atom and forgives the broken ones, but it sits
on an XML parser: before it sees a feed, defusedxml checks that the feed declares no
entities (the "billion laughs" expansion and external entities that read local files)
and the feed is refused with that reason if it does. feedparser is handed a byte
stream, never a string, so it can neither fetch a URL nor open a file on its own.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date
from html import unescape

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from corroborate.ingest.files import IngestError

MAX_ENTRIES = 1000  # a feed longer than this is read to this many entries
MAX_GUID_CHARS = 2000
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
    _refuse_entities(body, url)
    headers = {"content-type": f"application/xml; charset={charset}"} if charset else None
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
        title=_clean(meta.get("title")) or None,
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


def _refuse_entities(body: bytes, url: str) -> None:
    if not _ENTITY_DECL.search(body[:200_000]) and b"<!DOCTYPE" not in body[:200_000].upper():
        return
    try:
        SafeTree.fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise IngestError(
            url, f"feed declares XML entities; refused ({type(exc).__name__})"
        ) from exc
    except Exception:
        # Malformed XML: feedparser's forgiving parser reads it, but an entity declaration
        # in it is refused all the same.
        if _ENTITY_DECL.search(body):
            raise IngestError(url, "feed declares XML entities; refused") from None


def _describe(problem: object) -> str:
    text = str(problem) or type(problem).__name__
    return text[:300]


def _entry(entry: dict) -> FeedEntry | None:
    link = entry.get("link")
    link = link.strip() if isinstance(link, str) and link.strip() else None
    if link and not link.startswith(("http://", "https://")):
        link = None
    title = _clean(entry.get("title")) or None
    summary = _clean(entry.get("summary"))
    content = ""
    for part in entry.get("content") or []:
        value = part.get("value") if isinstance(part, dict) else None
        text = _clean(value)
        if len(text) > len(content):
            content = text
    guid = entry.get("id") if isinstance(entry.get("id"), str) else None
    guid = (guid or "").strip() or link
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


def _published(entry: dict) -> date | None:
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
    text = value
    text = unescape(text)
    return re.sub(r"[ \t\r\f\v]+", " ", re.sub(r"\n\s*\n+", "\n\n", text)).strip()
