"""``corroborate export``: the exports of the web UI, from the command line.

claims and questions as CSV, JSON or JSONL; a claim's schema.org ClaimReview JSON-LD; a
question's printable brief (HTML) and its timeline chart (SVG). Output goes to stdout,
or to the file given with ``--output``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from corroborate.cli._app import DbOption, app, err, known_question, open_db
from corroborate.cli.output import safe
from corroborate.present.exports import (
    CLAIM_FIELDS,
    QUESTION_FIELDS,
    claimreview,
    claimreview_json,
    csv_chunks,
    json_chunks,
    only,
)
from corroborate.query.claims import claim, iter_claims
from corroborate.query.questions import list_questions

export_app = typer.Typer(
    help="Export claims, estimates, ClaimReview JSON-LD, a printable brief or a chart.",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")


class TableFormat(StrEnum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file instead of stdout.", dir_okay=False),
]
TableFormatOption = Annotated[
    TableFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


def _write(chunks: Iterable[str], output: Path | None) -> None:
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot write {safe(output)}: {safe(exc.strerror or exc)}")
        raise typer.Exit(1) from exc
    err.print(f"wrote {safe(output)}")


def _rows(
    rows: Iterable[dict[str, Any]], fields: tuple[str, ...], fmt: TableFormat
) -> Iterator[str]:
    rows = only(rows, fields)
    if fmt is TableFormat.csv:
        return csv_chunks(rows, fields)
    if fmt is TableFormat.json:
        return json_chunks(rows)
    return (json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)


@export_app.command("claims")
def export_claims(
    db: DbOption = None,
    question: Annotated[int | None, typer.Option(help="Only this question's claims.")] = None,
    fmt: TableFormatOption = TableFormat.csv,
    output: OutputOption = None,
) -> None:
    """Every claim (figure, what is counted, source, date, judgement, evidence sentence)."""
    engine = open_db(db)
    if question is not None:
        known_question(engine, question)
    rows = iter_claims(engine, question_id=question)
    _write(_rows(rows, CLAIM_FIELDS, fmt), output)


@export_app.command("questions")
def export_questions(
    db: DbOption = None, fmt: TableFormatOption = TableFormat.csv, output: OutputOption = None
) -> None:
    """Every question with its estimate, interval and number of independent sources."""
    rows = list_questions(open_db(db))
    _write(_rows(rows, QUESTION_FIELDS, fmt), output)


@export_app.command("claimreview")
def export_claimreview(
    claim_id: Annotated[int, typer.Argument(help="The claim's id (see `corroborate claims`).")],
    db: DbOption = None,
    base_url: Annotated[
        str, typer.Option(help="Where the claim pages are published.")
    ] = "http://127.0.0.1:8000",
    reviewer: Annotated[str, typer.Option(help="Who publishes the review.")] = "corroborate",
    output: OutputOption = None,
) -> None:
    """schema.org ClaimReview JSON-LD for one claim, rated against its question's estimate."""
    found = claim(open_db(db), claim_id=claim_id)
    if found is None:
        err.print(f"[red]error:[/red] no claim {claim_id}; see `corroborate claims`")
        raise typer.Exit(1)
    review = claimreview(found, base_url=base_url, reviewer=reviewer)
    _write([claimreview_json(review)], output)


CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
PdfOption = Annotated[
    Path | None,
    typer.Option(
        "--pdf",
        help="Also print it to this PDF file (needs a local Chromium: apt install chromium).",
        dir_okay=False,
    ),
]


def _chromium() -> str:
    for path in CHROMIUM:
        if Path(path).exists():
            return path
    err.print("[red]error:[/red] no Chromium found to print with: apt-get install chromium")
    raise typer.Exit(1)


# Offline and quiet: no sandbox (root in containers), no GPU, and none of the background
# connections a closed network refuses.
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def _print_with_chromium(html: str, flag: str, target: Path, size: str | None = None) -> None:
    """Render ``html`` with headless Chromium, offline: ``--print-to-pdf`` or
    ``--screenshot``."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="corroborate-print-") as folder:
        page = Path(folder) / "page.html"
        page.write_text(html, encoding="utf-8")
        command = [
            _chromium(),
            "--headless",
            *CHROMIUM_FLAGS,
            f"--user-data-dir={folder}/profile",
            f"{flag}={target.resolve()}",
        ]
        if flag == "--print-to-pdf":
            command.append("--no-pdf-header-footer")
        if size:
            command += [f"--window-size={size}", "--hide-scrollbars"]
        done = subprocess.run(
            [*command, page.as_uri()], capture_output=True, text=True, timeout=120, check=False
        )
    if done.returncode != 0 or not target.exists():
        why = safe(done.stderr[-500:])
        err.print(f"[red]error:[/red] Chromium could not render {safe(target)}: {why}")
        raise typer.Exit(1)
    err.print(f"wrote {safe(target)}")


@export_app.command("brief")
def export_brief(
    question_id: Annotated[int, typer.Argument(help="The question's id.")],
    db: DbOption = None,
    output: OutputOption = None,
    pdf: PdfOption = None,
) -> None:
    """A printable one-page brief of a question (HTML with print CSS), and with --pdf the
    same brief printed to PDF by a local Chromium."""
    from corroborate.web.app import STATIC
    from corroborate.web.exports import brief_html

    html = brief_html(open_db(db), question_id=question_id)
    if html is None:
        err.print(f"[red]error:[/red] no question {question_id}; see `corroborate questions`")
        raise typer.Exit(1)
    # standalone: the stylesheet inline instead of linked from the server
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    html = html.replace(
        '<link rel="stylesheet" href="/static/style.css">', f"<style>\n{css}</style>", 1
    )
    if pdf is not None:
        _print_with_chromium(html, "--print-to-pdf", pdf)
        if output is None:
            return
    _write([html], output)


@export_app.command("chart")
def export_chart(
    question_id: Annotated[int, typer.Argument(help="The question's id.")],
    db: DbOption = None,
    output: OutputOption = None,
    png: Annotated[
        Path | None,
        typer.Option(
            "--png", help="Also draw it to this PNG file (needs a local Chromium).", dir_okay=False
        ),
    ] = None,
) -> None:
    """A question's timeline chart as a standalone SVG file (and with --png as an image)."""
    import re

    from corroborate.present.chart import chart_document
    from corroborate.query.questions import question_page

    data = question_page(open_db(db), question_id=question_id, limit=1)
    if data is None:
        err.print(f"[red]error:[/red] no question {question_id}; see `corroborate questions`")
        raise typer.Exit(1)
    svg = chart_document(data["chart"])
    if png is not None:
        size = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
        width, height = (size.group(1), size.group(2)) if size else ("880", "460")
        page = (
            '<!doctype html><html><body style="margin:0">'
            + svg.split("\n", 1)[1]
            + "</body></html>"
        )
        _print_with_chromium(page, "--screenshot", png, f"{width},{height}")
        if output is None:
            return
    _write([svg], output)
