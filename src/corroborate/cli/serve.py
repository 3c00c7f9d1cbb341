"""``corroborate serve``: the web UI and JSON API on 127.0.0.1 (uvicorn)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from corroborate.cli._app import DbOption, app, err, open_db, out


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str,
        typer.Option(help="Address to bind. Anything but 127.0.0.1 exposes the database."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(min=1, max=64, help="Worker processes (one per CPU serves the most readers)."),
    ] = 1,
    warm: Annotated[
        bool,
        typer.Option(
            "--warm/--no-warm",
            help="Compute the dashboard and the top questions in the background at start.",
        ),
    ] = True,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="Also answer to this Host name (the name a proxy forwards); repeatable. "
            "Other Host headers get 400. '*' turns the check off.",
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="CORROBORATE_TOKEN",
            help="Write token for analyst actions (default: a new random one, printed once).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the questions dashboard, question, source and document pages, full-text
    search, exports and the JSON API (/api/, schema at /openapi.json).

    Reading needs nothing; analyst actions (grade, mark, merge, split, rename) need the
    write token printed at start: `Authorization: Bearer TOKEN`, or the token field of
    the page's forms.
    """
    import uvicorn

    from corroborate.web.app import allowed_hosts_for, create_app
    from corroborate.web.deps import new_token

    engine = open_db(db)
    write_token = token or new_token()
    hosts = allowed_hosts_for(host, allowed_host or [])
    shown = f"[{host}]" if ":" in host else host
    out.print(f"corroborate serving {engine.url.render_as_string(hide_password=True)}")
    out.print(f"  open   http://{shown}:{port}/  (API: /api, schema: /openapi.json)")
    if token is None:
        out.print(f"  write token (shown once): [bold]{write_token}[/bold]", highlight=False)
    else:
        out.print("  write token: the one given by --token / $CORROBORATE_TOKEN")
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/yellow] listening on {host}: other machines can read it")
        err.print(f"  answering to Host: {', '.join(hosts)} (add one with --allowed-host)")
    if workers > 1:
        # each worker process builds its own app from the environment
        os.environ["CORROBORATE_DB"] = engine.url.render_as_string(hide_password=False)
        os.environ["CORROBORATE_TOKEN"] = write_token
        os.environ["CORROBORATE_ALLOWED_HOSTS"] = ",".join(hosts)
        os.environ["CORROBORATE_WARM"] = "1" if warm else ""
        engine.dispose()
        uvicorn.run(
            "corroborate.web.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            server_header=False,
        )
        return
    web = create_app(engine, token=write_token, allowed_hosts=hosts, warm=warm)
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)
