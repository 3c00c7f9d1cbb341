"""What an analyst publishes: CSV and JSON of claims and questions, and schema.org
ClaimReview JSON-LD for a claim. Shared by ``corroborate export``, ``claims -f csv`` and
the web's downloads; rows are streamed in chunks, so a million claims never sit in memory
at once."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from corroborate.present.format import figure, number
from corroborate.query.compare import AGREE_SHARE, OUTLIER_RATIO, point
from corroborate.sanitize import csv_cell, http_url, json_for_script

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
    "reliability_learned_at",  # when the source weights behind the estimate were learned
)


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
    """schema.org ClaimReview JSON-LD for one claim (from ``query.claims.claim``).

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
    value = point(claim)
    said = figure(claim)
    if estimate is None or value is None or estimate <= 0:
        return 3, f"{said}: no corroborated estimate to compare with"
    ratio = value / estimate
    best = f"the corroborated estimate of {number(estimate)}"
    if ratio > OUTLIER_RATIO or ratio < 1 / OUTLIER_RATIO:
        return 2, f"{said} is far from {best}"
    if abs(ratio - 1) > AGREE_SHARE:
        return 3, f"{said} differs by more than {AGREE_SHARE:.0%} from {best}"
    if abs(ratio - 1) > 0.05:
        return 4, f"{said} is within {AGREE_SHARE:.0%} of {best}"
    return 5, f"{said} agrees with {best}"


def only(rows: Iterable[dict[str, Any]], fields: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Each row with the columns of an export (``CLAIM_FIELDS``, ``QUESTION_FIELDS``)."""
    for row in rows:
        yield {key: row.get(key) for key in fields}


def now_text() -> str:
    """When an export was made, as a brief prints it."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
