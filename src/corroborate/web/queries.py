"""Read queries for the web layer and the exports.

Plain data functions: keyword-only arguments, plain dicts and lists out, ``None`` when
the thing asked for does not exist (the views turn that into a 404). Every listing is
bounded by ``limit``/``offset``; aggregates are computed in SQL so a page costs the same
on a few hundred claims as on a million.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from datetime import date
from itertools import pairwise
from statistics import median
from typing import Any

from sqlalchemy import (
    Engine,
    Integer,
    and_,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Connection

from corroborate.analysis import as_of_summary, estimates_as_of
from corroborate.reconcile.engine import QuestionResult
from corroborate.store.models import (
    ClaimRow,
    DocumentRow,
    EditRow,
    EstimateRow,
    QuestionRow,
    SourceAliasRow,
    SourceRow,
)
from corroborate.store.repository import claim_explanation, claims_query, parent_key, plain_row
from corroborate.web.cache import cached

# A claim's date: when the figure holds, else when its article was published.
CLAIM_DATE = func.coalesce(ClaimRow.as_of, DocumentRow.published)
# A claim's point value: its figure, or the middle of its range.
CLAIM_POINT = func.coalesce(
    ClaimRow.value, (ClaimRow.low + ClaimRow.high) / 2.0, ClaimRow.low, ClaimRow.high
)
# A figure this many times off the estimate (either way) is marked as an outlier.
OUTLIER_RATIO = 3.0
# Within this share of the estimate a figure "agrees" with it.
AGREE_SHARE = 0.25
CHART_POINTS = 2000  # above this many claims the chart bins them by source and time
CHART_BINS = 80  # time bins of a binned chart


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _like(text_: str) -> str:
    escaped = text_.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def claim_dict(row: Any) -> dict[str, Any]:
    """A claim's row as every rendering shows it (dates as precise as they are known)."""
    out = plain_row(row._mapping)
    if "date" in out:
        out["date"] = _iso(out["date"])
    return out


def _claims_select():  # type: ignore[no-untyped-def]
    """The repository's claim columns plus status, grade, source id and the claim's date."""
    return claims_query().add_columns(
        ClaimRow.status,
        ClaimRow.source_id,
        ClaimRow.mention_start,
        ClaimRow.mention_end,
        ClaimRow.echo_of,
        ClaimRow.weight,
        ClaimRow.credibility,
        ClaimRow.credibility_reason,
        ClaimRow.flag,
        SourceRow.grade.label("grade"),
        SourceRow.reliability.label("reliability"),
        CLAIM_DATE.label("date"),
    )


# -- questions -------------------------------------------------------------------------


