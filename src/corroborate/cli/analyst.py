"""Questions and sources: listing them, and the analyst's edits (grades, aliases, merges,
splits, renames, verdicts on claims). Every edit is logged and the estimates are
recomputed at once. ``fuse`` runs the same reconciliation on any table of figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from corroborate.cli._app import DbOption, FormatOption, app, err, open_db, out
from corroborate.cli.output import Format, render, safe
from corroborate.present.format import format_cell
from corroborate.query.edits import edits_page
from corroborate.query.questions import list_questions
from corroborate.query.sources import list_sources
from corroborate.reconcile.fuse import FuseInputError, fuse_csv
from corroborate.reconcile.truth import METHODS
from corroborate.service import edits
from corroborate.service.analysis import interval_end, refresh

questions_app = typer.Typer(
    help="List questions (claims that answer the same thing) with their estimate, or edit "
    "them: merge, split, rename.",
    invoke_without_command=True,
)
sources_app = typer.Typer(
    help="List canonical sources, or grade and alias them.", invoke_without_command=True
)
app.add_typer(questions_app, name="questions")
app.add_typer(sources_app, name="sources")

ActorOption = Annotated[str, typer.Option(help="Who makes the edit, for the audit log.")]


def _edit(db: str | None, action: Callable[..., dict], **kwargs: Any) -> dict:
    engine = open_db(db)
    try:
        result = action(engine, **kwargs)
    except edits.EditError as exc:
        err.print(f"[red]error:[/red] {safe(exc)}")
        raise typer.Exit(1) from exc
    refresh(engine)
    return result


def _done(result: dict, fmt: Format) -> None:
    if fmt is Format.table:
        out.print(safe(", ".join(f"{k}: {v}" for k, v in result.items())), highlight=False)
    else:
        render([result], fmt)


@questions_app.callback()
def questions(
    ctx: typer.Context,
    db: DbOption = None,
    min_claims: Annotated[int, typer.Option(help="Hide questions with fewer claims.")] = 1,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Answer as the reporting up to DATE did (YYYY-MM-DD; YYYY-MM or YYYY mean "
            "the end of that month or year): only claims reported by then are weighed.",
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List questions with their estimate, interval and independent sources."""
    if ctx.invoked_subcommand is not None:
        return
    engine = open_db(db)
    day = parse_day(as_of) if as_of else None
    rows = list_questions(engine, as_of=day, min_claims=min_claims)  # the rows of /api/questions
    if fmt is Format.table:
        rows = [{**row, "split": _camps_text(row.get("camps") or [])} for row in rows]
    render(
        rows,
        fmt,
        columns=("id", "label", "estimate", "low", "high", "n_claims", "n_sources", "split"),
        title="Questions",
        console=out,
    )


def _camps_text(camps: list[dict[str, Any]]) -> str:
    """ "3,000 (2 sources) vs 11,000 (1)": the camps when the sources split, the followed
    one first."""
    ordered = sorted(camps, key=lambda c: not c["followed"])
    return " vs ".join(f"{format_cell(c['value'])} ({len(c['sources'])})" for c in ordered)


