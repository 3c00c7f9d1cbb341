"""Numbers and figures as readers write them, for every rendering.

``number`` writes a figure in full ("11,000", "1.25"): prose, tables, exports.
``compact`` writes it short for a chart's axis or a crowded cell ("1.2M", "12,000").
``figure`` writes a claim's figure with its qualifier, unit and rate ("≈12,000",
"10,000–12,000", "≥1,300 per day").
"""

from __future__ import annotations

from typing import Any

from corroborate.link.questions import rate_period

NONE = "—"  # what a missing number reads as in prose and on pages
SIGNS = {"approx": "≈", "at_least": "≥", "at_most": "≤", "up_to": "up to "}


def number(value: float | None) -> str:
    """A number in full: whole from a thousand up and when whole, with thousands
    separators ("11,000"); smaller fractions to 4 figures ("1.25", "312.5")."""
    if value is None:
        return NONE
    if isinstance(value, float) and not value.is_integer() and abs(value) < 1000:
        return f"{value:,.4g}"
    return f"{value:,.0f}"


def compact(value: float | None) -> str:
    """A number short: millions as "1.2M", whole from ten up, else to 3 figures."""
    if value is None:
        return NONE
    magnitude = abs(value)
    if magnitude >= 1_000_000:
        return f"{value / 1_000_000:,.3g}M"
    if magnitude >= 10 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.3g}"


def format_cell(value: Any) -> str:
    """A table cell: nothing for None, counts and ids as they are, floats as ``number``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return number(value)
    if isinstance(value, list):
        return ", ".join(map(str, value[:8])) + (" …" if len(value) > 8 else "")
    return str(value)


def figure(row: dict[str, Any]) -> str:
    """A claim's figure as a reader would write it: "≈12,000", "10,000–12,000", "≥1,300"."""
    if row.get("value") is None and row.get("low") is not None:
        text = f"{number(row['low'])}–{number(row.get('high'))}"
    else:
        text = SIGNS.get(row.get("qualifier") or "", "") + _value(row.get("value"))
    if row.get("unit"):
        text += f" {row['unit']}"
    rate = rate_period(row.get("period"))
    if rate:
        text += f" {rate}"
    return text


def _value(value: float | None) -> str:
    return "" if value is None else number(value)
