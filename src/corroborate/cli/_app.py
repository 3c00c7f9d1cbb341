"""What every command shares: the ``corroborate`` app, its options, consoles, exit codes
and the opening of the database. Command modules import from here, and ``cli.app``
imports the command modules, so no two modules import each other."""

from __future__ import annotations

import sys
from typing import Annotated, Any, NoReturn

import typer
import typer.core
from rich.console import Console
from sqlalchemy import Engine

from corroborate import __version__
from corroborate.cli.output import Format, safe
from corroborate.query.questions import question_exists
from corroborate.store import DatabaseError, MissingDatabase, open_database

EXIT_REJECTED = 3
EXIT_DATABASE = 2


class _Group(typer.core.TyperGroup):
    """Usage errors as one line on stderr ("error: No such option: --x; see `corroborate
    claims --help`") instead of a framed panel that wraps at the terminal's width."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except typer.Abort:
            typer.echo("aborted", err=True)
            sys.exit(1)
        except Exception as exc:
            # typer's usage errors (click's, in older typer): they have format_message
            if not hasattr(exc, "format_message"):
                raise
            if type(exc).__name__ != "NoArgsIsHelpError":  # that one printed the help
                ctx = getattr(exc, "ctx", None)
                where = ctx.command_path if ctx is not None else "corroborate"
                message = " ".join(exc.format_message().split())
                typer.echo(f"error: {message}; see `{where} --help`", err=True)
            sys.exit(getattr(exc, "exit_code", 2))
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=_Group,
    help="Turn news articles into a sourced, dated database of quantitative claims, and "
    "reconcile the figures that disagree.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")

out = Console()
# Messages are never wrapped: one line each, whatever the terminal's width, so a path or
# a sentence is never cut in two and a script can grep for it.
err = Console(stderr=True, soft_wrap=True, highlight=False)

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


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``error: message`` (outside text already passed through ``safe``) and exit."""
    err.print(f"[red]error:[/red] {' '.join(message.split())}")
    raise typer.Exit(code)


def open_db(db: str | None, *, create: bool = False) -> Engine:
    """The database of ``--db``; commands that only read (``create`` False) refuse a
    SQLite file that does not exist instead of creating an empty one."""
    try:
        return open_database(db, must_exist=not create)
    except MissingDatabase as exc:
        fail(safe(exc), EXIT_DATABASE)
    except DatabaseError as exc:
        fail(safe(exc), EXIT_DATABASE)


def _version(value: bool) -> None:
    if value:
        out.print(f"corroborate {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True)
    ] = None,
    db: DbOption = None,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="Output format of the command.", case_sensitive=False),
    ] = None,
) -> None:
    """corroborate: every figure, who says it, and what the best estimate is."""
    given = {"db": db, "fmt": fmt.value if fmt else None}
    given = {k: v for k, v in given.items() if v is not None}
    if given:  # `corroborate --db x.db claims` as `corroborate claims --db x.db`
        ctx.default_map = _defaults_below(ctx.command, given)


def _defaults_below(command: Any, given: dict[str, str]) -> dict[str, Any]:
    """A click default map giving every subcommand (at any depth) the options given
    before the command name, where it has that option and accepts the value."""
    defaults: dict[str, Any] = {}
    for param in command.params:
        if param.name in given and _accepts(param, given[param.name]):
            defaults[param.name] = given[param.name]
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            defaults[name] = _defaults_below(sub, given)
    return defaults


def _accepts(param: Any, value: str) -> bool:
    """The option takes ``value``: ``export``'s --format has no "table", for one."""
    described = getattr(param, "type_descriptor", None) or getattr(param, "type", None)
    choices = getattr(described, "choices", None)
    return choices is None or value in {getattr(c, "value", str(c)) for c in choices}


def known_question(engine: Engine, question_id: int) -> None:
    """Exit 1 naming the id when there is no such question (not an empty listing)."""
    if not question_exists(engine, question_id):
        fail(f"no question {question_id}; `corroborate questions` lists their ids")
