"""Reading web archives: ``.warc`` and ``.warc.gz`` as web crawls publish them (Common
Crawl's news crawl among them).

Each HTTP response record holding HTML becomes one ``Document``: main text by trafilatura
(the same ``from_html`` as .html files), URL from ``WARC-Target-URI``, date from the page or
else from ``WARC-Date``. Any other response (a PDF, an image, an error status, a page with
no main text) yields an ``IngestError`` naming the record's URI and the reason; the rest of
the archive goes on. Request, metadata and warcinfo records are not documents and are
passed over silently.

``scan_warc`` lists the offsets of the response records so that one large archive can be
split into record batches read by different workers (``read_warc(path, start=, stop=)``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader

from corroborate.ingest.files import IngestError, checked_document, from_html, lenient_date
from corroborate.ingest.limits import (
    MAX_WARC_HEADER_LINES,
    MAX_WARC_LINE_BYTES,
    MAX_WARC_RECORD_BYTES,
    MAX_WARC_SKIP_BYTES,
)
from corroborate.records import Document

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_RECORD_BYTES = MAX_WARC_RECORD_BYTES  # the name earlier callers import
_GZIP_MAGIC = b"\x1f\x8b\x08"
_SCAN_CHUNK = 1024 * 1024


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


@dataclass(slots=True, frozen=True)
class WarcRecordRef:
    """Where one response record starts in its archive (byte offset of the record, or of
    its gzip member in a .warc.gz)."""

    offset: int
    uri: str


class WarcLimitError(Exception):
    """A record passes one of the limits in ``corroborate.ingest.limits``."""


# warcio ships no type information: its record (ArcWarcRecord) is typed by what we read.
WarcRecord = Any


class _BoundedReader(DecompressingBufferedReader):  # type: ignore[misc]  # warcio is untyped
    """warcio's reader with header lines bounded: a line over ``MAX_WARC_LINE_BYTES``, or
    more than ``MAX_WARC_HEADER_LINES`` lines with no blank line or payload read between
    them, raises ``WarcLimitError`` instead of growing in memory (warcio reads a header
    line whole, however long: a 2 GiB line in a 2 MB .warc.gz)."""

    def __init__(self, stream: BinaryIO, **kwargs: object) -> None:
        super().__init__(stream, **kwargs)
        self._run = 0  # header lines read in a row

    def readline(self, length: int | None = None) -> bytes:
        cap = MAX_WARC_LINE_BYTES + 1
        limit = cap if length is None or length < 0 else min(length, cap)
        # warcio's readline(n) may stop short of n and of the line's end at a buffer
        # boundary: the pieces are joined here, so a long line is measured whole.
        parts: list[bytes] = []
        size = 0
        while size < limit:
            piece = super().readline(limit - size)
            if not piece:
                break
            parts.append(piece)
            size += len(piece)
            if piece.endswith(b"\n"):
                break
        line = b"".join(parts)
        if len(line) > MAX_WARC_LINE_BYTES:
            raise WarcLimitError(f"a header line is over the {MAX_WARC_LINE_BYTES:,}-byte limit")
        self._run = self._run + 1 if line.strip() else 0
        if self._run > MAX_WARC_HEADER_LINES:
            raise WarcLimitError(f"over {MAX_WARC_HEADER_LINES} header lines in one block")
        return line

    def read(self, length: int | None = None) -> bytes:
        self._run = 0
        data: bytes = super().read(length)
        return data


class _Records(ArchiveIterator):  # type: ignore[misc]  # warcio is untyped
    """warcio's iterator reading through ``_BoundedReader``."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(stream)
        block_size: int = self.reader.block_size
        self.reader: _BoundedReader = _BoundedReader(self.fh, block_size=block_size)


def _records(
    stream: BinaryIO, name: str, start: int = 0
) -> Iterator[tuple[int, WarcRecord | IngestError]]:
    """(offset, record) for each record from ``start``, or (offset, IngestError) for a
    record that cannot be read: the reader then finds the next record (the next gzip
    member, or the next ``WARC/1.`` line) and goes on, so one bad record loses no other."""
    compressed = _is_gzip(stream)
    position = start
    while True:
        stream.seek(position)
        records = _Records(stream)
        try:
            for record in records:
                length = record.rec_headers.get_header("Content-Length") or "0"
                if length.strip().isdigit() and int(length) > MAX_WARC_SKIP_BYTES:
                    raise WarcLimitError(
                        f"record of {int(length):,} bytes, over the {MAX_WARC_SKIP_BYTES:,}-byte "
                        "limit; passed over"
                    )
                yield records.offset, record
            return
        except Exception as exc:  # warcio raises many types on a damaged archive
            failed = records.offset
            yield failed, IngestError(f"record at byte {failed} in {name}", _reason(exc))
        following = _next_record_start(stream, failed + 1, compressed)
        if following is None:
            return
        position = following


