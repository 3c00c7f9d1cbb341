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

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from corroborate.ingest.files import MAX_FILE_BYTES, IngestError, _check, _lenient_date, from_html
from corroborate.records import Document

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_RECORD_BYTES = min(MAX_FILE_BYTES, 10 * 1024 * 1024)  # one page, not a whole site


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


@dataclass(slots=True, frozen=True)
class WarcRecordRef:
    """Where one response record starts in its archive (byte offset of the record, or of
    its gzip member in a .warc.gz)."""

    offset: int
    uri: str


def scan_warc(path: Path) -> tuple[list[WarcRecordRef], int]:
    """The response records' offsets, and the archive's size in bytes. Reads the archive
    once (headers only are parsed; payloads are skipped)."""
    from warcio.archiveiterator import ArchiveIterator

    refs: list[WarcRecordRef] = []
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type == "response":
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                refs.append(WarcRecordRef(records.get_record_offset(), uri))
    return refs, path.stat().st_size


def read_warc(
    path: Path, *, start: int = 0, stop: int | None = None
) -> Iterator[Document | IngestError]:
    """The documents in an archive, or in its records whose offset is in [start, stop).

    Never raises: a corrupt archive yields one IngestError for the file (after the records
    read before the damage).
    """
    from warcio.archiveiterator import ArchiveIterator

    origin = str(path)
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield IngestError(origin, f"cannot read file: {exc.strerror or exc}")
        return
    with stream:
        stream.seek(start)
        try:
            records = ArchiveIterator(stream)
            for record in records:
                # ``offset`` is where the current record starts in the file; unlike
                # get_record_offset() it does not consume the record's payload.
                if stop is not None and records.offset >= stop:
                    return
                if record.rec_type != "response":
                    continue
                yield _response(record, origin)
        except Exception as exc:  # warcio raises several types on damaged archives
            yield IngestError(origin, f"damaged web archive: {exc}")


def _response(record, origin: str) -> Document | IngestError:  # type: ignore[no-untyped-def]
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
            doc.published = _lenient_date(record.rec_headers.get_header("WARC-Date"))
        if not doc.outlet and uri:
            host = urlsplit(uri).hostname or ""
            doc.outlet = host.removeprefix("www.") or None
        doc = _check(doc, where)
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
