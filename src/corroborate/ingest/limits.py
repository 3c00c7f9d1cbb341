"""Every limit the readers enforce on input written by strangers, in one place.

Each reader refuses what passes a limit with a reason naming the limit, and goes on with
the next document: a limit never stops a batch. ``describe()`` lists them for ``--help``
and docs/SECURITY.md. The per-response limits of web fetching (timeouts, body size,
redirects) are ``corroborate.ingest.web.Limits``, since a caller may change them.
"""

from __future__ import annotations

# Files and folders
MAX_FILE_BYTES = 50 * 1024 * 1024  # one .txt .md .html .json or small .jsonl file
MAX_TEXT_CHARS = 2_000_000  # one document's main text, after extraction
MAX_JSON_DEPTH = 32  # nesting of one JSON document (a document needs 2)
MAX_JSONL_LINE_BYTES = 16 * 1024 * 1024  # one line of a JSONL file
MAX_FIELD_CHARS = 2000  # title, outlet, URL: longer values are cut

# Web archives
MAX_WARC_RECORD_BYTES = 10 * 1024 * 1024  # one page's payload, decompressed
MAX_WARC_LINE_BYTES = 64 * 1024  # one WARC or HTTP header line
MAX_WARC_HEADER_LINES = 512  # header lines of one WARC or HTTP header block
MAX_WARC_SKIP_BYTES = 256 * 1024 * 1024  # decompressed bytes passed over to reach the next record

# Feeds
MAX_FEED_ENTRIES = 1000  # a longer feed is read to this many entries
MAX_GUID_CHARS = 2000


def describe() -> list[tuple[str, str]]:
    """(limit, value) pairs in words, for ``--help`` and the docs."""
    mib = 1024 * 1024
    return [
        ("file size", f"{MAX_FILE_BYTES // mib} MiB"),
        ("text of one document", f"{MAX_TEXT_CHARS:,} characters"),
        ("JSON nesting depth", str(MAX_JSON_DEPTH)),
        ("JSONL line", f"{MAX_JSONL_LINE_BYTES // mib} MiB"),
        ("title, outlet, URL", f"{MAX_FIELD_CHARS:,} characters"),
        ("web archive record (decompressed)", f"{MAX_WARC_RECORD_BYTES // mib} MiB"),
        ("web archive header line", f"{MAX_WARC_LINE_BYTES // 1024} KiB"),
        ("web archive header lines per block", str(MAX_WARC_HEADER_LINES)),
        ("web archive bytes skipped to the next record", f"{MAX_WARC_SKIP_BYTES // mib} MiB"),
        ("feed entries", f"{MAX_FEED_ENTRIES:,}"),
        ("XML entity declarations", "none: a feed declaring one is refused"),
    ]


def help_text() -> str:
    """One paragraph for a command's ``--help``."""
    return "Limits per document: " + "; ".join(f"{k} {v}" for k, v in describe()) + "."
