"""Claims: the list, a claim's page, and its schema.org ClaimReview."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response

from corroborate.present.exports import claimreview as claimreview_of
from corroborate.present.exports import claimreview_json
from corroborate.query import claims as claim_queries
from corroborate.web.deps import MAX_ID, EngineDep, Limit, Offset
from corroborate.web.render import page

router = APIRouter()

ClaimId = Annotated[int, Path(ge=1, le=MAX_ID, description="A claim's id.")]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def claims(
    engine: EngineDep,
    question_id: OptionalId = None,
    source_id: OptionalId = None,
    document_id: OptionalId = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Claims in id order: figure, what is counted, who says it, when, where, the
    evidence sentence, and the reconcile engine's judgement."""
    return claim_queries.claims_page(
        engine,
        question_id=question_id,
        source_id=source_id,
        document_id=document_id,
        limit=limit,
        offset=offset,
    )


def claim(claim_id: ClaimId, engine: EngineDep) -> dict[str, Any]:
    """One claim with its evidence, its judgement and its question's estimate."""
    data = claim_queries.claim(engine, claim_id=claim_id)
    if data is None:
        raise HTTPException(404, f"no claim {claim_id}")
    return data


page(router, "/claims", claims, "claims.html", name="claims", tags=["claims"])
page(router, "/claims/{claim_id}", claim, "claim.html", name="claim", tags=["claims"])


@router.get(
    "/api/claims/{claim_id}/claimreview",
    tags=["exports"],
    responses={200: {"content": {"application/ld+json": {}}}},
)
def claimreview(claim_id: ClaimId, engine: EngineDep, request: Request) -> Response:
    """schema.org ClaimReview JSON-LD for the claim, rated against its question's
    estimate."""
    review = claimreview_of(claim(claim_id, engine), base_url=str(request.base_url))
    # escaped for a <script> element: the JSON is the same, </script> in it is inert
    return Response(claimreview_json(review), media_type="application/ld+json")
