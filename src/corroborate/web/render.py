"""One view, two renderings.

A view is a plain FastAPI-style function (path and query parameters, the engine) that
returns data. ``page`` registers it twice: at ``/api/...`` FastAPI serialises the data as
JSON (and documents it in the OpenAPI schema); at the HTML path the same function runs as
a dependency and its data fills a Jinja template. The HTML can therefore never show
anything the API does not return.
"""

from __future__ import annotations

import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from corroborate import __version__
from corroborate.present.chart import source_colours, sparkline_svg, swatch, timeline_svg
from corroborate.present.format import compact, figure
from corroborate.reconcile.engine import CREDIBILITY

TEMPLATES = Path(__file__).parent / "templates"


def _query(request: Request, **changes: Any) -> str:
    """The current URL's query string with ``changes`` applied (None removes a key)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(params) if params else "?"


def safe_url(url: str | None) -> str | None:
    """A document's URL to link to, only when it is http(s): never ``javascript:``."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def split_mention(claim: dict[str, Any]) -> tuple[str, str, str]:
    """The evidence sentence cut around the figure: (before, figure, after)."""
    sentence = claim.get("sentence") or ""
    start, ms, me = claim.get("start"), claim.get("mention_start"), claim.get("mention_end")
    if isinstance(start, int) and isinstance(ms, int) and isinstance(me, int):
        a, b = ms - start, me - start
        if 0 <= a < b <= len(sentence):
            return sentence[:a], sentence[a:b], sentence[b:]
    return sentence, "", ""


def _when(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value or ""


_drawn: OrderedDict[tuple[Any, ...], tuple[object, Any]] = OrderedDict()
_drawn_lock = threading.Lock()


def _memo(kind: str, chart: dict[str, Any], draw: Callable[[], Any], **options: Any) -> Any:
    """Draw once per chart object: a question's summary is cached (web.cache) until the
    data changes, so the same chart dict comes back for every reader until then."""
    key = (kind, id(chart), tuple(sorted(options.items())))
    with _drawn_lock:
        hit = _drawn.get(key)
        if hit is not None and hit[0] is chart:
            return hit[1]
    drawn = draw()
    with _drawn_lock:
        _drawn[key] = (chart, drawn)
        while len(_drawn) > 64:
            _drawn.popitem(last=False)
    return drawn


def chart_svg(chart: dict[str, Any], **options: Any) -> Markup:
    """The timeline of a question's ``chart`` data (points, estimate, timeline)."""
    return _memo(
        "svg",
        chart,
        lambda: timeline_svg(chart["points"], chart["estimate"], chart["timeline"], **options),
        **options,
    )


def chart_colours(chart: dict[str, Any]) -> dict[str, str]:
    return _memo("colours", chart, lambda: source_colours(chart["points"]))


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html", "svg", "xml"), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        fmt=compact,
        figure=figure,
        timeline_svg=timeline_svg,
        chart_svg=chart_svg,
        chart_colours=chart_colours,
        sparkline_svg=sparkline_svg,
        source_colours=source_colours,
        swatch=swatch,
        safe_url=safe_url,
        split_mention=split_mention,
        credibility=CREDIBILITY,
        version=__version__,
    )
    env.filters["when"] = _when
    return env


ENV = environment()


def render_html(
    template: str, context: dict[str, Any], *, request: Request | None = None, status: int = 200
) -> HTMLResponse:
    extra: dict[str, Any] = {"request": request}
    if request is not None:
        extra["query"] = lambda **changes: _query(request, **changes)
        extra["path"] = request.url.path
    else:
        extra["query"] = lambda **changes: "?"
        extra["path"] = ""
    body = ENV.get_template(template).render({**context, **extra})
    return HTMLResponse(body, status_code=status)


def render_string(template: str, context: dict[str, Any]) -> str:
    """A template rendered outside a request (the CLI's brief export)."""
    return ENV.get_template(template).render(
        {**context, "request": None, "query": lambda **_: "?", "path": ""}
    )


def page(
    router: APIRouter,
    path: str,
    view: Callable[..., dict[str, Any]],
    template: str,
    *,
    name: str,
    tags: list[str],
    html_only: bool = False,
) -> None:
    """Serve ``view`` as JSON at ``/api{path}`` and as HTML (``template``) at ``path``."""
    if not html_only:
        router.add_api_route(
            "/api" + path,
            view,
            methods=["GET"],
            name=f"api_{name}",
            tags=tags,
            summary=(view.__doc__ or name).strip().splitlines()[0],
            description=view.__doc__,
        )

    def html(request: Request, data: dict[str, Any]) -> HTMLResponse:
        return render_html(template, {"data": data}, request=request)

    # the signature is given as objects, not strings: ``view`` is local to this call; the
    # function stubs have no ``__signature__``, but ``inspect.signature`` reads it
    html.__signature__ = inspect.Signature(  # type: ignore[attr-defined]  # FastAPI reads it
        [
            inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
            inspect.Parameter(
                "data",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[dict[str, Any], Depends(view)],
            ),
        ],
        return_annotation=HTMLResponse,
    )
    html.__name__ = f"html_{name}"
    router.add_api_route(
        path,
        html,
        methods=["GET"],
        name=name,
        response_class=HTMLResponse,
        include_in_schema=False,
    )


__all__ = ["ENV", "Markup", "figure", "page", "render_html", "render_string"]
