"""Dependencies shared by the views: the engine, bounded paging, and the write token."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Query, Request
from sqlalchemy import Engine

MAX_PAGE = 500  # the largest page any listing returns
MAX_OFFSET = 10_000_000
MAX_ID = 2**31 - 1  # ids are 32-bit integers in both databases


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


EngineDep = Annotated[Engine, Depends(get_engine)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, 1-{MAX_PAGE}.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]


def new_token() -> str:
    """A random write token, as printed once by ``corroborate serve``."""
    return secrets.token_urlsafe(24)


def token_ok(request: Request, given: str | None) -> bool:
    expected: str = request.app.state.token
    return bool(given) and secrets.compare_digest(given.encode(), expected.encode())


def require_token(
    request: Request,
    authorization: Annotated[
        str | None, Header(description="`Bearer TOKEN`, the token `corroborate serve` printed.")
    ] = None,
) -> None:
    """Writes need ``Authorization: Bearer TOKEN``: 401 without it, 403 with a wrong one."""
    if not authorization:
        raise HTTPException(
            401,
            "this action needs the write token: send `Authorization: Bearer TOKEN` "
            "(printed by `corroborate serve` when it started)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token_ok(request, given.strip()):
        raise HTTPException(403, "wrong write token")


TokenDep = Depends(require_token)
