"""One renderer for every listing: a rich table for people, JSON, JSONL or CSV for tools."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from corroborate.present.exports import csv_chunks, json_chunks
from corroborate.present.format import format_cell
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


def stream(rows: Iterable[dict[str, Any]], fmt: Format, csv_fields: Sequence[str]) -> None:
    """Print a long listing row by row as JSON, JSONL or CSV (``csv_fields`` its columns),
    never holding it whole."""
    if fmt is Format.csv:
        chunks = csv_chunks(rows, tuple(csv_fields))
    elif fmt is Format.json:
        chunks = json_chunks(rows)
    else:
        chunks = (json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
    for chunk in chunks:
        sys.stdout.write(chunk)
    sys.stdout.flush()


def render(
    rows: Sequence[dict[str, Any]],
    fmt: Format,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    console: Console | None = None,
    optional: Sequence[str] = (),
) -> None:
    """Print ``rows``: JSON formats carry every key, the table only ``columns``. A table
    on a terminal drops the columns in ``optional`` first when they do not all fit."""
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
        shown = columns or (list(rows[0]) if rows else [])
        _table(rows, shown, title, console or Console(), optional)


def _table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    title: str | None,
    console: Console,
    optional: Sequence[str] = (),
) -> None:
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    if not console.is_terminal:
        # Piped or redirected: every cell whole on one line, however wide the table.
        widths = [_longest(c, [r[i] for r in cells], str.splitlines) for i, c in enumerate(columns)]
        shown = list(range(len(columns)))
    else:
        shown, widths = fit_columns(columns, cells, console.width, optional)
    table = Table(title=title, show_lines=False, expand=False)
    for index, width in zip(shown, widths, strict=True):
        table.add_column(columns[index], width=width, overflow="fold")
    for row in cells:
        table.add_row(*(row[i] for i in shown))
    hidden = [c for i, c in enumerate(columns) if i not in shown]
    if hidden:
        table.caption = f"not shown, to fit: {', '.join(hidden)} (-f csv has every column)"
    if console.is_terminal:
        console.print(table)
        return
    saved = console.width
    console.width = max(sum(widths) + _BORDERS_PER_COLUMN * len(widths) + 1, cell_len(title or ""))
    try:
        console.print(table, crop=False)
    finally:
        console.width = saved


def _cell(value: Any) -> str:
    """A cell as shown: outside text made safe, on one line (a sentence may hold breaks)."""
    return safe(" ".join(format_cell(value).split()))


_BORDERS_PER_COLUMN = 3  # a vertical line and one space of padding each side


def _longest(header: str, values: Sequence[str], split: Any = str.split) -> int:
    """The widest piece of a column: whole cells (``str.splitlines``) or words."""
    pieces = [p for text in (header, *values) for p in split(text)]
    return max((cell_len(p) for p in pieces), default=1)


def fit_columns(
    columns: Sequence[str], cells: Sequence[Sequence[str]], width: int, optional: Sequence[str]
) -> tuple[list[int], list[int]]:
    """Which columns to show and how wide, so that the table fits ``width`` and no word
    is broken: each column at least as wide as its longest word, the columns in
    ``optional`` (then the rightmost but the first) dropped while they do not fit, and
    the room left shared by how much each column's text would still grow."""
    natural = [_longest(c, [r[i] for r in cells], str.splitlines) for i, c in enumerate(columns)]
    least = [min(natural[i], _longest(c, [r[i] for r in cells])) for i, c in enumerate(columns)]
    shown = list(range(len(columns)))
    order = [columns.index(c) for c in optional if c in columns]
    order += [i for i in reversed(shown[1:]) if i not in order]

    def room(indices: list[int]) -> int:
        return width - _BORDERS_PER_COLUMN * len(indices) - 1

    if sum(natural) <= room(shown):
        return shown, natural
    while sum(least[i] for i in shown) > room(shown) and order and len(shown) > 1:
        shown.remove(order.pop(0))
    widths = _share(shown, least, natural, room(shown))
    # an optional column gives way while another is squeezed into a narrow strip
    dropped = [columns.index(c) for c in optional if c in columns]
    dropped = [i for i in dropped if i in shown]
    while dropped and any(w < min(natural[i], NARROW) for i, w in zip(shown, widths, strict=True)):
        shown.remove(dropped.pop(0))
        widths = _share(shown, least, natural, room(shown))
    return shown, widths


NARROW = 24  # a column of prose narrower than this reads a word or two a line


def _share(shown: list[int], least: list[int], natural: list[int], room: int) -> list[int]:
    """Each column its longest word; then the room left, first to bring every column up
    to ``NARROW`` (or all it needs), the rest by how much each would still grow."""
    widths = [least[i] for i in shown]
    needs = [natural[i] for i in shown]
    spare = room - sum(widths)
    while spare > 0:
        short = [k for k, w in enumerate(widths) if w < min(needs[k], NARROW)]
        if not short:
            break
        for k in short[:spare]:
            widths[k] += 1
        spare -= min(len(short), spare)
    growth = [n - w for n, w in zip(needs, widths, strict=True)]
    if spare > 0 and sum(growth):
        total = sum(growth)
        widths = [w + min(g, spare * g // total) for w, g in zip(widths, growth, strict=True)]
    return [max(1, w) for w in widths]


def plural(count: int, noun: str) -> str:
    """ "1 document", "2 documents"."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
