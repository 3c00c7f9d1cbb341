"""Questions: the listing (``questions`` in the CLI, ``/api/questions``, the dashboard),
a question's page, and a question with all its claims (the demo).

A question's row is read once for every rendering: its estimate (``as_of`` is the date
the estimate speaks for), claim statistics, latest figure, trend, flags, timeline and
camps. The rows of every question are computed in one GROUP BY pass over the claims and
cached until the data changes; with ``as_of`` the estimates are those the reporting up to
that date supported (``analysis.estimates_as_of``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, case, func, select
from sqlalchemy.engine import Connection

from corroborate.query.cache import cached
from corroborate.query.chart import sources_and_points
from corroborate.query.rows import (
    CLAIM_DATE,
    CLAIM_POINT,
    as_date,
    claim_row,
    claims_by_ids,
    claims_select,
    iso,
    like,
)
from corroborate.reconcile.engine import QuestionResult
from corroborate.service.analysis import as_of_summary, estimates_as_of
from corroborate.store.models import (
    ClaimRow,
    DocumentRow,
    EstimateRow,
    PassRow,
    QuestionRow,
    SourceRow,
)
from corroborate.store.repository import parent_key, parent_questions

TREND_POINTS = 60  # points of a question's sparkline
DATE_ORDER_LIMIT = 5000  # above this many claims a page of claims is in id order
FLAGGED_SHOWN = 20  # flagged claims a question's page names
LATEST_KEYS = ("id", "value", "low", "high", "qualifier", "unit", "period", "source", "date")
# What an as-of reconciliation replaces in a question's row.
AS_OF_KEYS = ("estimate", "low", "high", "as_of", "n_sources", "n_claims", "timeline", "camps",
              "follows", "derived")  # fmt: skip


# -- the listing -------------------------------------------------------------------------


def questions_page(
    engine: Engine,
    *,
    q: str | None = None,
    counted: str | None = None,
    place: str | None = None,
    source: str | None = None,
    since: date | None = None,
    until: date | None = None,
    as_of: date | None = None,
    min_claims: int = 1,
    limit: int | None = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Questions with their estimate, sources, latest figure, trend and flags, most
    supported first; with ``as_of``, each estimate as the reporting up to that date
    supported it (questions with nothing reported by then are left out). ``limit`` None:
    all of them.

    Filters on the question's own fields run over the cached rows; filters on its claims
    (source, date range) ask the database which questions match."""
    wanted = cached(engine, "questions", (), lambda: _question_rows(engine))
    for field, needle in (("label", q), ("counted", counted), ("place", place)):
        if needle:
            folded = needle.casefold()
            wanted = [r for r in wanted if folded in (r[field] or "").casefold()]
    if source or since or until:
        matching = _questions_with_claims(engine, source=source, since=since, until=until)
        wanted = [r for r in wanted if r["id"] in matching]
    if as_of:
        then = cached(engine, "as_of", as_of, lambda: estimates_as_of(engine, as_of))
        wanted = _as_of_rows(wanted, then)
    wanted = [r for r in wanted if r["n_claims"] >= min_claims]
    end = None if limit is None else offset + limit
    return {
        "questions": [dict(r) for r in wanted[offset:end]],
        "total": len(wanted),
        "limit": limit,
        "offset": offset,
        "filters": {
            "q": q,
            "counted": counted,
            "place": place,
            "source": source,
            "since": iso(since),
            "until": iso(until),
            "as_of": iso(as_of),
        },
    }


def list_questions(
    engine: Engine, *, as_of: date | None = None, min_claims: int = 1
) -> list[dict[str, Any]]:
    """Every question's row (``questions_page`` without paging)."""
    page = questions_page(engine, as_of=as_of, min_claims=min_claims, limit=None)
    return list(page["questions"])


def _as_of_rows(
    rows: list[dict[str, Any]], outcomes: dict[int, QuestionResult]
) -> list[dict[str, Any]]:
    """The rows with their estimate as of an earlier date, re-ranked by that support."""
    out = []
    for row in rows:
        outcome = outcomes.get(row["id"])
        if outcome is None:
            continue
        then = as_of_summary(outcome)
        item = {**row, **{key: then[key] for key in AS_OF_KEYS}}
        item["flags"] = question_flags(item)
        out.append(item)
    out.sort(key=_rank)
    return out


