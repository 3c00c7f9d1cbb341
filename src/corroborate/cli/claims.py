"""``corroborate claims``: the claims listing (the rows of ``/api/claims``) and a claim's
reading explained."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import Engine

from corroborate.cli._app import DbOption, FormatOption, app, fail, known_question, open_db, out
from corroborate.cli.output import Format, render, safe
from corroborate.present.exports import CLAIM_FIELDS
from corroborate.present.format import figure, format_cell
from corroborate.query.claims import claim_explanation, iter_claims


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
