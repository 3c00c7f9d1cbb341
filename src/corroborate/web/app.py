"""The composition root: ``create_app(engine, token=...)`` builds the FastAPI app.

HTML pages and the JSON API under ``/api/`` come from the same view functions
(``render.page``); static CSS is served from the package, so nothing is fetched from
another host. Every response carries a strict Content-Security-Policy (no script at all,
no inline style), request bodies are bounded, a NUL character anywhere in a request is
refused with 400 (PostgreSQL cannot store one), and the Host check stops DNS rebinding
from turning a browser into a reader of a server on 127.0.0.1 and a forged Host from
reaching the URLs the server writes (ClaimReview): 400 for any host not allowed.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corroborate import __version__
from corroborate.web.render import render_html
from corroborate.web.views import claims, documents, downloads, edits, questions, search, sources

STATIC = Path(__file__).parent / "static"
MAX_BODY = 64 * 1024  # the largest request body accepted (forms and JSON edits are small)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}


# A NUL in a query, a path or a body (raw, form-encoded or a JSON escape): refused, as
# PostgreSQL refuses to compare or store one (a 500 otherwise).
_NUL = (b"\x00", b"%00", b"\\u0000")


class Guard:
    """Pure ASGI middleware: refuses bodies over ``max_body`` bytes (by Content-Length,
    and by counting a streamed body), a Host header not in ``allowed_hosts`` (None: any)
    and a NUL character anywhere in the request, and adds the security headers to every
    response."""

    def __init__(
        self, app: ASGIApp, max_body: int = MAX_BODY, allowed_hosts: Sequence[str] | None = None
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.hosts = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if not self._host_ok(headers.get(b"host", b"")):
            await _refuse(send, 400, "invalid host header")
            return
        target = scope.get("query_string", b"") + scope.get("raw_path", b"")
        if any(n in target.lower() for n in _NUL):
            await _refuse(send, 400, "a NUL character in the request")
            return
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _too_large(send, self.max_body)
            return
        seen = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                body = message.get("body", b"")
                seen += len(body)
                if seen > self.max_body:
                    raise _BodyTooLarge
                if any(n in body.lower() for n in _NUL):
                    raise _BadBody
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, counted_receive, secured_send)
        except _BodyTooLarge:
            if not started:
                await _too_large(send, self.max_body)
        except _BadBody:
            if not started:
                await _refuse(send, 400, "a NUL character in the request body")

    def _host_ok(self, header: bytes) -> bool:
        if self.hosts is None or "*" in self.hosts:
            return True
        return host_name(header.decode("latin-1")) in self.hosts


def host_name(header: str) -> str:
    """The host of a Host header, without the port: ``[::1]:8000`` -> ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class _BodyTooLarge(Exception):
    pass


class _BadBody(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    await _refuse(send, 413, f"request body larger than {limit} bytes")


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = f'{{"detail":"{detail}"}}'.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *((k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def create_app(
    engine: Engine,
    *,
    token: str,
    allowed_hosts: Sequence[str] | None = None,
    max_body: int = MAX_BODY,
    warm: bool = False,
) -> FastAPI:
    """The web app over ``engine``. Writes need ``token``. ``allowed_hosts`` limits the
    Host header (``corroborate serve`` passes the local names and the bound host).
    ``warm`` computes the dashboard and the top questions' summaries in the background
    at start, so the first reader of a large database does not wait for them."""
    if not token:
        raise ValueError("a write token is required")

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=_warm, args=(engine,), daemon=True).start()
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="corroborate",
        version=__version__,
        summary="Sourced, dated quantitative claims from news articles, and the estimates "
        "reconciled from them.",
        description="Read endpoints are open; analyst actions need "
        "`Authorization: Bearer TOKEN` with the token `corroborate serve` printed at start. "
        "Every listing is paginated with `limit` and `offset`.",
        docs_url=None,  # the interactive docs load scripts from a CDN: not served
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.token = token
    for module in (questions, sources, documents, claims, search, edits, downloads):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/questions", status_code=307)

    @app.get("/api", include_in_schema=False)
    def api_index() -> dict[str, object]:
        return {
            "name": "corroborate",
            "version": __version__,
            "openapi": "/openapi.json",
            "endpoints": sorted(
                {r.path for r in app.routes if getattr(r, "path", "").startswith("/api/")}
            ),
        }

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        return render_html(
            "error.html",
            {"status": exc.status_code, "message": exc.detail},
            request=request,
            status=exc.status_code,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {k: e.get(k) for k in ("loc", "msg", "type")} for e in exc.errors()
        ]  # the input itself is not echoed back
        if _wants_json(request):
            return JSONResponse({"detail": errors}, status_code=422)
        message = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        return render_html(
            "error.html", {"status": 422, "message": message}, request=request, status=422
        )

    guarded: FastAPI = app
    app.add_middleware(
        Guard, max_body=max_body, allowed_hosts=list(allowed_hosts) if allowed_hosts else None
    )
    return guarded


def _warm(engine: Engine) -> None:
    from corroborate.query.questions import question_page, questions_page

    try:
        for question in questions_page(engine, limit=5)["questions"]:
            question_page(engine, question_id=question["id"])
    except Exception:  # warming is a courtesy: a failure shows on the first real request
        logging.getLogger(__name__).exception("warming the cache failed")


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path == "/openapi.json"


def app_from_environment() -> FastAPI:
    """The app for each of several uvicorn worker processes (``serve --workers N``):
    database, token and allowed hosts come from the environment the parent set."""
    from corroborate.store import open_database

    hosts = os.environ.get("CORROBORATE_ALLOWED_HOSTS") or ""
    return create_app(
        open_database(os.environ["CORROBORATE_DB"]),
        token=os.environ["CORROBORATE_TOKEN"],
        allowed_hosts=[h for h in hosts.split(",") if h] or None,
        warm=bool(os.environ.get("CORROBORATE_WARM")),
    )


def allowed_hosts_for(host: str, extra: Sequence[str] = ()) -> list[str]:
    """Host names a server bound to ``host`` answers to: the local names, the bound
    address and ``extra`` (``serve --allowed-host``: the name a proxy forwards). A
    wildcard bind (0.0.0.0, ::) answers to this machine's own names and addresses too;
    ``*`` in ``extra`` turns the check off."""
    names = {*LOCAL_HOSTS, host, *extra}
    if host in ("0.0.0.0", "::", ""):
        names |= _own_names()
    return sorted(host_name(n) if n.startswith("[") else n.lower() for n in names if n)


def _own_names() -> set[str]:
    names = {socket.gethostname(), socket.getfqdn()}
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None)
    except OSError:  # a host name that does not resolve: its names are enough
        infos = []
    names.update(str(info[4][0]).split("%", 1)[0] for info in infos)
    return {n.lower() for n in names if n}