def _rank(row: dict[str, Any]) -> tuple[int, int, int]:
    return (-row["n_sources"], -row["n_claims"], row["id"])


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
        named = select(SourceRow.id).where(SourceRow.name.ilike(like(source), escape="\\"))
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
    QuestionRow.key,
    EstimateRow.value.label("estimate"),
    EstimateRow.low,
    EstimateRow.high,
    EstimateRow.method,
    EstimateRow.as_of,
    func.coalesce(EstimateRow.n_sources, 0).label("n_sources"),
    EstimateRow.timeline.label("stored"),
)


def _question_rows(engine: Engine) -> list[dict[str, Any]]:
    """Every question that has claims, with its estimate and claim statistics,
    most-supported first."""
    with engine.connect() as connection:
        questions = [
            dict(r._mapping)
            for r in connection.execute(
                select(*_QUESTION_COLUMNS).outerjoin(
                    EstimateRow, EstimateRow.question_id == QuestionRow.id
                )
            )
        ]
        stats = _claim_statistics(connection)
        learned = reliability_learned_at(connection)
        latest = claims_by_ids(
            connection, [s["latest_id"] for s in stats.values() if s["latest_id"]]
        )
    parents = parent_questions({question["id"]: question["key"] for question in questions})
    by_id = {c["id"]: c for c in latest}
    out = []
    for question in questions:
        item = stats.get(question["id"])
        if item is None:
            continue
        found = by_id.get(item.pop("latest_id"))
        row = {
            **_question_fields(question),
            "parent_id": parents.get(question["id"]),
            **item,
            "latest": {k: found.get(k) for k in LATEST_KEYS} if found else None,
            "reliability_learned_at": learned,
        }
        row["flags"] = question_flags(row)
        out.append(row)
    out.sort(key=_rank)
    return out


def reliability_learned_at(connection: Connection) -> str | None:
    """When the source reliability behind every estimate was last learned over all
    claims (UTC, as ``computed_at`` is written); None before the first full pass. Any
    full pass rewrites the estimates, so the cached rows never keep a stale time."""
    at = connection.scalar(select(PassRow.at).where(PassRow.name == "reliability"))
    return at.isoformat(sep=" ", timespec="seconds") if at else None


def _question_fields(question: dict[str, Any]) -> dict[str, Any]:
    """A question's own columns and its current estimate (the stored timeline unpacked)."""
    stored = question.pop("stored") or {}
    question.pop("key", None)
    return {
        **question,
        "as_of": iso(question["as_of"]),
        "timeline": stored.get("timeline", []),
        "camps": stored.get("camps", []),  # when the sources split
        "follows": stored.get("follows"),  # which camp the estimate follows, and why
        "derived": stored.get("derived", []),  # totals implied by "how many more" claims
    }


def _claim_statistics(connection: Connection) -> dict[int, dict[str, Any]]:
    """Per question: counts, flags, the daily trend and the latest claim's id, from one
    GROUP BY (question, date) pass over the claims."""
    ok = ClaimRow.status == "ok"
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
    ranks: dict[int, tuple[date, int]] = {}
    for g in groups:
        item = stats.setdefault(g.question_id, _no_statistics())
        item["n_claims"] += g.n
        item["n_hedged"] += g.hedged or 0
        item["n_rejected"] += g.rejected or 0
        item["n_flagged"] += g.flagged or 0
        item["n_echoes"] += g.echoes or 0
        for key, pick in (("min_point", min), ("max_point", max)):
            value = getattr(g, key)
            if value is not None:
                item[key] = value if item[key] is None else pick(item[key], value)
        when = as_date(g.day)
        if when is not None:
            item["last_date"] = max(item["last_date"] or when, when)
            if g.mean_ok is not None:
                item["trend"].append([when.isoformat(), float(g.mean_ok)])
        if g.last_ok is not None:
            rank = (when or date.min, g.last_ok)
            if g.question_id not in ranks or rank > ranks[g.question_id]:
                ranks[g.question_id], item["latest_id"] = rank, g.last_ok
    for item in stats.values():
        item["trend"] = _thin(sorted(item["trend"]), TREND_POINTS)
        item["last_date"] = iso(item["last_date"])
    return stats


def _no_statistics() -> dict[str, Any]:
    return {
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
    }


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


def question_exists(engine: Engine, question_id: int) -> bool:
    with engine.connect() as connection:
        found = connection.scalar(select(QuestionRow.id).where(QuestionRow.id == question_id))
    return found is not None