def dashboard(
    engine: Engine,
    *,
    q: str | None = None,
    counted: str | None = None,
    place: str | None = None,
    source: str | None = None,
    since: date | None = None,
    until: date | None = None,
    as_of: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Questions with their estimate, sources, latest figure, trend and flags; with
    ``as_of``, each estimate as the reporting up to that date supported it.

    The rows of every question are computed in one pass over the claims and cached until
    the data changes; filters on the question's own fields run over the cached rows, and
    filters on its claims (source, date range) ask the database which questions match."""
    rows = cached(engine, "dashboard", (), lambda: _question_rows(engine))
    wanted = rows
    for field, needle in (("label", q), ("counted", counted), ("place", place)):
        if needle:
            folded = needle.casefold()
            wanted = [r for r in wanted if folded in (r[field] or "").casefold()]
    if source or since or until:
        matching = _questions_with_claims(engine, source=source, since=since, until=until)
        wanted = [r for r in wanted if r["id"] in matching]
    if as_of:
        then = cached(engine, "as_of", as_of, lambda: estimates_as_of(engine, as_of))
        wanted = [_as_of_row(r, then[r["id"]]) for r in wanted if r["id"] in then]
    return {
        "questions": [dict(r) for r in wanted[offset : offset + limit]],
        "total": len(wanted),
        "limit": limit,
        "offset": offset,
        "filters": {
            "q": q,
            "counted": counted,
            "place": place,
            "source": source,
            "since": _iso(since),
            "until": _iso(until),
            "as_of": _iso(as_of),
        },
    }


def _as_of_row(row: dict[str, Any], outcome: QuestionResult) -> dict[str, Any]:
    """A question's row with its estimate as of an earlier date (the keys of the
    dashboard: ``estimate_as_of`` is the date the estimate speaks for)."""
    then = as_of_summary(outcome)
    return {
        **row,
        **{k: then[k] for k in ("estimate", "low", "high", "n_sources")},
        "estimate_as_of": then["as_of"],
        "timeline": then["timeline"],
    }


def _questions_with_claims(
    engine: Engine, *, source: str | None, since: date | None, until: date | None
) -> set[int]:
    query = (
        select(ClaimRow.question_id)
        .distinct()
        .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
        .where(ClaimRow.question_id.is_not(None))
    )
    if source:
        named = select(SourceRow.id).where(SourceRow.name.ilike(_like(source), escape="\\"))
        query = query.where(ClaimRow.source_id.in_(named))
    if since:
        query = query.where(CLAIM_DATE >= since)  # noqa: SIM300
    if until:
        query = query.where(CLAIM_DATE <= until)  # noqa: SIM300
    with engine.connect() as connection:
        return set(connection.scalars(query))


# A question and its current estimate, as every question query reads them.
_QUESTION_COLUMNS = (
    QuestionRow.id,
    QuestionRow.label,
    QuestionRow.counted,
    QuestionRow.owner,
    QuestionRow.event,
    QuestionRow.place,
    EstimateRow.value.label("estimate"),
    EstimateRow.low,
    EstimateRow.high,
    EstimateRow.method,
    EstimateRow.as_of.label("estimate_as_of"),
)


def _question_rows(engine: Engine) -> list[dict[str, Any]]:
    """Every question with its estimate and claim statistics, most-supported first: one
    GROUP BY (question, date) pass over the claims gives the counts, the flags, the
    daily trend and the latest claim."""
    ok = ClaimRow.status == "ok"
    with engine.connect() as connection:
        questions = [
            dict(r._mapping)
            for r in connection.execute(
                select(
                    *_QUESTION_COLUMNS,
                    func.coalesce(EstimateRow.n_sources, 0).label("n_sources"),
                ).outerjoin(EstimateRow, EstimateRow.question_id == QuestionRow.id)
            )
        ]
        day = CLAIM_DATE.label("day")
        groups = connection.execute(
            select(
                ClaimRow.question_id,
                day,
                func.count().label("n"),
                func.sum(case((ClaimRow.hedged, 1), else_=0)).label("hedged"),
                func.sum(case((ok, 0), else_=1)).label("rejected"),
                func.sum(case((ClaimRow.flag.is_not(None), 1), else_=0)).label("flagged"),
                func.sum(case((ClaimRow.echo_of.is_not(None), 1), else_=0)).label("echoes"),
                func.min(CLAIM_POINT).label("min_point"),
                func.max(CLAIM_POINT).label("max_point"),
                func.avg(case((ok, CLAIM_POINT))).label("mean_ok"),
                func.max(case((ok, ClaimRow.id))).label("last_ok"),
            )
            .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
            .where(ClaimRow.question_id.is_not(None))
            .group_by(ClaimRow.question_id, day)
        ).all()
        stats: dict[int, dict[str, Any]] = {}
        for g in groups:
            item = stats.setdefault(
                g.question_id,
                {
                    "n_claims": 0,
                    "n_hedged": 0,
                    "n_rejected": 0,
                    "n_flagged": 0,
                    "n_echoes": 0,
                    "min_point": None,
                    "max_point": None,
                    "last_date": None,
                    "trend": [],
                    "latest_id": None,
                    "_latest_key": None,
                },
            )
            item["n_claims"] += g.n
            item["n_hedged"] += g.hedged or 0
            item["n_rejected"] += g.rejected or 0
            item["n_flagged"] += g.flagged or 0
            item["n_echoes"] += g.echoes or 0
            for key, pick in (("min_point", min), ("max_point", max)):
                value = getattr(g, key)
                if value is not None:
                    item[key] = value if item[key] is None else pick(item[key], value)
            when = _as_date(g.day)
            if when is not None:
                item["last_date"] = max(item["last_date"] or when, when)
                if g.mean_ok is not None:
                    item["trend"].append([when.isoformat(), float(g.mean_ok)])
            if g.last_ok is not None:
                rank = (when or date.min, g.last_ok)
                if item["_latest_key"] is None or rank > item["_latest_key"]:
                    item["_latest_key"], item["latest_id"] = rank, g.last_ok
        latest = _claims_by_ids(
            connection, [s["latest_id"] for s in stats.values() if s["latest_id"]]
        )
    by_id = {c["id"]: c for c in latest}
    out = []
    for question in questions:
        item = stats.get(question["id"])
        if item is None:
            continue
        item.pop("_latest_key")
        item["trend"] = _thin(sorted(item["trend"]), 60)
        item["last_date"] = _iso(item["last_date"])
        found = by_id.get(item.pop("latest_id"))
        item["latest"] = (
            {k: found.get(k) for k in ("id", "value", "low", "high", "qualifier", "unit",
                                        "period", "source", "date")}
            if found
            else None
        )  # fmt: skip
        row = {**question, **item, "estimate_as_of": _iso(question["estimate_as_of"])}
        row["flags"] = question_flags(row)
        out.append(row)
    out.sort(key=lambda r: (-r["n_sources"], -r["n_claims"], r["id"]))
    return out


def question_flags(item: dict[str, Any]) -> list[str]:
    """Short warnings in words for a question's row."""
    flags = []
    low, high = item.get("min_point"), item.get("max_point")
    if low and high and low > 0 and high / low >= 10:
        flags.append(f"figures differ {high / low:,.0f}-fold")
    if item.get("n_sources", 0) <= 1:
        flags.append("single source")
    if item.get("n_flagged"):
        flags.append(f"{item['n_flagged']} implausible")
    if item.get("n_hedged"):
        flags.append(f"{item['n_hedged']} hedged")
    if item.get("n_rejected"):
        flags.append(f"{item['n_rejected']} set aside by an analyst")
    return flags


