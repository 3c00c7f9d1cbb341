"""The ``corroborate`` command: the main job's commands (ingest, claims, demo, db) and
the registration of every other command module. Each command parses options, calls one
library function and renders what it returns."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import Engine

from corroborate.cli._app import (
    EXIT_DATABASE,
    EXIT_REJECTED,
    DbOption,
    FormatOption,
    app,
    db_app,
    err,
    fail,
    known_question,
    open_db,
    out,
)
from corroborate.cli.output import Format, plural, render, safe
from corroborate.ingest.limits import help_text as limits_help
from corroborate.present.exports import CLAIM_FIELDS
from corroborate.present.format import figure, format_cell
from corroborate.query.claims import claim_explanation, iter_claims
from corroborate.query.questions import list_questions, question_detail
from corroborate.reconcile.engine import CREDIBILITY

__all__ = ["EXIT_DATABASE", "EXIT_REJECTED", "app", "main"]


@app.command(epilog=limits_help())
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (recursive; hidden files and READMEs skipped) or globs."
        ),
    ],
    db: DbOption = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            help="Extract on a local Dask cluster of this many worker processes "
            "(0: in this process).",
            min=0,
        ),
    ] = 0,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Extract on an existing Dask cluster (tcp://HOST:PORT); its workers must "
            "see the input files.",
            show_default=False,
        ),
    ] = None,
    partition_size: Annotated[
        int | None,
        typer.Option(
            "--partition-size",
            help="Documents per partition, each one worker task and one write transaction "
            "(default: 250).",
            min=1,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read articles (.txt .md .html .json .jsonl .pdf .docx .warc .warc.gz), extract
    their claims and store them.

    A document already stored (same content hash) is skipped, so an interrupted run can
    simply be run again with the same command. Each rejected file (or web-archive record)
    is named on stderr with the reason: a file of another type, a scanned PDF without a
    text layer.

    Exit codes: 0 all read, 3 some input was rejected (the rest is stored), 2 the
    database cannot be opened.
    """
    import time

    from corroborate.batch import make_runner
    from corroborate.service.ingest import ingest_paths

    engine = open_db(db, create=True)
    if workers or scheduler:
        err.print(f"starting Dask ({scheduler or f'{workers} local workers'})…")
    try:
        runner = make_runner(workers=workers or None, scheduler=scheduler)
    except Exception as exc:  # an unreachable scheduler, workers that cannot start
        fail(f"cannot start or reach Dask ({safe(scheduler or workers)}): {safe(exc)}")
    before = _stored(engine)
    started = time.monotonic()
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )
    try:
        with bar:
            task = bar.add_task("ingesting", total=None, rate="")

            def advance(done: int, total: int, current: str) -> None:
                elapsed = time.monotonic() - started
                rate = f"{done / elapsed:,.0f} docs/s" if elapsed > 0 else ""
                name = safe(current[:40])
                bar.update(task, completed=done, total=total, rate=rate, description=name)

            sizing = {"partition_size": partition_size} if partition_size else {}
            report = ingest_paths(engine, paths, progress=advance, runner=runner, **sizing)
    except KeyboardInterrupt:
        stored = plural(_stored(engine) - before, "document")
        err.print(
            f"interrupted: {stored} stored by this run, with their claims; run the same "
            "command again to go on (what is stored is skipped)"
        )
        raise typer.Exit(130) from None
    finally:
        runner.close()
    for error in report.rejected:
        err.print(f"[yellow]rejected[/yellow] {safe(error)}", highlight=False, soft_wrap=True)
    err.print(report.summary())
    if report.seconds:
        err.print(
            f"{plural(report.read, 'document')} in {report.seconds:,.1f} s "
            f"({report.documents_per_second:,.0f} docs/s, "
            f"{report.bytes / report.seconds / 1e6:,.2f} MB/s, {report.workers} worker(s))"
        )
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


def _stored(engine: Engine) -> int:
    """Documents in the database (a run's share of them, when interrupted)."""
    from sqlalchemy import func, select

    from corroborate.store.models import DocumentRow

    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(DocumentRow)).scalar_one()


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )


@app.command()
def claims(
    db: DbOption = None,
    question: Annotated[int | None, typer.Option(help="Only this question's claims.")] = None,
    source: Annotated[str | None, typer.Option(help="Only sources whose name has this.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    explain: Annotated[
        int | None,
        typer.Option(
            "--explain",
            metavar="ID",
            help="Show why claim ID was read as it was: each field and the rules behind it.",
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List claims: the figure, what it counts, who says it, and the evidence sentence."""
    engine = open_db(db)
    if explain is not None:
        _explain_claim(engine, explain, fmt)
        return
    if question is not None:
        known_question(engine, question)
    rows = iter_claims(engine, question_id=question, source=source, limit=limit)
    if fmt is not Format.table:  # the rows of /api/claims; CSV: the columns of the export
        from corroborate.cli.output import stream

        stream(rows, fmt, CLAIM_FIELDS)
        return
    rows = ({**r, "figure": figure(r)} for r in rows)
    render(
        list(rows),
        fmt,
        columns=("id", "figure", "counted", "event", "place", "source", "published", "sentence"),
        title="Claims",
        console=out,
        optional=("event", "place", "published", "counted"),
    )


def _explain_claim(engine: Engine, claim_id: int, fmt: Format) -> None:
    found = claim_explanation(engine, claim_id)
    if found is None:
        fail(f"no claim {claim_id}; `corroborate claims` lists their ids")
    if fmt is not Format.table:
        render([found], fmt)
        return
    out.print(f"[bold]claim {claim_id}[/bold]: {safe(figure(found))} in", highlight=False)
    out.print(f"  “{safe(found['sentence'])}”", highlight=False)
    rows = [
        {
            "reading": line["area"],
            "value": "; ".join(
                f"{k} {format_cell(v)}" for k, v in line["values"].items() if _stated(v)
            ),
            "because": "; ".join(
                r["name"] + (f" ({r['meaning']})" if r["meaning"] else "") for r in line["rules"]
            )
            or "default",
        }
        for line in found["explanation"]
    ]
    render(rows, Format.table, columns=("reading", "value", "because"), console=out)


def _stated(value: object) -> bool:
    """A field the reading filled: not empty, not None, not a plain False (0 counts)."""
    return not (value is None or value is False or value == "" or value == [])


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


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the schema or bring it to the newest version (alembic migrations)."""
    engine = open_db(db, create=True)
    out.print(f"database {engine.url.render_as_string(hide_password=True)} is up to date")


def main() -> None:
    app()


# Command groups defined in their own modules register themselves on `app`.
from corroborate.cli import (  # noqa: E402, F401  (registers their commands)
    analyst,
    bench,
    documents,
    export,
    live,
    reconcile,
    serve,
)
