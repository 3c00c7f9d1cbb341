"""Live sources on the command line: ``fetch``, ``feeds``, ``watch`` and ``doctor``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import typer

from corroborate.cli._app import (
    EXIT_REJECTED,
    DbOption,
    FormatOption,
    app,
    err,
    open_db,
    out,
)
from corroborate.cli.output import Format, render, safe

if TYPE_CHECKING:  # imported inside the commands at run time, to keep the CLI's start fast
    from corroborate.ingest.web import Limits
    from corroborate.service.watch import PollReport

feeds_app = typer.Typer(help="Feeds followed by `corroborate watch`.", no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")

AllowPrivate = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Also fetch private, loopback and link-local addresses (refused by default).",
    ),
]
Delay = Annotated[
    float,
    typer.Option("--delay", help="Seconds between two requests to one host.", min=0),
]


def _limits(allow_private: bool, delay: float) -> Limits:
    from corroborate.ingest.web import Limits

    return Limits(allow_private=allow_private, politeness=delay)


def _rejected(errors: Iterable[Exception]) -> None:
    for error in errors:
        err.print(f"[yellow]skipped[/yellow] {safe(error)}", highlight=False, soft_wrap=True)


@app.command()
def fetch(
    urls: Annotated[list[str], typer.Argument(help="Article page URLs.")],
    db: DbOption = None,
    allow_private: AllowPrivate = False,
    delay: Delay = 2.0,
) -> None:
    """Download article pages and store their main text, title, outlet and date.

    A page that cannot be fetched or read is named with the reason and skipped.
    Exit codes: 0 all stored, 3 some pages were skipped.
    """
    from corroborate.service.watch import fetch_urls

    report = fetch_urls(open_db(db, create=True), urls, limits=_limits(allow_private, delay))
    _rejected(report.rejected)
    err.print(report.summary())
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


@feeds_app.command("add")
def feeds_add(
    urls: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs.")],
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Follow feeds (adding one already followed changes nothing)."""
    from corroborate.ingest.files import IngestError
    from corroborate.service.watch import add_feed

    engine = open_db(db, create=True)
    added, failed = [], []
    for url in urls:
        try:
            added.append(add_feed(engine, url))
        except IngestError as error:
            failed.append(error)
    render(added, fmt, columns=("id", "url"), title="Feeds followed", console=out)
    _rejected(failed)
    if failed:
        raise typer.Exit(EXIT_REJECTED)


@feeds_app.command("list")
def feeds_list(db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """Each feed with its last success, last error and the items stored."""
    from corroborate.service.watch import list_feeds

    render(
        list_feeds(open_db(db)),
        fmt,
        columns=("id", "url", "title", "stored", "last_success", "last_error", "next_try"),
        title="Feeds",
        console=out,
    )


@feeds_app.command("remove")
def feeds_remove(
    feeds: Annotated[list[str], typer.Argument(help="Feed URLs or ids.")],
    db: DbOption = None,
) -> None:
    """Stop following feeds; the articles already stored stay."""
    from corroborate.service.watch import remove_feed

    engine = open_db(db)
    missing = [f for f in feeds if not remove_feed(engine, f)]
    for feed in missing:
        err.print(f"[yellow]not followed:[/yellow] {safe(feed)}", highlight=False)
    if missing:
        raise typer.Exit(1)


@app.command()
def watch(
    db: DbOption = None,
    every: Annotated[
        str, typer.Option("--every", help="Time between polls: 90s, 15m, 1h, 1d.")
    ] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once and stop.")] = False,
    full_every: Annotated[
        str | None,
        typer.Option(
            "--full-every",
            help="Also run the full pass (relink all, relearn source reliability) when "
            "reliability was last learned this long ago: 24h, 7d. Default: never.",
            show_default=False,
        ),
    ] = None,
    allow_private: AllowPrivate = False,
    delay: Delay = 2.0,
) -> None:
    """Poll every followed feed and store new items, now and every --every.

    Items that hold only a summary are read from their article page. A feed that fails
    is reported and retried later with back-off; the others go on. Safe to stop at any
    moment: a restarted watch stores each item once.
    """
    from corroborate.service.watch import parse_interval
    from corroborate.service.watch import watch as run_watch

    try:
        seconds = parse_interval(every)
        full_seconds = parse_interval(full_every) if full_every else None
    except ValueError as exc:
        err.print(f"[red]error:[/red] {safe(exc)}")
        raise typer.Exit(2) from exc
    engine = open_db(db, create=True)

    def show(report: PollReport) -> None:
        _rejected(report.rejected)
        err.print(report.summary())

    try:
        run_watch(
            engine,
            every=seconds,
            once=once,
            full_every=full_seconds,
            limits=_limits(allow_private, delay),
            on_poll=show,
            on_error=lambda exc: err.print(f"[red]database error:[/red] {safe(exc)}; trying again"),
        )
    except KeyboardInterrupt:
        err.print("stopped")


@app.command()
def doctor(db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """Check the database: orphans, duplicates, claims whose offsets no longer match
    their document. Exit code 1 when an error is found."""
    from corroborate.store.doctor import check

    report = check(open_db(db))
    if fmt is Format.table:
        counts = ", ".join(f"{n:,} {table}" for table, n in report.checked.items())
        err.print(f"checked {counts}")
        if not report.findings:
            out.print("[green]clean[/green]: no problem found")
        else:
            render(
                report.as_dicts(),
                fmt,
                columns=("severity", "check", "table", "row_id", "detail"),
                title="Findings",
                console=out,
            )
    else:
        render(report.as_dicts(), fmt, console=out)
    if not report.clean:
        raise typer.Exit(1)