def _thin(points: list[list[Any]], most: int) -> list[list[Any]]:
    if len(points) <= most:
        return points
    step = len(points) / most
    return [points[int(i * step)] for i in range(most)] + [points[-1]]


# Above this many claims a listing is ordered by id (the index order) rather than by date.
DATE_ORDER_LIMIT = 5000


def question_page(
    engine: Engine,
    *,
    question_id: int,
    limit: int = 50,
    offset: int = 0,
    as_of: date | None = None,
) -> dict[str, Any] | None:
    """A question, its estimate, the sources behind it, its chart data, a page of its
    claims and the reasoning in words; with ``as_of``, the estimate, band and timeline
    as the reporting up to that date supported them. Everything but the page of claims is
    cached until the data changes."""
    summary = cached(
        engine, "question", question_id, lambda: _question_summary(engine, question_id)
    )
    if summary is None:
        return None
    if as_of:
        summary = _summary_as_of(engine, summary, question_id, as_of)
    order = (
        (CLAIM_DATE.nulls_last(), ClaimRow.id)
        if summary["total"] <= DATE_ORDER_LIMIT
        else (ClaimRow.id,)
    )
    with engine.connect() as connection:
        claims = [
            claim_dict(r)
            for r in connection.execute(
                _claims_select()
                .where(ClaimRow.question_id == question_id)
                .order_by(None)
                .order_by(*order)
                .limit(limit)
                .offset(offset)
            )
        ]
    for claim in claims:
        claim["outlier"] = bool(claim.get("flag"))
    ordered = "date" if summary["total"] <= DATE_ORDER_LIMIT else "id"
    return {**summary, "claims": claims, "order": ordered, "limit": limit, "offset": offset}


def _question_summary(engine: Engine, question_id: int) -> dict[str, Any] | None:
    with engine.connect() as connection:
        row = connection.execute(
            select(
                *_QUESTION_COLUMNS,
                QuestionRow.key,
                EstimateRow.n_claims.label("n_weighed"),
                EstimateRow.n_sources,
                EstimateRow.timeline,
                EstimateRow.computed_at,
            )
            .outerjoin(EstimateRow, EstimateRow.question_id == QuestionRow.id)
            .where(QuestionRow.id == question_id)
        ).first()
        if row is None:
            return None
        question = dict(row._mapping)
        question["estimate_as_of"] = _iso(question["estimate_as_of"])
        wider = parent_key(question["key"])
        question["parent_id"] = (
            connection.scalar(select(QuestionRow.id).where(QuestionRow.key == wider))
            if wider
            else None
        )
        stored = question.pop("timeline") or {}
        timeline = stored.get("timeline") or []
        question["computed_at"] = (
            question["computed_at"].isoformat(sep=" ", timespec="seconds")
            if question["computed_at"]
            else None
        )
        total = (
            connection.scalar(
                select(func.count())
                .select_from(ClaimRow)
                .where(ClaimRow.question_id == question_id)
            )
            or 0
        )
        sources, points = _sources_and_points(connection, question_id, total)
        flagged = [
            {"id": r.id, "flag": r.flag, "source": r.source}
            for r in connection.execute(
                select(ClaimRow.id, ClaimRow.flag, SourceRow.name.label("source"))
                .join(SourceRow, ClaimRow.source_id == SourceRow.id)
                .where(ClaimRow.question_id == question_id, ClaimRow.flag.is_not(None))
                .order_by(ClaimRow.id)
                .limit(20)
            )
        ]
    for source in sources:
        source["outlier"] = bool(source["n_flagged"])
    return {
        "question": question,
        "sources": sources,
        "chart": {
            "points": points,
            "estimate": _estimate_of(question),
            "timeline": [t for t in timeline if t.get("date") and t.get("estimate") is not None],
        },
        "total": total,
        "camps": stored.get("camps") or [],
        "reasoning": reasoning(question, sources, timeline, flagged, stored.get("follows")),
    }


