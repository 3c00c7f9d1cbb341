"""One renderer for every listing: a rich table for people, JSON, JSONL or CSV for tools."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from corroborate.link.questions import rate_period
from corroborate.sanitize import csv_cell, strip_controls

# Bidirectional overrides reorder what a terminal shows (a file name that reads backwards).
_BIDI = {c: None for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def safe(value: object) -> str:
    """Text from outside for a rich console: no control character (ESC starts a terminal
    command) or bidirectional override, and rich markup escaped, so ``[/]`` in a title or
    a file name is printed, never parsed (a MarkupError would end the command)."""
    return escape(strip_controls(str(value)).translate(_BIDI))


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def render(
    rows: Sequence[dict[str, Any]],
    fmt: Format,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    console: Console | None = None,
) -> None:
    """Print ``rows``: JSON formats carry every key, the table only ``columns``."""
    if fmt is Format.json:
        json.dump(list(rows), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    elif fmt is Format.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt is Format.csv:
        keys = list(rows[0]) if rows else list(columns or [])
        writer = csv.DictWriter(sys.stdout, fieldnames=keys, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: csv_cell(v) for k, v in row.items()})
    else:
        _table(rows, columns or (list(rows[0]) if rows else []), title, console or Console())


def _table(rows, columns, title, console: Console) -> None:  # type: ignore[no-untyped-def]
    table = Table(title=title, show_lines=False, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(safe(format_cell(row.get(c))) for c in columns))
    console.print(table)


def format_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1 else f"{value:,.4g}"
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list):
        return ", ".join(map(str, value[:8])) + (" …" if len(value) > 8 else "")
    return str(value)


def figure(row: dict[str, Any]) -> str:
    """A claim's figure as a reader would write it: "≈12,000", "10,000–12,000", "≥1,300"."""
    signs = {"approx": "≈", "at_least": "≥", "at_most": "≤", "up_to": "up to "}
    if row.get("value") is None and row.get("low") is not None:
        return f"{format_cell(row['low'])}–{format_cell(row.get('high'))}"
    text = signs.get(row.get("qualifier") or "", "") + format_cell(row.get("value"))
    if row.get("unit"):
        text += f" {row['unit']}"
    if rate_period(row.get("period")):
        text += f" {rate_period(row['period'])}"
    return text
