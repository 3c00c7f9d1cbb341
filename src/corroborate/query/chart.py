"""A question's sources and its chart's points, from one pass over its claims: one point
per claim for a small question, per source and time bin in SQL for a large one."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from statistics import median
from typing import Any

from sqlalchemy import Integer, case, cast, func, literal_column, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from corroborate.query.rows import CLAIM_DATE, CLAIM_POINT, as_date
from corroborate.store.models import ClaimRow, DocumentRow, SourceRow

CHART_POINTS = 2000  # above this many claims the chart bins them by source and time
CHART_BINS = 80  # time bins of a binned chart


def sources_and_points(
    connection: Connection, question_id: int, count: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Who answers the question (per source: figures, outlets, flags, typical figure) and
    the chart's points, from one pass over the question's claims: one point per claim for
    a small question, per source and time bin above ``CHART_POINTS`` claims."""
    if count <= CHART_POINTS:
        rows = connection.execute(
            select(
                ClaimRow.id,
                CLAIM_DATE.label("date"),
                CLAIM_POINT.label("value"),
                ClaimRow.low,
                ClaimRow.high,
                ClaimRow.source_id,
                DocumentRow.outlet,
                ClaimRow.hedged,
                ClaimRow.status,
                ClaimRow.weight,
                ClaimRow.flag,
                ClaimRow.echo_of,
                ClaimRow.credibility,
            )
            .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
            .where(ClaimRow.question_id == question_id)
            .order_by(CLAIM_DATE, ClaimRow.id)
        ).all()
        groups = [
            {
                "bucket": r.date,
                "source_id": r.source_id,
                "outlet": r.outlet,
                "n": 1,
                "hedged": int(bool(r.hedged)),
                "rejected": int(r.status != "ok"),
                "flagged": int(r.flag is not None),
                "echoes": int(r.echo_of is not None),
                "weight": r.weight,
                "min": r.value,
                "max": r.value,
                "total": r.value,
                "n_points": int(r.value is not None),
                "n_ok": int(r.status == "ok" and r.value is not None),
                "total_ok": r.value if r.status == "ok" else None,
                "claim_id": r.id,
                "row": r,
            }
            for r in rows
        ]
    else:
        groups = _binned_groups(connection, question_id)
    names = {
        r.id: dict(r._mapping)
        for r in connection.execute(
            select(
                SourceRow.id, SourceRow.name, SourceRow.kind, SourceRow.grade, SourceRow.reliability
            ).where(SourceRow.id.in_({g["source_id"] for g in groups}))
        )
    }
    sources: dict[int, dict[str, Any]] = {}
    values: dict[int, list[float]] = defaultdict(list)
    outlets: dict[int, set[Any]] = defaultdict(set)
    for g in groups:
        item = sources.setdefault(
            g["source_id"],
            {
                **names[g["source_id"]],
                "n_claims": 0,
                "n_hedged": 0,
                "n_rejected": 0,
                "n_flagged": 0,
                "n_echoes": 0,
                "weight": 0.0,
                "min": None,
                "max": None,
                "_total": 0.0,
                "_n": 0,
            },
        )
        item["n_claims"] += g["n"]
        for key in ("hedged", "rejected", "flagged", "echoes"):
            item[f"n_{key}"] += g[key] or 0
        item["weight"] += g["weight"] or 0.0
        if g["min"] is not None:
            item["min"] = g["min"] if item["min"] is None else min(item["min"], g["min"])
            item["max"] = g["max"] if item["max"] is None else max(item["max"], g["max"])
            item["_total"] += g["total"]
            item["_n"] += g["n_points"]
            if "row" in g:
                values[g["source_id"]].append(float(g["min"]))
        if g["outlet"] is not None:
            outlets[g["source_id"]].add(g["outlet"])
    out = []
    for source_id, item in sources.items():
        n = item.pop("_n")
        total = item.pop("_total")
        item["mean"] = total / n if n else None
        item["median"] = median(values[source_id]) if values[source_id] else item["mean"]
        item["n_outlets"] = len(outlets[source_id])
        out.append(item)
    out.sort(key=lambda s: (-s["n_claims"], s["name"]))
    return out, _points(groups, {k: v["name"] for k, v in names.items()})