def _summary_as_of(
    engine: Engine, summary: dict[str, Any], question_id: int, day: date
) -> dict[str, Any]:
    """The question's summary with its estimate, band, sources and timeline replaced by
    those computed from what was reported by ``day`` (no estimate if nothing was)."""
    then = cached(engine, "as_of", day, lambda: estimates_as_of(engine, day))
    outcome = then.get(question_id)
    fields = as_of_summary(outcome) if outcome else {}
    question = {
        **summary["question"],
        "estimate": fields.get("estimate"),
        "low": fields.get("low"),
        "high": fields.get("high"),
        "n_sources": fields.get("n_sources", 0),
        "estimate_as_of": fields.get("as_of"),
    }
    chart = {
        **summary["chart"],
        "estimate": _estimate_of(question),
        "timeline": [t for t in fields.get("timeline", []) if t.get("estimate") is not None],
    }
    timeline = chart["timeline"]
    return {
        **summary,
        "question": question,
        "chart": chart,
        "as_of": day.isoformat(),
        "camps": fields.get("camps", []),
        "reasoning": reasoning(question, summary["sources"], timeline, [], fields.get("follows")),
    }


def _estimate_of(question: dict[str, Any]) -> dict[str, Any]:
    return {k: question.get(k) for k in ("estimate", "low", "high", "method")}


def _point(claim: dict[str, Any]) -> float | None:
    if claim.get("value") is not None:
        return float(claim["value"])
    low, high = claim.get("low"), claim.get("high")
    if low is not None and high is not None:
        return (low + high) / 2
    return low if low is not None else high


def is_outlier(value: float | None, estimate: float | None) -> bool:
    if value is None or not estimate or value <= 0 or estimate <= 0:
        return False
    return abs(math.log(value / estimate)) > math.log(OUTLIER_RATIO)


def _sources_and_points(
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
    first = _as_date(bounds[0]) if bounds else None
    last = _as_date(bounds[1]) if bounds else None
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
        day = _as_date(g["bucket"])
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


def _day_number(connection: Connection):  # type: ignore[no-untyped-def]
    """The claim's date as a proleptic ordinal day number, in SQL, for time bins."""
    if connection.dialect.name == "postgresql":
        # date - date is a number of days in PostgreSQL
        return CLAIM_DATE.op("-", return_type=Integer)(literal_column("DATE '0001-01-01'")) + 1
    return cast(func.julianday(CLAIM_DATE) - 1721424.5, Integer)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def reasoning(
    question: dict[str, Any],
    sources: list[dict[str, Any]],
    timeline: list[dict[str, Any]] | None = None,
    flagged: list[dict[str, Any]] | None = None,
    follows: str | None = None,
) -> list[str]:
    """The estimate explained in sentences, from the reconcile engine's conclusions: how
    it moved over time, which camp it follows when the sources split, who agrees, which
    claims are echoes, what is flagged and why."""
    estimate = question.get("estimate")
    out: list[str] = []
    if estimate is None:
        return ["No estimate yet: no claim of this question can be weighed."]
    n_sources = question.get("n_sources") or 0
    when = f" as of {question['estimate_as_of']}" if question.get("estimate_as_of") else ""
    low, high = question.get("low"), question.get("high")
    interval = ""
    if low is not None and high is not None and low != high:
        interval = f", with the current figures between {_fmt(low)} and {_fmt(high)}"
    out.append(
        f"The estimate is {_fmt(estimate)}{when}, from {n_sources} independent "
        f"source{'s' if n_sources != 1 else ''}{interval}."
    )
    steps = [t for t in (timeline or []) if t.get("estimate") is not None]
    if len(steps) > 1 and steps[0]["estimate"] != steps[-1]["estimate"]:
        verb = "grew" if steps[-1]["estimate"] > steps[0]["estimate"] else "fell"
        out.append(
            f"Over time it {verb} from {_fmt(steps[0]['estimate'])} on {steps[0]['date']} "
            f"to {_fmt(steps[-1]['estimate'])} on {steps[-1]['date']}: each source's latest "
            "figure speaks for the present, older ones for their own date."
        )
    if follows:
        out.append(follows)
    agree = [s for s in sources if not s["n_flagged"] and _near(s["median"], estimate)]
    if agree:
        out.append(
            "Agreeing with it (within 25%): "
            + ", ".join(f"{s['name']} ({_fmt(s['median'])})" for s in agree[:8])
            + "."
        )
    reasons: dict[str, list[dict[str, Any]]] = {}
    for item in flagged or []:
        reasons.setdefault(item["flag"], []).append(item)
    for reason, items in list(reasons.items())[:4]:
        ids = ", ".join(str(i["id"]) for i in items)
        out.append(
            f"Flagged: {reason} ({items[0]['source']}; claim{'s' if len(items) > 1 else ''} {ids})."
        )
    echoes = sum(s["n_echoes"] or 0 for s in sources)
    if echoes:
        carried = [s for s in sources if s["n_outlets"] > 1]
        tail = (
            "; carried by several outlets: "
            + ", ".join(f"{s['name']} ({s['n_outlets']} outlets)" for s in carried[:5])
            if carried
            else ""
        )
        out.append(
            f"{echoes} claim{'s' if echoes != 1 else ''} repeat an earlier report (wire copy, "
            f"or the same source saying it again) and count once{tail}."
        )
    hedged = [s for s in sources if s["n_hedged"]]
    if hedged:
        out.append(
            "Hedged (rumour, estimate, unconfirmed or denial): "
            + ", ".join(f"{s['name']} ({s['n_hedged']})" for s in hedged[:6])
            + "."
        )
    rated = sorted(
        (s for s in sources if s.get("reliability") is not None),
        key=lambda s: -s["reliability"],
    )
    if rated:
        out.append(
            "Learned reliability (1 = the most reliable source seen): "
            + ", ".join(f"{s['name']} {s['reliability']:.2f}" for s in rated[:5])
            + "."
        )
    graded = [s for s in sources if s["grade"]]
    if graded:
        out.append(
            "Analyst grades (Admiralty A–F): "
            + ", ".join(f"{s['name']} {s['grade']}" for s in graded)
            + "."
        )
    rejected = sum(s["n_rejected"] or 0 for s in sources)
    if rejected:
        out.append(
            f"{rejected} claim{'s' if rejected != 1 else ''} marked wrong or duplicate by an "
            "analyst are not weighed."
        )
    return out


def _near(value: float | None, estimate: float) -> bool:
    return value is not None and estimate > 0 and abs(value - estimate) <= AGREE_SHARE * estimate


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.4g}"
    return f"{value:,.0f}"


