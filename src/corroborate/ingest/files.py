"""Reading documents from files: .txt .md .html .json .jsonl .pdf .docx, folders and
globs.

Every reader yields ``Document`` records or raises ``IngestError`` naming the file (and
line, for JSONL) with the reason, so one bad file never stops a batch.
"""

from __future__ import annotations

import glob
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from corroborate.ingest.limits import (
    MAX_FIELD_CHARS,
    MAX_FILE_BYTES,
    MAX_JSON_DEPTH,
    MAX_JSONL_LINE_BYTES,
    MAX_TEXT_CHARS,
)
from corroborate.records import Document, Precision
from corroborate.sanitize import clean_field, clean_text

SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
OFFICE = (".pdf", ".docx")  # binary: read by their own libraries (ingest.documents)
KNOWN = "folder holds no .txt .md .html .json .jsonl .pdf .docx .warc .warc.gz file"
__all__ = ["MAX_FILE_BYTES", "MAX_TEXT_CHARS", "IngestError", "expand_paths", "read_file"]


@dataclass(slots=True)
class IngestError(Exception):
    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def expand_paths(paths: Iterable[str]) -> Iterator[Path | IngestError]:
    """Files named, folders walked recursively (supported suffixes only), globs expanded.

    A folder is read as given: a symbolic link in it that leads outside it (to a file or
    to a folder) is skipped with the reason, so ``dir/passwd.txt -> /etc/passwd`` is
    never read. A file named on the command line is read wherever it points.
    """
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = list(_walk(path))
            if not any(isinstance(p, Path) for p in found):
                yield IngestError(raw, KNOWN)
            yield from found
        elif path.is_file():
            yield path
        elif glob.has_magic(raw):
            yield from _glob(raw)
        else:
            yield IngestError(raw, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path | IngestError]:
    """The supported files under ``folder`` in name order; links out of it as errors."""
    root = folder.resolve()
    out: list[Path | IngestError] = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in list(dirs):
            link = Path(top, name)
            if link.is_symlink():
                dirs.remove(name)  # never followed: its files are read where they are
                if not _inside(link, root):
                    out.append(_outside(link))
        for name in files:
            candidate = Path(top, name)
            if not _supported(candidate):
                if not _ignored(candidate):  # named, so a folder of .doc files is no mystery
                    out.append(IngestError(str(candidate), _unsupported(candidate)))
                continue
            if candidate.is_symlink() and not _inside(candidate, root):
                out.append(_outside(candidate))
            elif candidate.is_file():
                out.append(candidate)
    yield from sorted(out, key=lambda p: str(p.origin if isinstance(p, IngestError) else p))


def _glob(pattern: str) -> Iterator[Path | IngestError]:
    """A pattern's files; links leading out of the pattern's fixed folder are skipped."""
    fixed = Path(pattern.split("*")[0].split("?")[0].split("[")[0] or ".")
    root = (fixed if fixed.is_dir() else fixed.parent).resolve()
    matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
    files = [p for p in matches if p.is_file() and _supported(p)]
    if not files:
        yield IngestError(pattern, "pattern matches no supported file")
    for path in files:
        yield _outside(path) if path.is_symlink() and not _inside(path, root) else path


def _inside(link: Path, root: Path) -> bool:
    try:
        return link.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a link loop
        return False


def _outside(link: Path) -> IngestError:
    try:
        target = os.readlink(link)
    except OSError:
        target = "?"
    return IngestError(
        str(link), f"symbolic link to {target}, outside the folder; skipped (name it to read it)"
    )


def _supported(path: Path) -> bool:
    """Walked folders skip hidden files and READMEs: a corpus folder's README describes
    the corpus, it is not one of its articles (name the file to ingest it anyway)."""
    name = path.name
    return (
        path.suffix.lower() in (*SUFFIXES, *OFFICE) or name.lower().endswith((".warc", ".warc.gz"))
    ) and not _ignored(path)


