"""``sitroom serve``: the JSON API and the pages over the store, with uvicorn."""

from __future__ import annotations

import click

from sitroom.cli.common import CliState

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def check_exposure(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token: writes would be open to anyone.

    ``host`` is the address bound (see ``bind_address``), never a name that merely looks local.
    """
    from sitroom.api.security import is_loopback

    if not is_loopback(host) and not token:
        raise click.UsageError(f"--host {host} is reachable from other machines: set --token (or SITROOM_TOKEN) "
                               "so that only holders of the token can ingest, or use --host 127.0.0.1")  # fmt: skip


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; anything but loopback needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--token", envvar="SITROOM_TOKEN", help="Token that writes (POST /api/ingest, the upload form) must carry (env SITROOM_TOKEN).")
@click.option("--max-upload-mb", type=click.FloatRange(0.001, 1000), default=20.0, show_default=True, help="Refuse request bodies over this size (413).")
@click.option("--watch", "watch", is_flag=True, help="Also poll the feeds in the background, like `sitroom watch`.")
@click.option("--every", default=None, metavar="DURATION", help="With --watch: poll interval (default feeds.every, 10m).")
@click.option("--allow-private", is_flag=True, help="Fetch URLs and feeds on loopback and private networks too (off: public only).")
@click.pass_obj
def serve_cmd(state: CliState, host: str, port: int, token: str | None, max_upload_mb: float, watch: bool,
              every: str | None, allow_private: bool) -> None:
    """Serve the JSON API (/api, docs at /api/docs) and the pages (stories, briefs, articles, people, search, upload).

    Listens on 127.0.0.1:8000 by default. On any other address a token is required, and
    writes must send it as 'Authorization: Bearer TOKEN' (or in the upload form).
    """
    import uvicorn

    from sitroom.api import create_app
    from sitroom.api.security import bind_address, is_loopback

    try:
        host = bind_address(host)
    except ValueError as exc:
        check_exposure(host, token)  # a name that does not resolve is not known to be local
        raise click.BadParameter(str(exc), param_hint="--host") from exc
    check_exposure(host, token)
    # On loopback, answer only to loopback host names: a rebinding DNS name is refused.
    allowed = LOOPBACK_NAMES | {host} if is_loopback(host) else None
    app = create_app(state.store(), token, config=state.config, max_upload_bytes=int(max_upload_mb * 1_000_000),
                     allowed_hosts=frozenset(allowed) if allowed else None, ingest_in_process=True, warm_people=True)  # fmt: skip
    app.state.allow_private = allow_private
    if watch:
        from sitroom.cli.live import parse_duration
        from sitroom.ingest.watch import start_watch_thread

        start_watch_thread(app.state.sitroom, parse_duration(every or str(state.config.get("feeds.every"))), allow_private)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"sitroom: serving {state.store().url} on http://{shown}:{port}/ (API docs: /api/docs); Ctrl-C to stop", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False)
