"""``corroborate bench ...``: benchmarks that print figures side by side with a baseline
measured in the same run. Each command calls one function of ``corroborate.bench`` that
returns plain data; ``--format json`` prints that data for docs/BENCHMARKS.md and tools."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from corroborate.cli._app import app, out
from corroborate.cli.output import Format, format_cell, render
from corroborate.ingest.limits import help_text as limits_help

bench_app = typer.Typer(
    help="Measure quality and speed, side by side with baselines run on the same machine.",
    no_args_is_help=True,
)
app.add_typer(bench_app, name="bench")

BenchFormat = Annotated[
    Format, typer.Option("--format", "-f", help="table for people, json for the record.")
]
DataOption = Annotated[
    Path | None,
    typer.Option(help="The evaluation data folder (default: ../shared/data beside the repo)."),
]


def show(result: Any, fmt: Format, title: str) -> None:
    """Print a benchmark's result: its tables as tables, its figures as lines."""
    if fmt is not Format.table:
        json.dump(result, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
        return
    out.rule(f"[bold]{title}[/bold]", align="left")
    _show(result, "")


def _show(value: Any, label: str) -> None:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        columns = list(dict.fromkeys(k for row in value for k in row))
        render(value, Format.table, columns=columns, title=label or None, console=out)
    elif isinstance(value, dict):
        scalars = {k: v for k, v in value.items() if not isinstance(v, dict | list)}
        if scalars:
            prefix = f"[bold]{label}[/bold]: " if label else ""
            line = ", ".join(f"{k} {format_cell(v)}" for k, v in scalars.items())
            out.print(prefix + line, highlight=False)
        for key, item in value.items():
            if isinstance(item, dict | list):
                _show(item, f"{label} › {key}" if label else key)
    elif value not in (None, [], {}):
        out.print(f"{label}: {value}", highlight=False)


@bench_app.command("extract")
def bench_extract(
    data: DataOption = None,
    rounds: Annotated[int, typer.Option(help="Timing rounds; the best is kept.")] = 3,
    fmt: BenchFormat = Format.table,
) -> None:
    """Claim extraction vs quantulum3 on NewsQuant, and on the samples gold.

    NewsQuant: value P/R/F1, value+qualifier F1 and sentences/s on one core, for both
    systems on the same sentences, with the extractor's build (compiled by mypyc, or
    interpreted). Samples: claim recall, source and qualifier accuracy.
    """
    from corroborate.bench.extract import bench_extract as run
    from corroborate.compiled import stale_modules

    stale = stale_modules()
    if stale:
        typer.echo(
            f"warning: {', '.join(stale)} changed after the extractor was compiled; these "
            "figures are of the older build (run `make build`)",
            err=True,
        )
    show(run(data, rounds=rounds), fmt, "bench extract")


@bench_app.command("attribution")
def bench_attribution(
    data: DataOption = None,
    split: Annotated[str, typer.Option(help="PolNeAR split: train, dev or test.")] = "test",
    limit: Annotated[int | None, typer.Option(help="At most this many documents.")] = None,
    fmt: BenchFormat = Format.table,
) -> None:
    """Source-span precision, recall and F1 on PolNeAR attributions."""
    from corroborate.bench.extract import bench_attribution as run

    show(run(split, data, limit=limit), fmt, f"bench attribution ({split})")


@bench_app.command("truth")
def bench_truth(
    data: DataOption = None,
    scale: Annotated[
        int, typer.Option(help="Synthetic claims for the scale run (0 to skip).")
    ] = 10_000_000,
    fmt: BenchFormat = Format.table,
) -> None:
    """Reconciliation vs baselines and published truth discovery, and at scale.

    MAE and error rate of corroborate's method, median, mean, the conservative rule and
    published algorithms on population, flight and weather; then the seconds and memory
    to reconcile SCALE synthetic claims.
    """
    from corroborate.bench.truth import bench_scale
    from corroborate.bench.truth import bench_truth as run

    result: dict[str, Any] = {"datasets": run(data / "truth" if data else None)}
    if scale:
        result["scale"] = bench_scale(
            n_claims=scale, n_objects=max(1, scale // 10), n_sources=10_000
        )
    show(result, fmt, "bench truth")


@bench_app.command("ingest")
def bench_ingest(
    documents: Annotated[int, typer.Option(help="Replicate the examples to this many.")] = 20_000,
    postgres: Annotated[
        str | None, typer.Option(help="Also measure on this PostgreSQL URL.")
    ] = None,
    repeat: Annotated[
        int, typer.Option(help="Rounds of every configuration; the ratios use the best.", min=1)
    ] = 1,
    fmt: BenchFormat = Format.table,
) -> None:
    """Ingest throughput in-process and with 1 and 2 Dask workers.

    Documents/s and MB/s on SQLite (and PostgreSQL), with peak memory per worker, and the
    rate with 2 workers over the rate with 1.
    """
    from corroborate.bench.ingest import bench_ingest as run
    from corroborate.bench.ingest import summary

    result = run(documents=documents, postgres_url=postgres, repeat=repeat)
    show(summary(result) if fmt is Format.table else result, fmt, "bench ingest")


@bench_app.command("web")
def bench_web(
    claims: Annotated[int, typer.Option(help="Fill the database to this many claims.")] = 1_000_000,
    db: Annotated[
        str | None, typer.Option("--db", help="Database to fill (default: a temporary SQLite).")
    ] = None,
    requests: Annotated[int, typer.Option(help="Requests per client and page.")] = 200,
    concurrency: Annotated[int, typer.Option(help="Concurrent clients.")] = 8,
    fmt: BenchFormat = Format.table,
) -> None:
    """Web latency under load vs the same queries run directly on the database.

    p50/p95 of the dashboard, a question page and the claims API from a real server on
    127.0.0.1 under CONCURRENCY clients in another process, beside the floor.
    """
    from corroborate.bench.web import bench_web as run

    show(run(claims=claims, db=db, requests=requests, concurrency=concurrency), fmt, "bench web")


@bench_app.command("hostile", epilog=limits_help())
def bench_hostile(
    case: Annotated[
        list[str] | None,
        typer.Option("--case", help="Run only this case (repeatable); default: every case."),
    ] = None,
    cap: Annotated[
        int | None, typer.Option(help="Memory cap of each case's process, MiB (setrlimit).")
    ] = None,
    fmt: BenchFormat = Format.table,
) -> None:
    """Hostile input, case by case: peak memory, seconds and outcome of each.

    Each case builds its input (files, or pages and feeds served on 127.0.0.1) and runs
    the real reader in a child process under a memory cap; "good" counts the good
    documents beside the hostile one that were stored. See docs/SECURITY.md.
    """
    from corroborate.bench.hostile import BY_NAME, run_all

    unknown = [c for c in case or [] if c not in BY_NAME]
    if unknown:
        raise typer.BadParameter(f"no case {unknown[0]!r}; cases: {', '.join(BY_NAME)}")
    rows = run_all(case or None, cap_mb=cap)
    if fmt is Format.table:  # one short line per case; JSON keeps the threat and reasons
        columns = ("case", "ok", "good", "peak_mb", "seconds", "outcome")
        render(rows, fmt, columns=columns, title="bench hostile", console=out)
    else:
        show(rows, fmt, "bench hostile")
    if not all(row["ok"] for row in rows):
        raise typer.Exit(1)


@bench_app.command("realnews")
def bench_realnews(
    data: DataOption = None,
    story: Annotated[
        list[str] | None, typer.Option(help="Only this story (a folder name); repeatable.")
    ] = None,
    fmt: BenchFormat = Format.table,
) -> None:
    """Being right on real reporting, per story and in total, beside the targets.

    Claim recall and precision, the origin named (source) and anywhere in the chain, kind
    accuracy, time-specific questions answered within 20% as of their date, and grouping
    B-cubed F1, measured by the realnews set's own score.py.
    """
    from corroborate.bench.realnews import bench_realnews as run

    result = run(data, story)
    if fmt is Format.table:
        result = {"stories": result["stories"]}
    show(result, fmt, "bench realnews")


@bench_app.command("incremental")
def bench_incremental(
    small: Annotated[int, typer.Option(help="Claims in the smaller database.")] = 100_000,
    large: Annotated[int, typer.Option(help="Claims in the larger database.")] = 1_000_000,
    full_pass: Annotated[
        bool, typer.Option(help="Also time the full pass at the smaller size.")
    ] = True,
    fmt: BenchFormat = Format.table,
) -> None:
    """Link and reconcile one new article at two database sizes, and their ratio.

    Synthetic databases as a full pass leaves them; only the incremental pass is timed
    (no start-up, no extraction), beside the full pass at the smaller size.
    """
    from corroborate.bench.incremental import bench_incremental as run

    show(run(sizes=(small, large), full_pass=full_pass), fmt, "bench incremental")


@bench_app.command("full-pass")
def bench_full_pass(
    claims: Annotated[int, typer.Option(help="Claims in the synthetic database.")] = 1_000_000,
    workers: Annotated[int, typer.Option(help="Dask workers (a LocalCluster).", min=1)] = 2,
    partition_claims: Annotated[
        int, typer.Option(help="Claims per partition of questions.", min=1)
    ] = 100_000,
    in_process: Annotated[
        bool, typer.Option(help="Also run the in-process full pass on the same data.")
    ] = True,
    memory_limit: Annotated[str, typer.Option(help="Memory limit of each worker.")] = "2GB",
    fmt: BenchFormat = Format.table,
) -> None:
    """The full pass (``reconcile --full``) on a synthetic database, in this process and on
    a Dask LocalCluster: seconds, claims/s and peak memory of each process."""
    from corroborate.bench.incremental import bench_full_pass as run

    result = run(claims, workers, partition_claims, in_process, memory_limit)
    show(result, fmt, "bench full-pass")
