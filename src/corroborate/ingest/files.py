"""Reading documents from files: .txt .md .html .json .jsonl, folders and globs.

Every reader yields ``Document`` records or raises ``IngestError`` naming the file (and
line, for JSONL) with the reason, so one bad file never stops a batch.
"""

from __future__ import annotations

import glob
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from corroborate.records import Document

SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
MAX_FILE_BYTES = 50 * 1024 * 1024  # article text is untrusted: refuse absurd sizes
MAX_TEXT_CHARS = 2_000_000


@dataclass(slots=True)
class IngestError(Exception):
    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def expand_paths(paths: Iterable[str]) -> Iterator[Path | IngestError]:
    """Files named, folders walked recursively (supported suffixes only), globs expanded."""
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _supported(p))
            if not found:
                yield IngestError(
                    raw, "folder holds no .txt .md .html .json .jsonl .warc .warc.gz file"
                )
            yield from found
        elif path.is_file():
            yield path
        elif glob.has_magic(raw):
            matches = sorted(Path(p) for p in glob.glob(raw, recursive=True))
            files = [p for p in matches if p.is_file() and _supported(p)]
            if not files:
                yield IngestError(raw, "pattern matches no supported file")
            yield from files
        else:
            yield IngestError(raw, "no such file or folder")


def _supported(path: Path) -> bool:
    """Walked folders skip hidden files and READMEs: a corpus folder's README describes
    the corpus, it is not one of its articles (name the file to ingest it anyway)."""
    name = path.name
    return (
        (path.suffix.lower() in SUFFIXES or name.lower().endswith((".warc", ".warc.gz")))
        and not name.startswith(".")
        and not name.upper().startswith("README.")
    )


def read_file(path: Path) -> Iterator[Document | IngestError]:
    """The documents in one file, or the errors that stand for what could not be read.

    Never raises: a bad file yields one IngestError; in JSONL a bad line yields an error
    and the good lines still count.
    """
    origin = str(path)
    suffix = path.suffix.lower()
    if path.name.lower().endswith((".warc", ".warc.gz")):
        from corroborate.ingest.warc import read_warc

        yield from read_warc(path)
        return
    try:
        if suffix not in SUFFIXES:
            raise IngestError(origin, f"unsupported file type {suffix or '(none)'}")
        text = _read_text(path)
        if suffix == ".jsonl":
            yield from _jsonl(text, origin)
        elif suffix in (".html", ".htm"):
            yield _check(from_html(text, origin), origin)
        elif suffix == ".json":
            yield _check(from_json_text(text, origin), origin)
        else:
            yield _check(from_plain(text, origin), origin)
    except IngestError as error:
        yield error


def _read_text(path: Path) -> str:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(origin, f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,} limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(origin, f"cannot read file: {exc.strerror or exc}") from exc
    if not raw.strip():
        raise IngestError(origin, "file is empty")
    if b"\x00" in raw[:8192]:
        raise IngestError(origin, "file is binary, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            origin, f"not valid UTF-8 (byte {exc.start}); convert it with iconv -t UTF-8"
        ) from exc


def _jsonl(text: str, origin: str) -> Iterator[Document | IngestError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            yield _check(from_json_text(line, where), where)
        except IngestError as error:
            yield error


def _check(doc: Document, origin: str) -> Document:
    if not doc.text or not doc.text.strip():
        raise IngestError(origin, "document has no text")
    if len(doc.text) > MAX_TEXT_CHARS:
        raise IngestError(origin, f"text is {len(doc.text):,} characters, over the limit")
    doc.origin = origin
    return doc


def from_json_text(text: str, origin: str) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(origin, f"malformed JSON: {exc.msg} at line {exc.lineno}") from exc
    return from_mapping(data, origin)


def from_mapping(data: object, origin: str) -> Document:
    if not isinstance(data, dict):
        raise IngestError(origin, f"expected a JSON object, found {type(data).__name__}")
    body = data.get("text")
    if not isinstance(body, str):
        raise IngestError(origin, "JSON document needs a string field 'text'")
    return Document(
        text=body,
        url=_optional_str(data, "url", origin),
        outlet=_optional_str(data, "outlet", origin),
        title=_optional_str(data, "title", origin),
        language=_optional_str(data, "language", origin),
        published=parse_date(data.get("published"), origin),
    )


def _optional_str(data: dict, key: str, origin: str) -> str | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value.strip() or None if isinstance(value, str) else None
    raise IngestError(origin, f"field {key!r} must be a string, found {type(value).__name__}")


def parse_date(value: object, origin: str) -> date | None:
    """ISO dates and datetimes ("2024-10-18", "2024-10-18T09:30:00Z")."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise IngestError(origin, f"'published' must be a date string, found {value!r}")
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError as exc:
        raise IngestError(origin, f"'published' is not an ISO date: {value!r}") from exc


_HEADER = re.compile(r"^(outlet|published|url|source|date|title)\s*:\s*(.*)$", re.IGNORECASE)


def from_plain(text: str, origin: str) -> Document:
    """.txt and .md: an optional title line ("# Title" in Markdown) and optional
    ``Outlet:`` / ``Published:`` / ``URL:`` header lines before a blank line."""
    lines = text.replace("\r\n", "\n").split("\n")
    meta: dict[str, str] = {}
    title: str | None = None
    body_start = 0
    for index, line in enumerate(lines[:8]):
        stripped = line.strip()
        header = _HEADER.match(stripped)
        if header:
            meta[header.group(1).lower()] = header.group(2).strip()
            body_start = index + 1
        elif not stripped:
            if meta or title:
                body_start = index + 1
                break
        elif index == 0 and (stripped.startswith("#") or _looks_like_title(lines)):
            title = stripped.lstrip("#").strip()
            body_start = 1
        else:
            break
    body = "\n".join(lines[body_start:]).strip()
    published = meta.get("published") or meta.get("date")
    return Document(
        text=body,
        title=meta.get("title") or title,
        outlet=meta.get("outlet") or meta.get("source"),
        url=meta.get("url"),
        published=parse_date(published, origin) if published else None,
    )


def _looks_like_title(lines: list[str]) -> bool:
    """A short first line followed by a header or a blank line."""
    first = lines[0].strip()
    second = lines[1].strip() if len(lines) > 1 else ""
    short = len(first) < 160 and not first.endswith((".", ":"))
    return short and (not second or bool(_HEADER.match(second)))


def from_html(html: str, origin: str) -> Document:
    """Main text and metadata with trafilatura (boilerplate, menus and scripts dropped)."""
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises many types on broken markup
        raise IngestError(origin, f"cannot parse HTML: {exc}") from exc
    if extracted is None:
        raise IngestError(origin, "HTML holds no main text")
    data = extracted if isinstance(extracted, dict) else extracted.as_dict()
    return Document(
        text=data.get("text") or "",
        title=data.get("title"),
        outlet=data.get("sitename"),
        url=data.get("url"),
        language=data.get("language"),
        published=_lenient_date(data.get("date")),
    )


def _lenient_date(value: object) -> date | None:
    try:
        return parse_date(value, "")
    except IngestError:
        return None