def _reason(exc: Exception) -> str:
    if isinstance(exc, WarcLimitError):
        return f"{exc}; skipped"
    return f"damaged web archive: {type(exc).__name__}: {str(exc)[:300]}"


def _is_gzip(stream: BinaryIO) -> bool:
    stream.seek(0)
    return stream.read(2) == _GZIP_MAGIC[:2]


def _next_record_start(stream: BinaryIO, after: int, compressed: bool) -> int | None:
    """The offset of the next record at or after ``after``: a gzip member that inflates
    to ``WARC/``, or (uncompressed) a line starting ``WARC/1.``. Read in 1 MiB pieces."""
    marker = _GZIP_MAGIC if compressed else b"\nWARC/1."
    position = max(0, after - (0 if compressed else 1))
    while True:
        stream.seek(position)
        piece = stream.read(_SCAN_CHUNK)
        if len(piece) < len(marker):
            return None
        found = piece.find(marker)
        while found != -1:
            offset = position + found + (0 if compressed else 1)
            if offset >= after and (not compressed or _inflates_to_warc(stream, offset)):
                return offset
            found = piece.find(marker, found + 1)
        position += len(piece) - len(marker) + 1


def _inflates_to_warc(stream: BinaryIO, offset: int) -> bool:
    stream.seek(offset)
    try:
        head = zlib.decompressobj(31).decompress(stream.read(4096), 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def scan_warc(path: Path) -> tuple[list[WarcRecordRef], int]:
    """The response records' offsets, and the archive's size in bytes. Reads the archive
    once (headers only are parsed; payloads are skipped)."""
    refs: list[WarcRecordRef] = []
    with path.open("rb") as stream:
        for offset, record in _records(stream, path.name):
            if not isinstance(record, IngestError) and record.rec_type == "response":
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                refs.append(WarcRecordRef(offset, uri))
    return refs, path.stat().st_size


def read_warc(
    path: Path, *, start: int = 0, stop: int | None = None
) -> Iterator[Document | IngestError]:
    """The documents in an archive, or in its records whose offset is in [start, stop).

    Never raises: a record that cannot be read yields an IngestError naming it and its
    reason, and the records after it are still read.
    """
    origin = str(path)
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield IngestError(origin, f"cannot read file: {exc.strerror or exc}")
        return
    with stream:
        for offset, record in _records(stream, path.name, start):
            # ``offset`` is where the record starts in the file (consumes no payload)
            if stop is not None and offset >= stop:
                return
            if isinstance(record, IngestError):
                record.origin = f"{record.origin} ({origin})"
                yield record
            elif record.rec_type == "response":
                yield _response(record, origin)


def _response(record: WarcRecord, origin: str) -> Document | IngestError:
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"{uri or '(no URI)'} in {Path(origin).name}"
    try:
        http = record.http_headers
        if http is None:
            raise IngestError(where, "response record has no HTTP headers")
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            raise IngestError(where, f"HTTP status {status or '(none)'}, not a page")
        content_type = (http.get_header("Content-Type") or "").lower()
        media = content_type.split(";", 1)[0].strip()
        if media not in HTML_TYPES:
            raise IngestError(where, f"content type {media or '(none)'} is not HTML")
        payload = record.content_stream().read(MAX_RECORD_BYTES + 1)
        if len(payload) > MAX_RECORD_BYTES:
            raise IngestError(where, f"page is over the {MAX_RECORD_BYTES:,} byte limit")
        if not payload.strip():
            raise IngestError(where, "page is empty")
        doc = from_html(_decode(payload, content_type), where)
        doc.url = uri or doc.url
        if doc.published is None:
            doc.published = lenient_date(record.rec_headers.get_header("WARC-Date"))
        if not doc.outlet and uri:
            host = urlsplit(uri).hostname or ""
            doc.outlet = host.removeprefix("www.") or None
        doc = checked_document(doc, where)
        doc.origin = f"{uri} ({origin})" if uri else origin
        return doc
    except IngestError as error:
        return error
    except Exception as exc:  # a broken chunked body or gzip payload: one record lost
        return IngestError(where, f"cannot read record: {exc}")


def _decode(payload: bytes, content_type: str) -> str:
    """The charset the server declared, else UTF-8; undecodable bytes replaced, since a
    crawl holds every encoding there is."""
    charset = "utf-8"
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")