def parse_day(text: str) -> date:
    """A date as a user types it: a day, or a month or year meaning its last day."""
    try:
        if len(text) == 4:
            return interval_end(date(int(text), 1, 1), "year")
        if len(text) == 7:
            return interval_end(date.fromisoformat(f"{text}-01"), "month")
        return date.fromisoformat(text)
    except ValueError as exc:
        shown = safe(repr(text))
        err.print(f"error: --as-of {shown} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
        raise typer.Exit(2) from exc


@questions_app.command("merge")
def questions_merge(
    into: Annotated[int, typer.Argument(help="The question that stays.")],
    others: Annotated[list[int], typer.Argument(help="Questions merged into it.")],
    db: DbOption = None,
    actor: ActorOption = "analyst",
    fmt: FormatOption = Format.table,
) -> None:
    """Merge questions: their claims answer INTO from now on, also after later ingests."""
    _done(_edit(db, edits.merge_questions, into=into, others=others, actor=actor), fmt)


@questions_app.command("split")
def questions_split(
    question: Annotated[int, typer.Argument(help="The question to split.")],
    claim_ids: Annotated[list[int], typer.Argument(help="Claims moved to the new question.")],
    label: Annotated[str, typer.Option(help="The new question's label.")],
    db: DbOption = None,
    actor: ActorOption = "analyst",
    fmt: FormatOption = Format.table,
) -> None:
    """Move some claims out of a question into a new one."""
    result = _edit(
        db, edits.split_question, question=question, claim_ids=claim_ids, label=label, actor=actor
    )
    _done(result, fmt)


@questions_app.command("rename")
def questions_rename(
    question: Annotated[int, typer.Argument()],
    label: Annotated[str, typer.Argument(help="The new label.")],
    db: DbOption = None,
    actor: ActorOption = "analyst",
    fmt: FormatOption = Format.table,
) -> None:
    """Give a question a label of your own."""
    _done(_edit(db, edits.rename_question, question=question, label=label, actor=actor), fmt)


@sources_app.callback()
def sources(ctx: typer.Context, db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """List canonical sources with their grade, learned reliability and reach."""
    if ctx.invoked_subcommand is not None:
        return
    render(
        list_sources(open_db(db)),
        fmt,
        columns=("id", "name", "kind", "grade", "reliability", "n_claims", "n_outlets"),
        title="Sources",
        console=out,
    )


@sources_app.command("grade")
def sources_grade(
    source: Annotated[str, typer.Argument(help="The source's name (or a unique part of it).")],
    grade: Annotated[
        str,
        typer.Argument(
            help="Admiralty reliability: A (completely "
            "reliable) ... E (unreliable), F (cannot be judged)."
        ),
    ],
    db: DbOption = None,
    actor: ActorOption = "analyst",
    fmt: FormatOption = Format.table,
) -> None:
    """Grade a source on the NATO Admiralty scale; the grade is the prior of its weight."""
    _done(_edit(db, edits.grade_source, source=source, grade=grade, actor=actor), fmt)


@sources_app.command("alias")
def sources_alias(
    alias: Annotated[str, typer.Argument(help='The name as written, e.g. "Seoul\'s spy agency".')],
    source: Annotated[str, typer.Argument(help="The canonical source it means.")],
    db: DbOption = None,
    actor: ActorOption = "analyst",
    fmt: FormatOption = Format.table,
) -> None:
    """Declare that ALIAS means SOURCE: its claims move now and in later ingests."""
    _done(_edit(db, edits.alias_source, alias=alias, source=source, actor=actor), fmt)


@app.command("edits")
def edits_log(db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """The audit log: every analyst edit with its time and author, newest first."""
    rows = edits_page(open_db(db), limit=None)["edits"]  # the rows of /api/edits
    columns = ("id", "at", "actor", "action")
    render(rows, fmt, columns=columns, title="Edits", console=out)


@app.command()
def fuse(
    claims_csv: Annotated[
        Path, typer.Argument(help="CSV with columns source, object, value (optional time, grade).")
    ],
    out_csv: Annotated[Path, typer.Option("--out", help="Where to write the estimates.")],
    method: Annotated[str, typer.Option(help=f"One of: {', '.join(METHODS)}.")] = "corroborate",
    sources_out: Annotated[
        Path | None, typer.Option(help="Also write each source's learned weight here.")
    ] = None,
) -> None:
    """Reconcile any table of conflicting values: one estimate and band per object.

    Writes ``object, estimate, low, high, claims`` (per object and time when the table has
    a time column). A bad row is reported with its file and line, and nothing is written.
    """
    if method not in METHODS:
        shown = safe(repr(method))
        err.print(f"[red]error:[/red] unknown method {shown}; use one of {', '.join(METHODS)}")
        raise typer.Exit(2)
    try:
        result = fuse_csv(claims_csv, out_csv, method, sources_out=sources_out)
    except FuseInputError as exc:
        err.print(f"[red]error:[/red] {safe(exc)}")
        raise typer.Exit(2) from exc
    err.print(
        f"{len(result.estimates)} estimates written to {safe(out_csv)} ({method})"
        + (f"; source weights to {safe(sources_out)}" if sources_out else "")
    )
