"""The ``corroborate`` command. Each command parses options, calls one library function
and renders what it returns."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import Engine

from corroborate import __version__
from corroborate.cli.output import Format, figure, format_cell, render, safe
from corroborate.ingest.limits import help_text as limits_help
from corroborate.reconcile.engine import CREDIBILITY
from corroborate.store import DatabaseError, open_database
from corroborate.store.repository import (
    claim_explanation,
    list_claims,
    list_questions,
    question_detail,
)

EXIT_REJECTED = 3
EXIT_DATABASE = 2

app = typer.Typer(
    help="Turn news articles into a sourced, dated database of quantitative claims, and "
    "reconcile the figures that disagree.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")

out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite file path or SQLAlchemy URL (postgresql://user@host/name). "
        "Default: $CORROBORATE_DB, else ./corroborate.db.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


def open_db(db: str | None) -> Engine:
    try:
        return open_database(db)
    except DatabaseError as exc:
        err.print(f"[red]error:[/red] {safe(exc)}")
        raise typer.Exit(EXIT_DATABASE) from exc


def _version(value: bool) -> None:
    if value:
        out.print(f"corroborate {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True)
    ] = None,
) -> None:
    """corroborate: every figure, who says it, and what the best estimate is."""


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
    """Read articles (.txt .md .html .json .jsonl .warc .warc.gz), extract their claims and
    store them.

    A document already stored (same content hash) is skipped, so an interrupted run can
    simply be run again with the same command. Each rejected file (or web-archive record)
    is named on stderr with the reason.

    Exit codes: 0 all read, 3 some input was rejected (the rest is stored), 2 the
    database cannot be opened.
    """
    import time

    from corroborate.batch import make_runner
    from corroborate.pipeline import ingest_paths

    engine = open_db(db)
    if workers or scheduler:
        err.print(f"starting Dask ({scheduler or f'{workers} local workers'})…")
    try:
        runner = make_runner(workers=workers or None, scheduler=scheduler)
    except Exception as exc:  # an unreachable scheduler, workers that cannot start
        where = safe(scheduler or workers)
        err.print(f"[red]error:[/red] cannot start or reach Dask ({where}): {safe(exc)}")
        raise typer.Exit(1) from exc
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
    finally:
        runner.close()
    for error in report.rejected:
        err.print(f"[yellow]rejected[/yellow] {safe(error)}", highlight=False, soft_wrap=True)
    err.print(report.summary())
    if report.seconds:
        err.print(
            f"{report.read:,} documents in {report.seconds:,.1f} s "
            f"({report.documents_per_second:,.0f} docs/s, "
            f"{report.bytes / report.seconds / 1e6:,.2f} MB/s, {report.workers} worker(s))"
        )
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


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
    if explain is not None:
        _explain_claim(open_db(db), explain, fmt)
        return
    rows = list_claims(open_db(db), question_id=question, source=source, limit=limit)
    if fmt is Format.table:
        rows = [{**r, "figure": figure(r)} for r in rows]
    render(
        rows,
        fmt,
        columns=("id", "figure", "counted", "event", "place", "source", "published", "sentence"),
        title="Claims",
        console=out,
    )


def _explain_claim(engine: Engine, claim_id: int, fmt: Format) -> None:
    found = claim_explanation(engine, claim_id)
    if found is None:
        err.print(f"error: no claim {claim_id}; `corroborate claims` lists their ids")
        raise typer.Exit(1)
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
        str, typer.Option("--db", help="Database for the demo; recreated when it is a file.")
    ] = "corroborate-demo.db",
    corpus: Annotated[
        Path | None, typer.Option(help="Folder of articles (default: the bundled examples/).")
    ] = None,
    top: Annotated[int, typer.Option(help="How many questions to show.")] = 4,
) -> None:
    """Run the main job on the bundled sample corpus and show the questions it answers."""
    from corroborate.pipeline import ingest_paths

    folder = corpus or _bundled_examples()
    if "://" not in db:
        Path(db).unlink(missing_ok=True)
    engine = open_db(db)
    report = ingest_paths(engine, [str(folder)])
    out.print(f"[bold]corroborate demo[/bold] on {safe(folder)}: {report.summary()}\n")
    for error in report.rejected:
        err.print(f"[yellow]rejected[/yellow] {safe(error)}")
    for question in list_questions(engine, min_claims=2)[:top]:
        _print_question(engine, question)


def _bundled_examples() -> Path:
    candidates = [Path.cwd() / "examples", Path(__file__).resolve().parents[3] / "examples"]
    for folder in candidates:
        if folder.is_dir():
            return folder
    err.print("[red]error:[/red] no examples/ folder found; pass --corpus FOLDER")
    raise typer.Exit(1)


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
            "figure": figure(c),
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
    engine = open_db(db)
    out.print(f"database {engine.url.render_as_string(hide_password=True)} is up to date")


def main() -> None:
    app()


# Command groups defined in their own modules register themselves on `app`.
from corroborate.cli import (  # noqa: E402, F401  (registers their commands)
    analyst,
    bench,
    export,
    live,
    serve,
)
