"""``corroborate demo``: the main job on the bundled sample corpus, and the questions it
answers as an analyst reads them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from corroborate.cli._app import EXIT_DATABASE, app, err, fail, open_db, out
from corroborate.cli.output import Format, render, safe
from corroborate.present.format import figure, format_cell
from corroborate.query.questions import list_questions, question_detail
from corroborate.reconcile.engine import CREDIBILITY


@app.command()
def demo(
    db: Annotated[
        str,
        typer.Option(
            "--db",
            help="Database for the demo, recreated on each run; one holding other documents "
            "is refused.",
        ),
    ] = "corroborate-demo.db",
    corpus: Annotated[
        Path | None, typer.Option(help="Folder of articles (default: the bundled examples/).")
    ] = None,
    top: Annotated[int, typer.Option(help="How many questions to show.")] = 4,
) -> None:
    """Run the main job on the bundled sample corpus and show the questions it answers."""
    from corroborate.service.ingest import ingest_paths

    folder = corpus or _bundled_examples()
    _fresh_demo_database(db, folder)
    engine = open_db(db, create=True)
    report = ingest_paths(engine, [str(folder)])
    out.print(  # one line, however long the path: a summary is never wrapped mid-phrase
        f"[bold]corroborate demo[/bold] on {safe(folder)}: {report.summary()}\n", soft_wrap=True
    )
    for error in report.rejected:
        err.print(f"[yellow]rejected[/yellow] {safe(error)}")
    for question in list_questions(engine, min_claims=2)[:top]:
        _print_question(engine, question)


def _fresh_demo_database(db: str, folder: Path) -> None:
    """Empty the demo's database, refusing one that holds anything but the demo's own
    documents (a user's database given by mistake is never wiped)."""
    from sqlalchemy import select

    from corroborate.store.db import make_engine
    from corroborate.store.models import DocumentRow

    path = Path(db) if "://" not in db else None
    if path is not None and not path.exists():
        return
    try:
        engine = make_engine(db)
        with engine.connect() as connection:
            origins = connection.execute(select(DocumentRow.origin).distinct()).scalars().all()
        engine.dispose()
    except Exception:  # not a database, or not corroborate's
        if path is not None and path.stat().st_size == 0:
            path.unlink()
            return
        fail(f"{safe(db)} is not a demo database; give the demo a new --db path", EXIT_DATABASE)
    others = [o for o in origins if not _within(o, folder)]
    if others:
        fail(
            f"{safe(db)} holds documents that are not the demo's ({safe(others[0])}"
            + (f" and {len(others) - 1:,} more" if len(others) > 1 else "")
            + "); the demo only writes to its own database: give it a new --db path",
            EXIT_DATABASE,
        )
    if path is None:  # a server's database: the demo's documents are stored once anyway
        return
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


def _within(origin: str | None, folder: Path) -> bool:
    # an origin is a file path, or a path with ":line" (JSONL) or "#record" (web archive)
    return bool(origin) and Path(str(origin)).resolve().is_relative_to(folder.resolve())


def _bundled_examples() -> Path:
    candidates = [Path.cwd() / "examples", Path(__file__).resolve().parents[3] / "examples"]
    for folder in candidates:
        if folder.is_dir():
            return folder
    fail("no examples/ folder found; pass --corpus FOLDER")


def _print_question(engine: Engine, question: dict) -> None:
    """A question as an analyst reads it: the estimate, how it moved, each independent
    report once (with the outlets that echoed it), and what is flagged."""
    detail = question_detail(engine, question["id"])
    if detail is None:
        return
    out.rule(f"[bold]Q{detail['id']}. {safe(detail['label'])}[/bold]", align="left")
    if detail["estimate"] is None:
        headline = "no point estimate: its figures are bounds only"
    else:
        band = f"{format_cell(detail['low'])}–{format_cell(detail['high'])}"
        headline = (
            f"estimate [bold green]{format_cell(detail['estimate'])}[/bold green] "
            f"(band {band}) "
            + (f"as of {detail['as_of']}" if detail["as_of"] else "from undated figures")
        )
    out.print(
        f"{headline} · {detail['n_claims']} claims · {detail['n_sources']} independent sources"
    )
    out.print("how it moved: " + safe(_timeline_text(detail["timeline"])), highlight=False)
    if detail.get("follows"):
        out.print(safe(detail["follows"]), highlight=False)
    originals = [c for c in detail["claims"] if c["echo_of"] is None]
    echoes: dict[int, set[str]] = {}
    for claim in detail["claims"]:
        root = claim["echo_of"] or claim["id"]
        echoes.setdefault(root, set()).add(claim["outlet"] or claim["title"] or "?")
    rows = [
        {
            "date": c["as_of"] or c["published"] or "undated",
            "figure": figure(c) + (f" ({c['kind']})" if c.get("kind", "total") != "total" else ""),
            "source": c["source"],
            "carried by": len(echoes.get(c["id"], ())),
            "credibility": f"{c['credibility']} {CREDIBILITY.get(c['credibility'], '')}",
        }
        for c in originals
    ]
    render(rows, Format.table, columns=list(rows[0]) if rows else [], console=out)
    for claim in originals:
        if claim["flag"]:
            flag = f"{safe(figure(claim))}: {safe(claim['flag'])}"
            out.print(f"[red]flagged[/red] {flag}", highlight=False)
    out.print()


def _timeline_text(timeline: list[dict]) -> str:
    steps: list[str] = []
    last = None
    for point in timeline:
        if point["estimate"] != last:
            steps.append(f"{point['date']} {format_cell(point['estimate'])}")
            last = point["estimate"]
    return " → ".join(steps) or "no dated figures"