# -- claims ----------------------------------------------------------------------------


def claims_page(
    engine: Engine,
    *,
    question_id: int | None = None,
    source_id: int | None = None,
    document_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    conditions = []
    if question_id is not None:
        conditions.append(ClaimRow.question_id == question_id)
    if source_id is not None:
        conditions.append(ClaimRow.source_id == source_id)
    if document_id is not None:
        conditions.append(ClaimRow.document_id == document_id)
    key = (question_id, source_id, document_id)
    total = cached(engine, "count claims", key, lambda: _count_claims(engine, conditions))
    span = None if conditions else cached(engine, "claim ids", (), lambda: _id_span(engine))
    with engine.connect() as connection:
        if span is not None:
            # ids without gaps (the usual case: claims are only ever added), so the page
            # is a range of ids: no offset to walk
            first = span[0] + offset
            ids = list(range(first, min(first + limit, span[1] + 1)))
            return {
                "claims": _claims_by_ids(connection, ids),
                "total": total,
                "limit": limit,
                "offset": offset,
            }
        # otherwise the page's ids from the claims table alone (the offset walks one
        # index), then their details
        ids = list(
            connection.scalars(
                select(ClaimRow.id)
                .where(*conditions)
                .order_by(ClaimRow.id)
                .limit(limit)
                .offset(offset)
            )
        )
        claims = _claims_by_ids(connection, ids)
    return {"claims": claims, "total": total, "limit": limit, "offset": offset}


def _id_span(engine: Engine) -> tuple[int, int] | None:
    """(first, last) claim id when the ids run without a gap, else None."""
    with engine.connect() as connection:
        low, high, n = connection.execute(
            select(func.min(ClaimRow.id), func.max(ClaimRow.id), func.count())
        ).one()
    return (low, high) if n and high - low + 1 == n else None


def _count_claims(engine: Engine, conditions: list[Any]) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(ClaimRow).where(*conditions)) or 0


def claim(engine: Engine, *, claim_id: int) -> dict[str, Any] | None:
    """A claim with its judgement, its question's estimate, and why it was read as it
    was (``explanation``: each field with the rules behind it)."""
    query = _claims_select().where(ClaimRow.id == claim_id)
    with engine.connect() as connection:
        row = connection.execute(query).first()
        if row is None:
            return None
        item = claim_dict(row)
        reading = claim_explanation(engine, claim_id) or {}  # as the CLI shows it
        item["rules"] = reading.get("rules", [])
        item["explanation"] = reading.get("explanation", [])
        estimate = None
        if item["question_id"] is not None:
            found = connection.execute(
                select(QuestionRow.label, EstimateRow.value, EstimateRow.low, EstimateRow.high)
                .outerjoin(EstimateRow, EstimateRow.question_id == QuestionRow.id)
                .where(QuestionRow.id == item["question_id"])
            ).first()
            if found:
                item["question_label"] = found.label
                estimate = found.value
                item["estimate"] = {"value": found.value, "low": found.low, "high": found.high}
    item["outlier"] = (
        bool(item.get("flag"))
        if item.get("weight") is not None
        else is_outlier(_point(item), estimate)
    )
    return item


# -- sources ---------------------------------------------------------------------------


