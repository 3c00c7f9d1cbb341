"""Exports an analyst publishes from: CSV and JSON of claims and estimates, schema.org
ClaimReview JSON-LD for a claim, a printable brief of a question, and its chart as SVG.

Library functions shared by the web views and ``corroborate export``. Claim exports
stream from a server-side cursor, so a million claims never sit in memory at once.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, select

from corroborate.sanitize import csv_cell, http_url, json_for_script
from corroborate.store.models import ClaimRow, EstimateRow, QuestionRow
from corroborate.web import queries
from corroborate.web.chart import timeline_svg
from corroborate.web.render import figure, render_string

CLAIM_FIELDS = (
    "id",
    "question_id",
    "value",
    "low",
    "high",
    "qualifier",
    "unit",
    "counted",
    "owner",
    "kind",
    "event",
    "event_text",
    "place",
    "as_of",
    "reported",
    "period",
    "source",
    "via",
    "speaker",
    "source_text",
    "grade",
    "hedged",
    "hedge",
    "status",
    "date",
    "published",
    "outlet",
    "title",
    "url",
    "document_id",
    "sentence",
    "start",
    "end",
    "page",
    "mention",
)
QUESTION_FIELDS = (
    "id",
    "label",
    "counted",
    "owner",
    "event",
    "place",
    "estimate",
    "low",
    "high",
    "method",
    "n_claims",
    "n_sources",
)


def iter_claims(engine: Engine, *, question_id: int | None = None) -> Iterator[dict[str, Any]]:
    """Every claim (or one question's), in id order, streamed."""
    query = queries._claims_select()
    if question_id is not None:
        query = query.where(ClaimRow.question_id == question_id)
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=2000).execute(query)
        for row in result:
            item = queries.claim_dict(row)
            yield {key: item.get(key) for key in CLAIM_FIELDS}


def iter_questions(engine: Engine) -> Iterator[dict[str, Any]]:
    """Every question with its estimate and interval."""
    page = queries.dashboard(engine, limit=10**6)
    for item in page["questions"]:
        yield {key: item.get(key) for key in QUESTION_FIELDS}


def csv_chunks(rows: Iterable[dict[str, Any]], fields: tuple[str, ...]) -> Iterator[str]:
    """CSV text in chunks of a few hundred rows, header first."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for n, row in enumerate(rows, start=1):
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
        if n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array, one element per chunk."""
    yield "["
    for n, row in enumerate(rows):
        yield ("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False, default=str)
    yield "\n]\n"


def claimreview(
    claim: dict[str, Any],
    *,
    base_url: str = "http://127.0.0.1:8000",
    reviewer: str = "corroborate",
    today: date | None = None,
) -> dict[str, Any]:
    """schema.org ClaimReview JSON-LD for one claim (from ``queries.claim``).

    The rating says how the figure sits against the question's current estimate: 1 marked
    wrong by an analyst, 2 far off (more than 3x either way), 3 off by more than 25%,
    4 within 25%, 5 within 5%; a claim with no estimate to compare is rated 3. Only an
    http(s) article URL is kept.
    """
    rating, verdict = _rating(claim)
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if http_url(claim.get("url")):  # a javascript: or data: URL is no appearance
        appearance["url"] = http_url(claim.get("url"))
    if claim.get("title"):
        appearance["headline"] = claim["title"]
    if claim.get("outlet"):
        appearance["publisher"] = {"@type": "Organization", "name": claim["outlet"]}
    if claim.get("published"):
        appearance["datePublished"] = claim["published"]
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": claim.get("source")},
        "appearance": appearance,
    }
    if claim.get("published"):
        item["datePublished"] = claim["published"]
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base_url.rstrip('/')}/claims/{claim['id']}",
        "datePublished": (today or datetime.now(UTC).date()).isoformat(),
        "author": {"@type": "Organization", "name": reviewer},
        "claimReviewed": claim.get("sentence"),
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": verdict,
        },
    }
    return review


def claimreview_json(review: dict[str, Any]) -> str:
    """The review as JSON-LD text safe to paste into ``<script type="application/ld+json">``:
    ``</script>`` in a quoted sentence cannot close the element."""
    return json_for_script(review) + "\n"


def _rating(claim: dict[str, Any]) -> tuple[int, str]:
    if claim.get("status") == "wrong":
        return 1, "Marked wrong by an analyst"
    estimate = (claim.get("estimate") or {}).get("value")
    point = queries._point(claim)
    said = figure(claim)
    if estimate is None or point is None or estimate <= 0:
        return 3, f"{said}: no corroborated estimate to compare with"
    ratio = point / estimate
    best = f"the corroborated estimate of {estimate:,.0f}"
    if ratio > 3 or ratio < 1 / 3:
        return 2, f"{said} is far from {best}"
    if abs(ratio - 1) > 0.25:
        return 3, f"{said} differs by more than 25% from {best}"
    if abs(ratio - 1) > 0.05:
        return 4, f"{said} is within 25% of {best}"
    return 5, f"{said} agrees with {best}"


def brief_html(engine: Engine, *, question_id: int, top: int = 12) -> str | None:
    """A printable one-page brief: estimate, chart, reasoning, sources and key evidence."""
    data = queries.question_page(engine, question_id=question_id, limit=top)
    if data is None:
        return None
    return render_string("brief.html", {"data": data, "generated": _now()})


def chart_svg(engine: Engine, *, question_id: int) -> str | None:
    """A question's timeline chart as a standalone SVG document."""
    data = queries.question_page(engine, question_id=question_id, limit=1)
    if data is None:
        return None
    chart = data["chart"]
    svg = timeline_svg(chart["points"], chart["estimate"], chart["timeline"])
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + str(svg) + "\n"


def question_ids(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        return list(
            connection.scalars(
                select(QuestionRow.id)
                .join(EstimateRow, EstimateRow.question_id == QuestionRow.id)
                .order_by(EstimateRow.n_sources.desc(), QuestionRow.id)
            )
        )


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
