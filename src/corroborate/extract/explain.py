"""Why a figure was read as it was: each field of a claim with the named rules that
shaped it, in words, so that an analyst can see and dispute the machine's reading.

Rule names are ``area.name`` ("kind.increment", "source.citing"); the area says which
fields the rule decides, and ``lexicon/en/rules.toml`` says what each rule means.
"""

from __future__ import annotations

from typing import Any

from corroborate.extract.lexicon import lexicon

# The fields each area of rules decides, in the order a reader goes through a claim.
AREAS: dict[str, tuple[str, ...]] = {
    "number": ("value", "low", "high", "qualifier"),
    "counted": ("counted", "owner"),
    "event": ("event", "event_text"),
    "kind": ("kind",),
    "place": ("place",),
    "time": ("as_of",),
    "source": ("source", "via", "speaker"),
    "hedge": ("hedged", "hedge"),
}


def explain(claim: dict[str, Any], rules: list[str]) -> list[dict[str, Any]]:
    """One line per area: the fields it decided, their values, and the rules that fired
    (each with its meaning, where the lexicon gives one)."""
    meanings: dict[str, str] = lexicon("rules").get("rules", {})
    lines: list[dict[str, Any]] = []
    for area, fields in AREAS.items():
        fired = [r for r in rules if r.split(".", 1)[0] == area]
        values = {f: claim.get(f) for f in fields if f in claim}
        lines.append(
            {
                "area": area,
                "values": values,
                "rules": [{"name": r, "meaning": meanings.get(r, "")} for r in fired],
                "default": not fired,
            }
        )
    known = {r for line in lines for r in (x["name"] for x in line["rules"])}
    other = [r for r in rules if r not in known]
    if other:
        lines.append(
            {
                "area": "other",
                "values": {},
                "rules": [{"name": r, "meaning": meanings.get(r, "")} for r in other],
                "default": False,
            }
        )
    return lines
