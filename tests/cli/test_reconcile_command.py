"""``corroborate reconcile``: the incremental pass by default, the full pass on --full,
each saying when source reliability was learned."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from corroborate.cli.app import app


def test_reconcile_incremental_then_full(tmp_path: Path, examples_dir: Path) -> None:
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "ingest", str(examples_dir)]).exit_code == 0
    quiet = runner.invoke(app, ["--db", db, "reconcile"])
    assert quiet.exit_code == 0, quiet.output
    assert "incremental pass: 0 new claims" in quiet.output
    assert "source reliability learned" in quiet.output
    full = runner.invoke(app, ["--db", db, "reconcile", "--full"])
    assert full.exit_code == 0, full.output
    assert "full pass: " in full.output
