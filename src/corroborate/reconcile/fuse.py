"""Table interface to truth discovery: a CSV of conflicting figures in, estimates out.

Input columns: ``source, object, value``; optional ``time`` (claims about one object at
different times are different questions, so the estimate is per (object, time)) and
optional ``grade`` (the source's Admiralty reliability grade A-F, used as a prior).
Output: ``object[, time], estimate, low, high, claims`` and, on request,
``source, weight, claims``. Library functions only: the CLI prints and exits.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corroborate.reconcile.truth import METHODS, TruthResult, admiralty_prior, discover
from corroborate.sanitize import csv_cell

REQUIRED_COLUMNS: tuple[str, ...] = ("source", "object", "value")
Row = dict[str, str | float | int]  # one output line: column -> cell


class FuseInputError(ValueError):
    """Bad claims table; the message names the file and, where known, the line."""


@dataclass(frozen=True)
class ClaimTable:
    """Claims read from a table, as index arrays plus the names they index."""

    sources: list[str]
    objects: list[tuple[str, str]]  # (object, time); time is "" without a time column
    source_idx: np.ndarray
    object_idx: np.ndarray
    values: np.ndarray
    has_time: bool
    grades: dict[str, str]


@dataclass(frozen=True)
class FuseOutput:
    """Rows ready to write, and the raw result for callers that want arrays."""

    estimates: list[Row]
    source_weights: list[Row]
    result: TruthResult


def parse_value(text: str) -> float:
    """A figure as written in a table: thousands separators and spaces are allowed."""
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    value = float(cleaned)  # ValueError on anything else
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def read_claims_csv(path: str | Path) -> ClaimTable:
    """Read and validate a claims CSV; raises :class:`FuseInputError` on bad input."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return _read_rows(path, csv.DictReader(fh))
    except OSError as exc:
        raise FuseInputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise FuseInputError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise FuseInputError(f"{path}: not a valid CSV file: {exc}") from exc


def _read_rows(path: Path, reader: csv.DictReader[str]) -> ClaimTable:
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not header:
        raise FuseInputError(
            f"{path}: empty file, expected a header with {', '.join(REQUIRED_COLUMNS)}"
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise FuseInputError(
            f"{path}: missing column(s) {', '.join(missing)} (found: {', '.join(header)})"
        )
    reader.fieldnames = header
    has_time = "time" in header
    sources: dict[str, int] = {}
    objects: dict[tuple[str, str], int] = {}
    grades: dict[str, str] = {}
    s_idx, o_idx, vals = [], [], []
    for row in reader:
        line = reader.line_num
        source = (row.get("source") or "").strip()
        obj = (row.get("object") or "").strip()
        raw = row.get("value")
        if not source or not obj:
            raise FuseInputError(f"{path}: line {line}: empty source or object")
        if raw is None or not raw.strip():
            raise FuseInputError(f"{path}: line {line}: empty value")
        try:
            value = parse_value(raw)
        except ValueError:
            raise FuseInputError(
                f"{path}: line {line}: value {raw.strip()!r} is not a number"
            ) from None
        _note_grade(path, line, grades, source, (row.get("grade") or "").strip())
        key = (obj, (row.get("time") or "").strip() if has_time else "")
        s_idx.append(sources.setdefault(source, len(sources)))
        o_idx.append(objects.setdefault(key, len(objects)))
        vals.append(value)
    if not vals:
        raise FuseInputError(f"{path}: no claims (only a header)")
    return ClaimTable(
        list(sources),
        list(objects),
        np.asarray(s_idx, dtype=np.int64),
        np.asarray(o_idx, dtype=np.int64),
        np.asarray(vals),
        has_time,
        grades,
    )


def _note_grade(path: Path, line: int, grades: dict[str, str], source: str, grade: str) -> None:
    if not grade:
        return
    key = grade.upper()[:1]
    if key not in "ABCDEF":
        raise FuseInputError(f"{path}: line {line}: grade {grade!r} is not an Admiralty grade A-F")
    if grades.setdefault(source, key) != key:
        raise FuseInputError(
            f"{path}: line {line}: source {source!r} graded both {grades[source]} and {key}"
        )


def fuse_table(
    table: ClaimTable,
    method: str = "corroborate",
    *,
    grades: dict[str, str] | None = None,
    coverage: float = 0.8,
) -> FuseOutput:
    """Reconcile a claim table. ``grades`` (source -> A-F) override the table's own."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: choose one of {', '.join(METHODS)}")
    merged = {**table.grades, **(grades or {})}
    prior = admiralty_prior([merged.get(s) for s in table.sources]) if merged else None
    result = discover(
        table.source_idx,
        table.object_idx,
        table.values,
        method,
        prior=prior,
        n_sources=len(table.sources),
        n_objects=len(table.objects),
        coverage=coverage,
    )
    counts = np.bincount(table.object_idx, minlength=len(table.objects))
    estimates = []
    for i, (obj, when) in enumerate(table.objects):
        row: Row = {"object": obj}
        if table.has_time:
            row["time"] = when
        row.update(
            estimate=float(result.estimate[i]),
            low=float(result.low[i]),
            high=float(result.high[i]),
            claims=int(counts[i]),
        )
        estimates.append(row)
    weight = result.source_weight / max(float(np.max(result.source_weight)), 1e-300)
    per_source = np.bincount(table.source_idx, minlength=len(table.sources))
    sources: list[Row] = [
        {"source": s, "weight": float(weight[i]), "claims": int(per_source[i])}
        for i, s in enumerate(table.sources)
    ]
    return FuseOutput(estimates, sources, result)


def write_rows(rows: list[Row], path: str | Path) -> None:
    """Write dict rows as CSV; floats keep 10 significant digits."""
    if not rows:
        raise ValueError("nothing to write")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: f"{v:.10g}" if isinstance(v, float) else csv_cell(v) for k, v in row.items()}
            )


def fuse_csv(
    claims_path: str | Path,
    out_path: str | Path,
    method: str = "corroborate",
    *,
    sources_out: str | Path | None = None,
    grades: dict[str, str] | None = None,
    coverage: float = 0.8,
) -> FuseOutput:
    """``corroborate fuse``: read claims, reconcile, write estimates (and source weights)."""
    output = fuse_table(read_claims_csv(claims_path), method, grades=grades, coverage=coverage)
    write_rows(output.estimates, out_path)
    if sources_out is not None:
        write_rows(output.source_weights, sources_out)
    return output
