"""``corroborate ingest``: read articles, extract their claims and store them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import Engine

from corroborate.cli._app import EXIT_REJECTED, DbOption, app, err, fail, open_db
from corroborate.cli.output import plural, safe
from corroborate.ingest.limits import help_text as limits_help


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