def _ignored(path: Path) -> bool:
    """Hidden files (.DS_Store) and a corpus's README: skipped without a word."""
    return path.name.startswith(".") or path.name.upper().startswith("README.")


_CONVERT = {".doc": "save it as .docx", ".rtf": "save it as .docx", ".odt": "save it as .docx"}


def _unsupported(path: Path) -> str:
    suffix = path.suffix.lower() or "(none)"
    hint = _CONVERT.get(suffix, "convert it to .txt, .html, .pdf or .docx")
    return f"unsupported file type {suffix}, skipped; {hint}"


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
        if suffix in OFFICE:
            yield checked_document(_office(path), origin)
            return
        if suffix not in SUFFIXES:
            raise IngestError(origin, _unsupported(path))
        if suffix == ".jsonl":  # line by line: one bad line (binary, bad UTF-8) loses no other
            yield from _jsonl(_read_bytes(path), origin)
            return
        text = _read_text(path)
        if suffix in (".html", ".htm"):
            yield checked_document(from_html(text, origin), origin)
        elif suffix == ".json":
            yield checked_document(from_json_text(text, origin), origin)
        else:
            yield checked_document(from_plain(text, origin), origin)
    except IngestError as error:
        yield error
    except (RecursionError, MemoryError) as exc:
        yield IngestError(origin, f"too deep or too large to read ({type(exc).__name__})")
    except Exception as exc:  # a reader's bug on one file must not lose the files beside it
        yield IngestError(origin, f"cannot read: {type(exc).__name__}: {exc}")


def _office(path: Path) -> Document:
    """A PDF or .docx, within the size limit; what cannot be read is named."""
    from corroborate.ingest.documents import UnreadableDocument, from_docx, from_pdf

    origin = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(origin, f"cannot read file: {exc.strerror or exc}") from exc
    if size > MAX_FILE_BYTES:
        raise IngestError(origin, f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,} limit")
    if not size:
        raise IngestError(origin, "file is empty")
    try:
        return from_pdf(path)[0] if path.suffix.lower() == ".pdf" else from_docx(path)
    except UnreadableDocument as exc:
        raise IngestError(origin, str(exc)) from exc


def _read_bytes(path: Path) -> bytes:
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
    return raw


def _read_text(path: Path) -> str:
    origin = str(path)
    raw = _read_bytes(path)
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


