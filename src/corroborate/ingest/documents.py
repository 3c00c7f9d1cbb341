"""Reading office documents: PDF (its text layer, with pypdf) and Word .docx (with
python-docx). Reports from ministries, think tanks and courts come as PDF.

A PDF's pages are joined with a blank line, in page order; its title and date come from
the document information (``/Title``, ``/CreationDate``), a .docx's from its core
properties. A PDF without a text layer (a scan) is refused by name: it needs OCR first.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from corroborate.records import Document
from corroborate.sanitize import clean_text

OCR_HINT = "scanned PDF without a text layer; run OCR first (e.g. ocrmypdf) and ingest its output"
# "D:20241023093000+09'00'": a PDF date; only the day is kept.
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")


class UnreadableDocument(Exception):
    """The file is a PDF or .docx that cannot be read; the message says why."""


def from_pdf(path: Path) -> tuple[Document, list[int]]:
    """The text of a PDF and the offset at which each page starts in it."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a malformed xref is not news
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument("PDF is encrypted with a password")
        # cleaned here, page by page, so that cleaning the whole text moves no page start
        pages = [clean_text(page.extract_text() or "").strip() for page in reader.pages]
        info: Mapping[str, Any] = reader.metadata or {}
    except PdfReadError as exc:
        raise UnreadableDocument(f"not a readable PDF: {exc}") from exc
    if not any(pages):
        raise UnreadableDocument(OCR_HINT)
    starts, text = [], ""
    for page in pages:
        text += "\n\n" if text else ""
        starts.append(len(text))
        text += page
    title = str(info.get("/Title") or "").strip() or None
    published = _pdf_date(info.get("/CreationDate"))
    return Document(text=text, title=title, published=published, pages=starts), starts


def page_of(starts: list[int], offset: int) -> int:
    """The page (from 1) that holds ``offset``, given each page's start offset."""
    return sum(1 for start in starts if start <= offset) or 1


def _pdf_date(value: object) -> date | None:
    match = _PDF_DATE.match(str(value or ""))
    if not match:
        return None
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def from_docx(path: Path) -> Document:
    """The paragraphs (and table cells) of a Word document, one paragraph per line."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise UnreadableDocument(f"not a readable .docx: {exc}") from exc
    lines = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    text = "\n\n".join(line for line in lines if line)
    core = document.core_properties
    when = core.created or core.modified
    return Document(
        text=text,
        title=(core.title or "").strip() or None,
        published=when.date() if when else None,
    )
