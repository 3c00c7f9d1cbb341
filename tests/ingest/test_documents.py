"""PDF and Word files made here, byte by byte or with python-docx: their text, title, date
and claims are stored, offsets intact; a scan without text and other types are named."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import docx
from typer.testing import CliRunner

from corroborate.cli.app import EXIT_REJECTED, app
from corroborate.ingest import IngestError, read_file
from corroborate.ingest.documents import OCR_HINT, from_pdf, page_of

runner = CliRunner()
PAGE_ONE = "Ministry of Defence report on the deployment"
PAGE_TWO = "The ministry said that about 12,000 North Korean troops were sent to Russia."


def _pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal PDF 1.4: one page per list of lines in Helvetica (no lines: a page with
    nothing but an empty drawing, as a scan's text layer looks), and an Info dictionary."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects.append(font)  # object 3
    for lines in pages:
        body = (
            b"BT /F1 11 Tf 72 720 Td 14 TL "
            + b"".join(b"(" + line.encode("latin-1") + b") Tj T* " for line in lines)
            + b"ET"
            if lines
            else b"0 0 m 10 10 l S"
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body))
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    info = b"<< /CreationDate (D:20241023093000+09'00')"
    info += (b" /Title (" + title.encode("latin-1") + b")" if title else b"") + b" >>"
    objects.append(info)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _docx(path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Briefing to parliament"
    document.add_heading("Briefing to parliament", level=1)
    document.add_paragraph(
        "South Korea's National Intelligence Service said on Wednesday that about 3,000 "
        "North Korean troops had been sent to Russia."
    )
    document.save(str(path))


def test_pdf_text_title_date_and_pages(tmp_path: Path) -> None:
    report = tmp_path / "report.pdf"
    report.write_bytes(_pdf([[PAGE_ONE], [PAGE_TWO]], title="Deployment report"))
    [doc] = list(read_file(report))
    assert not isinstance(doc, IngestError), doc
    assert doc.title == "Deployment report" and str(doc.published) == "2024-10-23"
    assert PAGE_ONE in doc.text and PAGE_TWO in doc.text
    _, starts = from_pdf(report)
    assert page_of(starts, doc.text.index("12,000")) == 2
    assert page_of(starts, doc.text.index("Ministry")) == 1


def test_docx_text_and_title(tmp_path: Path) -> None:
    brief = tmp_path / "brief.docx"
    _docx(brief)
    [doc] = list(read_file(brief))
    assert not isinstance(doc, IngestError), doc
    assert doc.title == "Briefing to parliament"
    assert "about 3,000 North Korean troops" in doc.text and doc.published is not None


def test_a_folder_of_office_files_is_ingested_and_the_rest_named(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "report.pdf").write_bytes(_pdf([[PAGE_ONE], [PAGE_TWO]]))
    _docx(corpus / "brief.docx")
    (corpus / "scan.pdf").write_bytes(_pdf([[], []]))
    (corpus / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (corpus / ".DS_Store").write_bytes(b"\x00\x01")
    db = tmp_path / "office.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == EXIT_REJECTED
    lines = result.output.splitlines()
    assert f"rejected {corpus / 'scan.pdf'}: {OCR_HINT}" in lines
    assert any(str(corpus / "old.doc") in line and "save it as .docx" in line for line in lines)
    assert any(str(corpus / "broken.pdf") in line for line in lines)
    assert ".DS_Store" not in result.output
    assert "2 documents added, 0 already present, 3 rejected" in result.output

    claims = json.loads(runner.invoke(app, ["claims", "--db", str(db), "-f", "json"]).output)
    with sqlite3.connect(db) as connection:
        texts = dict(connection.execute("SELECT id, text FROM documents"))
    figures = {c["value"] for c in claims}
    assert {12000.0, 3000.0} <= figures
    for claim in claims:  # offsets index the stored text
        assert texts[claim["document_id"]][claim["start"] : claim["end"]] == claim["sentence"]


def test_a_claim_says_which_page_of_a_pdf_it_stands_on(tmp_path: Path) -> None:
    report = tmp_path / "report.pdf"
    report.write_bytes(_pdf([[PAGE_ONE], [PAGE_TWO]], title="Deployment report"))
    db = str(tmp_path / "pages.db")
    assert runner.invoke(app, ["ingest", str(report), "--db", db]).exit_code == 0
    listing = runner.invoke(app, ["claims", "--db", db, "-f", "jsonl"]).stdout
    claims = [json.loads(line) for line in listing.splitlines() if line.strip()]
    (claim,) = [c for c in claims if c["value"] == 12000]
    assert claim["page"] == 2