def _jsonl(raw: bytes, origin: str) -> Iterator[Document | IngestError]:
    for number, chunk in enumerate(raw.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        if not chunk.strip():
            continue
        where = f"{origin}:{number}"
        if b"\x00" in chunk:
            yield IngestError(where, "line is binary, not text")
            continue
        try:
            line = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield IngestError(where, f"not valid UTF-8 (byte {exc.start} of the line)")
            continue
        yield jsonl_line(line, where)


def jsonl_line(line: str, where: str) -> Document | IngestError:
    """One JSONL line's document, or the error naming the line: never raises, so one bad
    line loses no other."""
    try:
        if len(line) > MAX_JSONL_LINE_BYTES:
            raise IngestError(where, f"line is over the {MAX_JSONL_LINE_BYTES:,}-byte limit")
        return checked_document(from_json_text(line, where), where)
    except IngestError as error:
        return error
    except Exception as exc:  # a reader's bug on one line must not lose the others
        return IngestError(where, f"cannot read: {type(exc).__name__}: {exc}")


def checked_document(doc: Document, origin: str) -> Document:
    """The document as stored: control characters removed (before any offset is taken),
    one-line fields cleaned and cut, and refused when empty or too long."""
    sanitize(doc)
    if not doc.text or not doc.text.strip():
        raise IngestError(origin, "document has no text")
    if len(doc.text) > MAX_TEXT_CHARS:
        raise IngestError(origin, f"text is {len(doc.text):,} characters, over the limit")
    doc.origin = origin
    return doc


def sanitize(doc: Document) -> Document:
    """Remove control characters from a document's text and fields, in place."""
    doc.text = clean_text(doc.text)
    doc.title = clean_field(doc.title, MAX_FIELD_CHARS)
    doc.outlet = clean_field(doc.outlet, MAX_FIELD_CHARS)
    doc.url = clean_field(doc.url, MAX_FIELD_CHARS)
    doc.language = clean_field(doc.language, 35)
    return doc


def from_json_text(text: str, origin: str) -> Document:
    depth = json_depth(text, MAX_JSON_DEPTH)
    if depth > MAX_JSON_DEPTH:
        raise IngestError(origin, f"JSON nested over {MAX_JSON_DEPTH} levels deep; refused")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(origin, f"malformed JSON: {exc.msg} at line {exc.lineno}") from exc
    except RecursionError as exc:  # pragma: no cover - the depth check comes first
        raise IngestError(origin, "JSON nested too deep to read") from exc
    return from_mapping(data, origin)


# A string (skipped whole, escapes included) or a bracket: depth is counted on brackets
# outside strings, found by the regex engine, so a long article costs a few matches.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def json_depth(text: str, stop_above: int) -> int:
    """The deepest nesting of brackets in JSON ``text``, counted up to ``stop_above + 1``
    (a document nested 200,000 deep is refused after reading ``stop_above`` brackets)."""
    depth = deepest = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token[0] == '"':
            continue
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_above:
                    break
        elif token in "]}":
            depth -= 1
    return deepest


def from_mapping(data: object, origin: str) -> Document:
    if not isinstance(data, dict):
        raise IngestError(origin, f"expected a JSON object, found {type(data).__name__}")
    body = data.get("text")
    if not isinstance(body, str):
        raise IngestError(origin, "JSON document needs a string field 'text'")
    published, precision = parse_published(data.get("published"), origin)
    return Document(
        text=body,
        url=_optional_str(data, "url", origin),
        outlet=_optional_str(data, "outlet", origin),
        title=_optional_str(data, "title", origin),
        language=_optional_str(data, "language", origin),
        published=published,
        published_precision=precision,
    )


def _optional_str(data: dict[str, object], key: str, origin: str) -> str | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value.strip() or None if isinstance(value, str) else None
    raise IngestError(origin, f"field {key!r} must be a string, found {type(value).__name__}")


def parse_date(value: object, origin: str) -> date | None:
    """ISO dates of any precision and datetimes: the first day of what they name."""
    return parse_published(value, origin)[0]


# "2025", "2025-01": a year or a month, not a day.
_PARTIAL_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2}))?")


def parse_published(value: object, origin: str) -> tuple[date | None, Precision | None]:
    """A document's date and its precision: "2025" (a year), "2025-01" (a month),
    "2025-01-07" or a datetime with or without a zone, "2025-01-07T09:30:00+09:00" (a day,
    the date as written where it was published; precision None)."""
    if value in (None, ""):
        return None, None
    if not isinstance(value, str):
        raise IngestError(origin, f"'published' must be a date string, found {value!r}")
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date(), None
    except ValueError:
        pass
    partial = _PARTIAL_DATE.fullmatch(text)
    try:
        if partial:
            month = partial.group("month")
            first = date(int(partial.group("year")), int(month or 1), 1)
            return first, "month" if month else "year"
        return date.fromisoformat(text[:10]), None
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
    published, precision = parse_published(meta.get("published") or meta.get("date"), origin)
    return Document(
        text=body,
        title=meta.get("title") or title,
        outlet=meta.get("outlet") or meta.get("source"),
        url=meta.get("url"),
        published=published,
        published_precision=precision,
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
        published=lenient_date(data.get("date")),
    )


def lenient_date(value: object) -> date | None:
    """A page's or an archive's date when it names a day; else none rather than a guess."""
    try:
        day, precision = parse_published(value, "")
    except IngestError:
        return None
    return day if precision is None else None
