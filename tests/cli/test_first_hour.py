"""What a newcomer runs into first: a mistyped database, an unknown id, the demo given a
real database, options before the command, error messages, Ctrl-C, and tables piped or
at 80 columns. The runner's output is never a terminal; 80 columns are a Console of that
width, so no test depends on the width of the terminal running it."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from corroborate.cli.app import EXIT_DATABASE, app
from corroborate.cli.output import Format, render

runner = CliRunner()
READ_COMMANDS = (
    ["claims"],
    ["questions"],
    ["sources"],
    ["edits"],
    ["doctor"],
    ["feeds", "list"],
    ["export", "claims"],
    ["export", "brief", "1"],
)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding the bundled examples."""
    examples = Path(__file__).resolve().parents[2] / "examples"
    db = str(tmp_path_factory.mktemp("filled") / "news.db")
    result = runner.invoke(app, ["ingest", str(examples), "--db", db])
    assert result.exit_code == 0, result.output
    return db


def _line(result) -> str:  # type: ignore[no-untyped-def]
    """The one line a failed command printed."""
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_read_commands_refuse_a_database_that_does_not_exist(
    command: list[str], tmp_path: Path
) -> None:
    typo = tmp_path / "nwes.db"
    result = runner.invoke(app, [*command, "--db", str(typo)])
    assert result.exit_code == EXIT_DATABASE
    assert _line(result) == f"error: no database at {typo} — `corroborate ingest` creates one"
    assert not typo.exists()


def test_unknown_ids_are_errors(filled: str) -> None:
    for command in (
        ["claims", "--question", "999"],
        ["claims", "--explain", "99999"],
        ["export", "claims", "--question", "999"],
        ["export", "chart", "999"],
    ):
        result = runner.invoke(app, [*command, "--db", filled])
        assert result.exit_code == 1, command
        assert "999" in _line(result) and _line(result).startswith("error: no "), command


def test_db_and_format_before_the_command(filled: str) -> None:
    after = runner.invoke(app, ["claims", "--db", filled, "-f", "jsonl"])
    before = runner.invoke(app, ["--db", filled, "--format", "jsonl", "claims"])
    assert before.exit_code == 0, before.output
    assert before.output == after.output and json.loads(before.output.splitlines()[0])
    nested = runner.invoke(app, ["--db", filled, "-f", "json", "export", "questions"])
    assert nested.exit_code == 0 and json.loads(nested.output)
    # the command's own option wins over the one before it
    own = runner.invoke(app, ["--db", "elsewhere.db", "sources", "--db", filled, "-f", "csv"])
    assert own.exit_code == 0 and own.output.startswith("id,name")


def test_demo_refuses_a_database_holding_other_documents(tmp_path: Path) -> None:
    article = tmp_path / "mine.txt"
    article.write_text("Mine\n\nAbout 500 people were counted, the agency said.\n")
    mine = tmp_path / "mydata.db"
    assert runner.invoke(app, ["ingest", str(article), "--db", str(mine)]).exit_code == 0
    result = runner.invoke(app, ["demo", "--db", str(mine)])
    assert result.exit_code == EXIT_DATABASE
    assert "mine.txt" in _line(result) and "new --db path" in _line(result)
    with sqlite3.connect(mine) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (1,)

    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    assert runner.invoke(app, ["demo", "--db", str(notes)]).exit_code == EXIT_DATABASE
    assert notes.read_text() == "not a database"


@pytest.mark.slow
def test_demo_reruns_on_its_own_database(tmp_path: Path) -> None:
    demo = str(tmp_path / "demo.db")
    for _ in range(2):
        result = runner.invoke(app, ["demo", "--db", demo])
        assert result.exit_code == 0, result.output
        assert "0 already present" in result.output


def test_errors_are_one_line_without_library_links(tmp_path: Path) -> None:
    junk = tmp_path / ("a-rather-long-folder-name-" * 4) / "junk.db"
    junk.parent.mkdir()
    junk.write_bytes(b"this is not a database file, it is much longer than a header" * 20)
    result = runner.invoke(app, ["claims", "--db", str(junk)])
    assert result.exit_code == EXIT_DATABASE
    line = _line(result)
    assert str(junk) in line and "not a database" in line
    assert "http" not in line and "sqlalche.me" not in line