def sources_page(engine: Engine, *, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """Sources, most-cited first, with their grade and counts (cached until data changes)."""
    return cached(engine, "sources", (limit, offset), lambda: _sources(engine, limit, offset))


def _sources(engine: Engine, limit: int, offset: int) -> dict[str, Any]:
    counts = (
        select(
            ClaimRow.source_id.label("sid"),
            func.count().label("n_claims"),
            func.count(func.distinct(ClaimRow.document_id)).label("n_documents"),
            func.count(func.distinct(ClaimRow.question_id)).label("n_questions"),
        )
        .group_by(ClaimRow.source_id)
        .subquery()
    )
    n_claims = func.coalesce(counts.c.n_claims, 0)
    query = (
        select(
            SourceRow.id,
            SourceRow.name,
            SourceRow.kind,
            SourceRow.grade,
            n_claims.label("n_claims"),
            func.coalesce(counts.c.n_documents, 0).label("n_documents"),
            func.coalesce(counts.c.n_questions, 0).label("n_questions"),
        )
        .outerjoin(counts, counts.c.sid == SourceRow.id)
        .order_by(n_claims.desc(), SourceRow.name)
    )
    with engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(SourceRow)) or 0
        rows = connection.execute(query.limit(limit).offset(offset))
        sources = [dict(r._mapping) for r in rows]
    return {"sources": sources, "total": total, "limit": limit, "offset": offset}


def source_page(
    engine: Engine, *, source_id: int, limit: int = 50, offset: int = 0
) -> dict[str, Any] | None:
    """A source: aliases (the analyst's and as written in articles), grade, learned
    reliability, its record against the current estimates, and a page of its claims."""
    summary = cached(engine, "source", source_id, lambda: _source_summary(engine, source_id))
    if summary is None:
        return None
    with engine.connect() as connection:
        ids = list(
            connection.scalars(
                select(ClaimRow.id)
                .where(ClaimRow.source_id == source_id)
                .order_by(ClaimRow.id)
                .limit(limit)
                .offset(offset)
            )
        )
        claims = [
            claim_dict(r)
            for r in connection.execute(
                _claims_select()
                .add_columns(
                    EstimateRow.value.label("estimate"), QuestionRow.label.label("question_label")
                )
                .outerjoin(QuestionRow, QuestionRow.id == ClaimRow.question_id)
                .outerjoin(EstimateRow, EstimateRow.question_id == ClaimRow.question_id)
                .where(ClaimRow.id.in_(ids))
            )
        ]
    for item in claims:
        item["outlier"] = bool(item.get("flag"))
        item["agrees"] = item["estimate"] is not None and _near(_point(item), item["estimate"])
    return {**summary, "claims": claims, "limit": limit, "offset": offset}


def _source_summary(engine: Engine, source_id: int) -> dict[str, Any] | None:
    with engine.connect() as connection:
        source = connection.execute(
            select(
                SourceRow.id, SourceRow.name, SourceRow.kind, SourceRow.grade, SourceRow.reliability
            ).where(SourceRow.id == source_id)
        ).first()
        if source is None:
            return None
        analyst_aliases = list(
            connection.scalars(
                select(SourceAliasRow.alias)
                .where(SourceAliasRow.name == source.name)
                .order_by(SourceAliasRow.alias)
            )
        )
        written = list(
            connection.execute(
                select(ClaimRow.source_text, func.count())
                .where(ClaimRow.source_id == source_id)
                .group_by(ClaimRow.source_text)
                .order_by(func.count().desc(), ClaimRow.source_text)
                .limit(50)
            )
        )
        outlets = list(
            connection.execute(
                select(DocumentRow.outlet, func.count(func.distinct(DocumentRow.id)))
                .join(ClaimRow, ClaimRow.document_id == DocumentRow.id)
                .where(ClaimRow.source_id == source_id)
                .group_by(DocumentRow.outlet)
                .order_by(func.count(func.distinct(DocumentRow.id)).desc())
                .limit(50)
            )
        )
        record = _record(connection, source_id)
        total = (
            connection.scalar(
                select(func.count()).select_from(ClaimRow).where(ClaimRow.source_id == source_id)
            )
            or 0
        )
    return {
        "source": dict(source._mapping),
        "aliases": analyst_aliases,
        "written_as": [{"text": t, "n": n} for t, n in written],
        "outlets": [{"outlet": o, "n_documents": n} for o, n in outlets],
        "record": record,
        "total": total,
    }


def _record(connection: Connection, source_id: int) -> dict[str, Any]:
    """How the source's figures sit against the current estimates of their questions."""
    ratio = CLAIM_POINT / EstimateRow.value
    row = connection.execute(
        select(
            func.count().label("n"),
            func.sum(
                case((and_(ratio >= 1 - AGREE_SHARE, ratio <= 1 + AGREE_SHARE), 1), else_=0)
            ).label("agree"),
            func.sum(
                case((or_(ratio > OUTLIER_RATIO, ratio < 1 / OUTLIER_RATIO), 1), else_=0)
            ).label("far"),
        )
        .select_from(ClaimRow)
        .join(EstimateRow, EstimateRow.question_id == ClaimRow.question_id)
        .where(ClaimRow.source_id == source_id, EstimateRow.value > 0, CLAIM_POINT.is_not(None))
    ).first()
    n = row.n if row else 0
    return {
        "n_compared": n,
        "n_agree": int(row.agree or 0) if row else 0,
        "n_far": int(row.far or 0) if row else 0,
        "agreement": round((row.agree or 0) / n, 3) if row and n else None,
    }


