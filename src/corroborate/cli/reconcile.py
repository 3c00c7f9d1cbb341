"""``corroborate reconcile``: link and reconcile what is new, or everything (``--full``).

Ingest and ``watch`` run the incremental pass themselves; the full pass relinks every
claim and learns source reliability afresh, which the incremental passes reuse."""

from __future__ import annotations

from typing import Annotated

import typer

from corroborate.cli.app import DbOption, app, open_db, out


@app.command("reconcile")
def reconcile_command(
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Relink every claim and learn source reliability over all of them "
            "(else only the claims not yet linked, with the reliability last learned).",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Link claims to questions and recompute the estimates."""
    from corroborate.analysis import reliability_learned
    from corroborate.incremental import full_pass, update_new

    engine = open_db(db)
    report = full_pass(engine) if full else update_new(engine)
    learned = reliability_learned(engine)
    if report.full:
        out.print(f"full pass: {report.questions} questions in {report.seconds:.2f} s")
    else:
        out.print(
            f"incremental pass: {report.new_claims} new claims, "
            f"{report.claims_moved} linked or moved, "
            f"{report.questions_reconciled} questions reconciled in {report.seconds:.3f} s"
        )
    if learned:
        out.print(f"source reliability learned {learned['at']} UTC over {learned['claims']} claims")
    engine.dispose()