def test_error_text_is_printed_literally(monkeypatch: pytest.MonkeyPatch) -> None:
    import corroborate.store.db as db

    def no_driver(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise ModuleNotFoundError("No module named 'psycopg'")

    monkeypatch.setattr(db, "create_engine", no_driver)
    result = runner.invoke(app, ["questions", "--db", "postgresql://u@localhost/news"])
    assert result.exit_code == EXIT_DATABASE
    assert "pip install 'corroborate[postgres]'" in _line(result)


def test_ctrl_c_during_ingest_says_what_was_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, examples_dir: Path
) -> None:
    import corroborate.service.ingest as pipeline

    real = pipeline.ingest_paths

    def interrupted(engine, paths, **kwargs):  # type: ignore[no-untyped-def]
        real(engine, [str(examples_dir / "seed-article.json")], **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "ingest_paths", interrupted)
    db = str(tmp_path / "c.db")
    result = runner.invoke(app, ["ingest", str(examples_dir), "--db", db])
    assert result.exit_code == 130
    assert "interrupted: 1 document stored by this run" in result.output
    assert "run the same command again" in result.output


def test_claims_csv_has_the_columns_of_the_export(filled: str) -> None:
    listing = runner.invoke(app, ["claims", "--db", filled, "-f", "csv"]).output
    export = runner.invoke(app, ["export", "claims", "--db", filled]).output
    assert listing == export
    header = next(csv.reader(io.StringIO(listing)))
    assert {"source", "sentence", "start", "end", "question_id"} <= set(header)
    limited = runner.invoke(app, ["claims", "--db", filled, "-f", "csv", "--limit", "2"]).output
    assert len(list(csv.DictReader(io.StringIO(limited)))) == 2


def _claims(db: str) -> list[dict]:
    return json.loads(runner.invoke(app, ["claims", "--db", db, "-f", "json"]).output)


def test_piped_table_keeps_every_cell_whole(filled: str) -> None:
    result = runner.invoke(app, ["claims", "--db", filled], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    claims = _claims(filled)
    assert len(lines) == len(claims) + 5  # title, 3 rule/header lines, rows, bottom rule
    for claim in claims:
        assert any(" ".join(claim["sentence"].split()) in line for line in lines), claim["id"]


def _words(rows: list[dict], columns: tuple[str, ...]) -> set[str]:
    return {w for row in rows for c in columns for w in str(row.get(c, "")).split()}


@pytest.mark.parametrize("width", [80, 60, 120])
def test_table_on_a_narrow_terminal_breaks_no_word(width: int) -> None:
    rows = [
        {
            "id": n,
            "source": "US Department of Defense (Pentagon)",
            "published": "2024-10-23",
            "counted": "North Korean special forces troops",
            "sentence": "WASHINGTON — At least 3,000 North Korean soldiers are in eastern Russia, "
            "the White House said on Wednesday, giving the first U.S. estimate.",
        }
        for n in range(3)
    ]
    columns = ("id", "counted", "source", "published", "sentence")
    screen = io.StringIO()
    console = Console(file=screen, width=width, force_terminal=True, color_system=None)
    render(rows, Format.table, columns=columns, console=console, optional=("published",))
    drawn = screen.getvalue().splitlines()
    assert all(len(line) <= width for line in drawn)
    allowed = _words(rows, columns) | set(columns) | {"│", "┃"}
    cells = [w for line in drawn if line.startswith(("│", "┃")) for w in line.split()]
    broken = [w for w in cells if w not in allowed]
    assert broken == [] and "(Pentagon)" in cells and "Wednesday," in cells


def test_bench_style_table_breaks_no_word_at_80_columns() -> None:
    rows = [
        {"dataset": "NewsQuant", "system": "corroborate", "precision": 0.91, "recall": 0.88},
        {"dataset": "NewsQuant", "system": "quantulum3", "precision": 0.71, "recall": 0.64},
    ]
    screen = io.StringIO()
    console = Console(file=screen, width=80, force_terminal=True, color_system=None)
    render(rows, Format.table, console=console, title="bench extract")
    text = screen.getvalue()
    assert re.search(r"\bNewsQuant\b", text) and re.search(r"\bcorroborate\b", text)
