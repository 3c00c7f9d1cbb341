"""Text from outside made safe to store and to show: one function per destination.

Articles, feeds and archives are written by strangers. Control characters are removed at
ingest (``clean_text``), before extraction, so every stored offset indexes the text as
stored. What leaves the program is made inert for where it goes: a spreadsheet
(``csv_cell``), a ``<script>`` element (``json_for_script``), a link (``http_url``).
Terminal output is escaped in ``corroborate.cli.output.safe``.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

# C0 controls but tab and newline, DEL, and C1 controls: invisible in a page, terminal
# commands in a terminal (ESC starts one), invalid in XML 1.0 (an SVG, a feed).
_CONTROLS: dict[int, str | None] = {
    c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)
}
_CONTROLS.update({c: None for c in range(0x80, 0xA0)})
_CONTROLS[0x0D] = "\n"  # a lone carriage return ends a line (after CRLF became LF)
_FIELD = {**_CONTROLS, 0x09: " ", 0x0A: " ", 0x0D: " "}
# Unpaired surrogates cannot be encoded to UTF-8: a store or a response would fail.
_SURROGATES = {c: "\ufffd" for c in range(0xD800, 0xE000)}


def clean_text(text: str) -> str:
    """A document's text without control characters (tab and newline kept; CRLF and a
    lone CR become LF) and without unpaired surrogates."""
    if not text:
        return text
    text = text.replace("\r\n", "\n").translate(_CONTROLS)
    return text.translate(_SURROGATES) if _has_surrogate(text) else text


def clean_field(value: str | None, limit: int) -> str | None:
    """A one-line field (title, outlet, URL): controls and line breaks become spaces, and
    the value is cut to ``limit`` characters."""
    if value is None:
        return None
    text = value.translate(_FIELD)
    if _has_surrogate(text):
        text = text.translate(_SURROGATES)
    text = text.strip()[:limit]
    return text or None


def strip_controls(text: str) -> str:
    """Text without any control character but tab and newline (for terminals and XML)."""
    text = text.translate(_CONTROLS)
    return text.translate(_SURROGATES) if _has_surrogate(text) else text


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_FORMULA_START = ("=", "+", "-", "@", "\t", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: Any) -> Any:
    """One CSV cell, inert in a spreadsheet: lists and mappings as JSON, and text that a
    spreadsheet would run as a formula (=, +, -, @, a tab or line break first, or their
    full-width forms) prefixed with an apostrophe; numbers are left alone."""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str):
        value = strip_controls(value)
        if value.lstrip(" ").startswith(_FORMULA_START) and not _number(value):
            return "'" + value
    return value


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def json_for_script(data: Any, *, indent: int | None = 2) -> str:
    """JSON that can be pasted into ``<script type="application/ld+json">``: ``<``, ``>``
    and ``&`` are written as ``\\u`` escapes, so no ``</script>`` or ``<!--`` can end or
    bend the element, and U+2028/U+2029 too (line ends in older JavaScript)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def http_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host, else None (``javascript:``,
    ``data:``, relative and malformed URLs are dropped)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if any(ord(c) < 0x21 or c in "<>\"'`" for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url
