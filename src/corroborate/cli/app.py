"""The ``corroborate`` command: the composition root of the command line. Each command
lives in a module of its own (parse options, call one library function, render what it
returns), registers itself on the app of ``cli._app`` and is imported here."""

from __future__ import annotations

from corroborate.cli._app import EXIT_DATABASE, EXIT_REJECTED, app

__all__ = ["EXIT_DATABASE", "EXIT_REJECTED", "app", "main"]


def main() -> None:
    app()


# Command modules register their commands on `app`, in the order `--help` lists them.
# isort: off
from corroborate.cli import (  # noqa: E402, F401  (registers their commands)
    ingest,
    claims,
    demo,
    db,
    analyst,
    bench,
    documents,
    export,
    live,
    reconcile,
    serve,
)

# isort: on
