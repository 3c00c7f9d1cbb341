"""``corroborate reconcile``: link and reconcile what is new, or everything (``--full``).

Ingest and ``watch`` run the incremental pass themselves; the full pass relinks every
claim and learns source reliability afresh, which the incremental passes reuse. With
``--workers`` or ``--scheduler`` the full pass runs on Dask (``batch/full_pass.py``)."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import Engine

from corroborate.cli._app import DbOption, app, err, fail, open_db, out
from corroborate.cli.output import safe


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
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            help="With --full: run it on a local Dask cluster of this many worker processes "
            "(0: in this process).",
            min=0,
        ),
    ] = 0,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --full: run it on an existing Dask cluster (tcp://HOST:PORT); its "
            "workers must reach the database.",
            show_default=False,
        ),
    ] = None,
    partition_claims: Annotated[
        int,
        typer.Option(
            "--partition-claims",
            help="With --workers or --scheduler: claims per partition of questions, which "
            "bounds a worker's memory.",
            min=1,
        ),
    ] = 100_000,
    db: DbOption = None,
) -> None:
    """Link claims to questions and recompute the estimates."""
    from corroborate.service.analysis import reliability_learned
    from corroborate.service.incremental import full_pass, update_new

    if (workers or scheduler) and not full:
        fail("--workers and --scheduler apply to the full pass: add --full")
    engine = open_db(db)
    if workers or scheduler:
        _on_dask(engine, workers, scheduler, partition_claims)
    else:
        report = full_pass(engine) if full else update_new(engine)
        if report.full:
            out.print(f"full pass: {report.questions} questions in {report.seconds:.2f} s")
        else:
            out.print(
                f"incremental pass: {report.new_claims} new claims, "
                f"{report.claims_moved} linked or moved, "
                f"{report.questions_reconciled} questions reconciled in {report.seconds:.3f} s"
            )
    learned = reliability_learned(engine)
    if learned:
        out.print(f"source reliability learned {learned['at']} UTC over {learned['claims']} claims")
    engine.dispose()


def _on_dask(engine: Engine, workers: int, scheduler: str | None, partition_claims: int) -> None:
    from corroborate.batch import DaskRunner
    from corroborate.batch.full_pass import full_pass_on

    err.print(f"starting Dask ({scheduler or f'{workers} local workers'})…")
    try:
        runner = DaskRunner(workers=workers or None, scheduler=scheduler)
    except Exception as exc:  # an unreachable scheduler, workers that cannot start
        fail(f"cannot start or reach Dask ({safe(scheduler or workers)}): {safe(exc)}")
    with runner:
        report = full_pass_on(engine, runner, partition_claims)
    phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.phases.items())
    out.print(
        f"full pass on {report.workers} Dask workers: {report.questions} questions, "
        f"{report.claims} claims in {report.partitions} partitions, "
        f"{report.rounds} reliability rounds, {report.seconds:.2f} s ({phases})"
    )