def _binned_groups(connection: Connection, question_id: int) -> list[dict[str, Any]]:
    """The question's claims grouped by time bin, source and outlet, in SQL."""
    ok = ClaimRow.status == "ok"
    where = ClaimRow.question_id == question_id
    bounds = connection.execute(
        select(func.min(CLAIM_DATE), func.max(CLAIM_DATE))
        .select_from(ClaimRow)
        .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
        .where(where)
    ).first()
    first = as_date(bounds[0]) if bounds else None
    last = as_date(bounds[1]) if bounds else None
    width = max(1, math.ceil(max((last - first).days, 1) / CHART_BINS)) if first and last else 1
    origin = first.toordinal() if first else 0
    bucket = ((_day_number(connection) - literal_column(str(origin))) // width).label("bucket")
    rows = connection.execute(
        select(
            bucket,
            ClaimRow.source_id,
            DocumentRow.outlet,
            func.count().label("n"),
            func.sum(case((ClaimRow.hedged, 1), else_=0)).label("hedged"),
            func.sum(case((ok, 0), else_=1)).label("rejected"),
            func.sum(case((ClaimRow.flag.is_not(None), 1), else_=0)).label("flagged"),
            func.sum(case((ClaimRow.echo_of.is_not(None), 1), else_=0)).label("echoes"),
            func.sum(ClaimRow.weight).label("weight"),
            func.min(CLAIM_POINT).label("min"),
            func.max(CLAIM_POINT).label("max"),
            func.sum(CLAIM_POINT).label("total"),
            func.count(CLAIM_POINT).label("n_points"),
            func.count(case((ok, CLAIM_POINT))).label("n_ok"),
            func.sum(case((ok, CLAIM_POINT))).label("total_ok"),
            func.min(case((ok, ClaimRow.id))).label("claim_id"),
        )
        .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
        .where(where)
        .group_by(bucket, ClaimRow.source_id, DocumentRow.outlet)
    )
    out = []
    for r in rows:
        item = dict(r._mapping)
        day = None
        if item["bucket"] is not None and first is not None:
            day = date.fromordinal(origin + int(item["bucket"]) * width)
        item["bucket"] = day
        out.append(item)
    return out


def _points(groups: list[dict[str, Any]], names: dict[int, str]) -> list[dict[str, Any]]:
    points: list[dict[str, Any]] = []
    binned: dict[tuple[Any, int], dict[str, Any]] = {}
    for g in groups:
        day = as_date(g["bucket"])
        if day is None:
            continue
        if "row" in g:
            r = g["row"]
            if r.value is None:
                continue
            points.append(
                {
                    "claim_id": r.id,
                    "date": day.isoformat(),
                    "value": float(r.value),
                    "low": r.low,
                    "high": r.high,
                    "source": names[r.source_id],
                    "hedged": bool(r.hedged),
                    "status": r.status,
                    "weight": r.weight,
                    "flag": r.flag,
                    "echo_of": r.echo_of,
                    "credibility": r.credibility,
                    "n": 1,
                }
            )
            continue
        if not g["n_ok"]:
            continue
        point = binned.setdefault(
            (day, g["source_id"]),
            {
                "claim_id": g["claim_id"],
                "date": day.isoformat(),
                "low": g["min"],
                "high": g["max"],
                "source": names[g["source_id"]],
                "hedged": False,
                "status": "ok",
                "weight": 0.0,
                "flag": None,
                "echo_of": None,
                "credibility": None,
                "n": 0,
                "_total": 0.0,
            },
        )
        point["n"] += g["n_ok"]
        point["_total"] += float(g["total_ok"] or 0.0)
        point["weight"] += float(g["weight"] or 0.0)
        point["low"] = min(point["low"], g["min"])
        point["high"] = max(point["high"], g["max"])
        point["claim_id"] = min(point["claim_id"], g["claim_id"])
    for point in binned.values():
        point["value"] = point.pop("_total") / point["n"]
        point["weight"] = point["weight"] / point["n"]
        points.append(point)
    points.sort(key=lambda p: (p["date"], p["claim_id"]))
    return points


def _day_number(connection: Connection) -> ColumnElement[int]:
    """The claim's date as a proleptic ordinal day number, in SQL, for time bins."""
    if connection.dialect.name == "postgresql":
        # date - date is a number of days in PostgreSQL
        return CLAIM_DATE.op("-", return_type=Integer)(literal_column("DATE '0001-01-01'")) + 1
    return cast(func.julianday(CLAIM_DATE) - 1721424.5, Integer)
