"""``corroborate documents``: the stored articles, newest first, with their claim counts."""

from __future__ import annotations

from typing import Annotated

import typer

from corroborate.cli._app import DbOption, FormatOption, app, open_db, out
from corroborate.cli.output import Format, render
from corroborate.query.documents import documents_page


@app.command()
def documents(
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option(help="At most this many.", min=1)] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first.", min=0)] = 0,
    fmt: FormatOption = Format.table,
) -> None:
    """List documents, newest first: title, outlet, date and how many claims each holds."""
    page = documents_page(open_db(db), limit=limit, offset=offset)  # the rows of /api/documents
    render(
        page["documents"],
        fmt,
        columns=("id", "published", "outlet", "title", "n_claims"),
        title="Documents",
        console=out,
        optional=("outlet",),
    )