def question_detail(engine: Engine, question_id: int) -> dict[str, Any] | None:
    """A question's row with all its claims (each with the engine's judgement), ordered
    by date; echoes point at the claim they repeat. None for a question without claims."""
    row = next((r for r in list_questions(engine) if r["id"] == question_id), None)
    if row is None:
        return None
    query = (
        claims_select()
        .where(ClaimRow.question_id == question_id)
        .order_by(None)
        .order_by(CLAIM_DATE.nulls_last(), ClaimRow.id)
    )
    with engine.connect() as connection:
        claims = [claim_row(r) for r in connection.execute(query)]
    return {**row, "claims": claims}


# -- a question's page -------------------------------------------------------------------


def question_page(
    engine: Engine,
    *,
    question_id: int,
    limit: int = 50,
    offset: int = 0,
    as_of: date | None = None,
) -> dict[str, Any] | None:
    """A question, its estimate, the sources behind it, its chart data, its flagged
    claims and a page of its claims; with ``as_of``, the estimate, band and timeline as
    the reporting up to that date supported them. Everything but the page of claims is
    cached until the data changes."""
    summary = cached(
        engine, "question", question_id, lambda: _question_summary(engine, question_id)
    )
    if summary is None:
        return None
    if as_of:
        summary = _summary_as_of(engine, summary, question_id, as_of)
    by_date = summary["total"] <= DATE_ORDER_LIMIT
    order = (CLAIM_DATE.nulls_last(), ClaimRow.id) if by_date else (ClaimRow.id,)
    with engine.connect() as connection:
        claims = [
            claim_row(r)
            for r in connection.execute(
                claims_select()
                .where(ClaimRow.question_id == question_id)
                .order_by(None)
                .order_by(*order)
                .limit(limit)
                .offset(offset)
            )
        ]
    for claim in claims:
        claim["outlier"] = bool(claim.get("flag"))
    ordered = "date" if by_date else "id"
    return {**summary, "claims": claims, "order": ordered, "limit": limit, "offset": offset}


def _question_summary(engine: Engine, question_id: int) -> dict[str, Any] | None:
    with engine.connect() as connection:
        row = connection.execute(
            select(
                *_QUESTION_COLUMNS,
                EstimateRow.n_claims.label("n_weighed"),
                EstimateRow.computed_at,
            )
            .outerjoin(EstimateRow, EstimateRow.question_id == QuestionRow.id)
            .where(QuestionRow.id == question_id)
        ).first()
        if row is None:
            return None
        question = dict(row._mapping)
        stored = question["stored"] or {}
        key = question["key"]
        wider = parent_key(key)
        question = {**_question_fields(question), "key": key}
        question["parent_id"] = (
            connection.scalar(select(QuestionRow.id).where(QuestionRow.key == wider))
            if wider
            else None
        )
        question["computed_at"] = (
            question["computed_at"].isoformat(sep=" ", timespec="seconds")
            if question["computed_at"]
            else None
        )
        question["reliability_learned_at"] = reliability_learned_at(connection)
        for key in ("timeline", "camps", "follows", "derived"):  # the page's own keys
            question.pop(key)
        total = (
            connection.scalar(
                select(func.count())
                .select_from(ClaimRow)
                .where(ClaimRow.question_id == question_id)
            )
            or 0
        )
        sources, points = sources_and_points(connection, question_id, total)
        flagged = [
            {"id": r.id, "flag": r.flag, "source": r.source}
            for r in connection.execute(
                select(ClaimRow.id, ClaimRow.flag, SourceRow.name.label("source"))
                .join(SourceRow, ClaimRow.source_id == SourceRow.id)
                .where(ClaimRow.question_id == question_id, ClaimRow.flag.is_not(None))
                .order_by(ClaimRow.id)
                .limit(FLAGGED_SHOWN)
            )
        ]
    for source in sources:
        source["outlier"] = bool(source["n_flagged"])
    timeline = stored.get("timeline") or []
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
        "follows": stored.get("follows"),
        "flagged": flagged,
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
        "as_of": fields.get("as_of"),
    }
    chart = {
        **summary["chart"],
        "estimate": _estimate_of(question),
        "timeline": [t for t in fields.get("timeline", []) if t.get("estimate") is not None],
    }
    return {
        **summary,
        "question": question,
        "chart": chart,
        "as_of": day.isoformat(),
        "camps": fields.get("camps", []),
        "follows": fields.get("follows"),
        "flagged": [],  # flags are judged against today's estimates
    }


def _estimate_of(question: dict[str, Any]) -> dict[str, Any]:
    return {k: question.get(k) for k in ("estimate", "low", "high", "method")}