# -- documents -------------------------------------------------------------------------


def documents_page(engine: Engine, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Documents, newest first, with their claim counts (cached until data changes)."""
    return cached(engine, "documents", (limit, offset), lambda: _documents(engine, limit, offset))


def _documents(engine: Engine, limit: int, offset: int) -> dict[str, Any]:
    page = (
        select(DocumentRow.id)
        .order_by(DocumentRow.published.desc().nulls_last(), DocumentRow.id.desc())
        .limit(limit)
        .offset(offset)
        .subquery()
    )
    counts = (
        select(ClaimRow.document_id.label("did"), func.count().label("n_claims"))
        .where(ClaimRow.document_id.in_(select(page.c.id)))
        .group_by(ClaimRow.document_id)
        .subquery()
    )
    query = (
        select(
            DocumentRow.id,
            DocumentRow.title,
            DocumentRow.outlet,
            DocumentRow.published,
            DocumentRow.url,
            func.coalesce(counts.c.n_claims, 0).label("n_claims"),
        )
        .join(page, page.c.id == DocumentRow.id)
        .outerjoin(counts, counts.c.did == DocumentRow.id)
        .order_by(DocumentRow.published.desc().nulls_last(), DocumentRow.id.desc())
    )
    with engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(DocumentRow)) or 0
        documents = [claim_dict(r) for r in connection.execute(query)]
    return {"documents": documents, "total": total, "limit": limit, "offset": offset}


def document_page(engine: Engine, *, document_id: int) -> dict[str, Any] | None:
    """A document with its claims and its text cut into highlight segments."""
    with engine.connect() as connection:
        doc = connection.execute(
            select(
                DocumentRow.id,
                DocumentRow.title,
                DocumentRow.outlet,
                DocumentRow.published,
                DocumentRow.url,
                DocumentRow.language,
                DocumentRow.text,
            ).where(DocumentRow.id == document_id)
        ).first()
        if doc is None:
            return None
        claims = [
            claim_dict(r)
            for r in connection.execute(_claims_select().where(ClaimRow.document_id == document_id))
        ]
    return {
        "document": {
            "id": doc.id,
            "title": doc.title,
            "outlet": doc.outlet,
            "published": _iso(doc.published),
            "url": doc.url,
            "language": doc.language,
            "text": doc.text,
        },
        "claims": claims,
        "segments": segments(doc.text, claims),
    }


def segments(text_: str, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut ``text_`` at every stored sentence and figure offset.

    Each segment is ``{"text", "sentence": [claim ids whose sentence covers it],
    "mention": claim id whose figure it is, or None, "anchor": True on the first segment
    of a figure}``. Templates escape each piece; no markup is ever built from the text.
    Offsets outside the text are ignored.
    """
    size = len(text_)
    spans = []
    cuts = {0, size}
    for c in claims:
        s, e = c.get("start"), c.get("end")
        ms, me = c.get("mention_start"), c.get("mention_end")
        ok_sentence = isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= size
        ok_mention = isinstance(ms, int) and isinstance(me, int) and 0 <= ms < me <= size
        spans.append((c["id"], (s, e) if ok_sentence else None, (ms, me) if ok_mention else None))
        if ok_sentence:
            cuts.update((s, e))
        if ok_mention:
            cuts.update((ms, me))
    points = sorted(cuts)
    out: list[dict[str, Any]] = []
    anchored: set[int] = set()
    for a, b in pairwise(points):
        sentence = [cid for cid, se, _ in spans if se and se[0] <= a and b <= se[1]]
        mention = next((cid for cid, _, me in spans if me and me[0] <= a and b <= me[1]), None)
        anchor = mention is not None and mention not in anchored
        if anchor:
            anchored.add(mention)
        out.append({"text": text_[a:b], "sentence": sentence, "mention": mention, "anchor": anchor})
    return out


# -- search ----------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)
_HIT_OPEN, _HIT_CLOSE = "\ue000", "\ue001"  # private-use markers, never in article text


def _words(query: str) -> list[str]:
    return _WORD.findall(query)[:20]


def search(engine: Engine, *, q: str, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Full-text search over documents (title, text) and claims (sentence, what is
    counted, source as written): SQLite FTS5 or PostgreSQL text search."""
    words = _words(q)
    result: dict[str, Any] = {
        "q": q,
        "documents": [],
        "claims": [],
        "total_documents": 0,
        "total_claims": 0,
        "limit": limit,
        "offset": offset,
    }
    if not words:
        return result
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            _search_postgres(connection, " ".join(words), result, limit, offset)
        else:
            _search_sqlite(connection, " ".join(f'"{w}"' for w in words), result, limit, offset)
    for doc in result["documents"]:
        doc["snippet"] = _snippet_parts(doc.pop("raw_snippet") or "")
    return result


def _search_sqlite(
    connection: Connection, match: str, result: dict, limit: int, offset: int
) -> None:
    params = {"match": match, "limit": limit, "offset": offset}
    result["total_documents"] = connection.execute(
        text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :match"), params
    ).scalar()
    docs = connection.execute(
        text(
            "SELECT d.id, d.title, d.outlet, d.published, "
            f"snippet(documents_fts, 1, '{_HIT_OPEN}', '{_HIT_CLOSE}', '…', 16) AS raw_snippet "
            "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
            "WHERE documents_fts MATCH :match ORDER BY rank LIMIT :limit OFFSET :offset"
        ),
        params,
    )
    result["documents"] = [claim_dict(r) for r in docs]
    result["total_claims"] = connection.execute(
        text("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH :match"), params
    ).scalar()
    ids = [
        r[0]
        for r in connection.execute(
            text(
                "SELECT rowid FROM claims_fts WHERE claims_fts MATCH :match "
                "ORDER BY rank LIMIT :limit OFFSET :offset"
            ),
            params,
        )
    ]
    result["claims"] = _claims_by_ids(connection, ids)


# The same expressions as the GIN indexes of migration 0002, so PostgreSQL uses them.
_PG_DOCUMENTS = "to_tsvector('english', coalesce(d.title, '') || ' ' || d.text)"
_PG_CLAIMS = (
    "to_tsvector('english', c.sentence || ' ' || coalesce(c.counted, '') || ' ' || c.source_text)"
)


def _search_postgres(
    connection: Connection, words: str, result: dict, limit: int, offset: int
) -> None:
    params = {"q": words, "limit": limit, "offset": offset}
    query = "plainto_tsquery('english', :q)"
    result["total_documents"] = connection.execute(
        text(f"SELECT count(*) FROM documents d WHERE {_PG_DOCUMENTS} @@ {query}"), params
    ).scalar()
    docs = connection.execute(
        text(
            "SELECT id, title, outlet, published, ts_headline('english', text, "
            f"{query}, 'StartSel={_HIT_OPEN}, StopSel={_HIT_CLOSE}, MaxWords=30, MinWords=12') "
            "AS raw_snippet FROM ("
            f"SELECT d.*, ts_rank({_PG_DOCUMENTS}, {query}) AS rank FROM documents d "
            f"WHERE {_PG_DOCUMENTS} @@ {query} ORDER BY rank DESC, d.id "
            "LIMIT :limit OFFSET :offset) AS hits ORDER BY rank DESC, id"
        ),
        params,
    )
    result["documents"] = [claim_dict(r) for r in docs]
    result["total_claims"] = connection.execute(
        text(f"SELECT count(*) FROM claims c WHERE {_PG_CLAIMS} @@ {query}"), params
    ).scalar()
    ids = [
        r[0]
        for r in connection.execute(
            text(
                f"SELECT c.id FROM claims c WHERE {_PG_CLAIMS} @@ {query} "
                f"ORDER BY ts_rank({_PG_CLAIMS}, {query}) DESC, c.id LIMIT :limit OFFSET :offset"
            ),
            params,
        )
    ]
    result["claims"] = _claims_by_ids(connection, ids)


def _claims_by_ids(connection: Connection, ids: list[int]) -> list[dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    for at in range(0, len(ids), 500):
        chunk = ids[at : at + 500]
        query = _claims_select().where(ClaimRow.id.in_(chunk))
        rows.update((r.id, claim_dict(r)) for r in connection.execute(query))
    return [rows[i] for i in ids if i in rows]


def _snippet_parts(snippet: str) -> list[dict[str, Any]]:
    """A snippet with hit markers as ``[{"text", "hit"}]`` pieces, for escaping one by one."""
    parts: list[dict[str, Any]] = []
    hit = False
    for piece in re.split(f"([{_HIT_OPEN}{_HIT_CLOSE}])", snippet):
        if piece == _HIT_OPEN:
            hit = True
        elif piece == _HIT_CLOSE:
            hit = False
        elif piece:
            parts.append({"text": piece, "hit": hit})
    return parts


# -- audit log -------------------------------------------------------------------------


def edits_page(engine: Engine, *, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    with engine.connect() as connection:
        total = connection.scalar(select(func.count()).select_from(EditRow)) or 0
        rows = connection.execute(
            select(EditRow.id, EditRow.at, EditRow.actor, EditRow.action, EditRow.payload)
            .order_by(EditRow.id.desc())
            .limit(limit)
            .offset(offset)
        )
        edits = [
            {
                "id": e.id,
                "at": e.at.isoformat(sep=" ", timespec="seconds") if e.at else None,
                "actor": e.actor,
                "action": e.action,
                "payload": e.payload,
            }
            for e in rows
        ]
    return {"edits": edits, "total": total, "limit": limit, "offset": offset}
